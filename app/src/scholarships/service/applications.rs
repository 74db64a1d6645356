//! Applying for a scholarship.

use super::*;

/// The signed-in trainee applies to a scholarship programme with a statement.
pub async fn apply(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    programme_id: i64,
    statement: &str,
) -> Result<ScholarshipApplicationView, DomainError> {
    if !allowed(&caller.roles, Action::ApplyForScholarship, Relation::Own) {
        return Err(DomainError::Forbidden);
    }
    let statement = statement.trim();
    if !(20..=4000).contains(&statement.chars().count()) {
        return Err(DomainError::invalid(
            "statement",
            Key::ScholarshipStatementInvalid,
        ));
    }
    let p = scholarship_programme::Entity::find_by_id(programme_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let person = user::Entity::find_by_id(caller.id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    // An unverified newcomer, or one their agency has not confirmed, is not a scholar yet.
    crate::accounts::membership::require_member(&person)?;
    if let Err(why) = may_apply(
        Utc::now().date_naive(),
        p.opens,
        p.closes,
        &list(&p.eligible_countries),
        &list(&p.eligible_affiliations),
        &person.country,
        &person.affiliation,
    ) {
        let (code, key) = match why {
            CannotApply::Closed => ("scholarship_closed", Key::ScholarshipClosed),
            CannotApply::Country => ("scholarship_country", Key::ScholarshipCountry),
            CannotApply::Affiliation => ("scholarship_affiliation", Key::ScholarshipAffiliation),
        };
        return Err(DomainError::Refused(
            code,
            FieldError::new("programme", key),
        ));
    }
    let txn = begin_write(db).await?;
    let saved = scholarship_application::ActiveModel {
        programme_id: Set(p.id),
        user_id: Set(caller.id),
        statement: Set(statement.to_string()),
        status: Set(ApplicationStatus::Submitted.code().into()),
        score: Set(None),
        comment: Set(None),
        reviewed_by: Set(None),
        decided_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(DomainError::on_unique(Key::ScholarshipAlreadyApplied))?;
    mail(
        &txn,
        site,
        &person,
        (
            Key::MailScholarshipReceivedSubject,
            Key::MailScholarshipReceivedBody,
        ),
        &[("programme", &name_in(&p, locale_of(&person)))],
    )
    .await?;
    txn.commit().await?;
    Ok(application_view(
        &saved,
        &name_in(&p, locale_of(&person)),
        Some(&person),
        None,
    ))
}
