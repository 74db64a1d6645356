//! Modular scholarships: a funder's programme with its budget, people's applications, the grants
//! awarded (valid for every covered module), the commitments each grant makes for enrolments,
//! and an append-only ledger of every movement of money.
//!
//! Money is kept in minor units (cents) as 64-bit integers. The database itself refuses any
//! state where a budget or a grant would go below zero (CHECK constraints), and refuses to
//! change or delete a ledger row (triggers), so no code path, present or future, can break it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn money<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column)
        .big_integer()
        .not_null()
        .default(0)
        .to_owned()
}

fn at<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ScholarshipProgrammes::Table)
                    .col(id(ScholarshipProgrammes::Id))
                    .col(
                        ColumnDef::new(ScholarshipProgrammes::Name)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipProgrammes::Funder)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipProgrammes::Currency)
                            .string_len(3)
                            .not_null(),
                    )
                    .col(money(ScholarshipProgrammes::Budget))
                    .col(money(ScholarshipProgrammes::PerPersonMax))
                    // JSON arrays: what it pays for, and who may apply (empty: everyone).
                    .col(
                        ColumnDef::new(ScholarshipProgrammes::Covers)
                            .text()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipProgrammes::EligibleCountries)
                            .text()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipProgrammes::EligibleAffiliations)
                            .text()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipProgrammes::Opens)
                            .date()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipProgrammes::Closes)
                            .date()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipProgrammes::Conditions)
                            .text()
                            .not_null(),
                    )
                    // Sum of grants; part of it committed to enrolments, part spent.
                    .col(money(ScholarshipProgrammes::Awarded))
                    .col(money(ScholarshipProgrammes::Committed))
                    .col(money(ScholarshipProgrammes::Spent))
                    .col(at(ScholarshipProgrammes::CreatedAt))
                    .col(at(ScholarshipProgrammes::UpdatedAt))
                    .check((
                        "ck_scholarship_budget",
                        Expr::cust("budget >= 0 AND per_person_max > 0"),
                    ))
                    .check((
                        "ck_scholarship_awarded",
                        Expr::cust("awarded >= 0 AND awarded <= budget"),
                    ))
                    .check((
                        "ck_scholarship_used",
                        Expr::cust(
                            "committed >= 0 AND spent >= 0 AND committed + spent <= awarded",
                        ),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScholarshipModules::Table)
                    .col(
                        ColumnDef::new(ScholarshipModules::ProgrammeId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipModules::ModuleId)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(ScholarshipModules::ProgrammeId)
                            .col(ScholarshipModules::ModuleId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ScholarshipModules::Table, ScholarshipModules::ProgrammeId)
                            .to(ScholarshipProgrammes::Table, ScholarshipProgrammes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ScholarshipModules::Table, ScholarshipModules::ModuleId)
                            .to(Modules::Table, Modules::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScholarshipApplications::Table)
                    .col(id(ScholarshipApplications::Id))
                    .col(
                        ColumnDef::new(ScholarshipApplications::ProgrammeId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipApplications::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipApplications::Statement)
                            .text()
                            .not_null(),
                    )
                    // `submitted`, `awarded` or `rejected`.
                    .col(
                        ColumnDef::new(ScholarshipApplications::Status)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipApplications::Score)
                            .integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipApplications::Comment)
                            .text()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipApplications::ReviewedBy)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipApplications::DecidedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(at(ScholarshipApplications::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ScholarshipApplications::Table,
                                ScholarshipApplications::ProgrammeId,
                            )
                            .to(ScholarshipProgrammes::Table, ScholarshipProgrammes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ScholarshipApplications::Table,
                                ScholarshipApplications::UserId,
                            )
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_scholarship_applications_person")
                    .table(ScholarshipApplications::Table)
                    .col(ScholarshipApplications::ProgrammeId)
                    .col(ScholarshipApplications::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Grants::Table)
                    .col(id(Grants::Id))
                    .col(ColumnDef::new(Grants::ProgrammeId).big_integer().not_null())
                    .col(ColumnDef::new(Grants::ApplicationId).big_integer().not_null().unique_key())
                    .col(ColumnDef::new(Grants::UserId).big_integer().not_null())
                    .col(money(Grants::Amount))
                    .col(money(Grants::Committed))
                    .col(money(Grants::Spent))
                    .col(at(Grants::CreatedAt))
                    .check((
                        "ck_grant_used",
                        Expr::cust("amount > 0 AND committed >= 0 AND spent >= 0 AND committed + spent <= amount"),
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Grants::Table, Grants::ProgrammeId)
                            .to(ScholarshipProgrammes::Table, ScholarshipProgrammes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Grants::Table, Grants::ApplicationId)
                            .to(ScholarshipApplications::Table, ScholarshipApplications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Grants::Table, Grants::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_grants_user")
                    .table(Grants::Table)
                    .col(Grants::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GrantCommitments::Table)
                    .col(id(GrantCommitments::Id))
                    .col(
                        ColumnDef::new(GrantCommitments::GrantId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(GrantCommitments::EnrollmentId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(GrantCommitments::Amount)
                            .big_integer()
                            .not_null(),
                    )
                    // `committed`, then `released` or `spent`.
                    .col(
                        ColumnDef::new(GrantCommitments::Status)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(at(GrantCommitments::CreatedAt))
                    .col(at(GrantCommitments::UpdatedAt))
                    .check(("ck_commitment_amount", Expr::cust("amount > 0")))
                    .foreign_key(
                        ForeignKey::create()
                            .from(GrantCommitments::Table, GrantCommitments::GrantId)
                            .to(Grants::Table, Grants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GrantCommitments::Table, GrantCommitments::EnrollmentId)
                            .to(Enrollments::Table, Enrollments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // One live commitment per enrolment.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_grant_commitments_live ON grant_commitments (enrollment_id) \
             WHERE status = 'committed'",
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScholarshipLedger::Table)
                    .col(id(ScholarshipLedger::Id))
                    .col(
                        ColumnDef::new(ScholarshipLedger::ProgrammeId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipLedger::GrantId)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipLedger::EnrollmentId)
                            .big_integer()
                            .null(),
                    )
                    // `award`, `commit`, `release` or `spend`.
                    .col(
                        ColumnDef::new(ScholarshipLedger::Kind)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ScholarshipLedger::Amount)
                            .big_integer()
                            .not_null(),
                    )
                    // Who caused it; NULL for the system (a cancelled offering, say).
                    .col(
                        ColumnDef::new(ScholarshipLedger::ActorId)
                            .big_integer()
                            .null(),
                    )
                    .col(ColumnDef::new(ScholarshipLedger::Reason).text().not_null())
                    .col(at(ScholarshipLedger::CreatedAt))
                    .check(("ck_ledger_amount", Expr::cust("amount > 0")))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ScholarshipLedger::Table, ScholarshipLedger::ProgrammeId)
                            .to(ScholarshipProgrammes::Table, ScholarshipProgrammes::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_scholarship_ledger_programme")
                    .table(ScholarshipLedger::Table)
                    .col(ScholarshipLedger::ProgrammeId)
                    .col(ScholarshipLedger::Id)
                    .to_owned(),
            )
            .await?;
        // The ledger is append-only: the database refuses updates and deletes.
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for event in ["UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER scholarship_ledger_no_{} BEFORE {event} ON scholarship_ledger \
                         BEGIN SELECT RAISE(ABORT, 'the scholarship ledger is append-only'); END",
                        event.to_lowercase()
                    ))
                    .await?;
                }
            }
            _ => {
                db.execute_unprepared(
                    "CREATE FUNCTION scholarship_ledger_append_only() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION 'the scholarship ledger is append-only'; END; \
                     $$ LANGUAGE plpgsql",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER scholarship_ledger_append_only BEFORE UPDATE OR DELETE \
                     ON scholarship_ledger FOR EACH ROW EXECUTE FUNCTION scholarship_ledger_append_only()",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ScholarshipLedger::Table.into_iden(),
            GrantCommitments::Table.into_iden(),
            Grants::Table.into_iden(),
            ScholarshipApplications::Table.into_iden(),
            ScholarshipModules::Table.into_iden(),
            ScholarshipProgrammes::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS scholarship_ledger_append_only()")
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ScholarshipProgrammes {
    Table,
    Id,
    Name,
    Funder,
    Currency,
    Budget,
    PerPersonMax,
    Covers,
    EligibleCountries,
    EligibleAffiliations,
    Opens,
    Closes,
    Conditions,
    Awarded,
    Committed,
    Spent,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ScholarshipModules {
    Table,
    ProgrammeId,
    ModuleId,
}

#[derive(DeriveIden)]
enum ScholarshipApplications {
    Table,
    Id,
    ProgrammeId,
    UserId,
    Statement,
    Status,
    Score,
    Comment,
    ReviewedBy,
    DecidedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Grants {
    Table,
    Id,
    ProgrammeId,
    ApplicationId,
    UserId,
    Amount,
    Committed,
    Spent,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GrantCommitments {
    Table,
    Id,
    GrantId,
    EnrollmentId,
    Amount,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ScholarshipLedger {
    Table,
    Id,
    ProgrammeId,
    GrantId,
    EnrollmentId,
    Kind,
    Amount,
    ActorId,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Modules {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Enrollments {
    Table,
    Id,
}
