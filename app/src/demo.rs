//! Demo data for a first look at PICAP: one account per role. Loaded only into an empty
//! database, so it never mixes with real records.

use sea_orm::DatabaseConnection;

use crate::accounts::rules::{EmailAddress, NewPassword};
use crate::accounts::service::{NewUser, count_users, create_user};
use crate::accounts::{Affiliation, Role};
use crate::error::DomainError;
use crate::i18n::Locale;

/// One demo account, as printed for the person trying PICAP out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoAccount {
    /// The role it demonstrates.
    pub role: Role,
    /// Sign-in address.
    pub email: &'static str,
    /// Sign-in password (demo only: printed on purpose).
    pub password: &'static str,
    /// Display name.
    pub full_name: &'static str,
}

/// The demo accounts, one per role.
pub const DEMO_ACCOUNTS: [DemoAccount; 4] = [
    DemoAccount {
        role: Role::Administrator,
        email: "admin@picap.example.org",
        password: "demo-admin-passphrase",
        full_name: "Alejandra Ruiz",
    },
    DemoAccount {
        role: Role::Coordinator,
        email: "coordinator@picap.example.org",
        password: "demo-coordinator-passphrase",
        full_name: "Marcos Oliveira",
    },
    DemoAccount {
        role: Role::Instructor,
        email: "instructor@picap.example.org",
        password: "demo-instructor-passphrase",
        full_name: "Claire Dubois",
    },
    DemoAccount {
        role: Role::Trainee,
        email: "trainee@picap.example.org",
        password: "demo-trainee-passphrase",
        full_name: "Jorge Mendoza",
    },
];

/// What [`seed_demo`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    /// The database was empty and now holds the demo data.
    Loaded,
    /// The database already had accounts; nothing was written.
    AlreadyHadData,
}

/// Loads the demo data if, and only if, the database has no accounts yet.
pub async fn seed_demo(db: &DatabaseConnection) -> Result<SeedOutcome, DomainError> {
    if count_users(db).await? > 0 {
        return Ok(SeedOutcome::AlreadyHadData);
    }
    let profiles = [
        (
            "CO",
            "Policía Nacional de Colombia",
            "Coronel",
            Affiliation::Police,
            Locale::Es,
        ),
        (
            "BR",
            "Polícia Federal",
            "Delegado",
            Affiliation::Police,
            Locale::Pt,
        ),
        (
            "HT",
            "Police Nationale d'Haïti",
            "Inspecteur",
            Affiliation::Police,
            Locale::Fr,
        ),
        (
            "PE",
            "Ministerio del Interior",
            "Analista de seguridad ciudadana",
            Affiliation::Civilian,
            Locale::Es,
        ),
    ];
    let mut accounts = Vec::new();
    for (account, (country, agency, rank, affiliation, language)) in
        DEMO_ACCOUNTS.iter().zip(profiles)
    {
        let email = EmailAddress::parse(account.email)
            .map_err(|e| DomainError::Internal(format!("demo email {}: {e:?}", account.email)))?;
        let password = NewPassword::parse(account.password)
            .map_err(|e| DomainError::Internal(format!("demo password: {e:?}")))?;
        let mut roles = vec![account.role];
        if account.role == Role::Coordinator {
            // Coordinators usually also take courses themselves.
            roles.push(Role::Trainee);
        }
        let created = create_user(
            db,
            NewUser {
                email,
                full_name: account.full_name.to_string(),
                country: country.to_string(),
                agency: agency.to_string(),
                rank: rank.to_string(),
                affiliation,
                preferred_language: language,
                gender: None,
                roles,
            },
            Some(password),
        )
        .await?;
        accounts.push((account.role, created));
    }
    // The catalog is loaded through its services, as the demo administrator.
    let find = |role| {
        accounts
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, u)| u.clone())
            .ok_or_else(|| DomainError::Internal(format!("demo {role:?} missing")))
    };
    let admin = find(Role::Administrator)?;
    let instructor = find(Role::Instructor)?;
    let admin = crate::auth::CurrentUser {
        id: admin.id,
        email: admin.email,
        full_name: admin.full_name,
        roles: vec![Role::Administrator],
        country: admin.country,
        agency: admin.agency,
        affiliation: admin.affiliation,
        preferred_language: admin.preferred_language,
    };
    crate::catalog::demo::seed(db, &admin, instructor.id).await?;
    Ok(SeedOutcome::Loaded)
}
