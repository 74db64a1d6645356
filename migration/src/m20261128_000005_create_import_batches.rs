//! Checked CSV imports waiting for confirmation (and their outcome, once imported).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImportBatches::Table)
                    .col(
                        ColumnDef::new(ImportBatches::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(ImportBatches::CreatedBy)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ImportBatches::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ImportBatches::FileName)
                            .string_len(200)
                            .null(),
                    )
                    .col(ColumnDef::new(ImportBatches::CsvText).text().not_null())
                    // The checked report, as JSON.
                    .col(ColumnDef::new(ImportBatches::Report).text().not_null())
                    // `checked` until confirmed, then `imported`.
                    .col(
                        ColumnDef::new(ImportBatches::Status)
                            .string_len(16)
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_batches_user")
                            .from(ImportBatches::Table, ImportBatches::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportBatches::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ImportBatches {
    Table,
    Id,
    CreatedBy,
    CreatedAt,
    FileName,
    CsvText,
    Report,
    Status,
}
