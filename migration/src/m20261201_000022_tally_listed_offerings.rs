//! How many offerings the public list shows on each day and in each country, kept by the
//! database, so that `GET /api/v1/offerings` can give its total without counting every
//! offering, and the catalog's country filter can offer just the countries it has offerings in.
//!
//! An offering is *listed* when it is not a draft and its module is published. The table
//! `listed_offering_days` holds, for each start date, how many listed offerings start on it;
//! the list's total is the sum of its rows (from today on for `upcoming`).
//! `listed_offering_countries` holds the same by country. Both are derived data, like an
//! index, kept in the same transaction as the change they follow:
//!
//! - triggers on `offerings` take an offering away from its old day and country and add it to
//!   its new ones when it is inserted, deleted, re-dated, moved to another module or country,
//!   or changes status (seat counts change all day long and do not fire them);
//! - a trigger on `modules` adds or takes away all of a module's non-draft offerings when the
//!   module is published or stops being published.
//!
//! A row whose count falls to zero stays (a day or country with nothing listed).
//!
//! The index on `(starts_on, id)` added here gives the list its order without a sort, and the
//! catalog's walk of upcoming offerings gets an index in its own order (start date, then id).
//!
//! Modules are archived, never deleted, so a module's deletion is not followed.
//!
//! On PostgreSQL an offering's trigger locks its module row (as the next-start trigger of
//! migration 0012 does, and after it: triggers fire in name order) before reading its status,
//! so an offering added while its module is being published is counted exactly once: either
//! the offering's trigger waits and sees the module published, or the module's trigger waits
//! and sees the offering. Tally rows are always locked days first, by date, then countries, by
//! code, so two changes meeting on the same rows wait for each other instead of deadlocking;
//! a save that moves an offering to no other day or country leaves them alone.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Whether the offering `row` (`new` or `old`) is listed (SQLite).
fn sqlite_listed(row: &str) -> String {
    format!(
        "{row}.status <> 'draft' \
         AND (SELECT m.status FROM modules m WHERE m.id = {row}.module_id) = 'published'"
    )
}

/// Adds `delta` listed offerings on the day and in the country of the offering `row` (SQLite),
/// when `when` holds.
fn sqlite_add(row: &str, delta: &str, when: &str) -> String {
    format!(
        "INSERT INTO listed_offering_days (starts_on, listed) \
         SELECT {row}.starts_on, {delta} WHERE {when} \
         ON CONFLICT (starts_on) DO UPDATE SET listed = listed + excluded.listed; \
         INSERT INTO listed_offering_countries (country, listed) \
         SELECT {row}.country, {delta} WHERE {when} \
         ON CONFLICT (country) DO UPDATE SET listed = listed + excluded.listed;"
    )
}

/// The list's order, so that a page is read by walking an index and stopping once it is full
/// instead of sorting every offering (both engines).
const START_INDEX: &str = "CREATE INDEX idx_offerings_start ON offerings (starts_on, id)";

/// The catalog's walk of upcoming offerings in (start, id) order (`app::catalog::search`): the
/// id after the start date gives that order as the index stands, where migration 0014's
/// version sorted each day's offerings again; the filters' columns follow, so the walk reads
/// no offering row (both engines).
const WALK_INDEX: [&str; 2] = [
    "DROP INDEX IF EXISTS idx_offerings_status_start",
    "CREATE INDEX idx_offerings_walk \
     ON offerings (status, starts_on, id, language, country, module_id)",
];

/// Migration 0014's version of [`WALK_INDEX`].
const OLD_WALK_INDEX: [&str; 2] = [
    "DROP INDEX IF EXISTS idx_offerings_walk",
    "CREATE INDEX idx_offerings_status_start \
     ON offerings (status, starts_on, language, country, module_id)",
];

/// Counts every listed offering, by day and by country (both engines).
const FILL: [&str; 2] = [
    "INSERT INTO listed_offering_days (starts_on, listed) \
     SELECT o.starts_on, COUNT(*) FROM offerings o JOIN modules m ON m.id = o.module_id \
     WHERE o.status <> 'draft' AND m.status = 'published' GROUP BY o.starts_on",
    "INSERT INTO listed_offering_countries (country, listed) \
     SELECT o.country, COUNT(*) FROM offerings o JOIN modules m ON m.id = o.module_id \
     WHERE o.status <> 'draft' AND m.status = 'published' GROUP BY o.country",
];

/// A module's non-draft offerings by day and by country, counted as `sign` (both engines, in a
/// trigger).
fn module_days(module: &str, sign: &str) -> String {
    format!(
        "INSERT INTO listed_offering_days (starts_on, listed) \
         SELECT o.starts_on, {sign} * COUNT(*) FROM offerings o \
         WHERE o.module_id = {module} AND o.status <> 'draft' GROUP BY o.starts_on \
         ORDER BY o.starts_on \
         ON CONFLICT (starts_on) DO UPDATE SET listed = listed_offering_days.listed + excluded.listed; \
         INSERT INTO listed_offering_countries (country, listed) \
         SELECT o.country, {sign} * COUNT(*) FROM offerings o \
         WHERE o.module_id = {module} AND o.status <> 'draft' GROUP BY o.country \
         ORDER BY o.country \
         ON CONFLICT (country) DO UPDATE \
         SET listed = listed_offering_countries.listed + excluded.listed;"
    )
}

fn sqlite_up() -> Vec<String> {
    let published_changed = "(old.status = 'published') <> (new.status = 'published')";
    vec![
        "CREATE TABLE listed_offering_days (starts_on DATE NOT NULL PRIMARY KEY, \
         listed INTEGER NOT NULL)"
            .to_string(),
        "CREATE TABLE listed_offering_countries (country TEXT NOT NULL PRIMARY KEY, \
         listed INTEGER NOT NULL)"
            .to_string(),
        format!(
            "CREATE TRIGGER offerings_tally_insert AFTER INSERT ON offerings BEGIN {} END",
            sqlite_add("new", "1", &sqlite_listed("new"))
        ),
        format!(
            "CREATE TRIGGER offerings_tally_delete AFTER DELETE ON offerings BEGIN {} END",
            sqlite_add("old", "-1", &sqlite_listed("old"))
        ),
        format!(
            "CREATE TRIGGER offerings_tally_update \
             AFTER UPDATE OF module_id, starts_on, status, country ON offerings BEGIN {} {} END",
            sqlite_add("old", "-1", &sqlite_listed("old")),
            sqlite_add("new", "1", &sqlite_listed("new"))
        ),
        format!(
            "CREATE TRIGGER modules_tally AFTER UPDATE OF status ON modules \
             WHEN {published_changed} BEGIN {} END",
            // SQLite needs a WHERE before an upsert's ON CONFLICT in an INSERT … SELECT (else
            // it reads ON as a join's): this one has it.
            module_days(
                "new.id",
                "(CASE WHEN new.status = 'published' THEN 1 ELSE -1 END)"
            )
        ),
        FILL[0].to_string(),
        FILL[1].to_string(),
        START_INDEX.to_string(),
        WALK_INDEX[0].to_string(),
        WALK_INDEX[1].to_string(),
    ]
}

const SQLITE_DOWN: &[&str] = &[
    "DROP INDEX IF EXISTS idx_offerings_start",
    "DROP TRIGGER IF EXISTS modules_tally",
    "DROP TRIGGER IF EXISTS offerings_tally_update",
    "DROP TRIGGER IF EXISTS offerings_tally_delete",
    "DROP TRIGGER IF EXISTS offerings_tally_insert",
    "DROP TABLE IF EXISTS listed_offering_countries",
    "DROP TABLE IF EXISTS listed_offering_days",
];

fn postgres_up() -> Vec<String> {
    vec![
        "CREATE TABLE listed_offering_days (starts_on DATE NOT NULL PRIMARY KEY, \
         listed BIGINT NOT NULL)"
            .to_string(),
        "CREATE TABLE listed_offering_countries (country TEXT NOT NULL PRIMARY KEY, \
         listed BIGINT NOT NULL)"
            .to_string(),
        // Whether an offering with this status and module is listed; locks the module row
        // first (see the module documentation).
        "CREATE FUNCTION offering_listed(o_status TEXT, o_module BIGINT) RETURNS boolean \
         LANGUAGE plpgsql AS $$ \
         DECLARE m_status TEXT; \
         BEGIN \
           IF o_status = 'draft' THEN RETURN false; END IF; \
           SELECT status INTO m_status FROM modules WHERE id = o_module FOR NO KEY UPDATE; \
           RETURN m_status = 'published'; \
         END $$"
            .to_string(),
        "CREATE FUNCTION tally_listed_day(day DATE, delta BIGINT) RETURNS void \
         LANGUAGE sql AS $$ \
           INSERT INTO listed_offering_days (starts_on, listed) VALUES (day, delta) \
           ON CONFLICT (starts_on) DO UPDATE \
           SET listed = listed_offering_days.listed + excluded.listed \
         $$"
        .to_string(),
        "CREATE FUNCTION tally_listed_country(place TEXT, delta BIGINT) RETURNS void \
         LANGUAGE sql AS $$ \
           INSERT INTO listed_offering_countries (country, listed) VALUES (place, delta) \
           ON CONFLICT (country) DO UPDATE \
           SET listed = listed_offering_countries.listed + excluded.listed \
         $$"
        .to_string(),
        // Named to fire after `offerings_next_start`, which takes the same module locks in id
        // order. The tally rows are locked in one order everywhere (days by date, then
        // countries by code), so two changes that touch the same rows cannot deadlock, and a
        // save that changes none of them (the forms write every column) touches none.
        "CREATE FUNCTION offerings_tally() RETURNS trigger LANGUAGE plpgsql AS $$ \
         DECLARE was BOOLEAN := false; is_now BOOLEAN := false; \
           same_day BOOLEAN := false; same_country BOOLEAN := false; \
         BEGIN \
           IF TG_OP <> 'INSERT' THEN was := offering_listed(OLD.status, OLD.module_id); END IF; \
           IF TG_OP <> 'DELETE' THEN is_now := offering_listed(NEW.status, NEW.module_id); END IF; \
           IF TG_OP = 'UPDATE' AND was = is_now THEN \
             same_day := OLD.starts_on = NEW.starts_on; \
             same_country := OLD.country = NEW.country; \
           END IF; \
           IF NOT same_day THEN \
             IF was AND is_now AND NEW.starts_on < OLD.starts_on THEN \
               PERFORM tally_listed_day(NEW.starts_on, 1); \
               PERFORM tally_listed_day(OLD.starts_on, -1); \
             ELSE \
               IF was THEN PERFORM tally_listed_day(OLD.starts_on, -1); END IF; \
               IF is_now THEN PERFORM tally_listed_day(NEW.starts_on, 1); END IF; \
             END IF; \
           END IF; \
           IF NOT same_country THEN \
             IF was AND is_now AND NEW.country < OLD.country THEN \
               PERFORM tally_listed_country(NEW.country, 1); \
               PERFORM tally_listed_country(OLD.country, -1); \
             ELSE \
               IF was THEN PERFORM tally_listed_country(OLD.country, -1); END IF; \
               IF is_now THEN PERFORM tally_listed_country(NEW.country, 1); END IF; \
             END IF; \
           END IF; \
           RETURN NULL; \
         END $$"
            .to_string(),
        "CREATE TRIGGER offerings_tally \
         AFTER INSERT OR DELETE OR UPDATE OF module_id, starts_on, status, country ON offerings \
         FOR EACH ROW EXECUTE FUNCTION offerings_tally()"
            .to_string(),
        format!(
            "CREATE FUNCTION modules_tally() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN {} RETURN NULL; END $$",
            module_days(
                "NEW.id",
                "(CASE WHEN NEW.status = 'published' THEN 1 ELSE -1 END)"
            )
        ),
        "CREATE TRIGGER modules_tally AFTER UPDATE OF status ON modules FOR EACH ROW \
         WHEN ((OLD.status = 'published') IS DISTINCT FROM (NEW.status = 'published')) \
         EXECUTE FUNCTION modules_tally()"
            .to_string(),
        FILL[0].to_string(),
        FILL[1].to_string(),
        START_INDEX.to_string(),
        WALK_INDEX[0].to_string(),
        WALK_INDEX[1].to_string(),
    ]
}

const POSTGRES_DOWN: &[&str] = &[
    "DROP INDEX IF EXISTS idx_offerings_start",
    "DROP TRIGGER IF EXISTS modules_tally ON modules",
    "DROP FUNCTION IF EXISTS modules_tally()",
    "DROP TRIGGER IF EXISTS offerings_tally ON offerings",
    "DROP FUNCTION IF EXISTS offerings_tally()",
    "DROP FUNCTION IF EXISTS tally_listed_day(DATE, BIGINT)",
    "DROP FUNCTION IF EXISTS tally_listed_country(TEXT, BIGINT)",
    "DROP FUNCTION IF EXISTS offering_listed(TEXT, BIGINT)",
    "DROP TABLE IF EXISTS listed_offering_countries",
    "DROP TABLE IF EXISTS listed_offering_days",
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
        let db = manager.get_connection();
        let statements = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => sqlite_up(),
            _ => postgres_up(),
        };
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => SQLITE_DOWN,
            _ => POSTGRES_DOWN,
        };
        for statement in statements.iter().chain(&OLD_WALK_INDEX) {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }
}
