//! `/api/v1/scholarship-…`: scholarship programmes, applications, awards, commitments and the
//! budget ledger. Every rule is in `app::scholarships::service`.

use app::i18n::request_locale;
use app::scholarships::{
    DecisionInput, ScholarshipApplicationView, ScholarshipProgrammeInput, ScholarshipProgrammeView,
};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::{ApiError, ApiJson, ApiPath};
use crate::session::{Authenticated, site};
use crate::startup::AppState;

/// Creates a scholarship programme (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/scholarship-programmes",
    tag = "scholarships",
    request_body = ScholarshipProgrammeInput,
    responses(
        (status = 201, description = "Created", body = app::scholarships::ScholarshipProgrammeView),
        (status = 400, description = "The body is not JSON of this operation's shape; `errors.body` says why", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ScholarshipProgrammeInput>,
) -> Result<(StatusCode, Json<ScholarshipProgrammeView>), ApiError> {
    let locale = request_locale(&headers);
    let saved = app::scholarships::service::create_programme(&state.db, &caller, body, locale)
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// One programme, for any signed-in person; `budget`, `awarded`, `committed`, `spent`,
/// `remaining` (= budget − awarded) and `pending_applications` for administrators only.
#[utoipa::path(
    get,
    path = "/api/v1/scholarship-programmes/{id}",
    tag = "scholarships",
    params(("id" = i64, Path, description = "The programme's id")),
    responses(
        (status = 200, description = "The programme (with its balances for administrators)", body = app::scholarships::ScholarshipProgrammeView),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such programme", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_one(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ScholarshipProgrammeView>, ApiError> {
    let locale = request_locale(&headers);
    Ok(Json(
        app::scholarships::service::get_programme(&state.db, &caller, id, locale)
            .await
            .map_err(|e| ApiError::Domain(e, locale))?,
    ))
}

/// A scholarship application.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ApplicationBody {
    /// Why the person applies (20 to 4,000 characters).
    #[schema(min_length = 20, max_length = 4000)]
    pub statement: String,
}

/// The signed-in trainee applies to a scholarship programme.
#[utoipa::path(
    post,
    path = "/api/v1/scholarship-programmes/{id}/applications",
    tag = "scholarships",
    params(("id" = i64, Path, description = "The programme's id")),
    request_body = ApplicationBody,
    responses(
        (status = 201, description = "Received", body = app::scholarships::ScholarshipApplicationView),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a trainee", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such programme", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already applied", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not eligible (`reason`: scholarship_closed, scholarship_country, scholarship_affiliation) or a bad statement", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn apply(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ApplicationBody>,
) -> Result<(StatusCode, Json<ScholarshipApplicationView>), ApiError> {
    let locale = request_locale(&headers);
    let saved =
        app::scholarships::service::apply(&state.db, &site(&state), &caller, id, &body.statement)
            .await
            .map_err(|e| ApiError::Domain(e, locale))?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Awards or rejects an application (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/scholarship-applications/{id}/decision",
    tag = "scholarships",
    params(("id" = i64, Path, description = "The application's id")),
    request_body = DecisionInput,
    responses(
        (status = 200, description = "Decided; an award created the grant", body = app::scholarships::ScholarshipApplicationView),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The award exceeds the remaining budget, or the application was already decided", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad amount (or above the per-person maximum), decision or score", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<DecisionInput>,
) -> Result<Json<ScholarshipApplicationView>, ApiError> {
    let locale = request_locale(&headers);
    Ok(Json(
        app::scholarships::service::decide(&state.db, &site(&state), &caller, id, body)
            .await
            .map_err(|e| ApiError::Domain(e, locale))?,
    ))
}

/// Money a grant commits to an enrolment.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CommitmentBody {
    /// The amount above zero, a decimal string such as "1200.00" (at most two decimals).
    #[schema(pattern = r"^([1-9][0-9]{0,9}(\.[0-9]{1,2})?|0?\.(0[1-9]|[1-9][0-9]?))$")]
    pub amount: String,
}

/// Has the enrolled person's grant pay for this enrolment (administrators). The amount is
/// committed against the grant and the programme; withdrawal or cancellation releases it,
/// completion spends it.
#[utoipa::path(
    post,
    path = "/api/v1/enrollments/{id}/scholarship",
    tag = "scholarships",
    params(("id" = i64, Path, description = "The enrolment's id")),
    request_body = CommitmentBody,
    responses(
        (status = 201, description = "Committed", body = app::scholarships::dto::CommitmentView),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enrolment", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "No grant covering the module with that much available, or already paid for", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an amount above zero", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn commit(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<CommitmentBody>,
) -> Result<impl IntoResponse, ApiError> {
    let locale = request_locale(&headers);
    let saved = app::scholarships::service::commit(&state.db, &caller, id, &body.amount)
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// The programme's ledger as CSV (administrators).
#[utoipa::path(
    get,
    path = "/api/v1/scholarship-programmes/{id}/ledger.csv",
    tag = "scholarships",
    params(("id" = i64, Path, description = "The programme's id")),
    responses(
        (status = 200, description = "Every movement, oldest first", content_type = "text/csv"),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such programme", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn ledger_csv(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let locale = request_locale(&headers);
    let csv = app::scholarships::service::ledger_csv(&state.db, &caller, id)
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"scholarship-{id}-ledger.csv\""),
            ),
        ],
        csv,
    ))
}
