//! Pure catalog rules: what a module and an offering must be, and prerequisite cycles.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use crate::i18n::{Key, Locale};

/// One refused field: its name and the translated reason.
pub type FieldProblem = (&'static str, Key);

pub use super::session_rules::{MAX_SESSIONS, SessionPart, session_field};

macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code in the database and the API.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code (any case, surrounding spaces ignored).
            pub fn from_code(code: &str) -> Option<Self> {
                let code = code.trim();
                Self::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(code))
            }
        }
    };
}

code_enum!(
    /// How a module is taught.
    DeliveryMode {
        /// In a classroom.
        Onsite => "onsite",
        /// At a distance.
        Distance => "distance",
        /// Both.
        Blended => "blended",
    }
);

code_enum!(
    /// Whom a module is for.
    Audience {
        /// Police officers.
        Police => "police",
        /// Civilians with public-security responsibilities.
        Civilian => "civilian",
        /// Both.
        Both => "both",
    }
);

code_enum!(
    /// Where a module or programme is in its life.
    CatalogStatus {
        /// Being prepared; not public.
        Draft => "draft",
        /// In the public catalog.
        Published => "published",
        /// No longer offered; kept for records.
        Archived => "archived",
    }
);

code_enum!(
    /// How demanding a module is.
    Level {
        /// No prior training needed.
        Introductory => "introductory",
        /// Builds on introductory modules.
        Intermediate => "intermediate",
        /// For specialists and managers.
        Advanced => "advanced",
    }
);

code_enum!(
    /// Where an offering is in its life.
    OfferingStatus {
        /// Being prepared; not public.
        Draft => "draft",
        /// Public; enrolment follows its window.
        Published => "published",
        /// Will not take place.
        Cancelled => "cancelled",
        /// Has taken place.
        Completed => "completed",
    }
);

code_enum!(
    /// How people get a seat in an offering.
    EnrollmentPolicy {
        /// Trainees apply and get a seat while there is one.
        Open => "open",
        /// Agencies nominate; the coordinator endorses and an administrator accepts.
        Nomination => "nomination",
    }
);

code_enum!(
    /// What kind of teaching session.
    SessionKind {
        /// A meeting at a venue.
        Onsite => "onsite",
        /// A window of distance learning.
        Distance => "distance",
    }
);

/// A module as typed or sent, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ModuleInput {
    /// Unique code such as `PICAP-HR-101`.
    pub code: String,
    /// Language → title.
    pub title: BTreeMap<String, String>,
    /// Language → summary.
    #[serde(default)]
    pub summary: BTreeMap<String, String>,
    /// Topic codes.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Career credits.
    pub credits: i32,
    /// Contact hours.
    pub hours: i32,
    /// `introductory`, `intermediate` or `advanced`.
    #[serde(default = "default_level")]
    pub level: String,
    /// `onsite`, `distance` or `blended`.
    pub delivery_mode: String,
    /// `police`, `civilian` or `both`.
    pub audience: String,
    /// Codes of modules to complete first.
    #[serde(default)]
    pub prerequisites: Vec<String>,
    /// `draft`, `published` or `archived`.
    #[serde(default = "default_status")]
    pub status: String,
    /// The agency that builds and owns the module (its id in the registry), if stated.
    #[serde(default)]
    pub organising_agency_id: Option<i64>,
}

fn default_level() -> String {
    Level::Introductory.code().to_string()
}

fn default_status() -> String {
    CatalogStatus::Draft.code().to_string()
}

/// A checked module (topics and prerequisites still to be matched against the catalog).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleDraft {
    /// Upper-case code.
    pub code: String,
    /// Language → title, trimmed, at least one.
    pub title: BTreeMap<Locale, String>,
    /// Language → summary, trimmed.
    pub summary: BTreeMap<Locale, String>,
    /// Topic codes, deduplicated.
    pub topics: Vec<String>,
    /// 0–60.
    pub credits: i32,
    /// 1–2000.
    pub hours: i32,
    /// Level.
    pub level: Level,
    /// Delivery mode.
    pub delivery_mode: DeliveryMode,
    /// Audience.
    pub audience: Audience,
    /// Upper-case codes, deduplicated.
    pub prerequisites: Vec<String>,
    /// Status.
    pub status: CatalogStatus,
}

/// Whether `code` looks like `PICAP-HR-101`: upper-case letters and digits in two to four
/// dash-separated parts, at most 40 characters.
pub fn valid_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    code.len() <= 40
        && (2..=4).contains(&parts.len())
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 12
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        && parts[0]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
}

fn localized(
    map: &BTreeMap<String, String>,
    field: &'static str,
    max: usize,
    problems: &mut Vec<FieldProblem>,
    key: Key,
) -> BTreeMap<Locale, String> {
    let mut out = BTreeMap::new();
    for (lang, text) in map {
        let text = text.trim();
        match Locale::from_code(lang) {
            Some(locale)
                if text.chars().count() <= max
                    && !text.chars().any(|c| c.is_control() && c != '\n') =>
            {
                if !text.is_empty() {
                    out.insert(locale, text.to_string());
                }
            }
            _ => {
                problems.push((field, key));
                return out;
            }
        }
    }
    out
}

impl ModuleInput {
    /// Checks every field, reporting all problems at once.
    pub fn parse(&self) -> Result<ModuleDraft, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let code = self.code.trim().to_uppercase();
        if !valid_code(&code) {
            problems.push(("code", Key::ModuleCodeInvalid));
        }
        let title = localized(
            &self.title,
            "title",
            200,
            &mut problems,
            Key::ModuleTitleInvalid,
        );
        if title.is_empty() && !problems.iter().any(|(f, _)| *f == "title") {
            problems.push(("title", Key::ModuleTitleInvalid));
        }
        let summary = localized(
            &self.summary,
            "summary",
            4000,
            &mut problems,
            Key::ModuleSummaryInvalid,
        );
        if !(0..=60).contains(&self.credits) {
            problems.push(("credits", Key::ModuleCreditsInvalid));
        }
        if !(1..=2000).contains(&self.hours) {
            problems.push(("hours", Key::ModuleHoursInvalid));
        }
        let level = Level::from_code(&self.level);
        if level.is_none() {
            problems.push(("level", Key::ModuleLevelInvalid));
        }
        let delivery_mode = DeliveryMode::from_code(&self.delivery_mode);
        if delivery_mode.is_none() {
            problems.push(("delivery_mode", Key::ModuleModeInvalid));
        }
        let audience = Audience::from_code(&self.audience);
        if audience.is_none() {
            problems.push(("audience", Key::ModuleAudienceInvalid));
        }
        let status = CatalogStatus::from_code(&self.status);
        if status.is_none() {
            problems.push(("status", Key::ModuleStatusInvalid));
        }
        let mut topics: Vec<String> = self
            .topics
            .iter()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        topics.sort();
        topics.dedup();
        let mut prerequisites: Vec<String> = self
            .prerequisites
            .iter()
            .map(|p| p.trim().to_uppercase())
            .filter(|p| !p.is_empty())
            .collect();
        prerequisites.sort();
        prerequisites.dedup();
        if prerequisites.contains(&code) {
            problems.push(("prerequisites", Key::ModulePrerequisiteSelf));
        }
        match (level, delivery_mode, audience, status) {
            (Some(level), Some(delivery_mode), Some(audience), Some(status))
                if problems.is_empty() =>
            {
                Ok(ModuleDraft {
                    code,
                    title,
                    summary,
                    topics,
                    credits: self.credits,
                    hours: self.hours,
                    level,
                    delivery_mode,
                    audience,
                    prerequisites,
                    status,
                })
            }
            _ => Err(problems),
        }
    }
}

/// If giving `module` the `prerequisites` would close a loop in the existing prerequisite graph
/// (`graph`: module code → its prerequisite codes), the loop, starting and ending at `module`.
pub fn find_cycle(
    graph: &HashMap<String, Vec<String>>,
    module: &str,
    prerequisites: &[String],
) -> Option<Vec<String>> {
    // Depth-first from each new prerequisite along existing edges, looking for `module`.
    fn walk(
        graph: &HashMap<String, Vec<String>>,
        target: &str,
        at: &str,
        path: &mut Vec<String>,
        seen: &mut HashSet<String>,
    ) -> bool {
        path.push(at.to_string());
        if at == target {
            return true;
        }
        if seen.insert(at.to_string()) {
            for next in graph.get(at).into_iter().flatten() {
                if walk(graph, target, next, path, seen) {
                    return true;
                }
            }
        }
        path.pop();
        false
    }
    let mut seen = HashSet::new();
    for first in prerequisites {
        let mut path = vec![module.to_string()];
        if walk(graph, module, first, &mut path, &mut seen) {
            return Some(path);
        }
    }
    None
}

/// A teaching session as typed or sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionInput {
    /// An existing session's id, to change it in place (its calendar entry keeps its UID).
    #[serde(default)]
    pub id: Option<i64>,
    /// `onsite` or `distance`.
    pub kind: String,
    /// RFC 3339 with offset, or the wall time in `timezone` (`2027-03-01T09:00`).
    pub starts_at: String,
    /// RFC 3339 with offset, or the wall time in `timezone` (`2027-03-01T09:00`).
    pub ends_at: String,
    /// IANA time zone, one of [`super::zones`], such as `America/Lima`.
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
}

/// An offering as typed or sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OfferingInput {
    /// The module it runs.
    pub module_id: i64,
    /// ISO 8601 date.
    pub starts_on: String,
    /// ISO 8601 date.
    pub ends_on: String,
    /// ISO 8601 date.
    pub enrollment_opens: String,
    /// ISO 8601 date.
    pub enrollment_closes: String,
    /// Seats.
    pub capacity: i32,
    /// Teaching language.
    pub language: String,
    /// Host country.
    pub country: String,
    /// Host agency.
    pub host_agency: String,
    /// `open` or `nomination`.
    pub enrollment_policy: String,
    /// Instructors' account ids.
    #[serde(default)]
    pub instructor_ids: Vec<i64>,
    /// Teaching sessions.
    #[serde(default)]
    pub sessions: Vec<SessionInput>,
    /// `draft`, `published`, `cancelled` or `completed`.
    #[serde(default = "default_status")]
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

/// Trimmed text cut at `max` characters; `None` when blank.
pub(super) fn optional_text(value: &Option<String>, max: usize) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| v.chars().take(max).collect())
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
    /// place in the list (`sessions[1].timezone`, see [`session_field`]), so that a form shows
    /// the reason on that very field.
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

    fn module() -> ModuleInput {
        ModuleInput {
            code: "picap-hr-101".into(),
            title: BTreeMap::from([
                ("en".into(), "Policing and human rights".into()),
                ("es".into(), "Función policial y derechos humanos".into()),
            ]),
            summary: BTreeMap::new(),
            topics: vec!["human_rights".into(), "human_rights".into()],
            credits: 3,
            hours: 40,
            level: "introductory".into(),
            delivery_mode: "blended".into(),
            audience: "both".into(),
            prerequisites: vec![],
            status: "published".into(),
            organising_agency_id: None,
        }
    }

    #[test]
    fn a_valid_module_is_normalised() {
        let draft = module().parse().expect("valid");
        assert_eq!(draft.code, "PICAP-HR-101");
        assert_eq!(draft.topics, ["human_rights"]);
        assert_eq!(
            draft.title[&Locale::Es],
            "Función policial y derechos humanos"
        );
    }

    #[test]
    fn each_bad_module_field_is_named() {
        type Case = (fn(&mut ModuleInput), &'static str, Key);
        let cases: &[Case] = &[
            (|m| m.code = "hr 101".into(), "code", Key::ModuleCodeInvalid),
            (|m| m.code = "PICAP".into(), "code", Key::ModuleCodeInvalid),
            (
                |m| m.title = BTreeMap::new(),
                "title",
                Key::ModuleTitleInvalid,
            ),
            (
                |m| m.title = BTreeMap::from([("de".into(), "Menschenrechte".into())]),
                "title",
                Key::ModuleTitleInvalid,
            ),
            (|m| m.credits = -1, "credits", Key::ModuleCreditsInvalid),
            (|m| m.hours = 0, "hours", Key::ModuleHoursInvalid),
            (
                |m| m.level = "expert".into(),
                "level",
                Key::ModuleLevelInvalid,
            ),
            (
                |m| m.delivery_mode = "online".into(),
                "delivery_mode",
                Key::ModuleModeInvalid,
            ),
            (
                |m| m.audience = "military".into(),
                "audience",
                Key::ModuleAudienceInvalid,
            ),
            (
                |m| m.status = "live".into(),
                "status",
                Key::ModuleStatusInvalid,
            ),
            (
                |m| m.prerequisites = vec!["picap-hr-101".into()],
                "prerequisites",
                Key::ModulePrerequisiteSelf,
            ),
        ];
        for (spoil, field, key) in cases {
            let mut input = module();
            spoil(&mut input);
            assert_eq!(input.parse(), Err(vec![(*field, *key)]), "{field}");
        }
    }

    #[test]
    fn cycles_are_found_and_named() {
        let graph: HashMap<String, Vec<String>> = HashMap::from([
            ("B".to_string(), vec!["A".to_string()]),
            ("C".to_string(), vec!["B".to_string()]),
            ("D".to_string(), vec![]),
        ]);
        type Case<'a> = (&'a str, &'a [&'a str], Option<&'a [&'a str]>);
        let cases: &[Case] = &[
            ("A", &["C"], Some(&["A", "C", "B", "A"])),
            ("A", &["D"], None),
            ("D", &["C"], None),
            ("A", &["B"], Some(&["A", "B", "A"])),
            ("E", &["C", "D"], None),
        ];
        for (module, prerequisites, expected) in cases {
            let prerequisites: Vec<String> = prerequisites.iter().map(|s| s.to_string()).collect();
            let found = find_cycle(&graph, module, &prerequisites);
            let expected =
                expected.map(|path| path.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(found, expected, "{module} after {prerequisites:?}");
        }
    }

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

/// A module's place in a programme, as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProgrammeModuleInput {
    /// The module's code.
    pub code: String,
    /// Required (true) or elective.
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

/// A programme as typed or sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProgrammeInput {
    /// Unique code, such as `PICAP-PSM`.
    pub code: String,
    /// Language → title.
    pub title: BTreeMap<String, String>,
    /// Language → description.
    #[serde(default)]
    pub description: BTreeMap<String, String>,
    /// Credits needed to complete it.
    pub credits_required: i32,
    /// Its modules, in order.
    #[serde(default)]
    pub modules: Vec<ProgrammeModuleInput>,
    /// `draft`, `published` or `archived`.
    #[serde(default = "default_status")]
    pub status: String,
}

/// A checked programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeDraft {
    /// Upper-case code.
    pub code: String,
    /// Titles.
    pub title: BTreeMap<Locale, String>,
    /// Descriptions.
    pub description: BTreeMap<Locale, String>,
    /// 1–300.
    pub credits_required: i32,
    /// (upper-case code, required), in order, without repeats.
    pub modules: Vec<(String, bool)>,
    /// Status.
    pub status: CatalogStatus,
}

impl ProgrammeInput {
    /// Checks every field, reporting all problems at once.
    pub fn parse(&self) -> Result<ProgrammeDraft, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let code = self.code.trim().to_uppercase();
        // A programme's code may be a single part, such as `PICAP` or `PSM`.
        let single_part = (2..=12).contains(&code.len())
            && code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !(valid_code(&code) || single_part) {
            problems.push(("code", Key::ModuleCodeInvalid));
        }
        let title = localized(
            &self.title,
            "title",
            200,
            &mut problems,
            Key::ModuleTitleInvalid,
        );
        if title.is_empty() && !problems.iter().any(|(f, _)| *f == "title") {
            problems.push(("title", Key::ModuleTitleInvalid));
        }
        let description = localized(
            &self.description,
            "description",
            4000,
            &mut problems,
            Key::ModuleSummaryInvalid,
        );
        if !(1..=300).contains(&self.credits_required) {
            problems.push(("credits_required", Key::ProgrammeCreditsInvalid));
        }
        let mut modules: Vec<(String, bool)> = Vec::new();
        for m in &self.modules {
            let code = m.code.trim().to_uppercase();
            if !modules.iter().any(|(c, _)| *c == code) {
                modules.push((code, m.required));
            }
        }
        let status = CatalogStatus::from_code(&self.status);
        if status.is_none() {
            problems.push(("status", Key::ModuleStatusInvalid));
        }
        match status {
            Some(status) if problems.is_empty() => Ok(ProgrammeDraft {
                code,
                title,
                description,
                credits_required: self.credits_required,
                modules,
                status,
            }),
            _ => Err(problems),
        }
    }
}
