//! Quizzes (issue 19): a module's question bank, its quizzes, when each offering opens them,
//! and the attempts of trainees' enrolments with their answers.
//!
//! - `questions` hold what is language-independent: kind, points (hundredths), tags, how many
//!   options, and the answer key (JSON), numbered: correcting a key adds one to `key_number`, and
//!   regrading records which key each answer was graded with.
//! - `question_texts` hold each language's prompt, options and feedback (Markdown and its
//!   sanitised HTML).
//! - `quizzes` belong to a unit; a module has at most one live pre-test and one live post-test
//!   (a partial unique index). `quiz_questions` is the fixed list; a quiz with `draw_count`
//!   draws that many from the questions tagged with `draw_tags` instead.
//! - `quiz_schedules` is an offering's own opening, closing and number of attempts; without a
//!   row a quiz follows the offering's distance window.
//! - `quiz_attempts` belong to the enrolment. The server keeps time: `deadline` is stored when
//!   the attempt starts. `(enrollment_id, quiz_id, number)` is unique, and a partial unique
//!   index allows one open attempt per enrolment and quiz, so a double click or two tabs start
//!   one attempt, never two.
//! - `attempt_answers` copy what the trainee was shown (prompt, options in their shuffled order,
//!   points), so a later correction of the question never changes the attempt's text.
//! - `grade_changes` is append-only (triggers refuse UPDATE and DELETE): every essay graded and
//!   every regrade, with who, when, old and new score.
//! - `due_jobs.kind` accepts the new periodic job that submits attempts left open past their
//!   deadline.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The job kinds `due_jobs.kind` accepts from this migration on.
pub const JOB_KINDS: &[&str] = &[
    "release_held_seats",
    "refresh_next_starts",
    "purge_stale_imports",
    "submit_overdue_attempts",
];

const JOB_KINDS_BEFORE: &[&str] = &[
    "release_held_seats",
    "refresh_next_starts",
    "purge_stale_imports",
];

/// (table, column, codes) of the code columns this migration adds.
pub const CODES: &[(&str, &str, &[&str])] = &[
    (
        "questions",
        "kind",
        &[
            "single",
            "multiple",
            "true_false",
            "numeric",
            "short_text",
            "essay",
        ],
    ),
    ("question_texts", "language", &["en", "es", "pt", "fr"]),
    ("quizzes", "role", &["practice", "pre_test", "post_test"]),
    ("quizzes", "counted", &["best", "last", "average"]),
    (
        "quizzes",
        "feedback",
        &["after_attempt", "after_close", "never"],
    ),
    ("quiz_attempts", "language", &["en", "es", "pt", "fr"]),
    ("quiz_attempts", "submitted_how", &["trainee", "deadline"]),
    ("grade_changes", "reason", &["essay", "regrade"]),
];

#[derive(DeriveIden)]
enum Modules {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Offerings {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Enrollments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Questions {
    Table,
    Id,
    ModuleId,
    Kind,
    Points,
    Tags,
    OptionCount,
    AnswerKey,
    KeyNumber,
    RetiredAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum QuestionTexts {
    Table,
    QuestionId,
    Language,
    Prompt,
    PromptHtml,
    Options,
    Feedback,
    FeedbackHtml,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Quizzes {
    Table,
    Id,
    ModuleId,
    UnitId,
    Title,
    Role,
    DrawCount,
    DrawTags,
    Shuffle,
    AttemptsAllowed,
    TimeLimitMinutes,
    Counted,
    Feedback,
    RetiredAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum QuizQuestions {
    Table,
    QuizId,
    QuestionId,
    Position,
}

#[derive(DeriveIden)]
enum QuizSchedules {
    Table,
    QuizId,
    OfferingId,
    OpensAt,
    ClosesAt,
    AttemptsAllowed,
}

#[derive(DeriveIden)]
enum QuizAttempts {
    Table,
    Id,
    QuizId,
    EnrollmentId,
    Number,
    Language,
    StartedAt,
    Deadline,
    SubmittedAt,
    SubmittedHow,
    Score,
    MaxScore,
    Pending,
}

#[derive(DeriveIden)]
enum AttemptAnswers {
    Table,
    AttemptId,
    QuestionId,
    Position,
    Kind,
    Points,
    Prompt,
    Options,
    Response,
    SavedAt,
    Score,
    KeyNumber,
    Comment,
    GradedBy,
    GradedAt,
}

#[derive(DeriveIden)]
enum GradeChanges {
    Table,
    Id,
    AttemptId,
    QuestionId,
    OldScore,
    NewScore,
    Reason,
    KeyNumber,
    ByUser,
    At,
}

pub(crate) fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

pub(crate) fn big(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().to_owned()
}

pub(crate) fn int(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).integer().not_null().to_owned()
}

pub(crate) fn text(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).text().not_null().to_owned()
}

pub(crate) fn code(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string_len(20).not_null().to_owned()
}

pub(crate) fn at(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

pub(crate) fn at_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

pub(crate) fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    action: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(action)
        .to_owned()
}

pub(crate) fn listed(codes: &[&str]) -> String {
    codes
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds the check of `table.column` as migration 0021 does: a named CHECK on PostgreSQL, a
/// pair of triggers on SQLite (which cannot add a constraint to an existing table).
pub(crate) async fn add_check(
    db: &SchemaManagerConnection<'_>,
    table: &str,
    column: &str,
    codes: &[&str],
) -> Result<(), DbErr> {
    let check = format!("ck_{table}_{column}");
    let list = listed(codes);
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!(
            "ALTER TABLE {table} ADD CONSTRAINT {check} CHECK ({column} IN ({list}))"
        ))
        .await?;
    } else {
        for (event, suffix) in [
            ("INSERT", "insert"),
            (&*format!("UPDATE OF {column}"), "update"),
        ] {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {check}_{suffix} BEFORE {event} ON {table} FOR EACH ROW \
                 WHEN NEW.{column} IS NOT NULL AND NEW.{column} NOT IN ({list}) \
                 BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {check}'); END"
            ))
            .await?;
        }
    }
    Ok(())
}

pub(crate) async fn drop_check(
    db: &SchemaManagerConnection<'_>,
    table: &str,
    column: &str,
) -> Result<(), DbErr> {
    let check = format!("ck_{table}_{column}");
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!("ALTER TABLE {table} DROP CONSTRAINT {check}"))
            .await?;
    } else {
        for suffix in ["insert", "update"] {
            db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {check}_{suffix}"))
                .await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        manager
            .create_table(
                Table::create()
                    .table(Questions::Table)
                    .col(id(Questions::Id))
                    .col(big(Questions::ModuleId))
                    .col(code(Questions::Kind))
                    .col(int(Questions::Points).check(Expr::col(Questions::Points).gt(0)))
                    .col(text(Questions::Tags).default(""))
                    .col(
                        int(Questions::OptionCount)
                            .default(0)
                            .check(Expr::col(Questions::OptionCount).between(0, 10)),
                    )
                    .col(text(Questions::AnswerKey))
                    .col(int(Questions::KeyNumber).default(1))
                    .col(at_null(Questions::RetiredAt))
                    .col(at(Questions::CreatedAt))
                    .col(at(Questions::UpdatedAt))
                    .foreign_key(&mut fk(
                        (Questions::Table, Questions::ModuleId),
                        (Modules::Table, Modules::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_questions_module")
                    .table(Questions::Table)
                    .col(Questions::ModuleId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuestionTexts::Table)
                    .col(big(QuestionTexts::QuestionId))
                    .col(
                        ColumnDef::new(QuestionTexts::Language)
                            .string_len(2)
                            .not_null(),
                    )
                    .col(text(QuestionTexts::Prompt))
                    .col(text(QuestionTexts::PromptHtml))
                    .col(text(QuestionTexts::Options).default("[]"))
                    .col(text(QuestionTexts::Feedback).default(""))
                    .col(text(QuestionTexts::FeedbackHtml).default(""))
                    .col(at(QuestionTexts::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(QuestionTexts::QuestionId)
                            .col(QuestionTexts::Language),
                    )
                    .foreign_key(&mut fk(
                        (QuestionTexts::Table, QuestionTexts::QuestionId),
                        (Questions::Table, Questions::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Quizzes::Table)
                    .col(id(Quizzes::Id))
                    .col(big(Quizzes::ModuleId))
                    .col(big(Quizzes::UnitId))
                    .col(text(Quizzes::Title))
                    .col(code(Quizzes::Role).default("practice"))
                    .col(
                        ColumnDef::new(Quizzes::DrawCount)
                            .integer()
                            .null()
                            .check(Expr::col(Quizzes::DrawCount).gt(0)),
                    )
                    .col(text(Quizzes::DrawTags).default(""))
                    .col(
                        ColumnDef::new(Quizzes::Shuffle)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(
                        int(Quizzes::AttemptsAllowed)
                            .default(1)
                            .check(Expr::col(Quizzes::AttemptsAllowed).between(1, 20)),
                    )
                    .col(
                        ColumnDef::new(Quizzes::TimeLimitMinutes)
                            .integer()
                            .null()
                            .check(Expr::col(Quizzes::TimeLimitMinutes).between(1, 600)),
                    )
                    .col(code(Quizzes::Counted).default("best"))
                    .col(code(Quizzes::Feedback).default("after_attempt"))
                    .col(at_null(Quizzes::RetiredAt))
                    .col(at(Quizzes::CreatedAt))
                    .col(at(Quizzes::UpdatedAt))
                    .foreign_key(&mut fk(
                        (Quizzes::Table, Quizzes::ModuleId),
                        (Modules::Table, Modules::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (Quizzes::Table, Quizzes::UnitId),
                        (Units::Table, Units::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // One live pre-test and one live post-test per module.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_quizzes_module_role ON quizzes (module_id, role) \
             WHERE role <> 'practice' AND retired_at IS NULL",
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuizQuestions::Table)
                    .col(big(QuizQuestions::QuizId))
                    .col(big(QuizQuestions::QuestionId))
                    .col(int(QuizQuestions::Position))
                    .primary_key(
                        Index::create()
                            .col(QuizQuestions::QuizId)
                            .col(QuizQuestions::QuestionId),
                    )
                    .foreign_key(&mut fk(
                        (QuizQuestions::Table, QuizQuestions::QuizId),
                        (Quizzes::Table, Quizzes::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (QuizQuestions::Table, QuizQuestions::QuestionId),
                        (Questions::Table, Questions::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuizSchedules::Table)
                    .col(big(QuizSchedules::QuizId))
                    .col(big(QuizSchedules::OfferingId))
                    .col(at(QuizSchedules::OpensAt))
                    .col(at(QuizSchedules::ClosesAt))
                    .col(
                        ColumnDef::new(QuizSchedules::AttemptsAllowed)
                            .integer()
                            .null()
                            .check(Expr::col(QuizSchedules::AttemptsAllowed).between(1, 20)),
                    )
                    .primary_key(
                        Index::create()
                            .col(QuizSchedules::QuizId)
                            .col(QuizSchedules::OfferingId),
                    )
                    .check(Expr::col(QuizSchedules::ClosesAt).gt(Expr::col(QuizSchedules::OpensAt)))
                    .foreign_key(&mut fk(
                        (QuizSchedules::Table, QuizSchedules::QuizId),
                        (Quizzes::Table, Quizzes::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (QuizSchedules::Table, QuizSchedules::OfferingId),
                        (Offerings::Table, Offerings::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(QuizAttempts::Table)
                    .col(id(QuizAttempts::Id))
                    .col(big(QuizAttempts::QuizId))
                    .col(big(QuizAttempts::EnrollmentId))
                    .col(int(QuizAttempts::Number).check(Expr::col(QuizAttempts::Number).gte(1)))
                    .col(
                        ColumnDef::new(QuizAttempts::Language)
                            .string_len(2)
                            .not_null(),
                    )
                    .col(at(QuizAttempts::StartedAt))
                    .col(at(QuizAttempts::Deadline))
                    .col(at_null(QuizAttempts::SubmittedAt))
                    .col(
                        ColumnDef::new(QuizAttempts::SubmittedHow)
                            .string_len(20)
                            .null(),
                    )
                    .col(ColumnDef::new(QuizAttempts::Score).integer().null())
                    .col(int(QuizAttempts::MaxScore))
                    .col(int(QuizAttempts::Pending).default(0))
                    .foreign_key(&mut fk(
                        (QuizAttempts::Table, QuizAttempts::QuizId),
                        (Quizzes::Table, Quizzes::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (QuizAttempts::Table, QuizAttempts::EnrollmentId),
                        (Enrollments::Table, Enrollments::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_quiz_attempts_number")
                    .table(QuizAttempts::Table)
                    .col(QuizAttempts::EnrollmentId)
                    .col(QuizAttempts::QuizId)
                    .col(QuizAttempts::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_quiz_attempts_quiz")
                    .table(QuizAttempts::Table)
                    .col(QuizAttempts::QuizId)
                    .to_owned(),
            )
            .await?;
        // One open attempt per enrolment and quiz; and the job finds open attempts by deadline.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_quiz_attempts_open ON quiz_attempts (enrollment_id, quiz_id) \
             WHERE submitted_at IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_quiz_attempts_deadline ON quiz_attempts (deadline) \
             WHERE submitted_at IS NULL",
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(AttemptAnswers::Table)
                    .col(big(AttemptAnswers::AttemptId))
                    .col(big(AttemptAnswers::QuestionId))
                    .col(int(AttemptAnswers::Position))
                    .col(code(AttemptAnswers::Kind))
                    .col(int(AttemptAnswers::Points))
                    .col(text(AttemptAnswers::Prompt))
                    .col(text(AttemptAnswers::Options))
                    .col(ColumnDef::new(AttemptAnswers::Response).text().null())
                    .col(at_null(AttemptAnswers::SavedAt))
                    .col(ColumnDef::new(AttemptAnswers::Score).integer().null())
                    .col(int(AttemptAnswers::KeyNumber))
                    .col(ColumnDef::new(AttemptAnswers::Comment).text().null())
                    .col(
                        ColumnDef::new(AttemptAnswers::GradedBy)
                            .big_integer()
                            .null(),
                    )
                    .col(at_null(AttemptAnswers::GradedAt))
                    .primary_key(
                        Index::create()
                            .col(AttemptAnswers::AttemptId)
                            .col(AttemptAnswers::QuestionId),
                    )
                    .foreign_key(&mut fk(
                        (AttemptAnswers::Table, AttemptAnswers::AttemptId),
                        (QuizAttempts::Table, QuizAttempts::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (AttemptAnswers::Table, AttemptAnswers::QuestionId),
                        (Questions::Table, Questions::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (AttemptAnswers::Table, AttemptAnswers::GradedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attempt_answers_question")
                    .table(AttemptAnswers::Table)
                    .col(AttemptAnswers::QuestionId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(GradeChanges::Table)
                    .col(id(GradeChanges::Id))
                    .col(big(GradeChanges::AttemptId))
                    .col(big(GradeChanges::QuestionId))
                    .col(ColumnDef::new(GradeChanges::OldScore).integer().null())
                    .col(int(GradeChanges::NewScore))
                    .col(code(GradeChanges::Reason))
                    .col(int(GradeChanges::KeyNumber))
                    .col(ColumnDef::new(GradeChanges::ByUser).big_integer().null())
                    .col(at(GradeChanges::At))
                    .foreign_key(&mut fk(
                        (GradeChanges::Table, GradeChanges::AttemptId),
                        (QuizAttempts::Table, QuizAttempts::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (GradeChanges::Table, GradeChanges::ByUser),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_grade_changes_attempt")
                    .table(GradeChanges::Table)
                    .col(GradeChanges::AttemptId)
                    .to_owned(),
            )
            .await?;
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION grade_changes_append_only() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION 'grade changes are append-only'; END; \
                     $$ LANGUAGE plpgsql",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER grade_changes_append_only BEFORE UPDATE OR DELETE \
                     ON grade_changes FOR EACH ROW EXECUTE FUNCTION grade_changes_append_only()",
                )
                .await?;
            }
            _ => {
                for event in ["UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER grade_changes_no_{} BEFORE {event} ON grade_changes \
                         BEGIN SELECT RAISE(ABORT, 'grade changes are append-only'); END",
                        event.to_lowercase()
                    ))
                    .await?;
                }
            }
        }

        for (table, column, codes) in CODES {
            add_check(db, table, column, codes).await?;
        }
        drop_check(db, "due_jobs", "kind").await?;
        add_check(db, "due_jobs", "kind", JOB_KINDS).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DELETE FROM due_jobs WHERE kind = 'submit_overdue_attempts'")
            .await?;
        drop_check(db, "due_jobs", "kind").await?;
        add_check(db, "due_jobs", "kind", JOB_KINDS_BEFORE).await?;
        for table in [
            GradeChanges::Table.into_iden(),
            AttemptAnswers::Table.into_iden(),
            QuizAttempts::Table.into_iden(),
            QuizSchedules::Table.into_iden(),
            QuizQuestions::Table.into_iden(),
            Quizzes::Table.into_iden(),
            QuestionTexts::Table.into_iden(),
            Questions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS grade_changes_append_only()")
                .await?;
        }
        Ok(())
    }
}
