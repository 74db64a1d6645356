//! `/api/v1`: routes and the OpenAPI document generated from them.

mod auth;
mod health;
mod users;

use axum::Router;
use axum::routing::{get, post, put};
use utoipa::OpenApi;

use crate::startup::AppState;

pub use health::HealthReport;

/// The OpenAPI document: every `/api/v1` path is listed here, next to its handler.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "PICAP API",
        description = "Inter-American Police Training Program: the training management API for integrations.",
    ),
    paths(
        health::health,
        openapi_json,
        auth::login,
        auth::logout,
        auth::me,
        users::search,
        users::set_roles
    ),
    components(schemas(HealthReport, super::Problem, auth::LoginRequest, auth::CurrentUserSchema, users::UserSummarySchema, users::RolesBody)),
    tags(
        (name = "system", description = "Service health and this document"),
        (name = "accounts", description = "Sign-in, sessions and people")
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
    axum::Json(ApiDoc::openapi())
}

/// The `/api/v1` routes, to be nested under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/openapi.json", get(openapi_json))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route("/users", get(users::search))
        .route("/users/{id}/roles", put(users::set_roles))
        .fallback(super::problem::not_found)
}
