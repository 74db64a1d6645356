//! Audit log shapes shared by the page, its server function and the JSON API.

use serde::{Deserialize, Serialize};

/// What to look for in the audit log (all optional), as the page's GET form and
/// `GET /api/v1/audit` take it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// A person, by email address or account id: events they caused or that concern them.
    pub person: Option<String>,
    /// An action (event code, such as `role_change`).
    pub action: Option<String>,
    /// First day, inclusive (ISO 8601, UTC).
    pub from: Option<String>,
    /// Last day, inclusive (ISO 8601, UTC).
    pub to: Option<String>,
    /// Page number, from 1.
    pub page: Option<u64>,
    /// Events per page, 1–200 (default 50).
    pub per_page: Option<u64>,
}

/// A person named in an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditPerson {
    /// Account id.
    pub id: i64,
    /// Name.
    pub full_name: String,
    /// Sign-in address.
    pub email: String,
}

/// One event of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Id, in the order events were written.
    pub id: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The event code, such as `login_failed` or `enrollment_change`.
    pub action: String,
    /// Who did it, when a signed-in person did.
    pub actor: Option<AuditPerson>,
    /// Whom it concerns.
    pub subject: Option<AuditPerson>,
    /// The client address it came from, when recorded.
    pub ip: Option<String>,
    /// What happened, in the words of the code that recorded it.
    pub detail: Option<String>,
}

/// One page of events, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditPage {
    /// The events.
    pub items: Vec<AuditEntry>,
    /// How many events match in all.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u64,
    /// Events per page.
    pub per_page: u64,
    /// Every action found in the log, for the filter's choices.
    pub actions: Vec<String>,
}
