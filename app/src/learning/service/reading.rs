//! Reading a module's lessons: the outline with the reader's progress, one lesson in the
//! offering's language, and marking it read.
//!
//! A trainee reads through one of their own enrolments, which decides the language (the
//! offering's) and whether the lessons are open (`rules::content_access`). Another person's
//! enrolment, and a lesson the enrolment does not open, do not exist for the caller (404), so
//! nobody can learn from the answer which enrolments or lessons there are.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    enrollment, lesson, lesson_read, lesson_revision, module, offering, offering_session,
};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::super::dto::{
    AccessCode, Lesson, LessonLink, Outline, OutlineLesson, OutlineUnit, ReadMark,
};
use super::super::rules::{ContentAccess, content_access, opens_on, progress};
use super::{find_module, heads, primary_of, relation_to_module, shown, structure, title_for};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed};
use crate::catalog::rules::SessionKind;
use crate::enrollment::dto::EnrollmentStatus;
use crate::error::DomainError;
use crate::i18n::{Locale, Texts};

/// The reader and what they read through.
pub(crate) struct Reading {
    pub(crate) module: module::Model,
    /// The enrolment, its offering and what it opens; `None` for authors and instructors.
    through: Option<(enrollment::Model, offering::Model, ContentAccess)>,
    /// The language wanted: the offering's, else the reader's.
    pub(crate) wanted: Locale,
}

impl Reading {
    /// The enrolment read through and its offering; `None` for authors and instructors.
    pub(crate) fn enrolment(&self) -> Option<(&enrollment::Model, &offering::Model)> {
        self.through.as_ref().map(|(e, o, _)| (e, o))
    }

    pub(crate) fn access(&self) -> ContentAccess {
        self.through
            .as_ref()
            .map_or(ContentAccess::Open, |(_, _, access)| *access)
    }
}

/// The first day of `offering`'s distance window (`rules::opens_on`).
pub(crate) async fn distance_opens_on<C: ConnectionTrait>(
    conn: &C,
    offering: &offering::Model,
) -> Result<NaiveDate, DomainError> {
    let distance: Vec<DateTime<Utc>> = offering_session::Entity::find()
        .select_only()
        .column(offering_session::Column::StartsAt)
        .filter(offering_session::Column::OfferingId.eq(offering.id))
        .filter(offering_session::Column::Kind.eq(SessionKind::Distance.code()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(opens_on(offering.starts_on, &distance))
}

/// What `enrollment` opens on `today`.
async fn access_of<C: ConnectionTrait>(
    conn: &C,
    enrollment: &enrollment::Model,
    offering: &offering::Model,
    today: NaiveDate,
) -> Result<ContentAccess, DomainError> {
    let Some(status) = EnrollmentStatus::from_code(&enrollment.status) else {
        return Ok(ContentAccess::OutlineOnly);
    };
    Ok(content_access(
        status,
        today,
        distance_opens_on(conn, offering).await?,
    ))
}

/// The caller's own enrolment `enrollment_id`, or 404.
pub(crate) async fn through_enrollment<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    enrollment_id: i64,
    today: NaiveDate,
) -> Result<Reading, DomainError> {
    let enrollment = enrollment::Entity::find_by_id(enrollment_id)
        .one(conn)
        .await?
        .filter(|e| e.user_id == caller.id)
        .ok_or(DomainError::NotFound)?;
    if !allowed(&caller.roles, Action::Study, Relation::Own) {
        return Err(DomainError::NotFound);
    }
    let offering = offering::Entity::find_by_id(enrollment.offering_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let module = find_module(conn, offering.module_id).await?;
    let access = access_of(conn, &enrollment, &offering, today).await?;
    let wanted = Locale::from_code(&offering.language).unwrap_or_else(|| primary_of(&module));
    Ok(Reading {
        module,
        through: Some((enrollment, offering, access)),
        wanted,
    })
}

/// How the caller reads `module_id` without naming an enrolment (the JSON API): through their
/// most recent enrolment in one of its offerings that opens the lessons, else their most
/// recent one; else as an author or instructor; else 404.
pub(crate) async fn through_module<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    module_id: i64,
    locale: Locale,
    today: NaiveDate,
) -> Result<Reading, DomainError> {
    let module = find_module(conn, module_id).await?;
    let offerings: Vec<i64> = offering::Entity::find()
        .select_only()
        .column(offering::Column::Id)
        .filter(offering::Column::ModuleId.eq(module_id))
        .into_tuple()
        .all(conn)
        .await?;
    let mine = enrollment::Entity::find()
        .filter(enrollment::Column::UserId.eq(caller.id))
        .filter(enrollment::Column::OfferingId.is_in(offerings))
        .order_by_desc(enrollment::Column::CreatedAt)
        .order_by_desc(enrollment::Column::Id)
        .all(conn)
        .await?;
    let mut fallback = None;
    for e in &mine {
        let reading = through_enrollment(conn, caller, e.id, today).await?;
        if reading.access().is_open() {
            return Ok(reading);
        }
        fallback.get_or_insert(reading);
    }
    let relation = relation_to_module(conn, caller, module_id).await?;
    if allowed(&caller.roles, Action::ReadContent, relation) {
        return Ok(Reading {
            module,
            through: None,
            wanted: locale,
        });
    }
    fallback.ok_or(DomainError::NotFound)
}

/// The lessons the enrolment marked read: lesson → revision read.
async fn reads<C: ConnectionTrait>(
    conn: &C,
    reading: &Reading,
) -> Result<HashMap<i64, i64>, DomainError> {
    let Some((enrollment, _, _)) = &reading.through else {
        return Ok(HashMap::new());
    };
    Ok(lesson_read::Entity::find()
        .filter(lesson_read::Column::EnrollmentId.eq(enrollment.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.lesson_id, r.revision_id))
        .collect())
}

/// The course in order: units with the lessons a reader can see (published, not retired), and
/// each lesson's newest revisions.
pub(crate) async fn course<C: ConnectionTrait>(
    conn: &C,
    module_id: i64,
) -> Result<
    (
        Vec<(entity::unit::Model, Vec<lesson::Model>)>,
        HashMap<i64, std::collections::BTreeMap<Locale, super::Head>>,
    ),
    DomainError,
> {
    let mut units = structure(conn, module_id, false).await?;
    let ids: Vec<i64> = units
        .iter()
        .flat_map(|(_, lessons)| lessons.iter().map(|l| l.id))
        .collect();
    let heads = heads(conn, &ids).await?;
    for (_, lessons) in &mut units {
        lessons.retain(|l| heads.contains_key(&l.id));
    }
    Ok((units, heads))
}

fn outline_of(
    reading: &Reading,
    units: &[(entity::unit::Model, Vec<lesson::Model>)],
    heads: &HashMap<i64, std::collections::BTreeMap<Locale, super::Head>>,
    read: &HashMap<i64, i64>,
    locale: Locale,
) -> Outline {
    let primary = primary_of(&reading.module);
    let order: Vec<Vec<i64>> = units
        .iter()
        .map(|(_, lessons)| lessons.iter().map(|l| l.id).collect())
        .collect();
    let read_ids: HashSet<i64> = read.keys().copied().collect();
    let tally = progress(&order, &read_ids);
    let (access, opens) = match reading.access() {
        ContentAccess::Open => (AccessCode::Open, None),
        ContentAccess::OpensOn(day) => (AccessCode::NotYet, Some(day.to_string())),
        ContentAccess::OutlineOnly => (AccessCode::Outline, None),
    };
    Outline {
        module_id: reading.module.id,
        module_code: reading.module.code.clone(),
        module_title: Texts::from_stored(&reading.module.title).pick(locale),
        enrollment_id: reading.through.as_ref().map(|(e, _, _)| e.id),
        offering_id: reading.through.as_ref().map(|(_, o, _)| o.id),
        access,
        opens_on: opens,
        units: units
            .iter()
            .zip(&tally.units)
            .map(|((u, lessons), t)| OutlineUnit {
                id: u.id,
                title: title_for(&u.title, reading.wanted, primary),
                lessons: lessons
                    .iter()
                    .map(|l| OutlineLesson {
                        id: l.id,
                        title: shown(heads.get(&l.id), reading.wanted, primary)
                            .map(|(_, h)| h.title.clone())
                            .unwrap_or_default(),
                        read: read_ids.contains(&l.id),
                    })
                    .collect(),
                read: t.read as u32,
                total: t.total as u32,
                offline_bytes: None,
                quizzes: Vec::new(),
            })
            .collect(),
        read: tally.overall.read as u32,
        total: tally.overall.total as u32,
        next_lesson_id: tally.next,
    }
}

/// The outline of the module of the caller's enrolment `enrollment_id`, with their progress.
/// Shown whatever the enrolment's status; `access` says whether the lessons open.
pub async fn outline_for_enrollment(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    enrollment_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Outline, DomainError> {
    let reading = through_enrollment(db, caller, enrollment_id, now.date_naive()).await?;
    let (units, heads) = course(db, reading.module.id).await?;
    let read = reads(db, &reading).await?;
    let mut outline = outline_of(&reading, &units, &heads, &read, locale);
    add_quizzes(db, &reading, &mut outline).await?;
    if reading.access().is_open() {
        let sizes = super::offline::sizes(db, &reading, &units).await?;
        for unit in &mut outline.units {
            unit.offline_bytes = sizes.get(&unit.id).copied();
        }
    }
    Ok(outline)
}

/// The outline of `module_id` for the caller (the JSON API): through their enrolment, or as an
/// author or instructor.
pub async fn outline_for_module(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Outline, DomainError> {
    let reading = through_module(db, caller, module_id, locale, now.date_naive()).await?;
    let (units, heads) = course(db, reading.module.id).await?;
    let read = reads(db, &reading).await?;
    let mut outline = outline_of(&reading, &units, &heads, &read, locale);
    add_quizzes(db, &reading, &mut outline).await?;
    Ok(outline)
}

/// Puts each unit's quizzes in the outline, with the reader's counted score.
async fn add_quizzes(
    db: &DatabaseConnection,
    reading: &Reading,
    outline: &mut Outline,
) -> Result<(), DomainError> {
    let mut quizzes = crate::quizzes::service::attempts::outline_quizzes(
        db,
        reading.module.id,
        reading.enrolment().map(|(e, _)| e.id),
        reading.wanted,
        primary_of(&reading.module),
    )
    .await?;
    for unit in &mut outline.units {
        unit.quizzes = quizzes.remove(&unit.id).unwrap_or_default();
    }
    Ok(())
}

async fn lesson_in(
    db: &DatabaseConnection,
    reading: Reading,
    lesson_id: i64,
    locale: Locale,
) -> Result<Lesson, DomainError> {
    if !reading.access().is_open() {
        return Err(DomainError::NotFound);
    }
    let (units, heads) = course(db, reading.module.id).await?;
    let order: Vec<(&entity::unit::Model, &lesson::Model)> = units
        .iter()
        .flat_map(|(u, lessons)| lessons.iter().map(move |l| (u, l)))
        .collect();
    let at = order
        .iter()
        .position(|(_, l)| l.id == lesson_id)
        .ok_or(DomainError::NotFound)?;
    let primary = primary_of(&reading.module);
    let (shown_as, head) =
        shown(heads.get(&lesson_id), reading.wanted, primary).ok_or(DomainError::NotFound)?;
    let revision = lesson_revision::Entity::find_by_id(head.id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let read = reads(db, &reading).await?;
    let link = |i: usize| {
        order.get(i).map(|(_, l)| LessonLink {
            id: l.id,
            title: shown(heads.get(&l.id), reading.wanted, primary)
                .map(|(_, h)| h.title.clone())
                .unwrap_or_default(),
        })
    };
    let read_revision = read.get(&lesson_id).copied();
    Ok(Lesson {
        id: lesson_id,
        revision_id: revision.id,
        enrollment_id: reading.through.as_ref().map(|(e, _, _)| e.id),
        module_id: reading.module.id,
        module_title: Texts::from_stored(&reading.module.title).pick(locale),
        unit_title: title_for(&order[at].0.title, reading.wanted, primary),
        title: revision.title,
        html: revision.html,
        language: shown_as.language.code().to_string(),
        instead_of: shown_as.instead_of.map(|l| l.code().to_string()),
        read: read_revision.is_some(),
        // A newer revision, or a translation into the offering's language since.
        revised_since_read: read_revision.is_some_and(|r| r != revision.id),
        previous: at.checked_sub(1).and_then(link),
        next: link(at + 1),
        attachments: super::attachments::published(db, lesson_id).await?,
    })
}

/// Lesson `lesson_id` through the caller's enrolment `enrollment_id`, in the offering's language
/// (else the module's primary language, said so). 404 unless the enrolment opens it.
pub async fn lesson_for_enrollment(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    enrollment_id: i64,
    lesson_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Lesson, DomainError> {
    let reading = through_enrollment(db, caller, enrollment_id, now.date_naive()).await?;
    lesson_in(db, reading, lesson_id, locale).await
}

async fn module_of_lesson(db: &DatabaseConnection, lesson_id: i64) -> Result<i64, DomainError> {
    let unit_id: Option<i64> = lesson::Entity::find_by_id(lesson_id)
        .select_only()
        .column(lesson::Column::UnitId)
        .into_tuple()
        .one(db)
        .await?;
    let unit_id = unit_id.ok_or(DomainError::NotFound)?;
    let module_id: Option<i64> = entity::unit::Entity::find_by_id(unit_id)
        .select_only()
        .column(entity::unit::Column::ModuleId)
        .into_tuple()
        .one(db)
        .await?;
    module_id.ok_or(DomainError::NotFound)
}

/// Lesson `lesson_id` for the caller (the JSON API): through their enrolment that opens it, or
/// as an author or instructor in the caller's language.
pub async fn lesson_by_id(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Lesson, DomainError> {
    let module_id = module_of_lesson(db, lesson_id).await?;
    let reading = through_module(db, caller, module_id, locale, now.date_naive()).await?;
    lesson_in(db, reading, lesson_id, locale).await
}

async fn mark(
    db: &DatabaseConnection,
    reading: Reading,
    lesson_id: i64,
    revision_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<ReadMark, DomainError> {
    let Some((enrollment, _, access)) = &reading.through else {
        // Authors and instructors have no progress to record.
        return Err(DomainError::NotFound);
    };
    if !access.is_open() {
        return Err(DomainError::NotFound);
    }
    let (units, heads) = course(db, reading.module.id).await?;
    if !units
        .iter()
        .any(|(_, lessons)| lessons.iter().any(|l| l.id == lesson_id))
    {
        return Err(DomainError::NotFound);
    }
    let primary = primary_of(&reading.module);
    let revision_id = match revision_id {
        // The revision the page showed, if it is one of this lesson's.
        Some(id) => {
            let belongs = lesson_revision::Entity::find_by_id(id)
                .select_only()
                .column(lesson_revision::Column::LessonId)
                .into_tuple::<i64>()
                .one(db)
                .await?;
            if belongs != Some(lesson_id) {
                return Err(DomainError::NotFound);
            }
            id
        }
        None => {
            shown(heads.get(&lesson_id), reading.wanted, primary)
                .ok_or(DomainError::NotFound)?
                .1
                .id
        }
    };
    lesson_read::Entity::insert(lesson_read::ActiveModel {
        enrollment_id: Set(enrollment.id),
        lesson_id: Set(lesson_id),
        revision_id: Set(revision_id),
        read_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            lesson_read::Column::EnrollmentId,
            lesson_read::Column::LessonId,
        ])
        .update_columns([lesson_read::Column::RevisionId, lesson_read::Column::ReadAt])
        .to_owned(),
    )
    .exec(db)
    .await?;
    let read = reads(db, &reading).await?;
    let order: Vec<Vec<i64>> = units
        .iter()
        .map(|(_, lessons)| lessons.iter().map(|l| l.id).collect())
        .collect();
    let tally = progress(&order, &read.keys().copied().collect());
    Ok(ReadMark {
        lesson_id,
        revision_id,
        enrollment_id: enrollment.id,
        read: tally.overall.read as u32,
        total: tally.overall.total as u32,
    })
}

/// Marks lesson `lesson_id` read through the caller's enrolment `enrollment_id`, recording the
/// revision they were shown (`revision_id`, else the one shown now). Marking it again records
/// the newer revision.
pub async fn mark_read(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    enrollment_id: i64,
    lesson_id: i64,
    revision_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<ReadMark, DomainError> {
    let reading = through_enrollment(db, caller, enrollment_id, now.date_naive()).await?;
    mark(db, reading, lesson_id, revision_id, now).await
}

/// Marks lesson `lesson_id` read for the caller (the JSON API), through their enrolment that
/// opens it.
pub async fn mark_read_by_lesson(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    revision_id: Option<i64>,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<ReadMark, DomainError> {
    let module_id = module_of_lesson(db, lesson_id).await?;
    let reading = through_module(db, caller, module_id, locale, now.date_naive()).await?;
    mark(db, reading, lesson_id, revision_id, now).await
}
