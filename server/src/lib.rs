//! The PICAP web server: configuration, telemetry, the HTTP router (pages, server functions and
//! the `/api/v1` JSON API), the mail worker and the command line.

pub mod api;
pub mod calendars;
pub mod cli;
pub mod config;
pub mod jobs;
pub mod lesson_files;
pub mod mail;
pub mod refusals;
pub mod security;
pub mod server_fns;
pub mod session;
pub mod site_routes;
pub mod startup;
pub mod telemetry;
pub mod uploads;
