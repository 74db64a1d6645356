//! Enrolment: applications, seats, waitlists and withdrawals.

mod api;
#[cfg(feature = "ssr")]
pub mod bulk;
pub mod dto;
mod pages;
#[cfg(feature = "ssr")]
pub mod quotas;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::{
    ApplyToOffering, DecideEnrollment, MyEnrollments, OfferingApplicants, Withdraw,
    apply_to_offering, decide_enrollment, my_enrollments, offering_applicants,
};
pub use dto::{EnrollmentStatus, EnrollmentView, Quotas, RosterEntry};
pub use pages::{ApplicantsPage, ApplyButton, MyLearningPage};
