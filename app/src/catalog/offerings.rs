//! Offerings over the database: one run of a module, its instructors and sessions.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{module, offering, offering_instructor, offering_session, user};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::dto::{OfferingPage, OfferingQuery, OfferingView, SessionView};
use super::rules::{CatalogStatus, OfferingDraft, OfferingInput, OfferingStatus, SessionDraft};
use super::service::may_edit;
use crate::accounts::Role;
use crate::auth::CurrentUser;
use crate::db::begin_write;
use crate::error::{DomainError, FieldError};
use crate::i18n::{Key, Texts};

/// `at` as RFC 3339 in the IANA zone `zone` (UTC when the zone is unknown).
pub fn in_zone(at: DateTime<Utc>, zone: &str) -> String {
    match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => at.with_timezone(&tz).to_rfc3339(),
        Err(_) => at.to_rfc3339(),
    }
}

fn session_view(s: &offering_session::Model) -> SessionView {
    SessionView {
        id: s.id,
        kind: s.kind.clone(),
        starts_at: in_zone(s.starts_at, &s.timezone),
        ends_at: in_zone(s.ends_at, &s.timezone),
        timezone: s.timezone.clone(),
        venue: s.venue.clone(),
        city: s.city.clone(),
        country: s.country.clone(),
        meeting_url: None,
    }
}

/// Fills in the meeting links of an offering's live sessions, for the form that edits them
/// (public views leave them out).
pub async fn add_meeting_links<C: ConnectionTrait>(
    db: &C,
    offering: &mut OfferingView,
) -> Result<(), DomainError> {
    let links: HashMap<i64, Option<String>> = sessions_of(db, offering.id)
        .await?
        .into_iter()
        .map(|s| (s.id, s.meeting_url))
        .collect();
    for session in &mut offering.sessions {
        session.meeting_url = links.get(&session.id).cloned().flatten();
    }
    Ok(())
}

/// The sessions of an offering, by start.
pub async fn sessions_of<C: ConnectionTrait>(
    db: &C,
    offering_id: i64,
) -> Result<Vec<offering_session::Model>, DomainError> {
    Ok(offering_session::Entity::find()
        .filter(offering_session::Column::OfferingId.eq(offering_id))
        .order_by_asc(offering_session::Column::StartsAt)
        .order_by_asc(offering_session::Column::Id)
        .all(db)
        .await?)
}

async fn view<C: ConnectionTrait>(db: &C, o: offering::Model) -> Result<OfferingView, DomainError> {
    views(db, vec![o]).await?.pop().ok_or(DomainError::NotFound)
}

/// The views of `offerings`, in their order, read in a fixed number of queries however many
/// there are (modules, instructors, their names, sessions): lists never query per offering.
/// An offering whose module is gone is left out.
pub(crate) async fn views<C: ConnectionTrait>(
    db: &C,
    offerings: Vec<offering::Model>,
) -> Result<Vec<OfferingView>, DomainError> {
    if offerings.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = offerings.iter().map(|o| o.id).collect();
    let modules: HashMap<i64, module::Model> = module::Entity::find()
        .filter(module::Column::Id.is_in(offerings.iter().map(|o| o.module_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let teaching = offering_instructor::Entity::find()
        .filter(offering_instructor::Column::OfferingId.is_in(ids.clone()))
        .all(db)
        .await?;
    let people: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(teaching.iter().map(|i| i.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let mut sessions: HashMap<i64, Vec<SessionView>> = HashMap::new();
    for s in offering_session::Entity::find()
        .filter(offering_session::Column::OfferingId.is_in(ids))
        .order_by_asc(offering_session::Column::StartsAt)
        .order_by_asc(offering_session::Column::Id)
        .all(db)
        .await?
    {
        sessions
            .entry(s.offering_id)
            .or_default()
            .push(session_view(&s));
    }
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    Ok(offerings
        .into_iter()
        .filter_map(|o| {
            let module = modules.get(&o.module_id)?;
            let instructor_ids: Vec<i64> = teaching
                .iter()
                .filter(|i| i.offering_id == o.id)
                .map(|i| i.user_id)
                .collect();
            Some(OfferingView {
                id: o.id,
                module_id: module.id,
                module_code: module.code.clone(),
                module_title: Texts::from_stored(&module.title).into_map(),
                starts_on: date(o.starts_on),
                ends_on: date(o.ends_on),
                enrollment_opens: date(o.enrollment_opens),
                enrollment_closes: date(o.enrollment_closes),
                capacity: o.capacity,
                language: o.language,
                country: o.country,
                host_agency: o.host_agency,
                enrollment_policy: o.enrollment_policy,
                instructors: instructor_ids
                    .iter()
                    .map(|id| people.get(id).cloned().unwrap_or_default())
                    .collect(),
                instructor_ids,
                sessions: sessions.remove(&o.id).unwrap_or_default(),
                status: o.status,
                seats_taken: o.seats_taken,
                seats_left: (o.capacity - o.seats_taken).max(0),
                waitlist_length: o.waitlist_length,
                quotas: crate::enrollment::Quotas {
                    affiliation: o.quota_affiliation,
                    min_percent: o.quota_min_percent,
                    max_per_agency: o.quota_max_per_agency,
                    max_per_country: o.quota_max_per_country,
                },
            })
        })
        .collect())
}

/// Whether `caller` may see an offering that is not published: administrators, and the
/// offering's own instructors.
async fn may_see_unpublished<C: ConnectionTrait>(
    db: &C,
    caller: Option<&CurrentUser>,
    offering_id: i64,
) -> Result<bool, DomainError> {
    if may_edit(caller) {
        return Ok(true);
    }
    let Some(caller) = caller else {
        return Ok(false);
    };
    Ok(offering_instructor::Entity::find()
        .filter(offering_instructor::Column::OfferingId.eq(offering_id))
        .filter(offering_instructor::Column::UserId.eq(caller.id))
        .one(db)
        .await?
        .is_some())
}

/// One offering: public once published (or cancelled or completed, for the record); drafts for
/// administrators and its instructors.
pub async fn get_offering(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: i64,
) -> Result<OfferingView, DomainError> {
    let found = offering::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    // An offering of a module that is not published is as private as a draft offering: its
    // module's code and title are not public yet.
    let module_public = entity::module::Entity::find_by_id(found.module_id)
        .one(db)
        .await?
        .is_some_and(|m| m.status == CatalogStatus::Published.code());
    if (found.status == OfferingStatus::Draft.code() || !module_public)
        && !may_see_unpublished(db, caller, id).await?
    {
        return Err(DomainError::NotFound);
    }
    view(db, found).await
}

/// The public offerings of a module (or of every module), by first day; `upcoming` keeps those
/// that have not started.
pub async fn list_offerings(
    db: &DatabaseConnection,
    module_id: Option<i64>,
    starting_from: Option<NaiveDate>,
) -> Result<Vec<OfferingView>, DomainError> {
    let mut select = offering::Entity::find()
        .filter(offering::Column::Status.ne(OfferingStatus::Draft.code()))
        .order_by_asc(offering::Column::StartsOn)
        .order_by_asc(offering::Column::Id);
    if let Some(module_id) = module_id {
        select = select.filter(offering::Column::ModuleId.eq(module_id));
    }
    if let Some(day) = starting_from {
        select = select.filter(offering::Column::StartsOn.gte(day));
    }
    views(db, select.all(db).await?).await
}

/// One page of the public offerings, by first day, for `GET /api/v1/offerings`: offerings that
/// are not drafts, of modules that are published (an archived or draft module's offerings are
/// not public, whatever their own status). A fixed number of queries per page: the count, the
/// page, and [`views`].
///
/// Neither reads every offering. The page walks the index on `(starts_on, id)` and stops once
/// it is full, looking up each offering's module by key; the total comes from the per-day
/// tally the database keeps (migration 0022), or, for one module, from its own offerings.
pub async fn offering_page(
    db: &DatabaseConnection,
    query: &OfferingQuery,
    today: NaiveDate,
) -> Result<OfferingPage, DomainError> {
    let per_page = query.per_page.unwrap_or(20).clamp(1, 100);
    let page = query.page.unwrap_or(1).clamp(1, crate::db::MAX_PAGE);
    let from = query.upcoming.unwrap_or(false).then_some(today);
    // The module's status by key, as a scalar: written as `IN (SELECT …)` or `EXISTS`, SQLite
    // builds a list or a Bloom filter of every published module first.
    // The status is our own code, written as a literal.
    let module_published = Expr::cust(format!(
        r#"(SELECT "m"."status" FROM "modules" "m" WHERE "m"."id" = "offerings"."module_id") = '{}'"#,
        CatalogStatus::Published.code()
    ));
    let mut select = offering::Entity::find()
        .filter(offering::Column::Status.ne(OfferingStatus::Draft.code()))
        .filter(module_published);
    if let Some(module_id) = query.module_id {
        select = select.filter(offering::Column::ModuleId.eq(module_id));
    }
    if let Some(day) = from {
        select = select.filter(offering::Column::StartsOn.gte(day));
    }
    let total = match query.module_id {
        Some(_) => select.clone().count(db).await?,
        None => listed_total(db, from).await?,
    };
    let rows = select
        .order_by_asc(offering::Column::StartsOn)
        .order_by_asc(offering::Column::Id)
        .offset((page - 1).saturating_mul(per_page))
        .limit(per_page)
        .all(db)
        .await?;
    Ok(OfferingPage {
        items: views(db, rows).await?,
        total,
        page,
        per_page,
    })
}

/// How many offerings the public list shows (starting on `from` or later), summed from the
/// per-day tally of migration 0022.
async fn listed_total(
    db: &DatabaseConnection,
    from: Option<NaiveDate>,
) -> Result<u64, DomainError> {
    #[derive(FromQueryResult)]
    struct Total {
        n: i64,
    }
    let days = Alias::new("listed_offering_days");
    let mut select = Query::select()
        .expr_as(
            Expr::cust(r#"CAST(COALESCE(SUM("listed"), 0) AS BIGINT)"#),
            Alias::new("n"),
        )
        .from(days.clone())
        .to_owned();
    if let Some(day) = from {
        select.and_where(sea_orm::ExprTrait::gte(
            Expr::col((days, Alias::new("starts_on"))),
            day,
        ));
    }
    let total = Total::find_by_statement(db.get_database_backend().build(&select))
        .one(db)
        .await?
        .map_or(0, |t| t.n);
    Ok(u64::try_from(total).unwrap_or(0))
}

/// Every offering, drafts included, latest first (administrators): the catalog
/// administration lists them with their applicants.
pub async fn all_offerings(
    db: &DatabaseConnection,
    caller: &CurrentUser,
) -> Result<Vec<OfferingView>, DomainError> {
    if !may_edit(Some(caller)) {
        return Err(DomainError::Forbidden);
    }
    let all = offering::Entity::find()
        .order_by_desc(offering::Column::StartsOn)
        .order_by_desc(offering::Column::Id)
        .all(db)
        .await?;
    views(db, all).await
}

/// The offerings `caller` teaches, by first day.
pub async fn my_offerings(
    db: &DatabaseConnection,
    caller: &CurrentUser,
) -> Result<Vec<OfferingView>, DomainError> {
    let ids: Vec<i64> = offering_instructor::Entity::find()
        .filter(offering_instructor::Column::UserId.eq(caller.id))
        .all(db)
        .await?
        .into_iter()
        .map(|i| i.offering_id)
        .collect();
    let taught = offering::Entity::find()
        .filter(offering::Column::Id.is_in(ids))
        .order_by_asc(offering::Column::StartsOn)
        .all(db)
        .await?;
    views(db, taught).await
}

/// Creates an offering (administrators).
pub async fn create_offering(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    input: OfferingInput,
) -> Result<OfferingView, DomainError> {
    // A new offering has nobody to tell about anything: no site needed.
    save_offering(db, None, caller, None, input).await
}

/// Replaces an offering's fields and sessions (administrators). Sessions sent with their `id`
/// are changed in place, and their calendar SEQUENCE goes up when anything about them changes.
///
/// Cancelling it cancels every open application and enrolment, in the same transaction, and
/// emails each person (links in the emails start with `site`).
pub async fn update_offering(
    db: &DatabaseConnection,
    site: &crate::site::Site,
    caller: &CurrentUser,
    id: i64,
    input: OfferingInput,
) -> Result<OfferingView, DomainError> {
    save_offering(db, Some(site), caller, Some(id), input).await
}

async fn check_references<C: ConnectionTrait>(
    db: &C,
    draft: &OfferingDraft,
) -> Result<(), DomainError> {
    let mut problems = Vec::new();
    let module = module::Entity::find_by_id(draft.module_id).one(db).await?;
    if module.is_none_or(|m| m.status == CatalogStatus::Archived.code()) {
        problems.push(FieldError::new("module_id", Key::OfferingModuleUnknown));
    }
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(draft.instructor_ids.clone()))
        .all(db)
        .await?;
    let mut not_instructors = Vec::new();
    for id in &draft.instructor_ids {
        match people.iter().find(|p| p.id == *id) {
            Some(person) => {
                let roles = crate::accounts::service::roles_of_on(db, person.id).await?;
                if !person.active || !roles.contains(&Role::Instructor) {
                    not_instructors.push(person.full_name.clone());
                }
            }
            None => not_instructors.push(format!("#{id}")),
        }
    }
    if !not_instructors.is_empty() {
        problems.push(FieldError::with(
            "instructor_ids",
            Key::OfferingInstructorNotInstructor,
            vec![("names", not_instructors.join(", "))],
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Invalid(problems))
    }
}

fn same_session(old: &offering_session::Model, new: &SessionDraft) -> bool {
    old.kind == new.kind.code()
        && old.starts_at == new.starts_at
        && old.ends_at == new.ends_at
        && old.timezone == new.timezone
        && old.venue == new.venue
        && old.city == new.city
        && old.country == new.country
        && old.meeting_url == new.meeting_url
}

async fn save_offering(
    db: &DatabaseConnection,
    site: Option<&crate::site::Site>,
    caller: &CurrentUser,
    id: Option<i64>,
    input: OfferingInput,
) -> Result<OfferingView, DomainError> {
    if !may_edit(Some(caller)) {
        return Err(DomainError::Forbidden);
    }
    let draft = input.parse().map_err(DomainError::from_problems)?;
    let txn = begin_write(db).await?;
    check_references(&txn, &draft).await?;
    let now = Utc::now();
    let host_agency_id = crate::agencies::service::id_for(
        &txn,
        &draft.country,
        &draft.host_agency,
        crate::agencies::AgencyKind::Police,
    )
    .await?;
    let mut row = offering::ActiveModel {
        host_agency_id: Set(host_agency_id),
        module_id: Set(draft.module_id),
        starts_on: Set(draft.starts_on),
        ends_on: Set(draft.ends_on),
        enrollment_opens: Set(draft.enrollment_opens),
        enrollment_closes: Set(draft.enrollment_closes),
        capacity: Set(draft.capacity),
        language: Set(draft.language.code().to_string()),
        country: Set(draft.country.clone()),
        host_agency: Set(draft.host_agency.clone()),
        enrollment_policy: Set(draft.enrollment_policy.code().to_string()),
        status: Set(draft.status.code().to_string()),
        quota_affiliation: Set(draft.quotas.affiliation.clone()),
        quota_min_percent: Set(draft.quotas.min_percent),
        quota_max_per_agency: Set(draft.quotas.max_per_agency),
        quota_max_per_country: Set(draft.quotas.max_per_country),
        updated_at: Set(now),
        ..Default::default()
    };
    let saved = match id {
        Some(id) => {
            // Under the offering's row lock, so no seat is given while the capacity is checked.
            let existing = crate::enrollment::service::lock_offering(&txn, id).await?;
            // Seats already given cannot be taken back by shrinking the offering.
            if draft.capacity < existing.seats_taken {
                return Err(DomainError::Invalid(vec![FieldError::with(
                    "capacity",
                    Key::OfferingCapacityBelowTaken,
                    vec![("taken", existing.seats_taken.to_string())],
                )]));
            }
            row.id = Set(existing.id);
            row.created_at = Set(existing.created_at);
            let updated = row.update(&txn).await?;
            if let Some(site) = site
                && draft.status == OfferingStatus::Cancelled
                && existing.status != "cancelled"
            {
                crate::enrollment::service::cancel_all(&txn, site, id).await?;
            }
            updated
        }
        None => {
            row.created_at = Set(now);
            row.insert(&txn).await?
        }
    };
    offering_instructor::Entity::delete_many()
        .filter(offering_instructor::Column::OfferingId.eq(saved.id))
        .exec(&txn)
        .await?;
    for user_id in &draft.instructor_ids {
        offering_instructor::ActiveModel {
            offering_id: Set(saved.id),
            user_id: Set(*user_id),
        }
        .insert(&txn)
        .await?;
    }
    let existing_sessions = sessions_of(&txn, saved.id).await?;
    let kept: Vec<i64> = draft.sessions.iter().filter_map(|s| s.id).collect();
    let removed: Vec<i64> = existing_sessions
        .iter()
        .filter(|s| !kept.contains(&s.id))
        .map(|s| s.id)
        .collect();
    // Marks are evidence of completion: a session that has them stays.
    if !removed.is_empty()
        && entity::attendance::Entity::find()
            .filter(entity::attendance::Column::SessionId.is_in(removed))
            .one(&txn)
            .await?
            .is_some()
    {
        return Err(DomainError::invalid(
            "sessions",
            Key::OfferingFormSessionHasAttendance,
        ));
    }
    // A session given marks as a distance window would drop them from every rate.
    for (index, session) in draft.sessions.iter().enumerate() {
        let Some(id) = session.id else { continue };
        if session.kind == super::rules::SessionKind::Distance
            && existing_sessions
                .iter()
                .any(|s| s.id == id && s.kind != session.kind.code())
            && entity::attendance::Entity::find()
                .filter(entity::attendance::Column::SessionId.eq(id))
                .one(&txn)
                .await?
                .is_some()
        {
            return Err(DomainError::invalid(
                super::rules::session_field(index, super::rules::SessionPart::Kind),
                Key::OfferingFormSessionKindHasAttendance,
            ));
        }
    }
    for old in existing_sessions.iter().filter(|s| !kept.contains(&s.id)) {
        // A check-in landing between the check above and this delete meets the foreign key.
        offering_session::Entity::delete_by_id(old.id)
            .exec(&txn)
            .await
            .map_err(|e| match e.sql_err() {
                Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_)) => {
                    DomainError::Conflict(Key::OfferingFormSessionHasAttendance)
                }
                _ => DomainError::Database(e),
            })?;
    }
    for session in &draft.sessions {
        let previous = session
            .id
            .and_then(|id| existing_sessions.iter().find(|s| s.id == id));
        let sequence = match previous {
            Some(old) if same_session(old, session) => old.sequence,
            Some(old) => old.sequence + 1,
            None => 0,
        };
        let mut row = offering_session::ActiveModel {
            offering_id: Set(saved.id),
            kind: Set(session.kind.code().to_string()),
            starts_at: Set(session.starts_at),
            ends_at: Set(session.ends_at),
            timezone: Set(session.timezone.clone()),
            venue: Set(session.venue.clone()),
            city: Set(session.city.clone()),
            country: Set(session.country.clone()),
            meeting_url: Set(session.meeting_url.clone()),
            sequence: Set(sequence),
            ..Default::default()
        };
        match previous {
            Some(old) => {
                row.id = Set(old.id);
                row.update(&txn).await?;
            }
            None => {
                row.insert(&txn).await?;
            }
        }
    }
    let result = view(&txn, saved).await?;
    txn.commit().await?;
    Ok(result)
}
