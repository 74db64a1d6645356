//! One-time password tokens (reset and invitation) and per-address rate-limit counters.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PasswordTokens::Table)
                    .col(
                        ColumnDef::new(PasswordTokens::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    // SHA-256 of the emailed token: a copy of the table resets no password.
                    .col(
                        ColumnDef::new(PasswordTokens::TokenHash)
                            .char_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(PasswordTokens::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    // `reset` (one hour) or `invitation` (seven days).
                    .col(
                        ColumnDef::new(PasswordTokens::Purpose)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PasswordTokens::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PasswordTokens::ExpiresAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PasswordTokens::UsedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_password_tokens_user")
                            .from(PasswordTokens::Table, PasswordTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_password_tokens_user")
                    .table(PasswordTokens::Table)
                    .col(PasswordTokens::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    .col(ColumnDef::new(RateLimits::Scope).string_len(32).not_null())
                    .col(ColumnDef::new(RateLimits::Client).string_len(64).not_null())
                    // Unix minute the counter belongs to (fixed one-minute windows).
                    .col(
                        ColumnDef::new(RateLimits::WindowStart)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(RateLimits::Hits).integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(RateLimits::Scope)
                            .col(RateLimits::Client)
                            .col(RateLimits::WindowStart),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RateLimits::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PasswordTokens::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PasswordTokens {
    Table,
    Id,
    TokenHash,
    UserId,
    Purpose,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Scope,
    Client,
    WindowStart,
    Hits,
}
