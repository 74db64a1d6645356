//! People, their roles and their credentials.

mod api;
pub mod countries;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod membership;
mod membership_api;
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Affiliation {
    /// A police officer.
    Police,
    /// A civilian with responsibilities in public security.
    Civilian,
}

impl Affiliation {
    /// Every affiliation.
    pub const ALL: &'static [Affiliation] = &[Affiliation::Police, Affiliation::Civilian];

    /// The code in the database and the API.
    pub const fn code(self) -> &'static str {
        match self {
            Affiliation::Police => "police",
            Affiliation::Civilian => "civilian",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Affiliation> {
        match code.trim() {
            "police" => Some(Affiliation::Police),
            "civilian" => Some(Affiliation::Civilian),
            _ => None,
        }
    }
}

/// Whether an agency has confirmed that a person belongs to it. Self-registered people start
/// pending; people created by a coordinator or an administrator start confirmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Membership {
    /// Waiting for the agency's coordinator, or an administrator where it has none.
    Pending,
    /// Confirmed: the person applies, is nominated and counts in quotas.
    Confirmed,
    /// The agency said the person is not one of theirs.
    Declined,
}

impl Membership {
    /// The code in the database and the API.
    pub const fn code(self) -> &'static str {
        match self {
            Membership::Pending => "pending",
            Membership::Confirmed => "confirmed",
            Membership::Declined => "declined",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Membership> {
        match code.trim() {
            "pending" => Some(Membership::Pending),
            "confirmed" => Some(Membership::Confirmed),
            "declined" => Some(Membership::Declined),
            _ => None,
        }
    }
}

/// What stands between a person and applying: their address unverified, their membership
/// unconfirmed or declined. `None` for a verified, confirmed member.
pub fn membership_hold(email_verified: bool, membership: Membership) -> Option<MembershipHold> {
    if !email_verified {
        Some(MembershipHold::EmailUnverified)
    } else {
        match membership {
            Membership::Confirmed => None,
            Membership::Pending => Some(MembershipHold::Pending),
            Membership::Declined => Some(MembershipHold::Declined),
        }
    }
}

/// The sentence that tells a person what their hold means and what to do.
pub fn hold_key(hold: MembershipHold) -> crate::i18n::Key {
    use crate::i18n::Key;
    match hold {
        MembershipHold::EmailUnverified => Key::MembershipHoldUnverified,
        MembershipHold::Pending => Key::MembershipHoldPending,
        MembershipHold::Declined => Key::MembershipHoldDeclined,
    }
}

/// Why a person may not apply or be nominated yet (see [`membership_hold`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum MembershipHold {
    /// The person has not followed the link emailed to them.
    EmailUnverified,
    /// Their agency has not confirmed them yet.
    Pending,
    /// Their agency declined them.
    Declined,
}

/// A person waiting for their agency to confirm them, as the memberships page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PendingMember {
    /// Account id.
    pub id: i64,
    /// Full name.
    pub full_name: String,
    /// Sign-in address.
    pub email: String,
    /// ISO 3166-1 alpha-2.
    #[cfg_attr(feature = "ssr", schema(value_type = countries::CountryCode))]
    pub country: String,
    /// The agency's name.
    pub agency: String,
    /// `false` while the agency is a newcomer's request an administrator has not accepted.
    pub agency_listed: bool,
    /// Whether the agency has an active coordinator (else an administrator decides).
    pub agency_has_coordinator: bool,
    /// Registered at (RFC 3339, UTC).
    pub registered_at: String,
    /// Whether they followed the link that proves their address.
    pub email_verified: bool,
}

/// A coordinator's or an administrator's answer to a membership request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum MembershipDecision {
    /// The person belongs to the agency.
    Confirm,
    /// The person does not (a reason is required).
    Decline,
}

impl MembershipDecision {
    /// Parses `confirm` or `decline`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim() {
            "confirm" => Some(Self::Confirm),
            "decline" => Some(Self::Decline),
            _ => None,
        }
    }
}

/// A person as listed to administrators and coordinators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
    /// Police or civilian.
    #[cfg_attr(feature = "ssr", schema(value_type = Affiliation))]
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

/// What became of one line of an imported file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportLine {
    /// The line number in the file (the header is line 1).
    pub line: usize,
    /// The address on that line.
    pub email: String,
    /// Why the line is refused, one reason per bad field; empty when it is fine.
    pub problems: Vec<String>,
}

/// The outcome of an import or of its check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Whether the accounts were created (false for a check, or when a line is bad).
    pub written: bool,
    /// Lines that are fine.
    pub accepted: usize,
    /// Every line, in file order.
    pub lines: Vec<ImportLine>,
}

impl ImportReport {
    /// The lines with at least one problem.
    pub fn rejected(&self) -> impl Iterator<Item = &ImportLine> {
        self.lines.iter().filter(|l| !l.problems.is_empty())
    }
}

/// A checked file, as its review page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportBatchView {
    /// The batch's id.
    pub id: i64,
    /// The uploaded file's name, if there was a file.
    pub file_name: Option<String>,
    /// Whether its people were created and invited.
    pub imported: bool,
    /// The line-by-line report.
    pub report: ImportReport,
}

pub use api::{
    ChangePersonStanding, InvitePerson, LoadProfile, Register, SearchPeople, SetPersonActive,
    SetPersonRoles, UpdateProfile, invite_person, load_profile, register, search_people,
    set_person_active, set_person_roles, update_profile,
};
pub use api::{ConfirmImport, LoadImport, confirm_import, load_import};
pub use membership_api::{
    DecideMembership, ResendVerification, VerifyEmail, decide_membership, pending_members,
    resend_verification, verify_email,
};
pub use pages::{
    ImportPage, MembershipsPage, MyMembership, PeoplePage, ProfilePage, RegisterPage,
    VerifyEmailPage,
};
