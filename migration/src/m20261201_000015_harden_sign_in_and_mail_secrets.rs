//! Failed sign-ins counted per account *and* client address, and outbox messages that carry a
//! secret link: they expire with it and are redacted once sent (issue 17).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoginFailures::Table)
                    // SHA-256 of the normalised address typed, whether or not it has an account:
                    // an unknown address is locked exactly like a known one.
                    .col(
                        ColumnDef::new(LoginFailures::AccountKey)
                            .char_len(64)
                            .not_null(),
                    )
                    // The client address the attempts came from: a stranger elsewhere locks
                    // only their own address out, never the officer's.
                    .col(
                        ColumnDef::new(LoginFailures::Client)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LoginFailures::Failures)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(LoginFailures::LastFailedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LoginFailures::LockedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(LoginFailures::AccountKey)
                            .col(LoginFailures::Client),
                    )
                    .check(Expr::col(LoginFailures::Failures).gte(0))
                    .to_owned(),
            )
            .await?;
        // Old counters are tidied by age.
        manager
            .create_index(
                Index::create()
                    .name("idx_login_failures_last_failed")
                    .table(LoginFailures::Table)
                    .col(LoginFailures::LastFailedAt)
                    .to_owned(),
            )
            .await?;

        // SQLite adds one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    // When the link the message carries stops working: not sent after that.
                    .add_column(
                        ColumnDef::new(Outbox::ExpiresAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    // The body carries a secret link: it is redacted once sent or expired.
                    .add_column(
                        ColumnDef::new(Outbox::RedactAfterSend)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(
                        ColumnDef::new(Outbox::RedactedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        // The worker's sweep of expired secrets reads only the rows still holding one.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX idx_outbox_secret_expiry ON outbox (expires_at) \
                 WHERE redact_after_send AND redacted_at IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS idx_outbox_secret_expiry")
            .await?;
        for column in [
            Outbox::RedactedAt,
            Outbox::RedactAfterSend,
            Outbox::ExpiresAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Outbox::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(LoginFailures::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    AccountKey,
    Client,
    Failures,
    LastFailedAt,
    LockedUntil,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    ExpiresAt,
    RedactAfterSend,
    RedactedAt,
}
