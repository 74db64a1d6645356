//! Enrolment: applications, seats, waitlists and withdrawals.

mod api;
#[cfg(feature = "ssr")]
pub mod bulk;
pub mod dto;
mod pages;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::{ApplyToOffering, MyEnrollments, Withdraw, apply_to_offering, my_enrollments};
pub use dto::{EnrollmentStatus, EnrollmentView, RosterEntry};
pub use pages::{ApplyButton, MyLearningPage};
