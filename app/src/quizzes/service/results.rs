//! What quizzes show about learning: an offering's quizzes with each trainee's pre-test,
//! post-test and knowledge gain (instructors of the offering, administrators), and each
//! question's statistics across a quiz's attempts (the module's authors and instructors).

use std::collections::HashMap;

use entity::{attempt_answer, enrollment, offering, offering_instructor, quiz, quiz_attempt, user};
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::super::codes::{QuestionKind, QuizRole};
use super::super::dto::{ItemRow, ItemStatistics, OfferingQuiz, OfferingQuizzes, TraineeGain};
use super::super::grading::{ItemFlag, Score, gain, item_stats};
use super::attempts::{counted_of, schedule_of, share};
use super::{check_module, excerpt, find_quiz, kind_of, points, text_in, texts};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, allowed};
use crate::catalog::teaching::relation_to_offering;
use crate::enrollment::dto::EnrollmentStatus;
use crate::error::DomainError;
use crate::i18n::Locale;
use crate::learning::service::{find_module, primary_of, title_for};

/// An offering's quizzes, results and knowledge gain: 403 for whoever may not see its progress.
pub async fn offering_quizzes(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    offering_id: i64,
    locale: Locale,
) -> Result<OfferingQuizzes, DomainError> {
    let relation = relation_to_offering(db, caller, offering_id).await?;
    if !allowed(&caller.roles, Action::ReadProgress, relation) {
        return Err(DomainError::Forbidden);
    }
    let offering = offering::Entity::find_by_id(offering_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let module = find_module(db, offering.module_id).await?;
    let primary = primary_of(&module);
    let quizzes = quiz::Entity::find()
        .filter(quiz::Column::ModuleId.eq(module.id))
        .filter(quiz::Column::RetiredAt.is_null())
        .order_by_asc(quiz::Column::Id)
        .all(db)
        .await?;
    let enrolments = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(offering_id))
        .filter(enrollment::Column::Status.is_in([
            EnrollmentStatus::Enrolled.code(),
            EnrollmentStatus::Completed.code(),
        ]))
        .all(db)
        .await?;
    let enrolment_ids: Vec<i64> = enrolments.iter().map(|e| e.id).collect();
    let attempts = quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::EnrollmentId.is_in(enrolment_ids))
        .order_by_asc(quiz_attempt::Column::Number)
        .all(db)
        .await?;
    // (enrolment, quiz) → attempts, oldest first.
    let mut by_pair: HashMap<(i64, i64), Vec<quiz_attempt::Model>> = HashMap::new();
    for a in attempts {
        by_pair
            .entry((a.enrollment_id, a.quiz_id))
            .or_default()
            .push(a);
    }
    let mut rows = Vec::new();
    for q in &quizzes {
        let (window, allowed_here, own) = schedule_of(db, q, &offering).await?;
        let mine: Vec<&quiz_attempt::Model> = by_pair
            .iter()
            .filter(|((_, quiz), _)| *quiz == q.id)
            .flat_map(|(_, list)| list.iter())
            .collect();
        rows.push(OfferingQuiz {
            quiz_id: q.id,
            title: title_for(&q.title, locale, primary),
            role: QuizRole::from_code(&q.role).unwrap_or(QuizRole::Practice),
            opens_at: window.0.to_rfc3339(),
            closes_at: window.1.to_rfc3339(),
            attempts_allowed: allowed_here,
            own_schedule: own,
            trainees_attempted: by_pair
                .iter()
                .filter(|((_, quiz), list)| {
                    *quiz == q.id && list.iter().any(|a| a.submitted_at.is_some())
                })
                .count() as u32,
            essays_pending: mine
                .iter()
                .filter(|a| a.submitted_at.is_some())
                .map(|a| a.pending.max(0) as u32)
                .sum(),
        });
    }
    let role = |r: QuizRole| quizzes.iter().find(|q| q.role == r.code());
    let (pre, post) = (role(QuizRole::PreTest), role(QuizRole::PostTest));
    let names: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(enrolments.iter().map(|e| e.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    // A counted score and what it is out of.
    let score_of = |quiz: Option<&quiz::Model>, enrolment: i64| -> Option<(Score, Score)> {
        counted_of(quiz?, by_pair.get(&(enrolment, quiz?.id))?)
    };
    let mut gains: Vec<TraineeGain> = enrolments
        .iter()
        .map(|e| {
            let p = score_of(pre, e.id);
            let q = score_of(post, e.id);
            let (raw, normalised) = match (p, q) {
                (Some((pre, pre_max)), Some((post, post_max)))
                    if pre_max.0 > 0 && post_max.0 > 0 =>
                {
                    // On a common scale (ten-thousandths of the maximum), so tests drawn with
                    // different maxima still compare.
                    let g = gain(share(pre, pre_max), share(post, post_max), Score(10_000));
                    (
                        Some(points(post.0 as i32) - points(pre.0 as i32)),
                        g.normalised,
                    )
                }
                _ => (None, None),
            };
            TraineeGain {
                enrollment_id: e.id,
                name: names.get(&e.user_id).cloned().unwrap_or_default(),
                pre: p.map(|(s, _)| points(s.0 as i32)),
                post: q.map(|(s, _)| points(s.0 as i32)),
                raw,
                normalised,
            }
        })
        .collect();
    gains.sort_by_key(|g| g.name.to_lowercase());
    let mean = |values: Vec<f64>| {
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    let mean_raw = mean(gains.iter().filter_map(|g| g.raw).collect());
    let mean_normalised = mean(gains.iter().filter_map(|g| g.normalised).collect());
    let max = match (pre, post) {
        (Some(_), Some(p)) => {
            let (fixed, pool) = super::quiz_questions(db, p).await?;
            Some(points(super::quiz_max(p, &fixed, &pool).1.0 as i32))
        }
        _ => None,
    };
    Ok(OfferingQuizzes {
        offering_id,
        module_title: title_for(&module.title, locale, primary),
        starts_on: offering.starts_on.to_string(),
        quizzes: rows,
        max,
        gains,
        mean_raw,
        mean_normalised,
        can_schedule: allowed(&caller.roles, Action::ScheduleQuizzes, relation),
    })
}

/// The enrolments of the offerings `user_id` teaches, as a subquery.
fn taught_by(user_id: i64) -> SelectStatement {
    use sea_orm::sea_query::ExprTrait;
    Query::select()
        .column((enrollment::Entity, enrollment::Column::Id))
        .from(enrollment::Entity)
        .inner_join(
            offering_instructor::Entity,
            Expr::col((
                offering_instructor::Entity,
                offering_instructor::Column::OfferingId,
            ))
            .equals((enrollment::Entity, enrollment::Column::OfferingId)),
        )
        .and_where(
            Expr::col((
                offering_instructor::Entity,
                offering_instructor::Column::UserId,
            ))
            .eq(user_id),
        )
        .to_owned()
}

/// Each question's statistics across the quiz's fully graded attempts: all offerings for the
/// module's authors and administrators; the offerings they teach for its instructors.
pub async fn item_statistics(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    quiz_id: i64,
    locale: Locale,
) -> Result<ItemStatistics, DomainError> {
    let quiz = find_quiz(db, quiz_id).await?;
    let everywhere = check_module(db, caller, quiz.module_id, Action::EditContent)
        .await
        .is_ok();
    if !everywhere {
        check_module(db, caller, quiz.module_id, Action::ReadContent).await?;
    }
    let module = find_module(db, quiz.module_id).await?;
    let primary = primary_of(&module);
    let mut attempts = quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::QuizId.eq(quiz_id))
        .filter(quiz_attempt::Column::SubmittedAt.is_not_null())
        .filter(quiz_attempt::Column::Pending.eq(0));
    if !everywhere {
        // An instructor sees the attempts of the offerings they teach, and no other's.
        attempts =
            attempts.filter(quiz_attempt::Column::EnrollmentId.in_subquery(taught_by(caller.id)));
    }
    let attempts = attempts.all(db).await?;
    // Totals as shares of each attempt's own maximum, so drawn attempts compare.
    let totals: HashMap<i64, Score> = attempts
        .iter()
        .map(|a| {
            let score = Score(a.score.unwrap_or(0).max(0) as u32);
            (a.id, share(score, Score(a.max_score.max(0) as u32)))
        })
        .collect();
    let mut answers = Vec::new();
    // In slices: the statement's parameter list stays far below the engines' limits.
    let ids: Vec<i64> = totals.keys().copied().collect();
    for chunk in ids.chunks(1_000) {
        answers.extend(
            attempt_answer::Entity::find()
                .filter(attempt_answer::Column::AttemptId.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    let mut per_question: HashMap<i64, (QuestionKind, Vec<(Score, bool)>)> = HashMap::new();
    for a in &answers {
        // Essays not graded yet are not counted.
        let Some(score) = a.score else { continue };
        let total = totals.get(&a.attempt_id).copied().unwrap_or_default();
        per_question
            .entry(a.question_id)
            .or_insert_with(|| (kind_of(&a.kind), Vec::new()))
            .1
            .push((total, score == a.points));
    }
    let ids: Vec<i64> = per_question.keys().copied().collect();
    let texts = texts(db, &ids).await?;
    let mut items: Vec<ItemRow> = per_question
        .into_iter()
        .map(|(id, (kind, answers))| {
            let stats = item_stats(&answers);
            ItemRow {
                question_id: id,
                excerpt: text_in(texts.get(&id), locale, primary)
                    .map(|t| excerpt(&t.prompt))
                    .unwrap_or_default(),
                kind,
                answered: stats.answered as u32,
                share_right: stats.share_right,
                discrimination: stats.discrimination,
                flag: stats.flag.map(|f| match f {
                    ItemFlag::NobodyRight => "nobody_right".to_string(),
                    ItemFlag::EverybodyRight => "everybody_right".to_string(),
                }),
            }
        })
        .collect();
    items.sort_by_key(|i| i.question_id);
    Ok(ItemStatistics {
        quiz_id,
        title: title_for(&quiz.title, locale, primary),
        module_id: quiz.module_id,
        attempts: attempts.len() as u32,
        items,
    })
}
