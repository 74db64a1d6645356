//! The append-only record of security events.

use sea_orm::entity::prelude::*;

/// One security event: sign-in, failure, lockout, role change, password change, deactivation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub event: String,
    /// Who did it (None: an anonymous request).
    pub actor_user_id: Option<i64>,
    /// Whom it concerns.
    pub subject_user_id: Option<i64>,
    pub ip: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
