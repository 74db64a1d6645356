//! Administration of the programme's machinery: the mail outbox, the audit log, and how long
//! uploads are kept.

pub mod audit;
mod mail;
#[cfg(feature = "ssr")]
pub mod retention;

pub use audit::AuditLogPage;
pub use mail::{
    FailedMail, MailOverview, MailPage, OutboxStatus, RetryMail, mail_overview, retry_mail,
};
