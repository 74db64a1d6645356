//! `/api/v1/audit` and `/api/v1/audit.csv`: the audit log for administrators. Every rule is in
//! `app::administration::audit::service`.

use app::administration::audit::{AuditPage, AuditQuery};
use app::i18n::request_locale;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api::{ApiError, ApiQuery};
use crate::session::Authenticated;
use crate::startup::AppState;

/// Audit log filters and page.
#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditParams {
    /// A person by email address or account id: events they caused or that concern them.
    pub person: Option<String>,
    /// An event code, such as `role_change`.
    pub action: Option<String>,
    /// First day, inclusive (ISO 8601, UTC).
    pub from: Option<String>,
    /// Last day, inclusive (ISO 8601, UTC).
    pub to: Option<String>,
    /// Page, from 1 (ignored by the CSV export).
    pub page: Option<u64>,
    /// Events per page, 1–200 (default 50).
    pub per_page: Option<u64>,
}

impl From<AuditParams> for AuditQuery {
    fn from(p: AuditParams) -> Self {
        AuditQuery {
            person: p.person,
            action: p.action,
            from: p.from,
            to: p.to,
            page: p.page,
            per_page: p.per_page,
        }
    }
}

/// One page of the audit log, newest first (administrators).
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "accounts",
    params(AuditParams),
    responses(
        (status = 200, description = "One page of events", body = AuditPageSchema),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A filter is wrong; `errors` names it", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn search(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> Result<Json<AuditPage>, ApiError> {
    let locale = request_locale(&headers);
    Ok(Json(
        app::administration::audit::service::search(&state.db, &caller, &params.into())
            .await
            .map_err(|e| ApiError::Domain(e, locale))?,
    ))
}

/// The events a filter selects as CSV, oldest first (administrators).
#[utoipa::path(
    get,
    path = "/api/v1/audit.csv",
    tag = "accounts",
    params(AuditParams),
    responses(
        (status = 200, description = "`id,at,action,actor_id,actor_email,subject_id,subject_email,ip,detail`; cells that could start a spreadsheet formula begin with `'`", content_type = "text/csv"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn export(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> Result<impl IntoResponse, ApiError> {
    let locale = request_locale(&headers);
    let csv = app::administration::audit::service::export_csv(&state.db, &caller, &params.into())
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"picap-audit.csv\"",
            ),
        ],
        csv,
    ))
}

/// The OpenAPI schema of a page of audit events.
#[derive(ToSchema)]
#[schema(as = AuditPage)]
#[allow(dead_code)]
pub struct AuditPageSchema {
    /// `{id, at, action, actor: {id, full_name, email}?, subject?, ip?, detail?}`, newest first.
    items: Vec<serde_json::Value>,
    total: u64,
    page: u64,
    per_page: u64,
    /// Every event code in the log.
    actions: Vec<String>,
}
