//! The catalog: programmes, modules and their offerings.

#[cfg(feature = "ssr")]
pub mod rules;
