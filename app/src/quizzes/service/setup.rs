//! Quizzes: their settings and questions (the module's authors), and the dates and attempts
//! each offering gives them (the offering's instructors and administrators).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use entity::{quiz, quiz_question, quiz_schedule, unit};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::super::codes::{Counted, FeedbackTiming, QuizRole};
use super::super::dto::{QuizEditor, QuizQuestionChoice};
use super::super::rules::{QuizForm, check_quiz, check_schedule};
use super::{check_module, excerpt, find_quiz, kind_of, points, text_in, texts};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, allowed};
use crate::catalog::teaching::relation_to_offering;
use crate::db::begin_write;
use crate::error::DomainError;
use crate::i18n::{Key, Locale, Texts};
use crate::learning::service::{find_module, primary_of, title_for};

/// A quiz in its editor (a new one at the end of `unit_id` when `quiz_id` is `None`).
pub async fn quiz_editor(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    quiz_id: Option<i64>,
    unit_id: Option<i64>,
    locale: Locale,
) -> Result<QuizEditor, DomainError> {
    check_module(db, caller, module_id, Action::EditContent).await?;
    let module = find_module(db, module_id).await?;
    let primary = primary_of(&module);
    let units = unit::Entity::find()
        .filter(unit::Column::ModuleId.eq(module_id))
        .order_by_asc(unit::Column::Position)
        .all(db)
        .await?;
    let quiz = match quiz_id {
        Some(id) => Some(find_quiz(db, id).await?).filter(|q| q.module_id == module_id),
        None => None,
    };
    if quiz_id.is_some() && quiz.is_none() {
        return Err(DomainError::NotFound);
    }
    let chosen: BTreeMap<i64, i32> = match &quiz {
        Some(q) => quiz_question::Entity::find()
            .filter(quiz_question::Column::QuizId.eq(q.id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.question_id, r.position))
            .collect(),
        None => BTreeMap::new(),
    };
    let live = entity::question::Entity::find()
        .filter(entity::question::Column::ModuleId.eq(module_id))
        .filter(entity::question::Column::RetiredAt.is_null())
        .order_by_asc(entity::question::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = live.iter().map(|q| q.id).collect();
    let texts = texts(db, &ids).await?;
    let mut questions: Vec<QuizQuestionChoice> = live
        .iter()
        .map(|q| QuizQuestionChoice {
            id: q.id,
            kind: kind_of(&q.kind),
            excerpt: text_in(texts.get(&q.id), locale, primary)
                .map(|t| excerpt(&t.prompt))
                .unwrap_or_default(),
            tags: q.tags.split_whitespace().map(str::to_string).collect(),
            points: points(q.points),
            chosen: chosen.contains_key(&q.id),
        })
        .collect();
    // The chosen ones first, in the quiz's order.
    questions.sort_by_key(|q| (chosen.get(&q.id).copied().unwrap_or(i32::MAX), q.id));
    let first_unit = units.first().map(|u| u.id).unwrap_or_default();
    Ok(QuizEditor {
        id: quiz.as_ref().map(|q| q.id),
        module_id,
        module_title: title_for(&module.title, locale, primary),
        unit_id: quiz
            .as_ref()
            .map(|q| q.unit_id)
            .or(unit_id)
            .unwrap_or(first_unit),
        units: units
            .iter()
            .map(|u| (u.id, title_for(&u.title, locale, primary)))
            .collect(),
        title: quiz
            .as_ref()
            .map(|q| Texts::from_stored(&q.title).into_map())
            .unwrap_or_default(),
        role: quiz
            .as_ref()
            .and_then(|q| QuizRole::from_code(&q.role))
            .unwrap_or(QuizRole::Practice),
        draw_count: quiz.as_ref().and_then(|q| q.draw_count).map(|n| n as u32),
        draw_tags: quiz
            .as_ref()
            .map(|q| {
                q.draw_tags
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        shuffle: quiz.as_ref().is_none_or(|q| q.shuffle),
        attempts_allowed: quiz.as_ref().map_or(1, |q| q.attempts_allowed as u32),
        time_limit_minutes: quiz
            .as_ref()
            .and_then(|q| q.time_limit_minutes)
            .map(|n| n as u32),
        counted: quiz
            .as_ref()
            .and_then(|q| Counted::from_code(&q.counted))
            .unwrap_or(Counted::Best),
        feedback: quiz
            .as_ref()
            .and_then(|q| FeedbackTiming::from_code(&q.feedback))
            .unwrap_or(FeedbackTiming::AfterAttempt),
        questions,
    })
}

/// Saves a quiz's settings and fixed list (`questions`, in order); returns its id. A second
/// live pre-test (or post-test) of the module is refused by the database.
#[allow(clippy::too_many_arguments)]
pub async fn save_quiz(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    quiz_id: Option<i64>,
    unit_id: i64,
    form: &QuizForm,
    questions: &[i64],
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    check_module(db, caller, module_id, Action::EditContent).await?;
    let checked = check_quiz(form).map_err(DomainError::from_problems)?;
    let txn = begin_write(db).await?;
    let unit = unit::Entity::find_by_id(unit_id)
        .one(&txn)
        .await?
        .filter(|u| u.module_id == module_id)
        .ok_or_else(|| DomainError::invalid("unit_id", Key::QuizUnitInvalid))?;
    let bank: Vec<i64> = entity::question::Entity::find()
        .filter(entity::question::Column::ModuleId.eq(module_id))
        .filter(entity::question::Column::RetiredAt.is_null())
        .all(&txn)
        .await?
        .into_iter()
        .map(|q| q.id)
        .collect();
    let mut list: Vec<i64> = Vec::new();
    for id in questions {
        if !bank.contains(id) {
            return Err(DomainError::invalid("questions", Key::QuizQuestionsInvalid));
        }
        if !list.contains(id) {
            list.push(*id);
        }
    }
    if checked.draw_count.is_none() && list.is_empty() {
        return Err(DomainError::invalid("questions", Key::QuizQuestionsMissing));
    }
    let title: BTreeMap<&str, &str> = checked
        .title
        .iter()
        .map(|(l, t)| (l.code(), t.as_str()))
        .collect();
    let title = serde_json::to_string(&title).unwrap_or_else(|_| "{}".into());
    let mut row = match quiz_id {
        Some(id) => {
            let q = find_quiz(&txn, id).await?;
            if q.module_id != module_id {
                return Err(DomainError::NotFound);
            }
            q.into()
        }
        None => quiz::ActiveModel {
            module_id: Set(module_id),
            created_at: Set(now),
            retired_at: Set(None),
            ..Default::default()
        },
    };
    row.unit_id = Set(unit.id);
    row.title = Set(title);
    row.role = Set(checked.role.code().to_string());
    row.draw_count = Set(checked.draw_count.map(|n| n as i32));
    row.draw_tags = Set(checked.draw_tags.join(" "));
    row.shuffle = Set(checked.shuffle);
    row.attempts_allowed = Set(checked.attempts_allowed as i32);
    row.time_limit_minutes = Set(checked.time_limit_minutes.map(|n| n as i32));
    row.counted = Set(checked.counted.code().to_string());
    row.feedback = Set(checked.feedback.code().to_string());
    row.updated_at = Set(now);
    let saved = row
        .save(&txn)
        .await
        .map_err(DomainError::on_unique(Key::QuizRoleTaken))?;
    let id = sea_orm::TryIntoModel::try_into_model(saved)?.id;
    quiz_question::Entity::delete_many()
        .filter(quiz_question::Column::QuizId.eq(id))
        .exec(&txn)
        .await?;
    for (position, question_id) in list.iter().enumerate() {
        quiz_question::Entity::insert(quiz_question::ActiveModel {
            quiz_id: Set(id),
            question_id: Set(*question_id),
            position: Set(position as i32),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(id)
}

/// Retires a quiz: trainees no longer see it; its attempts stay.
pub async fn retire_quiz(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    quiz_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let q = find_quiz(db, quiz_id).await?;
    check_module(db, caller, q.module_id, Action::EditContent).await?;
    let module_id = q.module_id;
    let mut row: quiz::ActiveModel = q.into();
    row.retired_at = Set(Some(now));
    row.updated_at = Set(now);
    row.update(db).await?;
    Ok(module_id)
}

/// Sets (or, with every field empty, clears) `offering_id`'s own dates and attempts for a quiz.
pub async fn set_schedule(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    offering_id: i64,
    quiz_id: i64,
    (opens_at, closes_at, attempts): (&str, &str, &str),
) -> Result<(), DomainError> {
    let relation = relation_to_offering(db, caller, offering_id).await?;
    if !allowed(&caller.roles, Action::ScheduleQuizzes, relation) {
        return Err(DomainError::Forbidden);
    }
    let offering = entity::offering::Entity::find_by_id(offering_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let quiz = find_quiz(db, quiz_id).await?;
    if quiz.module_id != offering.module_id {
        return Err(DomainError::NotFound);
    }
    if [opens_at, closes_at, attempts]
        .iter()
        .all(|t| t.trim().is_empty())
    {
        quiz_schedule::Entity::delete_many()
            .filter(quiz_schedule::Column::QuizId.eq(quiz_id))
            .filter(quiz_schedule::Column::OfferingId.eq(offering_id))
            .exec(db)
            .await?;
        return Ok(());
    }
    let (opens, closes, attempts) =
        check_schedule(opens_at, closes_at, attempts).map_err(DomainError::from_problems)?;
    quiz_schedule::Entity::insert(quiz_schedule::ActiveModel {
        quiz_id: Set(quiz_id),
        offering_id: Set(offering_id),
        opens_at: Set(opens),
        closes_at: Set(closes),
        attempts_allowed: Set(attempts.map(|n| n as i32)),
    })
    .on_conflict(
        OnConflict::columns([
            quiz_schedule::Column::QuizId,
            quiz_schedule::Column::OfferingId,
        ])
        .update_columns([
            quiz_schedule::Column::OpensAt,
            quiz_schedule::Column::ClosesAt,
            quiz_schedule::Column::AttemptsAllowed,
        ])
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}
