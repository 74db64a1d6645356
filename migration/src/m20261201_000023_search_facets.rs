//! SQLite's full-text index also holds each published module's delivery mode and audience, as
//! words of a second column, so that a search with words and those filters is answered by the
//! index alone: one intersection of word lists instead of looking up every module the words
//! match to read its mode (figures in `docs/performance.md`).
//!
//! The FTS5 table becomes contentless (`content=''`, `contentless_delete=1`, SQLite 3.43 and
//! later): it keeps only its index, so it may index text that is not a column of `modules`
//! (the `facets` column: `mode<code> audience<code>`), and a row leaves it by its id alone.
//! As before (migration 0013) it holds the published modules only, kept by triggers in the
//! same transaction as the change. PostgreSQL's search is unchanged.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The facets of the module row `row` (`new` or `old`), as the search writes them
/// (`app::catalog::search`).
fn facets(row: &str) -> String {
    format!("'mode' || {row}.delivery_mode || ' audience' || {row}.audience")
}

fn sqlite_up() -> Vec<String> {
    let insert = |row: &str, when: &str| {
        format!(
            "INSERT INTO module_search(rowid, search_text, facets) \
             SELECT {row}.id, {row}.search_text, {} WHERE {when};",
            facets(row)
        )
    };
    vec![
        "DROP TRIGGER IF EXISTS modules_search_insert".to_string(),
        "DROP TRIGGER IF EXISTS modules_search_delete".to_string(),
        "DROP TRIGGER IF EXISTS modules_search_update".to_string(),
        "DROP TABLE IF EXISTS module_search".to_string(),
        "CREATE VIRTUAL TABLE module_search USING fts5(search_text, facets, content='', \
         contentless_delete=1, tokenize='unicode61 remove_diacritics 2')"
            .to_string(),
        format!(
            "CREATE TRIGGER modules_search_insert AFTER INSERT ON modules BEGIN {} END",
            insert("new", "new.status = 'published'")
        ),
        "CREATE TRIGGER modules_search_delete AFTER DELETE ON modules BEGIN \
         DELETE FROM module_search WHERE rowid = old.id; END"
            .to_string(),
        format!(
            "CREATE TRIGGER modules_search_update \
             AFTER UPDATE OF search_text, status, delivery_mode, audience ON modules BEGIN \
             DELETE FROM module_search WHERE rowid = old.id; {} END",
            insert("new", "new.status = 'published'")
        ),
        format!(
            "INSERT INTO module_search(rowid, search_text, facets) \
             SELECT m.id, m.search_text, {} FROM modules m WHERE m.status = 'published'",
            facets("m")
        ),
    ]
}

/// Back to migration 0013's external-content table and triggers.
const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS modules_search_insert",
    "DROP TRIGGER IF EXISTS modules_search_delete",
    "DROP TRIGGER IF EXISTS modules_search_update",
    "DROP TABLE IF EXISTS module_search",
    "CREATE VIRTUAL TABLE module_search USING fts5(search_text, content='modules', \
     content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
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
    "INSERT INTO module_search(rowid, search_text) \
     SELECT id, search_text FROM modules WHERE status = 'published'",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on every engine: on SQLite, without one, each statement may go to
    /// another pooled connection, and one that has not yet seen a name dropped refuses to
    /// create it again ("already exists").
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            let db = manager.get_connection();
            for statement in sqlite_up() {
                db.execute_unprepared(&statement).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            let db = manager.get_connection();
            for statement in SQLITE_DOWN {
                db.execute_unprepared(statement).await?;
            }
        }
        Ok(())
    }
}
