//! One question of an attempt: what the trainee was shown, what they answered, its grade.

use sea_orm::entity::prelude::*;

/// `question_id` as asked in `attempt_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attempt_answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub attempt_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub question_id: i64,
    pub position: i32,
    pub kind: String,
    pub points: i32,
    /// The prompt's HTML as shown.
    #[sea_orm(column_type = "Text")]
    pub prompt: String,
    /// The options as shown, in the order shown (JSON `[[id, text], …]`).
    #[sea_orm(column_type = "Text")]
    pub options: String,
    /// The answer (JSON), `None` while blank.
    #[sea_orm(column_type = "Text", nullable)]
    pub response: Option<String>,
    pub saved_at: Option<DateTimeUtc>,
    /// Hundredths of a point; `None` until graded.
    pub score: Option<i32>,
    /// The answer key it was graded against.
    pub key_number: i32,
    /// The instructor's feedback on an essay.
    #[sea_orm(column_type = "Text", nullable)]
    pub comment: Option<String>,
    pub graded_by: Option<i64>,
    pub graded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
