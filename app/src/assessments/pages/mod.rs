//! The practical-test pages: for instructors (an offering's tests, the editor, a test's sheet,
//! observing one trainee) and for trainees (their released results on the course page).

mod editor;
mod list;
mod mine;
mod observe;
mod sheet;

pub use editor::PracticalEditorPage;
pub use list::PracticalTestsPage;
pub use mine::MyPracticalsSection;
pub use observe::ObservationPage;
pub use sheet::PracticalSheetPage;

use super::codes::CriterionMark;
use super::dto::OutcomeView;
use crate::i18n::{Key, Locale};

/// The name of a criterion's mark.
pub(crate) fn mark_key(mark: CriterionMark) -> Key {
    match mark {
        CriterionMark::Met => Key::PracticalMet,
        CriterionMark::NotMet => Key::PracticalNotMet,
        CriterionMark::NotObserved => Key::PracticalNotObserved,
    }
}

/// "Passed · 75 %", "Failed: a critical criterion was not met · 50 %", "In progress · 60 % so far".
pub(crate) fn outcome_line(locale: Locale, o: &OutcomeView) -> String {
    let verdict = match o.passed {
        Some(true) => locale.text(Key::PracticalPassed),
        Some(false) if o.critical_failed => locale.text(Key::PracticalFailedCritical),
        Some(false) => locale.text(Key::PracticalFailed),
        None => locale.text(Key::PracticalInProgress),
    };
    match o.score {
        Some(score) => format!("{verdict} · {}", locale.percent(score)),
        None => verdict.to_string(),
    }
}

/// A route's numeric parameter.
pub(crate) fn param_id(params: &leptos_router::params::ParamsMap, name: &str) -> Option<i64> {
    params.get(name).and_then(|id| id.parse::<i64>().ok())
}
