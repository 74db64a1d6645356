//! Enrolment pages: the Apply button of an offering, "My learning", an offering's applicants
//! and a coordinator's "My agency", one file per page.

mod agency;
mod applicant_row;
mod applicants;
mod my_learning;

use leptos::prelude::*;

use super::api::ApplyToOffering;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, use_i18n};

pub use agency::AgencyPage;
pub use applicants::ApplicantsPage;
pub use my_learning::MyLearningPage;

/// The Apply button under an offering on the module page. Without JavaScript it is a plain
/// form post; refusals (window closed, prerequisites…) come back as a sentence above it.
#[component]
pub fn ApplyButton(offering_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let apply = ServerAction::<ApplyToOffering>::new();
    let error = action_error(apply);
    view! {
        <ActionForm action=apply attr:class="apply-form">
            <FormAlert error=error />
            <input type="hidden" name="offering_id" value=offering_id.to_string() />
            <button type="submit" class="primary-button" data-offering=offering_id.to_string()>
                {i18n.t(Key::EnrollmentApply)}
            </button>
        </ActionForm>
    }
}
