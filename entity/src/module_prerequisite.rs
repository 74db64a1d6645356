//! A module that must be completed before another.

use sea_orm::entity::prelude::*;

/// `prerequisite_id` comes before `module_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "module_prerequisites")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub module_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub prerequisite_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
