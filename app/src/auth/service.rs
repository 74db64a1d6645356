//! Sign-in, sessions and sign-out over the database.
//!
//! Failures are counted per address typed *and* client address (`login_failures`), so a
//! stranger guessing from elsewhere locks only their own address out, never the officer. An
//! address without an account is counted and locked exactly like one with an account, so the
//! answers (401, then 429) do not reveal which addresses have accounts.
//!
//! Concurrency: every attempt is first recorded as a failure, inside a transaction that holds
//! its counter row (PostgreSQL `FOR UPDATE`; SQLite `BEGIN IMMEDIATE`), and only then is the
//! password checked; a success deletes the counter. So concurrent guesses cannot slip past the
//! threshold: the sixth one finds the pair locked before any password is looked at.

use std::sync::OnceLock;
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use chrono::{DateTime, Utc};
use entity::{login_failure, session, user};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QuerySelect, Set,
};
use sha2::{Digest, Sha256};

use super::CurrentUser;
use super::rules::{LOCKOUT_THRESHOLD, failures_after, lockout_after, session_alive};
use crate::accounts::rules::{EmailAddress, NewPassword};
use crate::accounts::service::{hash_password, on_hashing_thread, roles_of};
use crate::audit::{AuditEvent, record};
use crate::db::begin_write;
use crate::error::DomainError;

/// Where a request comes from, for limits, sessions and the audit log.
#[derive(Clone, Debug, Default)]
pub struct ClientInfo {
    /// The client address ([`super::client_addr`]), when the server knows it.
    pub ip: Option<String>,
    /// The `User-Agent` header, shortened.
    pub user_agent: Option<String>,
}

impl ClientInfo {
    /// The client of a request: the address the server decided once for it
    /// ([`super::client_addr::ClientAddr`]) and its browser.
    pub fn of(parts: &http::request::Parts) -> ClientInfo {
        ClientInfo {
            ip: parts
                .extensions
                .get::<super::client_addr::ClientAddr>()
                .map(|addr| addr.0.to_string()),
            user_agent: parts
                .headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        }
    }
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
    Recorded { failures: i32 },
    /// This account is locked for this client until then.
    Locked(DateTime<Utc>),
}

/// The key failures are counted under: the SHA-256 of the address as typed, normalised the
/// way accounts are, so every spelling of one address counts together, known or not.
pub fn account_key(email: &str) -> String {
    let normalised = match EmailAddress::parse(email) {
        Ok(email) => email.as_str().to_string(),
        Err(_) => email.trim().to_lowercase(),
    };
    token_hash(&normalised)
}

/// The counter's client column: the address (an IPv6 client's /64 network), or `-` when it is
/// not known.
fn client_key(client: &ClientInfo) -> String {
    client
        .ip
        .as_deref()
        .map(super::client_addr::limit_key)
        .unwrap_or_else(|| "-".to_string())
}

async fn claim_attempt(
    db: &DatabaseConnection,
    key: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<Attempt, LoginError> {
    let txn = begin_write(db).await?;
    // Makes sure the row exists, without touching one that does, then holds it.
    let insert = Query::insert()
        .into_table(login_failure::Entity)
        .columns([
            login_failure::Column::AccountKey,
            login_failure::Column::Client,
            login_failure::Column::Failures,
            login_failure::Column::LastFailedAt,
        ])
        .values([key.into(), client.into(), 0.into(), now.into()])
        .map_err(|e| LoginError::Failed(DomainError::Internal(e.to_string())))?
        .on_conflict(
            OnConflict::columns([
                login_failure::Column::AccountKey,
                login_failure::Column::Client,
            ])
            .do_nothing()
            .to_owned(),
        )
        .to_owned();
    let created = txn.execute(&insert).await?.rows_affected() == 1;
    if created {
        // A new counter tidies those that are long over.
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::LastFailedAt.lt(now - chrono::Duration::days(1)))
            .exec(&txn)
            .await?;
    }
    let Some(counter) = login_failure::Entity::find_by_id((key.to_string(), client.to_string()))
        .lock_exclusive()
        .one(&txn)
        .await?
    else {
        return Err(LoginError::Failed(DomainError::Internal(
            "login counter vanished".into(),
        )));
    };
    if let Some(until) = counter.locked_until.filter(|until| *until > now) {
        return Ok(Attempt::Locked(until));
    }
    let since_last = (now - counter.last_failed_at).to_std().unwrap_or_default();
    let failures = failures_after(counter.failures, since_last);
    let mut update = counter.into_active_model();
    update.failures = Set(failures);
    update.last_failed_at = Set(now);
    update.locked_until = Set(lockout_after(failures).map(|d| now + seconds(d)));
    update.update(&txn).await?;
    txn.commit().await?;
    Ok(Attempt::Recorded { failures })
}

/// Signs a person in and opens a session.
///
/// An unknown or inactive address goes through the same steps as a wrong password (counted,
/// locked, a password hash checked), so neither the answer nor its timing tells them apart.
pub async fn login(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    client: &ClientInfo,
    clock: &crate::clock::Clock,
) -> Result<SignedIn, LoginError> {
    let now = clock.now();
    let account = match EmailAddress::parse(email) {
        Ok(email) => {
            user::Entity::find()
                .filter(user::Column::Email.eq(email.as_str()))
                .one(db)
                .await?
        }
        Err(_) => None,
    }
    .filter(|a| a.active);
    let ip = client.ip.as_deref();
    let key = account_key(email);
    let client_key = client_key(client);

    let failures = match claim_attempt(db, &key, &client_key, now).await? {
        Attempt::Locked(until) => {
            // Measured from now: the lock may have been set after this request began.
            let wait = (until - clock.now())
                .to_std()
                .unwrap_or(Duration::from_secs(1));
            return Err(LoginError::Throttled(wait.max(Duration::from_secs(1))));
        }
        Attempt::Recorded { failures } => failures,
    };
    let dummy = dummy_hash().await.map_err(LoginError::Failed)?;
    let hash = account.as_ref().and_then(|a| a.password_hash.clone());
    let valid = verify_password(hash.as_deref().unwrap_or(dummy), password)
        .await
        .map_err(LoginError::Failed)?
        && hash.is_some();

    let txn = begin_write(db).await?;
    let account = match account {
        Some(account) if valid => account,
        account => {
            let subject = account.as_ref().map(|a| a.id);
            let detail = subject
                .is_none()
                .then(|| "unknown or inactive account".to_string());
            record(&txn, AuditEvent::LoginFailed, None, subject, ip, detail).await?;
            if failures == LOCKOUT_THRESHOLD && subject.is_some() {
                record(&txn, AuditEvent::Lockout, None, subject, ip, None).await?;
            }
            txn.commit().await?;
            return Err(LoginError::InvalidCredentials);
        }
    };
    login_failure::Entity::delete_by_id((key, client_key))
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

/// Clears every lockout of the account with `email`, from any address: a new password ends
/// whatever the old one's guessers started.
pub async fn clear_failures<C: ConnectionTrait>(conn: &C, email: &str) -> Result<(), DomainError> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::AccountKey.eq(account_key(email)))
        .exec(conn)
        .await?;
    Ok(())
}

/// The person behind a session token, if the session is still alive. Roles are read afresh,
/// so a role change applies on the very next request.
pub async fn current_user(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<CurrentUser>, DomainError> {
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
    let hold = crate::accounts::service::hold_of(&account);
    Ok(Some(CurrentUser {
        id: account.id,
        roles: roles_of(db, account.id).await?,
        email: account.email,
        full_name: account.full_name,
        country: account.country,
        agency: account.agency,
        agency_id: account.agency_id,
        hold,
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
    now: DateTime<Utc>,
) -> Result<Vec<super::SessionInfo>, DomainError> {
    use sea_orm::QueryOrder;
    let now = now.timestamp();
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
