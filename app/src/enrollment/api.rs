//! Server functions for enrolment pages: thin adapters over `service`.

use leptos::prelude::*;

use super::dto::{EnrollmentView, NominationChoices, OfficerHistory, Withdrawal};
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

/// The signed-in trainee withdraws an enrolment of theirs; "My learning" then says what became
/// of the seat, as it happened.
#[server(endpoint = "withdraw_enrollment")]
pub async fn withdraw(id: i64) -> Result<Withdrawal, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let saved = super::service::withdraw(&db, &request::site(), &caller, id)
        .await
        .map_err(|e| e.for_page(locale))?;
    let seat = match (saved.freed_seat, saved.seat_passed_on) {
        (_, true) => "passed_on",
        (true, false) => "freed",
        (false, false) => "left",
    };
    leptos_axum::redirect(&format!("/my-learning?withdrawn={seat}"));
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
    let roster = super::service::roster(&db, &caller, offering_id, request::site().today())
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
    let saved = crate::forms::keep_typed(
        super::service::change_status(&db, &request::site(), &caller, id, &to, &reason).await,
        &format!("decide-{id}-{to}"),
        &[("reason", &reason)],
    )
    .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect(&format!(
        "/admin/offerings/{offering_id}/enrollments?decided=1"
    ));
    Ok(saved)
}

/// The signed-in coordinator's agency: applications to endorse, officers, open offerings.
#[server(endpoint = "agency_overview")]
pub async fn agency_overview() -> Result<super::dto::AgencyOverview, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    super::service::agency_overview(&db, &caller, locale, request::site().today())
        .await
        .map_err(|e| e.for_page(locale))
}

/// The signed-in coordinator nominates an officer of their agency for an offering.
#[server(endpoint = "nominate_officer")]
pub async fn nominate_officer(
    offering_id: String,
    user_id: String,
) -> Result<EnrollmentView, AppError> {
    use crate::i18n::Key;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let offering_id = offering_id.trim().parse::<i64>().map_err(|_| {
        AppError::invalid("offering_id", locale.text(Key::OfferingModuleUnknown)).respond()
    })?;
    let user_id = user_id.trim().parse::<i64>().map_err(|_| {
        AppError::invalid("user_id", locale.text(Key::NominationNotTrainee)).respond()
    })?;
    let saved = super::service::nominate(&db, &request::site(), &caller, offering_id, user_id)
        .await
        .map_err(|e| match e {
            // On the form, an ineligible choice is said under the field it concerns.
            crate::error::DomainError::Refused(_, field) => {
                crate::error::DomainError::Invalid(vec![field])
            }
            other => other,
        })
        .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect("/my-agency?nominated=1");
    Ok(saved)
}

/// The coordinator endorses an application, or declines to, with a reason.
#[server(endpoint = "endorse_application")]
pub async fn endorse_application(
    id: i64,
    to: String,
    #[server(default)] reason: String,
) -> Result<EnrollmentView, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let saved = crate::forms::keep_typed(
        super::service::change_status(&db, &request::site(), &caller, id, &to, &reason).await,
        &format!("endorse-{id}-{to}"),
        &[("reason", &reason)],
    )
    .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect("/my-agency?decided=1");
    Ok(saved)
}

/// The offerings open for nominations, with whether the coordinator's officer `officer_id`
/// may be nominated for each.
#[server(endpoint = "nomination_options")]
pub async fn nomination_options(officer_id: i64) -> Result<NominationChoices, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    super::service::nomination_choices(&db, &request::site(), &caller, officer_id, locale)
        .await
        .map_err(|e| e.for_page(locale))
}

/// Every application of an officer of the coordinator's agency, decided or not.
#[server(endpoint = "officer_applications")]
pub async fn officer_applications(officer_id: i64) -> Result<OfficerHistory, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    super::service::officer_history(&db, &caller, officer_id, locale)
        .await
        .map_err(|e| e.for_page(locale))
}
