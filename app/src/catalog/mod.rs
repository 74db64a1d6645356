//! The catalog: programmes, modules and their offerings.

mod admin;
pub(crate) use admin::{LanguageTexts, forbidden_or_error};
mod admin_catalog;
mod api;
#[cfg(feature = "ssr")]
pub mod bulk;
#[cfg(feature = "ssr")]
pub mod calendar;
pub mod codes;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod dto;
#[cfg(feature = "ssr")]
pub mod feeds;
pub(crate) mod form_controls;
#[cfg(feature = "ssr")]
pub mod likeness;
mod local_time;
pub mod lookalikes;
mod offering_card;
mod offering_form;
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
#[cfg(feature = "ssr")]
mod session_rules;
mod similar;
#[cfg(feature = "ssr")]
pub mod standing;
#[cfg(feature = "ssr")]
pub mod teaching;
pub mod zones;

pub use admin::{ModuleFormPage, ProgrammeFormPage};
pub use admin_catalog::AdminCatalogPage;
pub use api::{
    CalendarFeedStatus, CatalogTopics, CreateCalendarFeed, ListProgrammes, LoadCatalog,
    LoadModulePage, LoadProgramme, MyOfferings, RevokeCalendarFeed, SaveModule, SaveProgramme,
    SetCatalogStatus, calendar_feed_status, catalog_topics, create_calendar_feed, list_programmes,
    load_catalog, load_module_page, load_programme, my_offerings, revoke_calendar_feed,
};
pub use dto::{
    CatalogItem, CatalogSearch, ModuleCard, ModulePage, ModuleQuery, ModuleView, OfferingPage,
    OfferingQuery, OfferingView, ProgrammeLink, ProgrammeModuleView, ProgrammeView, SessionView,
    TopicView, pick,
};
pub use local_time::LocalTimes;
pub use lookalikes::{Lookalike, LookalikePair, LookalikesPage};
pub use offering_form::{OfferingFormPage, SaveOffering, SessionRow};
pub use pages::{CalendarFeedSection, CatalogPage, ModulePage, MyOfferingsPage, ProgrammePage};
