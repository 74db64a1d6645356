//! An attempt at a quiz through an enrolment.

use sea_orm::entity::prelude::*;

/// Attempt `number` of `enrollment_id` at `quiz_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quiz_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub quiz_id: i64,
    pub enrollment_id: i64,
    pub number: i32,
    /// The language the questions were shown in.
    pub language: String,
    pub started_at: DateTimeUtc,
    /// Set by the server at the start: answers after it (and its grace) are refused.
    pub deadline: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    /// `trainee` or `deadline`.
    pub submitted_how: Option<String>,
    /// Hundredths of a point; `None` until submitted.
    pub score: Option<i32>,
    pub max_score: i32,
    /// Essays still waiting for an instructor.
    pub pending: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
