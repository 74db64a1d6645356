//! `/api/v1/users`: people and their roles, for administrators (and coordinators, for their own
//! agency). Every rule is in `app::accounts::service`; these handlers only adapt.

use app::accounts::Role;
use app::i18n::request_locale;
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::session::Authenticated;
use crate::startup::AppState;

/// Search filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Part of a name or email address.
    pub q: Option<String>,
    /// At most this many people (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

impl crate::api::QueryBounds for UserQuery {
    fn bounds(&self) -> Vec<(&'static str, Option<u64>, std::ops::RangeInclusive<u64>)> {
        vec![("limit", self.limit, 1..=200)]
    }
}

/// The roles a person should hold.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct RolesBody {
    /// The roles, at least one.
    #[schema(value_type = Vec<Role>, min_items = 1)]
    pub roles: Vec<String>,
}

/// Searches people: administrators see everyone, coordinators their own agency.
#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "accounts",
    params(UserQuery),
    responses(
        (status = 200, description = "Matching people", body = [app::accounts::UserSummary]),
        (status = 400, description = "A query parameter could not be read or is out of range; `errors` names it", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator or coordinator", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn search(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<UserQuery>,
) -> Result<Json<Vec<app::accounts::UserSummary>>, ApiError> {
    let found = app::accounts::service::search_users(
        &state.db,
        &caller,
        query.q.as_deref().unwrap_or(""),
        query.limit.unwrap_or(50),
    )
    .await
    .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok(Json(found))
}

/// Replaces a person's roles (administrators only).
#[utoipa::path(
    put,
    path = "/api/v1/users/{id}/roles",
    tag = "accounts",
    params(("id" = i64, Path, description = "The person's id")),
    request_body = RolesBody,
    responses(
        (status = 200, description = "The roles now held", body = RolesBody),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The last administrator would lose the role", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown or missing roles", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn set_roles(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RolesBody>,
) -> Result<Json<RolesBody>, ApiError> {
    let roles = app::accounts::service::change_roles(&state.db, &caller, id, &body.roles)
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok(Json(RolesBody {
        roles: roles.iter().map(|r: &Role| r.code().to_string()).collect(),
    }))
}

/// A person to create and invite.
#[derive(Debug, Deserialize, ToSchema)]
pub struct InviteBody {
    /// Their address: the invitation goes there.
    #[schema(format = Email, max_length = 320)]
    pub email: String,
    /// Name as printed on certificates (2 to 200 characters).
    #[schema(min_length = 2, max_length = 200)]
    pub full_name: String,
    /// ISO 3166-1 alpha-2.
    #[schema(value_type = app::accounts::countries::CountryCode)]
    pub country: String,
    /// Institution (a coordinator's own; 2 to 200 characters).
    #[schema(min_length = 2, max_length = 200)]
    pub agency: String,
    /// Rank or position (at most 100 characters).
    #[serde(default)]
    #[schema(max_length = 100)]
    pub rank: String,
    /// Police or civilian.
    #[schema(value_type = app::accounts::Affiliation)]
    pub affiliation: String,
    /// The language mail and pages are written in.
    #[schema(value_type = app::i18n::Locale)]
    pub preferred_language: String,
    /// Roles to grant, at least one (coordinators: `trainee` only).
    #[schema(value_type = Vec<Role>, min_items = 1)]
    pub roles: Vec<String>,
}

/// Creates an account and emails an invitation to set a password (administrators; coordinators
/// for trainees of their own agency).
#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "accounts",
    request_body = InviteBody,
    responses(
        (status = 201, description = "Created and invited", body = app::accounts::UserSummary),
        (status = 400, description = "The body is not JSON of this operation's shape; `errors.body` says why", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not invite", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address already has an account", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn invite(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiJson(body): ApiJson<InviteBody>,
) -> Result<(axum::http::StatusCode, Json<app::accounts::UserSummary>), ApiError> {
    let locale = request_locale(&headers);
    let created = app::accounts::registration::invite(
        &state.db,
        &crate::session::site(&state),
        &caller,
        app::accounts::registration::Invitation {
            email: body.email,
            profile: app::accounts::rules::ProfileInput {
                full_name: body.full_name,
                country: body.country,
                agency: body.agency,
                rank: body.rank,
                affiliation: body.affiliation,
                gender: String::new(),
                preferred_language: body.preferred_language,
            },
            roles: body.roles,
        },
    )
    .await
    .map_err(|e| ApiError::Domain(e, locale))?;
    let roles = app::accounts::service::roles_of(&state.db, created.id)
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(app::accounts::UserSummary {
            id: created.id,
            email: created.email,
            full_name: created.full_name,
            country: created.country,
            agency: created.agency,
            rank: created.rank,
            affiliation: created.affiliation,
            roles,
            active: created.active,
        }),
    ))
}

/// Whether an account may sign in.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct ActiveBody {
    /// `false` deactivates (sessions end at once), `true` reactivates.
    pub active: bool,
}

/// Deactivates or reactivates an account (administrators, never their own).
#[utoipa::path(
    put,
    path = "/api/v1/users/{id}/active",
    tag = "accounts",
    params(("id" = i64, Path, description = "The person's id")),
    request_body = ActiveBody,
    responses(
        (status = 204, description = "Done"),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Own account, or the last administrator", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn set_active(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ActiveBody>,
) -> Result<axum::http::StatusCode, ApiError> {
    app::accounts::service::set_active(&state.db, &caller, id, body.active)
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// A correction of a person's affiliation and country.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct StandingBody {
    /// Police or civilian.
    #[schema(value_type = app::accounts::Affiliation)]
    pub affiliation: String,
    /// ISO 3166-1 alpha-2.
    #[schema(value_type = app::accounts::countries::CountryCode)]
    pub country: String,
    /// Why (5 to 500 characters, not counting spaces around them); kept in the audit log.
    #[schema(min_length = 5, max_length = 500, pattern = r"^\S[\s\S]*\S$")]
    pub reason: String,
}

/// Changes a person's affiliation and country, which decide eligibility, quotas and
/// scholarships (their coordinator, or an administrator; never one's own). Once a person has
/// applied to anything, this is the only way to change them; the change is audited.
#[utoipa::path(
    put,
    path = "/api/v1/users/{id}/standing",
    tag = "accounts",
    params(("id" = i64, Path, description = "The person's id")),
    request_body = StandingBody,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "The body is not JSON of this operation's shape (`errors.body` says why), or an id in the path is not a number", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not this person's coordinator nor an administrator, or one's own account", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad affiliation, country or reason, each named", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn set_standing(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<StandingBody>,
) -> Result<axum::http::StatusCode, ApiError> {
    app::accounts::service::change_standing(
        &state.db,
        &caller,
        id,
        &body.affiliation,
        &body.country,
        &body.reason,
    )
    .await
    .map_err(|e| ApiError::Domain(e, request_locale(&headers)))?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Whether to only check the file.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `true`: report every line, write nothing.
    pub dry_run: Option<bool>,
}

impl crate::api::QueryBounds for ImportQuery {}

/// Imports people from a CSV file (header row: `email,full_name,country,agency,rank,affiliation,
/// roles[,preferred_language]`; roles separated by `;`). All or nothing; each created person is
/// emailed an invitation. Administrators; coordinators for trainees of their own agency.
#[utoipa::path(
    post,
    path = "/api/v1/users/import",
    tag = "accounts",
    params(ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, description = "Dry run: the report of every line", body = app::accounts::ImportReport),
        (status = 201, description = "Imported: everyone was created and invited", body = app::accounts::ImportReport),
        (status = 400, description = "A query parameter could not be read or is out of range; `errors` names it", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not import", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad lines (listed by line number in `errors`) or an unusable file; nothing was written", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn import(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: String,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let locale = request_locale(&headers);
    let dry_run = query.dry_run.unwrap_or(false);
    let report = app::accounts::import::import_people(
        &state.db,
        &crate::session::site(&state),
        &caller,
        &body,
        dry_run,
        locale,
    )
    .await
    .map_err(|e| ApiError::Domain(e, locale))?;
    if dry_run {
        return Ok(Json(report).into_response());
    }
    if report.written {
        return Ok((axum::http::StatusCode::CREATED, Json(report)).into_response());
    }
    let errors = report
        .rejected()
        .map(|line| (format!("line {}", line.line), line.problems.join(" ")))
        .collect();
    Ok(crate::api::Problem {
        errors: Some(errors),
        ..crate::api::Problem::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Some(
                locale
                    .text(app::i18n::Key::ImportNothingWritten)
                    .to_string(),
            ),
        )
    }
    .into_response())
}
