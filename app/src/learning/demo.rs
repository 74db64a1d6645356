//! Demo distance content (`data/demo-lessons.json`): the human-rights module's units on the use
//! of force and on detention, in Spanish and English (one lesson in Portuguese too), written by
//! the demo instructor through the authoring services; four trainees of its Lima offering, each
//! with lessons read, so the course, the lesson pages and the progress table all have something
//! real in them.
//!
//! The Lima offering is shown in its second week: its people apply while enrolment is open
//! (through the enrolment service, as anyone would), then the demo moves the offering's dates
//! back so that its distance phase began nine days ago. A demo loaded today cannot apply to a
//! course that already started, so this is the one place the demo writes dates itself.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use entity::{module, offering, offering_session};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};
use serde::Deserialize;

use crate::accounts::rules::EmailAddress;
use crate::accounts::service::{NewUser, create_user};
use crate::accounts::{Affiliation, Role};
use crate::auth::CurrentUser;
use crate::enrollment::demo::{as_caller, offering_of};
use crate::error::DomainError;
use crate::i18n::Locale;
use crate::site::Site;

const LESSONS: &str = include_str!("../../data/demo-lessons.json");

#[derive(Deserialize)]
struct DemoContent {
    module: String,
    primary_language: String,
    units: Vec<DemoUnit>,
}

#[derive(Deserialize)]
struct DemoUnit {
    title: BTreeMap<String, String>,
    /// Per lesson: language → (title, Markdown).
    lessons: Vec<BTreeMap<String, (String, String)>>,
}

/// How far into the course each demo trainee is: (name, email, lessons read in course order).
const READERS: [(&str, &str, usize); 3] = [
    ("Lucía Quispe", "lucia.quispe@pnp.example.org", 4),
    ("Carlos Huamán", "carlos.huaman@pnp.example.org", 1),
    ("Rosa Ticona", "rosa.ticona@mininter.example.org", 0),
];

/// Loads the demo content and readers; run after the catalog and the demo applications.
pub async fn seed(db: &DatabaseConnection, admin: &CurrentUser) -> Result<(), DomainError> {
    use super::service::{authoring, reading};
    let content: DemoContent = serde_json::from_str(LESSONS)
        .map_err(|e| DomainError::Internal(format!("demo lessons: {e}")))?;
    let now = Utc::now();
    let module = module::Entity::find()
        .filter(module::Column::Code.eq(&content.module))
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal(format!("demo module {} missing", content.module)))?;
    let mut row = module.clone().into_active_model();
    row.primary_language = Set(content.primary_language.clone());
    row.update(db).await?;

    let instructor = as_caller(db, "instructor@picap.example.org", vec![Role::Instructor]).await?;
    authoring::add_author(db, admin, module.id, &instructor.email, now).await?;
    let mut lesson_ids = Vec::new();
    for unit in &content.units {
        let unit_id = authoring::add_unit(db, &instructor, module.id, &unit.title, now).await?;
        for lesson in &unit.lessons {
            let first = lesson.get(&content.primary_language).ok_or_else(|| {
                DomainError::Internal("demo lesson without its primary language".into())
            })?;
            let id = authoring::add_lesson(
                db,
                &instructor,
                unit_id,
                &content.primary_language,
                &first.0,
                now,
            )
            .await?;
            for (language, (title, markdown)) in lesson {
                authoring::publish(db, &instructor, id, language, title, markdown, None, now)
                    .await?;
            }
            lesson_ids.push(id);
        }
    }

    // Three more trainees of the Lima offering, beside the demo trainee enrolled already.
    let lima = offering_of(db, &content.module, "PE").await?;
    let site = Site::default();
    let mut readers = vec![(
        as_caller(db, "trainee@picap.example.org", vec![Role::Trainee]).await?,
        2,
    )];
    for (name, email, read) in READERS {
        let address = EmailAddress::parse(email)
            .map_err(|e| DomainError::Internal(format!("demo email {email}: {e:?}")))?;
        let civilian = email.contains("mininter");
        create_user(
            db,
            NewUser {
                email: address,
                full_name: name.into(),
                country: "PE".into(),
                agency: if civilian {
                    "Ministerio del Interior".into()
                } else {
                    "Policía Nacional del Perú".into()
                },
                rank: if civilian {
                    "Analista".into()
                } else {
                    "Suboficial".into()
                },
                affiliation: if civilian {
                    Affiliation::Civilian
                } else {
                    Affiliation::Police
                },
                preferred_language: Locale::Es,
                gender: None,
                roles: vec![Role::Trainee],
                agency_id: None,
                self_registered: false,
            },
            None,
        )
        .await?;
        let caller = as_caller(db, email, vec![Role::Trainee]).await?;
        crate::enrollment::service::apply(db, &site, &caller, lima).await?;
        readers.push((caller, read));
    }

    // The course is in its second week: its distance phase began nine days ago.
    let lima_row = offering::Entity::find_by_id(lima)
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal("demo offering missing".into()))?;
    let shift = Duration::days((lima_row.starts_on - now.date_naive()).num_days() + 9);
    for session in offering_session::Entity::find()
        .filter(offering_session::Column::OfferingId.eq(lima))
        .all(db)
        .await?
    {
        let (starts, ends) = (session.starts_at, session.ends_at);
        let mut row = session.into_active_model();
        row.starts_at = Set(starts - shift);
        row.ends_at = Set(ends - shift);
        row.update(db).await?;
    }
    let mut row = lima_row.clone().into_active_model();
    row.starts_on = Set(lima_row.starts_on - shift);
    row.ends_on = Set(lima_row.ends_on - shift);
    row.enrollment_opens = Set(lima_row.enrollment_opens - shift);
    row.enrollment_closes = Set(lima_row.enrollment_closes - shift);
    row.update(db).await?;

    let enrollments = entity::enrollment::Entity::find()
        .filter(entity::enrollment::Column::OfferingId.eq(lima))
        .all(db)
        .await?;
    for (reader, read) in readers {
        let Some(enrollment) = enrollments.iter().find(|e| e.user_id == reader.id) else {
            continue;
        };
        for (i, lesson) in lesson_ids.iter().take(read).enumerate() {
            let at = now - Duration::days(8) + Duration::hours(30 * i as i64);
            reading::mark_read(db, &reader, enrollment.id, *lesson, None, at).await?;
        }
    }
    Ok(())
}
