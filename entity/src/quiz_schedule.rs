//! When an offering opens a quiz, and how many attempts it allows.

use sea_orm::entity::prelude::*;

/// `offering_id`'s dates for `quiz_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quiz_schedules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub quiz_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub offering_id: i64,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    /// Overrides the quiz's own number of attempts.
    pub attempts_allowed: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
