//! New accounts: self-registration (trainees) and invitations (by administrators, and by
//! coordinators for their own agency).

use entity::user;

use super::Role;
use super::rules::{EmailAddress, EmailProblem, FieldProblem, ProfileInput, new_password_problem};
use super::service::NewUser;
use crate::audit::{AuditEvent, record};
use crate::auth::CurrentUser;
use crate::auth::passwords::{TokenPurpose, issue_token};
use crate::auth::policy::{Action, Relation, allowed, relation_to};
use crate::auth::service::ClientInfo;
use crate::db::begin_write;
use crate::error::{DomainError, FieldError};
use crate::i18n::Key;
use crate::site::Site;

/// What a person types to register.
#[derive(Clone, Debug, Default)]
pub struct Registration {
    /// Sign-in address.
    pub email: String,
    /// Chosen password.
    pub password: String,
    /// The rest of the profile (its `agency` is ignored: the agency is chosen below).
    pub profile: ProfileInput,
    /// The agency picked from the country's list: its number, or empty (or `other`) when the
    /// person asks for one that is not listed.
    pub agency_id: String,
    /// The name of an agency that is not listed, when the person asks for one.
    pub requested_agency: String,
}

/// The agency a newcomer chose: one of the list, or a name to ask the administrators for.
enum AgencyChoice {
    Listed(entity::agency::Model),
    Requested(String),
}

/// Reads the agency fields of a registration for `country` (already checked or not).
async fn agency_choice(
    db: &sea_orm::DatabaseConnection,
    country: &str,
    form: &Registration,
) -> Result<Option<AgencyChoice>, DomainError> {
    let picked = form.agency_id.trim();
    let requested = form
        .requested_agency
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if let Ok(id) = picked.parse::<i64>() {
        return match crate::agencies::registry::listed_in_country(db, country, id).await {
            Ok(found) => Ok(Some(AgencyChoice::Listed(found))),
            Err(DomainError::Invalid(_)) => Ok(None),
            Err(other) => Err(other),
        };
    }
    if (2..=200).contains(&requested.chars().count()) {
        Ok(Some(AgencyChoice::Requested(requested)))
    } else {
        Ok(None)
    }
}

fn email_problem(problem: EmailProblem) -> Key {
    match problem {
        EmailProblem::Empty | EmailProblem::Malformed | EmailProblem::TooLong => Key::EmailInvalid,
    }
}

fn to_field_errors(problems: Vec<FieldProblem>) -> Vec<FieldError> {
    problems
        .into_iter()
        .map(|(field, message)| FieldError::new(field, message))
        .collect()
}

/// Creates a trainee account from a registration form. Every bad field is reported at once; a
/// taken address is a conflict. The address is unverified (a link to prove it is mailed) and
/// the membership of the chosen agency pending until its coordinator confirms it. An agency
/// that is not listed is created unlisted, and the administrators are told.
pub async fn register(
    db: &sea_orm::DatabaseConnection,
    site: &Site,
    form: Registration,
    client: &ClientInfo,
) -> Result<user::Model, DomainError> {
    let mut problems = Vec::new();
    let country = form.profile.country.trim().to_uppercase();
    let choice = agency_choice(db, &country, &form).await?;
    let country_known = super::countries::find(&country).is_some();
    match &choice {
        _ if !country_known => {}
        None if form.agency_id.trim().parse::<i64>().is_ok() => {
            problems.push(("agency_id", Key::MembershipAgencyUnknown));
        }
        None if !form.requested_agency.trim().is_empty() => {
            problems.push(("requested_agency", Key::MembershipRequestedInvalid));
        }
        None => problems.push(("agency_id", Key::MembershipAgencyRequired)),
        Some(_) => {}
    }
    let agency_name = match &choice {
        Some(AgencyChoice::Listed(a)) => a.name.clone(),
        Some(AgencyChoice::Requested(name)) => name.clone(),
        None => "—".to_string(),
    };
    let form = Registration {
        profile: ProfileInput {
            agency: agency_name,
            ..form.profile
        },
        ..form
    };
    let email = EmailAddress::parse(&form.email)
        .map_err(|p| problems.push(("email", email_problem(p))))
        .ok();
    let password = new_password_problem(&form.password)
        .map_err(|key| problems.push(("password", key)))
        .ok();
    let profile = form
        .profile
        .parse()
        .map_err(|mut p| problems.append(&mut p))
        .ok();
    let (Some(email), Some(password), Some(profile), Some(choice), true) =
        (email, password, profile, choice, problems.is_empty())
    else {
        return Err(DomainError::Invalid(to_field_errors(problems)));
    };
    let hash = super::service::hash_password(password).await?;
    let kind = match profile.affiliation {
        super::Affiliation::Police => crate::agencies::AgencyKind::Police,
        super::Affiliation::Civilian => crate::agencies::AgencyKind::Government,
    };
    let txn = begin_write(db).await?;
    let (agency, requested) = match choice {
        AgencyChoice::Listed(agency) => (agency, false),
        AgencyChoice::Requested(name) => {
            crate::agencies::registry::request(&txn, &profile.country, &name, kind).await?
        }
    };
    let mut new = NewUser::from_profile(email, profile, vec![Role::Trainee]);
    new.agency = agency.name.clone();
    new.agency_id = Some(agency.id);
    new.self_registered = true;
    let created = super::service::insert_user(&txn, new, Some(hash)).await?;
    issue_token(&txn, site, &created, TokenPurpose::EmailVerification).await?;
    record(
        &txn,
        AuditEvent::Registration,
        Some(created.id),
        Some(created.id),
        client.ip.as_deref(),
        None,
    )
    .await?;
    if requested {
        record(
            &txn,
            AuditEvent::AgencyRequested,
            Some(created.id),
            Some(created.id),
            None,
            Some(format!("{} ({})", agency.name, agency.country)),
        )
        .await?;
        super::membership::tell_administrators_of_request(&txn, site, &created, &agency).await?;
    }
    txn.commit().await?;
    Ok(created)
}

/// An account someone else creates: the profile, its roles, no password yet.
#[derive(Clone, Debug, Default)]
pub struct Invitation {
    /// The person's address: the invitation goes there.
    pub email: String,
    /// The profile.
    pub profile: ProfileInput,
    /// Role codes.
    pub roles: Vec<String>,
}

/// A checked invitation, ready to write.
pub(crate) fn check_invitation(
    caller: &CurrentUser,
    invitation: &Invitation,
    agency: Result<&entity::agency::Model, Key>,
) -> Result<NewUser, Vec<FieldError>> {
    let mut problems: Vec<FieldProblem> = Vec::new();
    let email = EmailAddress::parse(&invitation.email)
        .map_err(|p| problems.push(("email", email_problem(p))))
        .ok();
    // The agency cell names a registry row (by number or short name): the profile carries its
    // name, and a bad cell is reported once, as the registry's refusal.
    let named = ProfileInput {
        // A placeholder when unknown: never stored, the registry's refusal is reported instead.
        agency: agency.map_or_else(|_| "unknown agency".to_string(), |a| a.name.clone()),
        ..invitation.profile.clone()
    };
    let mut profile = named.parse().map_err(|mut p| problems.append(&mut p)).ok();
    let mut roles = Vec::new();
    for code in &invitation.roles {
        match Role::from_code(code.trim()) {
            Some(role) if !roles.contains(&role) => roles.push(role),
            Some(_) => {}
            None => problems.push(("roles", Key::RolesUnknown)),
        }
    }
    if roles.is_empty() && !problems.iter().any(|(f, _)| *f == "roles") {
        problems.push(("roles", Key::RolesAtLeastOne));
    }
    roles.sort();
    // Whom the caller may create: an administrator anyone, a coordinator trainees of their own
    // agency only.
    if let Err(problem) = agency {
        problems.push(("agency", problem));
    }
    if let (Some(profile), Ok(agency)) = (&mut profile, agency) {
        profile.agency = agency.name.clone();
        let relation = relation_to(caller.id, caller.agency_id, -1, Some(agency.id));
        let grants_more_than_trainee = roles.iter().any(|r| *r != Role::Trainee);
        if !allowed(&caller.roles, Action::InviteUsers, relation) {
            problems.push(("agency", Key::InviteOwnAgencyOnly));
        } else if grants_more_than_trainee
            && !allowed(&caller.roles, Action::ChangeRoles, Relation::Other)
        {
            problems.push(("roles", Key::InviteTraineesOnly));
        }
    }
    match (email, profile) {
        (Some(email), Some(profile)) if problems.is_empty() => {
            let mut new = NewUser::from_profile(email, profile, roles);
            new.agency_id = agency.ok().map(|a| a.id);
            Ok(new)
        }
        _ => Err(to_field_errors(problems)),
    }
}

/// Creates an account for someone and emails them an invitation to set their password.
/// Administrators may create anyone; coordinators trainees of their own agency.
pub async fn invite(
    db: &sea_orm::DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    invitation: Invitation,
) -> Result<user::Model, DomainError> {
    if !may_invite(caller) {
        return Err(DomainError::Forbidden);
    }
    let agency = crate::agencies::registry::resolve(
        db,
        &invitation.profile.country,
        &invitation.profile.agency,
    )
    .await?;
    let new = check_invitation(caller, &invitation, agency.as_ref().map_err(|k| *k))
        .map_err(DomainError::Invalid)?;
    write_invitation(db, site, caller, new).await
}

/// Whether the caller may invite anyone at all.
pub fn may_invite(caller: &CurrentUser) -> bool {
    [Relation::SameAgency, Relation::Other]
        .into_iter()
        .any(|relation| allowed(&caller.roles, Action::InviteUsers, relation))
}

/// Writes one checked invitation: the account, the token and the email, in one transaction.
pub(crate) async fn write_invitation(
    db: &sea_orm::DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    new: NewUser,
) -> Result<user::Model, DomainError> {
    let mut created = write_invitations(db, site, caller, vec![new]).await?;
    created
        .pop()
        .ok_or(DomainError::Internal("no account written".into()))
}

/// Writes checked invitations, all in one transaction: every account with its token and email,
/// or none.
pub(crate) async fn write_invitations(
    db: &sea_orm::DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    people: Vec<NewUser>,
) -> Result<Vec<user::Model>, DomainError> {
    let txn = begin_write(db).await?;
    let mut created = Vec::with_capacity(people.len());
    for new in people {
        let person = super::service::insert_user(&txn, new, None).await?;
        issue_token(&txn, site, &person, TokenPurpose::Invitation).await?;
        record(
            &txn,
            AuditEvent::Invitation,
            Some(caller.id),
            Some(person.id),
            None,
            None,
        )
        .await?;
        created.push(person);
    }
    txn.commit().await?;
    Ok(created)
}
