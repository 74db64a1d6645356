//! One criterion of a practical test's checklist.

use sea_orm::entity::prelude::*;

/// A criterion, in order, with its points; a critical one not met fails the test.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_criteria")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub assessment_id: i64,
    pub position: i32,
    pub text: String,
    pub critical: bool,
    pub points: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
