//! The agency registry over the database.
//!
//! Concurrency: a name is unique per country by the index `ux_agencies_country_name_key` on the
//! compared form, so two administrators creating the same agency at once get one row and a
//! refusal naming the field. A merge runs in one write transaction that locks both agencies'
//! rows first (PostgreSQL `FOR UPDATE`; SQLite `BEGIN IMMEDIATE`), so a person cannot be moved
//! to an agency that a concurrent merge is removing.

use std::collections::HashMap;

use chrono::Utc;
use entity::{agency, offering, user};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use super::dto::{Agency, AgencyInput, Merged};
use super::rules::{ValidAgency, initials, name_key, validate};
use crate::audit::{AuditEvent, record};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed};
use crate::db::begin_write;
use crate::error::DomainError;
use crate::i18n::Key;

fn check(caller: &CurrentUser) -> Result<(), DomainError> {
    if allowed(&caller.roles, Action::ManageAgencies, Relation::Other) {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

#[derive(FromQueryResult)]
struct Count {
    id: Option<i64>,
    n: i64,
}

/// How many rows of `column` point at each agency: one grouped query.
async fn counts<C, E>(db: &C, column: E::Column) -> Result<HashMap<i64, u64>, DomainError>
where
    C: ConnectionTrait,
    E: EntityTrait,
{
    let rows = E::find()
        .select_only()
        .column_as(column, "id")
        .column_as(Expr::col(column).count(), "n")
        .filter(column.is_not_null())
        .group_by(column)
        .into_model::<Count>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|c| c.id.map(|id| (id, u64::try_from(c.n).unwrap_or(0))))
        .collect())
}

fn view(model: agency::Model, members: &HashMap<i64, u64>, hosted: &HashMap<i64, u64>) -> Agency {
    Agency {
        members: members.get(&model.id).copied().unwrap_or(0),
        hosted_offerings: hosted.get(&model.id).copied().unwrap_or(0),
        id: model.id,
        name: model.name,
        short_name: model.short_name,
        country: model.country,
        kind: model.kind,
        listed: model.listed,
    }
}

/// Every agency, or those of one country, by country then name. Public: people pick theirs
/// from it when they register. How many people and offerings each has is for administrators
/// only (zero for anyone else). Three queries whatever the number of agencies.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    caller: Option<&CurrentUser>,
    country: Option<&str>,
) -> Result<Vec<Agency>, DomainError> {
    let mut query = agency::Entity::find()
        .order_by_asc(agency::Column::Country)
        .order_by_asc(agency::Column::NameKey);
    if let Some(country) = country.map(str::trim).filter(|c| !c.is_empty()) {
        query = query.filter(agency::Column::Country.eq(country.to_uppercase()));
    }
    let administrator = caller.is_some_and(|c| check(c).is_ok());
    if !administrator {
        // A newcomer's request is not an agency anyone else may pick until it is accepted.
        query = query.filter(agency::Column::Listed.eq(true));
    }
    let models = query.all(db).await?;
    if !administrator {
        let none = HashMap::new();
        return Ok(models.into_iter().map(|m| view(m, &none, &none)).collect());
    }
    let members = counts::<_, user::Entity>(db, user::Column::AgencyId).await?;
    let hosted = counts::<_, offering::Entity>(db, offering::Column::HostAgencyId).await?;
    Ok(models
        .into_iter()
        .map(|m| view(m, &members, &hosted))
        .collect())
}

/// One agency.
pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> Result<Agency, DomainError> {
    let model = agency::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let members = user::Entity::find()
        .filter(user::Column::AgencyId.eq(id))
        .count(db)
        .await?;
    let hosted = offering::Entity::find()
        .filter(offering::Column::HostAgencyId.eq(id))
        .count(db)
        .await?;
    Ok(view(
        model,
        &HashMap::from([(id, members)]),
        &HashMap::from([(id, hosted)]),
    ))
}

/// The agency of `country` whose name compares equal to `name`, if there is one.
pub async fn find_by_name<C: ConnectionTrait>(
    db: &C,
    country: &str,
    name: &str,
) -> Result<Option<agency::Model>, DomainError> {
    Ok(agency::Entity::find()
        .filter(agency::Column::Country.eq(country.trim().to_uppercase()))
        .filter(agency::Column::NameKey.eq(name_key(name)))
        .one(db)
        .await?)
}

fn valid(input: &AgencyInput) -> Result<ValidAgency, DomainError> {
    validate(input).map_err(DomainError::from_problems)
}

/// A second agency with the same name in the same country is refused on the name field.
fn on_duplicate(e: sea_orm::DbErr) -> DomainError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            DomainError::invalid("name", Key::AgenciesNameTaken)
        }
        _ => DomainError::Database(e),
    }
}

/// Adds an agency (administrators).
pub async fn create(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    input: AgencyInput,
) -> Result<Agency, DomainError> {
    check(caller)?;
    let valid = valid(&input)?;
    let txn = begin_write(db).await?;
    let now = Utc::now();
    let saved = agency::ActiveModel {
        name: Set(valid.name.clone()),
        short_name: Set(valid.short_name),
        country: Set(valid.country.clone()),
        kind: Set(valid.kind.code().to_string()),
        name_key: Set(valid.name_key),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(on_duplicate)?;
    record(
        &txn,
        AuditEvent::AgencyChange,
        Some(caller.id),
        None,
        None,
        Some(format!(
            "created agency {} {} ({})",
            saved.id, valid.name, valid.country
        )),
    )
    .await?;
    txn.commit().await?;
    get(db, saved.id).await
}

/// Changes an agency (administrators). Its people and offerings follow: the names they carry
/// as text are rewritten in the same transaction, so every page shows the new name at once.
pub async fn update(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: i64,
    input: AgencyInput,
) -> Result<Agency, DomainError> {
    check(caller)?;
    let valid = valid(&input)?;
    let txn = begin_write(db).await?;
    let Some(current) = agency::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
    else {
        return Err(DomainError::NotFound);
    };
    let mut changed: agency::ActiveModel = current.clone().into();
    changed.name = Set(valid.name.clone());
    changed.short_name = Set(valid.short_name);
    changed.country = Set(valid.country.clone());
    changed.kind = Set(valid.kind.code().to_string());
    changed.name_key = Set(valid.name_key);
    changed.updated_at = Set(Utc::now());
    changed.update(&txn).await.map_err(on_duplicate)?;
    rename_rows(&txn, id, &valid.name).await?;
    record(
        &txn,
        AuditEvent::AgencyChange,
        Some(caller.id),
        None,
        None,
        Some(format!(
            "changed agency {id}: {} ({}) → {} ({})",
            current.name, current.country, valid.name, valid.country
        )),
    )
    .await?;
    txn.commit().await?;
    get(db, id).await
}

/// Rewrites the agency's name where people and offerings still carry it as text.
async fn rename_rows<C: ConnectionTrait>(txn: &C, id: i64, name: &str) -> Result<(), DomainError> {
    user::Entity::update_many()
        .col_expr(user::Column::Agency, Expr::value(name))
        .filter(user::Column::AgencyId.eq(id))
        .exec(txn)
        .await?;
    offering::Entity::update_many()
        .col_expr(offering::Column::HostAgency, Expr::value(name))
        .filter(offering::Column::HostAgencyId.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Moves every person and offering of agency `from` to `into`, then removes `from`
/// (administrators). Both must be in the same country: agencies of two countries are never
/// one, whatever their names.
pub async fn merge(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    from: i64,
    into: i64,
) -> Result<Merged, DomainError> {
    check(caller)?;
    if from == into {
        return Err(DomainError::invalid("into", Key::AgenciesMergeSame));
    }
    let txn = begin_write(db).await?;
    // Both rows, locked in id order so two opposite merges cannot deadlock.
    let locked = agency::Entity::find()
        .filter(agency::Column::Id.is_in([from, into]))
        .order_by_asc(agency::Column::Id)
        .lock_exclusive()
        .all(&txn)
        .await?;
    let (Some(gone), Some(kept)) = (
        locked.iter().find(|a| a.id == from).cloned(),
        locked.iter().find(|a| a.id == into).cloned(),
    ) else {
        return Err(if locked.iter().any(|a| a.id == from) {
            DomainError::invalid("into", Key::AgenciesMergeUnknown)
        } else {
            DomainError::NotFound
        });
    };
    if gone.country != kept.country {
        return Err(DomainError::invalid("into", Key::AgenciesMergeOtherCountry));
    }
    let people = user::Entity::update_many()
        .col_expr(user::Column::AgencyId, Expr::value(into))
        .filter(user::Column::AgencyId.eq(from))
        .exec(&txn)
        .await?
        .rows_affected;
    let offerings = offering::Entity::update_many()
        .col_expr(offering::Column::HostAgencyId, Expr::value(into))
        .filter(offering::Column::HostAgencyId.eq(from))
        .exec(&txn)
        .await?
        .rows_affected;
    entity::module::Entity::update_many()
        .col_expr(
            entity::module::Column::OrganisingAgencyId,
            Expr::value(into),
        )
        .filter(entity::module::Column::OrganisingAgencyId.eq(from))
        .exec(&txn)
        .await?;
    rename_rows(&txn, into, &kept.name).await?;
    agency::Entity::delete_by_id(from).exec(&txn).await?;
    record(
        &txn,
        AuditEvent::AgencyChange,
        Some(caller.id),
        None,
        None,
        Some(format!(
            "merged agency {from} {} into {into} {} ({}): {people} people, {offerings} offerings",
            gone.name, kept.name, kept.country
        )),
    )
    .await?;
    txn.commit().await?;
    Ok(Merged {
        into: get(db, into).await?,
        people_moved: people,
        offerings_moved: offerings,
    })
}

/// The registry's agency named `name` in `country`, created (with `kind`) when there is none:
/// people and offerings that still name their agency as text are linked to it as they are
/// saved, so that renaming and merging reach them. `None` for an empty name. Safe when two
/// requests create the same agency at once: the unique index keeps one row and both read it.
pub async fn id_for<C: ConnectionTrait>(
    db: &C,
    country: &str,
    name: &str,
    kind: super::dto::AgencyKind,
) -> Result<Option<i64>, DomainError> {
    let key = name_key(name);
    let country = country.trim().to_uppercase();
    if key.is_empty() || country.is_empty() {
        return Ok(None);
    }
    if let Some(found) = find_by_name(db, &country, name).await? {
        return Ok(Some(found.id));
    }
    let spaced = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let now = Utc::now();
    agency::Entity::insert(agency::ActiveModel {
        short_name: Set(initials(&spaced)),
        name: Set(spaced.chars().take(200).collect()),
        country: Set(country.clone()),
        kind: Set(kind.code().to_string()),
        name_key: Set(key),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([agency::Column::Country, agency::Column::NameKey])
    .exec(db)
    .await?;
    Ok(find_by_name(db, &country, name).await?.map(|a| a.id))
}

/// Links people and offerings that name an agency only as text to the registry's row for that
/// name and country, creating the row where there is none (demo data and imports written
/// before the registry). Returns how many agencies it created.
pub async fn link_named<C>(db: &C) -> Result<u64, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let people = user::Entity::find()
        .filter(user::Column::AgencyId.is_null())
        .all(db)
        .await?;
    let hosts = offering::Entity::find()
        .filter(offering::Column::HostAgencyId.is_null())
        .all(db)
        .await?;
    let mut created = 0;
    let named = people
        .iter()
        .map(|p| {
            (
                p.country.as_str(),
                p.agency.as_str(),
                p.affiliation == "police",
            )
        })
        .chain(
            hosts
                .iter()
                .map(|o| (o.country.as_str(), o.host_agency.as_str(), true)),
        );
    let mut ids: HashMap<(String, String), i64> = HashMap::new();
    for (country, name, police) in named {
        let key = (country.to_uppercase(), name_key(name));
        if key.1.is_empty() || ids.contains_key(&key) {
            continue;
        }
        let id = match find_by_name(db, country, name).await? {
            Some(found) => found.id,
            None => {
                let now = Utc::now();
                created += 1;
                let spaced = name.split_whitespace().collect::<Vec<_>>().join(" ");
                agency::ActiveModel {
                    short_name: Set(initials(&spaced)),
                    name: Set(spaced),
                    country: Set(key.0.clone()),
                    kind: Set(if police { "police" } else { "government" }.to_string()),
                    name_key: Set(key.1.clone()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await?
                .id
            }
        };
        ids.insert(key, id);
    }
    for person in people {
        if let Some(id) = ids.get(&(person.country.to_uppercase(), name_key(&person.agency))) {
            user::Entity::update_many()
                .col_expr(user::Column::AgencyId, Expr::value(*id))
                .filter(user::Column::Id.eq(person.id))
                .exec(db)
                .await?;
        }
    }
    for host in hosts {
        if let Some(id) = ids.get(&(host.country.to_uppercase(), name_key(&host.host_agency))) {
            offering::Entity::update_many()
                .col_expr(offering::Column::HostAgencyId, Expr::value(*id))
                .filter(offering::Column::Id.eq(host.id))
                .exec(db)
                .await?;
        }
    }
    Ok(created)
}
