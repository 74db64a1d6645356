//! Server functions of the catalog pages (thin: the rules are in `service`).

use leptos::prelude::*;

use super::dto::{CatalogSearch, ModuleDetails, ModuleQuery, TopicView};
use crate::error::AppError;

/// The signed-in person, if any (the catalog is public).
#[cfg(feature = "ssr")]
async fn maybe_user() -> Option<crate::auth::CurrentUser> {
    let db = crate::request::db().ok()?;
    let token = crate::request::token()?;
    crate::auth::service::current_user(&db, &token)
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
    crate::catalog::service::module_details(&db, caller.as_ref(), &code, request::locale())
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
