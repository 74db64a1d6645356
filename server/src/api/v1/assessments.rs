//! `/api/v1/…` for practical tests: recording a trainee's observation. Every rule is in
//! `app::assessments::service`.

use app::assessments::dto::{ObservationRequest, OutcomeView};
use app::i18n::request_locale;
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;

use crate::api::{ApiError, ApiJson, ApiPath};
use crate::session::Authenticated;
use crate::startup::AppState;

/// Records marks of a trainee (by account) against a practical test's checklist, with the
/// feedback; the outcome is worked out again from every mark (a critical criterion not met
/// fails it). Once the results are released a change needs a `reason`, kept in the history.
#[utoipa::path(
    put,
    path = "/api/v1/practical-tests/{id}/results/{user_id}",
    tag = "assessments",
    params(
        ("id" = i64, Path, description = "The practical test's id"),
        ("user_id" = i64, Path, description = "The trainee's account")
    ),
    request_body = app::assessments::dto::ObservationRequest,
    responses(
        (status = 200, description = "Recorded: the outcome as it stands", body = app::assessments::dto::OutcomeView),
        (status = 400, description = "An id is not a number, or the body is not an observation", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such test, no such trainee on its offering's roll, or the caller does not teach it", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A criterion not on the checklist, a text too long, or a change after release without a reason (each named)", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn observe(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath((id, user_id)): ApiPath<(i64, i64)>,
    ApiJson(body): ApiJson<ObservationRequest>,
) -> Result<Json<OutcomeView>, ApiError> {
    let locale = request_locale(&headers);
    let given: Vec<_> = body
        .marks
        .iter()
        .map(|m| (m.criterion_id, m.mark))
        .collect();
    app::assessments::service::observe::record_for_user(
        &state.db,
        &caller,
        id,
        user_id,
        &given,
        body.feedback.as_deref().unwrap_or_default(),
        body.reason.as_deref().unwrap_or_default(),
        state.clock.now(),
    )
    .await
    .map(Json)
    .map_err(|e| ApiError::Domain(e, locale))
}
