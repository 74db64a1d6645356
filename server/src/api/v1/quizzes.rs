//! `/api/v1/…` for quizzes: starting an attempt, saving answers as the trainee goes, submitting,
//! reading an attempt back, and an offering's quiz results and knowledge gain. The server keeps
//! time: no request carries a time the server believes. Every rule is in
//! `app::quizzes::service`.

use app::i18n::request_locale;
use app::quizzes::dto::{Attempt, GivenAnswer, OfferingQuizzes};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use crate::api::{ApiError, ApiJson, ApiPath};
use crate::session::Authenticated;
use crate::startup::AppState;

/// Starts an attempt at a quiz through the caller's enrolment in one of its module's offerings
/// (201), or gives back the attempt in progress (200). The deadline is the server's.
#[utoipa::path(
    post,
    path = "/api/v1/quizzes/{id}/attempts",
    tag = "quizzes",
    params(("id" = i64, Path, description = "The quiz's id")),
    responses(
        (status = 201, description = "Started: the attempt, its deadline and its questions (no answer key)", body = app::quizzes::dto::Attempt),
        (status = 200, description = "The attempt already in progress", body = app::quizzes::dto::Attempt),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such quiz, or none the caller's enrolment opens", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Two starts crossed, or the quiz has no questions", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not open yet (quiz_not_open), closed (quiz_closed), or no attempts left (no_attempts_left)", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn start(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<(StatusCode, Json<Attempt>), ApiError> {
    use app::quizzes::service::attempts;
    let locale = request_locale(&headers);
    let now = state.clock.now();
    let (attempt, created) = attempts::start_by_quiz(&state.db, &caller, id, locale, now)
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    let view = attempts::attempt_view(&state.db, &caller, attempt, now)
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view)))
}

/// The caller's attempt: its questions and saved answers while open; its score and, as the quiz
/// allows, each question's result and feedback once submitted.
#[utoipa::path(
    get,
    path = "/api/v1/attempts/{id}",
    tag = "quizzes",
    params(("id" = i64, Path, description = "The attempt's id")),
    responses(
        (status = 200, description = "The attempt", body = app::quizzes::dto::Attempt),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such attempt, or not the caller's", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn attempt(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Attempt>, ApiError> {
    let locale = request_locale(&headers);
    app::quizzes::service::attempts::attempt_view(&state.db, &caller, id, state.clock.now())
        .await
        .map(Json)
        .map_err(|e| ApiError::Domain(e, locale))
}

/// Saves the answer to one question of the caller's open attempt: `choices` (option ids) for
/// choice questions, `truth` for true/false, `text` otherwise. Refused after the deadline (and a
/// few seconds' grace) by the server's clock, whatever the client says.
#[utoipa::path(
    put,
    path = "/api/v1/attempts/{id}/answers/{question_id}",
    tag = "quizzes",
    params(
        ("id" = i64, Path, description = "The attempt's id"),
        ("question_id" = i64, Path, description = "The question's id")
    ),
    request_body = app::quizzes::dto::GivenAnswer,
    responses(
        (status = 204, description = "Saved"),
        (status = 400, description = "An id is not a number, or the body is not an answer", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such attempt or question in it, or not the caller's", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The answer does not fit the question (answer), or the attempt is over (attempt_closed)", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn answer(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath((id, question_id)): ApiPath<(i64, i64)>,
    ApiJson(body): ApiJson<GivenAnswer>,
) -> Result<StatusCode, ApiError> {
    let locale = request_locale(&headers);
    let mut values: Vec<String> = body.choices.iter().map(u32::to_string).collect();
    values.extend(body.truth.map(|t| t.to_string()));
    values.extend(body.text);
    app::quizzes::service::attempts::save_answer(
        &state.db,
        &caller,
        id,
        question_id,
        &values,
        state.clock.now(),
    )
    .await
    .map(|()| StatusCode::NO_CONTENT)
    .map_err(|e| ApiError::Domain(e, locale))
}

/// Submits the caller's attempt and returns it graded: the score, the maximum, and each
/// question's result and feedback as the quiz allows. Essays wait for an instructor.
#[utoipa::path(
    post,
    path = "/api/v1/attempts/{id}/submit",
    tag = "quizzes",
    params(("id" = i64, Path, description = "The attempt's id")),
    responses(
        (status = 200, description = "The graded attempt", body = app::quizzes::dto::Attempt),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such attempt, or not the caller's", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already submitted", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Attempt>, ApiError> {
    let locale = request_locale(&headers);
    app::quizzes::service::attempts::submit(&state.db, &caller, id, state.clock.now())
        .await
        .map(Json)
        .map_err(|e| ApiError::Domain(e, locale))
}

/// An offering's quizzes (dates, attempts, essays waiting) and each trainee's pre-test,
/// post-test and knowledge gain (its instructors and administrators).
#[utoipa::path(
    get,
    path = "/api/v1/offerings/{id}/quizzes",
    tag = "quizzes",
    params(("id" = i64, Path, description = "The offering's id")),
    responses(
        (status = 200, description = "Quizzes and gain", body = app::quizzes::dto::OfferingQuizzes),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither an administrator nor an instructor of the offering (whether or not it exists)", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such offering (administrators)", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn results(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<OfferingQuizzes>, ApiError> {
    let locale = request_locale(&headers);
    app::quizzes::service::results::offering_quizzes(&state.db, &caller, id, locale)
        .await
        .map(Json)
        .map_err(|e| ApiError::Domain(e, locale))
}
