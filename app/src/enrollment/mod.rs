//! Enrolment: applications, nominations and endorsements, seats, quotas, waitlists and
//! withdrawals.

mod api;
#[cfg(feature = "ssr")]
pub mod bulk;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod dto;
mod pages;
#[cfg(feature = "ssr")]
pub mod quotas;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::{
    AgencyOverview as AgencyOverviewFn, ApplyToOffering, DecideEnrollment, EndorseApplication,
    MyEnrollments, NominateOfficer, OfferingApplicants, Withdraw, agency_overview,
    apply_to_offering, decide_enrollment, endorse_application, my_enrollments, nominate_officer,
    offering_applicants,
};
pub use dto::{EnrollmentStatus, EnrollmentView, Quotas, RosterEntry, Withdrawal};
pub use pages::{AgencyPage, ApplicantsPage, ApplyButton, MyLearningPage};
