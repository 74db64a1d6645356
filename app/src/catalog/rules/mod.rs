//! Pure catalog rules: what a module and an offering must be, and prerequisite cycles.
//!
//! By subject: the catalog's codes (`super::codes`, built for the browser too), modules (`module`), offerings and their sessions
//! (`offering`), programmes (`programme`) and prerequisite cycles (`prerequisites`). Everything
//! is re-exported here, so callers name `catalog::rules::X` whatever file holds it.

use std::collections::BTreeMap;

use crate::i18n::{Key, Locale};

mod module;
mod offering;
mod prerequisites;
mod programme;

pub use super::codes::{
    Audience, CatalogStatus, DeliveryMode, EnrollmentPolicy, Level, OfferingStatus, SessionKind,
};
pub use module::{ModuleDraft, ModuleInput, valid_code};
pub use offering::{OfferingDraft, OfferingInput, SessionDraft, SessionInput};
pub use prerequisites::find_cycle;
pub use programme::{ProgrammeDraft, ProgrammeInput, ProgrammeModuleInput};

/// One refused field: its name and the translated reason.
pub type FieldProblem = (&'static str, Key);

pub use super::session_rules::{MAX_SESSIONS, SessionPart, session_field};

// Shared by modules, offerings and programmes.

fn default_status() -> String {
    CatalogStatus::Draft.code().to_string()
}

/// Trimmed text cut at `max` characters; `None` when blank.
pub(super) fn optional_text(value: &Option<String>, max: usize) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| v.chars().take(max).collect())
}

fn localized(
    map: &BTreeMap<String, String>,
    field: &'static str,
    max: usize,
    problems: &mut Vec<FieldProblem>,
    key: Key,
) -> BTreeMap<Locale, String> {
    let mut out = BTreeMap::new();
    for (lang, text) in map {
        let text = text.trim();
        match Locale::from_code(lang) {
            Some(locale)
                if text.chars().count() <= max
                    && !text.chars().any(|c| c.is_control() && c != '\n') =>
            {
                if !text.is_empty() {
                    out.insert(locale, text.to_string());
                }
            }
            _ => {
                problems.push((field, key));
                return out;
            }
        }
    }
    out
}
