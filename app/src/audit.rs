//! The append-only audit log of security events. Rows are only ever inserted.

use chrono::Utc;
use entity::audit_log;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

/// A security event worth recording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditEvent {
    /// A successful sign-in.
    Login,
    /// A refused sign-in (wrong password or unknown address).
    LoginFailed,
    /// The account reached the failure threshold and was locked.
    Lockout,
    /// A sign-out.
    Logout,
    /// An administrator changed someone's roles.
    RoleChange,
}

impl AuditEvent {
    /// The event's code in the log.
    pub const fn code(self) -> &'static str {
        match self {
            AuditEvent::Login => "login",
            AuditEvent::LoginFailed => "login_failed",
            AuditEvent::Lockout => "lockout",
            AuditEvent::Logout => "logout",
            AuditEvent::RoleChange => "role_change",
        }
    }
}

/// Appends one event on `conn` (the transaction of the change it records, where there is one).
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    event: AuditEvent,
    actor: Option<i64>,
    subject: Option<i64>,
    ip: Option<&str>,
    detail: Option<String>,
) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        event: Set(event.code().to_string()),
        actor_user_id: Set(actor),
        subject_user_id: Set(subject),
        ip: Set(ip.map(|s| s.chars().take(64).collect())),
        detail: Set(detail),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
