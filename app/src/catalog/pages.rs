//! The public catalog (search with filters) and the module page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::LocalTimes;
use super::api::{load_catalog, load_module_page, load_programme};
use super::dto::{CatalogSearch, ModuleCard, ModuleQuery, OfferingStanding, ProgrammeLink, pick};
use super::offering_card::OfferingItem;
use crate::accounts::countries;
use crate::error::AppError;
use crate::i18n::{I18n, Key, Locale, use_i18n};

fn mode_label(code: &str) -> Key {
    match code {
        "onsite" => Key::ModeOnsite,
        "distance" => Key::ModeDistance,
        _ => Key::ModeBlended,
    }
}

/// Who may take a module, as a sentence for its page.
fn audience_sentence(code: &str) -> Key {
    match code {
        "police" => Key::ModuleAudiencePoliceOnly,
        "civilian" => Key::ModuleAudienceCivilianOnly,
        _ => Key::ModuleAudienceEveryone,
    }
}

fn audience_label(code: &str) -> Key {
    match code {
        "police" => Key::AudiencePolice,
        "civilian" => Key::AudienceCivilian,
        _ => Key::AudienceBoth,
    }
}

/// A `<select>` of a search form, keeping the current choice; the first option means "any".
#[component]
fn FilterSelect(
    id: &'static str,
    name: &'static str,
    label: Key,
    options: Vec<(String, String)>,
    selected: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="filter">
            <label for=id>{i18n.t(label)}</label>
            <select id=id name=name>
                <option value="">{i18n.t(Key::CatalogAny)}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = value == selected;
                        view! { <option value=value selected=is_selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The country filter: the countries the catalog lists offerings in (and the current choice,
/// whatever it is), by name in the reader's language.
#[component]
fn CountryFilter(selected: String, countries: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let selected = selected.trim().to_uppercase();
    let options = format!(
        "<option value=\"\">{}</option>{}",
        countries::escape_html(locale.text(Key::CatalogAny)),
        countries::options_html_among(locale, &countries, &selected)
    );
    view! {
        <div class="filter">
            <label for="catalog-country">{i18n.t(Key::CatalogCountry)}</label>
            <select id="catalog-country" name="country" inner_html=options></select>
        </div>
    }
}

fn query_from(params: &leptos_router::params::ParamsMap) -> ModuleQuery {
    let get = |name: &str| params.get(name).filter(|v| !v.trim().is_empty());
    ModuleQuery {
        q: get("q"),
        topic: get("topic"),
        mode: get("mode"),
        language: get("language"),
        country: get("country"),
        audience: get("audience"),
        upcoming: get("upcoming").map(|v| v == "true"),
        seats_available: get("seats_available").map(|v| v == "true"),
        page: get("page").and_then(|p| p.parse().ok()),
        per_page: None,
    }
}

/// The URL of page `page` of the current search.
fn page_link(params: &leptos_router::params::ParamsMap, page: u64) -> String {
    let mut pairs: Vec<String> = [
        "q",
        "topic",
        "mode",
        "language",
        "country",
        "audience",
        "upcoming",
        "seats_available",
    ]
    .into_iter()
    .filter_map(|name| {
        params
            .get(name)
            .filter(|v| !v.is_empty())
            .map(|v| format!("{name}={}", encode(&v)))
    })
    .collect();
    pairs.push(format!("page={page}"));
    format!("/catalog?{}#catalog-count", pairs.join("&"))
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn language_options() -> Vec<(String, String)> {
    Locale::ALL
        .into_iter()
        .map(|l| (l.code().to_string(), l.native_name().to_string()))
        .collect()
}

fn mode_options(i18n: I18n) -> Vec<(String, String)> {
    ["onsite", "distance", "blended"]
        .into_iter()
        .map(|m| (m.to_string(), i18n.locale().text(mode_label(m)).to_string()))
        .collect()
}

fn audience_options(i18n: I18n) -> Vec<(String, String)> {
    ["police", "civilian"]
        .into_iter()
        .map(|a| {
            (
                a.to_string(),
                i18n.locale().text(audience_label(a)).to_string(),
            )
        })
        .collect()
}

/// The public catalog: search over code, title, summary and topics, with filters.
#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // One read for the whole page: results, topic vocabulary and programme links.
    let found = Resource::new(move || query_from(&query.read()), load_catalog);
    let current = move |name: &str| query.read().get(name).unwrap_or_default();
    view! {
        <Title text=i18n.t(Key::CatalogTitle) />
        <section class="wide-page" aria-labelledby="catalog-title">
            <h1 id="catalog-title">{i18n.t(Key::CatalogTitle)}</h1>
            <p class="lead">{i18n.t(Key::CatalogLead)}</p>
            // The results' anchor in the action: after a search, a phone shows the results rather
            // than the top of a screen-high form (browsers keep an action's fragment on GET).
            <form method="get" action="/catalog#catalog-count" class="catalog-search" role="search">
                <div class="filter filter--wide">
                    <label for="catalog-q">{i18n.t(Key::CatalogSearchLabel)}</label>
                    <input id="catalog-q" type="search" name="q" value=move || current("q") maxlength="200" />
                </div>
                // One boundary for the filters read with the results (topics, countries) and
                // those between them, which keep their order in the form.
                <Transition fallback=|| ()>
                    {move || {
                        found
                            .get()
                            .map(|found| {
                                let (topics, countries) = found
                                    .map(|f| (f.topics, f.countries))
                                    .unwrap_or_default();
                                let options = topics.into_iter().map(|t| (t.code, t.name)).collect();
                                view! {
                                    <FilterSelect id="catalog-topic" name="topic" label=Key::CatalogTopic
                                        options selected=current("topic") />
                                    <FilterSelect id="catalog-mode" name="mode" label=Key::CatalogMode
                                        options=mode_options(i18n) selected=current("mode") />
                                    <FilterSelect id="catalog-language" name="language" label=Key::CatalogLanguage
                                        options=language_options() selected=current("language") />
                                    <CountryFilter selected=current("country") countries />
                                }
                            })
                    }}
                </Transition>
                <FilterSelect id="catalog-audience" name="audience" label=Key::CatalogAudience
                    options=audience_options(i18n) selected=current("audience") />
                <label class="checkbox filter-check">
                    <input type="checkbox" name="upcoming" value="true" checked=move || current("upcoming") == "true" />
                    {i18n.t(Key::CatalogUpcomingOnly)}
                </label>
                <label class="checkbox filter-check">
                    <input type="checkbox" name="seats_available" value="true" checked=move || current("seats_available") == "true" />
                    {i18n.t(Key::CatalogSeatsAvailable)}
                </label>
                <button type="submit" class="primary-button">{i18n.t(Key::CatalogSearchSubmit)}</button>
            </form>
            // One boundary for the programme links and the results: both come from the same read.
            <Transition fallback=|| ()>
                {move || {
                    found
                        .get()
                        .map(|found| match found {
                            Err(_) => view! { <crate::shell::ErrorPage /> }.into_any(),
                            Ok(CatalogSearch { results: page, programmes, .. }) => {
                                let pages = page.total.div_ceil(page.per_page).max(1);
                                let params = query.read_untracked().clone();
                                let previous = (page.page > 1).then(|| page_link(&params, page.page - 1));
                                let next = (page.page < pages).then(|| page_link(&params, page.page + 1));
                                let count = page.total.to_string();
                                view! {
                                    <ProgrammeLinks list=programmes />
                                    <p class="result-count" role="status" id="catalog-count">
                                        {move || i18n.locale().format(Key::CatalogCount, &[("count", &count)])}
                                    </p>
                                    <ol class="module-list" id="catalog-results">
                                        {page.items.into_iter().map(|card| view! { <ModuleCardView card /> }).collect_view()}
                                    </ol>
                                    <nav class="pagination" aria-label=i18n.t(Key::CatalogPages)>
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

#[component]
fn ModuleCardView(card: ModuleCard) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/modules/{}", card.code);
    let next = card.next_start.clone();
    view! {
        <li class="module-card">
            <h2>
                // A plain link: the router still follows it without a reload, and unlike `<A>`
                // it does not resolve its path or track whether it is the current page, twenty
                // times per page.
                <a href=href>{card.title.clone()}</a>
            </h2>
            <p class="module-card__meta">
                <span class="code">{card.code.clone()}</span>
                " · "
                {i18n.t(mode_label(&card.delivery_mode))}
                " · "
                {move || i18n.locale().format(Key::CatalogCredits, &[("credits", &card.credits.to_string()), ("hours", &card.hours.to_string())])}
            </p>
            <p>{card.summary.clone()}</p>
            <p class="module-card__meta">
                {match next {
                    Some(date) => {
                        view! { <span>{move || i18n.locale().format(Key::CatalogNextStart, &[("date", &i18n.locale().date(&date))])}</span> }.into_any()
                    }
                    None => view! { <span>{i18n.t(Key::CatalogNoUpcoming)}</span> }.into_any(),
                }}
            </p>
            <ul class="tags">
                {card.topics.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}
            </ul>
        </li>
    }
}

/// A module: description, prerequisites, and upcoming offerings with their calendars.
#[component]
pub fn ModulePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let details = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_module_page,
    );
    view! {
        <Suspense fallback=|| ()>
            {move || {
                details
                    .get()
                    .map(|found| match found {
                        Err(AppError::NotFound) => view! { <crate::shell::NotFound /> }.into_any(),
                        Err(_) => view! { <crate::shell::ErrorPage /> }.into_any(),
                        Ok(details) => {
                            let module = details.module.clone();
                            view! {
                                <Title text=details.title.clone() />
                                <article class="wide-page module-page" aria-labelledby="module-title">
                                    <p class="code">{module.code.clone()}</p>
                                    <h1 id="module-title">{details.title.clone()}</h1>
                                    <crate::auth::WelcomeNotice />
                                    <p class="lead">{details.summary.clone()}</p>
                                    <dl class="facts">
                                        <dt>{i18n.t(Key::CatalogMode)}</dt>
                                        <dd>{i18n.t(mode_label(&module.delivery_mode))}</dd>
                                        <dt>{i18n.t(Key::ModuleWhoMayTake)}</dt>
                                        <dd>{i18n.t(audience_sentence(&module.audience))}</dd>
                                        <dt>{i18n.t(Key::ModuleCreditsLabel)}</dt>
                                        <dd>{module.credits}</dd>
                                        <dt>{i18n.t(Key::ModuleHoursLabel)}</dt>
                                        <dd>{module.hours}</dd>
                                        <dt>{i18n.t(Key::CatalogTopic)}</dt>
                                        <dd>{details.topics.join(", ")}</dd>
                                    </dl>
                                    <h2>{i18n.t(Key::ModulePrerequisites)}</h2>
                                    {if details.prerequisites.is_empty() {
                                        view! { <p>{i18n.t(Key::ModuleNoPrerequisites)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul>
                                                {details
                                                    .prerequisites
                                                    .into_iter()
                                                    .map(|(code, title)| {
                                                        view! {
                                                            <li>
                                                                <A href=format!("/modules/{code}")>{title}</A>
                                                                " (" {code} ")"
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                    {(!details.programmes.is_empty())
                                        .then(|| {
                                            view! {
                                                <h2>{i18n.t(Key::ModuleProgrammes)}</h2>
                                                <ul>
                                                    {details
                                                        .programmes
                                                        .into_iter()
                                                        .map(|(code, title)| {
                                                            view! {
                                                                <li>
                                                                    <A href=format!("/programmes/{code}")>{title}</A>
                                                                </li>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </ul>
                                            }
                                        })}
                                    <h2>{i18n.t(Key::ModuleOfferings)}</h2>
                                    {if details.offerings.is_empty() {
                                        view! { <p>{i18n.t(Key::CatalogNoUpcoming)}</p> }.into_any()
                                    } else {
                                        let mut standings: std::collections::HashMap<i64, OfferingStanding> =
                                            details.standings.into_iter().collect();
                                        view! {
                                            <ul class="offering-list" id="module-offerings">
                                                {details
                                                    .offerings
                                                    .into_iter()
                                                    .map(|o| {
                                                        let standing = standings.remove(&o.id);
                                                        view! { <OfferingItem offering=o standing=standing.unwrap_or(OfferingStanding::Nothing) /> }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                            <LocalTimes label=i18n.locale().text(Key::OfferingYourTime).to_string() />
                                        }
                                            .into_any()
                                    }}
                                </article>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// Links to the programmes, above the search results.
#[component]
fn ProgrammeLinks(list: Vec<ProgrammeLink>) -> impl IntoView {
    let i18n = use_i18n();
    (!list.is_empty()).then(|| {
        view! {
            <nav class="programme-links" aria-labelledby="programmes-heading">
                <h2 id="programmes-heading">{i18n.t(Key::ProgrammeListTitle)}</h2>
                <ul>
                    {list
                        .into_iter()
                        .map(|p| {
                            let title = p.title.clone();
                            view! {
                                <li>
                                    <A href=format!("/programmes/{}", p.code)>
                                        {move || pick(&title, i18n.locale())}
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        }
    })
}

/// A programme: its modules in order, with credits.
#[component]
pub fn ProgrammePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let programme = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_programme,
    );
    view! {
        <Suspense fallback=|| ()>
            {move || {
                programme
                    .get()
                    .map(|found| match found {
                        Err(AppError::NotFound) => view! { <crate::shell::NotFound /> }.into_any(),
                        Err(_) => view! { <crate::shell::ErrorPage /> }.into_any(),
                        Ok(p) => {
                            let title = p.title.clone();
                            let description = p.description.clone();
                            let credits = p.credits_required.to_string();
                            view! {
                                <Title text=move || pick(&title, i18n.locale()) />
                                <article class="wide-page" aria-labelledby="programme-title">
                                    <p class="code">{i18n.t(Key::ProgrammeTitle)} " · " {p.code.clone()}</p>
                                    <h1 id="programme-title">{let t = p.title.clone(); move || pick(&t, i18n.locale())}</h1>
                                    <p class="lead">{move || pick(&description, i18n.locale())}</p>
                                    <p>{move || i18n.locale().format(Key::ProgrammeCreditsRequired, &[("credits", &credits)])}</p>
                                    <h2>{i18n.t(Key::ProgrammeModules)}</h2>
                                    <ol class="programme-modules" id="programme-modules">
                                        {p
                                            .modules
                                            .into_iter()
                                            .map(|m| {
                                                let title = m.title.clone();
                                                let credits = m.credits.to_string();
                                                view! {
                                                    <li>
                                                        <A href=format!("/modules/{}", m.code)>{move || pick(&title, i18n.locale())}</A>
                                                        " · " {m.code.clone()} " · "
                                                        {move || i18n.locale().format(Key::ModuleCreditsCount, &[("credits", &credits)])}
                                                        " · "
                                                        {if m.required { i18n.t(Key::ProgrammeRequired)() } else { i18n.t(Key::ProgrammeElective)() }}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ol>
                                </article>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// "My offerings": what the signed-in instructor teaches, with dates, place and calendar.
#[component]
pub fn MyOfferingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let offerings = Resource::new(|| (), |_| super::api::my_offerings());
    view! {
        <Title text=i18n.t(Key::MyOfferingsTitle) />
        <section class="wide-page" aria-labelledby="my-offerings-title">
            <h1 id="my-offerings-title">{i18n.t(Key::MyOfferingsTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    offerings
                        .get()
                        .map(|found| match found {
                            Err(AppError::SignInRequired) => {
                                view! { <p class="form-error" role="alert">{i18n.t(Key::FormSignInRequired)}</p> }.into_any()
                            }
                            Err(_) => view! { <crate::shell::ErrorPage /> }.into_any(),
                            Ok(list) if list.is_empty() => view! { <p>{i18n.t(Key::MyOfferingsNone)}</p> }.into_any(),
                            Ok(list) => {
                                view! {
                                    <ul class="offering-list" id="my-offerings">
                                        {list
                                            .into_iter()
                                            .map(|o| {
                                                let title = o.module_title.clone();
                                                let href = format!("/modules/{}", o.module_code);
                                                view! {
                                                    <li>
                                                        <h2><A href=href>{move || pick(&title, i18n.locale())}</A></h2>
                                                        <ul class="offering-list"><OfferingItem offering=o /></ul>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}

/// "My calendar": a private feed link to subscribe to in a calendar application, which can be
/// replaced or revoked.
#[component]
pub fn CalendarFeedSection() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<super::api::CreateCalendarFeed>::new();
    let revoke = ServerAction::<super::api::RevokeCalendarFeed>::new();
    let status = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| super::api::calendar_feed_status(),
    );
    let url = move || match create.value().get() {
        Some(Ok(url)) => Some(url),
        _ => crate::forms::typed_value("calendar_feed", "url"),
    };
    view! {
        <h2 id="calendar-feed-title">{i18n.t(Key::FeedTitle)}</h2>
        <p>{i18n.t(Key::FeedLead)}</p>
        <Show when=move || url().is_some()>
            <label for="calendar-feed-url">{i18n.t(Key::FeedCopy)}</label>
            <input id="calendar-feed-url" readonly value=move || url().unwrap_or_default() class="feed-url" />
        </Show>
        <Transition fallback=|| ()>
            {move || {
                status
                    .get()
                    .map(|has| {
                        let has = has.unwrap_or(false);
                        view! {
                            <p class="muted" id="calendar-feed-status">
                                {if has { i18n.t(Key::FeedActive)() } else { i18n.t(Key::FeedNone)() }}
                            </p>
                            <ActionForm action=create attr:class="inline-form">
                                <button type="submit" class="primary-button">
                                    {if has { i18n.t(Key::FeedReplace)() } else { i18n.t(Key::FeedCreate)() }}
                                </button>
                            </ActionForm>
                            {has
                                .then(|| {
                                    view! {
                                        " "
                                        <crate::shell::Confirm
                                            label=i18n.locale().text(Key::FeedRevoke).to_string()
                                            question=i18n.locale().text(Key::FeedRevokeQuestion).to_string()
                                            danger=true
                                        >
                                            <ActionForm action=revoke attr:class="inline-form">
                                                <button type="submit" class="primary-button danger-button">{i18n.t(Key::FeedRevokeConfirm)}</button>
                                            </ActionForm>
                                        </crate::shell::Confirm>
                                    }
                                })}
                        }
                    })
            }}
        </Transition>
    }
}
