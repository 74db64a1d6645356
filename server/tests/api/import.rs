//! Bulk import of people from CSV: dry run, all-or-nothing import, invitations, the upload form.

use app::accounts::Role;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

use crate::helpers::{Engine, TestApp, create_person, spawn_app};

const PASSWORD: &str = "protect and serve with care";
const HEADER: &str = "email,full_name,country,agency,rank,affiliation,roles,preferred_language\n";

async fn import(app: &TestApp, cookie: &str, csv: &str, dry_run: bool) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/users/import?dry_run={dry_run}")))
        .header("cookie", cookie)
        .header("content-type", "text/csv")
        .header("accept-language", "en")
        .body(csv.to_string())
        .send()
        .await
        .unwrap()
}

async fn people(app: &TestApp) -> u64 {
    entity::user::Entity::find().count(&app.db).await.unwrap()
}

async fn queued_mail(app: &TestApp) -> u64 {
    entity::outbox::Entity::find().count(&app.db).await.unwrap()
}

fn multipart(file_name: &str, content: &str) -> (String, String) {
    let boundary = "----picap-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: text/csv\r\n\r\n{content}\r\n--{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

on_both_engines! {
    async fn a_dry_run_lists_every_bad_line_and_the_import_is_all_or_nothing(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        create_person(&app.db, "taken@pnp.gob.pe", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let before = people(&app).await;

        let csv = format!("{HEADER}\
            ana.soto@pnp.gob.pe,Ana Soto,PE,PNP,Mayor,police,trainee,es\n\
            luis@pnp.gob.pe,Luis Paz,XX,PNP,,police,trainee,es\n\
            taken@pnp.gob.pe,Someone,PE,PNP,,police,trainee,es\n\
            ANA.SOTO@pnp.gob.pe,Ana Again,PE,PNP,,civilian,trainee,es\n\
            rita@pnp.gob.pe,Rita Luna,PE,PNP,,police,trainee;chief,es\n\
            ");
        let checked = import(&app, &admin, &csv, true).await;
        assert_eq!(checked.status(), 200);
        let report: Value = checked.json().await.unwrap();
        assert_eq!(report["written"], false);
        assert_eq!(report["accepted"], 1);
        let lines = report["lines"].as_array().unwrap();
        let problems = |line: u64| -> String {
            lines.iter().find(|l| l["line"] == line).unwrap()["problems"].to_string()
        };
        assert_eq!(problems(2), "[]");
        assert!(problems(3).contains("Country"), "{}", problems(3));
        assert!(problems(4).contains("already exists"), "{}", problems(4));
        assert!(problems(5).contains("earlier in the file"), "{}", problems(5));
        assert!(problems(6).contains("Roles"), "{}", problems(6));
        assert_eq!(people(&app).await, before, "a dry run writes nothing");

        let refused = import(&app, &admin, &csv, false).await;
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        assert!(problem["errors"]["line 3"].is_string(), "{problem}");
        assert_eq!(people(&app).await, before, "one bad line and nobody is created");

        let good = format!("{HEADER}\
            ana.soto@pnp.gob.pe,Ana Soto,PE,PNP,Mayor,police,trainee,es\n\
            \"luis@pnp.gob.pe\",\"Paz, Luis\",pe,PNP,,civilian,trainee;instructor,\n");
        let done = import(&app, &admin, &good, false).await;
        assert_eq!(done.status(), 201);
        assert_eq!(people(&app).await, before + 2);
        assert_eq!(queued_mail(&app).await, 2, "each person is invited");
        let luis = entity::user::Entity::find()
            .filter(entity::user::Column::Email.eq("luis@pnp.gob.pe"))
            .one(&app.db).await.unwrap().unwrap();
        assert_eq!(luis.full_name, "Paz, Luis");
        assert_eq!(luis.country, "PE");
        assert_eq!(luis.preferred_language, "es", "an empty language is the importer's");
        assert!(luis.password_hash.is_none(), "the password is set from the invitation");
        let roles = app::accounts::service::roles_of(&app.db, luis.id).await.unwrap();
        assert_eq!(roles, [Role::Trainee, Role::Instructor]);
        app.stop().await;
    }

    async fn coordinators_import_their_own_agency_and_trainees_cannot_import(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "coord@pnp.gob.pe", PASSWORD, "PNP", vec![Role::Coordinator]).await;
        create_person(&app.db, "ana@pnp.gob.pe", PASSWORD, "PNP", vec![Role::Trainee]).await;
        // Another agency of the registry: known, but not this coordinator's.
        crate::helpers::create_person_in(&app.db, "x@pn.gov.co", PASSWORD, "CO", "Policía Nacional de Colombia", vec![Role::Trainee]).await;
        let coordinator = app.sign_in("coord@pnp.gob.pe", PASSWORD).await;
        let trainee = app.sign_in("ana@pnp.gob.pe", PASSWORD).await;
        let csv = format!("{HEADER}\
            one@pnp.gob.pe,One Officer,PE,PNP,,police,trainee,es\n\
            two@pn.gov.co,Two Officer,CO,Policía Nacional de Colombia,,police,trainee,es\n\
            three@pnp.gob.pe,Three Officer,PE,PNP,,police,instructor,es\n");
        assert_eq!(import(&app, &trainee, &csv, true).await.status(), 403);
        let report: Value = import(&app, &coordinator, &csv, true).await.json().await.unwrap();
        let lines = report["lines"].as_array().unwrap();
        assert_eq!(lines[0]["problems"].as_array().unwrap().len(), 0);
        assert!(lines[1]["problems"].to_string().contains("own agency"), "{report}");
        assert!(lines[2]["problems"].to_string().contains("only invite trainees"), "{report}");
        app.stop().await;
    }

    async fn the_upload_form_checks_then_imports_once(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        create_person(&app.db, "other@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        // The file names the PNP, which the registry knows from its officers.
        create_person(&app.db, "jefe@pnp.gob.pe", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let other = app.sign_in("other@picap.example.org", PASSWORD).await;
        let before = people(&app).await;

        let (content_type, body) = multipart("roster.csv", &format!("{HEADER}ana.soto@pnp.gob.pe,Ana Soto,PE,PNP,Mayor,police,trainee,es\n"));
        let uploaded = app.client.post(app.url("/admin/people/import/upload"))
            .header("cookie", &admin).header("content-type", content_type).body(body)
            .send().await.unwrap();
        assert!(uploaded.status().is_redirection(), "{}", uploaded.status());
        let location = uploaded.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/admin/people/import?batch="), "{location}");
        let batch = location.rsplit('=').next().unwrap().to_string();

        let page = app.get_with(&location, &admin).await.text().await.unwrap();
        assert!(page.contains("roster.csv") && page.contains("ana.soto@pnp.gob.pe"), "the report is shown");
        assert!(page.contains("Import and send invitations (1)"), "with a confirm button");
        assert_eq!(people(&app).await, before, "checking writes no account");

        let theirs = app.post_form("/api/confirm_import", &format!("batch={batch}"), &[("cookie", &other)]).await;
        assert_eq!(theirs.status(), 404, "another administrator's batch is not found");
        let confirmed = app.post_form("/api/confirm_import", &format!("batch={batch}"), &[("cookie", &admin)]).await;
        assert_eq!(confirmed.status(), 200);
        assert_eq!(people(&app).await, before + 1);
        let again = app.post_form("/api/confirm_import", &format!("batch={batch}"), &[("cookie", &admin)]).await;
        assert_eq!(again.status(), 409, "a batch is imported once");
        assert_eq!(people(&app).await, before + 1);

        let (content_type, body) = multipart("wrong.csv", "name,mail\nAna,ana@x.org\n");
        let bad = app.client.post(app.url("/admin/people/import/upload"))
            .header("cookie", &admin).header("content-type", content_type).body(body)
            .send().await.unwrap();
        assert_eq!(bad.headers()["location"], "/admin/people/import?error=columns");
        let page = app.get_with("/admin/people/import?error=columns", &admin).await.text().await.unwrap();
        assert!(page.contains("the first line must name the columns"), "the reason is shown");
        app.stop().await;
    }
}
