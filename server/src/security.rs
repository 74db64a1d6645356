//! Request protection applied to every request: the cross-origin check for state-changing
//! requests, and the security headers.
//!
//! The cross-origin check follows Go's `http.CrossOriginProtection`: browsers tell us where a
//! request comes from (`Sec-Fetch-Site`, else `Origin`), so a form on another site cannot make a
//! signed-in person's browser change anything here. Non-browser clients send neither header and
//! pass; they carry no ambient cookies a third party could abuse.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::Problem;

/// The strict policy for every response that does not set its own (JSON, files, redirects).
/// Pages set a nonce-based policy of their own in `app::shell`.
pub const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Whether a request may proceed. Safe methods always may.
pub fn cross_origin_allowed(method: &Method, headers: &HeaderMap, public_origin: &str) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin") | Ok("none"));
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if origin.eq_ignore_ascii_case(public_origin) {
        return true;
    }
    // As Go does: an Origin naming the very host the request was sent to is same-origin.
    let origin_host = origin.split_once("://").map(|(_, host)| host);
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// Middleware: refuses cross-origin state-changing requests with 403.
pub async fn cross_origin_guard(
    State(public_origin): State<String>,
    request: Request,
    next: Next,
) -> Response {
    if cross_origin_allowed(request.method(), request.headers(), &public_origin) {
        next.run(request).await
    } else {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-origin request refused");
        let locale = app::i18n::request_locale(request.headers());
        Problem::new(
            StatusCode::FORBIDDEN,
            Some(locale.text(app::i18n::Key::SecurityCrossOrigin).to_string()),
        )
        .into_response()
    }
}

/// Middleware: security headers on every response, without overriding a page's own policy.
/// Anything answered to a request that carries a session cookie is `no-store`: it may show the
/// person's own records, which no shared or browser cache should keep.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let signed_in = [true, false].into_iter().any(|secure| {
        app::auth::cookie::CookiePolicy { secure }
            .token(request.headers())
            .is_some()
    });
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if signed_in {
        // Hashed assets keep their own (immutable) caching.
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(DEFAULT_CSP));
    headers
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    response
}

/// A plain form post that succeeds is sent back to the page it came from, and Leptos leaves an
/// empty `?` on that address where it removed a previous refusal's error. Readers see the
/// address: give it back as it was.
pub async fn tidy_form_redirect(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let tidied = response
        .headers()
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|location| location.strip_suffix('?'))
        .and_then(|location| HeaderValue::from_str(location).ok());
    if let Some(location) = tidied {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// A search form sends every field, the empty ones too (`?q=crime&topic=&mode=&…`). The
/// catalog's address is shown, bookmarked and shared: a search with empty fields is redirected
/// to the same search without them (the browser keeps the results' `#` anchor).
pub async fn tidy_search_address(request: Request, next: Next) -> Response {
    if request.method() == Method::GET
        && request.uri().path() == "/catalog"
        && let Some(query) = request.uri().query()
        && let Some(clean) = without_empty_fields(query)
    {
        let target = if clean.is_empty() {
            "/catalog".to_string()
        } else {
            format!("/catalog?{clean}")
        };
        if let Ok(location) = HeaderValue::from_str(&target) {
            let mut response = Response::new(axum::body::Body::empty());
            *response.status_mut() = axum::http::StatusCode::SEE_OTHER;
            response.headers_mut().insert(header::LOCATION, location);
            return response;
        }
    }
    next.run(request).await
}

/// `query` without its empty `name=` pairs, or `None` when it has none to drop.
fn without_empty_fields(query: &str) -> Option<String> {
    let pairs: Vec<&str> = query.split('&').collect();
    let kept: Vec<&str> = pairs
        .iter()
        .copied()
        .filter(|pair| !pair.is_empty() && !pair.ends_with('=') && !pair.starts_with('='))
        .collect();
    (kept.len() != pairs.len()).then(|| kept.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_search_fields_leave_the_address() {
        let cases = [
            (
                "q=crime&topic=&mode=&upcoming=true",
                Some("q=crime&upcoming=true"),
            ),
            ("q=&topic=", Some("")),
            ("q=crime&page=2", None),
            ("q=crime&", Some("q=crime")),
            ("q=a%3D&x=", Some("q=a%3D")),
            ("=", Some("")),
        ];
        for (query, expected) in cases {
            assert_eq!(without_empty_fields(query).as_deref(), expected, "{query}");
        }
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn cross_origin_table() {
        let public = "https://picap.example.org";
        // (method, request headers, allowed)
        type Case<'a> = (Method, &'a [(&'a str, &'a str)], bool);
        let cases: &[Case] = &[
            (Method::GET, &[("sec-fetch-site", "cross-site")], true),
            (Method::HEAD, &[("origin", "https://evil.example")], true),
            (Method::POST, &[("sec-fetch-site", "same-origin")], true),
            (Method::POST, &[("sec-fetch-site", "none")], true),
            (Method::POST, &[("sec-fetch-site", "same-site")], false),
            (Method::POST, &[("sec-fetch-site", "cross-site")], false),
            (
                Method::POST,
                &[
                    ("sec-fetch-site", "cross-site"),
                    ("origin", "https://picap.example.org"),
                ],
                false,
            ),
            (
                Method::POST,
                &[("origin", "https://picap.example.org")],
                true,
            ),
            (Method::POST, &[("origin", "https://evil.example")], false),
            (Method::POST, &[("origin", "null")], false),
            (
                Method::PUT,
                &[
                    ("origin", "http://127.0.0.1:3000"),
                    ("host", "127.0.0.1:3000"),
                ],
                true,
            ),
            (
                Method::DELETE,
                &[
                    ("origin", "http://127.0.0.1:3001"),
                    ("host", "127.0.0.1:3000"),
                ],
                false,
            ),
            (Method::POST, &[], true),
            (Method::PATCH, &[("host", "picap.example.org")], true),
        ];
        for (method, pairs, allowed) in cases {
            assert_eq!(
                cross_origin_allowed(method, &headers(pairs), public),
                *allowed,
                "{method} {pairs:?}"
            );
        }
    }
}
