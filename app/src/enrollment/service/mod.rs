//! Enrolment over the database: applying and nominating (`apply`), withdrawing with promotion
//! from the waitlist and decisions (`moves`), and the lists people read (`queries`).
//!
//! Correct under concurrency by construction: every operation that changes an offering's
//! enrolments starts by updating that offering's row. On PostgreSQL this takes the row lock,
//! so such transactions run one at a time per offering (across processes too) and each reads
//! the counters and the waitlist as the previous one left them; on SQLite write transactions
//! are IMMEDIATE and already run one at a time. The seat counter only moves through a
//! conditional update (`seats_taken < capacity`), and a partial unique index stops a second
//! active application by the same person.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{enrollment, module, module_prerequisite, offering, offering_session, user};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::dto::{
    EnrollmentView, HistoryEntry, NominationChoice, NominationChoices, OfficerHistory, Quotas,
    RosterEntry, Withdrawal,
};
use super::quotas::{Cohort, QuotaBlock, seat_allowed};
use super::rules::{
    Actor, Application, DecisionRefused, EnrollmentStatus, Ineligible, decide, eligibility,
    first_clash, moves as legal_moves, offering_ended, transition,
};
use crate::accounts::Role;
use crate::audit::{AuditEvent, record};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed, refused_as_own, relation_of};
use crate::catalog::pick;
use crate::db::begin_write;
use crate::error::{DomainError, FieldError};
use crate::i18n::{Key, Locale, Texts};
use crate::mail::{OutgoingMail, enqueue};
use crate::scholarships::service::{Settlement, settle};
use crate::site::Site;

use EnrollmentStatus::*;

mod apply;
mod moves;
mod queries;

pub use apply::{apply, nominate, nomination_choices};
pub(crate) use apply::{clash, missing_prerequisites};
pub use moves::{cancel_all, change_status, release_held_seats, withdraw};
pub use queries::{agency_overview, my_enrollments, officer_history, roster};

/// Takes the offering's row lock (see the module documentation) and reads it as it is now.
pub(crate) async fn lock_offering(
    txn: &DatabaseTransaction,
    offering_id: i64,
) -> Result<offering::Model, DomainError> {
    let touched = offering::Entity::update_many()
        .col_expr(
            offering::Column::SeatsTaken,
            Expr::col(offering::Column::SeatsTaken),
        )
        .filter(offering::Column::Id.eq(offering_id))
        .exec(txn)
        .await?;
    if touched.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    offering::Entity::find_by_id(offering_id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Takes one seat if one is free (`seats_taken < capacity`, checked by the database).
async fn take_seat(txn: &DatabaseTransaction, offering_id: i64) -> Result<bool, DomainError> {
    let seat = offering::Entity::update_many()
        .col_expr(
            offering::Column::SeatsTaken,
            Expr::col(offering::Column::SeatsTaken).add(1),
        )
        .filter(offering::Column::Id.eq(offering_id))
        .filter(Expr::col(offering::Column::SeatsTaken).lt(Expr::col(offering::Column::Capacity)))
        .exec(txn)
        .await?;
    Ok(seat.rows_affected == 1)
}

/// Gives a seat back.
async fn free_seat(txn: &DatabaseTransaction, offering_id: i64) -> Result<(), DomainError> {
    offering::Entity::update_many()
        .col_expr(
            offering::Column::SeatsTaken,
            Expr::col(offering::Column::SeatsTaken).sub(1),
        )
        .filter(offering::Column::Id.eq(offering_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// The offering's cohort quotas.
pub(crate) fn quotas_of(o: &offering::Model) -> Quotas {
    Quotas {
        affiliation: o.quota_affiliation.clone(),
        min_percent: o.quota_min_percent,
        max_per_agency: o.quota_max_per_agency,
        max_per_country: o.quota_max_per_country,
    }
}

/// Enrolment has closed: the last day to apply is over (in UTC).
fn enrollment_closed(o: &offering::Model, today: NaiveDate) -> bool {
    today > o.enrollment_closes
}

/// The people holding a seat in an offering.
async fn seat_holders<C: ConnectionTrait>(
    conn: &C,
    offering_id: i64,
) -> Result<Vec<user::Model>, DomainError> {
    let ids: Vec<i64> = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(offering_id))
        .filter(enrollment::Column::Status.eq(Enrolled.code()))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| e.user_id)
        .collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?)
}

/// Who holds the seats, counted for `person`.
fn cohort_for(
    o: &offering::Model,
    quotas: &Quotas,
    holders: &[user::Model],
    person: &user::Model,
) -> Cohort {
    let count = |f: &dyn Fn(&user::Model) -> bool| holders.iter().filter(|h| f(h)).count() as i32;
    Cohort {
        capacity: o.capacity,
        seats_taken: o.seats_taken,
        protected_holders: count(&|h| Some(&h.affiliation) == quotas.affiliation.as_ref()),
        // By the registry's id: two spellings of one agency are one agency, and a person
        // without one shares a quota with nobody.
        same_agency: count(&|h| person.agency_id.is_some() && h.agency_id == person.agency_id),
        same_country: count(&|h| h.country == person.country),
    }
}

/// The quota, if any, that keeps `person` from a seat in `o` now. `o` must be read under the
/// offering's row lock, so the counts are current.
async fn quota_block(
    txn: &DatabaseTransaction,
    o: &offering::Model,
    person: &user::Model,
    today: NaiveDate,
) -> Result<Option<QuotaBlock>, DomainError> {
    let quotas = quotas_of(o);
    if quotas.is_empty() {
        return Ok(None);
    }
    let holders = seat_holders(txn, o.id).await?;
    let cohort = cohort_for(o, &quotas, &holders, person);
    Ok(seat_allowed(
        &quotas,
        &cohort,
        &person.affiliation,
        enrollment_closed(o, today),
    )
    .err())
}

/// The message for a quota that keeps someone from a seat.
pub fn quota_key(block: QuotaBlock) -> Key {
    match block {
        QuotaBlock::HeldForShare => Key::QuotaHeldForShare,
        QuotaBlock::Agency => Key::QuotaAgencyFull,
        QuotaBlock::Country => Key::QuotaCountryFull,
    }
}

/// Adds a place at the end of the waiting list and returns its position. The caller holds the
/// offering's row lock, so the count it reads back is its own.
async fn join_waitlist(txn: &DatabaseTransaction, offering_id: i64) -> Result<i32, DomainError> {
    offering::Entity::update_many()
        .col_expr(
            offering::Column::WaitlistLength,
            Expr::col(offering::Column::WaitlistLength).add(1),
        )
        .filter(offering::Column::Id.eq(offering_id))
        .exec(txn)
        .await?;
    let offering = offering::Entity::find_by_id(offering_id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(offering.waitlist_length)
}

fn status_of(e: &enrollment::Model) -> Result<EnrollmentStatus, DomainError> {
    EnrollmentStatus::from_code(&e.status)
        .ok_or_else(|| DomainError::Internal(format!("unknown enrolment status {}", e.status)))
}

/// The email a status change sends, in the person's language.
async fn notify(
    txn: &DatabaseTransaction,
    site: &Site,
    person: &user::Model,
    offering: &offering::Model,
    module: &module::Model,
    mail: (Key, Key),
    position: Option<i32>,
) -> Result<(), DomainError> {
    notify_with_reason(txn, site, person, offering, module, mail, position, "").await
}

/// [`notify`], with the reason given for the decision.
#[allow(clippy::too_many_arguments)]
async fn notify_with_reason(
    txn: &DatabaseTransaction,
    site: &Site,
    person: &user::Model,
    offering: &offering::Model,
    module: &module::Model,
    (subject, body): (Key, Key),
    position: Option<i32>,
    reason: &str,
) -> Result<(), DomainError> {
    let locale = Locale::from_code(&person.preferred_language).unwrap_or_default();
    let name = format!(
        "{} · {}",
        module.code,
        Texts::from_stored(&module.title).pick(locale)
    );
    let starts = offering.starts_on.format("%Y-%m-%d").to_string();
    let ends = offering.ends_on.format("%Y-%m-%d").to_string();
    let place = format!("{}, {}", offering.host_agency, offering.country);
    let position = position.map(|p| p.to_string()).unwrap_or_default();
    let link = site.link("/my-learning");
    enqueue(
        txn,
        OutgoingMail {
            to: person.email.clone(),
            subject: locale.format(subject, &[("module", &name)]),
            body_text: locale.format(
                body,
                &[
                    ("name", &person.full_name),
                    ("module", &name),
                    ("starts", &starts),
                    ("ends", &ends),
                    ("place", &place),
                    ("position", &position),
                    ("reason", reason),
                    ("link", &link),
                ],
            ),
        },
    )
    .await?;
    Ok(())
}

/// Moves `current` to `to`, conditionally on it still being where it was.
/// Scholarship money committed to the enrolment follows: released when it ends without
/// completion, spent when it is completed. `by` is who made the change (none: the system).
async fn set_status(
    txn: &DatabaseTransaction,
    current: &enrollment::Model,
    to: EnrollmentStatus,
    reason: Option<String>,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<enrollment::Model, DomainError> {
    let changed = enrollment::Entity::update_many()
        .col_expr(enrollment::Column::Status, Expr::value(to.code()))
        .col_expr(
            enrollment::Column::WaitlistPosition,
            Expr::value(Option::<i32>::None),
        )
        .col_expr(enrollment::Column::Reason, Expr::value(reason))
        .col_expr(enrollment::Column::UpdatedAt, Expr::value(now))
        .filter(enrollment::Column::Id.eq(current.id))
        .filter(enrollment::Column::Status.eq(current.status.clone()))
        .exec(txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(DomainError::Conflict(Key::EnrollmentTransitionRefused));
    }
    let settlement = match to {
        Withdrawn | Cancelled | Rejected => Some(Settlement::Release),
        Completed => Some(Settlement::Spend),
        _ => None,
    };
    if let Some(settlement) = settlement {
        settle(
            txn,
            current.id,
            settlement,
            by,
            &format!("enrolment {}: {}", current.id, to.code()),
        )
        .await?;
    }
    enrollment::Entity::find_by_id(current.id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Everyone waiting behind `position` moves up one place.
async fn close_gap(
    txn: &DatabaseTransaction,
    offering_id: i64,
    position: i32,
) -> Result<(), DomainError> {
    enrollment::Entity::update_many()
        .col_expr(
            enrollment::Column::WaitlistPosition,
            Expr::col(enrollment::Column::WaitlistPosition).sub(1),
        )
        .filter(enrollment::Column::OfferingId.eq(offering_id))
        .filter(enrollment::Column::Status.eq(Waitlisted.code()))
        .filter(enrollment::Column::WaitlistPosition.gt(position))
        .exec(txn)
        .await?;
    offering::Entity::update_many()
        .col_expr(
            offering::Column::WaitlistLength,
            Expr::col(offering::Column::WaitlistLength).sub(1),
        )
        .filter(offering::Column::Id.eq(offering_id))
        .exec(txn)
        .await?;
    Ok(())
}

fn view(
    e: &enrollment::Model,
    offering: &offering::Model,
    module: &module::Model,
    locale: Locale,
) -> EnrollmentView {
    let titles = Texts::from_stored(&module.title).into_map();
    EnrollmentView {
        id: e.id,
        offering_id: e.offering_id,
        user_id: e.user_id,
        status: e.status.clone(),
        waitlist_position: e.waitlist_position,
        reason: e.reason.clone(),
        module_code: module.code.clone(),
        module_title: pick(&titles, locale),
        starts_on: offering.starts_on.format("%Y-%m-%d").to_string(),
        ends_on: offering.ends_on.format("%Y-%m-%d").to_string(),
        country: offering.country.clone(),
        language: offering.language.clone(),
        scholarship: None,
    }
}

/// The module's title in `locale` (its stored JSON map of titles by language).
fn title_in(module: &module::Model, locale: Locale) -> String {
    Texts::from_stored(&module.title).pick(locale)
}

/// An offering as a reader of `locale` tells it from the others: "PICAP-UF-101 · Uso de la
/// fuerza · 14 de enero de 2027 – 18 de enero de 2027 · Brasil · en portugués".
fn offering_label(o: &offering::Model, m: &module::Model, locale: Locale) -> String {
    let country = crate::accounts::countries::find(&o.country)
        .map(|c| c.name(locale).to_string())
        .unwrap_or_else(|| o.country.clone());
    let language = Locale::from_code(&o.language)
        .map(|l| locale.format(Key::NomineeTaughtIn, &[("language", l.name_in(locale))]))
        .unwrap_or_else(|| o.language.clone());
    format!(
        "{} · {} · {} · {country} · {language}",
        m.code,
        title_in(m, locale),
        dates_in_words(o, locale),
    )
}

/// "14 de enero de 2027 – 18 de enero de 2027".
fn dates_in_words(o: &offering::Model, locale: Locale) -> String {
    format!(
        "{} – {}",
        locale.date(&o.starts_on.format("%Y-%m-%d").to_string()),
        locale.date(&o.ends_on.format("%Y-%m-%d").to_string())
    )
}
