//! The session cookie, and extractors for the signed-in person.

use app::auth::CurrentUser;
use app::auth::cookie::CookiePolicy;
use app::auth::service::ClientInfo;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::api::Problem;
use crate::startup::AppState;

/// The session cookie policy for this server.
pub fn cookie_policy(state: &AppState) -> CookiePolicy {
    CookiePolicy {
        secure: state.config.https(),
    }
}

/// The deployment settings services need (links in emails, the per-address limit).
pub fn site(state: &AppState) -> app::site::Site {
    app::site::Site {
        public_url: state
            .config
            .public_url
            .as_str()
            .trim_end_matches('/')
            .to_string(),
        ip_rate_limit: state.config.ip_rate_limit,
        max_upload_bytes: state.config.max_upload_bytes,
        clock: state.clock.clone(),
    }
}

/// Looks up who is signed in before a page is rendered, and leaves them in the request for the
/// page ([`app::auth::SignedInUser`]), so the header knows them from the first byte. Layered on
/// the pages' router only; server functions, which share it, check the session themselves and
/// are passed through.
pub async fn load_page_user(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let is_page = request.method() == axum::http::Method::GET
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/");
    if is_page {
        let user = match cookie_policy(&state).token(request.headers()) {
            Some(token) => app::auth::service::current_user(&state.db, &token, state.clock.now())
                .await
                .unwrap_or_else(|e| {
                    tracing::warn!(error = %e, "could not read the session for a page");
                    None
                }),
            None => None,
        };
        request
            .extensions_mut()
            .insert(app::auth::SignedInUser(user));
    }
    next.run(request).await
}

/// Request metadata for sessions, limits and the audit log.
pub fn client_info(parts: &Parts) -> ClientInfo {
    ClientInfo::of(parts)
}

/// The signed-in person; answers 401 when there is none.
pub struct Authenticated(pub CurrentUser);

/// Why a request that needs a session was refused.
pub struct Unauthenticated(Response);

impl IntoResponse for Unauthenticated {
    fn into_response(self) -> Response {
        self.0
    }
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = Unauthenticated;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let locale = app::i18n::request_locale(&parts.headers);
        let unauthenticated = || {
            let mut response = Problem::new(
                StatusCode::UNAUTHORIZED,
                Some(locale.text(app::i18n::Key::FormSignInRequired).to_string()),
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Unauthenticated(response)
        };
        let Some(token) = cookie_policy(state).token(&parts.headers) else {
            return Err(unauthenticated());
        };
        match app::auth::service::current_user(&state.db, &token, state.clock.now()).await {
            Ok(Some(user)) => Ok(Authenticated(user)),
            Ok(None) => Err(unauthenticated()),
            Err(e) => Err(Unauthenticated(
                crate::api::ApiError::Domain(e, locale).into_response(),
            )),
        }
    }
}

/// The signed-in person, if there is one; never refuses.
pub struct MaybeAuthenticated(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeAuthenticated {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = cookie_policy(state).token(&parts.headers) else {
            return Ok(MaybeAuthenticated(None));
        };
        match app::auth::service::current_user(&state.db, &token, state.clock.now()).await {
            Ok(user) => Ok(MaybeAuthenticated(user)),
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                Ok(MaybeAuthenticated(None))
            }
        }
    }
}
