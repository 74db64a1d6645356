//! `/api/v1/…/enrollments`: applying, withdrawing, rosters and decisions. Every rule is in
//! `app::enrollment::service`.

use app::enrollment::{EnrollmentView, RosterEntry, Withdrawal};
use app::i18n::request_locale;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::{ApiError, ApiJson, ApiPath};
use crate::session::{Authenticated, site};
use crate::startup::AppState;

/// The signed-in trainee applies to an offering.
#[utoipa::path(
    post,
    path = "/api/v1/offerings/{id}/enrollments",
    tag = "enrollment",
    params(("id" = i64, Path, description = "The offering's id")),
    responses(
        (status = 201, description = "Enrolled, waitlisted (with `waitlist_position`) or sent for endorsement", body = app::enrollment::EnrollmentView),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a trainee", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such offering", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already applied", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not eligible: `reason` is one of not_published, enrollment_not_open, enrollment_closed, audience, prerequisites, session_clash, or the person's hold", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn apply(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<(StatusCode, Json<EnrollmentView>), ApiError> {
    let saved = app::enrollment::service::apply(&state.db, &site(&state), &caller, id)
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Who applied to an offering: seat holders, then the waitlist in order (administrators and
/// the offering's instructors).
#[utoipa::path(
    get,
    path = "/api/v1/offerings/{id}/enrollments",
    tag = "enrollment",
    params(("id" = i64, Path, description = "The offering's id")),
    responses(
        (status = 200, description = "The list", body = [app::enrollment::RosterEntry]),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither an administrator nor an instructor of the offering", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such offering", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn roster(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<RosterEntry>>, ApiError> {
    Ok(Json(
        app::enrollment::service::roster(&state.db, &caller, id, state.clock.today())
            .await
            .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?,
    ))
}

/// The signed-in person's applications and enrolments.
#[utoipa::path(
    get,
    path = "/api/v1/me/enrollments",
    tag = "enrollment",
    responses(
        (status = 200, description = "Most recent first", body = [app::enrollment::EnrollmentView]),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn mine(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
) -> Result<Json<Vec<EnrollmentView>>, ApiError> {
    let locale = request_locale(&headers);
    Ok(Json(
        app::enrollment::service::my_enrollments(&state.db, &caller, locale)
            .await
            .map_err(|e| ApiError::Domain(e, locale))?,
    ))
}

/// Withdraws an enrolment: one's own before the offering starts, or anyone's as an
/// administrator. A freed seat goes to the first person waiting; the answer says whether a seat
/// was freed (`freed_seat`) and whether someone took it (`seat_passed_on`).
#[utoipa::path(
    delete,
    path = "/api/v1/enrollments/{id}",
    tag = "enrollment",
    params(("id" = i64, Path, description = "The enrolment's id")),
    responses(
        (status = 200, description = "Withdrawn: the enrolment, with `freed_seat` and `seat_passed_on`", body = app::enrollment::Withdrawal),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not one's own enrolment, nor an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enrolment of the caller's", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already finished, or the offering has started", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Withdrawal>, ApiError> {
    Ok(Json(
        app::enrollment::service::withdraw(&state.db, &site(&state), &caller, id)
            .await
            .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?,
    ))
}

/// A coordinator's nomination.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NominationBody {
    /// The officer (a trainee of the coordinator's agency).
    pub user_id: i64,
}

/// A coordinator nominates an officer of their own agency for an offering with the nomination
/// policy. The nomination is the coordinator's endorsement: the application goes straight to
/// `pending_acceptance`, and the audit log records both steps.
#[utoipa::path(
    post,
    path = "/api/v1/offerings/{id}/nominations",
    tag = "enrollment",
    params(("id" = i64, Path, description = "The offering's id")),
    request_body = NominationBody,
    responses(
        (status = 201, description = "Nominated and endorsed: `pending_acceptance`", body = app::enrollment::EnrollmentView),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a coordinator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such offering, or no such officer in the caller's agency", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already applied", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not eligible (`reason` as for applications; the explanation names the officer and the `offering_id` field), not a trainee, or an open offering", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn nominate(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NominationBody>,
) -> Result<(StatusCode, Json<EnrollmentView>), ApiError> {
    let saved =
        app::enrollment::service::nominate(&state.db, &site(&state), &caller, id, body.user_id)
            .await
            .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// A decision on an enrolment.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TransitionBody {
    /// The new status.
    #[schema(value_type = app::enrollment::EnrollmentStatus)]
    pub to: String,
    /// Why (kept with the enrolment, sent to the person and written to the audit log).
    /// Required to refuse (`rejected`); optional otherwise.
    #[serde(default)]
    pub reason: String,
}

/// Moves an enrolment through the state machine: administrators (accept, waitlist, reject,
/// enrol from the waitlist, complete once the offering has ended) and coordinators of the
/// person's agency (endorse, or refuse to). A refusal (`rejected`) needs a `reason`.
#[utoipa::path(
    post,
    path = "/api/v1/enrollments/{id}/transition",
    tag = "enrollment",
    params(("id" = i64, Path, description = "The enrolment's id")),
    request_body = TransitionBody,
    responses(
        (status = 200, description = "Moved", body = app::enrollment::EnrollmentView),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not within the caller's rights", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enrolment", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not possible from the current status, or no free seat", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`rejected` without a `reason` (`errors.reason`), or `completed` before the offering's last day is over (`reason`: offering_not_ended)", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn transition(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<TransitionBody>,
) -> Result<Json<EnrollmentView>, ApiError> {
    Ok(Json(
        app::enrollment::service::change_status(
            &state.db,
            &site(&state),
            &caller,
            id,
            &body.to,
            &body.reason,
        )
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?,
    ))
}
