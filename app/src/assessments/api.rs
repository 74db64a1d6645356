//! The practical-test pages' server functions: thin adapters over [`super::service`].
//!
//! A form's server function takes one argument per form field; the generated client functions
//! cannot carry an item-level `allow`, hence this module-level one.
#![allow(clippy::too_many_arguments)]

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::dto::{MyPractical, Observation, OfferingPracticals, PracticalEditor, PracticalSheet};
use crate::error::AppError;

/// One criterion row of the editor's form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionRow {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub points: String,
    /// Present when ticked.
    #[serde(default)]
    pub critical: Option<String>,
}

/// An offering's practical tests.
#[server(endpoint = "load_offering_practicals")]
pub async fn load_offering_practicals(offering_id: i64) -> Result<OfferingPracticals, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::practical::offering_practicals(&db, &caller, offering_id, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// A practical test to edit, or a new one.
#[server(endpoint = "load_practical_editor")]
pub async fn load_practical_editor(
    offering_id: i64,
    test_id: Option<i64>,
) -> Result<PracticalEditor, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::practical::editor(&db, &caller, offering_id, test_id)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Saves a practical test from the editor, then shows its sheet.
#[server(endpoint = "save_practical")]
pub async fn save_practical(
    offering_id: i64,
    #[server(default)] test_id: Option<i64>,
    title: String,
    #[server(default)] instructions: Option<String>,
    pass_percent: String,
    #[server(default)] criterion: Option<BTreeMap<String, CriterionRow>>,
) -> Result<(), AppError> {
    use super::rules::{CriterionInput, TestInput};
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let mut rows: Vec<(usize, CriterionRow)> = criterion
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(i, row)| Some((i.parse().ok()?, row)))
        .collect();
    rows.sort_by_key(|(i, _)| *i);
    let input = TestInput {
        title: title.clone(),
        instructions: instructions.clone().unwrap_or_default(),
        pass_percent: pass_percent.clone(),
        criteria: rows
            .iter()
            .map(|(_, row)| CriterionInput {
                id: row.id.trim().parse().ok(),
                text: row.text.clone(),
                points: row.points.clone(),
                critical: row.critical.is_some(),
            })
            .collect(),
    };
    let saved = super::service::practical::save(
        &db,
        &caller,
        offering_id,
        test_id,
        &input,
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()));
    let mut typed: Vec<(String, String)> = vec![
        ("title".into(), title),
        ("instructions".into(), instructions.unwrap_or_default()),
        ("pass_percent".into(), pass_percent),
    ];
    for (i, row) in &rows {
        typed.push((format!("criterion[{i}][text]"), row.text.clone()));
        typed.push((format!("criterion[{i}][points]"), row.points.clone()));
        if row.critical.is_some() {
            typed.push((format!("criterion[{i}][critical]"), "on".into()));
        }
    }
    let typed: Vec<(&str, &str)> = typed
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let id = crate::forms::keep_typed(saved, "save_practical", &typed)?;
    leptos_axum::redirect(&format!("/admin/practical-tests/{id}?saved=test"));
    Ok(())
}

/// A test with every trainee's outcome.
#[server(endpoint = "load_practical_sheet")]
pub async fn load_practical_sheet(test_id: i64) -> Result<PracticalSheet, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::practical::sheet(&db, &caller, test_id, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Releases a test's results to its trainees.
#[server(endpoint = "release_practical")]
pub async fn release_practical(test_id: i64) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::practical::release(&db, &caller, test_id, request::site().now())
        .await
        .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&format!("/admin/practical-tests/{test_id}?saved=released"));
    Ok(())
}

/// One trainee observed against a test.
#[server(endpoint = "load_observation")]
pub async fn load_observation(test_id: i64, enrollment_id: i64) -> Result<Observation, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::observe::observation(&db, &caller, test_id, enrollment_id)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Saves a trainee's marks (`mark[{criterion}]`) and feedback; with `intent` `next`, goes on
/// to the next trainee.
#[server(endpoint = "observe_trainee")]
pub async fn observe_trainee(
    test_id: i64,
    enrollment_id: i64,
    #[server(default)] mark: Option<BTreeMap<String, String>>,
    #[server(default)] feedback: Option<String>,
    #[server(default)] reason: Option<String>,
    #[server(default)] next: Option<i64>,
    #[server(default)] intent: Option<String>,
) -> Result<(), AppError> {
    use super::codes::CriterionMark;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let mark = mark.unwrap_or_default();
    let given: Vec<(i64, CriterionMark)> = mark
        .iter()
        .filter_map(|(id, code)| Some((id.trim().parse().ok()?, CriterionMark::from_code(code)?)))
        .collect();
    let (feedback, reason) = (feedback.unwrap_or_default(), reason.unwrap_or_default());
    let saved = super::service::observe::record(
        &db,
        &caller,
        test_id,
        enrollment_id,
        &given,
        &feedback,
        &reason,
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()));
    let mut typed: Vec<(String, String)> = mark
        .iter()
        .map(|(id, code)| (format!("mark[{id}]"), code.clone()))
        .collect();
    typed.push(("feedback".into(), feedback));
    typed.push(("reason".into(), reason));
    let typed: Vec<(&str, &str)> = typed
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    crate::forms::keep_typed(saved, "observe_trainee", &typed)?;
    match (intent.as_deref(), next) {
        (Some("next"), Some(next)) => leptos_axum::redirect(&format!(
            "/admin/practical-tests/{test_id}/trainees/{next}?saved=previous"
        )),
        (Some("next"), None) => {
            leptos_axum::redirect(&format!("/admin/practical-tests/{test_id}?saved=all"))
        }
        _ => leptos_axum::redirect(&format!(
            "/admin/practical-tests/{test_id}/trainees/{enrollment_id}?saved=1"
        )),
    }
    Ok(())
}

/// The caller's released practical-test results in one enrolment.
#[server(endpoint = "load_my_practicals")]
pub async fn load_my_practicals(enrollment_id: i64) -> Result<Vec<MyPractical>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::observe::my_practicals(&db, &caller, enrollment_id)
        .await
        .map_err(|e| e.for_page(request::locale()))
}
