//! The catalog: programmes, modules and their offerings.

mod admin;
mod api;
#[cfg(feature = "ssr")]
pub mod bulk;
#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod dto;
#[cfg(feature = "ssr")]
pub mod feeds;
#[cfg(feature = "ssr")]
pub mod offerings;
mod pages;
#[cfg(feature = "ssr")]
pub mod programmes;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod service;
mod similar;

pub use admin::{
    AdminCatalogPage, ModuleFormPage, OfferingFormPage, ProgrammeFormPage, SaveModule,
    SaveOffering, SaveProgramme, SessionRow, SetCatalogStatus,
};
pub use api::{
    CalendarFeedStatus, CatalogTopics, CreateCalendarFeed, ListProgrammes, LoadCatalog,
    LoadModulePage, LoadProgramme, MyOfferings, RevokeCalendarFeed, calendar_feed_status,
    catalog_topics, create_calendar_feed, list_programmes, load_catalog, load_module_page,
    load_programme, my_offerings, revoke_calendar_feed,
};
pub use dto::{
    CatalogItem, CatalogSearch, ModuleCard, ModulePage, ModuleQuery, ModuleView, OfferingView,
    ProgrammeLink, ProgrammeModuleView, ProgrammeView, SessionView, TopicView, pick,
};
pub use pages::{CalendarFeedSection, CatalogPage, ModulePage, MyOfferingsPage, ProgrammePage};
