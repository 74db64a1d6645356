//! New accounts: self-registration (trainees) and invitations (by administrators, and by
//! coordinators for their own agency).

use entity::user;

use super::Role;
use super::rules::{EmailAddress, EmailProblem, FieldProblem, ProfileInput, new_password_problem};
use super::service::{NewUser, create_user};
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
    /// The rest of the profile.
    pub profile: ProfileInput,
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
/// taken address is a conflict.
pub async fn register(
    db: &sea_orm::DatabaseConnection,
    form: Registration,
    client: &ClientInfo,
) -> Result<user::Model, DomainError> {
    let mut problems = Vec::new();
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
    let (Some(email), Some(password), Some(profile)) = (email, password, profile) else {
        return Err(DomainError::Invalid(to_field_errors(problems)));
    };
    let created = create_user(
        db,
        NewUser::from_profile(email, profile, vec![Role::Trainee]),
        Some(password),
    )
    .await?;
    record(
        db,
        AuditEvent::Registration,
        Some(created.id),
        Some(created.id),
        client.ip.as_deref(),
        None,
    )
    .await?;
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
) -> Result<NewUser, Vec<FieldError>> {
    let mut problems: Vec<FieldProblem> = Vec::new();
    let email = EmailAddress::parse(&invitation.email)
        .map_err(|p| problems.push(("email", email_problem(p))))
        .ok();
    let profile = invitation
        .profile
        .parse()
        .map_err(|mut p| problems.append(&mut p))
        .ok();
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
    if let Some(profile) = &profile {
        let relation = relation_to(
            caller.id,
            &caller.country,
            &caller.agency,
            -1,
            &profile.country,
            &profile.agency,
        );
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
            Ok(NewUser::from_profile(email, profile, roles))
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
    let new = check_invitation(caller, &invitation).map_err(DomainError::Invalid)?;
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
