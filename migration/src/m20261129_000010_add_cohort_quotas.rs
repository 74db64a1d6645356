//! Cohort quotas on offerings, all optional: a minimum share of seats held for civilians (or
//! for police) until enrolment closes, and a maximum number of seats per agency and per country.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(Offerings::Table)
                    // `civilian` or `police`: whose share of seats is held back.
                    .add_column(
                        ColumnDef::new(Offerings::QuotaAffiliation)
                            .string_len(16)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        for column in [
            // Percent of the capacity held for `quota_affiliation` until enrolment closes.
            Offerings::QuotaMinPercent,
            Offerings::QuotaMaxPerAgency,
            Offerings::QuotaMaxPerCountry,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Offerings::Table)
                        .add_column(ColumnDef::new(column).integer().null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Offerings::QuotaAffiliation,
            Offerings::QuotaMinPercent,
            Offerings::QuotaMaxPerAgency,
            Offerings::QuotaMaxPerCountry,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Offerings::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Offerings {
    Table,
    QuotaAffiliation,
    QuotaMinPercent,
    QuotaMaxPerAgency,
    QuotaMaxPerCountry,
}
