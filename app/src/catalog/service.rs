//! Catalog operations over the database. Reads of published items are public; writes are for
//! administrators (the `EditCatalog` rule).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use entity::{module, module_prerequisite, module_topic, topic};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, Set,
};

use super::dto::CatalogItem;
use super::dto::{ModuleView, TopicView, pick};
use super::rules::{CatalogStatus, ModuleDraft, ModuleInput, find_cycle};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed};
use crate::db::begin_write;
use crate::error::{DomainError, FieldError};
use crate::i18n::{Key, Locale};

/// Whether `caller` may change the catalog and see its drafts.
pub(crate) fn may_edit(caller: Option<&CurrentUser>) -> bool {
    caller.is_some_and(|c| allowed(&c.roles, Action::EditCatalog, Relation::Other))
}

pub(super) fn topic_name(topic: &topic::Model, locale: Locale) -> String {
    match locale {
        Locale::En => topic.name_en.clone(),
        Locale::Es => topic.name_es.clone(),
        Locale::Pt => topic.name_pt.clone(),
        Locale::Fr => topic.name_fr.clone(),
    }
}

/// The topic vocabulary in `locale`, by name.
pub async fn topics(
    db: &DatabaseConnection,
    locale: Locale,
) -> Result<Vec<TopicView>, DomainError> {
    use sea_orm::FromQueryResult;
    use sea_orm::sea_query::{Alias, Expr, Query};
    // Only the code and the name in the reader's language: every catalog page reads this.
    let select = Query::select()
        .column(topic::Column::Code)
        .expr_as(
            // The column name comes from the closed set of locales, never from input.
            Expr::col(Alias::new(format!("name_{}", locale.code()))),
            Alias::new("name"),
        )
        .from(topic::Entity)
        .to_owned();
    let mut list = TopicView::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    // Alphabetical as a reader expects it: "Ética" among the E, not after "Z".
    list.sort_by_cached_key(|t| fold(&t.name));
    Ok(list)
}

/// What the public catalog page shows: a page of results, the topic vocabulary for the topic
/// filter, and the programmes the caller may see.
pub async fn catalog_search(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    query: &super::dto::ModuleQuery,
    locale: Locale,
    today: chrono::NaiveDate,
) -> Result<super::dto::CatalogSearch, DomainError> {
    Ok(super::dto::CatalogSearch {
        results: super::search::search_modules(db, query, locale, today).await?,
        topics: topics(db, locale).await?,
        programmes: super::programmes::programme_links(db, caller).await?,
        countries: listed_countries(db).await?,
    })
}

/// The codes of the countries the public catalog lists offerings in, read from the per-country
/// tally the database keeps (migration 0022).
pub async fn listed_countries(db: &DatabaseConnection) -> Result<Vec<String>, DomainError> {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    let select = Query::select()
        .column(Alias::new("country"))
        .from(Alias::new("listed_offering_countries"))
        .and_where(Expr::col(Alias::new("listed")).gt(0))
        .to_owned();
    let rows = db.query_all(&select).await?;
    Ok(rows
        .iter()
        .filter_map(|row| row.try_get::<String>("", "country").ok())
        .collect())
}

pub(super) fn json_map(text: &str) -> BTreeMap<String, String> {
    crate::i18n::Texts::from_stored(text).into_map()
}

fn to_json(map: &BTreeMap<Locale, String>) -> String {
    let plain: BTreeMap<&str, &str> = map.iter().map(|(l, t)| (l.code(), t.as_str())).collect();
    serde_json::to_string(&plain).unwrap_or_else(|_| "{}".to_string())
}

/// What the search reads: code, titles, summaries and topic names in every language.
fn search_text(draft: &ModuleDraft, topics: &[topic::Model]) -> String {
    let mut parts = vec![draft.code.clone()];
    parts.extend(draft.title.values().cloned());
    parts.extend(draft.summary.values().cloned());
    for t in topics {
        parts.extend([
            t.name_en.clone(),
            t.name_es.clone(),
            t.name_pt.clone(),
            t.name_fr.clone(),
        ]);
    }
    fold(&parts.join(" "))
}

/// Lower case without accents, so that "policia" finds "Policía".
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

async fn module_view<C: ConnectionTrait>(
    db: &C,
    m: module::Model,
) -> Result<ModuleView, DomainError> {
    let topics = module_topic::Entity::find()
        .filter(module_topic::Column::ModuleId.eq(m.id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.topic_code)
        .collect();
    let prerequisite_ids: Vec<i64> = module_prerequisite::Entity::find()
        .filter(module_prerequisite::Column::ModuleId.eq(m.id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.prerequisite_id)
        .collect();
    let mut prerequisites: Vec<String> = module::Entity::find()
        .filter(module::Column::Id.is_in(prerequisite_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.code)
        .collect();
    prerequisites.sort();
    Ok(ModuleView {
        id: m.id,
        title: json_map(&m.title),
        summary: json_map(&m.summary),
        code: m.code,
        topics,
        credits: m.credits,
        hours: m.hours,
        level: m.level,
        delivery_mode: m.delivery_mode,
        audience: m.audience,
        prerequisites,
        status: m.status,
        organising_agency_id: m.organising_agency_id,
        primary_language: m.primary_language,
    })
}

/// A module by id: published ones for everyone, others for administrators only (for anyone
/// else they do not exist).
pub async fn get_module(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: i64,
) -> Result<ModuleView, DomainError> {
    let found = module::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|m| may_edit(caller) || m.status == "published")
        .ok_or(DomainError::NotFound)?;
    module_view(db, found).await
}

/// A module by code, with the same visibility as [`get_module`].
pub async fn get_module_by_code(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    code: &str,
) -> Result<ModuleView, DomainError> {
    let found = module::Entity::find()
        .filter(module::Column::Code.eq(code.trim().to_uppercase()))
        .one(db)
        .await?
        .filter(|m| may_edit(caller) || m.status == "published")
        .ok_or(DomainError::NotFound)?;
    module_view(db, found).await
}

/// Creates a module (administrators).
pub async fn create_module(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    input: ModuleInput,
) -> Result<ModuleView, DomainError> {
    save_module(db, caller, None, input).await
}

/// Replaces a module's fields (administrators).
pub async fn update_module(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: i64,
    input: ModuleInput,
) -> Result<ModuleView, DomainError> {
    save_module(db, caller, Some(id), input).await
}

/// Publishes, archives or returns to draft a module or programme (administrators), leaving the
/// rest of it as it is. Offerings already published stay as they are: archiving a module only
/// takes it out of the catalog.
pub async fn set_status(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    item: CatalogItem,
    id: i64,
    status: &str,
) -> Result<(), DomainError> {
    use sea_orm::sea_query::Expr;
    if !may_edit(Some(caller)) {
        return Err(DomainError::Forbidden);
    }
    let status = CatalogStatus::from_code(status).ok_or_else(|| {
        DomainError::Invalid(vec![FieldError::new("status", Key::ModuleStatusInvalid)])
    })?;
    let now = Utc::now();
    let changed = match item {
        CatalogItem::Module => {
            module::Entity::update_many()
                .col_expr(module::Column::Status, Expr::value(status.code()))
                .col_expr(module::Column::UpdatedAt, Expr::value(now))
                .filter(module::Column::Id.eq(id))
                .exec(db)
                .await?
                .rows_affected
        }
        CatalogItem::Programme => {
            entity::programme::Entity::update_many()
                .col_expr(
                    entity::programme::Column::Status,
                    Expr::value(status.code()),
                )
                .col_expr(entity::programme::Column::UpdatedAt, Expr::value(now))
                .filter(entity::programme::Column::Id.eq(id))
                .exec(db)
                .await?
                .rows_affected
        }
    };
    if changed == 0 {
        return Err(DomainError::NotFound);
    }
    Ok(())
}

/// The module's primary language: as given; else, for a saved module, its own while its title
/// is still written in it; else the first of English, Spanish, Portuguese and French that the
/// title is written in.
fn primary_language(draft: &ModuleDraft, existing: Option<&module::Model>) -> Locale {
    let titled = |l: &Locale| draft.title.contains_key(l);
    draft
        .primary_language
        .or_else(|| {
            existing
                .and_then(|m| Locale::from_code(&m.primary_language))
                .filter(titled)
        })
        .or_else(|| Locale::ALL.into_iter().find(titled))
        .unwrap_or_default()
}

async fn save_module(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: Option<i64>,
    input: ModuleInput,
) -> Result<ModuleView, DomainError> {
    if !may_edit(Some(caller)) {
        return Err(DomainError::Forbidden);
    }
    let draft = input.parse().map_err(DomainError::from_problems)?;
    let organising_agency_id = input.organising_agency_id;
    let txn = begin_write(db).await?;
    let existing = match id {
        Some(id) => Some(
            module::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(DomainError::NotFound)?,
        ),
        None => None,
    };
    let mut problems = Vec::new();
    let twin = module::Entity::find()
        .filter(module::Column::Code.eq(draft.code.clone()))
        .one(&txn)
        .await?;
    if twin.is_some_and(|t| Some(t.id) != id) {
        problems.push(FieldError::new("code", Key::ModuleCodeTaken));
    }
    if let Some(organiser) = organising_agency_id {
        let known = entity::agency::Entity::find_by_id(organiser)
            .one(&txn)
            .await?
            .is_some();
        if !known {
            problems.push(FieldError::new(
                "organising_agency_id",
                Key::CatalogOrganiserUnknown,
            ));
        }
    }
    let topics = topic::Entity::find()
        .filter(topic::Column::Code.is_in(draft.topics.clone()))
        .all(&txn)
        .await?;
    let unknown_topics: Vec<&String> = draft
        .topics
        .iter()
        .filter(|code| !topics.iter().any(|t| &t.code == *code))
        .collect();
    if !unknown_topics.is_empty() {
        let codes = unknown_topics
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        problems.push(FieldError::with(
            "topics",
            Key::ModuleTopicUnknown,
            vec![("codes", codes)],
        ));
    }
    // The whole prerequisite graph, by code: small (one row per edge) and needed for cycles.
    let all_modules: HashMap<i64, String> = module::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| (m.id, m.code))
        .collect();
    let by_code: HashMap<&str, i64> = all_modules
        .iter()
        .map(|(id, code)| (code.as_str(), *id))
        .collect();
    let unknown_prerequisites: Vec<&String> = draft
        .prerequisites
        .iter()
        .filter(|code| !by_code.contains_key(code.as_str()))
        .collect();
    if !unknown_prerequisites.is_empty() {
        let codes = unknown_prerequisites
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        problems.push(FieldError::with(
            "prerequisites",
            Key::ModulePrerequisiteUnknown,
            vec![("codes", codes)],
        ));
    } else {
        let mut graph: HashMap<String, Vec<String>> = HashMap::new();
        for edge in module_prerequisite::Entity::find().all(&txn).await? {
            if Some(edge.module_id) == existing.as_ref().map(|m| m.id) {
                continue; // This module's own edges are being replaced.
            }
            if let (Some(from), Some(to)) = (
                all_modules.get(&edge.module_id),
                all_modules.get(&edge.prerequisite_id),
            ) {
                graph.entry(from.clone()).or_default().push(to.clone());
            }
        }
        // A renamed module keeps its edges under its new code.
        if let Some(old) = existing.as_ref().filter(|m| m.code != draft.code) {
            for targets in graph.values_mut() {
                for target in targets.iter_mut() {
                    if *target == old.code {
                        *target = draft.code.clone();
                    }
                }
            }
        }
        if let Some(cycle) = find_cycle(&graph, &draft.code, &draft.prerequisites) {
            problems.push(FieldError::with(
                "prerequisites",
                Key::ModulePrerequisiteCycle,
                vec![("cycle", cycle.join(" → "))],
            ));
        }
    }
    if !problems.is_empty() {
        return Err(DomainError::Invalid(problems));
    }

    let now = Utc::now();
    let mut row = module::ActiveModel {
        code: Set(draft.code.clone()),
        title: Set(to_json(&draft.title)),
        summary: Set(to_json(&draft.summary)),
        search_text: Set(search_text(&draft, &topics)),
        credits: Set(draft.credits),
        hours: Set(draft.hours),
        level: Set(draft.level.code().to_string()),
        delivery_mode: Set(draft.delivery_mode.code().to_string()),
        audience: Set(draft.audience.code().to_string()),
        status: Set(draft.status.code().to_string()),
        organising_agency_id: Set(organising_agency_id),
        primary_language: Set(primary_language(&draft, existing.as_ref())
            .code()
            .to_string()),
        updated_at: Set(now),
        ..Default::default()
    };
    let saved = match existing {
        Some(existing) => {
            row.id = Set(existing.id);
            row.created_at = Set(existing.created_at);
            row.update(&txn).await?
        }
        None => {
            row.created_at = Set(now);
            row.insert(&txn).await?
        }
    };
    module_topic::Entity::delete_many()
        .filter(module_topic::Column::ModuleId.eq(saved.id))
        .exec(&txn)
        .await?;
    for code in &draft.topics {
        module_topic::ActiveModel {
            module_id: Set(saved.id),
            topic_code: Set(code.clone()),
        }
        .insert(&txn)
        .await?;
    }
    module_prerequisite::Entity::delete_many()
        .filter(module_prerequisite::Column::ModuleId.eq(saved.id))
        .exec(&txn)
        .await?;
    for code in &draft.prerequisites {
        if let Some(prerequisite_id) = by_code.get(code.as_str()) {
            module_prerequisite::ActiveModel {
                module_id: Set(saved.id),
                prerequisite_id: Set(*prerequisite_id),
            }
            .insert(&txn)
            .await?;
        }
    }
    let view = module_view(&txn, saved).await?;
    txn.commit().await?;
    Ok(view)
}

pub use super::search::search_modules;

/// The module page: the module, its prerequisites and its upcoming offerings, in `locale`.
pub async fn module_details(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    code: &str,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<super::dto::ModuleDetails, DomainError> {
    let module = get_module_by_code(db, caller, code).await?;
    let prerequisites = module::Entity::find()
        .filter(module::Column::Code.is_in(module.prerequisites.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.code, pick(&json_map(&m.title), locale)))
        .collect();
    let names: HashMap<String, String> = topic::Entity::find()
        .all(db)
        .await?
        .iter()
        .map(|t| (t.code.clone(), topic_name(t, locale)))
        .collect();
    let offerings =
        super::offerings::list_offerings(db, Some(module.id), Some(now.date_naive())).await?;
    let programmes = super::programmes::programmes_of_module(db, module.id)
        .await?
        .into_iter()
        .map(|(code, title)| (code, pick(&title, locale)))
        .collect();
    let mut topics: Vec<String> = module
        .topics
        .iter()
        .filter_map(|t| names.get(t).cloned())
        .collect();
    // In the order the result cards list them.
    topics.sort_by_cached_key(|name| fold(name));
    Ok(super::dto::ModuleDetails {
        title: pick(&module.title, locale),
        summary: pick(&module.summary, locale),
        topics,
        prerequisites,
        programmes,
        standings: super::standing::standings(db, caller, &module, &offerings, locale, now).await?,
        offerings,
        module,
    })
}

/// Every module, drafts and archived ones included, by code (administrators).
pub async fn all_modules(
    db: &DatabaseConnection,
    caller: &CurrentUser,
) -> Result<Vec<ModuleView>, DomainError> {
    use sea_orm::QueryOrder;
    if !may_edit(Some(caller)) {
        return Err(DomainError::Forbidden);
    }
    let mut views = Vec::new();
    for m in module::Entity::find()
        .order_by_asc(module::Column::Code)
        .all(db)
        .await?
    {
        views.push(module_view(db, m).await?);
    }
    Ok(views)
}

/// Modules whose text shares significant words with `text` (any status), best first: shown
/// while a new module is typed, so agencies reuse instead of duplicating.
pub async fn similar_modules(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    text: &str,
    exclude_code: &str,
    locale: Locale,
) -> Result<Vec<(String, String)>, DomainError> {
    if !may_edit(Some(caller)) {
        return Err(DomainError::Forbidden);
    }
    // Short words ("de", "the", "and") say nothing about the subject.
    let words: Vec<String> = fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_string)
        .take(12)
        .collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut any = Condition::any();
    for word in &words {
        any = any.add(module::Column::SearchText.like(format!("%{word}%")));
    }
    let exclude = exclude_code.trim().to_uppercase();
    let mut scored: Vec<(usize, String, String)> = module::Entity::find()
        .filter(any)
        .all(db)
        .await?
        .into_iter()
        .filter(|m| m.code != exclude)
        .map(|m| {
            let score = words
                .iter()
                .filter(|w| m.search_text.contains(w.as_str()))
                .count();
            (score, m.code.clone(), pick(&json_map(&m.title), locale))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(scored
        .into_iter()
        .take(5)
        .map(|(_, code, title)| (code, title))
        .collect())
}

/// Active people holding the instructor role: (id, name), by name (administrators).
pub async fn instructors(
    db: &DatabaseConnection,
    caller: &CurrentUser,
) -> Result<Vec<(i64, String)>, DomainError> {
    use sea_orm::QueryOrder;
    if !may_edit(Some(caller)) {
        return Err(DomainError::Forbidden);
    }
    let ids: Vec<i64> = entity::user_role::Entity::find()
        .filter(entity::user_role::Column::Role.eq(crate::accounts::Role::Instructor.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    Ok(entity::user::Entity::find()
        .filter(entity::user::Column::Id.is_in(ids))
        .filter(entity::user::Column::Active.eq(true))
        .order_by_asc(entity::user::Column::FullName)
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect())
}
