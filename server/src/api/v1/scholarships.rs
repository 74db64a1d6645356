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
    request_body = ScholarshipProgrammeSchema,
    responses(
        (status = 201, description = "Created", body = ScholarshipProgrammeSchema),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
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
        (status = 200, description = "The programme (with its balances for administrators)", body = ScholarshipProgrammeSchema),
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
        (status = 201, description = "Received", body = ScholarshipApplicationSchema),
        (status = 409, description = "Already applied", body = crate::api::Problem, content_type = "application/problem+json"),
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
    request_body = DecisionSchema,
    responses(
        (status = 200, description = "Decided; an award created the grant", body = ScholarshipApplicationSchema),
        (status = 409, description = "The award exceeds the remaining budget, or the application was already decided", body = crate::api::Problem, content_type = "application/problem+json"),
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
    /// The amount, a decimal string such as "1200.00".
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
        (status = 201, description = "Committed"),
        (status = 409, description = "No grant covering the module with that much available, or already paid for", body = crate::api::Problem, content_type = "application/problem+json")
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
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json")
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

/// The OpenAPI schema of a scholarship programme (also the body of POST). Amounts are decimal
/// strings in `currency` (numbers are accepted on input).
#[derive(ToSchema)]
#[schema(as = ScholarshipProgramme)]
#[allow(dead_code)]
pub struct ScholarshipProgrammeSchema {
    /// Read-only.
    id: Option<i64>,
    /// On input `{"en": …, "es": …, "pt": …, "fr": …}` (at least one; a plain string is taken as
    /// the English text); on output the text in the caller's language, or another when missing.
    name: serde_json::Value,
    /// As `name`.
    funder: serde_json::Value,
    /// ISO 4217.
    currency: String,
    budget: String,
    per_person_max: String,
    /// `tuition`, `travel`, `lodging`, `per_diem`.
    covers: Vec<String>,
    covered_module_ids: Vec<i64>,
    /// Write-only: whole programmes whose modules are covered.
    covered_programme_ids: Option<Vec<i64>>,
    /// ISO 3166-1 alpha-2; empty: every country.
    eligible_countries: Vec<String>,
    /// `police`, `civilian`; empty: both.
    eligible_affiliations: Vec<String>,
    /// ISO 8601 dates.
    opens: String,
    closes: String,
    /// As `name`; may be empty.
    conditions: serde_json::Value,
    /// Read-only: `{name, funder, conditions}`, each language → text.
    translations: Option<serde_json::Value>,
    /// Read-only for administrators: sum of grants.
    awarded: Option<String>,
    /// Read-only: committed to enrolments.
    committed: Option<String>,
    /// Read-only: spent on completed enrolments.
    spent: Option<String>,
    /// Read-only for administrators: budget − awarded, never below zero.
    remaining: Option<String>,
    /// Read-only for administrators: applications waiting for a decision.
    pending_applications: Option<i64>,
}

/// The OpenAPI schema of a scholarship application.
#[derive(ToSchema)]
#[schema(as = ScholarshipApplication)]
#[allow(dead_code)]
pub struct ScholarshipApplicationSchema {
    id: i64,
    programme_id: i64,
    user_id: i64,
    statement: String,
    /// `submitted`, `awarded`, `rejected`.
    status: String,
    score: Option<i32>,
    comment: Option<String>,
    /// The amount awarded, if awarded.
    awarded: Option<String>,
}

/// The OpenAPI schema of a decision.
#[derive(ToSchema)]
#[schema(as = ScholarshipDecision)]
#[allow(dead_code)]
pub struct DecisionSchema {
    /// `award` or `reject`.
    decision: String,
    /// Required for an award: decimal string or number.
    amount: Option<String>,
    /// 0–100.
    score: Option<i32>,
    comment: String,
}
