//! Attendance (issue 20): live online sessions, the roll call, self check-in and the history of
//! every mark.
//!
//! - `offering_sessions.kind` accepts `live` (a video meeting); such a session keeps its
//!   `meeting_url`, shown to enrolled trainees only. `check_in_secret` is the key of the codes
//!   an instructor shows for self check-in, made the first time they are shown.
//! - `offerings.self_check_in` lets trainees mark themselves present with the code shown;
//!   `late_counts_present` says whether a late arrival counts as attended (it does by default).
//! - `attendance` is one mark per session and enrolment (its key), with how it was taken.
//! - `attendance_changes` is append-only (triggers refuse UPDATE and DELETE): every mark given
//!   or corrected, who gave it, when, the old and new status and, for a correction, why.
//! - `check_in_tries` counts a trainee's wrong codes for a session; at five they must ask the
//!   instructor.
//!
//! A session with marks cannot be deleted (the foreign keys restrict it): marks are evidence
//! for completion and certificates.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::m20261201_000026_create_quizzes::{add_check, at, big, code, drop_check, fk, int};

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATUSES: &[&str] = &["present", "late", "absent", "excused"];
const SOURCES: &[&str] = &["roll_call", "check_in"];

/// (table, column, codes) of the code columns this migration adds or replaces
/// (`offering_sessions.kind` gains `live`).
pub const CODES: &[(&str, &str, &[&str])] = &[
    ("offering_sessions", "kind", &["onsite", "distance", "live"]),
    ("attendance", "status", STATUSES),
    ("attendance", "source", SOURCES),
    ("attendance_changes", "old_status", STATUSES),
    ("attendance_changes", "new_status", STATUSES),
    ("attendance_changes", "source", SOURCES),
];

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Offerings {
    Table,
    SelfCheckIn,
    LateCountsPresent,
}
#[derive(DeriveIden)]
enum OfferingSessions {
    Table,
    Id,
    MeetingUrl,
    CheckInSecret,
}
#[derive(DeriveIden)]
enum Enrollments {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Attendance {
    Table,
    SessionId,
    EnrollmentId,
    Status,
    Note,
    Source,
    RecordedBy,
    RecordedAt,
}
#[derive(DeriveIden)]
enum AttendanceChanges {
    Table,
    Id,
    SessionId,
    EnrollmentId,
    OldStatus,
    NewStatus,
    Note,
    Reason,
    Source,
    ByUser,
    At,
}
#[derive(DeriveIden)]
enum CheckInTries {
    Table,
    SessionId,
    EnrollmentId,
    WrongCodes,
    LastAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Restrict;
        let db = manager.get_connection();
        // One column per statement: SQLite adds one at a time.
        for column in [
            ColumnDef::new(OfferingSessions::MeetingUrl)
                .text()
                .null()
                .to_owned(),
            ColumnDef::new(OfferingSessions::CheckInSecret)
                .text()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(OfferingSessions::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            ColumnDef::new(Offerings::SelfCheckIn)
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
            ColumnDef::new(Offerings::LateCountsPresent)
                .boolean()
                .not_null()
                .default(true)
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Offerings::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Attendance::Table)
                    .col(big(Attendance::SessionId))
                    .col(big(Attendance::EnrollmentId))
                    .col(code(Attendance::Status))
                    .col(ColumnDef::new(Attendance::Note).text().null())
                    .col(code(Attendance::Source))
                    .col(ColumnDef::new(Attendance::RecordedBy).big_integer().null())
                    .col(at(Attendance::RecordedAt))
                    .primary_key(
                        Index::create()
                            .col(Attendance::SessionId)
                            .col(Attendance::EnrollmentId),
                    )
                    .foreign_key(&mut fk(
                        (Attendance::Table, Attendance::SessionId),
                        (OfferingSessions::Table, OfferingSessions::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (Attendance::Table, Attendance::EnrollmentId),
                        (Enrollments::Table, Enrollments::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (Attendance::Table, Attendance::RecordedBy),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attendance_enrollment")
                    .table(Attendance::Table)
                    .col(Attendance::EnrollmentId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AttendanceChanges::Table)
                    .col(
                        ColumnDef::new(AttendanceChanges::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big(AttendanceChanges::SessionId))
                    .col(big(AttendanceChanges::EnrollmentId))
                    .col(
                        ColumnDef::new(AttendanceChanges::OldStatus)
                            .string_len(20)
                            .null(),
                    )
                    .col(code(AttendanceChanges::NewStatus))
                    .col(ColumnDef::new(AttendanceChanges::Note).text().null())
                    .col(ColumnDef::new(AttendanceChanges::Reason).text().null())
                    .col(code(AttendanceChanges::Source))
                    .col(
                        ColumnDef::new(AttendanceChanges::ByUser)
                            .big_integer()
                            .null(),
                    )
                    .col(at(AttendanceChanges::At))
                    .foreign_key(&mut fk(
                        (AttendanceChanges::Table, AttendanceChanges::SessionId),
                        (OfferingSessions::Table, OfferingSessions::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (AttendanceChanges::Table, AttendanceChanges::EnrollmentId),
                        (Enrollments::Table, Enrollments::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (AttendanceChanges::Table, AttendanceChanges::ByUser),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attendance_changes_session")
                    .table(AttendanceChanges::Table)
                    .col(AttendanceChanges::SessionId)
                    .col(AttendanceChanges::EnrollmentId)
                    .to_owned(),
            )
            .await?;
        crate::triggers::append_only(
            db,
            "attendance_changes",
            "attendance changes are append-only",
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(CheckInTries::Table)
                    .col(big(CheckInTries::SessionId))
                    .col(big(CheckInTries::EnrollmentId))
                    .col(
                        int(CheckInTries::WrongCodes)
                            .check(Expr::col(CheckInTries::WrongCodes).gte(0)),
                    )
                    .col(at(CheckInTries::LastAt))
                    .primary_key(
                        Index::create()
                            .col(CheckInTries::SessionId)
                            .col(CheckInTries::EnrollmentId),
                    )
                    .foreign_key(&mut fk(
                        (CheckInTries::Table, CheckInTries::SessionId),
                        (OfferingSessions::Table, OfferingSessions::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (CheckInTries::Table, CheckInTries::EnrollmentId),
                        (Enrollments::Table, Enrollments::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        drop_check(db, "offering_sessions", "kind").await?;
        for (table, column, codes) in CODES {
            add_check(db, table, column, codes).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in [
            CheckInTries::Table.into_iden(),
            AttendanceChanges::Table.into_iden(),
            Attendance::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        crate::triggers::drop_append_only(db, "attendance_changes").await?;
        drop_check(db, "offering_sessions", "kind").await?;
        db.execute_unprepared("DELETE FROM offering_sessions WHERE kind = 'live'")
            .await?;
        add_check(db, "offering_sessions", "kind", &["onsite", "distance"]).await?;
        for column in [
            OfferingSessions::MeetingUrl,
            OfferingSessions::CheckInSecret,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(OfferingSessions::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [Offerings::SelfCheckIn, Offerings::LateCountsPresent] {
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
