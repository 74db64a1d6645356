//! A scholarship awarded to one person, usable for every module its programme covers.

use sea_orm::entity::prelude::*;

/// A grant, in cents.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "grants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub application_id: i64,
    pub user_id: i64,
    pub amount: i64,
    pub committed: i64,
    pub spent: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
