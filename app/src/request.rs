//! What a server function knows about the request it answers: the database, the signed-in
//! person, the client and the deployment settings. One place, so every server function checks
//! the session the same way.

use leptos::prelude::*;
use sea_orm::DatabaseConnection;

use crate::auth::CurrentUser;
use crate::auth::cookie::CookiePolicy;
use crate::auth::service::ClientInfo;
use crate::error::AppError;
use crate::i18n::{Locale, initial_locale};
use crate::site::Site;

/// The database pool.
pub fn db() -> Result<DatabaseConnection, AppError> {
    use_context::<DatabaseConnection>().ok_or_else(|| {
        tracing::error!("no database in the server-function context");
        AppError::Internal
    })
}

/// The session cookie policy.
pub fn cookie_policy() -> CookiePolicy {
    use_context::<CookiePolicy>().unwrap_or_default()
}

/// The deployment settings.
pub fn site() -> Site {
    use_context::<Site>().unwrap_or_default()
}

/// The reader's language.
pub fn locale() -> Locale {
    initial_locale()
}

/// The client's address (as the server decided it, see [`crate::auth::client_addr`]) and
/// browser.
pub fn client() -> ClientInfo {
    use_context::<http::request::Parts>()
        .map(|parts| ClientInfo::of(&parts))
        .unwrap_or_default()
}

/// The session token from the cookie, if any.
pub fn token() -> Option<String> {
    use_context::<http::request::Parts>().and_then(|parts| cookie_policy().token(&parts.headers))
}

/// Appends a response header.
pub fn set_header(name: http::HeaderName, value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(name, value);
    }
}

/// The signed-in person with their session token, or 401. Marks the answer `no-store`.
pub async fn signed_in() -> Result<(DatabaseConnection, CurrentUser, String), AppError> {
    let db = db()?;
    let token = token().ok_or_else(|| AppError::SignInRequired.respond())?;
    let user = crate::auth::service::current_user(&db, &token, site().now())
        .await
        .map_err(|e| e.for_page(locale()))?
        .ok_or_else(|| AppError::SignInRequired.respond())?;
    set_header(http::header::CACHE_CONTROL, "no-store");
    Ok((db, user, token))
}

/// The refusal for too many attempts, with `Retry-After`.
pub fn too_many(wait: std::time::Duration) -> AppError {
    let seconds = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
    set_header(http::header::RETRY_AFTER, &seconds.to_string());
    AppError::TooManyRequests(locale().format(
        crate::i18n::Key::SignInThrottled,
        &[("seconds", &seconds.to_string())],
    ))
    .respond()
}

/// Counts an attempt against the per-address limit.
pub async fn count_attempt(scope: crate::auth::throttle::Scope) -> Result<(), AppError> {
    use crate::auth::throttle::Throttle;
    let db = db()?;
    match crate::auth::throttle::count_attempt(
        &db,
        scope,
        client().ip.as_deref(),
        site().ip_rate_limit,
        site().now(),
    )
    .await
    {
        Ok(()) => Ok(()),
        Err(Throttle::Limited(wait)) => Err(too_many(wait)),
        Err(Throttle::Failed(e)) => Err(e.for_page(locale())),
    }
}
