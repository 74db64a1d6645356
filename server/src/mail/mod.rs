//! The mail worker: delivers the outbox over SMTP with lettre.
//!
//! A message is claimed (with a lease), sent, then marked sent. If the process dies between
//! sending and marking, the lease runs out and the message is sent once more, with the same
//! `Message-ID` so that mail clients and relays can recognise the duplicate. Transient failures
//! are retried with exponential back-off; permanent ones (a 5xx answer) and messages out of
//! attempts are marked `failed` for administrators to see. A message carrying a secret link
//! loses the link's token from its stored body once sent, and is not sent once the link has
//! expired (`app::mail::expire_secrets`, run whenever nothing else is due).

use std::sync::Arc;

use app::mail::{backoff, claim_next, expire_secrets, mark_attempt_failed, mark_sent};
use chrono::Utc;
use entity::outbox;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::config::{Config, MailTimings};

/// What happened to one claimed message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Nothing was due.
    Idle,
    /// Delivered.
    Sent(i64),
    /// Will be retried later.
    Retrying(i64),
    /// Given up on.
    Failed(i64),
}

/// A configured sender.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    message_id_domain: String,
    timings: MailTimings,
}

impl Mailer {
    /// Builds the SMTP transport from `SMTP_URL`.
    pub fn new(config: &Config) -> Result<Mailer, lettre::transport::smtp::Error> {
        let url = config.smtp_url.as_deref().unwrap_or("smtp://127.0.0.1:25");
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
            .timeout(Some(config.mail.smtp_timeout))
            .build();
        Ok(Mailer {
            transport,
            from: config.mail_from.clone(),
            message_id_domain: config.mail_from.email.domain().to_string(),
            timings: config.mail.clone(),
        })
    }

    /// The `Message-ID` header value for an outbox row: fixed by the row, whoever sends it.
    pub fn message_id(&self, row: &outbox::Model) -> String {
        format!("<{}@{}>", row.message_id, self.message_id_domain)
    }

    fn build(&self, row: &outbox::Model) -> Result<Message, String> {
        let to: Mailbox = row
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(self.message_id(row)))
            .header(ContentType::TEXT_PLAIN)
            .body(row.body_text.clone())
            .map_err(|e| format!("message: {e}"))
    }

    /// Claims and delivers at most one due message.
    pub async fn deliver_one(&self, db: &DatabaseConnection) -> Result<Delivery, sea_orm::DbErr> {
        let Some(row) = claim_next(db, Utc::now(), self.timings.lease).await? else {
            let expired = expire_secrets(db, Utc::now()).await?;
            if expired > 0 {
                tracing::info!(expired, "mail with an expired link given up on");
            }
            return Ok(Delivery::Idle);
        };
        let message = match self.build(&row) {
            Ok(m) => m,
            Err(problem) => {
                // A malformed message will never succeed: fail it at once.
                tracing::error!(outbox_id = row.id, %problem, "unsendable message");
                mark_attempt_failed(db, row.id, &problem, None).await?;
                return Ok(Delivery::Failed(row.id));
            }
        };
        match self.transport.send(message).await {
            Ok(_) => {
                mark_sent(db, &row, Utc::now()).await?;
                tracing::info!(outbox_id = row.id, attempts = row.attempts, "mail sent");
                Ok(Delivery::Sent(row.id))
            }
            Err(e) => {
                let out_of_attempts = row.attempts >= self.timings.max_attempts;
                if e.is_permanent() || out_of_attempts {
                    tracing::error!(outbox_id = row.id, error = %e, attempts = row.attempts, "mail failed permanently");
                    mark_attempt_failed(db, row.id, &e.to_string(), None).await?;
                    Ok(Delivery::Failed(row.id))
                } else {
                    let wait = backoff(
                        row.attempts,
                        self.timings.backoff_base,
                        self.timings.backoff_max,
                    );
                    let retry_at = Utc::now()
                        + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
                    tracing::warn!(outbox_id = row.id, error = %e, retry_in = ?wait, "mail attempt failed; will retry");
                    mark_attempt_failed(db, row.id, &e.to_string(), Some(retry_at)).await?;
                    Ok(Delivery::Retrying(row.id))
                }
            }
        }
    }
}

/// Runs until `stop` turns true: delivers due mail, sleeping when there is none.
pub async fn run_worker(
    db: DatabaseConnection,
    config: Arc<Config>,
    mut stop: watch::Receiver<bool>,
) {
    let mailer = match Mailer::new(&config) {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "SMTP_URL cannot be used; mail stays queued");
            return;
        }
    };
    tracing::info!("mail worker started");
    loop {
        if *stop.borrow() {
            break;
        }
        let idle = match mailer.deliver_one(&db).await {
            Ok(Delivery::Idle) => true,
            Ok(_) => false,
            Err(e) => {
                tracing::error!(error = %e, "mail worker: database error");
                true
            }
        };
        if idle {
            tokio::select! {
                _ = tokio::time::sleep(config.mail.poll_interval) => {}
                _ = stop.changed() => {}
            }
        }
    }
    tracing::info!("mail worker stopped");
}
