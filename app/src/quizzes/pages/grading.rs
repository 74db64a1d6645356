//! Essays to grade (`/grading`): for the instructors of the offerings they came from (and the
//! programme), oldest first, each with a score and a comment, and the last ones graded, which
//! can be graded again (every change is kept in the grade history).

use leptos::prelude::*;
use leptos_meta::Title;

use super::super::api::{GradeEssay, load_grading_queue};
use super::super::dto::{EssayToGrade, GradeReason, GradingQueue};
use crate::auth::Notice;
use crate::catalog::forbidden_or_error;
use crate::forms::{FieldMessage, FormAlert, action_error, typed_value};
use crate::i18n::{Key, use_i18n};

/// The grading queue.
#[component]
pub fn GradingPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_grading_queue());
    view! {
        <Title text=i18n.t(Key::GradingTitle) />
        <section class="wide-page" aria-labelledby="grading-title">
            <h1 id="grading-title">{i18n.t(Key::GradingTitle)}</h1>
            <Notice param="saved" texts=&[("1", Key::GradingSaved)] />
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(queue) => view! { <Queue queue /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Queue(queue: GradingQueue) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="page-intro">{i18n.t(Key::GradingIntro)}</p>
        <h2 id="waiting-title">{i18n.t(Key::GradingWaiting)}</h2>
        {queue.waiting.is_empty().then(|| view! { <p id="grading-empty">{i18n.t(Key::GradingNone)}</p> })}
        <ul class="grading-list" id="grading-waiting">
            {queue.waiting.into_iter().map(|e| view! { <Essay essay=e /> }).collect_view()}
        </ul>
        {(!queue.graded.is_empty()).then(|| view! {
            <h2>{i18n.t(Key::GradingGraded)}</h2>
            <ul class="grading-list" id="grading-done">
                {queue.graded.into_iter().map(|e| view! { <Essay essay=e /> }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn Essay(essay: EssayToGrade) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let grade = ServerAction::<GradeEssay>::new();
    // Every essay's form posts to the same function: after a refused plain post, the error and
    // what was typed belong to the essay whose ids came back, not to every form on the page.
    let typed_here = typed_value("grade_essay", "attempt_id") == Some(essay.attempt_id.to_string())
        && typed_value("grade_essay", "question_id") == Some(essay.question_id.to_string());
    let typed = move |field: &str| {
        typed_here
            .then(|| typed_value("grade_essay", field))
            .flatten()
    };
    let all_errors = action_error(grade);
    let error = Signal::derive(move || all_errors.get().filter(|_| typed_here));
    let id = format!("essay-{}-{}", essay.attempt_id, essay.question_id);
    let (score_id, comment_id) = (format!("{id}-score"), format!("{id}-comment"));
    view! {
        <li class="card" id=id.clone()>
            <p class="field-hint">
                {essay.offering.clone()}" · "{essay.quiz_title.clone()}" · "{locale.date_time(&essay.submitted_at)}
            </p>
            <h3>{essay.trainee.clone()}</h3>
            <div class="lesson-body" inner_html=essay.prompt_html.clone()></div>
            <blockquote class="essay">{essay.essay.clone()}</blockquote>
            <ActionForm action=grade attr:class="stacked-form">
                <FormAlert error=error />
                <input type="hidden" name="attempt_id" value=essay.attempt_id />
                <input type="hidden" name="question_id" value=essay.question_id />
                <div class="field">
                    <label for=score_id.clone()>
                        {locale.format(Key::GradingScore, &[("max", &locale.points(essay.points))])}
                    </label>
                    <input id=score_id name="score" inputmode="decimal" maxlength="8"
                        value=typed("score").unwrap_or_else(|| essay.score.map(|s| locale.points(s)).unwrap_or_default()) />
                    <FieldMessage error name="score" />
                </div>
                <div class="field">
                    <label for=comment_id.clone()>{i18n.t(Key::GradingComment)}</label>
                    <textarea id=comment_id name="comment" rows="3" maxlength="5000">
                        {typed("comment").unwrap_or_else(|| essay.comment.clone().unwrap_or_default())}
                    </textarea>
                    <FieldMessage error name="comment" />
                </div>
                <button type="submit" class="primary-button">{i18n.t(Key::GradingSave)}</button>
            </ActionForm>
            {(!essay.history.is_empty()).then(|| view! {
                <details class="grade-history">
                    <summary>{i18n.t(Key::GradingHistory)}</summary>
                    <ul>
                        {essay.history.iter().map(|h| {
                            let old = h.old.map(|o| locale.points(o)).unwrap_or_else(|| "—".into());
                            let reason = i18n.t(match h.reason {
                                GradeReason::Essay => Key::GradingReasonEssay,
                                GradeReason::Regrade => Key::GradingReasonRegrade,
                            });
                            view! {
                                <li>
                                    {locale.date_time(&h.at)}" · "{h.by.clone().unwrap_or_default()}" · "
                                    {old}" → "{locale.points(h.new)}" · "{reason}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </li>
    }
}
