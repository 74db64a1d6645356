//! A question of a module's bank: what does not depend on the language.

use sea_orm::entity::prelude::*;

/// A question of `module_id`'s bank.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub module_id: i64,
    /// `single`, `multiple`, `true_false`, `numeric`, `short_text` or `essay`.
    pub kind: String,
    /// Worth, in hundredths of a point.
    pub points: i32,
    /// Topic tags, space-separated, lower case.
    pub tags: String,
    /// How many options a choice question has (0 for the others).
    pub option_count: i32,
    /// The answer key (JSON): never sent to a trainee.
    #[sea_orm(column_type = "Text")]
    pub answer_key: String,
    /// Which correction of the key this is (1 for the first).
    pub key_number: i32,
    pub retired_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
