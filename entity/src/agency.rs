//! An agency of the registry: a police force, a ministry, an academy, a civil-society or
//! international organisation whose people train with PICAP.

use sea_orm::entity::prelude::*;

/// One agency.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agencies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// In the agency's own language, as it writes it.
    pub name: String,
    /// What people call it ("PNP", "PF").
    pub short_name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// `police`, `government`, `civil_society`, `academic` or `international`.
    pub kind: String,
    /// The name as compared: NFC, case-folded, spaces collapsed; unique per country.
    pub name_key: String,
    /// `false` while a newcomer's request for it awaits an administrator: it is not offered at
    /// registration until accepted.
    pub listed: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
