//! Holes found in review (issue 17), each closed: self-approval, nominating a deactivated
//! officer, the public offerings list, who reads scholarship budgets, formula cells in CSV
//! exports, stale import uploads, a trainee's calendar feed, and the audit log.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use app::accounts::{Affiliation, Role};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, create_person, offering, spawn_app, trainee};

const PASSWORD: &str = "protect and serve with care";

/// Makes an offering take nominations.
async fn by_nomination(app: &TestApp, offering: i64) {
    let mut o: entity::offering::ActiveModel = entity::offering::Entity::find_by_id(offering)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    o.enrollment_policy = Set("nomination".into());
    o.update(&app.db).await.unwrap();
}

/// Sets the status of an offering's module directly.
async fn module_status(app: &TestApp, offering: i64, status: &str) {
    let mut m: entity::module::ActiveModel =
        entity::module::Entity::find_by_id(module_id(app, offering).await)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into();
    m.status = Set(status.into());
    m.update(&app.db).await.unwrap();
}

async fn module_id(app: &TestApp, offering_id: i64) -> i64 {
    entity::offering::Entity::find_by_id(offering_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .module_id
}

async fn post(app: &TestApp, path: &str, body: &Value, cookie: &str) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("cookie", cookie)
        .header("accept-language", "en")
        .json(body)
        .send()
        .await
        .unwrap()
}

fn programme_body(module: i64) -> Value {
    let today = Utc::now().date_naive();
    json!({
        "name": "Becas de prueba",
        "funder": "OAS",
        "currency": "USD",
        "budget": "5000",
        "per_person_max": "1000",
        "covers": ["tuition"],
        "covered_module_ids": [module],
        "eligible_countries": [],
        "eligible_affiliations": [],
        "opens": (today - Duration::days(5)).to_string(),
        "closes": (today + Duration::days(5)).to_string(),
        "conditions": "80 % attendance"
    })
}

on_both_engines! {
    async fn a_coordinator_cannot_endorse_nominate_or_decide_their_own_application(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin_id = create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator, Role::Trainee]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        // The coordinator is also a trainee, as in the demo data, and applies themself.
        let me = create_person(&app.db, "coord@pnp.example.org", PASSWORD, "PNP", vec![Role::Coordinator, Role::Trainee]).await;
        let coordinator = app.sign_in("coord@pnp.example.org", PASSWORD).await;
        create_person(&app.db, "coord2@pnp.example.org", PASSWORD, "PNP", vec![Role::Coordinator]).await;
        let colleague = app.sign_in("coord2@pnp.example.org", PASSWORD).await;
        let course = offering(&app, "PICAP-SELF-101", "both", 10, 20).await;
        by_nomination(&app, course).await;

        let nominated = post(&app, &format!("/api/v1/offerings/{course}/nominations"), &json!({"user_id": me}), &coordinator).await;
        assert_eq!(nominated.status(), 403, "nobody nominates themself");
        let problem: Value = nominated.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().contains("cannot nominate yourself"), "{problem}");

        let applied = post(&app, &format!("/api/v1/offerings/{course}/enrollments"), &json!({}), &coordinator).await;
        assert_eq!(applied.status(), 201);
        let applied: Value = applied.json().await.unwrap();
        assert_eq!(applied["status"], "pending_endorsement");
        let id = &applied["id"];

        for to in ["pending_acceptance", "rejected"] {
            let moved = post(&app, &format!("/api/v1/enrollments/{id}/transition"), &json!({"to": to, "reason": "mine"}), &coordinator).await;
            assert_eq!(moved.status(), 403, "the coordinator may not endorse (or decline) their own application");
            let problem: Value = moved.json().await.unwrap();
            assert!(problem["detail"].as_str().unwrap().contains("your own application"), "{problem}");
        }
        let agency: Value = app.post_form("/api/agency_overview", "", &[("cookie", &coordinator)]).await.json().await.unwrap();
        assert_eq!(agency["to_endorse"], json!([]), "their own application is not offered to them for endorsement: {agency}");
        assert!(agency["officers"].as_array().unwrap().iter().all(|o| o["id"] != json!(me)), "nor themself for nomination");

        // Another coordinator of the agency endorses it; withdrawing stays the person's own choice.
        let endorsed = post(&app, &format!("/api/v1/enrollments/{id}/transition"), &json!({"to": "pending_acceptance", "reason": ""}), &colleague).await;
        assert_eq!(endorsed.status(), 200);
        let withdrawn = post(&app, &format!("/api/v1/enrollments/{id}/transition"), &json!({"to": "withdrawn", "reason": ""}), &coordinator).await;
        assert_eq!(withdrawn.status(), 200);

        // An administrator who applies does not decide on their own application either.
        let other = offering(&app, "PICAP-SELF-102", "both", 10, 20).await;
        by_nomination(&app, other).await;
        let mine: Value = post(&app, &format!("/api/v1/offerings/{other}/enrollments"), &json!({}), &admin).await.json().await.unwrap();
        assert_eq!(mine["user_id"], json!(admin_id));
        let decided = post(&app, &format!("/api/v1/enrollments/{}/transition", mine["id"]), &json!({"to": "pending_acceptance", "reason": ""}), &admin).await;
        assert_eq!(decided.status(), 403);
        app.stop().await;
    }

    async fn nominating_a_deactivated_officer_is_refused_naming_the_field(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "coord@pnp.example.org", PASSWORD, "PNP", vec![Role::Coordinator]).await;
        let coordinator = app.sign_in("coord@pnp.example.org", PASSWORD).await;
        let (officer, _) = trainee(&app, 1, Affiliation::Police).await;
        let course = offering(&app, "PICAP-NOM-101", "both", 10, 20).await;
        by_nomination(&app, course).await;
        let mut person: entity::user::ActiveModel = entity::user::Entity::find_by_id(officer).one(&app.db).await.unwrap().unwrap().into();
        person.active = Set(false);
        person.update(&app.db).await.unwrap();

        let refused = post(&app, &format!("/api/v1/offerings/{course}/nominations"), &json!({"user_id": officer}), &coordinator).await;
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        assert!(problem["errors"]["user_id"].as_str().unwrap().contains("deactivated"), "{problem}");
        assert!(entity::enrollment::Entity::find().all(&app.db).await.unwrap().is_empty());
        app.stop().await;
    }

    async fn the_offerings_list_is_paginated_public_and_batch_loaded(engine: Engine) {
        let app = spawn_app(engine).await;
        let mut public = Vec::new();
        for n in 0..3 {
            public.push(offering(&app, &format!("PICAP-LIST-10{n}"), "both", 10, 20).await);
        }
        let archived = offering(&app, "PICAP-OLD-101", "both", 10, 20).await;
        module_status(&app, archived, "archived").await;
        let draft = offering(&app, "PICAP-NEW-101", "both", 10, 20).await;
        module_status(&app, draft, "draft").await;

        let first: Value = app.get("/api/v1/offerings?per_page=2").await.json().await.unwrap();
        assert_eq!((first["total"].as_u64(), first["page"].as_u64(), first["per_page"].as_u64()), (Some(3), Some(1), Some(2)), "{first}");
        assert_eq!(first["items"].as_array().unwrap().len(), 2);
        let second: Value = app.get("/api/v1/offerings?per_page=2&page=2").await.json().await.unwrap();
        let mut seen: Vec<i64> = first["items"].as_array().unwrap().iter().chain(second["items"].as_array().unwrap()).map(|o| o["id"].as_i64().unwrap()).collect();
        seen.sort_unstable();
        assert_eq!(seen, public, "archived and draft modules' offerings are not public");
        let by_module: Value = app.get(&format!("/api/v1/offerings?module_id={}", module_id(&app, archived).await)).await.json().await.unwrap();
        assert_eq!(by_module["items"], json!([]), "not even asked for by module");
        assert_eq!(app.get("/api/v1/offerings?page=two").await.status(), 400);

        // The same number of queries for a page of 3 offerings as for a page of 20.
        let counted = |db: &sea_orm::DatabaseConnection| {
            let mut counted = db.clone();
            let count = Arc::new(AtomicUsize::new(0));
            let seen = count.clone();
            counted.set_metric_callback(move |_| {
                seen.fetch_add(1, Ordering::SeqCst);
            });
            (counted, count)
        };
        let query = app::catalog::OfferingQuery { per_page: Some(20), ..Default::default() };
        let (db, count) = counted(&app.db);
        let page = app::catalog::offerings::offering_page(&db, &query, chrono::Utc::now().date_naive()).await.unwrap();
        assert_eq!(page.items.len(), 3);
        let few = count.load(Ordering::SeqCst);
        assert!(few > 0, "the counter counts");
        for n in 0..17 {
            offering(&app, &format!("PICAP-MORE-{n:03}"), "both", 10, 20).await;
        }
        let (db, count) = counted(&app.db);
        let page = app::catalog::offerings::offering_page(&db, &query, chrono::Utc::now().date_naive()).await.unwrap();
        assert_eq!(page.items.len(), 20);
        assert_eq!(count.load(Ordering::SeqCst), few, "no query per offering");
        app.stop().await;
    }

    async fn scholarship_budgets_are_for_administrators_only(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        create_person(&app.db, "coord@pnp.example.org", PASSWORD, "PNP", vec![Role::Coordinator, Role::Instructor]).await;
        let coordinator = app.sign_in("coord@pnp.example.org", PASSWORD).await;
        let (_, ana) = trainee(&app, 1, Affiliation::Police).await;
        let course = offering(&app, "PICAP-SC-301", "both", 10, 20).await;
        let module = module_id(&app, course).await;
        let created = post(&app, "/api/v1/scholarship-programmes", &programme_body(module), &admin).await;
        assert_eq!(created.status(), 201);
        let pid = created.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

        let seen: Value = app.get_with(&format!("/api/v1/scholarship-programmes/{pid}"), &admin).await.json().await.unwrap();
        assert_eq!((seen["budget"].as_str(), seen["remaining"].as_str()), (Some("5000.00"), Some("5000.00")), "{seen}");
        for cookie in [&ana, &coordinator] {
            let read = app.get_with(&format!("/api/v1/scholarship-programmes/{pid}"), cookie).await;
            assert_eq!(read.status(), 200, "the programme itself is open to signed-in people");
            let read: Value = read.json().await.unwrap();
            assert_eq!(read["name"], "Becas de prueba");
            for key in ["budget", "awarded", "committed", "spent", "remaining", "pending_applications"] {
                assert!(read.get(key).is_none(), "{key} is not shown: {read}");
            }
        }
        // The trainee's own page and its server function carry no balances either.
        let mine: Value = app.post_form("/api/my_scholarships", "", &[("cookie", &ana)]).await.json().await.unwrap();
        assert_eq!(mine["open"][0]["id"], json!(pid), "{mine}");
        assert!(mine["open"][0].get("remaining").is_none() && mine["open"][0].get("budget").is_none(), "{mine}");
        assert_eq!(app.get_with(&format!("/api/v1/scholarship-programmes/{pid}/ledger.csv"), &coordinator).await.status(), 403);
        let budget_page = app.get_with(&format!("/admin/scholarships/{pid}"), &coordinator).await.text().await.unwrap();
        assert!(!budget_page.contains("5,000.00"), "the budget page shows nothing to a coordinator");
        app.stop().await;
    }

    async fn csv_exports_neutralise_formula_cells(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin_id = create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let mut person: entity::user::ActiveModel = entity::user::Entity::find_by_id(admin_id).one(&app.db).await.unwrap().unwrap().into();
        person.full_name = Set("\t=HYPERLINK(\"http://evil.example\",\"x\")".into());
        person.update(&app.db).await.unwrap();
        let (_, ana) = trainee(&app, 1, Affiliation::Police).await;
        let course = offering(&app, "PICAP-SC-401", "both", 10, 20).await;
        let module = module_id(&app, course).await;
        let pid = post(&app, "/api/v1/scholarship-programmes", &programme_body(module), &admin).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let applied: Value = post(&app, &format!("/api/v1/scholarship-programmes/{pid}/applications"), &json!({"statement": "I lead the community policing unit of my district and will train my colleagues."}), &ana).await.json().await.unwrap();
        let awarded = post(&app, &format!("/api/v1/scholarship-applications/{}/decision", applied["id"]), &json!({"decision": "award", "amount": "100", "score": 80, "comment": "Good plan"}), &admin).await;
        assert_eq!(awarded.status(), 200);

        let csv = app.get_with(&format!("/api/v1/scholarship-programmes/{pid}/ledger.csv"), &admin).await.text().await.unwrap();
        assert!(csv.contains("\"'\t=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""), "{csv}");
        assert!(!csv.contains(",\"\t="), "no cell starts with a formula: {csv}");
        app.stop().await;
    }

    async fn stale_import_uploads_are_deleted_after_a_day(engine: Engine) {
        // A database without a server: the server's own minute job would purge the same rows.
        let (db, _database) = crate::helpers::fresh_db(engine).await;
        let admin_id = create_person(&db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let now = Utc::now();
        let mut ids = Vec::new();
        for (hours, status) in [(30, "checked"), (25, "imported"), (23, "checked"), (1, "checked")] {
            let batch = entity::import_batch::ActiveModel {
                created_by: Set(admin_id),
                created_at: Set(now - Duration::hours(hours)),
                file_name: Set(Some("people.csv".into())),
                csv_text: Set("email,full_name\nana@pnp.gob.pe,Ana".into()),
                report: Set("{}".into()),
                status: Set(status.into()),
                ..Default::default()
            }
            .insert(&db)
            .await
            .unwrap();
            ids.push(batch.id);
        }
        // Two processes at once, then again: each stale file is deleted once, the rest kept.
        let (a, b) = tokio::join!(
            app::administration::retention::purge_stale_imports(&db, now),
            app::administration::retention::purge_stale_imports(&db, now),
        );
        assert_eq!(a.unwrap() + b.unwrap(), 2);
        assert_eq!(app::administration::retention::purge_stale_imports(&db, now).await.unwrap(), 0, "idempotent");
        let mut left: Vec<i64> = entity::import_batch::Entity::find().all(&db).await.unwrap().into_iter().map(|b| b.id).collect();
        left.sort_unstable();
        assert_eq!(left, ids[2..].to_vec(), "uploads younger than a day stay for their confirmation");
    }

    async fn a_trainees_calendar_feed_lists_the_sessions_they_are_enrolled_in(engine: Engine) {
        let app = spawn_app(engine).await;
        let (_, ana) = trainee(&app, 1, Affiliation::Police).await;
        let seat = offering(&app, "PICAP-CAL-101", "both", 10, 20).await;
        let full = offering(&app, "PICAP-CAL-102", "both", 1, 20).await;
        let elsewhere = offering(&app, "PICAP-CAL-103", "both", 10, 20).await;
        let start = Utc::now() + Duration::days(30);
        for (course, hour) in [(seat, 9), (seat, 14), (full, 57), (elsewhere, 9)] {
            entity::offering_session::ActiveModel {
                offering_id: Set(course),
                kind: Set("onsite".into()),
                starts_at: Set(start + Duration::hours(hour)),
                ends_at: Set(start + Duration::hours(hour + 2)),
                timezone: Set("America/Lima".into()),
                venue: Set(Some("Aula 1".into())),
                city: Set(Some("Lima".into())),
                country: Set(Some("PE".into())),
                sequence: Set(0),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .unwrap();
        }
        let enrolled: Value = post(&app, &format!("/api/v1/offerings/{seat}/enrollments"), &json!({}), &ana).await.json().await.unwrap();
        assert_eq!(enrolled["status"], "enrolled");
        let (_, first) = trainee(&app, 2, Affiliation::Police).await;
        assert_eq!(post(&app, &format!("/api/v1/offerings/{full}/enrollments"), &json!({}), &first).await.status(), 201);
        let waiting: Value = post(&app, &format!("/api/v1/offerings/{full}/enrollments"), &json!({}), &ana).await.json().await.unwrap();
        assert_eq!(waiting["status"], "waitlisted");

        let url: String = app.post_form("/api/create_calendar_feed", "", &[("cookie", &ana)]).await.json().await.unwrap();
        let path = format!("/calendar/{}", url.rsplit('/').next().unwrap());
        let feed = app.get(&path).await.text().await.unwrap();
        assert_eq!(feed.matches("BEGIN:VEVENT").count(), 2, "the two sessions of the offering she holds a seat in: {feed}");
        assert!(feed.contains("PICAP-CAL-101") && !feed.contains("PICAP-CAL-102") && !feed.contains("PICAP-CAL-103"), "{feed}");

        // Withdrawn, the sessions leave her calendar.
        let gone = app.client.delete(app.url(&format!("/api/v1/enrollments/{}", enrolled["id"]))).header("cookie", &ana).send().await.unwrap();
        assert_eq!(gone.status(), 200);
        let feed = app.get(&path).await.text().await.unwrap();
        assert_eq!(feed.matches("BEGIN:VEVENT").count(), 0, "{feed}");
        app.stop().await;
    }

    async fn administrators_read_filter_and_export_the_audit_log(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let coordinator_id = create_person(&app.db, "coord@pnp.example.org", PASSWORD, "PNP", vec![Role::Coordinator]).await;
        let coordinator = app.sign_in("coord@pnp.example.org", PASSWORD).await;
        let (_, ana) = trainee(&app, 1, Affiliation::Police).await;
        app::audit::record(&app.db, app::audit::AuditEvent::ProfileChange, Some(coordinator_id), Some(coordinator_id), None, Some("=HYPERLINK(\"http://evil.example\")".into())).await.unwrap();

        for cookie in [&ana, &coordinator] {
            assert_eq!(app.get_with("/api/v1/audit", cookie).await.status(), 403);
            assert_eq!(app.get_with("/api/v1/audit.csv", cookie).await.status(), 403);
            let page = app.get_with("/admin/audit", cookie).await.text().await.unwrap();
            assert!(!page.contains("id=\"audit-events\"") && !page.contains("HYPERLINK"), "nothing of the log for others");
        }
        assert_eq!(app.get("/api/v1/audit").await.status(), 401);

        let all: Value = app.get_with("/api/v1/audit", &admin).await.json().await.unwrap();
        assert!(all["total"].as_u64().unwrap() >= 3, "{all}");
        assert!(all["actions"].as_array().unwrap().contains(&json!("login")), "{all}");
        let mine: Value = app.get_with("/api/v1/audit?person=COORD@pnp.example.org&action=login", &admin).await.json().await.unwrap();
        assert_eq!(mine["total"], 1, "{mine}");
        assert_eq!(mine["items"][0]["actor"]["email"], "coord@pnp.example.org");
        let by_id: Value = app.get_with(&format!("/api/v1/audit?person={coordinator_id}"), &admin).await.json().await.unwrap();
        let actions: Vec<&str> = by_id["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions.first(), Some(&"profile_change"), "newest first: {by_id}");
        assert!(actions.contains(&"login"));
        let total = by_id["total"].as_u64().unwrap();
        let last: Value = app.get_with(&format!("/api/v1/audit?person={coordinator_id}&per_page=1&page={total}"), &admin).await.json().await.unwrap();
        assert_eq!((last["items"].as_array().unwrap().len(), last["page"].as_u64(), last["per_page"].as_u64()), (1, Some(total), Some(1)));
        let today = Utc::now().date_naive();
        let later: Value = app.get_with(&format!("/api/v1/audit?from={}", today + Duration::days(1)), &admin).await.json().await.unwrap();
        assert_eq!(later["total"], 0);
        let within: Value = app.get_with(&format!("/api/v1/audit?from={today}&to={today}&action=login"), &admin).await.json().await.unwrap();
        assert_eq!(within["total"], 2, "the two sign-ins of today: {within}");
        let reversed = app.get_with(&format!("/api/v1/audit?from={today}&to={}", today - Duration::days(1)), &admin).await;
        assert_eq!(reversed.status(), 422);
        let problem: Value = reversed.json().await.unwrap();
        assert!(problem["errors"]["to"].is_string(), "{problem}");

        let csv = app.get_with(&format!("/api/v1/audit.csv?person={coordinator_id}&action=profile_change"), &admin).await;
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let text = csv.text().await.unwrap();
        assert!(text.starts_with("\"id\",\"at\",\"action\""), "{text}");
        assert_eq!(text.lines().count(), 2, "a header and the one event: {text}");
        assert!(text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""), "formulas are neutralised: {text}");

        // The page: a plain GET form, in the reader's language, linked from the menu.
        let page = app.client.get(app.url("/admin/audit?action=login")).header("cookie", &admin).header("accept-language", "es").send().await.unwrap();
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        assert!(page.contains("Registro de auditoría") && page.contains("href=\"/admin/audit\""), "titled in Spanish and in the menu");
        assert!(page.contains("<form method=\"get\" action=\"/admin/audit#audit-count\""), "works without JavaScript");
        assert!(page.contains("id=\"audit-events\"") && page.contains("coord@pnp.example.org"), "{page}");
        assert!(!page.contains("HYPERLINK"), "filtered by action");
        assert!(page.contains("href=\"/api/v1/audit.csv?action=login\""), "the export carries the filter");
        app.stop().await;
    }

    async fn scholarship_texts_are_kept_by_language_and_read_in_the_readers(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let course = offering(&app, "PICAP-SC-501", "both", 10, 20).await;
        let module = module_id(&app, course).await;
        let mut body = programme_body(module);
        body["name"] = json!({"es": "Becas OEA de policía comunitaria", "pt": "Bolsas OEA de policiamento comunitário"});
        body["funder"] = json!("Organization of American States");
        body["conditions"] = json!({"fr": "80 % de présence", "es": "80 % de asistencia"});
        let created = post(&app, "/api/v1/scholarship-programmes", &body, &admin).await;
        assert_eq!(created.status(), 201);
        let pid = created.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let read = |lang: &'static str| {
            let (app, admin) = (&app, &admin);
            async move {
                app.client.get(app.url(&format!("/api/v1/scholarship-programmes/{pid}"))).header("cookie", admin).header("accept-language", lang).send().await.unwrap().json::<Value>().await.unwrap()
            }
        };
        let pt = read("pt").await;
        assert_eq!((pt["name"].as_str(), pt["funder"].as_str()), (Some("Bolsas OEA de policiamento comunitário"), Some("Organization of American States")), "{pt}");
        assert_eq!(pt["conditions"], "80 % de asistencia", "no Portuguese conditions: the first language that has them");
        let fr = read("fr").await;
        assert_eq!((fr["name"].as_str(), fr["conditions"].as_str()), (Some("Becas OEA de policía comunitaria"), Some("80 % de présence")));
        assert_eq!(fr["translations"]["name"], json!({"es": "Becas OEA de policía comunitaria", "pt": "Bolsas OEA de policiamento comunitário"}));
        assert_eq!(fr["translations"]["funder"], json!({"en": "Organization of American States"}), "a plain text is the English one");

        let mut german = programme_body(module);
        german["name"] = json!({"de": "Stipendien"});
        let refused = post(&app, "/api/v1/scholarship-programmes", &german, &admin).await;
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        assert!(problem["errors"]["name"].is_string(), "an unknown language is named: {problem}");

        // The form takes one text per language, without JavaScript.
        let referer = app.url("/admin/scholarships");
        let html = [("cookie", admin.as_str()), ("accept", "text/html"), ("referer", referer.as_str())];
        let form = format!(
            "name%5Ben%5D=Human+rights+scholarships&name%5Bfr%5D=Bourses+droits+humains&funder%5Bes%5D=OEA&currency=USD&budget=1000&per_person_max=100&opens={}&closes={}&covers%5Btuition%5D=on&modules%5B{module}%5D=on&conditions%5Bpt%5D=Frequ%C3%AAncia",
            Utc::now().date_naive() - Duration::days(1),
            Utc::now().date_naive() + Duration::days(9),
        );
        let saved = app.post_form("/api/create_scholarship_programme", &form, &html).await;
        assert_eq!(saved.status(), 302, "{:?}", saved.headers().get("location"));
        let stored = entity::scholarship_programme::Entity::find().all(&app.db).await.unwrap().into_iter().max_by_key(|p| p.id).unwrap();
        let name: Value = serde_json::from_str(&stored.name).unwrap();
        assert_eq!(name, json!({"en": "Human rights scholarships", "fr": "Bourses droits humains"}));
        assert_eq!(serde_json::from_str::<Value>(&stored.conditions).unwrap(), json!({"pt": "Frequência"}));
        let page = app.client.get(app.url("/admin/scholarships")).header("cookie", &admin).header("accept-language", "fr").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Bourses droits humains") && page.contains("Nom en anglais"), "the reader's language, and a field per language");
        app.stop().await;
    }

    async fn the_migration_keeps_existing_scholarship_texts_as_the_primary_languages(engine: Engine) {
        use migration::{Migrator, MigratorTrait};
        let (db, _database) = crate::helpers::fresh_db(engine).await;
        Migrator::down(&db, Some(crate::helpers::undo_through("m20261201_000016_translate_scholarship_texts"))).await.unwrap();
        let now = Utc::now();
        entity::scholarship_programme::ActiveModel {
            name: Set("Becas OEA".into()),
            funder: Set("OEA".into()),
            currency: Set("USD".into()),
            budget: Set(100_000),
            per_person_max: Set(10_000),
            covers: Set("[\"tuition\"]".into()),
            eligible_countries: Set("[]".into()),
            eligible_affiliations: Set("[]".into()),
            opens: Set(now.date_naive()),
            closes: Set(now.date_naive()),
            conditions: Set(String::new()),
            awarded: Set(0),
            committed: Set(0),
            spent: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
        Migrator::up(&db, None).await.unwrap();
        let p = entity::scholarship_programme::Entity::find().one(&db).await.unwrap().unwrap();
        assert_eq!(serde_json::from_str::<Value>(&p.name).unwrap(), json!({"en": "Becas OEA"}));
        assert_eq!(serde_json::from_str::<Value>(&p.funder).unwrap(), json!({"en": "OEA"}));
        assert_eq!(p.conditions, "{}");
        Migrator::down(&db, Some(crate::helpers::undo_through("m20261201_000016_translate_scholarship_texts"))).await.unwrap();
        let p = entity::scholarship_programme::Entity::find().one(&db).await.unwrap().unwrap();
        assert_eq!((p.name.as_str(), p.funder.as_str(), p.conditions.as_str()), ("Becas OEA", "OEA", ""));
    }
}
