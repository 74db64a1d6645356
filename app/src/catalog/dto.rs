//! Catalog shapes shared by pages, server functions and the JSON API.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

/// A topic of the vocabulary, named in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::FromQueryResult))]
pub struct TopicView {
    /// Stable code, such as `human_rights`.
    pub code: String,
    /// Name in the reader's language.
    pub name: String,
}

/// A module as the API sends and receives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleView {
    /// Id.
    pub id: i64,
    /// Unique code.
    pub code: String,
    /// Language → title.
    pub title: BTreeMap<String, String>,
    /// Language → summary.
    pub summary: BTreeMap<String, String>,
    /// Topic codes.
    pub topics: Vec<String>,
    /// Career credits.
    pub credits: i32,
    /// Contact hours.
    pub hours: i32,
    /// `introductory`, `intermediate` or `advanced`.
    pub level: String,
    /// `onsite`, `distance` or `blended`.
    pub delivery_mode: String,
    /// `police`, `civilian` or `both`.
    pub audience: String,
    /// Codes of the modules to complete first.
    pub prerequisites: Vec<String>,
    /// `draft`, `published` or `archived`.
    pub status: String,
    /// The agency that builds and owns the module, if stated.
    #[serde(default)]
    pub organising_agency_id: Option<i64>,
}

/// Catalog search filters (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleQuery {
    /// Words to find in code, titles, summaries and topic names (any language).
    pub q: Option<String>,
    /// A topic code.
    pub topic: Option<String>,
    /// `onsite`, `distance` or `blended`.
    pub mode: Option<String>,
    /// Teaching language of an upcoming offering.
    pub language: Option<String>,
    /// Host country of an upcoming offering.
    pub country: Option<String>,
    /// `police`, `civilian` or `both`.
    pub audience: Option<String>,
    /// Only modules with an upcoming offering.
    pub upcoming: Option<bool>,
    /// Only modules with an upcoming offering that still has a free seat and whose enrolment
    /// has not closed; the order then follows the first such offering.
    pub seats_available: Option<bool>,
    /// Page number, from 1.
    pub page: Option<u64>,
    /// Results per page, 1–100 (default 20).
    pub per_page: Option<u64>,
}

/// Filters and page of `GET /api/v1/offerings` (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferingQuery {
    /// Only this module's offerings.
    pub module_id: Option<i64>,
    /// Only offerings that have not started.
    pub upcoming: Option<bool>,
    /// Page number, from 1.
    pub page: Option<u64>,
    /// Results per page, 1–100 (default 20).
    pub per_page: Option<u64>,
}

/// One page of public offerings, in the envelope of [`ModulePage`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferingPage {
    /// The offerings, by first day, then id.
    pub items: Vec<OfferingView>,
    /// How many offerings match in all.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u64,
    /// Results per page.
    pub per_page: u64,
}

/// A module as a search result, in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleCard {
    /// Id.
    pub id: i64,
    /// Code.
    pub code: String,
    /// Title in the reader's language (or the first available).
    pub title: String,
    /// Summary in the reader's language (or the first available).
    pub summary: String,
    /// Career credits.
    pub credits: i32,
    /// Contact hours.
    pub hours: i32,
    /// Delivery mode code.
    pub delivery_mode: String,
    /// Audience code.
    pub audience: String,
    /// Topic names in the reader's language.
    pub topics: Vec<String>,
    /// First day of the next published offering (ISO 8601), if any.
    pub next_start: Option<String>,
}

/// One page of search results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModulePage {
    /// The results, by next start date, then code.
    pub items: Vec<ModuleCard>,
    /// How many modules match in all.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u64,
    /// Results per page.
    pub per_page: u64,
}

/// A link to a programme, as the catalog page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeLink {
    /// Code (the programme page is `/programmes/{code}`).
    pub code: String,
    /// Language → title.
    pub title: BTreeMap<String, String>,
}

/// Everything the public catalog page shows that comes from the database, read at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogSearch {
    /// The page of results.
    pub results: ModulePage,
    /// The topic vocabulary, for the topic filter.
    pub topics: Vec<TopicView>,
    /// The programmes, linked above the results.
    pub programmes: Vec<ProgrammeLink>,
}

/// The text of `map` in `locale`, else in English, Spanish, Portuguese or French, else empty.
pub fn pick(map: &BTreeMap<String, String>, locale: Locale) -> String {
    std::iter::once(locale)
        .chain(Locale::ALL)
        .find_map(|l| map.get(l.code()).filter(|t| !t.is_empty()))
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_fall_back_to_another_language() {
        let map = BTreeMap::from([
            ("es".to_string(), "Derechos humanos".to_string()),
            ("fr".to_string(), "Droits humains".to_string()),
        ]);
        assert_eq!(pick(&map, Locale::Fr), "Droits humains");
        assert_eq!(
            pick(&map, Locale::Pt),
            "Derechos humanos",
            "English is missing, Spanish is next"
        );
        assert_eq!(pick(&BTreeMap::new(), Locale::En), "");
    }
}

/// A teaching session as the API shows it: times with the offset of the session's own zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// Id (keep it when changing the session, so calendars update the same entry).
    pub id: i64,
    /// `onsite` or `distance`.
    pub kind: String,
    /// RFC 3339 in the session's zone.
    pub starts_at: String,
    /// RFC 3339 in the session's zone.
    pub ends_at: String,
    /// IANA zone.
    pub timezone: String,
    /// Venue (on-site).
    pub venue: Option<String>,
    /// City (on-site).
    pub city: Option<String>,
    /// Country (on-site).
    pub country: Option<String>,
}

/// An offering as the API and pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferingView {
    /// Id.
    pub id: i64,
    /// The module it runs.
    pub module_id: i64,
    /// The module's code.
    pub module_code: String,
    /// The module's titles.
    pub module_title: BTreeMap<String, String>,
    /// First day (ISO 8601).
    pub starts_on: String,
    /// Last day.
    pub ends_on: String,
    /// Enrolment opens.
    pub enrollment_opens: String,
    /// Enrolment closes.
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
    /// Instructors' ids.
    pub instructor_ids: Vec<i64>,
    /// Instructors' names, in the same order.
    pub instructors: Vec<String>,
    /// Sessions, by start.
    pub sessions: Vec<SessionView>,
    /// `draft`, `published`, `cancelled` or `completed`.
    pub status: String,
    /// Seats given (0 until enrolment exists).
    pub seats_taken: i32,
    /// Seats left.
    pub seats_left: i32,
    /// People waiting (0 until enrolment exists).
    pub waitlist_length: i32,
    /// Cohort quotas.
    #[serde(default)]
    pub quotas: crate::enrollment::Quotas,
}

/// Everything the module page shows, in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleDetails {
    /// The module as stored.
    pub module: ModuleView,
    /// Title in the reader's language.
    pub title: String,
    /// Summary in the reader's language.
    pub summary: String,
    /// Topic names.
    pub topics: Vec<String>,
    /// Prerequisites: (code, title).
    pub prerequisites: Vec<(String, String)>,
    /// Published programmes it belongs to: (code, title).
    pub programmes: Vec<(String, String)>,
    /// Upcoming public offerings, by first day.
    pub offerings: Vec<OfferingView>,
    /// What the reader may do about each offering (offering id, standing), in the same order.
    #[serde(default)]
    pub standings: Vec<(i64, OfferingStanding)>,
}

/// Where the reader stands with one offering: what they can do, or why they cannot, so that
/// the page says it before any click.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OfferingStanding {
    /// Nothing to offer (an administrator or instructor reading the page, a cancelled offering).
    Nothing,
    /// Not signed in: sign in, and come back here.
    SignedOut,
    /// May apply now; `waitlist` when every seat is taken, so the application joins the queue.
    MayApply {
        /// All seats are taken.
        waitlist: bool,
    },
    /// Eligible, but the offering takes nominations from agencies only.
    NeedsNomination,
    /// Already applied; the status code of the active application.
    Applied {
        /// The application's status code.
        status: String,
    },
    /// The enrolment window opens later (ISO date).
    NotOpenYet {
        /// First day of enrolment.
        opens: String,
    },
    /// The enrolment window has closed (ISO date).
    Closed {
        /// Last day of enrolment.
        closed: String,
    },
    /// The module is for another audience (`police` or `civilian`).
    Audience {
        /// The module's audience.
        audience: String,
    },
    /// Modules to complete first: (code, title).
    Prerequisites {
        /// The missing modules.
        missing: Vec<(String, String)>,
    },
    /// On-site sessions overlap an offering the reader is enrolled in.
    Clash {
        /// The other module's title.
        module_title: String,
    },
    /// The reader's address or agency membership is not confirmed yet.
    Unconfirmed {
        /// What is missing.
        hold: crate::accounts::MembershipHold,
    },
}

/// A module's place in a programme, as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeModuleView {
    /// Module code.
    pub code: String,
    /// Module titles.
    pub title: BTreeMap<String, String>,
    /// Career credits.
    pub credits: i32,
    /// Required or elective.
    pub required: bool,
}

/// A programme as the API and pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeView {
    /// Id.
    pub id: i64,
    /// Code.
    pub code: String,
    /// Language → title.
    pub title: BTreeMap<String, String>,
    /// Language → description.
    pub description: BTreeMap<String, String>,
    /// Credits needed to complete it.
    pub credits_required: i32,
    /// Its modules, in order.
    pub modules: Vec<ProgrammeModuleView>,
    /// `draft`, `published` or `archived`.
    pub status: String,
}

/// What can be published or archived in one click: a module or a programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogItem {
    /// A module, by id.
    Module,
    /// A programme, by id.
    Programme,
}
