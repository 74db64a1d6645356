//! The job runner's table (issue 18 §1): scheduled work as rows, so it survives restarts and is
//! shared by every server process on the database.
//!
//! `(kind, subject)` is unique: the same job is never queued twice, whoever queues it. A runner
//! claims due rows by setting `leased_until` (under `FOR UPDATE SKIP LOCKED` on PostgreSQL, the
//! single writer on SQLite); a runner that dies mid-job leaves a lease that runs out, and the
//! job is claimed again. `kind` is a code checked by the database; a new kind is a migration
//! that replaces its check (migration 0021).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DueJobs {
    Table,
    Id,
    Kind,
    Subject,
    DueAt,
    Attempts,
    LastError,
    LeasedUntil,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DueJobs::Table)
                    .col(
                        ColumnDef::new(DueJobs::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    // Its codes are checked by migration 0021, as every code column is, so a new
                    // kind is a migration that replaces that check on either engine.
                    .col(ColumnDef::new(DueJobs::Kind).string_len(40).not_null())
                    .col(
                        ColumnDef::new(DueJobs::Subject)
                            .string_len(100)
                            .not_null()
                            .default(""),
                    )
                    .col(
                        ColumnDef::new(DueJobs::DueAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DueJobs::Attempts)
                            .integer()
                            .not_null()
                            .default(0)
                            .check(Expr::col(DueJobs::Attempts).gte(0)),
                    )
                    .col(ColumnDef::new(DueJobs::LastError).text().null())
                    .col(
                        ColumnDef::new(DueJobs::LeasedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(DueJobs::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_due_jobs_kind_subject")
                    .table(DueJobs::Table)
                    .col(DueJobs::Kind)
                    .col(DueJobs::Subject)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_due_jobs_due_at")
                    .table(DueJobs::Table)
                    .col(DueJobs::DueAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DueJobs::Table).to_owned())
            .await
    }
}
