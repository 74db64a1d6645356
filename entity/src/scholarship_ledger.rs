//! The append-only record of every movement of scholarship money.

use sea_orm::entity::prelude::*;

/// One movement, in cents. The database refuses updates and deletes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scholarship_ledger")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub programme_id: i64,
    pub grant_id: Option<i64>,
    pub enrollment_id: Option<i64>,
    /// `award`, `commit`, `release` or `spend`.
    pub kind: String,
    pub amount: i64,
    pub actor_id: Option<i64>,
    pub reason: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
