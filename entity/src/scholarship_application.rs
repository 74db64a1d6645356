//! A person's application to a scholarship programme, and its review.

use sea_orm::entity::prelude::*;

/// An application, one per person and programme.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scholarship_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub user_id: i64,
    pub statement: String,
    /// `submitted`, `awarded` or `rejected`.
    pub status: String,
    /// The reviewer's score, 0–100.
    pub score: Option<i32>,
    pub comment: Option<String>,
    pub reviewed_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
