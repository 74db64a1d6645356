//! `/api/v1/audit` and `/api/v1/audit.csv`: the audit log for administrators. Every rule is in
//! `app::administration::audit::service`.

use app::administration::audit::{AuditPage, AuditQuery};
use app::i18n::request_locale;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::{ApiError, ApiQuery};
use crate::session::Authenticated;
use crate::startup::AppState;

/// Audit log filters and page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// A person by email address or account id: events they caused or that concern them.
    #[param(pattern = r"^([+-]?[0-9]{1,18}|\S*@\S*)?$")]
    pub person: Option<String>,
    /// An event code, such as `role_change`.
    #[param(pattern = "^[a-z_]{0,64}$")]
    pub action: Option<String>,
    /// First day, inclusive (ISO 8601 `YYYY-MM-DD`, UTC); empty: no limit.
    #[param(pattern = "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")]
    pub from: Option<String>,
    /// Last day, inclusive (ISO 8601 `YYYY-MM-DD`, UTC), not before `from`; empty: no limit.
    #[param(pattern = "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")]
    pub to: Option<String>,
    /// Page, from 1 (ignored by the CSV export).
    #[param(minimum = 1, maximum = 100_000)]
    pub page: Option<u64>,
    /// Events per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

// The document's ranges (above) are the service's: values past them are refused, not clamped.
const _: () = assert!(app::db::MAX_PAGE == 100_000);
const _: () = assert!(app::administration::audit::rules::MAX_PER_PAGE == 200);

impl crate::api::QueryBounds for AuditParams {
    fn bounds(&self) -> Vec<(&'static str, Option<u64>, std::ops::RangeInclusive<u64>)> {
        vec![
            ("page", self.page, 1..=app::db::MAX_PAGE),
            (
                "per_page",
                self.per_page,
                1..=app::administration::audit::rules::MAX_PER_PAGE,
            ),
        ]
    }
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
        (status = 200, description = "One page of events", body = app::administration::audit::AuditPage),
        (status = 400, description = "A query parameter could not be read or is out of range; `errors` names it", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
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
        (status = 400, description = "A query parameter could not be read or is out of range; `errors` names it", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A filter is wrong; `errors` names it", body = crate::api::Problem, content_type = "application/problem+json")
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
