//! Enrolment shapes shared by pages, server functions and the JSON API.

use serde::{Deserialize, Serialize};

use crate::i18n::Key;

/// An application or enrolment as its owner sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = Enrollment))]
pub struct EnrollmentView {
    /// Id.
    pub id: i64,
    /// The offering.
    pub offering_id: i64,
    /// The person.
    pub user_id: i64,
    /// Where it stands.
    #[cfg_attr(feature = "ssr", schema(value_type = EnrollmentStatus))]
    pub status: String,
    /// 1-based place in the queue, while waitlisted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waitlist_position: Option<i32>,
    /// The reason given with the last decision, or why a quota waitlisted the person:
    /// `quota_share` (seats held for civilians or police until enrolment closes),
    /// `quota_agency`, `quota_country`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The module's code.
    pub module_code: String,
    /// The module's title in the reader's language.
    pub module_title: String,
    /// First day (ISO 8601).
    pub starts_on: String,
    /// Last day.
    pub ends_on: String,
    /// Host country.
    pub country: String,
    /// Teaching language.
    pub language: String,
    /// Scholarship money paying for this enrolment (committed or spent), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scholarship: Option<String>,
}

/// An offering's cohort quotas; every rule is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Quotas {
    /// `civilian` or `police`: whose share of seats is held back until enrolment closes (blank:
    /// no share rule; it needs `min_percent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(pattern = "^(civilian|police)?$"))]
    pub affiliation: Option<String>,
    /// The share held for `affiliation`, in percent of the capacity (1–100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 100))]
    pub min_percent: Option<i32>,
    /// Most seats one agency may hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(minimum = 1))]
    pub max_per_agency: Option<i32>,
    /// Most seats people from one country may hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(minimum = 1))]
    pub max_per_country: Option<i32>,
}

impl Quotas {
    /// Seats the share rule holds for `affiliation`: `min_percent` of the capacity, rounded up
    /// so a "30 % civilians" rule on 10 seats holds 3.
    pub fn reserved_seats(&self, capacity: i32) -> i32 {
        match (&self.affiliation, self.min_percent) {
            (Some(_), Some(percent)) if percent > 0 => {
                ((i64::from(capacity) * i64::from(percent) + 99) / 100) as i32
            }
            _ => 0,
        }
    }

    /// No rule is set.
    pub fn is_empty(&self) -> bool {
        self.affiliation.is_none()
            && self.max_per_agency.is_none()
            && self.max_per_country.is_none()
    }
}

/// One person on an offering's list, for administrators and instructors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RosterEntry {
    /// The enrolment.
    pub enrollment_id: i64,
    /// The person.
    pub user_id: i64,
    /// Name.
    pub full_name: String,
    /// Address.
    pub email: String,
    /// Institution.
    pub agency: String,
    /// Country.
    pub country: String,
    /// Police or civilian.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::accounts::Affiliation))]
    pub affiliation: String,
    /// Where it stands.
    #[cfg_attr(feature = "ssr", schema(value_type = EnrollmentStatus))]
    pub status: String,
    /// Place in the queue, while waitlisted.
    pub waitlist_position: Option<i32>,
    /// The reason recorded with the last decision (a quota code or an administrator's words).
    #[serde(default)]
    pub reason: Option<String>,
    /// Scholarship money committed to this enrolment (administrators only).
    #[serde(default)]
    pub scholarship: Option<String>,
    /// What the person's scholarship award covering this module still has available
    /// (administrators only).
    #[serde(default)]
    pub grant_available: Option<String>,
    /// The statuses the caller may move this enrolment to (from the state machine).
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<EnrollmentStatus>))]
    pub moves: Vec<String>,
}

/// Where an application or enrolment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum EnrollmentStatus {
    /// Waiting for the agency coordinator's endorsement (nomination policy).
    PendingEndorsement,
    /// Endorsed; waiting for an administrator's decision (nomination policy).
    PendingAcceptance,
    /// Has a seat.
    Enrolled,
    /// In the queue for a seat, at a position.
    Waitlisted,
    /// Refused, with a reason.
    Rejected,
    /// Left by the trainee (or for them by an administrator).
    Withdrawn,
    /// The offering was cancelled.
    Cancelled,
    /// Took the module to the end.
    Completed,
}

impl EnrollmentStatus {
    /// Every status, in the order of a trainee's journey.
    pub const ALL: &'static [EnrollmentStatus] = &[
        Self::PendingEndorsement,
        Self::PendingAcceptance,
        Self::Enrolled,
        Self::Waitlisted,
        Self::Rejected,
        Self::Withdrawn,
        Self::Cancelled,
        Self::Completed,
    ];

    /// The code in the database and the API.
    pub const fn code(self) -> &'static str {
        match self {
            Self::PendingEndorsement => "pending_endorsement",
            Self::PendingAcceptance => "pending_acceptance",
            Self::Enrolled => "enrolled",
            Self::Waitlisted => "waitlisted",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
            Self::Cancelled => "cancelled",
            Self::Completed => "completed",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code.trim())
    }

    /// Whether the person still holds or seeks a place: such an application blocks another
    /// one to the same offering.
    pub const fn is_active(self) -> bool {
        matches!(
            self,
            Self::PendingEndorsement
                | Self::PendingAcceptance
                | Self::Enrolled
                | Self::Waitlisted
                | Self::Completed
        )
    }

    /// The label a reader sees.
    pub const fn label(self) -> Key {
        match self {
            Self::PendingEndorsement => Key::EnrollmentPendingEndorsement,
            Self::PendingAcceptance => Key::EnrollmentPendingAcceptance,
            Self::Enrolled => Key::EnrollmentEnrolled,
            Self::Waitlisted => Key::EnrollmentWaitlisted,
            Self::Rejected => Key::EnrollmentRejected,
            Self::Withdrawn => Key::EnrollmentWithdrawn,
            Self::Cancelled => Key::EnrollmentCancelled,
            Self::Completed => Key::EnrollmentCompleted,
        }
    }
}

/// The reason recorded with an enrolment, in the reader's language: quota codes set by the
/// system are translated; an administrator's own words are shown as written.
pub fn reason_text(locale: crate::i18n::Locale, reason: &str) -> String {
    match reason {
        "quota_share" => locale.text(Key::QuotaHeldForShare).to_string(),
        "quota_agency" => locale.text(Key::QuotaAgencyFull).to_string(),
        "quota_country" => locale.text(Key::QuotaCountryFull).to_string(),
        other => other.to_string(),
    }
}

/// An officer of the coordinator's agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officer {
    /// Account id.
    pub id: i64,
    /// Name.
    pub full_name: String,
    /// Address.
    pub email: String,
    /// Rank.
    pub rank: String,
    /// `police` or `civilian`.
    pub affiliation: String,
    /// Applications still open (pending, waitlisted or enrolled).
    pub active_applications: i64,
    /// Applications decided or ended (accepted and completed, not accepted, withdrawn,
    /// cancelled): kept in the officer's history.
    #[serde(default)]
    pub past_applications: i64,
}

/// An application of one of the agency's officers waiting for endorsement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingEndorsement {
    /// The enrolment.
    pub enrollment_id: i64,
    /// The officer's name.
    pub full_name: String,
    /// The module's code.
    pub module_code: String,
    /// The module's title in the reader's language.
    pub module_title: String,
    /// First and last day, in words.
    pub dates: String,
    /// Who nominated the officer, if it was a nomination.
    pub nominated_by: Option<String>,
}

/// A coordinator's "My agency" page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyOverview {
    /// The agency's name.
    pub agency: String,
    /// Applications waiting for the coordinator's endorsement.
    pub to_endorse: Vec<PendingEndorsement>,
    /// The agency's officers who may be nominated (trainees).
    pub officers: Vec<Officer>,
    /// Offerings open for nominations now: (offering id, label).
    pub open_offerings: Vec<(i64, String)>,
}

/// The outcome of a withdrawal: the enrolment as it is now, and what happened to its seat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Withdrawal {
    /// The enrolment, now `withdrawn`.
    #[serde(flatten)]
    pub enrollment: EnrollmentView,
    /// The person held a seat, which is now free or someone else's.
    pub freed_seat: bool,
    /// The freed seat went to the first person on the waiting list whom the quotas allow.
    pub seat_passed_on: bool,
}

/// An offering open for nominations, as offered for one officer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationChoice {
    /// The offering.
    pub offering_id: i64,
    /// Code, title, dates in words, country and teaching language, in the reader's language.
    pub label: String,
    /// Why the officer may not be nominated for it, if they may not.
    pub refusal: Option<String>,
}

/// What a coordinator may nominate one officer for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationChoices {
    /// The officer.
    pub officer_id: i64,
    /// The officer's name.
    pub officer_name: String,
    /// Every offering open for nominations now, eligible or not (see `refusal`).
    pub offerings: Vec<NominationChoice>,
}

/// One application in an officer's history, decided or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The enrolment.
    pub enrollment_id: i64,
    /// The module's code.
    pub module_code: String,
    /// The module's title in the reader's language.
    pub module_title: String,
    /// First and last day, in words.
    pub dates: String,
    /// Status code.
    pub status: EnrollmentStatus,
    /// When it was applied for or nominated (ISO 8601, UTC).
    pub applied_at: String,
    /// When its status last changed, if it was decided (ISO 8601, UTC).
    pub decided_at: Option<String>,
    /// The reason recorded with the last decision.
    pub reason: Option<String>,
    /// Who nominated the officer, if it was a nomination.
    pub nominated_by: Option<String>,
}

/// An officer's applications, most recent first, for their coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerHistory {
    /// The officer.
    pub officer_id: i64,
    /// The officer's name.
    pub full_name: String,
    /// Every application, decided or not.
    pub applications: Vec<HistoryEntry>,
}
