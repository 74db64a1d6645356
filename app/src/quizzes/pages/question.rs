//! A question's editor (`/admin/catalog/modules/{module}/questions/new` and `…/{id}`), one
//! language at a time: a plain form that works without JavaScript. The kind, points, tags and
//! answer key are shared by the languages; the prompt, options and feedback are this language's.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::super::api::{SaveQuestion, load_question_editor};
use super::super::codes::QuestionKind;
use super::super::dto::QuestionEditor;
use super::{kind_key, param_id};
use crate::auth::Notice;
use crate::catalog::forbidden_or_error;
use crate::forms::{FieldMessage, FormAlert, action_error, typed_value};
use crate::i18n::{Key, Locale, use_i18n};

const FORM: &str = "save_question";

/// The editor of one question (or a new one).
#[component]
pub fn QuestionEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                param_id(&params.read(), "module"),
                param_id(&params.read(), "id"),
                query.read().get("language"),
            )
        },
        |(module, id, language)| async move {
            match module {
                Some(module) => load_question_editor(module, id, language).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::QuestionEditorTitle) />
        <section class="wide-page" aria-labelledby="question-title">
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
fn Editor(editor: QuestionEditor) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let save = ServerAction::<SaveQuestion>::new();
    let error = action_error(save);
    let language = Locale::from_code(&editor.language).unwrap_or_default();
    let module_id = editor.module_id;
    let typed =
        |field: &str, stored: &str| typed_value(FORM, field).unwrap_or_else(|| stored.to_string());
    let tabs = editor.id.map(|id| {
        Locale::ALL
            .into_iter()
            .map(|l| {
                let written = editor.languages.iter().any(|c| c == l.code());
                let state = i18n.t(if written { Key::QuestionWritten } else { Key::EditorNotWritten });
                view! {
                    <li>
                        <a href=format!("/admin/catalog/modules/{module_id}/questions/{id}?language={}", l.code())
                            aria-current=(l == language).then_some("page")>
                            {l.name_in(locale)}
                            <span class="language-tabs__state">{state}</span>
                        </a>
                    </li>
                }
            })
            .collect_view()
    });
    let heading = match editor.id {
        Some(_) => locale.format(
            Key::QuestionHeading,
            &[("language", language.name_in(locale))],
        ),
        None => i18n.locale().text(Key::QuestionNewHeading).to_string(),
    };
    let kind = typed("kind", &editor.kind);
    view! {
        <p class="breadcrumb">
            <A href=format!("/admin/catalog/modules/{module_id}/questions")>{editor.module_title.clone()}</A>
        </p>
        <h1 id="question-title">{heading}</h1>
        <Notice param="saved" texts=&[("1", Key::QuestionSaved)] />
        {tabs.map(|tabs| view! {
            <nav aria-label=i18n.t(Key::ContentLanguage)><ul class="language-tabs">{tabs}</ul></nav>
        })}
        {editor.retired.then(|| view! { <p class="form-notice">{i18n.t(Key::QuestionRetiredNote)}</p> })}
        <ActionForm action=save attr:class="stacked-form" attr:id="question-form">
            <FormAlert error=error />
            <input type="hidden" name="module_id" value=module_id />
            {editor.id.map(|id| view! { <input type="hidden" name="question_id" value=id /> })}
            <div class="field">
                <label for="question-language">{i18n.t(Key::ContentLanguage)}</label>
                <select id="question-language" name="language">
                    {Locale::ALL
                        .into_iter()
                        .map(|l| view! { <option value=l.code() selected=l == language>{l.name_in(locale)}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="question-kind">{i18n.t(Key::QuestionKind)}</label>
                <select id="question-kind" name="kind" disabled={editor.answered > 0}>
                    {QuestionKind::ALL
                        .iter()
                        .map(|k| view! { <option value=k.code() selected={k.code() == kind}>{i18n.t(kind_key(*k))}</option> })
                        .collect_view()}
                </select>
                {(editor.answered > 0).then(|| view! {
                    <input type="hidden" name="kind" value=editor.kind.clone() />
                    <p class="field-hint">{i18n.t(Key::QuestionKindLockedHint)}</p>
                })}
                <FieldMessage error name="kind" />
            </div>
            <div class="field">
                <label for="question-points">{i18n.t(Key::QuestionPoints)}</label>
                <input id="question-points" name="points" inputmode="decimal" maxlength="8" value=typed("points", &editor.points) />
                <FieldMessage error name="points" />
            </div>
            <div class="field">
                <label for="question-tags">{i18n.t(Key::QuestionTags)}</label>
                <p class="field-hint" id="question-tags-hint">{i18n.t(Key::QuestionTagsHint)}</p>
                <input id="question-tags" name="tags" maxlength="400" aria-describedby="question-tags-hint" value=typed("tags", &editor.tags) />
                <FieldMessage error name="tags" />
            </div>
            <div class="field">
                <label for="question-prompt">{i18n.t(Key::QuestionPrompt)}</label>
                <p class="field-hint" id="question-prompt-hint">{i18n.t(Key::EditorMarkdownHint)}</p>
                <textarea id="question-prompt" name="prompt" rows="5" maxlength="5000" lang=language.code()
                    aria-describedby="question-prompt-hint">{typed("prompt", &editor.prompt)}</textarea>
                <FieldMessage error name="prompt" />
            </div>
            <div class="field">
                <label for="question-options">{i18n.t(Key::QuestionOptions)}</label>
                <p class="field-hint" id="question-options-hint">{i18n.t(Key::QuestionOptionsHint)}</p>
                <textarea id="question-options" name="options" rows="5" maxlength="3500" lang=language.code()
                    aria-describedby="question-options-hint">{typed("options", &editor.options)}</textarea>
                <FieldMessage error name="options" />
            </div>
            <div class="field">
                <label for="question-answer">{i18n.t(Key::QuestionAnswer)}</label>
                <p class="field-hint" id="question-answer-hint">{i18n.t(Key::QuestionAnswerHint)}</p>
                <textarea id="question-answer" name="answer" rows="3" maxlength="4000"
                    aria-describedby="question-answer-hint">{typed("answer", &editor.answer)}</textarea>
                <FieldMessage error name="answer" />
            </div>
            <div class="field">
                <label for="question-tolerance">{i18n.t(Key::QuestionTolerance)}</label>
                <input id="question-tolerance" name="tolerance" inputmode="decimal" maxlength="20" value=typed("tolerance", &editor.tolerance) />
                <FieldMessage error name="tolerance" />
            </div>
            <div class="field">
                <label for="question-feedback">{i18n.t(Key::QuestionFeedback)}</label>
                <p class="field-hint" id="question-feedback-hint">{i18n.t(Key::QuestionFeedbackHint)}</p>
                <textarea id="question-feedback" name="feedback" rows="4" maxlength="5000" lang=language.code()
                    aria-describedby="question-feedback-hint">{typed("feedback", &editor.feedback)}</textarea>
                <FieldMessage error name="feedback" />
            </div>
            {(editor.answered > 0).then(|| view! {
                <div class="field field--check">
                    <input type="checkbox" id="question-regrade" name="regrade" value="1" />
                    <label for="question-regrade">
                        {locale.format(Key::QuestionRegrade, &[("count", &editor.answered.to_string())])}
                    </label>
                </div>
            })}
            <div class="form-actions">
                <button type="submit" class="primary-button">{i18n.t(Key::QuestionSave)}</button>
            </div>
        </ActionForm>
        {(!editor.preview_html.is_empty()).then(|| view! {
            <section class="lesson-preview" aria-labelledby="question-preview-title">
                <h2 id="question-preview-title">{i18n.t(Key::EditorPreviewTitle)}</h2>
                <div class="lesson-body" lang=language.code() inner_html=editor.preview_html.clone()></div>
            </section>
        })}
    }
}
