//! Self check-in: the code an instructor shows (text and QR code, changing every 30 seconds),
//! the page a trainee's phone opens, and the check-in itself.

use chrono::{DateTime, Utc};
use entity::{attendance, attendance_change, check_in_try, enrollment, offering_session};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};

use super::super::codes::{AttendanceStatus, MarkSource};
use super::super::dto::{CheckInDisplay, CheckInForm, CheckedIn};
use super::super::rules::{
    CheckInFacts, CheckInOutcome, CodeMatch, MAX_WRONG_CODES, check_in_window, code_for,
    decide_check_in, match_code, step_at, step_ends,
};
use super::{check_takes, find_offering, find_session, summary, trainees_of};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed};
use crate::catalog::offerings::in_zone;
use crate::db::begin_write;
use crate::enrollment::dto::EnrollmentStatus;
use crate::error::{DomainError, FieldError};
use crate::i18n::Locale;
use crate::site::Site;

/// The session's check-in key, made (once, whoever asks first) when codes are first shown.
async fn secret_of(
    db: &DatabaseConnection,
    session: &offering_session::Model,
) -> Result<String, DomainError> {
    if let Some(secret) = &session.check_in_secret {
        return Ok(secret.clone());
    }
    let bytes: [u8; 32] = rand::random();
    let fresh: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    // Conditional: two instructors' screens opening at once keep the first key.
    offering_session::Entity::update_many()
        .col_expr(offering_session::Column::CheckInSecret, Expr::value(fresh))
        .filter(offering_session::Column::Id.eq(session.id))
        .filter(offering_session::Column::CheckInSecret.is_null())
        .exec(db)
        .await?;
    offering_session::Entity::find_by_id(session.id)
        .one(db)
        .await?
        .and_then(|s| s.check_in_secret)
        .ok_or(DomainError::NotFound)
}

/// The QR code of `url` as inline SVG (no XML declaration: it sits inside the page).
fn qr_svg(url: &str) -> Result<String, DomainError> {
    let code = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| DomainError::Internal(format!("QR code: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build();
    Ok(match svg.find("<svg") {
        Some(start) => svg[start..].to_string(),
        None => svg,
    })
}

/// What the instructor's screen shows: the code of the current step and its QR code, while the
/// check-in window is open, and who has checked in.
pub async fn display(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    session_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<CheckInDisplay, DomainError> {
    let (session, kind) = find_session(db, session_id).await?;
    check_takes(db, caller, session.offering_id).await?;
    let (offering, module) = find_offering(db, session.offering_id).await?;
    let (opens, closes) = check_in_window(session.starts_at, session.ends_at);
    let open = offering.self_check_in && opens <= now && now <= closes;
    let (code, url, qr, seconds_left) = if open {
        let secret = secret_of(db, &session).await?;
        let step = step_at(now);
        let code = code_for(secret.as_bytes(), session.id, step);
        let url = site.link(&format!("/check-in/{}?code={code}", session.id));
        let qr = qr_svg(&url)?;
        let left = (step_ends(step) - now).num_seconds().max(1);
        (code, url, qr, left)
    } else {
        (String::new(), String::new(), String::new(), 0)
    };
    let trainees = trainees_of(db, offering.id).await?;
    let marked = attendance::Entity::find()
        .filter(attendance::Column::SessionId.eq(session_id))
        .filter(attendance::Column::Status.is_in([
            AttendanceStatus::Present.code(),
            AttendanceStatus::Late.code(),
        ]))
        .count(db)
        .await?;
    let locked: Vec<i64> = check_in_try::Entity::find()
        .filter(check_in_try::Column::SessionId.eq(session_id))
        .filter(check_in_try::Column::WrongCodes.gte(MAX_WRONG_CODES))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.enrollment_id)
        .collect();
    Ok(CheckInDisplay {
        session: summary(&session, kind, &module, locale, now),
        enabled: offering.self_check_in,
        open,
        code,
        seconds_left,
        url,
        qr_svg: qr,
        opens_at: in_zone(opens, &session.timezone),
        closes_at: in_zone(closes, &session.timezone),
        marked: u32::try_from(marked).unwrap_or(u32::MAX),
        trainees: u32::try_from(trainees.len()).unwrap_or(u32::MAX),
        locked_out: trainees
            .into_iter()
            .filter(|t| locked.contains(&t.enrollment_id))
            .map(|t| t.name)
            .collect(),
    })
}

/// The caller's enrolment in the session's offering, when it holds a seat.
async fn seat_of<C: sea_orm::ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    offering_id: i64,
) -> Result<Option<enrollment::Model>, DomainError> {
    let seat = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(offering_id))
        .filter(enrollment::Column::UserId.eq(caller.id))
        .filter(enrollment::Column::Status.eq(EnrollmentStatus::Enrolled.code()))
        .one(conn)
        .await?;
    // Checking in is something one does for oneself only (`auth::policy`).
    let relation = if seat.is_some() {
        Relation::Own
    } else {
        Relation::Other
    };
    Ok(seat.filter(|_| allowed(&caller.roles, Action::CheckIn, relation)))
}

/// The check-in page of a session, for whoever opens it signed in (the reason a check-in would
/// be refused is shown at once).
pub async fn form(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    session_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<CheckInForm, DomainError> {
    let (session, kind) = find_session(db, session_id).await?;
    let (offering, module) = find_offering(db, session.offering_id).await?;
    let seat = seat_of(db, caller, offering.id).await?;
    // Someone with no place in the offering is told why they cannot check in only when the
    // offering is public: a draft's sessions do not exist for them.
    if seat.is_none() {
        let applied = enrollment::Entity::find()
            .filter(enrollment::Column::OfferingId.eq(offering.id))
            .filter(enrollment::Column::UserId.eq(caller.id))
            .one(db)
            .await?
            .is_some();
        if !applied {
            crate::catalog::offerings::get_offering(db, Some(caller), offering.id).await?;
        }
    }
    let (opens, closes) = check_in_window(session.starts_at, session.ends_at);
    let (status, wrong) = match &seat {
        Some(seat) => {
            let mark = attendance::Entity::find_by_id((session.id, seat.id))
                .one(db)
                .await?;
            let tries = check_in_try::Entity::find_by_id((session.id, seat.id))
                .one(db)
                .await?;
            (
                mark.and_then(|m| AttendanceStatus::from_code(&m.status)),
                tries.map_or(0, |t| t.wrong_codes),
            )
        }
        None => (None, 0),
    };
    // The check-in's own rule, asked with a right code: what stands in the way besides it.
    let blocked = decide_check_in(&CheckInFacts {
        enabled: offering.self_check_in,
        enrolled: seat.is_some(),
        window: (opens, closes),
        now,
        wrong_codes: wrong,
        already: status,
        code: CodeMatch::Current,
    })
    .err()
    .map(|refused| locale.text(refused.key()).to_string());
    Ok(CheckInForm {
        session: summary(&session, kind, &module, locale, now),
        opens_at: in_zone(opens, &session.timezone),
        closes_at: in_zone(closes, &session.timezone),
        blocked,
        status,
    })
}

/// Checks the caller in to a session with the code they entered. Refusals carry a stable code
/// (`not_enrolled`, `check_in_off`, `check_in_not_open`, `check_in_closed`, `too_many_codes`,
/// `code_expired`, `wrong_code`) and the explanation; a wrong code is counted even so.
pub async fn check_in(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    session_id: i64,
    entered: &str,
    now: DateTime<Utc>,
) -> Result<CheckedIn, DomainError> {
    let txn = begin_write(db).await?;
    let (session, _) = find_session(&txn, session_id).await?;
    let (offering, _) = find_offering(&txn, session.offering_id).await?;
    let seat = seat_of(&txn, caller, offering.id).await?;
    let (mark, tries) = match &seat {
        Some(seat) => {
            // A counter row exists before it is read and locked, so wrong codes sent at once
            // wait for each other and are all counted (a missing row cannot be locked).
            check_in_try::Entity::insert(check_in_try::ActiveModel {
                session_id: Set(session.id),
                enrollment_id: Set(seat.id),
                wrong_codes: Set(0),
                last_at: Set(now),
            })
            .on_conflict_do_nothing_on([
                check_in_try::Column::SessionId,
                check_in_try::Column::EnrollmentId,
            ])
            .exec_without_returning(&txn)
            .await?;
            (
                attendance::Entity::find_by_id((session.id, seat.id))
                    .lock_exclusive()
                    .one(&txn)
                    .await?,
                check_in_try::Entity::find_by_id((session.id, seat.id))
                    .lock_exclusive()
                    .one(&txn)
                    .await?,
            )
        }
        None => (None, None),
    };
    let code = match &session.check_in_secret {
        Some(secret) => match_code(secret.as_bytes(), session.id, entered, now),
        // No code was ever shown for this session.
        None => CodeMatch::Wrong,
    };
    let facts = CheckInFacts {
        enabled: offering.self_check_in,
        enrolled: seat.is_some(),
        window: check_in_window(session.starts_at, session.ends_at),
        now,
        wrong_codes: tries.as_ref().map_or(0, |t| t.wrong_codes),
        already: mark
            .as_ref()
            .and_then(|m| AttendanceStatus::from_code(&m.status)),
        code,
    };
    let decided = decide_check_in(&facts);
    let (Some(seat), Ok(outcome)) = (&seat, decided) else {
        let refused = decided
            .err()
            .unwrap_or(super::super::rules::CheckInRefused::NotEnrolled);
        if refused.counts_as_wrong()
            && let Some(seat) = &seat
        {
            // Under the counter row's lock (taken above).
            check_in_try::ActiveModel {
                session_id: Set(session.id),
                enrollment_id: Set(seat.id),
                wrong_codes: Set(tries.as_ref().map_or(0, |t| t.wrong_codes) + 1),
                last_at: Set(now),
            }
            .update(&txn)
            .await?;
            txn.commit().await?;
        }
        let left = match refused {
            super::super::rules::CheckInRefused::Wrong { left } => left,
            _ => 0,
        };
        return Err(DomainError::Refused(
            refused.code(),
            FieldError::with("code", refused.key(), vec![("left", left.to_string())]),
        ));
    };
    let status = match outcome {
        CheckInOutcome::AlreadyMarked(status) => {
            return Ok(CheckedIn {
                session_id,
                status,
                marked_now: false,
            });
        }
        CheckInOutcome::Marked => AttendanceStatus::Present,
    };
    // A mark saved at the same moment (a second tab, the roll call) wins: this check-in then
    // reports it rather than failing.
    let inserted = attendance::Entity::insert(attendance::ActiveModel {
        session_id: Set(session.id),
        enrollment_id: Set(seat.id),
        status: Set(status.code().to_string()),
        note: Set(None),
        source: Set(MarkSource::CheckIn.code().to_string()),
        recorded_by: Set(Some(caller.id)),
        recorded_at: Set(now),
    })
    .on_conflict_do_nothing_on([
        attendance::Column::SessionId,
        attendance::Column::EnrollmentId,
    ])
    .exec_without_returning(&txn)
    .await?;
    if !matches!(inserted, sea_orm::TryInsertResult::Inserted(1)) {
        let existing = attendance::Entity::find_by_id((session.id, seat.id))
            .one(&txn)
            .await?
            .and_then(|m| AttendanceStatus::from_code(&m.status))
            .unwrap_or(status);
        txn.commit().await?;
        return Ok(CheckedIn {
            session_id,
            status: existing,
            marked_now: false,
        });
    }
    attendance_change::ActiveModel {
        session_id: Set(session.id),
        enrollment_id: Set(seat.id),
        old_status: Set(None),
        new_status: Set(status.code().to_string()),
        note: Set(None),
        reason: Set(None),
        source: Set(MarkSource::CheckIn.code().to_string()),
        by_user: Set(Some(caller.id)),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(CheckedIn {
        session_id,
        status,
        marked_now: true,
    })
}
