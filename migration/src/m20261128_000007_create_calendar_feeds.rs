//! Private calendar feeds: one revocable link per person to their own sessions.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CalendarFeeds::Table)
                    .col(
                        ColumnDef::new(CalendarFeeds::UserId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    // SHA-256 of the token in the link: a copy of the table opens no calendar.
                    .col(
                        ColumnDef::new(CalendarFeeds::TokenHash)
                            .char_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(CalendarFeeds::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_calendar_feeds_user")
                            .from(CalendarFeeds::Table, CalendarFeeds::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CalendarFeeds::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CalendarFeeds {
    Table,
    UserId,
    TokenHash,
    CreatedAt,
}
