//! A graded item of an offering (an observed practical test).

use sea_orm::entity::prelude::*;

/// One assessment of `offering_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub offering_id: i64,
    /// `practical`.
    pub kind: String,
    pub title: String,
    /// The scenario, as the instructor wrote it (plain text).
    pub instructions: Option<String>,
    /// The score (percent) that passes, critical criteria permitting.
    pub pass_percent: i32,
    /// When its results were released to trainees.
    pub released_at: Option<DateTimeUtc>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
