//! The axum routes outside `/api/v1`, the pages and the server functions: calendar files and
//! feeds, the import upload, and lesson attachments (upload and download). One table gives the
//! router and each route's declared access (read by the route-inventory test); adding a route
//! is adding a row.

use axum::Router;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};

use app::auth::policy::Access::{self, Action as Needs, AnyOf, Public, Token};
use app::auth::policy::Action::{EditContent, InviteUsers, ReadContent, Study};

use crate::startup::AppState;

/// One route: method, path, declared access and handler.
pub struct SiteRoute {
    /// The HTTP method.
    pub method: Method,
    /// The path, with `{name}` parameters.
    pub path: &'static str,
    /// What the caller must be.
    pub access: Access,
    handler: fn() -> MethodRouter<AppState>,
}

/// Every route outside `/api/v1`, the pages and the server functions.
pub static ROUTES: &[SiteRoute] = &[
    SiteRoute {
        method: Method::GET,
        path: "/calendar/{file}",
        // The address is the secret: a calendar application cannot sign in.
        access: Token,
        handler: || get(crate::calendars::personal_feed),
    },
    SiteRoute {
        method: Method::GET,
        path: "/offerings/{id}/calendar.ics",
        access: Public,
        handler: || get(crate::calendars::offering_calendar_file),
    },
    SiteRoute {
        method: Method::POST,
        path: "/admin/people/import/upload",
        access: Needs(InviteUsers),
        handler: || {
            post(crate::uploads::import_people).layer(axum::extract::DefaultBodyLimit::max(
                crate::uploads::MAX_UPLOAD_BYTES + 64 * 1024,
            ))
        },
    },
    SiteRoute {
        method: Method::POST,
        path: "/admin/catalog/lessons/{id}/attachments",
        access: Needs(EditContent),
        // The configured limit (`PICAP_MAX_UPLOAD_MB`, at most 1 GB) is applied while the file
        // streams in; this is only the outer bound.
        handler: || {
            post(crate::lesson_files::upload)
                .layer(axum::extract::DefaultBodyLimit::max(1025 * 1024 * 1024))
        },
    },
    SiteRoute {
        method: Method::GET,
        path: "/files/lessons/{id}",
        // Whoever may read the lesson: an enrolled trainee in its window, its authors and
        // instructors, administrators (`attachments::open_for`); anyone else gets 404.
        access: AnyOf(&[Study, ReadContent, EditContent]),
        handler: || get(crate::lesson_files::serve),
    },
    SiteRoute {
        method: Method::GET,
        path: "/learn/{enrollment}/units/{unit}/offline.html",
        // The enrolment's own trainee, while its lessons are open.
        access: Needs(Study),
        handler: || get(crate::lesson_files::offline_unit),
    },
];

/// What is served besides these routes, with its access: the static assets under `/pkg` and
/// the pages (each page asks for a session itself and shows only what the policy allows).
/// Server functions are declared in [`crate::server_fns`].
pub const SERVICES: &[(&str, Access)] = &[("/pkg", Public), ("pages", Public)];

/// The router of the table.
pub fn router() -> Router<AppState> {
    ROUTES.iter().fold(Router::new(), |router, route| {
        router.route(route.path, (route.handler)())
    })
}
