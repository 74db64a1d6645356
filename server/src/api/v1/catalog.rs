//! `/api/v1/topics` and `/api/v1/modules`: the catalog. Reads of published items are public;
//! writes are for administrators. Every rule is in `app::catalog::service`.

use app::catalog::rules::ModuleInput;
use app::catalog::{ModulePage, ModuleQuery, ModuleView, TopicView};
use app::i18n::request_locale;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::session::{Authenticated, MaybeAuthenticated};
use crate::startup::AppState;

/// The topic vocabulary, named in the caller's language.
#[utoipa::path(
    get,
    path = "/api/v1/topics",
    tag = "catalog",
    responses(
        (status = 200, description = "Every topic, by name", body = [app::catalog::TopicView])
    )
)]
pub async fn topics(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<TopicView>>, ApiError> {
    let locale = request_locale(&headers);
    Ok(Json(
        app::catalog::service::topics(&state.db, locale)
            .await
            .map_err(|e| ApiError::Domain(e, locale))?,
    ))
}

/// Search filters for modules.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ModuleParams {
    /// Words to find in code, titles, summaries and topics, in any language.
    pub q: Option<String>,
    /// A topic code.
    pub topic: Option<String>,
    /// How the module is taught.
    #[param(value_type = Option<app::catalog::rules::DeliveryMode>)]
    pub mode: Option<String>,
    /// Teaching language of an upcoming offering.
    #[param(value_type = Option<app::i18n::Locale>)]
    pub language: Option<String>,
    /// Host country of an upcoming offering (ISO 3166-1 alpha-2).
    #[param(value_type = Option<app::accounts::countries::CountryCode>)]
    pub country: Option<String>,
    /// `police` or `civilian` (modules for both match either) or `both`.
    #[param(value_type = Option<app::catalog::rules::Audience>)]
    pub audience: Option<String>,
    /// Only modules with an upcoming offering.
    pub upcoming: Option<bool>,
    /// Only modules with an upcoming offering that has a free seat and is still taking
    /// enrolments (with `language` or `country`, the same offering must match them too).
    pub seats_available: Option<bool>,
    /// Page, from 1 (default 1).
    #[param(minimum = 1, maximum = 100_000)]
    pub page: Option<u64>,
    /// Results per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

/// The document's range of `page` (above) is the service's: pages past it are refused.
const _: () = assert!(app::db::MAX_PAGE == 100_000);

/// The largest page of modules or offerings.
const MAX_PER_PAGE: u64 = 100;

impl crate::api::QueryBounds for ModuleParams {
    fn bounds(&self) -> Vec<(&'static str, Option<u64>, std::ops::RangeInclusive<u64>)> {
        vec![
            ("page", self.page, 1..=app::db::MAX_PAGE),
            ("per_page", self.per_page, 1..=MAX_PER_PAGE),
        ]
    }
}

impl ModuleParams {
    /// The codes the filters take: an unknown one is refused, not read as "no filter".
    fn check(&self, locale: app::i18n::Locale) -> Result<(), ApiError> {
        use crate::api::problem::one_of;
        use app::catalog::rules::{Audience, DeliveryMode};
        // Codes are read as the services read them: in any case.
        one_of(
            "mode",
            self.mode.as_deref(),
            |v| DeliveryMode::from_code(v).is_some(),
            locale,
        )?;
        one_of(
            "audience",
            self.audience.as_deref(),
            |v| Audience::from_code(v).is_some(),
            locale,
        )?;
        one_of(
            "language",
            self.language.as_deref(),
            |v| app::i18n::Locale::from_code(v).is_some(),
            locale,
        )?;
        one_of(
            "country",
            self.country.as_deref(),
            |v| app::accounts::countries::find(v).is_some(),
            locale,
        )
    }
}

/// Searches the published modules, ordered by their next offering.
#[utoipa::path(
    get,
    path = "/api/v1/modules",
    tag = "catalog",
    params(ModuleParams),
    responses(
        (status = 200, description = "One page of matching modules", body = app::catalog::ModulePage),
        (status = 400, description = "A query parameter could not be read or is out of range; `errors` names it", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<ModuleParams>,
) -> Result<Json<ModulePage>, ApiError> {
    let locale = request_locale(&headers);
    params.check(locale)?;
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
        app::catalog::service::search_modules(&state.db, &query, locale, state.clock.today())
            .await
            .map_err(|e| ApiError::Domain(e, locale))?,
    ))
}

/// One module: published ones for everyone, drafts for administrators.
#[utoipa::path(
    get,
    path = "/api/v1/modules/{id}",
    tag = "catalog",
    params(("id" = i64, Path, description = "The module's id")),
    responses(
        (status = 200, description = "The module", body = app::catalog::ModuleView),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such published module", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_module(
    State(state): State<AppState>,
    MaybeAuthenticated(caller): MaybeAuthenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ModuleView>, ApiError> {
    Ok(Json(
        app::catalog::service::get_module(&state.db, caller.as_ref(), id)
            .await
            .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?,
    ))
}

/// Creates a module (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/modules",
    tag = "catalog",
    request_body = ModuleInput,
    responses(
        (status = 201, description = "Created", body = app::catalog::ModuleView),
        (status = 400, description = "The body is not JSON of this operation's shape; `errors.body` says why", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another module has this code", body = crate::api::Problem, content_type = "application/problem+json"),
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
    request_body = ModuleInput,
    responses(
        (status = 200, description = "Saved", body = app::catalog::ModuleView),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such module", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another module has this code", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
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

/// Offering list filters and page, as for modules.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfferingParams {
    /// Only this module's offerings.
    pub module_id: Option<i64>,
    /// Only offerings that have not started.
    pub upcoming: Option<bool>,
    /// Page, from 1 (default 1).
    #[param(minimum = 1, maximum = 100_000)]
    pub page: Option<u64>,
    /// Results per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

impl crate::api::QueryBounds for OfferingParams {
    fn bounds(&self) -> Vec<(&'static str, Option<u64>, std::ops::RangeInclusive<u64>)> {
        vec![
            ("page", self.page, 1..=app::db::MAX_PAGE),
            ("per_page", self.per_page, 1..=MAX_PER_PAGE),
        ]
    }
}

/// Public offerings of published modules, by first day, one page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/offerings",
    tag = "catalog",
    params(OfferingParams),
    responses(
        (status = 200, description = "One page of offerings", body = app::catalog::OfferingPage),
        (status = 400, description = "A query parameter could not be read or is out of range; `errors` names it", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn list_offerings(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<OfferingParams>,
) -> Result<Json<app::catalog::OfferingPage>, ApiError> {
    let query = app::catalog::OfferingQuery {
        module_id: params.module_id,
        upcoming: params.upcoming,
        page: params.page,
        per_page: params.per_page,
    };
    Ok(Json(
        app::catalog::offerings::offering_page(&state.db, &query, state.clock.today())
            .await
            .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?,
    ))
}

/// One offering, with `seats_taken`, `seats_left` and `waitlist_length`.
#[utoipa::path(
    get,
    path = "/api/v1/offerings/{id}",
    tag = "catalog",
    params(("id" = i64, Path, description = "The offering's id")),
    responses(
        (status = 200, description = "The offering", body = app::catalog::OfferingView),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such public offering", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_offering(
    State(state): State<AppState>,
    MaybeAuthenticated(caller): MaybeAuthenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<app::catalog::OfferingView>, ApiError> {
    Ok(Json(
        app::catalog::offerings::get_offering(&state.db, caller.as_ref(), id)
            .await
            .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?,
    ))
}

/// Creates an offering (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/offerings",
    tag = "catalog",
    request_body = app::catalog::rules::OfferingInput,
    responses(
        (status = 201, description = "Created", body = app::catalog::OfferingView),
        (status = 400, description = "The body is not JSON of this operation's shape; `errors.body` says why", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (dates, capacity, time zones, instructors…), or no such module", body = crate::api::Problem, content_type = "application/problem+json")
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
    request_body = app::catalog::rules::OfferingInput,
    responses(
        (status = 200, description = "Saved", body = app::catalog::OfferingView),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such offering", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The change clashes with the offering's enrolments", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
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

/// Published programmes (all of them for administrators), by code.
#[utoipa::path(
    get,
    path = "/api/v1/programmes",
    tag = "catalog",
    responses(
        (status = 200, description = "Programmes with their modules in order", body = [app::catalog::ProgrammeView])
    )
)]
pub async fn list_programmes(
    State(state): State<AppState>,
    MaybeAuthenticated(caller): MaybeAuthenticated,
    headers: HeaderMap,
) -> Result<Json<Vec<app::catalog::ProgrammeView>>, ApiError> {
    Ok(Json(
        app::catalog::programmes::list_programmes(&state.db, caller.as_ref())
            .await
            .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?,
    ))
}

/// Creates a programme (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/programmes",
    tag = "catalog",
    request_body = app::catalog::rules::ProgrammeInput,
    responses(
        (status = 201, description = "Created", body = app::catalog::ProgrammeView),
        (status = 400, description = "The body is not JSON of this operation's shape; `errors.body` says why", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another programme has this code", body = crate::api::Problem, content_type = "application/problem+json"),
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
        (status = 200, description = "The programme with its modules in order", body = app::catalog::ProgrammeView),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such published programme", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_programme(
    State(state): State<AppState>,
    MaybeAuthenticated(caller): MaybeAuthenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<app::catalog::ProgrammeView>, ApiError> {
    Ok(Json(
        app::catalog::programmes::get_programme_by_id(&state.db, caller.as_ref(), id)
            .await
            .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?,
    ))
}

/// Replaces a programme's fields and modules (administrators). Archiving is `status: archived`.
#[utoipa::path(
    put,
    path = "/api/v1/programmes/{id}",
    tag = "catalog",
    params(("id" = i64, Path, description = "The programme's id")),
    request_body = app::catalog::rules::ProgrammeInput,
    responses(
        (status = 200, description = "Saved", body = app::catalog::ProgrammeView),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such programme", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another programme has this code", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
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
