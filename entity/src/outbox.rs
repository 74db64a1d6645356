//! One queued email. See `app::mail` (enqueue) and `server::mail` (delivery).

use sea_orm::entity::prelude::*;

/// An email waiting in, or delivered from, the outbox.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The RFC 5322 `Message-ID`, fixed at enqueue time so that a resend after a crash is
    /// recognisable as the same message.
    #[sea_orm(unique)]
    pub message_id: String,
    /// What the message is about (say `enrollment-status:42:enrolled`): queuing a message whose
    /// key is already in the outbox inserts nothing, so a retried operation mails once.
    #[sea_orm(unique)]
    pub dedupe_key: String,
    pub recipient: String,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body_text: String,
    /// `queued`, `sending`, `sent` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// While `sending`: the claim expires here, after which another worker may retry it.
    pub locked_until: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// When the secret link the body carries stops working: the message is not sent after it.
    pub expires_at: Option<DateTimeUtc>,
    /// The body carries a secret link, to be removed from the stored copy once sent or expired.
    pub redact_after_send: bool,
    /// When that secret was removed from the body.
    pub redacted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
