//! People and their roles. A person may hold several roles (a coordinator is often also a
//! trainee), so roles live in their own table rather than in a column.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(
                        ColumnDef::new(Users::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    // Stored lower-cased, so the unique key is case-insensitive on both engines.
                    .col(
                        ColumnDef::new(Users::Email)
                            .string_len(320)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Users::FullName).string_len(200).not_null())
                    .col(ColumnDef::new(Users::Country).char_len(2).not_null())
                    .col(ColumnDef::new(Users::Agency).string_len(200).not_null())
                    .col(ColumnDef::new(Users::Rank).string_len(120).not_null())
                    .col(ColumnDef::new(Users::Affiliation).string_len(16).not_null())
                    .col(ColumnDef::new(Users::Gender).string_len(32).null())
                    .col(
                        ColumnDef::new(Users::PreferredLanguage)
                            .char_len(2)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Users::PasswordHash).text().null())
                    .col(
                        ColumnDef::new(Users::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(
                        ColumnDef::new(Users::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Users::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .check(Expr::col(Users::Affiliation).is_in(["police", "civilian"]))
                    .check(Expr::col(Users::PreferredLanguage).is_in(["en", "es", "pt", "fr"]))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UserRoles::Table)
                    .col(ColumnDef::new(UserRoles::UserId).big_integer().not_null())
                    .col(ColumnDef::new(UserRoles::Role).string_len(16).not_null())
                    .primary_key(Index::create().col(UserRoles::UserId).col(UserRoles::Role))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_roles_user")
                            .from(UserRoles::Table, UserRoles::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(UserRoles::Role).is_in([
                        "trainee",
                        "instructor",
                        "coordinator",
                        "administrator",
                    ]))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(UserRoles::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    FullName,
    Country,
    Agency,
    Rank,
    Affiliation,
    Gender,
    PreferredLanguage,
    PasswordHash,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UserRoles {
    Table,
    UserId,
    Role,
}
