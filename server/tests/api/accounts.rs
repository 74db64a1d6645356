use app::accounts::rules::{EmailAddress, NewPassword};
use app::accounts::service::{NewUser, create_user, roles_of};
use app::accounts::{Affiliation, Role};
use app::error::DomainError;
use app::i18n::Locale;

use crate::helpers::{Engine, fresh_db};

fn officer(email: &str) -> NewUser {
    NewUser {
        email: EmailAddress::parse(email).unwrap(),
        full_name: "Ana Pérez".to_string(),
        country: "CO".to_string(),
        agency: "Policía Nacional de Colombia".to_string(),
        rank: "Teniente".to_string(),
        affiliation: Affiliation::Police,
        preferred_language: Locale::Es,
        gender: None,
        roles: vec![Role::Trainee, Role::Coordinator],
        agency_id: None,
        self_registered: false,
    }
}

on_both_engines! {
    async fn accounts_are_unique_by_email_whatever_the_case(engine: Engine) {
        let (db, _guard) = fresh_db(engine).await;
        let password = NewPassword::parse("una frase de paso larga").unwrap();
        let user = create_user(&db, officer("Ana.Perez@Policia.example.org"), Some(password)).await.unwrap();
        assert_eq!(user.email, "ana.perez@policia.example.org");
        let hash = user.password_hash.as_deref().unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(!hash.contains("una frase"));
        assert_eq!(roles_of(&db, user.id).await.unwrap(), vec![Role::Trainee, Role::Coordinator]);

        let again = create_user(&db, officer("ANA.PEREZ@policia.example.org"), None).await;
        assert!(matches!(again, Err(DomainError::Conflict(_))), "{again:?}");
    }

    async fn demo_data_loads_once_into_an_empty_database(engine: Engine) {
        let (db, _guard) = fresh_db(engine).await;
        assert_eq!(app::demo::seed_demo(&db).await.unwrap(), app::demo::SeedOutcome::Loaded);
        assert_eq!(app::demo::seed_demo(&db).await.unwrap(), app::demo::SeedOutcome::AlreadyHadData);
        // One account per role, two officers of the coordinator's agency to nominate, two
        // newcomers waiting for their agency to confirm them, and three trainees of the course
        // under way in Mexico City.
        assert_eq!(app::accounts::service::count_users(&db).await.unwrap(), 11);
        for account in app::demo::DEMO_ACCOUNTS {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            let user = entity::user::Entity::find()
                .filter(entity::user::Column::Email.eq(account.email))
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            assert!(roles_of(&db, user.id).await.unwrap().contains(&account.role), "{}", account.email);
        }
        // The demo catalog: 25 modules in 4 programmes, searchable in Spanish, with upcoming
        // offerings in every mode.
        let all = app::catalog::service::search_modules(&db, &Default::default(), app::i18n::Locale::Es, chrono::Utc::now().date_naive()).await.unwrap();
        assert_eq!(all.total, 25);
        let found = app::catalog::service::search_modules(
            &db,
            &app::catalog::ModuleQuery { q: Some("fuerza".into()), ..Default::default() },
            app::i18n::Locale::Es,
            chrono::Utc::now().date_naive(),
        ).await.unwrap();
        assert_eq!(found.items[0].title, "Uso progresivo de la fuerza");
        assert!(found.items[0].next_start.is_some(), "it has an upcoming offering");
        assert_eq!(app::catalog::programmes::list_programmes(&db, None).await.unwrap().len(), 4);
        // One offering shows cohort quotas, and one scholarship programme is open.
        {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            let with_quotas = entity::offering::Entity::find()
                .filter(entity::offering::Column::QuotaAffiliation.eq("civilian"))
                .all(&db)
                .await
                .unwrap();
            assert_eq!(with_quotas.len(), 1);
            assert_eq!(with_quotas[0].quota_min_percent, Some(30));
            let scholarships = entity::scholarship_programme::Entity::find().all(&db).await.unwrap();
            assert_eq!(scholarships.len(), 1);
            assert_eq!(scholarships[0].budget, 6_000_000);
        }
        for mode in ["onsite", "distance", "blended"] {
            let page = app::catalog::service::search_modules(
                &db,
                &app::catalog::ModuleQuery { mode: Some(mode.into()), upcoming: Some(true), ..Default::default() },
                app::i18n::Locale::En,
                chrono::Utc::now().date_naive(),
            ).await.unwrap();
            assert!(page.total > 0, "an upcoming {mode} offering");
        }
    }
}
