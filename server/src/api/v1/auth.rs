//! `/api/v1/auth/login`, `/api/v1/auth/logout` and `/api/v1/me`.

use app::auth::service::LoginError;
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::{ApiError, ApiJson, Problem};
use crate::session::{Authenticated, client_info, cookie_policy};
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
pub struct RequestParts(Parts);

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
        (status = 200, description = "Signed in; the session cookie is set", body = CurrentUserSchema),
        (status = 401, description = "Email or password is incorrect", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn login(
    State(state): State<AppState>,
    RequestParts(parts): RequestParts,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let client = client_info(&parts);
    match app::auth::service::login(&state.db, &body.email, &body.password, &client).await {
        Ok(signed_in) => {
            let user = app::auth::service::current_user(&state.db, &signed_in.token)
                .await?
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
            Some("Email or password is incorrect.".to_string()),
        )
        .into_response()),
        Err(LoginError::Throttled(wait)) => {
            let seconds = wait.as_secs().max(1) + u64::from(wait.subsec_nanos() > 0);
            let mut response = Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                Some(format!(
                    "Too many failed sign-ins. Try again in {seconds} seconds."
                )),
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            Ok(response)
        }
        Err(LoginError::Failed(e)) => Err(e.into()),
    }
}

/// Ends the session on the server and clears the cookie.
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "accounts",
    responses((status = 204, description = "Signed out"))
)]
pub async fn logout(
    State(state): State<AppState>,
    parts: RequestParts,
) -> Result<Response, ApiError> {
    let policy = cookie_policy(&state);
    if let Some(token) = policy.token(&parts.0.headers) {
        let client = client_info(&parts.0);
        app::auth::service::logout(&state.db, &token, &client).await?;
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
        (status = 200, description = "The signed-in person", body = CurrentUserSchema),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn me(Authenticated(user): Authenticated) -> Response {
    with_no_store(Json(user).into_response())
}

/// The OpenAPI schema of `app::auth::CurrentUser` (which lives in `app`, without utoipa).
#[derive(ToSchema)]
#[schema(as = CurrentUser)]
#[allow(dead_code)]
pub struct CurrentUserSchema {
    id: i64,
    email: String,
    full_name: String,
    /// `trainee`, `instructor`, `coordinator`, `administrator`.
    roles: Vec<String>,
    country: String,
    agency: String,
    affiliation: String,
    preferred_language: String,
}
