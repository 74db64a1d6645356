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

/// An offering and who applied to it, for its applicants page (administrators and the
/// offering's instructors).
#[server(endpoint = "offering_applicants")]
pub async fn offering_applicants(
    offering_id: i64,
) -> Result<(crate::catalog::OfferingView, Vec<super::RosterEntry>), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let page = |e: crate::error::DomainError| e.for_page(locale);
    let roster = super::service::roster(&db, &caller, offering_id)
        .await
        .map_err(page)?;
    let offering = crate::catalog::offerings::get_offering(&db, Some(&caller), offering_id)
        .await
        .map_err(page)?;
    Ok((offering, roster))
}

/// An administrator's (or the person's coordinator's) decision on an enrolment, with a reason.
#[server(endpoint = "decide_enrollment")]
pub async fn decide_enrollment(
    offering_id: i64,
    id: i64,
    to: String,
    reason: String,
) -> Result<EnrollmentView, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let saved = super::service::change_status(&db, &request::site(), &caller, id, &to, &reason)
        .await
        .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect(&format!(
        "/admin/offerings/{offering_id}/enrollments?decided=1"
    ));
    Ok(saved)
}
