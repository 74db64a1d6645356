//! Applying and nominating: the facts eligibility is judged on, then the application.

use super::*;

/// The refusal of an application, explained to the person applying (`nominee` none) or to the
/// coordinator nominating them, under the field the form names (`offering_id` for a
/// nomination). The stable `reason` code is the same either way.
fn refusal(reason: &Ineligible, nominee: Option<&str>) -> DomainError {
    let date = |day: &chrono::NaiveDate| day.format("%Y-%m-%d").to_string();
    let message = match (nominee, reason) {
        (None, Ineligible::NotPublished) => {
            FieldError::new("offering", Key::EnrollmentNotPublished)
        }
        (None, Ineligible::NotOpenYet(day)) => FieldError::with(
            "offering",
            Key::EnrollmentNotOpenYet,
            vec![("date", date(day))],
        ),
        (None, Ineligible::Closed(day)) => {
            FieldError::with("offering", Key::EnrollmentClosed, vec![("date", date(day))])
        }
        (None, Ineligible::Audience(audience)) if audience == "police" => {
            FieldError::new("offering", Key::EnrollmentAudiencePolice)
        }
        (None, Ineligible::Audience(_)) => {
            FieldError::new("offering", Key::EnrollmentAudienceCivilian)
        }
        (None, Ineligible::AlreadyApplied) => {
            FieldError::new("offering", Key::EnrollmentAlreadyApplied)
        }
        (None, Ineligible::Prerequisites(codes)) => FieldError::with(
            "offering",
            Key::EnrollmentPrerequisites,
            vec![("codes", codes.join(", "))],
        ),
        (None, Ineligible::Clash(code)) => FieldError::with(
            "offering",
            Key::EnrollmentClash,
            vec![("code", code.clone())],
        ),
        (None, Ineligible::Unconfirmed(hold)) => {
            FieldError::new("offering", crate::accounts::hold_key(*hold))
        }
        (Some(name), Ineligible::Unconfirmed(_)) => FieldError::with(
            "offering_id",
            Key::MembershipNomineeUnconfirmed,
            vec![("name", name.to_string())],
        ),
        (Some(_), Ineligible::NotPublished) => {
            FieldError::new("offering_id", Key::NomineeNotPublished)
        }
        (Some(_), Ineligible::NotOpenYet(day)) => FieldError::with(
            "offering_id",
            Key::NomineeNotOpenYet,
            vec![("date", date(day))],
        ),
        (Some(_), Ineligible::Closed(day)) => {
            FieldError::with("offering_id", Key::NomineeClosed, vec![("date", date(day))])
        }
        (Some(name), Ineligible::Audience(audience)) => FieldError::with(
            "offering_id",
            if audience == "police" {
                Key::NomineeAudiencePolice
            } else {
                Key::NomineeAudienceCivilian
            },
            vec![("name", name.to_string())],
        ),
        (Some(name), Ineligible::AlreadyApplied) => FieldError::with(
            "offering_id",
            Key::NomineeAlreadyApplied,
            vec![("name", name.to_string())],
        ),
        (Some(name), Ineligible::Prerequisites(codes)) => FieldError::with(
            "offering_id",
            Key::NomineePrerequisites,
            vec![("name", name.to_string()), ("codes", codes.join(", "))],
        ),
        (Some(name), Ineligible::Clash(code)) => FieldError::with(
            "offering_id",
            Key::NomineeClash,
            vec![("name", name.to_string()), ("code", code.clone())],
        ),
    };
    DomainError::Refused(reason.code(), message)
}

/// What eligibility is judged on, for `person` and `offering`: read under the offering's row
/// lock when an application follows, so that "already applied" is current.
async fn application_facts<C: ConnectionTrait>(
    conn: &C,
    offering: &offering::Model,
    module: &module::Model,
    person: &user::Model,
    now: DateTime<Utc>,
) -> Result<Application, DomainError> {
    let already_applied = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(offering.id))
        .filter(enrollment::Column::UserId.eq(person.id))
        .filter(
            enrollment::Column::Status.is_in(
                EnrollmentStatus::ALL
                    .iter()
                    .filter(|s| s.is_active())
                    .map(|s| s.code()),
            ),
        )
        .one(conn)
        .await?
        .is_some();
    Ok(Application {
        now,
        published: offering.status == "published" && module.status == "published",
        enrollment_opens: offering.enrollment_opens,
        enrollment_closes: offering.enrollment_closes,
        audience: module.audience.clone(),
        affiliation: person.affiliation.clone(),
        already_applied,
        missing_prerequisites: missing_prerequisites(conn, module.id, person.id).await?,
        clash_with: clash(conn, offering.id, person.id).await?,
        hold: crate::accounts::service::hold_of(person),
    })
}

/// Codes of `module`'s prerequisites that `user_id` has not completed.
pub(crate) async fn missing_prerequisites<C: ConnectionTrait>(
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
pub(crate) async fn clash<C: ConnectionTrait>(
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

/// The signed-in trainee applies to an offering. Open offerings give a seat at once while
/// there is one, else a place on the waitlist; nomination offerings wait for the coordinator.
pub async fn apply(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    offering_id: i64,
) -> Result<EnrollmentView, DomainError> {
    if !allowed(&caller.roles, Action::Apply, Relation::Own) {
        return Err(DomainError::Forbidden);
    }
    apply_for(db, site, caller.id, None, offering_id).await
}

/// The officer `officer_id` as the coordinator `caller` may nominate them: a trainee of the
/// caller's own agency. Someone of another agency does not exist for this coordinator.
async fn nominee<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    officer_id: i64,
) -> Result<user::Model, DomainError> {
    if !allowed(&caller.roles, Action::Nominate, Relation::SameAgency) {
        return Err(DomainError::Forbidden);
    }
    let officer = user::Entity::find_by_id(officer_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let relation = relation_of(caller, &officer);
    if relation == Relation::Own && refused_as_own(&caller.roles, Action::Nominate) {
        return Err(DomainError::Denied(Key::TrustOwnNomination));
    }
    if !allowed(&caller.roles, Action::Nominate, relation) {
        return Err(DomainError::NotFound);
    }
    if !officer.active {
        return Err(DomainError::invalid(
            "user_id",
            Key::TrustNomineeDeactivated,
        ));
    }
    let is_trainee = entity::user_role::Entity::find()
        .filter(entity::user_role::Column::UserId.eq(officer.id))
        .filter(entity::user_role::Column::Role.eq(Role::Trainee.code()))
        .one(conn)
        .await?
        .is_some();
    if !is_trainee {
        return Err(DomainError::invalid("user_id", Key::NominationNotTrainee));
    }
    Ok(officer)
}

/// A coordinator nominates an officer of their own agency (a trainee) for an offering with the
/// nomination policy. The same eligibility rules apply as to the officer's own application.
/// A coordinator's nomination is their endorsement: it goes to the programme for acceptance at
/// once, in the same transaction, and the audit log keeps both steps.
pub async fn nominate(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    offering_id: i64,
    officer_id: i64,
) -> Result<EnrollmentView, DomainError> {
    let officer = nominee(db, caller, officer_id).await?;
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

/// The offerings open for nominations now, each with whether `officer_id` may be nominated
/// for it and, if not, why (in `locale`): the coordinator's form lists only the first kind.
pub async fn nomination_choices(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    officer_id: i64,
    locale: Locale,
) -> Result<NominationChoices, DomainError> {
    let officer = nominee(db, caller, officer_id).await?;
    let open = open_for_nominations(db, site.today()).await?;
    let modules = module::Entity::find()
        .filter(module::Column::Id.is_in(open.iter().map(|o| o.module_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let mut offerings = Vec::with_capacity(open.len());
    for o in &open {
        let Some(m) = modules.iter().find(|m| m.id == o.module_id) else {
            continue;
        };
        let facts = application_facts(db, o, m, &officer, site.now()).await?;
        let refusal = match eligibility(&facts) {
            Ok(()) => None,
            Err(reason) => match refusal(&reason, Some(&officer.full_name)) {
                DomainError::Refused(_, message) => Some(message.text(locale)),
                _ => None,
            },
        };
        offerings.push(NominationChoice {
            offering_id: o.id,
            label: offering_label(o, m, locale),
            refusal,
        });
    }
    Ok(NominationChoices {
        officer_id: officer.id,
        officer_name: officer.full_name,
        offerings,
    })
}

/// Offerings taking nominations today: published, with the nomination policy, their window
/// open.
pub(super) async fn open_for_nominations(
    db: &DatabaseConnection,
    today: NaiveDate,
) -> Result<Vec<offering::Model>, DomainError> {
    Ok(offering::Entity::find()
        .filter(offering::Column::Status.eq("published"))
        .filter(offering::Column::EnrollmentPolicy.eq("nomination"))
        .filter(offering::Column::EnrollmentOpens.lte(today))
        .filter(offering::Column::EnrollmentCloses.gte(today))
        .order_by_asc(offering::Column::StartsOn)
        .all(db)
        .await?)
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
    let now = site.now();
    let application = application_facts(&txn, &offering, &module, &person, now).await?;
    let nominee = nominated_by.map(|_| person.full_name.as_str());
    if let Err(reason) = eligibility(&application) {
        // "Already applied" is a conflict with what exists, as the API promises (409).
        return Err(match (reason, nominee) {
            (Ineligible::AlreadyApplied, None) => {
                DomainError::Conflict(Key::EnrollmentAlreadyApplied)
            }
            (Ineligible::AlreadyApplied, Some(_)) => {
                DomainError::Conflict(Key::NomineeAlreadyAppliedConflict)
            }
            (other, _) => refusal(&other, nominee),
        });
    }

    // A quota that blocks the seat waitlists the applicant, with the quota as the reason.
    let (status, position, reason) = if offering.enrollment_policy == "nomination" {
        (PendingEndorsement, None, None)
    } else if let Some(block) = quota_block(&txn, &offering, &person, now.date_naive()).await? {
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
    let mut saved = enrollment::ActiveModel {
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
    // The coordinator who nominates has endorsed: the second step happens here, through the
    // state machine, and is logged as the coordinator's.
    if let (Some(coordinator), PendingEndorsement) = (nominated_by, status) {
        transition(PendingEndorsement, PendingAcceptance, Actor::Coordinator)
            .map_err(|_| DomainError::Conflict(Key::EnrollmentTransitionRefused))?;
        saved = set_status(
            &txn,
            &saved,
            PendingAcceptance,
            None,
            Some(coordinator),
            now,
        )
        .await?;
        record(
            &txn,
            AuditEvent::EnrollmentChange,
            Some(coordinator),
            Some(person_id),
            None,
            Some(format!(
                "enrolment {}: nominated by the coordinator, endorsed with the nomination: {} → {}",
                saved.id,
                PendingEndorsement.code(),
                PendingAcceptance.code()
            )),
        )
        .await?;
    }
    let (subject, body) = match EnrollmentStatus::from_code(&saved.status) {
        Some(Enrolled) => (
            Key::MailEnrollmentEnrolledSubject,
            Key::MailEnrollmentEnrolledBody,
        ),
        Some(Waitlisted) => (
            Key::MailEnrollmentWaitlistedSubject,
            Key::MailEnrollmentWaitlistedBody,
        ),
        Some(PendingAcceptance) => (
            Key::MailEnrollmentEndorsedSubject,
            Key::MailEnrollmentEndorsedBody,
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
