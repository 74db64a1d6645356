//! What one author is writing for a lesson in one language: never shown to trainees, replaced
//! at each of their previews, turned into a revision when they publish.

use sea_orm::entity::prelude::*;

/// `author_id`'s draft of `lesson_id` in `language`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lesson_drafts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub lesson_id: i64,
    /// `en`, `es`, `pt` or `fr`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub language: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub author_id: i64,
    /// The revision number the draft started from (none: the first in this language).
    pub based_on: Option<i32>,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub markdown: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
