//! What an offering must be: its input and its sessions' as typed or sent, and the checked
//! drafts. A session's own fields are checked in `catalog::session_rules`.

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    EnrollmentPolicy, FieldProblem, MAX_SESSIONS, OfferingStatus, SessionKind, default_status,
};
use crate::i18n::{Key, Locale};

/// A teaching session as typed or sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionInput {
    /// An existing session's id, to change it in place (its calendar entry keeps its UID).
    #[serde(default)]
    pub id: Option<i64>,
    /// A meeting at a venue, or a window of distance learning.
    #[cfg_attr(feature = "ssr", schema(value_type = SessionKind))]
    pub kind: String,
    /// RFC 3339 with offset, or the wall time in `timezone` (`2027-03-01T09:00`).
    pub starts_at: String,
    /// RFC 3339 with offset, or the wall time in `timezone` (`2027-03-01T09:00`).
    pub ends_at: String,
    /// IANA time zone, one of [`crate::catalog::zones`], such as `America/Lima`.
    pub timezone: String,
    /// Venue (on-site).
    #[serde(default)]
    pub venue: Option<String>,
    /// City (on-site).
    #[serde(default)]
    pub city: Option<String>,
    /// ISO country (on-site).
    #[serde(default)]
    pub country: Option<String>,
    /// A live online session's meeting link (`https://`), shown to enrolled trainees only.
    #[serde(default)]
    pub meeting_url: Option<String>,
}

/// An offering as typed or sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OfferingInput {
    /// The module it runs.
    pub module_id: i64,
    /// First day (ISO 8601 date).
    #[cfg_attr(feature = "ssr", schema(format = Date))]
    pub starts_on: String,
    /// Last day, not before the first.
    #[cfg_attr(feature = "ssr", schema(format = Date))]
    pub ends_on: String,
    /// Enrolment opens (ISO 8601 date).
    #[cfg_attr(feature = "ssr", schema(format = Date))]
    pub enrollment_opens: String,
    /// Enrolment closes: not before it opens, nor after the first day.
    #[cfg_attr(feature = "ssr", schema(format = Date))]
    pub enrollment_closes: String,
    /// Seats.
    #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 10_000))]
    pub capacity: i32,
    /// Teaching language.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::i18n::Locale))]
    pub language: String,
    /// Host country.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::accounts::countries::CountryCode))]
    pub country: String,
    /// Host agency (2 to 200 characters).
    #[cfg_attr(feature = "ssr", schema(min_length = 2, max_length = 200))]
    pub host_agency: String,
    /// How people get a seat.
    #[cfg_attr(feature = "ssr", schema(value_type = EnrollmentPolicy))]
    pub enrollment_policy: String,
    /// Instructors' account ids.
    #[serde(default)]
    pub instructor_ids: Vec<i64>,
    /// Teaching sessions.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_items = 40))]
    pub sessions: Vec<SessionInput>,
    /// Where it is in its life (default `draft`).
    #[serde(default = "default_status")]
    #[cfg_attr(feature = "ssr", schema(value_type = OfferingStatus))]
    pub status: String,
    /// Cohort quotas, all optional.
    #[serde(default)]
    pub quotas: crate::enrollment::Quotas,
}

/// A checked session, in UTC with its zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionDraft {
    /// The existing session this replaces, if any.
    pub id: Option<i64>,
    /// Kind.
    pub kind: SessionKind,
    /// Start, UTC.
    pub starts_at: DateTime<Utc>,
    /// End, UTC.
    pub ends_at: DateTime<Utc>,
    /// IANA zone name.
    pub timezone: String,
    /// Venue.
    pub venue: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// A live session's meeting link.
    pub meeting_url: Option<String>,
}

/// A checked offering (the module and instructors still to be matched against the database).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfferingDraft {
    /// Module id.
    pub module_id: i64,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Enrolment opens.
    pub enrollment_opens: NaiveDate,
    /// Enrolment closes.
    pub enrollment_closes: NaiveDate,
    /// Seats, at least one.
    pub capacity: i32,
    /// Teaching language.
    pub language: Locale,
    /// Host country code.
    pub country: String,
    /// Host agency.
    pub host_agency: String,
    /// Policy.
    pub enrollment_policy: EnrollmentPolicy,
    /// Instructors, deduplicated.
    pub instructor_ids: Vec<i64>,
    /// Sessions, by start.
    pub sessions: Vec<SessionDraft>,
    /// Status.
    pub status: OfferingStatus,
    /// Checked cohort quotas.
    pub quotas: crate::enrollment::Quotas,
}

fn date(text: &str, field: &'static str, problems: &mut Vec<FieldProblem>) -> Option<NaiveDate> {
    let parsed = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
    if parsed.is_none() {
        problems.push((field, Key::OfferingDateInvalid));
    }
    parsed
}

/// Quotas: a share needs both its affiliation and a percent from 1 to 100; maxima are at
/// least 1. Blank values mean "no rule".
fn parse_quotas(
    input: &crate::enrollment::Quotas,
    problems: &mut Vec<FieldProblem>,
) -> crate::enrollment::Quotas {
    let affiliation = input
        .affiliation
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string);
    if let Some(a) = &affiliation
        && a != "civilian"
        && a != "police"
    {
        problems.push(("quotas.affiliation", Key::QuotaAffiliationInvalid));
    }
    match (&affiliation, input.min_percent) {
        (Some(_), Some(p)) if (1..=100).contains(&p) => {}
        (None, None) => {}
        (None, Some(_)) => problems.push(("quotas.affiliation", Key::QuotaAffiliationInvalid)),
        _ => problems.push(("quotas.min_percent", Key::QuotaPercentInvalid)),
    }
    for (field, value) in [
        ("quotas.max_per_agency", input.max_per_agency),
        ("quotas.max_per_country", input.max_per_country),
    ] {
        if value.is_some_and(|v| v < 1) {
            problems.push((field, Key::QuotaMaxInvalid));
        }
    }
    crate::enrollment::Quotas {
        affiliation,
        min_percent: input.min_percent,
        max_per_agency: input.max_per_agency,
        max_per_country: input.max_per_country,
    }
}

impl OfferingInput {
    /// Checks every field, reporting all problems at once. A session's field is named with its
    /// place in the list (`sessions[1].timezone`, see [`session_field`](super::session_field)),
    /// so that a form shows the reason on that very field.
    pub fn parse(&self) -> Result<OfferingDraft, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let starts_on = date(&self.starts_on, "starts_on", &mut problems);
        let ends_on = date(&self.ends_on, "ends_on", &mut problems);
        let opens = date(&self.enrollment_opens, "enrollment_opens", &mut problems);
        let closes = date(&self.enrollment_closes, "enrollment_closes", &mut problems);
        if let (Some(start), Some(end)) = (starts_on, ends_on)
            && end < start
        {
            problems.push(("ends_on", Key::OfferingEndsBeforeStart));
        }
        if let (Some(opens), Some(closes)) = (opens, closes)
            && closes < opens
        {
            problems.push(("enrollment_closes", Key::OfferingClosesBeforeOpens));
        }
        if let (Some(start), Some(closes)) = (starts_on, closes)
            && closes > start
        {
            problems.push(("enrollment_closes", Key::OfferingClosesAfterStart));
        }
        if !(1..=10_000).contains(&self.capacity) {
            problems.push(("capacity", Key::OfferingCapacityInvalid));
        }
        let language = Locale::from_code(&self.language);
        if language.is_none() {
            problems.push(("language", Key::OfferingLanguageInvalid));
        }
        let country = crate::accounts::countries::find(&self.country).map(|c| c.code.to_string());
        if country.is_none() {
            problems.push(("country", Key::ProfileCountryInvalid));
        }
        let host_agency = self.host_agency.trim().to_string();
        if !(2..=200).contains(&host_agency.chars().count()) {
            problems.push(("host_agency", Key::ProfileAgencyInvalid));
        }
        let policy = EnrollmentPolicy::from_code(&self.enrollment_policy);
        if policy.is_none() {
            problems.push(("enrollment_policy", Key::OfferingPolicyInvalid));
        }
        let status = OfferingStatus::from_code(&self.status);
        if status.is_none() {
            problems.push(("status", Key::ModuleStatusInvalid));
        }
        let mut sessions = Vec::new();
        if self.sessions.len() > MAX_SESSIONS {
            problems.push(("sessions", Key::OfferingFormSessionsTooMany));
        }
        for (index, session) in self.sessions.iter().enumerate().take(MAX_SESSIONS) {
            match session.check(index) {
                Ok(s) => sessions.push(s),
                Err(found) => problems.extend(found),
            }
        }
        sessions.sort_by_key(|s| s.starts_at);
        let quotas = parse_quotas(&self.quotas, &mut problems);
        let mut instructor_ids = self.instructor_ids.clone();
        instructor_ids.sort_unstable();
        instructor_ids.dedup();
        match (
            starts_on, ends_on, opens, closes, language, country, policy, status,
        ) {
            (
                Some(starts_on),
                Some(ends_on),
                Some(enrollment_opens),
                Some(enrollment_closes),
                Some(language),
                Some(country),
                Some(enrollment_policy),
                Some(status),
            ) if problems.is_empty() => Ok(OfferingDraft {
                module_id: self.module_id,
                starts_on,
                ends_on,
                enrollment_opens,
                enrollment_closes,
                capacity: self.capacity,
                language,
                country,
                host_agency,
                enrollment_policy,
                instructor_ids,
                sessions,
                status,
                quotas,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offering() -> OfferingInput {
        OfferingInput {
            module_id: 1,
            starts_on: "2027-03-01".into(),
            ends_on: "2027-03-12".into(),
            enrollment_opens: "2027-01-10".into(),
            enrollment_closes: "2027-02-20".into(),
            capacity: 30,
            language: "es".into(),
            country: "pe".into(),
            host_agency: "Policía Nacional del Perú".into(),
            enrollment_policy: "open".into(),
            instructor_ids: vec![7, 7],
            sessions: vec![SessionInput {
                id: None,
                kind: "onsite".into(),
                starts_at: "2027-03-01T09:00:00-05:00".into(),
                ends_at: "2027-03-01T17:00:00-05:00".into(),
                timezone: "America/Lima".into(),
                venue: Some("Escuela de Oficiales".into()),
                city: Some("Lima".into()),
                country: Some("PE".into()),
                meeting_url: None,
            }],
            status: "published".into(),
            quotas: Default::default(),
        }
    }

    #[test]
    fn a_valid_offering_keeps_times_in_utc_with_their_zone() {
        let draft = offering().parse().expect("valid");
        assert_eq!(draft.instructor_ids, [7]);
        assert_eq!(draft.country, "PE");
        assert_eq!(
            draft.sessions[0].starts_at.to_rfc3339(),
            "2027-03-01T14:00:00+00:00"
        );
        assert_eq!(draft.sessions[0].timezone, "America/Lima");
    }

    #[test]
    fn each_bad_offering_field_is_named() {
        type Case = (fn(&mut OfferingInput), &'static str, Key);
        let cases: &[Case] = &[
            (
                |o| o.ends_on = "2027-02-28".into(),
                "ends_on",
                Key::OfferingEndsBeforeStart,
            ),
            (
                |o| o.enrollment_closes = "2027-03-02".into(),
                "enrollment_closes",
                Key::OfferingClosesAfterStart,
            ),
            (
                |o| o.enrollment_opens = "2027-02-21".into(),
                "enrollment_closes",
                Key::OfferingClosesBeforeOpens,
            ),
            (
                |o| o.starts_on = "1 March 2027".into(),
                "starts_on",
                Key::OfferingDateInvalid,
            ),
            (|o| o.capacity = 0, "capacity", Key::OfferingCapacityInvalid),
            (
                |o| {
                    o.quotas.affiliation = Some("judges".into());
                    o.quotas.min_percent = Some(30);
                },
                "quotas.affiliation",
                Key::QuotaAffiliationInvalid,
            ),
            (
                |o| o.quotas.min_percent = Some(30),
                "quotas.affiliation",
                Key::QuotaAffiliationInvalid,
            ),
            (
                |o| o.quotas.affiliation = Some("civilian".into()),
                "quotas.min_percent",
                Key::QuotaPercentInvalid,
            ),
            (
                |o| {
                    o.quotas.affiliation = Some("civilian".into());
                    o.quotas.min_percent = Some(101);
                },
                "quotas.min_percent",
                Key::QuotaPercentInvalid,
            ),
            (
                |o| o.quotas.max_per_agency = Some(0),
                "quotas.max_per_agency",
                Key::QuotaMaxInvalid,
            ),
            (
                |o| o.quotas.max_per_country = Some(-2),
                "quotas.max_per_country",
                Key::QuotaMaxInvalid,
            ),
            (
                |o| o.language = "de".into(),
                "language",
                Key::OfferingLanguageInvalid,
            ),
            (
                |o| o.country = "XX".into(),
                "country",
                Key::ProfileCountryInvalid,
            ),
            (
                |o| o.enrollment_policy = "lottery".into(),
                "enrollment_policy",
                Key::OfferingPolicyInvalid,
            ),
            (
                |o| o.sessions[0].timezone = "America/Atlantis".into(),
                "sessions[0].timezone",
                Key::OfferingFormSessionTimezoneUnknown,
            ),
            (
                // A real zone, but not one the programme holds sessions in.
                |o| o.sessions[0].timezone = "Asia/Tokyo".into(),
                "sessions[0].timezone",
                Key::OfferingFormSessionTimezoneUnknown,
            ),
            (
                |o| o.sessions[0].timezone = " ".into(),
                "sessions[0].timezone",
                Key::OfferingFormSessionTimezoneMissing,
            ),
            (
                // A wall time with an unknown zone: only the zone is wrong.
                |o| {
                    o.sessions[0].timezone = "Lima".into();
                    o.sessions[0].starts_at = "2027-03-01T09:00".into();
                },
                "sessions[0].timezone",
                Key::OfferingFormSessionTimezoneUnknown,
            ),
            (
                |o| o.sessions[0].ends_at = "2027-03-01T08:00:00-05:00".into(),
                "sessions[0].ends_at",
                Key::OfferingFormSessionEndsBeforeStart,
            ),
            (
                |o| o.sessions[0].starts_at = "2027-03-01 09:00".into(),
                "sessions[0].starts_at",
                Key::OfferingFormSessionStartsInvalid,
            ),
            (
                |o| o.sessions[0].starts_at = "".into(),
                "sessions[0].starts_at",
                Key::OfferingFormSessionStartsMissing,
            ),
            (
                |o| o.sessions[0].kind = "hybrid".into(),
                "sessions[0].kind",
                Key::OfferingFormSessionKindInvalid,
            ),
            (
                |o| o.sessions[0].venue = None,
                "sessions[0].venue",
                Key::OfferingFormSessionVenueMissing,
            ),
            (
                |o| o.sessions[0].city = Some("  ".into()),
                "sessions[0].city",
                Key::OfferingFormSessionCityMissing,
            ),
            (
                |o| o.sessions[0].country = None,
                "sessions[0].country",
                Key::OfferingFormSessionCountryMissing,
            ),
            (
                |o| o.sessions[0].country = Some("PER".into()),
                "sessions[0].country",
                Key::OfferingFormSessionCountryInvalid,
            ),
            (
                |o| {
                    o.sessions.push(o.sessions[0].clone());
                    o.sessions[1].timezone = "America/Atlantis".into();
                },
                "sessions[1].timezone",
                Key::OfferingFormSessionTimezoneUnknown,
            ),
            (
                |o| o.sessions = vec![o.sessions[0].clone(); MAX_SESSIONS + 1],
                "sessions",
                Key::OfferingFormSessionsTooMany,
            ),
        ];
        for (spoil, field, key) in cases {
            let mut input = offering();
            spoil(&mut input);
            assert_eq!(input.parse(), Err(vec![(*field, *key)]), "{field} {key:?}");
        }
    }
}
