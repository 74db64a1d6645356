//! One trainee's mark for one teaching session.

use sea_orm::entity::prelude::*;

/// The mark of `enrollment_id` for `session_id` (the key: one mark per session and enrolment).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendance")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub enrollment_id: i64,
    /// `present`, `late`, `absent` or `excused`.
    pub status: String,
    pub note: Option<String>,
    /// `roll_call` (the instructor) or `check_in` (the trainee, with the code shown).
    pub source: String,
    pub recorded_by: Option<i64>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
