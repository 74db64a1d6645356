//! What the practical-test pages and the JSON API show.

use serde::{Deserialize, Serialize};

use super::codes::CriterionMark;

/// One criterion of a checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CriterionView {
    pub id: i64,
    pub text: String,
    pub points: i32,
    /// Not met fails the test whatever the score.
    pub critical: bool,
}

/// A trainee's outcome, as pages and the API show it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutcomeView {
    /// Points met over points observed, 0–1; none before anything is observed.
    pub score: Option<f64>,
    /// Every criterion marked and every critical one observed.
    pub complete: bool,
    pub critical_failed: bool,
    /// None while undecided.
    pub passed: Option<bool>,
}

/// One practical test in its offering's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PracticalSummary {
    pub id: i64,
    pub title: String,
    pub pass_percent: i32,
    pub criteria: u32,
    /// RFC 3339, once results were released to trainees.
    pub released_at: Option<String>,
    /// Trainees with a result, complete ones, passed ones, of how many.
    pub started: u32,
    pub complete: u32,
    pub passed: u32,
    pub trainees: u32,
}

/// An offering's practical tests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferingPracticals {
    pub offering_id: i64,
    pub module_title: String,
    /// ISO date.
    pub starts_on: String,
    pub tests: Vec<PracticalSummary>,
}

/// A practical test to create or change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PracticalEditor {
    pub offering_id: i64,
    pub id: Option<i64>,
    pub title: String,
    pub instructions: String,
    pub pass_percent: i32,
    pub criteria: Vec<CriterionView>,
    /// Results exist: the checklist can no longer change.
    pub locked: bool,
}

/// One trainee's line on a test's sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetRow {
    pub enrollment_id: i64,
    pub name: String,
    /// None before the instructor started observing them.
    pub outcome: Option<OutcomeView>,
}

/// A practical test with every trainee's outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PracticalSheet {
    pub summary: PracticalSummary,
    pub offering_id: i64,
    pub module_title: String,
    pub instructions: Option<String>,
    pub criteria: Vec<CriterionView>,
    pub rows: Vec<SheetRow>,
}

/// An outcome given or changed, as the history shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultChangeView {
    pub old_score: Option<f64>,
    pub new_score: Option<f64>,
    pub old_passed: Option<bool>,
    pub new_passed: Option<bool>,
    pub reason: Option<String>,
    pub by: Option<String>,
    /// RFC 3339 (UTC).
    pub at: String,
}

/// One trainee observed against a test's checklist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Observation {
    pub test_id: i64,
    pub title: String,
    pub offering_id: i64,
    pub instructions: Option<String>,
    /// Results are released: a change needs a reason.
    pub released: bool,
    pub enrollment_id: i64,
    pub name: String,
    pub criteria: Vec<CriterionView>,
    /// Each criterion's mark, in checklist order.
    pub marks: Vec<Option<CriterionMark>>,
    pub feedback: Option<String>,
    pub outcome: Option<OutcomeView>,
    /// The next trainee on the sheet, for "save and next".
    pub next_enrollment_id: Option<i64>,
    pub history: Vec<ResultChangeView>,
}

/// A released result, as its trainee sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MyPractical {
    pub test_id: i64,
    pub title: String,
    pub pass_percent: i32,
    pub outcome: OutcomeView,
    pub feedback: Option<String>,
    /// (criterion, its mark) in checklist order.
    pub criteria: Vec<(CriterionView, Option<CriterionMark>)>,
}

/// One criterion's mark as the JSON API takes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MarkGiven {
    pub criterion_id: i64,
    pub mark: CriterionMark,
}

/// An observation as the JSON API takes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ObservationRequest {
    /// The criteria marked (others keep their marks).
    pub marks: Vec<MarkGiven>,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 400))]
    pub feedback: Option<String>,
    /// Why a released result changes (required then).
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 400))]
    pub reason: Option<String>,
}
