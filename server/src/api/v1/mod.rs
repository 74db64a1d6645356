//! `/api/v1`: routes and the OpenAPI document, both read from one table (`routes`).

mod agencies;
mod assessments;
mod attendance;
mod audit;
mod auth;
mod catalog;
mod enrollment;
mod health;
mod learning;
mod lookalikes;
mod memberships;
mod quizzes;
pub mod routes;
mod scholarships;
mod users;

use std::sync::OnceLock;

use axum::Router;
use utoipa::OpenApi;

use crate::startup::AppState;

pub use health::HealthReport;

/// The OpenAPI document's title, tags and explicitly named schemas; its paths (and the schemas
/// they name) come from the route table: see [`openapi`].
#[derive(OpenApi)]
#[openapi(
    info(
        title = "PICAP API",
        description = "Inter-American Police Training Program: the training management API for integrations.",
    ),
    // Every other schema is named by an operation (and derived from the type it sends or takes),
    // so the route table brings it in.
    components(schemas(HealthReport, super::Problem)),
    tags(
        (name = "system", description = "Service health and this document"),
        (name = "accounts", description = "Sign-in, sessions and people"),
        (name = "catalog", description = "Programmes, modules and offerings"),
        (name = "enrollment", description = "Applications, seats, waitlists and withdrawals"),
        (name = "scholarships", description = "Scholarship programmes, applications, awards and the budget ledger"),
        (name = "learning", description = "Distance learning: units, lessons and progress"),
        (name = "quizzes", description = "Quiz attempts kept by the server's clock, answers, grading results and knowledge gain"),
        (name = "attendance", description = "Roll calls, self check-in with a code that changes every 30 seconds, and attendance rates"),
        (name = "assessments", description = "Observed practical tests: checklists with critical criteria, results and their history")
    )
)]
pub struct ApiDoc;

/// The OpenAPI 3.1 document describing this API.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "system",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json"))
)]
pub async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(openapi().clone())
}

/// The OpenAPI document: [`ApiDoc`] with every operation of the route table, worked out once.
pub fn openapi() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| routes::document(ApiDoc::openapi()))
}

/// The `/api/v1` routes, to be nested under `/api/v1`: the route table, and a problem+json 404
/// for anything else.
pub fn router() -> Router<AppState> {
    routes::router().fallback(super::problem::not_found)
}
