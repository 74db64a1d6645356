//! Server functions of the catalog pages (thin: the rules are in `service`), the
//! administration's forms among them.
//!
//! A form's server function takes one argument per form field; the generated client functions
//! cannot carry an item-level `allow`, hence this module-level one.
#![allow(clippy::too_many_arguments)]

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::dto::{CatalogSearch, ModuleDetails, ModuleQuery, ModuleView, ProgrammeView, TopicView};
use crate::error::AppError;

/// The signed-in person, if any (the catalog is public).
#[cfg(feature = "ssr")]
async fn maybe_user() -> Option<crate::auth::CurrentUser> {
    let db = crate::request::db().ok()?;
    let token = crate::request::token()?;
    crate::auth::service::current_user(&db, &token, crate::request::site().now())
        .await
        .ok()
        .flatten()
}

/// The public catalog page's data: results, topic vocabulary and programme links.
#[server(endpoint = "load_catalog")]
pub async fn load_catalog(query: ModuleQuery) -> Result<CatalogSearch, AppError> {
    use crate::request;
    let db = request::db()?;
    let caller = maybe_user().await;
    // Boxed: the search's state is large, and the page's resource moves this future around
    // several times before it first runs.
    Box::pin(crate::catalog::service::catalog_search(
        &db,
        caller.as_ref(),
        &query,
        request::locale(),
        request::site().today(),
    ))
    .await
    .map_err(|e| e.for_page(request::locale()))
}

/// The topic vocabulary.
#[server(endpoint = "catalog_topics")]
pub async fn catalog_topics() -> Result<Vec<TopicView>, AppError> {
    use crate::request;
    let db = request::db()?;
    crate::catalog::service::topics(&db, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// The module page.
#[server(endpoint = "load_module_page")]
pub async fn load_module_page(code: String) -> Result<ModuleDetails, AppError> {
    use crate::request;
    let db = request::db()?;
    let caller = maybe_user().await;
    crate::catalog::service::module_details(
        &db,
        caller.as_ref(),
        &code,
        request::locale(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))
}

/// The published programmes.
#[server(endpoint = "list_programmes")]
pub async fn list_programmes() -> Result<Vec<super::ProgrammeView>, AppError> {
    use crate::request;
    let db = request::db()?;
    let caller = maybe_user().await;
    crate::catalog::programmes::list_programmes(&db, caller.as_ref())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// The programme page.
#[server(endpoint = "load_programme")]
pub async fn load_programme(code: String) -> Result<super::ProgrammeView, AppError> {
    use crate::request;
    let db = request::db()?;
    let caller = maybe_user().await;
    crate::catalog::programmes::get_programme(&db, caller.as_ref(), &code)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// The offerings the signed-in instructor teaches.
#[server(endpoint = "my_offerings")]
pub async fn my_offerings() -> Result<Vec<super::OfferingView>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    crate::catalog::offerings::my_offerings(&db, &caller)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Whether the signed-in person has a calendar feed link.
#[server(endpoint = "calendar_feed_status")]
pub async fn calendar_feed_status() -> Result<bool, AppError> {
    use crate::request;
    let (db, user, _) = request::signed_in().await?;
    crate::catalog::feeds::has_feed(&db, user.id)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Creates (or replaces) the signed-in person's calendar feed; returns its address, shown once.
#[server(endpoint = "create_calendar_feed")]
pub async fn create_calendar_feed() -> Result<String, AppError> {
    use crate::request;
    let (db, user, _) = request::signed_in().await?;
    let token = crate::catalog::feeds::create_feed(&db, user.id)
        .await
        .map_err(|e| e.for_page(request::locale()))?;
    let url = request::site().link(&format!("/calendar/{token}.ics"));
    crate::forms::flash("calendar_feed", &[("url", &url)]);
    Ok(url)
}

/// Revokes the signed-in person's calendar feed.
#[server(endpoint = "revoke_calendar_feed")]
pub async fn revoke_calendar_feed() -> Result<(), AppError> {
    use crate::request;
    let (db, user, _) = request::signed_in().await?;
    crate::catalog::feeds::revoke_feed(&db, user.id)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

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
    /// (id, "name (country)") of the agencies that may organise a module.
    pub agencies: Vec<(i64, String)>,
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
            .map(|m| {
                (
                    m.id,
                    format!("{} · {}", m.code, super::dto::pick(&m.title, locale)),
                )
            })
            .collect(),
        agencies: crate::agencies::service::list(&db, Some(&caller), None)
            .await
            .map_err(page)?
            .into_iter()
            .map(|a| (a.id, format!("{} ({})", a.name, a.country)))
            .collect(),
    })
}

/// Modules that resemble the title being typed (see [`SimilarModules`](super::similar::SimilarModules)).
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
    organising_agency_id: Option<String>,
    primary_language: Option<String>,
) -> Result<ModuleView, AppError> {
    use crate::catalog::rules::ModuleInput;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    // A number that is not one gets the rules' own reason for that field (out of range), so
    // that every other field's problem is reported with it.
    let credits = credits.trim().parse::<i32>().unwrap_or(-1);
    let hours = hours.trim().parse::<i32>().unwrap_or(0);
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
        // Not a number is an agency that does not exist: the service names the field.
        organising_agency_id: organising_agency_id
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .map(|v| v.parse::<i64>().unwrap_or(-1)),
        primary_language: primary_language.unwrap_or_default(),
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
