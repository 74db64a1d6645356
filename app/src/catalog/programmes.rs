//! Programmes over the database: sets of modules that together form a course of study.

use chrono::Utc;
use entity::{module, programme, programme_module};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::dto::{ProgrammeModuleView, ProgrammeView};
use super::rules::ProgrammeInput;
use super::service::may_edit;
use crate::auth::CurrentUser;
use crate::db::begin_write;
use crate::error::{DomainError, FieldError};
use crate::i18n::{Key, Texts};

async fn view<C: ConnectionTrait>(
    db: &C,
    p: programme::Model,
    public: bool,
) -> Result<ProgrammeView, DomainError> {
    let places = programme_module::Entity::find()
        .filter(programme_module::Column::ProgrammeId.eq(p.id))
        .order_by_asc(programme_module::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<i64> = places.iter().map(|m| m.module_id).collect();
    let modules = module::Entity::find()
        .filter(module::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let modules = places
        .iter()
        .filter_map(|place| {
            let m = modules.iter().find(|m| m.id == place.module_id)?;
            // The public sees only published modules of a programme.
            (!public || m.status == "published").then(|| ProgrammeModuleView {
                code: m.code.clone(),
                title: Texts::from_stored(&m.title).into_map(),
                credits: m.credits,
                required: place.required,
            })
        })
        .collect();
    Ok(ProgrammeView {
        id: p.id,
        code: p.code,
        title: Texts::from_stored(&p.title).into_map(),
        description: Texts::from_stored(&p.description).into_map(),
        credits_required: p.credits_required,
        modules,
        status: p.status,
    })
}

/// Published programmes (every programme for administrators), by code.
pub async fn list_programmes(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<Vec<ProgrammeView>, DomainError> {
    let admin = may_edit(caller);
    let mut select = programme::Entity::find().order_by_asc(programme::Column::Code);
    if !admin {
        select = select.filter(programme::Column::Status.eq("published"));
    }
    let mut views = Vec::new();
    for p in select.all(db).await? {
        views.push(view(db, p, !admin).await?);
    }
    Ok(views)
}

/// Code and title of each programme [`list_programmes`] would list, for links.
pub async fn programme_links(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<Vec<super::dto::ProgrammeLink>, DomainError> {
    let mut select = programme::Entity::find()
        .select_only()
        .column(programme::Column::Code)
        .column(programme::Column::Title)
        .order_by_asc(programme::Column::Code);
    if !may_edit(caller) {
        select = select.filter(programme::Column::Status.eq("published"));
    }
    Ok(select
        .into_tuple::<(String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(code, title)| super::dto::ProgrammeLink {
            code,
            title: Texts::from_stored(&title).into_map(),
        })
        .collect())
}

/// A programme by code, with the visibility of [`list_programmes`].
pub async fn get_programme(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    code: &str,
) -> Result<ProgrammeView, DomainError> {
    let admin = may_edit(caller);
    let found = programme::Entity::find()
        .filter(programme::Column::Code.eq(code.trim().to_uppercase()))
        .one(db)
        .await?
        .filter(|p| admin || p.status == "published")
        .ok_or(DomainError::NotFound)?;
    view(db, found, !admin).await
}

/// The published programmes a module belongs to: (code, titles).
pub async fn programmes_of_module(
    db: &DatabaseConnection,
    module_id: i64,
) -> Result<Vec<(String, std::collections::BTreeMap<String, String>)>, DomainError> {
    let ids: Vec<i64> = programme_module::Entity::find()
        .filter(programme_module::Column::ModuleId.eq(module_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.programme_id)
        .collect();
    Ok(programme::Entity::find()
        .filter(programme::Column::Id.is_in(ids))
        .filter(programme::Column::Status.eq("published"))
        .order_by_asc(programme::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code, Texts::from_stored(&p.title).into_map()))
        .collect())
}

/// Creates a programme (administrators). Its modules are named by code, in order.
pub async fn create_programme(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    input: ProgrammeInput,
) -> Result<ProgrammeView, DomainError> {
    save_programme(db, caller, None, input).await
}

/// Replaces a programme's fields and modules (administrators); archiving is a status.
pub async fn update_programme(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: i64,
    input: ProgrammeInput,
) -> Result<ProgrammeView, DomainError> {
    save_programme(db, caller, Some(id), input).await
}

/// A programme by id for its form (administrators, any status).
pub async fn programme_for_edit(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: i64,
) -> Result<ProgrammeView, DomainError> {
    if !may_edit(Some(caller)) {
        return Err(DomainError::Forbidden);
    }
    get_programme_by_id(db, Some(caller), id).await
}

/// A programme by id, with the visibility of [`list_programmes`].
pub async fn get_programme_by_id(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: i64,
) -> Result<ProgrammeView, DomainError> {
    let admin = may_edit(caller);
    let found = programme::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|p| admin || p.status == "published")
        .ok_or(DomainError::NotFound)?;
    view(db, found, !admin).await
}

async fn save_programme(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: Option<i64>,
    input: ProgrammeInput,
) -> Result<ProgrammeView, DomainError> {
    if !may_edit(Some(caller)) {
        return Err(DomainError::Forbidden);
    }
    let draft = input.parse().map_err(DomainError::from_problems)?;
    let txn = begin_write(db).await?;
    let existing = match id {
        Some(id) => Some(
            programme::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(DomainError::NotFound)?,
        ),
        None => None,
    };
    let mut problems = Vec::new();
    if programme::Entity::find()
        .filter(programme::Column::Code.eq(draft.code.clone()))
        .one(&txn)
        .await?
        .is_some_and(|other| Some(other.id) != id)
    {
        problems.push(FieldError::new("code", Key::ModuleCodeTaken));
    }
    let codes: Vec<String> = draft.modules.iter().map(|(c, _)| c.clone()).collect();
    let modules = module::Entity::find()
        .filter(module::Column::Code.is_in(codes.clone()))
        .all(&txn)
        .await?;
    let unknown: Vec<&str> = codes
        .iter()
        .filter(|c| !modules.iter().any(|m| &m.code == *c))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        problems.push(FieldError::with(
            "modules",
            Key::ModulePrerequisiteUnknown,
            vec![("codes", unknown.join(", "))],
        ));
    }
    if !problems.is_empty() {
        return Err(DomainError::Invalid(problems));
    }
    let to_json = |map: &std::collections::BTreeMap<crate::i18n::Locale, String>| {
        let plain: std::collections::BTreeMap<&str, &str> =
            map.iter().map(|(l, t)| (l.code(), t.as_str())).collect();
        serde_json::to_string(&plain).unwrap_or_else(|_| "{}".into())
    };
    let now = Utc::now();
    let mut row = match &existing {
        Some(found) => programme::ActiveModel::from(found.clone()),
        None => programme::ActiveModel {
            created_at: Set(now),
            ..Default::default()
        },
    };
    row.code = Set(draft.code.clone());
    row.title = Set(to_json(&draft.title));
    row.description = Set(to_json(&draft.description));
    row.credits_required = Set(draft.credits_required);
    row.status = Set(draft.status.code().to_string());
    row.updated_at = Set(now);
    let saved = match existing {
        Some(_) => row.update(&txn).await?,
        None => row.insert(&txn).await?,
    };
    // The module list is replaced as a whole: its order is the programme's.
    programme_module::Entity::delete_many()
        .filter(programme_module::Column::ProgrammeId.eq(saved.id))
        .exec(&txn)
        .await?;
    for (position, (code, required)) in draft.modules.iter().enumerate() {
        if let Some(m) = modules.iter().find(|m| &m.code == code) {
            programme_module::ActiveModel {
                programme_id: Set(saved.id),
                module_id: Set(m.id),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                required: Set(*required),
            }
            .insert(&txn)
            .await?;
        }
    }
    let result = view(&txn, saved, false).await?;
    txn.commit().await?;
    Ok(result)
}
