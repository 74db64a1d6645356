//! Scholarship pages: "My scholarships" for trainees; the programme list, the new-programme
//! form and each programme's budget page (review queue, balances, ledger) for administrators.
//!
//! Amounts travel as exact decimal text and dates as ISO text; they are written for the reader
//! here, at the last step, with [`Locale::money`] and [`Locale::date`].

mod admin;
mod budget;
mod mine;

pub use admin::AdminScholarshipsPage;
pub use budget::ScholarshipBudgetPage;
pub use mine::MyScholarshipsPage;

use leptos::prelude::*;
use leptos_router::components::A;

use super::codes::ApplicationStatus;
use super::dto::ScholarshipProgrammeView;
use crate::error::AppError;
use crate::forms::FormAlert;
use crate::i18n::{Key, Locale, use_i18n};

fn cover_key(code: &str) -> Key {
    match code {
        "tuition" => Key::ScholarshipCoverTuition,
        "travel" => Key::ScholarshipCoverTravel,
        "lodging" => Key::ScholarshipCoverLodging,
        _ => Key::ScholarshipCoverPerDiem,
    }
}

fn status_key(code: &str) -> Key {
    match ApplicationStatus::from_code(code) {
        Some(ApplicationStatus::Awarded) => Key::ScholarshipStatusAwarded,
        Some(ApplicationStatus::Rejected) => Key::ScholarshipStatusRejected,
        Some(ApplicationStatus::Submitted) | None => Key::ScholarshipStatusSubmitted,
    }
}

fn covers_text(locale: Locale, covers: &[String]) -> String {
    covers
        .iter()
        .map(|c| locale.text(cover_key(c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A refusal of the whole page: a sign-in link that comes back here, or the error said plainly.
fn error_view(e: AppError) -> AnyView {
    if matches!(e, AppError::SignInRequired) {
        return view! { <crate::auth::SignInFirst /> }.into_any();
    }
    let e = Signal::derive(move || Some(e.clone()));
    view! { <FormAlert error=e /> }.into_any()
}

/// A programme's description for a possible applicant: funder, what it pays for, which
/// modules, window and conditions.
#[component]
fn ProgrammeSummary(p: ScholarshipProgrammeView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let covers = p.covers.clone();
    view! {
        <dl class="facts">
            <dt>{i18n.t(Key::ScholarshipFunder)}</dt>
            <dd>{p.funder.clone()}</dd>
            <dt>{i18n.t(Key::ScholarshipCovers)}</dt>
            <dd>{move || covers_text(i18n.locale(), &covers)}</dd>
            <dt>{i18n.t(Key::ScholarshipPerPersonMax)}</dt>
            <dd>{locale.money(&p.per_person_max, &p.currency)}</dd>
            <dt>{i18n.t(Key::ScholarshipModules)}</dt>
            <dd>
                <ul class="plain-list">
                    {p.covered_modules
                        .iter()
                        .map(|m| view! {
                            <li><A href=format!("/modules/{}", m.code)>{format!("{} · {}", m.code, m.title)}</A></li>
                        })
                        .collect_view()}
                </ul>
            </dd>
            <dt>{i18n.t(Key::ScholarshipWindow)}</dt>
            <dd>
                <time datetime=p.opens.clone()>{locale.date(&p.opens)}</time>
                " – "
                <time datetime=p.closes.clone()>{locale.date(&p.closes)}</time>
            </dd>
            {(!p.conditions.is_empty()).then(|| view! {
                <dt>{i18n.t(Key::ScholarshipConditions)}</dt>
                <dd>{p.conditions.clone()}</dd>
            })}
        </dl>
    }
}
