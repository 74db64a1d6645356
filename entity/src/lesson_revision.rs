//! One saved version of a lesson in one language. Append-only (the database refuses updates
//! and deletes), so what a trainee read is never rewritten.

use sea_orm::entity::prelude::*;

/// Revision `number` of `lesson_id` in `language`; the highest number is the one shown.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lesson_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub lesson_id: i64,
    /// `en`, `es`, `pt` or `fr`.
    pub language: String,
    pub number: i32,
    pub title: String,
    /// What the author wrote.
    #[sea_orm(column_type = "Text")]
    pub markdown: String,
    /// The Markdown rendered and sanitised when it was saved: what readers are sent.
    #[sea_orm(column_type = "Text")]
    pub html: String,
    pub author_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
