//! A quiz as its trainee takes it: the quiz (`/learn/{enrollment}/quizzes/{quiz}`) with its
//! rules, attempts and a start (or resume) button, and an attempt
//! (`/learn/{enrollment}/attempts/{attempt}`): while open, one plain form with every question
//! (saved by its buttons without JavaScript, and as the trainee goes with it); once submitted,
//! the score and, as the quiz allows, each question's result and feedback. Nothing here holds
//! an answer key.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::{AnswerAttempt, StartAttempt, load_attempt, load_quiz_intro};
use super::super::codes::QuestionKind;
use super::super::dto::{Attempt, AttemptQuestion, QuizIntro};
use super::{param_id, role_key};
use crate::auth::Notice;
use crate::catalog::forbidden_or_error;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, use_i18n};

/// A quiz through an enrolment.
#[component]
pub fn QuizPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || {
            (
                param_id(&params.read(), "enrollment"),
                param_id(&params.read(), "quiz"),
            )
        },
        |ids| async move {
            match ids {
                (Some(e), Some(q)) => load_quiz_intro(e, q).await,
                _ => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::QuizPageTitle) />
        <section class="lesson-page" aria-labelledby="quiz-title">
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(intro) => view! { <Intro intro /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Intro(intro: QuizIntro) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let start = ServerAction::<StartAttempt>::new();
    let error = action_error(start);
    let enrollment = intro.enrollment_id;
    let limit = match intro.time_limit_minutes {
        Some(m) => locale.format(Key::QuizLimitMinutes, &[("minutes", &m.to_string())]),
        None => i18n.locale().text(Key::QuizNoLimit).to_string(),
    };
    let rules = locale.format(
        Key::QuizRules,
        &[
            ("questions", &intro.questions.to_string()),
            ("points", &locale.points(intro.max)),
            ("attempts", &intro.attempts_allowed.to_string()),
            ("closes", &locale.date_time(&intro.closes_at)),
        ],
    );
    let used = intro
        .attempts
        .iter()
        .filter(|a| a.submitted_at.is_some())
        .count();
    view! {
        <Title text=intro.title.clone() />
        <p class="breadcrumb"><A href=format!("/learn/{enrollment}")>{intro.module_title.clone()}</A></p>
        <h1 id="quiz-title">{intro.title.clone()}</h1>
        <p class="badge">{i18n.t(role_key(intro.role))}</p>
        <p id="quiz-rules">{rules}</p>
        <p id="quiz-limit">{limit}</p>
        <p class="field-hint">{i18n.t(Key::QuizServerKeepsTime)}</p>
        {intro.counted_score.map(|s| view! {
            <p id="quiz-counted">
                {locale.format(Key::QuizCountedScore, &[("score", &locale.points(s)), ("max", &locale.points(intro.max))])}
            </p>
        })}
        <FormAlert error=error />
        {match (intro.open_attempt, intro.refused.clone()) {
            (Some(open), _) => view! {
                <p><A href=format!("/learn/{enrollment}/attempts/{open}") attr:class="primary-button" attr:id="resume-attempt">
                    {i18n.t(Key::QuizResume)}
                </A></p>
            }.into_any(),
            (None, Some(reason)) => view! { <p class="form-notice" id="quiz-refused">{reason}</p> }.into_any(),
            (None, None) => view! {
                <ActionForm action=start attr:class="inline-form" attr:id="start-attempt">
                    <input type="hidden" name="enrollment_id" value=enrollment />
                    <input type="hidden" name="quiz_id" value=intro.quiz_id />
                    <button type="submit" class="primary-button">
                        {i18n.t(if used == 0 { Key::QuizStart } else { Key::QuizStartAgain })}
                    </button>
                </ActionForm>
            }.into_any(),
        }}
        {(!intro.attempts.is_empty()).then(move || view! {
            <h2>{i18n.t(Key::QuizYourAttempts)}</h2>
            <table class="data-table" id="attempts">
                <thead><tr>
                    <th scope="col">{i18n.t(Key::QuizAttemptNumber)}</th>
                    <th scope="col">{i18n.t(Key::QuizSubmitted)}</th>
                    <th scope="col">{i18n.t(Key::QuizScore)}</th>
                </tr></thead>
                <tbody>
                    {intro.attempts.into_iter().map(|a| {
                        let score = match (a.score, a.pending) {
                            (Some(s), 0) => format!("{} / {}", locale.points(s), locale.points(a.max)),
                            (Some(s), n) => locale.format(Key::QuizScorePending, &[("score", &locale.points(s)), ("count", &n.to_string())]),
                            (None, _) => i18n.locale().text(Key::QuizInProgress).to_string(),
                        };
                        view! {
                            <tr>
                                <td><A href=format!("/learn/{enrollment}/attempts/{}", a.id)>{a.number}</A></td>
                                <td>{a.submitted_at.as_deref().map(|s| locale.date_time(s))}</td>
                                <td>{score}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

/// An attempt: the questions while open, the results once submitted.
#[component]
pub fn AttemptPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || param_id(&params.read(), "attempt"),
        |id| async move {
            match id {
                Some(id) => load_attempt(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::QuizPageTitle) />
        <section class="lesson-page" aria-labelledby="attempt-title">
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(attempt) if attempt.submitted_at.is_some() => view! { <Results attempt /> }.into_any(),
                            Ok(attempt) => view! { <Answering attempt /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Answering(attempt: Attempt) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let answer = ServerAction::<AnswerAttempt>::new();
    let error = action_error(answer);
    let enrollment = attempt.enrollment_id;
    let deadline = locale.date_time(&attempt.deadline);
    view! {
        <Title text=attempt.quiz_title.clone() />
        <p class="breadcrumb">
            <A href=format!("/learn/{enrollment}/quizzes/{}", attempt.quiz_id)>{attempt.quiz_title.clone()}</A>
        </p>
        <h1 id="attempt-title">
            {locale.format(Key::AttemptHeading, &[("number", &attempt.number.to_string())])}
        </h1>
        <Notice param="saved" texts=&[("answers", Key::AttemptSaved)] />
        <p id="attempt-deadline" class="form-notice">
            {locale.format(Key::AttemptDeadline, &[("deadline", &deadline)])}
            // A countdown for a timed attempt; a quiz open for days just says until when.
            {(attempt.seconds_left <= 86_400).then(|| view! {
                " "
                <super::autosave::Countdown
                    seconds=attempt.seconds_left
                    left_text=locale.text(Key::AttemptTimeLeft).to_string()
                    up_text=locale.text(Key::AttemptTimeUp).to_string()
                />
            })}
        </p>
        <ActionForm action=answer attr:class="stacked-form quiz-form" attr:id="attempt-form">
            <FormAlert error=error />
            <input type="hidden" name="enrollment_id" value=enrollment />
            <input type="hidden" name="attempt_id" value=attempt.id />
            <ol class="quiz-questions">
                {attempt.questions.into_iter().map(|q| view! { <QuestionInput question=q /> }).collect_view()}
            </ol>
            <div class="form-actions">
                <button type="submit" name="intent" value="save" class="secondary-button" id="save-answers">{i18n.t(Key::AttemptSave)}</button>
                <button type="submit" name="intent" value="submit" class="primary-button" id="submit-attempt">{i18n.t(Key::AttemptSubmit)}</button>
            </div>
            <p class="field-hint">{i18n.t(Key::AttemptSaveHint)}</p>
        </ActionForm>
        <super::autosave::AutoSave
            attempt_id=attempt.id
            saved=locale.text(Key::AttemptAutosaved).to_string()
            failed=locale.text(Key::AttemptAutosaveFailed).to_string()
        />
    }
}

#[component]
fn QuestionInput(question: AttemptQuestion) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let q = question.question_id;
    let heading_id = format!("q{q}-prompt");
    let worth = locale.format(
        Key::AttemptWorth,
        &[("points", &locale.points(question.points))],
    );
    let input = match question.kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            let multiple = question.kind == QuestionKind::Multiple;
            question
                .options
                .iter()
                .map(|o| {
                    let id = format!("q{q}-o{}", o.id);
                    let checked = question.answer.choices.contains(&o.id);
                    let input = if multiple {
                        view! { <input type="checkbox" id=id.clone() name=format!("choice[{q}_{}]", o.id) value="on" checked=checked /> }.into_any()
                    } else {
                        view! { <input type="radio" id=id.clone() name=format!("answer[{q}]") value=o.id checked=checked /> }.into_any()
                    };
                    view! { <div class="choice">{input}<label for=id>{o.text.clone()}</label></div> }
                })
                .collect_view()
                .into_any()
        }
        QuestionKind::TrueFalse => [(true, Key::AttemptTrue), (false, Key::AttemptFalse)]
            .into_iter()
            .map(|(value, key)| {
                let id = format!("q{q}-{value}");
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name=format!("answer[{q}]") value=value.to_string()
                            checked=question.answer.truth == Some(value) />
                        <label for=id>{i18n.t(key)}</label>
                    </div>
                }
            })
            .collect_view()
            .into_any(),
        QuestionKind::Numeric | QuestionKind::ShortText => view! {
            <label class="visually-hidden" for=format!("q{q}-text")>{i18n.t(Key::AttemptYourAnswer)}</label>
            <input id=format!("q{q}-text") name=format!("answer[{q}]") maxlength="200"
                inputmode=(question.kind == QuestionKind::Numeric).then_some("decimal")
                value=question.answer.text.clone().unwrap_or_default() />
        }
        .into_any(),
        QuestionKind::Essay => view! {
            <label class="visually-hidden" for=format!("q{q}-text")>{i18n.t(Key::AttemptYourAnswer)}</label>
            <textarea id=format!("q{q}-text") name=format!("answer[{q}]") rows="8" maxlength="20000">
                {question.answer.text.clone().unwrap_or_default()}
            </textarea>
        }
        .into_any(),
    };
    view! {
        <li class="quiz-question" id=format!("question-{q}")>
            <fieldset aria-labelledby=heading_id.clone()>
                <input type="hidden" name=format!("asked[{q}]") value="1" />
                <div id=heading_id.clone() class="lesson-body" inner_html=question.prompt_html.clone()></div>
                <p class="field-hint">{worth}</p>
                {input}
            </fieldset>
        </li>
    }
}

#[component]
fn Results(attempt: Attempt) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let enrollment = attempt.enrollment_id;
    let score = attempt.score.unwrap_or_default();
    let summary = locale.format(
        Key::AttemptScore,
        &[
            ("score", &locale.points(score)),
            ("max", &locale.points(attempt.max)),
        ],
    );
    view! {
        <Title text=attempt.quiz_title.clone() />
        <p class="breadcrumb">
            <A href=format!("/learn/{enrollment}/quizzes/{}", attempt.quiz_id)>{attempt.quiz_title.clone()}</A>
        </p>
        <h1 id="attempt-title">
            {locale.format(Key::AttemptHeading, &[("number", &attempt.number.to_string())])}
        </h1>
        <Notice param="saved" texts=&[("submitted", Key::AttemptSubmitted), ("late", Key::AttemptLate)] />
        <p id="attempt-score" class="score">{summary}</p>
        {(attempt.pending > 0).then(|| view! {
            <p class="form-notice" id="attempt-pending">
                {locale.format(Key::AttemptPending, &[("count", &attempt.pending.to_string())])}
            </p>
        })}
        {(attempt.submitted_how == Some(super::super::codes::SubmittedHow::Deadline)).then(|| view! {
            <p class="field-hint">{i18n.t(Key::AttemptSubmittedAtDeadline)}</p>
        })}
        {(!attempt.feedback_shown).then(|| view! { <p class="field-hint" id="feedback-later">{i18n.t(Key::AttemptFeedbackLater)}</p> })}
        <ol class="quiz-questions">
            {attempt.questions.into_iter().map(|q| {
                let answer = if !q.answer.choices.is_empty() {
                    q.options.iter().filter(|o| q.answer.choices.contains(&o.id)).map(|o| o.text.clone()).collect::<Vec<_>>().join(" · ")
                } else if let Some(t) = q.answer.truth {
                    i18n.locale().text(if t { Key::AttemptTrue } else { Key::AttemptFalse }).to_string()
                } else {
                    q.answer.text.clone().unwrap_or_default()
                };
                let result = q.result.clone();
                view! {
                    <li class="quiz-question" id=format!("question-{}", q.question_id)>
                        <div class="lesson-body" inner_html=q.prompt_html.clone()></div>
                        <p><strong>{i18n.t(Key::AttemptYourAnswer)}": "</strong><span class="given-answer">{answer}</span></p>
                        {result.map(|r| {
                            let outcome = match r.score {
                                Some(s) => format!("{} / {}", locale.points(s), locale.points(q.points)),
                                None => i18n.locale().text(Key::AttemptAwaitingGrade).to_string(),
                            };
                            view! {
                                <p class=if r.right { "result result--right" } else { "result" }>{outcome}</p>
                                {(!r.feedback_html.is_empty()).then(|| view! {
                                    <div class="feedback lesson-body" inner_html=r.feedback_html.clone()></div>
                                })}
                                {r.comment.clone().map(|c| view! {
                                    <p class="feedback instructor-comment"><strong>{i18n.t(Key::AttemptInstructorComment)}": "</strong>{c}</p>
                                })}
                            }
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
        <p><A href=format!("/learn/{enrollment}")>{i18n.t(Key::LessonBackToCourse)}</A></p>
    }
}
