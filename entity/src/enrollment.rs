//! An enrolment: a person's place in an offering, and its status.

use sea_orm::entity::prelude::*;

/// A person's application to, or place in, an offering.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrollments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub offering_id: i64,
    pub user_id: i64,
    /// See `app::enrollment::rules::EnrollmentStatus`.
    pub status: String,
    /// 1-based, without gaps, while waitlisted.
    pub waitlist_position: Option<i32>,
    /// The coordinator who nominated the person.
    pub nominated_by: Option<i64>,
    /// The reason given with the last decision.
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
