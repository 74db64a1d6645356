//! A module: one course unit with its own credits, the unit of the catalog.

use sea_orm::entity::prelude::*;

/// A module of the catalog.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "modules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    /// JSON map language → title.
    #[sea_orm(column_type = "Text")]
    pub title: String,
    /// JSON map language → summary.
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    /// Lower-cased text the catalog search reads.
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    pub credits: i32,
    pub hours: i32,
    /// `introductory`, `intermediate` or `advanced`.
    pub level: String,
    /// `onsite`, `distance` or `blended`.
    pub delivery_mode: String,
    /// `police`, `civilian` or `both`.
    pub audience: String,
    /// `draft`, `published` or `archived`.
    pub status: String,
    /// The agency that builds and owns the module (`agencies.id`); unknown for older modules.
    pub organising_agency_id: Option<i64>,
    /// The start date of the module's next published offering, kept by triggers (migration
    /// 0012) and moved on past dates by the next-start job; the catalog ranks by it.
    pub next_start: Option<Date>,
    /// That offering's id.
    pub next_offering_id: Option<i64>,
    /// The language lessons are shown in when the offering's language has no translation
    /// (`en`, `es`, `pt` or `fr`).
    pub primary_language: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
