//! PICAP database models. The schema itself is owned by the `migration` crate; these models
//! describe it to sea-orm and must be kept in step with it.

pub mod agency;
pub mod audit_log;
pub mod calendar_feed;
pub mod due_job;
pub mod enrollment;
pub mod grant;
pub mod grant_commitment;
pub mod import_batch;
pub mod lesson;
pub mod lesson_attachment;
pub mod lesson_draft;
pub mod lesson_read;
pub mod lesson_revision;
pub mod login_failure;
pub mod module;
pub mod module_author;
pub mod module_prerequisite;
pub mod module_topic;
pub mod offering;
pub mod offering_instructor;
pub mod offering_session;
pub mod outbox;
pub mod password_token;
pub mod programme;
pub mod programme_module;
pub mod rate_limit;
pub mod scholarship_application;
pub mod scholarship_ledger;
pub mod scholarship_module;
pub mod scholarship_programme;
pub mod session;
pub mod topic;
pub mod unit;
pub mod user;
pub mod user_role;
