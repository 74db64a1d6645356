//! The agency registry: one agency per name and country whatever the spelling's case, accents
//! composition or spaces; administrators only for changes; merges that move people and
//! offerings; and the migration that turned free-text agency names into rows.

use app::accounts::Role;
use reqwest::Method;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, create_person, fresh_db, spawn_app};

const PASSWORD: &str = "protect and serve with care";

async fn signed_in(app: &TestApp, email: &str, roles: Vec<Role>) -> String {
    create_person(&app.db, email, PASSWORD, "OAS", roles).await;
    app.sign_in(email, PASSWORD).await
}

fn agency(name: &str, short: &str, country: &str, kind: &str) -> Value {
    json!({"name": name, "short_name": short, "country": country, "kind": kind})
}

async fn create(app: &TestApp, cookie: &str, body: &Value) -> reqwest::Response {
    app.send_json(Method::POST, "/api/v1/agencies", body, Some(cookie))
        .await
}

on_both_engines! {
    async fn one_agency_per_name_and_country_whatever_the_spelling(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = signed_in(&app, "admin@picap.example.org", vec![Role::Administrator]).await;
        let created = create(&app, &admin, &agency("Polícia Federal", "PF", "BR", "police")).await;
        assert_eq!(created.status(), 201);
        // Upper case, decomposed accent (NFD), extra spaces: the same agency.
        for spelling in ["POLÍCIA FEDERAL", "Poli\u{301}cia Federal", "  polícia   federal "] {
            let again = create(&app, &admin, &agency(spelling, "PF", "BR", "police")).await;
            assert_eq!(again.status(), 409, "{spelling:?}: a clash with what exists, not a malformed request");
            let problem: Value = again.json().await.unwrap();
            assert!(problem["errors"]["name"].is_string(), "{problem}");
        }
        // The same name in another country is another agency.
        let elsewhere = create(&app, &admin, &agency("Polícia Federal", "PF", "PT", "police")).await;
        assert_eq!(elsewhere.status(), 201);
        app.stop().await;
    }

    async fn only_administrators_change_the_registry_and_anyone_reads_it(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = signed_in(&app, "admin@picap.example.org", vec![Role::Administrator]).await;
        let coordinator =
            signed_in(&app, "coord@picap.example.org", vec![Role::Coordinator, Role::Trainee]).await;
        let body = agency("Carabineros de Chile", "Carabineros", "CL", "police");
        assert_eq!(create(&app, &coordinator, &body).await.status(), 403);
        let anonymous = app.send_json(Method::POST, "/api/v1/agencies", &body, None).await;
        assert_eq!(anonymous.status(), 401);
        assert_eq!(create(&app, &admin, &body).await.status(), 201);
        assert_eq!(
            create(&app, &admin, &agency("Policía Nacional del Perú", "PNP", "PE", "police")).await.status(),
            201
        );
        // Read by anyone, filtered by country: what a person registering picks from.
        let chile: Vec<Value> = app.get("/api/v1/agencies?country=cl").await.json().await.unwrap();
        let names: Vec<&str> = chile.iter().filter_map(|a| a["name"].as_str()).collect();
        assert_eq!(names, ["Carabineros de Chile"]);
        // Every field is checked and named.
        let bad = create(&app, &admin, &agency("", "", "XX", "army")).await;
        assert_eq!(bad.status(), 422);
        let problem: Value = bad.json().await.unwrap();
        let fields: Vec<&String> = problem["errors"].as_object().unwrap().keys().collect();
        assert_eq!(fields, ["country", "kind", "name", "short_name"]);
        app.stop().await;
    }

    async fn merging_moves_people_and_offerings_then_removes_the_spelling(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = signed_in(&app, "admin@picap.example.org", vec![Role::Administrator]).await;
        let kept: Value = create(&app, &admin, &agency("Policía Nacional del Perú", "PNP", "PE", "police"))
            .await.json().await.unwrap();
        let gone: Value = create(&app, &admin, &agency("Policia Nacional del Peru", "PNP", "PE", "police"))
            .await.json().await.unwrap();
        let other: Value = create(&app, &admin, &agency("Carabineros de Chile", "CC", "CL", "police"))
            .await.json().await.unwrap();
        // Two officers who typed the name without accents: linked to that spelling as created.
        for email in ["uno@pnp.example.org", "dos@pnp.example.org"] {
            create_person(&app.db, email, PASSWORD, "Policia Nacional del Peru", vec![Role::Trainee]).await;
        }
        let path = format!("/api/v1/agencies/{}/merge", gone["id"]);
        // Never across countries, never into itself.
        let across = app.send_json(Method::POST, &path, &json!({"into": other["id"]}), Some(&admin)).await;
        assert_eq!(across.status(), 422);
        let itself = app.send_json(Method::POST, &path, &json!({"into": gone["id"]}), Some(&admin)).await;
        assert_eq!(itself.status(), 422);
        let merged = app.send_json(Method::POST, &path, &json!({"into": kept["id"]}), Some(&admin)).await;
        assert_eq!(merged.status(), 200);
        let merged: Value = merged.json().await.unwrap();
        assert_eq!(merged["people_moved"], 2);
        assert_eq!(merged["into"]["members"], 2);
        let peru: Vec<Value> = app.get("/api/v1/agencies?country=PE").await.json().await.unwrap();
        let names: Vec<&str> = peru.iter().filter_map(|a| a["name"].as_str()).collect();
        assert!(!names.contains(&"Policia Nacional del Peru"), "the other spelling is gone: {names:?}");
        assert!(names.contains(&"Policía Nacional del Perú"));
        // The people now carry the kept name, so every page shows one agency.
        let names = app.db
            .query_all_raw(Statement::from_string(
                app.db.get_database_backend(),
                "SELECT DISTINCT agency FROM users WHERE email LIKE '%@pnp.example.org'",
            ))
            .await
            .unwrap();
        let names: Vec<String> = names.iter().map(|r| r.try_get("", "agency").unwrap()).collect();
        assert_eq!(names, ["Policía Nacional del Perú"]);
        app.stop().await;
    }

    async fn the_migration_turns_typed_names_into_one_row_per_agency(engine: Engine) {
        use migration::MigratorTrait;
        let (db, _database) = fresh_db(engine).await;
        // Back to before the registry, with names typed as people typed them.
        migration::Migrator::down(
            &db,
            Some(crate::helpers::undo_through("m20261201_000017_create_agencies")),
        )
        .await
        .unwrap();
        let backend = db.get_database_backend();
        let people = [
            ("a@x.org", "Polícia Federal", "BR", "police"),
            ("b@x.org", "POLÍCIA FEDERAL ", "BR", "police"),
            ("c@x.org", "Poli\u{301}cia  Federal", "BR", "civilian"),
            ("d@x.org", "Polícia Federal", "PT", "police"),
            ("e@x.org", "Ministerio de Seguridad", "AR", "civilian"),
        ];
        for (email, agency, country, affiliation) in people {
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                match backend {
                    sea_orm::DatabaseBackend::Postgres => "INSERT INTO users (email, full_name, country, agency, rank, affiliation, preferred_language, active, created_at, updated_at, failed_logins) VALUES ($1, 'X', $2, $3, 'R', $4, 'es', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)",
                    _ => "INSERT INTO users (email, full_name, country, agency, rank, affiliation, preferred_language, active, created_at, updated_at, failed_logins) VALUES (?, 'X', ?, ?, 'R', ?, 'es', 1, '2026-12-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00', 0)",
                },
                [email.into(), country.into(), agency.into(), affiliation.into()],
            ))
            .await
            .unwrap();
        }
        migration::Migrator::up(&db, None).await.unwrap();
        let agencies = entity::agency::Entity::find().all(&db).await.unwrap();
        let mut rows: Vec<(String, String, String)> = agencies
            .iter()
            .map(|a| (a.country.clone(), a.name.clone(), a.kind.clone()))
            .collect();
        rows.sort();
        assert_eq!(
            rows,
            [
                ("AR".to_string(), "Ministerio de Seguridad".to_string(), "government".to_string()),
                ("BR".to_string(), "Polícia Federal".to_string(), "police".to_string()),
                ("PT".to_string(), "Polícia Federal".to_string(), "police".to_string()),
            ]
        );
        // Every person points at their agency.
        let unlinked = db
            .query_one_raw(Statement::from_string(backend, "SELECT COUNT(*) AS n FROM users WHERE agency_id IS NULL"))
            .await
            .unwrap()
            .unwrap();
        let unlinked: i64 = unlinked.try_get("", "n").unwrap();
        assert_eq!(unlinked, 0);
    }

    async fn people_who_register_are_linked_and_follow_a_merge_with_their_modules(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = signed_in(&app, "admin@picap.example.org", vec![Role::Administrator]).await;
        let kept: Value = create(&app, &admin, &agency("Policía Nacional de Colombia", "PONAL", "CO", "police"))
            .await.json().await.unwrap();
        // A newcomer types the name without accents: a new row of the registry, linked at once.
        let registered = app
            .send_json(Method::POST, "/api/v1/auth/register", &json!({
                "email": "ana@ponal.example.org", "password": PASSWORD, "full_name": "Ana Pérez",
                "country": "co", "requested_agency": "policia nacional de colombia", "rank": "Capitana",
                "affiliation": "police", "preferred_language": "es"
            }), None)
            .await;
        assert_eq!(registered.status(), 201);
        let colombia: Vec<Value> = app
            .get_with("/api/v1/agencies?country=CO", &admin).await.json().await.unwrap();
        let typed = colombia
            .iter()
            .find(|a| a["id"] != kept["id"])
            .expect("the typed spelling is an agency of its own")
            .clone();
        assert_eq!(typed["members"], 1);
        // Anyone may read the list, without the counts.
        let public: Vec<Value> = app.get("/api/v1/agencies?country=CO").await.json().await.unwrap();
        assert!(public.iter().all(|a| a["members"] == 0), "{public:?}");
        // A module organised by the spelling follows the merge too.
        let module = app
            .send_json(Method::POST, "/api/v1/modules", &json!({
                "code": "PONAL-DH-101", "title": {"es": "Derechos humanos"}, "topics": ["human_rights"],
                "credits": 2, "hours": 20, "delivery_mode": "onsite", "audience": "police",
                "organising_agency_id": typed["id"],
            }), Some(&admin))
            .await;
        assert_eq!(module.status(), 201);
        let module: Value = module.json().await.unwrap();
        let path = format!("/api/v1/agencies/{}/merge", typed["id"]);
        let merged = app.send_json(Method::POST, &path, &json!({"into": kept["id"]}), Some(&admin)).await;
        assert_eq!(merged.status(), 200);
        let me = app.sign_in("ana@ponal.example.org", PASSWORD).await;
        let profile: Value = app.get_with("/api/v1/me", &me).await.json().await.unwrap();
        assert_eq!(profile["agency"], "Policía Nacional de Colombia");
        let module: Value = app
            .get_with(&format!("/api/v1/modules/{}", module["id"]), &admin).await.json().await.unwrap();
        assert_eq!(module["organising_agency_id"], kept["id"]);
        app.stop().await;
    }

    async fn a_page_beyond_any_offset_is_an_empty_page_or_a_refusal_not_a_crash(engine: Engine) {
        let app = spawn_app(engine).await;
        for path in ["/api/v1/offerings?page=100000&per_page=100", "/api/v1/modules?page=100000&per_page=100"] {
            let response = app.get(path).await;
            assert_eq!(response.status(), 200, "{path}");
            let page: Value = response.json().await.unwrap();
            assert_eq!(page["items"], json!([]), "{path}");
        }
        // Past the last page any list serves, the page is refused by name (see contract.rs).
        for path in [
            "/api/v1/offerings?page=18446744073709551615",
            "/api/v1/offerings?page=200000000000000000&per_page=100",
            "/api/v1/modules?page=18446744073709551615",
        ] {
            let response = app.get(path).await;
            assert_eq!(response.status(), 400, "{path}");
            let problem: Value = response.json().await.unwrap();
            assert!(problem["errors"]["page"].is_string(), "{path}: {problem}");
        }
        app.stop().await;
    }
}
