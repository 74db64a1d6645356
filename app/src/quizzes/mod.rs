//! Quizzes (issue 19): each module's question bank in the four languages, quizzes at the end of
//! its units (practice, the pre-test and the post-test), attempts through a trainee's enrolment
//! with the deadline kept by the server, grading (automatic, and essays by the offering's
//! instructors), knowledge gain and item statistics.
//!
//! - [`codes`]: question kinds, roles, which attempt counts, feedback timing;
//! - [`grading`]: how answers are scored, which attempt counts, gain and item statistics;
//! - [`rules`]: what a question and a quiz must be, windows, deadlines, draws;
//! - [`service`]: the bank, quizzes and schedules, attempts, marking and results over the
//!   database;
//! - [`api`]: the pages' server functions; `server/src/api/v1/quizzes.rs` is the JSON API.

pub mod api;
#[cfg(feature = "ssr")]
pub mod bulk;
pub mod codes;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod dto;
#[cfg(feature = "ssr")]
pub mod grading;
mod pages;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use pages::role_key;
pub use pages::{
    AttemptPage, GradingPage, ItemStatisticsPage, OfferingQuizzesPage, QuestionBankPage,
    QuestionEditorPage, QuizEditorPage, QuizPage,
};
