//! Building and running the server: database, migrations, router, middleware, mail worker.

use std::sync::Arc;
use std::time::Duration;

use app::{App, shell};
use axum::Router;
use axum::extract::FromRef;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::serve::ListenerExt;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// The configuration the server started with.
    pub config: Arc<Config>,
    /// Leptos' rendering options.
    pub leptos_options: LeptosOptions,
    /// The application clock every time-dependent rule reads: the system clock, except in the
    /// tests (see `app::clock`).
    pub clock: app::clock::Clock,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: std::net::SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}

/// Opens the database and brings its schema up to date.
pub async fn open_database(config: &Config) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let db = app::db::connect(&config.database_url).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// Leptos' options, built from our configuration rather than from cargo-leptos' environment,
/// so the release binary runs with nothing set. Hashed asset names are used when the build left
/// its `hash.txt` beside the binary.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|path| path.exists());
    LeptosOptions::builder()
        .output_name("picap")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(leptos::config::Env::PROD)
        .hash_files(hashed)
        .build()
}

/// A server bound to its port, ready to run.
pub struct Application {
    port: u16,
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Application {
    /// Connects, migrates and binds. Port 0 picks a free port (tests).
    pub async fn build(config: Config) -> Result<Application, StartError> {
        let db = open_database(&config).await?;
        Application::build_with_db(config, db).await
    }

    /// Binds a server over an already open database, on the system clock.
    pub async fn build_with_db(
        config: Config,
        db: DatabaseConnection,
    ) -> Result<Application, StartError> {
        Application::build_with_clock(config, db, app::clock::Clock::system()).await
    }

    /// Binds a server over an already open database, reading time from `clock` (the tests give
    /// a settable one; the binary always the system clock).
    pub async fn build_with_clock(
        config: Config,
        db: DatabaseConnection,
        clock: app::clock::Clock,
    ) -> Result<Application, StartError> {
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.addr,
                source,
            })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartError::Bind {
                addr: config.addr,
                source,
            })?
            .port();
        let state = AppState {
            db,
            leptos_options: leptos_options(&config),
            config: Arc::new(config),
            clock,
        };
        let router = router(state.clone());
        Ok(Application {
            port,
            listener,
            router,
            state,
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until `shutdown` turns true, with the mail worker running beside it when SMTP is
    /// configured.
    pub async fn run_until(self, mut shutdown: watch::Receiver<bool>) -> std::io::Result<()> {
        let worker = self.state.config.smtp_url.as_ref().map(|_| {
            let state = self.state.clone();
            let stop = shutdown.clone();
            tokio::spawn(async move { crate::mail::run_worker(state.db, state.config, stop).await })
        });
        if worker.is_none() {
            tracing::info!("SMTP_URL is not set: mail stays queued in the outbox");
        }
        let jobs = {
            let state = self.state.clone();
            let stop = shutdown.clone();
            tokio::spawn(crate::jobs::run(state, stop))
        };
        // Nagle's algorithm holds small responses back for the peer's delayed ACK: on one
        // keep-alive connection that is the difference between tens and thousands of requests
        // per second.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::warn!(error = %e, "could not set TCP_NODELAY");
            }
        });
        let served = axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = shutdown.wait_for(|stop| *stop).await;
        })
        .await;
        if let Some(worker) = worker {
            let _ = worker.await;
        }
        let _ = jobs.await;
        served
    }
}

/// The app's routes, worked out once per process. Working them out runs the whole app with
/// resource loading suppressed by a process-wide flag (leptos-rs/leptos#4773): a page being
/// rendered at that moment by another server in the same process (the integration tests start
/// many) would wait forever on its resources. Once per process, before anything serves, no
/// render can overlap it.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP surface: JSON API, static assets, server functions and pages.
pub fn router(state: AppState) -> Router {
    let leptos_options = state.leptos_options.clone();
    let routes = route_list();
    let db = state.db.clone();
    let cookie_policy = crate::session::cookie_policy(&state);
    let site = crate::session::site(&state);
    let context = move || {
        provide_context(db.clone());
        provide_context(cookie_policy);
        provide_context(site.clone());
    };

    // Hashed file names change with their content, so browsers may keep them for a year.
    let asset_cache = if leptos_options.hash_files {
        HeaderValue::from_static("public, max-age=31536000, immutable")
    } else {
        HeaderValue::from_static("no-cache")
    };
    let pkg_dir = state
        .config
        .site_root_path()
        .join(leptos_options.site_pkg_dir.as_ref());
    let assets = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            asset_cache,
        ))
        .service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        );

    let public_origin = state.config.public_url.origin().ascii_serialization();
    let https = crate::security::Https(state.config.https());
    let trusted_proxies = Arc::new(state.config.trusted_proxies.clone());
    let request_id = HeaderName::from_static("x-request-id");
    // Pages and server functions: the signed-in person is looked up before a page renders, and
    // a plain form post's redirect is tidied. The JSON API, calendars and assets skip both.
    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(axum::middleware::from_fn_with_state(
            https,
            crate::refusals::carry_refusal,
        ))
        .layer(axum::middleware::from_fn(
            crate::security::tidy_search_address,
        ))
        .layer(axum::middleware::from_fn(
            crate::security::tidy_form_redirect,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::session::load_page_user,
        ));
    let app = Router::new()
        .nest("/api/v1", crate::api::v1::router())
        // Calendar files and feeds, uploads: each with its declared access (`site_routes`).
        .merge(crate::site_routes::router())
        .nest_service(&format!("/{}", leptos_options.site_pkg_dir), assets)
        .merge(pages)
        .with_state(state);

    app.layer(
        ServiceBuilder::new()
            // First, so that everything after it (limits, sessions, the audit log) reads one
            // client address.
            .layer(axum::middleware::from_fn_with_state(
                trusted_proxies,
                crate::security::client_address,
            ))
            .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), path = %crate::telemetry::loggable_path(req.uri().path()), request_id = %id)
                }),
            )
            .layer(PropagateRequestIdLayer::new(request_id))
            .layer(axum::middleware::from_fn_with_state(
                https,
                crate::security::security_headers,
            ))
            // Level 1, as nginx's gzip default: pages are made per request, and each codec's
            // default (brotli's is 11) costs more than rendering the page. On the 36 KB catalog
            // page level 1 gives 7.8 KB against level 4's 7.2 KB in about two thirds of the time.
            // Static files are precompressed at the highest level at build time.
            // Responses under 1 KB (the health check, most API and server-function replies) go
            // as they are: they fit in one packet either way, and setting up a compressor costs
            // more than the work behind them (bench/instructions.sh; docs/performance.md).
            .layer(
                CompressionLayer::new()
                    .quality(tower_http::CompressionLevel::Precise(1))
                    .compress_when(DefaultPredicate::new().and(SizeAbove::new(1024))),
            )
            .layer(axum::middleware::from_fn_with_state(
                public_origin,
                crate::security::cross_origin_guard,
            )),
    )
}

/// Resolves when the process is asked to stop (Ctrl-C or SIGTERM).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    // Give in-flight requests a moment; graceful shutdown waits for them anyway.
    tokio::time::sleep(Duration::from_millis(10)).await;
}
