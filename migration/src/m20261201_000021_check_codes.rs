//! Codes are checked by the database (issue 18 §1): every status, policy, audience, level, mode
//! and kind column accepts only the codes the application knows, so a typo in a service, a
//! hand-written SQL update or a restored old dump cannot store a value no screen can show.
//!
//! Codes stay strings, never native PostgreSQL enums, so a new status is a plain migration that
//! replaces the check. PostgreSQL gets named `CHECK` constraints. SQLite cannot add a constraint
//! to an existing table without rebuilding it (and its triggers and full-text index), so it gets
//! a pair of triggers per column that abort with the same message and name; both engines then
//! refuse the same rows, and the refusal names `ck_<table>_<column>`.
//!
//! The lists are a snapshot of the application's code types at this migration;
//! `server/tests/api/codes.rs` checks that every code the application defines is accepted and a
//! made-up one refused.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, column, allowed codes). A NULL is always allowed: nullability is the column's own
/// rule.
pub const CODES: &[(&str, &str, &[&str])] = &[
    (
        "modules",
        "level",
        &["introductory", "intermediate", "advanced"],
    ),
    (
        "modules",
        "delivery_mode",
        &["onsite", "distance", "blended"],
    ),
    ("modules", "audience", &["police", "civilian", "both"]),
    ("modules", "status", &["draft", "published", "archived"]),
    ("programmes", "status", &["draft", "published", "archived"]),
    ("offerings", "language", &["en", "es", "pt", "fr"]),
    ("offerings", "enrollment_policy", &["open", "nomination"]),
    (
        "offerings",
        "status",
        &["draft", "published", "cancelled", "completed"],
    ),
    ("offerings", "quota_affiliation", &["police", "civilian"]),
    ("offering_sessions", "kind", &["onsite", "distance"]),
    (
        "enrollments",
        "status",
        &[
            "pending_endorsement",
            "pending_acceptance",
            "enrolled",
            "waitlisted",
            "rejected",
            "withdrawn",
            "cancelled",
            "completed",
        ],
    ),
    (
        "password_tokens",
        "purpose",
        &["reset", "invitation", "verify_email"],
    ),
    (
        "scholarship_applications",
        "status",
        &["submitted", "awarded", "rejected"],
    ),
    (
        "grant_commitments",
        "status",
        &["committed", "released", "spent"],
    ),
    (
        "scholarship_ledger",
        "kind",
        &["award", "commit", "release", "spend"],
    ),
    ("import_batches", "status", &["checked", "imported"]),
    (
        "due_jobs",
        "kind",
        &[
            "release_held_seats",
            "refresh_next_starts",
            "purge_stale_imports",
        ],
    ),
];

fn name(table: &str, column: &str) -> String {
    format!("ck_{table}_{column}")
}

fn listed(codes: &[&str]) -> String {
    codes
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (table, column, codes) in CODES {
            let check = name(table, column);
            let list = listed(codes);
            if db.get_database_backend() == DbBackend::Postgres {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ADD CONSTRAINT {check} CHECK ({column} IN ({list}))"
                ))
                .await?;
            } else {
                for (event, suffix) in [
                    ("INSERT", "insert"),
                    (&*format!("UPDATE OF {column}"), "update"),
                ] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {check}_{suffix} BEFORE {event} ON {table} FOR EACH ROW \
                         WHEN NEW.{column} IS NOT NULL AND NEW.{column} NOT IN ({list}) \
                         BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {check}'); END"
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (table, column, _) in CODES {
            let check = name(table, column);
            if db.get_database_backend() == DbBackend::Postgres {
                db.execute_unprepared(&format!("ALTER TABLE {table} DROP CONSTRAINT {check}"))
                    .await?;
            } else {
                for suffix in ["insert", "update"] {
                    db.execute_unprepared(&format!("DROP TRIGGER {check}_{suffix}"))
                        .await?;
                }
            }
        }
        Ok(())
    }
}
