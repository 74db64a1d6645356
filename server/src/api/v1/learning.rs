//! `/api/v1/…` for distance learning: a module's units with the caller's progress, a lesson in
//! the caller's language, marking it read, and an offering's progress table. Every rule is in
//! `app::learning::service`.

use app::i18n::request_locale;
use app::learning::dto::{Lesson, OfferingProgress, Outline, ReadMark};
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::{ApiError, ApiPath, ApiQuery, QueryBounds};
use crate::session::Authenticated;
use crate::startup::AppState;

/// A module's units and lessons in order, for the caller: through their enrolment in one of its
/// offerings (with which lessons they read, and `access` saying whether the lessons are open),
/// or as one of its authors or an instructor of one of its offerings.
#[utoipa::path(
    get,
    path = "/api/v1/modules/{id}/units",
    tag = "learning",
    params(("id" = i64, Path, description = "The module's id")),
    responses(
        (status = 200, description = "The outline", body = app::learning::dto::Outline),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such module, or the caller neither applied to it nor writes or teaches it", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn units(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Outline>, ApiError> {
    let locale = request_locale(&headers);
    app::learning::service::reading::outline_for_module(
        &state.db,
        &caller,
        id,
        locale,
        state.clock.now(),
    )
    .await
    .map(Json)
    .map_err(|e| ApiError::Domain(e, locale))
}

/// A lesson: in the language of the caller's offering (else the module's primary language, with
/// `instead_of` naming the one wanted), as sanitised HTML.
#[utoipa::path(
    get,
    path = "/api/v1/lessons/{id}",
    tag = "learning",
    params(("id" = i64, Path, description = "The lesson's id")),
    responses(
        (status = 200, description = "The lesson", body = app::learning::dto::Lesson),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lesson, or none the caller may read now (not enrolled, not yet open, retired)", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn lesson(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Lesson>, ApiError> {
    let locale = request_locale(&headers);
    app::learning::service::reading::lesson_by_id(&state.db, &caller, id, locale, state.clock.now())
        .await
        .map(Json)
        .map_err(|e| ApiError::Domain(e, locale))
}

/// Which revision was read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReadParams {
    /// The revision the caller was shown (`revision_id` of the lesson); left out, the one shown
    /// now.
    pub revision_id: Option<i64>,
}

impl QueryBounds for ReadParams {}

/// Marks a lesson read through the caller's enrolment, recording the revision read. Marking it
/// again records the newer revision; it is never counted twice.
#[utoipa::path(
    post,
    path = "/api/v1/lessons/{id}/read",
    tag = "learning",
    params(("id" = i64, Path, description = "The lesson's id"), ReadParams),
    responses(
        (status = 200, description = "Recorded, with the module's progress now", body = app::learning::dto::ReadMark),
        (status = 400, description = "An id is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lesson or revision, or none the caller's enrolment opens now", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn mark_read(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<ReadParams>,
) -> Result<Json<ReadMark>, ApiError> {
    let locale = request_locale(&headers);
    app::learning::service::reading::mark_read_by_lesson(
        &state.db,
        &caller,
        id,
        params.revision_id,
        locale,
        state.clock.now(),
    )
    .await
    .map(Json)
    .map_err(|e| ApiError::Domain(e, locale))
}

/// Lessons read per unit by each enrolled or completed trainee of an offering (its instructors
/// and administrators).
#[utoipa::path(
    get,
    path = "/api/v1/offerings/{id}/progress",
    tag = "learning",
    params(("id" = i64, Path, description = "The offering's id")),
    responses(
        (status = 200, description = "The table", body = app::learning::dto::OfferingProgress),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither an administrator nor an instructor of the offering (whether or not it exists)", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such offering (administrators)", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn progress(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<OfferingProgress>, ApiError> {
    let locale = request_locale(&headers);
    app::learning::service::progress::offering_progress(&state.db, &caller, id, locale)
        .await
        .map(Json)
        .map_err(|e| ApiError::Domain(e, locale))
}
