//! The catalog: programmes, modules and their offerings.

#[cfg(feature = "ssr")]
pub mod calendar;
pub mod dto;
#[cfg(feature = "ssr")]
pub mod offerings;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use dto::{
    ModuleCard, ModulePage, ModuleQuery, ModuleView, OfferingView, SessionView, TopicView, pick,
};
