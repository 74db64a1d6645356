//! An offering's applicants (`/admin/offerings/{id}/enrollments`), with a decision per person.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::super::RosterEntry;
use super::super::api::{DecideEnrollment, offering_applicants};
use super::super::dto::EnrollmentStatus;
use super::applicant_row::{ApplicantRow, RowContext};
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, Locale, use_i18n};

/// An offering's applicants: seat holders, then the waiting list in order, then applications
/// awaiting a decision, with the cohort's make-up. Administrators decide with one explicit
/// button per legal move ("Aceptar", "Lista de espera", "No aceptar"…); refusals and other moves
/// that take something away ask for confirmation first. Instructors see the list.
#[component]
pub fn ApplicantsPage() -> impl IntoView {
    use leptos_router::hooks::use_params_map;
    let i18n = use_i18n();
    let params = use_params_map();
    let offering_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let decide = ServerAction::<DecideEnrollment>::new();
    let fund = ServerAction::<crate::scholarships::FundEnrollment>::new();
    let error = action_error(decide);
    let fund_error = action_error(fund);
    let data = Resource::new(
        move || (offering_id(), decide.version().get(), fund.version().get()),
        |(id, _, _)| offering_applicants(id),
    );
    view! {
        <Title text=i18n.t(Key::EnrollmentApplicants) />
        <section class="wide-page" aria-labelledby="applicants-title">
            <crate::auth::Notice param="decided" texts=&[("1", Key::EnrollmentDecided)] />
            <crate::auth::Notice param="funded" texts=&[("1", Key::ScholarshipFunded)] />
            <FormAlert error=error />
            <FormAlert error=fund_error />
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => {
                                let e = Signal::derive(move || Some(e.clone()));
                                view! {
                                    <h1 id="applicants-title">
                                        {i18n.t(Key::EnrollmentApplicants)}
                                    </h1>
                                    <FormAlert error=e />
                                }
                                    .into_any()
                            }
                            Ok((offering, roster)) => {
                                let locale = i18n.locale();
                                let title = crate::catalog::pick(&offering.module_title, locale);
                                let heading = locale
                                    .format(Key::EnrollmentApplicantsTitle, &[("module", &title)]);
                                let summary = locale
                                    .format(
                                        Key::EnrollmentSeatsSummary,
                                        &[
                                            ("taken", &locale.integer(offering.seats_taken.into())),
                                            ("capacity", &locale.integer(offering.capacity.into())),
                                            ("waiting", &locale.integer(offering.waitlist_length.into())),
                                        ],
                                    );
                                let seated: Vec<_> = roster
                                    .iter()
                                    .filter(|r| r.status == EnrollmentStatus::Enrolled.code())
                                    .collect();
                                let cohort = cohort_line(locale, &seated);
                                let quota_lines = quota_status(locale, &offering, &seated);
                                let dates = format!(
                                    "{} – {}",
                                    locale.date(&offering.starts_on),
                                    locale.date(&offering.ends_on),
                                );
                                let context = RowContext {
                                    offering_id: offering.id,
                                    module: title.clone(),
                                    ends_on: offering.ends_on.clone(),
                                    action: decide,
                                    fund,
                                    error,
                                };
                                view! {
                                    <h1 id="applicants-title">{heading}</h1>
                                    <p>
                                        {format!("{dates} · ")}
                                        <span id="seats-summary">{summary}</span>
                                    </p>
                                    <p id="cohort">{cohort}</p>
                                    <h2>{i18n.t(Key::QuotaTitle)}</h2>
                                    <ul id="quota-status">
                                        {quota_lines
                                            .into_iter()
                                            .map(|(line, full)| {
                                                view! { <li class:quota-full=full>{line}</li> }
                                            })
                                            .collect_view()}
                                    </ul>
                                    <p>
                                        <A
                                            href=format!("/modules/{}", offering.module_code)
                                            attr:class="action-link"
                                        >
                                            {i18n.t(Key::EnrollmentBackToModule)}
                                        </A>
                                        " "
                                        <A
                                            href=format!("/admin/offerings/{}/progress", offering.id)
                                            attr:class="action-link"
                                            attr:id="progress-link"
                                        >
                                            {i18n.t(Key::ProgressLink)}
                                        </A>
                                        " "
                                        <A
                                            href=format!("/admin/offerings/{}/quizzes", offering.id)
                                            attr:class="action-link"
                                            attr:id="quizzes-link"
                                        >
                                            {i18n.t(Key::ResultsTitle)}
                                        </A>
                                        " "
                                        <A
                                            href=format!("/admin/offerings/{}/attendance", offering.id)
                                            attr:class="action-link"
                                            attr:id="attendance-link"
                                        >
                                            {i18n.t(Key::AttendanceTitle)}
                                        </A>
                                        " "
                                        <A
                                            href=format!("/admin/offerings/{}/practical-tests", offering.id)
                                            attr:class="action-link"
                                            attr:id="practicals-link"
                                        >
                                            {i18n.t(Key::PracticalTitle)}
                                        </A>
                                    </p>
                                    {if roster.is_empty() {
                                        view! { <p>{i18n.t(Key::EnrollmentNobody)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <table class="data-table" id="applicants">
                                                <thead>
                                                    <tr>
                                                        <th scope="col">
                                                            {i18n.t(Key::EnrollmentPerson)}
                                                        </th>
                                                        <th scope="col">
                                                            {i18n.t(Key::EnrollmentAgency)}
                                                        </th>
                                                        <th scope="col">
                                                            {i18n.t(Key::EnrollmentStatus)}
                                                        </th>
                                                        <th scope="col">
                                                            {i18n.t(Key::EnrollmentDecision)}
                                                        </th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {roster
                                                        .into_iter()
                                                        .map(|r| {
                                                            view! {
                                                                <ApplicantRow entry=r context=context.clone() />
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
            </Suspense>
        </section>
    }
}

/// "Con plaza: 1 policía, 2 civiles; países: Brasil 2, Perú 1; instituciones: PNP 1": counts
/// in the singular or plural, country names in the reader's language, and no empty parts.
fn cohort_line(locale: Locale, seated: &[&RosterEntry]) -> String {
    if seated.is_empty() {
        return locale.text(Key::CohortNobody).to_string();
    }
    let count = |n: usize, one: Key, many: Key| {
        (n > 0).then(|| match n {
            1 => locale.text(one).to_string(),
            _ => locale.format(many, &[("count", &locale.integer(n as i64))]),
        })
    };
    let police = seated.iter().filter(|r| r.affiliation == "police").count();
    let civilians = seated
        .iter()
        .filter(|r| r.affiliation == "civilian")
        .count();
    let people: Vec<String> = [
        count(police, Key::CohortPoliceOne, Key::CohortPoliceMany),
        count(civilians, Key::CohortCiviliansOne, Key::CohortCiviliansMany),
    ]
    .into_iter()
    .flatten()
    .collect();
    let tally = |of: &dyn Fn(&RosterEntry) -> String| {
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for r in seated {
            let name = of(r);
            if !name.trim().is_empty() {
                *counts.entry(name).or_default() += 1;
            }
        }
        counts
            .iter()
            .map(|(k, n)| format!("{k} {}", locale.integer(*n as i64)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = vec![locale.format(Key::CohortSeatHolders, &[("people", &people.join(", "))])];
    let countries = tally(&|r| country_name(locale, &r.country));
    if !countries.is_empty() {
        parts.push(locale.format(Key::CohortCountries, &[("list", &countries)]));
    }
    let agencies = tally(&|r| r.agency.clone());
    if !agencies.is_empty() {
        parts.push(locale.format(Key::CohortAgencies, &[("list", &agencies)]));
    }
    parts.join("; ")
}

/// A country's name in the reader's language, or its code when it is not a known one.
pub(super) fn country_name(locale: Locale, code: &str) -> String {
    crate::accounts::countries::find(code)
        .map(|c| c.name(locale).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// What a seat holder is counted under for a quota: their agency, or their country's name.
type GroupOf<'a> = dyn Fn(&RosterEntry) -> String + 'a;

/// One line per quota rule of the offering, with how the seat holders stand against it, and
/// whether the rule is now blocking anyone.
fn quota_status(
    locale: Locale,
    offering: &crate::catalog::OfferingView,
    seated: &[&RosterEntry],
) -> Vec<(String, bool)> {
    let q = &offering.quotas;
    if q.is_empty() {
        return vec![(locale.text(Key::QuotaNone).to_string(), false)];
    }
    let mut lines = Vec::new();
    if let Some(affiliation) = &q.affiliation {
        let reserved = q.reserved_seats(offering.capacity);
        let filled = seated
            .iter()
            .filter(|r| &r.affiliation == affiliation)
            .count() as i32;
        let held = (reserved - filled).max(0);
        let name = locale.text(if affiliation == "civilian" {
            Key::AffiliationCivilian
        } else {
            Key::AffiliationPolice
        });
        lines.push((
            locale.format(
                Key::QuotaShareStatus,
                &[
                    ("affiliation", name),
                    ("reserved", &locale.integer(reserved.into())),
                    ("filled", &locale.integer(filled.into())),
                    ("held", &locale.integer(held.into())),
                    ("date", &locale.date(&offering.enrollment_closes)),
                ],
            ),
            held > 0 && offering.seats_taken + held >= offering.capacity,
        ));
    }
    let full = locale.text(Key::QuotaFull);
    let by_agency = |r: &RosterEntry| r.agency.clone();
    let by_country = |r: &RosterEntry| country_name(locale, &r.country);
    let rules: [(Option<i32>, Key, &GroupOf); 2] = [
        (q.max_per_agency, Key::QuotaAgencyStatus, &by_agency),
        (q.max_per_country, Key::QuotaCountryStatus, &by_country),
    ];
    for (max, key, of) in rules {
        let Some(max) = max else { continue };
        let mut counts = std::collections::BTreeMap::<String, i32>::new();
        for r in seated {
            *counts.entry(of(r)).or_default() += 1;
        }
        let any_full = counts.values().any(|n| *n >= max);
        let text = counts
            .iter()
            .map(|(k, n)| {
                if *n >= max {
                    format!("{k} {n} ({full})")
                } else {
                    format!("{k} {n}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let line = if text.is_empty() {
            // "Por institución, máximo 4" without a dangling colon while nobody holds a seat.
            locale
                .format(key, &[("max", &locale.integer(max.into())), ("counts", "")])
                .trim_end()
                .trim_end_matches(':')
                .to_string()
        } else {
            locale.format(
                key,
                &[("max", &locale.integer(max.into())), ("counts", &text)],
            )
        };
        lines.push((line, any_full));
    }
    lines
}
