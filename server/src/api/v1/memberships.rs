//! Verified people over the API: following an address-verification link, sending it again,
//! and the memberships coordinators and administrators confirm or decline; accepting an agency
//! a newcomer asked for. The rules are in `app::accounts::membership`.

use app::accounts::{MembershipDecision, PendingMember};
use app::auth::throttle::Scope;
use app::i18n::{Key, request_locale};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::RequestParts;
use crate::api::{ApiError, ApiJson, ApiPath};
use crate::session::{Authenticated, client_info, site};
use crate::startup::AppState;

/// The token of an address-verification link.
#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyBody {
    /// The `token` of the emailed link.
    pub token: String,
}

/// Confirms the address of the link's token. Single use; refused once used or expired (48
/// hours). Then the person's agency coordinators (or the administrators) are asked to confirm
/// the membership.
#[utoipa::path(
    post,
    path = "/api/v1/auth/verify-email",
    tag = "accounts",
    request_body = VerifyBody,
    responses(
        (status = 204, description = "The address is verified"),
        (status = 400, description = "The body is not JSON of this operation's shape; `errors.body` says why", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The link was used, expired or never existed", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address; see Retry-After", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn verify_email(
    State(state): State<AppState>,
    RequestParts(parts): RequestParts,
    ApiJson(body): ApiJson<VerifyBody>,
) -> Result<StatusCode, ApiError> {
    let client = client_info(&parts);
    let locale = request_locale(&parts.headers);
    app::auth::throttle::count_attempt(
        &state.db,
        Scope::EmailVerification,
        client.ip.as_deref(),
        state.config.ip_rate_limit,
        state.clock.now(),
    )
    .await
    .map_err(|t| ApiError::from_throttle(t, locale))?;
    app::accounts::membership::verify_email(&state.db, &site(&state), &body.token, &client)
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Emails the signed-in person a new verification link (at most three an hour; further
/// requests are answered alike and send nothing).
#[utoipa::path(
    post,
    path = "/api/v1/me/verification",
    tag = "accounts",
    responses(
        (status = 202, description = "A link is on its way, unless three were sent this hour"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address is verified already", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn resend_verification(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    app::accounts::membership::send_verification(&state.db, &site(&state), &caller)
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok(StatusCode::ACCEPTED)
}

/// The people waiting for the caller's decision: a coordinator's agency's, everyone for an
/// administrator. Oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/memberships",
    tag = "accounts",
    responses(
        (status = 200, description = "The people waiting", body = [app::accounts::PendingMember]),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither a coordinator nor an administrator", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn pending(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
) -> Result<Json<Vec<PendingMember>>, ApiError> {
    let people = app::accounts::membership::pending(&state.db, &caller)
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok(Json(people))
}

/// A decision on a membership.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MembershipBody {
    /// Whether the person belongs to the agency.
    #[schema(value_type = MembershipDecision)]
    pub decision: String,
    /// Why, when declining (5 to 500 characters); told to the person and kept in the audit log.
    #[serde(default)]
    pub reason: String,
}

/// What a membership now is.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipOutcome {
    /// The person.
    pub id: i64,
    /// Confirmed or declined.
    #[schema(value_type = app::accounts::Membership)]
    pub membership: String,
}

/// Confirms or declines a person's membership of their agency (the agency's coordinator, or an
/// administrator; never one's own). Confirming needs a verified address and a listed agency.
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/membership",
    tag = "accounts",
    params(("id" = i64, Path, description = "The person's id")),
    request_body = MembershipBody,
    responses(
        (status = 200, description = "Decided; the person is told by email", body = MembershipOutcome),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither a coordinator nor an administrator, or one's own membership", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person among the caller's agency's", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Decided already, address unverified, or agency not accepted yet", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A decline without its reason", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<MembershipBody>,
) -> Result<Json<MembershipOutcome>, ApiError> {
    let locale = request_locale(&headers);
    let decision = MembershipDecision::from_code(&body.decision).ok_or_else(|| {
        ApiError::Domain(
            app::error::DomainError::invalid("decision", Key::MembershipDecisionUnknown),
            locale,
        )
    })?;
    let person = app::accounts::membership::decide(
        &state.db,
        &site(&state),
        &caller,
        id,
        decision,
        &body.reason,
    )
    .await
    .map_err(|e| ApiError::Domain(e, locale))?;
    Ok(Json(MembershipOutcome {
        id: person.id,
        membership: person.membership,
    }))
}

/// Accepts an agency a newcomer asked for into the list (administrators). A request that
/// duplicates an agency is merged into it instead (`POST /api/v1/agencies/{id}/merge`).
#[utoipa::path(
    post,
    path = "/api/v1/agencies/{id}/accept",
    tag = "accounts",
    params(("id" = i64, Path, description = "The requested agency")),
    responses(
        (status = 200, description = "Listed", body = app::agencies::Agency),
        (status = 400, description = "An id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agency", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The agency is listed already", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn accept_agency(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<app::agencies::Agency>, ApiError> {
    let agency = app::agencies::registry::accept(&state.db, &caller, id)
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok(Json(agency))
}
