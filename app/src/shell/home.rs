//! The public home page: what PICAP is and who it serves.
//!
//! It describes only what the site does today; certificates, attendance and follow-up surveys
//! join it when they exist.

use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let features = [
        (Key::HomeFeatureModularTitle, Key::HomeFeatureModularText),
        (Key::HomeFeatureBlendedTitle, Key::HomeFeatureBlendedText),
        (
            Key::HomeFeatureAttendanceTitle,
            Key::HomeFeatureAttendanceText,
        ),
        (
            Key::HomeFeatureNominationsTitle,
            Key::HomeFeatureNominationsText,
        ),
        (Key::HomeFeatureBalanceTitle, Key::HomeFeatureBalanceText),
        (
            Key::HomeFeatureScholarshipsTitle,
            Key::HomeFeatureScholarshipsText,
        ),
        (
            Key::HomeFeatureLanguagesTitle,
            Key::HomeFeatureLanguagesText,
        ),
    ];
    let audiences = [
        Key::HomeAudienceTrainee,
        Key::HomeAudienceInstructor,
        Key::HomeAudienceCoordinator,
        Key::HomeAudienceAdministrator,
    ];
    view! {
        <section class="hero" aria-labelledby="home-title">
            <h1 id="home-title">{i18n.t(Key::HomeTitle)}</h1>
            <p class="lead">{i18n.t(Key::HomeLead)}</p>
        </section>
        <section aria-labelledby="features-title">
            <h2 id="features-title">{i18n.t(Key::HomeFeaturesHeading)}</h2>
            <ul class="card-grid">
                {features
                    .into_iter()
                    .map(|(title, text)| {
                        view! {
                            <li class="card">
                                <h3>{i18n.t(title)}</h3>
                                <p>{i18n.t(text)}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="audience-title">
            <h2 id="audience-title">{i18n.t(Key::HomeAudienceHeading)}</h2>
            <ul class="audience-list">
                {audiences.into_iter().map(|text| view! { <li>{i18n.t(text)}</li> }).collect_view()}
            </ul>
        </section>
    }
}
