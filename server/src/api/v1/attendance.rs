//! `/api/v1/…` for attendance: the roll call of a session, a trainee's self check-in with the
//! code shown, an offering's attendance sheet and one's own attendance. The server keeps time:
//! a check-in is judged by the server's clock. Every rule is in `app::attendance::service`.

use app::attendance::dto::{
    CheckInRequest, CheckedIn, MyAttendance, OfferingAttendance, RollCall, RollCallRequest,
};
use app::i18n::request_locale;
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;

use crate::api::{ApiError, ApiJson, ApiPath};
use crate::session::Authenticated;
use crate::startup::AppState;

/// Records a session's roll call: a mark per trainee (by account). Marks that do not change are
/// left alone; changing a recorded mark needs a `reason`, kept in the history. All or nothing.
/// Answers the roll call as it stands.
#[utoipa::path(
    put,
    path = "/api/v1/sessions/{id}/attendance",
    tag = "attendance",
    params(("id" = i64, Path, description = "The session's id")),
    request_body = app::attendance::dto::RollCallRequest,
    responses(
        (status = 200, description = "Recorded: the roll call as it stands, with its history", body = app::attendance::dto::RollCall),
        (status = 400, description = "An id in the path is not a number, or the body is not a roll call", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session taking attendance, or the caller does not teach its offering", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone recorded the same first mark at the same moment", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A trainee not on the roll, an unknown status, a note or reason too long, or a correction without a reason (each named)", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn roll_call(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RollCallRequest>,
) -> Result<Json<RollCall>, ApiError> {
    use app::attendance::service::roll_call;
    let locale = request_locale(&headers);
    let now = state.clock.now();
    roll_call::record_for_users(
        &state.db,
        &caller,
        id,
        &body.marks,
        body.reason.as_deref().unwrap_or_default(),
        now,
    )
    .await
    .map_err(|e| ApiError::Domain(e, locale))?;
    roll_call::roll_call(&state.db, &caller, id, locale, now)
        .await
        .map(Json)
        .map_err(|e| ApiError::Domain(e, locale))
}

/// Checks the caller in to a session with the six-digit code its instructor shows (it changes
/// every 30 seconds), during the session (from 15 minutes before its start to its end).
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/check-in",
    tag = "attendance",
    params(("id" = i64, Path, description = "The session's id")),
    request_body = app::attendance::dto::CheckInRequest,
    responses(
        (status = 200, description = "Checked in (marked_now), or already marked (the mark stays)", body = app::attendance::dto::CheckedIn),
        (status = 400, description = "An id in the path is not a number, or the body has no code", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session taking attendance", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The roll call recorded the same mark at the same moment", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused: not_enrolled, check_in_off, check_in_not_open, check_in_closed, too_many_codes, code_expired or wrong_code", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn check_in(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<CheckInRequest>,
) -> Result<Json<CheckedIn>, ApiError> {
    let locale = request_locale(&headers);
    app::attendance::service::check_in::check_in(
        &state.db,
        &caller,
        id,
        &body.code,
        state.clock.now(),
    )
    .await
    .map(Json)
    .map_err(|e| ApiError::Domain(e, locale))
}

/// An offering's attendance: its sessions and each trainee's marks and rate (sessions attended
/// over sessions held; excused left out).
#[utoipa::path(
    get,
    path = "/api/v1/offerings/{id}/attendance",
    tag = "attendance",
    params(("id" = i64, Path, description = "The offering's id")),
    responses(
        (status = 200, description = "The attendance sheet", body = app::attendance::dto::OfferingAttendance),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such offering, or the caller does not teach it", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn sheet(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<OfferingAttendance>, ApiError> {
    let locale = request_locale(&headers);
    app::attendance::service::sheets::offering_attendance(
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

/// The caller's own sessions, marks and rate in one of their enrolments (live sessions' links
/// while it holds a seat).
#[utoipa::path(
    get,
    path = "/api/v1/enrollments/{id}/attendance",
    tag = "attendance",
    params(("id" = i64, Path, description = "The enrolment's id")),
    responses(
        (status = 200, description = "The caller's attendance", body = app::attendance::dto::MyAttendance),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enrolment of the caller's holding a seat", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn mine(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<MyAttendance>, ApiError> {
    let locale = request_locale(&headers);
    app::attendance::service::sheets::my_attendance(
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
