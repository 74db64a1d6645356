//! Codes are types in the application and checks in the database, and the two agree: every
//! code a type defines is one its column accepts, and a made-up code is refused by the database
//! itself, naming the check.

use std::collections::BTreeSet;

use app::assessments::{AssessmentKind, CriterionMark};
use app::attendance::{AttendanceStatus, MarkSource};
use app::catalog::rules::{
    Audience, CatalogStatus, DeliveryMode, EnrollmentPolicy, Level, OfferingStatus, SessionKind,
};
use app::enrollment::dto::EnrollmentStatus;
use app::quizzes::codes::{
    Counted, FeedbackTiming, GradeReason, QuestionKind, QuizRole, SubmittedHow,
};
use app::scholarships::{ApplicationStatus, CommitmentStatus, LedgerKind};
use sea_orm::{ConnectionTrait, Statement};

use crate::helpers::{Engine, offering, spawn_app};

/// The codes the database accepts in `table.column`.
fn checked(table: &str, column: &str) -> BTreeSet<&'static str> {
    // Migration 0026 replaced the job kinds' list.
    if (table, column) == ("due_jobs", "kind") {
        return migration::JOB_KINDS.iter().copied().collect();
    }
    // Latest first: migration 0027 replaced `offering_sessions.kind`'s list.
    migration::PRACTICAL_CHECKED_CODES
        .iter()
        .chain(migration::ATTENDANCE_CHECKED_CODES.iter())
        .chain(migration::QUIZ_CHECKED_CODES.iter())
        .chain(migration::CHECKED_CODES.iter())
        .find(|(t, c, _)| *t == table && *c == column)
        .map(|(_, _, codes)| codes.iter().copied().collect())
        .unwrap_or_else(|| panic!("{table}.{column} has a check"))
}

fn set(codes: impl IntoIterator<Item = &'static str>) -> BTreeSet<&'static str> {
    codes.into_iter().collect()
}

#[test]
fn every_code_type_matches_its_columns_check() {
    let cases: [(&str, &str, BTreeSet<&'static str>); 30] = [
        ("modules", "level", set(Level::ALL.iter().map(|c| c.code()))),
        (
            "modules",
            "delivery_mode",
            set(DeliveryMode::ALL.iter().map(|c| c.code())),
        ),
        (
            "modules",
            "audience",
            set(Audience::ALL.iter().map(|c| c.code())),
        ),
        (
            "modules",
            "status",
            set(CatalogStatus::ALL.iter().map(|c| c.code())),
        ),
        (
            "programmes",
            "status",
            set(CatalogStatus::ALL.iter().map(|c| c.code())),
        ),
        (
            "offerings",
            "language",
            set(app::i18n::Locale::ALL.iter().map(|c| c.code())),
        ),
        (
            "offerings",
            "enrollment_policy",
            set(EnrollmentPolicy::ALL.iter().map(|c| c.code())),
        ),
        (
            "offerings",
            "status",
            set(OfferingStatus::ALL.iter().map(|c| c.code())),
        ),
        (
            "offerings",
            "quota_affiliation",
            set(app::accounts::Affiliation::ALL.iter().map(|c| c.code())),
        ),
        (
            "offering_sessions",
            "kind",
            set(SessionKind::ALL.iter().map(|c| c.code())),
        ),
        (
            "enrollments",
            "status",
            set(EnrollmentStatus::ALL.iter().map(|c| c.code())),
        ),
        (
            "password_tokens",
            "purpose",
            set(app::auth::passwords::TokenPurpose::ALL
                .iter()
                .map(|c| c.code())),
        ),
        (
            "scholarship_applications",
            "status",
            set(ApplicationStatus::ALL.iter().map(|c| c.code())),
        ),
        (
            "grant_commitments",
            "status",
            set(CommitmentStatus::ALL.iter().map(|c| c.code())),
        ),
        (
            "scholarship_ledger",
            "kind",
            set(LedgerKind::ALL.iter().map(|c| c.code())),
        ),
        (
            "due_jobs",
            "kind",
            set(app::jobs::JobKind::ALL.iter().map(|c| c.code())),
        ),
        (
            "questions",
            "kind",
            set(QuestionKind::ALL.iter().map(|c| c.code())),
        ),
        (
            "quizzes",
            "role",
            set(QuizRole::ALL.iter().map(|c| c.code())),
        ),
        (
            "quizzes",
            "counted",
            set(Counted::ALL.iter().map(|c| c.code())),
        ),
        (
            "quizzes",
            "feedback",
            set(FeedbackTiming::ALL.iter().map(|c| c.code())),
        ),
        (
            "quiz_attempts",
            "submitted_how",
            set(SubmittedHow::ALL.iter().map(|c| c.code())),
        ),
        (
            "grade_changes",
            "reason",
            set(GradeReason::ALL.iter().map(|c| c.code())),
        ),
        (
            "quiz_attempts",
            "language",
            set(app::i18n::Locale::ALL.iter().map(|c| c.code())),
        ),
        (
            "attendance",
            "status",
            set(AttendanceStatus::ALL.iter().map(|c| c.code())),
        ),
        (
            "attendance",
            "source",
            set(MarkSource::ALL.iter().map(|c| c.code())),
        ),
        (
            "attendance_changes",
            "old_status",
            set(AttendanceStatus::ALL.iter().map(|c| c.code())),
        ),
        (
            "attendance_changes",
            "new_status",
            set(AttendanceStatus::ALL.iter().map(|c| c.code())),
        ),
        (
            "attendance_changes",
            "source",
            set(MarkSource::ALL.iter().map(|c| c.code())),
        ),
        (
            "assessments",
            "kind",
            set(AssessmentKind::ALL.iter().map(|c| c.code())),
        ),
        (
            "criterion_marks",
            "mark",
            set(CriterionMark::ALL.iter().map(|c| c.code())),
        ),
    ];
    for (table, column, ours) in cases {
        assert_eq!(checked(table, column), ours, "{table}.{column}");
    }
}

on_both_engines! {
    async fn the_database_refuses_a_made_up_code_naming_the_check(engine: Engine) {
        let app = spawn_app(engine).await;
        let course = offering(&app, "PICAP-CK-101", "both", 5, 10).await;
        let attempts = [
            ("modules", "status", "UPDATE modules SET status = 'hidden' WHERE code = 'PICAP-CK-101'".to_string()),
            ("modules", "audience", "UPDATE modules SET audience = 'everyone' WHERE code = 'PICAP-CK-101'".to_string()),
            ("offerings", "status", format!("UPDATE offerings SET status = 'postponed' WHERE id = {course}")),
            ("offerings", "language", format!("UPDATE offerings SET language = 'de' WHERE id = {course}")),
            ("offerings", "enrollment_policy", format!("UPDATE offerings SET enrollment_policy = 'lottery' WHERE id = {course}")),
        ];
        for (table, column, sql) in attempts {
            let refused = app
                .db
                .execute_raw(Statement::from_string(app.db.get_database_backend(), sql))
                .await
                .expect_err("a made-up code is refused");
            let message = refused.to_string();
            assert!(message.contains(&format!("ck_{table}_{column}")), "{table}.{column}: {message}");
        }
        // A known code still passes, and a NULL where the column allows one.
        app.db
            .execute_raw(Statement::from_string(
                app.db.get_database_backend(),
                format!("UPDATE offerings SET status = 'cancelled', quota_affiliation = NULL WHERE id = {course}"),
            ))
            .await
            .expect("known codes are accepted");
        app.stop().await;
    }
}
