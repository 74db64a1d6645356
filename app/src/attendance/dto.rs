//! What attendance pages and the JSON API show: the roll call of a session, the code shown for
//! self check-in, an offering's attendance sheet, and a trainee's own attendance.

use serde::{Deserialize, Serialize};

use super::codes::{AttendanceStatus, MarkSource};
use crate::catalog::codes::SessionKind;

/// A teaching session as attendance pages show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionSummary {
    pub session_id: i64,
    pub offering_id: i64,
    /// The module's title in the reader's language.
    pub module_title: String,
    pub kind: SessionKind,
    /// RFC 3339 in the session's zone.
    pub starts_at: String,
    /// RFC 3339 in the session's zone.
    pub ends_at: String,
    /// IANA zone.
    pub timezone: String,
    /// Where an on-site session meets.
    pub venue: Option<String>,
    /// The session has ended (by the application's clock): it counts in rates.
    pub held: bool,
}

/// One trainee's line of a roll call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RollCallRow {
    pub enrollment_id: i64,
    pub user_id: i64,
    pub name: String,
    /// None: not recorded yet.
    pub status: Option<AttendanceStatus>,
    pub note: Option<String>,
    pub source: Option<MarkSource>,
}

/// A mark given or corrected, as the history shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MarkChangeView {
    pub name: String,
    /// None: the first mark.
    pub old: Option<AttendanceStatus>,
    pub new: AttendanceStatus,
    pub note: Option<String>,
    /// Why a recorded mark was changed.
    pub reason: Option<String>,
    pub source: MarkSource,
    /// Who gave the mark (the trainee, for a check-in).
    pub by: Option<String>,
    /// RFC 3339 (UTC).
    pub at: String,
}

/// A session's roll call: every trainee with their mark, and the history of marks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RollCall {
    pub session: SessionSummary,
    /// No mark yet: the form starts with everyone present.
    pub first_call: bool,
    /// The offering lets trainees check themselves in.
    pub self_check_in: bool,
    /// The check-in window is open now.
    pub check_in_open: bool,
    pub trainees: Vec<RollCallRow>,
    pub history: Vec<MarkChangeView>,
}

/// The code an instructor shows for self check-in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInDisplay {
    pub session: SessionSummary,
    /// The offering lets trainees check themselves in.
    pub enabled: bool,
    /// The check-in window is open: a code is shown.
    pub open: bool,
    /// Six digits (empty when closed).
    pub code: String,
    /// Seconds until the next code.
    pub seconds_left: i64,
    /// The address the QR code opens: the check-in page with the code filled in.
    pub url: String,
    /// The QR code of `url`, as SVG made on the server.
    pub qr_svg: String,
    /// RFC 3339 in the session's zone.
    pub opens_at: String,
    pub closes_at: String,
    /// Trainees marked present or late so far, of how many.
    pub marked: u32,
    pub trainees: u32,
    /// Trainees who entered five wrong codes and need the instructor.
    pub locked_out: Vec<String>,
}

/// The check-in page a trainee sees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInForm {
    pub session: SessionSummary,
    /// RFC 3339 in the session's zone.
    pub opens_at: String,
    pub closes_at: String,
    /// Why a check-in would be refused now, in the reader's language, as the check-in itself
    /// decides it (none: the code is all it needs).
    pub blocked: Option<String>,
    /// The mark already recorded.
    pub status: Option<AttendanceStatus>,
}

/// The result of a check-in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CheckedIn {
    pub session_id: i64,
    /// The mark recorded now, or the one already recorded.
    pub status: AttendanceStatus,
    /// False when a mark was already recorded and stays.
    pub marked_now: bool,
}

/// One trainee's attendance over an offering.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TraineeRate {
    pub enrollment_id: i64,
    pub user_id: i64,
    pub name: String,
    /// Held sessions attended.
    pub attended: u32,
    /// Held sessions counted (excused left out).
    pub held: u32,
    /// Held sessions not recorded yet (counted as not attended).
    pub unrecorded: u32,
    pub excused: u32,
    /// Attended over held, 0–1; none before a session is held.
    pub rate: Option<f64>,
    /// Each session's mark, in session order.
    pub marks: Vec<Option<AttendanceStatus>>,
}

/// One session's line of an offering's attendance sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionCount {
    pub session: SessionSummary,
    /// Trainees with a mark.
    pub recorded: u32,
    /// Marked present or late.
    pub attended: u32,
}

/// An offering's attendance: its sessions, and each trainee's marks and rate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OfferingAttendance {
    pub offering_id: i64,
    pub module_title: String,
    /// ISO date.
    pub starts_on: String,
    pub self_check_in: bool,
    pub late_counts_present: bool,
    /// The caller may take attendance and change these settings.
    pub can_take: bool,
    pub sessions: Vec<SessionCount>,
    pub trainees: Vec<TraineeRate>,
}

/// One session as its trainee sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MySession {
    pub session: SessionSummary,
    pub status: Option<AttendanceStatus>,
    /// A live session's meeting link (only for an enrolled trainee).
    pub meeting_url: Option<String>,
    /// Self check-in is open now for this session.
    pub check_in_open: bool,
}

/// A trainee's own attendance in one enrolment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MyAttendance {
    pub enrollment_id: i64,
    pub sessions: Vec<MySession>,
    pub attended: u32,
    pub held: u32,
    pub unrecorded: u32,
    pub excused: u32,
    pub rate: Option<f64>,
    pub late_counts_present: bool,
}

/// One mark as the JSON API takes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MarkRequest {
    /// The trainee (their account).
    pub user_id: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = AttendanceStatus))]
    pub status: String,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 400))]
    pub note: Option<String>,
}

/// A roll call as the JSON API takes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RollCallRequest {
    pub marks: Vec<MarkRequest>,
    /// Why recorded marks change (required when one does).
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 400))]
    pub reason: Option<String>,
}

/// A check-in as the JSON API takes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CheckInRequest {
    /// The six digits shown.
    #[cfg_attr(feature = "ssr", schema(max_length = 20))]
    pub code: String,
}
