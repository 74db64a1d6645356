//! Administration → mail: how the outbox is doing, and the messages that could not be
//! delivered, each of which can be sent again (for example after fixing a relay setting).

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, use_i18n};

/// A message the worker gave up on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedMail {
    /// Outbox id.
    pub id: i64,
    /// Recipient address.
    pub recipient: String,
    /// Subject line.
    pub subject: String,
    /// Attempts made.
    pub attempts: i32,
    /// The relay's last answer.
    pub last_error: Option<String>,
    /// Queued at (RFC 3339, UTC).
    pub created_at: String,
}

/// The outbox at a glance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxStatus {
    /// Waiting or being sent.
    pub pending: u64,
    /// Delivered.
    pub sent: u64,
    /// Given up on.
    pub failed: u64,
    /// The latest failures, newest first.
    pub failures: Vec<FailedMail>,
}

#[cfg(feature = "ssr")]
pub mod service {
    //! Outbox administration over the database.

    use chrono::Utc;
    use entity::outbox;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

    use super::{FailedMail, OutboxStatus};
    use crate::auth::CurrentUser;
    use crate::auth::policy::{Action, Relation, allowed};
    use crate::error::DomainError;

    fn check(caller: &CurrentUser) -> Result<(), DomainError> {
        if allowed(&caller.roles, Action::ManageMail, Relation::Other) {
            Ok(())
        } else {
            Err(DomainError::Forbidden)
        }
    }

    /// Counts and the latest 50 failures (administrators only).
    pub async fn overview(
        db: &DatabaseConnection,
        caller: &CurrentUser,
    ) -> Result<OutboxStatus, DomainError> {
        check(caller)?;
        let (pending, sent, failed) = crate::mail::counts(db).await?;
        let failures = crate::mail::failed_messages(db, 50)
            .await?
            .into_iter()
            .map(|m| FailedMail {
                id: m.id,
                recipient: m.recipient,
                subject: m.subject,
                attempts: m.attempts,
                last_error: m.last_error,
                created_at: m
                    .created_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            })
            .collect();
        Ok(OutboxStatus {
            pending,
            sent,
            failed,
            failures,
        })
    }

    /// Queues a failed message again, with a fresh count of attempts (administrators only).
    /// Only a failed message can be retried, and not one whose link has expired: the update is
    /// conditional on both.
    pub async fn retry(
        db: &DatabaseConnection,
        caller: &CurrentUser,
        id: i64,
    ) -> Result<(), DomainError> {
        check(caller)?;
        let updated = outbox::Entity::update_many()
            .col_expr(outbox::Column::Status, Expr::value(crate::mail::QUEUED))
            .col_expr(outbox::Column::Attempts, Expr::value(0))
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(Utc::now()))
            .col_expr(
                outbox::Column::LockedUntil,
                Expr::value(Option::<chrono::DateTime<Utc>>::None),
            )
            .filter(outbox::Column::Id.eq(id))
            .filter(outbox::Column::Status.eq(crate::mail::FAILED))
            .filter(
                sea_orm::Condition::any()
                    .add(outbox::Column::ExpiresAt.is_null())
                    .add(outbox::Column::ExpiresAt.gt(Utc::now())),
            )
            .exec(db)
            .await?;
        if updated.rows_affected == 0 {
            return Err(DomainError::NotFound);
        }
        Ok(())
    }
}

/// The outbox at a glance (administrators).
#[server(endpoint = "mail_overview")]
pub async fn mail_overview() -> Result<OutboxStatus, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    service::overview(&db, &caller)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Sends a failed message again (administrators).
#[server(endpoint = "retry_mail")]
pub async fn retry_mail(id: i64) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    service::retry(&db, &caller, id)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Administration → mail.
#[component]
pub fn MailPage() -> impl IntoView {
    let i18n = use_i18n();
    let retry = ServerAction::<RetryMail>::new();
    let retry_error = action_error(retry);
    let overview = Resource::new(move || retry.version().get(), |_| mail_overview());
    view! {
        <Title text=i18n.t(Key::MailTitle) />
        <section class="wide-page" aria-labelledby="mail-title">
            <h1 id="mail-title">{i18n.t(Key::MailTitle)}</h1>
            <FormAlert error=retry_error />
            <Transition fallback=|| ()>
                {move || {
                    overview
                        .get()
                        .map(|found| match found {
                            Err(AppError::SignInRequired) => {
                                view! { <p class="form-error" role="alert">{i18n.t(Key::FormSignInRequired)}</p> }
                                    .into_any()
                            }
                            Err(AppError::Forbidden) => {
                                view! { <p class="form-error" role="alert">{i18n.t(Key::FormForbidden)}</p> }
                                    .into_any()
                            }
                            Err(_) => view! { <crate::shell::ErrorPage /> }.into_any(),
                            Ok(overview) => {
                                view! {
                                    <dl class="facts" id="mail-counts">
                                        <dt>{i18n.t(Key::MailPending)}</dt>
                                        <dd>{overview.pending}</dd>
                                        <dt>{i18n.t(Key::MailSent)}</dt>
                                        <dd>{overview.sent}</dd>
                                        <dt>{i18n.t(Key::MailFailed)}</dt>
                                        <dd>{overview.failed}</dd>
                                    </dl>
                                    <h2>{i18n.t(Key::MailFailures)}</h2>
                                    {if overview.failures.is_empty() {
                                        view! { <p>{i18n.t(Key::MailNoFailures)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <table class="data-table" id="mail-failures">
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{i18n.t(Key::MailRecipient)}</th>
                                                        <th scope="col">{i18n.t(Key::MailSubject)}</th>
                                                        <th scope="col">{i18n.t(Key::MailLastError)}</th>
                                                        <th scope="col"><span class="visually-hidden">{i18n.t(Key::MailRetry)}</span></th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {overview
                                                        .failures
                                                        .into_iter()
                                                        .map(|mail| {
                                                            let id = mail.id.to_string();
                                                            view! {
                                                                <tr>
                                                                    <td>{mail.recipient}<br /><span class="muted">{mail.created_at}</span></td>
                                                                    <td>{mail.subject}</td>
                                                                    <td>{mail.last_error.unwrap_or_default()} " (" {mail.attempts} ")"</td>
                                                                    <td>
                                                                        <ActionForm action=retry attr:class="inline-form">
                                                                            <input type="hidden" name="id" value=id />
                                                                            <button type="submit" class="link-button">{i18n.t(Key::MailRetry)}</button>
                                                                        </ActionForm>
                                                                    </td>
                                                                </tr>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </tbody>
                                            </table>
                                        }
                                            .into_any()
                                    }}
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}
