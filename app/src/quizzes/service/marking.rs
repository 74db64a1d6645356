//! What instructors grade: the essays of the offerings they teach, one score and comment each;
//! and regrading past attempts when an author corrects a question's answer key. Every grade
//! given or changed is recorded in `grade_changes` (append-only), and the attempt's total and
//! count of essays still waiting are computed again from its answers.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{
    attempt_answer, enrollment, grade_change, offering, offering_instructor, question, quiz,
    quiz_attempt, user,
};
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::super::codes::{GradeReason, QuestionKind};
use super::super::dto::{EssayToGrade, GradeEvent, GradingQueue};
use super::super::grading::{Graded, Response, Score, grade};
use super::super::rules::parse_score_within;
use super::bank::stored_key;
use super::{kind_of, points};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed};
use crate::catalog::teaching::relation_to_offering;
use crate::db::begin_write;
use crate::error::DomainError;
use crate::i18n::{Key, Locale, Texts};

/// Longest comment on an essay, in characters.
pub const COMMENT_MAX: usize = 5_000;

/// The offerings whose essays the caller grades: those they teach, or every one for whom the
/// policy lets grade any offering (administrators).
async fn graded_offerings<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
) -> Result<Option<Vec<i64>>, DomainError> {
    if allowed(&caller.roles, Action::GradeAnswers, Relation::Other) {
        return Ok(None);
    }
    if !allowed(
        &caller.roles,
        Action::GradeAnswers,
        Relation::TeachesOffering,
    ) {
        return Err(DomainError::Forbidden);
    }
    Ok(Some(
        offering_instructor::Entity::find()
            .select_only()
            .column(offering_instructor::Column::OfferingId)
            .filter(offering_instructor::Column::UserId.eq(caller.id))
            .into_tuple()
            .all(conn)
            .await?,
    ))
}

/// The submitted attempts of `offerings` (of every offering with `None`), as a subquery: the
/// lists stay in the database however many attempts there are.
fn submitted_in(offerings: Option<&[i64]>) -> SelectStatement {
    use sea_orm::sea_query::ExprTrait;
    let mut query = Query::select()
        .column((quiz_attempt::Entity, quiz_attempt::Column::Id))
        .from(quiz_attempt::Entity)
        .inner_join(
            enrollment::Entity,
            Expr::col((enrollment::Entity, enrollment::Column::Id))
                .equals((quiz_attempt::Entity, quiz_attempt::Column::EnrollmentId)),
        )
        .and_where(
            Expr::col((quiz_attempt::Entity, quiz_attempt::Column::SubmittedAt)).is_not_null(),
        )
        .to_owned();
    if let Some(offerings) = offerings {
        query.and_where(
            Expr::col((enrollment::Entity, enrollment::Column::OfferingId))
                .is_in(offerings.to_vec()),
        );
    }
    query
}

/// The essays waiting for the caller, oldest first, and the last ones graded.
pub async fn grading_queue(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    locale: Locale,
) -> Result<GradingQueue, DomainError> {
    let scope = graded_offerings(db, caller).await?;
    let in_scope = submitted_in(scope.as_deref());
    let essays = || {
        attempt_answer::Entity::find()
            .filter(attempt_answer::Column::Kind.eq(QuestionKind::Essay.code()))
            .filter(attempt_answer::Column::Response.is_not_null())
            .filter(attempt_answer::Column::AttemptId.in_subquery(in_scope.clone()))
    };
    // Every essay waiting, and the last ones graded.
    let mut found = essays()
        .filter(attempt_answer::Column::Score.is_null())
        .all(db)
        .await?;
    found.extend(
        essays()
            .filter(attempt_answer::Column::GradedAt.is_not_null())
            .order_by_desc(attempt_answer::Column::GradedAt)
            .limit(20)
            .all(db)
            .await?,
    );
    let essays = found;
    let mut attempt_ids: Vec<i64> = essays.iter().map(|a| a.attempt_id).collect();
    attempt_ids.sort_unstable();
    attempt_ids.dedup();
    let attempts = quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::Id.is_in(attempt_ids))
        .all(db)
        .await?;
    let enrolments: HashMap<i64, enrollment::Model> = enrollment::Entity::find()
        .filter(
            enrollment::Column::Id
                .is_in(attempts.iter().map(|a| a.enrollment_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let attempts: Vec<(quiz_attempt::Model, enrollment::Model)> = attempts
        .into_iter()
        .filter_map(|a| enrolments.get(&a.enrollment_id).cloned().map(|e| (a, e)))
        .collect();
    let by_attempt: HashMap<i64, &(quiz_attempt::Model, enrollment::Model)> =
        attempts.iter().map(|p| (p.0.id, p)).collect();
    let names: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(attempts.iter().map(|(_, e)| e.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let offerings: HashMap<i64, offering::Model> = offering::Entity::find()
        .filter(
            offering::Column::Id.is_in(
                attempts
                    .iter()
                    .map(|(_, e)| e.offering_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let modules: HashMap<i64, String> = entity::module::Entity::find()
        .filter(
            entity::module::Column::Id
                .is_in(offerings.values().map(|o| o.module_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, Texts::from_stored(&m.title).pick(locale)))
        .collect();
    let quizzes: HashMap<i64, String> = quiz::Entity::find()
        .filter(quiz::Column::Id.is_in(attempts.iter().map(|(a, _)| a.quiz_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.id, Texts::from_stored(&q.title).pick(locale)))
        .collect();
    // Each essay's grade history, with the graders' names.
    let mut changes: HashMap<(i64, i64), Vec<grade_change::Model>> = HashMap::new();
    for c in grade_change::Entity::find()
        .filter(
            grade_change::Column::AttemptId.is_in(by_attempt.keys().copied().collect::<Vec<_>>()),
        )
        .order_by_asc(grade_change::Column::Id)
        .all(db)
        .await?
    {
        changes
            .entry((c.attempt_id, c.question_id))
            .or_default()
            .push(c);
    }
    let graders: HashMap<i64, String> = user::Entity::find()
        .filter(
            user::Column::Id.is_in(
                changes
                    .values()
                    .flatten()
                    .filter_map(|c| c.by_user)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let mut waiting = Vec::new();
    let mut graded = Vec::new();
    for a in essays {
        let Some((attempt, enrolment)) = by_attempt.get(&a.attempt_id).copied() else {
            continue;
        };
        let offering = offerings.get(&enrolment.offering_id);
        let essay = match a
            .response
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
        {
            Some(Response::Text(text)) => text,
            _ => String::new(),
        };
        let item = EssayToGrade {
            attempt_id: a.attempt_id,
            question_id: a.question_id,
            offering_id: enrolment.offering_id,
            offering: offering
                .map(|o| {
                    format!(
                        "{} · {}",
                        modules.get(&o.module_id).cloned().unwrap_or_default(),
                        locale.date(&o.starts_on.to_string())
                    )
                })
                .unwrap_or_default(),
            quiz_title: quizzes.get(&attempt.quiz_id).cloned().unwrap_or_default(),
            trainee: names.get(&enrolment.user_id).cloned().unwrap_or_default(),
            prompt_html: a.prompt.clone(),
            essay,
            points: points(a.points),
            submitted_at: attempt
                .submitted_at
                .map(|s| s.to_rfc3339())
                .unwrap_or_default(),
            score: a.score.map(points),
            comment: a.comment.clone(),
            history: changes
                .get(&(a.attempt_id, a.question_id))
                .map(|list| {
                    list.iter()
                        .map(|c| GradeEvent {
                            at: c.at.to_rfc3339(),
                            by: c.by_user.and_then(|u| graders.get(&u).cloned()),
                            old: c.old_score.map(points),
                            new: points(c.new_score),
                            reason: GradeReason::from_code(&c.reason).unwrap_or(GradeReason::Essay),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        if a.score.is_none() {
            waiting.push(item);
        } else if a.graded_at.is_some() {
            graded.push((a.graded_at, item));
        }
    }
    waiting.sort_by(|a, b| a.submitted_at.cmp(&b.submitted_at));
    graded.sort_by_key(|g| std::cmp::Reverse(g.0));
    Ok(GradingQueue {
        waiting,
        graded: graded.into_iter().take(20).map(|(_, i)| i).collect(),
    })
}

/// Grades (or grades again) an essay of an attempt at an offering the caller teaches.
pub async fn grade_essay(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    attempt_id: i64,
    question_id: i64,
    score: &str,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    // Permission first: whoever grades no offering learns nothing of which attempts exist.
    if !allowed(
        &caller.roles,
        Action::GradeAnswers,
        Relation::TeachesOffering,
    ) && !allowed(&caller.roles, Action::GradeAnswers, Relation::Other)
    {
        return Err(DomainError::Forbidden);
    }
    let attempt = quiz_attempt::Entity::find_by_id(attempt_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let enrolment = enrollment::Entity::find_by_id(attempt.enrollment_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    // Another offering's attempt is not one this instructor knows of: 404, as a missing one.
    let relation = relation_to_offering(db, caller, enrolment.offering_id).await?;
    if !allowed(&caller.roles, Action::GradeAnswers, relation) {
        return Err(DomainError::NotFound);
    }
    let comment = comment.replace("\r\n", "\n").trim().to_string();
    if comment.chars().count() > COMMENT_MAX {
        return Err(DomainError::invalid("comment", Key::EssayCommentTooLong));
    }
    // The attempt's row is held while its answer is graded and its total worked out again, so
    // two instructors grading two essays of one attempt, or a regrade, each see the other's.
    let txn = begin_write(db).await?;
    let attempt = super::attempts::locked(&txn, attempt_id).await?;
    let answer = attempt_answer::Entity::find_by_id((attempt_id, question_id))
        .one(&txn)
        .await?
        .filter(|a| a.kind == QuestionKind::Essay.code())
        .ok_or(DomainError::NotFound)?;
    if attempt.submitted_at.is_none() {
        return Err(DomainError::Conflict(Key::EssayNotSubmitted));
    }
    let given = parse_score_within(score, Score(answer.points.max(0) as u32)).ok_or_else(|| {
        DomainError::Invalid(vec![crate::error::FieldError::with(
            "score",
            Key::EssayScoreInvalid,
            vec![("max", Locale::En.points(points(answer.points)))],
        )])
    })?;
    let old = answer.score;
    let key_number = answer.key_number;
    let mut row: attempt_answer::ActiveModel = answer.into();
    row.score = Set(Some(given.0 as i32));
    row.comment = Set((!comment.is_empty()).then_some(comment));
    row.graded_by = Set(Some(caller.id));
    row.graded_at = Set(Some(now));
    row.update(&txn).await?;
    record(
        &txn,
        attempt_id,
        question_id,
        old,
        given.0 as i32,
        GradeReason::Essay,
        key_number,
        Some(caller.id),
        now,
    )
    .await?;
    retotal(&txn, attempt_id).await?;
    txn.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn record(
    txn: &DatabaseTransaction,
    attempt_id: i64,
    question_id: i64,
    old: Option<i32>,
    new: i32,
    reason: GradeReason,
    key_number: i32,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    grade_change::ActiveModel {
        attempt_id: Set(attempt_id),
        question_id: Set(question_id),
        old_score: Set(old),
        new_score: Set(new),
        reason: Set(reason.code().to_string()),
        key_number: Set(key_number),
        by_user: Set(by),
        at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Sets an attempt's total and count of essays waiting from its answers.
async fn retotal(txn: &DatabaseTransaction, attempt_id: i64) -> Result<(), DomainError> {
    let answers = attempt_answer::Entity::find()
        .filter(attempt_answer::Column::AttemptId.eq(attempt_id))
        .all(txn)
        .await?;
    let total: i32 = answers.iter().filter_map(|a| a.score).sum();
    let pending = answers.iter().filter(|a| a.score.is_none()).count() as i32;
    quiz_attempt::Entity::update_many()
        .col_expr(quiz_attempt::Column::Score, total.into())
        .col_expr(quiz_attempt::Column::Pending, pending.into())
        .filter(quiz_attempt::Column::Id.eq(attempt_id))
        .filter(quiz_attempt::Column::SubmittedAt.is_not_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// Grades every submitted answer to `question` again against its current key, recording each
/// score that changes; the attempts keep the text their trainee saw. Returns how many scores
/// changed. Essays are left to their instructors.
pub async fn regrade(
    txn: &DatabaseTransaction,
    question: &question::Model,
    by: i64,
    now: DateTime<Utc>,
) -> Result<u64, DomainError> {
    if kind_of(&question.kind) == QuestionKind::Essay {
        return Ok(0);
    }
    let key = stored_key(&question.answer_key)?;
    let submitted = submitted_in(None);
    let answers = attempt_answer::Entity::find()
        .filter(attempt_answer::Column::QuestionId.eq(question.id))
        .filter(attempt_answer::Column::AttemptId.in_subquery(submitted))
        .all(txn)
        .await?;
    let mut changed = 0;
    for a in answers {
        // Each attempt is held while its answer and total change (an essay may be graded at
        // the same moment).
        super::attempts::locked(txn, a.attempt_id).await?;
        let response: Response = a
            .response
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or(Response::Blank);
        let Graded::Scored(new) = grade(&key, Score(a.points.max(0) as u32), &response) else {
            continue;
        };
        let new = new.0 as i32;
        let (attempt_id, old) = (a.attempt_id, a.score);
        let mut row: attempt_answer::ActiveModel = a.into();
        row.key_number = Set(question.key_number);
        if old != Some(new) {
            row.score = Set(Some(new));
            row.update(txn).await?;
            record(
                txn,
                attempt_id,
                question.id,
                old,
                new,
                GradeReason::Regrade,
                question.key_number,
                Some(by),
                now,
            )
            .await?;
            retotal(txn, attempt_id).await?;
            changed += 1;
        } else {
            row.update(txn).await?;
        }
    }
    Ok(changed)
}

/// The grade history of an attempt, oldest first: (question, old, new, reason, when).
pub async fn history<C: ConnectionTrait>(
    conn: &C,
    attempt_id: i64,
) -> Result<Vec<grade_change::Model>, DomainError> {
    Ok(grade_change::Entity::find()
        .filter(grade_change::Column::AttemptId.eq(attempt_id))
        .order_by_asc(grade_change::Column::Id)
        .all(conn)
        .await?)
}
