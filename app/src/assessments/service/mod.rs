//! Practical tests over the database: an offering's tests and their checklists
//! ([`practical`]), and observing trainees against them, releasing results and a trainee's
//! own results ([`observe`]).
//!
//! Concurrency. A trainee's result is one row per (test, enrolment), its key. Recording an
//! observation makes the row if missing (`ON CONFLICT DO NOTHING`), then holds it
//! (`FOR UPDATE`; the one writer on SQLite) while the marks are written and the outcome worked
//! out again from every mark, so two instructors saving the same trainee at once are applied one
//! after the other and the stored outcome always matches the stored marks. Every outcome given or
//! changed appends to `result_changes`, kept append-only by triggers. A checklist can change only
//! while no result exists, checked under the test's row lock.

pub mod observe;
pub mod practical;

use entity::{assessment, assessment_criterion};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::dto::{CriterionView, OutcomeView};
use super::rules::{Criterion, Outcome};
use crate::auth::CurrentUser;
use crate::error::DomainError;

/// The test, or 404; and the caller must assess its offering (404 otherwise).
pub(crate) async fn find_test<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    test_id: i64,
) -> Result<assessment::Model, DomainError> {
    let test = assessment::Entity::find_by_id(test_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    check_assesses(conn, caller, test.offering_id).await?;
    Ok(test)
}

/// Checks that the caller assesses `offering_id`'s trainees (its instructors, administrators);
/// to anyone else it does not exist.
pub(crate) async fn check_assesses<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    offering_id: i64,
) -> Result<(), DomainError> {
    use crate::auth::policy::{Action, allowed};
    let relation =
        crate::catalog::teaching::relation_to_offering(conn, caller, offering_id).await?;
    if allowed(&caller.roles, Action::Assess, relation) {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// A test's checklist, in order.
pub(crate) async fn criteria_of<C: ConnectionTrait>(
    conn: &C,
    test_id: i64,
) -> Result<Vec<assessment_criterion::Model>, DomainError> {
    Ok(assessment_criterion::Entity::find()
        .filter(assessment_criterion::Column::AssessmentId.eq(test_id))
        .order_by_asc(assessment_criterion::Column::Position)
        .order_by_asc(assessment_criterion::Column::Id)
        .all(conn)
        .await?)
}

pub(crate) fn criterion_view(c: &assessment_criterion::Model) -> CriterionView {
    CriterionView {
        id: c.id,
        text: c.text.clone(),
        points: c.points,
        critical: c.critical,
    }
}

pub(crate) fn as_rule(c: &assessment_criterion::Model) -> Criterion {
    Criterion {
        id: c.id,
        points: c.points,
        critical: c.critical,
    }
}

/// A stored score (hundredths of a percent) as a share.
pub(crate) fn share(score: Option<i32>) -> Option<f64> {
    score.map(|s| f64::from(s) / 10_000.0)
}

pub(crate) fn outcome_view(o: Outcome) -> OutcomeView {
    OutcomeView {
        score: share(o.score),
        complete: o.complete,
        critical_failed: o.critical_failed,
        passed: o.passed,
    }
}
