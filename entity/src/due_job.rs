//! One piece of scheduled work. See `app::jobs` (the runner).

use sea_orm::entity::prelude::*;

/// A job due at a time: queued once per `(kind, subject)`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "due_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What to do: a code of `app::jobs::JobKind`.
    pub kind: String,
    /// What it is about (an offering id, a certificate, …); empty for a job about everything.
    pub subject: String,
    pub due_at: DateTimeUtc,
    /// Runs started since the last success.
    pub attempts: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    /// While a runner works on it: the claim runs out here, and another runner may take it.
    pub leased_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
