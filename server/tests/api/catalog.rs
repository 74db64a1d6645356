//! The catalog API: modules, validation, prerequisite cycles, search and filters.

use app::accounts::Role;
use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, create_person, spawn_app};

const PASSWORD: &str = "protect and serve with care";

fn module(code: &str, title_en: &str, title_es: &str) -> Value {
    json!({
        "code": code,
        "title": {"en": title_en, "es": title_es},
        "summary": {"en": format!("About {title_en}."), "es": format!("Sobre {title_es}.")},
        "topics": ["human_rights"],
        "credits": 3, "hours": 40, "level": "introductory",
        "delivery_mode": "blended", "audience": "both",
        "prerequisites": [], "status": "published"
    })
}

async fn admin(app: &TestApp) -> String {
    create_person(
        &app.db,
        "admin@picap.example.org",
        PASSWORD,
        "OAS",
        vec![Role::Administrator],
    )
    .await;
    app.sign_in("admin@picap.example.org", PASSWORD).await
}

async fn create(app: &TestApp, cookie: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/modules"))
        .header("cookie", cookie)
        .header("accept-language", "en")
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn offering(
    app: &TestApp,
    module_id: i64,
    days_ahead: i64,
    language: &str,
    country: &str,
) -> i64 {
    offering_on(&app.db, module_id, days_ahead, language, country).await
}

async fn offering_on(
    db: &sea_orm::DatabaseConnection,
    module_id: i64,
    days_ahead: i64,
    language: &str,
    country: &str,
) -> i64 {
    let starts = Utc::now().date_naive() + Duration::days(days_ahead);
    entity::offering::ActiveModel {
        module_id: Set(module_id),
        starts_on: Set(starts),
        ends_on: Set(starts + Duration::days(5)),
        enrollment_opens: Set(starts - Duration::days(60)),
        enrollment_closes: Set(starts - Duration::days(7)),
        capacity: Set(30),
        language: Set(language.into()),
        country: Set(country.into()),
        host_agency: Set("Host agency".into()),
        enrollment_policy: Set("open".into()),
        status: Set("published".into()),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn search(app: &TestApp, query: &str) -> Value {
    app.client
        .get(app.url(&format!("/api/v1/modules?{query}")))
        .header("accept-language", "es")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn codes(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_string())
        .collect()
}

on_both_engines! {
    async fn only_administrators_write_modules_and_bad_ones_are_explained(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        create_person(&app.db, "ana@policia.example.org", PASSWORD, "PNP", vec![Role::Instructor]).await;
        let instructor = app.sign_in("ana@policia.example.org", PASSWORD).await;
        let body = module("PICAP-HR-101", "Policing and human rights", "Función policial y derechos humanos");

        let anonymous = app.client.post(app.url("/api/v1/modules")).json(&body).send().await.unwrap();
        assert_eq!(anonymous.status(), 401);
        assert_eq!(create(&app, &instructor, &body).await.status(), 403);
        let created = create(&app, &admin, &body).await;
        assert_eq!(created.status(), 201);
        let created: Value = created.json().await.unwrap();
        assert_eq!(created["code"], "PICAP-HR-101");
        assert_eq!(created["topics"], json!(["human_rights"]));

        let again = create(&app, &admin, &body).await;
        assert_eq!(again.status(), 422);
        let problem: Value = again.json().await.unwrap();
        assert!(problem["errors"]["code"].as_str().unwrap().contains("already uses"), "{problem}");

        let mut bad = module("hr 101", "", "");
        bad["credits"] = json!(99);
        bad["delivery_mode"] = json!("online");
        bad["topics"] = json!(["astrology"]);
        let refused = create(&app, &admin, &bad).await;
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        let mut fields: Vec<&String> = problem["errors"].as_object().unwrap().keys().collect();
        fields.sort();
        assert_eq!(fields, ["code", "credits", "delivery_mode", "title"], "{problem}");

        let mut unknown_topic = module("PICAP-HR-102", "Use of force", "Uso de la fuerza");
        unknown_topic["topics"] = json!(["astrology"]);
        let problem: Value = create(&app, &admin, &unknown_topic).await.json().await.unwrap();
        assert_eq!(problem["errors"]["topics"], "Topics: astrology is not a topic of the catalog.");
        app.stop().await;
    }

    async fn a_prerequisite_cycle_is_refused_and_named(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let a: Value = create(&app, &admin, &module("PICAP-A-1", "A", "A")).await.json().await.unwrap();
        let mut b = module("PICAP-B-1", "B", "B");
        b["prerequisites"] = json!(["picap-a-1"]);
        assert_eq!(create(&app, &admin, &b).await.status(), 201);
        let mut c = module("PICAP-C-1", "C", "C");
        c["prerequisites"] = json!(["PICAP-B-1"]);
        assert_eq!(create(&app, &admin, &c).await.status(), 201);

        let mut looped = module("PICAP-A-1", "A", "A");
        looped["prerequisites"] = json!(["PICAP-C-1"]);
        let refused = app.send_json(Method::PUT, &format!("/api/v1/modules/{}", a["id"]), &looped, Some(&admin)).await;
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        assert_eq!(
            problem["errors"]["prerequisites"],
            "Prerequisites: this would make a loop: PICAP-A-1 → PICAP-C-1 → PICAP-B-1 → PICAP-A-1."
        );
        let mut unknown = module("PICAP-A-1", "A", "A");
        unknown["prerequisites"] = json!(["PICAP-Z-9"]);
        let problem: Value = app.send_json(Method::PUT, &format!("/api/v1/modules/{}", a["id"]), &unknown, Some(&admin)).await.json().await.unwrap();
        assert!(problem["errors"]["prerequisites"].as_str().unwrap().contains("PICAP-Z-9"), "{problem}");
        let fetched: Value = app.get(&format!("/api/v1/modules/{}", a["id"])).await.json().await.unwrap();
        assert_eq!(fetched["prerequisites"], json!([]), "nothing changed");
        app.stop().await;
    }

    async fn the_catalog_is_searched_in_any_language_and_filtered(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let mut ids = std::collections::HashMap::new();
        for (code, en, es, mode, audience, topic) in [
            ("PICAP-HR-101", "Policing and human rights", "Función policial y derechos humanos", "blended", "both", "human_rights"),
            ("PICAP-UF-201", "Progressive use of force", "Uso progresivo de la fuerza", "onsite", "police", "progressive_use_of_force"),
            ("PICAP-GV-110", "Responding to gender-based violence", "Respuesta a la violencia de género", "distance", "both", "gender_based_violence"),
            ("PICAP-PP-301", "Evaluating security policies", "Evaluación de políticas de seguridad", "distance", "civilian", "public_policy_evaluation"),
        ] {
            let mut body = module(code, en, es);
            body["delivery_mode"] = json!(mode);
            body["audience"] = json!(audience);
            body["topics"] = json!([topic]);
            let created: Value = create(&app, &admin, &body).await.json().await.unwrap();
            ids.insert(code, created["id"].as_i64().unwrap());
        }
        let mut draft = module("PICAP-DR-999", "Draft about human rights", "Borrador sobre derechos humanos");
        draft["status"] = json!("draft");
        let draft: Value = create(&app, &admin, &draft).await.json().await.unwrap();
        let uf_first = offering(&app, ids["PICAP-UF-201"], 10, "es", "PE").await;
        offering(&app, ids["PICAP-GV-110"], 40, "pt", "BR").await;
        offering(&app, ids["PICAP-HR-101"], 70, "es", "CO").await;
        offering(&app, ids["PICAP-HR-101"], -30, "en", "US").await; // in the past

        let all = search(&app, "").await;
        assert_eq!(all["total"], 4, "drafts are not in the public catalog");
        assert_eq!(codes(&all), ["PICAP-UF-201", "PICAP-GV-110", "PICAP-HR-101", "PICAP-PP-301"], "by next start, then code");
        assert_eq!(all["items"][0]["title"], "Uso progresivo de la fuerza", "titles in the reader's language");

        type Case<'a> = (&'a str, &'a [&'a str]);
        let cases: &[Case] = &[
            ("q=funcion+policial", &["PICAP-HR-101"]),
            ("q=VIOLENCIA%20g%C3%A9nero", &["PICAP-GV-110"]),
            ("q=use+of+force", &["PICAP-UF-201"]),
            ("q=derechos+humanos", &["PICAP-HR-101"]),
            ("q=hr-101", &["PICAP-HR-101"]),
            ("topic=gender_based_violence", &["PICAP-GV-110"]),
            ("mode=distance", &["PICAP-GV-110", "PICAP-PP-301"]),
            ("audience=police", &["PICAP-UF-201", "PICAP-GV-110", "PICAP-HR-101"]),
            ("audience=civilian", &["PICAP-GV-110", "PICAP-HR-101", "PICAP-PP-301"]),
            ("language=es", &["PICAP-UF-201", "PICAP-HR-101"]),
            ("country=br", &["PICAP-GV-110"]),
            ("upcoming=true", &["PICAP-UF-201", "PICAP-GV-110", "PICAP-HR-101"]),
            ("language=en", &[]),
            ("q=fuerza&mode=distance", &[]),
            // Words with filters: on SQLite the full-text index answers mode and audience too.
            ("q=picap&mode=distance", &["PICAP-GV-110", "PICAP-PP-301"]),
            ("q=picap&audience=civilian", &["PICAP-GV-110", "PICAP-HR-101", "PICAP-PP-301"]),
            ("q=picap&audience=police&mode=blended", &["PICAP-HR-101"]),
            ("q=picap&audience=police&mode=onsite", &["PICAP-UF-201"]),
            ("q=picap&topic=gender_based_violence", &["PICAP-GV-110"]),
            ("q=picap&language=es", &["PICAP-UF-201", "PICAP-HR-101"]),
            ("q=picap&mode=distance&upcoming=true", &["PICAP-GV-110"]),
        ];
        for (query, expected) in cases {
            let page = search(&app, query).await;
            assert_eq!(codes(&page), *expected, "{query}");
            assert_eq!(page["total"], expected.len(), "{query}");
        }
        let paged = search(&app, "per_page=3&page=2").await;
        assert_eq!(codes(&paged), ["PICAP-PP-301"]);
        assert_eq!(paged["total"], 4);

        // A tie on the first day goes to the offering created first.
        offering(&app, ids["PICAP-PP-301"], 40, "fr", "HT").await;
        assert_eq!(codes(&search(&app, "").await), ["PICAP-UF-201", "PICAP-GV-110", "PICAP-PP-301", "PICAP-HR-101"]);

        // Seats: a full offering, and one whose enrolment has closed, offer none; the order then
        // follows each module's first offering that does.
        {
            use sea_orm::{EntityTrait, IntoActiveModel};
            let mut full = entity::offering::Entity::find_by_id(uf_first).one(&app.db).await.unwrap().unwrap().into_active_model();
            full.seats_taken = Set(30);
            full.update(&app.db).await.unwrap();
        }
        offering(&app, ids["PICAP-UF-201"], 3, "es", "PE").await; // enrolment closed 4 days ago
        offering(&app, ids["PICAP-UF-201"], 90, "en", "US").await;
        assert_eq!(codes(&search(&app, "").await)[0], "PICAP-UF-201", "still the next to start");
        let with_seats = search(&app, "seats_available=true").await;
        assert_eq!(codes(&with_seats), ["PICAP-GV-110", "PICAP-PP-301", "PICAP-HR-101", "PICAP-UF-201"]);
        assert_eq!(with_seats["total"], 4);
        let in_90_days = (Utc::now().date_naive() + Duration::days(90)).format("%Y-%m-%d").to_string();
        assert_eq!(with_seats["items"][3]["next_start"], json!(in_90_days), "the first offering with a seat");
        let seat_cases: &[Case] = &[
            ("seats_available=true&language=es", &["PICAP-HR-101"]),
            ("seats_available=true&country=us", &["PICAP-UF-201"]),
            ("seats_available=true&q=fuerza", &["PICAP-UF-201"]),
            ("seats_available=true&mode=onsite&language=en", &["PICAP-UF-201"]),
            ("seats_available=false&q=fuerza", &["PICAP-UF-201"]),
        ];
        for (query, expected) in seat_cases {
            let page = search(&app, query).await;
            assert_eq!(codes(&page), *expected, "{query}");
            assert_eq!(page["total"], expected.len(), "{query}");
        }

        // Both ways of ranking give the same pages, whichever one a search would choose.
        use app::catalog::search::{Ranking, search_modules_ranked};
        let mut queries: Vec<String> = cases.iter().chain(seat_cases).map(|(q, _)| q.to_string()).collect();
        queries.extend(["", "seats_available=true&per_page=1&page=3", "per_page=1&page=2", "per_page=2&page=2", "per_page=3&page=2", "q=picap&per_page=2&page=3", "page=9"].map(String::from));
        for query in queries {
            let pairs: serde_json::Map<String, Value> = url::form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| {
                    let v = match k.as_ref() {
                        "page" | "per_page" => json!(v.parse::<u64>().unwrap()),
                        "upcoming" | "seats_available" => json!(v == "true"),
                        _ => json!(v),
                    };
                    (k.into_owned(), v)
                })
                .collect();
            let filters: app::catalog::ModuleQuery = serde_json::from_value(Value::Object(pairs)).unwrap();
            let locale = app::i18n::Locale::Es;
            let by_module = search_modules_ranked(&app.db, &filters, locale, Ranking::ByModule, today()).await.unwrap();
            let by_offering = search_modules_ranked(&app.db, &filters, locale, Ranking::ByOffering, today()).await.unwrap();
            let by_next_start = search_modules_ranked(&app.db, &filters, locale, Ranking::ByNextStart, today()).await.unwrap();
            assert_eq!(by_module, by_offering, "{query}");
            assert_eq!(by_module, by_next_start, "{query}");
        }

        let hidden = app.get(&format!("/api/v1/modules/{}", draft["id"])).await;
        assert_eq!(hidden.status(), 404, "a draft does not exist for the public");
        let seen = app.get_with(&format!("/api/v1/modules/{}", draft["id"]), &admin).await;
        assert_eq!(seen.status(), 200, "an administrator sees drafts");

        // Publishing, editing and archiving move a module into and out of the search index.
        assert_eq!(search(&app, "q=borrador").await["total"], 0);
        let url = format!("/api/v1/modules/{}", draft["id"]);
        let mut body = module("PICAP-DR-999", "Draft about human rights", "Borrador sobre derechos humanos");
        body["status"] = json!("published");
        assert_eq!(app.send_json(Method::PUT, &url, &body, Some(&admin)).await.status(), 200);
        assert_eq!(codes(&search(&app, "q=borrador").await), ["PICAP-DR-999"]);
        body["title"]["es"] = json!("Cuaderno sobre derechos humanos");
        body["summary"]["es"] = json!("Sobre un cuaderno.");
        assert_eq!(app.send_json(Method::PUT, &url, &body, Some(&admin)).await.status(), 200);
        assert_eq!(search(&app, "q=borrador").await["total"], 0, "the old words are gone");
        assert_eq!(codes(&search(&app, "q=cuaderno").await), ["PICAP-DR-999"]);
        body["status"] = json!("archived");
        assert_eq!(app.send_json(Method::PUT, &url, &body, Some(&admin)).await.status(), 200);
        assert_eq!(search(&app, "q=cuaderno").await["total"], 0, "archived modules are not searched");
        assert_eq!(search(&app, "q=derechos").await["total"], 1);
        app.stop().await;
    }
}

on_both_engines! {
    async fn the_catalog_order_follows_offerings_as_they_change_and_as_days_pass(engine: Engine) {
        use app::catalog::search::refresh_past_next_starts;
        use sea_orm::{ConnectionTrait, IntoActiveModel, Statement};
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let mut ids = Vec::new();
        for code in ["PICAP-AA-101", "PICAP-BB-101", "PICAP-CC-101"] {
            let created: Value = create(&app, &admin, &module(code, code, code)).await.json().await.unwrap();
            ids.push(created["id"].as_i64().unwrap());
        }
        let a = offering(&app, ids[0], 10, "es", "PE").await;
        let b = offering(&app, ids[1], 20, "es", "PE").await;
        assert_eq!(codes(&search(&app, "").await), ["PICAP-AA-101", "PICAP-BB-101", "PICAP-CC-101"]);

        let change = |id: i64, days: Option<i64>, status: Option<&'static str>| {
            let db = app.db.clone();
            async move {
                let mut row = entity::offering::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().into_active_model();
                if let Some(days) = days {
                    row.starts_on = Set(Utc::now().date_naive() + Duration::days(days));
                }
                if let Some(status) = status {
                    row.status = Set(status.to_string());
                }
                row.update(&db).await.unwrap();
            }
        };
        use sea_orm::EntityTrait;
        change(a, Some(30), None).await;
        assert_eq!(codes(&search(&app, "").await), ["PICAP-BB-101", "PICAP-AA-101", "PICAP-CC-101"], "moved later");
        change(b, None, Some("cancelled")).await;
        assert_eq!(codes(&search(&app, "").await), ["PICAP-AA-101", "PICAP-BB-101", "PICAP-CC-101"], "a cancelled offering is not next");
        offering(&app, ids[2], 5, "fr", "HT").await;
        assert_eq!(codes(&search(&app, "").await), ["PICAP-CC-101", "PICAP-AA-101", "PICAP-BB-101"], "a new offering comes first");
        assert_eq!(codes(&search(&app, "upcoming=true").await), ["PICAP-CC-101", "PICAP-AA-101"]);

        // After midnight the stored date of a module whose offering began has passed: until the
        // job moves it on, searches still rank from the offerings themselves.
        let yesterday = (Utc::now().date_naive() - Duration::days(1)).format("%Y-%m-%d").to_string();
        let backend = app.db.get_database_backend();
        let sql = match backend {
            sea_orm::DatabaseBackend::Postgres => "UPDATE modules SET next_start = $1::date WHERE id = $2",
            _ => "UPDATE modules SET next_start = ? WHERE id = ?",
        };
        app.db.execute_raw(Statement::from_sql_and_values(backend, sql, [yesterday.into(), ids[2].into()])).await.unwrap();
        assert_eq!(codes(&search(&app, "").await), ["PICAP-CC-101", "PICAP-AA-101", "PICAP-BB-101"], "a stale date is not used");
        assert_eq!(codes(&search(&app, "upcoming=true").await), ["PICAP-CC-101", "PICAP-AA-101"]);
        assert_eq!(refresh_past_next_starts(&app.db, today()).await.unwrap(), 1, "the job moves it on");
        assert_eq!(refresh_past_next_starts(&app.db, today()).await.unwrap(), 0, "and then there is nothing to do");
        let listed = search(&app, "").await;
        assert_eq!(codes(&listed), ["PICAP-CC-101", "PICAP-AA-101", "PICAP-BB-101"]);
        let expected = (Utc::now().date_naive() + Duration::days(5)).format("%Y-%m-%d").to_string();
        assert_eq!(listed["items"][0]["next_start"], json!(expected), "back to its real next start");
        app.stop().await;
    }

    async fn offerings_added_at_once_leave_the_right_next_start(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let created: Value = create(&app, &admin, &module("PICAP-RC-101", "Race", "Carrera")).await.json().await.unwrap();
        let id = created["id"].as_i64().unwrap();
        // Each insert recomputes the module's next start; on PostgreSQL under the module's row
        // lock, so none of them computes it from a snapshot that misses another's offering.
        let mut inserts = tokio::task::JoinSet::new();
        for i in 0..16_i64 {
            let db = app.db.clone();
            inserts.spawn(async move { offering_on(&db, id, 40 - 2 * i, "es", "PE").await });
        }
        while let Some(done) = inserts.join_next().await {
            done.unwrap();
        }
        let listed = search(&app, "q=carrera").await;
        let expected = (Utc::now().date_naive() + Duration::days(10)).format("%Y-%m-%d").to_string();
        assert_eq!(listed["items"][0]["next_start"], json!(expected), "the earliest of the sixteen");
        app.stop().await;
    }

    async fn catalog_pages_search_in_the_visitors_language_and_show_offerings(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let created: Value = create(&app, &admin, &module("PICAP-UF-201", "Progressive use of force", "Uso progresivo de la fuerza")).await.json().await.unwrap();
        create(&app, &admin, &module("PICAP-HR-101", "Policing and human rights", "Función policial y derechos humanos")).await;
        offering(&app, created["id"].as_i64().unwrap(), 20, "es", "PE").await;

        let html = app.client.get(app.url("/catalog?q=fuerza")).header("accept-language", "es").send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Módulos encontrados: 1"), "the count, in Spanish");
        assert!(html.contains("Uso progresivo de la fuerza") && !html.contains("PICAP-HR-101"), "only the match");
        assert!(html.contains("href=\"/modules/PICAP-UF-201\""), "linked to its page");
        // The country filter offers the countries with offerings, and keeps a choice that has none.
        let select = |html: &str| html.split("id=\"catalog-country\"").nth(1).unwrap().split("</select>").next().unwrap().to_string();
        let countries = select(&html);
        assert!(countries.contains("<option value=\"PE\">Perú</option>"), "{countries}");
        assert!(!countries.contains("value=\"AF\""), "no country without offerings: {countries}");
        let chosen = app.client.get(app.url("/catalog?country=ht")).header("accept-language", "fr").send().await.unwrap().text().await.unwrap();
        let countries = select(&chosen);
        assert!(countries.contains("<option value=\"HT\" selected>Haïti</option>") && countries.contains(">Pérou<"), "{countries}");

        let page = app.client.get(app.url("/modules/PICAP-UF-201")).header("accept-language", "en").send().await.unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("Progressive use of force") && html.contains("Seats left: 30 of 30"), "the offering with its seats");
        assert!(html.contains("/calendar.ics"), "and its calendar");
        let missing = app.get("/modules/PICAP-NO-000").await;
        assert_eq!(missing.status(), 404);
        app.stop().await;
    }
}

/// URL-encodes form pairs.
fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let enc = |s: &str| {
                s.bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                            (b as char).to_string()
                        }
                        other => format!("%{other:02X}"),
                    })
                    .collect::<String>()
            };
            format!("{}={}", enc(k), enc(v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

on_both_engines! {
    async fn administrators_use_the_catalog_forms_without_javascript(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let instructor = create_person(&app.db, "claire@pnh.example.org", PASSWORD, "PNH", vec![Role::Instructor]).await;
        let referer = app.url("/admin/catalog/modules/new");
        let html_post = [("accept", "text/html"), ("referer", referer.as_str()), ("cookie", admin.as_str())];

        let body = form(&[
            ("code", "picap-cr-105"), ("title[en]", "Mediation in neighbourhood conflicts"),
            ("title[es]", "Mediación en conflictos vecinales"), ("summary[es]", "Técnicas de mediación."),
            ("topics[conflict_resolution]", "on"), ("topics[security_and_coexistence]", "on"),
            ("credits", "2"), ("hours", "24"), ("level", "introductory"), ("delivery_mode", "onsite"),
            ("audience", "both"), ("prerequisites", ""), ("status", "published"),
        ]);
        let saved = app.post_form("/api/save_module", &body, &html_post).await;
        assert_eq!(saved.status(), 302);
        let location = saved.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/admin/catalog/modules/") && location.ends_with("?saved=module"), "{location}");
        let found: Value = app.get("/api/v1/modules?q=mediacion").await.json().await.unwrap();
        assert_eq!(found["items"][0]["code"], "PICAP-CR-105");
        let id = found["items"][0]["id"].as_i64().unwrap();
        let module: Value = app.get(&format!("/api/v1/modules/{id}")).await.json().await.unwrap();
        assert_eq!(module["topics"], json!(["conflict_resolution", "security_and_coexistence"]));

        let bad = form(&[("code", "x"), ("title[en]", ""), ("credits", "two"), ("hours", "24"), ("level", "introductory"),
            ("delivery_mode", "onsite"), ("audience", "both"), ("prerequisites", ""), ("status", "draft")]);
        let refused = app.post_form("/api/save_module", &bad, &html_post).await;
        assert_eq!(refused.status(), 302);
        let back = refused.headers()["location"].to_str().unwrap().to_string();
        assert!(back.contains("/admin/catalog/modules/new"), "{back}");
        // The refusal travels in the address or in a cookie; a browser brings either back.
        let mut cookies = vec![admin.clone()];
        cookies.extend(refused.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).filter_map(|v| v.split(';').next()).map(str::to_string));
        let path = back.trim_start_matches(&app.url("")).to_string();
        let page = app.client.get(app.url(&path)).header("cookie", cookies.join("; ")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"module-credits-error\" class=\"field-error\">Credits: a whole number from 0 to 60."), "the reason is shown on its field");
        assert!(page.contains("id=\"module-title-error\" class=\"field-error\">Title:"), "the title's reason is beside the titles");

        let similar = app.post_form("/api/similar_modules", "text=Conflict+mediation+for+officers&code=", &[("cookie", &admin)]).await;
        let similar: Value = similar.json().await.unwrap();
        assert_eq!(similar[0][0], "PICAP-CR-105", "similar modules are suggested: {similar}");

        let start = (Utc::now().date_naive() + Duration::days(30)).format("%Y-%m-%d").to_string();
        let end = (Utc::now().date_naive() + Duration::days(31)).format("%Y-%m-%d").to_string();
        let opens = Utc::now().date_naive().format("%Y-%m-%d").to_string();
        let closes = (Utc::now().date_naive() + Duration::days(20)).format("%Y-%m-%d").to_string();
        let local = format!("{start}T09:00");
        let local_end = format!("{start}T17:00");
        let instructor_field = format!("instructors[{instructor}]");
        let offering = form(&[
            ("module_id", &id.to_string()), ("starts_on", &start), ("ends_on", &end), ("enrollment_opens", &opens),
            ("enrollment_closes", &closes), ("capacity", "20"), ("language", "es"), ("country", "GT"),
            ("host_agency", "Policía Nacional Civil"), ("enrollment_policy", "open"), (&instructor_field, "on"),
            ("sessions[0][kind]", "onsite"), ("sessions[0][starts]", &local), ("sessions[0][ends]", &local_end),
            ("sessions[0][timezone]", "America/Guatemala"), ("sessions[0][venue]", "Academia PNC"),
            ("sessions[0][city]", "Ciudad de Guatemala"), ("sessions[0][country]", "GT"),
            ("sessions[1][kind]", "onsite"), ("sessions[1][starts]", ""), ("sessions[1][ends]", ""), ("sessions[1][timezone]", ""),
            ("status", "published"),
        ]);
        let created = app.post_form("/api/save_offering", &offering, &html_post).await;
        assert_eq!(created.status(), 302, "{:?}", created.headers().get("location"));
        let location = created.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/admin/catalog/offerings/") && location.ends_with("?saved=offering"), "{location}");
        let list: Value = app.get(&format!("/api/v1/offerings?module_id={id}")).await.json().await.unwrap();
        assert_eq!(list["items"][0]["sessions"][0]["starts_at"], format!("{start}T09:00:00-06:00"), "local time in Guatemala");
        assert_eq!(list["items"][0]["sessions"].as_array().unwrap().len(), 1, "empty rows are skipped");

        let teacher = app.sign_in("claire@pnh.example.org", PASSWORD).await;
        let mine = app.get_with("/my-offerings", &teacher).await.text().await.unwrap();
        assert!(mine.contains("Mediation in neighbourhood conflicts"), "the instructor sees their offering");
        let trainee_forbidden = app.post_form("/api/admin_modules", "", &[("cookie", &teacher)]).await;
        assert_eq!(trainee_forbidden.status(), 403, "only administrators administer the catalog");
        app.stop().await;
    }
}

on_both_engines! {
    async fn administrators_edit_publish_and_archive_programmes(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        for (code, en, es) in [
            ("PICAP-HR-101", "Policing and human rights", "Función policial y derechos humanos"),
            ("PICAP-UF-102", "Progressive use of force", "Uso progresivo de la fuerza"),
            ("PICAP-CR-103", "Conflict resolution", "Resolución de conflictos"),
        ] {
            assert_eq!(create(&app, &admin, &module(code, en, es)).await.status(), 201);
        }
        let body = json!({
            "code": "PICAP-PHR",
            "title": {"en": "Police and human rights", "es": "Policía y derechos humanos"},
            "credits_required": 6,
            "modules": [{"code": "PICAP-HR-101"}, {"code": "PICAP-UF-102", "required": false}],
            "status": "draft"
        });
        let created = app.send_json(Method::POST, "/api/v1/programmes", &body, Some(&admin)).await;
        assert_eq!(created.status(), 201);
        let created: Value = created.json().await.unwrap();
        let id = created["id"].as_i64().unwrap();
        let path = format!("/api/v1/programmes/{id}");
        assert_eq!(app.get(&path).await.status(), 404, "a draft programme is not public");

        // Edit through the API: reorder, add a module, publish.
        let mut edited = body.clone();
        edited["modules"] = json!([{"code": "picap-cr-103"}, {"code": "PICAP-HR-101"}, {"code": "PICAP-UF-102", "required": false}]);
        edited["status"] = json!("published");
        let saved = app.send_json(Method::PUT, &path, &edited, Some(&admin)).await;
        assert_eq!(saved.status(), 200);
        let public: Value = app.get(&path).await.json().await.unwrap();
        let order: Vec<(&str, bool)> = public["modules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["code"].as_str().unwrap(), m["required"].as_bool().unwrap()))
            .collect();
        assert_eq!(order, [("PICAP-CR-103", true), ("PICAP-HR-101", true), ("PICAP-UF-102", false)]);

        let mut unknown = edited.clone();
        unknown["modules"] = json!([{"code": "PICAP-XX-999"}]);
        let refused = app.send_json(Method::PUT, &path, &unknown, Some(&admin)).await;
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        assert!(problem["errors"]["modules"].as_str().unwrap().contains("PICAP-XX-999"), "{problem}");
        let still: Value = app.get(&path).await.json().await.unwrap();
        assert_eq!(still["modules"].as_array().unwrap().len(), 3, "a refused edit changes nothing");

        create_person(&app.db, "ana@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let trainee = app.sign_in("ana@policia.example.org", PASSWORD).await;
        assert_eq!(app.send_json(Method::PUT, &path, &edited, Some(&trainee)).await.status(), 403);

        // The form, without JavaScript: electives after the required modules.
        let referer = app.url("/admin/catalog");
        let html_post = [("accept", "text/html"), ("referer", referer.as_str()), ("cookie", admin.as_str())];
        let fields = form(&[
            ("id", &id.to_string()), ("code", "PICAP-PHR"), ("title[en]", "Police and human rights"),
            ("title[es]", "Policía y derechos humanos"), ("description[en]", "Two modules and an elective."),
            ("credits_required", "6"), ("required_modules", "PICAP-HR-101\nPICAP-CR-103"),
            ("elective_modules", "PICAP-UF-102"), ("status", "published"),
        ]);
        let saved = app.post_form("/api/save_programme", &fields, &html_post).await;
        assert_eq!(saved.status(), 302);
        assert_eq!(saved.headers()["location"], format!("/admin/catalog/programmes/{id}?saved=programme"));
        let public: Value = app.get(&path).await.json().await.unwrap();
        assert_eq!(public["modules"][0]["code"], "PICAP-HR-101");
        assert_eq!(public["description"]["en"], "Two modules and an elective.");
        let page = app.get_with(&format!("/admin/catalog/programmes/{id}"), &admin).await.text().await.unwrap();
        assert!(page.contains("PICAP-HR-101, PICAP-CR-103"), "the form shows the required modules in order");

        // One-click archive: the programme leaves the public list; a module likewise leaves search.
        let archive = app.post_form("/api/set_catalog_status", &format!("item=programme&id={id}&status=archived"), &html_post).await;
        assert_eq!(archive.status(), 302);
        assert_eq!(app.get(&path).await.status(), 404, "an archived programme is not public");
        let listed: Value = app.get("/api/v1/programmes").await.json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 0);
        let hr: Value = search(&app, "q=PICAP-HR-101").await;
        let hr_id = hr["items"][0]["id"].as_i64().unwrap();
        let forbidden = app.post_form("/api/set_catalog_status", &format!("item=module&id={hr_id}&status=archived"), &[("cookie", trainee.as_str())]).await;
        assert_eq!(forbidden.status(), 403);
        app.post_form("/api/set_catalog_status", &format!("item=module&id={hr_id}&status=archived"), &html_post).await;
        assert_eq!(codes(&search(&app, "q=PICAP-HR-101").await), Vec::<String>::new(), "an archived module leaves the catalog");
        let admin_page = app.get_with("/admin/catalog", &admin).await.text().await.unwrap();
        assert!(admin_page.contains("PICAP-PHR") && admin_page.contains("Back to draft"), "archived items can come back");
        app.stop().await;
    }
}

on_both_engines! {
    async fn malformed_query_parameters_and_ids_are_named_in_a_problem(engine: Engine) {
        let app = spawn_app(engine).await;
        const NUMBER: &str = "expected a whole number";
        const BOOLEAN: &str = "expected true or false";
        // (path, the parameter the problem must name and what it expected)
        let query_cases = [
            ("/api/v1/modules?seats_available=yes", "seats_available", BOOLEAN),
            ("/api/v1/modules?q=fuerza&page=two", "page", NUMBER),
            ("/api/v1/modules?per_page=-5", "per_page", NUMBER),
            ("/api/v1/modules?upcoming=1", "upcoming", BOOLEAN),
            ("/api/v1/offerings?module_id=PICAP-HR-101", "module_id", NUMBER),
        ];
        for (path, field, reason) in query_cases {
            let response = app.get(path).await;
            assert_eq!(response.status(), 400, "{path}");
            assert_eq!(response.headers()["content-type"], "application/problem+json", "{path}");
            let problem: Value = response.json().await.unwrap();
            assert_eq!(problem["errors"][field], reason, "{path}: {problem}");
            assert_eq!(
                problem["detail"],
                format!("The query parameter “{field}” is not valid: {reason}"),
                "{path}"
            );
        }
        for (path, value) in [("/api/v1/modules/PICAP-HR-101", "PICAP-HR-101"), ("/api/v1/offerings/3.5", "3.5")] {
            let response = app.get(path).await;
            assert_eq!(response.status(), 400, "{path}");
            assert_eq!(response.headers()["content-type"], "application/problem+json", "{path}");
            let problem: Value = response.json().await.unwrap();
            assert_eq!(problem["detail"], format!("This address is not valid: “{value}” is not an id."), "{path}");
        }

        let spanish = app.client.get(app.url("/api/v1/modules?page=dos"))
            .header("accept-language", "es").send().await.unwrap();
        let problem: Value = spanish.json().await.unwrap();
        assert_eq!(problem["detail"], "El parámetro de consulta «page» no es válido: se esperaba un número entero", "{problem}");
        assert_eq!(problem["errors"]["page"], "se esperaba un número entero", "{problem}");

        // Well-formed parameters still search.
        assert_eq!(app.get("/api/v1/modules?seats_available=true&page=1&per_page=5").await.status(), 200);
        app.stop().await;
    }
}

/// The `name=value` pairs of the cookies a refused or redirected plain post set (the typed
/// values, and the refusal when the server carries it in a cookie), as a browser sends them
/// back; panics when the typed values were not kept.
fn typed_cookie(response: &reqwest::Response) -> String {
    let pairs: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter(|pair| {
            pair.split_once('=')
                .is_some_and(|(_, value)| !value.is_empty())
        })
        .map(str::to_string)
        .collect();
    assert!(
        pairs.iter().any(|p| p.starts_with("picap_typed=")),
        "the typed values are kept: {pairs:?}"
    );
    pairs.join("; ")
}

/// A module through the API and an offering form body for it, with one on-site session in
/// Guatemala (`zone` as given) and the publication `status`.
async fn offering_form_body(
    app: &TestApp,
    admin: &str,
    zone: &str,
    status: &str,
) -> (i64, Vec<(String, String)>) {
    assert_eq!(
        create(
            app,
            admin,
            &module(
                "PICAP-CR-105",
                "Mediation in neighbourhood conflicts",
                "Mediación en conflictos vecinales"
            )
        )
        .await
        .status(),
        201
    );
    let found: Value = app
        .get("/api/v1/modules?q=mediacion")
        .await
        .json()
        .await
        .unwrap();
    let module_id = found["items"][0]["id"].as_i64().unwrap();
    let day = |d: i64| {
        (Utc::now().date_naive() + Duration::days(d))
            .format("%Y-%m-%d")
            .to_string()
    };
    let start = day(30);
    let pairs = [
        ("module_id", module_id.to_string()),
        ("starts_on", start.clone()),
        ("ends_on", day(31)),
        ("enrollment_opens", day(0)),
        ("enrollment_closes", day(20)),
        ("capacity", "20".into()),
        ("language", "es".into()),
        ("country", "GT".into()),
        ("host_agency", "Policía Nacional Civil".into()),
        ("enrollment_policy", "open".into()),
        ("sessions[0][kind]", "onsite".into()),
        ("sessions[0][starts]", format!("{start}T09:00")),
        ("sessions[0][ends]", format!("{start}T17:00")),
        ("sessions[0][timezone]", zone.into()),
        ("sessions[0][venue]", "Academia PNC, aula 4".into()),
        ("sessions[0][city]", "Ciudad de Guatemala".into()),
        ("sessions[0][country]", "GT".into()),
        // The spare empty row the form always shows.
        ("sessions[1][kind]", "onsite".into()),
        ("sessions[1][starts]", "".into()),
        ("sessions[1][ends]", "".into()),
        ("sessions[1][timezone]", "America/Guatemala".into()),
        ("sessions[1][country]", "GT".into()),
        ("status", status.into()),
    ];
    (
        module_id,
        pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    )
}

fn encode(pairs: &[(String, String)]) -> String {
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    form(&borrowed)
}

on_both_engines! {
    async fn a_wrong_zone_is_refused_on_its_field_and_nothing_typed_is_lost(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let referer = app.url("/admin/catalog/offerings/new");
        let html_post = [("accept", "text/html"), ("referer", referer.as_str()), ("cookie", admin.as_str())];
        let (_, pairs) = offering_form_body(&app, &admin, "America/Atlantis", "draft").await;

        let refused = app.post_form("/api/save_offering", &encode(&pairs), &html_post).await;
        assert_eq!(refused.status(), 302);
        let back = refused.headers()["location"].to_str().unwrap().to_string();
        assert!(back.contains("/admin/catalog/offerings/new"), "back to the form: {back}");
        let cookies = format!("{admin}; {}", typed_cookie(&refused));
        let page = app.client.get(app.url(back.trim_start_matches(&app.url("")))).header("cookie", &cookies).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"offering-session-0-timezone-error\" class=\"field-error\">Time zone: this is not one of the listed time zones"),
            "the reason is on the zone field: {page}");
        assert!(!page.contains("offset"), "nothing about offsets");
        assert!(page.contains("aria-describedby=\"offering-session-0-timezone-hint offering-session-0-timezone-error\""),
            "the zone's hint and error describe it");
        for typed in ["value=\"Policía Nacional Civil\"", "value=\"Academia PNC, aula 4\"", "value=\"Ciudad de Guatemala\"", "value=\"20\""] {
            assert!(page.contains(typed), "{typed} is kept");
        }
        assert!(page.contains("<option value=\"America/Atlantis\" selected>"), "the refused zone stays chosen beside its reason");
        app.stop().await;
    }

    async fn new_offerings_are_drafts_and_saving_says_so_with_ways_onward(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let referer = app.url("/admin/catalog/offerings/new");
        let html_post = [("accept", "text/html"), ("referer", referer.as_str()), ("cookie", admin.as_str())];

        let blank = app.get_with("/admin/catalog/offerings/new", &admin).await.text().await.unwrap();
        assert!(blank.contains("name=\"status\" value=\"draft\" checked"), "a new offering is a draft unless publishing is chosen");
        assert!(!blank.contains("value=\"published\" checked"));
        assert!(blank.contains("<optgroup label=\"Peru\"><option value=\"America/Lima\">Lima</option></optgroup>"), "zones are grouped by country");
        assert!(!blank.contains("placeholder="), "hints, not example values");

        let (module_id, pairs) = offering_form_body(&app, &admin, "America/Guatemala", "draft").await;
        let saved = app.post_form("/api/save_offering", &encode(&pairs), &html_post).await;
        assert_eq!(saved.status(), 302);
        let location = saved.headers()["location"].to_str().unwrap().to_string();
        let id: i64 = location
            .trim_start_matches("/admin/catalog/offerings/")
            .trim_end_matches("?saved=offering")
            .parse()
            .unwrap_or_else(|_| panic!("{location}"));
        let public: Value = app.get(&format!("/api/v1/offerings?module_id={module_id}")).await.json().await.unwrap();
        assert_eq!(public["items"], json!([]), "a draft is not public");

        let page = app.get_with(&location, &admin).await.text().await.unwrap();
        assert!(page.contains("Offering saved"), "{page}");
        assert!(page.contains("It is a draft"));
        assert!(page.contains(&format!("href=\"/admin/offerings/{id}/enrollments\"")), "its applicants are a click away");
        assert!(page.contains(&format!("href=\"/modules/PICAP-CR-105?offering={id}\"")));
        assert!(page.contains("<option value=\"America/Guatemala\" selected>"), "the saved zone is chosen");

        let catalog = app.get_with("/admin/catalog", &admin).await.text().await.unwrap();
        assert!(catalog.contains(&format!("href=\"/admin/offerings/{id}/enrollments\"")), "the catalog links the applicants");
        assert!(catalog.contains("aria-label=\"Edit Mediation in neighbourhood conflicts — "), "repeated links say which offering");
        assert!(catalog.contains("data-label=\"Status\""), "cells carry their column name for phones");
        assert!(catalog.contains("<details class=\"confirm\""), "archiving a published module asks first");
        app.stop().await;
    }

    async fn the_catalog_forms_speak_the_readers_language_and_mark_optional_fields(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let page = |path: &'static str| {
            let request = app.client.get(app.url(path)).header("cookie", &admin).header("accept-language", "es");
            async move { request.send().await.unwrap().text().await.unwrap() }
        };
        let module = page("/admin/catalog/modules/new").await;
        assert!(module.contains("Título en inglés"), "language names as a Spanish reader writes them");
        assert!(!module.contains("Título en English"));
        assert!(module.contains("Resumen<!> <span class=\"field-optional\">(opcional)</span>"), "optional fields are marked");
        let offering = page("/admin/catalog/offerings/new").await;
        assert!(offering.contains("<optgroup label=\"Perú\">"), "zones grouped by country, in Spanish");
        assert!(offering.contains("Instructores") && offering.contains("(opcional)"));
        assert!(offering.contains("Borrador: todavía no aparece en el catálogo"));
        assert!(offering.contains("Agregar una sesión"));
        app.stop().await;
    }

    async fn sessions_are_added_and_removed_without_javascript_keeping_what_was_typed(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let referer = app.url("/admin/catalog/offerings/new");
        let html_post = [("accept", "text/html"), ("referer", referer.as_str()), ("cookie", admin.as_str())];
        let (module_id, mut pairs) = offering_form_body(&app, &admin, "America/Guatemala", "published").await;
        pairs.push(("intent".into(), "add_session".into()));

        let added = app.post_form("/api/save_offering", &encode(&pairs), &html_post).await;
        assert_eq!(added.status(), 302);
        let location = added.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(location, "/admin/catalog/offerings/new#offering-session-2", "straight to the new row");
        let list: Value = app.get(&format!("/api/v1/offerings?module_id={module_id}")).await.json().await.unwrap();
        assert_eq!(list["items"], json!([]), "adding a row saves nothing");
        let cookies = format!("{admin}; {}", typed_cookie(&added));
        let page = app.get_with(&location, &cookies).await.text().await.unwrap();
        for typed in ["value=\"Policía Nacional Civil\"", "value=\"Academia PNC, aula 4\"", "name=\"status\" value=\"published\" checked"] {
            assert!(page.contains(typed), "{typed} is kept");
        }
        assert!(page.contains("id=\"offering-session-2\""), "one more row");
        assert!(!page.contains("id=\"offering-session-3\""));
        assert!(page.contains("aria-label=\"Remove this session (session 1)\""));

        // Remove the first session: what was typed in it goes, the rest stays.
        let mut removing = pairs.clone();
        removing.retain(|(k, _)| k != "intent");
        removing.push(("intent".into(), "remove_session:0".into()));
        let removed = app.post_form("/api/save_offering", &encode(&removing), &html_post).await;
        assert_eq!(removed.status(), 302);
        let cookies = format!("{admin}; {}", typed_cookie(&removed));
        let page = app.get_with("/admin/catalog/offerings/new", &cookies).await.text().await.unwrap();
        assert!(!page.contains("Academia PNC, aula 4"), "the removed session is gone");
        assert!(page.contains("value=\"Policía Nacional Civil\""), "the rest is kept");
        app.stop().await;
    }
}

/// Today by the system clock, for the services the tests call directly.
fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}
