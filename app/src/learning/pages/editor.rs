//! A lesson's editor (`/admin/catalog/lessons/{id}?language=es`): one language at a time, a
//! title and a Markdown textarea; "Preview" keeps the text as a draft and shows it exactly as
//! trainees will see it, "Publish" makes it the next revision. Plain form posts, so it works
//! without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::super::api::{EditLesson, load_lesson_editor};
use super::super::dto::LessonEditor;
use crate::auth::Notice;
use crate::catalog::forbidden_or_error;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, Locale, use_i18n};

/// The lesson editor.
#[component]
pub fn LessonEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params
                    .read()
                    .get("id")
                    .and_then(|id| id.parse::<i64>().ok()),
                query.read().get("language"),
            )
        },
        |(id, language)| async move {
            match id {
                Some(id) => load_lesson_editor(id, language).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::EditorTitle) />
        <section class="wide-page" aria-labelledby="editor-title">
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(editor) => view! { <Editor editor /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Editor(editor: LessonEditor) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let edit = ServerAction::<EditLesson>::new();
    let error = action_error(edit);
    let language = Locale::from_code(&editor.language).unwrap_or_default();
    let lesson_id = editor.lesson_id;
    let published = editor.published_number;
    let based_on = editor.based_on;
    // The caller's draft started before the newest revision: they publish over it knowingly.
    let stale = (editor.is_draft && based_on != published)
        .then_some(published)
        .flatten();
    let others = (!editor.others_drafting.is_empty()).then(|| {
        let names: Vec<String> = editor
            .others_drafting
            .iter()
            .map(|(name, at)| format!("{name} ({})", locale.date_time(at)))
            .collect();
        locale.format(Key::EditorOthersDrafting, &[("names", &names.join(", "))])
    });
    let tabs = editor
        .languages
        .iter()
        .map(|(code, number, draft)| {
            let l = Locale::from_code(code).unwrap_or_default();
            let state = match (number, draft) {
                (Some(n), _) => locale.format(Key::ContentPublishedRevision, &[("number", &n.to_string())]),
                (None, true) => locale.text(Key::ContentDraft).to_string(),
                (None, false) => locale.text(Key::EditorNotWritten).to_string(),
            };
            let current = (l == language).then_some("page");
            view! {
                <li>
                    <a href=format!("/admin/catalog/lessons/{lesson_id}?language={code}") aria-current=current>
                        {l.name_in(locale)}
                        <span class="language-tabs__state">{state}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let status = match (editor.is_draft, published) {
        (true, Some(n)) => locale.format(Key::EditorDraftOver, &[("number", &n.to_string())]),
        (true, None) => locale.text(Key::EditorDraftOnly).to_string(),
        (false, Some(n)) => {
            locale.format(Key::EditorShowingPublished, &[("number", &n.to_string())])
        }
        (false, None) => locale.text(Key::EditorNothingYet).to_string(),
    };
    let fallback = (language.code() != editor.primary_language).then(|| {
        let primary = Locale::from_code(&editor.primary_language).unwrap_or_default();
        locale.format(
            Key::EditorFallbackHint,
            &[("language", primary.name_in(locale))],
        )
    });
    let (title, preview_title) = (editor.title.clone(), editor.title.clone());
    let heading = locale.format(
        Key::EditorHeading,
        &[("language", language.name_in(locale))],
    );
    view! {
        <p class="breadcrumb">
            <a href=format!("/admin/catalog/modules/{}/content", editor.module_id)>{editor.module_title.clone()}</a>
            " › "
            {editor.unit_title.clone()}
        </p>
        <h1 id="editor-title">{heading}</h1>
        <Notice param="previewed" texts=&[("1", Key::EditorDraftSaved)] />
        <PublishedNotice />
        <Notice param="discarded" texts=&[("1", Key::EditorDiscarded)] />
        <nav aria-label=i18n.t(Key::ContentLanguage)>
            <ul class="language-tabs">{tabs}</ul>
        </nav>
        {editor.retired.then(|| view! { <p class="form-notice">{i18n.t(Key::EditorRetiredNote)}</p> })}
        <p id="editor-status">{status}</p>
        {stale.map(|n| view! {
            <p class="form-notice" id="editor-stale">
                {locale.format(Key::EditorStale, &[("number", &n.to_string())])}
            </p>
        })}
        {others.map(|text| view! { <p class="field-hint" id="editor-others">{text}</p> })}
        {fallback.map(|text| view! { <p class="field-hint">{text}</p> })}
        <ActionForm action=edit attr:class="stacked-form lesson-form" attr:id="lesson-form">
            <FormAlert error=error />
            <input type="hidden" name="lesson_id" value=lesson_id />
            <input type="hidden" name="language" value=language.code() />
            <input type="hidden" name="based_on" value=based_on.map(|n| n.to_string()).unwrap_or_default() />
            <div class="field">
                <label for="lesson-title">{i18n.t(Key::ContentLessonTitle)}</label>
                <input id="lesson-title" name="title" maxlength="200" value=title lang=language.code() />
                <crate::forms::FieldMessage error name="title" />
            </div>
            <div class="field">
                <label for="lesson-markdown">{i18n.t(Key::EditorText)}</label>
                <p class="field-hint" id="lesson-markdown-hint">{i18n.t(Key::EditorMarkdownHint)}</p>
                <textarea id="lesson-markdown" name="markdown" rows="18" maxlength="100000" lang=language.code()
                    aria-describedby="lesson-markdown-hint">{editor.markdown.clone()}</textarea>
                <crate::forms::FieldMessage error name="markdown" />
            </div>
            <div class="form-actions">
                <button type="submit" name="intent" value="preview" class="secondary-button">{i18n.t(Key::EditorPreview)}</button>
                {match stale {
                    None => view! {
                        <button type="submit" name="intent" value="publish" class="primary-button">{i18n.t(Key::EditorPublish)}</button>
                    }
                        .into_any(),
                    Some(n) => view! {
                        <input type="hidden" name="over" value=n />
                        <button type="submit" name="intent" value="publish" class="primary-button">
                            {locale.format(Key::EditorPublishOver, &[("number", &n.to_string())])}
                        </button>
                    }
                        .into_any(),
                }}
                {editor.is_draft.then(|| view! {
                    <button type="submit" name="intent" value="discard" class="link-button">{i18n.t(Key::EditorDiscard)}</button>
                })}
            </div>
        </ActionForm>
        <section id="preview" aria-labelledby="preview-title" class="lesson-preview">
            <h2 id="preview-title">{i18n.t(Key::EditorPreviewTitle)}</h2>
            <article class="lesson-body" lang=language.code()>
                // One h1 per page: the preview's title looks like the lesson's, one level down.
                <super::live_preview::LivePreview lesson_id title=preview_title html=editor.preview_html.clone() />
            </article>
        </section>
        <Attachments lesson_id language=language.code() attachments=editor.attachments.clone() max_mb=editor.max_upload_mb />
        <h2>{i18n.t(Key::EditorHistory)}</h2>
        {editor.revisions.is_empty().then(|| view! { <p>{i18n.t(Key::EditorNoRevisions)}</p> })}
        <table class="data-table" id="revisions">
            <thead>
                <tr>
                    <th scope="col">{i18n.t(Key::ContentLanguage)}</th>
                    <th scope="col">{i18n.t(Key::EditorRevision)}</th>
                    <th scope="col">{i18n.t(Key::EditorAuthor)}</th>
                    <th scope="col">{i18n.t(Key::EditorWhen)}</th>
                </tr>
            </thead>
            <tbody>
                {editor
                    .revisions
                    .into_iter()
                    .map(|(code, number, author, at)| {
                        let l = Locale::from_code(&code).unwrap_or_default();
                        view! {
                            <tr>
                                <td>{l.name_in(locale)}</td>
                                <td>{number}</td>
                                <td>{author}</td>
                                <td>{locale.date_time(&at)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// "Revision n published", from `?published=n`.
#[component]
fn PublishedNotice() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let text = move || {
        let n = query.read().get("published")?;
        n.parse::<i32>().ok().map(|n| {
            i18n.locale()
                .format(Key::EditorPublished, &[("number", &n.to_string())])
        })
    };
    view! {
        <Show when=move || text().is_some()>
            <p class="form-notice" role="status" id="editor-published">{text}</p>
        </Show>
    }
}

/// The lesson's files, each with a Remove button, and the upload form (a plain multipart post).
#[component]
fn Attachments(
    lesson_id: i64,
    language: &'static str,
    attachments: Vec<super::super::dto::Attachment>,
    max_mb: u64,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let query = use_query_map();
    let remove = ServerAction::<super::super::api::RemoveAttachment>::new();
    let refusal = move || {
        let key = match query.read().get("attach_error")?.as_str() {
            "missing" => Key::AttachmentMissing,
            "too_large" => Key::AttachmentTooLarge,
            "alt_text" => Key::AttachmentAltMissing,
            "transcript" => Key::AttachmentTranscriptMissing,
            "forbidden" => Key::FormForbidden,
            "type" => Key::AttachmentType,
            _ => Key::ErrorText,
        };
        Some(i18n.locale().format(key, &[("size", &max_mb.to_string())]))
    };
    let added = move || query.read().get("attached").is_some();
    view! {
        <section id="attachments" aria-labelledby="attachments-title">
            <h2 id="attachments-title">{i18n.t(Key::AttachmentsTitle)}</h2>
            <Show when=added>
                <p class="form-notice" role="status">{i18n.t(Key::AttachmentAdded)}</p>
            </Show>
            {attachments.is_empty().then(|| view! { <p>{i18n.t(Key::AttachmentsNone)}</p> })}
            <ul class="attachment-list">
                {attachments
                    .into_iter()
                    .map(|a| {
                        let size = locale.file_size(a.size_bytes);
                        view! {
                            <li>
                                <a href=a.url.clone()>{a.file_name.clone()}</a>
                                " · " {size}
                                {a.alt_text.clone().map(|alt| view! { " · " <span class="field-hint">{alt}</span> })}
                                {a.pending.then(|| view! { " · " <span class="badge">{i18n.t(Key::AttachmentPending)}</span> })}
                                <ActionForm action=remove attr:class="inline-form">
                                    <input type="hidden" name="lesson_id" value=lesson_id />
                                    <input type="hidden" name="attachment_id" value=a.id />
                                    <input type="hidden" name="language" value=language />
                                    <button type="submit" class="link-button">{i18n.t(Key::ContentRemoveAuthor)}</button>
                                </ActionForm>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <form method="post" enctype="multipart/form-data" class="stacked-form" id="attach-form"
                action=format!("/admin/catalog/lessons/{lesson_id}/attachments?language={language}")>
                {move || refusal().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                <div class="field">
                    <label for="attach-file">{i18n.t(Key::AttachmentFile)}</label>
                    <p class="field-hint" id="attach-file-hint">
                        {locale.format(Key::AttachmentFileHint, &[("size", &max_mb.to_string())])}
                    </p>
                    <input id="attach-file" type="file" name="file" required aria-describedby="attach-file-hint"
                        accept=".pdf,.png,.jpg,.jpeg,.webp,.mp3,.ogg,.m4a,.wav" />
                </div>
                <div class="field">
                    <label for="attach-alt">{i18n.t(Key::AttachmentAlt)}</label>
                    <input id="attach-alt" name="alt_text" maxlength="300" />
                </div>
                <div class="field">
                    <label for="attach-transcript">{i18n.t(Key::AttachmentTranscript)}</label>
                    <textarea id="attach-transcript" name="transcript" rows="3" maxlength="50000"></textarea>
                </div>
                <button type="submit" class="secondary-button">{i18n.t(Key::AttachmentAdd)}</button>
            </form>
        </section>
    }
}
