//! Attendance over the database: the roll call and corrections ([`roll_call`]), self check-in
//! ([`check_in`]), and the sheets of an offering and of a trainee ([`sheets`]).
//!
//! Concurrency. A mark is one row per (session, enrolment), its primary key. The roll call and
//! a check-in both write in one write transaction that reads each mark `FOR UPDATE` (the one
//! writer on SQLite) before changing it, and insert a first mark plainly: two instructors, or
//! an instructor and a trainee's check-in, saving the same first mark at once meet the key, and
//! the loser is told to reload rather than silently overwriting. Every mark given or changed
//! appends a row to `attendance_changes`, which triggers keep append-only. Wrong check-in codes
//! are counted in `check_in_tries`, whose row is made first (`ON CONFLICT DO NOTHING`) and then
//! held (`FOR UPDATE`) while the code is judged and the count raised, so wrong codes sent at once
//! wait for each other and five lock the trainee out even across processes. A check-in that
//! meets a mark saved at the same moment reports that mark.

pub mod check_in;
pub mod roll_call;
pub mod sheets;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{enrollment, module, offering, offering_session, user};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::dto::SessionSummary;
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, allowed};
use crate::catalog::offerings::in_zone;
use crate::catalog::rules::SessionKind;
use crate::catalog::teaching::relation_to_offering;
use crate::enrollment::dto::EnrollmentStatus;
use crate::error::DomainError;
use crate::i18n::Locale;
use crate::learning::service::{primary_of, title_for};

/// Whether a kind of session takes attendance (distance windows do not).
pub fn takes_attendance(kind: SessionKind) -> bool {
    matches!(kind, SessionKind::Onsite | SessionKind::Live)
}

/// The session, or 404 (a distance window has no attendance: 404 too).
pub(crate) async fn find_session<C: ConnectionTrait>(
    conn: &C,
    session_id: i64,
) -> Result<(offering_session::Model, SessionKind), DomainError> {
    let session = offering_session::Entity::find_by_id(session_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    match SessionKind::from_code(&session.kind) {
        Some(kind) if takes_attendance(kind) => Ok((session, kind)),
        _ => Err(DomainError::NotFound),
    }
}

/// The offering and its module, or 404.
pub(crate) async fn find_offering<C: ConnectionTrait>(
    conn: &C,
    offering_id: i64,
) -> Result<(offering::Model, module::Model), DomainError> {
    let found = offering::Entity::find_by_id(offering_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let module = crate::learning::service::find_module(conn, found.module_id).await?;
    Ok((found, module))
}

/// Checks that the caller takes attendance in `offering_id` (its instructors, administrators).
/// Anyone else is told it does not exist: an instructor of one offering learns nothing of
/// another's.
pub(crate) async fn check_takes<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    offering_id: i64,
) -> Result<(), DomainError> {
    let relation = relation_to_offering(conn, caller, offering_id).await?;
    if allowed(&caller.roles, Action::TakeAttendance, relation) {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// A session as pages show it.
pub(crate) fn summary(
    session: &offering_session::Model,
    kind: SessionKind,
    module: &module::Model,
    locale: Locale,
    now: DateTime<Utc>,
) -> SessionSummary {
    SessionSummary {
        session_id: session.id,
        offering_id: session.offering_id,
        module_title: title_for(&module.title, locale, primary_of(module)),
        kind,
        starts_at: in_zone(session.starts_at, &session.timezone),
        ends_at: in_zone(session.ends_at, &session.timezone),
        timezone: session.timezone.clone(),
        venue: session.venue.clone(),
        held: session.ends_at <= now,
    }
}

/// The sessions of an offering that take attendance, by start.
pub(crate) async fn attendance_sessions<C: ConnectionTrait>(
    conn: &C,
    offering_id: i64,
) -> Result<Vec<(offering_session::Model, SessionKind)>, DomainError> {
    Ok(offering_session::Entity::find()
        .filter(offering_session::Column::OfferingId.eq(offering_id))
        .order_by_asc(offering_session::Column::StartsAt)
        .order_by_asc(offering_session::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|s| {
            let kind = SessionKind::from_code(&s.kind)?;
            takes_attendance(kind).then_some((s, kind))
        })
        .collect())
}

/// The statuses of an enrolment whose trainee is on the roll: holding a seat, or done.
pub(crate) const ON_THE_ROLL: [EnrollmentStatus; 2] =
    [EnrollmentStatus::Enrolled, EnrollmentStatus::Completed];

/// A trainee on an offering's roll.
#[derive(Clone, Debug)]
pub(crate) struct Trainee {
    pub enrollment_id: i64,
    pub user_id: i64,
    pub name: String,
}

/// The trainees on an offering's roll, by name.
pub(crate) async fn trainees_of<C: ConnectionTrait>(
    conn: &C,
    offering_id: i64,
) -> Result<Vec<Trainee>, DomainError> {
    let enrolments = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(offering_id))
        .filter(enrollment::Column::Status.is_in(ON_THE_ROLL.map(|s| s.code())))
        .all(conn)
        .await?;
    let names = names_of(conn, enrolments.iter().map(|e| e.user_id)).await?;
    let mut trainees: Vec<Trainee> = enrolments
        .into_iter()
        .map(|e| Trainee {
            enrollment_id: e.id,
            user_id: e.user_id,
            name: names.get(&e.user_id).cloned().unwrap_or_default(),
        })
        .collect();
    trainees.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then(a.enrollment_id.cmp(&b.enrollment_id))
    });
    Ok(trainees)
}

/// People's names by id.
pub(crate) async fn names_of<C: ConnectionTrait>(
    conn: &C,
    ids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, String>, DomainError> {
    let ids: Vec<i64> = ids.collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect())
}
