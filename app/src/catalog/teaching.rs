//! Who teaches an offering, as the policy's [`Relation::TeachesOffering`]: instructors are
//! assigned to offerings in `offering_instructors` (the offering form checks they hold the
//! instructor role when assigned).

use entity::offering_instructor;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::auth::CurrentUser;
use crate::auth::policy::{Relation, offering_relation};
use crate::error::DomainError;

/// The relation of offering `offering_id` to `caller`: [`Relation::TeachesOffering`] when they
/// are assigned to teach it, else [`Relation::Other`].
pub async fn relation_to_offering<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    offering_id: i64,
) -> Result<Relation, DomainError> {
    let teaches: Vec<i64> = offering_instructor::Entity::find()
        .filter(offering_instructor::Column::OfferingId.eq(offering_id))
        .filter(offering_instructor::Column::UserId.eq(caller.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| row.user_id)
        .collect();
    Ok(offering_relation(caller.id, &teaches))
}
