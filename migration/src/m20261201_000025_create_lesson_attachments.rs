//! Lesson attachments (issue 19): PDFs, images and audio files a lesson shows or offers. The
//! file itself lives in the file store (`PICAP_FILES_DIR`) under the hex SHA-256 of its bytes,
//! never under a name anyone typed; this row says which lesson shows it, what it is (checked
//! from its bytes), the name it is offered under, and the image's alternative text or the
//! audio's transcript. Removing an attachment sets `removed_at`: the row stays, so the files a
//! revision showed remain known.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Lessons {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LessonAttachments {
    Table,
    Id,
    LessonId,
    Sha256,
    Kind,
    MediaType,
    SizeBytes,
    FileName,
    AltText,
    Transcript,
    AuthorId,
    CreatedAt,
    RemovedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LessonAttachments::Table)
                    .col(
                        ColumnDef::new(LessonAttachments::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(LessonAttachments::LessonId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonAttachments::Sha256)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonAttachments::Kind)
                            .string_len(10)
                            .not_null()
                            .check(
                                Expr::col(LessonAttachments::Kind).is_in(["pdf", "image", "audio"]),
                            ),
                    )
                    .col(
                        ColumnDef::new(LessonAttachments::MediaType)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonAttachments::SizeBytes)
                            .big_integer()
                            .not_null()
                            .check(Expr::col(LessonAttachments::SizeBytes).gt(0)),
                    )
                    .col(
                        ColumnDef::new(LessonAttachments::FileName)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonAttachments::AltText)
                            .string_len(300)
                            .null(),
                    )
                    .col(ColumnDef::new(LessonAttachments::Transcript).text().null())
                    .col(
                        ColumnDef::new(LessonAttachments::AuthorId)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(LessonAttachments::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LessonAttachments::RemovedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LessonAttachments::Table, LessonAttachments::LessonId)
                            .to(Lessons::Table, Lessons::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LessonAttachments::Table, LessonAttachments::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lesson_attachments_lesson")
                    .table(LessonAttachments::Table)
                    .col(LessonAttachments::LessonId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LessonAttachments::Table).to_owned())
            .await
    }
}
