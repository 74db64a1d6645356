//! Administration → audit log: administrators read the append-only log of security events and
//! decisions, filtered by person, action and dates, one page at a time, and export what they
//! filtered as CSV.

mod api;
mod dto;
mod page;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::{AuditLog, audit_log};
pub use dto::{AuditEntry, AuditPage, AuditPerson, AuditQuery};
pub use page::AuditLogPage;
