//! `picap`: serve, migrate, seed-demo, create-admin, mail-status, backup, restore.

mod backup;

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use app::accounts::rules::{EmailAddress, NewPassword};
use app::accounts::service::{NewUser, create_user};
use app::accounts::{Affiliation, Role};
use app::i18n::Locale;
use clap::Parser;
use server::cli::{Cli, Command};
use server::config::{Config, redact_url};
use server::startup::{Application, open_database, shutdown_signal};

/// mimalloc instead of glibc's malloc. A page is built from many small allocations (rendering,
/// rows, JSON), 15% of the CPU time of a catalog search under load; and with glibc every gzip
/// response handed the compressor's large buffers back to the kernel (`madvise`) and faulted them
/// in again on the next. On `bench/catalog.sh`: health checks 2.5 times as many per second, the
/// search page a third more.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Worker threads' stack. A page is rendered by nested view functions; the largest forms need
/// more than tokio's default 2 MiB in debug builds (a stack overflow aborts the whole process,
/// every request with it). 8 MiB is reserved address space, touched only as deep as it is used.
const WORKER_STACK: usize = 8 * 1024 * 1024;

fn main() -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(WORKER_STACK)
        .build()
    {
        Ok(runtime) => runtime.block_on(run()),
        Err(e) => {
            eprintln!("picap: cannot start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    server::telemetry::init();
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("picap: invalid configuration: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Migrate => migrate(config).await,
        Command::SeedDemo => seed_demo(config).await,
        Command::CreateAdmin { email, name } => create_admin(config, &email, &name).await,
        Command::MailStatus => mail_status(config).await,
        Command::Backup { file } => backup::backup(&config, &file).await.map(|done| {
            println!("{done}");
        }),
        Command::Restore { file, force } => {
            backup::restore(&config, &file, force).await.map(|done| {
                println!("{done}");
            })
        }
        #[cfg(feature = "bench")]
        Command::BenchSeed { modules, offerings } => bench_seed(config, modules, offerings).await,
        #[cfg(feature = "bench")]
        Command::BenchSeedEnrollment {
            trainees,
            offerings,
            capacity,
        } => bench_seed_enrollment(config, trainees, offerings, capacity).await,
        #[cfg(feature = "bench")]
        Command::BenchSeedLearning { trainees } => bench_seed_learning(config, trainees).await,
        #[cfg(feature = "bench")]
        Command::BenchSeedQuiz { trainees } => bench_seed_quiz(config, trainees).await,
        Command::BenchCheckEnrollment => bench_check_enrollment(config).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("picap: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), String> {
    tracing::info!(database = %redact_url(&config.database_url), "starting");
    let public = config.public_url.clone();
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("PICAP is serving on {public} (port {})", app.port());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    app.run_until(stop_rx).await.map_err(|e| e.to_string())
}

async fn migrate(config: Config) -> Result<(), String> {
    open_database(&config)
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    println!(
        "Database schema is up to date ({}).",
        config.engine().name()
    );
    Ok(())
}

async fn seed_demo(config: Config) -> Result<(), String> {
    let db = open_database(&config).await.map_err(|e| e.to_string())?;
    let outcome = app::demo::seed_demo(&db).await.map_err(|e| e.to_string())?;
    match outcome {
        app::demo::SeedOutcome::Loaded => println!("Demo data loaded."),
        app::demo::SeedOutcome::AlreadyHadData => {
            println!("The database already has accounts: demo data was not loaded again.")
        }
    }
    println!("Demo accounts (unless their passwords were changed since):");
    for account in app::demo::DEMO_ACCOUNTS {
        println!(
            "  {:<14} {:<32} {}",
            account.role.code(),
            account.email,
            account.password
        );
    }
    Ok(())
}

#[cfg(feature = "bench")]
async fn bench_seed(config: Config, modules: usize, offerings: usize) -> Result<(), String> {
    let db = open_database(&config).await.map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    app::catalog::bulk::seed_bulk(&db, modules, offerings)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "Loaded {modules} modules and {offerings} offerings in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(feature = "bench")]
async fn bench_seed_enrollment(
    config: Config,
    trainees: usize,
    offerings: usize,
    capacity: i32,
) -> Result<(), String> {
    let db = open_database(&config).await.map_err(|e| e.to_string())?;
    let ids = app::enrollment::bulk::seed(&db, trainees, offerings, capacity)
        .await
        .map_err(|e| e.to_string())?;
    for id in ids {
        println!("{id}");
    }
    Ok(())
}

#[cfg(feature = "bench")]
async fn bench_seed_learning(config: Config, trainees: usize) -> Result<(), String> {
    let db = open_database(&config).await.map_err(|e| e.to_string())?;
    let (enrollment, lesson) = app::learning::bulk::seed(&db, trainees)
        .await
        .map_err(|e| e.to_string())?;
    println!("{enrollment} {lesson}");
    Ok(())
}

#[cfg(feature = "bench")]
async fn bench_seed_quiz(config: Config, trainees: usize) -> Result<(), String> {
    let db = open_database(&config).await.map_err(|e| e.to_string())?;
    let (enrollment, attempt) = app::quizzes::bulk::seed(&db, trainees)
        .await
        .map_err(|e| e.to_string())?;
    println!("{enrollment} {attempt}");
    Ok(())
}

async fn bench_check_enrollment(config: Config) -> Result<(), String> {
    let db = open_database(&config).await.map_err(|e| e.to_string())?;
    let summary = app::enrollment::bulk::check(&db)
        .await
        .map_err(|e| e.to_string())??;
    println!("{summary}");
    Ok(())
}

async fn create_admin(config: Config, email: &str, name: &str) -> Result<(), String> {
    let email = EmailAddress::parse(email).map_err(|e| format!("--email: {e:?} address"))?;
    let password = match std::env::var("PICAP_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            if std::io::stdin().is_terminal() {
                eprintln!("Password for {email} (12 to 128 characters), then Enter:");
            }
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| format!("reading the password: {e}"))?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let password = NewPassword::parse(&password).map_err(|e| match e {
        app::accounts::rules::PasswordProblem::TooShort => {
            "password: at least 12 characters are required".to_string()
        }
        app::accounts::rules::PasswordProblem::TooLong => {
            "password: at most 128 characters are allowed".to_string()
        }
    })?;
    let db = open_database(&config).await.map_err(|e| e.to_string())?;
    let user = create_user(
        &db,
        NewUser {
            email,
            full_name: name.to_string(),
            country: "US".to_string(),
            agency: "PICAP".to_string(),
            rank: "Administrator".to_string(),
            affiliation: Affiliation::Civilian,
            preferred_language: Locale::En,
            gender: None,
            roles: vec![Role::Administrator],
            agency_id: None,
            self_registered: false,
        },
        Some(password),
    )
    .await
    .map_err(|e| match e {
        app::error::DomainError::Conflict(_) => {
            "--email: an account with this address already exists".to_string()
        }
        other => other.to_string(),
    })?;
    println!("Administrator {} created (id {}).", user.email, user.id);
    Ok(())
}

async fn mail_status(config: Config) -> Result<(), String> {
    let db = open_database(&config).await.map_err(|e| e.to_string())?;
    let (pending, sent, failed) = app::mail::counts(&db).await.map_err(|e| e.to_string())?;
    println!("Outbox: {pending} pending, {sent} sent, {failed} failed.");
    for row in app::mail::failed_messages(&db, 20)
        .await
        .map_err(|e| e.to_string())?
    {
        println!(
            "  #{} to {} after {} attempts: {}",
            row.id,
            row.recipient,
            row.attempts,
            row.last_error.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}
