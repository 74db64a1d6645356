//! `/api/v1/…lookalikes`: modules of different agencies that look alike. The comparison is in
//! `app::catalog::lookalikes` and `app::catalog::likeness`.

use app::catalog::{Lookalike, LookalikePair};
use app::i18n::request_locale;
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;

use crate::api::{ApiError, ApiPath};
use crate::session::Authenticated;
use crate::startup::AppState;

/// The modules of other agencies most like module `id`, best first, at most five
/// (administrators, who author modules).
#[utoipa::path(
    get,
    path = "/api/v1/modules/{id}/lookalikes",
    tag = "catalog",
    params(("id" = i64, Path, description = "The module's id")),
    responses(
        (status = 200, description = "Lookalikes with their likeness, 0–100", body = [Lookalike]),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such module", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn of_module(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<Lookalike>>, ApiError> {
    let locale = request_locale(&headers);
    Ok(Json(
        app::catalog::lookalikes::service::lookalikes(&state.db, &caller, id, locale)
            .await
            .map_err(|e| ApiError::Domain(e, locale))?,
    ))
}

/// Every pair of modules of different agencies that look alike, most alike first, at most 200
/// (administrators).
#[utoipa::path(
    get,
    path = "/api/v1/module-lookalikes",
    tag = "catalog",
    responses(
        (status = 200, description = "Pairs, each with its likeness, 0–100", body = [LookalikePair]),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn pairs(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
) -> Result<Json<Vec<LookalikePair>>, ApiError> {
    let locale = request_locale(&headers);
    Ok(Json(
        app::catalog::lookalikes::service::lookalike_pairs(&state.db, &caller, 200, locale)
            .await
            .map_err(|e| ApiError::Domain(e, locale))?,
    ))
}
