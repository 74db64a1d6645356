//! Distance learning (issue 19): a module's units and lessons, written by its authors in the
//! four languages and read by its trainees in their offering's language, with progress per
//! enrolment. Quizzes are their own feature (`crate::quizzes`).
//!
//! - [`rules`]: when an enrolment opens the lessons, which translation is shown, progress;
//! - [`markdown`]: lesson text to sanitised HTML;
//! - [`service`]: authoring, reading and the progress table over the database;
//! - [`api`]: the pages' server functions; `server/src/api/v1/learning.rs` is the JSON API.

pub mod api;
#[cfg(feature = "ssr")]
pub mod bulk;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod dto;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod markdown;
mod pages;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use pages::{
    CoursePage, LessonEditorPage, LessonPage, ModuleContentPage, MyContentPage, ProgressPage,
};
