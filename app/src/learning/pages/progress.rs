//! An offering's progress table (`/admin/offerings/{id}/progress`): lessons read per trainee
//! and unit, for the offering's instructors and the programme.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::load_offering_progress;
use super::super::dto::OfferingProgress;
use crate::catalog::forbidden_or_error;
use crate::i18n::{Key, use_i18n};

/// The progress table of one offering.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || {
            params
                .read()
                .get("id")
                .and_then(|id| id.parse::<i64>().ok())
        },
        |id| async move {
            match id {
                Some(id) => load_offering_progress(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::ProgressTitle) />
        <section class="wide-page" aria-labelledby="progress-title">
            <h1 id="progress-title">{i18n.t(Key::ProgressTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(table) => view! { <Table table /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Table(table: OfferingProgress) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let intro = locale.format(
        Key::ProgressIntro,
        &[
            ("module", &table.module_title),
            ("date", &locale.date(&table.starts_on)),
        ],
    );
    let empty = table.trainees.is_empty();
    view! {
        <p class="page-intro">{intro}</p>
        <p>
            <A href=format!("/admin/offerings/{}/enrollments", table.offering_id)>{i18n.t(Key::ProgressApplicants)}</A>
            " · "
            <A href=format!("/admin/offerings/{}/quizzes", table.offering_id) attr:id="progress-quizzes-link">{i18n.t(Key::ResultsTitle)}</A>
        </p>
        {empty.then(|| view! { <p>{i18n.t(Key::ProgressNobody)}</p> })}
        {(!empty).then(|| view! {
            <div class="table-scroll">
                <table class="data-table" id="progress-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(Key::ProgressTrainee)}</th>
                            {table
                                .units
                                .iter()
                                .map(|u| view! { <th scope="col">{u.title.clone()}" ("{u.total}")"</th> })
                                .collect_view()}
                            <th scope="col">{i18n.t(Key::ProgressOverall)}</th>
                            <th scope="col">{i18n.t(Key::ProgressLastRead)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {table
                            .trainees
                            .into_iter()
                            .map(|t| {
                                let overall = locale.format(
                                    Key::CourseProgress,
                                    &[("read", &t.read.to_string()), ("total", &t.total.to_string())],
                                );
                                view! {
                                    <tr>
                                        <th scope="row">{t.name}</th>
                                        {t.per_unit.into_iter().map(|n| view! { <td>{n}</td> }).collect_view()}
                                        <td>{overall}</td>
                                        <td>{t.last_read_at.map(|at| locale.date_time(&at)).unwrap_or_else(|| "—".to_string())}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        })}
    }
}
