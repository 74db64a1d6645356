//! Administration → agencies: the registry by country, a form to add or correct an agency, and
//! merging two spellings of one agency. Everything is a plain link or form, so it works before
//! the wasm loads and without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{AcceptAgency, MergeAgencies, SaveAgency, list_agencies};
use super::dto::{Agency, AgencyKind};
use crate::catalog::form_controls::{Choice, options_html};
use crate::error::AppError;
use crate::forms::{Field, FormAlert, action_error, typed_value};
use crate::i18n::{Key, Locale, use_i18n};
use crate::shell::Confirm;

fn country_name(locale: Locale, code: &str) -> String {
    crate::accounts::countries::find(code)
        .map(|c| c.name(locale).to_string())
        .unwrap_or_else(|| code.to_string())
}

fn kind_label(locale: Locale, code: &str) -> String {
    AgencyKind::from_code(code)
        .map(|k| locale.text(k.label()).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// Administration → agencies.
#[component]
pub fn AgenciesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let save = ServerAction::<SaveAgency>::new();
    let merge = ServerAction::<MergeAgencies>::new();
    let accept = ServerAction::<AcceptAgency>::new();
    let save_error = action_error(save);
    let merge_error = action_error(merge);
    let accept_error = action_error(accept);
    let agencies = Resource::new(
        move || {
            (
                save.version().get(),
                merge.version().get(),
                accept.version().get(),
            )
        },
        |_| list_agencies(None),
    );
    view! {
        <Title text=i18n.t(Key::AgenciesAdminTitle) />
        <section class="wide-page" aria-labelledby="agencies-title">
            <h1 id="agencies-title">{i18n.t(Key::AgenciesAdminTitle)}</h1>
            <p class="lead">{i18n.t(Key::AgenciesAdminLead)}</p>
            <FormAlert error=merge_error />
            <FormAlert error=accept_error />
            <Suspense fallback=|| ()>
                {move || {
                    agencies.get().map(|found| match found {
                        Err(AppError::SignInRequired) => view! { <crate::auth::SignInFirst /> }.into_any(),
                        Err(e) => {
                            let e = Signal::derive(move || Some(e.clone()));
                            view! { <FormAlert error=e /> }.into_any()
                        }
                        Ok(all) => {
                            let q = query.get_untracked();
                            let country = q.get("country").unwrap_or_default().trim().to_uppercase();
                            let editing = q.get("edit").and_then(|v| v.parse::<i64>().ok());
                            let saved = q.get("saved").and_then(|v| v.parse::<i64>().ok());
                            let merged = q.get("merged").and_then(|v| v.parse::<i64>().ok());
                            let accepted = q.get("accepted").and_then(|v| v.parse::<i64>().ok());
                            view! {
                                <Registry all=all country=country editing=editing saved=saved merged=merged
                                    accepted=accepted save=save merge=merge accept=accept save_error=save_error />
                            }
                            .into_any()
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The filter, the table and the form, for the agencies loaded.
#[component]
fn Registry(
    all: Vec<Agency>,
    country: String,
    editing: Option<i64>,
    saved: Option<i64>,
    merged: Option<i64>,
    accepted: Option<i64>,
    save: ServerAction<SaveAgency>,
    merge: ServerAction<MergeAgencies>,
    accept: ServerAction<AcceptAgency>,
    save_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_i18n().locale();
    // The countries that have agencies, by name in the reader's language, with their counts.
    let mut countries: Vec<(String, String)> = Vec::new();
    for a in &all {
        if !countries.iter().any(|(code, _)| *code == a.country) {
            countries.push((a.country.clone(), country_name(locale, &a.country)));
        }
    }
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    let shown: Vec<Agency> = all
        .iter()
        .filter(|a| country.is_empty() || a.country == country)
        .cloned()
        .collect();
    let notice = saved
        .and_then(|id| all.iter().find(|a| a.id == id))
        .map(|a| locale.format(Key::AgenciesSaved, &[("name", &a.name)]))
        .or_else(|| {
            merged
                .and_then(|id| all.iter().find(|a| a.id == id))
                .map(|a| locale.format(Key::AgenciesMerged, &[("name", &a.name)]))
        })
        .or_else(|| {
            accepted
                .and_then(|id| all.iter().find(|a| a.id == id))
                .map(|a| locale.format(Key::MembershipAgencyAccepted, &[("agency", &a.name)]))
        });
    let edited = editing.and_then(|id| all.iter().find(|a| a.id == id).cloned());
    let rows = shown
        .iter()
        .map(|a| {
            let siblings: Vec<(String, String)> = all
                .iter()
                .filter(|b| b.country == a.country && b.id != a.id)
                .map(|b| (b.id.to_string(), format!("{} ({})", b.name, b.short_name)))
                .collect();
            view! { <AgencyRow agency=a.clone() siblings=siblings merge=merge accept=accept /> }
        })
        .collect_view();
    let filter_options = options_html(
        &countries,
        &country,
        Some(locale.text(Key::AgenciesAllCountries)),
    );
    view! {
        {notice.map(|n| view! { <p class="form-notice" role="status" id="agencies-notice">{n}</p> })}
        <form method="get" action="/admin/agencies" class="inline-form" id="agencies-filter">
            <label for="agencies-country">{locale.text(Key::AgenciesCountry)}</label>
            <select id="agencies-country" name="country" inner_html=filter_options></select>
            <button type="submit" class="secondary-button">{locale.text(Key::AgenciesShow)}</button>
        </form>
        {if shown.is_empty() {
            view! { <p id="agencies-empty">{locale.text(Key::AgenciesNone)}</p> }.into_any()
        } else {
            view! {
                <table class="data-table" id="agencies">
                    <thead><tr>
                        <th scope="col">{locale.text(Key::AgenciesName)}</th>
                        <th scope="col">{locale.text(Key::AgenciesCountry)}</th>
                        <th scope="col">{locale.text(Key::AgenciesKind)}</th>
                        <th scope="col">{locale.text(Key::AgenciesMembers)}</th>
                        <th scope="col">{locale.text(Key::AgenciesHosted)}</th>
                        <th scope="col"><span class="visually-hidden">{locale.text(Key::AgenciesActions)}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }.into_any()
        }}
        <AgencyForm edited=edited save=save error=save_error default_country=country />
    }
}

/// One agency, with its edit link and its merge behind a confirmation.
#[component]
fn AgencyRow(
    agency: Agency,
    siblings: Vec<(String, String)>,
    merge: ServerAction<MergeAgencies>,
    accept: ServerAction<AcceptAgency>,
) -> impl IntoView {
    let locale = use_i18n().locale();
    let a = agency;
    // A newcomer's request: accepted into the list, or merged into the agency it really is.
    let request = (!a.listed).then(|| {
        let label = locale.format(Key::MembershipAgencyAcceptLabel, &[("agency", &a.name)]);
        view! {
            <ActionForm action=accept attr:class="decision-form">
                <input type="hidden" name="id" value=a.id.to_string() />
                <button type="submit" class="primary-button" aria-label=label>
                    {locale.text(Key::MembershipAgencyAccept)}
                </button>
            </ActionForm>
        }
    });
    let badge = (!a.listed).then(|| {
        view! { <br /><span class="badge">{locale.text(Key::MembershipRequestedAgencyBadge)}</span> }
    });
    let edit_label = locale.format(Key::AgenciesEditNamed, &[("name", &a.name)]);
    let merge_label = locale.text(Key::AgenciesMerge).to_string();
    let merge_context = locale.format(Key::AgenciesMergeNamed, &[("name", &a.name)]);
    let question = locale.format(
        Key::AgenciesMergeQuestion,
        &[
            ("name", &a.name),
            ("members", &locale.integer(a.members as i64)),
        ],
    );
    let into_id = format!("merge-into-{}", a.id);
    let merge_form = (!siblings.is_empty()).then(|| {
        let options = options_html(&siblings, "", None);
        view! {
            <Confirm label=merge_label context=merge_context question=question danger=true>
                <ActionForm action=merge attr:class="decision-form">
                    <input type="hidden" name="id" value=a.id.to_string() />
                    <div class="field">
                        <label for=into_id.clone()>{locale.text(Key::AgenciesMergeInto)}</label>
                        <select id=into_id.clone() name="into" required inner_html=options></select>
                    </div>
                    <button type="submit" class="primary-button danger-button">
                        {locale.text(Key::AgenciesMergeConfirm)}
                    </button>
                </ActionForm>
            </Confirm>
        }
    });
    view! {
        <tr id=format!("agency-{}", a.id)>
            <td data-label=locale.text(Key::AgenciesName)>
                {a.name.clone()}<br /><span class="field-hint">{a.short_name.clone()}</span>
                {badge}
            </td>
            <td data-label=locale.text(Key::AgenciesCountry)>{country_name(locale, &a.country)}</td>
            <td data-label=locale.text(Key::AgenciesKind)>{kind_label(locale, &a.kind)}</td>
            <td class="number" data-label=locale.text(Key::AgenciesMembers)>{locale.integer(a.members as i64)}</td>
            <td class="number" data-label=locale.text(Key::AgenciesHosted)>{locale.integer(a.hosted_offerings as i64)}</td>
            <td class="decision-cell">
                <A href=format!("/admin/agencies?country={}&edit={}#agency-form", a.country, a.id)
                    attr:aria-label=edit_label>{locale.text(Key::AgenciesEdit)}</A>
                {request}
                {merge_form}
            </td>
        </tr>
    }
}

/// Adds an agency, or corrects the one being edited.
#[component]
fn AgencyForm(
    edited: Option<Agency>,
    save: ServerAction<SaveAgency>,
    error: Signal<Option<AppError>>,
    default_country: String,
) -> impl IntoView {
    let locale = use_i18n().locale();
    let form = if edited.is_some() {
        "edit_agency"
    } else {
        "new_agency"
    };
    // What a refused plain post typed comes back first; then the agency being edited.
    let value = |field: &str, current: Option<&str>| {
        typed_value(form, field)
            .or_else(|| current.map(str::to_string))
            .unwrap_or_default()
    };
    let name = value("name", edited.as_ref().map(|a| a.name.as_str()));
    let short_name = value("short_name", edited.as_ref().map(|a| a.short_name.as_str()));
    let country = value("country", edited.as_ref().map(|a| a.country.as_str()));
    let country = if country.is_empty() {
        default_country
    } else {
        country
    };
    let kind = value("kind", edited.as_ref().map(|a| a.kind.as_str()));
    let kind = if kind.is_empty() {
        "police".to_string()
    } else {
        kind
    };
    let countries = options_html(
        &crate::accounts::countries::options(locale),
        &country,
        Some(""),
    );
    let kinds: Vec<(String, String)> = AgencyKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), locale.text(k.label()).to_string()))
        .collect();
    let heading = match &edited {
        Some(a) => locale.format(Key::AgenciesEditHeading, &[("name", &a.name)]),
        None => locale.text(Key::AgenciesNew).to_string(),
    };
    let id = edited.as_ref().map(|a| a.id.to_string());
    view! {
        <h2 id="agency-form">{heading}</h2>
        <ActionForm action=save attr:class="stacked-form" attr:id="agency-editor">
            <FormAlert error=error />
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <Field form="agency" name="name" value=name label=Key::AgenciesName hint=Key::AgenciesNameHint required=true error=error />
            <Field form="agency" name="short_name" value=short_name label=Key::AgenciesShortName required=true maxlength=30 error=error />
            <Choice form="agency" name="country" label=Key::AgenciesCountry options=countries error=error />
            <Choice form="agency" name="kind" label=Key::AgenciesKind options=options_html(&kinds, &kind, None) error=error />
            <button type="submit" class="primary-button">{locale.text(Key::FormSave)}</button>
            {edited.is_some().then(|| view! {
                <A href="/admin/agencies">{locale.text(Key::AgenciesCancelEdit)}</A>
            })}
        </ActionForm>
    }
}
