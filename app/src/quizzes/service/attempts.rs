//! Attempts: a trainee starts one through their enrolment, answers as they go, and submits; the
//! server keeps time. An attempt left open past its deadline (and the grace) is submitted with
//! the answers saved by then: by the job runner, or at once by whichever request finds it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{attempt_answer, enrollment, offering, question, quiz, quiz_attempt, quiz_schedule};
use rand::SeedableRng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::super::codes::{Counted, FeedbackTiming, QuizRole, SubmittedHow};
use super::super::dto::{
    Attempt, AttemptQuestion, AttemptRow, GivenAnswer, QuestionResult, QuizIntro, ShownOption,
};
use super::super::grading::{Graded, Response, Score, counted, grade};
use super::super::rules::{
    StartRefused, accepts, can_start, deadline, feedback_shown, option_order, pick_questions,
    response_from, window,
};
use super::bank::{options_of, stored_key};
use super::{find_quiz, kind_of, points, quiz_max, quiz_questions, text_in, texts};
use crate::auth::CurrentUser;
use crate::db::begin_write;
use crate::error::{DomainError, FieldError};
use crate::i18n::{Key, Locale};
use crate::learning::service::reading::{distance_opens_on, through_enrollment, through_module};
use crate::learning::service::{primary_of, title_for};

/// A quiz as one enrolment takes it.
pub(crate) struct Taking {
    pub(crate) enrollment: enrollment::Model,
    pub(crate) offering: offering::Model,
    pub(crate) quiz: quiz::Model,
    /// The language questions are asked in, and the module's primary one.
    pub(crate) wanted: Locale,
    pub(crate) primary: Locale,
    /// The module's title in the reader's language.
    pub(crate) module_title: String,
}

/// `quiz`'s window and attempts for `offering`.
pub(crate) async fn schedule_of<C: ConnectionTrait>(
    conn: &C,
    quiz: &quiz::Model,
    offering: &offering::Model,
) -> Result<((DateTime<Utc>, DateTime<Utc>), u32, bool), DomainError> {
    let own = quiz_schedule::Entity::find_by_id((quiz.id, offering.id))
        .one(conn)
        .await?;
    let opens_on = distance_opens_on(conn, offering).await?;
    let window = window(
        own.as_ref().map(|s| (s.opens_at, s.closes_at)),
        opens_on,
        offering.ends_on,
    );
    let allowed = own
        .as_ref()
        .and_then(|s| s.attempts_allowed)
        .unwrap_or(quiz.attempts_allowed);
    Ok((window, allowed.max(1) as u32, own.is_some()))
}

/// The caller's quiz `quiz_id` through their enrolment `enrollment_id`: 404 unless the
/// enrolment is theirs, opens the module's content, and the quiz is a live quiz of its module.
pub(crate) async fn taking<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    enrollment_id: i64,
    quiz_id: i64,
    now: DateTime<Utc>,
) -> Result<Taking, DomainError> {
    let reading = through_enrollment(conn, caller, enrollment_id, now.date_naive()).await?;
    if !reading.access().is_open() {
        return Err(DomainError::NotFound);
    }
    let (enrollment, offering) = reading.enrolment().ok_or(DomainError::NotFound)?;
    let quiz = find_quiz(conn, quiz_id).await?;
    if quiz.module_id != offering.module_id || quiz.retired_at.is_some() {
        return Err(DomainError::NotFound);
    }
    let primary = primary_of(&reading.module);
    Ok(Taking {
        enrollment: enrollment.clone(),
        offering: offering.clone(),
        wanted: reading.wanted,
        primary,
        module_title: title_for(&reading.module.title, reading.wanted, primary),
        quiz,
    })
}

impl Taking {
    /// When the quiz opens and closes for this offering, and how many attempts it allows: read
    /// only where needed (an attempt in progress needs neither; its deadline is stored).
    pub(crate) async fn schedule<C: ConnectionTrait>(
        &self,
        conn: &C,
    ) -> Result<((DateTime<Utc>, DateTime<Utc>), u32), DomainError> {
        let (window, allowed, _) = schedule_of(conn, &self.quiz, &self.offering).await?;
        Ok((window, allowed))
    }
}

/// The caller's attempt `attempt_id`, and the quiz as its enrolment takes it; 404 for anyone
/// else's attempt, or one whose enrolment no longer opens the content.
async fn owned<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    attempt_id: i64,
    now: DateTime<Utc>,
) -> Result<(quiz_attempt::Model, Taking), DomainError> {
    let attempt = quiz_attempt::Entity::find_by_id(attempt_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let taking = taking(conn, caller, attempt.enrollment_id, attempt.quiz_id, now).await?;
    Ok((attempt, taking))
}

/// The enrolment's attempts at the quiz, oldest first.
async fn attempts_of<C: ConnectionTrait>(
    conn: &C,
    enrollment_id: i64,
    quiz_id: i64,
) -> Result<Vec<quiz_attempt::Model>, DomainError> {
    Ok(quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::EnrollmentId.eq(enrollment_id))
        .filter(quiz_attempt::Column::QuizId.eq(quiz_id))
        .order_by_asc(quiz_attempt::Column::Number)
        .all(conn)
        .await?)
}

/// The score that counts among `attempts` under the quiz's rule, and the maximum it is out of:
/// only attempts fully graded count (an essay still waiting would make a score look final
/// that is not). Attempts that drew different questions may have different maxima: they are
/// compared as shares of their own maximum, and the counted one keeps its own.
pub(crate) fn counted_of(
    quiz: &quiz::Model,
    attempts: &[quiz_attempt::Model],
) -> Option<(Score, Score)> {
    let graded: Vec<(Score, Score)> = attempts
        .iter()
        .filter(|a| a.submitted_at.is_some() && a.pending == 0)
        .filter_map(|a| {
            a.score
                .map(|s| (Score(s.max(0) as u32), Score(a.max_score.max(0) as u32)))
        })
        .collect();
    let rule = Counted::from_code(&quiz.counted).unwrap_or(Counted::Best);
    if graded.iter().all(|(_, max)| *max == graded[0].1) {
        let scores: Vec<Score> = graded.iter().map(|(s, _)| *s).collect();
        return counted(rule, &scores).map(|s| (s, graded[0].1));
    }
    // Different maxima: on a common scale (ten-thousandths of each attempt's maximum).
    let shares: Vec<Score> = graded.iter().map(|(s, m)| share(*s, *m)).collect();
    let best = counted(rule, &shares)?;
    let max = graded.iter().map(|(_, m)| m.0).max().unwrap_or(0);
    Some((
        Score((u64::from(best.0) * u64::from(max) / 10_000) as u32),
        Score(max),
    ))
}

/// `score` out of `max` in ten-thousandths.
pub(crate) fn share(score: Score, max: Score) -> Score {
    if max.0 == 0 {
        return Score(0);
    }
    Score((u64::from(score.0) * 10_000 / u64::from(max.0)) as u32)
}

/// A quiz as its trainee sees it: its rules, their attempts, and whether one can start.
pub async fn quiz_intro(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    enrollment_id: i64,
    quiz_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<QuizIntro, DomainError> {
    let t = taking(db, caller, enrollment_id, quiz_id, now).await?;
    submit_overdue_of(db, enrollment_id, quiz_id, now).await?;
    let attempts = attempts_of(db, enrollment_id, quiz_id).await?;
    let open = attempts.iter().find(|a| a.submitted_at.is_none());
    let (fixed, pool) = quiz_questions(db, &t.quiz).await?;
    let (questions, max) = quiz_max(&t.quiz, &fixed, &pool);
    let (window, allowed) = t.schedule(db).await?;
    let refused = match open {
        Some(_) => None,
        None => can_start(now, window, attempts.len() as u32, allowed)
            .err()
            .map(|r| refusal(r).text(locale)),
    };
    Ok(QuizIntro {
        quiz_id,
        enrollment_id,
        title: title_for(&t.quiz.title, t.wanted, t.primary),
        module_title: t.module_title.clone(),
        role: QuizRole::from_code(&t.quiz.role).unwrap_or(QuizRole::Practice),
        questions,
        max: points(max.0 as i32),
        time_limit_minutes: t.quiz.time_limit_minutes.map(|m| m as u32),
        attempts_allowed: allowed,
        opens_at: window.0.to_rfc3339(),
        closes_at: window.1.to_rfc3339(),
        counted: Counted::from_code(&t.quiz.counted).unwrap_or(Counted::Best),
        counted_score: counted_of(&t.quiz, &attempts).map(|(s, _)| points(s.0 as i32)),
        refused,
        open_attempt: open.map(|a| a.id),
        attempts: attempts
            .iter()
            .map(|a| AttemptRow {
                id: a.id,
                number: a.number as u32,
                submitted_at: a.submitted_at.map(|s| s.to_rfc3339()),
                score: a.submitted_at.and(a.score).map(points),
                max: points(a.max_score),
                pending: a.pending as u32,
            })
            .collect(),
    })
}

/// The explanation of a refused start.
fn refusal(r: StartRefused) -> FieldError {
    match r {
        StartRefused::NotYetOpen(at) => FieldError::with(
            "quiz",
            r.key(),
            vec![("date", at.format("%Y-%m-%d %H:%M").to_string())],
        ),
        _ => FieldError::new("quiz", r.key()),
    }
}

/// Starts an attempt at `quiz_id` through the caller's enrolment, or gives back the one in
/// progress (a reload, a double click, a second tab). Returns the attempt's id and whether it is
/// new.
pub async fn start(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    enrollment_id: i64,
    quiz_id: i64,
    now: DateTime<Utc>,
) -> Result<(i64, bool), DomainError> {
    let t = taking(db, caller, enrollment_id, quiz_id, now).await?;
    let txn = begin_write(db).await?;
    match start_in(&txn, &t, now).await {
        Ok((id, created)) => {
            txn.commit().await?;
            Ok((id, created))
        }
        Err(DomainError::Database(e))
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            // Another request started it first: that attempt is this one.
            txn.rollback().await?;
            let open = quiz_attempt::Entity::find()
                .filter(quiz_attempt::Column::EnrollmentId.eq(enrollment_id))
                .filter(quiz_attempt::Column::QuizId.eq(quiz_id))
                .filter(quiz_attempt::Column::SubmittedAt.is_null())
                .one(db)
                .await?
                .ok_or(DomainError::Conflict(Key::QuizStartedTwice))?;
            Ok((open.id, false))
        }
        Err(e) => Err(e),
    }
}

/// Starts an attempt through the caller's enrolment in one of the quiz's module's offerings
/// that opens its content (the JSON API names the quiz only).
pub async fn start_by_quiz(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    quiz_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<(i64, bool), DomainError> {
    let quiz = find_quiz(db, quiz_id).await?;
    let reading = through_module(db, caller, quiz.module_id, locale, now.date_naive()).await?;
    let enrollment = reading
        .enrolment()
        .filter(|_| reading.access().is_open())
        .map(|(e, _)| e.id)
        .ok_or(DomainError::NotFound)?;
    start(db, caller, enrollment, quiz_id, now).await
}

async fn start_in(
    txn: &DatabaseTransaction,
    t: &Taking,
    now: DateTime<Utc>,
) -> Result<(i64, bool), DomainError> {
    let attempts = attempts_of(txn, t.enrollment.id, t.quiz.id).await?;
    if let Some(open) = attempts.iter().find(|a| a.submitted_at.is_none()) {
        if accepts(now, open.deadline) {
            return Ok((open.id, false));
        }
        submit_in(txn, open.id, SubmittedHow::Deadline, now).await?;
    }
    let (window, allowed) = t.schedule(txn).await?;
    if let Err(r) = can_start(now, window, attempts.len() as u32, allowed) {
        return Err(DomainError::Refused(r.code(), refusal(r)));
    }
    let (fixed, pool) = quiz_questions(txn, &t.quiz).await?;
    let by_id: HashMap<i64, &question::Model> =
        fixed.iter().chain(pool.iter()).map(|q| (q.id, q)).collect();
    let fixed_ids: Vec<i64> = fixed.iter().map(|q| q.id).collect();
    let pool_ids: Vec<i64> = pool.iter().map(|q| q.id).collect();
    // The draw happens here, once: the attempt keeps it, so a reload asks the same questions.
    let mut rng = rand::rngs::StdRng::from_os_rng();
    let picked = pick_questions(
        &fixed_ids,
        &pool_ids,
        t.quiz.draw_count.map(|n| n.max(0) as u32),
        t.quiz.shuffle,
        &mut rng,
    );
    if picked.is_empty() {
        return Err(DomainError::Conflict(Key::QuizHasNoQuestions));
    }
    let texts = texts(txn, &picked).await?;
    let max: i32 = picked
        .iter()
        .filter_map(|id| by_id.get(id))
        .map(|q| q.points)
        .sum();
    let limit = t.quiz.time_limit_minutes.map(|m| m.max(1) as u32);
    let attempt = quiz_attempt::ActiveModel {
        quiz_id: Set(t.quiz.id),
        enrollment_id: Set(t.enrollment.id),
        number: Set(attempts.len() as i32 + 1),
        language: Set(t.wanted.code().to_string()),
        started_at: Set(now),
        deadline: Set(deadline(now, limit, window.1)),
        submitted_at: Set(None),
        submitted_how: Set(None),
        score: Set(None),
        max_score: Set(max),
        pending: Set(0),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    for (position, id) in picked.iter().enumerate() {
        let Some(q) = by_id.get(id) else { continue };
        let text = text_in(texts.get(id), t.wanted, t.primary);
        let options = text.map(|t| options_of(&t.options)).unwrap_or_default();
        let order = option_order(options.len(), t.quiz.shuffle, &mut rng);
        let shown: Vec<(u32, &str)> = order
            .iter()
            .filter_map(|i| options.get(*i as usize).map(|o| (*i, o.as_str())))
            .collect();
        attempt_answer::ActiveModel {
            attempt_id: Set(attempt.id),
            question_id: Set(*id),
            position: Set(position as i32 + 1),
            kind: Set(q.kind.clone()),
            points: Set(q.points),
            prompt: Set(text.map(|t| t.prompt_html.clone()).unwrap_or_default()),
            options: Set(serde_json::to_string(&shown).unwrap_or_else(|_| "[]".into())),
            response: Set(None),
            saved_at: Set(None),
            score: Set(None),
            key_number: Set(q.key_number),
            comment: Set(None),
            graded_by: Set(None),
            graded_at: Set(None),
        }
        .insert(txn)
        .await?;
    }
    Ok((attempt.id, true))
}

/// The caller's attempt: its questions to answer while open, its results once submitted (as the
/// quiz's feedback timing allows). An attempt found past its deadline is submitted first.
pub async fn attempt_view(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    attempt_id: i64,
    now: DateTime<Utc>,
) -> Result<Attempt, DomainError> {
    let (mut attempt, t) = owned(db, caller, attempt_id, now).await?;
    if attempt.submitted_at.is_none() && !accepts(now, attempt.deadline) {
        let txn = begin_write(db).await?;
        submit_in(&txn, attempt.id, SubmittedHow::Deadline, now).await?;
        txn.commit().await?;
        attempt = quiz_attempt::Entity::find_by_id(attempt_id)
            .one(db)
            .await?
            .ok_or(DomainError::NotFound)?;
    }
    view_of(db, &attempt, &t, now).await
}

async fn view_of<C: ConnectionTrait>(
    conn: &C,
    attempt: &quiz_attempt::Model,
    t: &Taking,
    now: DateTime<Utc>,
) -> Result<Attempt, DomainError> {
    let answers = attempt_answer::Entity::find()
        .filter(attempt_answer::Column::AttemptId.eq(attempt.id))
        .order_by_asc(attempt_answer::Column::Position)
        .all(conn)
        .await?;
    let submitted = attempt.submitted_at.is_some();
    let timing = FeedbackTiming::from_code(&t.quiz.feedback).unwrap_or(FeedbackTiming::Never);
    // The quiz's closing matters only to feedback shown once it closes.
    let closes = match timing {
        FeedbackTiming::AfterClose if submitted => t.schedule(conn).await?.0.1,
        _ => now,
    };
    let show = submitted && feedback_shown(timing, now, closes);
    let language = Locale::from_code(&attempt.language).unwrap_or(t.wanted);
    let feedback = if show {
        let ids: Vec<i64> = answers.iter().map(|a| a.question_id).collect();
        texts(conn, &ids).await?
    } else {
        HashMap::new()
    };
    let questions = answers
        .iter()
        .map(|a| {
            let options: Vec<(u32, String)> = serde_json::from_str(&a.options).unwrap_or_default();
            let result = show.then(|| QuestionResult {
                score: a.score.map(points),
                right: a.score == Some(a.points),
                feedback_html: text_in(feedback.get(&a.question_id), language, t.primary)
                    .map(|t| t.feedback_html.clone())
                    .unwrap_or_default(),
                comment: a.comment.clone(),
            });
            AttemptQuestion {
                question_id: a.question_id,
                position: a.position as u32,
                kind: kind_of(&a.kind),
                points: points(a.points),
                prompt_html: a.prompt.clone(),
                options: options
                    .into_iter()
                    .map(|(id, text)| ShownOption { id, text })
                    .collect(),
                answer: given(a.response.as_deref()),
                result,
            }
        })
        .collect();
    Ok(Attempt {
        id: attempt.id,
        quiz_id: attempt.quiz_id,
        enrollment_id: attempt.enrollment_id,
        quiz_title: title_for(&t.quiz.title, language, t.primary),
        number: attempt.number as u32,
        language: language.code().to_string(),
        deadline: attempt.deadline.to_rfc3339(),
        seconds_left: if submitted {
            0
        } else {
            (attempt.deadline - now).num_seconds().max(0)
        },
        submitted_at: attempt.submitted_at.map(|s| s.to_rfc3339()),
        submitted_how: attempt
            .submitted_how
            .as_deref()
            .and_then(SubmittedHow::from_code),
        score: attempt.submitted_at.and(attempt.score).map(points),
        max: points(attempt.max_score),
        pending: attempt.pending as u32,
        feedback_shown: show,
        questions,
    })
}

/// A stored answer as the page shows it.
fn given(json: Option<&str>) -> GivenAnswer {
    let response: Response = json
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or(Response::Blank);
    match response {
        Response::Blank => GivenAnswer::default(),
        Response::Choices(set) => GivenAnswer {
            choices: set.into_iter().collect(),
            ..Default::default()
        },
        Response::Bool(b) => GivenAnswer {
            truth: Some(b),
            ..Default::default()
        },
        Response::Text(text) => GivenAnswer {
            text: Some(text),
            ..Default::default()
        },
    }
}

/// Saves the answer to one question of the caller's open attempt. Refused once the attempt is
/// submitted or its deadline (and the grace) has passed by the server's clock, whatever the
/// client's.
pub async fn save_answer(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    attempt_id: i64,
    question_id: i64,
    values: &[String],
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    save_answers(
        db,
        caller,
        attempt_id,
        &[(question_id, values.to_vec())],
        false,
        now,
    )
    .await
}

/// Saves several answers of the caller's open attempt at once (the attempt page's form, which
/// sends them all), and submits the attempt when `then_submit`.
pub async fn save_answers(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    attempt_id: i64,
    answers: &[(i64, Vec<String>)],
    then_submit: bool,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    owned(db, caller, attempt_id, now).await?;
    let txn = begin_write(db).await?;
    let attempt = locked(&txn, attempt_id).await?;
    if attempt.submitted_at.is_some() {
        txn.rollback().await?;
        return Err(DomainError::Conflict(Key::AttemptAlreadySubmitted));
    }
    if !accepts(now, attempt.deadline) {
        // Past the deadline: what was saved before stands, and the attempt is submitted with it.
        submit_in(&txn, attempt_id, SubmittedHow::Deadline, now).await?;
        txn.commit().await?;
        return Err(closed_refusal());
    }
    for (question_id, values) in answers {
        save_in(&txn, attempt_id, *question_id, values, now).await?;
    }
    if then_submit {
        submit_in(&txn, attempt_id, SubmittedHow::Trainee, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

fn closed_refusal() -> DomainError {
    DomainError::Refused(
        "attempt_closed",
        FieldError::new("attempt", Key::AttemptClosed),
    )
}

/// The attempt's row, held until the transaction ends (`FOR UPDATE` on PostgreSQL).
pub(crate) async fn locked(
    txn: &DatabaseTransaction,
    attempt_id: i64,
) -> Result<quiz_attempt::Model, DomainError> {
    quiz_attempt::Entity::find_by_id(attempt_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

async fn save_in(
    txn: &DatabaseTransaction,
    attempt_id: i64,
    question_id: i64,
    values: &[String],
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let attempt = locked(txn, attempt_id).await?;
    if attempt.submitted_at.is_some() || !accepts(now, attempt.deadline) {
        return Err(closed_refusal());
    }
    let answer = attempt_answer::Entity::find_by_id((attempt_id, question_id))
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let options: Vec<(u32, String)> = serde_json::from_str(&answer.options).unwrap_or_default();
    let response = response_from(kind_of(&answer.kind), values, options.len())
        .ok_or_else(|| DomainError::invalid("answer", Key::AnswerInvalid))?;
    let stored = match response {
        Response::Blank => None,
        r => Some(serde_json::to_string(&r).map_err(|e| DomainError::Internal(e.to_string()))?),
    };
    let mut row: attempt_answer::ActiveModel = answer.into();
    row.response = Set(stored);
    row.saved_at = Set(Some(now));
    row.update(txn).await?;
    Ok(())
}

/// Submits the caller's attempt and returns it graded.
pub async fn submit(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    attempt_id: i64,
    now: DateTime<Utc>,
) -> Result<Attempt, DomainError> {
    let (_, t) = owned(db, caller, attempt_id, now).await?;
    let txn = begin_write(db).await?;
    let attempt = locked(&txn, attempt_id).await?;
    if attempt.submitted_at.is_some() {
        txn.rollback().await?;
        return Err(DomainError::Conflict(Key::AttemptAlreadySubmitted));
    }
    let how = if accepts(now, attempt.deadline) {
        SubmittedHow::Trainee
    } else {
        SubmittedHow::Deadline
    };
    submit_in(&txn, attempt_id, how, now).await?;
    txn.commit().await?;
    let attempt = quiz_attempt::Entity::find_by_id(attempt_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    view_of(db, &attempt, &t, now).await
}

/// Grades and submits an open attempt with the answers saved so far. False when it was already
/// submitted (by another request or process).
pub(crate) async fn submit_in(
    txn: &DatabaseTransaction,
    attempt_id: i64,
    how: SubmittedHow,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let attempt = locked(txn, attempt_id).await?;
    if attempt.submitted_at.is_some() {
        return Ok(false);
    }
    let answers = attempt_answer::Entity::find()
        .filter(attempt_answer::Column::AttemptId.eq(attempt_id))
        .all(txn)
        .await?;
    let ids: Vec<i64> = answers.iter().map(|a| a.question_id).collect();
    // `FOR SHARE`: a key being corrected (and its regrade) waits for this submission, or this
    // submission reads the corrected key; never an attempt graded on a superseded key that the
    // regrade missed.
    let keys: HashMap<i64, question::Model> = question::Entity::find()
        .filter(question::Column::Id.is_in(ids))
        .lock_shared()
        .all(txn)
        .await?
        .into_iter()
        .map(|q| (q.id, q))
        .collect();
    let mut total = 0i32;
    let mut pending = 0i32;
    for a in answers {
        let Some(q) = keys.get(&a.question_id) else {
            continue;
        };
        let response: Response = a
            .response
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or(Response::Blank);
        let key = stored_key(&q.answer_key)?;
        let score = match grade(&key, Score(a.points.max(0) as u32), &response) {
            Graded::Scored(s) => Some(s.0 as i32),
            // A blank essay earns nothing and waits for nobody.
            Graded::ForInstructor if response == Response::Blank => Some(0),
            Graded::ForInstructor => None,
        };
        match score {
            Some(s) => total += s,
            None => pending += 1,
        }
        let mut row: attempt_answer::ActiveModel = a.into();
        row.score = Set(score);
        row.key_number = Set(q.key_number);
        row.update(txn).await?;
    }
    let done = quiz_attempt::Entity::update_many()
        .col_expr(quiz_attempt::Column::SubmittedAt, now.into())
        .col_expr(quiz_attempt::Column::SubmittedHow, how.code().into())
        .col_expr(quiz_attempt::Column::Score, total.into())
        .col_expr(quiz_attempt::Column::Pending, pending.into())
        .filter(quiz_attempt::Column::Id.eq(attempt_id))
        .filter(quiz_attempt::Column::SubmittedAt.is_null())
        .exec(txn)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Submits the enrolment's attempt at the quiz if it was left open past its deadline.
async fn submit_overdue_of(
    db: &DatabaseConnection,
    enrollment_id: i64,
    quiz_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let overdue = quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::EnrollmentId.eq(enrollment_id))
        .filter(quiz_attempt::Column::QuizId.eq(quiz_id))
        .filter(quiz_attempt::Column::SubmittedAt.is_null())
        .filter(quiz_attempt::Column::Deadline.lt(now - super::super::rules::GRACE))
        .one(db)
        .await?;
    if let Some(a) = overdue {
        let txn = begin_write(db).await?;
        submit_in(&txn, a.id, SubmittedHow::Deadline, now).await?;
        txn.commit().await?;
    }
    Ok(())
}

/// Submits every attempt left open past its deadline and the grace (the job runner's periodic
/// job); returns how many it submitted. Each is its own short transaction, safe to run on
/// several processes at once: an attempt is submitted once.
pub async fn submit_overdue(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<u64, DomainError> {
    let due: Vec<i64> = quiz_attempt::Entity::find()
        .select_only()
        .column(quiz_attempt::Column::Id)
        .filter(quiz_attempt::Column::SubmittedAt.is_null())
        .filter(quiz_attempt::Column::Deadline.lt(now - super::super::rules::GRACE))
        .limit(500)
        .into_tuple()
        .all(db)
        .await?;
    let mut submitted = 0;
    for id in due {
        // One attempt that cannot be submitted (its question's key unreadable, a busy
        // database) is logged and left for the next run; the others go on.
        let outcome = async {
            let txn = begin_write(db).await?;
            let done = submit_in(&txn, id, SubmittedHow::Deadline, now).await?;
            txn.commit().await?;
            Ok::<bool, DomainError>(done)
        }
        .await;
        match outcome {
            Ok(true) => submitted += 1,
            Ok(false) => {}
            Err(error) => {
                tracing::error!(attempt = id, %error, "an overdue attempt was not submitted")
            }
        }
    }
    Ok(submitted)
}

/// The number of submitted attempts at `quiz_id` (any offering).
pub async fn submitted_count<C: ConnectionTrait>(
    conn: &C,
    quiz_id: i64,
) -> Result<u64, DomainError> {
    Ok(quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::QuizId.eq(quiz_id))
        .filter(quiz_attempt::Column::SubmittedAt.is_not_null())
        .count(conn)
        .await?)
}

/// The quizzes of a course outline for an enrolment: unit → quizzes with the counted score.
pub async fn outline_quizzes<C: ConnectionTrait>(
    conn: &C,
    module_id: i64,
    enrollment_id: Option<i64>,
    wanted: Locale,
    primary: Locale,
) -> Result<HashMap<i64, Vec<super::super::dto::OutlineQuiz>>, DomainError> {
    let quizzes = quiz::Entity::find()
        .filter(quiz::Column::ModuleId.eq(module_id))
        .filter(quiz::Column::RetiredAt.is_null())
        .order_by_asc(quiz::Column::Id)
        .all(conn)
        .await?;
    let mut by_unit: HashMap<i64, Vec<super::super::dto::OutlineQuiz>> = HashMap::new();
    for q in quizzes {
        let (fixed, pool) = quiz_questions(conn, &q).await?;
        let counted = match enrollment_id {
            Some(e) => counted_of(&q, &attempts_of(conn, e, q.id).await?),
            None => None,
        };
        by_unit
            .entry(q.unit_id)
            .or_default()
            .push(super::super::dto::OutlineQuiz {
                id: q.id,
                title: title_for(&q.title, wanted, primary),
                role: QuizRole::from_code(&q.role).unwrap_or(QuizRole::Practice),
                score: counted.map(|(s, _)| points(s.0 as i32)),
                max: points(
                    counted
                        .map(|(_, m)| m)
                        .unwrap_or_else(|| quiz_max(&q, &fixed, &pool).1)
                        .0 as i32,
                ),
            });
    }
    // Pre-tests first in their unit, post-tests last.
    for list in by_unit.values_mut() {
        list.sort_by_key(|q| match q.role {
            QuizRole::PreTest => 0,
            QuizRole::Practice => 1,
            QuizRole::PostTest => 2,
        });
    }
    Ok(by_unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiz(counted: &str) -> quiz::Model {
        let now = Utc::now();
        quiz::Model {
            id: 1,
            module_id: 1,
            unit_id: 1,
            title: "{}".into(),
            role: "practice".into(),
            draw_count: Some(3),
            draw_tags: String::new(),
            shuffle: true,
            attempts_allowed: 3,
            time_limit_minutes: None,
            counted: counted.into(),
            feedback: "after_attempt".into(),
            retired_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    fn attempt(number: i32, score: i32, max: i32, pending: i32) -> quiz_attempt::Model {
        let now = Utc::now();
        quiz_attempt::Model {
            id: i64::from(number),
            quiz_id: 1,
            enrollment_id: 1,
            number,
            language: "es".into(),
            started_at: now,
            deadline: now,
            submitted_at: Some(now),
            submitted_how: Some("trainee".into()),
            score: Some(score),
            max_score: max,
            pending,
        }
    }

    #[test]
    fn the_counted_score_leaves_out_essays_waiting_and_compares_drawn_attempts_as_shares() {
        let s = |h: u32| Score(h);
        let cases = [
            // Same maximum: the rule itself.
            (
                "best",
                vec![attempt(1, 300, 600, 0), attempt(2, 500, 600, 0)],
                Some((s(500), s(600))),
            ),
            (
                "last",
                vec![attempt(1, 500, 600, 0), attempt(2, 300, 600, 0)],
                Some((s(300), s(600))),
            ),
            (
                "average",
                vec![attempt(1, 300, 600, 0), attempt(2, 400, 600, 0)],
                Some((s(350), s(600))),
            ),
            // An attempt with an essay waiting does not count yet.
            (
                "best",
                vec![attempt(1, 300, 600, 0), attempt(2, 550, 800, 1)],
                Some((s(300), s(600))),
            ),
            ("best", vec![attempt(1, 550, 800, 1)], None),
            // Drawn attempts out of 400 and 800: 300/400 (75 %) beats 500/800 (62.5 %).
            (
                "best",
                vec![attempt(1, 300, 400, 0), attempt(2, 500, 800, 0)],
                Some((s(600), s(800))),
            ),
        ];
        for (rule, attempts, expected) in cases {
            assert_eq!(
                counted_of(&quiz(rule), &attempts),
                expected,
                "{rule} {attempts:?}"
            );
        }
    }
}
