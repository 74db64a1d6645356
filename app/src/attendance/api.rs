//! The attendance pages' server functions: thin adapters over [`super::service`].

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::dto::{CheckInDisplay, CheckInForm, MyAttendance, OfferingAttendance, RollCall};
use crate::error::AppError;

/// An offering's attendance sheet.
#[server(endpoint = "load_offering_attendance")]
pub async fn load_offering_attendance(offering_id: i64) -> Result<OfferingAttendance, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::sheets::offering_attendance(
        &db,
        &caller,
        offering_id,
        request::locale(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))
}

/// Saves whether trainees may check themselves in and whether late counts as attended.
#[server(endpoint = "save_attendance_settings")]
pub async fn save_attendance_settings(
    offering_id: i64,
    #[server(default)] self_check_in: Option<String>,
    #[server(default)] late_counts_present: Option<String>,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::sheets::set_settings(
        &db,
        &caller,
        offering_id,
        self_check_in.is_some(),
        late_counts_present.is_some(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&format!(
        "/admin/offerings/{offering_id}/attendance?saved=settings"
    ));
    Ok(())
}

/// A session's roll call.
#[server(endpoint = "load_roll_call")]
pub async fn load_roll_call(session_id: i64) -> Result<RollCall, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::roll_call::roll_call(
        &db,
        &caller,
        session_id,
        request::locale(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))
}

/// Saves a roll call: `status[{enrolment}]` and `note[{enrolment}]` per trainee, and the
/// reason for any recorded mark that changes.
#[server(endpoint = "take_roll_call")]
pub async fn take_roll_call(
    session_id: i64,
    #[server(default)] status: Option<BTreeMap<String, String>>,
    #[server(default)] note: Option<BTreeMap<String, String>>,
    #[server(default)] was: Option<BTreeMap<String, String>>,
    #[server(default)] reason: Option<String>,
) -> Result<(), AppError> {
    use super::rules::MarkInput;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    // Keyed by the enrolment's number, so "5" and "05" are one trainee; every trainee on the
    // form sends a note and the mark it showed, a status once one is chosen.
    let by_id = |map: Option<BTreeMap<String, String>>| -> BTreeMap<i64, String> {
        map.unwrap_or_default()
            .into_iter()
            .filter_map(|(k, v)| Some((k.trim().parse().ok()?, v)))
            .collect()
    };
    let (status, note, was) = (by_id(status), by_id(note), by_id(was));
    let ids: std::collections::BTreeSet<i64> = status
        .keys()
        .chain(note.keys())
        .chain(was.keys())
        .copied()
        .collect();
    let inputs: Vec<MarkInput> = ids
        .into_iter()
        .map(|id| MarkInput {
            enrollment_id: id,
            status: status.get(&id).cloned().unwrap_or_default(),
            note: note.get(&id).cloned().unwrap_or_default(),
            was: Some(was.get(&id).cloned().unwrap_or_default()),
        })
        .collect();
    let reason = reason.unwrap_or_default();
    let saved = super::service::roll_call::record(
        &db,
        &caller,
        session_id,
        &inputs,
        &reason,
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()));
    // A refused roll call comes back with every choice and note as typed.
    let typed: Vec<(String, String)> = inputs
        .iter()
        .flat_map(|m| {
            [
                (format!("status[{}]", m.enrollment_id), m.status.clone()),
                (format!("note[{}]", m.enrollment_id), m.note.clone()),
            ]
        })
        .chain([("reason".to_string(), reason.clone())])
        .collect();
    let typed: Vec<(&str, &str)> = typed
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let changed = crate::forms::keep_typed(saved, "take_roll_call", &typed)?;
    leptos_axum::redirect(&format!(
        "/admin/sessions/{session_id}/attendance?saved={changed}"
    ));
    Ok(())
}

/// The code shown for self check-in.
#[server(endpoint = "load_check_in_code")]
pub async fn load_check_in_code(session_id: i64) -> Result<CheckInDisplay, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let site = request::site();
    super::service::check_in::display(
        &db,
        &site,
        &caller,
        session_id,
        request::locale(),
        site.now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))
}

/// A session's check-in page, for the signed-in trainee.
#[server(endpoint = "load_check_in")]
pub async fn load_check_in(session_id: i64) -> Result<CheckInForm, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::check_in::form(
        &db,
        &caller,
        session_id,
        request::locale(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))
}

/// Checks the trainee in with the code they entered.
#[server(endpoint = "check_in")]
pub async fn check_in(session_id: i64, code: String) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let done =
        super::service::check_in::check_in(&db, &caller, session_id, &code, request::site().now())
            .await
            .map_err(|e| e.for_page(request::locale()));
    let done = crate::forms::keep_typed(done, "check_in", &[("code", &code)])?;
    leptos_axum::redirect(&format!(
        "/check-in/{session_id}?done={}",
        if done.marked_now { "marked" } else { "already" }
    ));
    Ok(())
}

/// The trainee's own sessions and attendance in one enrolment.
#[server(endpoint = "load_my_attendance")]
pub async fn load_my_attendance(enrollment_id: i64) -> Result<MyAttendance, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::sheets::my_attendance(
        &db,
        &caller,
        enrollment_id,
        request::locale(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))
}
