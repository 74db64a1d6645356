//! Changing, resetting and first setting a password.
//!
//! Reset and invitation links carry a random token; only its SHA-256 is stored, it works once
//! (a conditional update marks it used, so two clicks cannot both succeed) and it expires: one
//! hour for a reset, seven days for an invitation. The email carrying it expires with it and
//! loses the token once sent (`crate::mail::enqueue_secret`).
//!
//! A token is looked up before any password is hashed, so a made-up token costs a lookup, not
//! argon2's time and memory. Setting a password, from a link or by changing it, voids every
//! other outstanding token of the person. At most [`RESET_MAILS_PER_HOUR`] reset emails go to
//! one person per hour, whoever asks; further requests get the same answer and send nothing.
//!
//! Concurrency: `request_reset` holds the person's row (`FOR UPDATE`; SQLite `BEGIN IMMEDIATE`)
//! while it counts the recent reset tokens and issues one, so concurrent requests cannot
//! exceed the per-recipient limit.

use chrono::{DateTime, Duration, Utc};
use entity::{password_token, session, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, Set,
};

use super::rules::{RESET_MAILS_PER_HOUR, may_mail_reset};
use super::service::{ClientInfo, clear_failures, token_hash, verify_password};
use crate::accounts::rules::{EmailAddress, new_password_problem};
use crate::accounts::service::hash_password;
use crate::audit::{AuditEvent, record};
use crate::db::begin_write;
use crate::error::DomainError;
use crate::i18n::{Key, Locale};
use crate::mail::{OutgoingMail, enqueue_secret};
use crate::site::Site;

code_enum!(
    /// Why a one-time token was issued.
    TokenPurpose {
        /// "Forgot password": valid for one hour.
        Reset => "reset",
        /// A new account created by someone else: valid for seven days.
        Invitation => "invitation",
        /// A self-registered person proves they read their address: valid for two days. It sets
        /// no password, and the password forms refuse it. (Serde writes it as its code too.)
        #[serde(rename = "verify_email")]
        EmailVerification => "verify_email",
    }
);

impl TokenPurpose {
    /// How long a token stays valid.
    pub fn lifetime(self) -> Duration {
        match self {
            TokenPurpose::Reset => Duration::hours(1),
            TokenPurpose::Invitation => Duration::days(7),
            TokenPurpose::EmailVerification => Duration::hours(48),
        }
    }
}

fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores a new one-time token for `account` and queues the email carrying its link, both on
/// `conn` (the caller's transaction).
pub async fn issue_token<C: ConnectionTrait>(
    conn: &C,
    site: &Site,
    account: &user::Model,
    purpose: TokenPurpose,
) -> Result<(), DomainError> {
    let token = random_token();
    let now = site.now();
    let expires_at = now + purpose.lifetime();
    password_token::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(account.id),
        purpose: Set(purpose.code().to_string()),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let locale = Locale::from_code(&account.preferred_language).unwrap_or_default();
    let (page, subject, body) = match purpose {
        TokenPurpose::Reset => ("reset-password", Key::MailResetSubject, Key::MailResetBody),
        TokenPurpose::Invitation => (
            "reset-password",
            Key::MailInvitationSubject,
            Key::MailInvitationBody,
        ),
        TokenPurpose::EmailVerification => (
            "verify-email",
            Key::MembershipMailVerifySubject,
            Key::MembershipMailVerifyBody,
        ),
    };
    let link = site.link(&format!("/{page}?token={token}"));
    enqueue_secret(
        conn,
        OutgoingMail {
            to: account.email.clone(),
            subject: locale.text(subject).to_string(),
            body_text: locale.format(
                body,
                &[
                    ("name", &account.full_name),
                    ("link", &link),
                    ("email", &account.email),
                ],
            ),
        },
        expires_at,
    )
    .await?;
    Ok(())
}

/// "Forgot password": emails a reset link if an active account has this address and it has
/// not been sent [`RESET_MAILS_PER_HOUR`] already this hour. The answer is the same in every
/// case, so the form reveals neither who has an account nor how often they were sent a link.
pub async fn request_reset(
    db: &DatabaseConnection,
    site: &Site,
    email: &str,
) -> Result<(), DomainError> {
    let Ok(email) = EmailAddress::parse(email) else {
        return Err(DomainError::invalid("email", Key::EmailInvalid));
    };
    let txn = begin_write(db).await?;
    let account = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::Active.eq(true))
        .lock_exclusive()
        .one(&txn)
        .await?;
    if let Some(account) = account {
        let sent_last_hour = password_token::Entity::find()
            .filter(password_token::Column::UserId.eq(account.id))
            .filter(password_token::Column::Purpose.eq(TokenPurpose::Reset.code()))
            .filter(password_token::Column::CreatedAt.gt(site.now() - Duration::hours(1)))
            .count(&txn)
            .await?;
        if may_mail_reset(sent_last_hour) {
            issue_token(&txn, site, &account, TokenPurpose::Reset).await?;
        } else {
            tracing::info!(
                user_id = account.id,
                "reset link not sent again: {RESET_MAILS_PER_HOUR} this hour already"
            );
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Voids every outstanding token of the person: a password just set makes the other links
/// pointless, and a link still in someone's mailbox must not undo it.
async fn void_tokens<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    password_token::Entity::update_many()
        .col_expr(password_token::Column::UsedAt, Expr::value(Some(now)))
        .filter(password_token::Column::UserId.eq(user_id))
        .filter(password_token::Column::UsedAt.is_null())
        .filter(password_token::Column::Purpose.ne(TokenPurpose::EmailVerification.code()))
        .exec(conn)
        .await?;
    Ok(())
}

/// Sets a new password from an emailed link. The token is checked first, before any hashing;
/// it works once; every other token of the person is voided, every session ends (whoever knew
/// the old password is signed out) and every lockout is cleared.
pub async fn reset_password(
    db: &DatabaseConnection,
    token: &str,
    new_password: &str,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let hashed = token_hash(token.trim());
    // Only reset and invitation links set a password: an address-verification link does not.
    let live = |now: DateTime<Utc>| {
        move |t: &password_token::Model| {
            t.used_at.is_none()
                && t.expires_at > now
                && t.purpose != TokenPurpose::EmailVerification.code()
        }
    };
    // A cheap read first: a made-up, used or expired token never reaches argon2.
    password_token::Entity::find()
        .filter(password_token::Column::TokenHash.eq(hashed.as_str()))
        .one(db)
        .await?
        .filter(live(now))
        .ok_or(DomainError::Conflict(Key::ResetLinkInvalid))?;
    let password = new_password_problem(new_password)
        .map_err(|key| DomainError::invalid("new_password", key))?;
    let hash = hash_password(password).await?;
    let txn = begin_write(db).await?;
    let found = password_token::Entity::find()
        .filter(password_token::Column::TokenHash.eq(hashed.as_str()))
        .one(&txn)
        .await?
        .filter(live(now))
        .ok_or(DomainError::Conflict(Key::ResetLinkInvalid))?;
    // Marks the token used only if it still is unused: of two concurrent uses, one wins.
    let claimed = password_token::Entity::update_many()
        .col_expr(password_token::Column::UsedAt, Expr::value(Some(now)))
        .filter(password_token::Column::Id.eq(found.id))
        .filter(password_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(DomainError::Conflict(Key::ResetLinkInvalid));
    }
    let account = user::Entity::find_by_id(found.user_id)
        .one(&txn)
        .await?
        .filter(|u| u.active)
        .ok_or(DomainError::Conflict(Key::ResetLinkInvalid))?;
    set_password(&txn, account.id, hash, now).await?;
    void_tokens(&txn, account.id, now).await?;
    clear_failures(&txn, &account.email).await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(account.id))
        .exec(&txn)
        .await?;
    let event = if found.purpose == TokenPurpose::Invitation.code() {
        AuditEvent::InvitationAccepted
    } else {
        AuditEvent::PasswordReset
    };
    record(
        &txn,
        event,
        Some(account.id),
        Some(account.id),
        client.ip.as_deref(),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn set_password<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    hash: String,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(Some(hash)))
        .col_expr(user::Column::FailedLogins, Expr::value(0))
        .col_expr(
            user::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Changes the signed-in person's password. The current password is required; every other
/// session of theirs ends, the one making the change stays, and their outstanding reset and
/// invitation links stop working.
pub async fn change_password(
    db: &DatabaseConnection,
    user_id: i64,
    current_token: &str,
    current_password: &str,
    new_password: &str,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let account = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let mut problems = Vec::new();
    let stored = account.password_hash.clone().unwrap_or_default();
    if stored.is_empty() || !verify_password(&stored, current_password).await? {
        problems.push(crate::error::FieldError::new(
            "current_password",
            Key::PasswordCurrentWrong,
        ));
    }
    let password = match new_password_problem(new_password) {
        Ok(p) => Some(p),
        Err(key) => {
            problems.push(crate::error::FieldError::new("new_password", key));
            None
        }
    };
    if current_password == new_password && problems.is_empty() {
        problems.push(crate::error::FieldError::new(
            "new_password",
            Key::PasswordUnchanged,
        ));
    }
    let (Some(password), true) = (password, problems.is_empty()) else {
        if problems.iter().any(|p| p.field == "current_password") {
            record(
                db,
                AuditEvent::PasswordChangeFailed,
                Some(user_id),
                Some(user_id),
                client.ip.as_deref(),
                None,
            )
            .await?;
        }
        return Err(DomainError::Invalid(problems));
    };
    let hash = hash_password(password).await?;
    let txn = begin_write(db).await?;
    set_password(&txn, user_id, hash, now).await?;
    void_tokens(&txn, user_id, now).await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::TokenHash.ne(token_hash(current_token)))
        .exec(&txn)
        .await?;
    record(
        &txn,
        AuditEvent::PasswordChange,
        Some(user_id),
        Some(user_id),
        client.ip.as_deref(),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
