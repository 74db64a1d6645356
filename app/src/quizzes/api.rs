//! Server functions for the quiz pages: thin adapters over `service`. Every form is a plain HTML
//! post that answers with a redirect, so each works without JavaScript. Answers arrive as
//! `answer[<question>]` (one value) and `choice[<question>_<option>]` (ticked boxes), with
//! `asked[<question>]` naming every question on the form so that unticking all boxes clears it.
//!
//! A form's server function takes one argument per form field; the generated client functions
//! cannot carry an item-level `allow`, hence this module-level one.
#![allow(clippy::too_many_arguments)]

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::dto::{
    Attempt, GradingQueue, ItemStatistics, OfferingQuizzes, QuestionBank, QuestionEditor,
    QuizEditor, QuizIntro,
};
use crate::error::AppError;

/// The answers of a form: question → values.
#[cfg(feature = "ssr")]
fn answers_of(
    asked: Option<BTreeMap<String, String>>,
    answer: Option<BTreeMap<String, String>>,
    choice: Option<BTreeMap<String, String>>,
) -> Vec<(i64, Vec<String>)> {
    let answer = answer.unwrap_or_default();
    let choice = choice.unwrap_or_default();
    asked
        .unwrap_or_default()
        .keys()
        .filter_map(|q| q.parse::<i64>().ok())
        .map(|q| {
            let mut values: Vec<String> = answer.get(&q.to_string()).cloned().into_iter().collect();
            let prefix = format!("{q}_");
            values.extend(
                choice
                    .keys()
                    .filter_map(|k| k.strip_prefix(&prefix).map(str::to_string)),
            );
            (q, values)
        })
        .collect()
}

/// A module's question bank and quizzes.
#[server(endpoint = "load_question_bank")]
pub async fn load_question_bank(module_id: i64) -> Result<QuestionBank, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::bank::question_bank(&db, &caller, module_id, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// A question in its editor, in `language` (the module's primary language when absent).
#[server(endpoint = "load_question_editor")]
pub async fn load_question_editor(
    module_id: i64,
    question_id: Option<i64>,
    language: Option<String>,
) -> Result<QuestionEditor, AppError> {
    use crate::i18n::Locale;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let language = language
        .as_deref()
        .and_then(Locale::from_code)
        .unwrap_or_else(request::locale);
    super::service::bank::question_editor(
        &db,
        &caller,
        module_id,
        question_id,
        language,
        request::locale(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))
}

/// Saves a question in one language; back to its editor.
#[server(endpoint = "save_question")]
pub async fn save_question(
    module_id: i64,
    question_id: Option<i64>,
    language: String,
    kind: String,
    points: String,
    tags: Option<String>,
    prompt: String,
    options: Option<String>,
    answer: Option<String>,
    tolerance: Option<String>,
    feedback: Option<String>,
    regrade: Option<String>,
) -> Result<i64, AppError> {
    use crate::i18n::{Key, Locale};
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let language = Locale::from_code(&language).ok_or_else(|| {
        crate::error::DomainError::invalid("language", Key::LessonLanguageInvalid).for_page(locale)
    })?;
    let form = super::rules::QuestionForm {
        kind,
        points,
        tags: tags.unwrap_or_default(),
        prompt,
        options: options.unwrap_or_default(),
        answer: answer.unwrap_or_default(),
        tolerance: tolerance.unwrap_or_default(),
        feedback: feedback.unwrap_or_default(),
    };
    let saved = super::service::bank::save_question(
        &db,
        &caller,
        module_id,
        question_id,
        language,
        &form,
        regrade.is_some(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(locale));
    // A refused plain form post comes back with everything typed.
    let id = crate::forms::keep_typed(
        saved,
        "save_question",
        &[
            ("kind", &form.kind),
            ("points", &form.points),
            ("tags", &form.tags),
            ("prompt", &form.prompt),
            ("options", &form.options),
            ("answer", &form.answer),
            ("tolerance", &form.tolerance),
            ("feedback", &form.feedback),
        ],
    )?;
    leptos_axum::redirect(&format!(
        "/admin/catalog/modules/{module_id}/questions/{id}?language={}&saved=1",
        language.code()
    ));
    Ok(id)
}

/// Retires a question (`retire=true`) or brings it back; back to the bank.
#[server(endpoint = "retire_question")]
pub async fn retire_question(question_id: i64, retire: bool) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let module_id = super::service::bank::retire_question(
        &db,
        &caller,
        question_id,
        retire,
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&format!(
        "/admin/catalog/modules/{module_id}/questions#question-{question_id}"
    ));
    Ok(())
}

/// A quiz in its editor (a new one in `unit_id` when `quiz_id` is absent).
#[server(endpoint = "load_quiz_editor")]
pub async fn load_quiz_editor(
    module_id: i64,
    quiz_id: Option<i64>,
    unit_id: Option<i64>,
) -> Result<QuizEditor, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::setup::quiz_editor(&db, &caller, module_id, quiz_id, unit_id, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Saves a quiz; back to the bank.
#[server(endpoint = "save_quiz")]
pub async fn save_quiz(
    module_id: i64,
    quiz_id: Option<i64>,
    unit_id: i64,
    title: Option<BTreeMap<String, String>>,
    role: String,
    draw_count: Option<String>,
    draw_tags: Option<String>,
    shuffle: Option<String>,
    attempts_allowed: String,
    time_limit_minutes: Option<String>,
    counted: String,
    feedback: String,
    pick: Option<BTreeMap<String, String>>,
) -> Result<i64, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let form = super::rules::QuizForm {
        title: title.unwrap_or_default(),
        role,
        draw_count: draw_count.unwrap_or_default(),
        draw_tags: draw_tags.unwrap_or_default(),
        shuffle: shuffle.is_some(),
        attempts_allowed,
        time_limit_minutes: time_limit_minutes.unwrap_or_default(),
        counted,
        feedback,
    };
    let questions: Vec<i64> = pick
        .unwrap_or_default()
        .keys()
        .filter_map(|k| k.parse().ok())
        .collect();
    let saved = super::service::setup::save_quiz(
        &db,
        &caller,
        module_id,
        quiz_id,
        unit_id,
        &form,
        &questions,
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()));
    // A refused plain form post comes back with the settings typed.
    let titles: Vec<(String, String)> = form
        .title
        .iter()
        .map(|(l, t)| (format!("title[{l}]"), t.clone()))
        .collect();
    let mut kept: Vec<(&str, &str)> = titles
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    kept.extend([
        ("draw_count", form.draw_count.as_str()),
        ("draw_tags", form.draw_tags.as_str()),
        ("attempts_allowed", form.attempts_allowed.as_str()),
        ("time_limit_minutes", form.time_limit_minutes.as_str()),
    ]);
    let id = crate::forms::keep_typed(saved, "save_quiz", &kept)?;
    leptos_axum::redirect(&format!(
        "/admin/catalog/modules/{module_id}/questions?saved=quiz#quiz-{id}"
    ));
    Ok(id)
}

/// Retires a quiz; back to the bank.
#[server(endpoint = "retire_quiz")]
pub async fn retire_quiz(quiz_id: i64) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let module_id =
        super::service::setup::retire_quiz(&db, &caller, quiz_id, request::site().now())
            .await
            .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&format!("/admin/catalog/modules/{module_id}/questions"));
    Ok(())
}

/// An offering's quizzes, dates, results and knowledge gain.
#[server(endpoint = "load_offering_quizzes")]
pub async fn load_offering_quizzes(offering_id: i64) -> Result<OfferingQuizzes, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::results::offering_quizzes(&db, &caller, offering_id, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Sets (or with empty fields, clears) an offering's dates and attempts for a quiz.
#[server(endpoint = "schedule_quiz")]
pub async fn schedule_quiz(
    offering_id: i64,
    quiz_id: i64,
    opens_at: Option<String>,
    closes_at: Option<String>,
    attempts_allowed: Option<String>,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let (opens, closes, attempts) = (
        opens_at.unwrap_or_default(),
        closes_at.unwrap_or_default(),
        attempts_allowed.unwrap_or_default(),
    );
    let saved = super::service::setup::set_schedule(
        &db,
        &caller,
        offering_id,
        quiz_id,
        (&opens, &closes, &attempts),
    )
    .await
    .map_err(|e| e.for_page(request::locale()));
    let quiz = quiz_id.to_string();
    crate::forms::keep_typed(
        saved,
        "schedule_quiz",
        &[
            ("quiz_id", &quiz),
            ("opens_at", &opens),
            ("closes_at", &closes),
            ("attempts_allowed", &attempts),
        ],
    )?;
    leptos_axum::redirect(&format!(
        "/admin/offerings/{offering_id}/quizzes?saved=1#quiz-{quiz_id}"
    ));
    Ok(())
}

/// A quiz as the trainee of `enrollment_id` sees it.
#[server(endpoint = "load_quiz_intro")]
pub async fn load_quiz_intro(enrollment_id: i64, quiz_id: i64) -> Result<QuizIntro, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::attempts::quiz_intro(
        &db,
        &caller,
        enrollment_id,
        quiz_id,
        request::locale(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))
}

/// Starts (or resumes) an attempt and opens it.
#[server(endpoint = "start_attempt")]
pub async fn start_attempt(enrollment_id: i64, quiz_id: i64) -> Result<i64, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let (id, _) = super::service::attempts::start(
        &db,
        &caller,
        enrollment_id,
        quiz_id,
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&format!("/learn/{enrollment_id}/attempts/{id}"));
    Ok(id)
}

/// The caller's attempt.
#[server(endpoint = "load_attempt")]
pub async fn load_attempt(attempt_id: i64) -> Result<Attempt, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::attempts::attempt_view(&db, &caller, attempt_id, request::site().now())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// The attempt page's form: saves every answer on it; `intent=submit` then submits. Back to
/// the attempt (its results once submitted).
#[server(endpoint = "answer_attempt")]
pub async fn answer_attempt(
    enrollment_id: i64,
    attempt_id: i64,
    intent: String,
    asked: Option<BTreeMap<String, String>>,
    answer: Option<BTreeMap<String, String>>,
    choice: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let answers = answers_of(asked, answer, choice);
    let submit = intent == "submit";
    let saved = super::service::attempts::save_answers(
        &db,
        &caller,
        attempt_id,
        &answers,
        submit,
        request::site().now(),
    )
    .await;
    let back = format!("/learn/{enrollment_id}/attempts/{attempt_id}");
    match saved {
        Ok(()) => {
            leptos_axum::redirect(&format!(
                "{back}?saved={}",
                if submit { "submitted" } else { "answers" }
            ));
            Ok(())
        }
        // Too late: the attempt was submitted with what was saved; show it.
        Err(crate::error::DomainError::Refused("attempt_closed", _)) => {
            leptos_axum::redirect(&format!("{back}?saved=late"));
            Ok(())
        }
        // Submitted already (a second click on Submit, another tab): show the result.
        Err(crate::error::DomainError::Conflict(crate::i18n::Key::AttemptAlreadySubmitted)) => {
            leptos_axum::redirect(&format!("{back}?saved=submitted"));
            Ok(())
        }
        Err(e) => Err(e.for_page(request::locale())),
    }
}

/// Saves the answers on the attempt page as the trainee goes (the page's script, on each
/// change); nothing is submitted.
#[server(endpoint = "autosave_answers")]
pub async fn autosave_answers(
    attempt_id: i64,
    asked: Option<BTreeMap<String, String>>,
    answer: Option<BTreeMap<String, String>>,
    choice: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let answers = answers_of(asked, answer, choice);
    super::service::attempts::save_answers(
        &db,
        &caller,
        attempt_id,
        &answers,
        false,
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))
}

/// The essays waiting for the caller.
#[server(endpoint = "load_grading_queue")]
pub async fn load_grading_queue() -> Result<GradingQueue, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::marking::grading_queue(&db, &caller, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Grades an essay; back to the queue.
#[server(endpoint = "grade_essay")]
pub async fn grade_essay(
    attempt_id: i64,
    question_id: i64,
    score: String,
    comment: Option<String>,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let comment = comment.unwrap_or_default();
    let graded = super::service::marking::grade_essay(
        &db,
        &caller,
        attempt_id,
        question_id,
        &score,
        &comment,
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()));
    // A refused plain form post comes back with what was typed, under the essay it was for.
    let (attempt, question) = (attempt_id.to_string(), question_id.to_string());
    crate::forms::keep_typed(
        graded,
        "grade_essay",
        &[
            ("attempt_id", &attempt),
            ("question_id", &question),
            ("score", &score),
            ("comment", &comment),
        ],
    )?;
    leptos_axum::redirect(&format!(
        "/grading?saved=1#essay-{attempt_id}-{question_id}"
    ));
    Ok(())
}

/// A quiz's item statistics.
#[server(endpoint = "load_item_statistics")]
pub async fn load_item_statistics(quiz_id: i64) -> Result<ItemStatistics, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::results::item_statistics(&db, &caller, quiz_id, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}
