//! The catalog: programmes, modules and their offerings.

pub mod dto;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use dto::{ModuleCard, ModulePage, ModuleQuery, ModuleView, TopicView, pick};
