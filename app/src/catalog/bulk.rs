//! A large synthetic catalog for load tests (`picap bench-seed`): thousands of modules whose
//! titles combine real subjects in English and Spanish, and offerings spread over two years,
//! written in bulk. Never part of demo data.

use chrono::{Duration, Utc};
use entity::{module, module_topic, offering};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::service::fold;
use crate::db::begin_write;
use crate::error::DomainError;

const SUBJECTS: &[(&str, &str, &str)] = &[
    (
        "Progressive use of force",
        "Uso progresivo de la fuerza",
        "progressive_use_of_force",
    ),
    (
        "Human rights in policing",
        "Derechos humanos en la función policial",
        "human_rights",
    ),
    (
        "Conflict resolution",
        "Resolución de conflictos",
        "conflict_resolution",
    ),
    (
        "Gender-based violence",
        "Violencia de género",
        "gender_based_violence",
    ),
    ("Organized crime", "Crimen organizado", "organized_crime"),
    ("Security plans", "Planes de seguridad", "security_plans"),
    (
        "Citizen participation",
        "Participación ciudadana",
        "citizen_participation",
    ),
    (
        "Policy evaluation",
        "Evaluación de políticas",
        "public_policy_evaluation",
    ),
    ("Policing models", "Modelos policiales", "policing_models"),
    ("Urban security", "Seguridad urbana", "urban_contexts"),
];

const SETTINGS: &[(&str, &str)] = &[
    ("for first responders", "para primeros intervinientes"),
    ("for supervisors", "para supervisores"),
    ("in rural areas", "en zonas rurales"),
    ("in large cities", "en grandes ciudades"),
    ("for investigators", "para investigadores"),
    ("for local governments", "para gobiernos locales"),
    ("with communities", "con la comunidad"),
    ("at borders", "en fronteras"),
];

const PLACES: &[(&str, &str)] = &[
    ("PE", "es"),
    ("CO", "es"),
    ("BR", "pt"),
    ("HT", "fr"),
    ("MX", "es"),
    ("US", "en"),
    ("AR", "es"),
    ("CL", "es"),
    ("TT", "en"),
    ("CA", "fr"),
];

/// `j` mixed (Fibonacci hashing), so that consecutive numbers land far apart.
fn scatter(j: usize) -> usize {
    ((j as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33) as usize
}

/// Writes `modules` modules and `offerings` offerings (published), in batches.
pub async fn seed_bulk(
    db: &DatabaseConnection,
    modules: usize,
    offerings: usize,
) -> Result<(), DomainError> {
    let now = Utc::now();
    let today = now.date_naive();
    let modes = ["onsite", "distance", "blended"];
    let audiences = ["police", "civilian", "both"];
    let mut first_id = None;
    for chunk_start in (0..modules).step_by(500) {
        let txn = begin_write(db).await?;
        let rows: Vec<module::ActiveModel> = (chunk_start..modules.min(chunk_start + 500))
            .map(|i| {
                let (en, es, _) = SUBJECTS[i % SUBJECTS.len()];
                let (set_en, set_es) = SETTINGS[(i / SUBJECTS.len()) % SETTINGS.len()];
                let code = format!("BENCH-{:05}", i);
                let title_en = format!("{en} {set_en} {}", i / 80 + 1);
                let title_es = format!("{es} {set_es} {}", i / 80 + 1);
                let title = serde_json::json!({"en": title_en, "es": title_es}).to_string();
                let summary = serde_json::json!({"en": format!("{title_en}: practice and cases."), "es": format!("{title_es}: práctica y casos.")}).to_string();
                module::ActiveModel {
                    search_text: Set(fold(&format!("{code} {title_en} {title_es}"))),
                    code: Set(code),
                    title: Set(title),
                    summary: Set(summary),
                    credits: Set(2 + (i % 4) as i32),
                    hours: Set(24 + (i % 5) as i32 * 8),
                    level: Set("intermediate".into()),
                    delivery_mode: Set(modes[i % 3].into()),
                    audience: Set(audiences[i % 3].into()),
                    status: Set("published".into()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
            })
            .collect();
        module::Entity::insert_many(rows).exec(&txn).await?;
        let codes: Vec<String> = (chunk_start..modules.min(chunk_start + 500))
            .map(|i| format!("BENCH-{:05}", i))
            .collect();
        let saved = module::Entity::find()
            .filter(module::Column::Code.is_in(codes))
            .all(&txn)
            .await?;
        if let Some(min) = saved.iter().map(|m| m.id).min() {
            first_id.get_or_insert(min);
        }
        let topics: Vec<module_topic::ActiveModel> = saved
            .iter()
            .map(|m| {
                let index: usize = m.code[6..].parse().unwrap_or(0);
                module_topic::ActiveModel {
                    module_id: Set(m.id),
                    topic_code: Set(SUBJECTS[index % SUBJECTS.len()].2.to_string()),
                }
            })
            .collect();
        module_topic::Entity::insert_many(topics).exec(&txn).await?;
        txn.commit().await?;
    }
    let first = first_id.unwrap_or(1);
    for chunk_start in (0..offerings).step_by(1000) {
        let txn = begin_write(db).await?;
        let rows: Vec<offering::ActiveModel> = (chunk_start..offerings.min(chunk_start + 1000))
            .map(|j| {
                // Scattered rather than `j % 10`: with 10 subjects too, every module on a subject
                // would otherwise be taught in one country and language only, and a search
                // combining words with a language would find nothing.
                let (country, language) = PLACES[scatter(j) % PLACES.len()];
                // From a year ago to a year ahead: about half are upcoming.
                let starts = today + Duration::days((j as i64 * 37) % 730 - 365);
                offering::ActiveModel {
                    module_id: Set(first + (j % modules.max(1)) as i64),
                    starts_on: Set(starts),
                    ends_on: Set(starts + Duration::days(5)),
                    enrollment_opens: Set(starts - Duration::days(60)),
                    enrollment_closes: Set(starts - Duration::days(7)),
                    capacity: Set(30),
                    language: Set(language.into()),
                    country: Set(country.into()),
                    host_agency: Set("Bench agency".into()),
                    enrollment_policy: Set("open".into()),
                    status: Set("published".into()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
            })
            .collect();
        offering::Entity::insert_many(rows).exec(&txn).await?;
        txn.commit().await?;
    }
    crate::db::analyze(db).await?;
    Ok(())
}
