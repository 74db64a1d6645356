//! The `picap` binary as an operator runs it.

use std::process::Command;

use crate::helpers::{Engine, TestDatabase};

fn picap(database_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_picap"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url);
    command
}

#[test]
fn invalid_configuration_stops_with_one_line_naming_the_variable() {
    let output = picap("mysql://root@localhost/picap")
        .arg("migrate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("DATABASE_URL"), "{stderr}");

    let output = picap("sqlite://x.db")
        .env("PICAP_ADDR", "everywhere")
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("PICAP_ADDR"));
}

on_both_engines! {
    async fn create_admin_migrate_and_seed_from_the_command_line(engine: Engine) {
        let database = TestDatabase::new(engine);
        let url = database.url.clone();
        let outputs = tokio::task::spawn_blocking(move || {
            let migrate = picap(&url).arg("migrate").output().unwrap();
            let short = picap(&url)
                .env("PICAP_ADMIN_PASSWORD", "short")
                .args(["create-admin", "--email", "chief@oas.example.org"])
                .output()
                .unwrap();
            let created = picap(&url)
                .env("PICAP_ADMIN_PASSWORD", "a long enough admin passphrase")
                .args(["create-admin", "--email", "Chief@OAS.example.org"])
                .output()
                .unwrap();
            let duplicate = picap(&url)
                .env("PICAP_ADMIN_PASSWORD", "a long enough admin passphrase")
                .args(["create-admin", "--email", "chief@oas.example.org"])
                .output()
                .unwrap();
            let seed = picap(&url).arg("seed-demo").output().unwrap();
            (migrate, short, created, duplicate, seed)
        })
        .await
        .unwrap();
        let (migrate, short, created, duplicate, seed) = outputs;
        let text = |o: &std::process::Output| format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
        assert!(migrate.status.success(), "{}", text(&migrate));
        assert!(text(&migrate).contains(engine.name()));
        assert!(!short.status.success());
        assert!(text(&short).contains("password: at least 12 characters"), "{}", text(&short));
        assert!(created.status.success(), "{}", text(&created));
        assert!(text(&created).contains("chief@oas.example.org"));
        assert!(!duplicate.status.success());
        assert!(text(&duplicate).contains("--email: an account with this address already exists"), "{}", text(&duplicate));
        // An administrator exists, so the database is not empty: no demo data is mixed in.
        assert!(seed.status.success(), "{}", text(&seed));
        assert!(text(&seed).contains("demo data was not loaded"), "{}", text(&seed));
    }
}
