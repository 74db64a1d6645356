//! Each module's next upcoming offering, kept on the module row by the database itself, so that
//! the catalog can list modules by next start date with one walk of an index on `modules`
//! instead of walking every upcoming offering.
//!
//! `modules.next_start` and `modules.next_offering_id` are the start date and id of the module's
//! first published offering starting today or later (UTC; ties on a date go to the lower id),
//! or NULL when there is none. They are derived data, like an index, and have one writer:
//!
//! - triggers on `offerings` recompute them for the module(s) an inserted, deleted or
//!   re-dated/re-published/moved offering belongs to, in the same transaction (seat counts
//!   change offerings all day long and do not fire them);
//! - once a value's date has passed it is stale, since the offering is no longer upcoming. The
//!   server's periodic job recomputes those rows (`refresh_past_next_starts`), and until it has,
//!   the search sees `next_start < today` and ranks from the offerings themselves, so a stale
//!   value is never shown.
//!
//! A value that is today or later is always exact: the set of upcoming offerings only shrinks
//! as days pass, and its first member, still upcoming, stays first.
//!
//! On PostgreSQL the recomputation locks the module row before reading the offerings, so two
//! transactions changing offerings of one module cannot each overwrite the other's result with
//! a value computed from a snapshot that missed it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The first upcoming offering of the module `modules.id` (SQLite; UTC date).
const SQLITE_NEXT: &str = "(SELECT o.starts_on, o.id FROM offerings o \
     WHERE o.module_id = modules.id AND o.status = 'published' AND o.starts_on >= date('now') \
     ORDER BY o.starts_on, o.id LIMIT 1)";

fn sqlite_up() -> Vec<String> {
    let refresh = |which: &str| {
        format!(
            "UPDATE modules SET (next_start, next_offering_id) = {SQLITE_NEXT} WHERE id IN ({which});"
        )
    };
    vec![
        "ALTER TABLE modules ADD COLUMN next_start DATE NULL".to_string(),
        "ALTER TABLE modules ADD COLUMN next_offering_id INTEGER NULL".to_string(),
        "CREATE INDEX idx_modules_next_start ON modules (next_start, next_offering_id)".to_string(),
        format!(
            "CREATE TRIGGER offerings_next_start_insert AFTER INSERT ON offerings BEGIN {} END",
            refresh("new.module_id")
        ),
        format!(
            "CREATE TRIGGER offerings_next_start_delete AFTER DELETE ON offerings BEGIN {} END",
            refresh("old.module_id")
        ),
        format!(
            "CREATE TRIGGER offerings_next_start_update \
             AFTER UPDATE OF module_id, starts_on, status ON offerings BEGIN {} END",
            refresh("old.module_id, new.module_id")
        ),
        format!("UPDATE modules SET (next_start, next_offering_id) = {SQLITE_NEXT}"),
    ]
}

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS offerings_next_start_update",
    "DROP TRIGGER IF EXISTS offerings_next_start_delete",
    "DROP TRIGGER IF EXISTS offerings_next_start_insert",
    "DROP INDEX IF EXISTS idx_modules_next_start",
    "ALTER TABLE modules DROP COLUMN next_offering_id",
    "ALTER TABLE modules DROP COLUMN next_start",
];

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE modules ADD COLUMN next_start DATE NULL",
    "ALTER TABLE modules ADD COLUMN next_offering_id BIGINT NULL",
    "CREATE INDEX idx_modules_next_start ON modules (next_start, next_offering_id)",
    // Locks the row first: in READ COMMITTED each statement of a plpgsql function takes a new
    // snapshot, so the UPDATE below sees every offering committed before the lock was granted.
    // NO KEY UPDATE, because inserting an offering already holds KEY SHARE on its module (the
    // foreign key check): FOR UPDATE would conflict with the other writer's KEY SHARE, and two
    // offerings added to one module at once would deadlock.
    "CREATE FUNCTION refresh_module_next_start(target BIGINT) RETURNS void \
     LANGUAGE plpgsql AS $$ \
     BEGIN \
       PERFORM 1 FROM modules WHERE id = target FOR NO KEY UPDATE; \
       UPDATE modules m SET (next_start, next_offering_id) = ( \
         SELECT o.starts_on, o.id FROM offerings o \
         WHERE o.module_id = m.id AND o.status = 'published' \
           AND o.starts_on >= (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')::date \
         ORDER BY o.starts_on, o.id LIMIT 1) \
       WHERE m.id = target; \
     END $$",
    // Two modules are locked in id order, so two moves in opposite directions cannot deadlock.
    "CREATE FUNCTION offerings_next_start() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN \
       IF TG_OP = 'INSERT' THEN \
         PERFORM refresh_module_next_start(NEW.module_id); \
       ELSIF TG_OP = 'DELETE' THEN \
         PERFORM refresh_module_next_start(OLD.module_id); \
       ELSIF OLD.module_id = NEW.module_id THEN \
         PERFORM refresh_module_next_start(NEW.module_id); \
       ELSE \
         PERFORM refresh_module_next_start(LEAST(OLD.module_id, NEW.module_id)); \
         PERFORM refresh_module_next_start(GREATEST(OLD.module_id, NEW.module_id)); \
       END IF; \
       RETURN NULL; \
     END $$",
    "CREATE TRIGGER offerings_next_start \
     AFTER INSERT OR DELETE OR UPDATE OF module_id, starts_on, status ON offerings \
     FOR EACH ROW EXECUTE FUNCTION offerings_next_start()",
    "SELECT refresh_module_next_start(id) FROM modules",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS offerings_next_start ON offerings",
    "DROP FUNCTION IF EXISTS offerings_next_start()",
    "DROP FUNCTION IF EXISTS refresh_module_next_start(BIGINT)",
    "DROP INDEX IF EXISTS idx_modules_next_start",
    "ALTER TABLE modules DROP COLUMN IF EXISTS next_offering_id",
    "ALTER TABLE modules DROP COLUMN IF EXISTS next_start",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for statement in sqlite_up() {
                    db.execute_unprepared(&statement).await?;
                }
            }
            _ => {
                for statement in POSTGRES_UP {
                    db.execute_unprepared(statement).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => SQLITE_DOWN,
            _ => POSTGRES_DOWN,
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }
}
