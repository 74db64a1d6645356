//! The attendance pages: for instructors (an offering's attendance, a session's roll call, the
//! check-in code) and for trainees (the check-in page, and their sessions on the course page).

mod check_in;
mod code;
mod mine;
mod offering;
mod roll_call;

pub use check_in::CheckInPage;
pub use code::CheckInCodePage;
pub use mine::MyAttendanceSection;
pub use offering::OfferingAttendancePage;
pub use roll_call::RollCallPage;

use super::codes::AttendanceStatus;
use super::dto::SessionSummary;
use crate::catalog::codes::SessionKind;
use crate::i18n::{Key, Locale};

/// The name of a mark.
pub(crate) fn status_key(status: AttendanceStatus) -> Key {
    match status {
        AttendanceStatus::Present => Key::MarkPresent,
        AttendanceStatus::Late => Key::MarkLate,
        AttendanceStatus::Absent => Key::MarkAbsent,
        AttendanceStatus::Excused => Key::MarkExcused,
    }
}

/// The name of a kind of session.
pub fn session_kind_key(kind: SessionKind) -> Key {
    match kind {
        SessionKind::Onsite => Key::ModeOnsite,
        SessionKind::Distance => Key::ModeDistance,
        SessionKind::Live => Key::SessionLive,
    }
}

/// "12 March 2027, 09:00–12:00 (America/Lima) · On-site · Academia, Lima".
pub(crate) fn session_line(locale: Locale, s: &SessionSummary) -> String {
    let ends = s.ends_at.get(11..16).unwrap_or_default();
    let mut line = format!(
        "{}–{ends} ({}) · {}",
        locale.date_time(&s.starts_at),
        s.timezone,
        locale.text(session_kind_key(s.kind))
    );
    if let Some(venue) = &s.venue {
        line.push_str(" · ");
        line.push_str(venue);
    }
    line
}

/// A route's numeric parameter.
pub(crate) fn param_id(params: &leptos_router::params::ParamsMap, name: &str) -> Option<i64> {
    params.get(name).and_then(|id| id.parse::<i64>().ok())
}
