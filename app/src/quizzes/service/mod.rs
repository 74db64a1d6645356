//! Quizzes over the database: the question bank ([`bank`]), quizzes and their dates per
//! offering ([`setup`]), attempts ([`attempts`]), grading essays and regrading ([`marking`]),
//! and results: knowledge gain and item statistics ([`results`]).
//!
//! Concurrency. Starting an attempt is one write transaction; a second open attempt, or two
//! attempts with the same number, are refused by unique indexes (the loser is given the winner's
//! attempt), so a double click or two tabs start one attempt. Saving an answer and submitting
//! both hold the attempt's row (`FOR UPDATE` on PostgreSQL; the one writer on SQLite), so an
//! answer is either saved before the submission grades it or refused after it, never saved
//! and left ungraded. Submission is a conditional update (`submitted_at IS NULL`): the trainee,
//! the deadline job on another process and a late reload submit an attempt once.

pub mod attempts;
pub mod bank;
pub mod marking;
pub mod results;
pub mod setup;

use std::collections::HashMap;

use entity::{question, question_text, quiz, quiz_question};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::codes::QuestionKind;
use super::grading::Score;
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, allowed};
use crate::error::DomainError;
use crate::i18n::Locale;
use crate::learning::rules::pick_translation;
use crate::learning::service::relation_to_module;

/// Points as the pages and API show them.
pub(crate) fn points(hundredths: i32) -> f64 {
    f64::from(hundredths) / 100.0
}

/// Checks that the caller may do `action` to `module_id`'s quizzes (its authors and
/// administrators write them; `ReadContent` also lets the offerings' instructors look).
pub(crate) async fn check_module<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    module_id: i64,
    action: Action,
) -> Result<(), DomainError> {
    crate::learning::service::find_module(conn, module_id).await?;
    let relation = relation_to_module(conn, caller, module_id).await?;
    if allowed(&caller.roles, action, relation) {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// The quiz, or 404.
pub(crate) async fn find_quiz<C: ConnectionTrait>(
    conn: &C,
    quiz_id: i64,
) -> Result<quiz::Model, DomainError> {
    quiz::Entity::find_by_id(quiz_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The question, or 404.
pub(crate) async fn find_question<C: ConnectionTrait>(
    conn: &C,
    question_id: i64,
) -> Result<question::Model, DomainError> {
    question::Entity::find_by_id(question_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The kind of a stored question (a code the database checks).
pub(crate) fn kind_of(code: &str) -> QuestionKind {
    QuestionKind::from_code(code).unwrap_or(QuestionKind::Essay)
}

/// Every language of each question of `ids`: question → language → text.
pub(crate) async fn texts<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<HashMap<i64, HashMap<Locale, question_text::Model>>, DomainError> {
    let mut found: HashMap<i64, HashMap<Locale, question_text::Model>> = HashMap::new();
    for t in question_text::Entity::find()
        .filter(question_text::Column::QuestionId.is_in(ids.to_vec()))
        .all(conn)
        .await?
    {
        if let Some(l) = Locale::from_code(&t.language) {
            found.entry(t.question_id).or_default().insert(l, t);
        }
    }
    Ok(found)
}

/// The text of a question a reader wanting `wanted` is shown (else the module's primary
/// language, else any).
pub(crate) fn text_in(
    texts: Option<&HashMap<Locale, question_text::Model>>,
    wanted: Locale,
    primary: Locale,
) -> Option<&question_text::Model> {
    let texts = texts?;
    let written: Vec<Locale> = Locale::ALL
        .into_iter()
        .filter(|l| texts.contains_key(l))
        .collect();
    let shown = pick_translation(&written, wanted, primary)?;
    texts.get(&shown.language)
}

/// The first words of a prompt, as plain text (the lists of questions).
pub(crate) fn excerpt(markdown: &str) -> String {
    let plain: String = markdown
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '#' | '`' | '>' | '[' | ']'))
        .collect();
    let words = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().count() > 120 {
        let cut: String = words.chars().take(117).collect();
        format!("{cut}…")
    } else {
        words
    }
}

/// The questions an attempt at `quiz` can ask: the live questions of its fixed list, in order,
/// and the pool it draws from (live questions of the module carrying one of its tags, or any
/// when it names none).
pub(crate) async fn quiz_questions<C: ConnectionTrait>(
    conn: &C,
    quiz: &quiz::Model,
) -> Result<(Vec<question::Model>, Vec<question::Model>), DomainError> {
    let live = question::Entity::find()
        .filter(question::Column::ModuleId.eq(quiz.module_id))
        .filter(question::Column::RetiredAt.is_null())
        .order_by_asc(question::Column::Id)
        .all(conn)
        .await?;
    let order: HashMap<i64, i32> = quiz_question::Entity::find()
        .filter(quiz_question::Column::QuizId.eq(quiz.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|q| (q.question_id, q.position))
        .collect();
    let mut fixed: Vec<question::Model> = live
        .iter()
        .filter(|q| order.contains_key(&q.id))
        .cloned()
        .collect();
    fixed.sort_by_key(|q| (order.get(&q.id).copied().unwrap_or_default(), q.id));
    let wanted: Vec<&str> = quiz.draw_tags.split_whitespace().collect();
    let pool = live
        .into_iter()
        .filter(|q| wanted.is_empty() || q.tags.split_whitespace().any(|t| wanted.contains(&t)))
        .collect();
    Ok((fixed, pool))
}

/// What an attempt at `quiz` is out of: the fixed list's points, or the best `draw_count` of
/// the pool (an attempt keeps its own maximum, from the questions it drew).
pub(crate) fn quiz_max(
    quiz: &quiz::Model,
    fixed: &[question::Model],
    pool: &[question::Model],
) -> (u32, Score) {
    match quiz.draw_count {
        Some(n) => {
            let mut worth: Vec<i32> = pool.iter().map(|q| q.points).collect();
            worth.sort_unstable_by(|a, b| b.cmp(a));
            worth.truncate(usize::try_from(n).unwrap_or(0));
            (
                worth.len() as u32,
                Score(worth.iter().map(|p| *p as u32).sum()),
            )
        }
        None => (
            fixed.len() as u32,
            Score(fixed.iter().map(|q| q.points as u32).sum()),
        ),
    }
}
