//! `/api/v1/auth/login`, `/api/v1/auth/logout` and `/api/v1/me`.

use app::auth::service::LoginError;
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

use app::auth::service::ClientInfo;
use app::auth::throttle::Scope;
use app::i18n::{Key, Locale, request_locale};

use crate::api::{ApiError, ApiJson, ApiPath, Problem};
use crate::session::{Authenticated, client_info, cookie_policy, site};
use crate::startup::AppState;

/// Sign-in credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// The account's email address (any case).
    pub email: String,
    /// The password.
    pub password: String,
}

/// The request's parts, for client metadata.
pub struct RequestParts(pub(super) Parts);

impl<S: Send + Sync> FromRequestParts<S> for RequestParts {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestParts(parts.clone()))
    }
}

fn with_no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Signs in and sets the session cookie.
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "accounts",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = app::auth::CurrentUser),
        (status = 400, description = "The body is not JSON of this operation's shape; `errors.body` says why", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Email or password is incorrect", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn login(
    State(state): State<AppState>,
    RequestParts(parts): RequestParts,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let client = client_info(&parts);
    let locale = request_locale(&parts.headers);
    count_attempt(&state, Scope::SignIn, &client, locale).await?;
    match app::auth::service::login(
        &state.db,
        &body.email,
        &body.password,
        &client,
        &state.clock,
    )
    .await
    {
        Ok(signed_in) => {
            let user =
                app::auth::service::current_user(&state.db, &signed_in.token, state.clock.now())
                    .await
                    .map_err(|e| ApiError::Domain(e, locale))?
                    .ok_or(ApiError::NotFound)?;
            let mut response = Json(user).into_response();
            let cookie = cookie_policy(&state).session(&signed_in.token);
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            Ok(with_no_store(response))
        }
        Err(LoginError::InvalidCredentials) => Ok(Problem::new(
            StatusCode::UNAUTHORIZED,
            Some(locale.text(Key::SignInInvalid).to_string()),
        )
        .into_response()),
        Err(LoginError::Throttled(wait)) => Err(ApiError::Throttled(wait, locale)),
        Err(LoginError::Failed(e)) => Err(ApiError::Domain(e, locale)),
    }
}

/// Ends the session on the server and clears the cookie.
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "accounts",
    responses(
        (status = 204, description = "Signed out")
    )
)]
pub async fn logout(
    State(state): State<AppState>,
    parts: RequestParts,
) -> Result<Response, ApiError> {
    let policy = cookie_policy(&state);
    if let Some(token) = policy.token(&parts.0.headers) {
        let client = client_info(&parts.0);
        app::auth::service::logout(&state.db, &token, &client)
            .await
            .map_err(|e| ApiError::Domain(e, request_locale(&parts.0.headers)))?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&policy.clear()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// The signed-in person.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "accounts",
    responses(
        (status = 200, description = "The signed-in person", body = app::auth::CurrentUser),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn me(Authenticated(user): Authenticated) -> Response {
    with_no_store(Json(user).into_response())
}

/// Counts an attempt against the per-address limit (`PICAP_IP_RATE_LIMIT`).
async fn count_attempt(
    state: &AppState,
    scope: Scope,
    client: &ClientInfo,
    locale: Locale,
) -> Result<(), ApiError> {
    app::auth::throttle::count_attempt(
        &state.db,
        scope,
        client.ip.as_deref(),
        state.config.ip_rate_limit,
        state.clock.now(),
    )
    .await
    .map_err(|t| ApiError::from_throttle(t, locale))
}

/// A new trainee account.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// Sign-in address (unique, any case).
    #[schema(format = Email, max_length = 320)]
    pub email: String,
    /// 12 to 128 characters, not one of the 10,000 most common passwords.
    #[schema(min_length = 12, max_length = 128)]
    pub password: String,
    /// Name as printed on certificates (2 to 200 characters).
    #[schema(min_length = 2, max_length = 200)]
    pub full_name: String,
    /// ISO 3166-1 alpha-2.
    #[schema(value_type = app::accounts::countries::CountryCode)]
    pub country: String,
    /// The agency, from `GET /api/v1/agencies?country=…` (listed agencies of `country`).
    /// Leave it out to ask for one that is not listed, in `requested_agency`.
    #[serde(default)]
    pub agency_id: Option<i64>,
    /// The name of an agency that is not listed: administrators are asked to accept it.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub requested_agency: Option<String>,
    /// Rank or position (may be empty; at most 100 characters).
    #[serde(default)]
    #[schema(max_length = 100)]
    pub rank: String,
    /// Police or civilian.
    #[schema(value_type = app::accounts::Affiliation)]
    pub affiliation: String,
    /// Optional: `female`, `male` or `other` (blank: not given).
    #[serde(default)]
    #[schema(pattern = "^(female|male|other)?$")]
    pub gender: Option<String>,
    /// The language mail and pages are written in.
    #[schema(value_type = app::i18n::Locale)]
    pub preferred_language: String,
}

/// Creates a trainee account. It does not sign in: call `/auth/login` next. A link to verify
/// the address is emailed, and the membership of the agency stays pending until its
/// coordinator (or an administrator) confirms it: until then the person cannot apply.
#[utoipa::path(
    post,
    path = "/api/v1/auth/register",
    tag = "accounts",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created", body = app::auth::CurrentUser),
        (status = 400, description = "The body is not JSON of this operation's shape; `errors.body` says why", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The email address already has an account", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named in `errors`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address; see Retry-After", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn register(
    State(state): State<AppState>,
    RequestParts(parts): RequestParts,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<Response, ApiError> {
    let client = client_info(&parts);
    let locale = request_locale(&parts.headers);
    count_attempt(&state, Scope::Register, &client, locale).await?;
    let form = app::accounts::registration::Registration {
        email: body.email,
        password: body.password,
        profile: app::accounts::rules::ProfileInput {
            full_name: body.full_name,
            country: body.country,
            agency: String::new(),
            rank: body.rank,
            affiliation: body.affiliation,
            gender: body.gender.unwrap_or_default(),
            preferred_language: body.preferred_language,
        },
        agency_id: body.agency_id.map(|id| id.to_string()).unwrap_or_default(),
        requested_agency: body.requested_agency.unwrap_or_default(),
    };
    let site = crate::session::site(&state);
    let created = app::accounts::registration::register(&state.db, &site, form, &client)
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    let hold = app::accounts::service::hold_of(&created);
    let user = app::auth::CurrentUser {
        id: created.id,
        email: created.email,
        full_name: created.full_name,
        roles: vec![app::accounts::Role::Trainee],
        country: created.country,
        agency: created.agency,
        agency_id: created.agency_id,
        hold,
        affiliation: created.affiliation,
        preferred_language: created.preferred_language,
    };
    Ok(with_no_store(
        (StatusCode::CREATED, Json(user)).into_response(),
    ))
}

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChange {
    /// The password in use now.
    pub current_password: String,
    /// The new one: 12 to 128 characters, not a common password.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

/// Changes the signed-in person's password; their other sessions end.
#[utoipa::path(
    post,
    path = "/api/v1/me/password",
    tag = "accounts",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; other sessions ended"),
        (status = 400, description = "The body is not JSON of this operation's shape; `errors.body` says why", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong current password or unacceptable new one", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address; see Retry-After", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    RequestParts(parts): RequestParts,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let locale = request_locale(&parts.headers);
    count_attempt(&state, Scope::PasswordChange, &client_info(&parts), locale).await?;
    let token = cookie_policy(&state)
        .token(&parts.headers)
        .unwrap_or_default();
    app::auth::passwords::change_password(
        &state.db,
        user.id,
        &token,
        &body.current_password,
        &body.new_password,
        &client_info(&parts),
        state.clock.now(),
    )
    .await
    .map_err(|e| ApiError::Domain(e, locale))?;
    Ok(StatusCode::NO_CONTENT)
}

/// A request for a reset link.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetRequest {
    /// The account's address.
    #[schema(format = Email, max_length = 320)]
    pub email: String,
}

/// Emails a password-reset link if the address has an account. The answer is the same whether
/// it has one or not.
#[utoipa::path(
    post,
    path = "/api/v1/auth/password-reset",
    tag = "accounts",
    request_body = ResetRequest,
    responses(
        (status = 202, description = "If the address has an account, a link is on its way"),
        (status = 400, description = "The body is not JSON of this operation's shape; `errors.body` says why", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an email address", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn request_reset(
    State(state): State<AppState>,
    RequestParts(parts): RequestParts,
    ApiJson(body): ApiJson<ResetRequest>,
) -> Result<StatusCode, ApiError> {
    let locale = request_locale(&parts.headers);
    count_attempt(&state, Scope::PasswordReset, &client_info(&parts), locale).await?;
    app::auth::passwords::request_reset(&state.db, &site(&state), &body.email)
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    Ok(StatusCode::ACCEPTED)
}

/// A new password from an emailed link.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetConfirm {
    /// The token from the link.
    pub token: String,
    /// The new password: 12 to 128 characters, not a common password.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

/// Sets a new password with an emailed token (single use, one hour; an invitation's lasts seven
/// days); every session ends and the person's other links stop working.
#[utoipa::path(
    post,
    path = "/api/v1/auth/password-reset/confirm",
    tag = "accounts",
    request_body = ResetConfirm,
    responses(
        (status = 204, description = "Password set"),
        (status = 400, description = "The body is not JSON of this operation's shape; `errors.body` says why", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The link expired or was used", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unacceptable password", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address; see Retry-After", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn confirm_reset(
    State(state): State<AppState>,
    RequestParts(parts): RequestParts,
    ApiJson(body): ApiJson<ResetConfirm>,
) -> Result<StatusCode, ApiError> {
    let locale = request_locale(&parts.headers);
    count_attempt(&state, Scope::PasswordSet, &client_info(&parts), locale).await?;
    app::auth::passwords::reset_password(
        &state.db,
        &body.token,
        &body.new_password,
        &client_info(&parts),
        state.clock.now(),
    )
    .await
    .map_err(|e| ApiError::Domain(e, locale))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in person's active sessions.
#[utoipa::path(
    get,
    path = "/api/v1/me/sessions",
    tag = "accounts",
    responses(
        (status = 200, description = "Active sessions, newest first", body = [app::auth::SessionInfo]),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn sessions(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    RequestParts(parts): RequestParts,
) -> Result<Response, ApiError> {
    let token = cookie_policy(&state)
        .token(&parts.headers)
        .unwrap_or_default();
    let list = app::auth::service::list_sessions(&state.db, user.id, &token, state.clock.now())
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&parts.headers)))?;
    Ok(with_no_store(Json(list).into_response()))
}

/// Ends one of the signed-in person's sessions.
#[utoipa::path(
    delete,
    path = "/api/v1/me/sessions/{id}",
    tag = "accounts",
    params(("id" = String, Path, description = "The session's id from the list")),
    responses(
        (status = 204, description = "Ended"),
        (status = 401, description = "Not signed in", body = crate::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session of yours", body = crate::api::Problem, content_type = "application/problem+json")
    )
)]
pub async fn end_session(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    RequestParts(parts): RequestParts,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    app::auth::service::end_session(&state.db, user.id, &id, &client_info(&parts))
        .await
        .map_err(|e| ApiError::Domain(e, request_locale(&parts.headers)))?;
    Ok(StatusCode::NO_CONTENT)
}
