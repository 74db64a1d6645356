//! How people find their agency in the registry: by picking it at registration, by asking for
//! one that is not listed, or by its short name or number in an invitation or an import file.

use chrono::Utc;
use entity::agency;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::dto::{Agency, AgencyKind};
use super::rules::{initials, name_key};
use crate::audit::{AuditEvent, record};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed};
use crate::db::begin_write;
use crate::error::DomainError;
use crate::i18n::Key;

/// The listed agency `id` of `country`, as a newcomer picks it at registration; an unlisted,
/// unknown or foreign id is refused on the `agency_id` field.
pub async fn listed_in_country<C: ConnectionTrait>(
    conn: &C,
    country: &str,
    id: i64,
) -> Result<agency::Model, DomainError> {
    agency::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|a| a.listed && a.country.eq_ignore_ascii_case(country.trim()))
        .ok_or_else(|| DomainError::invalid("agency_id", Key::MembershipAgencyUnknown))
}

/// The agency a newcomer asks for by name: the agency of that name in `country` if there is
/// one (listed or already requested), else a new, unlisted one. Returns it, and whether it was
/// created by this request (then administrators are told).
pub async fn request<C: ConnectionTrait>(
    conn: &C,
    country: &str,
    name: &str,
    kind: AgencyKind,
) -> Result<(agency::Model, bool), DomainError> {
    let country = country.trim().to_uppercase();
    let spaced = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = name_key(&spaced);
    let existing = agency::Entity::find()
        .filter(agency::Column::Country.eq(country.clone()))
        .filter(agency::Column::NameKey.eq(key.clone()));
    if let Some(found) = existing.clone().one(conn).await? {
        return Ok((found, false));
    }
    let now = Utc::now();
    let inserted = agency::Entity::insert(agency::ActiveModel {
        short_name: Set(initials(&spaced)),
        name: Set(spaced.chars().take(200).collect()),
        country: Set(country.clone()),
        kind: Set(kind.code().to_string()),
        name_key: Set(key.clone()),
        listed: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([agency::Column::Country, agency::Column::NameKey])
    .exec_without_returning(conn)
    .await?;
    let found = existing
        .one(conn)
        .await?
        .ok_or_else(|| DomainError::Internal("requested agency vanished".into()))?;
    Ok((
        found,
        matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n == 1),
    ))
}

/// The agency an invitation or an import line names in its `agency` cell: its number, or its
/// short name (or full name) within `country`. Unknown, unlisted and ambiguous names are
/// refused with the reason, for the caller to put on the field.
pub async fn resolve<C: ConnectionTrait>(
    conn: &C,
    country: &str,
    text: &str,
) -> Result<Result<agency::Model, Key>, DomainError> {
    let country = country.trim().to_uppercase();
    let text = text.trim();
    if let Ok(id) = text.parse::<i64>() {
        return Ok(agency::Entity::find_by_id(id)
            .one(conn)
            .await?
            .filter(|a| a.listed && a.country == country)
            .ok_or(Key::MembershipRegistryUnknown));
    }
    let in_country = agency::Entity::find()
        .filter(agency::Column::Country.eq(country))
        .filter(agency::Column::Listed.eq(true))
        .all(conn)
        .await?;
    let key = name_key(text);
    if let Some(by_name) = in_country.iter().find(|a| a.name_key == key) {
        return Ok(Ok(by_name.clone()));
    }
    let mut by_short = in_country
        .into_iter()
        .filter(|a| name_key(&a.short_name) == key && !key.is_empty());
    Ok(match (by_short.next(), by_short.next()) {
        (Some(one), None) => Ok(one),
        (Some(_), Some(_)) => Err(Key::MembershipRegistryAmbiguous),
        (None, _) => Err(Key::MembershipRegistryUnknown),
    })
}

/// An administrator accepts a newcomer's requested agency: it becomes listed, so people pick
/// it and its members can be confirmed. (A request that duplicates an existing agency is
/// merged into it instead, from the same page.)
pub async fn accept(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: i64,
) -> Result<Agency, DomainError> {
    if !allowed(&caller.roles, Action::ManageAgencies, Relation::Other) {
        return Err(DomainError::Forbidden);
    }
    let txn = begin_write(db).await?;
    let found = agency::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !found.listed {
        agency::Entity::update_many()
            .col_expr(agency::Column::Listed, Expr::value(true))
            .col_expr(agency::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(agency::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        record(
            &txn,
            AuditEvent::AgencyChange,
            Some(caller.id),
            None,
            None,
            Some(format!("accepted requested agency {id} ({})", found.name)),
        )
        .await?;
    }
    txn.commit().await?;
    super::service::get(db, id).await
}
