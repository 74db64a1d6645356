//! `/api/v1/agencies`: the registry of agencies. Every rule is in `app::agencies::service`.

use app::agencies::{Agency, AgencyInput, MergeInto, Merged};
use app::error::DomainError;
use app::i18n::{Key, request_locale};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::session::{Authenticated, MaybeAuthenticated};
use crate::startup::AppState;

/// The service names a taken name on the form's `name` field; over the API the request is well
/// formed and clashes with an agency that exists, which is a 409 (still naming the field).
fn name_taken_is_a_conflict(e: DomainError, locale: app::i18n::Locale) -> ApiError {
    match e {
        DomainError::Invalid(fields)
            if fields.iter().any(|f| f.message == Key::AgenciesNameTaken) =>
        {
            ApiError::Taken {
                field: "name",
                reason: Key::AgenciesNameTaken,
                locale,
            }
        }
        other => ApiError::Domain(other, locale),
    }
}

/// Which agencies to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgencyFilter {
    /// ISO 3166-1 alpha-2 (any case): only this country's agencies.
    #[param(value_type = Option<app::accounts::countries::CountryCode>)]
    pub country: Option<String>,
}

impl crate::api::QueryBounds for AgencyFilter {}

/// The agencies, by country then name. Public: a person registering picks theirs from it. How
/// many people and offerings each has is given to administrators only (0 for anyone else).
#[utoipa::path(
    get,
    path = "/api/v1/agencies",
    tag = "accounts",
    params(AgencyFilter),
    responses(
        (status = 200, description = "The agencies", body = [Agency]),
        (status = 400, description = "A query parameter could not be read or is out of range; `errors` names it", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn list(
    State(state): State<AppState>,
    MaybeAuthenticated(caller): MaybeAuthenticated,
    headers: HeaderMap,
    ApiQuery(filter): ApiQuery<AgencyFilter>,
) -> Result<Json<Vec<Agency>>, ApiError> {
    let locale = request_locale(&headers);
    crate::api::problem::one_of(
        "country",
        filter.country.as_deref(),
        |v| app::accounts::countries::find(v).is_some(),
        locale,
    )?;
    Ok(Json(
        app::agencies::service::list(&state.db, caller.as_ref(), filter.country.as_deref())
            .await
            .map_err(|e| ApiError::Domain(e, locale))?,
    ))
}

/// Adds an agency (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/agencies",
    tag = "accounts",
    request_body = AgencyInput,
    responses(
        (status = 201, description = "Created", body = Agency),
        (status = 400, description = "The body is not JSON of this operation's shape; `errors.body` says why", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The country already has an agency of that name", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiJson(body): ApiJson<AgencyInput>,
) -> Result<(StatusCode, Json<Agency>), ApiError> {
    let locale = request_locale(&headers);
    let saved = app::agencies::service::create(&state.db, &caller, body)
        .await
        .map_err(|e| name_taken_is_a_conflict(e, locale))?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Changes an agency (administrators); its people and offerings follow.
#[utoipa::path(
    put,
    path = "/api/v1/agencies/{id}",
    tag = "accounts",
    params(("id" = i64, Path, description = "The agency's id")),
    request_body = AgencyInput,
    responses(
        (status = 200, description = "Changed", body = Agency),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agency", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The country already has an agency of that name", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn update(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<AgencyInput>,
) -> Result<Json<Agency>, ApiError> {
    let locale = request_locale(&headers);
    Ok(Json(
        app::agencies::service::update(&state.db, &caller, id, body)
            .await
            .map_err(|e| name_taken_is_a_conflict(e, locale))?,
    ))
}

/// Moves every person and offering of agency `id` to `into` (same country), then removes `id`
/// (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/agencies/{id}/merge",
    tag = "accounts",
    params(("id" = i64, Path, description = "The agency that goes")),
    request_body = MergeInto,
    responses(
        (status = 200, description = "Merged: the agency that stays and what moved", body = Merged),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agency", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`into` is the same agency, unknown, or of another country", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn merge(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<MergeInto>,
) -> Result<Json<Merged>, ApiError> {
    let locale = request_locale(&headers);
    Ok(Json(
        app::agencies::service::merge(&state.db, &caller, id, body.into)
            .await
            .map_err(|e| ApiError::Domain(e, locale))?,
    ))
}
