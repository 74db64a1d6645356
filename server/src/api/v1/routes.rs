//! The one table of `/api/v1` operations. Each row names a handler, whose `#[utoipa::path]`
//! gives its method, path and documentation, and the access it declares. The axum router
//! ([`router`]), the OpenAPI document's paths ([`document`]) and the route inventory
//! ([`inventory`]) are all read from it, so a route cannot be served undocumented or
//! undeclared. Adding a route is adding a row.

use axum::Router;
use axum::http::Method;
use utoipa::openapi::path::HttpMethod;
use utoipa_axum::router::UtoipaMethodRouter;
use utoipa_axum::routes;

use app::auth::policy::Access::{self, Action as Needs, Public, SignedIn};
use app::auth::policy::Action::*;

use super::{__path_openapi_json, openapi_json};
use super::{
    agencies, assessments, attendance, audit, auth, catalog, enrollment, health, learning,
    lookalikes, memberships, quizzes, scholarships, users,
};
use crate::startup::AppState;

/// Where the table's paths are served.
pub const PREFIX: &str = "/api/v1";

/// One operation of the API: its handler with documentation, and who may call it.
pub struct ApiRoute {
    /// What the caller must be (and, for an action, what the service checks).
    pub access: Access,
    operation: fn() -> UtoipaMethodRouter<AppState>,
}

/// The moves of an application, by who makes them: the coordinator endorses, the programme
/// decides, and the person (or the programme) withdraws.
const MOVES: &[app::auth::policy::Action] = &[Endorse, DecideApplication, Withdraw];

/// Reading a module's lessons: through one's own enrolment, or as an author or instructor.
const READING: &[app::auth::policy::Action] = &[Study, ReadContent];

macro_rules! api {
    ($access:expr => $($handler:tt)+) => {
        ApiRoute { access: $access, operation: || routes!($($handler)+) }
    };
}

/// Every `/api/v1` operation.
pub static ROUTES: &[ApiRoute] = &[
    api!(Public => health::health),
    api!(Public => openapi_json),
    api!(Public => auth::login),
    api!(Public => auth::logout),
    api!(SignedIn => auth::me),
    api!(Public => auth::register),
    api!(SignedIn => auth::change_password),
    api!(Public => auth::request_reset),
    api!(Public => auth::confirm_reset),
    api!(SignedIn => auth::sessions),
    api!(SignedIn => auth::end_session),
    api!(Public => agencies::list),
    api!(Needs(ManageAgencies) => agencies::create),
    api!(Needs(ManageAgencies) => agencies::update),
    api!(Needs(ManageAgencies) => agencies::merge),
    api!(Needs(EditCatalog) => lookalikes::of_module),
    api!(Needs(EditCatalog) => lookalikes::pairs),
    api!(Needs(ListUsers) => users::search),
    api!(Needs(ChangeRoles) => users::set_roles),
    api!(Needs(InviteUsers) => users::invite),
    api!(Needs(DeactivateUsers) => users::set_active),
    api!(Needs(ChangeStanding) => users::set_standing),
    api!(Needs(InviteUsers) => users::import),
    api!(Needs(ReadAudit) => audit::search),
    api!(Needs(ReadAudit) => audit::export),
    api!(Public => catalog::topics),
    api!(Public => catalog::search),
    api!(Public => catalog::get_module),
    api!(Needs(EditCatalog) => catalog::create_module),
    api!(Needs(EditCatalog) => catalog::update_module),
    api!(Public => catalog::list_offerings),
    api!(Public => catalog::get_offering),
    api!(Needs(EditCatalog) => catalog::create_offering),
    api!(Needs(EditCatalog) => catalog::update_offering),
    api!(Public => catalog::list_programmes),
    api!(Needs(EditCatalog) => catalog::create_programme),
    api!(Public => catalog::get_programme),
    api!(Needs(EditCatalog) => catalog::update_programme),
    api!(Needs(Apply) => enrollment::apply),
    api!(Needs(ReadRoster) => enrollment::roster),
    api!(SignedIn => enrollment::mine),
    api!(Needs(Withdraw) => enrollment::withdraw),
    api!(Access::AnyOf(MOVES) => enrollment::transition),
    api!(Needs(Nominate) => enrollment::nominate),
    api!(Needs(ManageScholarships) => scholarships::create),
    api!(SignedIn => scholarships::get_one),
    api!(Needs(ApplyForScholarship) => scholarships::apply),
    api!(Needs(DecideScholarship) => scholarships::decide),
    api!(Needs(FundEnrollment) => scholarships::commit),
    api!(Needs(ReadBudget) => scholarships::ledger_csv),
    api!(Public => memberships::verify_email),
    api!(SignedIn => memberships::resend_verification),
    api!(Needs(ConfirmMembership) => memberships::pending),
    api!(Needs(ConfirmMembership) => memberships::decide),
    api!(Needs(ManageAgencies) => memberships::accept_agency),
    api!(Access::AnyOf(READING) => learning::units),
    api!(Access::AnyOf(READING) => learning::lesson),
    api!(Needs(Study) => learning::mark_read),
    api!(Needs(ReadProgress) => learning::progress),
    api!(Needs(Study) => quizzes::start),
    api!(Needs(Study) => quizzes::attempt),
    api!(Needs(Study) => quizzes::answer),
    api!(Needs(Study) => quizzes::submit),
    api!(Needs(ReadProgress) => quizzes::results),
    api!(Needs(TakeAttendance) => attendance::roll_call),
    api!(Needs(CheckIn) => attendance::check_in),
    api!(Needs(TakeAttendance) => attendance::sheet),
    api!(Needs(CheckIn) => attendance::mine),
    api!(Needs(Assess) => assessments::observe),
];

/// One row as served: method, full path (as documented, `/api/v1/…`) and declared access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declared {
    /// The HTTP method.
    pub method: Method,
    /// The path, with `{name}` parameters.
    pub path: String,
    /// The declared access.
    pub access: Access,
}

fn method_of(method: &HttpMethod) -> Method {
    match method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Delete => Method::DELETE,
        HttpMethod::Options => Method::OPTIONS,
        HttpMethod::Head => Method::HEAD,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Trace => Method::TRACE,
    }
}

/// Every operation of the table with its method, path and access (the route inventory).
pub fn inventory() -> Vec<Declared> {
    let mut out = Vec::new();
    for route in ROUTES {
        let (_, paths, _) = (route.operation)();
        for (path, item) in paths.paths {
            let methods = [
                (HttpMethod::Get, item.get.is_some()),
                (HttpMethod::Post, item.post.is_some()),
                (HttpMethod::Put, item.put.is_some()),
                (HttpMethod::Delete, item.delete.is_some()),
                (HttpMethod::Patch, item.patch.is_some()),
                (HttpMethod::Head, item.head.is_some()),
                (HttpMethod::Options, item.options.is_some()),
                (HttpMethod::Trace, item.trace.is_some()),
            ];
            for (method, present) in methods {
                if present {
                    out.push(Declared {
                        method: method_of(&method),
                        path: path.clone(),
                        access: route.access,
                    });
                }
            }
        }
    }
    out
}

/// The router of the table, to be nested under [`PREFIX`]. A handler documented outside the
/// prefix is a mistake in its `#[utoipa::path]`: it is served where it says, never silently
/// moved, so the inventory test shows it.
pub fn router() -> Router<AppState> {
    ROUTES.iter().fold(Router::new(), |router, route| {
        let (_, paths, method_router) = (route.operation)();
        paths.paths.keys().fold(router, |router, path| {
            let local = path.strip_prefix(PREFIX).unwrap_or(path);
            router.route(local, method_router.clone())
        })
    })
}

/// `base` (title, tags, explicitly named schemas) with every operation of the table and the
/// schemas they name, as utoipa's derive would add them.
pub fn document(mut base: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut schemas = Vec::new();
    for route in ROUTES {
        let (named, paths, _) = (route.operation)();
        base.paths.merge(paths);
        schemas.extend(named);
    }
    base.components
        .get_or_insert_with(utoipa::openapi::Components::new)
        .schemas
        .extend(schemas);
    base
}
