//! Server functions for enrolment pages: thin adapters over `service`.

use leptos::prelude::*;

use super::dto::EnrollmentView;
use crate::error::AppError;

/// The signed-in trainee applies to an offering; the page then shows "My learning" with the
/// outcome (enrolled, waitlisted with a position, or sent for endorsement).
#[server(endpoint = "apply_to_offering")]
pub async fn apply_to_offering(offering_id: i64) -> Result<EnrollmentView, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let saved = super::service::apply(&db, &request::site(), &caller, offering_id)
        .await
        .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect(&format!("/my-learning?applied={}", saved.status));
    Ok(saved)
}

/// The signed-in trainee withdraws an enrolment of theirs.
#[server(endpoint = "withdraw_enrollment")]
pub async fn withdraw(id: i64) -> Result<EnrollmentView, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let saved = super::service::withdraw(&db, &request::site(), &caller, id)
        .await
        .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect("/my-learning?applied=withdrawn");
    Ok(saved)
}

/// The signed-in person's applications and enrolments.
#[server(endpoint = "my_enrollments")]
pub async fn my_enrollments() -> Result<Vec<EnrollmentView>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    super::service::my_enrollments(&db, &caller, locale)
        .await
        .map_err(|e| e.for_page(locale))
}
