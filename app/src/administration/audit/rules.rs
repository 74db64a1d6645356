//! The audit log's filter, read and checked without I/O.

use chrono::{Days, NaiveDate, NaiveTime, TimeZone, Utc};

use super::dto::AuditQuery;
use crate::i18n::Key;

/// Events per page unless asked otherwise, and the most a page may hold.
pub const PER_PAGE: u64 = 50;
/// The most events a page may hold (the API refuses more).
pub const MAX_PER_PAGE: u64 = 200;

/// Whom the filter looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersonKey {
    /// An account id.
    Id(i64),
    /// A sign-in address, lower-cased (addresses are stored so).
    Email(String),
}

/// A checked filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditFilter {
    /// Events by or about this person.
    pub person: Option<PersonKey>,
    /// Events with this code.
    pub action: Option<String>,
    /// Events at or after this instant.
    pub since: Option<chrono::DateTime<Utc>>,
    /// Events before this instant (the day after the last day asked for).
    pub before: Option<chrono::DateTime<Utc>>,
    /// Page, from 1.
    pub page: u64,
    /// Events per page.
    pub per_page: u64,
}

/// A filter field's value, trimmed; none when blank.
fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Reads `query`, or says which fields are wrong.
pub fn parse(query: &AuditQuery) -> Result<AuditFilter, Vec<(&'static str, Key)>> {
    let mut problems = Vec::new();
    let person = text(&query.person).map(|p| match p.parse::<i64>() {
        Ok(id) => Some(PersonKey::Id(id)),
        Err(_) if p.contains('@') && !p.contains(char::is_whitespace) => {
            Some(PersonKey::Email(p.to_lowercase()))
        }
        Err(_) => {
            problems.push(("person", Key::AuditPersonInvalid));
            None
        }
    });
    let action = text(&query.action).map(str::to_string);
    if action
        .as_deref()
        .is_some_and(|a| a.len() > 64 || !a.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
    {
        problems.push(("action", Key::AuditActionInvalid));
    }
    let mut day = |field: &'static str, value: &Option<String>| {
        text(value).and_then(|v| match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                problems.push((field, Key::AuditDateInvalid));
                None
            }
        })
    };
    let from = day("from", &query.from);
    let to = day("to", &query.to);
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        problems.push(("to", Key::AuditRangeReversed));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let midnight = |d: NaiveDate| Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN));
    Ok(AuditFilter {
        person: person.flatten(),
        action,
        since: from.map(midnight),
        before: to
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .map(midnight),
        page: query.page.unwrap_or(1).clamp(1, crate::db::MAX_PAGE),
        per_page: query.per_page.unwrap_or(PER_PAGE).clamp(1, MAX_PER_PAGE),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(person: &str, action: &str, from: &str, to: &str) -> AuditQuery {
        let some = |v: &str| Some(v.to_string());
        AuditQuery {
            person: some(person),
            action: some(action),
            from: some(from),
            to: some(to),
            page: None,
            per_page: None,
        }
    }

    #[test]
    fn filters_are_read_or_refused_by_field() {
        let ok = |q: AuditQuery| {
            parse(&q).map_err(|p| p.into_iter().map(|(f, _)| f).collect::<Vec<_>>())
        };
        let cases: &[(AuditQuery, Result<(), Vec<&str>>)] = &[
            (query("", "", "", ""), Ok(())),
            (
                query("42", "role_change", "2027-01-01", "2027-01-31"),
                Ok(()),
            ),
            (query(" Ana@PNP.gob.pe ", "", "", ""), Ok(())),
            (query("Ana Soto", "", "", ""), Err(vec!["person"])),
            (query("", "DROP TABLE", "", ""), Err(vec!["action"])),
            (query("", "", "2027-13-01", ""), Err(vec!["from"])),
            (query("", "", "", "yesterday"), Err(vec!["to"])),
            (query("", "", "2027-02-01", "2027-01-01"), Err(vec!["to"])),
            (
                query("x", "A", "no", "no"),
                Err(vec!["person", "action", "from", "to"]),
            ),
        ];
        for (q, expected) in cases {
            assert_eq!(ok(q.clone()).map(|_| ()), *expected, "{q:?}");
        }
    }

    #[test]
    fn days_are_whole_and_inclusive() {
        let f = parse(&query(
            "Ana@PNP.gob.pe",
            "login",
            "2027-01-01",
            "2027-01-31",
        ))
        .unwrap();
        assert_eq!(f.person, Some(PersonKey::Email("ana@pnp.gob.pe".into())));
        assert_eq!(f.since.unwrap().to_rfc3339(), "2027-01-01T00:00:00+00:00");
        assert_eq!(f.before.unwrap().to_rfc3339(), "2027-02-01T00:00:00+00:00");
        assert_eq!((f.page, f.per_page), (1, PER_PAGE));
        let big = AuditQuery {
            page: Some(0),
            per_page: Some(10_000),
            ..Default::default()
        };
        let f = parse(&big).unwrap();
        assert_eq!((f.page, f.per_page), (1, 200));
    }
}
