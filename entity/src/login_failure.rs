//! Failed sign-ins per account and client address, for the lockout.

use sea_orm::entity::prelude::*;

/// The failures of one address typed at sign-in (known or not) from one client address.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_failures")]
pub struct Model {
    /// SHA-256 (hex) of the normalised address typed: unknown addresses are counted too.
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_key: String,
    /// The client address, or `-` when it is not known.
    #[sea_orm(primary_key, auto_increment = false)]
    pub client: String,
    /// Failures in the current window.
    pub failures: i32,
    pub last_failed_at: DateTimeUtc,
    /// Sign-ins of this account from this address wait until then.
    pub locked_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
