//! Observed practical tests (issue 20): an offering's scenario-based assessments, each a
//! checklist of criteria (some critical), filled by an instructor for one trainee after another.
//!
//! - `assessments` are an offering's graded items (`kind`: `practical` for now; assignments
//!   join later), with a pass mark and the moment their results were released to trainees.
//! - `assessment_criteria` are a practical test's checklist, in order, with points and whether a
//!   criterion is critical (not met fails the test whatever the score).
//! - `criterion_marks` hold each trainee's marks (met, not met, not observed);
//!   `assessment_results` the outcome worked out from them (score, passed, complete) and the
//!   instructor's feedback.
//! - `result_changes` is append-only (triggers refuse UPDATE and DELETE): every outcome given or
//!   changed, who, when, old and new, and why when it changed after release.

use sea_orm_migration::prelude::*;

use crate::m20261201_000026_create_quizzes::{
    add_check, at, at_null, big, code, fk, id, int, text,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, column, codes) of the code columns this migration adds.
pub const CODES: &[(&str, &str, &[&str])] = &[
    ("assessments", "kind", &["practical"]),
    (
        "criterion_marks",
        "mark",
        &["met", "not_met", "not_observed"],
    ),
];

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
enum Assessments {
    Table,
    Id,
    OfferingId,
    Kind,
    Title,
    Instructions,
    PassPercent,
    ReleasedAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum AssessmentCriteria {
    Table,
    Id,
    AssessmentId,
    Position,
    Text,
    Critical,
    Points,
}
#[derive(DeriveIden)]
enum AssessmentResults {
    Table,
    AssessmentId,
    EnrollmentId,
    Score,
    Passed,
    Complete,
    Feedback,
    GradedBy,
    GradedAt,
}
#[derive(DeriveIden)]
enum CriterionMarks {
    Table,
    AssessmentId,
    EnrollmentId,
    CriterionId,
    Mark,
}
#[derive(DeriveIden)]
enum ResultChanges {
    Table,
    Id,
    AssessmentId,
    EnrollmentId,
    OldScore,
    NewScore,
    OldPassed,
    NewPassed,
    Reason,
    ByUser,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        let db = manager.get_connection();
        manager
            .create_table(
                Table::create()
                    .table(Assessments::Table)
                    .col(id(Assessments::Id))
                    .col(big(Assessments::OfferingId))
                    .col(code(Assessments::Kind))
                    .col(text(Assessments::Title))
                    .col(ColumnDef::new(Assessments::Instructions).text().null())
                    .col(
                        int(Assessments::PassPercent)
                            .check(Expr::col(Assessments::PassPercent).between(1, 100)),
                    )
                    .col(at_null(Assessments::ReleasedAt))
                    .col(ColumnDef::new(Assessments::CreatedBy).big_integer().null())
                    .col(at(Assessments::CreatedAt))
                    .col(at(Assessments::UpdatedAt))
                    .foreign_key(&mut fk(
                        (Assessments::Table, Assessments::OfferingId),
                        (Offerings::Table, Offerings::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (Assessments::Table, Assessments::CreatedBy),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_assessments_offering")
                    .table(Assessments::Table)
                    .col(Assessments::OfferingId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AssessmentCriteria::Table)
                    .col(id(AssessmentCriteria::Id))
                    .col(big(AssessmentCriteria::AssessmentId))
                    .col(int(AssessmentCriteria::Position))
                    .col(text(AssessmentCriteria::Text))
                    .col(
                        ColumnDef::new(AssessmentCriteria::Critical)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(
                        int(AssessmentCriteria::Points)
                            .check(Expr::col(AssessmentCriteria::Points).between(1, 100)),
                    )
                    .foreign_key(&mut fk(
                        (AssessmentCriteria::Table, AssessmentCriteria::AssessmentId),
                        (Assessments::Table, Assessments::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_assessment_criteria_assessment")
                    .table(AssessmentCriteria::Table)
                    .col(AssessmentCriteria::AssessmentId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AssessmentResults::Table)
                    .col(big(AssessmentResults::AssessmentId))
                    .col(big(AssessmentResults::EnrollmentId))
                    // Hundredths of a percent: 0 to 10000.
                    .col(
                        ColumnDef::new(AssessmentResults::Score)
                            .integer()
                            .null()
                            .check(Expr::col(AssessmentResults::Score).between(0, 10_000)),
                    )
                    .col(ColumnDef::new(AssessmentResults::Passed).boolean().null())
                    .col(
                        ColumnDef::new(AssessmentResults::Complete)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(ColumnDef::new(AssessmentResults::Feedback).text().null())
                    .col(
                        ColumnDef::new(AssessmentResults::GradedBy)
                            .big_integer()
                            .null(),
                    )
                    .col(at(AssessmentResults::GradedAt))
                    .primary_key(
                        Index::create()
                            .col(AssessmentResults::AssessmentId)
                            .col(AssessmentResults::EnrollmentId),
                    )
                    .foreign_key(&mut fk(
                        (AssessmentResults::Table, AssessmentResults::AssessmentId),
                        (Assessments::Table, Assessments::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (AssessmentResults::Table, AssessmentResults::EnrollmentId),
                        (Enrollments::Table, Enrollments::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (AssessmentResults::Table, AssessmentResults::GradedBy),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CriterionMarks::Table)
                    .col(big(CriterionMarks::AssessmentId))
                    .col(big(CriterionMarks::EnrollmentId))
                    .col(big(CriterionMarks::CriterionId))
                    .col(code(CriterionMarks::Mark))
                    .primary_key(
                        Index::create()
                            .col(CriterionMarks::AssessmentId)
                            .col(CriterionMarks::EnrollmentId)
                            .col(CriterionMarks::CriterionId),
                    )
                    .foreign_key(&mut fk(
                        (CriterionMarks::Table, CriterionMarks::CriterionId),
                        (AssessmentCriteria::Table, AssessmentCriteria::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (CriterionMarks::Table, CriterionMarks::EnrollmentId),
                        (Enrollments::Table, Enrollments::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ResultChanges::Table)
                    .col(id(ResultChanges::Id))
                    .col(big(ResultChanges::AssessmentId))
                    .col(big(ResultChanges::EnrollmentId))
                    .col(ColumnDef::new(ResultChanges::OldScore).integer().null())
                    .col(ColumnDef::new(ResultChanges::NewScore).integer().null())
                    .col(ColumnDef::new(ResultChanges::OldPassed).boolean().null())
                    .col(ColumnDef::new(ResultChanges::NewPassed).boolean().null())
                    .col(ColumnDef::new(ResultChanges::Reason).text().null())
                    .col(ColumnDef::new(ResultChanges::ByUser).big_integer().null())
                    .col(at(ResultChanges::At))
                    .foreign_key(&mut fk(
                        (ResultChanges::Table, ResultChanges::AssessmentId),
                        (Assessments::Table, Assessments::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (ResultChanges::Table, ResultChanges::EnrollmentId),
                        (Enrollments::Table, Enrollments::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        (ResultChanges::Table, ResultChanges::ByUser),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_result_changes_assessment")
                    .table(ResultChanges::Table)
                    .col(ResultChanges::AssessmentId)
                    .col(ResultChanges::EnrollmentId)
                    .to_owned(),
            )
            .await?;
        crate::triggers::append_only(db, "result_changes", "result changes are append-only")
            .await?;
        for (table, column, codes) in CODES {
            add_check(db, table, column, codes).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ResultChanges::Table.into_iden(),
            CriterionMarks::Table.into_iden(),
            AssessmentResults::Table.into_iden(),
            AssessmentCriteria::Table.into_iden(),
            Assessments::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        crate::triggers::drop_append_only(manager.get_connection(), "result_changes").await?;
        Ok(())
    }
}
