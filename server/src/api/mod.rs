//! The JSON API for integrations (national academies, HR systems, the Observatory).
//!
//! Handlers are thin adapters over the services in `app`: they parse input, call one service
//! function and map its result. Errors are RFC 9457 `application/problem+json`.

pub mod problem;
pub mod v1;

pub use problem::{ApiError, ApiJson, ApiPath, ApiQuery, Problem, QueryBounds};
