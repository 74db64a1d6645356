//! Attendance as a whole: an offering's sheet (every session, every trainee's marks and rate)
//! with its two settings, and a trainee's own sessions, marks and rate.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{attendance, enrollment, offering};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::super::codes::AttendanceStatus;
use super::super::dto::{MyAttendance, MySession, OfferingAttendance, SessionCount, TraineeRate};
use super::super::rules::{Rate, attendance_rate, check_in_window};
use super::{attendance_sessions, check_takes, find_offering, summary, trainees_of};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed};
use crate::catalog::rules::SessionKind;
use crate::db::begin_write;
use crate::enrollment::dto::EnrollmentStatus;
use crate::error::DomainError;
use crate::i18n::Locale;

/// Marks by (session, enrolment) for the given sessions.
async fn marks_of(
    db: &DatabaseConnection,
    session_ids: Vec<i64>,
) -> Result<HashMap<(i64, i64), AttendanceStatus>, DomainError> {
    if session_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(attendance::Entity::find()
        .filter(attendance::Column::SessionId.is_in(session_ids))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|m| {
            AttendanceStatus::from_code(&m.status).map(|s| ((m.session_id, m.enrollment_id), s))
        })
        .collect())
}

/// An enrolment's rate over `sessions` (each: its id and whether it was held).
pub(crate) fn rate_of(
    sessions: &[(i64, bool)],
    enrollment_id: i64,
    marks: &HashMap<(i64, i64), AttendanceStatus>,
    late_counts_present: bool,
) -> (Rate, Vec<Option<AttendanceStatus>>) {
    let row: Vec<(bool, Option<AttendanceStatus>)> = sessions
        .iter()
        .map(|(id, held)| (*held, marks.get(&(*id, enrollment_id)).copied()))
        .collect();
    (
        attendance_rate(&row, late_counts_present),
        row.into_iter().map(|(_, s)| s).collect(),
    )
}

/// An offering's attendance sheet, for its instructors and administrators (404 for anyone
/// else).
pub async fn offering_attendance(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    offering_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<OfferingAttendance, DomainError> {
    check_takes(db, caller, offering_id).await?;
    let (offering, module) = find_offering(db, offering_id).await?;
    let sessions = attendance_sessions(db, offering_id).await?;
    let trainees = trainees_of(db, offering_id).await?;
    let marks = marks_of(db, sessions.iter().map(|(s, _)| s.id).collect()).await?;
    let held: Vec<(i64, bool)> = sessions
        .iter()
        .map(|(s, _)| (s.id, s.ends_at <= now))
        .collect();
    let attended = |status: Option<&AttendanceStatus>| {
        matches!(
            status,
            Some(AttendanceStatus::Present | AttendanceStatus::Late)
        )
    };
    Ok(OfferingAttendance {
        offering_id,
        module_title: summary_title(&module, locale),
        starts_on: offering.starts_on.format("%Y-%m-%d").to_string(),
        self_check_in: offering.self_check_in,
        late_counts_present: offering.late_counts_present,
        can_take: true,
        sessions: sessions
            .iter()
            .map(|(s, kind)| SessionCount {
                session: summary(s, *kind, &module, locale, now),
                recorded: count(
                    trainees
                        .iter()
                        .filter(|t| marks.contains_key(&(s.id, t.enrollment_id))),
                ),
                attended: count(
                    trainees
                        .iter()
                        .filter(|t| attended(marks.get(&(s.id, t.enrollment_id)))),
                ),
            })
            .collect(),
        trainees: trainees
            .into_iter()
            .map(|t| {
                let (rate, row) =
                    rate_of(&held, t.enrollment_id, &marks, offering.late_counts_present);
                TraineeRate {
                    enrollment_id: t.enrollment_id,
                    user_id: t.user_id,
                    name: t.name,
                    attended: rate.attended,
                    held: rate.held,
                    unrecorded: rate.unrecorded,
                    excused: rate.excused,
                    rate: rate.share(),
                    marks: row,
                }
            })
            .collect(),
    })
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

fn summary_title(module: &entity::module::Model, locale: Locale) -> String {
    crate::learning::service::title_for(
        &module.title,
        locale,
        crate::learning::service::primary_of(module),
    )
}

/// Sets whether trainees may check themselves in, and whether late counts as attended.
pub async fn set_settings(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    offering_id: i64,
    self_check_in: bool,
    late_counts_present: bool,
) -> Result<(), DomainError> {
    let txn = begin_write(db).await?;
    check_takes(&txn, caller, offering_id).await?;
    find_offering(&txn, offering_id).await?;
    offering::ActiveModel {
        id: Set(offering_id),
        self_check_in: Set(self_check_in),
        late_counts_present: Set(late_counts_present),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A trainee's own sessions, marks and rate in one of their enrolments (404 for anyone else's,
/// and for an enrolment without a seat). Live sessions' meeting links are given only while the
/// enrolment holds a seat.
pub async fn my_attendance(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    enrollment_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<MyAttendance, DomainError> {
    let seat = enrollment::Entity::find_by_id(enrollment_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let relation = if seat.user_id == caller.id {
        Relation::Own
    } else {
        Relation::Other
    };
    let status = EnrollmentStatus::from_code(&seat.status);
    if !allowed(&caller.roles, Action::CheckIn, relation)
        || !status.is_some_and(|s| super::ON_THE_ROLL.contains(&s))
    {
        return Err(DomainError::NotFound);
    }
    let enrolled = status == Some(EnrollmentStatus::Enrolled);
    let (offering, module) = find_offering(db, seat.offering_id).await?;
    let sessions = attendance_sessions(db, offering.id).await?;
    let marks = marks_of(db, sessions.iter().map(|(s, _)| s.id).collect()).await?;
    let held: Vec<(i64, bool)> = sessions
        .iter()
        .map(|(s, _)| (s.id, s.ends_at <= now))
        .collect();
    let (rate, _) = rate_of(&held, seat.id, &marks, offering.late_counts_present);
    Ok(MyAttendance {
        enrollment_id,
        sessions: sessions
            .iter()
            .map(|(s, kind)| {
                let (opens, closes) = check_in_window(s.starts_at, s.ends_at);
                MySession {
                    session: summary(s, *kind, &module, locale, now),
                    status: marks.get(&(s.id, seat.id)).copied(),
                    meeting_url: (enrolled && *kind == SessionKind::Live)
                        .then(|| s.meeting_url.clone())
                        .flatten(),
                    check_in_open: enrolled
                        && offering.self_check_in
                        && opens <= now
                        && now <= closes,
                }
            })
            .collect(),
        attended: rate.attended,
        held: rate.held,
        unrecorded: rate.unrecorded,
        excused: rate.excused,
        rate: rate.share(),
        late_counts_present: offering.late_counts_present,
    })
}
