//! PICAP schema migrations.
//!
//! Migrations are the only source of the schema and are frozen history: they never import the
//! `entity` crate, so a later change to a model cannot silently rewrite an old migration.

pub use sea_orm_migration::prelude::*;

/// The codes each status, policy, audience, level, mode and kind column accepts (migration
/// 0021), for the tests that hold the application's code types to them.
pub use m20261201_000021_check_codes::CODES as CHECKED_CODES;
/// The code columns of the quiz tables (migration 0026), and the job kinds `due_jobs.kind`
/// accepts from it on (it replaces 0021's list).
pub use m20261201_000026_create_quizzes::{CODES as QUIZ_CHECKED_CODES, JOB_KINDS};
/// The code columns of the attendance tables (migration 0027), with `offering_sessions.kind`'s
/// new list (it replaces 0021's).
pub use m20261201_000027_create_attendance::CODES as ATTENDANCE_CHECKED_CODES;
/// The code columns of the practical tests' tables (migration 0028).
pub use m20261201_000028_create_practical_tests::CODES as PRACTICAL_CHECKED_CODES;

mod m20261128_000001_create_outbox;
mod m20261128_000002_create_users;
mod m20261128_000003_create_sessions_and_audit_log;
mod m20261128_000004_create_password_tokens_and_rate_limits;
mod m20261128_000005_create_import_batches;
mod m20261128_000006_create_catalog;
mod m20261128_000007_create_calendar_feeds;
mod m20261128_000008_create_module_search;
mod m20261128_000009_create_enrollments;
mod m20261129_000010_add_cohort_quotas;
mod m20261129_000011_create_scholarships;
mod m20261129_000012_add_module_next_start;
mod m20261129_000013_index_published_modules_only;
mod m20261129_000014_cover_catalog_filters;
mod m20261201_000015_harden_sign_in_and_mail_secrets;
mod m20261201_000016_translate_scholarship_texts;
mod m20261201_000017_create_agencies;
mod m20261201_000018_verify_membership;
mod m20261201_000019_dedupe_outbox;
mod m20261201_000020_create_due_jobs;
mod m20261201_000021_check_codes;
mod m20261201_000022_tally_listed_offerings;
mod m20261201_000023_search_facets;
mod m20261201_000024_create_lessons;
mod m20261201_000025_create_lesson_attachments;
mod m20261201_000026_create_quizzes;
mod m20261201_000027_create_attendance;
mod m20261201_000028_create_practical_tests;
mod triggers;

/// Runs every PICAP migration in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_create_outbox::Migration),
            Box::new(m20261128_000002_create_users::Migration),
            Box::new(m20261128_000003_create_sessions_and_audit_log::Migration),
            Box::new(m20261128_000004_create_password_tokens_and_rate_limits::Migration),
            Box::new(m20261128_000005_create_import_batches::Migration),
            Box::new(m20261128_000006_create_catalog::Migration),
            Box::new(m20261128_000007_create_calendar_feeds::Migration),
            Box::new(m20261128_000008_create_module_search::Migration),
            Box::new(m20261128_000009_create_enrollments::Migration),
            Box::new(m20261129_000010_add_cohort_quotas::Migration),
            Box::new(m20261129_000011_create_scholarships::Migration),
            Box::new(m20261129_000012_add_module_next_start::Migration),
            Box::new(m20261129_000013_index_published_modules_only::Migration),
            Box::new(m20261129_000014_cover_catalog_filters::Migration),
            Box::new(m20261201_000015_harden_sign_in_and_mail_secrets::Migration),
            Box::new(m20261201_000016_translate_scholarship_texts::Migration),
            Box::new(m20261201_000017_create_agencies::Migration),
            Box::new(m20261201_000018_verify_membership::Migration),
            Box::new(m20261201_000019_dedupe_outbox::Migration),
            Box::new(m20261201_000020_create_due_jobs::Migration),
            Box::new(m20261201_000021_check_codes::Migration),
            Box::new(m20261201_000022_tally_listed_offerings::Migration),
            Box::new(m20261201_000023_search_facets::Migration),
            Box::new(m20261201_000024_create_lessons::Migration),
            Box::new(m20261201_000025_create_lesson_attachments::Migration),
            Box::new(m20261201_000026_create_quizzes::Migration),
            Box::new(m20261201_000027_create_attendance::Migration),
            Box::new(m20261201_000028_create_practical_tests::Migration),
        ]
    }
}
