//! Scholarship programmes' name, funder and conditions become texts by language, stored as JSON
//! like module titles (`{"en": "…", "es": "…"}`).
//!
//! The text already stored becomes the primary language's (English) value, and only that one:
//! the language it was written in is not known, and copying it into every language would make
//! it look translated when it is not. Readers of other languages see it through the fallback of
//! `pick` (their language, else English, Spanish, Portuguese, French) until an administrator
//! writes their version. Empty conditions become `{}`.
//!
//! On PostgreSQL `name` and `funder` become `TEXT`: four names no longer fit in 200 characters.
//! Going down keeps the first text found (English first) and leaves the columns `TEXT`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &str = "UPDATE scholarship_programmes SET \
     name = json_object('en', name), \
     funder = json_object('en', funder), \
     conditions = CASE WHEN trim(conditions) = '' THEN '{}' \
                  ELSE json_object('en', conditions) END";

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE scholarship_programmes ALTER COLUMN name TYPE TEXT, \
     ALTER COLUMN funder TYPE TEXT",
    "UPDATE scholarship_programmes SET \
     name = json_build_object('en', name)::text, \
     funder = json_build_object('en', funder)::text, \
     conditions = CASE WHEN trim(conditions) = '' THEN '{}' \
                  ELSE json_build_object('en', conditions)::text END",
];

/// The first text of a JSON column, English first.
fn first_text(backend: DatabaseBackend, column: &str) -> String {
    let one = |lang: &str| match backend {
        DatabaseBackend::Postgres => format!("({column}::json ->> '{lang}')"),
        _ => format!("json_extract({column}, '$.{lang}')"),
    };
    format!(
        "COALESCE({}, {}, {}, {}, '')",
        one("en"),
        one("es"),
        one("pt"),
        one("fr")
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                for statement in POSTGRES_UP {
                    db.execute_unprepared(statement).await?;
                }
            }
            _ => {
                db.execute_unprepared(SQLITE_UP).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "UPDATE scholarship_programmes SET name = {}, funder = {}, conditions = {}",
                first_text(backend, "name"),
                first_text(backend, "funder"),
                first_text(backend, "conditions"),
            ))
            .await?;
        Ok(())
    }
}
