//! The job runner: scheduled work as rows of `due_jobs`, run when the application clock says
//! they are due.
//!
//! Concurrency contract. Several server processes may run this loop on one database. A runner
//! claims due rows in one short write transaction: on PostgreSQL the rows are read `FOR UPDATE
//! SKIP LOCKED`, so two runners never claim the same row; on SQLite the transaction is the one
//! writer (`BEGIN IMMEDIATE`). The claim sets a lease (`leased_until`) and commits before the
//! work starts, so no lock is held while a job runs. A runner that dies mid-job leaves a lease
//! that runs out after [`LEASE`]; the job is then claimed again, so every job runs at least once
//! and the jobs themselves are written to be safe to repeat (each guards its own writes with
//! row locks and conditional updates). `(kind, subject)` is unique: the same job is never
//! queued twice.
//!
//! Periodic jobs (the subject is empty) are put back with their next due time once they ran;
//! one-off jobs (a subject) are deleted. A failed run is retried later with a growing delay, and
//! its error is kept in `last_error`.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use entity::due_job;
use sea_orm::sea_query::{LockBehavior, LockType, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, sea_query::Expr,
};

use crate::db::{Engine, begin_write, engine_of};
use crate::error::DomainError;
use crate::site::Site;

/// How long a claim lasts: longer than any job takes, short enough that a crashed runner's
/// work is picked up again soon.
pub const LEASE: Duration = Duration::minutes(5);

/// How many due jobs one pass claims.
const BATCH: u64 = 20;

code_enum!(
    /// What a job does. The codes are the ones `due_jobs.kind`'s CHECK constraint allows.
    JobKind {
        /// Gives seats held by share quotas to the waiting list once enrolment has closed.
        ReleaseHeldSeats => "release_held_seats",
        /// Moves modules' next start dates on past offerings that have begun.
        RefreshNextStarts => "refresh_next_starts",
        /// Deletes uploaded people files kept past their day.
        PurgeStaleImports => "purge_stale_imports",
        /// Submits quiz attempts left open past their deadline, with the answers saved.
        SubmitOverdueAttempts => "submit_overdue_attempts",
    }
);

impl JobKind {
    /// For a periodic job, when it is next due after a run at `now`.
    pub fn next_after(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            // Enrolment closes by date; a minute keeps an early close felt the same minute.
            JobKind::ReleaseHeldSeats => now + Duration::minutes(1),
            // Next starts pass at midnight (UTC): run just after it.
            JobKind::RefreshNextStarts => next_midnight(now),
            JobKind::PurgeStaleImports => now + Duration::hours(1),
            // An abandoned attempt is submitted within a minute of its deadline (a trainee who
            // comes back sees it submitted at once: the request submits it).
            JobKind::SubmitOverdueAttempts => now + Duration::minutes(1),
        }
    }
}

/// The first instant of the day after `now` (UTC).
fn next_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = now.date_naive() + Duration::days(1);
    tomorrow.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// How long to wait before retrying a job that failed `attempts` times in a row.
fn retry_delay(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 8)).unwrap_or(1) - 1;
    Duration::seconds(30 * 2_i64.pow(exponent))
}

/// Queues `kind` about `subject`, due at `due_at`, unless that job is already queued (then the
/// queued one stands, with its own due time). Returns whether a row was added.
pub async fn schedule<C: ConnectionTrait>(
    conn: &C,
    kind: JobKind,
    subject: &str,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let row = due_job::ActiveModel {
        kind: Set(kind.code().to_string()),
        subject: Set(subject.to_string()),
        due_at: Set(due_at),
        attempts: Set(0),
        last_error: Set(None),
        leased_until: Set(None),
        created_at: Set(now),
        ..Default::default()
    };
    // Rows written, as the database counts them: an inserted id would not tell (SQLite reports
    // its last row id even when the conflict clause inserted nothing).
    let insert = due_job::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([due_job::Column::Kind, due_job::Column::Subject])
                .do_nothing()
                .to_owned(),
        )
        .build(conn.get_database_backend());
    Ok(conn.execute_raw(insert).await?.rows_affected() == 1)
}

/// Queues every periodic job that is not queued yet, due at once. Safe to call from every
/// process at every start.
pub async fn ensure_periodic(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    for kind in JobKind::ALL {
        schedule(db, *kind, "", now, now).await?;
    }
    Ok(())
}

/// What one job's run came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ran {
    /// The job.
    pub kind: JobKind,
    /// What it was about.
    pub subject: String,
    /// How many things it changed (seats released, modules moved on, files deleted), or why it
    /// failed.
    pub outcome: Result<u64, String>,
}

/// Claims the jobs due by the site's clock, runs them, and puts them back (periodic) or away
/// (one-off). Returns what ran, in order. The server calls this every few seconds; tests call it
/// after moving the clock.
pub async fn run_due(db: &DatabaseConnection, site: &Site) -> Result<Vec<Ran>, DomainError> {
    let (claimed, mut lease) = claim(db, site.now()).await?;
    let mut ran = Vec::with_capacity(claimed.len());
    for job in claimed {
        let Some(kind) = JobKind::from_code(&job.kind) else {
            // `claim` takes known kinds only; a newer server's kind is left to it.
            continue;
        };
        // The batch was claimed at once and runs one job after another: renew this job's lease
        // before it starts, and leave it if another runner took it over meanwhile.
        let renewed = lease_from(site.now());
        if !take_over_lease(db, job.id, lease, renewed).await? {
            continue;
        }
        lease = renewed;
        let outcome = run_one(db, site, kind, &job.subject)
            .await
            .map_err(|e| e.to_string());
        settle(db, &job, kind, &outcome, lease, site.now()).await?;
        ran.push(Ran {
            kind,
            subject: job.subject,
            outcome,
        });
    }
    Ok(ran)
}

/// Takes the due, unclaimed jobs of the kinds this server knows, and the lease they are held
/// under (the same for the whole batch).
async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<(Vec<due_job::Model>, DateTime<Utc>), DomainError> {
    let lease = lease_from(now);
    let due = || {
        due_job::Entity::find()
            .filter(due_job::Column::Kind.is_in(JobKind::ALL.iter().map(|k| k.code())))
            .filter(due_job::Column::DueAt.lte(now))
            .filter(
                due_job::Column::LeasedUntil
                    .is_null()
                    .or(due_job::Column::LeasedUntil.lte(now)),
            )
            .order_by_asc(due_job::Column::DueAt)
            .order_by_asc(due_job::Column::Id)
    };
    // Look before taking the write lock: most passes find nothing due, and on SQLite a write
    // transaction every few seconds would queue the requests' writers behind it for nothing.
    if due().one(db).await?.is_none() {
        return Ok((Vec::new(), lease));
    }
    let txn = begin_write(db).await?;
    let mut due = due().limit(BATCH);
    if engine_of(db) == Engine::Postgres {
        due = due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let jobs = due.all(&txn).await?;
    if !jobs.is_empty() {
        due_job::Entity::update_many()
            .col_expr(due_job::Column::LeasedUntil, Expr::value(lease))
            .col_expr(
                due_job::Column::Attempts,
                Expr::col(due_job::Column::Attempts).add(1),
            )
            .filter(due_job::Column::Id.is_in(jobs.iter().map(|j| j.id)))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok((jobs, lease))
}

/// The lease a claim at `now` holds: to the microsecond, as both engines store it, so that the
/// runner can recognise its own lease by equality.
fn lease_from(now: DateTime<Utc>) -> DateTime<Utc> {
    (now + LEASE).trunc_subsecs(6)
}

/// Moves job `id`'s lease from `held` (ours) to `renewed`. False when the lease is no longer
/// ours: it ran out and another runner claimed the job.
async fn take_over_lease(
    db: &DatabaseConnection,
    id: i64,
    held: DateTime<Utc>,
    renewed: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let moved = due_job::Entity::update_many()
        .col_expr(due_job::Column::LeasedUntil, Expr::value(renewed))
        .filter(due_job::Column::Id.eq(id))
        .filter(due_job::Column::LeasedUntil.eq(held))
        .exec(db)
        .await?;
    Ok(moved.rows_affected == 1)
}

/// Does the work of one job.
async fn run_one(
    db: &DatabaseConnection,
    site: &Site,
    kind: JobKind,
    _subject: &str,
) -> Result<u64, DomainError> {
    match kind {
        JobKind::ReleaseHeldSeats => {
            let promoted = crate::enrollment::service::release_held_seats(db, site).await?;
            Ok(u64::try_from(promoted).unwrap_or(u64::MAX))
        }
        JobKind::RefreshNextStarts => {
            crate::catalog::search::refresh_past_next_starts(db, site.today()).await
        }
        JobKind::PurgeStaleImports => {
            crate::administration::retention::purge_stale_imports(db, site.now()).await
        }
        JobKind::SubmitOverdueAttempts => {
            crate::quizzes::service::attempts::submit_overdue(db, site.now()).await
        }
    }
}

/// Records a run: a periodic job is put back with its next due time, a one-off job that
/// succeeded is deleted, a failed one is retried later. Only this runner's claim is settled:
/// if the lease ran out and another runner took the job meanwhile, that runner settles it.
async fn settle(
    db: &DatabaseConnection,
    job: &due_job::Model,
    kind: JobKind,
    outcome: &Result<u64, String>,
    lease: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let periodic = job.subject.is_empty();
    // Ours while the lease is the one we hold: a runner that took the job over after our lease
    // ran out holds another, and settles it itself.
    let ours = due_job::Column::Id
        .eq(job.id)
        .and(due_job::Column::LeasedUntil.eq(lease));
    match outcome {
        Ok(_) if !periodic => {
            due_job::Entity::delete_many().filter(ours).exec(db).await?;
        }
        Ok(_) => {
            due_job::Entity::update_many()
                .col_expr(due_job::Column::DueAt, Expr::value(kind.next_after(now)))
                .col_expr(
                    due_job::Column::LeasedUntil,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .col_expr(due_job::Column::Attempts, Expr::value(0))
                .col_expr(
                    due_job::Column::LastError,
                    Expr::value(Option::<String>::None),
                )
                .filter(ours)
                .exec(db)
                .await?;
        }
        Err(error) => {
            tracing::error!(kind = kind.code(), subject = %job.subject, %error, "a due job failed");
            due_job::Entity::update_many()
                .col_expr(
                    due_job::Column::DueAt,
                    Expr::value(now + retry_delay(job.attempts + 1)),
                )
                .col_expr(
                    due_job::Column::LeasedUntil,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .col_expr(due_job::Column::LastError, Expr::value(Some(error.clone())))
                .filter(ours)
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn periodic_jobs_come_back_at_their_own_rhythm() {
        let now = at("2027-03-01T23:59:30Z");
        let cases = [
            (JobKind::ReleaseHeldSeats, "2027-03-02T00:00:30Z"),
            (JobKind::RefreshNextStarts, "2027-03-02T00:00:00Z"),
            (JobKind::PurgeStaleImports, "2027-03-02T00:59:30Z"),
            (JobKind::SubmitOverdueAttempts, "2027-03-02T00:00:30Z"),
        ];
        for (kind, expected) in cases {
            assert_eq!(kind.next_after(now), at(expected), "{kind:?}");
        }
    }

    #[test]
    fn retries_wait_longer_each_time_up_to_about_an_hour() {
        let cases = [(0, 30), (1, 30), (2, 60), (3, 120), (8, 3840), (50, 3840)];
        for (attempts, seconds) in cases {
            assert_eq!(
                retry_delay(attempts),
                Duration::seconds(seconds),
                "{attempts}"
            );
        }
    }

    #[test]
    fn every_kind_has_a_code_that_parses_back() {
        for kind in JobKind::ALL {
            assert_eq!(JobKind::from_code(kind.code()), Some(*kind));
        }
        assert_eq!(JobKind::from_code("mine_bitcoin"), None);
    }
}
