//! The agency registry's types, shared by the server and the browser.

use serde::{Deserialize, Serialize};

use crate::i18n::Key;

/// What kind of institution an agency is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum AgencyKind {
    /// A police force or another public-security body with police powers.
    Police,
    /// A ministry, secretariat or other public administration.
    Government,
    /// A non-governmental organisation.
    CivilSociety,
    /// A university or research centre.
    Academic,
    /// An international organisation.
    International,
}

impl AgencyKind {
    /// Every kind, in display order.
    pub const ALL: &'static [AgencyKind] = &[
        AgencyKind::Police,
        AgencyKind::Government,
        AgencyKind::CivilSociety,
        AgencyKind::Academic,
        AgencyKind::International,
    ];

    /// The code in the database and the API.
    pub const fn code(self) -> &'static str {
        match self {
            AgencyKind::Police => "police",
            AgencyKind::Government => "government",
            AgencyKind::CivilSociety => "civil_society",
            AgencyKind::Academic => "academic",
            AgencyKind::International => "international",
        }
    }

    /// Parses a code (surrounding spaces ignored).
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim();
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// The label a reader sees.
    pub const fn label(self) -> Key {
        match self {
            AgencyKind::Police => Key::AgenciesKindPolice,
            AgencyKind::Government => Key::AgenciesKindGovernment,
            AgencyKind::CivilSociety => Key::AgenciesKindCivilSociety,
            AgencyKind::Academic => Key::AgenciesKindAcademic,
            AgencyKind::International => Key::AgenciesKindInternational,
        }
    }
}

/// One agency of the registry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Agency {
    /// Its id.
    pub id: i64,
    /// In the agency's own language.
    pub name: String,
    /// What people call it ("PNP").
    pub short_name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// What kind of institution it is.
    #[cfg_attr(feature = "ssr", schema(value_type = AgencyKind))]
    pub kind: String,
    /// People who belong to it.
    pub members: u64,
    /// Offerings it hosts.
    pub hosted_offerings: u64,
    /// `false` while it is a newcomer's request that no administrator has accepted: only
    /// administrators see it then.
    pub listed: bool,
}

/// What an administrator types to create or change an agency.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AgencyInput {
    /// In the agency's own language (2–200 characters).
    #[cfg_attr(feature = "ssr", schema(min_length = 2, max_length = 200))]
    pub name: String,
    /// What people call it (1–30 characters).
    #[cfg_attr(feature = "ssr", schema(min_length = 1, max_length = 30))]
    pub short_name: String,
    /// ISO 3166-1 alpha-2.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::accounts::countries::CountryCode))]
    pub country: String,
    /// What kind of institution it is.
    #[cfg_attr(feature = "ssr", schema(value_type = AgencyKind))]
    pub kind: String,
}

/// Moving every person and offering of one agency to another, then removing the first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MergeInto {
    /// The agency that stays.
    pub into: i64,
}

/// What a merge moved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Merged {
    /// The agency that stays.
    pub into: Agency,
    /// People moved to it.
    pub people_moved: u64,
    /// Offerings moved to it.
    pub offerings_moved: u64,
}
