//! Demo applications, so that each enrolment state can be seen after `seed-demo`: a seat
//! holder, someone on the waiting list, a refused nomination kept in an officer's history, and
//! an application waiting for the coordinator's endorsement. Everything goes through the
//! services, so the demo obeys the same rules as people do.

use entity::{module, offering, user};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::accounts::Role;
use crate::auth::CurrentUser;
use crate::error::DomainError;
use crate::site::Site;

/// The signed-in form of a stored account, with the roles the demo gives it.
pub(crate) async fn as_caller(
    db: &DatabaseConnection,
    email: &str,
    roles: Vec<Role>,
) -> Result<CurrentUser, DomainError> {
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal(format!("demo account {email} missing")))?;
    let hold = crate::accounts::service::hold_of(&u);
    Ok(CurrentUser {
        id: u.id,
        email: u.email,
        full_name: u.full_name,
        roles,
        country: u.country,
        agency: u.agency,
        agency_id: u.agency_id,
        hold,
        affiliation: u.affiliation,
        preferred_language: u.preferred_language,
    })
}

/// The demo offering of `code` held in `country`.
pub(crate) async fn offering_of(
    db: &DatabaseConnection,
    code: &str,
    country: &str,
) -> Result<i64, DomainError> {
    let module = module::Entity::find()
        .filter(module::Column::Code.eq(code))
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal(format!("demo module {code} missing")))?;
    offering::Entity::find()
        .filter(offering::Column::ModuleId.eq(module.id))
        .filter(offering::Column::Country.eq(country))
        .one(db)
        .await?
        .map(|o| o.id)
        .ok_or_else(|| DomainError::Internal(format!("demo offering {code} in {country} missing")))
}

/// Loads the demo applications; run after the demo accounts, officers and catalog exist.
pub async fn seed(db: &DatabaseConnection, admin: &CurrentUser) -> Result<(), DomainError> {
    use super::service::{apply, change_status, nominate};
    let site = Site::default();
    let coordinator =
        as_caller(db, "coordinator@picap.example.org", vec![Role::Coordinator]).await?;
    let trainee = as_caller(db, "trainee@picap.example.org", vec![Role::Trainee]).await?;
    let ana = as_caller(db, "ana.souza@pf.example.org", vec![Role::Trainee]).await?;
    let rafael = as_caller(db, "rafael.lima@pf.example.org", vec![Role::Trainee]).await?;
    // Police, no prerequisites, by nomination: Haiti's mediation course.
    let nominations = offering_of(db, "PICAP-PHR-130", "HT").await?;
    // Open to all, no prerequisites: the human-rights course in Lima.
    let open = offering_of(db, "PICAP-PHR-101", "PE").await?;

    // A seat holder.
    apply(db, &site, &trainee, open).await?;
    // A nomination refused with a reason, kept in Rafael's history; he then applies himself,
    // and his application waits for the coordinator's endorsement.
    let refused = nominate(db, &site, &coordinator, nominations, rafael.id).await?;
    change_status(
        db,
        &site,
        admin,
        refused.id,
        "rejected",
        "Cohorte completa para Brasil en esta edición; se le propondrá la siguiente.",
    )
    .await?;
    apply(db, &site, &rafael, nominations).await?;
    // A nomination on the waiting list.
    let waiting = nominate(db, &site, &coordinator, nominations, ana.id).await?;
    change_status(
        db,
        &site,
        admin,
        waiting.id,
        "waitlisted",
        "En espera de la confirmación de la financiación.",
    )
    .await?;
    Ok(())
}
