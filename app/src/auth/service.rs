//! Sign-in, sessions and sign-out over the database.
//!
//! Every attempt on a known account is first recorded as a failure, inside a transaction that
//! holds the account's row (PostgreSQL `FOR UPDATE`; SQLite `BEGIN IMMEDIATE`), and only then is
//! the password checked; a success clears the counter. So concurrent guesses cannot slip past
//! the threshold: the sixth one finds the account locked before any password is looked at.

use std::sync::OnceLock;
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use chrono::{DateTime, Utc};
use entity::{session, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect, Set,
};
use sha2::{Digest, Sha256};

use super::CurrentUser;
use super::rules::{FAILURE_WINDOW, LOCKOUT_THRESHOLD, lockout_after, session_alive};
use crate::accounts::rules::{EmailAddress, NewPassword};
use crate::accounts::service::{hash_password, on_hashing_thread, roles_of};
use crate::audit::{AuditEvent, record};
use crate::db::begin_write;
use crate::error::DomainError;

/// Where a request comes from, for sessions and the audit log.
#[derive(Clone, Debug, Default)]
pub struct ClientInfo {
    /// The peer address.
    pub ip: Option<String>,
    /// The `User-Agent` header, shortened.
    pub user_agent: Option<String>,
}

/// A new session: the token goes into the cookie and is never stored.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// The cookie value.
    pub token: String,
    /// Who signed in.
    pub user_id: i64,
}

/// Why a sign-in was refused.
#[derive(Debug)]
pub enum LoginError {
    /// Unknown address, wrong password or deactivated account: one answer for all, so the
    /// answer does not reveal which addresses have accounts.
    InvalidCredentials,
    /// Too many failures: try again after this long.
    Throttled(Duration),
    /// Something failed on the server.
    Failed(DomainError),
}

impl From<sea_orm::DbErr> for LoginError {
    fn from(e: sea_orm::DbErr) -> Self {
        LoginError::Failed(DomainError::Database(e))
    }
}

/// A hash of a random password, checked against when the address is unknown so that an unknown
/// address costs the same time as a wrong password.
async fn dummy_hash() -> Result<&'static str, DomainError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash.as_str());
    }
    let random: [u8; 24] = rand::random();
    let password: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let password = NewPassword::parse(&password)
        .map_err(|e| DomainError::Internal(format!("dummy password: {e:?}")))?;
    let hash = hash_password(password).await?;
    Ok(DUMMY.get_or_init(|| hash).as_str())
}

/// Checks `password` against a PHC hash, on the hashing threads.
pub async fn verify_password(hash: &str, password: &str) -> Result<bool, DomainError> {
    let hash = hash.to_string();
    let password = password.to_string();
    on_hashing_thread(move || {
        let parsed = PasswordHash::new(&hash)
            .map_err(|e| DomainError::Internal(format!("stored hash: {e}")))?;
        Ok(argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await?
}

/// The stored form of a session token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn seconds(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::zero())
}

/// What claiming an attempt found.
enum Attempt {
    /// The attempt is recorded (as a failure, until the password proves right).
    Recorded { failures: i32, hash: Option<String> },
    /// The account is locked until then.
    Locked(DateTime<Utc>),
}

async fn claim_attempt(
    db: &DatabaseConnection,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Attempt, LoginError> {
    let txn = begin_write(db).await?;
    let Some(account) = user::Entity::find_by_id(user_id)
        .lock_exclusive()
        .one(&txn)
        .await?
    else {
        return Err(LoginError::InvalidCredentials);
    };
    if let Some(until) = account.locked_until.filter(|until| *until > now) {
        return Ok(Attempt::Locked(until));
    }
    let in_window = account
        .last_failed_at
        .is_some_and(|at| at > now - seconds(FAILURE_WINDOW));
    let failures = if in_window {
        account.failed_logins + 1
    } else {
        1
    };
    let hash = account.password_hash.clone();
    let mut update = account.into_active_model();
    update.failed_logins = Set(failures);
    update.last_failed_at = Set(Some(now));
    update.locked_until = Set(lockout_after(failures).map(|d| now + seconds(d)));
    update.update(&txn).await?;
    txn.commit().await?;
    Ok(Attempt::Recorded { failures, hash })
}

/// Signs a person in and opens a session.
pub async fn login(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    client: &ClientInfo,
) -> Result<SignedIn, LoginError> {
    let now = Utc::now();
    let account = match EmailAddress::parse(email) {
        Ok(email) => {
            user::Entity::find()
                .filter(user::Column::Email.eq(email.as_str()))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    let ip = client.ip.as_deref();
    let Some(account) = account.filter(|a| a.active) else {
        let dummy = dummy_hash().await.map_err(LoginError::Failed)?;
        let _ = verify_password(dummy, password)
            .await
            .map_err(LoginError::Failed)?;
        record(
            db,
            AuditEvent::LoginFailed,
            None,
            None,
            ip,
            Some("unknown or inactive account".into()),
        )
        .await?;
        return Err(LoginError::InvalidCredentials);
    };

    let (failures, hash) = match claim_attempt(db, account.id, now).await? {
        Attempt::Locked(until) => {
            // Measured from now: the lock may have been set after this request began.
            let wait = (until - Utc::now())
                .to_std()
                .unwrap_or(Duration::from_secs(1));
            return Err(LoginError::Throttled(wait.max(Duration::from_secs(1))));
        }
        Attempt::Recorded { failures, hash } => (failures, hash),
    };
    let dummy = dummy_hash().await.map_err(LoginError::Failed)?;
    let valid = verify_password(hash.as_deref().unwrap_or(dummy), password)
        .await
        .map_err(LoginError::Failed)?
        && hash.is_some();

    let txn = begin_write(db).await?;
    if !valid {
        record(
            &txn,
            AuditEvent::LoginFailed,
            None,
            Some(account.id),
            ip,
            None,
        )
        .await?;
        if failures == LOCKOUT_THRESHOLD {
            record(&txn, AuditEvent::Lockout, None, Some(account.id), ip, None).await?;
        }
        txn.commit().await?;
        return Err(LoginError::InvalidCredentials);
    }
    user::Entity::update_many()
        .col_expr(
            user::Column::FailedLogins,
            sea_orm::sea_query::Expr::value(0),
        )
        .col_expr(
            user::Column::LastFailedAt,
            sea_orm::sea_query::Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            user::Column::LockedUntil,
            sea_orm::sea_query::Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(user::Column::Id.eq(account.id))
        .exec(&txn)
        .await?;
    // A fresh id at every sign-in (no session fixation).
    let token = new_token();
    session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(account.id),
        created_at: Set(now),
        last_seen_at: Set(now),
        user_agent: Set(client
            .user_agent
            .as_ref()
            .map(|ua| ua.chars().take(300).collect())),
        ip: Set(client.ip.clone()),
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        AuditEvent::Login,
        Some(account.id),
        Some(account.id),
        ip,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(SignedIn {
        token,
        user_id: account.id,
    })
}

/// The person behind a session token, if the session is still alive. Roles are read afresh,
/// so a role change applies on the very next request.
pub async fn current_user(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<CurrentUser>, DomainError> {
    let now = Utc::now();
    let hash = token_hash(token);
    let Some(found) = session::Entity::find_by_id(hash.clone()).one(db).await? else {
        return Ok(None);
    };
    if !session_alive(
        found.created_at.timestamp(),
        found.last_seen_at.timestamp(),
        now.timestamp(),
    ) {
        session::Entity::delete_by_id(hash).exec(db).await?;
        return Ok(None);
    }
    let Some(account) = user::Entity::find_by_id(found.user_id)
        .one(db)
        .await?
        .filter(|u| u.active)
    else {
        return Ok(None);
    };
    // Refresh the idle clock at most once a minute: a write per request would serialise reads
    // behind SQLite's single writer.
    if now - found.last_seen_at > chrono::Duration::seconds(60) {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(session::Column::TokenHash.eq(hash))
            .exec(db)
            .await?;
    }
    Ok(Some(CurrentUser {
        id: account.id,
        roles: roles_of(db, account.id).await?,
        email: account.email,
        full_name: account.full_name,
        country: account.country,
        agency: account.agency,
        affiliation: account.affiliation,
        preferred_language: account.preferred_language,
    }))
}

/// Ends a session on the server: the cookie stops working at once.
pub async fn logout(
    db: &DatabaseConnection,
    token: &str,
    client: &ClientInfo,
) -> Result<(), DomainError> {
    let hash = token_hash(token);
    let txn = begin_write(db).await?;
    if let Some(found) = session::Entity::find_by_id(hash.clone()).one(&txn).await? {
        session::Entity::delete_by_id(hash).exec(&txn).await?;
        record(
            &txn,
            AuditEvent::Logout,
            Some(found.user_id),
            Some(found.user_id),
            client.ip.as_deref(),
            None,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The person's sessions that are still alive, newest first.
pub async fn list_sessions(
    db: &DatabaseConnection,
    user_id: i64,
    current_token: &str,
) -> Result<Vec<super::SessionInfo>, DomainError> {
    use sea_orm::QueryOrder;
    let now = Utc::now().timestamp();
    let current = token_hash(current_token);
    let rows = session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .order_by_desc(session::Column::LastSeenAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|s| session_alive(s.created_at.timestamp(), s.last_seen_at.timestamp(), now))
        .map(|s| super::SessionInfo {
            current: s.token_hash == current,
            id: s.token_hash,
            created_at: s
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            last_seen_at: s
                .last_seen_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            user_agent: s.user_agent,
            ip: s.ip,
        })
        .collect())
}

/// Ends one of the person's own sessions. Another person's session id is "not found": nobody
/// learns from the answer that it exists.
pub async fn end_session(
    db: &DatabaseConnection,
    user_id: i64,
    session_id: &str,
    client: &ClientInfo,
) -> Result<(), DomainError> {
    let txn = begin_write(db).await?;
    let deleted = session::Entity::delete_many()
        .filter(session::Column::TokenHash.eq(session_id.trim()))
        .filter(session::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    record(
        &txn,
        AuditEvent::SessionEnded,
        Some(user_id),
        Some(user_id),
        client.ip.as_deref(),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
