//! The application clock and the job runner: time moves only when a test moves it, due jobs run
//! once however many runners share the database, and a runner that died mid-job is taken over
//! when its lease runs out.

use std::process::{Command, Stdio};

use app::accounts::Affiliation::{Civilian, Police};
use app::clock::Clock;
use app::jobs::{JobKind, LEASE, run_due, schedule};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, prelude::Expr};
use serde_json::Value;

use crate::enrollment::{apply, check_invariants, set_quotas};
use crate::helpers::{Engine, offering, spawn_app_on, trainee_from};

/// A second runner: its own pool on the same database and its own clock, as another server
/// process would have.
async fn other_runner(
    app: &crate::helpers::TestApp,
    at: DateTime<Utc>,
) -> (sea_orm::DatabaseConnection, app::site::Site) {
    let db = app::db::connect(app.database_url()).await.unwrap();
    let site = app::site::Site {
        clock: Clock::manual(at),
        ..app::site::Site::default()
    };
    (db, site)
}

fn site_of(app: &crate::helpers::TestApp) -> app::site::Site {
    app::site::Site {
        clock: app.clock.clone(),
        ..app::site::Site::default()
    }
}

/// How many promotions the runs made, across the release jobs among them.
fn released(runs: &[app::jobs::Ran]) -> u64 {
    runs.iter()
        .filter(|r| r.kind == JobKind::ReleaseHeldSeats)
        .map(|r| r.outcome.clone().expect("the release job succeeds"))
        .sum()
}

on_both_engines! {
    async fn moving_the_clock_past_the_deadline_releases_held_seats_exactly_once_across_two_runners(engine: Engine) {
        let start = Utc::now();
        let app = spawn_app_on(engine, Clock::manual(start), |_| {}).await;
        // One seat left, held for civilians until enrolment closes in 3 days; a police officer
        // waits for it.
        let course = offering(&app, "PICAP-JOB-101", "both", 2, 3).await;
        set_quotas(&app, course, Some(("civilian", 50)), None, None).await;
        let (_, p1) = trainee_from(&app, 1, Police, "PNP", "PE").await;
        let (p2, p2_cookie) = trainee_from(&app, 2, Police, "PNP", "PE").await;
        let (_, _c1) = trainee_from(&app, 3, Civilian, "Defensoría", "PE").await;
        assert_eq!(apply(&app, course, &p1).await.status(), 201);
        let held: Value = apply(&app, course, &p2_cookie).await.json().await.unwrap();
        assert_eq!(held["status"], "waitlisted");
        assert_eq!(held["reason"], "quota_share");

        // Two runners on one database, each with its own clock, as two server processes.
        let a = site_of(&app);
        let (other_db, b) = other_runner(&app, start).await;
        app::jobs::ensure_periodic(&app.db, start).await.unwrap();
        app::jobs::ensure_periodic(&other_db, start).await.unwrap();
        let queued = entity::due_job::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(queued.len(), JobKind::ALL.len(), "each periodic job is queued once, whoever queues it");

        // Before the deadline: the job runs (once) and releases nothing.
        let (ra, rb) = tokio::join!(run_due(&app.db, &a), run_due(&other_db, &b));
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        let runs = ra.iter().chain(rb.iter()).filter(|r| r.kind == JobKind::ReleaseHeldSeats).count();
        assert!(runs <= 1, "one runner claims a due job, not both: {ra:?} {rb:?}");
        assert_eq!(released(&ra) + released(&rb), 0, "nothing is released while enrolment is open");
        let (enrolled, waiting) = check_invariants(&app, course).await;
        assert_eq!((enrolled.len(), waiting), (1, vec![p2]));

        // Three days and a minute later nothing moved by itself on the real clock; four days
        // on, enrolment has closed: the seat goes to the officer, exactly once.
        let later = start + Duration::days(4) + Duration::minutes(2);
        app.clock.set(later);
        b.clock.set(later);
        let mut total = 0;
        for _ in 0..3 {
            let (ra, rb) = tokio::join!(run_due(&app.db, &a), run_due(&other_db, &b));
            let (ra, rb) = (ra.unwrap(), rb.unwrap());
            let runs = ra.iter().chain(rb.iter()).filter(|r| r.kind == JobKind::ReleaseHeldSeats).count();
            assert!(runs <= 1, "one runner claims a due job, not both");
            total += released(&ra) + released(&rb);
            // The next pass is due a minute later by the clock.
            app.clock.advance(Duration::minutes(2));
            b.clock.advance(Duration::minutes(2));
        }
        let (enrolled, waiting) = check_invariants(&app, course).await;
        assert_eq!(enrolled.len(), 2);
        assert!(enrolled.contains(&p2), "the officer waiting got the released seat");
        assert!(waiting.is_empty());
        assert_eq!(total, 1, "released exactly once by the two runners");
        let told = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Recipient.eq("trainee2@policia.example.org"))
            .filter(entity::outbox::Column::Subject.starts_with("Tiene una plaza"))
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(told.len(), 1, "the promoted officer is emailed once");
        app.stop().await;
    }

    async fn a_job_is_queued_once_and_a_dead_runners_claim_is_taken_over_when_its_lease_runs_out(engine: Engine) {
        let start = Utc::now();
        let app = spawn_app_on(engine, Clock::manual(start), |_| {}).await;
        let site = site_of(&app);
        // A test on a manual clock runs the jobs itself: the server's runner stays out.
        app::jobs::ensure_periodic(&app.db, start).await.unwrap();
        // A job about one subject is queued once, however often it is asked for.
        assert!(schedule(&app.db, JobKind::PurgeStaleImports, "batch-7", start, start).await.unwrap());
        assert!(!schedule(&app.db, JobKind::PurgeStaleImports, "batch-7", start, start).await.unwrap(), "the same job is never queued twice");
        // The same (kind, subject) refused by the database itself, not only by the code; an
        // unknown kind by its CHECK constraint.
        let raw_insert = |kind: &str, subject: &str| {
            entity::due_job::Entity::insert(entity::due_job::ActiveModel {
                kind: sea_orm::Set(kind.into()),
                subject: sea_orm::Set(subject.into()),
                due_at: sea_orm::Set(start),
                attempts: sea_orm::Set(0),
                created_at: sea_orm::Set(start),
                ..Default::default()
            })
            .exec(&app.db)
        };
        let duplicate = raw_insert("purge_stale_imports", "batch-7").await.unwrap_err();
        assert!(matches!(duplicate.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))), "{duplicate}");
        let unknown = raw_insert("mine_bitcoin", "").await.unwrap_err();
        assert!(unknown.to_string().contains("ck_due_jobs_kind"), "{unknown}");

        // A runner claimed it and died: its lease holds the job until it runs out.
        entity::due_job::Entity::update_many()
            .col_expr(entity::due_job::Column::LeasedUntil, Expr::value(start + LEASE))
            .filter(entity::due_job::Column::Subject.eq("batch-7"))
            .exec(&app.db)
            .await
            .unwrap();
        let ran = run_due(&app.db, &site).await.unwrap();
        assert!(ran.iter().all(|r| r.subject != "batch-7"), "a job under a live lease is not run again");
        app.clock.advance(LEASE + Duration::seconds(1));
        let ran = run_due(&app.db, &site).await.unwrap();
        assert!(ran.iter().any(|r| r.subject == "batch-7" && r.outcome.is_ok()), "taken over once the lease ran out: {ran:?}");
        let left = entity::due_job::Entity::find()
            .filter(entity::due_job::Column::Subject.eq("batch-7"))
            .all(&app.db)
            .await
            .unwrap();
        assert!(left.is_empty(), "a one-off job that succeeded is gone");
        // The periodic ones are back, due later by the clock, never twice.
        let periodic = entity::due_job::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(periodic.len(), JobKind::ALL.len());
        assert!(periodic.iter().all(|j| j.due_at > app.clock.now() && j.leased_until.is_none() && j.attempts == 0), "{periodic:?}");
        app.stop().await;
    }
}

/// The `picap` binary, as production runs it, reads the system clock whatever it is told: no
/// environment variable moves it, and no flag is accepted.
#[tokio::test]
async fn the_production_binary_ignores_every_attempt_to_set_its_clock() {
    let database = crate::helpers::TestDatabase::new(Engine::Sqlite);
    let picap = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_picap"));
        command
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", &database.url);
        command
    };
    for flag in ["--clock", "--now", "--time", "--fake-time"] {
        let refused = picap()
            .args(["serve", flag, "2001-01-01T00:00:00Z"])
            .output()
            .unwrap();
        assert!(
            !refused.status.success(),
            "{flag} is not a flag the server takes"
        );
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = picap()
        .env("PICAP_ADDR", format!("127.0.0.1:{port}"))
        .env("PICAP_CLOCK", "2001-01-01T00:00:00Z")
        .env("PICAP_NOW", "2001-01-01T00:00:00Z")
        .env("PICAP_TIME", "2001-01-01T00:00:00Z")
        .env("PICAP_TEST_CLOCK", "2001-01-01T00:00:00Z")
        .env("FAKETIME", "2001-01-01 00:00:00")
        .env("SOURCE_DATE_EPOCH", "978307200")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}/api/v1/health");
    let mut report: Option<Value> = None;
    for _ in 0..100 {
        if let Ok(response) = reqwest::get(&url).await {
            report = response.json().await.ok();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = server.kill();
    let _ = server.wait();
    let report = report.expect("the server answered its health check");
    let time = DateTime::parse_from_rfc3339(report["time"].as_str().unwrap()).unwrap();
    let off = (Utc::now() - time.with_timezone(&Utc)).num_seconds().abs();
    assert!(
        off < 300,
        "the server reads the system clock, not what it was told: {report}"
    );
}
