//! The full-text index of migration 0008 holds only published modules, the only ones the public
//! catalog searches. Counting the matches of a search is then a count of the index alone:
//!
//! - On SQLite the FTS5 table no longer receives drafts and archived modules, and its triggers
//!   add or remove a module as its status changes. Before, every match was checked against the
//!   status index one by one; now the index alone answers the count.
//! - On PostgreSQL the GIN index becomes partial (`WHERE status = 'published'`). A search
//!   names the status as a literal so that the planner can prove the index applies.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const DROP_TRIGGERS: &[&str] = &[
    "DROP TRIGGER IF EXISTS modules_search_insert",
    "DROP TRIGGER IF EXISTS modules_search_delete",
    "DROP TRIGGER IF EXISTS modules_search_update",
];

const SQLITE_UP: &[&str] = &[
    // An external-content FTS5 table must be told the exact text it indexed when a row leaves
    // it, and must never be told to remove a row it does not hold: each trigger checks the
    // status the row had (old) or has (new).
    "CREATE TRIGGER modules_search_insert AFTER INSERT ON modules \
     WHEN new.status = 'published' BEGIN \
     INSERT INTO module_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER modules_search_delete AFTER DELETE ON modules \
     WHEN old.status = 'published' BEGIN \
     INSERT INTO module_search(module_search, rowid, search_text) \
     VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER modules_search_update AFTER UPDATE OF search_text, status ON modules BEGIN \
     INSERT INTO module_search(module_search, rowid, search_text) \
     SELECT 'delete', old.id, old.search_text WHERE old.status = 'published'; \
     INSERT INTO module_search(rowid, search_text) \
     SELECT new.id, new.search_text WHERE new.status = 'published'; END",
    // 'rebuild' would read every module back in: empty the index and add the published ones.
    "INSERT INTO module_search(module_search) VALUES ('delete-all')",
    "INSERT INTO module_search(rowid, search_text) \
     SELECT id, search_text FROM modules WHERE status = 'published'",
];

const POSTGRES_UP: &[&str] = &[
    "CREATE INDEX idx_modules_search_published ON modules USING GIN (search_vector) \
     WHERE status = 'published'",
    "DROP INDEX IF EXISTS idx_modules_search",
];

const POSTGRES_DOWN: &[&str] = &[
    "CREATE INDEX idx_modules_search ON modules USING GIN (search_vector)",
    "DROP INDEX IF EXISTS idx_modules_search_published",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, [DROP_TRIGGERS, SQLITE_UP].concat(), POSTGRES_UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Migration 0008's triggers, and its index of every module rebuilt.
        let restored = &super::m20261128_000008_create_module_search::SQLITE_UP[1..];
        run(manager, [DROP_TRIGGERS, restored].concat(), POSTGRES_DOWN).await
    }
}

/// Runs the engine's statements as one batch, so on one connection: run one by one, they could
/// go to different connections of the pool, and a connection that had not yet seen a trigger
/// dropped refused to create it again ("already exists").
async fn run(
    manager: &SchemaManager<'_>,
    sqlite: Vec<&str>,
    postgres: &[&str],
) -> Result<(), DbErr> {
    let statements = match manager.get_database_backend() {
        DatabaseBackend::Sqlite => &sqlite[..],
        _ => postgres,
    };
    manager
        .get_connection()
        .execute_unprepared(&statements.join(";\n"))
        .await?;
    Ok(())
}
