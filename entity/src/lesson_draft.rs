//! What an author is writing for a lesson in one language: never shown to trainees, replaced
//! at each preview, turned into a revision when published.

use sea_orm::entity::prelude::*;

/// The draft of `lesson_id` in `language`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lesson_drafts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub lesson_id: i64,
    /// `en`, `es`, `pt` or `fr`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub language: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub markdown: String,
    pub author_id: Option<i64>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
