//! Attendance (issue 20): live online sessions beside on-site ones, the roll call with
//! corrections kept in an append-only history, self check-in with a code that changes every
//! 30 seconds (text and QR code), and each trainee's attendance rate.
//!
//! - [`codes`]: a mark's status and how it was taken;
//! - [`rules`]: codes, check-in decisions, roll-call changes and the rate (pure, table-tested);
//! - [`service`]: the same over the database;
//! - [`api`]: the pages' server functions; `server/src/api/v1/attendance.rs` is the JSON API.

pub mod api;
pub mod codes;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod dto;
mod pages;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use codes::{AttendanceStatus, MarkSource};
pub use pages::{
    CheckInCodePage, CheckInPage, MyAttendanceSection, OfferingAttendancePage, RollCallPage,
    session_kind_key,
};
