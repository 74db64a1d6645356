//! The session cookie, and extractors for the signed-in person.

use std::net::SocketAddr;

use app::auth::CurrentUser;
use app::auth::service::ClientInfo;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::api::Problem;
use crate::startup::AppState;

/// The cookie's name: with the `__Host-` prefix (which browsers accept only with `Secure`,
/// `Path=/` and no domain) when the site is served over https.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-picap_session"
    } else {
        "picap_session"
    }
}

/// The `Set-Cookie` value that stores a session token.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure_attr = if secure { "; Secure" } else { "" };
    format!(
        "{}={token}; HttpOnly; SameSite=Lax; Path=/{secure_attr}",
        cookie_name(secure)
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    let secure_attr = if secure { "; Secure" } else { "" };
    format!(
        "{}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure_attr}",
        cookie_name(secure)
    )
}

/// The session token a request carries, if any.
pub fn token_from(headers: &HeaderMap, secure: bool) -> Option<String> {
    let name = cookie_name(secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, v)| *n == name && !v.is_empty())
        .map(|(_, v)| v.to_string())
}

/// Whether the site is served over https (secure cookies).
pub fn is_secure(state: &AppState) -> bool {
    state.config.public_url.scheme() == "https"
}

/// Request metadata for sessions and the audit log.
pub fn client_info(parts: &Parts) -> ClientInfo {
    ClientInfo {
        ip: parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string()),
        user_agent: parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.to_string()),
    }
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
        let unauthenticated = || {
            let mut response =
                Problem::new(StatusCode::UNAUTHORIZED, Some("Sign in first.".to_string()))
                    .into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Unauthenticated(response)
        };
        let Some(token) = token_from(&parts.headers, is_secure(state)) else {
            return Err(unauthenticated());
        };
        match app::auth::service::current_user(&state.db, &token).await {
            Ok(Some(user)) => Ok(Authenticated(user)),
            Ok(None) => Err(unauthenticated()),
            Err(e) => Err(Unauthenticated(
                crate::api::ApiError::from(e).into_response(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_http_only_lax_and_host_prefixed_over_https() {
        assert_eq!(
            session_cookie("t", false),
            "picap_session=t; HttpOnly; SameSite=Lax; Path=/"
        );
        assert_eq!(
            session_cookie("t", true),
            "__Host-picap_session=t; HttpOnly; SameSite=Lax; Path=/; Secure"
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("picap_lang=es; picap_session=abc"),
        );
        assert_eq!(token_from(&headers, false).as_deref(), Some("abc"));
        assert_eq!(
            token_from(&headers, true),
            None,
            "the https site reads only its prefixed cookie"
        );
    }
}
