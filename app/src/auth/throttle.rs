//! The per-address limit on sign-in, registration, password-reset requests, setting a password
//! from a reset or invitation link, and password changes (whose current password is a guess
//! like any other).
//!
//! Counters live in the database, in fixed one-minute windows, and are bumped with one atomic
//! upsert, so several server processes sharing one PostgreSQL enforce one limit together.

use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::rate_limit;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::error::DomainError;

/// What the limit protects; each has its own counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Sign-in attempts.
    SignIn,
    /// New accounts.
    Register,
    /// Password-reset emails.
    PasswordReset,
    /// Passwords set from a reset or invitation link (each try is a token guess).
    PasswordSet,
    /// Password changes (each try is a guess of the current password).
    PasswordChange,
    /// Address verifications (each try is a token guess).
    EmailVerification,
}

impl Scope {
    const fn code(self) -> &'static str {
        match self {
            Scope::SignIn => "sign_in",
            Scope::Register => "register",
            Scope::PasswordReset => "password_reset",
            Scope::PasswordSet => "password_set",
            Scope::PasswordChange => "password_change",
            Scope::EmailVerification => "email_verification",
        }
    }
}

/// Why an attempt was refused: wait this long.
#[derive(Debug)]
pub enum Throttle {
    /// Over the limit for this minute.
    Limited(Duration),
    /// The counter could not be updated.
    Failed(DomainError),
}

/// Counts one attempt by `client` and refuses it if that makes more than `per_minute` in the
/// current minute. A limit of 0, or an unknown client address, is not limited.
pub async fn count_attempt(
    db: &DatabaseConnection,
    scope: Scope,
    client: Option<&str>,
    per_minute: u32,
    now: DateTime<Utc>,
) -> Result<(), Throttle> {
    let (Some(client), true) = (client, per_minute > 0) else {
        return Ok(());
    };
    let now = now.timestamp();
    let minute = now.div_euclid(60);
    let insert = Query::insert()
        .into_table(rate_limit::Entity)
        .columns([
            rate_limit::Column::Scope,
            rate_limit::Column::Client,
            rate_limit::Column::WindowStart,
            rate_limit::Column::Hits,
        ])
        .values([
            scope.code().into(),
            crate::auth::client_addr::limit_key(client).into(),
            minute.into(),
            1.into(),
        ])
        .map_err(|e| Throttle::Failed(DomainError::Internal(e.to_string())))?
        .on_conflict(
            OnConflict::columns([
                rate_limit::Column::Scope,
                rate_limit::Column::Client,
                rate_limit::Column::WindowStart,
            ])
            .value(
                rate_limit::Column::Hits,
                Expr::col((rate_limit::Entity, rate_limit::Column::Hits)).add(1),
            )
            .to_owned(),
        )
        .returning_col(rate_limit::Column::Hits)
        .to_owned();
    let statement = db.get_database_backend().build(&insert);
    let row = db
        .query_one_raw(statement)
        .await
        .map_err(|e| Throttle::Failed(e.into()))?;
    let hits: i32 = row
        .map(|r| r.try_get("", "hits"))
        .transpose()
        .map_err(|e| Throttle::Failed(e.into()))?
        .unwrap_or(1);
    if hits == 1 {
        // The first attempt of a new window tidies the windows that are over.
        rate_limit::Entity::delete_many()
            .filter(rate_limit::Column::Scope.eq(scope.code()))
            .filter(rate_limit::Column::WindowStart.lt(minute - 1))
            .exec(db)
            .await
            .map_err(|e| Throttle::Failed(e.into()))?;
    }
    if u32::try_from(hits).unwrap_or(u32::MAX) > per_minute {
        let wait = 60 - now.rem_euclid(60);
        return Err(Throttle::Limited(Duration::from_secs(
            std::cmp::max(wait, 1).unsigned_abs(),
        )));
    }
    Ok(())
}
