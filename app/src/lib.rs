//! PICAP: pages, server functions and business services.
//!
//! Every feature has its own folder. Code that touches the database sits behind the `ssr`
//! feature, so sea-orm never reaches the browser bundle.

#![recursion_limit = "256"]

// First, so that `code_enum!` is usable in every module below.
#[macro_use]
mod codes;

pub mod accounts;
pub mod administration;
pub mod agencies;
pub mod assessments;
pub mod attendance;
pub mod auth;
pub mod catalog;
pub mod enrollment;
pub mod error;
pub mod forms;
pub mod i18n;
pub mod learning;
pub mod quizzes;
#[cfg(feature = "ssr")]
pub mod request;
pub mod scholarships;
pub mod shell;
pub mod site;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod csv_export;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod mail;

pub use shell::{App, shell};

/// The browser entry point: brings the page's islands to life. Everything else on the page was
/// rendered on the server and needs no code in the browser.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
