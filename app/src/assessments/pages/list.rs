//! An offering's practical tests (`/admin/offerings/{id}/practical-tests`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::load_offering_practicals;
use super::super::dto::OfferingPracticals;
use super::param_id;
use crate::catalog::forbidden_or_error;
use crate::i18n::{Key, use_i18n};

/// An offering's practical tests, with each one's progress.
#[component]
pub fn PracticalTestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || param_id(&params.read(), "id"),
        |id| async move {
            match id {
                Some(id) => load_offering_practicals(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::PracticalTitle) />
        <section class="wide-page" aria-labelledby="practicals-title">
            <Suspense fallback=|| ()>
                {move || data.get().map(|found| match found {
                    Err(e) => forbidden_or_error(e),
                    Ok(list) => view! { <List list /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn List(list: OfferingPracticals) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let offering = list.offering_id;
    let heading = locale.format(
        Key::PracticalHeading,
        &[(
            "offering",
            &format!("{} · {}", list.module_title, locale.date(&list.starts_on)),
        )],
    );
    view! {
        <h1 id="practicals-title">{heading}</h1>
        <p class="page-intro">{i18n.t(Key::PracticalIntro)}</p>
        <p>
            <A href=format!("/admin/offerings/{offering}/practical-tests/new") attr:class="primary-button" attr:id="new-practical">
                {i18n.t(Key::PracticalNew)}
            </A>
        </p>
        {list.tests.is_empty().then(|| view! { <p>{i18n.t(Key::PracticalNone)}</p> })}
        <ul class="grading-list" id="practical-tests">
            {list.tests.into_iter().map(|t| {
                let progress = locale.format(Key::PracticalProgress, &[
                    ("complete", &t.complete.to_string()),
                    ("total", &t.trainees.to_string()),
                    ("passed", &t.passed.to_string()),
                ]);
                view! {
                    <li class="card">
                        <h2><A href=format!("/admin/practical-tests/{}", t.id)>{t.title.clone()}</A></h2>
                        <p>
                            {locale.format(Key::PracticalCriteriaCount, &[("count", &t.criteria.to_string()), ("pass", &t.pass_percent.to_string())])}
                            " · "{progress}
                            {t.released_at.is_some().then(|| view! { " " <span class="badge">{i18n.t(Key::PracticalReleasedBadge)}</span> })}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
