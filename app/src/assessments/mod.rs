//! Observed practical tests (issue 20): an offering's scenario-based assessments, each a
//! checklist of criteria (some critical), filled by its instructors on a phone for one trainee
//! after another; results released to trainees when the instructor says so, every outcome
//! given or changed kept in an append-only history.
//!
//! - [`codes`]: what kind of item, and a criterion's mark;
//! - [`rules`]: what a test must be, and a trainee's outcome (pure, table-tested);
//! - [`service`]: the same over the database;
//! - [`api`]: the pages' server functions; `server/src/api/v1/assessments.rs` is the JSON API.

pub mod api;
pub mod codes;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod dto;
mod pages;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use codes::{AssessmentKind, CriterionMark};
pub use pages::{
    MyPracticalsSection, ObservationPage, PracticalEditorPage, PracticalSheetPage,
    PracticalTestsPage,
};
