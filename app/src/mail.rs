//! The mail outbox: services put messages here inside their own transaction, so an email is
//! sent if and only if the change that caused it was committed. The worker in `server::mail`
//! claims due messages, sends them and records the outcome through the functions below.
//!
//! # Delivery contract: queued once, delivered at least once
//!
//! - **Queued exactly once.** Every message carries a [`MailKey`] naming what it is about
//!   (`purpose:subject`), and the outbox holds each key once (a UNIQUE index): queuing a key
//!   that is already there inserts nothing ([`enqueue_keyed`] answers [`Queued::AlreadyQueued`]).
//!   A request retried by the browser, or a job run again after a crash, mails once. [`enqueue`]
//!   without a key gives the message a key of its own: it dedupes nothing, and suits messages
//!   that happen once because the change that queues them can happen only once.
//! - **Delivered at least once, not exactly once.** A message is claimed with a lease, handed to
//!   the SMTP relay, then marked sent. A process killed after the relay accepted it and before
//!   the mark leaves it claimed; when the lease runs out it is sent again. Every attempt carries
//!   the same `Message-ID` (fixed when the message is queued), so relays and mail clients can
//!   recognise the duplicate; nothing in SMTP lets a sender do better. A message is never lost:
//!   what was committed to the outbox stays there until it is sent, expires (secret links) or
//!   runs out of attempts (then it is `failed`, listed by `picap mail-status`).
//!
//! A message whose body carries a secret link (a password reset or an invitation) is queued
//! with [`enqueue_secret`]: it is not sent once its link has expired, and the stored copy loses
//! the link's token once it is sent or has expired ([`redact_secrets`]), so the outbox does not
//! keep working keys to accounts.
//!
//! Claims are conditional updates, so several server processes sharing one PostgreSQL never
//! send the same message twice at once; a claim carries a lease, so a message whose sender died
//! mid-flight is retried (under the same `Message-ID`) once the lease runs out.

use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::outbox;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TryInsertResult,
    sea_query::{Expr, ExprTrait},
};

/// Outbox status of a message that waits for its next attempt.
pub const QUEUED: &str = "queued";
/// Outbox status of a message a worker has claimed.
pub const SENDING: &str = "sending";
/// Outbox status of a delivered message.
pub const SENT: &str = "sent";
/// Outbox status of a message that will not be retried.
pub const FAILED: &str = "failed";

/// An email to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    /// The recipient's address.
    pub to: String,
    /// The subject line, in the recipient's language.
    pub subject: String,
    /// The plain-text body, in the recipient's language.
    pub body_text: String,
}

/// What a message is about, unique in the outbox: `purpose:subject`, say
/// `enrollment-status:42:enrolled` or `password-token:17`. Two messages with one key are one
/// message: the second is not queued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailKey(String);

/// The longest key the outbox column holds; longer keys keep their start and a digest of the
/// whole, so that they stay distinct.
const MAIL_KEY_MAX: usize = 200;

impl MailKey {
    /// The key of the message of kind `purpose` (`enrollment-status`) about `subject` (the
    /// enrolment's id and its new status, say).
    pub fn new(purpose: &str, subject: impl std::fmt::Display) -> MailKey {
        let key = format!("{purpose}:{subject}");
        if key.len() <= MAIL_KEY_MAX {
            return MailKey(key);
        }
        let digest = crate::auth::service::token_hash(&key);
        let mut end = MAIL_KEY_MAX - digest.len() - 1;
        while !key.is_char_boundary(end) {
            end -= 1;
        }
        MailKey(format!("{}#{digest}", &key[..end]))
    }

    /// A key of its own for a message identified by its `Message-ID` alone (what [`enqueue`]
    /// gives, and what messages queued before keys existed were given).
    fn of_message(message_id: &str) -> MailKey {
        MailKey(format!("message:{message_id}"))
    }

    /// The key as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What queuing a message did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queued {
    /// The message was added to the outbox with this id.
    New(i64),
    /// A message with the same key was already in the outbox (this id): nothing was added.
    AlreadyQueued(i64),
}

impl Queued {
    /// The outbox id of the message, new or already there.
    pub fn id(self) -> i64 {
        match self {
            Queued::New(id) | Queued::AlreadyQueued(id) => id,
        }
    }
}

/// Queues `mail` on `conn`, which should be the transaction of the change that causes it.
/// The message gets a key of its own (it dedupes nothing): use [`enqueue_keyed`] when the
/// operation that queues it may run twice. Returns the outbox id.
pub async fn enqueue<C: ConnectionTrait>(conn: &C, mail: OutgoingMail) -> Result<i64, DbErr> {
    let message_id = new_message_id();
    let key = MailKey::of_message(&message_id);
    Ok(insert(conn, message_id, key, mail, None).await?.id())
}

/// Queues `mail` under `key`, unless a message with that key is already in the outbox; on
/// `conn`, which should be the transaction of the change that causes it.
pub async fn enqueue_keyed<C: ConnectionTrait>(
    conn: &C,
    key: MailKey,
    mail: OutgoingMail,
) -> Result<Queued, DbErr> {
    insert(conn, new_message_id(), key, mail, None).await
}

/// Queues `mail`, whose body carries a secret link valid until `expires_at`: it is never sent
/// after that, and its stored body is redacted once sent or expired. Returns the outbox id.
pub async fn enqueue_secret<C: ConnectionTrait>(
    conn: &C,
    mail: OutgoingMail,
    expires_at: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let message_id = new_message_id();
    let key = MailKey::of_message(&message_id);
    Ok(insert(conn, message_id, key, mail, Some(expires_at))
        .await?
        .id())
}

/// [`enqueue_secret`] under `key`, as [`enqueue_keyed`].
pub async fn enqueue_secret_keyed<C: ConnectionTrait>(
    conn: &C,
    key: MailKey,
    mail: OutgoingMail,
    expires_at: DateTime<Utc>,
) -> Result<Queued, DbErr> {
    insert(conn, new_message_id(), key, mail, Some(expires_at)).await
}

fn new_message_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// The insert behind every `enqueue*`: `ON CONFLICT (dedupe_key) DO NOTHING`, so a duplicate
/// neither fails nor aborts the caller's transaction (PostgreSQL aborts a transaction on a
/// unique violation).
async fn insert<C: ConnectionTrait>(
    conn: &C,
    message_id: String,
    key: MailKey,
    mail: OutgoingMail,
    secret_until: Option<DateTime<Utc>>,
) -> Result<Queued, DbErr> {
    let now = Utc::now();
    let row = outbox::ActiveModel {
        message_id: Set(message_id),
        dedupe_key: Set(key.0.clone()),
        recipient: Set(mail.to),
        subject: Set(mail.subject),
        body_text: Set(mail.body_text),
        status: Set(QUEUED.to_string()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        expires_at: Set(secret_until),
        redact_after_send: Set(secret_until.is_some()),
        redacted_at: Set(None),
        ..Default::default()
    };
    let inserted = outbox::Entity::insert(row)
        .on_conflict_do_nothing_on([outbox::Column::DedupeKey])
        .exec(conn)
        .await?;
    match inserted {
        TryInsertResult::Inserted(result) => Ok(Queued::New(result.last_insert_id)),
        TryInsertResult::Empty | TryInsertResult::Conflicted => {
            let existing: Option<i64> = outbox::Entity::find()
                .select_only()
                .column(outbox::Column::Id)
                .filter(outbox::Column::DedupeKey.eq(key.as_str()))
                .into_tuple()
                .one(conn)
                .await?;
            existing.map(Queued::AlreadyQueued).ok_or_else(|| {
                DbErr::Custom(format!(
                    "outbox: message {} was neither queued nor found",
                    key.as_str()
                ))
            })
        }
    }
}

/// What replaces a token in a stored body.
pub const REDACTED: &str = "[removed]";

/// `body` without the values of its links' `token` parameters: the rest of the message stays
/// readable for support, the link no longer opens anything.
pub fn redact_secrets(body: &str) -> String {
    const MARK: &str = "token=";
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find(MARK) {
        let value_start = at + MARK.len();
        out.push_str(&rest[..value_start]);
        let value_len = rest[value_start..]
            .find(|c: char| {
                !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '%'))
            })
            .unwrap_or(rest.len() - value_start);
        if value_len > 0 {
            out.push_str(REDACTED);
        }
        rest = &rest[value_start + value_len..];
    }
    out.push_str(rest);
    out
}

/// Gives up on unsent messages whose secret link has expired: they are marked failed (a retry
/// is refused) and their bodies redacted. Returns how many.
pub async fn expire_secrets(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let expired = outbox::Entity::find()
        .filter(outbox::Column::RedactAfterSend.eq(true))
        .filter(outbox::Column::RedactedAt.is_null())
        .filter(outbox::Column::ExpiresAt.lte(now))
        .limit(100)
        .all(db)
        .await?;
    let mut count = 0;
    for row in expired {
        // A message being sent right now is left to its sender (which then redacts it);
        // only a lapsed claim is taken over.
        let updated = outbox::Entity::update_many()
            .col_expr(
                outbox::Column::BodyText,
                Expr::value(redact_secrets(&row.body_text)),
            )
            .col_expr(outbox::Column::RedactedAt, Expr::value(Some(now)))
            .col_expr(outbox::Column::Status, Expr::value(FAILED))
            .col_expr(
                outbox::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                outbox::Column::LastError,
                Expr::value(Some("not sent: the link in it expired".to_string())),
            )
            .filter(outbox::Column::Id.eq(row.id))
            .filter(outbox::Column::RedactedAt.is_null())
            .filter(outbox::Column::Status.ne(SENT))
            .filter(
                sea_orm::Condition::any()
                    .add(outbox::Column::Status.ne(SENDING))
                    .add(outbox::Column::LockedUntil.lt(now)),
            )
            .exec(db)
            .await?;
        count += updated.rows_affected;
    }
    Ok(count)
}

/// Claims the oldest message that is due (queued and past its next attempt, or abandoned by a
/// sender whose lease expired) for `lease`. Returns `None` when nothing is due.
pub async fn claim_next(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<Option<outbox::Model>, DbErr> {
    let due = || {
        sea_orm::Condition::all()
            .add(
                sea_orm::Condition::any()
                    .add(
                        sea_orm::Condition::all()
                            .add(outbox::Column::Status.eq(QUEUED))
                            .add(outbox::Column::NextAttemptAt.lte(now)),
                    )
                    .add(
                        sea_orm::Condition::all()
                            .add(outbox::Column::Status.eq(SENDING))
                            .add(outbox::Column::LockedUntil.lt(now)),
                    ),
            )
            // A link that no longer works is not worth sending.
            .add(
                sea_orm::Condition::any()
                    .add(outbox::Column::ExpiresAt.is_null())
                    .add(outbox::Column::ExpiresAt.gt(now)),
            )
    };
    // A few candidates, because a concurrent worker may win the first.
    let candidates: Vec<i64> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(due())
        .order_by_asc(outbox::Column::Id)
        .limit(5)
        .into_tuple()
        .all(db)
        .await?;
    let locked_until =
        now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(60));
    for id in candidates {
        // The same condition again: only one claimant's update matches.
        let claimed = outbox::Entity::update_many()
            .col_expr(outbox::Column::Status, Expr::value(SENDING))
            .col_expr(outbox::Column::LockedUntil, Expr::value(locked_until))
            .col_expr(
                outbox::Column::Attempts,
                Expr::col(outbox::Column::Attempts).add(1),
            )
            .filter(outbox::Column::Id.eq(id))
            .filter(due())
            .exec(db)
            .await?;
        if claimed.rows_affected == 1 {
            return outbox::Entity::find_by_id(id).one(db).await;
        }
    }
    Ok(None)
}

/// Records the delivery of `row`, and removes the secret its body carries, in one update.
/// Only the claimant (status `sending`) can mark it.
pub async fn mark_sent(
    db: &DatabaseConnection,
    row: &outbox::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut update = outbox::Entity::update_many();
    if row.redact_after_send {
        update = update
            .col_expr(
                outbox::Column::BodyText,
                Expr::value(redact_secrets(&row.body_text)),
            )
            .col_expr(outbox::Column::RedactedAt, Expr::value(Some(now)));
    }
    let id = row.id;
    update
        .col_expr(outbox::Column::Status, Expr::value(SENT))
        .col_expr(outbox::Column::SentAt, Expr::value(now))
        .col_expr(
            outbox::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(SENDING))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed attempt: retried at `retry_at`, or marked `failed` when `retry_at` is None.
pub async fn mark_attempt_failed(
    db: &DatabaseConnection,
    id: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    let update = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(truncate(error, 2000)),
        );
    let update = match retry_at {
        Some(at) => update
            .col_expr(outbox::Column::Status, Expr::value(QUEUED))
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(at)),
        None => update.col_expr(outbox::Column::Status, Expr::value(FAILED)),
    };
    update
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(SENDING))
        .exec(db)
        .await?;
    Ok(())
}

/// Messages that will not be retried, newest first, for administrators to inspect.
pub async fn failed_messages(
    db: &DatabaseConnection,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::Status.eq(FAILED))
        .order_by_desc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// How many messages are in each state: (queued or sending, sent, failed).
pub async fn counts(db: &DatabaseConnection) -> Result<(u64, u64, u64), DbErr> {
    let pending = outbox::Entity::find()
        .filter(outbox::Column::Status.is_in([QUEUED, SENDING]))
        .count(db)
        .await?;
    let sent = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(SENT))
        .count(db)
        .await?;
    let failed = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(FAILED))
        .count(db)
        .await?;
    Ok((pending, sent, failed))
}

/// Wait before the next attempt after `attempts` failures: `base` doubled each time, at most
/// `max`.
pub fn backoff(attempts: i32, base: Duration, max: Duration) -> Duration {
    let exponent = attempts.saturating_sub(1).clamp(0, 30) as u32;
    base.checked_mul(1u32 << exponent)
        .map_or(max, |d| d.min(max))
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_leave_the_body_and_the_rest_stays() {
        let cases = [
            (
                "Open https://picap.example.org/reset-password?token=0a1b2c within an hour.",
                "Open https://picap.example.org/reset-password?token=[removed] within an hour.",
            ),
            (
                "a?token=abc&x=1\nb?token=def",
                "a?token=[removed]&x=1\nb?token=[removed]",
            ),
            ("No link here.", "No link here."),
            ("token=", "token="),
            ("ends with token=f00", "ends with token=[removed]"),
            ("Bonjour Jean, token=é", "Bonjour Jean, token=é"),
        ];
        for (body, expected) in cases {
            assert_eq!(redact_secrets(body), expected, "{body}");
        }
    }

    #[test]
    fn keys_name_what_the_message_is_about_and_long_ones_stay_distinct() {
        assert_eq!(
            MailKey::new("enrollment-status", "42:enrolled").as_str(),
            "enrollment-status:42:enrolled"
        );
        let long_a = MailKey::new("p", "é".repeat(300));
        let long_b = MailKey::new("p", format!("{}x", "é".repeat(300)));
        for key in [&long_a, &long_b] {
            assert!(key.as_str().len() <= MAIL_KEY_MAX, "{}", key.as_str().len());
        }
        assert_ne!(long_a, long_b, "same start, different digests");
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let base = Duration::from_secs(30);
        let max = Duration::from_secs(3600);
        let cases = [
            (0, 30),
            (1, 30),
            (2, 60),
            (3, 120),
            (5, 480),
            (7, 1920),
            (8, 3600),
            (40, 3600),
            (i32::MAX, 3600),
        ];
        for (attempts, seconds) in cases {
            assert_eq!(
                backoff(attempts, base, max),
                Duration::from_secs(seconds),
                "{attempts}"
            );
        }
    }
}
