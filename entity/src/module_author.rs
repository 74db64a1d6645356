//! The instructors named as a module's authors: they write its units and lessons.

use sea_orm::entity::prelude::*;

/// `user_id` may write the content of `module_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "module_authors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub module_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
