//! PICAP database models. The schema itself is owned by the `migration` crate; these models
//! describe it to sea-orm and must be kept in step with it.

pub mod audit_log;
pub mod import_batch;
pub mod outbox;
pub mod password_token;
pub mod rate_limit;
pub mod session;
pub mod user;
pub mod user_role;
