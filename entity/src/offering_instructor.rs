//! Who teaches an offering.

use sea_orm::entity::prelude::*;

/// `user_id` teaches `offering_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offering_instructors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub offering_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
