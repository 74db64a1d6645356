//! The roll call of a session: every trainee with their mark, the marks an instructor gives,
//! and corrections (with a reason, audited, appended to the history).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{attendance, attendance_change};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::super::codes::{AttendanceStatus, MarkSource};
use super::super::dto::{MarkChangeView, MarkRequest, RollCall, RollCallRow};
use super::super::rules::{CurrentMark, MarkInput, check_in_window, roll_call_changes};
use super::{check_takes, find_offering, find_session, names_of, summary, trainees_of};
use crate::audit::{AuditEvent, record as audit};
use crate::auth::CurrentUser;
use crate::db::begin_write;
use crate::error::{DomainError, FieldError};
use crate::i18n::{Key, Locale};

/// A session's roll call, for the offering's instructors and administrators (404 for anyone
/// else, and for a distance window).
pub async fn roll_call(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    session_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<RollCall, DomainError> {
    let (session, kind) = find_session(db, session_id).await?;
    check_takes(db, caller, session.offering_id).await?;
    let (offering, module) = find_offering(db, session.offering_id).await?;
    let trainees = trainees_of(db, offering.id).await?;
    let marks: HashMap<i64, attendance::Model> = attendance::Entity::find()
        .filter(attendance::Column::SessionId.eq(session_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.enrollment_id, m))
        .collect();
    let changes = attendance_change::Entity::find()
        .filter(attendance_change::Column::SessionId.eq(session_id))
        .order_by_desc(attendance_change::Column::Id)
        .all(db)
        .await?;
    // The history names everyone it mentions, trainees who left since included.
    let enrolments: HashMap<i64, i64> = entity::enrollment::Entity::find()
        .filter(
            entity::enrollment::Column::Id
                .is_in(changes.iter().map(|c| c.enrollment_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.user_id))
        .collect();
    let names = names_of(
        db,
        enrolments
            .values()
            .copied()
            .chain(changes.iter().filter_map(|c| c.by_user)),
    )
    .await?;
    let trainee_name = |enrollment_id: i64| {
        enrolments
            .get(&enrollment_id)
            .and_then(|user| names.get(user))
            .cloned()
            .unwrap_or_default()
    };
    let (opens, closes) = check_in_window(session.starts_at, session.ends_at);
    Ok(RollCall {
        session: summary(&session, kind, &module, locale, now),
        first_call: marks.is_empty(),
        self_check_in: offering.self_check_in,
        check_in_open: offering.self_check_in && opens <= now && now <= closes,
        trainees: trainees
            .iter()
            .map(|t| {
                let mark = marks.get(&t.enrollment_id);
                RollCallRow {
                    enrollment_id: t.enrollment_id,
                    user_id: t.user_id,
                    name: t.name.clone(),
                    status: mark.and_then(|m| AttendanceStatus::from_code(&m.status)),
                    note: mark.and_then(|m| m.note.clone()),
                    source: mark.and_then(|m| MarkSource::from_code(&m.source)),
                }
            })
            .collect(),
        history: changes
            .into_iter()
            .filter_map(|c| {
                Some(MarkChangeView {
                    name: trainee_name(c.enrollment_id),
                    old: c
                        .old_status
                        .as_deref()
                        .and_then(AttendanceStatus::from_code),
                    new: AttendanceStatus::from_code(&c.new_status)?,
                    note: c.note,
                    reason: c.reason,
                    source: MarkSource::from_code(&c.source)?,
                    by: c.by_user.and_then(|id| names.get(&id).cloned()),
                    at: c.at.to_rfc3339(),
                })
            })
            .collect(),
    })
}

/// Records a roll call: the marks that differ from those recorded, and for any recorded mark
/// that changes, `reason` (required then). Returns how many marks changed. All or nothing: a
/// refusal names every problem and changes nothing.
pub async fn record(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    session_id: i64,
    inputs: &[MarkInput],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<usize, DomainError> {
    let txn = begin_write(db).await?;
    let changed = record_in(&txn, caller, session_id, inputs, reason, now).await?;
    txn.commit().await?;
    Ok(changed)
}

/// [`record`] for the JSON API, whose marks name trainees by account: a person not on the
/// offering's roll is refused by name (their id).
pub async fn record_for_users(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    session_id: i64,
    marks: &[MarkRequest],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<usize, DomainError> {
    let txn = begin_write(db).await?;
    let (session, _) = find_session(&txn, session_id).await?;
    check_takes(&txn, caller, session.offering_id).await?;
    let trainees = trainees_of(&txn, session.offering_id).await?;
    let mut inputs = Vec::with_capacity(marks.len());
    let mut strangers = Vec::new();
    for mark in marks {
        match trainees.iter().find(|t| t.user_id == mark.user_id) {
            Some(t) => inputs.push(MarkInput {
                enrollment_id: t.enrollment_id,
                status: mark.status.clone(),
                note: mark.note.clone().unwrap_or_default(),
                was: None,
            }),
            None => strangers.push(mark.user_id.to_string()),
        }
    }
    if !strangers.is_empty() {
        return Err(DomainError::Invalid(vec![FieldError::with(
            "marks",
            Key::RollCallNotATrainee,
            vec![("name", strangers.join(", "))],
        )]));
    }
    let changed = record_in(&txn, caller, session_id, &inputs, reason, now).await?;
    txn.commit().await?;
    Ok(changed)
}

async fn record_in(
    txn: &DatabaseTransaction,
    caller: &CurrentUser,
    session_id: i64,
    inputs: &[MarkInput],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<usize, DomainError> {
    let (session, _) = find_session(txn, session_id).await?;
    check_takes(txn, caller, session.offering_id).await?;
    let trainees = trainees_of(txn, session.offering_id).await?;
    // Each mark's row is held until the transaction ends, so a check-in cannot slip between
    // reading it and writing the correction.
    let marks: HashMap<i64, attendance::Model> = attendance::Entity::find()
        .filter(attendance::Column::SessionId.eq(session_id))
        // Always in the same order, so two roll calls never wait on each other crosswise.
        .order_by_asc(attendance::Column::EnrollmentId)
        .lock_exclusive()
        .all(txn)
        .await?
        .into_iter()
        .map(|m| (m.enrollment_id, m))
        .collect();
    let current: Vec<CurrentMark> = trainees
        .iter()
        .map(|t| {
            let mark = marks
                .get(&t.enrollment_id)
                .and_then(|m| AttendanceStatus::from_code(&m.status).map(|s| (s, m.note.clone())));
            (t.enrollment_id, mark)
        })
        .collect();
    let (changes, reason) = roll_call_changes(inputs, &current, reason).map_err(|problems| {
        let name = |id: i64| {
            trainees
                .iter()
                .find(|t| t.enrollment_id == id)
                .map_or_else(|| id.to_string(), |t| t.name.clone())
        };
        DomainError::Invalid(
            problems
                .into_iter()
                .map(|p| {
                    let (field, key) = p.field_and_key();
                    match p.enrollment() {
                        Some(id) => FieldError::with(field, key, vec![("name", name(id))]),
                        None => FieldError::new(field, key),
                    }
                })
                .collect(),
        )
    })?;
    for change in &changes {
        let row = attendance::ActiveModel {
            session_id: Set(session_id),
            enrollment_id: Set(change.enrollment_id),
            status: Set(change.new.code().to_string()),
            note: Set(change.note.clone()),
            source: Set(MarkSource::RollCall.code().to_string()),
            recorded_by: Set(Some(caller.id)),
            recorded_at: Set(now),
        };
        if change.old.is_some() {
            row.update(txn).await?;
            audit(
                txn,
                AuditEvent::AttendanceCorrected,
                Some(caller.id),
                trainees
                    .iter()
                    .find(|t| t.enrollment_id == change.enrollment_id)
                    .map(|t| t.user_id),
                None,
                Some(format!(
                    "session {session_id}: {} → {}: {}",
                    change.old.map_or("", |s| s.code()),
                    change.new.code(),
                    reason.as_deref().unwrap_or_default()
                )),
            )
            .await?;
        } else {
            // A first mark saved at the same moment by someone else meets the key.
            row.insert(txn)
                .await
                .map_err(DomainError::on_unique(Key::RollCallChangedMeanwhile))?;
        }
        attendance_change::ActiveModel {
            session_id: Set(session_id),
            enrollment_id: Set(change.enrollment_id),
            old_status: Set(change.old.map(|s| s.code().to_string())),
            new_status: Set(change.new.code().to_string()),
            note: Set(change.note.clone()),
            reason: Set(change.old.and(reason.clone())),
            source: Set(MarkSource::RollCall.code().to_string()),
            by_user: Set(Some(caller.id)),
            at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(changes.len())
}
