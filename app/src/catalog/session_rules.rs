//! Pure rules of one teaching session: its kind, its times (with an offset, or as the wall
//! time of its zone), a zone of [`super::zones`], and its place when on site. Each problem is
//! named on its own field (`sessions[2].timezone`), so a form shows it where it belongs.

use chrono::{DateTime, Utc};

use super::rules::{FieldProblem, SessionDraft, SessionInput, SessionKind, optional_text};
use crate::i18n::Key;

/// The most sessions one offering has (a long course meets every working day for two months).
pub const MAX_SESSIONS: usize = 40;

/// A field of a session, as a refusal names it (`sessions[2].timezone`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionPart {
    /// `onsite` or `distance`.
    Kind,
    /// The start.
    StartsAt,
    /// The end.
    EndsAt,
    /// The IANA zone.
    Timezone,
    /// Where an on-site session meets.
    Venue,
    /// The venue's city.
    City,
    /// The venue's country.
    Country,
    /// A live session's meeting link.
    MeetingUrl,
}

impl SessionPart {
    /// Every part, in form order.
    pub const ALL: [SessionPart; 8] = [
        SessionPart::Kind,
        SessionPart::StartsAt,
        SessionPart::EndsAt,
        SessionPart::Timezone,
        SessionPart::Venue,
        SessionPart::City,
        SessionPart::Country,
        SessionPart::MeetingUrl,
    ];

    /// The part's name in JSON bodies and refusals.
    pub const fn code(self) -> &'static str {
        match self {
            SessionPart::Kind => "kind",
            SessionPart::StartsAt => "starts_at",
            SessionPart::EndsAt => "ends_at",
            SessionPart::Timezone => "timezone",
            SessionPart::Venue => "venue",
            SessionPart::City => "city",
            SessionPart::Country => "country",
            SessionPart::MeetingUrl => "meeting_url",
        }
    }
}

/// The name a refusal gives to one field of the `index`-th session (from 0):
/// `sessions[0].timezone`. Refusals carry `&'static str` names, so the names of every session
/// an offering may have are written once; past [`MAX_SESSIONS`] the list as a whole is named.
pub fn session_field(index: usize, part: SessionPart) -> &'static str {
    static NAMES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        (0..MAX_SESSIONS)
            .flat_map(|i| {
                SessionPart::ALL
                    .iter()
                    .map(move |p| format!("sessions[{i}].{}", p.code()))
            })
            .collect()
    });
    NAMES
        .get(index * SessionPart::ALL.len() + part as usize)
        .map_or("sessions", String::as_str)
}

/// Why a session time was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TimeProblem {
    /// Not a date and time.
    Invalid,
    /// A wall time the clocks skip in the session's zone.
    Skipped,
}

/// A session time: RFC 3339 with its offset, or the wall time a form's `datetime-local` sends
/// (`2027-03-01T09:00`) read in the session's zone. `Ok(None)` when it is a wall time but the
/// zone is unknown: the zone is what to fix, and its own problem says so.
fn session_time(
    text: &str,
    zone: Option<chrono_tz::Tz>,
) -> Result<Option<DateTime<Utc>>, TimeProblem> {
    use chrono::TimeZone;
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(Some(at.with_timezone(&Utc)));
    }
    let wall = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| TimeProblem::Invalid)?;
    let Some(zone) = zone else {
        return Ok(None);
    };
    // When clocks go back an hour repeats: the first one is meant. When they go forward, the
    // hour does not exist, and only the person can say which time they meant.
    zone.from_local_datetime(&wall)
        .earliest()
        .map(|at| Some(at.with_timezone(&Utc)))
        .ok_or(TimeProblem::Skipped)
}

impl SessionInput {
    /// Checks the `index`-th session (from 0): kind, times, end after start, a zone of
    /// [`super::zones`], and a venue, city and country for an on-site session. Every problem is
    /// named on its own field.
    pub fn check(&self, index: usize) -> Result<SessionDraft, Vec<FieldProblem>> {
        use SessionPart as P;
        let field = |part| session_field(index, part);
        let mut problems = Vec::new();
        let kind = SessionKind::from_code(&self.kind);
        if kind.is_none() {
            problems.push((field(P::Kind), Key::OfferingFormSessionKindInvalid));
        }
        let timezone = self.timezone.trim();
        let zone = timezone
            .parse::<chrono_tz::Tz>()
            .ok()
            .filter(|_| super::zones::is_known(timezone));
        if zone.is_none() {
            let key = if timezone.is_empty() {
                Key::OfferingFormSessionTimezoneMissing
            } else {
                Key::OfferingFormSessionTimezoneUnknown
            };
            problems.push((field(P::Timezone), key));
        }
        // (part, reasons when missing, not a time, skipped by the clocks)
        let mut time = |text: &str, part, [missing, invalid, skipped]: [Key; 3]| {
            if text.trim().is_empty() {
                problems.push((field(part), missing));
                return None;
            }
            match session_time(text, zone) {
                Ok(at) => at,
                Err(problem) => {
                    let key = match problem {
                        TimeProblem::Invalid => invalid,
                        TimeProblem::Skipped => skipped,
                    };
                    problems.push((field(part), key));
                    None
                }
            }
        };
        let starts_at = time(
            &self.starts_at,
            P::StartsAt,
            [
                Key::OfferingFormSessionStartsMissing,
                Key::OfferingFormSessionStartsInvalid,
                Key::OfferingFormSessionStartsSkipped,
            ],
        );
        let ends_at = time(
            &self.ends_at,
            P::EndsAt,
            [
                Key::OfferingFormSessionEndsMissing,
                Key::OfferingFormSessionEndsInvalid,
                Key::OfferingFormSessionEndsSkipped,
            ],
        );
        if let (Some(start), Some(end)) = (starts_at, ends_at)
            && end <= start
        {
            problems.push((field(P::EndsAt), Key::OfferingFormSessionEndsBeforeStart));
        }
        let venue = optional_text(&self.venue, 200);
        let city = optional_text(&self.city, 120);
        let typed_country = self
            .country
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let country = typed_country
            .and_then(crate::accounts::countries::find)
            .map(|c| c.code.to_string());
        if typed_country.is_some() && country.is_none() {
            problems.push((field(P::Country), Key::OfferingFormSessionCountryInvalid));
        }
        if kind == Some(SessionKind::Onsite) {
            let missing = [
                (
                    venue.is_none(),
                    P::Venue,
                    Key::OfferingFormSessionVenueMissing,
                ),
                (city.is_none(), P::City, Key::OfferingFormSessionCityMissing),
                (
                    typed_country.is_none(),
                    P::Country,
                    Key::OfferingFormSessionCountryMissing,
                ),
            ];
            for (absent, part, key) in missing {
                if absent {
                    problems.push((field(part), key));
                }
            }
        }
        let meeting_url = self
            .meeting_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty());
        match (kind, meeting_url) {
            (Some(SessionKind::Live), None) => {
                problems.push((
                    field(P::MeetingUrl),
                    Key::OfferingFormSessionMeetingUrlMissing,
                ));
            }
            (_, Some(url)) if !crate::attendance::rules::meeting_url_ok(url) => {
                problems.push((
                    field(P::MeetingUrl),
                    Key::OfferingFormSessionMeetingUrlInvalid,
                ));
            }
            _ => {}
        }
        // Only a live session keeps a link: one typed before the kind changed is dropped.
        let meeting_url = meeting_url
            .filter(|_| kind == Some(SessionKind::Live))
            .map(str::to_string);
        match (kind, starts_at, ends_at) {
            (Some(kind), Some(starts_at), Some(ends_at)) if problems.is_empty() => {
                Ok(SessionDraft {
                    id: self.id,
                    kind,
                    starts_at,
                    ends_at,
                    timezone: timezone.to_string(),
                    venue,
                    city,
                    country,
                    meeting_url,
                })
            }
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> SessionInput {
        SessionInput {
            id: None,
            kind: "onsite".into(),
            starts_at: "2027-03-01T09:00:00-05:00".into(),
            ends_at: "2027-03-01T17:00:00-05:00".into(),
            timezone: "America/Lima".into(),
            venue: Some("Escuela de Oficiales".into()),
            city: Some("Lima".into()),
            country: Some("PE".into()),
            meeting_url: None,
        }
    }

    #[test]
    fn wall_times_are_read_in_the_sessions_zone() {
        // (zone, wall time, UTC) — São Paulo has no summer time since 2019; New York has.
        let cases = [
            (
                "America/Lima",
                "2027-03-01T09:00",
                "2027-03-01T14:00:00+00:00",
            ),
            (
                "America/Sao_Paulo",
                "2027-03-01T09:00",
                "2027-03-01T12:00:00+00:00",
            ),
            (
                "America/New_York",
                "2027-07-01T09:00",
                "2027-07-01T13:00:00+00:00",
            ),
            (
                "America/New_York",
                "2027-01-15T09:00:00",
                "2027-01-15T14:00:00+00:00",
            ),
            // The repeated hour when clocks go back: the first one.
            (
                "America/New_York",
                "2027-11-07T01:30",
                "2027-11-07T05:30:00+00:00",
            ),
            ("UTC", "2027-03-01T09:00", "2027-03-01T09:00:00+00:00"),
        ];
        for (zone, wall, utc) in cases {
            let input = SessionInput {
                timezone: zone.into(),
                starts_at: wall.into(),
                ends_at: "2027-12-31T23:00:00-05:00".into(),
                ..session()
            };
            let draft = input.check(0).expect(zone);
            assert_eq!(draft.starts_at.to_rfc3339(), utc, "{zone} {wall}");
        }
    }

    #[test]
    fn a_wall_time_that_the_clocks_skip_is_refused_on_its_field() {
        let input = SessionInput {
            timezone: "America/New_York".into(),
            starts_at: "2027-03-14T02:30".into(),
            ..session()
        };
        assert_eq!(
            input.check(0),
            Err(vec![(
                "sessions[0].starts_at",
                Key::OfferingFormSessionStartsSkipped
            )])
        );
    }

    #[test]
    fn every_problem_of_a_session_is_reported_at_once() {
        let input = SessionInput {
            kind: "onsite".into(),
            timezone: "Mars/Olympus".into(),
            ..Default::default()
        };
        let fields: Vec<&str> = input
            .check(0)
            .expect_err("refused")
            .into_iter()
            .map(|(field, _)| field)
            .collect();
        assert_eq!(
            fields,
            [
                "sessions[0].timezone",
                "sessions[0].starts_at",
                "sessions[0].ends_at",
                "sessions[0].venue",
                "sessions[0].city",
                "sessions[0].country",
            ]
        );
    }

    #[test]
    fn a_live_session_needs_a_safe_meeting_link_and_only_it_keeps_one() {
        let live = |url: Option<&str>| SessionInput {
            kind: "live".into(),
            venue: None,
            city: None,
            country: None,
            meeting_url: url.map(Into::into),
            ..session()
        };
        let cases: &[(SessionInput, Result<Option<&str>, Key>)] = &[
            (
                live(Some(" https://meet.example.org/abc ")),
                Ok(Some("https://meet.example.org/abc")),
            ),
            (live(None), Err(Key::OfferingFormSessionMeetingUrlMissing)),
            (
                live(Some("  ")),
                Err(Key::OfferingFormSessionMeetingUrlMissing),
            ),
            (
                live(Some("http://meet.example.org/abc")),
                Err(Key::OfferingFormSessionMeetingUrlInvalid),
            ),
            (
                live(Some("javascript:alert(1)")),
                Err(Key::OfferingFormSessionMeetingUrlInvalid),
            ),
            // An on-site session needs no link, and one typed before the kind changed is dropped.
            (
                SessionInput {
                    meeting_url: Some("https://meet.example.org/x".into()),
                    ..session()
                },
                Ok(None),
            ),
            // A bad link is refused whatever the kind: what was typed is shown back to fix.
            (
                SessionInput {
                    meeting_url: Some("ftp://x".into()),
                    ..session()
                },
                Err(Key::OfferingFormSessionMeetingUrlInvalid),
            ),
        ];
        for (input, expected) in cases {
            match (input.check(1), expected) {
                (Ok(draft), Ok(url)) => assert_eq!(draft.meeting_url.as_deref(), *url, "{input:?}"),
                (Err(problems), Err(key)) => {
                    assert_eq!(
                        problems,
                        vec![("sessions[1].meeting_url", *key)],
                        "{input:?}"
                    )
                }
                (got, _) => panic!("{input:?}: {got:?}"),
            }
        }
    }

    #[test]
    fn session_fields_are_named_by_place_up_to_the_limit() {
        assert_eq!(session_field(0, SessionPart::Kind), "sessions[0].kind");
        assert_eq!(
            session_field(2, SessionPart::Timezone),
            "sessions[2].timezone"
        );
        assert_eq!(
            session_field(MAX_SESSIONS - 1, SessionPart::Country),
            format!("sessions[{}].country", MAX_SESSIONS - 1)
        );
        assert_eq!(session_field(MAX_SESSIONS, SessionPart::Kind), "sessions");
    }
}
