//! Administration → catalog: every module with its status, the module form (with similar
//! modules shown while the title is typed), and the offering form.
//!
//! A form's server function takes one argument per form field; the generated client functions
//! cannot carry an item-level `allow`, hence this module-level one.
#![allow(clippy::too_many_arguments)]

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::dto::{ModuleView, OfferingView, ProgrammeView, TopicView, pick};
use super::similar::SimilarModules;
use crate::auth::Notice;
use crate::error::AppError;
use crate::forms::{Field, FieldMessage, FormAlert, SelectField, action_error};
use crate::i18n::{Key, Locale, use_i18n};

/// Every module, for administrators.
#[server(endpoint = "admin_modules")]
pub async fn admin_modules() -> Result<Vec<ModuleView>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    crate::catalog::service::all_modules(&db, &caller)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// What the module and offering forms need: the module (when editing), topics, instructors.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FormChoices {
    /// The module being edited, if any.
    pub module: Option<ModuleView>,
    /// The topic vocabulary.
    pub topics: Vec<TopicView>,
    /// (id, name) of the instructors.
    pub instructors: Vec<(i64, String)>,
    /// (id, code · title) of the modules an offering can run.
    pub modules: Vec<(i64, String)>,
}

/// Loads what the catalog forms offer to choose from.
#[server(endpoint = "catalog_form_data")]
pub async fn catalog_form_data(module_id: Option<i64>) -> Result<FormChoices, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let page = |e: crate::error::DomainError| e.for_page(locale);
    let all = crate::catalog::service::all_modules(&db, &caller)
        .await
        .map_err(page)?;
    Ok(FormChoices {
        module: module_id.and_then(|id| all.iter().find(|m| m.id == id).cloned()),
        topics: crate::catalog::service::topics(&db, locale)
            .await
            .map_err(page)?,
        instructors: crate::catalog::service::instructors(&db, &caller)
            .await
            .map_err(page)?,
        modules: all
            .iter()
            .filter(|m| m.status != "archived")
            .map(|m| (m.id, format!("{} · {}", m.code, pick(&m.title, locale))))
            .collect(),
    })
}

/// An offering to edit (administrators see drafts too).
#[server(endpoint = "offering_for_edit")]
pub async fn offering_for_edit(id: i64) -> Result<OfferingView, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    if !crate::catalog::service::may_edit(Some(&caller)) {
        return Err(AppError::Forbidden.respond());
    }
    crate::catalog::offerings::get_offering(&db, Some(&caller), id)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Modules similar to what is being typed.
#[server(endpoint = "similar_modules")]
pub async fn similar_modules(
    text: String,
    code: String,
) -> Result<Vec<(String, String)>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    crate::catalog::service::similar_modules(&db, &caller, &text, &code, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Creates (`id` empty) or saves a module from the form.
#[server(endpoint = "save_module")]
pub async fn save_module(
    id: Option<i64>,
    code: String,
    title: BTreeMap<String, String>,
    summary: Option<BTreeMap<String, String>>,
    topics: Option<BTreeMap<String, String>>,
    credits: String,
    hours: String,
    level: String,
    delivery_mode: String,
    audience: String,
    prerequisites: String,
    status: String,
) -> Result<ModuleView, AppError> {
    use crate::catalog::rules::ModuleInput;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let number = |text: &str, field: &str, key| {
        text.trim()
            .parse::<i32>()
            .map_err(|_| AppError::invalid(field, locale.text(key)).respond())
    };
    let credits = number(&credits, "credits", crate::i18n::Key::ModuleCreditsInvalid)?;
    let hours = number(&hours, "hours", crate::i18n::Key::ModuleHoursInvalid)?;
    let input = ModuleInput {
        code,
        title,
        summary: summary.unwrap_or_default(),
        topics: topics.unwrap_or_default().into_keys().collect(),
        credits,
        hours,
        level,
        delivery_mode,
        audience,
        prerequisites: prerequisites
            .split([',', ' ', ';'])
            .filter(|p| !p.trim().is_empty())
            .map(str::to_string)
            .collect(),
        status,
    };
    let saved = match id {
        Some(id) => crate::catalog::service::update_module(&db, &caller, id, input).await,
        None => crate::catalog::service::create_module(&db, &caller, input).await,
    }
    .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect(&format!("/admin/catalog/modules/{}?saved=module", saved.id));
    Ok(saved)
}

/// Publishes, archives or returns to draft a module or programme from the catalog list.
#[server(endpoint = "set_catalog_status")]
pub async fn set_catalog_status(item: String, id: i64, status: String) -> Result<(), AppError> {
    use crate::catalog::CatalogItem;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let item = match item.as_str() {
        "programme" => CatalogItem::Programme,
        _ => CatalogItem::Module,
    };
    crate::catalog::service::set_status(&db, &caller, item, id, &status)
        .await
        .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect("/admin/catalog?status=changed");
    Ok(())
}

/// Every programme (any status), for administrators.
#[server(endpoint = "admin_programmes")]
pub async fn admin_programmes() -> Result<Vec<ProgrammeView>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    if !crate::catalog::service::may_edit(Some(&caller)) {
        return Err(AppError::Forbidden.respond());
    }
    crate::catalog::programmes::list_programmes(&db, Some(&caller))
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// A programme to edit.
#[server(endpoint = "programme_for_edit")]
pub async fn programme_for_edit(id: i64) -> Result<ProgrammeView, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    crate::catalog::programmes::programme_for_edit(&db, &caller, id)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Creates (`id` empty) or saves a programme from the form. Required modules come first, in
/// the order typed, then the electives.
#[server(endpoint = "save_programme")]
pub async fn save_programme(
    id: Option<i64>,
    code: String,
    title: BTreeMap<String, String>,
    description: Option<BTreeMap<String, String>>,
    credits_required: String,
    required_modules: String,
    elective_modules: String,
    status: String,
) -> Result<ProgrammeView, AppError> {
    use crate::catalog::rules::{ProgrammeInput, ProgrammeModuleInput};
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let credits_required = credits_required.trim().parse::<i32>().map_err(|_| {
        AppError::invalid(
            "credits_required",
            locale.text(crate::i18n::Key::ProgrammeCreditsInvalid),
        )
        .respond()
    })?;
    let codes = |text: &str, required: bool| -> Vec<ProgrammeModuleInput> {
        text.split([',', ' ', ';', '\n', '\r'])
            .filter(|c| !c.trim().is_empty())
            .map(|code| ProgrammeModuleInput {
                code: code.to_string(),
                required,
            })
            .collect()
    };
    let mut modules = codes(&required_modules, true);
    modules.extend(codes(&elective_modules, false));
    let input = ProgrammeInput {
        code,
        title,
        description: description.unwrap_or_default(),
        credits_required,
        modules,
        status,
    };
    let saved = match id {
        Some(id) => crate::catalog::programmes::update_programme(&db, &caller, id, input).await,
        None => crate::catalog::programmes::create_programme(&db, &caller, input).await,
    }
    .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect(&format!(
        "/admin/catalog/programmes/{}?saved=programme",
        saved.id
    ));
    Ok(saved)
}

/// One session row of the offering form: a local date-time in its IANA zone.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionRow {
    /// The existing session's id, when editing (its calendar entry keeps its UID).
    #[serde(default)]
    pub id: String,
    /// `onsite` or `distance`.
    #[serde(default)]
    pub kind: String,
    /// `YYYY-MM-DDTHH:MM`, local to `timezone`.
    #[serde(default)]
    pub starts: String,
    /// `YYYY-MM-DDTHH:MM`, local to `timezone`.
    #[serde(default)]
    pub ends: String,
    /// IANA zone.
    #[serde(default)]
    pub timezone: String,
    /// Venue.
    #[serde(default)]
    pub venue: String,
    /// City.
    #[serde(default)]
    pub city: String,
    /// Country code.
    #[serde(default)]
    pub country: String,
}

/// Creates (`id` empty) or saves an offering from the form.
#[server(endpoint = "save_offering")]
pub async fn save_offering(
    id: Option<i64>,
    module_id: String,
    starts_on: String,
    ends_on: String,
    enrollment_opens: String,
    enrollment_closes: String,
    capacity: String,
    language: String,
    country: String,
    host_agency: String,
    enrollment_policy: String,
    instructors: Option<BTreeMap<String, String>>,
    sessions: Option<BTreeMap<String, SessionRow>>,
    status: String,
    #[server(default)] quota_affiliation: Option<String>,
    #[server(default)] quota_min_percent: Option<String>,
    #[server(default)] quota_max_per_agency: Option<String>,
    #[server(default)] quota_max_per_country: Option<String>,
) -> Result<OfferingView, AppError> {
    use crate::catalog::rules::{OfferingInput, SessionInput};
    use crate::i18n::Key;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let module_id = module_id.trim().parse::<i64>().map_err(|_| {
        AppError::invalid("module_id", locale.text(Key::OfferingModuleUnknown)).respond()
    })?;
    let capacity = capacity.trim().parse::<i32>().map_err(|_| {
        AppError::invalid("capacity", locale.text(Key::OfferingCapacityInvalid)).respond()
    })?;
    // Blank quota fields mean "no rule"; anything else must be a whole number.
    let number = |value: Option<String>, field: &'static str, key: Key| match value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => Ok(None),
        Some(v) => v
            .parse::<i32>()
            .map(Some)
            .map_err(|_| AppError::invalid(field, locale.text(key)).respond()),
    };
    let quotas = crate::enrollment::Quotas {
        affiliation: quota_affiliation.filter(|a| !a.trim().is_empty()),
        min_percent: number(
            quota_min_percent,
            "quotas.min_percent",
            Key::QuotaPercentInvalid,
        )?,
        max_per_agency: number(
            quota_max_per_agency,
            "quotas.max_per_agency",
            Key::QuotaMaxInvalid,
        )?,
        max_per_country: number(
            quota_max_per_country,
            "quotas.max_per_country",
            Key::QuotaMaxInvalid,
        )?,
    };
    // Local times become RFC 3339 in their zone; the service checks the rest.
    let local = |text: &str, zone: &str| -> Option<String> {
        use chrono::TimeZone;
        let tz: chrono_tz::Tz = zone.trim().parse().ok()?;
        let naive = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok()?;
        tz.from_local_datetime(&naive)
            .earliest()
            .map(|t| t.to_rfc3339())
    };
    let mut session_inputs = Vec::new();
    for row in sessions.unwrap_or_default().into_values() {
        if row.starts.trim().is_empty() && row.ends.trim().is_empty() {
            continue;
        }
        let empty = |s: String| (!s.trim().is_empty()).then_some(s);
        session_inputs.push(SessionInput {
            id: row.id.trim().parse().ok(),
            starts_at: local(&row.starts, &row.timezone).unwrap_or_else(|| row.starts.clone()),
            ends_at: local(&row.ends, &row.timezone).unwrap_or_else(|| row.ends.clone()),
            kind: row.kind,
            timezone: row.timezone,
            venue: empty(row.venue),
            city: empty(row.city),
            country: empty(row.country),
        });
    }
    let input = OfferingInput {
        module_id,
        starts_on,
        ends_on,
        enrollment_opens,
        enrollment_closes,
        capacity,
        language,
        country,
        host_agency,
        enrollment_policy,
        instructor_ids: instructors
            .unwrap_or_default()
            .into_keys()
            .filter_map(|id| id.parse().ok())
            .collect(),
        sessions: session_inputs,
        status,
        quotas,
    };
    let saved = match id {
        Some(id) => {
            crate::catalog::offerings::update_offering(&db, &request::site(), &caller, id, input)
                .await
        }
        None => crate::catalog::offerings::create_offering(&db, &caller, input).await,
    }
    .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect(&format!(
        "/modules/{}?offering={}",
        saved.module_code, saved.id
    ));
    Ok(saved)
}

fn status_label(status: &str) -> Key {
    match status {
        "published" => Key::StatusPublished,
        "archived" => Key::StatusArchived,
        "cancelled" => Key::StatusCancelled,
        "completed" => Key::StatusCompleted,
        _ => Key::StatusDraft,
    }
}

fn forbidden_or_error(error: AppError) -> AnyView {
    let i18n = use_i18n();
    match error {
        AppError::SignInRequired => {
            view! { <p class="form-error" role="alert">{i18n.t(Key::FormSignInRequired)}</p> }
                .into_any()
        }
        AppError::Forbidden => {
            view! { <p class="form-error" role="alert">{i18n.t(Key::FormForbidden)}</p> }.into_any()
        }
        _ => view! { <crate::shell::ErrorPage /> }.into_any(),
    }
}

/// Administration → catalog: every programme and module, with links to edit them, buttons to
/// publish or archive them, and a link to add an offering.
#[component]
pub fn AdminCatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<SetCatalogStatus>::new();
    let modules = Resource::new(move || change.version().get(), |_| admin_modules());
    let programmes = Resource::new(move || change.version().get(), |_| admin_programmes());
    let error = action_error(change);
    view! {
        <Title text=i18n.t(Key::AdminCatalogTitle) />
        <section class="wide-page" aria-labelledby="admin-catalog-title">
            <h1 id="admin-catalog-title">{i18n.t(Key::AdminCatalogTitle)}</h1>
            <Notice param="status" texts=&[("changed", Key::AdminStatusChanged)] />
            <FormAlert error=error />
            <p>
                <A href="/admin/catalog/modules/new" attr:class="primary-button">{i18n.t(Key::AdminNewModule)}</A>
                " "
                <A href="/admin/catalog/offerings/new">{i18n.t(Key::AdminNewOffering)}</A>
                " "
                <A href="/admin/catalog/programmes/new">{i18n.t(Key::AdminNewProgramme)}</A>
            </p>
            <h2>{i18n.t(Key::AdminProgrammes)}</h2>
            <Transition fallback=|| ()>
                {move || {
                    programmes.get().map(|found| {
                        found.map(|list| {
                            list.into_iter()
                                .map(|p| CatalogRow {
                                    id: p.id,
                                    code: p.code,
                                    title: p.title,
                                    status: p.status,
                                    edit: format!("/admin/catalog/programmes/{}", p.id),
                                    add_offering: None,
                                })
                                .collect()
                        })
                    })
                    .map(|rows| view! { <CatalogTable table_id="admin-programmes" item="programme" rows action=change /> })
                }}
            </Transition>
            <h2>{i18n.t(Key::AdminModules)}</h2>
            <Transition fallback=|| ()>
                {move || {
                    modules.get().map(|found| {
                        found.map(|list| {
                            list.into_iter()
                                .map(|m| CatalogRow {
                                    id: m.id,
                                    code: m.code,
                                    title: m.title,
                                    status: m.status,
                                    edit: format!("/admin/catalog/modules/{}", m.id),
                                    add_offering: Some(format!("/admin/catalog/offerings/new?module={}", m.id)),
                                })
                                .collect()
                        })
                    })
                    .map(|rows| view! { <CatalogTable table_id="admin-modules" item="module" rows action=change /> })
                }}
            </Transition>
        </section>
    }
}

/// One line of a catalog administration table.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CatalogRow {
    id: i64,
    code: String,
    title: BTreeMap<String, String>,
    status: String,
    edit: String,
    add_offering: Option<String>,
}

/// Programmes or modules with their status, Edit, and the one-click status changes.
#[component]
fn CatalogTable(
    table_id: &'static str,
    item: &'static str,
    rows: Result<Vec<CatalogRow>, AppError>,
    action: ServerAction<SetCatalogStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    match rows {
        Err(e) => forbidden_or_error(e),
        Ok(rows) => view! {
            <table class="data-table" id=table_id>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Key::AdminModuleCode)}</th>
                        <th scope="col">{i18n.t(Key::AdminModuleTitle)}</th>
                        <th scope="col">{i18n.t(Key::AdminStatus)}</th>
                        <th scope="col"><span class="visually-hidden">{i18n.t(Key::AdminEdit)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let title = row.title.clone();
                            view! {
                                <tr>
                                    <td class="code">{row.code.clone()}</td>
                                    <td>{move || pick(&title, i18n.locale())}</td>
                                    <td>{i18n.t(status_label(&row.status))}</td>
                                    <td class="row-actions">
                                        <A href=row.edit.clone()>{i18n.t(Key::AdminEdit)}</A>
                                        {row.add_offering.clone().map(|href| view! {
                                            " · "
                                            <A href=href>{i18n.t(Key::AdminAddOffering)}</A>
                                        })}
                                        <StatusButtons action item id=row.id status=row.status.clone() />
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
    }
}

/// The one-click status changes a catalog row offers: publish a draft, archive what is
/// published, and bring back an archived item as a draft.
#[component]
fn StatusButtons(
    action: ServerAction<SetCatalogStatus>,
    item: &'static str,
    id: i64,
    status: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let targets: &[(&str, Key)] = match status.as_str() {
        "draft" => &[("published", Key::AdminPublish)],
        "published" => &[("archived", Key::AdminArchive)],
        _ => &[("draft", Key::AdminToDraft)],
    };
    targets
        .iter()
        .map(|(to, label)| {
            view! {
                <ActionForm action=action attr:class="inline-form">
                    <input type="hidden" name="item" value=item />
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="status" value=*to />
                    <button type="submit" class="link-button" data-status=*to>{i18n.t(*label)}</button>
                </ActionForm>
            }
        })
        .collect_view()
}

/// The programme form: new (`/admin/catalog/programmes/new`) or existing (`…/programmes/{id}`).
#[component]
pub fn ProgrammeFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let programme_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let data = Resource::new(programme_id, |id| async move {
        match id {
            Some(id) => programme_for_edit(id).await.map(Some),
            None => Ok(None),
        }
    });
    let save = ServerAction::<SaveProgramme>::new();
    let error = action_error(save);
    view! {
        <Title text=i18n.t(Key::AdminProgrammeFormTitle) />
        <section class="form-page form-page--wide" aria-labelledby="programme-form-title">
            <h1 id="programme-form-title">{i18n.t(Key::AdminProgrammeFormTitle)}</h1>
            <Notice param="saved" texts=&[("programme", Key::AdminSaved)] />
            <p><A href="/admin/catalog">{i18n.t(Key::AdminBackToCatalog)}</A></p>
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(p) => {
                                let locale = i18n.locale();
                                let value = |f: fn(&ProgrammeView) -> String| p.as_ref().map(f).unwrap_or_default();
                                let (code, credits, status) = (value(|p| p.code.clone()), value(|p| p.credits_required.to_string()), value(|p| p.status.clone()));
                                let listed = |required: bool| -> String {
                                    p.as_ref()
                                        .map(|p| p.modules.iter().filter(|m| m.required == required).map(|m| m.code.as_str()).collect::<Vec<_>>().join(", "))
                                        .unwrap_or_default()
                                };
                                let (required, elective) = (listed(true), listed(false));
                                let texts = |f: fn(&ProgrammeView) -> &BTreeMap<String, String>| -> Vec<String> {
                                    Locale::ALL
                                        .iter()
                                        .map(|l| p.as_ref().and_then(|p| f(p).get(l.code()).cloned()).unwrap_or_default())
                                        .collect()
                                };
                                let titles = texts(|p| &p.title);
                                let descriptions = texts(|p| &p.description);
                                let id = p.as_ref().map(|p| p.id.to_string());
                                view! {
                                    <ActionForm action=save attr:class="stacked-form" attr:id="programme-form">
                                        <FormAlert error=error />
                                        {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
                                        <Field form="programme" name="code" label=Key::AdminModuleCode hint=Key::AdminCodeHint required=true maxlength=40
                                            value=code error=error />
                                        {Locale::ALL
                                            .into_iter()
                                            .zip(titles)
                                            .map(|(lang, text)| {
                                                let id = format!("programme-title-{}", lang.code());
                                                view! {
                                                    <div class="field">
                                                        <label for=id.clone()>{move || i18n.locale().format(Key::AdminTitleIn, &[("language", lang.native_name())])}</label>
                                                        <input id=id name=format!("title[{}]", lang.code()) maxlength="200" value=text lang=lang.code() />
                                                    </div>
                                                }
                                            })
                                            .collect_view()}
                                        <FieldMessage error=error name="title" />
                                        {Locale::ALL
                                            .into_iter()
                                            .zip(descriptions)
                                            .map(|(lang, text)| {
                                                let id = format!("programme-description-{}", lang.code());
                                                view! {
                                                    <div class="field">
                                                        <label for=id.clone()>{move || i18n.locale().format(Key::AdminDescriptionIn, &[("language", lang.native_name())])}</label>
                                                        <textarea id=id name=format!("description[{}]", lang.code()) rows="3" maxlength="4000" lang=lang.code()>{text}</textarea>
                                                    </div>
                                                }
                                            })
                                            .collect_view()}
                                        <FieldMessage error=error name="description" />
                                        <Field form="programme" name="credits_required" label=Key::AdminCreditsRequired kind="number" required=true maxlength=3
                                            value=credits error=error />
                                        <Field form="programme" name="required_modules" label=Key::AdminRequiredModules hint=Key::AdminModuleCodesHint maxlength=2000
                                            value=required error=error />
                                        <Field form="programme" name="elective_modules" label=Key::AdminElectiveModules hint=Key::AdminModuleCodesHint maxlength=2000
                                            value=elective error=error />
                                        <FieldMessage error=error name="modules" />
                                        <SelectField form="programme" name="status" label=Key::AdminStatus required=true
                                            options=options(&[("draft", Key::StatusDraft), ("published", Key::StatusPublished), ("archived", Key::StatusArchived)], locale)
                                            selected=status error=error />
                                        <button type="submit" class="primary-button">{i18n.t(Key::FormSave)}</button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}

fn options(pairs: &[(&str, Key)], locale: Locale) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(code, key)| (code.to_string(), locale.text(*key).to_string()))
        .collect()
}

/// The module form: new (`/admin/catalog/modules/new`) or existing (`…/modules/{id}`).
#[component]
pub fn ModuleFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let module_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let data = Resource::new(module_id, catalog_form_data);
    let save = ServerAction::<SaveModule>::new();
    let error = action_error(save);
    view! {
        <Title text=i18n.t(Key::AdminModuleFormTitle) />
        <section class="form-page form-page--wide" aria-labelledby="module-form-title">
            <h1 id="module-form-title">{i18n.t(Key::AdminModuleFormTitle)}</h1>
            <Notice param="saved" texts=&[("module", Key::AdminSaved)] />
            <p><A href="/admin/catalog">{i18n.t(Key::AdminBackToCatalog)}</A></p>
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(data) => {
                                let m = data.module.clone();
                                let value = |f: fn(&ModuleView) -> String| m.as_ref().map(f).unwrap_or_default();
                                let (code, credits, hours) = (value(|m| m.code.clone()), value(|m| m.credits.to_string()), value(|m| m.hours.to_string()));
                                let (level, mode, audience) = (value(|m| m.level.clone()), value(|m| m.delivery_mode.clone()), value(|m| m.audience.clone()));
                                let (prerequisites, status) = (value(|m| m.prerequisites.join(", ")), value(|m| m.status.clone()));
                                let texts = |f: fn(&ModuleView) -> &BTreeMap<String, String>| -> Vec<String> {
                                    Locale::ALL
                                        .iter()
                                        .map(|l| m.as_ref().and_then(|m| f(m).get(l.code()).cloned()).unwrap_or_default())
                                        .collect()
                                };
                                let titles = texts(|m| &m.title);
                                let summaries = texts(|m| &m.summary);
                                let id = m.as_ref().map(|m| m.id.to_string());
                                let held: Vec<String> = m.as_ref().map(|m| m.topics.clone()).unwrap_or_default();
                                let locale = i18n.locale();
                                view! {
                                    <ActionForm action=save attr:class="stacked-form" attr:id="module-form">
                                        <FormAlert error=error />
                                        {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
                                        <div class="field">
                                            <label for="module-code">{i18n.t(Key::AdminModuleCode)}</label>
                                            <p class="field-hint">{i18n.t(Key::AdminCodeHint)}</p>
                                            <input id="module-code" name="code" required maxlength="40" value=code.clone() />
                                            <FieldMessage error=error name="code" />
                                        </div>
                                        {Locale::ALL
                                            .into_iter()
                                            .zip(titles)
                                            .map(|(lang, text)| {
                                                let name = format!("title[{}]", lang.code());
                                                let id = format!("module-title-{}", lang.code());
                                                view! {
                                                    <div class="field">
                                                        <label for=id.clone()>{move || i18n.locale().format(Key::AdminTitleIn, &[("language", lang.native_name())])}</label>
                                                        <input id=id name=name maxlength="200" value=text lang=lang.code() />
                                                    </div>
                                                }
                                            })
                                            .collect_view()}
                                        <FieldMessage error=error name="title" />
                                        <SimilarModules
                                            intro=locale.text(Key::AdminSimilar).to_string()
                                            code=code
                                        />
                                        {Locale::ALL
                                            .into_iter()
                                            .zip(summaries)
                                            .map(|(lang, text)| {
                                                let name = format!("summary[{}]", lang.code());
                                                let id = format!("module-summary-{}", lang.code());
                                                view! {
                                                    <div class="field">
                                                        <label for=id.clone()>{move || i18n.locale().format(Key::AdminSummaryIn, &[("language", lang.native_name())])}</label>
                                                        <textarea id=id name=name rows="3" maxlength="4000" lang=lang.code()>{text}</textarea>
                                                    </div>
                                                }
                                            })
                                            .collect_view()}
                                        <fieldset class="field topics">
                                            <legend>{i18n.t(Key::CatalogTopic)}</legend>
                                            {data.topics
                                                .iter()
                                                .map(|t| {
                                                    let checked = held.contains(&t.code);
                                                    view! {
                                                        <label class="checkbox">
                                                            <input type="checkbox" name=format!("topics[{}]", t.code) value="on" checked=checked />
                                                            {t.name.clone()}
                                                        </label>
                                                    }
                                                })
                                                .collect_view()}
                                            <FieldMessage error=error name="topics" />
                                        </fieldset>
                                        <Field form="module" name="credits" label=Key::ModuleCreditsLabel kind="number" required=true maxlength=3
                                            value=credits error=error />
                                        <Field form="module" name="hours" label=Key::ModuleHoursLabel kind="number" required=true maxlength=4
                                            value=hours error=error />
                                        <SelectField form="module" name="level" label=Key::AdminLevel required=true
                                            options=options(&[("introductory", Key::LevelIntroductory), ("intermediate", Key::LevelIntermediate), ("advanced", Key::LevelAdvanced)], locale)
                                            selected=level error=error />
                                        <SelectField form="module" name="delivery_mode" label=Key::CatalogMode required=true
                                            options=options(&[("onsite", Key::ModeOnsite), ("distance", Key::ModeDistance), ("blended", Key::ModeBlended)], locale)
                                            selected=mode error=error />
                                        <SelectField form="module" name="audience" label=Key::CatalogAudience required=true
                                            options=options(&[("both", Key::AudienceBoth), ("police", Key::AudiencePolice), ("civilian", Key::AudienceCivilian)], locale)
                                            selected=audience error=error />
                                        <Field form="module" name="prerequisites" label=Key::ModulePrerequisites hint=Key::AdminPrerequisitesHint
                                            value=prerequisites error=error />
                                        <SelectField form="module" name="status" label=Key::AdminStatus required=true
                                            options=options(&[("draft", Key::StatusDraft), ("published", Key::StatusPublished), ("archived", Key::StatusArchived)], locale)
                                            selected=status error=error />
                                        <button type="submit" class="primary-button">{i18n.t(Key::FormSave)}</button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}

/// The offering form (`/admin/catalog/offerings/new?module=ID`).
#[component]
pub fn OfferingFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let params = use_params_map();
    let preselected = move || query.read().get("module").unwrap_or_default();
    let offering_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let data = Resource::new(offering_id, |id| async move {
        let choices = catalog_form_data(None).await?;
        let existing = match id {
            Some(id) => Some(offering_for_edit(id).await?),
            None => None,
        };
        Ok::<_, AppError>((choices, existing))
    });
    let save = ServerAction::<SaveOffering>::new();
    let error = action_error(save);
    view! {
        <Title text=i18n.t(Key::AdminOfferingFormTitle) />
        <section class="form-page form-page--wide" aria-labelledby="offering-form-title">
            <h1 id="offering-form-title">{i18n.t(Key::AdminOfferingFormTitle)}</h1>
            <p><A href="/admin/catalog">{i18n.t(Key::AdminBackToCatalog)}</A></p>
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok((data, existing)) => {
                                let locale = i18n.locale();
                                let modules: Vec<(String, String)> = data.modules.iter().map(|(id, t)| (id.to_string(), t.clone())).collect();
                                let value = |f: fn(&OfferingView) -> String| existing.as_ref().map(f).unwrap_or_default();
                                let module_choice = existing.as_ref().map(|o| o.module_id.to_string()).unwrap_or_else(preselected);
                                let (starts_on, ends_on) = (value(|o| o.starts_on.clone()), value(|o| o.ends_on.clone()));
                                let (opens, closes) = (value(|o| o.enrollment_opens.clone()), value(|o| o.enrollment_closes.clone()));
                                let (capacity, host) = (value(|o| o.capacity.to_string()), value(|o| o.host_agency.clone()));
                                let language = existing.as_ref().map(|o| o.language.clone()).unwrap_or_else(|| locale.code().to_string());
                                let (country, policy, status) = (value(|o| o.country.clone()), value(|o| o.enrollment_policy.clone()), value(|o| o.status.clone()));
                                let teaching: Vec<i64> = existing.as_ref().map(|o| o.instructor_ids.clone()).unwrap_or_default();
                                let sessions: Vec<crate::catalog::SessionView> = existing.as_ref().map(|o| o.sessions.clone()).unwrap_or_default();
                                let rows = (sessions.len() + 1).max(3);
                                let quotas = existing.as_ref().map(|o| o.quotas.clone()).unwrap_or_default();
                                let quota_affiliation = quotas.affiliation.clone().unwrap_or_default();
                                let shown = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
                                let (quota_percent, quota_agency, quota_country) =
                                    (shown(quotas.min_percent), shown(quotas.max_per_agency), shown(quotas.max_per_country));
                                let editing_id = existing.as_ref().map(|o| o.id.to_string());
                                let statuses: &[(&str, Key)] = if existing.is_some() {
                                    &[("published", Key::StatusPublished), ("draft", Key::StatusDraft), ("cancelled", Key::StatusCancelled), ("completed", Key::StatusCompleted)]
                                } else {
                                    &[("published", Key::StatusPublished), ("draft", Key::StatusDraft)]
                                };
                                view! {
                                    <ActionForm action=save attr:class="stacked-form" attr:id="offering-form">
                                        <FormAlert error=error />
                                        {editing_id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
                                        <SelectField form="offering" name="module_id" label=Key::AdminModule required=true
                                            placeholder=Key::FormChoose options=modules selected=module_choice error=error />
                                        <Field form="offering" name="starts_on" label=Key::AdminStartsOn kind="date" required=true value=starts_on error=error />
                                        <Field form="offering" name="ends_on" label=Key::AdminEndsOn kind="date" required=true value=ends_on error=error />
                                        <Field form="offering" name="enrollment_opens" label=Key::AdminEnrollmentOpens kind="date" required=true value=opens error=error />
                                        <Field form="offering" name="enrollment_closes" label=Key::AdminEnrollmentCloses kind="date" required=true value=closes error=error />
                                        <Field form="offering" name="capacity" label=Key::AdminCapacity kind="number" required=true maxlength=5 value=capacity error=error />
                                        <SelectField form="offering" name="language" label=Key::CatalogLanguage required=true
                                            options=Locale::ALL.iter().map(|l| (l.code().to_string(), l.native_name().to_string())).collect()
                                            selected=language error=error />
                                        <SelectField form="offering" name="country" label=Key::CatalogCountry required=true
                                            placeholder=Key::FormChoose options=crate::accounts::countries::options(locale) selected=country error=error />
                                        <Field form="offering" name="host_agency" label=Key::AdminHostAgency required=true value=host error=error />
                                        <SelectField form="offering" name="enrollment_policy" label=Key::AdminPolicy required=true
                                            options=options(&[("open", Key::PolicyOpen), ("nomination", Key::PolicyNomination)], locale) selected=policy error=error />
                                        <fieldset class="field">
                                            <legend>{i18n.t(Key::AdminInstructors)}</legend>
                                            {data.instructors
                                                .iter()
                                                .map(|(id, name)| view! {
                                                    <label class="checkbox">
                                                        <input type="checkbox" name=format!("instructors[{id}]") value="on" checked=teaching.contains(id) />
                                                        {name.clone()}
                                                    </label>
                                                })
                                                .collect_view()}
                                            <FieldMessage error=error name="instructor_ids" />
                                        </fieldset>
                                        {(0..rows)
                                            .map(|i| {
                                                let field = move |part: &str| format!("sessions[{i}][{part}]");
                                                let id = move |part: &str| format!("session-{i}-{part}");
                                                let s = sessions.get(i).cloned();
                                                // `datetime-local` wants the local wall time: the first 16 characters of
                                                // the RFC 3339 time, which is already in the session's own zone.
                                                let local = |t: &str| t.chars().take(16).collect::<String>();
                                                let session_id = s.as_ref().map(|s| s.id.to_string()).unwrap_or_default();
                                                let kind = s.as_ref().map(|s| s.kind.clone()).unwrap_or_else(|| "onsite".into());
                                                let starts = s.as_ref().map(|s| local(&s.starts_at)).unwrap_or_default();
                                                let ends = s.as_ref().map(|s| local(&s.ends_at)).unwrap_or_default();
                                                let zone = s.as_ref().map(|s| s.timezone.clone()).unwrap_or_default();
                                                let venue = s.as_ref().and_then(|s| s.venue.clone()).unwrap_or_default();
                                                let city = s.as_ref().and_then(|s| s.city.clone()).unwrap_or_default();
                                                let place = s.as_ref().and_then(|s| s.country.clone()).unwrap_or_default();
                                                view! {
                                                    <fieldset class="field session-row">
                                                        <legend>{move || i18n.locale().format(Key::AdminSessionN, &[("n", &(i + 1).to_string())])}</legend>
                                                        <label for=id("kind")>{i18n.t(Key::AdminSessionKind)}</label>
                                                        <input type="hidden" name=field("id") value=session_id />
                                                        <select id=id("kind") name=field("kind")>
                                                            <option value="onsite" selected=kind == "onsite">{i18n.t(Key::ModeOnsite)}</option>
                                                            <option value="distance" selected=kind == "distance">{i18n.t(Key::ModeDistance)}</option>
                                                        </select>
                                                        <label for=id("starts")>{i18n.t(Key::AdminSessionStarts)}</label>
                                                        <input id=id("starts") type="datetime-local" name=field("starts") value=starts />
                                                        <label for=id("ends")>{i18n.t(Key::AdminSessionEnds)}</label>
                                                        <input id=id("ends") type="datetime-local" name=field("ends") value=ends />
                                                        <label for=id("timezone")>{i18n.t(Key::AdminSessionTimezone)}</label>
                                                        <input id=id("timezone") name=field("timezone") placeholder="America/Lima" maxlength="64" value=zone />
                                                        <label for=id("venue")>{i18n.t(Key::AdminSessionVenue)}</label>
                                                        <input id=id("venue") name=field("venue") maxlength="200" value=venue />
                                                        <label for=id("city")>{i18n.t(Key::AdminSessionCity)}</label>
                                                        <input id=id("city") name=field("city") maxlength="120" value=city />
                                                        <label for=id("country")>{i18n.t(Key::AdminSessionCountry)}</label>
                                                        <input id=id("country") name=field("country") maxlength="2" placeholder="PE" value=place />
                                                    </fieldset>
                                                }
                                            })
                                            .collect_view()}
                                        <FieldMessage error=error name="sessions" />
                                        <fieldset class="field" id="offering-quotas">
                                            <legend>{i18n.t(Key::QuotaTitle)}</legend>
                                            <p class="field-hint">{i18n.t(Key::QuotaHint)}</p>
                                            <label for="offering-quota_affiliation">{i18n.t(Key::QuotaAffiliation)}</label>
                                            <select id="offering-quota_affiliation" name="quota_affiliation">
                                                <option value="" selected=quota_affiliation.is_empty()>{i18n.t(Key::QuotaNoShare)}</option>
                                                <option value="civilian" selected=quota_affiliation == "civilian">{i18n.t(Key::AffiliationCivilian)}</option>
                                                <option value="police" selected=quota_affiliation == "police">{i18n.t(Key::AffiliationPolice)}</option>
                                            </select>
                                            <FieldMessage error=error name="quotas.affiliation" />
                                            <label for="offering-quota_min_percent">{i18n.t(Key::QuotaMinPercent)}</label>
                                            <input id="offering-quota_min_percent" name="quota_min_percent" type="number" min="1" max="100" value=quota_percent />
                                            <FieldMessage error=error name="quotas.min_percent" />
                                            <label for="offering-quota_max_per_agency">{i18n.t(Key::QuotaMaxPerAgency)}</label>
                                            <input id="offering-quota_max_per_agency" name="quota_max_per_agency" type="number" min="1" value=quota_agency />
                                            <FieldMessage error=error name="quotas.max_per_agency" />
                                            <label for="offering-quota_max_per_country">{i18n.t(Key::QuotaMaxPerCountry)}</label>
                                            <input id="offering-quota_max_per_country" name="quota_max_per_country" type="number" min="1" value=quota_country />
                                            <FieldMessage error=error name="quotas.max_per_country" />
                                        </fieldset>
                                        <SelectField form="offering" name="status" label=Key::AdminStatus required=true
                                            options=options(statuses, locale) selected=status error=error />
                                        <button type="submit" class="primary-button">{i18n.t(Key::FormSave)}</button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}
