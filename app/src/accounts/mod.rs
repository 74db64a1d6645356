//! People, their roles and their credentials.

mod api;
pub mod countries;
mod pages;
#[cfg(feature = "ssr")]
pub mod registration;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// What a person may do in PICAP. A person can hold several roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Takes training.
    Trainee,
    /// Teaches and grades.
    Instructor,
    /// An agency's training focal point: nominates its officers.
    Coordinator,
    /// Programme staff who configure and certify.
    Administrator,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [
        Role::Trainee,
        Role::Instructor,
        Role::Coordinator,
        Role::Administrator,
    ];

    /// The role's code in the database and the API.
    pub const fn code(self) -> &'static str {
        match self {
            Role::Trainee => "trainee",
            Role::Instructor => "instructor",
            Role::Coordinator => "coordinator",
            Role::Administrator => "administrator",
        }
    }

    /// Parses a role code.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// `police` or `civilian`: cohorts balance the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Affiliation {
    /// A police officer.
    Police,
    /// A civilian with responsibilities in public security.
    Civilian,
}

impl Affiliation {
    /// The code in the database and the API.
    pub const fn code(self) -> &'static str {
        match self {
            Affiliation::Police => "police",
            Affiliation::Civilian => "civilian",
        }
    }
}

/// A person as listed to administrators and coordinators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    /// Account id.
    pub id: i64,
    /// Sign-in address.
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Institution.
    pub agency: String,
    /// Rank or position.
    pub rank: String,
    /// `police` or `civilian`.
    pub affiliation: String,
    /// Roles held.
    pub roles: Vec<Role>,
    /// Whether the account can sign in.
    pub active: bool,
}

/// A person's own profile, as the profile page and `GET /api/v1/me/profile` show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProfile {
    /// Sign-in address (changed only by an administrator).
    pub email: String,
    /// Name as printed on certificates.
    pub full_name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Institution (changed only by an administrator: coordinators see officers by agency).
    pub agency: String,
    /// Rank or position.
    pub rank: String,
    /// `police` or `civilian`.
    pub affiliation: String,
    /// `female`, `male`, `other`, or empty.
    pub gender: String,
    /// `en`, `es`, `pt` or `fr`.
    pub preferred_language: String,
}

pub use api::{
    InvitePerson, LoadProfile, Register, SearchPeople, SetPersonActive, SetPersonRoles,
    UpdateProfile, invite_person, load_profile, register, search_people, set_person_active,
    set_person_roles, update_profile,
};
pub use pages::{PeoplePage, ProfilePage, RegisterPage};
