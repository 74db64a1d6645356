//! Who is asking: sign-in, sessions and lockout.

mod api;
pub mod cookie;
mod pages;
pub mod policy;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::{SignIn, SignOut, WhoAmI, sign_in, sign_out, who_am_i};
pub use pages::{AuthActions, SignInPage, UserMenu, provide_auth};

use serde::{Deserialize, Serialize};

use crate::accounts::Role;

/// The signed-in person, as pages and `GET /api/v1/me` see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Institution.
    pub agency: String,
    /// `police` or `civilian`.
    pub affiliation: String,
    /// `en`, `es`, `pt` or `fr`.
    pub preferred_language: String,
}
