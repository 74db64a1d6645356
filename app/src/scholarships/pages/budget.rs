//! A scholarship programme's budget page: balances, review queue and ledger.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::{ProgrammeSummary, error_view, status_key};
use crate::auth::Notice;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, use_i18n};
use crate::scholarships::api::{DecideScholarship, scholarship_budget};
use crate::scholarships::codes::{ApplicationStatus, LedgerKind};
use crate::scholarships::dto::ScholarshipApplicationView;
use crate::shell::Confirm;

/// A programme's budget page: balances, the review queue with a decision form per
/// application, and the ledger with a CSV export.
#[component]
pub fn ScholarshipBudgetPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let decide = ServerAction::<DecideScholarship>::new();
    let error = action_error(decide);
    let data = Resource::new(
        move || (id(), decide.version().get()),
        |(id, _)| scholarship_budget(id),
    );
    view! {
        <Title text=i18n.t(Key::ScholarshipBudgetTitle) />
        <section class="wide-page" aria-labelledby="budget-title">
            <Notice param="decided" texts=&[("1", Key::EnrollmentDecided)] />
            <FormAlert error=error />
            <Suspense fallback=|| ()>
                {move || {
                    data.get().map(|found| match found {
                        Err(e) => view! {
                            <h1 id="budget-title">{i18n.t(Key::ScholarshipBudgetTitle)}</h1>
                            {error_view(e)}
                        }.into_any(),
                        Ok(page) => {
                            let p = page.programme.clone();
                            let locale = i18n.locale();
                            let currency = p.currency.clone();
                            let money = move |v: &str| locale.money(v, &currency);
                            let pid = p.id;
                            // The budget page is for administrators, who read budgets.
                            let b = p.balances.clone().unwrap_or_default();
                            view! {
                                <h1 id="budget-title">{p.name.clone()}</h1>
                                <p><A href="/admin/scholarships">{i18n.t(Key::ScholarshipAdminTitle)}</A></p>
                                <dl class="facts" id="budget">
                                    <dt>{i18n.t(Key::ScholarshipBudget)}</dt><dd>{money(&b.budget)}</dd>
                                    <dt>{i18n.t(Key::ScholarshipAwarded)}</dt><dd>{money(&b.awarded)}</dd>
                                    <dt>{i18n.t(Key::ScholarshipCommitted)}</dt><dd>{money(&b.committed)}</dd>
                                    <dt>{i18n.t(Key::ScholarshipSpent)}</dt><dd>{money(&b.spent)}</dd>
                                    <dt>{i18n.t(Key::ScholarshipRemaining)}</dt><dd id="remaining">{money(&b.remaining)}</dd>
                                </dl>
                                <ProgrammeSummary p=page.programme.clone() />
                                <h2>{i18n.t(Key::ScholarshipReviewQueue)}</h2>
                                {if page.applications.is_empty() {
                                    view! { <p>{i18n.t(Key::ScholarshipNoApplications)}</p> }.into_any()
                                } else {
                                    view! {
                                        <table class="data-table" id="scholarship-applications">
                                            <thead><tr>
                                                <th scope="col">{i18n.t(Key::EnrollmentPerson)}</th>
                                                <th scope="col">{i18n.t(Key::ScholarshipStatement)}</th>
                                                <th scope="col">{i18n.t(Key::EnrollmentStatus)}</th>
                                                <th scope="col">{i18n.t(Key::EnrollmentDecision)}</th>
                                            </tr></thead>
                                            <tbody>
                                                {page.applications.into_iter().map(|a| view! {
                                                    <ReviewRow a=a programme_id=pid currency=p.currency.clone() action=decide />
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    }.into_any()
                                }}
                                <h2>{i18n.t(Key::ScholarshipLedger)}</h2>
                                <p><a href=format!("/api/v1/scholarship-programmes/{pid}/ledger.csv") download="">{i18n.t(Key::ScholarshipLedgerCsv)}</a></p>
                                <table class="data-table" id="ledger">
                                    <thead><tr>
                                        <th scope="col">"#"</th>
                                        <th scope="col">{i18n.t(Key::ScholarshipLedgerWhen)}</th>
                                        <th scope="col">{i18n.t(Key::ScholarshipLedgerKind)}</th>
                                        <th scope="col">{i18n.t(Key::ScholarshipLedgerAmount)}</th>
                                        <th scope="col">{i18n.t(Key::ScholarshipLedgerWho)}</th>
                                        <th scope="col">{i18n.t(Key::EnrollmentReason)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.ledger.into_iter().map(|r| {
                                            let kind = match LedgerKind::from_code(&r.kind) {
                                                Some(LedgerKind::Award) => Key::ScholarshipKindAward,
                                                Some(LedgerKind::Commit) => Key::ScholarshipKindCommit,
                                                Some(LedgerKind::Release) => Key::ScholarshipKindRelease,
                                                Some(LedgerKind::Spend) | None => Key::ScholarshipKindSpend,
                                            };
                                            view! {
                                                <tr>
                                                    <td data-label="#">{r.id}</td>
                                                    <td data-label=locale.text(Key::ScholarshipLedgerWhen)>
                                                        <time datetime=r.at.clone()>{locale.date_time(&r.at)}</time>
                                                    </td>
                                                    <td data-label=locale.text(Key::ScholarshipLedgerKind)>{locale.text(kind)}</td>
                                                    <td class="number" data-label=locale.text(Key::ScholarshipLedgerAmount)>{money(&r.amount)}</td>
                                                    <td data-label=locale.text(Key::ScholarshipLedgerWho)>{r.actor.clone()}</td>
                                                    <td data-label=locale.text(Key::EnrollmentReason)>{r.reason.clone()}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// One application in the review queue. Awarding is one form; rejecting, which cannot be
/// undone, sits behind a confirmation that holds its own comment for the applicant.
#[component]
fn ReviewRow(
    a: ScholarshipApplicationView,
    programme_id: i64,
    currency: String,
    action: ServerAction<DecideScholarship>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let affiliation = if a.affiliation == "civilian" {
        Key::AffiliationCivilian
    } else {
        Key::AffiliationPolice
    };
    let who = format!("{} ({})", a.agency, a.country);
    let pending = a.status == ApplicationStatus::Submitted.code();
    let application_id = a.id;
    let ids = move |part: &str| format!("{part}-{application_id}");
    let optional = locale.text(Key::AccountsOptional);
    let name = a.full_name.clone();
    let awarded = a
        .awarded
        .as_ref()
        .map(|amount| locale.money(amount, &currency));
    let decision = pending.then(|| {
        let award_label = format!("{} — {name}", locale.text(Key::ScholarshipAward));
        let question = locale.format(Key::ScholarshipRejectQuestion, &[("name", &name)]);
        view! {
            <ActionForm action=action attr:class="decision-form">
                <input type="hidden" name="programme_id" value=programme_id.to_string() />
                <input type="hidden" name="id" value=a.id.to_string() />
                <label for=ids("amount")>{locale.text(Key::ScholarshipAmount)}" ("{currency.clone()}")"</label>
                <input id=ids("amount") name="amount" inputmode="decimal" maxlength="16" required />
                <label for=ids("score")>{locale.text(Key::ScholarshipScore)}" "{optional}</label>
                <input id=ids("score") name="score" type="number" min="0" max="100" />
                <label for=ids("comment")>{locale.text(Key::ScholarshipComment)}" "{optional}</label>
                <input id=ids("comment") name="comment" maxlength="4000" />
                <button type="submit" name="decision" value="award" class="primary-button" aria-label=award_label>
                    {locale.text(Key::ScholarshipAward)}
                </button>
            </ActionForm>
            <Confirm
                label=locale.text(Key::ScholarshipReject).to_string()
                context=format!("{} — {name}", locale.text(Key::ScholarshipReject))
                question=question
                danger=true
            >
                <ActionForm action=action attr:class="decision-form">
                    <input type="hidden" name="programme_id" value=programme_id.to_string() />
                    <input type="hidden" name="id" value=a.id.to_string() />
                    <input type="hidden" name="decision" value="reject" />
                    <label for=ids("reject-comment")>{locale.text(Key::ScholarshipRejectComment)}</label>
                    <textarea id=ids("reject-comment") name="comment" rows="3" maxlength="4000"></textarea>
                    <label for=ids("reject-score")>{locale.text(Key::ScholarshipScore)}" "{optional}</label>
                    <input id=ids("reject-score") name="score" type="number" min="0" max="100" />
                    <button type="submit" class="primary-button danger-button">
                        {locale.text(Key::ScholarshipRejectConfirm)}
                    </button>
                </ActionForm>
            </Confirm>
        }
    });
    view! {
        <tr data-status=a.status.clone()>
            <td data-label=locale.text(Key::EnrollmentPerson)>
                {a.full_name.clone()}<br /><span class="field-hint">{who}" · "{locale.text(affiliation)}</span>
            </td>
            <td class="statement" data-label=locale.text(Key::ScholarshipStatement)>{a.statement.clone()}</td>
            <td data-label=locale.text(Key::EnrollmentStatus)>
                {locale.text(status_key(&a.status))}
                {awarded.map(|amount| format!(" · {amount}"))}
                {a.score.map(|s| format!(" · {s}/100"))}
                <br />
                <span class="field-hint">
                    <time datetime=a.created_at.clone()>{locale.format(Key::ScholarshipSentOn, &[("date", &locale.date(&a.created_at))])}</time>
                </span>
                {a.comment.clone().map(|c| view! { <br /><span class="field-hint">{c}</span> })}
            </td>
            <td data-label=locale.text(Key::EnrollmentDecision)>{decision}</td>
        </tr>
    }
}
