//! A person with an account: trainee, instructor, coordinator or administrator.

use sea_orm::entity::prelude::*;

/// A person's account and profile.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Always lower-case: uniqueness is case-insensitive.
    #[sea_orm(unique)]
    pub email: String,
    pub full_name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub agency: String,
    /// The agency in the registry (`agencies.id`); the text above is its name.
    pub agency_id: Option<i64>,
    pub rank: String,
    /// `police` or `civilian`.
    pub affiliation: String,
    pub gender: Option<String>,
    /// `en`, `es`, `pt` or `fr`.
    pub preferred_language: String,
    /// argon2id PHC string; `None` until the person sets a password from an invitation.
    #[sea_orm(column_type = "Text", nullable)]
    pub password_hash: Option<String>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the person proved they read this address; `None` until a self-registered person
    /// follows the emailed link (invited and imported people start verified).
    pub email_verified_at: Option<DateTimeUtc>,
    /// `pending`, `confirmed` or `declined`: whether the agency confirmed the person belongs to
    /// it. Only confirmed people apply, are nominated and count in quotas.
    pub membership: String,
    /// Who confirmed or declined the membership.
    pub membership_decided_by: Option<i64>,
    /// When.
    pub membership_decided_at: Option<DateTimeUtc>,
    /// No longer read: since migration 0015 failures are counted per account and client
    /// address in `login_failures`. Kept so older rows and writers stay valid.
    pub failed_logins: i32,
    /// No longer read (see `failed_logins`).
    pub last_failed_at: Option<DateTimeUtc>,
    /// No longer read (see `failed_logins`).
    pub locked_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::user_role::Entity")]
    UserRole,
}

impl Related<super::user_role::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserRole.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
