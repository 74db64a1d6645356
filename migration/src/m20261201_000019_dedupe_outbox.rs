//! Every outbox message carries a dedupe key naming what it is about (say
//! `enrollment-status:42:enrolled`), unique across the outbox: queuing the same message twice,
//! by a retried request or a job run again after a crash, inserts it once (issue 18 §4).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds a NOT NULL column only with a default. No message is queued without a
        // key, and a second empty key would be refused by the unique index below, so the
        // default never stands for a real key.
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(
                        ColumnDef::new(Outbox::DedupeKey)
                            .string_len(200)
                            .not_null()
                            .default(""),
                    )
                    .to_owned(),
            )
            .await?;
        // Messages queued before keys existed are each about themselves.
        manager
            .get_connection()
            .execute_unprepared("UPDATE outbox SET dedupe_key = 'message:' || message_id")
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_outbox_dedupe_key")
                    .table(Outbox::Table)
                    .col(Outbox::DedupeKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_outbox_dedupe_key")
                    .table(Outbox::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::DedupeKey)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    DedupeKey,
}
