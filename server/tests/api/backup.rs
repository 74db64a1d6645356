//! The restore drill: `picap backup`, a change, `picap restore` (refused, then forced), and the
//! database and file store are back as they were, on both engines.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use crate::helpers::{Engine, TestDatabase};

fn picap(database_url: &str, files_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_picap"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("PICAP_FILES_DIR", files_dir)
        .env("RUST_LOG", "warn");
    command
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs `picap` with `args` off the async runtime.
async fn picap_run(url: &str, files: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = picap(url, files);
    command.args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    tokio::task::spawn_blocking(move || command.output().expect("picap runs"))
        .await
        .expect("joined")
}

/// Rows in every table of the schema (but sea-orm's own bookkeeping), by table.
async fn row_counts(db: &DatabaseConnection) -> BTreeMap<String, i64> {
    let backend = db.get_database_backend();
    let list = match backend {
        DbBackend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    };
    let tables: Vec<String> = db
        .query_all_raw(Statement::from_string(backend, list))
        .await
        .expect("tables listed")
        .into_iter()
        .map(|row| row.try_get_by_index::<String>(0).expect("a name"))
        .filter(|name| name != "seaql_migrations")
        .collect();
    let mut counts = BTreeMap::new();
    for table in tables {
        let row = db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT count(*) FROM \"{table}\""),
            ))
            .await
            .expect("counted")
            .expect("one row");
        counts.insert(table, row.try_get_by_index::<i64>(0).expect("a count"));
    }
    counts
}

fn scratch_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("picap-{tag}-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

on_both_engines! {
    async fn a_backup_restores_what_was_there_and_only_that(engine: Engine) {
        let database = TestDatabase::new(engine);
        let url = database.url.clone();
        let work = scratch_dir("backup");
        let files = work.join("files");
        std::fs::create_dir_all(files.join("imports")).unwrap();
        std::fs::write(files.join("imports/roster.csv"), "email\nana@policia.example.org\n").unwrap();

        let migrated = picap_run(&url, &files, &["migrate"], &[]).await;
        assert!(migrated.status.success(), "{}", text(&migrated));
        let seeded = picap_run(&url, &files, &["seed-demo"], &[]).await;
        assert!(seeded.status.success(), "{}", text(&seeded));

        let db = app::db::connect(&url).await.unwrap();
        let before = row_counts(&db).await;
        assert!(before["users"] > 0 && before["offerings"] > 0 && before["enrollments"] > 0, "{before:?}");
        db.close().await.unwrap();

        let archive = work.join("picap.tar");
        let archive_arg = archive.to_str().unwrap();
        let backed_up = picap_run(&url, &files, &["backup", archive_arg], &[]).await;
        assert!(backed_up.status.success(), "{}", text(&backed_up));
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&archive).unwrap().permissions().mode() & 0o077,
            0,
            "personal data: the archive is its owner's alone"
        );

        // Changes after the backup: a new administrator, a file replaced by another.
        let added = picap_run(
            &url,
            &files,
            &["create-admin", "--email", "after.backup@oas.example.org"],
            &[("PICAP_ADMIN_PASSWORD", "a long enough admin passphrase")],
        )
        .await;
        assert!(added.status.success(), "{}", text(&added));
        std::fs::remove_file(files.join("imports/roster.csv")).unwrap();
        std::fs::write(files.join("later.csv"), "x").unwrap();

        // The database holds data: a restore without --force changes nothing.
        let refused = picap_run(&url, &files, &["restore", archive_arg], &[]).await;
        assert!(!refused.status.success());
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("refusing to overwrite a database that holds data"), "{stderr}");
        assert!(stderr.contains("--force"), "{stderr}");
        assert!(files.join("later.csv").exists(), "nothing restored when refused");

        // An archive of one engine does not go into the other.
        let other = TestDatabase::new(match engine {
            Engine::Sqlite => Engine::Postgres,
            Engine::Postgres => Engine::Sqlite,
        });
        let crossed = picap_run(&other.url, &work.join("other-files"), &["restore", archive_arg], &[]).await;
        assert!(!crossed.status.success());
        let stderr = String::from_utf8_lossy(&crossed.stderr);
        assert!(
            stderr.contains(&format!("the backup holds a {} database", engine.name())),
            "{stderr}"
        );

        let forced = picap_run(&url, &files, &["restore", "--force", archive_arg], &[]).await;
        assert!(forced.status.success(), "{}", text(&forced));
        assert!(text(&forced).contains("Restored"), "{}", text(&forced));

        let db = app::db::connect(&url).await.unwrap();
        let after = row_counts(&db).await;
        assert_eq!(after, before, "every table as it was at the backup");
        let gone = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT count(*) FROM users WHERE email = 'after.backup@oas.example.org'",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        assert_eq!(gone, 0, "the account made after the backup is gone");
        db.close().await.unwrap();
        assert_eq!(
            std::fs::read_to_string(files.join("imports/roster.csv")).unwrap(),
            "email\nana@policia.example.org\n"
        );
        assert!(!files.join("later.csv").exists(), "the file store is as it was");

        // The restored database is usable by the commands that read it.
        let status = picap_run(&url, &files, &["mail-status"], &[]).await;
        assert!(status.status.success(), "{}", text(&status));
        let _ = std::fs::remove_dir_all(&work);
    }
}
