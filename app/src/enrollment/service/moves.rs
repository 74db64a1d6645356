//! Moves through the state machine: withdrawals, decisions, promotion from the waitlist and
//! cancellation. The row-lock contract is in the parent module.

use super::*;

/// Withdraws an enrolment: the trainee's own before the offering starts, or anyone's by an
/// administrator. A freed seat goes to the first person waiting, in the same transaction; the
/// answer says whether a seat was freed and whether someone took it.
pub async fn withdraw(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    enrollment_id: i64,
) -> Result<Withdrawal, DomainError> {
    let found = enrollment::Entity::find_by_id(enrollment_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let own = found.user_id == caller.id;
    let relation = if own {
        Relation::Own
    } else {
        let person = user::Entity::find_by_id(found.user_id)
            .one(db)
            .await?
            .ok_or(DomainError::NotFound)?;
        relation_of(caller, &person)
    };
    if !allowed(&caller.roles, Action::Withdraw, relation) {
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
    if actor == Actor::Trainee && offering.starts_on <= site.today() {
        return Err(DomainError::Conflict(Key::EnrollmentStarted));
    }
    let saved = set_status(&txn, &current, Withdrawn, None, Some(caller.id), site.now()).await?;
    let seat_passed_on = leave(&txn, site, &offering, &current, from).await?;
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
    Ok(Withdrawal {
        enrollment: view(&saved, &offering, &module, Locale::default()),
        freed_seat: from == Enrolled,
        seat_passed_on,
    })
}

/// Bookkeeping after `left` stopped being `from` in `offering` (whose row lock is held): a
/// freed seat is given to the first person waiting; a freed waitlist place closes its gap.
/// Returns whether someone was given the freed seat.
async fn leave(
    txn: &DatabaseTransaction,
    site: &Site,
    offering: &offering::Model,
    left: &enrollment::Model,
    from: EnrollmentStatus,
) -> Result<bool, DomainError> {
    match from {
        Enrolled => {
            free_seat(txn, offering.id).await?;
            promote_first(txn, site, offering.id).await
        }
        Waitlisted => {
            close_gap(txn, offering.id, left.waitlist_position.unwrap_or(i32::MAX)).await?;
            Ok(false)
        }
        _ => Ok(false),
    }
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
        let closed = enrollment_closed(&offering, site.today());
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
    set_status(txn, &first, Enrolled, None, None, site.now()).await?;
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
    let today = site.today();
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

/// In which capacity `roles` may decide on an application in `relation` to them: as the
/// programme (administrators), as the person's agency (a coordinator endorsing), or not at all.
/// One's own application is refused with its own explanation: nobody approves themself.
fn decider(roles: &[Role], relation: Relation) -> Result<Actor, DomainError> {
    if allowed(roles, Action::DecideApplication, relation) {
        Ok(Actor::Administrator)
    } else if allowed(roles, Action::Endorse, relation) {
        Ok(Actor::Coordinator)
    } else if relation == Relation::Own
        && (refused_as_own(roles, Action::DecideApplication)
            || refused_as_own(roles, Action::Endorse))
    {
        Err(DomainError::Denied(Key::TrustOwnApplication))
    } else {
        Err(DomainError::Forbidden)
    }
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
    let relation = relation_of(caller, &person);
    // Withdrawing has its own rule (`withdraw`): one's own, or anyone's by the programme.
    if to == Withdrawn && allowed(&caller.roles, Action::Withdraw, relation) {
        return Ok(withdraw(db, site, caller, enrollment_id).await?.enrollment);
    }
    let actor = decider(&caller.roles, relation)?;
    let txn = begin_write(db).await?;
    let offering = lock_offering(&txn, found.offering_id).await?;
    let current = enrollment::Entity::find_by_id(enrollment_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let from = status_of(&current)?;
    let ended = offering_ended(offering.ends_on, site.today());
    decide(from, to, actor, ended, reason).map_err(|refused| match refused {
        DecisionRefused::NotYours => DomainError::Forbidden,
        DecisionRefused::NotFromHere => DomainError::Conflict(Key::EnrollmentTransitionRefused),
        DecisionRefused::NotEnded => DomainError::Refused(
            "offering_not_ended",
            FieldError::with(
                "to",
                Key::DecisionNotEnded,
                vec![("date", offering.ends_on.format("%Y-%m-%d").to_string())],
            ),
        ),
        DecisionRefused::ReasonRequired => {
            DomainError::invalid("reason", Key::DecisionReasonRequired)
        }
    })?;
    let reason = Some(reason.trim().to_string()).filter(|r| !r.is_empty());
    // Taking a seat needs a free one (an administrator frees one by moving someone out first)
    // that the quotas allow.
    if to == Enrolled {
        if let Some(block) = quota_block(&txn, &offering, &person, site.today()).await? {
            return Err(DomainError::Conflict(quota_key(block)));
        }
        if !take_seat(&txn, offering.id).await? {
            return Err(DomainError::Conflict(Key::EnrollmentNoSeat));
        }
    }
    let mut saved = set_status(
        &txn,
        &current,
        to,
        reason.clone(),
        Some(caller.id),
        site.now(),
    )
    .await?;
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
        set_status(txn, e, Cancelled, None, None, site.now()).await?;
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
