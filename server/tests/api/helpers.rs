//! `spawn_app()` and friends, in the style of zero-to-production.

use std::time::Duration;

use sea_orm::DatabaseConnection;
use server::config::{Config, MailTimings};
use server::startup::Application;
use tokio::sync::watch;

use crate::smtp_sink::SmtpSink;

/// The two engines every integration test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// Declares each test once and runs it on both engines, as `name::sqlite` and `name::postgres`.
macro_rules! on_both_engines {
    ($(async fn $name:ident($engine:ident: Engine) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;
                async fn run($engine: Engine) $body
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() { run($crate::helpers::Engine::Sqlite).await }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() { run($crate::helpers::Engine::Postgres).await }
            }
        )*
    };
}

/// A database created for one test and removed after it.
pub struct TestDatabase {
    pub url: String,
    engine: Engine,
    name: String,
}

/// The PostgreSQL server the tests use (`PICAP_TEST_PG`).
pub fn postgres_server() -> String {
    std::env::var("PICAP_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string())
        .trim_end_matches('/')
        .to_string()
}

impl TestDatabase {
    /// A new, empty database (the server creates and migrates it on connect).
    pub fn new(engine: Engine) -> TestDatabase {
        let name = format!("picap_test_{}", uuid::Uuid::new_v4().simple());
        let url = match engine {
            Engine::Sqlite => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                format!("sqlite://{}?mode=rwc", path.display())
            }
            Engine::Postgres => format!("{}/{name}", postgres_server()),
        };
        TestDatabase { url, engine, name }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match self.engine {
            Engine::Sqlite => {
                let base = std::env::temp_dir().join(format!("{}.db", self.name));
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", base.display()));
                }
            }
            Engine::Postgres => {
                // Drop runs inside the test's runtime: use a thread with its own.
                let name = self.name.clone();
                let admin = format!("{}/postgres", postgres_server());
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async move {
                        use sea_orm::ConnectionTrait;
                        if let Ok(db) = sea_orm::Database::connect(admin).await {
                            let _ = db
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                                ))
                                .await;
                            let _ = db.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// Configuration for a test server: port 0, the given database, fast mail timings.
pub fn test_config(database_url: &str, smtp_url: Option<String>) -> Config {
    let mut config = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(database_url.to_string()),
        "PICAP_ADDR" => Some("127.0.0.1:0".to_string()),
        "PICAP_MAIL_FROM" => Some("PICAP <no-reply@picap.example.org>".to_string()),
        "LEPTOS_SITE_ROOT" => Some("target/site-tests-none".to_string()),
        _ => None,
    })
    .expect("test configuration is valid");
    config.smtp_url = smtp_url;
    // Each test server keeps its uploads apart.
    config.files_dir = std::env::temp_dir().join(format!("picap-files-{}", uuid::Uuid::new_v4()));
    // Tests sign in many times from 127.0.0.1; the limit's own test turns it on.
    config.ip_rate_limit = 0;
    config.mail = MailTimings {
        poll_interval: Duration::from_millis(50),
        lease: Duration::from_secs(30),
        backoff_base: Duration::from_millis(10),
        backoff_max: Duration::from_millis(200),
        max_attempts: 4,
        smtp_timeout: Duration::from_secs(5),
    };
    config
}

/// A running server.
pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    pub smtp: SmtpSink,
    /// The server's clock: the system's, unless the test gave a settable one.
    pub clock: app::clock::Clock,
    stop: watch::Sender<bool>,
    server: Option<tokio::task::JoinHandle<()>>,
    // Declared last: dropped after the server has stopped.
    _database: TestDatabase,
}

impl TestApp {
    /// The database's URL, for another pool on it (another server process, in effect).
    pub fn database_url(&self) -> &str {
        &self._database.url
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// Posts a form as a browser without JavaScript does (server functions take these).
    pub async fn post_form(
        &self,
        path: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request
            .body(body.to_string())
            .send()
            .await
            .expect("request sent")
    }

    /// Sends JSON with an optional session cookie.
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self.client.request(method, self.url(path)).json(body);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request sent")
    }

    /// Signs in through the API and returns the `name=value` of the session cookie.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let response = self
            .send_json(
                reqwest::Method::POST,
                "/api/v1/auth/login",
                &serde_json::json!({"email": email, "password": password}),
                None,
            )
            .await;
        assert_eq!(response.status(), 200, "{email} signs in");
        cookie_pair(&response)
    }

    /// GETs with a session cookie.
    pub async fn get_with(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .expect("request sent")
    }

    /// Stops the server (and its mail worker) and waits for it.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // A test that panicked never called `stop`: stop the server before its database goes.
        let _ = self.stop.send(true);
    }
}

/// Starts the real server on port 0 with a fresh database on `engine` and an SMTP sink.
pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn_app_with(engine, |_| {}).await
}

/// Like [`spawn_app`], with the configuration adjusted first.
pub async fn spawn_app_with(engine: Engine, adjust: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_on(engine, app::clock::Clock::system(), adjust).await
}

/// Like [`spawn_app_with`], on `clock` (a settable one: `app::clock::Clock::manual`).
pub async fn spawn_app_on(
    engine: Engine,
    clock: app::clock::Clock,
    adjust: impl FnOnce(&mut Config),
) -> TestApp {
    server::telemetry::init();
    let database = TestDatabase::new(engine);
    let smtp = SmtpSink::start().await;
    let mut config = test_config(&database.url, Some(smtp.url()));
    adjust(&mut config);
    let opened = server::startup::open_database(&config)
        .await
        .expect("database opens and migrates");
    let application = Application::build_with_clock(config.clone(), opened, clock.clone())
        .await
        .expect("server builds");
    let address = format!("http://127.0.0.1:{}", application.port());
    let db = app::db::connect(&database.url)
        .await
        .expect("second pool opens");
    let (stop, stop_rx) = watch::channel(false);
    let server = tokio::spawn(async move {
        let _ = application.run_until(stop_rx).await;
    });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client builds");
    TestApp {
        address,
        db,
        client,
        smtp,
        clock,
        stop,
        server: Some(server),
        _database: database,
    }
}

/// A fresh, migrated database without a server.
pub async fn fresh_db(engine: Engine) -> (DatabaseConnection, TestDatabase) {
    let database = TestDatabase::new(engine);
    let config = test_config(&database.url, None);
    let db = server::startup::open_database(&config)
        .await
        .expect("database opens and migrates");
    (db, database)
}

/// The `name=value` part of a response's first `Set-Cookie`.
pub fn cookie_pair(response: &reqwest::Response) -> String {
    let set = response.headers()["set-cookie"]
        .to_str()
        .expect("ascii cookie");
    set.split(';').next().unwrap_or_default().to_string()
}

/// Creates a person of `agency` in Peru directly in the database and returns their id.
pub async fn create_person(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    agency: &str,
    roles: Vec<app::accounts::Role>,
) -> i64 {
    create_person_in(db, email, password, "PE", agency, roles).await
}

/// Creates a person of `agency` in `country` directly in the database and returns their id.
pub async fn create_person_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    country: &str,
    agency: &str,
    roles: Vec<app::accounts::Role>,
) -> i64 {
    use app::accounts::rules::{EmailAddress, NewPassword};
    use app::accounts::service::{NewUser, create_user};
    create_user(
        db,
        NewUser {
            email: EmailAddress::parse(email).expect("valid email"),
            full_name: format!("Officer {email}"),
            country: country.to_string(),
            agency: agency.to_string(),
            rank: "Mayor".to_string(),
            affiliation: app::accounts::Affiliation::Police,
            gender: None,
            preferred_language: app::i18n::Locale::Es,
            roles,
            agency_id: None,
            self_registered: false,
        },
        Some(NewPassword::parse(password).expect("valid password")),
    )
    .await
    .expect("person created")
    .id
}

/// The audit events recorded about a person, oldest first.
pub async fn audit_trail(db: &DatabaseConnection, user_id: i64) -> Vec<String> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::SubjectUserId.eq(user_id))
        .order_by_asc(entity::audit_log::Column::Id)
        .all(db)
        .await
        .expect("audit log readable")
        .into_iter()
        .map(|row| row.event)
        .collect()
}

/// A trainee with a live session, made directly in the database (no password hashing, so that
/// hundreds of them cost nothing): returns (id, cookie).
pub async fn trainee(
    app: &TestApp,
    n: usize,
    affiliation: app::accounts::Affiliation,
) -> (i64, String) {
    trainee_from(app, n, affiliation, "PNP", "PE").await
}

/// A trainee of `agency` in `country`, as [`trainee`].
pub async fn trainee_from(
    app: &TestApp,
    n: usize,
    affiliation: app::accounts::Affiliation,
    agency: &str,
    country: &str,
) -> (i64, String) {
    use app::accounts::rules::EmailAddress;
    use app::accounts::service::{NewUser, create_user};
    use chrono::Utc;
    use sea_orm::{ActiveModelTrait, Set};
    let person = create_user(
        &app.db,
        NewUser {
            email: EmailAddress::parse(&format!("trainee{n}@policia.example.org")).unwrap(),
            full_name: format!("Trainee {n}"),
            country: country.into(),
            agency: agency.into(),
            rank: "Suboficial".into(),
            affiliation,
            gender: None,
            preferred_language: app::i18n::Locale::Es,
            roles: vec![app::accounts::Role::Trainee],
            agency_id: None,
            self_registered: false,
        },
        None,
    )
    .await
    .unwrap();
    let token = format!("test-session-token-{n}-{}", person.id);
    entity::session::ActiveModel {
        token_hash: Set(app::auth::service::token_hash(&token)),
        user_id: Set(person.id),
        created_at: Set(Utc::now()),
        last_seen_at: Set(Utc::now()),
        user_agent: Set(None),
        ip: Set(None),
    }
    .insert(&app.db)
    .await
    .unwrap();
    (person.id, format!("picap_session={token}"))
}

/// The module of an offering.
pub async fn module_of(app: &TestApp, offering_id: i64) -> i64 {
    use sea_orm::EntityTrait;
    entity::offering::Entity::find_by_id(offering_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .module_id
}

/// A published module with one offering: returns the offering id.
pub async fn offering(
    app: &TestApp,
    code: &str,
    audience: &str,
    capacity: i32,
    closes_in_days: i64,
) -> i64 {
    use chrono::{Duration, Utc};
    use sea_orm::{ActiveModelTrait, Set};
    use serde_json::json;
    let now = Utc::now();
    let module = entity::module::ActiveModel {
        code: Set(code.into()),
        title: Set(
            json!({"en": format!("Module {code}"), "es": format!("Módulo {code}")}).to_string(),
        ),
        summary: Set("{}".into()),
        search_text: Set(code.to_lowercase()),
        credits: Set(3),
        hours: Set(40),
        level: Set("introductory".into()),
        delivery_mode: Set("onsite".into()),
        audience: Set(audience.into()),
        status: Set("published".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let today = now.date_naive();
    entity::offering::ActiveModel {
        module_id: Set(module.id),
        starts_on: Set(today + Duration::days(30)),
        ends_on: Set(today + Duration::days(35)),
        enrollment_opens: Set(today - Duration::days(10)),
        enrollment_closes: Set(today + Duration::days(closes_in_days)),
        capacity: Set(capacity),
        language: Set("es".into()),
        country: Set("PE".into()),
        host_agency: Set("Escuela de Oficiales PNP".into()),
        enrollment_policy: Set("open".into()),
        status: Set("published".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// Waits, if needed, until the current one-minute window has at least 15 seconds left: the
/// rate limiter counts in fixed windows, so a test that straddled a minute boundary would see
/// its counter start again.
pub async fn well_inside_a_minute() {
    let second = chrono::Utc::now().timestamp() % 60;
    if second > 45 {
        tokio::time::sleep(std::time::Duration::from_secs((61 - second) as u64)).await;
    }
}

/// The link token of the newest email to `to`, as delivered over SMTP: waits until every
/// message queued for `to` has left the outbox (the stored copy loses its token once sent).
pub async fn mailed_token(app: &TestApp, to: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let mailbox = format!("<{to}>");
    for _ in 0..500 {
        let queued = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Recipient.eq(to))
            .all(&app.db)
            .await
            .expect("outbox readable");
        let sent = queued.iter().filter(|m| m.status == "sent").count();
        let received: Vec<_> = app
            .smtp
            .received()
            .into_iter()
            .filter(|m| m.to.contains(&mailbox))
            .collect();
        if !queued.is_empty()
            && queued
                .iter()
                .all(|m| m.status == "sent" || m.status == "failed")
            && received.len() >= sent
            && let Some(token) = received.last().and_then(|m| m.link_token())
        {
            return token;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no link was mailed to {to}");
}

/// How many migrations `Migrator::down` must undo to return to just before migration `name`
/// (say `m20261201_000016_translate_scholarship_texts`), whatever was added after it since.
pub fn undo_through(name: &str) -> u32 {
    use migration::MigratorTrait;
    let all = migration::Migrator::migrations();
    let at = all
        .iter()
        .position(|m| m.name() == name)
        .unwrap_or_else(|| panic!("no migration named {name}"));
    u32::try_from(all.len() - at).expect("a few migrations")
}
