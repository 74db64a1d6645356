//! A teaching session: one on-site meeting or distance window of an offering.

use sea_orm::entity::prelude::*;

/// One session; times in UTC with the IANA zone beside them.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offering_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub offering_id: i64,
    /// `onsite`, `distance` or `live` (a video meeting).
    pub kind: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub timezone: String,
    pub venue: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    /// iCalendar SEQUENCE: bumped on every change.
    pub sequence: i32,
    /// A live session's meeting link, for enrolled trainees only.
    pub meeting_url: Option<String>,
    /// The key of the self check-in codes, made the first time they are shown.
    pub check_in_secret: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
