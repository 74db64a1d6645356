//! How long uploaded files are kept: a CSV import of people (names, addresses, agencies) waits
//! for its confirmation for a day at most, then goes, imported or not.

use chrono::{DateTime, Duration, Utc};
use entity::import_batch;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::error::DomainError;

/// How long an uploaded import file is kept after its upload.
pub const IMPORT_KEPT_FOR: Duration = Duration::days(1);

/// Deletes the import uploads older than [`IMPORT_KEPT_FOR`] at `now`, and returns how many.
/// One conditional `DELETE`: running it again, or in several processes at once, deletes each
/// file once and nothing else.
pub async fn purge_stale_imports(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<u64, DomainError> {
    let deleted = import_batch::Entity::delete_many()
        .filter(import_batch::Column::CreatedAt.lt(now - IMPORT_KEPT_FOR))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}
