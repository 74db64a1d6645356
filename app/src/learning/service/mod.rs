//! Distance learning over the database: what authors write ([`authoring`]), what trainees read
//! and mark read ([`reading`]), and what instructors see of it ([`progress`]).
//!
//! Concurrency: lesson revisions are append-only and numbered per (lesson, language) under a
//! unique index, so two authors publishing the same lesson at once cannot both write revision
//! n + 1; the second is told to reload (`publish` also compares the number the author started
//! from). Adding and reordering units or lessons hold the module's row (`FOR UPDATE` on
//! PostgreSQL) and rewrite a list's positions in one write transaction. Marking a lesson read
//! is one upsert keyed by (enrolment, lesson), so a double click or two tabs record it once.
//! Nothing here holds a lock across requests.

pub mod attachments;
pub mod authoring;
pub mod offline;
pub mod progress;
pub mod reading;

use std::collections::{BTreeMap, HashMap};

use entity::{lesson, lesson_revision, module, module_author, offering, offering_instructor, unit};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::rules::{Shown, pick_translation};
use crate::auth::CurrentUser;
use crate::auth::policy::Relation;
use crate::error::DomainError;
use crate::i18n::{Locale, Texts};

/// How a module relates to the caller: [`Relation::AuthorsModule`] when they are named among its
/// authors, [`Relation::TeachesOffering`] when they teach one of its offerings, else
/// [`Relation::Other`].
pub async fn relation_to_module<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    module_id: i64,
) -> Result<Relation, DomainError> {
    let authors = module_author::Entity::find_by_id((module_id, caller.id))
        .one(conn)
        .await?;
    if authors.is_some() {
        return Ok(Relation::AuthorsModule);
    }
    let offerings: Vec<i64> = offering::Entity::find()
        .select_only()
        .column(offering::Column::Id)
        .filter(offering::Column::ModuleId.eq(module_id))
        .into_tuple()
        .all(conn)
        .await?;
    let teaches = offering_instructor::Entity::find()
        .filter(offering_instructor::Column::UserId.eq(caller.id))
        .filter(offering_instructor::Column::OfferingId.is_in(offerings))
        .one(conn)
        .await?;
    Ok(if teaches.is_some() {
        Relation::TeachesOffering
    } else {
        Relation::Other
    })
}

/// A module's units, each with its lessons in order; retired lessons only when asked for.
pub(crate) async fn structure<C: ConnectionTrait>(
    conn: &C,
    module_id: i64,
    with_retired: bool,
) -> Result<Vec<(unit::Model, Vec<lesson::Model>)>, DomainError> {
    let units = unit::Entity::find()
        .filter(unit::Column::ModuleId.eq(module_id))
        .order_by_asc(unit::Column::Position)
        .order_by_asc(unit::Column::Id)
        .all(conn)
        .await?;
    let mut query = lesson::Entity::find()
        .filter(lesson::Column::UnitId.is_in(units.iter().map(|u| u.id).collect::<Vec<_>>()));
    if !with_retired {
        query = query.filter(lesson::Column::RetiredAt.is_null());
    }
    let mut lessons: HashMap<i64, Vec<lesson::Model>> = HashMap::new();
    for l in query
        .order_by_asc(lesson::Column::Position)
        .order_by_asc(lesson::Column::Id)
        .all(conn)
        .await?
    {
        lessons.entry(l.unit_id).or_default().push(l);
    }
    Ok(units
        .into_iter()
        .map(|u| {
            let list = lessons.remove(&u.id).unwrap_or_default();
            (u, list)
        })
        .collect())
}

/// The newest revision of a lesson in one language, without its text.
#[derive(Clone, Debug, FromQueryResult)]
pub(crate) struct Head {
    pub id: i64,
    pub lesson_id: i64,
    pub language: String,
    pub number: i32,
    pub title: String,
}

/// The newest revision of each (lesson, language) of `lesson_ids`: lesson → language → head.
pub(crate) async fn heads<C: ConnectionTrait>(
    conn: &C,
    lesson_ids: &[i64],
) -> Result<HashMap<i64, BTreeMap<Locale, Head>>, DomainError> {
    let rows = lesson_revision::Entity::find()
        .select_only()
        .columns([
            lesson_revision::Column::Id,
            lesson_revision::Column::LessonId,
            lesson_revision::Column::Language,
            lesson_revision::Column::Number,
            lesson_revision::Column::Title,
        ])
        .filter(lesson_revision::Column::LessonId.is_in(lesson_ids.to_vec()))
        .into_model::<Head>()
        .all(conn)
        .await?;
    let mut newest: HashMap<i64, BTreeMap<Locale, Head>> = HashMap::new();
    for head in rows {
        let Some(language) = Locale::from_code(&head.language) else {
            continue;
        };
        let slot = newest.entry(head.lesson_id).or_default();
        if slot.get(&language).is_none_or(|h| h.number < head.number) {
            slot.insert(language, head);
        }
    }
    Ok(newest)
}

/// Which of `heads` a reader wanting `wanted` is shown, and that revision.
pub(crate) fn shown(
    heads: Option<&BTreeMap<Locale, Head>>,
    wanted: Locale,
    primary: Locale,
) -> Option<(Shown, &Head)> {
    let heads = heads?;
    let written: Vec<Locale> = heads.keys().copied().collect();
    let shown = pick_translation(&written, wanted, primary)?;
    heads.get(&shown.language).map(|head| (shown, head))
}

/// A translated title for a reader wanting `wanted`: that language, else the module's primary
/// one, else any.
pub(crate) fn title_for(stored: &str, wanted: Locale, primary: Locale) -> String {
    let texts = Texts::from_stored(stored);
    let map = texts.as_map();
    match map.get(wanted.code()).filter(|t| !t.is_empty()) {
        Some(text) => text.clone(),
        None => match map.get(primary.code()).filter(|t| !t.is_empty()) {
            Some(text) => text.clone(),
            None => texts.pick(wanted),
        },
    }
}

/// The module, or 404.
pub(crate) async fn find_module<C: ConnectionTrait>(
    conn: &C,
    module_id: i64,
) -> Result<module::Model, DomainError> {
    module::Entity::find_by_id(module_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The module's primary language (English if the stored code is not one).
pub(crate) fn primary_of(module: &module::Model) -> Locale {
    Locale::from_code(&module.primary_language).unwrap_or_default()
}
