//! Enrolment over the database: applying, withdrawing with promotion from the waitlist, and
//! administrators' moves.
//!
//! Correct under concurrency by construction: every operation that changes an offering's
//! enrolments starts by updating that offering's row. On PostgreSQL this takes the row lock,
//! so such transactions run one at a time per offering (across processes too) and each reads
//! the counters and the waitlist as the previous one left them; on SQLite write transactions
//! are IMMEDIATE and already run one at a time. The seat counter only moves through a
//! conditional update (`seats_taken < capacity`), and a partial unique index stops a second
//! active application by the same person.

use chrono::Utc;
use entity::{enrollment, module, module_prerequisite, offering, offering_session, user};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::dto::{EnrollmentView, Quotas, RosterEntry};
use super::quotas::{Cohort, QuotaBlock, seat_allowed};
use super::rules::{
    Actor, Application, EnrollmentStatus, Ineligible, TransitionRefused, eligibility, first_clash,
    transition,
};
use crate::accounts::Role;
use crate::audit::{AuditEvent, record};
use crate::auth::CurrentUser;
use crate::catalog::pick;
use crate::db::begin_write;
use crate::error::{DomainError, FieldError};
use crate::i18n::{Key, Locale};
use crate::mail::{OutgoingMail, enqueue};
use crate::scholarships::service::{Settlement, settle};
use crate::site::Site;

use EnrollmentStatus::*;

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
fn enrollment_closed(o: &offering::Model) -> bool {
    Utc::now().date_naive() > o.enrollment_closes
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
        same_agency: count(&|h| h.agency.eq_ignore_ascii_case(&person.agency)),
        same_country: count(&|h| h.country == person.country),
    }
}

/// The quota, if any, that keeps `person` from a seat in `o` now. `o` must be read under the
/// offering's row lock, so the counts are current.
async fn quota_block(
    txn: &DatabaseTransaction,
    o: &offering::Model,
    person: &user::Model,
) -> Result<Option<QuotaBlock>, DomainError> {
    let quotas = quotas_of(o);
    if quotas.is_empty() {
        return Ok(None);
    }
    let holders = seat_holders(txn, o.id).await?;
    let cohort = cohort_for(o, &quotas, &holders, person);
    Ok(seat_allowed(&quotas, &cohort, &person.affiliation, enrollment_closed(o)).err())
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

fn refusal(reason: &Ineligible) -> DomainError {
    let message = match reason {
        Ineligible::NotPublished => FieldError::new("offering", Key::EnrollmentNotPublished),
        Ineligible::NotOpenYet(day) => FieldError::with(
            "offering",
            Key::EnrollmentNotOpenYet,
            vec![("date", day.format("%Y-%m-%d").to_string())],
        ),
        Ineligible::Closed(day) => FieldError::with(
            "offering",
            Key::EnrollmentClosed,
            vec![("date", day.format("%Y-%m-%d").to_string())],
        ),
        Ineligible::Audience(audience) if audience == "police" => {
            FieldError::new("offering", Key::EnrollmentAudiencePolice)
        }
        Ineligible::Audience(_) => FieldError::new("offering", Key::EnrollmentAudienceCivilian),
        Ineligible::AlreadyApplied => FieldError::new("offering", Key::EnrollmentAlreadyApplied),
        Ineligible::Prerequisites(codes) => FieldError::with(
            "offering",
            Key::EnrollmentPrerequisites,
            vec![("codes", codes.join(", "))],
        ),
        Ineligible::Clash(code) => FieldError::with(
            "offering",
            Key::EnrollmentClash,
            vec![("code", code.clone())],
        ),
    };
    DomainError::Refused(reason.code(), message)
}

fn status_of(e: &enrollment::Model) -> Result<EnrollmentStatus, DomainError> {
    EnrollmentStatus::from_code(&e.status)
        .ok_or_else(|| DomainError::Internal(format!("unknown enrolment status {}", e.status)))
}

/// Codes of `module`'s prerequisites that `user_id` has not completed.
async fn missing_prerequisites<C: ConnectionTrait>(
    conn: &C,
    module_id: i64,
    user_id: i64,
) -> Result<Vec<String>, DomainError> {
    let required: Vec<i64> = module_prerequisite::Entity::find()
        .filter(module_prerequisite::Column::ModuleId.eq(module_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| p.prerequisite_id)
        .collect();
    if required.is_empty() {
        return Ok(Vec::new());
    }
    let completed_offerings: Vec<i64> = enrollment::Entity::find()
        .filter(enrollment::Column::UserId.eq(user_id))
        .filter(enrollment::Column::Status.eq(Completed.code()))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| e.offering_id)
        .collect();
    let completed_modules: Vec<i64> = offering::Entity::find()
        .filter(offering::Column::Id.is_in(completed_offerings))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| o.module_id)
        .collect();
    let mut missing: Vec<String> = module::Entity::find()
        .filter(module::Column::Id.is_in(required))
        .all(conn)
        .await?
        .into_iter()
        .filter(|m| !completed_modules.contains(&m.id))
        .map(|m| m.code)
        .collect();
    missing.sort();
    Ok(missing)
}

/// The module code of an offering the person is enrolled in whose on-site sessions overlap
/// those of `offering_id`.
async fn clash<C: ConnectionTrait>(
    conn: &C,
    offering_id: i64,
    user_id: i64,
) -> Result<Option<String>, DomainError> {
    let onsite = |ids: Vec<i64>| {
        offering_session::Entity::find()
            .filter(offering_session::Column::OfferingId.is_in(ids))
            .filter(offering_session::Column::Kind.eq("onsite"))
    };
    let ours: Vec<_> = onsite(vec![offering_id])
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.starts_at, s.ends_at))
        .collect();
    if ours.is_empty() {
        return Ok(None);
    }
    let enrolled: Vec<i64> = enrollment::Entity::find()
        .filter(enrollment::Column::UserId.eq(user_id))
        .filter(enrollment::Column::Status.eq(Enrolled.code()))
        .filter(enrollment::Column::OfferingId.ne(offering_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| e.offering_id)
        .collect();
    if enrolled.is_empty() {
        return Ok(None);
    }
    let offerings = offering::Entity::find()
        .filter(offering::Column::Id.is_in(enrolled.clone()))
        .all(conn)
        .await?;
    let modules = module::Entity::find()
        .filter(module::Column::Id.is_in(offerings.iter().map(|o| o.module_id).collect::<Vec<_>>()))
        .all(conn)
        .await?;
    let code_of = |offering_id: i64| -> String {
        offerings
            .iter()
            .find(|o| o.id == offering_id)
            .and_then(|o| modules.iter().find(|m| m.id == o.module_id))
            .map(|m| m.code.clone())
            .unwrap_or_default()
    };
    let theirs: Vec<_> = onsite(enrolled)
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.starts_at, s.ends_at, code_of(s.offering_id)))
        .collect();
    Ok(first_clash(&ours, &theirs).map(str::to_string))
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
    let titles: std::collections::BTreeMap<String, String> =
        serde_json::from_str(&module.title).unwrap_or_default();
    let name = format!("{} · {}", module.code, pick(&titles, locale));
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

/// The signed-in trainee applies to an offering. Open offerings give a seat at once while
/// there is one, else a place on the waitlist; nomination offerings wait for the coordinator.
pub async fn apply(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    offering_id: i64,
) -> Result<EnrollmentView, DomainError> {
    if !caller.roles.contains(&Role::Trainee) {
        return Err(DomainError::Forbidden);
    }
    apply_for(db, site, caller.id, None, offering_id).await
}

/// A coordinator nominates an officer of their own agency (a trainee) for an offering with the
/// nomination policy. The same eligibility rules apply as to the officer's own application;
/// the nomination then waits for endorsement like any other application.
pub async fn nominate(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    offering_id: i64,
    officer_id: i64,
) -> Result<EnrollmentView, DomainError> {
    if !caller.roles.contains(&Role::Coordinator) {
        return Err(DomainError::Forbidden);
    }
    let officer = user::Entity::find_by_id(officer_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    // Someone of another agency does not exist for this coordinator.
    if !officer.agency.eq_ignore_ascii_case(&caller.agency) {
        return Err(DomainError::NotFound);
    }
    let is_trainee = entity::user_role::Entity::find()
        .filter(entity::user_role::Column::UserId.eq(officer.id))
        .filter(entity::user_role::Column::Role.eq(Role::Trainee.code()))
        .one(db)
        .await?
        .is_some();
    if !is_trainee {
        return Err(DomainError::invalid("user_id", Key::NominationNotTrainee));
    }
    let policy = offering::Entity::find_by_id(offering_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?
        .enrollment_policy;
    if policy != "nomination" {
        return Err(DomainError::invalid(
            "offering_id",
            Key::NominationOpenPolicy,
        ));
    }
    apply_for(db, site, officer.id, Some(caller.id), offering_id).await
}

/// An application by `person_id`, on their own (`nominated_by` none) or nominated.
async fn apply_for(
    db: &DatabaseConnection,
    site: &Site,
    person_id: i64,
    nominated_by: Option<i64>,
    offering_id: i64,
) -> Result<EnrollmentView, DomainError> {
    let txn = begin_write(db).await?;
    let offering = lock_offering(&txn, offering_id).await?;
    let module = module::Entity::find_by_id(offering.module_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let person = user::Entity::find_by_id(person_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let already_applied = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(offering.id))
        .filter(enrollment::Column::UserId.eq(person_id))
        .filter(
            enrollment::Column::Status.is_in(
                EnrollmentStatus::ALL
                    .iter()
                    .filter(|s| s.is_active())
                    .map(|s| s.code()),
            ),
        )
        .one(&txn)
        .await?
        .is_some();
    let application = Application {
        now: Utc::now(),
        published: offering.status == "published" && module.status == "published",
        enrollment_opens: offering.enrollment_opens,
        enrollment_closes: offering.enrollment_closes,
        audience: module.audience.clone(),
        affiliation: person.affiliation.clone(),
        already_applied,
        missing_prerequisites: missing_prerequisites(&txn, module.id, person_id).await?,
        clash_with: clash(&txn, offering.id, person_id).await?,
    };
    if let Err(reason) = eligibility(&application) {
        // "Already applied" is a conflict with what exists, as the API promises (409).
        return Err(match reason {
            Ineligible::AlreadyApplied => DomainError::Conflict(Key::EnrollmentAlreadyApplied),
            other => refusal(&other),
        });
    }

    // A quota that blocks the seat waitlists the applicant, with the quota as the reason.
    let (status, position, reason) = if offering.enrollment_policy == "nomination" {
        (PendingEndorsement, None, None)
    } else if let Some(block) = quota_block(&txn, &offering, &person).await? {
        (
            Waitlisted,
            Some(join_waitlist(&txn, offering.id).await?),
            Some(block.code().to_string()),
        )
    } else if take_seat(&txn, offering.id).await? {
        (Enrolled, None, None)
    } else {
        (
            Waitlisted,
            Some(join_waitlist(&txn, offering.id).await?),
            None,
        )
    };
    let now = Utc::now();
    let saved = enrollment::ActiveModel {
        offering_id: Set(offering.id),
        user_id: Set(person_id),
        status: Set(status.code().to_string()),
        waitlist_position: Set(position),
        nominated_by: Set(nominated_by),
        reason: Set(reason),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    // Two applications by the same person at the same instant: the index keeps one.
    .map_err(DomainError::on_unique(Key::EnrollmentAlreadyApplied))?;
    let (subject, body) = match status {
        Enrolled => (
            Key::MailEnrollmentEnrolledSubject,
            Key::MailEnrollmentEnrolledBody,
        ),
        Waitlisted => (
            Key::MailEnrollmentWaitlistedSubject,
            Key::MailEnrollmentWaitlistedBody,
        ),
        _ => (
            Key::MailEnrollmentReceivedSubject,
            Key::MailEnrollmentReceivedBody,
        ),
    };
    notify(
        &txn,
        site,
        &person,
        &offering,
        &module,
        (subject, body),
        position,
    )
    .await?;
    txn.commit().await?;
    Ok(view(
        &saved,
        &offering,
        &module,
        Locale::from_code(&person.preferred_language).unwrap_or_default(),
    ))
}

/// Withdraws an enrolment: the trainee's own before the offering starts, or anyone's by an
/// administrator. A freed seat goes to the first person waiting, in the same transaction.
pub async fn withdraw(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    enrollment_id: i64,
) -> Result<EnrollmentView, DomainError> {
    let admin = caller.roles.contains(&Role::Administrator);
    let found = enrollment::Entity::find_by_id(enrollment_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let own = found.user_id == caller.id;
    if !own && !admin {
        // Someone else's enrolment does not exist for this caller.
        return Err(DomainError::NotFound);
    }
    let actor = if own {
        Actor::Trainee
    } else {
        Actor::Administrator
    };
    let txn = begin_write(db).await?;
    let offering = lock_offering(&txn, found.offering_id).await?;
    // Read again under the lock: a concurrent withdrawal or promotion may have moved it.
    let current = enrollment::Entity::find_by_id(enrollment_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let from = status_of(&current)?;
    transition(from, Withdrawn, actor)
        .map_err(|_| DomainError::Conflict(Key::EnrollmentTransitionRefused))?;
    if actor == Actor::Trainee && offering.starts_on <= Utc::now().date_naive() {
        return Err(DomainError::Conflict(Key::EnrollmentStarted));
    }
    let saved = set_status(&txn, &current, Withdrawn, None, Some(caller.id)).await?;
    leave(&txn, site, &offering, &current, from).await?;
    let module = module::Entity::find_by_id(offering.module_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !own {
        record(
            &txn,
            AuditEvent::EnrollmentChange,
            Some(caller.id),
            Some(current.user_id),
            None,
            Some(format!(
                "enrolment {enrollment_id}: {} → withdrawn",
                from.code()
            )),
        )
        .await?;
    }
    let offering = offering::Entity::find_by_id(offering.id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    txn.commit().await?;
    Ok(view(&saved, &offering, &module, Locale::default()))
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
) -> Result<enrollment::Model, DomainError> {
    let changed = enrollment::Entity::update_many()
        .col_expr(enrollment::Column::Status, Expr::value(to.code()))
        .col_expr(
            enrollment::Column::WaitlistPosition,
            Expr::value(Option::<i32>::None),
        )
        .col_expr(enrollment::Column::Reason, Expr::value(reason))
        .col_expr(enrollment::Column::UpdatedAt, Expr::value(Utc::now()))
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

/// Bookkeeping after `left` stopped being `from` in `offering` (whose row lock is held): a
/// freed seat is given to the first person waiting; a freed waitlist place closes its gap.
async fn leave(
    txn: &DatabaseTransaction,
    site: &Site,
    offering: &offering::Model,
    left: &enrollment::Model,
    from: EnrollmentStatus,
) -> Result<(), DomainError> {
    match from {
        Enrolled => {
            free_seat(txn, offering.id).await?;
            promote_first(txn, site, offering.id).await?;
        }
        Waitlisted => {
            close_gap(txn, offering.id, left.waitlist_position.unwrap_or(i32::MAX)).await?;
        }
        _ => {}
    }
    Ok(())
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

/// Gives a free seat to the first person on the waitlist whom the quotas allow, if there is a
/// seat and such a person. Returns whether someone was promoted.
async fn promote_first(
    txn: &DatabaseTransaction,
    site: &Site,
    offering_id: i64,
) -> Result<bool, DomainError> {
    let offering = offering::Entity::find_by_id(offering_id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if offering.seats_taken >= offering.capacity {
        return Ok(false);
    }
    let quotas = quotas_of(&offering);
    let waiting = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(offering_id))
        .filter(enrollment::Column::Status.eq(Waitlisted.code()));
    let first = if quotas.is_empty() {
        waiting
            .order_by_asc(enrollment::Column::WaitlistPosition)
            .one(txn)
            .await?
            .map(|e| (e, None))
    } else {
        // In order, the first person the quotas let in; others keep their place.
        let queue = waiting
            .order_by_asc(enrollment::Column::WaitlistPosition)
            .all(txn)
            .await?;
        let people = user::Entity::find()
            .filter(user::Column::Id.is_in(queue.iter().map(|e| e.user_id).collect::<Vec<_>>()))
            .all(txn)
            .await?;
        let holders = seat_holders(txn, offering_id).await?;
        let closed = enrollment_closed(&offering);
        queue.into_iter().find_map(|e| {
            let person = people.iter().find(|p| p.id == e.user_id)?;
            let cohort = cohort_for(&offering, &quotas, &holders, person);
            seat_allowed(&quotas, &cohort, &person.affiliation, closed)
                .is_ok()
                .then(|| (e, Some(person.clone())))
        })
    };
    let Some((first, person)) = first else {
        return Ok(false);
    };
    if !take_seat(txn, offering_id).await? {
        return Ok(false);
    }
    set_status(txn, &first, Enrolled, None, None).await?;
    close_gap(
        txn,
        offering_id,
        first.waitlist_position.unwrap_or(i32::MAX),
    )
    .await?;
    let module = module::Entity::find_by_id(offering.module_id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let person = match person {
        Some(p) => Some(p),
        None => user::Entity::find_by_id(first.user_id).one(txn).await?,
    };
    if let Some(person) = person {
        notify(
            txn,
            site,
            &person,
            &offering,
            &module,
            (
                Key::MailEnrollmentPromotedSubject,
                Key::MailEnrollmentPromotedBody,
            ),
            None,
        )
        .await?;
    }
    Ok(true)
}

/// After enrolment has closed, seats held back for a share quota are released: each offering
/// with such a quota, free seats and people waiting gives its seats to the waiting list, in
/// order (agency and country maxima still apply). Run by the server's background job; safe to
/// run from several processes at once, since each offering is handled under its row lock.
/// Returns how many people were promoted.
pub async fn release_held_seats(
    db: &DatabaseConnection,
    site: &Site,
) -> Result<usize, DomainError> {
    let today = Utc::now().date_naive();
    let due: Vec<i64> = offering::Entity::find()
        .filter(offering::Column::Status.eq("published"))
        .filter(offering::Column::QuotaAffiliation.is_not_null())
        .filter(offering::Column::EnrollmentCloses.lt(today))
        .filter(offering::Column::WaitlistLength.gt(0))
        .filter(Expr::col(offering::Column::SeatsTaken).lt(Expr::col(offering::Column::Capacity)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    let mut promoted = 0;
    for id in due {
        let txn = begin_write(db).await?;
        lock_offering(&txn, id).await?;
        while promote_first(&txn, site, id).await? {
            promoted += 1;
        }
        txn.commit().await?;
    }
    Ok(promoted)
}

fn view(
    e: &enrollment::Model,
    offering: &offering::Model,
    module: &module::Model,
    locale: Locale,
) -> EnrollmentView {
    let titles: std::collections::BTreeMap<String, String> =
        serde_json::from_str(&module.title).unwrap_or_default();
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

/// The caller's applications and enrolments, most recent offering first.
pub async fn my_enrollments(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    locale: Locale,
) -> Result<Vec<EnrollmentView>, DomainError> {
    let mine = enrollment::Entity::find()
        .filter(enrollment::Column::UserId.eq(caller.id))
        .order_by_desc(enrollment::Column::CreatedAt)
        .all(db)
        .await?;
    views(db, &mine, locale).await
}

async fn views(
    db: &DatabaseConnection,
    rows: &[enrollment::Model],
    locale: Locale,
) -> Result<Vec<EnrollmentView>, DomainError> {
    let offerings = offering::Entity::find()
        .filter(offering::Column::Id.is_in(rows.iter().map(|e| e.offering_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let modules = module::Entity::find()
        .filter(module::Column::Id.is_in(offerings.iter().map(|o| o.module_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let paid: std::collections::BTreeMap<i64, i64> = entity::grant_commitment::Entity::find()
        .filter(
            entity::grant_commitment::Column::EnrollmentId
                .is_in(rows.iter().map(|e| e.id).collect::<Vec<_>>()),
        )
        .filter(entity::grant_commitment::Column::Status.is_in(["committed", "spent"]))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.enrollment_id, c.amount))
        .collect();
    Ok(rows
        .iter()
        .filter_map(|e| {
            let o = offerings.iter().find(|o| o.id == e.offering_id)?;
            let m = modules.iter().find(|m| m.id == o.module_id)?;
            let mut v = view(e, o, m, locale);
            v.scholarship = paid
                .get(&e.id)
                .map(|cents| crate::scholarships::dto::format_cents(*cents));
            Some(v)
        })
        .collect())
}

/// Who applied to an offering, seat holders first then the waitlist in order: for
/// administrators and the offering's instructors.
pub async fn roster(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    offering_id: i64,
) -> Result<Vec<RosterEntry>, DomainError> {
    let admin = caller.roles.contains(&Role::Administrator);
    let teaches = entity::offering_instructor::Entity::find()
        .filter(entity::offering_instructor::Column::OfferingId.eq(offering_id))
        .filter(entity::offering_instructor::Column::UserId.eq(caller.id))
        .one(db)
        .await?
        .is_some();
    if !admin && !teaches {
        return Err(DomainError::Forbidden);
    }
    offering::Entity::find_by_id(offering_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let rows = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(offering_id))
        .order_by_asc(enrollment::Column::CreatedAt)
        .order_by_asc(enrollment::Column::Id)
        .all(db)
        .await?;
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|e| e.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let (funded, available) = if admin {
        crate::scholarships::service::funding_for_offering(db, offering_id).await?
    } else {
        Default::default()
    };
    let rank = |e: &enrollment::Model| match EnrollmentStatus::from_code(&e.status) {
        Some(Enrolled) | Some(Completed) => (0, 0),
        Some(Waitlisted) => (1, e.waitlist_position.unwrap_or(i32::MAX)),
        Some(PendingAcceptance) | Some(PendingEndorsement) => (2, 0),
        _ => (3, 0),
    };
    let mut entries: Vec<(_, RosterEntry)> = rows
        .iter()
        .filter_map(|e| {
            let p = people.iter().find(|p| p.id == e.user_id)?;
            Some((
                rank(e),
                RosterEntry {
                    enrollment_id: e.id,
                    user_id: p.id,
                    full_name: p.full_name.clone(),
                    email: p.email.clone(),
                    agency: p.agency.clone(),
                    country: p.country.clone(),
                    affiliation: p.affiliation.clone(),
                    status: e.status.clone(),
                    waitlist_position: e.waitlist_position,
                    reason: e.reason.clone(),
                    scholarship: funded.get(&e.id).cloned(),
                    grant_available: available.get(&e.user_id).cloned(),
                    moves: match (admin, EnrollmentStatus::from_code(&e.status)) {
                        (true, Some(from)) => EnrollmentStatus::ALL
                            .iter()
                            .filter(|to| transition(from, **to, Actor::Administrator).is_ok())
                            .map(|to| to.code().to_string())
                            .collect(),
                        _ => Vec::new(),
                    },
                },
            ))
        })
        .collect();
    entries.sort_by_key(|(rank, _)| *rank);
    Ok(entries.into_iter().map(|(_, e)| e).collect())
}

/// An administrator's or coordinator's decision on an enrolment, with a reason that is kept
/// and written to the audit log. Seats and the waitlist follow the move.
pub async fn change_status(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    enrollment_id: i64,
    to: &str,
    reason: &str,
) -> Result<EnrollmentView, DomainError> {
    let to = EnrollmentStatus::from_code(to)
        .ok_or_else(|| DomainError::invalid("to", Key::EnrollmentTransitionRefused))?;
    let found = enrollment::Entity::find_by_id(enrollment_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let person = user::Entity::find_by_id(found.user_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let actor = if caller.roles.contains(&Role::Administrator) {
        Actor::Administrator
    } else if caller.roles.contains(&Role::Coordinator)
        && caller.agency.eq_ignore_ascii_case(&person.agency)
    {
        Actor::Coordinator
    } else {
        return Err(DomainError::Forbidden);
    };
    if to == Withdrawn {
        return withdraw(db, site, caller, enrollment_id).await;
    }
    let txn = begin_write(db).await?;
    let offering = lock_offering(&txn, found.offering_id).await?;
    let current = enrollment::Entity::find_by_id(enrollment_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let from = status_of(&current)?;
    transition(from, to, actor).map_err(|refused| match refused {
        TransitionRefused::NotYours => DomainError::Forbidden,
        TransitionRefused::NotFromHere => DomainError::Conflict(Key::EnrollmentTransitionRefused),
    })?;
    let reason = Some(reason.trim().to_string()).filter(|r| !r.is_empty());
    // Taking a seat needs a free one (an administrator frees one by moving someone out first)
    // that the quotas allow.
    if to == Enrolled {
        if let Some(block) = quota_block(&txn, &offering, &person).await? {
            return Err(DomainError::Conflict(quota_key(block)));
        }
        if !take_seat(&txn, offering.id).await? {
            return Err(DomainError::Conflict(Key::EnrollmentNoSeat));
        }
    }
    let mut saved = set_status(&txn, &current, to, reason.clone(), Some(caller.id)).await?;
    match from {
        // Moved out of a seat by a decision: the seat stays free for the administrator to
        // give; it is not handed to the waitlist behind their back.
        Enrolled => free_seat(&txn, offering.id).await?,
        Waitlisted => {
            close_gap(
                &txn,
                offering.id,
                current.waitlist_position.unwrap_or(i32::MAX),
            )
            .await?;
        }
        _ => {}
    }
    if to == Waitlisted {
        let position = join_waitlist(&txn, offering.id).await?;
        enrollment::Entity::update_many()
            .col_expr(enrollment::Column::WaitlistPosition, Expr::value(position))
            .filter(enrollment::Column::Id.eq(saved.id))
            .exec(&txn)
            .await?;
        saved.waitlist_position = Some(position);
    }
    record(
        &txn,
        AuditEvent::EnrollmentChange,
        Some(caller.id),
        Some(current.user_id),
        None,
        Some(format!(
            "enrolment {enrollment_id}: {} → {}{}",
            from.code(),
            to.code(),
            reason.map(|r| format!(" ({r})")).unwrap_or_default()
        )),
    )
    .await?;
    let module = module::Entity::find_by_id(offering.module_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    // The person hears of every decision, with its reason.
    let mail = match to {
        Enrolled => Some((
            Key::MailEnrollmentEnrolledSubject,
            Key::MailEnrollmentEnrolledBody,
        )),
        Waitlisted => Some((
            Key::MailEnrollmentWaitlistedSubject,
            Key::MailEnrollmentWaitlistedBody,
        )),
        PendingAcceptance => Some((
            Key::MailEnrollmentEndorsedSubject,
            Key::MailEnrollmentEndorsedBody,
        )),
        Rejected => Some((
            Key::MailEnrollmentRejectedSubject,
            Key::MailEnrollmentRejectedBody,
        )),
        _ => None,
    };
    if let Some(mail) = mail {
        notify_with_reason(
            &txn,
            site,
            &person,
            &offering,
            &module,
            mail,
            saved.waitlist_position,
            saved.reason.as_deref().unwrap_or("—"),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(view(&saved, &offering, &module, Locale::default()))
}

/// An offering was cancelled: every application and enrolment still open is cancelled, seats
/// and the waiting list are emptied, and each person is emailed in their language. Runs in the
/// transaction that cancels the offering, after it took the offering's row lock.
pub async fn cancel_all(
    txn: &DatabaseTransaction,
    site: &Site,
    offering_id: i64,
) -> Result<usize, DomainError> {
    let open: Vec<enrollment::Model> = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(offering_id))
        .filter(enrollment::Column::Status.is_in([
            PendingEndorsement.code(),
            PendingAcceptance.code(),
            Enrolled.code(),
            Waitlisted.code(),
        ]))
        .all(txn)
        .await?;
    if open.is_empty() {
        return Ok(0);
    }
    let offering = lock_offering(txn, offering_id).await?;
    let module = module::Entity::find_by_id(offering.module_id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    for e in &open {
        let from = status_of(e)?;
        transition(from, Cancelled, Actor::System)
            .map_err(|_| DomainError::Conflict(Key::EnrollmentTransitionRefused))?;
        set_status(txn, e, Cancelled, None, None).await?;
        if let Some(person) = user::Entity::find_by_id(e.user_id).one(txn).await? {
            notify(
                txn,
                site,
                &person,
                &offering,
                &module,
                (
                    Key::MailEnrollmentCancelledSubject,
                    Key::MailEnrollmentCancelledBody,
                ),
                None,
            )
            .await?;
        }
    }
    offering::Entity::update_many()
        .col_expr(offering::Column::SeatsTaken, Expr::value(0))
        .col_expr(offering::Column::WaitlistLength, Expr::value(0))
        .filter(offering::Column::Id.eq(offering_id))
        .exec(txn)
        .await?;
    Ok(open.len())
}

/// A coordinator's view of their agency: applications to endorse, the officers who may be
/// nominated, and the offerings taking nominations now.
pub async fn agency_overview(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    locale: Locale,
) -> Result<super::dto::AgencyOverview, DomainError> {
    use super::dto::{AgencyOverview, Officer, PendingEndorsement};
    if !caller.roles.contains(&Role::Coordinator) {
        return Err(DomainError::Forbidden);
    }
    let trainees: Vec<i64> = entity::user_role::Entity::find()
        .filter(entity::user_role::Column::Role.eq(Role::Trainee.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    // Agencies are typed by people; compare them without regard to case.
    let people: Vec<user::Model> = user::Entity::find()
        .filter(
            Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(
                user::Column::Agency,
            )))
            .eq(caller.agency.to_lowercase()),
        )
        .order_by_asc(user::Column::FullName)
        .all(db)
        .await?;
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let applications = enrollment::Entity::find()
        .filter(enrollment::Column::UserId.is_in(ids))
        .order_by_asc(enrollment::Column::CreatedAt)
        .all(db)
        .await?;
    let offerings = offering::Entity::find()
        .filter(
            offering::Column::Id.is_in(
                applications
                    .iter()
                    .map(|e| e.offering_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?;
    let today = Utc::now().date_naive();
    let open = offering::Entity::find()
        .filter(offering::Column::Status.eq("published"))
        .filter(offering::Column::EnrollmentPolicy.eq("nomination"))
        .filter(offering::Column::EnrollmentOpens.lte(today))
        .filter(offering::Column::EnrollmentCloses.gte(today))
        .order_by_asc(offering::Column::StartsOn)
        .all(db)
        .await?;
    let modules = module::Entity::find()
        .filter(
            module::Column::Id.is_in(
                offerings
                    .iter()
                    .chain(open.iter())
                    .map(|o| o.module_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?;
    let title = |m: &module::Model| {
        pick(
            &serde_json::from_str::<std::collections::BTreeMap<String, String>>(&m.title)
                .unwrap_or_default(),
            locale,
        )
    };
    let dates = |o: &offering::Model| format!("{} – {}", o.starts_on, o.ends_on);
    let nominators = user::Entity::find()
        .filter(
            user::Column::Id.is_in(
                applications
                    .iter()
                    .filter_map(|e| e.nominated_by)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?;
    let to_endorse = applications
        .iter()
        .filter(|e| e.status == PendingEndorsement.code())
        .filter_map(|e| {
            let person = people.iter().find(|p| p.id == e.user_id)?;
            let o = offerings.iter().find(|o| o.id == e.offering_id)?;
            let m = modules.iter().find(|m| m.id == o.module_id)?;
            Some(PendingEndorsement {
                enrollment_id: e.id,
                full_name: person.full_name.clone(),
                module_code: m.code.clone(),
                module_title: title(m),
                dates: dates(o),
                nominated_by: e
                    .nominated_by
                    .and_then(|n| nominators.iter().find(|u| u.id == n))
                    .map(|u| u.full_name.clone()),
            })
        })
        .collect();
    let officers = people
        .iter()
        .filter(|p| trainees.contains(&p.id) && p.active)
        .map(|p| Officer {
            id: p.id,
            full_name: p.full_name.clone(),
            email: p.email.clone(),
            rank: p.rank.clone(),
            affiliation: p.affiliation.clone(),
            active_applications: applications
                .iter()
                .filter(|e| {
                    e.user_id == p.id
                        && EnrollmentStatus::from_code(&e.status)
                            .is_some_and(|s| s.is_active() && s != Completed)
                })
                .count() as i64,
        })
        .collect();
    let open_offerings = open
        .iter()
        .filter_map(|o| {
            let m = modules.iter().find(|m| m.id == o.module_id)?;
            Some((
                o.id,
                format!("{} · {} · {} · {}", m.code, title(m), dates(o), o.country),
            ))
        })
        .collect();
    Ok(AgencyOverview {
        agency: caller.agency.clone(),
        to_endorse,
        officers,
        open_offerings,
    })
}
