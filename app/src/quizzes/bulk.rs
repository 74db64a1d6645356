//! The quiz benchmark's data (`picap bench-seed-quiz`, bench/quizzes.sh): the lesson
//! benchmark's course under way, a bank of ten questions in Spanish and English (every kind),
//! a practice quiz asking them all with a time limit, and an attempt in progress for every
//! trainee with half its answers saved, started through the attempt service as a trainee would.

use chrono::Utc;
use entity::{enrollment, offering, unit};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::rules::{QuestionForm, QuizForm};
use super::service::{attempts, bank, setup};
use crate::accounts::Role;
use crate::auth::CurrentUser;
use crate::error::DomainError;
use crate::i18n::Locale;

/// (kind, options, answer) of the ten questions.
const QUESTIONS: [(&str, &str, &str); 10] = [
    (
        "single",
        "Legalidad\nNecesidad\nProporcionalidad\nRendición de cuentas",
        "3",
    ),
    ("single", "Uno\nDos\nTres", "1"),
    ("single", "Siempre\nNunca\nSolo con orden judicial", "3"),
    ("single", "Calma\nGritos\nAmenazas", "1"),
    ("multiple", "Distancia\nCalma\nGritos\nOpciones", "1, 2, 4"),
    ("multiple", "Registro\nFirma\nOlvido", "1, 2"),
    ("true_false", "", "true"),
    ("true_false", "", "false"),
    ("numeric", "", "1,5"),
    ("essay", "", ""),
];

/// Someone acting as `role` (the services read the id and the roles).
fn caller(id: i64, role: Role) -> CurrentUser {
    CurrentUser {
        id,
        email: String::new(),
        full_name: String::new(),
        roles: vec![role],
        country: "PE".into(),
        agency: String::new(),
        agency_id: None,
        hold: None,
        affiliation: "police".into(),
        preferred_language: "es".into(),
    }
}

/// Seeds the course, the quiz and the attempts; returns the first trainee's enrolment and the
/// first attempt (the n-th trainee's are n after each).
pub async fn seed(db: &DatabaseConnection, trainees: usize) -> Result<(i64, i64), DomainError> {
    let (first, _) = crate::learning::bulk::seed(db, trainees).await?;
    let now = Utc::now();
    let enrolment = enrollment::Entity::find_by_id(first)
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal("bench enrolment missing".into()))?;
    let course = offering::Entity::find_by_id(enrolment.offering_id)
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal("bench offering missing".into()))?;
    let admin = caller(0, Role::Administrator);
    let mut ids = Vec::new();
    for (n, (kind, options, answer)) in QUESTIONS.iter().enumerate() {
        let mut id = None;
        for (language, prompt) in [
            (
                Locale::Es,
                format!(
                    "**Pregunta {}**: ¿qué haría un agente en esta situación?",
                    n + 1
                ),
            ),
            (
                Locale::En,
                format!("**Question {}**: what would an officer do here?", n + 1),
            ),
        ] {
            let form = QuestionForm {
                kind: (*kind).into(),
                points: "2".into(),
                tags: "bench".into(),
                prompt,
                options: (*options).into(),
                answer: (*answer).into(),
                tolerance: String::new(),
                feedback: "La respuesta se explica en la lección 1.2.".into(),
            };
            id = Some(
                bank::save_question(
                    db,
                    &admin,
                    course.module_id,
                    id,
                    language,
                    &form,
                    false,
                    now,
                )
                .await?,
            );
        }
        ids.extend(id);
    }
    let unit = unit::Entity::find()
        .filter(unit::Column::ModuleId.eq(course.module_id))
        .order_by_asc(unit::Column::Position)
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal("bench unit missing".into()))?;
    let quiz = setup::save_quiz(
        db,
        &admin,
        course.module_id,
        None,
        unit.id,
        &QuizForm {
            title: [("es".to_string(), "Práctica".to_string())].into(),
            role: "practice".into(),
            draw_count: String::new(),
            draw_tags: String::new(),
            shuffle: true,
            attempts_allowed: "3".into(),
            time_limit_minutes: "600".into(),
            counted: "best".into(),
            feedback: "after_attempt".into(),
        },
        &ids,
        now,
    )
    .await?;
    let enrolments = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(course.id))
        .order_by_asc(enrollment::Column::Id)
        .all(db)
        .await?;
    let mut first_attempt = None;
    for e in enrolments {
        let trainee = caller(e.user_id, Role::Trainee);
        let (attempt, _) = attempts::start(db, &trainee, e.id, quiz, now).await?;
        first_attempt.get_or_insert(attempt);
        let answers: Vec<(i64, Vec<String>)> = ids
            .iter()
            .zip(QUESTIONS.iter())
            .take(5)
            .map(|(id, _)| (*id, vec!["0".to_string()]))
            .collect();
        attempts::save_answers(db, &trainee, attempt, &answers, false, now).await?;
    }
    let attempt = first_attempt.ok_or_else(|| DomainError::Internal("no trainees".into()))?;
    Ok((first, attempt))
}
