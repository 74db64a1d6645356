//! One lesson (`/learn/{enrollment}/lessons/{lesson}`), rendered whole on the server: it reads
//! before any script loads, and "Mark as read" is a plain form that goes on to the next lesson.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::{MarkLessonRead, read_lesson};
use super::super::dto::Lesson;
use crate::catalog::forbidden_or_error;
use crate::i18n::{Key, Locale, use_i18n};

/// A lesson read through an enrolment.
#[component]
pub fn LessonPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || {
            let read = params.read();
            (
                read.get("enrollment").and_then(|id| id.parse::<i64>().ok()),
                read.get("lesson").and_then(|id| id.parse::<i64>().ok()),
            )
        },
        |ids| async move {
            match ids {
                (Some(enrollment), Some(lesson)) => read_lesson(enrollment, lesson).await,
                _ => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || {
                data.get()
                    .map(|found| match found {
                        Err(e) => forbidden_or_error(e),
                        Ok(lesson) => view! { <LessonView lesson /> }.into_any(),
                    })
            }}
        </Suspense>
        <Title text=i18n.t(Key::CourseTitle) />
    }
}

#[component]
fn LessonView(lesson: Lesson) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let mark = ServerAction::<MarkLessonRead>::new();
    let enrollment = lesson.enrollment_id.unwrap_or_default();
    let shown = Locale::from_code(&lesson.language).unwrap_or_default();
    let fallback = lesson
        .instead_of
        .as_deref()
        .and_then(Locale::from_code)
        .map(|wanted| {
            locale.format(
                Key::LessonShownInstead,
                &[
                    ("wanted", wanted.name_in(locale)),
                    ("shown", shown.name_in(locale)),
                ],
            )
        });
    let course = format!("/learn/{enrollment}");
    let link = |l: &super::super::dto::LessonLink, key: Key, rel: &'static str| {
        let href = format!("/learn/{enrollment}/lessons/{}", l.id);
        let text = locale.format(key, &[("title", &l.title)]);
        view! { <A href=href attr:rel=rel>{text}</A> }
    };
    let previous = lesson
        .previous
        .as_ref()
        .map(|l| link(l, Key::LessonPrevious, "prev"));
    let next_link = lesson
        .next
        .as_ref()
        .map(|l| link(l, Key::LessonNext, "next"));
    let status = if lesson.revised_since_read {
        Some(i18n.t(Key::LessonRevisedSinceRead))
    } else if lesson.read {
        Some(i18n.t(Key::LessonAlreadyRead))
    } else {
        None
    };
    let button = if lesson.next.is_some() {
        Key::LessonMarkReadNext
    } else {
        Key::LessonMarkReadLast
    };
    view! {
        <Title text=lesson.title.clone() />
        <section class="lesson-page" aria-labelledby="lesson-title">
            <p class="breadcrumb">
                <A href=course.clone()>{lesson.module_title.clone()}</A>
                " › "
                {lesson.unit_title.clone()}
            </p>
            {fallback.map(|text| view! { <p class="form-notice" id="lesson-fallback">{text}</p> })}
            <article class="lesson-body" lang=shown.code()>
                <h1 id="lesson-title">{lesson.title.clone()}</h1>
                <div inner_html=lesson.html.clone()></div>
            </article>
            <LessonFiles attachments=lesson.attachments.clone() />
            {status.map(|text| view! { <p class="form-notice" id="lesson-status">{text}</p> })}
            <ActionForm action=mark attr:class="inline-form" attr:id="mark-read-form">
                <input type="hidden" name="enrollment_id" value=enrollment />
                <input type="hidden" name="lesson_id" value=lesson.id />
                <input type="hidden" name="revision_id" value=lesson.revision_id />
                {lesson.next.as_ref().map(|n| view! { <input type="hidden" name="next" value=n.id /> })}
                <button type="submit" class="primary-button">{i18n.t(button)}</button>
            </ActionForm>
            <nav class="lesson-nav" aria-label=i18n.t(Key::LessonNavigation)>
                {previous}
                <A href=course>{i18n.t(Key::LessonBackToCourse)}</A>
                {next_link}
            </nav>
        </section>
    }
}

/// The lesson's files: images shown with their alternative text, recordings with a player and
/// their transcript, documents as downloads with their size.
#[component]
fn LessonFiles(attachments: Vec<super::super::dto::Attachment>) -> impl IntoView {
    use super::super::dto::AttachmentKind;
    let i18n = use_i18n();
    let locale = i18n.locale();
    (!attachments.is_empty()).then(|| {
        view! {
            <section class="lesson-files" aria-labelledby="lesson-files-title">
                <h2 id="lesson-files-title">{i18n.t(Key::AttachmentsTitle)}</h2>
                {attachments
                    .into_iter()
                    .map(|a| {
                        let size = locale.file_size(a.size_bytes);
                        match a.kind {
                            AttachmentKind::Image => view! {
                                <figure>
                                    <img src=a.url.clone() alt=a.alt_text.clone().unwrap_or_default() loading="lazy" />
                                    <figcaption>{a.alt_text.clone()}</figcaption>
                                </figure>
                            }
                            .into_any(),
                            AttachmentKind::Audio => view! {
                                <figure>
                                    <audio controls preload="none" src=a.url.clone()></audio>
                                    <details>
                                        <summary>{i18n.t(Key::AttachmentTranscriptHeading)}</summary>
                                        <p class="transcript">{a.transcript.clone()}</p>
                                    </details>
                                    <figcaption><a href=a.url.clone() download>{a.file_name.clone()}</a>" · "{size}</figcaption>
                                </figure>
                            }
                            .into_any(),
                            AttachmentKind::Pdf => view! {
                                <p><a href=a.url.clone() download>{a.file_name.clone()}</a>" · PDF · "{size}</p>
                            }
                            .into_any(),
                        }
                    })
                    .collect_view()}
            </section>
        }
    })
}
