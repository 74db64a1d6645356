//! A trainee's released practical-test results, on their course page: the outcome, the
//! instructor's feedback and each criterion's mark. Unreleased results never reach the page.

use leptos::prelude::*;

use super::super::api::load_my_practicals;
use super::super::dto::MyPractical;
use super::{mark_key, outcome_line};
use crate::i18n::{Key, use_i18n};

/// The released practical-test results of one enrolment (nothing when there are none).
#[component]
pub fn MyPracticalsSection(enrollment: i64) -> impl IntoView {
    let data = Resource::new(move || enrollment, load_my_practicals);
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().and_then(Result::ok).filter(|r| !r.is_empty()).map(|results| view! { <Results results /> })}
        </Suspense>
    }
}

#[component]
fn Results(results: Vec<MyPractical>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    view! {
        <section class="my-attendance" aria-labelledby="my-practicals-title" id="my-practicals">
            <h2 id="my-practicals-title">{i18n.t(Key::PracticalMine)}</h2>
            {results.into_iter().map(|r| view! {
                <article class="card my-practical">
                    <h3>{r.title.clone()}</h3>
                    <p><strong>{outcome_line(locale, &r.outcome)}</strong>" · "{locale.format(Key::PracticalPassMark, &[("pass", &r.pass_percent.to_string())])}</p>
                    {r.feedback.clone().map(|f| view! { <p class="practical-feedback">{f}</p> })}
                    <ul>
                        {r.criteria.into_iter().map(|(c, mark)| view! {
                            <li>{c.text}{c.critical.then(|| view! { " " <span class="badge">{i18n.t(Key::PracticalCritical)}</span> })}": "
                                {mark.map(|m| locale.text(mark_key(m)).to_string()).unwrap_or_else(|| "—".into())}
                            </li>
                        }).collect_view()}
                    </ul>
                </article>
            }).collect_view()}
        </section>
    }
}
