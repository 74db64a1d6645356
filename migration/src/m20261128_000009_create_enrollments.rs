//! Enrolments: a person's place in an offering, and the seat and waitlist counters on the
//! offering that make "a seat is given once" hold under concurrency.
//!
//! Every change to an offering's enrolments first updates the offering's row (taking its row
//! lock on PostgreSQL; SQLite write transactions are already serialized), so counters and
//! waitlist positions are read and written by one transaction at a time per offering.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Offerings::SeatsTaken, Offerings::WaitlistLength] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Offerings::Table)
                        .add_column(ColumnDef::new(column).integer().not_null().default(0))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Enrollments::Table)
                    .col(
                        ColumnDef::new(Enrollments::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Enrollments::OfferingId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Enrollments::UserId).big_integer().not_null())
                    .col(
                        ColumnDef::new(Enrollments::Status)
                            .string_len(24)
                            .not_null(),
                    )
                    // 1, 2, 3… without gaps while waitlisted; NULL otherwise.
                    .col(
                        ColumnDef::new(Enrollments::WaitlistPosition)
                            .integer()
                            .null(),
                    )
                    // The coordinator who nominated the person, if any.
                    .col(
                        ColumnDef::new(Enrollments::NominatedBy)
                            .big_integer()
                            .null(),
                    )
                    // The reason given with the last decision (rejection, move, withdrawal).
                    .col(ColumnDef::new(Enrollments::Reason).text().null())
                    .col(
                        ColumnDef::new(Enrollments::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Enrollments::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Enrollments::Table, Enrollments::OfferingId)
                            .to(Offerings::Table, Offerings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Enrollments::Table, Enrollments::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Enrollments::Table, Enrollments::NominatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // One active application per person and offering; a withdrawn or rejected one does not
        // stop a new application. Both engines support partial indexes.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_enrollments_active ON enrollments (offering_id, user_id) \
                 WHERE status IN ('pending_endorsement', 'pending_acceptance', 'enrolled', \
                 'waitlisted', 'completed')",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_enrollments_offering_status_position")
                    .table(Enrollments::Table)
                    .col(Enrollments::OfferingId)
                    .col(Enrollments::Status)
                    .col(Enrollments::WaitlistPosition)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_enrollments_user")
                    .table(Enrollments::Table)
                    .col(Enrollments::UserId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Enrollments::Table).to_owned())
            .await?;
        for column in [Offerings::SeatsTaken, Offerings::WaitlistLength] {
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
enum Enrollments {
    Table,
    Id,
    OfferingId,
    UserId,
    Status,
    WaitlistPosition,
    NominatedBy,
    Reason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Offerings {
    Table,
    Id,
    SeatsTaken,
    WaitlistLength,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
