//! Who is asking: sign-in, sessions and lockout.

pub(crate) mod api;
#[cfg(feature = "ssr")]
pub mod client_addr;
pub mod cookie;
mod pages;
#[cfg(feature = "ssr")]
pub mod passwords;
pub mod policy;
pub mod relation;
pub mod return_path;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod throttle;

pub use api::{
    ChangePassword, EndSession, ForgotPassword, MySessions, ResetPassword, SignIn, SignOut, WhoAmI,
    change_password, end_session, forgot_password, my_sessions, reset_password, sign_in, sign_out,
    who_am_i,
};
pub use pages::{
    AuthActions, ForgotPasswordPage, Notice, ResetPasswordPage, SignInFirst, SignInPage, UserMenu,
    WelcomeNotice, next_param, provide_auth, use_auth,
};
pub use return_path::SafeReturnPath;

use serde::{Deserialize, Serialize};

use crate::accounts::Role;

/// The signed-in person, as pages and `GET /api/v1/me` see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CurrentUser {
    /// Account id.
    pub id: i64,
    /// Sign-in address.
    pub email: String,
    /// Name as printed on certificates.
    pub full_name: String,
    /// Roles held now (read on every request, so a change applies at once).
    pub roles: Vec<Role>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Institution (its name).
    pub agency: String,
    /// The institution in the agency registry; `None` for the few accounts not yet linked.
    pub agency_id: Option<i64>,
    /// What keeps them from applying: an unverified address or an unconfirmed membership.
    pub hold: Option<crate::accounts::MembershipHold>,
    /// Police or civilian.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::accounts::Affiliation))]
    pub affiliation: String,
    /// The language mail and pages are written in.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::i18n::Locale))]
    pub preferred_language: String,
}

/// Who is signed in for the page being rendered: the server looks them up from the session
/// cookie before rendering and puts this in the request's extensions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignedInUser(pub Option<CurrentUser>);

/// One of a person's active sessions, as "My sessions" lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// Identifies the session to end it (a hash of the cookie, which cannot be turned back into
    /// a cookie).
    pub id: String,
    /// Signed in at (RFC 3339, UTC).
    pub created_at: String,
    /// Last request at (RFC 3339, UTC), to the minute.
    pub last_seen_at: String,
    /// The browser, as it described itself.
    pub user_agent: Option<String>,
    /// The address it came from.
    pub ip: Option<String>,
    /// Whether this is the session asking.
    pub current: bool,
}
