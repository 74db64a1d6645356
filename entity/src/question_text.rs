//! A question in one language: prompt, options and feedback.

use sea_orm::entity::prelude::*;

/// `question_id` in `language`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "question_texts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub question_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub language: String,
    /// The prompt as typed (Markdown).
    #[sea_orm(column_type = "Text")]
    pub prompt: String,
    /// The prompt rendered and sanitised.
    #[sea_orm(column_type = "Text")]
    pub prompt_html: String,
    /// The options' texts in option order (JSON array of strings, shown as plain text).
    #[sea_orm(column_type = "Text")]
    pub options: String,
    /// Feedback shown after the answer (Markdown), and rendered.
    #[sea_orm(column_type = "Text")]
    pub feedback: String,
    #[sea_orm(column_type = "Text")]
    pub feedback_html: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
