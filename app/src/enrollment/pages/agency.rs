//! "My agency" (`/my-agency`), for coordinators: applications to endorse, nominating an
//! officer (`?officer={id}` lists what that person may be nominated for), the officers, and
//! one officer's history of applications (`?history={id}`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::super::api::{
    EndorseApplication, NominateOfficer, agency_overview, nomination_options, officer_applications,
};
use super::super::dto::{
    AgencyOverview, NominationChoices, OfficerHistory, PendingEndorsement, reason_text,
};
use crate::error::AppError;
use crate::forms::{FormAlert, action_error, typed_value};
use crate::i18n::{Key, use_i18n};
use crate::shell::Confirm;

/// "My agency": applications of the agency's officers waiting for endorsement, with Endorse
/// and Do not endorse (confirmed, with a reason); nominating an officer in one step (the
/// nomination is the endorsement) for an offering they may take; the officers, each with a
/// link to their history.
#[component]
pub fn AgencyPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let endorse = ServerAction::<EndorseApplication>::new();
    let nominate = ServerAction::<NominateOfficer>::new();
    let endorse_error = action_error(endorse);
    let nominate_error = action_error(nominate);
    let number = |name: &'static str| {
        move || {
            query
                .read()
                .get(name)
                .and_then(|v| v.trim().parse::<i64>().ok())
        }
    };
    let officer = number("officer");
    let history = number("history");
    let data = Resource::new(
        move || (endorse.version().get(), nominate.version().get()),
        |_| agency_overview(),
    );
    let choices = Resource::new(officer, |officer| async move {
        match officer {
            Some(id) => nomination_options(id).await.map(Some),
            None => Ok(None),
        }
    });
    let past = Resource::new(history, |history| async move {
        match history {
            Some(id) => officer_applications(id).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <Title text=i18n.t(Key::AgencyTitle) />
        <section class="wide-page" aria-labelledby="agency-title">
            <crate::auth::Notice param="nominated" texts=&[("1", Key::AgencyNominated)] />
            <crate::auth::Notice param="decided" texts=&[("1", Key::AgencyDecided)] />
            <FormAlert error=endorse_error />
            <Suspense fallback=|| ()>
                {move || {
                    let overview = data.get()?;
                    let choices = choices.get()?;
                    let past = past.get()?;
                    Some(match (overview, past) {
                        (Err(e), _) | (_, Err(e)) => {
                            let e = Signal::derive(move || Some(e.clone()));
                            view! {
                                <h1 id="agency-title">{i18n.t(Key::AgencyTitle)}</h1>
                                <FormAlert error=e />
                            }
                                .into_any()
                        }
                        (Ok(_), Ok(Some(history))) => view! { <History history=history /> }.into_any(),
                        (Ok(agency), Ok(None)) => {
                            view! {
                                <Overview
                                    agency=agency
                                    choices=choices
                                    endorse=endorse
                                    nominate=nominate
                                    endorse_error=endorse_error
                                    nominate_error=nominate_error
                                />
                            }
                                .into_any()
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Overview(
    agency: AgencyOverview,
    choices: Result<Option<NominationChoices>, AppError>,
    endorse: ServerAction<EndorseApplication>,
    nominate: ServerAction<NominateOfficer>,
    endorse_error: Signal<Option<AppError>>,
    nominate_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let column = move |key: Key| locale.text(key);
    let to_endorse = if agency.to_endorse.is_empty() {
        view! { <p>{locale.text(Key::AgencyNothingToEndorse)}</p> }.into_any()
    } else {
        view! {
            <table class="data-table" id="to-endorse">
                <thead>
                    <tr>
                        <th scope="col">{column(Key::AgencyOfficer)}</th>
                        <th scope="col">{column(Key::AgencyOffering)}</th>
                        <th scope="col">{column(Key::EnrollmentDecision)}</th>
                    </tr>
                </thead>
                <tbody>
                    {agency
                        .to_endorse
                        .into_iter()
                        .map(|p| view! { <EndorseRow p=p endorse=endorse error=endorse_error /> })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    let officers_table = {
        let rows = agency
            .officers
            .iter()
            .map(|o| {
                let affiliation = locale.text(if o.affiliation == "civilian" {
                    Key::AffiliationCivilian
                } else {
                    Key::AffiliationPolice
                });
                let name = o.full_name.clone();
                view! {
                    <tr>
                        <td data-label=column(Key::AgencyOfficer)>
                            {o.full_name.clone()}
                            <br />
                            <span class="field-hint">
                                {format!("{} · {} · {affiliation}", o.rank, o.email)}
                            </span>
                        </td>
                        <td data-label=column(Key::HistoryOpen) class="number">
                            {locale.integer(o.active_applications)}
                        </td>
                        <td data-label=column(Key::AgencyApplications) class="row-actions">
                            <a
                                class="action-link"
                                href=format!("/my-agency?officer={}#nominate", o.id)
                                aria-label=locale.format(Key::NomineeNominatePerson, &[("name", &name)])
                            >
                                {locale.text(Key::NomineeNominate)}
                            </a>
                            " "
                            <a
                                class="action-link"
                                href=format!("/my-agency?history={}", o.id)
                                aria-label=locale.format(Key::HistoryLinkPerson, &[("name", &name)])
                            >
                                {format!(
                                    "{} ({})",
                                    locale.text(Key::HistoryLink),
                                    locale.integer(o.active_applications + o.past_applications),
                                )}
                            </a>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="data-table" id="officers">
                <thead>
                    <tr>
                        <th scope="col">{column(Key::AgencyOfficer)}</th>
                        <th scope="col">{column(Key::HistoryOpen)}</th>
                        <th scope="col">{column(Key::AgencyApplications)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    };
    let nominate_section = if agency.open_offerings.is_empty() || agency.officers.is_empty() {
        view! { <p>{locale.text(Key::AgencyNoOfferings)}</p> }.into_any()
    } else {
        match choices {
            Err(e) => {
                let e = Signal::derive(move || Some(e.clone()));
                view! { <FormAlert error=e /> }.into_any()
            }
            Ok(Some(choices)) => {
                view! { <NominateForm choices=choices nominate=nominate error=nominate_error /> }
                    .into_any()
            }
            Ok(None) => {
                let officers: Vec<(String, String)> = agency
                    .officers
                    .iter()
                    .map(|o| (o.id.to_string(), format!("{} · {}", o.full_name, o.rank)))
                    .collect();
                // A plain GET: picking the person first lets the next form list only what they
                // may be nominated for, with or without JavaScript.
                view! {
                    <form method="get" action="/my-agency#nominate" class="stacked-form" id="pick-officer">
                        <p class="field-hint">{locale.text(Key::AgencyNominateHint)}</p>
                        <crate::forms::SelectField
                            form="nominee"
                            name="officer"
                            label=Key::NomineePickOfficer
                            required=true
                            placeholder=Key::FormChoose
                            options=officers
                            selected=String::new()
                            error=Signal::derive(|| None)
                        />
                        <button type="submit" class="secondary-button">
                            {locale.text(Key::NomineeShowOfferings)}
                        </button>
                    </form>
                }
                    .into_any()
            }
        }
    };
    view! {
        <h1 id="agency-title">{locale.text(Key::AgencyTitle)}": "{agency.agency.clone()}</h1>
        <h2>{locale.text(Key::AgencyToEndorse)}</h2>
        {to_endorse}
        <h2 id="nominate">{locale.text(Key::AgencyNominate)}</h2>
        {nominate_section}
        <h2>{locale.text(Key::AgencyOfficers)}</h2>
        {officers_table}
    }
}

/// The nomination form for one officer: only the offerings they may take, and why the others
/// are not offered.
#[component]
fn NominateForm(
    choices: NominationChoices,
    nominate: ServerAction<NominateOfficer>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let name = choices.officer_name.clone();
    let (open, closed): (Vec<_>, Vec<_>) = choices
        .offerings
        .into_iter()
        .partition(|c| c.refusal.is_none());
    let options: Vec<(String, String)> = open
        .iter()
        .map(|c| (c.offering_id.to_string(), c.label.clone()))
        .collect();
    let unavailable = (!closed.is_empty()).then(|| {
        let summary = match closed.len() {
            1 => locale.format(Key::NomineeUnavailableOne, &[("name", &name)]),
            n => locale.format(
                Key::NomineeUnavailableMany,
                &[("count", &locale.integer(n as i64)), ("name", &name)],
            ),
        };
        view! {
            <details class="unavailable-offerings">
                <summary class="action-link">{summary}</summary>
                <ul>
                    {closed
                        .into_iter()
                        .map(|c| {
                            view! {
                                <li>
                                    {c.label}
                                    <br />
                                    <span class="field-hint">{c.refusal.unwrap_or_default()}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </details>
        }
    });
    let form = if options.is_empty() {
        view! { <p>{locale.format(Key::NomineeNoneEligible, &[("name", &name)])}</p> }.into_any()
    } else {
        let selected = typed_value("nominate", "offering_id").unwrap_or_default();
        view! {
            <ActionForm action=nominate attr:class="stacked-form" attr:id="nominate-form">
                <FormAlert error=error />
                <p class="field-hint">{locale.text(Key::NomineeHint)}</p>
                <input type="hidden" name="user_id" value=choices.officer_id.to_string() />
                <crate::forms::SelectField
                    form="nominate"
                    name="offering_id"
                    label=Key::AgencyOffering
                    required=true
                    placeholder=Key::FormChoose
                    options=options
                    selected=selected
                    error=error
                />
                <button type="submit" class="primary-button">{locale.text(Key::NomineeSubmit)}</button>
            </ActionForm>
        }
            .into_any()
    };
    view! {
        <p class="nominee">
            <strong>{locale.format(Key::NomineeForOfficer, &[("name", &name)])}</strong>
            " · "
            <a class="action-link" href="/my-agency#nominate">{locale.text(Key::NomineeChangeOfficer)}</a>
        </p>
        {form}
        {unavailable}
    }
}

/// One application waiting for the coordinator: Endorse at once, or Do not endorse after a
/// confirmation that asks for the reason.
#[component]
fn EndorseRow(
    p: PendingEndorsement,
    endorse: ServerAction<EndorseApplication>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let id = p.enrollment_id;
    let name = p.full_name.clone();
    let nominated = p
        .nominated_by
        .clone()
        .map(|by| locale.format(Key::AgencyNominatedBy, &[("name", &by)]));
    let typed_endorse = typed_value(&format!("endorse-{id}-pending_acceptance"), "reason");
    let typed_reject = typed_value(&format!("endorse-{id}-rejected"), "reason");
    let problem = typed_reject.as_ref().and_then(|_| {
        error
            .get_untracked()
            .and_then(|e| e.field_message("reason"))
    });
    let endorse_id = format!("endorse-reason-{id}");
    let reject_id = format!("reject-reason-{id}");
    let invalid = problem.is_some();
    let args = [("name", name.as_str()), ("module", p.module_title.as_str())];
    let reject_question = locale.format(Key::EndorseRejectQuestion, &args);
    let reject_context = locale.format(Key::EndorseRejectPerson, &[("name", &name)]);
    let endorse_label = locale.format(Key::DecisionEndorsePerson, &[("name", &name)]);
    let column = |key: Key| locale.text(key);
    view! {
        <tr>
            <td data-label=column(Key::AgencyOfficer)>
                {p.full_name.clone()}
                {nominated.map(|n| view! { <br /><span class="field-hint">{n}</span> })}
            </td>
            <td data-label=column(Key::AgencyOffering)>
                <A href=format!("/modules/{}", p.module_code)>{p.module_title.clone()}</A>
                " "
                <span class="code">{p.module_code.clone()}</span>
                <br />
                {p.dates.clone()}
            </td>
            <td data-label=column(Key::EnrollmentDecision) class="decision-cell">
                <ActionForm action=endorse attr:class="decision-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="to" value="pending_acceptance" />
                    <div class="field">
                        <label for=endorse_id.clone()>{locale.text(Key::DecisionReasonOptionalLabel)}</label>
                        <input id=endorse_id.clone() name="reason" maxlength="500"
                            value=typed_endorse.unwrap_or_default() />
                    </div>
                    <button type="submit" class="primary-button"
                        aria-label=endorse_label>
                        {locale.text(Key::AgencyEndorse)}
                    </button>
                </ActionForm>
                <Confirm
                    label=locale.text(Key::AgencyReject).to_string()
                    context=reject_context
                    question=reject_question
                    danger=true
                >
                    <ActionForm action=endorse attr:class="decision-form">
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="to" value="rejected" />
                        <div class="field" class:field--invalid=invalid>
                            <label for=reject_id.clone()>{locale.text(Key::DecisionReasonRequiredLabel)}</label>
                            <textarea id=reject_id.clone() name="reason" maxlength="500" rows="3" required
                                aria-invalid=invalid.then_some("true")>
                                {typed_reject.clone().unwrap_or_default()}
                            </textarea>
                            <p class="field-hint">{locale.text(Key::DecisionReasonHint)}</p>
                            {problem.map(|m| view! { <p class="field-error">{m}</p> })}
                        </div>
                        <button type="submit" class="primary-button danger-button">
                            {locale.text(Key::EndorseRejectConfirm)}
                        </button>
                    </ActionForm>
                </Confirm>
            </td>
        </tr>
    }
}

/// One officer's applications, decided or not, with the decision's date and reason.
#[component]
fn History(history: OfficerHistory) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let name = history.full_name.clone();
    let column = move |key: Key| locale.text(key);
    let body = if history.applications.is_empty() {
        view! { <p>{locale.format(Key::HistoryEmpty, &[("name", &name)])}</p> }.into_any()
    } else {
        let rows = history
            .applications
            .into_iter()
            .map(|a| {
                let decided = a
                    .decided_at
                    .as_deref()
                    .map(|at| locale.date(at))
                    .unwrap_or_else(|| locale.text(Key::HistoryUndecided).to_string());
                let reason = a.reason.as_deref().map(|r| reason_text(locale, r));
                let nominated = a
                    .nominated_by
                    .map(|by| locale.format(Key::AgencyNominatedBy, &[("name", &by)]));
                view! {
                    <tr data-status=a.status.code()>
                        <td data-label=column(Key::AgencyOffering)>
                            <A href=format!("/modules/{}", a.module_code)>{a.module_title}</A>
                            " "
                            <span class="code">{a.module_code.clone()}</span>
                            <br />
                            {a.dates}
                        </td>
                        <td data-label=column(Key::HistoryApplied)>
                            {locale.date(&a.applied_at)}
                            {nominated.map(|n| view! { <br /><span class="field-hint">{n}</span> })}
                        </td>
                        <td data-label=column(Key::EnrollmentStatus)>
                            <strong>{locale.text(a.status.label())}</strong>
                        </td>
                        <td data-label=column(Key::HistoryDecided)>
                            {decided}
                            {reason.map(|r| view! { <br /><span class="field-hint enrollment-reason">{r}</span> })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="data-table" id="officer-history">
                <thead>
                    <tr>
                        <th scope="col">{column(Key::AgencyOffering)}</th>
                        <th scope="col">{column(Key::HistoryApplied)}</th>
                        <th scope="col">{column(Key::EnrollmentStatus)}</th>
                        <th scope="col">{column(Key::HistoryDecided)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <p><a class="action-link" href="/my-agency">{locale.text(Key::HistoryBack)}</a></p>
        <h1 id="agency-title">{locale.format(Key::HistoryTitle, &[("name", &name)])}</h1>
        {body}
    }
}
