//! A refused plain form post comes back to its page without the refusal in the address.
//!
//! Leptos answers a refused no-JavaScript form post with a redirect to the form's page and the
//! error in the query (`?__path=/api/…&__err=<base64>`), where the next render finds it. People
//! see, bookmark and share that address. Here the redirect loses those two parameters into a
//! short-lived `HttpOnly` cookie, and the next page request for that very address gets them put
//! back into its query inside the server, before Leptos reads it. The browser's address stays
//! what the person was on. A refusal too large for a cookie keeps Leptos's own way.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// The cookie that carries a refusal across the redirect.
pub const REFUSAL_COOKIE: &str = "picap_refusal";

/// Browsers keep cookies up to 4096 bytes; stay well inside.
const MAX_COOKIE: usize = 3500;

/// A refusal on its way to the page that shows it.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Refusal {
    /// The page's path and query, without the refusal.
    to: String,
    /// The refused server function (`__path`).
    path: String,
    /// The encoded error (`__err`).
    err: String,
}

/// Splits a redirect target into the clean address (path and query, as the browser should
/// show it) and the refusal it carries, if any.
fn split_location(location: &str) -> Option<(String, Refusal)> {
    let base = url::Url::parse("http://local.invalid").ok()?;
    let url = base.join(location).ok()?;
    let mut path = None;
    let mut err = None;
    let mut kept = Vec::new();
    for (key, value) in url.query_pairs() {
        match key.as_ref() {
            "__path" => path = Some(value.into_owned()),
            "__err" => err = Some(value.into_owned()),
            _ => kept.push((key.into_owned(), value.into_owned())),
        }
    }
    let (path, err) = (path?, err?);
    let mut clean = url.clone();
    clean.set_query(None);
    if !kept.is_empty() {
        clean.query_pairs_mut().extend_pairs(kept);
    }
    let to = match clean.query() {
        Some(query) => format!("{}?{query}", clean.path()),
        None => clean.path().to_string(),
    };
    // Same-site redirects only: an absolute Location keeps its origin.
    let location = if location.starts_with('/') {
        to.clone()
    } else {
        format!("{}{to}", clean.origin().ascii_serialization())
    };
    Some((location, Refusal { to, path, err }))
}

/// The refusal cookie of a request, if it has one.
fn cookie_of(request: &Request) -> Option<Refusal> {
    let value = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == REFUSAL_COOKIE)
        .map(|(_, value)| value.to_string())?;
    let bytes = URL_SAFE_NO_PAD.decode(value.as_bytes()).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// `uri` with the refusal's two parameters added to its query.
fn with_refusal(uri: &Uri, refusal: &Refusal) -> Option<Uri> {
    let mut pairs = url::form_urlencoded::Serializer::new(String::new());
    pairs.append_pair("__path", &refusal.path);
    pairs.append_pair("__err", &refusal.err);
    let extra = pairs.finish();
    let target = match uri.query() {
        Some(query) if !query.is_empty() => format!("{}?{query}&{extra}", uri.path()),
        _ => format!("{}?{extra}", uri.path()),
    };
    target.parse().ok()
}

/// Moves a refusal out of a redirect's address into a cookie, and back into the query of the
/// page request it was meant for.
pub async fn carry_refusal(mut request: Request, next: Next) -> Response {
    let mut clear = false;
    if request.method() == Method::GET
        && let Some(refusal) = cookie_of(&request)
    {
        // Shown once, on the page it was meant for; any other page just clears it.
        clear = true;
        let here = request
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str().to_string())
            .unwrap_or_default();
        if here == refusal.to
            && let Some(uri) = with_refusal(request.uri(), &refusal)
        {
            *request.uri_mut() = uri;
        }
    }
    let mut response = next.run(request).await;
    if clear {
        let gone = format!("{REFUSAL_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0");
        if let Ok(value) = HeaderValue::from_str(&gone) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    let moved = response
        .headers()
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .and_then(split_location);
    if let Some((location, refusal)) = moved {
        let encoded = serde_json::to_vec(&refusal)
            .map(|json| URL_SAFE_NO_PAD.encode(json))
            .unwrap_or_default();
        let cookie =
            format!("{REFUSAL_COOKIE}={encoded}; HttpOnly; SameSite=Lax; Path=/; Max-Age=120");
        if !encoded.is_empty()
            && cookie.len() <= MAX_COOKIE
            && let (Ok(location), Ok(cookie)) = (
                HeaderValue::from_str(&location),
                HeaderValue::from_str(&cookie),
            )
        {
            response.headers_mut().insert(header::LOCATION, location);
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_leaves_the_address_and_the_rest_stays() {
        let cases = [
            (
                "http://127.0.0.1:3000/sign-in?__path=%2Fapi%2Flogin&__err=abc",
                Some((
                    "http://127.0.0.1:3000/sign-in",
                    "/sign-in",
                    "/api/login",
                    "abc",
                )),
            ),
            (
                "https://picap.example.org/catalog?q=crime+scene&page=2&__path=/api/x&__err=e%3D",
                Some((
                    "https://picap.example.org/catalog?q=crime+scene&page=2",
                    "/catalog?q=crime+scene&page=2",
                    "/api/x",
                    "e=",
                )),
            ),
            (
                "/my-learning?__path=/api/withdraw_enrollment&__err=zz",
                Some((
                    "/my-learning",
                    "/my-learning",
                    "/api/withdraw_enrollment",
                    "zz",
                )),
            ),
            ("/my-learning?applied=withdrawn", None),
            ("/sign-in?__err=only-the-error", None),
        ];
        for (location, expected) in cases {
            let found = split_location(location);
            match expected {
                None => assert!(found.is_none(), "{location}"),
                Some((clean, to, path, err)) => {
                    let (got, refusal) = found.expect(location);
                    assert_eq!(got, clean, "{location}");
                    assert_eq!(refusal.to, to, "{location}");
                    assert_eq!(refusal.path, path, "{location}");
                    assert_eq!(refusal.err, err, "{location}");
                }
            }
        }
    }

    #[test]
    fn the_refusal_goes_back_into_the_query_it_was_meant_for() {
        let refusal = Refusal {
            to: "/catalog?q=x".into(),
            path: "/api/apply_to_offering".into(),
            err: "a+b=".into(),
        };
        let uri: Uri = "/catalog?q=x".parse().expect("uri");
        assert_eq!(
            with_refusal(&uri, &refusal).expect("uri").to_string(),
            "/catalog?q=x&__path=%2Fapi%2Fapply_to_offering&__err=a%2Bb%3D"
        );
        let bare: Uri = "/sign-in".parse().expect("uri");
        assert_eq!(
            with_refusal(&bare, &refusal).expect("uri").to_string(),
            "/sign-in?__path=%2Fapi%2Fapply_to_offering&__err=a%2Bb%3D"
        );
    }
}
