//! A unit of a module's distance content: a titled group of lessons, in order.

use sea_orm::entity::prelude::*;

/// A unit of `module_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "units")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub module_id: i64,
    /// Order within the module, lowest first (ties by id).
    pub position: i32,
    /// JSON map language → title.
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
