//! Demo quizzes (`data/demo-quizzes.json`): the human-rights module's question bank in Spanish
//! and English (one question in Portuguese too), a pre-test, a practice quiz and a post-test
//! with an essay, written by the demo instructor through the authoring services; and attempts
//! by the course under way's trainees (taken through the attempt services, on the days they
//! would have), so the pre-/post-test gain, item statistics, a graded essay and one waiting for
//! the instructor all have something real in them. The demo trainee has taken none yet: the
//! pre-test waits for them.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, Utc};
use entity::{enrollment, module, unit};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

use super::rules::{QuestionForm, QuizForm};
use super::service::{attempts, bank, marking, setup};
use crate::accounts::Role;
use crate::enrollment::demo::{as_caller, offering_of};
use crate::error::DomainError;
use crate::i18n::Locale;

const QUIZZES: &str = include_str!("../../data/demo-quizzes.json");

#[derive(Deserialize)]
struct DemoQuizzes {
    module: String,
    questions: Vec<DemoQuestion>,
    quizzes: Vec<DemoQuiz>,
    attempts: Vec<DemoAttempt>,
}

#[derive(Deserialize)]
struct DemoQuestion {
    key: String,
    kind: String,
    points: String,
    tags: String,
    answer: String,
    #[serde(default)]
    tolerance: String,
    /// Language → its texts; the module's primary language first.
    texts: BTreeMap<String, DemoText>,
}

#[derive(Deserialize)]
struct DemoText {
    prompt: String,
    options: Vec<String>,
    feedback: String,
}

#[derive(Deserialize)]
struct DemoQuiz {
    unit: usize,
    role: String,
    title: BTreeMap<String, String>,
    questions: Vec<String>,
    attempts: String,
    time_limit: String,
    counted: String,
    feedback: String,
}

#[derive(Deserialize)]
struct DemoAttempt {
    email: String,
    quiz: usize,
    days_ago: i64,
    answers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    grade: Option<DemoGrade>,
}

#[derive(Deserialize)]
struct DemoGrade {
    score: String,
    comment: String,
}

/// Loads the demo quizzes and attempts; run after the demo lessons (which make the instructor
/// the module's author and enrol the course's trainees).
pub async fn seed(db: &DatabaseConnection) -> Result<(), DomainError> {
    let demo: DemoQuizzes = serde_json::from_str(QUIZZES)
        .map_err(|e| DomainError::Internal(format!("demo quizzes: {e}")))?;
    let now = Utc::now();
    let instructor = as_caller(db, "instructor@picap.example.org", vec![Role::Instructor]).await?;
    let module = module::Entity::find()
        .filter(module::Column::Code.eq(&demo.module))
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal(format!("demo module {} missing", demo.module)))?;
    let primary = module.primary_language.clone();
    let mut ids: HashMap<&str, i64> = HashMap::new();
    for q in &demo.questions {
        // The primary language first: it fixes the options every other language follows.
        let mut languages: Vec<&String> = q.texts.keys().collect();
        languages.sort_by_key(|l| **l != primary);
        let mut id = None;
        for language in languages {
            let text = &q.texts[language];
            let form = QuestionForm {
                kind: q.kind.clone(),
                points: q.points.clone(),
                tags: q.tags.clone(),
                prompt: text.prompt.clone(),
                options: text.options.join("\n"),
                answer: q.answer.clone(),
                tolerance: q.tolerance.clone(),
                feedback: text.feedback.clone(),
            };
            let locale = Locale::from_code(language)
                .ok_or_else(|| DomainError::Internal(format!("demo language {language}")))?;
            id = Some(
                bank::save_question(db, &instructor, module.id, id, locale, &form, false, now)
                    .await?,
            );
        }
        if let Some(id) = id {
            ids.insert(&q.key, id);
        }
    }
    let units: Vec<i64> = unit::Entity::find()
        .filter(unit::Column::ModuleId.eq(module.id))
        .order_by_asc(unit::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let mut quizzes = Vec::new();
    for q in &demo.quizzes {
        let form = QuizForm {
            title: q.title.clone(),
            role: q.role.clone(),
            draw_count: String::new(),
            draw_tags: String::new(),
            shuffle: true,
            attempts_allowed: q.attempts.clone(),
            time_limit_minutes: q.time_limit.clone(),
            counted: q.counted.clone(),
            feedback: q.feedback.clone(),
        };
        let questions: Vec<i64> = q
            .questions
            .iter()
            .filter_map(|k| ids.get(k.as_str()).copied())
            .collect();
        let unit = units
            .get(q.unit)
            .copied()
            .ok_or_else(|| DomainError::Internal("demo quiz unit missing".into()))?;
        quizzes.push(
            setup::save_quiz(
                db,
                &instructor,
                module.id,
                None,
                unit,
                &form,
                &questions,
                now,
            )
            .await?,
        );
    }

    let offering_id = offering_of(db, &demo.module, "MX").await?;
    for a in &demo.attempts {
        let trainee = as_caller(db, &a.email, vec![Role::Trainee]).await?;
        let enrolment = enrollment::Entity::find()
            .filter(enrollment::Column::OfferingId.eq(offering_id))
            .filter(enrollment::Column::UserId.eq(trainee.id))
            .one(db)
            .await?
            .ok_or_else(|| {
                DomainError::Internal(format!("demo enrolment of {} missing", a.email))
            })?;
        let quiz = quizzes
            .get(a.quiz)
            .copied()
            .ok_or_else(|| DomainError::Internal("demo attempt's quiz missing".into()))?;
        let started = now - Duration::days(a.days_ago) - Duration::hours(2);
        let (attempt, _) = attempts::start(db, &trainee, enrolment.id, quiz, started).await?;
        let answers: Vec<(i64, Vec<String>)> = a
            .answers
            .iter()
            .filter_map(|(key, values)| ids.get(key.as_str()).map(|id| (*id, values.clone())))
            .collect();
        let submitted = started + Duration::minutes(9);
        attempts::save_answers(db, &trainee, attempt, &answers, true, submitted).await?;
        if let Some(grade) = &a.grade
            && let Some(essay) = ids.get("custody_essay")
        {
            marking::grade_essay(
                db,
                &instructor,
                attempt,
                *essay,
                &grade.score,
                &grade.comment,
                submitted + Duration::hours(3),
            )
            .await?;
        }
    }
    Ok(())
}
