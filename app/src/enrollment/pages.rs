//! "My learning" and the Apply button of an offering.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{
    ApplyToOffering, DecideEnrollment, Withdraw, my_enrollments, offering_applicants,
};
use super::dto::EnrollmentStatus;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, use_i18n};

/// The Apply button under an offering on the module page. Without JavaScript it is a plain
/// form post; refusals (window closed, prerequisites…) come back as a sentence above it.
#[component]
pub fn ApplyButton(offering_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let apply = ServerAction::<ApplyToOffering>::new();
    let error = action_error(apply);
    view! {
        <ActionForm action=apply attr:class="apply-form">
            <FormAlert error=error />
            <input type="hidden" name="offering_id" value=offering_id.to_string() />
            <button type="submit" class="primary-button" data-offering=offering_id.to_string()>
                {i18n.t(Key::EnrollmentApply)}
            </button>
        </ActionForm>
    }
}

/// "My learning": the person's applications and enrolments, with waitlist positions and a
/// Withdraw button while withdrawing is possible.
#[component]
pub fn MyLearningPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let withdraw = ServerAction::<Withdraw>::new();
    let error = action_error(withdraw);
    let list = Resource::new(
        move || (withdraw.version().get(), query.read().get("applied")),
        |_| my_enrollments(),
    );
    let notice = move || {
        let applied = query.read().get("applied")?;
        Some(match applied.as_str() {
            "enrolled" => i18n
                .locale()
                .text(Key::EnrollmentAppliedEnrolled)
                .to_string(),
            "waitlisted" => i18n.locale().text(Key::EnrollmentWaitlisted).to_string(),
            "pending_endorsement" => i18n
                .locale()
                .text(Key::EnrollmentAppliedPending)
                .to_string(),
            "withdrawn" => i18n
                .locale()
                .text(Key::EnrollmentWithdrawnNotice)
                .to_string(),
            _ => return None,
        })
    };
    view! {
        <Title text=i18n.t(Key::EnrollmentMyLearning) />
        <section class="wide-page" aria-labelledby="my-learning-title">
            <h1 id="my-learning-title">{i18n.t(Key::EnrollmentMyLearning)}</h1>
            <Show when=move || notice().is_some()>
                <p class="form-notice" role="status">{notice}</p>
            </Show>
            <FormAlert error=error />
            <Transition fallback=|| ()>
                {move || {
                    list.get()
                        .map(|found| match found {
                            Err(e) => {
                                let e = Signal::derive(move || Some(e.clone()));
                                view! { <FormAlert error=e /> }.into_any()
                            }
                            Ok(items) if items.is_empty() => {
                                view! {
                                    <p>{i18n.t(Key::EnrollmentNone)}</p>
                                    <p><A href="/catalog">{i18n.t(Key::EnrollmentBrowse)}</A></p>
                                }
                                    .into_any()
                            }
                            Ok(items) => {
                                view! {
                                    <table class="data-table" id="my-enrollments">
                                        <thead>
                                            <tr>
                                                <th scope="col">{i18n.t(Key::EnrollmentModule)}</th>
                                                <th scope="col">{i18n.t(Key::EnrollmentDates)}</th>
                                                <th scope="col">{i18n.t(Key::EnrollmentStatus)}</th>
                                                <th scope="col"><span class="visually-hidden">{i18n.t(Key::EnrollmentWithdraw)}</span></th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {items
                                                .into_iter()
                                                .map(|e| {
                                                    let status = EnrollmentStatus::from_code(&e.status);
                                                    let label = status.map(|s| i18n.t(s.label()));
                                                    let position = e.waitlist_position.map(|p| {
                                                        move || i18n.locale().format(Key::EnrollmentPosition, &[("position", &p.to_string())])
                                                    });
                                                    let may_withdraw = status.is_some_and(|s| matches!(s,
                                                        EnrollmentStatus::PendingEndorsement | EnrollmentStatus::PendingAcceptance
                                                        | EnrollmentStatus::Enrolled | EnrollmentStatus::Waitlisted));
                                                    view! {
                                                        <tr data-status=e.status.clone()>
                                                            <td>
                                                                <A href=format!("/modules/{}", e.module_code)>{e.module_title.clone()}</A>
                                                                " "<span class="code">{e.module_code.clone()}</span>
                                                            </td>
                                                            <td>{format!("{} – {}", e.starts_on, e.ends_on)}</td>
                                                            <td class="enrollment-status">
                                                                {label}" "{position}
                                                                {e.reason.clone().map(|r| view! {
                                                                    <br /><span class="field-hint enrollment-reason">{move || super::dto::reason_text(i18n.locale(), &r)}</span>
                                                                })}
                                                                {e.scholarship.clone().map(|amount| view! {
                                                                    <br /><A href="/my-scholarships" attr:class="field-hint">
                                                                        {move || i18n.locale().format(Key::ScholarshipFundedWith, &[("amount", &amount)])}
                                                                    </A>
                                                                })}
                                                            </td>
                                                            <td>
                                                                <Show when=move || may_withdraw>
                                                                    <ActionForm action=withdraw attr:class="inline-form">
                                                                        <input type="hidden" name="id" value=e.id.to_string() />
                                                                        <button type="submit" class="link-button">{i18n.t(Key::EnrollmentWithdraw)}</button>
                                                                    </ActionForm>
                                                                </Show>
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

/// An offering's applicants (`/admin/offerings/{id}/enrollments`): seat holders, then the
/// waiting list in order, then applications awaiting a decision, with the cohort's make-up.
/// Administrators record decisions with a reason; instructors see the list.
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
                                    <h1 id="applicants-title">{i18n.t(Key::EnrollmentApplicants)}</h1>
                                    <FormAlert error=e />
                                }
                                    .into_any()
                            }
                            Ok((offering, roster)) => {
                                let title = crate::catalog::pick(&offering.module_title, i18n.locale());
                                let heading = i18n.locale().format(Key::EnrollmentApplicantsTitle, &[("module", &title)]);
                                let summary = i18n.locale().format(
                                    Key::EnrollmentSeatsSummary,
                                    &[
                                        ("taken", &offering.seats_taken.to_string()),
                                        ("capacity", &offering.capacity.to_string()),
                                        ("waiting", &offering.waitlist_length.to_string()),
                                    ],
                                );
                                let seated: Vec<_> = roster.iter().filter(|r| r.status == "enrolled").collect();
                                let tally = |key: fn(&super::RosterEntry) -> &str| {
                                    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
                                    for r in &seated {
                                        *counts.entry(key(r)).or_default() += 1;
                                    }
                                    counts.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ")
                                };
                                let cohort = i18n.locale().format(
                                    Key::EnrollmentCohort,
                                    &[
                                        ("police", &seated.iter().filter(|r| r.affiliation == "police").count().to_string()),
                                        ("civilians", &seated.iter().filter(|r| r.affiliation == "civilian").count().to_string()),
                                        ("countries", &tally(|r| r.country.as_str())),
                                        ("agencies", &tally(|r| r.agency.as_str())),
                                    ],
                                );
                                let quota_lines = quota_status(i18n.locale(), &offering, &seated);
                                let id = offering.id;
                                view! {
                                    <h1 id="applicants-title">{heading}</h1>
                                    <p>
                                        {format!("{} – {} · ", offering.starts_on, offering.ends_on)}
                                        <span id="seats-summary">{summary}</span>
                                    </p>
                                    <p id="cohort">{cohort}</p>
                                    <h2>{i18n.t(Key::QuotaTitle)}</h2>
                                    <ul id="quota-status">
                                        {quota_lines.into_iter().map(|(line, full)| view! {
                                            <li class:quota-full=full>{line}</li>
                                        }).collect_view()}
                                    </ul>
                                    <p><A href=format!("/modules/{}", offering.module_code)>{i18n.t(Key::EnrollmentBackToModule)}</A></p>
                                    {if roster.is_empty() {
                                        view! { <p>{i18n.t(Key::EnrollmentNobody)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <table class="data-table" id="applicants">
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{i18n.t(Key::EnrollmentPerson)}</th>
                                                        <th scope="col">{i18n.t(Key::EnrollmentAgency)}</th>
                                                        <th scope="col">{i18n.t(Key::EnrollmentStatus)}</th>
                                                        <th scope="col">{i18n.t(Key::EnrollmentDecision)}</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {roster
                                                        .into_iter()
                                                        .map(|r| view! { <ApplicantRow entry=r offering_id=id action=decide fund=fund /> })
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

/// One line per quota rule of the offering, with how the seat holders stand against it, and
/// whether the rule is now blocking anyone.
fn quota_status(
    locale: crate::i18n::Locale,
    offering: &crate::catalog::OfferingView,
    seated: &[&super::RosterEntry],
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
                    ("reserved", &reserved.to_string()),
                    ("filled", &filled.to_string()),
                    ("held", &held.to_string()),
                    ("date", &offering.enrollment_closes),
                ],
            ),
            held > 0 && offering.seats_taken + held >= offering.capacity,
        ));
    }
    let full = locale.text(Key::QuotaFull);
    for (max, key, of) in [
        (
            q.max_per_agency,
            Key::QuotaAgencyStatus,
            (|r: &super::RosterEntry| r.agency.clone()) as fn(&super::RosterEntry) -> String,
        ),
        (q.max_per_country, Key::QuotaCountryStatus, |r| {
            r.country.clone()
        }),
    ] {
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
        lines.push((
            locale.format(key, &[("max", &max.to_string()), ("counts", &text)]),
            any_full,
        ));
    }
    lines
}

#[component]
fn ApplicantRow(
    entry: super::RosterEntry,
    offering_id: i64,
    action: ServerAction<DecideEnrollment>,
    fund: ServerAction<crate::scholarships::FundEnrollment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let amount_id = format!("fund-{}", entry.enrollment_id);
    let may_fund = entry.scholarship.is_none()
        && entry.grant_available.is_some()
        && matches!(
            entry.status.as_str(),
            "pending_endorsement" | "pending_acceptance" | "enrolled" | "waitlisted"
        );
    let funding = entry.scholarship.clone().map(|amount| {
        move || {
            i18n.locale()
                .format(Key::ScholarshipFundedWith, &[("amount", &amount)])
        }
    });
    let available = entry.grant_available.clone().unwrap_or_default();
    let label = EnrollmentStatus::from_code(&entry.status).map(|s| i18n.t(s.label()));
    let position = entry.waitlist_position.map(|p| {
        move || {
            i18n.locale()
                .format(Key::EnrollmentPosition, &[("position", &p.to_string())])
        }
    });
    let moves: Vec<EnrollmentStatus> = entry
        .moves
        .iter()
        .filter_map(|m| EnrollmentStatus::from_code(m))
        .collect();
    let affiliation_key = if entry.affiliation == "civilian" {
        Key::AffiliationCivilian
    } else {
        Key::AffiliationPolice
    };
    let (agency, country) = (entry.agency.clone(), entry.country.clone());
    let belongs = move || {
        format!(
            "{agency} ({country}) · {}",
            i18n.locale().text(affiliation_key)
        )
    };
    let select_id = format!("decision-{}", entry.enrollment_id);
    let reason_id = format!("reason-{}", entry.enrollment_id);
    view! {
            <tr data-status=entry.status.clone()>
                <td>{entry.full_name.clone()}<br /><span class="field-hint">{entry.email.clone()}</span></td>
                <td>{belongs}</td>
                <td>
                    {label}" "{position}
                    {entry.reason.clone().map(|r| view! {
                        <br /><span class="field-hint enrollment-reason">{move || super::dto::reason_text(i18n.locale(), &r)}</span>
                    })}
                    {funding.map(|f| view! { <br /><span class="field-hint scholarship-funding">{f}</span> })}
                </td>
                <td>
    {(!moves.is_empty()).then(|| view! {
                        <ActionForm action=action attr:class="decision-form">
                            <input type="hidden" name="offering_id" value=offering_id.to_string() />
                            <input type="hidden" name="id" value=entry.enrollment_id.to_string() />
                            <label for=select_id.clone() class="visually-hidden">{i18n.t(Key::EnrollmentNewStatus)}</label>
                            <select id=select_id.clone() name="to">
                                {moves
                                    .iter()
                                    .map(|m| view! { <option value=m.code()>{i18n.t(m.label())}</option> })
                                    .collect_view()}
                            </select>
                            <label for=reason_id.clone() class="visually-hidden">{i18n.t(Key::EnrollmentReason)}</label>
                            <input id=reason_id.clone() name="reason" maxlength="500"
                                placeholder=move || i18n.locale().text(Key::EnrollmentReason) />
                            <button type="submit" class="link-button">{i18n.t(Key::EnrollmentDecide)}</button>
                        </ActionForm>
                    })}
                    {may_fund.then(|| view! {
                        <ActionForm action=fund attr:class="decision-form fund-form">
                            <input type="hidden" name="offering_id" value=offering_id.to_string() />
                            <input type="hidden" name="id" value=entry.enrollment_id.to_string() />
                            <label for=amount_id.clone()>
                                {move || i18n.locale().format(Key::ScholarshipFundLabel, &[("available", &available)])}
                            </label>
                            <input id=amount_id.clone() name="amount" inputmode="decimal" maxlength="16" required />
                            <button type="submit" class="link-button">{i18n.t(Key::ScholarshipFund)}</button>
                        </ActionForm>
                    })}
                </td>
            </tr>
        }
}

/// "My agency" (`/my-agency`), for coordinators: applications of the agency's officers waiting
/// for endorsement, with Endorse and Do not endorse; a form to nominate an officer for an
/// offering that takes nominations; and the officers with their open applications.
#[component]
pub fn AgencyPage() -> impl IntoView {
    use super::api::{EndorseApplication, NominateOfficer, agency_overview};
    let i18n = use_i18n();
    let endorse = ServerAction::<EndorseApplication>::new();
    let nominate = ServerAction::<NominateOfficer>::new();
    let endorse_error = action_error(endorse);
    let nominate_error = action_error(nominate);
    let data = Resource::new(
        move || (endorse.version().get(), nominate.version().get()),
        |_| agency_overview(),
    );
    view! {
        <Title text=i18n.t(Key::AgencyTitle) />
        <section class="wide-page" aria-labelledby="agency-title">
            <crate::auth::Notice param="nominated" texts=&[("1", Key::AgencyNominated)] />
            <crate::auth::Notice param="decided" texts=&[("1", Key::AgencyDecided)] />
            <FormAlert error=endorse_error />
            <Suspense fallback=|| ()>
                {move || {
                    data.get().map(|found| match found {
                        Err(e) => {
                            let e = Signal::derive(move || Some(e.clone()));
                            view! {
                                <h1 id="agency-title">{i18n.t(Key::AgencyTitle)}</h1>
                                <FormAlert error=e />
                            }.into_any()
                        }
                        Ok(agency) => view! {
                            <h1 id="agency-title">{i18n.t(Key::AgencyTitle)}": "{agency.agency.clone()}</h1>
                            <h2>{i18n.t(Key::AgencyToEndorse)}</h2>
                            {if agency.to_endorse.is_empty() {
                                view! { <p>{i18n.t(Key::AgencyNothingToEndorse)}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="data-table" id="to-endorse">
                                        <thead><tr>
                                            <th scope="col">{i18n.t(Key::AgencyOfficer)}</th>
                                            <th scope="col">{i18n.t(Key::AgencyOffering)}</th>
                                            <th scope="col">{i18n.t(Key::EnrollmentDecision)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {agency.to_endorse.into_iter().map(|p| {
                                                let reason_id = format!("endorse-reason-{}", p.enrollment_id);
                                                let nominated = p.nominated_by.clone().map(|name| {
                                                    move || i18n.locale().format(Key::AgencyNominatedBy, &[("name", &name)])
                                                });
                                                view! {
                                                    <tr>
                                                        <td>{p.full_name.clone()}{nominated.map(|n| view! { <br /><span class="field-hint">{n}</span> })}</td>
                                                        <td>
                                                            <A href=format!("/modules/{}", p.module_code)>{p.module_title.clone()}</A>
                                                            " "<span class="code">{p.module_code.clone()}</span><br />{p.dates.clone()}
                                                        </td>
                                                        <td>
                                                            <ActionForm action=endorse attr:class="decision-form">
                                                                <input type="hidden" name="id" value=p.enrollment_id.to_string() />
                                                                <label for=reason_id.clone() class="visually-hidden">{i18n.t(Key::EnrollmentReason)}</label>
                                                                <input id=reason_id.clone() name="reason" maxlength="500"
                                                                    placeholder=move || i18n.locale().text(Key::EnrollmentReason) />
                                                                <button type="submit" name="to" value="pending_acceptance" class="primary-button">{i18n.t(Key::AgencyEndorse)}</button>
                                                                " "
                                                                <button type="submit" name="to" value="rejected" class="link-button">{i18n.t(Key::AgencyReject)}</button>
                                                            </ActionForm>
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                            <h2>{i18n.t(Key::AgencyNominate)}</h2>
                            {if agency.open_offerings.is_empty() || agency.officers.is_empty() {
                                view! { <p>{i18n.t(Key::AgencyNoOfferings)}</p> }.into_any()
                            } else {
                                let officers: Vec<(String, String)> = agency.officers.iter().map(|o| (o.id.to_string(), format!("{} · {}", o.full_name, o.rank))).collect();
                                let offerings: Vec<(String, String)> = agency.open_offerings.iter().map(|(id, label)| (id.to_string(), label.clone())).collect();
                                view! {
                                    <ActionForm action=nominate attr:class="stacked-form" attr:id="nominate-form">
                                        <FormAlert error=nominate_error />
                                        <p class="field-hint">{i18n.t(Key::AgencyNominateHint)}</p>
                                        <crate::forms::SelectField form="nominate" name="user_id" label=Key::AgencyOfficer required=true
                                            placeholder=Key::FormChoose options=officers selected=String::new() error=nominate_error />
                                        <crate::forms::SelectField form="nominate" name="offering_id" label=Key::AgencyOffering required=true
                                            placeholder=Key::FormChoose options=offerings selected=String::new() error=nominate_error />
                                        <button type="submit" class="primary-button">{i18n.t(Key::AgencyNominate)}</button>
                                    </ActionForm>
                                }.into_any()
                            }}
                            <h2>{i18n.t(Key::AgencyOfficers)}</h2>
                            <table class="data-table" id="officers">
                                <thead><tr>
                                    <th scope="col">{i18n.t(Key::AgencyOfficer)}</th>
                                    <th scope="col">{i18n.t(Key::AgencyApplications)}</th>
                                </tr></thead>
                                <tbody>
                                    {agency.officers.into_iter().map(|o| {
                                        let affiliation = if o.affiliation == "civilian" { Key::AffiliationCivilian } else { Key::AffiliationPolice };
                                        view! {
                                            <tr>
                                                <td>{o.full_name.clone()}<br /><span class="field-hint">{format!("{} · {} · ", o.rank, o.email)}{i18n.t(affiliation)}</span></td>
                                                <td class="number">{o.active_applications}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                    })
                }}
            </Suspense>
        </section>
    }
}
