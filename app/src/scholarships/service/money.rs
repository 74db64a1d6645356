//! Money: awards taken from a programme's budget, commitments a grant makes for enrolments,
//! their settlement, and the funding shown beside applicants. Every movement goes to the
//! ledger in the same transaction.

use super::*;

/// One movement of money, as the ledger records it.
struct Movement {
    programme_id: i64,
    grant_id: i64,
    enrollment_id: Option<i64>,
    kind: LedgerKind,
    amount: i64,
    actor: Option<i64>,
    reason: String,
}

/// Appends a ledger row.
async fn ledger(txn: &DatabaseTransaction, m: Movement) -> Result<(), DomainError> {
    scholarship_ledger::ActiveModel {
        programme_id: Set(m.programme_id),
        grant_id: Set(Some(m.grant_id)),
        enrollment_id: Set(m.enrollment_id),
        kind: Set(m.kind.code().to_string()),
        amount: Set(m.amount),
        actor_id: Set(m.actor),
        reason: Set(m.reason),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// An administrator awards or rejects an application. An award creates the person's grant and
/// takes its amount from the programme's budget, atomically: when the remaining budget is too
/// small the answer is a conflict and nothing changes.
pub async fn decide(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    application_id: i64,
    decision: DecisionInput,
) -> Result<ScholarshipApplicationView, DomainError> {
    may_ever(caller, Action::DecideScholarship)?;
    let award = match decision.decision.trim() {
        "award" => true,
        "reject" => false,
        _ => {
            return Err(DomainError::invalid(
                "decision",
                Key::ScholarshipDecisionInvalid,
            ));
        }
    };
    if decision.score.is_some_and(|s| !(0..=100).contains(&s)) {
        return Err(DomainError::invalid("score", Key::ScholarshipScoreInvalid));
    }
    let amount = if award {
        let cents = decision
            .amount
            .as_ref()
            .and_then(|a| parse_cents(&a.text()))
            .filter(|c| *c > 0)
            .ok_or_else(|| DomainError::invalid("amount", Key::ScholarshipAmountInvalid))?;
        Some(cents)
    } else {
        None
    };
    let comment = Some(
        decision
            .comment
            .trim()
            .chars()
            .take(4000)
            .collect::<String>(),
    )
    .filter(|c| !c.is_empty());
    let found = scholarship_application::Entity::find_by_id(application_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    may_act_on(
        db,
        caller,
        Action::DecideScholarship,
        found.user_id,
        Key::AuthorizationOwnScholarship,
    )
    .await?;
    let p = scholarship_programme::Entity::find_by_id(found.programme_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if let Some(cents) = amount
        && cents > p.per_person_max
    {
        return Err(DomainError::Invalid(vec![FieldError::with(
            "amount",
            Key::ScholarshipAboveMax,
            vec![
                ("max", format_cents(p.per_person_max)),
                ("currency", p.currency.clone()),
            ],
        )]));
    }
    let txn = begin_write(db).await?;
    // Decide only once: the status moves from `submitted` conditionally.
    let now = Utc::now();
    let decided = scholarship_application::Entity::update_many()
        .col_expr(
            scholarship_application::Column::Status,
            Expr::value(
                if award {
                    ApplicationStatus::Awarded
                } else {
                    ApplicationStatus::Rejected
                }
                .code(),
            ),
        )
        .col_expr(
            scholarship_application::Column::Score,
            Expr::value(decision.score),
        )
        .col_expr(
            scholarship_application::Column::Comment,
            Expr::value(comment.clone()),
        )
        .col_expr(
            scholarship_application::Column::ReviewedBy,
            Expr::value(caller.id),
        )
        .col_expr(scholarship_application::Column::DecidedAt, Expr::value(now))
        .filter(scholarship_application::Column::Id.eq(application_id))
        .filter(scholarship_application::Column::Status.eq(ApplicationStatus::Submitted.code()))
        .exec(&txn)
        .await?;
    if decided.rows_affected == 0 {
        return Err(DomainError::Conflict(Key::ScholarshipAlreadyDecided));
    }
    if let Some(cents) = amount {
        let taken = scholarship_programme::Entity::update_many()
            .col_expr(
                scholarship_programme::Column::Awarded,
                Expr::col(scholarship_programme::Column::Awarded).add(cents),
            )
            .col_expr(scholarship_programme::Column::UpdatedAt, Expr::value(now))
            .filter(scholarship_programme::Column::Id.eq(p.id))
            .filter(
                Expr::col(scholarship_programme::Column::Awarded)
                    .add(cents)
                    .lte(Expr::col(scholarship_programme::Column::Budget)),
            )
            .exec(&txn)
            .await?;
        if taken.rows_affected == 0 {
            return Err(DomainError::Conflict(Key::ScholarshipBudgetExceeded));
        }
        let saved = grant::ActiveModel {
            programme_id: Set(p.id),
            application_id: Set(found.id),
            user_id: Set(found.user_id),
            amount: Set(cents),
            committed: Set(0),
            spent: Set(0),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        ledger(
            &txn,
            Movement {
                programme_id: p.id,
                grant_id: saved.id,
                enrollment_id: None,
                kind: LedgerKind::Award,
                amount: cents,
                actor: Some(caller.id),
                reason: format!("application {}", found.id),
            },
        )
        .await?;
    }
    let person = user::Entity::find_by_id(found.user_id).one(&txn).await?;
    if let Some(person) = &person {
        let shown = amount.map(format_cents).unwrap_or_default();
        let comment_text = comment.clone().unwrap_or_default();
        mail(
            &txn,
            site,
            person,
            if award {
                (
                    Key::MailScholarshipAwardedSubject,
                    Key::MailScholarshipAwardedBody,
                )
            } else {
                (
                    Key::MailScholarshipRejectedSubject,
                    Key::MailScholarshipRejectedBody,
                )
            },
            &[
                ("programme", &name_in(&p, locale_of(person))),
                ("amount", &shown),
                ("currency", &p.currency),
                ("comment", &comment_text),
            ],
        )
        .await?;
    }
    txn.commit().await?;
    let saved = scholarship_application::Entity::find_by_id(application_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let name = name_in(&p, person.as_ref().map(locale_of).unwrap_or_default());
    Ok(application_view(&saved, &name, person.as_ref(), amount))
}

/// The grant of `user_id` that covers the module of `offering_id` and still has `cents`
/// available, if any.
async fn grant_for<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    offering_id: i64,
    cents: i64,
) -> Result<Option<grant::Model>, DomainError> {
    let Some(o) = offering::Entity::find_by_id(offering_id).one(conn).await? else {
        return Ok(None);
    };
    let covering: Vec<i64> = scholarship_module::Entity::find()
        .filter(scholarship_module::Column::ModuleId.eq(o.module_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.programme_id)
        .collect();
    Ok(grant::Entity::find()
        .filter(grant::Column::UserId.eq(user_id))
        .filter(grant::Column::ProgrammeId.is_in(covering))
        .order_by_asc(grant::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .find(|g| g.amount - g.committed - g.spent >= cents))
}

/// An administrator has a person's grant pay `amount` for one of their enrolments in a covered
/// module: the money is committed against the grant and the programme.
pub async fn commit(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    enrollment_id: i64,
    amount: &str,
) -> Result<CommitmentView, DomainError> {
    may_ever(caller, Action::FundEnrollment)?;
    let cents = parse_cents(amount)
        .filter(|c| *c > 0)
        .ok_or_else(|| DomainError::invalid("amount", Key::ScholarshipAmountInvalid))?;
    let txn = begin_write(db).await?;
    let e = enrollment::Entity::find_by_id(enrollment_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    may_act_on(
        &txn,
        caller,
        Action::FundEnrollment,
        e.user_id,
        Key::AuthorizationOwnFunding,
    )
    .await?;
    if !matches!(
        e.status.as_str(),
        "pending_endorsement" | "pending_acceptance" | "enrolled" | "waitlisted"
    ) {
        return Err(DomainError::Conflict(Key::ScholarshipEnrollmentClosed));
    }
    let Some(g) = grant_for(&txn, e.user_id, e.offering_id, cents).await? else {
        return Err(DomainError::Conflict(Key::ScholarshipNoGrant));
    };
    // The grant's own limit, checked by the database against the row as it is now.
    let held = grant::Entity::update_many()
        .col_expr(
            grant::Column::Committed,
            Expr::col(grant::Column::Committed).add(cents),
        )
        .filter(grant::Column::Id.eq(g.id))
        .filter(
            Expr::col(grant::Column::Committed)
                .add(Expr::col(grant::Column::Spent))
                .add(cents)
                .lte(Expr::col(grant::Column::Amount)),
        )
        .exec(&txn)
        .await?;
    if held.rows_affected == 0 {
        return Err(DomainError::Conflict(Key::ScholarshipNoGrant));
    }
    scholarship_programme::Entity::update_many()
        .col_expr(
            scholarship_programme::Column::Committed,
            Expr::col(scholarship_programme::Column::Committed).add(cents),
        )
        .filter(scholarship_programme::Column::Id.eq(g.programme_id))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    let saved = grant_commitment::ActiveModel {
        grant_id: Set(g.id),
        enrollment_id: Set(e.id),
        amount: Set(cents),
        status: Set(CommitmentStatus::Committed.code().into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(DomainError::on_unique(Key::ScholarshipAlreadyCommitted))?;
    ledger(
        &txn,
        Movement {
            programme_id: g.programme_id,
            grant_id: g.id,
            enrollment_id: Some(e.id),
            kind: LedgerKind::Commit,
            amount: cents,
            actor: Some(caller.id),
            reason: format!("enrolment {}", e.id),
        },
    )
    .await?;
    let code = offering_code(&txn, e.offering_id).await?;
    txn.commit().await?;
    Ok(CommitmentView {
        id: saved.id,
        enrollment_id: e.id,
        module_code: code,
        amount: format_cents(cents),
        status: saved.status,
    })
}

/// What happens to an enrolment's commitment when the enrolment ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settlement {
    /// Withdrawn, rejected or cancelled: the money goes back to the grant.
    Release,
    /// Completed: the money is spent.
    Spend,
}

/// Settles the live commitment of an enrolment, if it has one, in the caller's transaction
/// (the one that changes the enrolment's status).
pub async fn settle(
    txn: &DatabaseTransaction,
    enrollment_id: i64,
    settlement: Settlement,
    actor: Option<i64>,
    reason: &str,
) -> Result<(), DomainError> {
    let Some(c) = grant_commitment::Entity::find()
        .filter(grant_commitment::Column::EnrollmentId.eq(enrollment_id))
        .filter(grant_commitment::Column::Status.eq(CommitmentStatus::Committed.code()))
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    let (status, kind) = match settlement {
        Settlement::Release => (CommitmentStatus::Released, LedgerKind::Release),
        Settlement::Spend => (CommitmentStatus::Spent, LedgerKind::Spend),
    };
    let moved = grant_commitment::Entity::update_many()
        .col_expr(grant_commitment::Column::Status, Expr::value(status.code()))
        .col_expr(grant_commitment::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(grant_commitment::Column::Id.eq(c.id))
        .filter(grant_commitment::Column::Status.eq(CommitmentStatus::Committed.code()))
        .exec(txn)
        .await?;
    if moved.rows_affected == 0 {
        return Ok(());
    }
    let g = grant::Entity::find_by_id(c.grant_id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let spend = i64::from(settlement == Settlement::Spend) * c.amount;
    grant::Entity::update_many()
        .col_expr(
            grant::Column::Committed,
            Expr::col(grant::Column::Committed).sub(c.amount),
        )
        .col_expr(
            grant::Column::Spent,
            Expr::col(grant::Column::Spent).add(spend),
        )
        .filter(grant::Column::Id.eq(g.id))
        .exec(txn)
        .await?;
    scholarship_programme::Entity::update_many()
        .col_expr(
            scholarship_programme::Column::Committed,
            Expr::col(scholarship_programme::Column::Committed).sub(c.amount),
        )
        .col_expr(
            scholarship_programme::Column::Spent,
            Expr::col(scholarship_programme::Column::Spent).add(spend),
        )
        .filter(scholarship_programme::Column::Id.eq(g.programme_id))
        .exec(txn)
        .await?;
    ledger(
        txn,
        Movement {
            programme_id: g.programme_id,
            grant_id: g.id,
            enrollment_id: Some(enrollment_id),
            kind,
            amount: c.amount,
            actor,
            reason: reason.to_string(),
        },
    )
    .await
}

/// For the applicants page: per enrolment of `offering_id`, the amount its live commitment
/// holds, and per person the most a scholarship award covering the module still has available.
/// A fixed number of queries, however many applicants.
pub async fn funding_for_offering<C: ConnectionTrait>(
    conn: &C,
    offering_id: i64,
) -> Result<(BTreeMap<i64, String>, BTreeMap<i64, String>), DomainError> {
    let Some(o) = offering::Entity::find_by_id(offering_id).one(conn).await? else {
        return Ok(Default::default());
    };
    let rows = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(offering_id))
        .all(conn)
        .await?;
    let committed: BTreeMap<i64, String> = grant_commitment::Entity::find()
        .filter(
            grant_commitment::Column::EnrollmentId
                .is_in(rows.iter().map(|e| e.id).collect::<Vec<_>>()),
        )
        .filter(grant_commitment::Column::Status.eq(CommitmentStatus::Committed.code()))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.enrollment_id, format_cents(c.amount)))
        .collect();
    let covering: Vec<i64> = scholarship_module::Entity::find()
        .filter(scholarship_module::Column::ModuleId.eq(o.module_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.programme_id)
        .collect();
    let mut available: BTreeMap<i64, i64> = BTreeMap::new();
    for g in grant::Entity::find()
        .filter(grant::Column::ProgrammeId.is_in(covering))
        .filter(grant::Column::UserId.is_in(rows.iter().map(|e| e.user_id).collect::<Vec<_>>()))
        .all(conn)
        .await?
    {
        let left = g.amount - g.committed - g.spent;
        if left > 0 {
            let best = available.entry(g.user_id).or_default();
            *best = std::cmp::max(*best, left);
        }
    }
    Ok((
        committed,
        available
            .into_iter()
            .map(|(user, cents)| (user, format_cents(cents)))
            .collect(),
    ))
}
