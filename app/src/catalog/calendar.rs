//! iCalendar (RFC 5545) for offerings. Times are written in UTC (`…Z`), which every client
//! converts to its reader's zone; each session's UID is stable and its SEQUENCE goes up when it
//! changes, so calendar applications update the entry instead of adding another.

use chrono::{DateTime, Utc};
use entity::offering_session;

use crate::i18n::{Key, Locale};

/// What a calendar needs to know about the offering.
pub struct CalendarOffering<'a> {
    /// Offering id.
    pub id: i64,
    /// Module code.
    pub code: &'a str,
    /// Module title in the reader's language.
    pub title: &'a str,
    /// Host agency.
    pub host_agency: &'a str,
    /// Whether the offering was cancelled (every event is then cancelled).
    pub cancelled: bool,
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (§3.1), and ends it with
/// CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The calendar of `offering`'s sessions; `host` names this site in UIDs.
pub fn offering_calendar(
    offering: &CalendarOffering<'_>,
    sessions: &[offering_session::Model],
    host: &str,
    now: DateTime<Utc>,
    locale: Locale,
) -> String {
    let name = format!("{} · {}", offering.code, offering.title);
    let events: Vec<_> = sessions.iter().map(|s| (offering, s)).collect();
    calendar(&name, &events, host, now, locale)
}

/// A calendar named `name` with one event per (offering, session).
pub fn calendar(
    name: &str,
    events: &[(&CalendarOffering<'_>, &offering_session::Model)],
    host: &str,
    now: DateTime<Utc>,
    locale: Locale,
) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold(&text, &mut out);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//OAS//PICAP Inter-American Police Training Program//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(name)));
    for (offering, session) in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:picap-session-{}@{}", session.id, host));
        line(format!("DTSTAMP:{}", stamp(now)));
        line(format!("SEQUENCE:{}", session.sequence));
        line(format!("DTSTART:{}", stamp(session.starts_at)));
        line(format!("DTEND:{}", stamp(session.ends_at)));
        let summary = if session.kind == "distance" {
            locale.format(
                Key::CalendarDistanceSummary,
                &[("code", offering.code), ("title", offering.title)],
            )
        } else {
            format!("{} · {}", offering.code, offering.title)
        };
        line(format!("SUMMARY:{}", escape(&summary)));
        let place: Vec<&str> = [
            session.venue.as_deref(),
            session.city.as_deref(),
            session.country.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !place.is_empty() {
            line(format!("LOCATION:{}", escape(&place.join(", "))));
        }
        line(format!(
            "DESCRIPTION:{}",
            escape(&locale.format(
                Key::CalendarDescription,
                &[
                    ("title", offering.title),
                    ("host", offering.host_agency),
                    ("zone", &session.timezone),
                ],
            ))
        ));
        line(format!(
            "STATUS:{}",
            if offering.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }
        ));
        line(format!("X-PICAP-OFFERING:{}", offering.id));
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_are_folded_between_characters() {
        assert_eq!(
            escape("Lima, Perú; sala 2\nPiso 3"),
            "Lima\\, Perú\\; sala 2\\nPiso 3"
        );
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "é".repeat(60)), &mut out);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.trim_end().replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}", "é".repeat(60)));
    }
}
