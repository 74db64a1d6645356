//! `/api/v1/topics` and `/api/v1/modules`: the catalog. Reads of published items are public;
//! writes are for administrators. Every rule is in `app::catalog::service`.

use app::catalog::rules::ModuleInput;
use app::catalog::{ModulePage, ModuleQuery, ModuleView, TopicView};
use app::i18n::request_locale;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::session::{Authenticated, MaybeAuthenticated};
use crate::startup::AppState;

/// The topic vocabulary, named in the caller's language.
#[utoipa::path(
    get,
    path = "/api/v1/topics",
    tag = "catalog",
    responses((status = 200, description = "Every topic, by name", body = [TopicSchema]))
)]
pub async fn topics(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<TopicView>>, ApiError> {
    Ok(Json(
        app::catalog::service::topics(&state.db, request_locale(&headers)).await?,
    ))
}

/// Search filters for modules.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ModuleParams {
    /// Words to find in code, titles, summaries and topics, in any language.
    pub q: Option<String>,
    /// A topic code.
    pub topic: Option<String>,
    /// `onsite`, `distance` or `blended`.
    pub mode: Option<String>,
    /// Teaching language of an upcoming offering (`en`, `es`, `pt`, `fr`).
    pub language: Option<String>,
    /// Host country of an upcoming offering (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// `police` or `civilian` (modules for both match either) or `both`.
    pub audience: Option<String>,
    /// Only modules with an upcoming offering.
    pub upcoming: Option<bool>,
    /// Only modules with an upcoming offering that has a free seat and is still taking
    /// enrolments (with `language` or `country`, the same offering must match them too).
    pub seats_available: Option<bool>,
    /// Page, from 1.
    pub page: Option<u64>,
    /// Results per page, 1–100 (default 20).
    pub per_page: Option<u64>,
}

/// Searches the published modules, ordered by their next offering.
#[utoipa::path(
    get,
    path = "/api/v1/modules",
    tag = "catalog",
    params(ModuleParams),
    responses(
        (status = 200, description = "One page of matching modules", body = ModulePageSchema),
        (status = 400, description = "A query parameter could not be read; `errors` names it", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<ModuleParams>,
) -> Result<Json<ModulePage>, ApiError> {
    let query = ModuleQuery {
        q: params.q,
        topic: params.topic,
        mode: params.mode,
        language: params.language,
        country: params.country,
        audience: params.audience,
        upcoming: params.upcoming,
        seats_available: params.seats_available,
        page: params.page,
        per_page: params.per_page,
    };
    Ok(Json(
        app::catalog::service::search_modules(&state.db, &query, request_locale(&headers)).await?,
    ))
}

/// One module: published ones for everyone, drafts for administrators.
#[utoipa::path(
    get,
    path = "/api/v1/modules/{id}",
    tag = "catalog",
    params(("id" = i64, Path, description = "The module's id")),
    responses(
        (status = 200, description = "The module", body = ModuleSchema),
        (status = 404, description = "No such published module", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_module(
    State(state): State<AppState>,
    MaybeAuthenticated(caller): MaybeAuthenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ModuleView>, ApiError> {
    Ok(Json(
        app::catalog::service::get_module(&state.db, caller.as_ref(), id).await?,
    ))
}

/// Creates a module (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/modules",
    tag = "catalog",
    request_body = ModuleSchema,
    responses(
        (status = 201, description = "Created", body = ModuleSchema),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, unknown topics or prerequisites, or a prerequisite cycle (named)", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn create_module(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ModuleInput>,
) -> Result<(StatusCode, Json<ModuleView>), ApiError> {
    let created = app::catalog::service::create_module(&state.db, &caller, body)
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Replaces a module's fields (administrators).
#[utoipa::path(
    put,
    path = "/api/v1/modules/{id}",
    tag = "catalog",
    params(("id" = i64, Path, description = "The module's id")),
    request_body = ModuleSchema,
    responses(
        (status = 200, description = "Saved", body = ModuleSchema),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such module", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or a prerequisite cycle", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn update_module(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ModuleInput>,
) -> Result<Json<ModuleView>, ApiError> {
    let saved = app::catalog::service::update_module(&state.db, &caller, id, body)
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok(Json(saved))
}

/// The OpenAPI schema of a topic.
#[derive(ToSchema)]
#[schema(as = Topic)]
#[allow(dead_code)]
pub struct TopicSchema {
    code: String,
    name: String,
}

/// The OpenAPI schema of a module (also the body of POST and PUT, without `id`).
#[derive(ToSchema)]
#[schema(as = Module)]
#[allow(dead_code)]
pub struct ModuleSchema {
    /// Read-only.
    id: Option<i64>,
    /// Such as `PICAP-HR-101`.
    code: String,
    /// Language (`en`, `es`, `pt`, `fr`) → title.
    title: std::collections::BTreeMap<String, String>,
    /// Language → summary.
    summary: std::collections::BTreeMap<String, String>,
    /// Topic codes (see `/api/v1/topics`).
    topics: Vec<String>,
    credits: i32,
    hours: i32,
    /// `introductory`, `intermediate`, `advanced`.
    level: String,
    /// `onsite`, `distance`, `blended`.
    delivery_mode: String,
    /// `police`, `civilian`, `both`.
    audience: String,
    /// Codes of modules to complete first.
    prerequisites: Vec<String>,
    /// `draft`, `published`, `archived`.
    status: String,
}

/// The OpenAPI schema of a page of search results.
#[derive(ToSchema)]
#[schema(as = ModulePage)]
#[allow(dead_code)]
pub struct ModulePageSchema {
    /// `{id, code, title, summary, credits, hours, delivery_mode, audience, topics, next_start}`
    /// in the caller's language.
    items: Vec<serde_json::Value>,
    total: u64,
    page: u64,
    per_page: u64,
}

/// Offering list filters and page, as for modules.
#[derive(Debug, Deserialize, IntoParams)]
pub struct OfferingParams {
    /// Only this module's offerings.
    pub module_id: Option<i64>,
    /// Only offerings that have not started.
    pub upcoming: Option<bool>,
    /// Page, from 1.
    pub page: Option<u64>,
    /// Results per page, 1–100 (default 20).
    pub per_page: Option<u64>,
}

/// Public offerings of published modules, by first day, one page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/offerings",
    tag = "catalog",
    params(OfferingParams),
    responses(
        (status = 200, description = "One page of offerings", body = OfferingPageSchema),
        (status = 400, description = "A query parameter could not be read; `errors` names it", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn list_offerings(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<OfferingParams>,
) -> Result<Json<app::catalog::OfferingPage>, ApiError> {
    let query = app::catalog::OfferingQuery {
        module_id: params.module_id,
        upcoming: params.upcoming,
        page: params.page,
        per_page: params.per_page,
    };
    Ok(Json(
        app::catalog::offerings::offering_page(&state.db, &query).await?,
    ))
}

/// The OpenAPI schema of a page of offerings.
#[derive(ToSchema)]
#[schema(as = OfferingPage)]
#[allow(dead_code)]
pub struct OfferingPageSchema {
    /// Offerings as `GET /api/v1/offerings/{id}` returns them.
    items: Vec<OfferingSchema>,
    total: u64,
    page: u64,
    per_page: u64,
}

/// One offering, with `seats_taken`, `seats_left` and `waitlist_length`.
#[utoipa::path(
    get,
    path = "/api/v1/offerings/{id}",
    tag = "catalog",
    params(("id" = i64, Path, description = "The offering's id")),
    responses(
        (status = 200, description = "The offering", body = OfferingSchema),
        (status = 404, description = "No such public offering", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_offering(
    State(state): State<AppState>,
    MaybeAuthenticated(caller): MaybeAuthenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<app::catalog::OfferingView>, ApiError> {
    Ok(Json(
        app::catalog::offerings::get_offering(&state.db, caller.as_ref(), id).await?,
    ))
}

/// Creates an offering (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/offerings",
    tag = "catalog",
    request_body = OfferingSchema,
    responses(
        (status = 201, description = "Created", body = OfferingSchema),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (dates, capacity, time zones, instructors…)", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn create_offering(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiJson(body): ApiJson<app::catalog::rules::OfferingInput>,
) -> Result<(StatusCode, Json<app::catalog::OfferingView>), ApiError> {
    let created = app::catalog::offerings::create_offering(&state.db, &caller, body)
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Replaces an offering's fields and sessions (administrators).
#[utoipa::path(
    put,
    path = "/api/v1/offerings/{id}",
    tag = "catalog",
    params(("id" = i64, Path, description = "The offering's id")),
    request_body = OfferingSchema,
    responses(
        (status = 200, description = "Saved", body = OfferingSchema),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such offering", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn update_offering(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<app::catalog::rules::OfferingInput>,
) -> Result<Json<app::catalog::OfferingView>, ApiError> {
    let saved = app::catalog::offerings::update_offering(
        &state.db,
        &crate::session::site(&state),
        &caller,
        id,
        body,
    )
    .await
    .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok(Json(saved))
}

/// The OpenAPI schema of an offering (also the body of POST and PUT).
#[derive(ToSchema)]
#[schema(as = Offering)]
#[allow(dead_code)]
pub struct OfferingSchema {
    /// Read-only.
    id: Option<i64>,
    module_id: i64,
    /// ISO 8601 dates.
    starts_on: String,
    ends_on: String,
    enrollment_opens: String,
    enrollment_closes: String,
    capacity: i32,
    /// `en`, `es`, `pt`, `fr`.
    language: String,
    /// ISO 3166-1 alpha-2.
    country: String,
    host_agency: String,
    /// `open` or `nomination`.
    enrollment_policy: String,
    instructor_ids: Vec<i64>,
    /// `[{id?, kind: onsite|distance, starts_at, ends_at (RFC 3339 with offset, or the wall time
    /// `2027-03-01T09:00` in `timezone`), timezone (IANA, one of the programme's zones), venue,
    /// city, country}]`. A refused session field is named `sessions[i].field`.
    sessions: Vec<serde_json::Value>,
    /// `draft`, `published`, `cancelled`, `completed`.
    status: String,
    /// Read-only.
    seats_taken: Option<i32>,
    /// Read-only.
    seats_left: Option<i32>,
    /// Read-only.
    waitlist_length: Option<i32>,
    /// Optional cohort quotas: `{affiliation: civilian|police, min_percent: 1-100}` holds that
    /// share of seats for them until enrolment closes; `max_per_agency` and `max_per_country`
    /// cap the seats one agency or country may hold. Omitted fields mean "no rule".
    quotas: Option<serde_json::Value>,
}

/// Published programmes (all of them for administrators), by code.
#[utoipa::path(
    get,
    path = "/api/v1/programmes",
    tag = "catalog",
    responses((status = 200, description = "Programmes with their modules in order", body = [ProgrammeSchema]))
)]
pub async fn list_programmes(
    State(state): State<AppState>,
    MaybeAuthenticated(caller): MaybeAuthenticated,
) -> Result<Json<Vec<app::catalog::ProgrammeView>>, ApiError> {
    Ok(Json(
        app::catalog::programmes::list_programmes(&state.db, caller.as_ref()).await?,
    ))
}

/// Creates a programme (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/programmes",
    tag = "catalog",
    request_body = ProgrammeSchema,
    responses(
        (status = 201, description = "Created", body = ProgrammeSchema),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or unknown modules", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn create_programme(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiJson(body): ApiJson<app::catalog::rules::ProgrammeInput>,
) -> Result<(StatusCode, Json<app::catalog::ProgrammeView>), ApiError> {
    let created = app::catalog::programmes::create_programme(&state.db, &caller, body)
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// A programme by id (drafts and archived ones only for administrators).
#[utoipa::path(
    get,
    path = "/api/v1/programmes/{id}",
    tag = "catalog",
    params(("id" = i64, Path, description = "The programme's id")),
    responses(
        (status = 200, description = "The programme with its modules in order", body = ProgrammeSchema),
        (status = 404, description = "No such published programme", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_programme(
    State(state): State<AppState>,
    MaybeAuthenticated(caller): MaybeAuthenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<app::catalog::ProgrammeView>, ApiError> {
    Ok(Json(
        app::catalog::programmes::get_programme_by_id(&state.db, caller.as_ref(), id).await?,
    ))
}

/// Replaces a programme's fields and modules (administrators). Archiving is `status: archived`.
#[utoipa::path(
    put,
    path = "/api/v1/programmes/{id}",
    tag = "catalog",
    params(("id" = i64, Path, description = "The programme's id")),
    request_body = ProgrammeSchema,
    responses(
        (status = 200, description = "Saved", body = ProgrammeSchema),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such programme", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or unknown modules", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn update_programme(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<app::catalog::rules::ProgrammeInput>,
) -> Result<Json<app::catalog::ProgrammeView>, ApiError> {
    let saved = app::catalog::programmes::update_programme(&state.db, &caller, id, body)
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok(Json(saved))
}

/// The OpenAPI schema of a programme (also the body of POST).
#[derive(ToSchema)]
#[schema(as = Programme)]
#[allow(dead_code)]
pub struct ProgrammeSchema {
    /// Read-only.
    id: Option<i64>,
    code: String,
    /// Language → title.
    title: std::collections::BTreeMap<String, String>,
    /// Language → description.
    description: std::collections::BTreeMap<String, String>,
    credits_required: i32,
    /// In order: `[{code, required}]` (responses add `title` and `credits`).
    modules: Vec<serde_json::Value>,
    /// `draft`, `published`, `archived`.
    status: String,
}
