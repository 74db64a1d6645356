//! A mark given or corrected (append-only).

use sea_orm::entity::prelude::*;

/// `enrollment_id`'s mark for `session_id` went from `old_status` (none the first time) to
/// `new_status`; a correction says why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendance_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub enrollment_id: i64,
    pub old_status: Option<String>,
    pub new_status: String,
    pub note: Option<String>,
    pub reason: Option<String>,
    /// `roll_call` or `check_in`.
    pub source: String,
    pub by_user: Option<i64>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
