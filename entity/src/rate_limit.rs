//! Per-client attempt counters in fixed one-minute windows.

use sea_orm::entity::prelude::*;

/// How many attempts `client` (an IP address) made at `scope` during one minute.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_limits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub client: String,
    /// The Unix minute of the window.
    #[sea_orm(primary_key, auto_increment = false)]
    pub window_start: i64,
    pub hits: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
