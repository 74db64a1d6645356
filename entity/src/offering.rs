//! An offering: one run of a module, with dates, place, language and capacity.

use sea_orm::entity::prelude::*;

/// One run of a module.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offerings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub module_id: i64,
    pub starts_on: Date,
    pub ends_on: Date,
    pub enrollment_opens: Date,
    pub enrollment_closes: Date,
    pub capacity: i32,
    /// Teaching language: `en`, `es`, `pt` or `fr`.
    pub language: String,
    /// ISO 3166-1 alpha-2 of the host country.
    pub country: String,
    pub host_agency: String,
    /// The host agency in the registry (`agencies.id`); the text above is its name.
    pub host_agency_id: Option<i64>,
    /// `open` or `nomination`.
    pub enrollment_policy: String,
    /// `draft`, `published`, `cancelled` or `completed`.
    pub status: String,
    /// Seats given (enrolled and completed enrolments).
    pub seats_taken: i32,
    /// People on the waiting list; their positions are 1..=waitlist_length.
    pub waitlist_length: i32,
    /// `civilian` or `police`: whose share of seats is held until enrolment closes.
    pub quota_affiliation: Option<String>,
    /// Percent of the capacity held for `quota_affiliation`.
    pub quota_min_percent: Option<i32>,
    /// Most seats one agency may hold.
    pub quota_max_per_agency: Option<i32>,
    /// Most seats people from one country may hold.
    pub quota_max_per_country: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Trainees may mark themselves present with the code the instructor shows.
    pub self_check_in: bool,
    /// A late arrival counts as attended.
    pub late_counts_present: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
