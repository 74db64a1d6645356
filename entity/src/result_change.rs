//! An assessment outcome given or changed (append-only).

use sea_orm::entity::prelude::*;

/// `enrollment_id`'s outcome of `assessment_id` went from old to new; after release, why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "result_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub assessment_id: i64,
    pub enrollment_id: i64,
    pub old_score: Option<i32>,
    pub new_score: Option<i32>,
    pub old_passed: Option<bool>,
    pub new_passed: Option<bool>,
    pub reason: Option<String>,
    pub by_user: Option<i64>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
