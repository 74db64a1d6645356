//! A trainee's course (`/learn/{enrollment}`): the module's units and lessons, what they have
//! read, and "continue where you left off". People whose enrolment does not open the lessons
//! (not yet, or not enrolled) see the outline only, told why.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::super::api::course_outline;
use super::super::dto::{AccessCode, Outline};
use crate::catalog::forbidden_or_error;
use crate::i18n::{Key, use_i18n};

/// The course outline of one enrolment.
#[component]
pub fn CoursePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || {
            params
                .read()
                .get("enrollment")
                .and_then(|id| id.parse::<i64>().ok())
        },
        |id| async move {
            match id {
                Some(id) => course_outline(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::CourseTitle) />
        <section class="wide-page" aria-labelledby="course-title">
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(outline) => view! { <Course outline /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Course(outline: Outline) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let query = use_query_map();
    let enrollment = outline.enrollment_id.unwrap_or_default();
    let open = outline.access == AccessCode::Open;
    let finished = move || query.read().get("finished").is_some();
    let access_note = match outline.access {
        AccessCode::Open => None,
        AccessCode::NotYet => Some(locale.format(
            Key::CourseOpensOn,
            &[(
                "date",
                &locale.date(outline.opens_on.as_deref().unwrap_or_default()),
            )],
        )),
        AccessCode::Outline => Some(locale.text(Key::CourseOutlineOnly).to_string()),
    };
    let overall = locale.format(
        Key::CourseProgress,
        &[
            ("read", &outline.read.to_string()),
            ("total", &outline.total.to_string()),
        ],
    );
    let next = outline
        .next_lesson_id
        .filter(|_| open)
        .map(|id| {
            let started = outline.read > 0;
            view! {
                <p>
                    <A href=format!("/learn/{enrollment}/lessons/{id}") attr:class="primary-button" attr:id="course-continue">
                        {i18n.t(if started { Key::CourseContinue } else { Key::CourseStart })}
                    </A>
                </p>
            }
        });
    let done = (open && outline.total > 0 && outline.read == outline.total)
        .then(|| view! { <p class="form-notice" role="status">{i18n.t(Key::CourseAllRead)}</p> });
    view! {
        <p class="breadcrumb"><A href="/my-learning">{i18n.t(Key::EnrollmentMyLearning)}</A></p>
        <h1 id="course-title">{outline.module_title.clone()}</h1>
        <Show when=finished>
            <p class="form-notice" role="status">{i18n.t(Key::CourseMarkedRead)}</p>
        </Show>
        {access_note.map(|text| view! { <p class="form-notice" id="course-access">{text}</p> })}
        {(outline.total == 0).then(|| view! { <p>{i18n.t(Key::CourseNoLessons)}</p> })}
        {(outline.total > 0).then(|| view! {
            <p id="course-progress">
                <progress max=outline.total value=outline.read aria-labelledby="course-progress-text"></progress>
                " "
                <span id="course-progress-text">{overall.clone()}</span>
            </p>
        })}
        {next}
        {done}
        <ol class="course-units">
            {outline
                .units
                .into_iter()
                .map(|unit| {
                    let tally = locale.format(
                        Key::CourseUnitProgress,
                        &[("read", &unit.read.to_string()), ("total", &unit.total.to_string())],
                    );
                    view! {
                        <li class="course-unit" id=format!("unit-{}", unit.id)>
                            <h2>{unit.title}</h2>
                            <p class="course-unit__tally">{tally}</p>
                            {unit.offline_bytes.map(|bytes| {
                                let size = locale.file_size(bytes as i64);
                                view! {
                                    <p>
                                        <a href=format!("/learn/{enrollment}/units/{}/offline.html", unit.id) download class="action-link">
                                            {locale.format(Key::CourseOfflineLink, &[("size", &size)])}
                                        </a>
                                    </p>
                                }
                            })}
                            <ol class="course-lessons">
                                {unit
                                    .lessons
                                    .into_iter()
                                    .map(|lesson| {
                                        let mark = lesson.read.then(|| view! {
                                            <span class="read-mark">" ✓ "<span class="visually-hidden">{i18n.t(Key::CourseRead)}</span></span>
                                        });
                                        let title = if open {
                                            view! { <A href=format!("/learn/{enrollment}/lessons/{}", lesson.id)>{lesson.title}</A> }.into_any()
                                        } else {
                                            view! { <span>{lesson.title}</span> }.into_any()
                                        };
                                        view! { <li>{title}{mark}</li> }
                                    })
                                    .collect_view()}
                            </ol>
                            {(!unit.quizzes.is_empty()).then(|| view! {
                                <ul class="course-quizzes">
                                    {unit.quizzes.into_iter().map(|q| {
                                        let score = q.score.map(|s| locale.format(
                                            Key::CourseQuizScore,
                                            &[("score", &locale.points(s)), ("max", &locale.points(q.max))],
                                        ));
                                        let role = i18n.t(crate::quizzes::role_key(q.role));
                                        let title = if open {
                                            view! { <A href=format!("/learn/{enrollment}/quizzes/{}", q.id)>{q.title}</A> }.into_any()
                                        } else {
                                            view! { <span>{q.title}</span> }.into_any()
                                        };
                                        view! {
                                            <li class="course-quiz">
                                                <span class="badge">{role}</span>" "{title}
                                                {score.map(|s| view! { " · "<span class="quiz-score">{s}</span> })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <crate::attendance::MyAttendanceSection enrollment />
        <crate::assessments::MyPracticalsSection enrollment />
    }
}
