//! A quiz's editor (`/admin/catalog/modules/{module}/quizzes/new?unit=` and `…/{id}`): its
//! titles, role, how questions are chosen, attempts, time limit, which attempt counts and when
//! feedback is shown.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::super::api::{SaveQuiz, load_quiz_editor};
use super::super::codes::{Counted, FeedbackTiming, QuizRole};
use super::super::dto::QuizEditor;
use super::{kind_key, param_id, role_key};
use crate::catalog::forbidden_or_error;
use crate::forms::{FieldMessage, FormAlert, action_error, typed_value};
use crate::i18n::{Key, Locale, use_i18n};

/// The editor of one quiz (or a new one).
#[component]
pub fn QuizEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                param_id(&params.read(), "module"),
                param_id(&params.read(), "id"),
                query.read().get("unit").and_then(|u| u.parse::<i64>().ok()),
            )
        },
        |(module, id, unit)| async move {
            match module {
                Some(module) => load_quiz_editor(module, id, unit).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::QuizEditorTitle) />
        <section class="wide-page" aria-labelledby="quiz-editor-title">
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
fn Editor(editor: QuizEditor) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let save = ServerAction::<SaveQuiz>::new();
    let error = action_error(save);
    let module_id = editor.module_id;
    // After a refused plain form post, what was typed comes back.
    let typed = |field: &str, stored: String| typed_value("save_quiz", field).unwrap_or(stored);
    let counted_key = |c: Counted| match c {
        Counted::Best => Key::CountedBest,
        Counted::Last => Key::CountedLast,
        Counted::Average => Key::CountedAverage,
    };
    let feedback_key = |f: FeedbackTiming| match f {
        FeedbackTiming::AfterAttempt => Key::FeedbackAfterAttempt,
        FeedbackTiming::AfterClose => Key::FeedbackAfterClose,
        FeedbackTiming::Never => Key::FeedbackNever,
    };
    view! {
        <p class="breadcrumb">
            <A href=format!("/admin/catalog/modules/{module_id}/questions")>{editor.module_title.clone()}</A>
        </p>
        <h1 id="quiz-editor-title">{i18n.t(if editor.id.is_some() { Key::QuizEditHeading } else { Key::QuizNewHeading })}</h1>
        <ActionForm action=save attr:class="stacked-form" attr:id="quiz-form">
            <FormAlert error=error />
            <input type="hidden" name="module_id" value=module_id />
            {editor.id.map(|id| view! { <input type="hidden" name="quiz_id" value=id /> })}
            <fieldset class="field">
                <legend>{i18n.t(Key::QuizTitleLabel)}</legend>
                {Locale::ALL
                    .into_iter()
                    .map(|l| {
                        let id = format!("quiz-title-{}", l.code());
                        view! {
                            <label for=id.clone()>{l.name_in(locale)}</label>
                            <input id=id name=format!("title[{}]", l.code()) maxlength="200" lang=l.code()
                                value=typed(&format!("title[{}]", l.code()), editor.title.get(l.code()).cloned().unwrap_or_default()) />
                        }
                    })
                    .collect_view()}
                <FieldMessage error name="title" />
            </fieldset>
            <div class="field">
                <label for="quiz-unit">{i18n.t(Key::QuizUnit)}</label>
                <select id="quiz-unit" name="unit_id">
                    {editor.units.iter().map(|(id, title)| view! {
                        <option value=*id selected=*id == editor.unit_id>{title.clone()}</option>
                    }).collect_view()}
                </select>
                <FieldMessage error name="unit_id" />
            </div>
            <div class="field">
                <label for="quiz-role">{i18n.t(Key::QuizRole)}</label>
                <p class="field-hint" id="quiz-role-hint">{i18n.t(Key::QuizRoleHint)}</p>
                <select id="quiz-role" name="role" aria-describedby="quiz-role-hint">
                    {QuizRole::ALL.iter().map(|r| view! {
                        <option value=r.code() selected=*r == editor.role>{i18n.t(role_key(*r))}</option>
                    }).collect_view()}
                </select>
                <FieldMessage error name="role" />
            </div>
            <div class="field">
                <label for="quiz-attempts">{i18n.t(Key::QuizAttempts)}</label>
                <input id="quiz-attempts" name="attempts_allowed" inputmode="numeric" maxlength="2" value=typed("attempts_allowed", editor.attempts_allowed.to_string()) />
                <FieldMessage error name="attempts_allowed" />
            </div>
            <div class="field">
                <label for="quiz-limit">{i18n.t(Key::QuizTimeLimit)}</label>
                <p class="field-hint" id="quiz-limit-hint">{i18n.t(Key::QuizTimeLimitHint)}</p>
                <input id="quiz-limit" name="time_limit_minutes" inputmode="numeric" maxlength="3" aria-describedby="quiz-limit-hint"
                    value=typed("time_limit_minutes", editor.time_limit_minutes.map(|m| m.to_string()).unwrap_or_default()) />
                <FieldMessage error name="time_limit_minutes" />
            </div>
            <div class="field">
                <label for="quiz-counted">{i18n.t(Key::QuizCounted)}</label>
                <select id="quiz-counted" name="counted">
                    {Counted::ALL.iter().map(|c| view! {
                        <option value=c.code() selected=*c == editor.counted>{i18n.t(counted_key(*c))}</option>
                    }).collect_view()}
                </select>
                <FieldMessage error name="counted" />
            </div>
            <div class="field">
                <label for="quiz-feedback">{i18n.t(Key::QuizFeedback)}</label>
                <select id="quiz-feedback" name="feedback">
                    {FeedbackTiming::ALL.iter().map(|f| view! {
                        <option value=f.code() selected=*f == editor.feedback>{i18n.t(feedback_key(*f))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field field--check">
                <input type="checkbox" id="quiz-shuffle" name="shuffle" value="1" checked=editor.shuffle />
                <label for="quiz-shuffle">{i18n.t(Key::QuizShuffle)}</label>
            </div>
            <fieldset class="field">
                <legend>{i18n.t(Key::QuizQuestionsLegend)}</legend>
                <p class="field-hint">{i18n.t(Key::QuizQuestionsHint)}</p>
                <FieldMessage error name="questions" />
                {editor.questions.is_empty().then(|| view! { <p>{i18n.t(Key::BankNoQuestions)}</p> })}
                <ul class="check-list" id="quiz-questions">
                    {editor
                        .questions
                        .iter()
                        .map(|q| {
                            let id = format!("pick-{}", q.id);
                            view! {
                                <li>
                                    <input type="checkbox" id=id.clone() name=format!("pick[{}]", q.id) value="on" checked=q.chosen />
                                    <label for=id>
                                        {q.excerpt.clone()}
                                        <span class="field-hint">
                                            " · "{i18n.t(kind_key(q.kind))}" · "{locale.points(q.points)}
                                            {(!q.tags.is_empty()).then(|| format!(" · {}", q.tags.join(", ")))}
                                        </span>
                                    </label>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </fieldset>
            <div class="field">
                <label for="quiz-draw">{i18n.t(Key::QuizDrawCount)}</label>
                <p class="field-hint" id="quiz-draw-hint">{i18n.t(Key::QuizDrawHint)}</p>
                <input id="quiz-draw" name="draw_count" inputmode="numeric" maxlength="3" aria-describedby="quiz-draw-hint"
                    value=typed("draw_count", editor.draw_count.map(|n| n.to_string()).unwrap_or_default()) />
                <FieldMessage error name="draw_count" />
            </div>
            <div class="field">
                <label for="quiz-draw-tags">{i18n.t(Key::QuizDrawTags)}</label>
                <input id="quiz-draw-tags" name="draw_tags" maxlength="400" value=typed("draw_tags", editor.draw_tags.clone()) />
                <FieldMessage error name="draw_tags" />
            </div>
            <div class="form-actions">
                <button type="submit" class="primary-button">{i18n.t(Key::QuizSave)}</button>
            </div>
        </ActionForm>
    }
}
