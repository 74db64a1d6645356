//! The offering form between two posts: what was typed, its session rows, and what the person
//! asked for (save, one more session row, one row less).
//!
//! The form works without JavaScript, so adding or removing a session row is a post too: the
//! server keeps everything typed (`forms::flash`), changes the rows, and sends the browser back
//! to the form. These functions decide what the rows become; they do no I/O.

use std::collections::BTreeMap;

use super::super::dto::OfferingView;

/// The form's name for the values it keeps across a post (its server function's endpoint).
pub const FORM: &str = "save_offering";

/// The most session rows the form shows: as many as an offering may have sessions
/// (`rules::MAX_SESSIONS`).
pub const MAX_ROWS: usize = 40;

/// The offering fields the form shows as typed text, in form order.
pub const FIELDS: [&str; 15] = [
    "module_id",
    "starts_on",
    "ends_on",
    "enrollment_opens",
    "enrollment_closes",
    "capacity",
    "language",
    "country",
    "host_agency",
    "enrollment_policy",
    "status",
    "quota_affiliation",
    "quota_min_percent",
    "quota_max_per_agency",
    "quota_max_per_country",
];

/// One session row of the offering form: a local date-time in its IANA zone.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionRow {
    /// The existing session's id, when editing (its calendar entry keeps its UID).
    #[serde(default)]
    pub id: String,
    /// `onsite` or `distance`.
    #[serde(default)]
    pub kind: String,
    /// `YYYY-MM-DDTHH:MM`, local to `timezone`.
    #[serde(default)]
    pub starts: String,
    /// `YYYY-MM-DDTHH:MM`, local to `timezone`.
    #[serde(default)]
    pub ends: String,
    /// IANA zone.
    #[serde(default)]
    pub timezone: String,
    /// Where an on-site session meets.
    #[serde(default)]
    pub venue: String,
    /// The venue's city.
    #[serde(default)]
    pub city: String,
    /// ISO code of the venue's country.
    #[serde(default)]
    pub country: String,
    /// A live session's meeting link.
    #[serde(default)]
    pub meeting_url: String,
}

/// Separates a row's parts when it is kept as one value: a tab cannot be typed into a one-line
/// field, and the few pasted ones become spaces.
const SEPARATOR: char = '\t';

impl SessionRow {
    /// Whether nothing was typed into the row. Kind, zone and country are lists that come with
    /// a choice made in advance, so they alone do not make a session.
    pub fn is_blank(&self) -> bool {
        [
            &self.id,
            &self.starts,
            &self.ends,
            &self.venue,
            &self.city,
            &self.meeting_url,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }

    // Used by the server function only: the browser build never saves.
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    /// The row as one value, long free text last: a kept value may be cut (`forms::keep_typed`
    /// keeps up to 1,000 characters, fewer when the form is very long), and then only the end of
    /// a very long venue is lost.
    fn keep(&self) -> String {
        [
            &self.id,
            &self.kind,
            &self.starts,
            &self.ends,
            &self.timezone,
            &self.country,
            &self.city,
            &self.meeting_url,
            &self.venue,
        ]
        .iter()
        .map(|v| v.replace(SEPARATOR, " "))
        .collect::<Vec<_>>()
        .join(&SEPARATOR.to_string())
    }

    /// The row back from [`SessionRow::keep`].
    fn from_kept(text: &str) -> SessionRow {
        let mut parts = text.split(SEPARATOR).map(str::to_string);
        let mut next = || parts.next().unwrap_or_default();
        let (id, kind, starts, ends, timezone, country, city, meeting_url) = (
            next(),
            next(),
            next(),
            next(),
            next(),
            next(),
            next(),
            next(),
        );
        SessionRow {
            id,
            kind,
            starts,
            ends,
            timezone,
            country,
            city,
            meeting_url,
            venue: next(),
        }
    }

    /// The row as the offering rules read it: times stay wall times in the row's zone, which
    /// the rules read (and refuse on the right field when the zone is wrong).
    #[cfg(feature = "ssr")]
    pub fn into_input(self) -> super::super::rules::SessionInput {
        let given = |s: String| (!s.trim().is_empty()).then_some(s);
        super::super::rules::SessionInput {
            id: self.id.trim().parse().ok(),
            kind: self.kind,
            starts_at: self.starts,
            ends_at: self.ends,
            timezone: self.timezone,
            venue: given(self.venue),
            city: given(self.city),
            country: given(self.country),
            meeting_url: given(self.meeting_url),
        }
    }
}

/// What a post of the offering form asks for: the value of the button that sent it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Save the offering (the main button, and Enter in a field).
    Save,
    /// Show the form again with one more empty session row.
    AddSession,
    /// Show the form again without the session row at this place (from 0).
    RemoveSession(usize),
}

impl Intent {
    const ADD: &str = "add_session";
    const REMOVE: &str = "remove_session:";

    // Used by the server function only: the browser build never saves.
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    /// The intent a post carries; a missing or unknown value saves, as Enter in a field does.
    pub fn from_form(value: Option<&str>) -> Intent {
        match value.map(str::trim) {
            Some(Intent::ADD) => Intent::AddSession,
            Some(v) => v
                .strip_prefix(Intent::REMOVE)
                .and_then(|i| i.parse().ok())
                .map_or(Intent::Save, Intent::RemoveSession),
            None => Intent::Save,
        }
    }

    /// The `value` of the button that asks for this.
    pub fn value(self) -> String {
        match self {
            Intent::Save => "save".to_string(),
            Intent::AddSession => Intent::ADD.to_string(),
            Intent::RemoveSession(i) => format!("{}{i}", Intent::REMOVE),
        }
    }
}

/// The offering form as typed (everything as text), to show it again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypedOffering {
    /// [`FIELDS`] by name; a missing one is empty.
    pub fields: BTreeMap<String, String>,
    /// Ids of the instructors ticked.
    pub instructors: Vec<i64>,
    /// The session rows, in form order.
    pub sessions: Vec<SessionRow>,
}

impl TypedOffering {
    /// The form filled in from a saved offering (its sessions' times as wall times in their
    /// zone).
    pub fn from_view(o: &OfferingView) -> TypedOffering {
        let shown = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
        let values = [
            o.module_id.to_string(),
            o.starts_on.clone(),
            o.ends_on.clone(),
            o.enrollment_opens.clone(),
            o.enrollment_closes.clone(),
            o.capacity.to_string(),
            o.language.clone(),
            o.country.clone(),
            o.host_agency.clone(),
            o.enrollment_policy.clone(),
            o.status.clone(),
            o.quotas.affiliation.clone().unwrap_or_default(),
            shown(o.quotas.min_percent),
            shown(o.quotas.max_per_agency),
            shown(o.quotas.max_per_country),
        ];
        // `datetime-local` wants the wall time: the first 16 characters of the RFC 3339 time,
        // which the view already gives in the session's own zone.
        let wall = |t: &str| t.chars().take(16).collect::<String>();
        TypedOffering {
            fields: FIELDS
                .iter()
                .zip(values)
                .map(|(name, value)| (name.to_string(), value))
                .collect(),
            instructors: o.instructor_ids.clone(),
            sessions: o
                .sessions
                .iter()
                .map(|s| SessionRow {
                    id: s.id.to_string(),
                    kind: s.kind.clone(),
                    starts: wall(&s.starts_at),
                    ends: wall(&s.ends_at),
                    timezone: s.timezone.clone(),
                    venue: s.venue.clone().unwrap_or_default(),
                    city: s.city.clone().unwrap_or_default(),
                    country: s.country.clone().unwrap_or_default(),
                    meeting_url: s.meeting_url.clone().unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// The typed value of one of [`FIELDS`].
    pub fn field(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }

    // Used by the server function only: the browser build never saves.
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    /// The rows after `intent`: one more empty row, one row less, or, to save, the rows with
    /// something typed in them (empty rows are the spare ones the form always shows).
    pub fn apply(&mut self, intent: Intent) {
        match intent {
            Intent::AddSession if self.sessions.len() >= MAX_ROWS => {}
            Intent::AddSession => self.sessions.push(SessionRow {
                kind: "onsite".into(),
                ..SessionRow::default()
            }),
            Intent::RemoveSession(i) if i < self.sessions.len() => {
                self.sessions.remove(i);
            }
            Intent::RemoveSession(_) => {}
            Intent::Save => self.sessions.retain(|row| !row.is_blank()),
        }
    }

    // Used by the server function only: the browser build never saves.
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    /// Everything typed, as (name, value) pairs to keep across the post: the fields that hold
    /// something, the instructors, and one value per session row.
    pub fn kept(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .fields
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        out.push(("rows".into(), self.sessions.len().to_string()));
        if !self.instructors.is_empty() {
            let ids: Vec<String> = self.instructors.iter().map(i64::to_string).collect();
            out.push(("instructors".into(), ids.join(",")));
        }
        for (i, row) in self.sessions.iter().enumerate() {
            out.push((format!("s{i}"), row.keep()));
        }
        out
    }

    /// The form back from [`TypedOffering::kept`].
    pub fn from_kept(values: &BTreeMap<String, String>) -> TypedOffering {
        let rows: usize = values
            .get("rows")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
            .min(MAX_ROWS);
        TypedOffering {
            fields: FIELDS
                .iter()
                .filter_map(|name| values.get(*name).map(|v| (name.to_string(), v.clone())))
                .collect(),
            instructors: values
                .get("instructors")
                .map(|ids| ids.split(',').filter_map(|id| id.parse().ok()).collect())
                .unwrap_or_default(),
            sessions: (0..rows)
                .map(|i| {
                    values
                        .get(&format!("s{i}"))
                        .map(|text| SessionRow::from_kept(text))
                        .unwrap_or_default()
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(starts: &str, venue: &str) -> SessionRow {
        SessionRow {
            kind: "onsite".into(),
            starts: starts.into(),
            ends: starts.into(),
            timezone: "America/Lima".into(),
            venue: venue.into(),
            city: "Lima".into(),
            country: "PE".into(),
            ..SessionRow::default()
        }
    }

    fn typed() -> TypedOffering {
        TypedOffering {
            fields: [
                ("module_id", "3"),
                ("host_agency", "Policía\tNacional"),
                ("capacity", ""),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
            instructors: vec![4, 9],
            sessions: vec![
                row("2027-03-01T09:00", "Escuela"),
                SessionRow::default(),
                row("2027-03-02T09:00", "Aula\t3"),
            ],
        }
    }

    #[test]
    fn intents_come_from_the_button_that_sent_the_form() {
        let cases = [
            (None, Intent::Save),
            (Some("save"), Intent::Save),
            (Some("add_session"), Intent::AddSession),
            (Some("remove_session:2"), Intent::RemoveSession(2)),
            (Some("remove_session:x"), Intent::Save),
            (Some("delete everything"), Intent::Save),
        ];
        for (value, intent) in cases {
            assert_eq!(Intent::from_form(value), intent, "{value:?}");
            if value.is_some_and(|v| v != "delete everything" && !v.ends_with('x')) {
                assert_eq!(Intent::from_form(Some(&intent.value())), intent);
            }
        }
    }

    #[test]
    fn rows_change_as_asked_and_nothing_typed_is_lost() {
        // (intent, starts of the rows after it)
        let cases: [(Intent, &[&str]); 5] = [
            (
                Intent::AddSession,
                &["2027-03-01T09:00", "", "2027-03-02T09:00", ""],
            ),
            (Intent::RemoveSession(0), &["", "2027-03-02T09:00"]),
            (
                Intent::RemoveSession(1),
                &["2027-03-01T09:00", "2027-03-02T09:00"],
            ),
            (
                Intent::RemoveSession(7),
                &["2027-03-01T09:00", "", "2027-03-02T09:00"],
            ),
            (Intent::Save, &["2027-03-01T09:00", "2027-03-02T09:00"]),
        ];
        for (intent, starts) in cases {
            let mut form = typed();
            form.apply(intent);
            let found: Vec<&str> = form.sessions.iter().map(|r| r.starts.as_str()).collect();
            assert_eq!(found, starts, "{intent:?}");
            assert_eq!(form.fields, typed().fields, "{intent:?} keeps the fields");
            assert_eq!(form.instructors, [4, 9]);
        }
    }

    #[test]
    fn kept_values_come_back_as_typed() {
        let form = typed();
        let kept: BTreeMap<String, String> = form.kept().into_iter().collect();
        assert!(!kept.contains_key("capacity"), "empty fields take no room");
        let back = TypedOffering::from_kept(&kept);
        assert_eq!(back.field("module_id"), "3");
        assert_eq!(back.field("host_agency"), "Policía\tNacional");
        assert_eq!(back.instructors, [4, 9]);
        assert_eq!(back.sessions.len(), 3);
        assert_eq!(back.sessions[0], form.sessions[0]);
        assert!(back.sessions[1].is_blank());
        assert_eq!(
            back.sessions[2].venue, "Aula 3",
            "a pasted tab becomes a space"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_form_offers_as_many_rows_as_an_offering_may_have_sessions() {
        assert_eq!(MAX_ROWS, super::super::super::rules::MAX_SESSIONS);
        let mut form = TypedOffering::default();
        for _ in 0..MAX_ROWS + 3 {
            form.apply(Intent::AddSession);
        }
        assert_eq!(form.sessions.len(), MAX_ROWS);
    }

    #[test]
    fn a_row_with_only_its_lists_chosen_is_blank() {
        let cases = [
            (SessionRow::default(), true),
            (
                SessionRow {
                    kind: "distance".into(),
                    timezone: "America/Lima".into(),
                    country: "PE".into(),
                    ..SessionRow::default()
                },
                true,
            ),
            (
                SessionRow {
                    city: "Lima".into(),
                    ..SessionRow::default()
                },
                false,
            ),
            (
                SessionRow {
                    id: "12".into(),
                    ..SessionRow::default()
                },
                false,
            ),
        ];
        for (row, blank) in cases {
            assert_eq!(row.is_blank(), blank, "{row:?}");
        }
    }
}
