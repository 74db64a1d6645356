//! Writing a module's content: units, lessons, drafts and published revisions, and the
//! instructors named as authors.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use entity::{lesson, lesson_draft, lesson_revision, module, module_author, unit, user, user_role};
use sea_orm::FromQueryResult;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::super::dto::{AuthorLesson, AuthorUnit, Direction, LessonEditor, ModuleContent};
use super::super::markdown::render;
use super::super::rules::{MARKDOWN_MAX, TITLE_MAX, check_lesson, check_unit_title, moved};
use super::{find_module, heads, primary_of, relation_to_module, structure};
use crate::accounts::Role;
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed};
use crate::db::begin_write;
use crate::error::DomainError;
use crate::i18n::{Key, Locale, Texts};

/// Refuses at once a caller whose roles never write content (a trainee, a coordinator), before
/// anything is looked up: they learn nothing of which units or lessons exist.
fn may_write_any(caller: &CurrentUser) -> Result<(), DomainError> {
    let any = [
        Relation::AuthorsModule,
        Relation::TeachesOffering,
        Relation::Other,
    ]
    .into_iter()
    .any(|r| allowed(&caller.roles, Action::EditContent, r));
    if any {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// What a missing unit or lesson is to the caller: 404 for those who may write every module,
/// 403 for an author, who would otherwise learn which ids exist in modules they do not write.
fn missing(caller: &CurrentUser) -> DomainError {
    if allowed(&caller.roles, Action::EditContent, Relation::Other) {
        DomainError::NotFound
    } else {
        DomainError::Forbidden
    }
}

/// The module if the caller may write its content: 403 when they may not (whether or not it
/// exists, so an author learns nothing of other modules), else 404 when it does not exist.
async fn editable<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    module_id: i64,
) -> Result<module::Model, DomainError> {
    may_write_any(caller)?;
    let relation = relation_to_module(conn, caller, module_id).await?;
    if !allowed(&caller.roles, Action::EditContent, relation) {
        return Err(DomainError::Forbidden);
    }
    find_module(conn, module_id).await
}

/// The unit, as [`missing`] says when it does not exist.
async fn unit_of<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    unit_id: i64,
) -> Result<unit::Model, DomainError> {
    unit::Entity::find_by_id(unit_id)
        .one(conn)
        .await?
        .ok_or_else(|| missing(caller))
}

/// The lesson, its unit and its module, if the caller may write it.
pub(super) async fn editable_lesson<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    lesson_id: i64,
) -> Result<(lesson::Model, unit::Model, module::Model), DomainError> {
    may_write_any(caller)?;
    let lesson = lesson::Entity::find_by_id(lesson_id)
        .one(conn)
        .await?
        .ok_or_else(|| missing(caller))?;
    let unit = unit_of(conn, caller, lesson.unit_id).await?;
    let module = editable(conn, caller, unit.module_id).await?;
    Ok((lesson, unit, module))
}

fn language(code: &str) -> Result<Locale, DomainError> {
    Locale::from_code(code)
        .ok_or_else(|| DomainError::invalid("language", Key::LessonLanguageInvalid))
}

/// The module's content as its authors see it: every unit and lesson (retired ones marked),
/// which languages are published and drafted, and its authors.
pub async fn module_content(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    locale: Locale,
) -> Result<ModuleContent, DomainError> {
    let module = editable(db, caller, module_id).await?;
    let primary = primary_of(&module);
    let units = structure(db, module_id, true).await?;
    let lesson_ids: Vec<i64> = units
        .iter()
        .flat_map(|(_, lessons)| lessons.iter().map(|l| l.id))
        .collect();
    let heads = heads(db, &lesson_ids).await?;
    let drafts = lesson_draft::Entity::find()
        .filter(lesson_draft::Column::LessonId.is_in(lesson_ids.clone()))
        .all(db)
        .await?;
    let authors = authors(db, module_id).await?;
    let units = units
        .into_iter()
        .map(|(u, lessons)| AuthorUnit {
            id: u.id,
            title: Texts::from_stored(&u.title).into_map(),
            lessons: lessons
                .into_iter()
                .map(|l| {
                    let written = heads.get(&l.id);
                    let lesson_drafts: Vec<&lesson_draft::Model> =
                        drafts.iter().filter(|d| d.lesson_id == l.id).collect();
                    let title = super::shown(written, locale, primary)
                        .map(|(_, head)| head.title.clone())
                        .or_else(|| {
                            lesson_drafts
                                .iter()
                                .find(|d| !d.title.trim().is_empty())
                                .map(|d| d.title.clone())
                        })
                        .unwrap_or_default();
                    AuthorLesson {
                        id: l.id,
                        title,
                        published: written
                            .map(|w| {
                                w.iter()
                                    .map(|(l, h)| (l.code().to_string(), h.number))
                                    .collect()
                            })
                            .unwrap_or_default(),
                        drafts: lesson_drafts.iter().map(|d| d.language.clone()).collect(),
                        retired: l.retired_at.is_some(),
                    }
                })
                .collect(),
        })
        .collect();
    Ok(ModuleContent {
        module_id,
        module_title: Texts::from_stored(&module.title).pick(locale),
        module_code: module.code,
        primary_language: primary.code().to_string(),
        units,
        authors,
        may_name_authors: allowed(
            &caller.roles,
            Action::NameAuthors,
            relation_to_module(db, caller, module_id).await?,
        ),
    })
}

async fn authors<C: ConnectionTrait>(
    conn: &C,
    module_id: i64,
) -> Result<Vec<(i64, String, String)>, DomainError> {
    let ids: Vec<i64> = module_author::Entity::find()
        .filter(module_author::Column::ModuleId.eq(module_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .order_by_asc(user::Column::FullName)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name, u.email))
        .collect())
}

/// Adds a unit at the end of the module's list; returns its id.
pub async fn add_unit(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    titles: &BTreeMap<String, String>,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let titles = check_unit_title(titles).map_err(DomainError::from_problems)?;
    let txn = begin_write(db).await?;
    editable(&txn, caller, module_id).await?;
    let last: Option<i32> = unit::Entity::find()
        .select_only()
        .column(unit::Column::Position)
        .filter(unit::Column::ModuleId.eq(module_id))
        .order_by_desc(unit::Column::Position)
        .into_tuple()
        .one(&txn)
        .await?;
    let saved = unit::ActiveModel {
        module_id: Set(module_id),
        position: Set(last.map_or(0, |p| p + 1)),
        title: Set(stored(&titles)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

fn stored(titles: &BTreeMap<Locale, String>) -> String {
    Texts::from(
        titles
            .iter()
            .map(|(l, t)| (l.code().to_string(), t.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
    .to_stored()
}

/// Renames a unit.
pub async fn rename_unit(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    unit_id: i64,
    titles: &BTreeMap<String, String>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let titles = check_unit_title(titles).map_err(DomainError::from_problems)?;
    may_write_any(caller)?;
    let txn = begin_write(db).await?;
    let unit = unit_of(&txn, caller, unit_id).await?;
    editable(&txn, caller, unit.module_id).await?;
    let mut row: unit::ActiveModel = unit.into();
    row.title = Set(stored(&titles));
    row.updated_at = Set(now);
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves a unit one place up or down in its module.
pub async fn move_unit(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    unit_id: i64,
    direction: Direction,
) -> Result<(), DomainError> {
    may_write_any(caller)?;
    let txn = begin_write(db).await?;
    let unit = unit_of(&txn, caller, unit_id).await?;
    editable(&txn, caller, unit.module_id).await?;
    let ids: Vec<i64> = unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .filter(unit::Column::ModuleId.eq(unit.module_id))
        .order_by_asc(unit::Column::Position)
        .order_by_asc(unit::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    for (position, id) in moved(&ids, unit_id, direction).into_iter().enumerate() {
        unit::Entity::update_many()
            .col_expr(unit::Column::Position, (position as i32).into())
            .filter(unit::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Adds a lesson at the end of a unit, with a first draft holding its title in `language`;
/// returns its id. Trainees see it once a revision is published.
pub async fn add_lesson(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    unit_id: i64,
    language_code: &str,
    title: &str,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let language = language(language_code)?;
    let (title, _) = check_lesson(title, "").map_err(DomainError::from_problems)?;
    may_write_any(caller)?;
    let txn = begin_write(db).await?;
    let unit = unit_of(&txn, caller, unit_id).await?;
    editable(&txn, caller, unit.module_id).await?;
    let last: Option<i32> = lesson::Entity::find()
        .select_only()
        .column(lesson::Column::Position)
        .filter(lesson::Column::UnitId.eq(unit_id))
        .order_by_desc(lesson::Column::Position)
        .into_tuple()
        .one(&txn)
        .await?;
    let saved = lesson::ActiveModel {
        unit_id: Set(unit_id),
        position: Set(last.map_or(0, |p| p + 1)),
        retired_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    lesson_draft::ActiveModel {
        lesson_id: Set(saved.id),
        language: Set(language.code().to_string()),
        author_id: Set(caller.id),
        based_on: Set(None),
        title: Set(title),
        markdown: Set(String::new()),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// Moves a lesson one place up or down in its unit.
pub async fn move_lesson(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    direction: Direction,
) -> Result<(), DomainError> {
    let txn = begin_write(db).await?;
    let (lesson, _, _) = editable_lesson(&txn, caller, lesson_id).await?;
    let ids: Vec<i64> = lesson::Entity::find()
        .select_only()
        .column(lesson::Column::Id)
        .filter(lesson::Column::UnitId.eq(lesson.unit_id))
        .order_by_asc(lesson::Column::Position)
        .order_by_asc(lesson::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    for (position, id) in moved(&ids, lesson_id, direction).into_iter().enumerate() {
        lesson::Entity::update_many()
            .col_expr(lesson::Column::Position, (position as i32).into())
            .filter(lesson::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Retires a lesson (hidden from trainees, left out of progress) or brings it back.
pub async fn set_retired(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    retired: bool,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let txn = begin_write(db).await?;
    let (lesson, _, _) = editable_lesson(&txn, caller, lesson_id).await?;
    if lesson.retired_at.is_some() == retired {
        // Already so: retiring twice keeps the first date.
        return Ok(());
    }
    let mut row: lesson::ActiveModel = lesson.into();
    row.retired_at = Set(retired.then_some(now));
    row.updated_at = Set(now);
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// One line of a lesson's history, without its text.
#[derive(FromQueryResult)]
struct HistoryRow {
    id: i64,
    language: String,
    number: i32,
    author_id: Option<i64>,
    created_at: DateTime<Utc>,
}

/// A lesson in one language in its editor: the caller's own draft if they have one, else the
/// newest published revision, rendered as trainees will see it, with the history of revisions
/// and who else has a draft in this language.
pub async fn lesson_editor(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    language_code: Option<&str>,
    locale: Locale,
    max_upload_bytes: usize,
) -> Result<LessonEditor, DomainError> {
    let (lesson, unit, module) = editable_lesson(db, caller, lesson_id).await?;
    let primary = primary_of(&module);
    let language = match language_code.filter(|c| !c.trim().is_empty()) {
        Some(code) => language(code)?,
        None => primary,
    };
    let history = lesson_revision::Entity::find()
        .select_only()
        .columns([
            lesson_revision::Column::Id,
            lesson_revision::Column::Language,
            lesson_revision::Column::Number,
            lesson_revision::Column::AuthorId,
            lesson_revision::Column::CreatedAt,
        ])
        .filter(lesson_revision::Column::LessonId.eq(lesson_id))
        .order_by_desc(lesson_revision::Column::Id)
        .into_model::<HistoryRow>()
        .all(db)
        .await?;
    let drafts = lesson_draft::Entity::find()
        .filter(lesson_draft::Column::LessonId.eq(lesson_id))
        .all(db)
        .await?;
    let people: Vec<i64> = (history.iter().filter_map(|r| r.author_id))
        .chain(drafts.iter().map(|d| d.author_id))
        .collect();
    let names: BTreeMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let name = |id: Option<i64>| {
        id.and_then(|id| names.get(&id).cloned())
            .unwrap_or_default()
    };
    let newest = |l: Locale| history.iter().find(|r| r.language == l.code());
    let published = match newest(language) {
        Some(row) => lesson_revision::Entity::find_by_id(row.id).one(db).await?,
        None => None,
    };
    let published_number = published.as_ref().map(|r| r.number);
    let mine = |d: &&lesson_draft::Model| d.author_id == caller.id;
    let draft = drafts
        .iter()
        .filter(mine)
        .find(|d| d.language == language.code());
    let (title, markdown) = match (draft, &published) {
        (Some(d), _) => (d.title.clone(), d.markdown.clone()),
        (None, Some(r)) => (r.title.clone(), r.markdown.clone()),
        (None, None) => (String::new(), String::new()),
    };
    Ok(LessonEditor {
        lesson_id,
        module_id: module.id,
        module_title: Texts::from_stored(&module.title).pick(locale),
        unit_title: super::title_for(&unit.title, locale, primary),
        language: language.code().to_string(),
        primary_language: primary.code().to_string(),
        preview_html: render(&markdown),
        title,
        markdown,
        is_draft: draft.is_some(),
        based_on: draft.map_or(published_number, |d| d.based_on),
        published_number,
        others_drafting: drafts
            .iter()
            .filter(|d| d.language == language.code() && d.author_id != caller.id)
            .map(|d| (name(Some(d.author_id)), d.updated_at.to_rfc3339()))
            .collect(),
        revisions: history
            .iter()
            .map(|r| {
                (
                    r.language.clone(),
                    r.number,
                    name(r.author_id),
                    r.created_at.to_rfc3339(),
                )
            })
            .collect(),
        languages: Locale::ALL
            .iter()
            .map(|l| {
                (
                    l.code().to_string(),
                    newest(*l).map(|r| r.number),
                    drafts.iter().filter(mine).any(|d| d.language == l.code()),
                )
            })
            .collect(),
        retired: lesson.retired_at.is_some(),
        attachments: super::attachments::list(db, lesson_id).await?,
        max_upload_mb: (max_upload_bytes / (1024 * 1024)) as u64,
    })
}

/// Keeps what the author typed as their draft of the lesson in `language` (the preview), with
/// the revision it started from: nothing is published, and nothing typed is refused except text
/// too long to keep.
#[allow(clippy::too_many_arguments)]
pub async fn save_draft(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    language_code: &str,
    title: &str,
    markdown: &str,
    based_on: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let language = language(language_code)?;
    let markdown = markdown.replace("\r\n", "\n");
    let mut problems = Vec::new();
    if title.trim().chars().count() > TITLE_MAX {
        problems.push(("title", Key::LessonTitleInvalid));
    }
    if markdown.chars().count() > MARKDOWN_MAX {
        problems.push(("markdown", Key::LessonTextTooLong));
    }
    if !problems.is_empty() {
        return Err(DomainError::from_problems(problems));
    }
    let txn = begin_write(db).await?;
    editable_lesson(&txn, caller, lesson_id).await?;
    lesson_draft::Entity::insert(lesson_draft::ActiveModel {
        lesson_id: Set(lesson_id),
        language: Set(language.code().to_string()),
        author_id: Set(caller.id),
        based_on: Set(based_on),
        title: Set(title.trim().to_string()),
        markdown: Set(markdown),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            lesson_draft::Column::LessonId,
            lesson_draft::Column::Language,
            lesson_draft::Column::AuthorId,
        ])
        .update_columns([
            lesson_draft::Column::BasedOn,
            lesson_draft::Column::Title,
            lesson_draft::Column::Markdown,
            lesson_draft::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Throws away the caller's draft in `language`; the published text, and other authors'
/// drafts, stay.
pub async fn discard_draft(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    language_code: &str,
) -> Result<(), DomainError> {
    let language = language(language_code)?;
    let txn = begin_write(db).await?;
    editable_lesson(&txn, caller, lesson_id).await?;
    lesson_draft::Entity::delete_by_id((lesson_id, language.code().to_string(), caller.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Publishes what the author typed as the next revision in `language`, and drops the draft.
/// `based_on` is the revision number the author started from (none for a first one): if
/// someone published since, nothing is written and the author is told to look again. Returns
/// the new revision's number.
#[allow(clippy::too_many_arguments)]
pub async fn publish(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    language_code: &str,
    title: &str,
    markdown: &str,
    based_on: Option<i32>,
    now: DateTime<Utc>,
) -> Result<i32, DomainError> {
    let language = language(language_code)?;
    let (title, markdown) = check_lesson(title, markdown).map_err(DomainError::from_problems)?;
    let txn = begin_write(db).await?;
    let (lesson, _, _) = editable_lesson(&txn, caller, lesson_id).await?;
    let html = render(&markdown);
    let current: Option<i32> = lesson_revision::Entity::find()
        .select_only()
        .column(lesson_revision::Column::Number)
        .filter(lesson_revision::Column::LessonId.eq(lesson_id))
        .filter(lesson_revision::Column::Language.eq(language.code()))
        .order_by_desc(lesson_revision::Column::Number)
        .into_tuple()
        .one(&txn)
        .await?;
    if current != based_on {
        return Err(DomainError::Conflict(Key::LessonChangedMeanwhile));
    }
    let number = current.map_or(1, |n| n + 1);
    lesson_revision::ActiveModel {
        lesson_id: Set(lesson_id),
        language: Set(language.code().to_string()),
        number: Set(number),
        title: Set(title),
        markdown: Set(markdown),
        html: Set(html),
        author_id: Set(Some(caller.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(DomainError::on_unique(Key::LessonChangedMeanwhile))?;
    lesson_draft::Entity::delete_by_id((lesson_id, language.code().to_string(), caller.id))
        .exec(&txn)
        .await?;
    let mut row: lesson::ActiveModel = lesson.into();
    row.updated_at = Set(now);
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(number)
}

/// Names an instructor, by their sign-in address, among the module's authors.
pub async fn add_author(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    if !allowed(&caller.roles, Action::NameAuthors, Relation::Other) {
        return Err(DomainError::Forbidden);
    }
    let txn = begin_write(db).await?;
    find_module(&txn, module_id).await?;
    let relation = relation_to_module(&txn, caller, module_id).await?;
    if !allowed(&caller.roles, Action::NameAuthors, relation) {
        return Err(DomainError::Forbidden);
    }
    let person = user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .filter(user::Column::Active.eq(true))
        .one(&txn)
        .await?;
    let Some(person) = person else {
        return Err(DomainError::invalid("email", Key::AuthorNotInstructor));
    };
    let teaches = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(person.id))
        .filter(user_role::Column::Role.eq(Role::Instructor.code()))
        .one(&txn)
        .await?;
    if teaches.is_none() {
        return Err(DomainError::invalid("email", Key::AuthorNotInstructor));
    }
    module_author::Entity::insert(module_author::ActiveModel {
        module_id: Set(module_id),
        user_id: Set(person.id),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            module_author::Column::ModuleId,
            module_author::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes an author from the module; what they wrote stays.
pub async fn remove_author(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    user_id: i64,
) -> Result<(), DomainError> {
    if !allowed(&caller.roles, Action::NameAuthors, Relation::Other) {
        return Err(DomainError::Forbidden);
    }
    let txn = begin_write(db).await?;
    find_module(&txn, module_id).await?;
    let relation = relation_to_module(&txn, caller, module_id).await?;
    if !allowed(&caller.roles, Action::NameAuthors, relation) {
        return Err(DomainError::Forbidden);
    }
    module_author::Entity::delete_by_id((module_id, user_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The modules the caller writes content for, by code: those they are named an author of,
/// and for administrators every module. (id, code, title).
pub async fn my_modules(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    locale: Locale,
) -> Result<Vec<(i64, String, String)>, DomainError> {
    let mut query = module::Entity::find().order_by_asc(module::Column::Code);
    if !allowed(&caller.roles, Action::EditContent, Relation::Other) {
        let mine: Vec<i64> = module_author::Entity::find()
            .filter(module_author::Column::UserId.eq(caller.id))
            .all(db)
            .await?
            .into_iter()
            .map(|a| a.module_id)
            .collect();
        if !allowed(&caller.roles, Action::EditContent, Relation::AuthorsModule) {
            return Err(DomainError::Forbidden);
        }
        query = query.filter(module::Column::Id.is_in(mine));
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let title = Texts::from_stored(&m.title).pick(locale);
            (m.id, m.code, title)
        })
        .collect())
}
