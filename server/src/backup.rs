//! `picap backup FILE` and `picap restore FILE [--force]`: one archive holds everything PICAP
//! keeps, and a restore puts it back and migrates it up to date.
//!
//! The archive is a plain tar, entries in this order:
//! - `manifest.json`: the [`Manifest`] (engine, time, last applied migration, what follows);
//! - `database.sqlite` (a `VACUUM INTO` copy) or `database.pgdump` (`pg_dump -Fc`);
//! - `files/…`: the file store (`PICAP_FILES_DIR`, default `data/files`), when it exists.
//!
//! A backup is consistent while the server runs: `VACUUM INTO` reads one snapshot of the SQLite
//! file, and `pg_dump` one transaction snapshot. The database is copied before the file store,
//! so every file the copy names was there to be archived (a file uploaded meanwhile is an unused
//! extra, never a missing one). The archive is written beside `FILE` and renamed into place
//! once complete, readable by its owner only: it holds password hashes and personal data.
//!
//! A restore reads and checks the whole archive into a staging area before it touches
//! anything; it refuses an archive of the other engine, one made by a newer PICAP (a migration
//! this binary does not know), and, without `--force`, a database that holds data. On
//! PostgreSQL the schema is dropped, recreated and loaded in one transaction (`psql
//! --single-transaction`), so a failed restore leaves the database as it was. The server must be
//! stopped during a restore: it would keep the replaced SQLite file open, or hold locks the
//! PostgreSQL restore waits for.

use std::fs::{self, File, OpenOptions};
use std::io::{BufReader, BufWriter, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};
use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};

use server::config::Config;

/// The archive layout this version writes and reads.
pub const FORMAT: u32 = 1;

/// The first entry of every archive.
const MANIFEST: &str = "manifest.json";

/// The environment variable naming the file store, and its default.
pub const FILES_DIR_VARIABLE: &str = "PICAP_FILES_DIR";
const DEFAULT_FILES_DIR: &str = "data/files";

/// What an archive holds, written first so that a restore can refuse before it reads the rest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The archive layout ([`FORMAT`]).
    pub format: u32,
    /// `sqlite` or `postgres`: a dump restores only into its own engine.
    pub engine: String,
    /// When the backup was taken.
    pub created_at: DateTime<Utc>,
    /// The name of the last migration applied to the database copied; a restore refuses an
    /// archive whose schema is newer than the migrations it knows.
    pub last_migration: String,
    /// The `picap` version that wrote the archive, for people reading the manifest.
    pub picap_version: String,
    /// The entry holding the database.
    pub database: String,
    /// Folders archived beside the database, each under its own entry prefix. Today only the
    /// file store; signing keys (when PICAP signs certificates) will be one more
    /// [`FolderRole`] here, so archives stay format 1 and a restore that meets a role it does
    /// not know refuses instead of silently dropping it.
    pub folders: Vec<Folder>,
}

/// A folder archived beside the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folder {
    /// What the folder is, which says where a restore puts it.
    pub role: FolderRole,
    /// The entry prefix of its files in the archive (`files/`).
    pub entry: String,
}

/// The kinds of folder an archive can carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FolderRole {
    /// The file store (`PICAP_FILES_DIR`): uploads.
    Files,
}

impl FolderRole {
    fn entry(self) -> &'static str {
        match self {
            FolderRole::Files => "files",
        }
    }
}

/// The file store folder: `PICAP_FILES_DIR`, or `data/files`.
pub fn files_dir() -> PathBuf {
    std::env::var(FILES_DIR_VARIABLE)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from(DEFAULT_FILES_DIR), PathBuf::from)
}

/// Paths removed when dropped: the scratch copies of a backup or a restore, whatever happens.
#[derive(Default)]
struct Scratch(Vec<PathBuf>);

impl Scratch {
    fn add(&mut self, path: PathBuf) -> PathBuf {
        self.0.push(path.clone());
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for path in &self.0 {
            if path.is_dir() {
                let _ = fs::remove_dir_all(path);
            } else {
                let _ = fs::remove_file(path);
            }
        }
    }
}

/// A path beside `target` that no one else uses.
fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "picap".to_string());
    let unique = uuid::Uuid::new_v4().simple().to_string();
    target.with_file_name(format!(".{name}.{tag}-{}", &unique[..12]))
}

/// Takes a backup of the database of `config` and the file store into `file`. Returns what to
/// tell the operator.
pub async fn backup(config: &Config, file: &Path) -> Result<String, String> {
    let engine = config.engine();
    let mut scratch = Scratch::default();
    let dump = scratch.add(sibling(file, "dump"));
    // The copy holds the whole database: readable by its owner only from the first byte
    // (VACUUM INTO and pg_dump both write into an existing empty file, keeping its mode).
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&dump)
        .map_err(|e| format!("creating {}: {e}", dump.display()))?;
    let (last_migration, database_entry) = match engine {
        app::db::Engine::Sqlite => {
            let path = sqlite_path(&config.database_url)?;
            if !path.exists() {
                return Err(format!("there is no database at {}", path.display()));
            }
            let db = connect(config).await?;
            let last = last_migration(&db).await?;
            let target = dump.to_string_lossy().replace('\'', "''");
            db.execute_unprepared(&format!("VACUUM INTO '{target}'"))
                .await
                .map_err(|e| format!("copying the SQLite database: {e}"))?;
            let _ = db.close().await;
            (last, "database.sqlite")
        }
        app::db::Engine::Postgres => {
            let db = connect(config).await?;
            // Migrations run only when a server starts, so this is the schema pg_dump copies.
            let last = last_migration(&db).await?;
            let _ = db.close().await;
            let target = PgTarget::parse(&config.database_url)?;
            let mut dump_command = target.command("pg_dump");
            dump_command
                .arg("--format=custom")
                .arg("--file")
                .arg(&dump)
                .arg("--dbname")
                .arg(&target.uri);
            run(dump_command, "pg_dump")?;
            (last, "database.pgdump")
        }
    };

    let store = files_dir();
    let mut folders = Vec::new();
    if store.is_dir() {
        folders.push(Folder {
            role: FolderRole::Files,
            entry: format!("{}/", FolderRole::Files.entry()),
        });
    }
    let manifest = Manifest {
        format: FORMAT,
        engine: engine.name().to_string(),
        created_at: Utc::now(),
        last_migration,
        picap_version: env!("CARGO_PKG_VERSION").to_string(),
        database: database_entry.to_string(),
        folders,
    };

    let partial = scratch.add(sibling(file, "partial"));
    write_archive(&partial, &manifest, &dump, &store)
        .map_err(|e| format!("writing {}: {e}", partial.display()))?;
    fs::rename(&partial, file).map_err(|e| format!("moving the archive into place: {e}"))?;
    Ok(format!(
        "Backup of the {} database (migration {}){} written to {}.",
        manifest.engine,
        manifest.last_migration,
        if manifest.folders.is_empty() {
            String::new()
        } else {
            format!(" and the file store {}", store.display())
        },
        file.display()
    ))
}

fn write_archive(
    path: &Path,
    manifest: &Manifest,
    dump: &Path,
    store: &Path,
) -> std::io::Result<()> {
    let out = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    let mut builder = tar::Builder::new(BufWriter::new(out));
    // Symbolic links are archived as links, never followed out of the store.
    builder.follow_symlinks(false);
    let text = serde_json::to_vec_pretty(manifest).map_err(std::io::Error::other)?;
    let mut header = tar::Header::new_gnu();
    header.set_size(text.len() as u64);
    header.set_mode(0o600);
    header.set_mtime(u64::try_from(manifest.created_at.timestamp()).unwrap_or(0));
    header.set_entry_type(tar::EntryType::Regular);
    builder.append_data(&mut header, MANIFEST, text.as_slice())?;
    builder.append_path_with_name(dump, &manifest.database)?;
    for folder in &manifest.folders {
        match folder.role {
            FolderRole::Files => builder.append_dir_all(folder.role.entry(), store)?,
        }
    }
    let writer = builder.into_inner()?;
    let file = writer.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

/// Restores the archive `file` into the database of `config` and the file store, then migrates
/// the database up to date. Refuses a database that holds data unless `force`.
pub async fn restore(config: &Config, file: &Path, force: bool) -> Result<String, String> {
    let engine = config.engine();
    let input = File::open(file).map_err(|e| format!("cannot open {}: {e}", file.display()))?;
    let mut archive = tar::Archive::new(BufReader::new(input));
    let mut entries = archive
        .entries()
        .map_err(|e| format!("{} is not a PICAP backup: {e}", file.display()))?;
    let manifest = read_manifest(&mut entries, file)?;
    check_manifest(&manifest, engine)?;

    if let Some(held) = holds_data(config).await?
        && !force
    {
        return Err(format!(
            "refusing to overwrite a database that holds data ({held}); pass --force to replace it with the backup"
        ));
    }

    // Stage everything first: a broken archive changes nothing.
    let mut scratch = Scratch::default();
    let store = files_dir();
    let staged_db = match engine {
        app::db::Engine::Sqlite => {
            scratch.add(sibling(&sqlite_path(&config.database_url)?, "restoring"))
        }
        app::db::Engine::Postgres => scratch.add(sibling(
            &std::env::temp_dir().join("picap-restore.pgdump"),
            "restoring",
        )),
    };
    let staged_folders = scratch.add(sibling(&store, "restoring"));
    if !manifest.folders.is_empty() {
        fs::create_dir_all(&staged_folders)
            .map_err(|e| format!("creating {}: {e}", staged_folders.display()))?;
    }
    let mut found_database = false;
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("reading {}: {e}", file.display()))?;
        let name = entry
            .path()
            .map_err(|e| format!("reading {}: {e}", file.display()))?
            .to_string_lossy()
            .into_owned();
        // Only files and folders: a link in an archive could point anywhere once restored.
        let kind = entry.header().entry_type();
        if !(kind.is_file() || kind.is_dir()) {
            return Err(format!(
                "{} holds {name}, which is neither a file nor a folder: not restored",
                file.display()
            ));
        }
        if name == manifest.database {
            if !kind.is_file() || entry.size() == 0 {
                return Err(format!(
                    "{}'s database entry is empty: not restored",
                    file.display()
                ));
            }
            let mut out = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&staged_db)
                .map_err(|e| format!("creating {}: {e}", staged_db.display()))?;
            std::io::copy(&mut entry, &mut out)
                .and_then(|_| out.sync_all())
                .map_err(|e| format!("extracting the database: {e}"))?;
            found_database = true;
        } else if manifest
            .folders
            .iter()
            .any(|f| name.starts_with(&f.entry) || format!("{name}/") == f.entry)
        {
            // `unpack_in` refuses entries that would land outside the staging folder.
            let inside = entry
                .unpack_in(&staged_folders)
                .map_err(|e| format!("extracting {name}: {e}"))?;
            if !inside {
                return Err(format!(
                    "{} holds {name}, which would land outside the file store: not restored",
                    file.display()
                ));
            }
        } else {
            return Err(format!(
                "{} holds {name}, which its manifest does not list: not restored",
                file.display()
            ));
        }
    }
    if !found_database {
        return Err(format!(
            "{} lacks its database ({}): not restored",
            file.display(),
            manifest.database
        ));
    }

    let mut replaced_sqlite = None;
    match engine {
        app::db::Engine::Sqlite => {
            check_staged_sqlite(&staged_db, &manifest.last_migration).await?;
            replaced_sqlite = put_sqlite_in_place(config, &staged_db)?;
        }
        app::db::Engine::Postgres => load_postgres(config, &staged_db)?,
    }

    for folder in &manifest.folders {
        match folder.role {
            FolderRole::Files => {
                replace_dir(&staged_folders.join(folder.role.entry()), &store)?;
            }
        }
    }

    // The old SQLite file stays aside until the restored one has migrated, and comes back if it
    // does not.
    let db = match server::startup::open_database(config).await {
        Ok(db) => {
            if let Some(old) = &replaced_sqlite {
                let _ = fs::remove_file(old);
            }
            db
        }
        Err(e) => {
            if let Some(old) = &replaced_sqlite {
                let _ = fs::rename(old, sqlite_path(&config.database_url)?);
            }
            return Err(format!("the restored database did not migrate: {e}"));
        }
    };
    let now_at = last_migration(&db).await?;
    let _ = db.close().await;
    Ok(format!(
        "Restored the {} backup of {} (migration {}){}; the database is now at migration {now_at}.",
        manifest.engine,
        manifest.created_at.to_rfc3339(),
        manifest.last_migration,
        if manifest.folders.is_empty() {
            String::new()
        } else {
            format!(" and the file store {}", store.display())
        },
    ))
}

fn read_manifest<R: Read>(
    entries: &mut tar::Entries<'_, R>,
    file: &Path,
) -> Result<Manifest, String> {
    let not_ours = || {
        format!(
            "{} is not a PICAP backup (no manifest first)",
            file.display()
        )
    };
    let mut first = entries
        .next()
        .ok_or_else(not_ours)?
        .map_err(|_| not_ours())?;
    let is_manifest = first
        .path()
        .map(|p| p.as_os_str() == MANIFEST)
        .unwrap_or(false);
    if !is_manifest {
        return Err(not_ours());
    }
    let mut text = String::new();
    first
        .read_to_string(&mut text)
        .map_err(|e| format!("reading the manifest of {}: {e}", file.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("the manifest of {} cannot be read: {e}", file.display()))
}

/// Refuses an archive this binary cannot restore faithfully.
fn check_manifest(manifest: &Manifest, engine: app::db::Engine) -> Result<(), String> {
    if manifest.format != FORMAT {
        return Err(format!(
            "the backup has format {}, this picap reads format {FORMAT}",
            manifest.format
        ));
    }
    if manifest.engine != engine.name() {
        return Err(format!(
            "the backup holds a {} database but DATABASE_URL names {}: restore it into {} (or move the data with a {} backup)",
            manifest.engine,
            engine.name(),
            manifest.engine,
            engine.name()
        ));
    }
    let mut roles = std::collections::HashSet::new();
    for folder in &manifest.folders {
        if folder.entry != format!("{}/", folder.role.entry()) || !roles.insert(folder.role.entry())
        {
            return Err(format!(
                "the backup's manifest lists the folder {} in a way this picap does not write: not restored",
                folder.entry
            ));
        }
    }
    let known = migration::Migrator::migrations()
        .iter()
        .any(|m| m.name() == manifest.last_migration);
    if !known {
        return Err(format!(
            "the backup comes from a newer PICAP (its migration {} is unknown to this one): restore it with that version",
            manifest.last_migration
        ));
    }
    Ok(())
}

/// A short account of the data in the target database, or `None` when it holds none (missing,
/// empty, or migrated without data).
async fn holds_data(config: &Config) -> Result<Option<String>, String> {
    if config.engine() == app::db::Engine::Sqlite && !sqlite_path(&config.database_url)?.exists() {
        return Ok(None);
    }
    let db = connect(config).await?;
    let mut held = Vec::new();
    for (table, what) in [
        ("users", "accounts"),
        ("modules", "modules"),
        ("offerings", "offerings"),
        ("enrollments", "enrolments"),
    ] {
        if !table_exists(&db, table).await? {
            continue;
        }
        let rows = count(&db, table).await?;
        if rows > 0 {
            held.push(format!("{rows} {what}"));
        }
    }
    let _ = db.close().await;
    Ok((!held.is_empty()).then(|| held.join(", ")))
}

async fn connect(config: &Config) -> Result<DatabaseConnection, String> {
    app::db::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))
}

async fn table_exists(db: &DatabaseConnection, table: &str) -> Result<bool, String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = $1"
        }
        _ => "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [table.into()]))
        .await
        .map_err(|e| format!("reading the database: {e}"))?;
    let n: i64 = row
        .map(|r| r.try_get_by_index(0))
        .transpose()
        .map_err(|e| format!("reading the database: {e}"))?
        .unwrap_or(0);
    Ok(n > 0)
}

/// Rows in `table`, one of the fixed names above.
async fn count(db: &DatabaseConnection, table: &str) -> Result<i64, String> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            format!("SELECT count(*) FROM {table}"),
        ))
        .await
        .map_err(|e| format!("reading {table}: {e}"))?;
    row.map(|r| r.try_get_by_index::<i64>(0))
        .transpose()
        .map_err(|e| format!("reading {table}: {e}"))
        .map(|n| n.unwrap_or(0))
}

/// The name of the last migration applied, from sea-orm's bookkeeping table.
async fn last_migration(db: &DatabaseConnection) -> Result<String, String> {
    let backend = db.get_database_backend();
    let no_schema = || "the database has no PICAP schema: run `picap migrate` first".to_string();
    if !table_exists(db, "seaql_migrations").await? {
        return Err(no_schema());
    }
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT version FROM seaql_migrations ORDER BY version DESC LIMIT 1",
        ))
        .await
        .map_err(|e| format!("reading the migrations applied: {e}"))?
        .ok_or_else(no_schema)?;
    row.try_get_by_index::<String>(0)
        .map_err(|e| format!("reading the migrations applied: {e}"))
}

/// The file a `sqlite:` URL names.
fn sqlite_path(url: &str) -> Result<PathBuf, String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path.starts_with(":memory:") {
        return Err(
            "DATABASE_URL names an in-memory SQLite database: nothing to back up or restore into"
                .to_string(),
        );
    }
    Ok(PathBuf::from(path))
}

/// Checks a staged SQLite copy before it replaces anything: it must be a sound database at the
/// migration its manifest names.
async fn check_staged_sqlite(staged: &Path, expected: &str) -> Result<(), String> {
    let url = format!("sqlite://{}?mode=ro", staged.display());
    let db = sea_orm::Database::connect(url.as_str())
        .await
        .map_err(|e| format!("the backup's database does not open: {e}"))?;
    let verdict = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .map_err(|e| format!("the backup's database is damaged: {e}"))?
        .map(|row| row.try_get_by_index::<String>(0))
        .transpose()
        .map_err(|e| format!("the backup's database is damaged: {e}"))?;
    let at = last_migration(&db).await;
    let _ = db.close().await;
    if verdict.as_deref() != Some("ok") {
        return Err(format!(
            "the backup's database is damaged ({}): not restored",
            verdict.unwrap_or_default()
        ));
    }
    let at = at?;
    if at != expected {
        return Err(format!(
            "the backup's database is at migration {at}, its manifest says {expected}: not restored"
        ));
    }
    Ok(())
}

/// Replaces the SQLite file with the staged copy, and returns where the old file was put aside
/// (if there was one) for the caller to delete once the restored copy works. Its write-ahead log
/// and shared-memory index belong to the old file and go first: left beside the new one they
/// would be replayed into it.
fn put_sqlite_in_place(config: &Config, staged: &Path) -> Result<Option<PathBuf>, String> {
    let path = sqlite_path(&config.database_url)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        match fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("removing {}: {e}", side.display())),
        }
    }
    let old = sibling(&path, "replaced");
    let had_old = path.exists();
    if had_old {
        fs::rename(&path, &old).map_err(|e| format!("moving {} aside: {e}", path.display()))?;
    }
    if let Err(e) = fs::rename(staged, &path) {
        if had_old {
            let _ = fs::rename(&old, &path);
        }
        return Err(format!("putting {} in place: {e}", path.display()));
    }
    Ok(had_old.then_some(old))
}

/// Loads a `pg_dump -Fc` archive into the PostgreSQL database of `config`, replacing its schema,
/// in one transaction: `pg_restore` turns the dump into SQL, `psql` runs it after dropping and
/// recreating `public`, all or nothing.
fn load_postgres(config: &Config, dump: &Path) -> Result<(), String> {
    let target = PgTarget::parse(&config.database_url)?;
    // The whole script first: were pg_restore to fail half-way while psql read its output, psql
    // would commit the dropped schema with part of the data.
    let script = sibling(dump, "sql");
    let _scratch = Scratch(vec![script.clone()]);
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&script)
        .map_err(|e| format!("creating {}: {e}", script.display()))?;
    let mut to_sql = Command::new("pg_restore");
    to_sql
        .args(["--no-owner", "--no-acl"])
        .arg(format!("--file={}", script.display()))
        .arg(dump);
    run(to_sql, "pg_restore")?;
    let mut load = target.command("psql");
    load.args([
        "--no-psqlrc",
        "--quiet",
        "--set=ON_ERROR_STOP=1",
        "--single-transaction",
        "--command=DROP SCHEMA IF EXISTS public CASCADE",
        "--command=CREATE SCHEMA public",
        "--output=/dev/null",
    ])
    .arg(format!("--file={}", script.display()))
    .arg("--dbname")
    .arg(&target.uri);
    run(load, "psql")
}

/// Replaces `target` with `staged` (a folder), keeping the old one until the new one is in.
fn replace_dir(staged: &Path, target: &Path) -> Result<(), String> {
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    if !staged.exists() {
        fs::create_dir_all(staged).map_err(|e| format!("creating {}: {e}", staged.display()))?;
    }
    let old = sibling(target, "replaced");
    let had_old = target.exists();
    if had_old {
        fs::rename(target, &old).map_err(|e| format!("moving {} aside: {e}", target.display()))?;
    }
    fs::rename(staged, target)
        .map_err(|e| format!("putting {} in place: {e}", target.display()))?;
    if had_old {
        fs::remove_dir_all(&old).map_err(|e| format!("removing {}: {e}", old.display()))?;
    }
    Ok(())
}

/// How the PostgreSQL client tools reach the database of `DATABASE_URL`: the URL without its
/// password (which would show in the process list) and without the driver's own options
/// (which libpq refuses), the password passed in `PGPASSWORD`.
struct PgTarget {
    uri: String,
    password: Option<String>,
}

/// URL options libpq understands; sqlx-only ones are left out.
const LIBPQ_OPTIONS: &[&str] = &[
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "options",
    "application_name",
    "connect_timeout",
    "host",
    "hostaddr",
    "port",
    // Who and which database: sqlx honours them in the query too, so the tools must as well.
    "user",
    "dbname",
];

impl PgTarget {
    fn parse(database_url: &str) -> Result<PgTarget, String> {
        let mut url = url::Url::parse(database_url)
            .map_err(|_| "DATABASE_URL is not a valid postgres:// URL".to_string())?;
        // A password in the query (which sqlx accepts) goes the same way as one in the
        // authority: into PGPASSWORD, never onto the command line.
        let password = url.password().map(percent_decode).or_else(|| {
            url.query_pairs()
                .find(|(k, _)| k == "password")
                .map(|(_, v)| v.into_owned())
        });
        let _ = url.set_password(None);
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| LIBPQ_OPTIONS.contains(&k.as_ref()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        url.set_query(None);
        if !kept.is_empty() {
            url.query_pairs_mut().extend_pairs(kept);
        }
        Ok(PgTarget {
            uri: url.to_string(),
            password,
        })
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        if let Some(password) = &self.password {
            command.env("PGPASSWORD", password);
        }
        command
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn missing_tool(program: &str, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        format!(
            "{program} is not installed: install PostgreSQL's client tools (Debian: postgresql-client; scripts/install-tools.sh does)"
        )
    } else {
        format!("{program}: {e}")
    }
}

/// Runs a client tool to completion; its own messages pass through to standard error.
fn run(mut command: Command, program: &str) -> Result<(), String> {
    let status = command
        .stdout(Stdio::null())
        .status()
        .map_err(|e| missing_tool(program, &e))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_tools_get_no_password_and_no_driver_options() {
        let target = PgTarget::parse(
            "postgres://picap:s%40cret@db.internal:5433/picap?sslmode=require&statement-cache-capacity=0",
        )
        .expect("parses");
        assert_eq!(
            target.uri,
            "postgres://picap@db.internal:5433/picap?sslmode=require"
        );
        assert_eq!(target.password.as_deref(), Some("s@cret"));
        let plain = PgTarget::parse("postgres://postgres@127.0.0.1:5432/picap").expect("parses");
        assert_eq!(plain.uri, "postgres://postgres@127.0.0.1:5432/picap");
        assert_eq!(plain.password, None);
    }

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_path("sqlite://data/picap.db?mode=rwc").expect("a file"),
            PathBuf::from("data/picap.db")
        );
        assert_eq!(
            sqlite_path("sqlite:///tmp/x.db").expect("a file"),
            PathBuf::from("/tmp/x.db")
        );
        assert!(sqlite_path("sqlite::memory:").is_err());
    }

    #[test]
    fn archives_of_another_engine_or_a_newer_schema_are_refused() {
        let last = migration::Migrator::migrations()
            .last()
            .map(|m| m.name().to_string())
            .expect("migrations");
        let manifest = Manifest {
            format: FORMAT,
            engine: "postgres".into(),
            created_at: Utc::now(),
            last_migration: last,
            picap_version: "0.1.0".into(),
            database: "database.pgdump".into(),
            folders: vec![],
        };
        assert!(check_manifest(&manifest, app::db::Engine::Postgres).is_ok());
        let other = check_manifest(&manifest, app::db::Engine::Sqlite).expect_err("engine");
        assert!(other.contains("holds a postgres database"), "{other}");
        let newer = Manifest {
            last_migration: "m20991231_000099_from_the_future".into(),
            ..manifest.clone()
        };
        let err = check_manifest(&newer, app::db::Engine::Postgres).expect_err("newer");
        assert!(err.contains("newer PICAP"), "{err}");
        let format = Manifest {
            format: FORMAT + 1,
            ..manifest
        };
        assert!(check_manifest(&format, app::db::Engine::Postgres).is_err());
    }

    #[test]
    fn the_client_tools_get_the_user_and_database_named_in_the_query() {
        let target =
            PgTarget::parse("postgres://db.internal/?dbname=picap&user=picap&password=s3cret")
                .expect("parses");
        assert_eq!(
            target.uri,
            "postgres://db.internal/?dbname=picap&user=picap"
        );
        assert_eq!(target.password.as_deref(), Some("s3cret"));
    }

    #[test]
    fn a_manifest_listing_a_folder_twice_or_elsewhere_is_refused() {
        let last = migration::Migrator::migrations()
            .last()
            .map(|m| m.name().to_string())
            .expect("migrations");
        let files = |entry: &str| Folder {
            role: FolderRole::Files,
            entry: entry.into(),
        };
        let manifest = |folders| Manifest {
            format: FORMAT,
            engine: "sqlite".into(),
            created_at: Utc::now(),
            last_migration: last.clone(),
            picap_version: "0.1.0".into(),
            database: "database.sqlite".into(),
            folders,
        };
        assert!(check_manifest(&manifest(vec![files("files/")]), app::db::Engine::Sqlite).is_ok());
        for folders in [
            vec![files("files/"), files("files/")],
            vec![files("../etc/")],
        ] {
            let refused =
                check_manifest(&manifest(folders), app::db::Engine::Sqlite).expect_err("refused");
            assert!(refused.contains("not restored"), "{refused}");
        }
    }

    /// One archive entry for the tests: name, type, content, link target.
    type Entry<'a> = (&'a str, tar::EntryType, &'a [u8], &'a str);

    /// An archive as `picap backup` writes it, but with `entries` after the manifest.
    fn archive_with(dir: &Path, entries: &[Entry<'_>]) -> PathBuf {
        let last = migration::Migrator::migrations()
            .last()
            .map(|m| m.name().to_string())
            .expect("migrations");
        let manifest = Manifest {
            format: FORMAT,
            engine: "sqlite".into(),
            created_at: Utc::now(),
            last_migration: last,
            picap_version: "0.1.0".into(),
            database: "database.sqlite".into(),
            folders: vec![Folder {
                role: FolderRole::Files,
                entry: "files/".into(),
            }],
        };
        let path = dir.join("backup.tar");
        let mut builder = tar::Builder::new(File::create(&path).expect("archive"));
        let text = serde_json::to_vec(&manifest).expect("manifest");
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_mode(0o600);
        header.set_entry_type(tar::EntryType::Regular);
        builder
            .append_data(&mut header, MANIFEST, text.as_slice())
            .expect("manifest entry");
        for (name, kind, data, link) in entries {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o600);
            header.set_entry_type(*kind);
            if !link.is_empty() {
                header.set_link_name(link).expect("link name");
            }
            builder
                .append_data(&mut header, name, *data)
                .expect("entry");
        }
        builder.finish().expect("archive written");
        path
    }

    #[tokio::test]
    async fn links_and_empty_databases_in_an_archive_are_refused_before_anything_changes() {
        let dir = std::env::temp_dir().join(format!("picap-restore-{}", uuid::Uuid::new_v4()));
        fs::create_dir_all(&dir).expect("dir");
        let db_path = dir.join("picap.db");
        let url = format!("sqlite://{}?mode=rwc", db_path.display());
        let config = Config::from_lookup(|name| (name == "DATABASE_URL").then(|| url.clone()))
            .expect("config");
        let cases: [(&[Entry<'_>], &str); 2] = [
            (
                &[
                    ("database.sqlite", tar::EntryType::Regular, b"SQLite", ""),
                    ("files/key", tar::EntryType::Symlink, b"", "/etc/shadow"),
                ],
                "neither a file nor a folder",
            ),
            (
                &[("database.sqlite", tar::EntryType::Regular, b"", "")],
                "database entry is empty",
            ),
        ];
        for (entries, expected) in cases {
            let archive = archive_with(&dir, entries);
            let refused = restore(&config, &archive, true).await.expect_err("refused");
            assert!(refused.contains(expected), "{refused}");
            assert!(!db_path.exists(), "nothing was put in place");
        }
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_manifest_names_its_folders_by_role() {
        let folder = Folder {
            role: FolderRole::Files,
            entry: "files/".into(),
        };
        let text = serde_json::to_string(&folder).expect("serialises");
        assert_eq!(text, r#"{"role":"files","entry":"files/"}"#);
        // A role this version does not know (signing keys, later) is refused, not dropped.
        assert!(serde_json::from_str::<Folder>(r#"{"role":"keys","entry":"keys/"}"#).is_err());
    }
}
