//! `GET /api/v1/health`: is the service up, and can it reach its database?

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::ApiError;
use crate::startup::AppState;

/// The service's health.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HealthReport {
    /// Always `ok` in a 200 answer.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// The server's version.
    pub version: String,
    /// The server's current time by its application clock (RFC 3339), so a client can tell
    /// when its own clock is off.
    pub time: String,
}

/// Reports health; 503 with the reason when the database does not answer.
#[utoipa::path(
    get,
    path = "/api/v1/health",
    tag = "system",
    responses(
        (status = 200, description = "Up, and the database answers", body = HealthReport),
        (status = 503, description = "The database does not answer", body = super::super::Problem, content_type = "application/problem+json")
    )
)]
pub async fn health(State(state): State<AppState>) -> Result<Json<HealthReport>, ApiError> {
    let engine = app::db::engine_of(&state.db);
    match app::db::ping(&state.db).await {
        Ok(()) => Ok(Json(HealthReport {
            status: "ok".to_string(),
            database: engine.name().to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            time: state
                .clock
                .now()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unreachable");
            Err(ApiError::Unavailable(format!(
                "the {} database does not answer",
                engine.name()
            )))
        }
    }
}
