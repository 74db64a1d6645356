//! The agency registry: police forces, ministries, academies and organisations, by country.
//! People and offerings point at an agency by id; names are compared in one way
//! ([`rules::name_key`]).

pub mod api;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod dto;
mod pages;
#[cfg(feature = "ssr")]
pub mod registry;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::{AcceptAgency, MergeAgencies, SaveAgency};
pub use dto::{Agency, AgencyInput, AgencyKind, MergeInto, Merged};
pub use pages::AgenciesPage;
