//! Verified people (issue 17 §1): a self-registered person proves their address with an emailed
//! link, and their membership of an agency stays pending until the agency's coordinator (or an
//! administrator) confirms it. An agency a newcomer asks for is stored unlisted until an
//! administrator accepts it.
//!
//! Everyone already here was created before verification existed: they count as verified (at
//! their account's creation) and confirmed, so nobody loses a right by this migration.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    EmailVerifiedAt,
    CreatedAt,
    Membership,
    MembershipDecidedBy,
    MembershipDecidedAt,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Listed,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let add = |column: ColumnDef| {
            Table::alter()
                .table(Users::Table)
                .add_column(column)
                .to_owned()
        };
        manager
            .alter_table(add(ColumnDef::new(Users::EmailVerifiedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned()))
            .await?;
        manager
            .alter_table(add(ColumnDef::new(Users::Membership)
                .string_len(16)
                .not_null()
                .default("confirmed")
                .check(Expr::col(Users::Membership).is_in(["pending", "confirmed", "declined"]))
                .to_owned()))
            .await?;
        manager
            .alter_table(add(ColumnDef::new(Users::MembershipDecidedBy)
                .big_integer()
                .null()
                .to_owned()))
            .await?;
        manager
            .alter_table(add(ColumnDef::new(Users::MembershipDecidedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned()))
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Users::Table)
                    .value(Users::EmailVerifiedAt, Expr::col(Users::CreatedAt))
                    .and_where(Expr::col(Users::EmailVerifiedAt).is_null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Agencies::Table)
                    .add_column(
                        ColumnDef::new(Agencies::Listed)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Agencies::Table)
                    .drop_column(Agencies::Listed)
                    .to_owned(),
            )
            .await?;
        for column in [
            Users::MembershipDecidedAt,
            Users::MembershipDecidedBy,
            Users::Membership,
            Users::EmailVerifiedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
