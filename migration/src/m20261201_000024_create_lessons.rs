//! Distance learning's content (issue 19): a module's units and lessons, each lesson's text per
//! language as append-only revisions, the instructors named as a module's authors, and which
//! revision of each lesson a trainee's enrolment has read.
//!
//! - `modules.primary_language`: the language a lesson is shown in when the offering's own
//!   language has no translation (with a note saying so). Existing modules take the language of
//!   their first offering, else of their title.
//! - `lesson_revisions` is append-only (triggers refuse UPDATE and DELETE, as the scholarship
//!   ledger's do): saving a lesson adds a revision, so what a trainee read is never rewritten
//!   and `lesson_reads.revision_id` always points at the text they saw. The newest revision of
//!   a (lesson, language) is the one shown; `(lesson_id, language, number)` is unique, so two
//!   authors saving at once cannot both write revision n + 1 (one is told to reload).
//! - `lesson_reads` holds one row per (enrolment, lesson): progress belongs to the enrolment, so
//!   a refresher course keeps its own. Marking a lesson read again moves the row to the
//!   revision just read.
//! - `lesson_drafts` holds what each author is writing, one per (lesson, language, author),
//!   overwritten at each of their previews, with the revision it started from (`based_on`): it is
//!   never shown to trainees, and publishing turns it into a revision. Previewing is a save, so
//!   an author without JavaScript sees the rendered page and loses nothing typed, and two
//!   authors never overwrite each other's drafts.
//! - A lesson is retired rather than deleted (`retired_at`), because revisions and reads point
//!   at it; a retired lesson is hidden from trainees and left out of progress.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Modules {
    Table,
    Id,
    PrimaryLanguage,
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

#[derive(DeriveIden)]
enum ModuleAuthors {
    Table,
    ModuleId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
    ModuleId,
    Position,
    Title,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Lessons {
    Table,
    Id,
    UnitId,
    Position,
    RetiredAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LessonRevisions {
    Table,
    Id,
    LessonId,
    Language,
    Number,
    Title,
    Markdown,
    Html,
    AuthorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LessonDrafts {
    Table,
    LessonId,
    Language,
    AuthorId,
    BasedOn,
    Title,
    Markdown,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LessonReads {
    Table,
    EnrollmentId,
    LessonId,
    RevisionId,
    ReadAt,
}

const LANGUAGES: [&str; 4] = ["en", "es", "pt", "fr"];

fn language_check(column: impl IntoColumnRef) -> SimpleExpr {
    Expr::col(column).is_in(LANGUAGES)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Modules::Table)
                    .add_column(
                        ColumnDef::new(Modules::PrimaryLanguage)
                            .string_len(2)
                            .not_null()
                            .default("en")
                            .check(language_check(Modules::PrimaryLanguage)),
                    )
                    .to_owned(),
            )
            .await?;
        // The language the module is taught in first, else the one its title was written in.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE modules SET primary_language = COALESCE( \
                   (SELECT o.language FROM offerings o WHERE o.module_id = modules.id \
                     ORDER BY o.starts_on, o.id LIMIT 1), \
                   CASE WHEN title LIKE '%\"es\":\"_%' THEN 'es' \
                        WHEN title LIKE '%\"en\":\"_%' THEN 'en' \
                        WHEN title LIKE '%\"pt\":\"_%' THEN 'pt' \
                        WHEN title LIKE '%\"fr\":\"_%' THEN 'fr' ELSE 'en' END)",
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ModuleAuthors::Table)
                    .col(
                        ColumnDef::new(ModuleAuthors::ModuleId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ModuleAuthors::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ModuleAuthors::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(ModuleAuthors::ModuleId)
                            .col(ModuleAuthors::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ModuleAuthors::Table, ModuleAuthors::ModuleId)
                            .to(Modules::Table, Modules::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ModuleAuthors::Table, ModuleAuthors::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_module_authors_user")
                    .table(ModuleAuthors::Table)
                    .col(ModuleAuthors::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Units::Table)
                    .col(
                        ColumnDef::new(Units::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Units::ModuleId).big_integer().not_null())
                    .col(
                        ColumnDef::new(Units::Position)
                            .integer()
                            .not_null()
                            .check(Expr::col(Units::Position).gte(0)),
                    )
                    .col(ColumnDef::new(Units::Title).text().not_null())
                    .col(
                        ColumnDef::new(Units::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Units::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Units::Table, Units::ModuleId)
                            .to(Modules::Table, Modules::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_units_module")
                    .table(Units::Table)
                    .col(Units::ModuleId)
                    .col(Units::Position)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Lessons::Table)
                    .col(
                        ColumnDef::new(Lessons::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Lessons::UnitId).big_integer().not_null())
                    .col(
                        ColumnDef::new(Lessons::Position)
                            .integer()
                            .not_null()
                            .check(Expr::col(Lessons::Position).gte(0)),
                    )
                    .col(
                        ColumnDef::new(Lessons::RetiredAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Lessons::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Lessons::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Lessons::Table, Lessons::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lessons_unit")
                    .table(Lessons::Table)
                    .col(Lessons::UnitId)
                    .col(Lessons::Position)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LessonRevisions::Table)
                    .col(
                        ColumnDef::new(LessonRevisions::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(LessonRevisions::LessonId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonRevisions::Language)
                            .string_len(2)
                            .not_null()
                            .check(language_check(LessonRevisions::Language)),
                    )
                    .col(
                        ColumnDef::new(LessonRevisions::Number)
                            .integer()
                            .not_null()
                            .check(Expr::col(LessonRevisions::Number).gte(1)),
                    )
                    .col(
                        ColumnDef::new(LessonRevisions::Title)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(ColumnDef::new(LessonRevisions::Markdown).text().not_null())
                    .col(ColumnDef::new(LessonRevisions::Html).text().not_null())
                    .col(
                        ColumnDef::new(LessonRevisions::AuthorId)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(LessonRevisions::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LessonRevisions::Table, LessonRevisions::LessonId)
                            .to(Lessons::Table, Lessons::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LessonRevisions::Table, LessonRevisions::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_lesson_revisions_number")
                    .table(LessonRevisions::Table)
                    .col(LessonRevisions::LessonId)
                    .col(LessonRevisions::Language)
                    .col(LessonRevisions::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LessonDrafts::Table)
                    .col(
                        ColumnDef::new(LessonDrafts::LessonId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonDrafts::Language)
                            .string_len(2)
                            .not_null()
                            .check(language_check(LessonDrafts::Language)),
                    )
                    .col(
                        ColumnDef::new(LessonDrafts::Title)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(ColumnDef::new(LessonDrafts::Markdown).text().not_null())
                    .col(
                        ColumnDef::new(LessonDrafts::AuthorId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(LessonDrafts::BasedOn).integer().null())
                    .col(
                        ColumnDef::new(LessonDrafts::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(LessonDrafts::LessonId)
                            .col(LessonDrafts::Language)
                            .col(LessonDrafts::AuthorId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LessonDrafts::Table, LessonDrafts::LessonId)
                            .to(Lessons::Table, Lessons::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LessonDrafts::Table, LessonDrafts::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LessonReads::Table)
                    .col(
                        ColumnDef::new(LessonReads::EnrollmentId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonReads::LessonId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonReads::RevisionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonReads::ReadAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(LessonReads::EnrollmentId)
                            .col(LessonReads::LessonId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LessonReads::Table, LessonReads::EnrollmentId)
                            .to(Enrollments::Table, Enrollments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LessonReads::Table, LessonReads::LessonId)
                            .to(Lessons::Table, Lessons::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LessonReads::Table, LessonReads::RevisionId)
                            .to(LessonRevisions::Table, LessonRevisions::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION lesson_revisions_append_only() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION 'lesson revisions are append-only'; END; \
                     $$ LANGUAGE plpgsql",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER lesson_revisions_append_only BEFORE UPDATE OR DELETE \
                     ON lesson_revisions FOR EACH ROW EXECUTE FUNCTION lesson_revisions_append_only()",
                )
                .await?;
            }
            _ => {
                for event in ["UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER lesson_revisions_no_{} BEFORE {event} ON lesson_revisions \
                         BEGIN SELECT RAISE(ABORT, 'lesson revisions are append-only'); END",
                        event.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LessonReads::Table.into_iden(),
            LessonDrafts::Table.into_iden(),
            LessonRevisions::Table.into_iden(),
            Lessons::Table.into_iden(),
            Units::Table.into_iden(),
            ModuleAuthors::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS lesson_revisions_append_only()")
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Modules::Table)
                    .drop_column(Modules::PrimaryLanguage)
                    .to_owned(),
            )
            .await
    }
}
