//! Catalog shapes shared by pages, server functions and the JSON API.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

/// A topic of the vocabulary, named in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::FromQueryResult, utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = Topic))]
pub struct TopicView {
    /// Stable code, such as `human_rights`.
    pub code: String,
    /// Name in the reader's language.
    pub name: String,
}

/// A module as the API sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = Module))]
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
    /// How demanding it is.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::rules::Level))]
    pub level: String,
    /// How it is taught.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::rules::DeliveryMode))]
    pub delivery_mode: String,
    /// Whom it is for.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::rules::Audience))]
    pub audience: String,
    /// Codes of the modules to complete first.
    pub prerequisites: Vec<String>,
    /// Where it is in its life.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::rules::CatalogStatus))]
    pub status: String,
    /// The agency that builds and owns the module, if stated.
    #[serde(default)]
    pub organising_agency_id: Option<i64>,
    /// The language its lessons are written in first: shown when the offering's language has
    /// no translation.
    #[cfg_attr(feature = "ssr", schema(pattern = "^(en|es|pt|fr)$"))]
    pub primary_language: String,
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
    /// How it is taught.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::rules::DeliveryMode))]
    pub delivery_mode: String,
    /// Whom it is for.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::rules::Audience))]
    pub audience: String,
    /// Topic names in the reader's language.
    pub topics: Vec<String>,
    /// First day of the next published offering (ISO 8601), if any.
    pub next_start: Option<String>,
}

/// One page of search results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
    /// The codes of the countries the catalog lists offerings in, for the country filter.
    pub countries: Vec<String>,
}

/// The OpenAPI schema of a language → text map whose texts are at most `max` characters: keys
/// are the language codes, texts have no control characters but line breaks.
#[cfg(feature = "ssr")]
fn localized_schema(
    max: usize,
    least: usize,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let languages: Vec<&str> = Locale::ALL.iter().map(|l| l.code()).collect();
    let text = ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(max))
        .pattern(Some("^[^\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f]*$"));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(languages)),
        ))
        .additional_properties(Some(text))
        .min_properties((least > 0).then_some(least))
        .into()
}

/// Titles by language (`en`, `es`, `pt`, `fr`), at least one, each at most 200 characters: the
/// OpenAPI schema of the maps the catalog's inputs take.
#[cfg(feature = "ssr")]
pub struct Titles;

#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for Titles {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        localized_schema(200, 1)
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for Titles {}

/// Summaries or descriptions by language, each at most 4,000 characters (OpenAPI schema).
#[cfg(feature = "ssr")]
pub struct Summaries;

#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for Summaries {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        localized_schema(4000, 0)
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for Summaries {}

/// The text of `map` in `locale`, else in English, Spanish, Portuguese or French, else empty.
pub fn pick(map: &BTreeMap<String, String>, locale: Locale) -> String {
    crate::i18n::pick(map, locale)
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = Session))]
pub struct SessionView {
    /// Id (keep it when changing the session, so calendars update the same entry).
    pub id: i64,
    /// A meeting at a venue, or a window of distance learning.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::rules::SessionKind))]
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
    /// A live session's meeting link: given only to those who edit the offering (trainees with
    /// a seat read it on their course page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_url: Option<String>,
}

/// An offering as the API and pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = Offering))]
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
    #[cfg_attr(feature = "ssr", schema(value_type = crate::i18n::Locale))]
    pub language: String,
    /// Host country (ISO 3166-1 alpha-2).
    pub country: String,
    /// Host agency.
    pub host_agency: String,
    /// How people get a seat.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::rules::EnrollmentPolicy))]
    pub enrollment_policy: String,
    /// Instructors' ids.
    pub instructor_ids: Vec<i64>,
    /// Instructors' names, in the same order.
    pub instructors: Vec<String>,
    /// Sessions, by start.
    pub sessions: Vec<SessionView>,
    /// Where it is in its life.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::rules::OfferingStatus))]
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
        /// The application itself: an enrolled trainee's course is at `/learn/{enrollment_id}`.
        #[serde(default)]
        enrollment_id: i64,
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = ProgrammeModule))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = Programme))]
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
    /// Where it is in its life.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::rules::CatalogStatus))]
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
