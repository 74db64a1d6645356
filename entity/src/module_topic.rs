//! The topics a module covers.

use sea_orm::entity::prelude::*;

/// A module covers a topic.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "module_topics")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub module_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub topic_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
