//! Administration → audit log: a plain GET form (it works without JavaScript), the events
//! newest first, page links, and the CSV export of the same filter.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use super::api::audit_log;
use super::dto::{AuditEntry, AuditPerson, AuditQuery};
use crate::error::AppError;
use crate::i18n::{Key, use_i18n};

/// The filter fields the form, its page links and its export carry.
const FIELDS: [&str; 4] = ["person", "action", "from", "to"];

fn query_from(params: &ParamsMap) -> AuditQuery {
    let get = |name: &str| params.get(name).filter(|v| !v.trim().is_empty());
    AuditQuery {
        person: get("person"),
        action: get("action"),
        from: get("from"),
        to: get("to"),
        page: get("page").and_then(|p| p.parse().ok()),
        per_page: None,
    }
}

/// The filter as a query string (without `?`), plus `extra` pairs.
fn filter_query(params: &ParamsMap, extra: Option<(&str, String)>) -> String {
    FIELDS
        .iter()
        .filter_map(|name| {
            params
                .get(name)
                .filter(|v| !v.trim().is_empty())
                .map(|v| format!("{name}={}", encode(&v)))
        })
        .chain(extra.map(|(name, value)| format!("{name}={value}")))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Administration → audit log.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let found = Resource::new(move || query_from(&query.read()), audit_log);
    let current = move |name: &str| query.read().get(name).unwrap_or_default();
    view! {
        <Title text=i18n.t(Key::AuditTitle) />
        <section class="wide-page" aria-labelledby="audit-title">
            <h1 id="audit-title">{i18n.t(Key::AuditTitle)}</h1>
            <p class="lead">{i18n.t(Key::AuditLead)}</p>
            <Transition fallback=|| ()>
                {move || {
                    found
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
                            Err(AppError::Invalid(fields)) => {
                                view! {
                                    <AuditFilterForm actions=Vec::new() current=Callback::new(move |name: String| current(&name)) />
                                    <ul class="form-error audit-errors" role="alert">
                                        {fields.into_iter().map(|f| view! { <li>{f.message}</li> }).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                            Err(_) => view! { <crate::shell::ErrorPage /> }.into_any(),
                            Ok(page) => {
                                let pages = page.total.div_ceil(page.per_page).max(1);
                                let params = query.read_untracked().clone();
                                let link = |n: u64| format!("/admin/audit?{}", filter_query(&params, Some(("page", n.to_string()))));
                                let previous = (page.page > 1).then(|| link(page.page - 1));
                                let next = (page.page < pages).then(|| link(page.page + 1));
                                let export = format!("/api/v1/audit.csv?{}", filter_query(&params, None));
                                let count = page.total.to_string();
                                view! {
                                    <AuditFilterForm actions=page.actions current=Callback::new(move |name: String| current(&name)) />
                                    <p class="result-count" role="status" id="audit-count">
                                        {move || i18n.locale().format(Key::AuditCount, &[("count", &count)])}
                                    </p>
                                    <p><a href=export download="" id="audit-export">{i18n.t(Key::AuditExport)}</a></p>
                                    {if page.items.is_empty() {
                                        view! { <p>{i18n.t(Key::AuditNone)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <table class="data-table audit-table" id="audit-events">
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{i18n.t(Key::AuditWhen)}</th>
                                                        <th scope="col">{i18n.t(Key::AuditAction)}</th>
                                                        <th scope="col">{i18n.t(Key::AuditActor)}</th>
                                                        <th scope="col">{i18n.t(Key::AuditSubject)}</th>
                                                        <th scope="col">{i18n.t(Key::AuditDetail)}</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {page.items.into_iter().map(|e| view! { <AuditRow entry=e /> }).collect_view()}
                                                </tbody>
                                            </table>
                                        }
                                            .into_any()
                                    }}
                                    <nav class="pagination" aria-label=i18n.t(Key::AuditPages)>
                                        {previous.map(|href| view! { <A href=href attr:rel="prev">{i18n.t(Key::CatalogPrevious)}</A> })}
                                        <span>
                                            {move || {
                                                i18n.locale().format(
                                                    Key::CatalogPageOf,
                                                    &[("page", &page.page.to_string()), ("pages", &pages.to_string())],
                                                )
                                            }}
                                        </span>
                                        {next.map(|href| view! { <A href=href attr:rel="next">{i18n.t(Key::CatalogNext)}</A> })}
                                    </nav>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

/// The filter form: a plain GET to this page.
#[component]
fn AuditFilterForm(
    /// The actions to choose from.
    actions: Vec<String>,
    /// The current value of a filter field.
    current: Callback<String, String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = current.run("action".to_string());
    view! {
        <form method="get" action="/admin/audit#audit-count" class="catalog-search audit-filter" role="search">
            <div class="filter filter--wide">
                <label for="audit-person">{i18n.t(Key::AuditPerson)}</label>
                <input id="audit-person" type="text" name="person" value=current.run("person".to_string())
                    maxlength="200" aria-describedby="audit-person-hint" />
                <p class="field-hint" id="audit-person-hint">{i18n.t(Key::AuditPersonHint)}</p>
            </div>
            <div class="filter">
                <label for="audit-action">{i18n.t(Key::AuditAction)}</label>
                <select id="audit-action" name="action">
                    <option value="" selected=chosen.is_empty()>{i18n.t(Key::AuditAnyAction)}</option>
                    {actions
                        .into_iter()
                        .map(|a| {
                            let selected = a == chosen;
                            view! { <option value=a.clone() selected=selected>{a.clone()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="filter">
                <label for="audit-from">{i18n.t(Key::AuditFrom)}</label>
                <input id="audit-from" type="date" name="from" value=current.run("from".to_string()) />
            </div>
            <div class="filter">
                <label for="audit-to">{i18n.t(Key::AuditTo)}</label>
                <input id="audit-to" type="date" name="to" value=current.run("to".to_string()) />
            </div>
            <button type="submit" class="primary-button">{i18n.t(Key::AuditFilter)}</button>
        </form>
    }
}

/// A person as the log names them: name and address.
fn person_text(person: Option<AuditPerson>) -> String {
    person
        .map(|p| format!("{} <{}>", p.full_name, p.email))
        .unwrap_or_else(|| "—".to_string())
}

/// One event.
#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let locale = use_i18n().locale();
    let at = entry.at.clone();
    let shown = locale.date_time(&entry.at);
    view! {
        <tr>
            <td data-label=locale.text(Key::AuditWhen)><time datetime=at>{shown}</time></td>
            <td data-label=locale.text(Key::AuditAction)><code>{entry.action}</code></td>
            <td data-label=locale.text(Key::AuditActor)>{person_text(entry.actor)}</td>
            <td data-label=locale.text(Key::AuditSubject)>{person_text(entry.subject)}</td>
            <td data-label=locale.text(Key::AuditDetail)>
                {entry.detail.unwrap_or_default()}
                {entry.ip.map(|ip| view! { <br /><span class="muted">{ip}</span> })}
            </td>
        </tr>
    }
}
