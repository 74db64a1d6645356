//! An offering's practical tests: the list with each test's progress, the editor (a checklist
//! changes only while no result exists), a test's sheet, and releasing its results.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{assessment, assessment_criterion, assessment_result, criterion_mark};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::super::codes::{AssessmentKind, CriterionMark};
use super::super::dto::{
    OfferingPracticals, PracticalEditor, PracticalSheet, PracticalSummary, SheetRow,
};
use super::super::rules::{TestInput, practical_outcome};
use super::{as_rule, check_assesses, criteria_of, criterion_view, find_test, outcome_view};
use crate::attendance::service::{find_offering, trainees_of};
use crate::auth::CurrentUser;
use crate::db::begin_write;
use crate::error::DomainError;
use crate::i18n::{Key, Locale};
use crate::learning::service::{primary_of, title_for};

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A test's line in lists: its progress over `trainees` trainees.
fn summary(
    test: &assessment::Model,
    criteria: usize,
    results: &[assessment_result::Model],
    trainees: &[i64],
) -> PracticalSummary {
    let mine: Vec<&assessment_result::Model> = results
        .iter()
        .filter(|r| r.assessment_id == test.id && trainees.contains(&r.enrollment_id))
        .collect();
    PracticalSummary {
        id: test.id,
        title: test.title.clone(),
        pass_percent: test.pass_percent,
        criteria: count(criteria),
        released_at: test.released_at.map(|at| at.to_rfc3339()),
        started: count(mine.len()),
        complete: count(mine.iter().filter(|r| r.complete).count()),
        passed: count(mine.iter().filter(|r| r.passed == Some(true)).count()),
        trainees: count(trainees.len()),
    }
}

/// An offering's practical tests, for its instructors and administrators.
pub async fn offering_practicals(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    offering_id: i64,
    locale: Locale,
) -> Result<OfferingPracticals, DomainError> {
    check_assesses(db, caller, offering_id).await?;
    let (offering, module) = find_offering(db, offering_id).await?;
    let tests = assessment::Entity::find()
        .filter(assessment::Column::OfferingId.eq(offering_id))
        .order_by_asc(assessment::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = tests.iter().map(|t| t.id).collect();
    let results = assessment_result::Entity::find()
        .filter(assessment_result::Column::AssessmentId.is_in(ids.clone()))
        .all(db)
        .await?;
    let mut criteria: HashMap<i64, usize> = HashMap::new();
    for c in assessment_criterion::Entity::find()
        .filter(assessment_criterion::Column::AssessmentId.is_in(ids))
        .all(db)
        .await?
    {
        *criteria.entry(c.assessment_id).or_default() += 1;
    }
    let trainees: Vec<i64> = trainees_of(db, offering_id)
        .await?
        .into_iter()
        .map(|t| t.enrollment_id)
        .collect();
    Ok(OfferingPracticals {
        offering_id,
        module_title: title_for(&module.title, locale, primary_of(&module)),
        starts_on: offering.starts_on.format("%Y-%m-%d").to_string(),
        tests: tests
            .iter()
            .map(|t| {
                summary(
                    t,
                    criteria.get(&t.id).copied().unwrap_or(0),
                    &results,
                    &trainees,
                )
            })
            .collect(),
    })
}

/// A test to edit (`test_id`), or a new one for `offering_id`.
pub async fn editor(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    offering_id: i64,
    test_id: Option<i64>,
) -> Result<PracticalEditor, DomainError> {
    check_assesses(db, caller, offering_id).await?;
    let Some(test_id) = test_id else {
        return Ok(PracticalEditor {
            offering_id,
            id: None,
            title: String::new(),
            instructions: String::new(),
            pass_percent: 70,
            criteria: Vec::new(),
            locked: false,
        });
    };
    let test = find_test(db, caller, test_id).await?;
    if test.offering_id != offering_id {
        return Err(DomainError::NotFound);
    }
    let locked = has_results(db, test_id).await?;
    Ok(PracticalEditor {
        offering_id,
        id: Some(test.id),
        title: test.title,
        instructions: test.instructions.unwrap_or_default(),
        pass_percent: test.pass_percent,
        criteria: criteria_of(db, test_id)
            .await?
            .iter()
            .map(criterion_view)
            .collect(),
        locked,
    })
}

async fn has_results<C: sea_orm::ConnectionTrait>(
    conn: &C,
    test_id: i64,
) -> Result<bool, DomainError> {
    Ok(assessment_result::Entity::find()
        .filter(assessment_result::Column::AssessmentId.eq(test_id))
        .count(conn)
        .await?
        > 0)
}

/// Creates (`test_id` none) or changes a practical test of `offering_id`; returns its id. Once
/// a trainee has a result, the title, scenario and pass mark may still change, the checklist
/// may not (refused, naming `criteria`).
pub async fn save(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    offering_id: i64,
    test_id: Option<i64>,
    input: &TestInput,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let draft = input.check().map_err(DomainError::from_problems)?;
    let txn = begin_write(db).await?;
    check_assesses(&txn, caller, offering_id).await?;
    find_offering(&txn, offering_id).await?;
    let id = match test_id {
        Some(test_id) => {
            let test = assessment::Entity::find_by_id(test_id)
                .lock_exclusive()
                .one(&txn)
                .await?
                .filter(|t| t.offering_id == offering_id)
                .ok_or(DomainError::NotFound)?;
            let current = criteria_of(&txn, test_id).await?;
            let same_checklist = current.len() == draft.criteria.len()
                && current.iter().zip(&draft.criteria).all(|(old, new)| {
                    new.id == Some(old.id)
                        && old.text == new.text
                        && old.points == new.points
                        && old.critical == new.critical
                });
            if !same_checklist {
                if has_results(&txn, test_id).await? {
                    return Err(DomainError::invalid(
                        "criteria",
                        Key::PracticalChecklistLocked,
                    ));
                }
                assessment_criterion::Entity::delete_many()
                    .filter(assessment_criterion::Column::AssessmentId.eq(test_id))
                    .exec(&txn)
                    .await?;
                insert_criteria(&txn, test_id, &draft.criteria).await?;
            }
            assessment::ActiveModel {
                id: Set(test.id),
                title: Set(draft.title.clone()),
                instructions: Set(draft.instructions.clone()),
                pass_percent: Set(draft.pass_percent),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(&txn)
            .await?;
            test.id
        }
        None => {
            let test = assessment::ActiveModel {
                offering_id: Set(offering_id),
                kind: Set(AssessmentKind::Practical.code().to_string()),
                title: Set(draft.title.clone()),
                instructions: Set(draft.instructions.clone()),
                pass_percent: Set(draft.pass_percent),
                released_at: Set(None),
                created_by: Set(Some(caller.id)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            insert_criteria(&txn, test.id, &draft.criteria).await?;
            test.id
        }
    };
    txn.commit().await?;
    Ok(id)
}

async fn insert_criteria(
    txn: &sea_orm::DatabaseTransaction,
    test_id: i64,
    criteria: &[super::super::rules::CriterionDraft],
) -> Result<(), DomainError> {
    for (position, c) in criteria.iter().enumerate() {
        assessment_criterion::ActiveModel {
            assessment_id: Set(test_id),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            text: Set(c.text.clone()),
            critical: Set(c.critical),
            points: Set(c.points),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// A test with every trainee's outcome.
pub async fn sheet(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    test_id: i64,
    locale: Locale,
) -> Result<PracticalSheet, DomainError> {
    let test = find_test(db, caller, test_id).await?;
    let (_, module) = find_offering(db, test.offering_id).await?;
    let criteria = criteria_of(db, test_id).await?;
    let trainees = trainees_of(db, test.offering_id).await?;
    let results = assessment_result::Entity::find()
        .filter(assessment_result::Column::AssessmentId.eq(test_id))
        .all(db)
        .await?;
    let ids: Vec<i64> = trainees.iter().map(|t| t.enrollment_id).collect();
    // Outcomes are worked out from the marks, as when they were recorded, so the sheet can say
    // which failures came from a critical criterion.
    let marks = criterion_mark::Entity::find()
        .filter(criterion_mark::Column::AssessmentId.eq(test_id))
        .all(db)
        .await?;
    let rules: Vec<_> = criteria.iter().map(as_rule).collect();
    let outcome_of = |enrollment_id: i64| {
        let given: Vec<(i64, CriterionMark)> = marks
            .iter()
            .filter(|m| m.enrollment_id == enrollment_id)
            .filter_map(|m| Some((m.criterion_id, CriterionMark::from_code(&m.mark)?)))
            .collect();
        outcome_view(practical_outcome(&rules, &given, test.pass_percent))
    };
    Ok(PracticalSheet {
        summary: summary(&test, criteria.len(), &results, &ids),
        offering_id: test.offering_id,
        module_title: title_for(&module.title, locale, primary_of(&module)),
        instructions: test.instructions.clone(),
        criteria: criteria.iter().map(criterion_view).collect(),
        rows: trainees
            .into_iter()
            .map(|t| SheetRow {
                outcome: results
                    .iter()
                    .any(|r| r.enrollment_id == t.enrollment_id)
                    .then(|| outcome_of(t.enrollment_id)),
                enrollment_id: t.enrollment_id,
                name: t.name,
            })
            .collect(),
    })
}

/// Releases a test's results to its trainees (once; a second release changes nothing).
pub async fn release(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    test_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let txn = begin_write(db).await?;
    find_test(&txn, caller, test_id).await?;
    assessment::Entity::update_many()
        .col_expr(assessment::Column::ReleasedAt, Expr::value(now))
        .filter(assessment::Column::Id.eq(test_id))
        .filter(assessment::Column::ReleasedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
