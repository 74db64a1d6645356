//! Pure rules of attendance: the self check-in codes (an HMAC of the session and the
//! 30-second step, as TOTP), whether a check-in is accepted, the roll call's changes, and the
//! attendance rate. No I/O; tables of cases below.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::codes::AttendanceStatus;
use crate::i18n::Key;

/// How long one check-in code lasts.
pub const STEP_SECONDS: i64 = 30;
/// A code typed as it changes is still taken this long after its step ends.
pub const CODE_GRACE_SECONDS: i64 = 10;
/// Check-in opens this long before a session starts, and closes when it ends.
pub const EARLY_MINUTES: i64 = 15;
/// After this many wrong codes for a session, a trainee must ask the instructor.
pub const MAX_WRONG_CODES: i32 = 5;
/// How far back a code is recognised as expired rather than wrong (ten minutes of steps).
const EXPIRED_STEPS: i64 = 20;
/// The longest note on a mark, and the longest reason for a correction.
pub const NOTE_MAX: usize = 400;

/// The step (of [`STEP_SECONDS`]) that `at` falls in.
pub fn step_at(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(STEP_SECONDS)
}

/// When `step` ends (the next code appears).
pub fn step_ends(step: i64) -> DateTime<Utc> {
    DateTime::from_timestamp((step + 1) * STEP_SECONDS, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The six-digit code of `session_id` for `step`: HMAC-SHA256 keyed by the session's secret,
/// truncated as RFC 4226 does. A code of one session says nothing about another's.
pub fn code_for(secret: &[u8], session_id: i64, step: i64) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        // HMAC takes a key of any length; this cannot happen.
        return String::new();
    };
    mac.update(&session_id.to_be_bytes());
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let word = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:06}", word % 1_000_000)
}

/// What an entered code is, at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeMatch {
    /// The code shown now (or the one just before it, within the grace).
    Current,
    /// A code this session showed earlier.
    Expired,
    /// Not a code of this session.
    Wrong,
}

/// Compares what the trainee typed (spaces ignored) with the session's codes around `now`.
pub fn match_code(secret: &[u8], session_id: i64, entered: &str, now: DateTime<Utc>) -> CodeMatch {
    let entered: String = entered.chars().filter(|c| !c.is_whitespace()).collect();
    if entered.len() != 6 || !entered.bytes().all(|b| b.is_ascii_digit()) {
        return CodeMatch::Wrong;
    }
    let step = step_at(now);
    let graced = step_at(now - Duration::seconds(CODE_GRACE_SECONDS));
    if entered == code_for(secret, session_id, step)
        || (graced < step && entered == code_for(secret, session_id, graced))
    {
        return CodeMatch::Current;
    }
    if (1..=EXPIRED_STEPS).any(|back| entered == code_for(secret, session_id, step - back)) {
        CodeMatch::Expired
    } else {
        CodeMatch::Wrong
    }
}

/// When a session's check-in is open: from [`EARLY_MINUTES`] before its start to its end.
pub fn check_in_window(
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    (starts_at - Duration::minutes(EARLY_MINUTES), ends_at)
}

/// What a check-in decision is made from.
#[derive(Clone, Copy, Debug)]
pub struct CheckInFacts {
    /// The offering lets trainees check themselves in.
    pub enabled: bool,
    /// The caller's enrolment in the offering is `enrolled`.
    pub enrolled: bool,
    /// The session's check-in window ([`check_in_window`]).
    pub window: (DateTime<Utc>, DateTime<Utc>),
    pub now: DateTime<Utc>,
    /// Wrong codes already entered for this session.
    pub wrong_codes: i32,
    /// The mark already recorded, if any.
    pub already: Option<AttendanceStatus>,
    pub code: CodeMatch,
}

/// Why a check-in is refused, most fundamental first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckInRefused {
    /// The caller has no place in this offering.
    NotEnrolled,
    /// The offering takes attendance by roll call only.
    Off,
    /// Before the window opens.
    NotYet,
    /// After the session ended.
    Over,
    /// Five wrong codes already: the instructor marks them.
    Locked,
    /// A code of this session, but no longer the current one.
    Expired,
    /// Not this session's code; `left` more tries before [`CheckInRefused::Locked`].
    Wrong { left: i32 },
}

impl CheckInRefused {
    /// The stable code API clients read.
    pub fn code(self) -> &'static str {
        match self {
            CheckInRefused::NotEnrolled => "not_enrolled",
            CheckInRefused::Off => "check_in_off",
            CheckInRefused::NotYet => "check_in_not_open",
            CheckInRefused::Over => "check_in_closed",
            CheckInRefused::Locked => "too_many_codes",
            CheckInRefused::Expired => "code_expired",
            CheckInRefused::Wrong { .. } => "wrong_code",
        }
    }

    /// The explanation a person reads.
    pub fn key(self) -> Key {
        match self {
            CheckInRefused::NotEnrolled => Key::CheckInNotEnrolled,
            CheckInRefused::Off => Key::CheckInOff,
            CheckInRefused::NotYet => Key::CheckInNotOpen,
            CheckInRefused::Over => Key::CheckInClosed,
            CheckInRefused::Locked => Key::CheckInLocked,
            CheckInRefused::Expired => Key::CheckInExpired,
            CheckInRefused::Wrong { .. } => Key::CheckInWrong,
        }
    }

    /// Whether the refusal counts as a wrong code.
    pub fn counts_as_wrong(self) -> bool {
        matches!(self, CheckInRefused::Wrong { .. })
    }
}

/// What an accepted check-in does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckInOutcome {
    /// The trainee is now marked present.
    Marked,
    /// A mark was already recorded (by an earlier check-in or the roll call); it stays.
    AlreadyMarked(AttendanceStatus),
}

/// Decides a self check-in.
pub fn decide_check_in(f: &CheckInFacts) -> Result<CheckInOutcome, CheckInRefused> {
    if !f.enrolled {
        return Err(CheckInRefused::NotEnrolled);
    }
    if !f.enabled {
        return Err(CheckInRefused::Off);
    }
    if f.now < f.window.0 {
        return Err(CheckInRefused::NotYet);
    }
    if f.now > f.window.1 {
        return Err(CheckInRefused::Over);
    }
    if f.wrong_codes >= MAX_WRONG_CODES {
        return Err(CheckInRefused::Locked);
    }
    match f.code {
        CodeMatch::Current => Ok(match f.already {
            Some(status) => CheckInOutcome::AlreadyMarked(status),
            None => CheckInOutcome::Marked,
        }),
        CodeMatch::Expired => Err(CheckInRefused::Expired),
        CodeMatch::Wrong => Err(CheckInRefused::Wrong {
            left: (MAX_WRONG_CODES - f.wrong_codes - 1).max(0),
        }),
    }
}

/// One mark a roll call asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkInput {
    pub enrollment_id: i64,
    /// A status code (empty: leave the trainee unrecorded).
    pub status: String,
    pub note: String,
    /// The mark the form showed (a code, or empty for none); `None` when the caller did not
    /// load one (the JSON API). A form loaded before someone else changed the mark is refused
    /// rather than silently undoing their change.
    pub was: Option<String>,
}

/// One mark a roll call changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkChange {
    pub enrollment_id: i64,
    /// The mark before (none: the first mark).
    pub old: Option<AttendanceStatus>,
    pub new: AttendanceStatus,
    pub note: Option<String>,
}

/// Why a roll call was refused; the service names the trainee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkProblem {
    /// Not a trainee of this offering.
    NotATrainee(i64),
    /// Not a status code.
    BadStatus(i64),
    /// A note over [`NOTE_MAX`] characters.
    NoteTooLong(i64),
    /// Changing a recorded mark needs a reason.
    ReasonMissing,
    /// A reason over [`NOTE_MAX`] characters.
    ReasonTooLong,
    /// An existing mark cannot be taken back to "unrecorded".
    CannotUnrecord(i64),
    /// The same trainee twice in one roll call.
    Duplicate(i64),
    /// The mark changed since the form was loaded.
    ChangedMeanwhile(i64),
}

impl MarkProblem {
    /// The field it belongs to and the explanation.
    pub fn field_and_key(self) -> (&'static str, Key) {
        match self {
            MarkProblem::NotATrainee(_) => ("marks", Key::RollCallNotATrainee),
            MarkProblem::BadStatus(_) => ("marks", Key::RollCallBadStatus),
            MarkProblem::NoteTooLong(_) => ("marks", Key::RollCallNoteTooLong),
            MarkProblem::ReasonMissing => ("reason", Key::RollCallReasonMissing),
            MarkProblem::ReasonTooLong => ("reason", Key::RollCallReasonTooLong),
            MarkProblem::CannotUnrecord(_) => ("marks", Key::RollCallCannotUnrecord),
            MarkProblem::Duplicate(_) => ("marks", Key::RollCallDuplicate),
            MarkProblem::ChangedMeanwhile(_) => ("marks", Key::RollCallMarkChangedMeanwhile),
        }
    }

    /// The enrolment a problem names, if any.
    pub fn enrollment(self) -> Option<i64> {
        match self {
            MarkProblem::NotATrainee(id)
            | MarkProblem::BadStatus(id)
            | MarkProblem::NoteTooLong(id)
            | MarkProblem::CannotUnrecord(id)
            | MarkProblem::Duplicate(id)
            | MarkProblem::ChangedMeanwhile(id) => Some(id),
            MarkProblem::ReasonMissing | MarkProblem::ReasonTooLong => None,
        }
    }
}

/// A trainee's enrolment and their recorded mark with its note, if any.
pub type CurrentMark = (i64, Option<(AttendanceStatus, Option<String>)>);

/// The changes a roll call makes to `current` (each trainee's enrolment and mark, with its
/// note): only marks that differ, and a reason (trimmed) whenever a recorded mark changes.
pub fn roll_call_changes(
    inputs: &[MarkInput],
    current: &[CurrentMark],
    reason: &str,
) -> Result<(Vec<MarkChange>, Option<String>), Vec<MarkProblem>> {
    let mut problems = Vec::new();
    let mut changes = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for input in inputs {
        let Some((_, existing)) = current.iter().find(|(id, _)| *id == input.enrollment_id) else {
            problems.push(MarkProblem::NotATrainee(input.enrollment_id));
            continue;
        };
        if !seen.insert(input.enrollment_id) {
            problems.push(MarkProblem::Duplicate(input.enrollment_id));
            continue;
        }
        if let Some(was) = &input.was
            && AttendanceStatus::from_code(was) != existing.as_ref().map(|(s, _)| *s)
        {
            problems.push(MarkProblem::ChangedMeanwhile(input.enrollment_id));
            continue;
        }
        let note = input.note.trim();
        if note.chars().count() > NOTE_MAX {
            problems.push(MarkProblem::NoteTooLong(input.enrollment_id));
        }
        let note = (!note.is_empty()).then(|| note.to_string());
        if input.status.trim().is_empty() {
            if existing.is_some() {
                problems.push(MarkProblem::CannotUnrecord(input.enrollment_id));
            }
            continue;
        }
        let Some(new) = AttendanceStatus::from_code(&input.status) else {
            problems.push(MarkProblem::BadStatus(input.enrollment_id));
            continue;
        };
        match existing {
            Some((old, old_note)) if *old == new && *old_note == note => {}
            _ => changes.push(MarkChange {
                enrollment_id: input.enrollment_id,
                old: existing.as_ref().map(|(old, _)| *old),
                new,
                note,
            }),
        }
    }
    let reason = reason.trim();
    if reason.chars().count() > NOTE_MAX {
        problems.push(MarkProblem::ReasonTooLong);
    }
    if reason.is_empty() && changes.iter().any(|c| c.old.is_some()) {
        problems.push(MarkProblem::ReasonMissing);
    }
    if problems.is_empty() {
        Ok((changes, (!reason.is_empty()).then(|| reason.to_string())))
    } else {
        Err(problems)
    }
}

/// A trainee's attendance over an offering's sessions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rate {
    /// Held sessions attended.
    pub attended: u32,
    /// Held sessions counted (excused ones left out).
    pub held: u32,
    /// Held sessions with no mark yet (counted as not attended).
    pub unrecorded: u32,
    /// Held sessions excused.
    pub excused: u32,
}

impl Rate {
    /// Attended over held, from 0 to 1; none before any session is held.
    pub fn share(&self) -> Option<f64> {
        (self.held > 0).then(|| f64::from(self.attended) / f64::from(self.held))
    }
}

/// The attendance rate: sessions attended over sessions held, a session being held once it
/// has ended (`held`); late counts as attended when `late_counts_present`; excused sessions are
/// left out of both; a held session with no mark counts as not attended.
pub fn attendance_rate(
    marks: &[(bool, Option<AttendanceStatus>)],
    late_counts_present: bool,
) -> Rate {
    let mut rate = Rate::default();
    for (held, status) in marks {
        if !held {
            continue;
        }
        match status {
            Some(AttendanceStatus::Excused) => rate.excused += 1,
            Some(AttendanceStatus::Present) => {
                rate.held += 1;
                rate.attended += 1;
            }
            Some(AttendanceStatus::Late) => {
                rate.held += 1;
                rate.attended += u32::from(late_counts_present);
            }
            Some(AttendanceStatus::Absent) => rate.held += 1,
            None => {
                rate.held += 1;
                rate.unrecorded += 1;
            }
        }
    }
    rate
}

/// Whether a meeting link is one a trainee can safely follow: `https://` with a host, no
/// spaces, at most 500 characters.
pub fn meeting_url_ok(url: &str) -> bool {
    let url = url.trim();
    url.len() <= 500
        && url
            .strip_prefix("https://")
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<')
}

#[cfg(test)]
mod tests {
    use super::AttendanceStatus::{Absent, Excused, Late, Present};
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("a time")
            .with_timezone(&Utc)
    }

    #[test]
    fn codes_are_six_digits_and_belong_to_their_session_and_step() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let code = code_for(secret, 7, 1000);
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(
            code,
            code_for(secret, 7, 1000),
            "the same step gives the same code"
        );
        // Over many steps and sessions, codes differ (a collision now and then is expected of
        // six digits, never a rule).
        let steps: std::collections::BTreeSet<String> =
            (0..50).map(|s| code_for(secret, 7, 1000 + s)).collect();
        assert!(steps.len() >= 49, "codes change with the step");
        let sessions: std::collections::BTreeSet<String> =
            (0..50).map(|s| code_for(secret, s, 1000)).collect();
        assert!(sessions.len() >= 49, "codes differ between sessions");
        assert_ne!(code, code_for(b"another secret", 7, 1000));
    }

    #[test]
    fn an_entered_code_is_current_expired_or_wrong() {
        let secret = b"secret";
        let now = at("2027-03-01T09:00:35Z"); // 5 s into a step
        let step = step_at(now);
        let current = code_for(secret, 1, step);
        let previous = code_for(secret, 1, step - 1);
        let old = code_for(secret, 1, step - 3);
        let other = code_for(secret, 2, step);
        let cases: &[(&str, DateTime<Utc>, CodeMatch)] = &[
            (&current, now, CodeMatch::Current),
            (
                &format!(" {} {} ", &current[..3], &current[3..]),
                now,
                CodeMatch::Current,
            ),
            // 5 s into the next step: the last code is still taken (grace 10 s)…
            (&previous, now, CodeMatch::Current),
            // …but not 11 s in.
            (&previous, now + Duration::seconds(6), CodeMatch::Expired),
            (&old, now, CodeMatch::Expired),
            (
                &current,
                now + Duration::seconds(STEP_SECONDS + CODE_GRACE_SECONDS),
                CodeMatch::Expired,
            ),
            (&current, now + Duration::minutes(30), CodeMatch::Wrong),
            (&other, now, CodeMatch::Wrong),
            ("12345", now, CodeMatch::Wrong),
            ("abcdef", now, CodeMatch::Wrong),
            ("", now, CodeMatch::Wrong),
        ];
        for (entered, when, expected) in cases {
            if entered == &other && other == current {
                continue; // one chance in a million: the two sessions share a code now
            }
            assert_eq!(
                match_code(secret, 1, entered, *when),
                *expected,
                "{entered:?} at {when}"
            );
        }
    }

    #[test]
    fn check_in_decisions() {
        let starts = at("2027-03-01T09:00:00Z");
        let ends = at("2027-03-01T12:00:00Z");
        let base = CheckInFacts {
            enabled: true,
            enrolled: true,
            window: check_in_window(starts, ends),
            now: starts,
            wrong_codes: 0,
            already: None,
            code: CodeMatch::Current,
        };
        let cases: &[(CheckInFacts, Result<CheckInOutcome, CheckInRefused>)] = &[
            (base, Ok(CheckInOutcome::Marked)),
            (
                CheckInFacts {
                    now: starts - Duration::minutes(15),
                    ..base
                },
                Ok(CheckInOutcome::Marked),
            ),
            (
                CheckInFacts {
                    now: starts - Duration::minutes(16),
                    ..base
                },
                Err(CheckInRefused::NotYet),
            ),
            (
                CheckInFacts { now: ends, ..base },
                Ok(CheckInOutcome::Marked),
            ),
            (
                CheckInFacts {
                    now: ends + Duration::seconds(1),
                    ..base
                },
                Err(CheckInRefused::Over),
            ),
            (
                CheckInFacts {
                    enrolled: false,
                    enabled: false,
                    ..base
                },
                Err(CheckInRefused::NotEnrolled),
            ),
            (
                CheckInFacts {
                    enabled: false,
                    ..base
                },
                Err(CheckInRefused::Off),
            ),
            (
                CheckInFacts {
                    code: CodeMatch::Expired,
                    ..base
                },
                Err(CheckInRefused::Expired),
            ),
            (
                CheckInFacts {
                    code: CodeMatch::Wrong,
                    ..base
                },
                Err(CheckInRefused::Wrong { left: 4 }),
            ),
            (
                CheckInFacts {
                    code: CodeMatch::Wrong,
                    wrong_codes: 4,
                    ..base
                },
                Err(CheckInRefused::Wrong { left: 0 }),
            ),
            // Locked even with the right code: the instructor marks them.
            (
                CheckInFacts {
                    wrong_codes: 5,
                    ..base
                },
                Err(CheckInRefused::Locked),
            ),
            (
                CheckInFacts {
                    already: Some(Absent),
                    ..base
                },
                Ok(CheckInOutcome::AlreadyMarked(Absent)),
            ),
            (
                CheckInFacts {
                    already: Some(Present),
                    ..base
                },
                Ok(CheckInOutcome::AlreadyMarked(Present)),
            ),
        ];
        for (facts, expected) in cases {
            assert_eq!(decide_check_in(facts), *expected, "{facts:?}");
        }
        assert!(CheckInRefused::Wrong { left: 1 }.counts_as_wrong());
        assert!(!CheckInRefused::Expired.counts_as_wrong());
    }

    #[test]
    fn roll_call_changes_only_what_differs_and_asks_why_a_mark_changed() {
        let current = vec![
            (1, None),
            (2, Some((Present, None))),
            (3, Some((Absent, Some("ill".to_string())))),
        ];
        let mark = |id, status: &str, note: &str| MarkInput {
            enrollment_id: id,
            status: status.into(),
            note: note.into(),
            was: None,
        };
        // A first mark needs no reason; a mark repeated unchanged is not a change.
        let (changes, reason) = roll_call_changes(
            &[
                mark(1, "present", ""),
                mark(2, "present", " "),
                mark(3, "absent", "ill"),
            ],
            &current,
            "",
        )
        .expect("accepted");
        assert_eq!(
            changes,
            vec![MarkChange {
                enrollment_id: 1,
                old: None,
                new: Present,
                note: None
            }]
        );
        assert_eq!(reason, None);
        // Changing a recorded mark (or its note) needs a reason.
        assert_eq!(
            roll_call_changes(&[mark(2, "late", "")], &current, "  "),
            Err(vec![MarkProblem::ReasonMissing])
        );
        assert_eq!(
            roll_call_changes(&[mark(3, "absent", "ill, certificate shown")], &current, ""),
            Err(vec![MarkProblem::ReasonMissing])
        );
        let (changes, reason) =
            roll_call_changes(&[mark(2, "late", "bus")], &current, " arrived 09:20 ").expect("ok");
        assert_eq!(changes[0].old, Some(Present));
        assert_eq!(changes[0].note.as_deref(), Some("bus"));
        assert_eq!(reason.as_deref(), Some("arrived 09:20"));
        // Refusals name the trainee.
        let long = "x".repeat(NOTE_MAX + 1);
        let cases: &[(MarkInput, MarkProblem)] = &[
            (mark(9, "present", ""), MarkProblem::NotATrainee(9)),
            (mark(1, "here", ""), MarkProblem::BadStatus(1)),
            (mark(1, "present", &long), MarkProblem::NoteTooLong(1)),
            (mark(2, "", ""), MarkProblem::CannotUnrecord(2)),
        ];
        for (input, problem) in cases {
            assert_eq!(
                roll_call_changes(std::slice::from_ref(input), &current, "why"),
                Err(vec![*problem]),
                "{input:?}"
            );
        }
        // The same trainee twice is refused; so is a form that showed a mark since changed.
        assert_eq!(
            roll_call_changes(
                &[mark(1, "present", ""), mark(1, "absent", "")],
                &current,
                ""
            ),
            Err(vec![MarkProblem::Duplicate(1)])
        );
        let loaded = |id, was: &str, status: &str| MarkInput {
            was: Some(was.into()),
            ..mark(id, status, "")
        };
        assert_eq!(
            roll_call_changes(&[loaded(2, "absent", "excused")], &current, "why"),
            Err(vec![MarkProblem::ChangedMeanwhile(2)])
        );
        assert_eq!(
            roll_call_changes(&[loaded(2, "", "late")], &current, "why"),
            Err(vec![MarkProblem::ChangedMeanwhile(2)])
        );
        assert!(
            roll_call_changes(
                &[loaded(2, "present", "late"), loaded(1, "", "present")],
                &current,
                "why"
            )
            .is_ok()
        );
        // Leaving an unrecorded trainee empty changes nothing.
        assert_eq!(
            roll_call_changes(&[mark(1, "", "")], &current, ""),
            Ok((vec![], None))
        );
        assert_eq!(
            roll_call_changes(&[], &current, &long),
            Err(vec![MarkProblem::ReasonTooLong])
        );
    }

    #[test]
    fn attendance_rate_counts_held_sessions_only() {
        type Case<'a> = (
            &'a [(bool, Option<AttendanceStatus>)],
            bool,
            Rate,
            Option<f64>,
        );
        let cases: &[Case] = &[
            (&[], true, Rate::default(), None),
            // Sessions not yet held are left out, marked or not.
            (
                &[(false, Some(Present)), (false, None)],
                true,
                Rate::default(),
                None,
            ),
            (
                &[
                    (true, Some(Present)),
                    (true, Some(Absent)),
                    (true, Some(Late)),
                    (true, Some(Present)),
                ],
                true,
                Rate {
                    attended: 3,
                    held: 4,
                    unrecorded: 0,
                    excused: 0,
                },
                Some(0.75),
            ),
            // The offering may count late as not attended.
            (
                &[(true, Some(Present)), (true, Some(Late))],
                false,
                Rate {
                    attended: 1,
                    held: 2,
                    unrecorded: 0,
                    excused: 0,
                },
                Some(0.5),
            ),
            // Excused sessions are left out of both.
            (
                &[
                    (true, Some(Present)),
                    (true, Some(Excused)),
                    (true, Some(Excused)),
                ],
                true,
                Rate {
                    attended: 1,
                    held: 1,
                    unrecorded: 0,
                    excused: 2,
                },
                Some(1.0),
            ),
            (
                &[(true, Some(Excused))],
                true,
                Rate {
                    excused: 1,
                    ..Rate::default()
                },
                None,
            ),
            // A held session nobody recorded counts as not attended, and is reported.
            (
                &[(true, Some(Present)), (true, None)],
                true,
                Rate {
                    attended: 1,
                    held: 2,
                    unrecorded: 1,
                    excused: 0,
                },
                Some(0.5),
            ),
        ];
        for (marks, late, rate, share) in cases {
            let got = attendance_rate(marks, *late);
            assert_eq!(got, *rate, "{marks:?}");
            assert_eq!(got.share(), *share, "{marks:?}");
        }
    }

    #[test]
    fn meeting_links() {
        let cases = [
            ("https://meet.example.org/abc-defg", true),
            (" https://zoom.example/j/123?pwd=x ", true),
            ("http://meet.example.org/abc", false),
            ("javascript:alert(1)", false),
            ("https://", false),
            ("https:///path", false),
            ("https://a.example/x y", false),
            ("https://a.example/\"onmouseover=x", false),
            ("", false),
        ];
        for (url, ok) in cases {
            assert_eq!(meeting_url_ok(url), ok, "{url:?}");
        }
        assert!(!meeting_url_ok(&format!(
            "https://a.example/{}",
            "x".repeat(500)
        )));
    }
}
