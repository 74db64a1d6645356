//! `/api/v1`: routes and the OpenAPI document generated from them.

mod agencies;
mod audit;
mod auth;
mod catalog;
mod enrollment;
mod health;
mod lookalikes;
mod scholarships;
mod users;

use axum::Router;
use axum::routing::{delete, get, post, put};
use utoipa::OpenApi;

use crate::startup::AppState;

pub use health::HealthReport;

/// The OpenAPI document: every `/api/v1` path is listed here, next to its handler.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "PICAP API",
        description = "Inter-American Police Training Program: the training management API for integrations.",
    ),
    paths(
        health::health,
        openapi_json,
        auth::login,
        auth::logout,
        auth::me,
        auth::register,
        auth::change_password,
        auth::request_reset,
        auth::confirm_reset,
        auth::sessions,
        auth::end_session,
        agencies::list,
        agencies::create,
        agencies::update,
        agencies::merge,
        lookalikes::of_module,
        lookalikes::pairs,
        users::search,
        users::set_roles,
        users::invite,
        users::set_active,
        users::set_standing,
        users::import,
        audit::search,
        audit::export,
        catalog::topics,
        catalog::search,
        catalog::get_module,
        catalog::create_module,
        catalog::update_module,
        catalog::list_offerings,
        catalog::get_offering,
        catalog::create_offering,
        catalog::update_offering,
        catalog::list_programmes,
        catalog::create_programme,
        catalog::get_programme,
        catalog::update_programme,
        enrollment::apply,
        enrollment::roster,
        enrollment::mine,
        enrollment::withdraw,
        enrollment::transition,
        enrollment::nominate,
        scholarships::create,
        scholarships::get_one,
        scholarships::apply,
        scholarships::decide,
        scholarships::commit,
        scholarships::ledger_csv
    ),
    components(schemas(HealthReport, app::agencies::Agency, app::agencies::AgencyInput, app::agencies::MergeInto, app::agencies::Merged, app::catalog::Lookalike, app::catalog::LookalikePair, super::Problem, auth::LoginRequest, auth::CurrentUserSchema, auth::RegisterRequest, auth::PasswordChange, auth::ResetRequest, auth::ResetConfirm, auth::SessionSchema, users::UserSummarySchema, users::RolesBody, users::InviteBody, users::ActiveBody, users::StandingBody, users::ImportReportSchema, audit::AuditPageSchema, catalog::TopicSchema, catalog::ModuleSchema, catalog::ModulePageSchema, catalog::OfferingSchema, catalog::OfferingPageSchema, catalog::ProgrammeSchema, enrollment::EnrollmentSchema, enrollment::RosterSchema, enrollment::TransitionBody, enrollment::NominationBody, scholarships::ScholarshipProgrammeSchema, scholarships::ScholarshipApplicationSchema, scholarships::DecisionSchema, scholarships::ApplicationBody, scholarships::CommitmentBody)),
    tags(
        (name = "system", description = "Service health and this document"),
        (name = "accounts", description = "Sign-in, sessions and people"),
        (name = "catalog", description = "Programmes, modules and offerings"),
        (name = "enrollment", description = "Applications, seats, waitlists and withdrawals"),
        (name = "scholarships", description = "Scholarship programmes, applications, awards and the budget ledger")
    )
)]
pub struct ApiDoc;

/// The OpenAPI 3.1 document describing this API.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "system",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json"))
)]
pub async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}

/// The `/api/v1` routes, to be nested under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/openapi.json", get(openapi_json))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/register", post(auth::register))
        .route("/auth/password-reset", post(auth::request_reset))
        .route("/auth/password-reset/confirm", post(auth::confirm_reset))
        .route("/me", get(auth::me))
        .route("/me/password", post(auth::change_password))
        .route("/me/sessions", get(auth::sessions))
        .route("/me/sessions/{id}", delete(auth::end_session))
        .route("/me/enrollments", get(enrollment::mine))
        .route(
            "/offerings/{id}/enrollments",
            get(enrollment::roster).post(enrollment::apply),
        )
        .route("/offerings/{id}/nominations", post(enrollment::nominate))
        .route("/enrollments/{id}", delete(enrollment::withdraw))
        .route("/enrollments/{id}/transition", post(enrollment::transition))
        .route("/enrollments/{id}/scholarship", post(scholarships::commit))
        .route("/scholarship-programmes", post(scholarships::create))
        .route("/scholarship-programmes/{id}", get(scholarships::get_one))
        .route(
            "/scholarship-programmes/{id}/applications",
            post(scholarships::apply),
        )
        .route(
            "/scholarship-programmes/{id}/ledger.csv",
            get(scholarships::ledger_csv),
        )
        .route(
            "/scholarship-applications/{id}/decision",
            post(scholarships::decide),
        )
        .route("/agencies", get(agencies::list).post(agencies::create))
        .route("/agencies/{id}", put(agencies::update))
        .route("/agencies/{id}/merge", post(agencies::merge))
        .route("/modules/{id}/lookalikes", get(lookalikes::of_module))
        .route("/module-lookalikes", get(lookalikes::pairs))
        .route("/users", get(users::search).post(users::invite))
        .route("/users/{id}/roles", put(users::set_roles))
        .route("/users/{id}/active", put(users::set_active))
        .route("/users/{id}/standing", put(users::set_standing))
        .route("/users/import", post(users::import))
        .route("/audit", get(audit::search))
        .route("/audit.csv", get(audit::export))
        .route("/topics", get(catalog::topics))
        .route(
            "/programmes",
            get(catalog::list_programmes).post(catalog::create_programme),
        )
        .route(
            "/programmes/{id}",
            get(catalog::get_programme).put(catalog::update_programme),
        )
        .route(
            "/modules",
            get(catalog::search).post(catalog::create_module),
        )
        .route(
            "/modules/{id}",
            get(catalog::get_module).put(catalog::update_module),
        )
        .route(
            "/offerings",
            get(catalog::list_offerings).post(catalog::create_offering),
        )
        .route(
            "/offerings/{id}",
            get(catalog::get_offering).put(catalog::update_offering),
        )
        .fallback(super::problem::not_found)
}
