//! A programme: a set of modules that together form a course of study.

use sea_orm::entity::prelude::*;

/// A programme of the catalog.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programmes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    /// JSON map language → title.
    #[sea_orm(column_type = "Text")]
    pub title: String,
    /// JSON map language → description.
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub credits_required: i32,
    /// `draft`, `published` or `archived`.
    pub status: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
