//! A full-text index over the modules' search text (code, titles, summaries and topic names in
//! every language, folded to lower case without accents), so that catalog search reads an index
//! instead of scanning every module.
//!
//! Each engine uses its own: SQLite an FTS5 table kept in step with `modules` by triggers,
//! PostgreSQL a stored generated `search_vector = to_tsvector('simple', search_text)` with a
//! GIN index (stored, so that a search does not re-parse the text of every candidate). Both split words the same
//! way (letters and digits; anything else separates), and both match word prefixes, so a search
//! finds the same modules on either engine.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Also read by migration 0013, whose `down` restores these triggers (everything after the
/// first statement).
pub(crate) const SQLITE_UP: &[&str] = &[
    // External content: the text lives once, in `modules`; the index holds only its words.
    "CREATE VIRTUAL TABLE module_search USING fts5(search_text, content='modules', \
     content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER modules_search_insert AFTER INSERT ON modules BEGIN \
     INSERT INTO module_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER modules_search_delete AFTER DELETE ON modules BEGIN \
     INSERT INTO module_search(module_search, rowid, search_text) \
     VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER modules_search_update AFTER UPDATE OF search_text ON modules BEGIN \
     INSERT INTO module_search(module_search, rowid, search_text) \
     VALUES ('delete', old.id, old.search_text); \
     INSERT INTO module_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO module_search(module_search) VALUES ('rebuild')",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS modules_search_update",
    "DROP TRIGGER IF EXISTS modules_search_delete",
    "DROP TRIGGER IF EXISTS modules_search_insert",
    "DROP TABLE IF EXISTS module_search",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for statement in SQLITE_UP {
                    db.execute_unprepared(statement).await?;
                }
            }
            _ => {
                db.execute_unprepared(
                    "ALTER TABLE modules ADD COLUMN search_vector tsvector \
                     GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX idx_modules_search ON modules USING GIN (search_vector)",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for statement in SQLITE_DOWN {
                    db.execute_unprepared(statement).await?;
                }
            }
            _ => {
                db.execute_unprepared("DROP INDEX IF EXISTS idx_modules_search")
                    .await?;
                db.execute_unprepared("ALTER TABLE modules DROP COLUMN IF EXISTS search_vector")
                    .await?;
            }
        }
        Ok(())
    }
}
