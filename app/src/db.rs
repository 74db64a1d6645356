//! The database handle: one connection pool from `DATABASE_URL`, on SQLite or PostgreSQL.
//!
//! SQLite runs in WAL mode with foreign keys on, `synchronous=FULL` and a busy timeout. Every
//! service that writes starts its transaction through [`begin_write`], which on SQLite is
//! `BEGIN IMMEDIATE`: the write lock is taken up front, so two concurrent writers queue on the
//! busy timeout instead of one failing with `SQLITE_BUSY` when it upgrades a read lock.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, Statement, TransactionOptions, TransactionTrait,
};

/// How long a SQLite writer waits for the lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The database engines PICAP runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// The embedded default: a file under `data/`.
    Sqlite,
    /// The production engine.
    Postgres,
}

impl Engine {
    /// Recognises the engine from a `DATABASE_URL`.
    pub fn from_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }

    /// The engine's name as reported by `/api/v1/health`.
    pub const fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// The engine behind a connection.
pub fn engine_of(db: &impl ConnectionTrait) -> Engine {
    match db.get_database_backend() {
        DbBackend::Postgres => Engine::Postgres,
        _ => Engine::Sqlite,
    }
}

/// Opens the pool for `url`. A SQLite file and its folder are created if missing; a PostgreSQL
/// database that does not exist yet is created on the same server.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    match Engine::from_url(url) {
        Some(Engine::Sqlite) => connect_sqlite(url).await,
        Some(Engine::Postgres) => {
            create_postgres_database_if_missing(url).await?;
            let mut options = ConnectOptions::new(url);
            options
                .max_connections(20)
                .min_connections(1)
                .connect_timeout(Duration::from_secs(10))
                .acquire_timeout(Duration::from_secs(10))
                .sqlx_logging(false);
            Database::connect(options).await
        }
        None => Err(DbErr::Custom(
            "DATABASE_URL must start with sqlite: or postgres://".to_string(),
        )),
    }
}

async fn connect_sqlite(url: &str) -> Result<DatabaseConnection, DbErr> {
    let parent = sqlite_file(url)
        .and_then(|f| std::path::Path::new(&f).parent().map(|p| p.to_path_buf()))
        .filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        std::fs::create_dir_all(&parent).map_err(|e| {
            DbErr::Custom(format!(
                "cannot create the folder {}: {e}",
                parent.display()
            ))
        })?;
    }
    let mut options = ConnectOptions::new(url);
    options
        // WAL lets readers proceed while one writer holds the lock.
        .max_connections(8)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(15))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts: SqliteConnectOptions| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                // Reads come from a memory map of the file instead of one `pread` per page,
                // and each connection keeps 16 MB of pages: searches walk indexes, and both
                // cut their cost by half or more (bench/catalog.sh).
                .pragma("mmap_size", "268435456")
                .pragma("cache_size", "-16384")
                .pragma("temp_store", "memory")
        });
    Database::connect(options).await
}

/// The file path in a `sqlite:` URL, if it names a file (not `:memory:`).
fn sqlite_file(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path.starts_with(":memory:") {
        None
    } else {
        Some(path.to_string())
    }
}

/// Splits `postgres://…/name?x` into the database name and a URL to the `postgres` maintenance
/// database on the same server.
fn postgres_maintenance_url(url: &str) -> Option<(String, String)> {
    let (before_query, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = before_query.find("://")? + 3;
    let slash = before_query[scheme_end..].find('/')? + scheme_end;
    let name = &before_query[slash + 1..];
    if name.is_empty() {
        return None;
    }
    let mut maintenance = format!("{}/postgres", &before_query[..slash]);
    if let Some(q) = query {
        maintenance.push('?');
        maintenance.push_str(q);
    }
    Some((name.to_string(), maintenance))
}

async fn create_postgres_database_if_missing(url: &str) -> Result<(), DbErr> {
    let Some((name, maintenance_url)) = postgres_maintenance_url(url) else {
        return Ok(());
    };
    if name == "postgres" {
        return Ok(());
    }
    let mut options = ConnectOptions::new(maintenance_url);
    options
        .max_connections(1)
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10));
    // Without rights on the maintenance database we cannot create anything: connecting to the
    // target database directly then reports the real problem.
    let Ok(admin) = Database::connect(options).await else {
        return Ok(());
    };
    let exists = admin
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT 1 AS found FROM pg_database WHERE datname = $1",
            [name.clone().into()],
        ))
        .await?
        .is_some();
    if !exists {
        let quoted = name.replace('"', "\"\"");
        let created = admin
            .execute_unprepared(&format!("CREATE DATABASE \"{quoted}\""))
            .await;
        // Another process may have created it in the meantime (42P04 duplicate_database).
        if let Err(e) = created
            && !e.to_string().contains("already exists")
        {
            return Err(e);
        }
        tracing::info!(database = %name, "created PostgreSQL database");
    }
    admin.close().await
}

/// The last page number any list serves; a larger one is read as this one. An offset beyond
/// `i64::MAX` would panic in the SQL driver's binder, and no person pages that far.
pub const MAX_PAGE: u64 = 100_000;

/// Begins a transaction for a service that writes. On SQLite it is `BEGIN IMMEDIATE`.
pub async fn begin_write<C>(db: &C) -> Result<DatabaseTransaction, DbErr>
where
    C: TransactionTrait<Transaction = DatabaseTransaction> + ConnectionTrait,
{
    let options = match engine_of(db) {
        Engine::Sqlite => TransactionOptions {
            sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
            ..Default::default()
        },
        Engine::Postgres => TransactionOptions::default(),
    };
    db.begin_with_options(options).await
}

/// Checks that the database answers.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.ping().await
}

/// Refreshes the query planner's statistics after a bulk load, as autovacuum or a maintenance
/// job would leave them: without them the planners guess that the tables are tiny and pick plans
/// that are wrong at that size. On PostgreSQL, VACUUM also merges the full-text index's pending
/// list, which a bulk load leaves long, so counting a search's matches walks a long list until
/// it has run.
///
/// On SQLite the full-text index's own tables (`module_search_*`) are left out. With samples of
/// them (SQLite is built with STAT4), FTS5 prepared its internal statements again on every
/// search, doubling the cost of counting the matches.
pub async fn analyze(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared("VACUUM ANALYZE").await?;
        return Ok(());
    }
    let tables = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
             AND name NOT LIKE 'module\\_search\\_%' ESCAPE '\\'",
        ))
        .await?;
    for row in tables {
        let name: String = row.try_get("", "name")?;
        // The name comes from the schema itself; quoted as an identifier.
        db.execute_unprepared(&format!("ANALYZE \"{}\"", name.replace('"', "\"\"")))
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_recognised_from_the_url() {
        let cases = [
            ("sqlite://data/picap.db?mode=rwc", Some(Engine::Sqlite)),
            ("sqlite::memory:", Some(Engine::Sqlite)),
            (
                "postgres://postgres@127.0.0.1:5432/picap",
                Some(Engine::Postgres),
            ),
            ("postgresql://u:p@db/picap", Some(Engine::Postgres)),
            ("mysql://root@localhost/picap", None),
            ("", None),
        ];
        for (url, engine) in cases {
            assert_eq!(Engine::from_url(url), engine, "{url}");
        }
    }

    #[test]
    fn sqlite_file_path_is_read_from_the_url() {
        assert_eq!(
            sqlite_file("sqlite://data/picap.db?mode=rwc").as_deref(),
            Some("data/picap.db")
        );
        assert_eq!(
            sqlite_file("sqlite:/tmp/x.db").as_deref(),
            Some("/tmp/x.db")
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
    }

    #[test]
    fn maintenance_url_keeps_credentials_and_options() {
        assert_eq!(
            postgres_maintenance_url("postgres://u:p@h:5432/picap_dev?sslmode=disable"),
            Some((
                "picap_dev".to_string(),
                "postgres://u:p@h:5432/postgres?sslmode=disable".to_string()
            ))
        );
        assert_eq!(postgres_maintenance_url("postgres://h:5432"), None);
        assert_eq!(postgres_maintenance_url("postgres://h:5432/"), None);
    }
}
