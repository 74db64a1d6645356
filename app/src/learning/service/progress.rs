//! An offering's progress table: lessons read per trainee and unit, for the offering's
//! instructors and the programme.

use std::collections::{HashMap, HashSet};

use entity::{enrollment, lesson_read, offering, user};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::super::dto::{OfferingProgress, ProgressUnit, TraineeProgress};
use super::super::rules::progress;
use super::{find_module, heads, primary_of, structure, title_for};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, allowed};
use crate::catalog::teaching::relation_to_offering;
use crate::enrollment::dto::EnrollmentStatus;
use crate::error::DomainError;
use crate::i18n::{Locale, Texts};

/// Lessons read per unit by each enrolled or completed trainee of `offering_id`, by name: 403
/// for whoever may not see it, whether or not it exists.
pub async fn offering_progress(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    offering_id: i64,
    locale: Locale,
) -> Result<OfferingProgress, DomainError> {
    // Permission first: whoever may not see it learns nothing of which offerings exist (drafts
    // included).
    let relation = relation_to_offering(db, caller, offering_id).await?;
    if !allowed(&caller.roles, Action::ReadProgress, relation) {
        return Err(DomainError::Forbidden);
    }
    let offering = offering::Entity::find_by_id(offering_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let module = find_module(db, offering.module_id).await?;
    let primary = primary_of(&module);
    let wanted = Locale::from_code(&offering.language).unwrap_or(locale);
    let mut units = structure(db, module.id, false).await?;
    let ids: Vec<i64> = units
        .iter()
        .flat_map(|(_, lessons)| lessons.iter().map(|l| l.id))
        .collect();
    let published = heads(db, &ids).await?;
    for (_, lessons) in &mut units {
        lessons.retain(|l| published.contains_key(&l.id));
    }
    let order: Vec<Vec<i64>> = units
        .iter()
        .map(|(_, lessons)| lessons.iter().map(|l| l.id).collect())
        .collect();
    let enrolments = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(offering_id))
        .filter(enrollment::Column::Status.is_in([
            EnrollmentStatus::Enrolled.code(),
            EnrollmentStatus::Completed.code(),
        ]))
        .all(db)
        .await?;
    let people: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(enrolments.iter().map(|e| e.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let mut reads: HashMap<i64, Vec<lesson_read::Model>> = HashMap::new();
    for r in lesson_read::Entity::find()
        .filter(
            lesson_read::Column::EnrollmentId
                .is_in(enrolments.iter().map(|e| e.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
    {
        reads.entry(r.enrollment_id).or_default().push(r);
    }
    let mut trainees: Vec<TraineeProgress> = enrolments
        .iter()
        .map(|e| {
            let mine = reads.get(&e.id).map(Vec::as_slice).unwrap_or_default();
            let read: HashSet<i64> = mine.iter().map(|r| r.lesson_id).collect();
            let tally = progress(&order, &read);
            TraineeProgress {
                enrollment_id: e.id,
                name: people.get(&e.user_id).cloned().unwrap_or_default(),
                status: e.status.clone(),
                per_unit: tally.units.iter().map(|t| t.read as u32).collect(),
                read: tally.overall.read as u32,
                total: tally.overall.total as u32,
                last_read_at: mine
                    .iter()
                    .map(|r| r.read_at)
                    .max()
                    .map(|at| at.to_rfc3339()),
            }
        })
        .collect();
    trainees.sort_by_key(|t| t.name.to_lowercase());
    Ok(OfferingProgress {
        offering_id,
        module_id: module.id,
        module_title: Texts::from_stored(&module.title).pick(locale),
        starts_on: offering.starts_on.to_string(),
        units: units
            .iter()
            .map(|(u, lessons)| ProgressUnit {
                id: u.id,
                title: title_for(&u.title, wanted, primary),
                total: lessons.len() as u32,
            })
            .collect(),
        trainees,
    })
}
