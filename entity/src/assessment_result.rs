//! A trainee's outcome of an assessment.

use sea_orm::entity::prelude::*;

/// The outcome of `assessment_id` for `enrollment_id`, worked out from the marks.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub assessment_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub enrollment_id: i64,
    /// Hundredths of a percent (0–10000); none before any criterion is observed.
    pub score: Option<i32>,
    /// None while it cannot be decided yet.
    pub passed: Option<bool>,
    /// Every criterion marked, and every critical one observed.
    pub complete: bool,
    pub feedback: Option<String>,
    pub graded_by: Option<i64>,
    pub graded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
