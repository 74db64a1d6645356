//! Indexes that answer the catalog's offering and module filters without reading the rows.
//!
//! A search with a language or country filter asks, for each matching module, whether it has an
//! upcoming published offering in that language or country, and walks upcoming offerings in
//! date order checking the same. Migration 0006's offering indexes stop at the start date, so
//! each check read the offering's row for its language and country. Both indexes now carry
//! those two columns: same leading columns, so every query that used them still can.
//!
//! On SQLite, a mode or audience filter read each full-text match's wide `modules` row (titles
//! and summaries in four languages) for two short columns. A partial index over the published
//! modules, keyed by id, answers them. PostgreSQL reads the matches through a bitmap of heap
//! pages, which such an index cannot replace, so it gets none.
//!
//! On the bench catalog SQLite counts the matches of a filtered search, and walks to its first
//! page, in about half the time (docs/performance.md).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &[&str] = &[
    "DROP INDEX IF EXISTS idx_offerings_module_status_start",
    "CREATE INDEX idx_offerings_module_status_start \
     ON offerings (module_id, status, starts_on, language, country)",
    "DROP INDEX IF EXISTS idx_offerings_status_start",
    "CREATE INDEX idx_offerings_status_start \
     ON offerings (status, starts_on, language, country, module_id)",
];

const SQLITE_UP: &[&str] = &[
    "CREATE INDEX idx_modules_published_filters ON modules (id, delivery_mode, audience) \
     WHERE status = 'published'",
];

const DOWN: &[&str] = &[
    "DROP INDEX IF EXISTS idx_modules_published_filters",
    "DROP INDEX IF EXISTS idx_offerings_module_status_start",
    "CREATE INDEX idx_offerings_module_status_start ON offerings (module_id, status, starts_on)",
    "DROP INDEX IF EXISTS idx_offerings_status_start",
    "CREATE INDEX idx_offerings_status_start ON offerings (status, starts_on)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut statements = UP.to_vec();
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            statements.extend(SQLITE_UP);
        }
        run(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, DOWN).await
    }
}

/// Runs `statements` as one batch, on one connection of the pool (see migration 0013).
async fn run(manager: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    manager
        .get_connection()
        .execute_unprepared(&statements.join(";\n"))
        .await?;
    Ok(())
}
