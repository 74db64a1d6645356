//! Reading: a person's applications, an offering's applicants, an agency and its officers.

use super::*;

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
    today: NaiveDate,
) -> Result<Vec<RosterEntry>, DomainError> {
    let teaching = crate::catalog::teaching::relation_to_offering(db, caller, offering_id).await?;
    if !allowed(&caller.roles, Action::ReadRoster, teaching) {
        return Err(DomainError::Forbidden);
    }
    let offering = offering::Entity::find_by_id(offering_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let ended = offering_ended(offering.ends_on, today);
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
    // Who funds enrolments sees what each is funded with and what each person's grant has left.
    let (funded, available) = if allowed(&caller.roles, Action::FundEnrollment, Relation::Other) {
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
                    // The buttons follow the policy: nobody decides their own application.
                    moves: match (
                        allowed(
                            &caller.roles,
                            Action::DecideApplication,
                            relation_of(caller, p),
                        ),
                        EnrollmentStatus::from_code(&e.status),
                    ) {
                        (true, Some(from)) => legal_moves(from, Actor::Administrator, ended)
                            .into_iter()
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

/// A coordinator's view of their agency: applications to endorse, the officers who may be
/// nominated, and the offerings taking nominations now.
pub async fn agency_overview(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    locale: Locale,
    today: NaiveDate,
) -> Result<super::super::dto::AgencyOverview, DomainError> {
    use super::super::dto::{AgencyOverview, Officer, PendingEndorsement};
    if !allowed(&caller.roles, Action::Nominate, Relation::SameAgency) {
        return Err(DomainError::Forbidden);
    }
    let trainees: Vec<i64> = entity::user_role::Entity::find()
        .filter(entity::user_role::Column::Role.eq(Role::Trainee.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let people = agency_people(db, caller.agency_id).await?;
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
    let open = super::apply::open_for_nominations(db, today).await?;
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
            // A coordinator's own application waits for someone else's endorsement.
            let relation = relation_of(caller, person);
            if !allowed(&caller.roles, Action::Endorse, relation) {
                return None;
            }
            let o = offerings.iter().find(|o| o.id == e.offering_id)?;
            let m = modules.iter().find(|m| m.id == o.module_id)?;
            Some(PendingEndorsement {
                enrollment_id: e.id,
                full_name: person.full_name.clone(),
                module_code: m.code.clone(),
                module_title: title_in(m, locale),
                dates: dates_in_words(o, locale),
                nominated_by: e
                    .nominated_by
                    .and_then(|n| nominators.iter().find(|u| u.id == n))
                    .map(|u| u.full_name.clone()),
            })
        })
        .collect();
    let open_now = |e: &enrollment::Model| {
        EnrollmentStatus::from_code(&e.status).is_some_and(|s| s.is_active() && s != Completed)
    };
    let officers = people
        .iter()
        .filter(|p| {
            trainees.contains(&p.id)
                && p.active
                && allowed(&caller.roles, Action::Nominate, relation_of(caller, p))
        })
        .map(|p| Officer {
            id: p.id,
            full_name: p.full_name.clone(),
            email: p.email.clone(),
            rank: p.rank.clone(),
            affiliation: p.affiliation.clone(),
            active_applications: applications
                .iter()
                .filter(|e| e.user_id == p.id && open_now(e))
                .count() as i64,
            past_applications: applications
                .iter()
                .filter(|e| e.user_id == p.id && !open_now(e))
                .count() as i64,
        })
        .collect();
    let open_offerings = open
        .iter()
        .filter_map(|o| {
            let m = modules.iter().find(|m| m.id == o.module_id)?;
            Some((o.id, offering_label(o, m, locale)))
        })
        .collect();
    Ok(AgencyOverview {
        agency: caller.agency.clone(),
        to_endorse,
        officers,
        open_offerings,
    })
}

/// The confirmed members of agency `agency_id`, by name. People whose membership is pending
/// or declined are not the agency's officers yet.
async fn agency_people(
    db: &DatabaseConnection,
    agency_id: Option<i64>,
) -> Result<Vec<user::Model>, DomainError> {
    let Some(agency_id) = agency_id else {
        return Ok(Vec::new());
    };
    Ok(user::Entity::find()
        .filter(user::Column::AgencyId.eq(agency_id))
        .filter(user::Column::Membership.eq(crate::accounts::Membership::Confirmed.code()))
        .order_by_asc(user::Column::FullName)
        .all(db)
        .await?)
}

/// Every application of one officer, decided or not, most recent first: what their coordinator
/// (or an administrator) sees as the officer's history. Someone of another agency does not
/// exist for a coordinator.
pub async fn officer_history(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    officer_id: i64,
    locale: Locale,
) -> Result<OfficerHistory, DomainError> {
    let officer = user::Entity::find_by_id(officer_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let relation = relation_of(caller, &officer);
    if !allowed(&caller.roles, Action::ReadApplications, relation) {
        return Err(DomainError::NotFound);
    }
    let rows = enrollment::Entity::find()
        .filter(enrollment::Column::UserId.eq(officer.id))
        .order_by_desc(enrollment::Column::CreatedAt)
        .order_by_desc(enrollment::Column::Id)
        .all(db)
        .await?;
    let offerings = offering::Entity::find()
        .filter(offering::Column::Id.is_in(rows.iter().map(|e| e.offering_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let modules = module::Entity::find()
        .filter(module::Column::Id.is_in(offerings.iter().map(|o| o.module_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let nominators = user::Entity::find()
        .filter(
            user::Column::Id.is_in(
                rows.iter()
                    .filter_map(|e| e.nominated_by)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?;
    let applications = rows
        .iter()
        .filter_map(|e| {
            let o = offerings.iter().find(|o| o.id == e.offering_id)?;
            let m = modules.iter().find(|m| m.id == o.module_id)?;
            let status = EnrollmentStatus::from_code(&e.status)?;
            let decided = !matches!(status, PendingEndorsement | PendingAcceptance);
            Some(HistoryEntry {
                enrollment_id: e.id,
                module_code: m.code.clone(),
                module_title: title_in(m, locale),
                dates: dates_in_words(o, locale),
                status,
                applied_at: e.created_at.to_rfc3339(),
                decided_at: decided.then(|| e.updated_at.to_rfc3339()),
                reason: e.reason.clone(),
                nominated_by: e
                    .nominated_by
                    .and_then(|n| nominators.iter().find(|u| u.id == n))
                    .map(|u| u.full_name.clone()),
            })
        })
        .collect();
    Ok(OfficerHistory {
        officer_id: officer.id,
        full_name: officer.full_name,
        applications,
    })
}
