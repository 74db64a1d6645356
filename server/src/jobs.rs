//! The job runner's loop, beside the mail worker: every few seconds it runs the jobs the
//! application clock says are due (`app::jobs`). Safe in several server processes at once: the
//! jobs are claimed through the database, never by being the only runner.

use std::time::Duration;

use tokio::sync::watch;

use crate::startup::AppState;

/// How often the runner looks for due jobs.
const POLL: Duration = Duration::from_secs(10);

/// Runs due jobs until `stop` turns true.
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    let site = crate::session::site(&state);
    if state.clock.is_manual() {
        // A test that moves time by hand runs the due jobs by hand too (`app::jobs::run_due`),
        // so it knows exactly which runner did what. Only tests can build such a clock.
        let _ = stop.wait_for(|stop| *stop).await;
        return;
    }
    if let Err(e) = app::jobs::ensure_periodic(&state.db, site.now()).await {
        tracing::error!(error = %e, "could not queue the periodic jobs");
    }
    loop {
        match app::jobs::run_due(&state.db, &site).await {
            Ok(ran) => {
                for job in ran {
                    match job.outcome {
                        Ok(0) | Err(_) => {}
                        Ok(n) => tracing::info!(kind = job.kind.code(), changed = n, "due job ran"),
                    }
                }
            }
            Err(e) => tracing::error!(error = %e, "running due jobs failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            // A dropped sender means the server is gone: stop too.
            changed = stop.changed() => if changed.is_err() { break },
        }
        if *stop.borrow() {
            break;
        }
    }
}
