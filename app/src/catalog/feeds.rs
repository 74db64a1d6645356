//! Private calendar feeds: a secret link per person that calendar applications (Google Calendar,
//! Outlook, Thunderbird) subscribe to. It lists the person's own sessions: those of the
//! offerings they teach and those they hold a seat in (enrolled, or completed, for the record).
//! Applications still waiting (endorsement, acceptance, the waiting list) are left out: a
//! calendar would show them as plans the person cannot yet keep, and most subscribing
//! applications ignore a "tentative" mark. They appear once the seat is given. A new link
//! replaces the old one; revoking it stops the feed at once.

use chrono::Utc;
use entity::{calendar_feed, enrollment, offering, offering_instructor, offering_session};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::auth::service::token_hash;
use crate::db::begin_write;
use crate::enrollment::EnrollmentStatus;
use crate::error::DomainError;

/// Creates (or replaces) the person's feed and returns its token, shown once.
pub async fn create_feed(db: &DatabaseConnection, user_id: i64) -> Result<String, DomainError> {
    let bytes: [u8; 32] = rand::random();
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let txn = begin_write(db).await?;
    calendar_feed::Entity::delete_by_id(user_id)
        .exec(&txn)
        .await?;
    calendar_feed::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(token_hash(&token)),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// Whether the person has a feed link.
pub async fn has_feed(db: &DatabaseConnection, user_id: i64) -> Result<bool, DomainError> {
    Ok(calendar_feed::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .is_some())
}

/// Revokes the person's feed link.
pub async fn revoke_feed(db: &DatabaseConnection, user_id: i64) -> Result<(), DomainError> {
    calendar_feed::Entity::delete_by_id(user_id)
        .exec(db)
        .await?;
    Ok(())
}

/// The sessions behind a feed token, with their offering and module: (session, module code,
/// module titles, host agency, cancelled). Unknown or revoked tokens are "not found".
pub async fn feed_sessions(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Vec<(offering_session::Model, String, String, String, bool)>, DomainError> {
    let feed = calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(token_hash(token.trim())))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let active = entity::user::Entity::find_by_id(feed.user_id)
        .one(db)
        .await?
        .is_some_and(|u| u.active);
    if !active {
        return Err(DomainError::NotFound);
    }
    let mut offering_ids: Vec<i64> = offering_instructor::Entity::find()
        .filter(offering_instructor::Column::UserId.eq(feed.user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|i| i.offering_id)
        .collect();
    offering_ids.extend(
        enrollment::Entity::find()
            .filter(enrollment::Column::UserId.eq(feed.user_id))
            .filter(enrollment::Column::Status.is_in([
                EnrollmentStatus::Enrolled.code(),
                EnrollmentStatus::Completed.code(),
            ]))
            .all(db)
            .await?
            .into_iter()
            .map(|e| e.offering_id),
    );
    offering_ids.sort_unstable();
    offering_ids.dedup();
    let offerings = offering::Entity::find()
        .filter(offering::Column::Id.is_in(offering_ids.clone()))
        .filter(offering::Column::Status.ne("draft"))
        .all(db)
        .await?;
    let module_ids: Vec<i64> = offerings.iter().map(|o| o.module_id).collect();
    let modules = entity::module::Entity::find()
        .filter(entity::module::Column::Id.is_in(module_ids))
        .all(db)
        .await?;
    let sessions = offering_session::Entity::find()
        .filter(
            offering_session::Column::OfferingId
                .is_in(offerings.iter().map(|o| o.id).collect::<Vec<_>>()),
        )
        .order_by_asc(offering_session::Column::StartsAt)
        .all(db)
        .await?;
    Ok(sessions
        .into_iter()
        .filter_map(|s| {
            let o = offerings.iter().find(|o| o.id == s.offering_id)?;
            let m = modules.iter().find(|m| m.id == o.module_id)?;
            Some((
                s,
                m.code.clone(),
                m.title.clone(),
                o.host_agency.clone(),
                o.status == "cancelled",
            ))
        })
        .collect())
}
