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
                agency_id: None,
                self_registered: false,
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
    let hold = crate::accounts::service::hold_of(&admin);
    let admin = crate::auth::CurrentUser {
        id: admin.id,
        email: admin.email,
        full_name: admin.full_name,
        roles: vec![Role::Administrator],
        country: admin.country,
        agency: admin.agency,
        agency_id: admin.agency_id,
        hold,
        affiliation: admin.affiliation,
        preferred_language: admin.preferred_language,
    };
    crate::catalog::demo::seed(db, &admin, instructor.id).await?;
    // Two more officers of the coordinator's agency, so "My agency" has people to nominate.
    // They have no password: they would set one through "Forgot password".
    for (full_name, email, rank) in [
        (
            "Ana Souza",
            "ana.souza@pf.example.org",
            "Agente de Polícia Federal",
        ),
        ("Rafael Lima", "rafael.lima@pf.example.org", "Escrivão"),
    ] {
        let email = EmailAddress::parse(email)
            .map_err(|e| DomainError::Internal(format!("demo email {email}: {e:?}")))?;
        create_user(
            db,
            NewUser {
                email,
                full_name: full_name.to_string(),
                country: "BR".into(),
                agency: "Polícia Federal".into(),
                rank: rank.to_string(),
                affiliation: Affiliation::Police,
                preferred_language: Locale::Pt,
                gender: None,
                roles: vec![Role::Trainee],
                agency_id: None,
                self_registered: false,
            },
            None,
        )
        .await?;
    }
    seed_scholarship(db, &admin).await?;
    crate::enrollment::demo::seed(db, &admin).await?;
    crate::learning::demo::seed(db, &admin).await?;
    crate::attendance::demo::seed(db).await?;
    crate::assessments::demo::seed(db).await?;
    crate::quizzes::demo::seed(db).await?;
    crate::agencies::demo::seed(db).await?;
    crate::accounts::demo::seed(db).await?;
    Ok(SeedOutcome::Loaded)
}

/// One open scholarship programme covering the first demo programme's modules.
async fn seed_scholarship(
    db: &DatabaseConnection,
    admin: &crate::auth::CurrentUser,
) -> Result<(), DomainError> {
    use sea_orm::{EntityTrait, QueryOrder};
    let Some(first) = entity::programme::Entity::find()
        .order_by_asc(entity::programme::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let today = chrono::Utc::now().date_naive();
    let four = |en: &str, es: &str, pt: &str, fr: &str| {
        crate::scholarships::TranslatedText::ByLanguage(
            [("en", en), ("es", es), ("pt", pt), ("fr", fr)]
                .into_iter()
                .map(|(lang, text)| (lang.to_string(), text.to_string()))
                .collect(),
        )
    };
    let input = crate::scholarships::ScholarshipProgrammeInput {
        name: four(
            "OAS scholarships for human rights in policing",
            "Becas de la OEA para los derechos humanos en la función policial",
            "Bolsas da OEA para os direitos humanos no policiamento",
            "Bourses de l'OEA pour les droits humains dans le travail policier",
        ),
        funder: four(
            "Organization of American States",
            "Organización de los Estados Americanos",
            "Organização dos Estados Americanos",
            "Organisation des États américains",
        ),
        currency: "USD".into(),
        budget: crate::scholarships::Amount::Text("60000".into()),
        per_person_max: crate::scholarships::Amount::Text("6000".into()),
        covers: vec!["tuition".into(), "travel".into(), "lodging".into()],
        covered_module_ids: Vec::new(),
        covered_programme_ids: vec![first.id],
        eligible_countries: Vec::new(),
        eligible_affiliations: Vec::new(),
        opens: (today - chrono::Duration::days(7)).to_string(),
        closes: (today + chrono::Duration::days(60)).to_string(),
        conditions: four(
            "80 % attendance at on-site sessions and passing each module; holders share what \
             they learned with colleagues within six months.",
            "Asistencia del 80 % a las sesiones presenciales y aprobación de cada módulo; \
             quienes reciben la beca comparten lo aprendido con sus colegas en un plazo de seis \
             meses.",
            "Frequência de 80 % nas sessões presenciais e aprovação em cada módulo; os \
             bolsistas compartilham o que aprenderam com os colegas em até seis meses.",
            "80 % de présence aux séances en présentiel et réussite de chaque module ; les \
             boursiers partagent ce qu'ils ont appris avec leurs collègues dans les six mois.",
        ),
    };
    crate::scholarships::service::create_programme(db, admin, input, Locale::En).await?;
    Ok(())
}
