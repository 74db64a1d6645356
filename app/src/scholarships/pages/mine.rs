//! "My scholarships": what a trainee may apply for, what was decided and why, and what each
//! award has paid for.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{ProgrammeSummary, error_view, status_key};
use crate::auth::Notice;
use crate::forms::{FieldMessage, FormAlert, action_error, typed_value};
use crate::i18n::{Key, Locale, use_i18n};
use crate::scholarships::api::{ApplyForScholarship, my_scholarships};
use crate::scholarships::codes::{ApplicationStatus, CommitmentStatus};
use crate::scholarships::dto::{GrantView, ScholarshipApplicationView, ScholarshipProgrammeView};

/// What happens next for an application in `status`.
fn next_step(status: &str) -> Key {
    match ApplicationStatus::from_code(status) {
        Some(ApplicationStatus::Awarded) => Key::ScholarshipNextAwarded,
        Some(ApplicationStatus::Rejected) => Key::ScholarshipNextRejected,
        Some(ApplicationStatus::Submitted) | None => Key::ScholarshipNextSubmitted,
    }
}

/// "My scholarships": programmes open to the person with an application form, their
/// applications with the decision and its reason, and their grants with what each has paid for.
#[component]
pub fn MyScholarshipsPage() -> impl IntoView {
    let i18n = use_i18n();
    let apply = ServerAction::<ApplyForScholarship>::new();
    let error = action_error(apply);
    let data = Resource::new(move || apply.version().get(), |_| my_scholarships());
    view! {
        <Title text=i18n.t(Key::ScholarshipMine) />
        <section class="wide-page" aria-labelledby="my-scholarships-title">
            <h1 id="my-scholarships-title">{i18n.t(Key::ScholarshipMine)}</h1>
            <Notice param="applied" texts=&[("1", Key::ScholarshipApplied)] />
            <FormAlert error=error />
            <Transition fallback=|| ()>
                {move || {
                    data.get().map(|found| match found {
                        Err(e) => error_view(e),
                        Ok(mine) => {
                            let nothing = mine.open.is_empty() && mine.applications.is_empty() && mine.grants.is_empty();
                            let currencies: Vec<(i64, String)> = mine
                                .grants
                                .iter()
                                .map(|g| (g.programme_id, g.currency.clone()))
                                .collect();
                            view! {
                                <p class="lead">{i18n.t(Key::ScholarshipHowItWorks)}</p>
                                {nothing.then(|| view! { <p>{i18n.t(Key::ScholarshipNoneOpen)}</p> })}
                                {(!mine.grants.is_empty()).then(|| view! { <h2>{i18n.t(Key::ScholarshipGrants)}</h2> })}
                                {mine.grants.into_iter().map(|g| view! { <GrantCard g /> }).collect_view()}
                                {(!mine.applications.is_empty()).then(|| view! {
                                    <ApplicationsTable applications=mine.applications currencies />
                                })}
                                {(!mine.open.is_empty()).then(|| view! { <h2>{i18n.t(Key::ScholarshipOpen)}</h2> })}
                                {mine.open.into_iter().map(|p| view! { <ApplyCard p apply /> }).collect_view()}
                            }.into_any()
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

/// One award: how much, what is committed, spent and left, and which modules it pays for.
#[component]
fn GrantCard(g: GrantView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let money = |v: &str| locale.money(v, &g.currency);
    let summary = locale.format(
        Key::ScholarshipGrantSummary,
        &[
            ("amount", &money(&g.amount)),
            ("committed", &money(&g.committed)),
            ("spent", &money(&g.spent)),
            ("available", &money(&g.available)),
        ],
    );
    let modules = g
        .covered_modules
        .clone()
        .into_iter()
        .map(|m| {
            view! {
                <A href=format!("/modules/{}", m.code) attr:title=m.title.clone()>{m.code.clone()}</A>
                " "
            }
        })
        .collect_view();
    let commitments = g
        .commitments
        .iter()
        .map(|c| {
            let key = match CommitmentStatus::from_code(&c.status) {
                Some(CommitmentStatus::Spent) => Key::ScholarshipCommitmentSpent,
                Some(CommitmentStatus::Released) => Key::ScholarshipCommitmentReleased,
                Some(CommitmentStatus::Committed) | None => Key::ScholarshipCommitmentCommitted,
            };
            let line = format!(
                "{} · {} · {}",
                c.module_code,
                money(&c.amount),
                locale.text(key)
            );
            view! { <li>{line}</li> }
        })
        .collect_view();
    view! {
        <article class="grant" id=format!("grant-{}", g.id)>
            <h3>{g.programme_name.clone()}</h3>
            <p>{summary}</p>
            <p>
                {i18n.t(Key::ScholarshipValidFor)}" "
                {modules}
            </p>
            {(!g.commitments.is_empty()).then(|| view! { <ul class="plain-list">{commitments}</ul> })}
        </article>
    }
}

/// The person's applications: the programme, when it was sent, the decision with the amount
/// or the reviewers' note, and what happens next.
#[component]
fn ApplicationsTable(
    applications: Vec<ScholarshipApplicationView>,
    /// Programme id → currency, from the person's awards (an awarded application has one).
    currencies: Vec<(i64, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let rows = applications
        .into_iter()
        .map(|a| {
            let currency = currencies
                .iter()
                .find(|(id, _)| *id == a.programme_id)
                .map(|(_, c)| c.clone())
                .unwrap_or_default();
            view! { <ApplicationRow a currency locale /> }
        })
        .collect_view();
    view! {
        <h2 id="my-applications-title">{i18n.t(Key::ScholarshipMyApplications)}</h2>
        <table class="data-table" id="my-scholarship-applications" aria-labelledby="my-applications-title">
            <thead><tr>
                <th scope="col">{i18n.t(Key::ScholarshipProgramme)}</th>
                <th scope="col">{i18n.t(Key::EnrollmentStatus)}</th>
                <th scope="col">{i18n.t(Key::ScholarshipDecisionNote)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn ApplicationRow(
    a: ScholarshipApplicationView,
    currency: String,
    locale: Locale,
) -> impl IntoView {
    let sent = locale.format(
        Key::ScholarshipSentOn,
        &[("date", &locale.date(&a.created_at))],
    );
    let awarded = a.awarded.as_ref().map(|amount| {
        locale.format(
            Key::ScholarshipAwardedAmount,
            &[("amount", &locale.money(amount, &currency))],
        )
    });
    view! {
        <tr data-status=a.status.clone()>
            <td data-label=locale.text(Key::ScholarshipProgramme)>
                {a.programme_name.clone()}
                <br />
                <span class="field-hint"><time datetime=a.created_at.clone()>{sent}</time></span>
            </td>
            <td data-label=locale.text(Key::EnrollmentStatus)>
                <strong>{locale.text(status_key(&a.status))}</strong>
                {awarded.map(|text| view! { <br /><span>{text}</span> })}
                <br />
                <span class="field-hint">{locale.text(next_step(&a.status))}</span>
            </td>
            <td data-label=locale.text(Key::ScholarshipDecisionNote)>{a.comment.clone()}</td>
        </tr>
    }
}

/// An open programme with its application form. The submit button names the programme for
/// screen readers, since every open programme has one.
#[component]
fn ApplyCard(
    p: ScholarshipProgrammeView,
    apply: ServerAction<ApplyForScholarship>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let id = p.id;
    let field = format!("statement-{id}");
    let hint = format!("{field}-hint");
    let apply_label = format!("{} — {}", locale.text(Key::ScholarshipApply), p.name);
    // After a refused plain form post, the statement typed for this programme comes back, with
    // the error under it.
    let typed_here = typed_value("apply_for_scholarship", "programme_id") == Some(id.to_string());
    let typed = typed_here
        .then(|| typed_value("apply_for_scholarship", "statement"))
        .flatten()
        .unwrap_or_default();
    let error = action_error(apply);
    view! {
        <article class="scholarship" id=format!("scholarship-{id}")>
            <h3>{p.name.clone()}</h3>
            <ProgrammeSummary p=p />
            <ActionForm action=apply attr:class="stacked-form">
                <input type="hidden" name="programme_id" value=id.to_string() />
                <div class="field">
                    <label for=field.clone()>{i18n.t(Key::ScholarshipStatement)}</label>
                    <p class="field-hint" id=hint.clone()>{i18n.t(Key::ScholarshipStatementHint)}</p>
                    <textarea id=field name="statement" rows="5" minlength="20" maxlength="4000" required
                        aria-describedby=hint>{typed}</textarea>
                    {typed_here.then(|| view! { <FieldMessage error=error name="statement" /> })}
                </div>
                <button type="submit" class="primary-button" aria-label=apply_label>
                    {i18n.t(Key::ScholarshipApply)}
                </button>
            </ActionForm>
        </article>
    }
}
