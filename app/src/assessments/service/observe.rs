//! Observing trainees against a practical test's checklist (made for a phone: one trainee
//! after another, saving as the instructor goes), the history of each outcome, and a trainee's
//! own released results.

use chrono::{DateTime, Utc};
use entity::{assessment, assessment_result, criterion_mark, enrollment, result_change};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::super::codes::CriterionMark;
use super::super::dto::{MyPractical, Observation, OutcomeView, ResultChangeView};
use super::super::rules::{TEXT_MAX, practical_outcome};
use super::{as_rule, criteria_of, criterion_view, find_test, outcome_view, share};
use crate::attendance::service::{names_of, trainees_of};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed};
use crate::db::begin_write;
use crate::error::{DomainError, FieldError};
use crate::i18n::Key;

/// The marks of one trainee for one test.
async fn marks_of<C: sea_orm::ConnectionTrait>(
    conn: &C,
    test_id: i64,
    enrollment_id: i64,
) -> Result<Vec<(i64, CriterionMark)>, DomainError> {
    Ok(criterion_mark::Entity::find()
        .filter(criterion_mark::Column::AssessmentId.eq(test_id))
        .filter(criterion_mark::Column::EnrollmentId.eq(enrollment_id))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|m| Some((m.criterion_id, CriterionMark::from_code(&m.mark)?)))
        .collect())
}

/// One trainee observed against a test: the checklist with their marks, the feedback, the
/// outcome so far, the next trainee, and the history.
pub async fn observation(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    test_id: i64,
    enrollment_id: i64,
) -> Result<Observation, DomainError> {
    let test = find_test(db, caller, test_id).await?;
    let trainees = trainees_of(db, test.offering_id).await?;
    let place = trainees
        .iter()
        .position(|t| t.enrollment_id == enrollment_id)
        .ok_or(DomainError::NotFound)?;
    let criteria = criteria_of(db, test_id).await?;
    let marks = marks_of(db, test_id, enrollment_id).await?;
    let result = assessment_result::Entity::find_by_id((test_id, enrollment_id))
        .one(db)
        .await?;
    let changes = result_change::Entity::find()
        .filter(result_change::Column::AssessmentId.eq(test_id))
        .filter(result_change::Column::EnrollmentId.eq(enrollment_id))
        .order_by_desc(result_change::Column::Id)
        .all(db)
        .await?;
    let names = names_of(db, changes.iter().filter_map(|c| c.by_user)).await?;
    let rules: Vec<_> = criteria.iter().map(as_rule).collect();
    Ok(Observation {
        test_id,
        title: test.title.clone(),
        offering_id: test.offering_id,
        instructions: test.instructions.clone(),
        released: test.released_at.is_some(),
        enrollment_id,
        name: trainees[place].name.clone(),
        marks: criteria
            .iter()
            .map(|c| marks.iter().find(|(id, _)| *id == c.id).map(|(_, m)| *m))
            .collect(),
        criteria: criteria.iter().map(criterion_view).collect(),
        feedback: result.as_ref().and_then(|r| r.feedback.clone()),
        outcome: result
            .is_some()
            .then(|| outcome_view(practical_outcome(&rules, &marks, test.pass_percent))),
        next_enrollment_id: trainees.get(place + 1).map(|t| t.enrollment_id),
        history: changes
            .into_iter()
            .map(|c| ResultChangeView {
                old_score: share(c.old_score),
                new_score: share(c.new_score),
                old_passed: c.old_passed,
                new_passed: c.new_passed,
                reason: c.reason,
                by: c.by_user.and_then(|id| names.get(&id).cloned()),
                at: c.at.to_rfc3339(),
            })
            .collect(),
    })
}

/// Records marks (and the feedback) for one trainee, works the outcome out again from every
/// mark, and keeps the change. Once results are released, a change of the outcome or the
/// feedback needs `reason`.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    test_id: i64,
    enrollment_id: i64,
    given: &[(i64, CriterionMark)],
    feedback: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<OutcomeView, DomainError> {
    let txn = begin_write(db).await?;
    let outcome = record_in(
        &txn,
        caller,
        test_id,
        enrollment_id,
        given,
        feedback,
        reason,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(outcome)
}

/// [`record`] for the JSON API, naming the trainee by account.
#[allow(clippy::too_many_arguments)]
pub async fn record_for_user(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    test_id: i64,
    user_id: i64,
    given: &[(i64, CriterionMark)],
    feedback: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<OutcomeView, DomainError> {
    let txn = begin_write(db).await?;
    let test = find_test(&txn, caller, test_id).await?;
    let enrollment_id = trainees_of(&txn, test.offering_id)
        .await?
        .into_iter()
        .find(|t| t.user_id == user_id)
        .map(|t| t.enrollment_id)
        .ok_or(DomainError::NotFound)?;
    let outcome = record_in(
        &txn,
        caller,
        test_id,
        enrollment_id,
        given,
        feedback,
        reason,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(outcome)
}

#[allow(clippy::too_many_arguments)]
async fn record_in(
    txn: &DatabaseTransaction,
    caller: &CurrentUser,
    test_id: i64,
    enrollment_id: i64,
    given: &[(i64, CriterionMark)],
    feedback: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<OutcomeView, DomainError> {
    let test = find_test(txn, caller, test_id).await?;
    if !trainees_of(txn, test.offering_id)
        .await?
        .iter()
        .any(|t| t.enrollment_id == enrollment_id)
    {
        return Err(DomainError::NotFound);
    }
    let criteria = criteria_of(txn, test_id).await?;
    let (feedback, reason) = (feedback.trim(), reason.trim());
    let mut problems = Vec::new();
    if given
        .iter()
        .any(|(id, _)| !criteria.iter().any(|c| c.id == *id))
    {
        problems.push(FieldError::new("marks", Key::PracticalUnknownCriterion));
    }
    if feedback.chars().count() > TEXT_MAX {
        problems.push(FieldError::new("feedback", Key::PracticalFeedbackTooLong));
    }
    if reason.chars().count() > TEXT_MAX {
        problems.push(FieldError::new("reason", Key::PracticalReasonTooLong));
    }
    if !problems.is_empty() {
        return Err(DomainError::Invalid(problems));
    }
    let rules: Vec<_> = criteria.iter().map(as_rule).collect();
    // Saving an empty form for a trainee not observed yet records nothing: no result "in
    // progress", and the checklist stays open to changes.
    if given.is_empty()
        && feedback.is_empty()
        && assessment_result::Entity::find_by_id((test_id, enrollment_id))
            .one(txn)
            .await?
            .is_none()
    {
        return Ok(outcome_view(practical_outcome(
            &rules,
            &[],
            test.pass_percent,
        )));
    }
    // The result row exists before it is locked, so two saves of one trainee queue up.
    let inserted = assessment_result::Entity::insert(assessment_result::ActiveModel {
        assessment_id: Set(test_id),
        enrollment_id: Set(enrollment_id),
        score: Set(None),
        passed: Set(None),
        complete: Set(false),
        feedback: Set(None),
        graded_by: Set(Some(caller.id)),
        graded_at: Set(now),
    })
    .on_conflict_do_nothing_on([
        assessment_result::Column::AssessmentId,
        assessment_result::Column::EnrollmentId,
    ])
    .exec_without_returning(txn)
    .await?;
    let before = assessment_result::Entity::find_by_id((test_id, enrollment_id))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let first = matches!(inserted, sea_orm::TryInsertResult::Inserted(1));
    for (criterion_id, mark) in given {
        criterion_mark::Entity::insert(criterion_mark::ActiveModel {
            assessment_id: Set(test_id),
            enrollment_id: Set(enrollment_id),
            criterion_id: Set(*criterion_id),
            mark: Set(mark.code().to_string()),
        })
        .on_conflict(
            OnConflict::columns([
                criterion_mark::Column::AssessmentId,
                criterion_mark::Column::EnrollmentId,
                criterion_mark::Column::CriterionId,
            ])
            .update_column(criterion_mark::Column::Mark)
            .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    }
    let marks = marks_of(txn, test_id, enrollment_id).await?;
    let outcome = practical_outcome(&rules, &marks, test.pass_percent);
    let feedback = (!feedback.is_empty()).then(|| feedback.to_string());
    let outcome_changed = outcome.score != before.score || outcome.passed != before.passed;
    let changed = outcome_changed || feedback != before.feedback;
    if test.released_at.is_some() && changed && reason.is_empty() {
        return Err(DomainError::invalid("reason", Key::PracticalReasonMissing));
    }
    assessment_result::ActiveModel {
        assessment_id: Set(test_id),
        enrollment_id: Set(enrollment_id),
        score: Set(outcome.score),
        passed: Set(outcome.passed),
        complete: Set(outcome.complete),
        feedback: Set(feedback),
        graded_by: Set(Some(caller.id)),
        graded_at: Set(now),
    }
    .update(txn)
    .await?;
    if outcome_changed || (first && changed) {
        result_change::ActiveModel {
            assessment_id: Set(test_id),
            enrollment_id: Set(enrollment_id),
            old_score: Set(before.score),
            new_score: Set(outcome.score),
            old_passed: Set(before.passed),
            new_passed: Set(outcome.passed),
            reason: Set(test
                .released_at
                .and((!reason.is_empty()).then(|| reason.to_string()))),
            by_user: Set(Some(caller.id)),
            at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(outcome_view(outcome))
}

/// The released practical-test results of one of the caller's enrolments (nothing of a test
/// whose results are not released: not its score, not its marks, not its feedback). 404 for
/// anyone else's enrolment.
pub async fn my_practicals(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    enrollment_id: i64,
) -> Result<Vec<MyPractical>, DomainError> {
    let seat = enrollment::Entity::find_by_id(enrollment_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let relation = if seat.user_id == caller.id {
        Relation::Own
    } else {
        Relation::Other
    };
    if !allowed(&caller.roles, Action::ReadOwnResults, relation) {
        return Err(DomainError::NotFound);
    }
    let tests = assessment::Entity::find()
        .filter(assessment::Column::OfferingId.eq(seat.offering_id))
        .filter(assessment::Column::ReleasedAt.is_not_null())
        .order_by_asc(assessment::Column::Id)
        .all(db)
        .await?;
    let mut mine = Vec::new();
    for test in tests {
        let Some(result) = assessment_result::Entity::find_by_id((test.id, enrollment_id))
            .one(db)
            .await?
        else {
            continue;
        };
        let criteria = criteria_of(db, test.id).await?;
        let marks = marks_of(db, test.id, enrollment_id).await?;
        let rules: Vec<_> = criteria.iter().map(as_rule).collect();
        mine.push(MyPractical {
            test_id: test.id,
            title: test.title.clone(),
            pass_percent: test.pass_percent,
            outcome: outcome_view(practical_outcome(&rules, &marks, test.pass_percent)),
            feedback: result.feedback,
            criteria: criteria
                .iter()
                .map(|c| {
                    let mark = marks.iter().find(|(id, _)| *id == c.id).map(|(_, m)| *m);
                    (criterion_view(c), mark)
                })
                .collect(),
        });
    }
    Ok(mine)
}
