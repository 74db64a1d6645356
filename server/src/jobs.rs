//! Periodic background jobs, beside the mail worker.
//!
//! Each job is safe to run in several server processes at once: the work it does is guarded by
//! the database (row locks and conditional updates), not by being the only runner.

use std::time::Duration;

use tokio::sync::watch;

use crate::startup::AppState;

/// How often the jobs run. Held seats are released within this long after enrolment closes.
const EVERY: Duration = Duration::from_secs(60);

/// Runs the periodic jobs until `stop` turns true.
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    let site = crate::session::site(&state);
    loop {
        match app::enrollment::service::release_held_seats(&state.db, &site).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(promoted = n, "released seats held by share quotas"),
            Err(e) => tracing::error!(error = %e, "releasing held seats failed"),
        }
        // After midnight (UTC) the catalog ranks from offerings until this has run.
        match app::catalog::search::refresh_past_next_starts(&state.db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(modules = n, "moved on modules' next start dates"),
            Err(e) => tracing::error!(error = %e, "moving on next start dates failed"),
        }
        // Uploaded people files hold personal data: kept a day for their confirmation.
        match app::administration::retention::purge_stale_imports(&state.db, chrono::Utc::now())
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(files = n, "deleted import uploads older than a day"),
            Err(e) => tracing::error!(error = %e, "deleting stale import uploads failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            // A dropped sender means the server is gone: stop too.
            changed = stop.changed() => if changed.is_err() { break },
        }
        if *stop.borrow() {
            break;
        }
    }
}
