//! Writing a module's content: who may ([`editable`], [`editable_lesson`]) and the author's view
//! of it here; units and lessons in [`outline`], drafts and revisions in [`drafts`], the named
//! authors in [`authors`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use entity::{lesson, lesson_draft, lesson_revision, module, module_author, unit, user, user_role};
use sea_orm::DatabaseTransaction;
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

mod authors;
mod drafts;
mod outline;

pub use authors::{add_author, my_modules, remove_author};
pub use drafts::{discard_draft, lesson_editor, preview, publish, publish_or_keep, save_draft};
pub use outline::{add_lesson, add_unit, move_lesson, move_unit, rename_unit, set_retired};

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

/// Holds the module's row until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite's write
/// transaction is exclusive already), so two authors adding or reordering units or lessons at
/// once take turns and each list's positions stay a sequence.
async fn lock_module(txn: &DatabaseTransaction, module_id: i64) -> Result<(), DomainError> {
    module::Entity::find_by_id(module_id)
        .lock_exclusive()
        .one(txn)
        .await?;
    Ok(())
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
