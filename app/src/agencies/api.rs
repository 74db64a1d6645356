//! Server functions for the agencies page: thin adapters over `service`.

use leptos::prelude::*;

use super::dto::{Agency, Merged};
use crate::error::AppError;

/// The agencies of one country, or all of them (anyone: people pick theirs when they register).
#[server(endpoint = "list_agencies")]
pub async fn list_agencies(country: Option<String>) -> Result<Vec<Agency>, AppError> {
    use crate::request;
    let db = request::db()?;
    // Signed in or not; only an administrator is given the counts.
    let caller = match request::token() {
        Some(token) => crate::auth::service::current_user(&db, &token, request::site().now())
            .await
            .ok()
            .flatten(),
        None => None,
    };
    super::service::list(&db, caller.as_ref(), country.as_deref())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Adds an agency, or changes agency `id` (administrators). A plain form post returns to the
/// list of the agency's country with the saved agency marked.
#[server(endpoint = "save_agency")]
pub async fn save_agency(
    id: Option<i64>,
    name: String,
    short_name: String,
    country: String,
    kind: String,
) -> Result<Agency, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let input = super::dto::AgencyInput {
        name: name.clone(),
        short_name: short_name.clone(),
        country: country.clone(),
        kind: kind.clone(),
    };
    let outcome = match id {
        Some(id) => super::service::update(&db, &caller, id, input).await,
        None => super::service::create(&db, &caller, input).await,
    }
    .map_err(|e| e.for_page(locale));
    let form = if id.is_some() {
        "edit_agency"
    } else {
        "new_agency"
    };
    let saved = crate::forms::keep_typed(
        outcome,
        form,
        &[
            ("name", &name),
            ("short_name", &short_name),
            ("country", &country),
            ("kind", &kind),
        ],
    )?;
    leptos_axum::redirect(&format!(
        "/admin/agencies?country={}&saved={}#agency-{}",
        saved.country, saved.id, saved.id
    ));
    Ok(saved)
}

/// Moves everyone and everything of agency `id` to agency `into`, then removes `id`
/// (administrators).
#[server(endpoint = "merge_agencies")]
pub async fn merge_agencies(id: i64, into: i64) -> Result<Merged, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let merged = super::service::merge(&db, &caller, id, into)
        .await
        .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&format!(
        "/admin/agencies?country={}&merged={}#agency-{}",
        merged.into.country, merged.into.id, merged.into.id
    ));
    Ok(merged)
}

/// Accepts a newcomer's requested agency into the list (administrators). A plain form post
/// returns to the list of its country with the agency marked.
#[server(endpoint = "accept_agency")]
pub async fn accept_agency(id: i64) -> Result<Agency, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let accepted = super::registry::accept(&db, &caller, id)
        .await
        .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&format!(
        "/admin/agencies?country={}&accepted={}#agency-{}",
        accepted.country, accepted.id, accepted.id
    ));
    Ok(accepted)
}
