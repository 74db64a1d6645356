//! A quiz of a module's unit.

use sea_orm::entity::prelude::*;

/// A quiz at the end of `unit_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quizzes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub module_id: i64,
    pub unit_id: i64,
    /// Translated titles (JSON, as the catalog's).
    #[sea_orm(column_type = "Text")]
    pub title: String,
    /// `practice`, `pre_test` or `post_test`.
    pub role: String,
    /// Draw this many questions from `draw_tags` instead of the fixed list.
    pub draw_count: Option<i32>,
    pub draw_tags: String,
    /// Shuffle the options of choice questions (and the order of questions).
    pub shuffle: bool,
    pub attempts_allowed: i32,
    pub time_limit_minutes: Option<i32>,
    /// `best`, `last` or `average`.
    pub counted: String,
    /// `after_attempt`, `after_close` or `never`.
    pub feedback: String,
    pub retired_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
