//! The catalog: programmes, modules and their offerings.

mod api;
#[cfg(feature = "ssr")]
pub mod calendar;
pub mod dto;
#[cfg(feature = "ssr")]
pub mod offerings;
mod pages;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::{
    CatalogTopics, LoadModulePage, SearchCatalog, catalog_topics, load_module_page, search_catalog,
};
pub use dto::{
    ModuleCard, ModulePage, ModuleQuery, ModuleView, OfferingView, SessionView, TopicView, pick,
};
pub use pages::{CatalogPage, ModulePage};
