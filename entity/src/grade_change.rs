//! A grade given or changed (append-only).

use sea_orm::entity::prelude::*;

/// `question_id` of `attempt_id` went from `old_score` to `new_score`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "grade_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub attempt_id: i64,
    pub question_id: i64,
    pub old_score: Option<i32>,
    pub new_score: i32,
    /// `essay` or `regrade`.
    pub reason: String,
    pub key_number: i32,
    pub by_user: Option<i64>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
