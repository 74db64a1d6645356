//! The quiz pages: for authors (the question bank, a question's editor, a quiz's editor), for
//! trainees (a quiz, an attempt) and for instructors (grading, an offering's quizzes and gain,
//! a quiz's item statistics).

mod autosave;
mod bank;
mod grading;
mod offering;
mod question;
mod quiz_editor;
mod taking;

pub use bank::{ItemStatisticsPage, QuestionBankPage};
pub use grading::GradingPage;
pub use offering::OfferingQuizzesPage;
pub use question::QuestionEditorPage;
pub use quiz_editor::QuizEditorPage;
pub use taking::{AttemptPage, QuizPage};

use super::codes::{QuestionKind, QuizRole};
use crate::i18n::Key;

/// The name of a question kind.
pub(crate) fn kind_key(kind: QuestionKind) -> Key {
    match kind {
        QuestionKind::Single => Key::KindSingle,
        QuestionKind::Multiple => Key::KindMultiple,
        QuestionKind::TrueFalse => Key::KindTrueFalse,
        QuestionKind::Numeric => Key::KindNumeric,
        QuestionKind::ShortText => Key::KindShortText,
        QuestionKind::Essay => Key::KindEssay,
    }
}

/// The name of a quiz role.
pub fn role_key(role: QuizRole) -> Key {
    match role {
        QuizRole::Practice => Key::RolePractice,
        QuizRole::PreTest => Key::RolePreTest,
        QuizRole::PostTest => Key::RolePostTest,
    }
}

/// An id from the route's parameter.
pub(crate) fn param_id(params: &leptos_router::params::ParamsMap, name: &str) -> Option<i64> {
    params.get(name).and_then(|id| id.parse::<i64>().ok())
}
