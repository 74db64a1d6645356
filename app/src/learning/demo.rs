//! Demo distance content (`data/demo-lessons.json`): units on the use of force and on human
//! rights in detention for two modules, in Spanish and English (one lesson in Portuguese too),
//! written by the demo instructor through the authoring services; four trainees of one offering
//! under way (the human-rights course in Mexico City), each with lessons read, so the course,
//! the lesson pages and the progress table all have something real in them.
//!
//! That offering is shown in its second week: its people apply while enrolment is open
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
    modules: Vec<DemoModule>,
    course_under_way: UnderWay,
}

#[derive(Deserialize)]
struct DemoModule {
    module: String,
    primary_language: String,
    units: Vec<DemoUnit>,
}

/// The offering (module code and country) shown under way.
#[derive(Deserialize)]
struct UnderWay {
    module: String,
    country: String,
}

#[derive(Deserialize)]
struct DemoUnit {
    title: BTreeMap<String, String>,
    /// Per lesson: language → (title, Markdown).
    lessons: Vec<BTreeMap<String, (String, String)>>,
}

/// How far into the course each demo trainee is: (name, email, lessons read in course order).
const READERS: [(&str, &str, usize); 3] = [
    ("Lucía Hernández", "lucia.hernandez@ssc.example.org", 4),
    ("Carlos Ramírez", "carlos.ramirez@ssc.example.org", 1),
    ("Rosa Martínez", "rosa.martinez@segob.example.org", 0),
];

/// Loads the demo content and readers; run after the catalog and the demo applications.
pub async fn seed(db: &DatabaseConnection, admin: &CurrentUser) -> Result<(), DomainError> {
    use super::service::reading;
    let content: DemoContent = serde_json::from_str(LESSONS)
        .map_err(|e| DomainError::Internal(format!("demo lessons: {e}")))?;
    let now = Utc::now();
    let instructor = as_caller(db, "instructor@picap.example.org", vec![Role::Instructor]).await?;
    let mut course_lessons = Vec::new();
    for entry in &content.modules {
        let lessons = write(db, admin, &instructor, entry).await?;
        if entry.module == content.course_under_way.module {
            course_lessons = lessons;
        }
    }
    // The demo trainee and three officers of Mexico City apply while enrolment is open.
    let under_way = &content.course_under_way;
    let offering_id = offering_of(db, &under_way.module, &under_way.country).await?;
    let site = Site::default();
    let trainee = as_caller(db, "trainee@picap.example.org", vec![Role::Trainee]).await?;
    crate::enrollment::service::apply(db, &site, &trainee, offering_id).await?;
    let mut readers = vec![(trainee, 2)];
    for (name, email, read) in READERS {
        let address = EmailAddress::parse(email)
            .map_err(|e| DomainError::Internal(format!("demo email {email}: {e:?}")))?;
        let civilian = email.contains("segob");
        create_user(
            db,
            NewUser {
                email: address,
                full_name: name.into(),
                country: "MX".into(),
                agency: if civilian {
                    "Secretaría de Gobernación".into()
                } else {
                    "Secretaría de Seguridad Ciudadana".into()
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
        crate::enrollment::service::apply(db, &site, &caller, offering_id).await?;
        readers.push((caller, read));
    }

    // The course is in its second week: its distance phase began nine days ago.
    let offering_row = offering::Entity::find_by_id(offering_id)
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal("demo offering missing".into()))?;
    let shift = Duration::days((offering_row.starts_on - now.date_naive()).num_days() + 9);
    for session in offering_session::Entity::find()
        .filter(offering_session::Column::OfferingId.eq(offering_id))
        .all(db)
        .await?
    {
        let (starts, ends) = (session.starts_at, session.ends_at);
        let mut row = session.into_active_model();
        row.starts_at = Set(starts - shift);
        row.ends_at = Set(ends - shift);
        row.update(db).await?;
    }
    let mut row = offering_row.clone().into_active_model();
    row.starts_on = Set(offering_row.starts_on - shift);
    row.ends_on = Set(offering_row.ends_on - shift);
    row.enrollment_opens = Set(offering_row.enrollment_opens - shift);
    row.enrollment_closes = Set(offering_row.enrollment_closes - shift);
    row.update(db).await?;

    let enrollments = entity::enrollment::Entity::find()
        .filter(entity::enrollment::Column::OfferingId.eq(offering_id))
        .all(db)
        .await?;
    for (reader, read) in readers {
        let Some(enrollment) = enrollments.iter().find(|e| e.user_id == reader.id) else {
            continue;
        };
        for (i, lesson) in course_lessons.iter().take(read).enumerate() {
            let at = now - Duration::days(8) + Duration::hours(30 * i as i64);
            reading::mark_read(db, &reader, enrollment.id, *lesson, None, at).await?;
        }
    }
    Ok(())
}

/// Writes one module's units and lessons as its author (named by `admin`); returns its lesson
/// ids in course order.
async fn write(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    author: &CurrentUser,
    entry: &DemoModule,
) -> Result<Vec<i64>, DomainError> {
    use super::service::authoring;
    let now = Utc::now();
    let module = module::Entity::find()
        .filter(module::Column::Code.eq(&entry.module))
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal(format!("demo module {} missing", entry.module)))?;
    let mut row = module.clone().into_active_model();
    row.primary_language = Set(entry.primary_language.clone());
    row.update(db).await?;
    authoring::add_author(db, admin, module.id, &author.email, now).await?;
    let mut lesson_ids = Vec::new();
    for unit in &entry.units {
        let unit_id = authoring::add_unit(db, author, module.id, &unit.title, now).await?;
        for lesson in &unit.lessons {
            let first = lesson.get(&entry.primary_language).ok_or_else(|| {
                DomainError::Internal("demo lesson without its primary language".into())
            })?;
            let id =
                authoring::add_lesson(db, author, unit_id, &entry.primary_language, &first.0, now)
                    .await?;
            for (language, (title, markdown)) in lesson {
                authoring::publish(db, author, id, language, title, markdown, None, now).await?;
            }
            lesson_ids.push(id);
        }
    }
    Ok(lesson_ids)
}
