//! Reading the audit log (administrators only, by the policy's `ReadAudit`). Rows are never
//! changed here: the log is append-only.

use std::collections::HashMap;

use entity::{audit_log, user};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use super::dto::{AuditEntry, AuditPage, AuditPerson, AuditQuery};
use super::rules::{AuditFilter, PersonKey, parse};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed};
use crate::error::DomainError;

/// The most events one CSV export holds, oldest first; narrow the filter for more.
pub const EXPORT_LIMIT: u64 = 100_000;

fn reader(caller: &CurrentUser) -> Result<(), DomainError> {
    if allowed(&caller.roles, Action::ReadAudit, Relation::Other) {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// The events `filter` selects. A person who does not exist selects nothing.
async fn matching(
    db: &DatabaseConnection,
    filter: &AuditFilter,
) -> Result<Select<audit_log::Entity>, DomainError> {
    let mut select = audit_log::Entity::find();
    if let Some(person) = &filter.person {
        let ids: Vec<i64> = match person {
            PersonKey::Id(id) => vec![*id],
            PersonKey::Email(email) => user::Entity::find()
                .filter(user::Column::Email.eq(email.as_str()))
                .all(db)
                .await?
                .into_iter()
                .map(|u| u.id)
                .collect(),
        };
        select = select.filter(
            Condition::any()
                .add(audit_log::Column::ActorUserId.is_in(ids.clone()))
                .add(audit_log::Column::SubjectUserId.is_in(ids)),
        );
    }
    if let Some(action) = &filter.action {
        select = select.filter(audit_log::Column::Event.eq(action.as_str()));
    }
    if let Some(since) = filter.since {
        select = select.filter(audit_log::Column::At.gte(since));
    }
    if let Some(before) = filter.before {
        select = select.filter(audit_log::Column::At.lt(before));
    }
    Ok(select)
}

/// The people named in `rows`, each read once, a few thousand per query (PostgreSQL takes at
/// most 65,535 values in one statement, and an export holds up to [`EXPORT_LIMIT`] rows).
async fn people(
    db: &DatabaseConnection,
    rows: &[audit_log::Model],
) -> Result<HashMap<i64, AuditPerson>, DomainError> {
    let ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.actor_user_id, r.subject_user_id])
        .flatten()
        .collect::<std::collections::BTreeSet<i64>>()
        .into_iter()
        .collect();
    let mut found = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(5_000) {
        for u in user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            found.insert(
                u.id,
                AuditPerson {
                    id: u.id,
                    full_name: u.full_name,
                    email: u.email,
                },
            );
        }
    }
    Ok(found)
}

fn entry(row: audit_log::Model, people: &HashMap<i64, AuditPerson>) -> AuditEntry {
    let person = |id: Option<i64>| id.and_then(|id| people.get(&id).cloned());
    AuditEntry {
        id: row.id,
        at: row.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        action: row.event,
        actor: person(row.actor_user_id),
        subject: person(row.subject_user_id),
        ip: row.ip,
        detail: row.detail,
    }
}

/// One page of the events `query` selects, newest first, with the actions the log holds.
pub async fn search(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    query: &AuditQuery,
) -> Result<AuditPage, DomainError> {
    reader(caller)?;
    let filter = parse(query).map_err(DomainError::from_problems)?;
    let select = matching(db, &filter).await?;
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(audit_log::Column::Id)
        .offset((filter.page - 1).saturating_mul(filter.per_page))
        .limit(filter.per_page)
        .all(db)
        .await?;
    let people = people(db, &rows).await?;
    let actions: Vec<String> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Event)
        .distinct()
        .order_by_asc(Expr::col(audit_log::Column::Event))
        .into_tuple()
        .all(db)
        .await?;
    Ok(AuditPage {
        items: rows.into_iter().map(|r| entry(r, &people)).collect(),
        total,
        page: filter.page,
        per_page: filter.per_page,
        actions,
    })
}

/// The events `query` selects as CSV, oldest first (at most [`EXPORT_LIMIT`]; pages are
/// ignored), every cell neutralised against spreadsheet formulas.
pub async fn export_csv(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    query: &AuditQuery,
) -> Result<String, DomainError> {
    reader(caller)?;
    let filter = parse(query).map_err(DomainError::from_problems)?;
    let rows = matching(db, &filter)
        .await?
        .order_by_asc(audit_log::Column::Id)
        .limit(EXPORT_LIMIT)
        .all(db)
        .await?;
    let people = people(db, &rows).await?;
    let person = |p: &Option<AuditPerson>| {
        p.as_ref()
            .map(|p| (p.id.to_string(), p.email.clone()))
            .unwrap_or_default()
    };
    let lines = rows.into_iter().map(|r| {
        let e = entry(r, &people);
        let (actor_id, actor_email) = person(&e.actor);
        let (subject_id, subject_email) = person(&e.subject);
        [
            e.id.to_string(),
            e.at,
            e.action,
            actor_id,
            actor_email,
            subject_id,
            subject_email,
            e.ip.unwrap_or_default(),
            e.detail.unwrap_or_default(),
        ]
    });
    Ok(crate::csv_export::csv(
        &[
            "id",
            "at",
            "action",
            "actor_id",
            "actor_email",
            "subject_id",
            "subject_email",
            "ip",
            "detail",
        ],
        lines,
    ))
}
