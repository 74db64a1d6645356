//! Account operations over the database.

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::Utc;
use entity::{user, user_role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

use super::rules::{EmailAddress, NewPassword};
use super::{Affiliation, Role};
use crate::db::begin_write;
use crate::error::DomainError;
use crate::i18n::{Key, Locale};

/// The profile of a person to create.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Login and contact address.
    pub email: EmailAddress,
    /// Name as printed on certificates.
    pub full_name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// The person's institution.
    pub agency: String,
    /// Rank or position.
    pub rank: String,
    /// Police or civilian.
    pub affiliation: Affiliation,
    /// Language for emails and pages.
    pub preferred_language: Locale,
    /// Roles to grant.
    pub roles: Vec<Role>,
}

/// argon2id with OWASP's minimum parameters: 19 MiB, two passes, one lane.
fn hasher() -> Result<Argon2<'static>, DomainError> {
    let params = Params::new(19 * 1024, 2, 1, None)
        .map_err(|e| DomainError::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// At most this many argon2 computations run at once: each takes 19 MiB, so a sign-in storm
/// queues here instead of exhausting memory.
pub(crate) static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

/// Hashes a password off the async workers: argon2 is deliberately slow and memory-hungry.
pub async fn hash_password(password: NewPassword) -> Result<String, DomainError> {
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|e| DomainError::Internal(format!("hashing limit: {e}")))?;
    tokio::task::spawn_blocking(move || {
        let salt_bytes: [u8; 16] = rand::random();
        let salt = SaltString::encode_b64(&salt_bytes)
            .map_err(|e| DomainError::Internal(format!("salt: {e}")))?;
        hasher()?
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| DomainError::Internal(format!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| DomainError::Internal(format!("hashing task: {e}")))?
}

/// Creates a person with a password and roles. Fails with a conflict if the email is taken.
pub async fn create_user(
    db: &DatabaseConnection,
    new: NewUser,
    password: Option<NewPassword>,
) -> Result<user::Model, DomainError> {
    let password_hash = match password {
        Some(p) => Some(hash_password(p).await?),
        None => None,
    };
    let txn = begin_write(db).await?;
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(new.email.as_str()))
        .count(&txn)
        .await?
        > 0;
    if taken {
        return Err(DomainError::Conflict(Key::AccountEmailTaken));
    }
    let now = Utc::now();
    let created = user::ActiveModel {
        email: Set(new.email.as_str().to_string()),
        full_name: Set(new.full_name),
        country: Set(new.country),
        agency: Set(new.agency),
        rank: Set(new.rank),
        affiliation: Set(new.affiliation.code().to_string()),
        gender: Set(None),
        preferred_language: Set(new.preferred_language.code().to_string()),
        password_hash: Set(password_hash),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for role in new.roles {
        user_role::ActiveModel {
            user_id: Set(created.id),
            role: Set(role.code().to_string()),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(created)
}

/// How many accounts exist.
pub async fn count_users(db: &DatabaseConnection) -> Result<u64, DomainError> {
    Ok(user::Entity::find().count(db).await?)
}

/// The roles a person holds.
pub async fn roles_of(db: &DatabaseConnection, user_id: i64) -> Result<Vec<Role>, DomainError> {
    let rows = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    let mut roles: Vec<Role> = rows
        .iter()
        .filter_map(|r| Role::from_code(&r.role))
        .collect();
    roles.sort();
    Ok(roles)
}
