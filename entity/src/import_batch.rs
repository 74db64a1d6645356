//! A checked CSV import of people, waiting for confirmation or done.

use sea_orm::entity::prelude::*;

/// One uploaded file, its checked report, and whether it was imported.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_batches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub file_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub csv_text: String,
    /// The checked report, as JSON.
    #[sea_orm(column_type = "Text")]
    pub report: String,
    /// `checked` or `imported`.
    pub status: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
