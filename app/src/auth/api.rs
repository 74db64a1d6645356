//! Server functions for signing in and out, passwords and sessions (thin: the rules are in
//! `service` and `passwords`).

use leptos::prelude::*;

use super::{CurrentUser, SessionInfo};
use crate::error::AppError;

/// Signs in with email and password, sets the session cookie and goes back to `next` when it is
/// a path on this site ([`super::SafeReturnPath`]), else to the home page.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<CurrentUser, AppError> {
    use crate::auth::service::login;
    use crate::auth::throttle::Scope;
    use crate::request;

    let locale = request::locale();
    let outcome = async {
        request::count_attempt(Scope::SignIn).await?;
        let db = request::db()?;
        signed_in_as(
            &db,
            login(
                &db,
                &email,
                &password,
                &request::client(),
                &request::site().clock,
            )
            .await,
            locale,
            &super::SafeReturnPath::or(next.as_deref(), "/"),
        )
        .await
    }
    .await;
    crate::forms::keep_typed(outcome, "sign_in", &[("email", &email)])
}

/// Opens the session of a successful sign-in and sends the browser to `then` (a checked path),
/// or says why there is no session.
#[cfg(feature = "ssr")]
async fn signed_in_as(
    db: &sea_orm::DatabaseConnection,
    login: Result<crate::auth::service::SignedIn, crate::auth::service::LoginError>,
    locale: crate::i18n::Locale,
    then: &str,
) -> Result<CurrentUser, AppError> {
    use crate::auth::service::{LoginError, current_user};
    use crate::i18n::Key;
    use crate::request;
    match login {
        Ok(signed_in) => {
            start_session(&signed_in.token);
            let user = current_user(db, &signed_in.token, request::site().now())
                .await
                .map_err(|e| e.for_page(locale))?
                .ok_or(AppError::Internal)?;
            leptos_axum::redirect(then);
            Ok(user)
        }
        Err(LoginError::InvalidCredentials) => Err(AppError::invalid(
            crate::forms::WHOLE_FORM,
            locale.text(Key::SignInInvalid),
        )
        .respond()),
        Err(LoginError::Throttled(wait)) => Err(request::too_many(wait)),
        Err(LoginError::Failed(e)) => Err(e.for_page(locale)),
    }
}

/// Sets the session cookie of a new session.
#[cfg(feature = "ssr")]
pub(crate) fn start_session(token: &str) {
    use crate::request;
    request::set_header(
        http::header::SET_COOKIE,
        &request::cookie_policy().session(token),
    );
    request::set_header(http::header::CACHE_CONTROL, "no-store");
}

/// Ends the session on the server, clears the cookie and goes to the home page.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::request;
    let db = request::db()?;
    if let Some(token) = request::token() {
        crate::auth::service::logout(&db, &token, &request::client())
            .await
            .map_err(|e| e.for_page(request::locale()))?;
    }
    request::set_header(http::header::SET_COOKIE, &request::cookie_policy().clear());
    leptos_axum::redirect("/");
    Ok(())
}

/// The signed-in person, if any. A page showing them is marked `no-store`.
#[server(endpoint = "who_am_i")]
pub async fn who_am_i() -> Result<Option<CurrentUser>, AppError> {
    use crate::request;
    let db = request::db()?;
    let Some(token) = request::token() else {
        return Ok(None);
    };
    let user = crate::auth::service::current_user(&db, &token, request::site().now())
        .await
        .map_err(|e| e.for_page(request::locale()))?;
    if user.is_some() {
        request::set_header(http::header::CACHE_CONTROL, "no-store");
    }
    Ok(user)
}

/// "Forgot password": emails a reset link if the address has an account, and says the same
/// either way.
#[server(endpoint = "forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use crate::auth::throttle::Scope;
    use crate::request;
    let outcome = async {
        request::count_attempt(Scope::PasswordReset).await?;
        let db = request::db()?;
        crate::auth::passwords::request_reset(&db, &request::site(), &email)
            .await
            .map_err(|e| e.for_page(request::locale()))
    }
    .await;
    crate::forms::keep_typed(outcome, "forgot_password", &[("email", &email)])?;
    leptos_axum::redirect("/forgot-password?sent=1");
    Ok(())
}

/// Sets a new password from an emailed link, then sends the person to sign in.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
    use crate::auth::throttle::Scope;
    use crate::request;
    request::count_attempt(Scope::PasswordSet).await?;
    let db = request::db()?;
    crate::auth::passwords::reset_password(
        &db,
        &token,
        &new_password,
        &request::client(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect("/sign-in?password=set");
    Ok(())
}

/// Changes the signed-in person's password; their other sessions end.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::auth::throttle::Scope;
    use crate::request;
    let (db, user, token) = request::signed_in().await?;
    request::count_attempt(Scope::PasswordChange).await?;
    crate::auth::passwords::change_password(
        &db,
        user.id,
        &token,
        &current_password,
        &new_password,
        &request::client(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect("/profile?saved=password");
    Ok(())
}

/// The signed-in person's active sessions.
#[server(endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    use crate::request;
    let (db, user, token) = request::signed_in().await?;
    crate::auth::service::list_sessions(&db, user.id, &token, request::site().now())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Ends one of the signed-in person's sessions.
#[server(endpoint = "end_session")]
pub async fn end_session(id: String) -> Result<(), AppError> {
    use crate::request;
    let (db, user, _) = request::signed_in().await?;
    crate::auth::service::end_session(&db, user.id, &id, &request::client())
        .await
        .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect("/profile?saved=session");
    Ok(())
}
