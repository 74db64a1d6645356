//! A lesson of a unit. Its title and text live in `lesson_revisions`, one series per language.

use sea_orm::entity::prelude::*;

/// A lesson of `unit_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lessons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: i64,
    /// Order within the unit, lowest first (ties by id).
    pub position: i32,
    /// Set when an author retires the lesson: hidden from trainees and left out of progress,
    /// kept because revisions and reads point at it.
    pub retired_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
