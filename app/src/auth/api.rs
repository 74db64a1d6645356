//! Server functions for signing in and out (thin: the rules are in `service`).

use leptos::prelude::*;

use super::CurrentUser;
use crate::error::AppError;

#[cfg(feature = "ssr")]
mod ssr {
    use std::net::SocketAddr;

    use leptos::prelude::*;
    use sea_orm::DatabaseConnection;

    use crate::auth::cookie::CookiePolicy;
    use crate::auth::service::ClientInfo;
    use crate::error::AppError;

    pub fn db() -> Result<DatabaseConnection, AppError> {
        use_context::<DatabaseConnection>().ok_or_else(|| {
            tracing::error!("no database in the server-function context");
            AppError::Internal
        })
    }

    pub fn policy() -> CookiePolicy {
        use_context::<CookiePolicy>().unwrap_or_default()
    }

    pub fn client() -> ClientInfo {
        let Some(parts) = use_context::<http::request::Parts>() else {
            return ClientInfo::default();
        };
        ClientInfo {
            ip: parts
                .extensions
                .get::<axum::extract::ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip().to_string()),
            user_agent: parts
                .headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        }
    }

    pub fn token() -> Option<String> {
        use_context::<http::request::Parts>().and_then(|parts| policy().token(&parts.headers))
    }

    pub fn set_header(name: http::HeaderName, value: &str) {
        if let (Some(response), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(value),
        ) {
            response.append_header(name, value);
        }
    }
}

/// Signs in with email and password, sets the session cookie and goes to the home page.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<CurrentUser, AppError> {
    use crate::auth::service::{LoginError, current_user, login};
    use crate::i18n::{Key, initial_locale};

    let db = ssr::db()?;
    let locale = initial_locale();
    match login(&db, &email, &password, &ssr::client()).await {
        Ok(signed_in) => {
            ssr::set_header(
                http::header::SET_COOKIE,
                &ssr::policy().session(&signed_in.token),
            );
            ssr::set_header(http::header::CACHE_CONTROL, "no-store");
            let user = current_user(&db, &signed_in.token)
                .await
                .map_err(|e| e.for_page(locale))?
                .ok_or(AppError::Internal)?;
            leptos_axum::redirect("/");
            Ok(user)
        }
        Err(LoginError::InvalidCredentials) => Err(AppError::Invalid {
            field: "password".to_string(),
            message: locale.text(Key::SignInInvalid).to_string(),
        }
        .respond()),
        Err(LoginError::Throttled(wait)) => {
            let seconds = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
                .max(1)
                .to_string();
            Err(AppError::TooManyRequests(
                locale.format(Key::SignInThrottled, &[("seconds", &seconds)]),
            )
            .respond())
        }
        Err(LoginError::Failed(e)) => Err(e.for_page(locale)),
    }
}

/// Ends the session on the server, clears the cookie and goes to the home page.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let db = ssr::db()?;
    if let Some(token) = ssr::token() {
        crate::auth::service::logout(&db, &token, &ssr::client())
            .await
            .map_err(|e| e.for_page(crate::i18n::initial_locale()))?;
    }
    ssr::set_header(http::header::SET_COOKIE, &ssr::policy().clear());
    leptos_axum::redirect("/");
    Ok(())
}

/// The signed-in person, if any. A page showing them is marked `no-store`.
#[server(endpoint = "who_am_i")]
pub async fn who_am_i() -> Result<Option<CurrentUser>, AppError> {
    let db = ssr::db()?;
    let Some(token) = ssr::token() else {
        return Ok(None);
    };
    let user = crate::auth::service::current_user(&db, &token)
        .await
        .map_err(|e| e.for_page(crate::i18n::initial_locale()))?;
    if user.is_some() {
        ssr::set_header(http::header::CACHE_CONTROL, "no-store");
    }
    Ok(user)
}
