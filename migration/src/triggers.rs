//! Append-only tables: triggers that refuse UPDATE and DELETE on both engines, naming the table
//! in the error, as migration 0011 first did for the scholarship ledger. Used by the migrations
//! from 0027 on (earlier ones keep their own, identical, statements: migrations are history).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// Makes `table` append-only; `message` is the error a refused statement raises.
pub(crate) async fn append_only(
    db: &SchemaManagerConnection<'_>,
    table: &str,
    message: &str,
) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!(
            "CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
             FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        ))
        .await?;
    } else {
        for event in ["UPDATE", "DELETE"] {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_no_{} BEFORE {event} ON {table} \
                 BEGIN SELECT RAISE(ABORT, '{message}'); END",
                event.to_lowercase()
            ))
            .await?;
        }
    }
    Ok(())
}

/// Drops what [`append_only`] made for `table` (its triggers go with the table itself).
pub(crate) async fn drop_append_only(
    db: &SchemaManagerConnection<'_>,
    table: &str,
) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!("DROP FUNCTION IF EXISTS {table}_append_only()"))
            .await?;
    }
    Ok(())
}
