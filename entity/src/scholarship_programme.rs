//! A scholarship programme: a funder's budget with its rules. Money is in minor units (cents).

use sea_orm::entity::prelude::*;

/// A funder's pot of money and who and what it pays for.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scholarship_programmes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Language → name, as JSON (like module titles; migration 0016).
    #[sea_orm(column_type = "Text")]
    pub name: String,
    /// Language → funder, as JSON.
    #[sea_orm(column_type = "Text")]
    pub funder: String,
    /// ISO 4217, e.g. `USD`.
    pub currency: String,
    /// Total budget, in cents.
    pub budget: i64,
    /// Most one person may be awarded, in cents.
    pub per_person_max: i64,
    /// JSON array of `tuition`, `travel`, `lodging`, `per_diem`.
    pub covers: String,
    /// JSON array of ISO 3166-1 alpha-2 codes; empty means every country.
    pub eligible_countries: String,
    /// JSON array of `police`, `civilian`; empty means both.
    pub eligible_affiliations: String,
    pub opens: Date,
    pub closes: Date,
    /// Language → conditions, as JSON (`{}` when there are none).
    pub conditions: String,
    /// Sum of grants awarded.
    pub awarded: i64,
    /// Part of the grants committed to enrolments.
    pub committed: i64,
    /// Part of the grants spent on completed enrolments.
    pub spent: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
