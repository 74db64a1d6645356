//! Load-test data for `bench/lessons.sh` (`picap bench-seed-learning`): one distance course
//! under way with 4 units of 5 lessons (Spanish and English, each a long page of Markdown), and
//! trainees enrolled in it, each signed in with the session token `bench-learner-{n}` and
//! halfway through the course. Never part of demo data.

use chrono::{Duration, Utc};
use entity::{
    enrollment, lesson, lesson_read, lesson_revision, module, offering, offering_session, session,
    unit, user_role,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::db::begin_write;
use crate::error::DomainError;

/// Units in the course, and lessons per unit.
const UNITS: usize = 4;
const LESSONS: usize = 5;

/// A lesson's worth of Markdown (about 4 KB): headings, lists, a table, a quotation.
fn text(unit: usize, lesson: usize, spanish: bool) -> String {
    let (intro, point, table) = if spanish {
        (
            "Esta lección repasa cómo actuar con **legalidad, necesidad y proporcionalidad**.",
            "Reducir la tensión antes de usar la fuerza, y dejar constancia escrita de todo.",
            "| Señal | Lo que puede indicar | Respuesta |\n|---|---|---|\n| Puños cerrados | Preparación para agredir | Aumentar la distancia |\n| Confusión | Crisis o idioma | Bajar el ritmo |\n",
        )
    } else {
        (
            "This lesson reviews how to act with **legality, necessity and proportionality**.",
            "De-escalate before using force, and put everything in writing.",
            "| Sign | What it may mean | Response |\n|---|---|---|\n| Clenched fists | Getting ready to attack | Increase distance |\n| Confusion | Crisis or language | Slow down |\n",
        )
    };
    let mut out = format!(
        "## {} {}.{}\n\n{intro}\n\n",
        if spanish { "Parte" } else { "Part" },
        unit + 1,
        lesson + 1
    );
    for n in 1..=12 {
        out.push_str(&format!("{n}. {point}\n"));
    }
    out.push('\n');
    out.push_str(table);
    out.push_str(&format!("\n> {point}\n\n"));
    for _ in 0..8 {
        out.push_str(intro);
        out.push(' ');
        out.push_str(point);
        out.push_str("\n\n");
    }
    out
}

/// Writes the course and `trainees` enrolled trainees; returns the enrolment id of trainee 0
/// (trainee `n`'s is that plus `n`: one transaction, one sequence) and the first lesson none of
/// them has read, in the middle of the course.
pub async fn seed(db: &DatabaseConnection, trainees: usize) -> Result<(i64, i64), DomainError> {
    let now = Utc::now();
    let today = now.date_naive();
    let txn = begin_write(db).await?;
    let module = module::ActiveModel {
        code: Set(format!("BENCH-DL-{}", now.timestamp())),
        title: Set(r#"{"en":"Lesson load test","es":"Prueba de carga de lecciones"}"#.into()),
        summary: Set("{}".into()),
        search_text: Set("bench lesson load test".into()),
        credits: Set(1),
        hours: Set(8),
        level: Set("introductory".into()),
        delivery_mode: Set("distance".into()),
        audience: Set("both".into()),
        status: Set("published".into()),
        primary_language: Set("es".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let offering = offering::ActiveModel {
        module_id: Set(module.id),
        starts_on: Set(today - Duration::days(7)),
        ends_on: Set(today + Duration::days(21)),
        enrollment_opens: Set(today - Duration::days(40)),
        enrollment_closes: Set(today - Duration::days(14)),
        capacity: Set(i32::try_from(trainees).unwrap_or(i32::MAX).max(1)),
        language: Set("es".into()),
        country: Set("PE".into()),
        host_agency: Set("Bench".into()),
        enrollment_policy: Set("open".into()),
        status: Set("published".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    offering_session::ActiveModel {
        offering_id: Set(offering.id),
        kind: Set("distance".into()),
        starts_at: Set(now - Duration::days(7)),
        ends_at: Set(now + Duration::days(21)),
        timezone: Set("America/Lima".into()),
        sequence: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut lessons = Vec::new();
    for u in 0..UNITS {
        let saved = unit::ActiveModel {
            module_id: Set(module.id),
            position: Set(u as i32),
            title: Set(format!(
                r#"{{"es":"Unidad {}","en":"Unit {}"}}"#,
                u + 1,
                u + 1
            )),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for l in 0..LESSONS {
            let row = lesson::ActiveModel {
                unit_id: Set(saved.id),
                position: Set(l as i32),
                retired_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let mut shown = 0;
            for (language, spanish) in [("es", true), ("en", false)] {
                let markdown = text(u, l, spanish);
                let revision = lesson_revision::ActiveModel {
                    lesson_id: Set(row.id),
                    language: Set(language.into()),
                    number: Set(1),
                    title: Set(format!(
                        "{} {}.{}",
                        if spanish { "Lección" } else { "Lesson" },
                        u + 1,
                        l + 1
                    )),
                    html: Set(super::markdown::render(&markdown)),
                    markdown: Set(markdown),
                    author_id: Set(None),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                if spanish {
                    shown = revision.id;
                }
            }
            lessons.push((row.id, shown));
        }
    }
    let mut first_enrollment = None;
    for n in 0..trainees {
        let email = format!("bench-learner-{n}@bench.example.org");
        let person = crate::enrollment::bulk::bench_person(
            &email,
            &format!("Bench learner {n}"),
            "police",
            now,
        )
        .insert(&txn)
        .await?;
        user_role::ActiveModel {
            user_id: Set(person.id),
            role: Set("trainee".into()),
        }
        .insert(&txn)
        .await?;
        session::ActiveModel {
            token_hash: Set(crate::auth::service::token_hash(&format!(
                "bench-learner-{n}"
            ))),
            user_id: Set(person.id),
            created_at: Set(now),
            last_seen_at: Set(now),
            user_agent: Set(None),
            ip: Set(None),
        }
        .insert(&txn)
        .await?;
        let enrolled = enrollment::ActiveModel {
            offering_id: Set(offering.id),
            user_id: Set(person.id),
            status: Set("enrolled".into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        first_enrollment.get_or_insert(enrolled.id);
        for (lesson_id, revision_id) in lessons.iter().take(lessons.len() / 2) {
            lesson_read::ActiveModel {
                enrollment_id: Set(enrolled.id),
                lesson_id: Set(*lesson_id),
                revision_id: Set(*revision_id),
                read_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
    }
    offering::Entity::update_many()
        .col_expr(
            offering::Column::SeatsTaken,
            i32::try_from(trainees).unwrap_or(i32::MAX).into(),
        )
        .filter(offering::Column::Id.eq(offering.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    crate::db::analyze(db).await?;
    let first = first_enrollment.ok_or_else(|| DomainError::Internal("no trainees".into()))?;
    Ok((first, lessons[lessons.len() / 2].0))
}
