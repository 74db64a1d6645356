//! Nothing acknowledged is lost: a burst of enrolment applications and withdrawals against a
//! real `picap serve` process, killed with SIGKILL part-way, then a second process on the same
//! database. Every answer that was a 2xx is in the database, the seats and waiting lists keep
//! their invariants, and the mail queued before the kill is delivered after the restart, at
//! least once per message, duplicates sharing their `Message-ID`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use entity::{enrollment, outbox, user};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{Engine, TestDatabase};
use crate::smtp_sink::SmtpSink;

/// Trainees in the burst; the server is killed once half of them have been acknowledged.
const TRAINEES: usize = 240;
/// Requests in flight at once.
const CONCURRENCY: usize = 16;
/// Every third trainee whose application is acknowledged withdraws it at once.
const WITHDRAW_EVERY: usize = 3;
const MAIL_DOMAIN: &str = "picap.example.org";

fn picap(database_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_picap"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn");
    command
}

/// A `picap serve` process, killed (SIGKILL) when dropped if still running.
struct Served {
    child: Child,
    address: String,
}

impl Served {
    fn start(database_url: &str, smtp_url: &str, log: &Path) -> Served {
        // A port nobody holds now; the server binds it a moment later.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = std::fs::File::create(log).expect("server log");
        let child = picap(database_url)
            .arg("serve")
            .env("PICAP_ADDR", format!("127.0.0.1:{port}"))
            .env("PICAP_IP_RATE_LIMIT", "0")
            .env("PICAP_MAIL_FROM", format!("PICAP <no-reply@{MAIL_DOMAIN}>"))
            .env("LEPTOS_SITE_ROOT", "target/site-tests-none")
            .env("SMTP_URL", smtp_url)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("picap serve starts");
        Served {
            child,
            address: format!("http://127.0.0.1:{port}"),
        }
    }

    async fn wait_until_healthy(&mut self, client: &reqwest::Client) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(response) = client
                .get(format!("{}/api/v1/health", self.address))
                .send()
                .await
                && response.status().is_success()
            {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("picap serve exited at start: {status}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("picap serve did not answer within 30 s");
    }

    /// SIGKILL: no shutdown handler runs, nothing is flushed.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One delivered copy of a message: its recipients and subject.
type Delivered = (Vec<String>, Option<String>);

/// What the first server acknowledged.
#[derive(Default)]
struct Acknowledged {
    /// (trainee number, enrolment id, offering id) of each application answered 201.
    applications: Vec<(usize, i64, i64)>,
    /// Enrolment ids whose withdrawal was answered 200.
    withdrawals: Vec<i64>,
}

async fn burst(
    client: reqwest::Client,
    address: String,
    offerings: Arc<Vec<i64>>,
    next: Arc<AtomicUsize>,
    acknowledged: Arc<AtomicUsize>,
    acked: Arc<Mutex<Acknowledged>>,
) {
    loop {
        let n = next.fetch_add(1, Ordering::SeqCst);
        if n >= TRAINEES {
            return;
        }
        let offering = offerings[n % offerings.len()];
        let cookie = format!("picap_session=bench-trainee-{n}");
        let Ok(response) = client
            .post(format!("{address}/api/v1/offerings/{offering}/enrollments"))
            .header("cookie", &cookie)
            .send()
            .await
        else {
            continue;
        };
        if !response.status().is_success() {
            continue;
        }
        // The 201 counts only once its body (the enrolment's id) has been read in full.
        let Ok(body) = response.json::<serde_json::Value>().await else {
            continue;
        };
        let id = body["id"].as_i64().expect("an enrolment id");
        acked
            .lock()
            .expect("lock")
            .applications
            .push((n, id, offering));
        acknowledged.fetch_add(1, Ordering::SeqCst);
        if n.is_multiple_of(WITHDRAW_EVERY) {
            let withdrawn = client
                .delete(format!("{address}/api/v1/enrollments/{id}"))
                .header("cookie", &cookie)
                .send()
                .await;
            if let Ok(response) = withdrawn
                && response.status().is_success()
                && response.bytes().await.is_ok()
            {
                acked.lock().expect("lock").withdrawals.push(id);
            }
        }
    }
}

on_both_engines! {
    async fn nothing_acknowledged_is_lost_to_a_kill_and_queued_mail_goes_out_after_restart(engine: Engine) {
        let started = Instant::now();
        let database = TestDatabase::new(engine);
        let url = database.url.clone();
        let work = std::env::temp_dir().join(format!("picap-crash-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&work).unwrap();

        let seed_url = url.clone();
        let seeded = tokio::task::spawn_blocking(move || {
            let migrated = picap(&seed_url).arg("migrate").output().expect("migrate runs");
            assert!(migrated.status.success(), "{}", String::from_utf8_lossy(&migrated.stderr));
            picap(&seed_url)
                .args(["bench-seed-enrollment", "--trainees", &TRAINEES.to_string(), "--offerings", "4", "--capacity", "20"])
                .output()
                .expect("bench-seed-enrollment runs")
        })
        .await
        .unwrap();
        assert!(seeded.status.success(), "{}", String::from_utf8_lossy(&seeded.stderr));
        let offerings: Vec<i64> = String::from_utf8_lossy(&seeded.stdout)
            .lines()
            .map(|l| l.trim().parse().expect("an offering id"))
            .collect();
        assert_eq!(offerings.len(), 4);

        // The first server's relay accepts connections and never answers: the worker's first
        // message hangs mid-delivery (claimed, `sending`) and the rest wait behind it, so the
        // kill finds mail both in flight and queued.
        let black_hole = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let black_hole_url = format!("smtp://{}", black_hole.local_addr().unwrap());
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        let mut first = Served::start(&url, &black_hole_url, &work.join("first.log"));
        first.wait_until_healthy(&client).await;

        let offerings = Arc::new(offerings);
        let next = Arc::new(AtomicUsize::new(0));
        let acknowledged = Arc::new(AtomicUsize::new(0));
        let acked = Arc::new(Mutex::new(Acknowledged::default()));
        let workers: Vec<_> = (0..CONCURRENCY)
            .map(|_| {
                tokio::spawn(burst(
                    client.clone(),
                    first.address.clone(),
                    offerings.clone(),
                    next.clone(),
                    acknowledged.clone(),
                    acked.clone(),
                ))
            })
            .collect();
        let deadline = Instant::now() + Duration::from_secs(40);
        while acknowledged.load(Ordering::SeqCst) < TRAINEES / 2 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        first.kill();
        for worker in workers {
            worker.await.unwrap();
        }
        let acked = std::mem::take(&mut *acked.lock().unwrap());
        assert!(acked.applications.len() >= TRAINEES / 2, "{} acknowledged", acked.applications.len());
        assert!(acked.applications.len() < TRAINEES, "killed part-way, not after the burst");
        assert!(!acked.withdrawals.is_empty());

        let db = app::db::connect(&url).await.unwrap();
        let queued_at_kill = outbox::Entity::find().all(&db).await.unwrap();
        assert!(!queued_at_kill.is_empty(), "applications queue mail");
        assert!(
            queued_at_kill.iter().all(|m| m.status != "sent"),
            "the first relay never answered"
        );
        // A message in flight at the crash comes back when its claim's lease runs out (two
        // minutes by default); the test ends the lease now instead of waiting it out.
        outbox::Entity::update_many()
            .col_expr(outbox::Column::LockedUntil, Expr::value(Some(Utc::now() - chrono::Duration::seconds(1))))
            .filter(outbox::Column::Status.eq("sending"))
            .exec(&db)
            .await
            .unwrap();

        let sink = SmtpSink::start().await;
        let mut second = Served::start(&url, &sink.url(), &work.join("second.log"));
        second.wait_until_healthy(&client).await;

        // Every acknowledged application and withdrawal is in the database.
        for (n, id, offering) in &acked.applications {
            let row = enrollment::Entity::find_by_id(*id).one(&db).await.unwrap()
                .unwrap_or_else(|| panic!("application {id} of trainee {n} was acknowledged, then lost"));
            assert_eq!(row.offering_id, *offering);
            let person = user::Entity::find_by_id(row.user_id).one(&db).await.unwrap().unwrap();
            assert_eq!(person.email, format!("bench-trainee-{n}@bench.example.org"));
        }
        for id in &acked.withdrawals {
            let row = enrollment::Entity::find_by_id(*id).one(&db).await.unwrap().unwrap();
            assert_eq!(row.status, "withdrawn", "withdrawal of {id} was acknowledged");
        }

        // Seats within capacity and equal to the enrolled count; waiting lists without gaps.
        let check_url = url.clone();
        let checked = tokio::task::spawn_blocking(move || {
            picap(&check_url).arg("bench-check-enrollment").output().expect("check runs")
        })
        .await
        .unwrap();
        let said = String::from_utf8_lossy(&checked.stdout).into_owned();
        assert!(checked.status.success(), "{said}{}", String::from_utf8_lossy(&checked.stderr));
        assert!(said.contains("invariants hold"), "{said}");

        // The outbox resumes: each message queued before the kill arrives, at least once.
        let expected: BTreeSet<String> = queued_at_kill
            .iter()
            .map(|m| format!("<{}@{MAIL_DOMAIN}>", m.message_id))
            .collect();
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut copies: BTreeMap<String, Vec<Delivered>> = BTreeMap::new();
        while Instant::now() < deadline {
            copies.clear();
            for mail in sink.received() {
                let id = mail.header("Message-ID").expect("every message has a Message-ID");
                copies.entry(id).or_default().push((mail.to.clone(), mail.header("Subject")));
            }
            if expected.iter().all(|id| copies.contains_key(id)) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let missing: Vec<_> = expected.iter().filter(|id| !copies.contains_key(*id)).collect();
        assert!(missing.is_empty(), "{} of {} queued messages never arrived: {missing:?}", missing.len(), expected.len());
        // A duplicate is the same message again: same Message-ID, same recipient and subject.
        for (id, seen) in &copies {
            assert!(seen.windows(2).all(|w| w[0] == w[1]), "{id}: {seen:?}");
        }
        // And the outbox records each as sent (the mark follows the relay's answer).
        let ids: Vec<i64> = queued_at_kill.iter().map(|m| m.id).collect();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let unsent: Vec<_> = outbox::Entity::find()
                .filter(outbox::Column::Id.is_in(ids.clone()))
                .filter(outbox::Column::Status.ne("sent"))
                .all(&db)
                .await
                .unwrap();
            if unsent.is_empty() {
                break;
            }
            assert!(Instant::now() < deadline, "delivered but not marked sent: {unsent:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        second.kill();
        db.close().await.unwrap();
        let _ = std::fs::remove_dir_all(&work);
        eprintln!(
            "crash drill on {}: {} applications and {} withdrawals acknowledged before the kill, {} messages delivered after it, {:.1} s",
            engine.name(),
            acked.applications.len(),
            acked.withdrawals.len(),
            expected.len(),
            started.elapsed().as_secs_f64()
        );
    }
}
