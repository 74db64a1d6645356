//! People and roles through `/api/v1/users`: role *and* relation checks.

use app::accounts::rules::{EmailAddress, NewPassword};
use app::accounts::service::{NewUser, create_user};
use app::accounts::{Affiliation, Role};
use app::i18n::Locale;
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, spawn_app};

const PASSWORD: &str = "a careful passphrase for tests";

async fn person(app: &TestApp, email: &str, agency: &str, roles: Vec<Role>) -> (i64, String) {
    let id = create_user(
        &app.db,
        NewUser {
            email: EmailAddress::parse(email).unwrap(),
            full_name: email.split('@').next().unwrap().replace('.', " "),
            country: "PE".to_string(),
            agency: agency.to_string(),
            rank: "Capitán".to_string(),
            affiliation: Affiliation::Police,
            preferred_language: Locale::Es,
            gender: None,
            roles,
            agency_id: None,
            self_registered: false,
        },
        Some(NewPassword::parse(PASSWORD).unwrap()),
    )
    .await
    .unwrap()
    .id;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    (id, cookie)
}

async fn put_roles(app: &TestApp, cookie: &str, id: i64, roles: Value) -> reqwest::Response {
    app.client
        .put(app.url(&format!("/api/v1/users/{id}/roles")))
        .header("cookie", cookie)
        .json(&json!({ "roles": roles }))
        .send()
        .await
        .unwrap()
}

async fn search(app: &TestApp, cookie: &str, q: &str) -> reqwest::Response {
    app.client
        .get(app.url(&format!("/api/v1/users?q={q}")))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

on_both_engines! {
    async fn only_administrators_change_roles_and_the_change_applies_at_once(engine: Engine) {
        let app = spawn_app(engine).await;
        let (admin, admin_cookie) = person(&app, "admin@oas.example.org", "OAS", vec![Role::Administrator]).await;
        let (instructor, instructor_cookie) = person(&app, "instructor@pnp.example.org", "PNP", vec![Role::Instructor]).await;
        let (trainee, trainee_cookie) = person(&app, "trainee@pnp.example.org", "PNP", vec![Role::Trainee]).await;

        // A trainee calling an administrator endpoint gets 403.
        assert_eq!(search(&app, &trainee_cookie, "").await.status(), 403);
        assert_eq!(put_roles(&app, &trainee_cookie, trainee, json!(["administrator"])).await.status(), 403);
        // An instructor cannot grant roles, neither to others nor to themself.
        assert_eq!(put_roles(&app, &instructor_cookie, trainee, json!(["instructor"])).await.status(), 403);
        assert_eq!(put_roles(&app, &instructor_cookie, instructor, json!(["administrator"])).await.status(), 403);
        // A missing person looks the same as an existing one to them: no id enumeration.
        assert_eq!(put_roles(&app, &trainee_cookie, 987654, json!(["trainee"])).await.status(), 403);
        // Without a session: 401.
        assert_eq!(put_roles(&app, "picap_session=nope", trainee, json!(["trainee"])).await.status(), 401);

        let granted = put_roles(&app, &admin_cookie, trainee, json!(["trainee", "instructor", "trainee"])).await;
        assert_eq!(granted.status(), 200);
        assert_eq!(granted.json::<Value>().await.unwrap()["roles"], json!(["trainee", "instructor"]));
        // The trainee's very next request sees the new role, in the same session.
        let me: Value = app.client.get(app.url("/api/v1/me")).header("cookie", &trainee_cookie).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["roles"], json!(["trainee", "instructor"]));

        // Bad input names the field.
        let bad = put_roles(&app, &admin_cookie, trainee, json!(["sheriff"])).await;
        assert_eq!(bad.status(), 422);
        assert!(bad.json::<Value>().await.unwrap()["errors"]["roles"].as_str().unwrap().contains("trainee"));
        let empty = put_roles(&app, &admin_cookie, trainee, json!([])).await;
        assert_eq!(empty.status(), 422);
        assert_eq!(put_roles(&app, &admin_cookie, 987654, json!(["trainee"])).await.status(), 404);

        // The last administrator keeps the role.
        let last = put_roles(&app, &admin_cookie, admin, json!(["trainee"])).await;
        assert_eq!(last.status(), 409);
        assert!(last.json::<Value>().await.unwrap()["detail"].as_str().unwrap().contains("last administrator"));
        // With a second administrator, the first may step down.
        put_roles(&app, &admin_cookie, trainee, json!(["administrator"])).await;
        assert_eq!(put_roles(&app, &admin_cookie, admin, json!(["trainee"])).await.status(), 200);
        // ...and has no administrator rights from the next request on.
        assert_eq!(search(&app, &admin_cookie, "").await.status(), 403);

        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, PaginatorTrait};
        let changes = entity::audit_log::Entity::find()
            .filter(entity::audit_log::Column::Event.eq("role_change"))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(changes, 3, "every role change is audited");
        app.stop().await;
    }

    async fn coordinators_see_only_their_own_agency(engine: Engine) {
        let app = spawn_app(engine).await;
        let (_, coordinator) = person(&app, "coord@pnp.example.org", "PNP", vec![Role::Coordinator]).await;
        person(&app, "officer.a@pnp.example.org", "PNP", vec![Role::Trainee]).await;
        let (other, _) = person(&app, "officer.b@pf.example.org", "PF", vec![Role::Trainee]).await;
        let (_, admin) = person(&app, "admin@oas.example.org", "OAS", vec![Role::Administrator]).await;

        let seen: Vec<Value> = search(&app, &coordinator, "officer").await.json().await.unwrap();
        let emails: Vec<&str> = seen.iter().map(|p| p["email"].as_str().unwrap()).collect();
        assert_eq!(emails, vec!["officer.a@pnp.example.org"]);
        assert_eq!(put_roles(&app, &coordinator, other, json!(["coordinator"])).await.status(), 403);

        let all: Vec<Value> = search(&app, &admin, "OFFICER").await.json().await.unwrap();
        assert_eq!(all.len(), 2, "administrators see every agency; search ignores case");
        app.stop().await;
    }
}

on_both_engines! {
    async fn the_people_page_asks_before_deactivating_and_names_each_person(engine: Engine) {
        let app = spawn_app(engine).await;
        let (_, admin) = person(&app, "admin.user@picap.example.org", "OAS", vec![Role::Administrator]).await;
        let (ana, _) = person(&app, "ana.quispe.de.la.cruz.huaman@policia.gob.pe", "PNP", vec![Role::Trainee]).await;
        let page = app.client.get(app.url("/admin/people?q=ana"))
            .header("cookie", &admin).header("accept-language", "es")
            .send().await.unwrap().text().await.unwrap();
        assert!(page.contains(r#"<details class="confirm confirm--danger""#), "deactivating asks first");
        assert!(page.contains("¿Desactivar la cuenta de ana quispe de la cruz huaman?"), "the question names the person");
        assert!(page.contains(r#"aria-label="Desactivar — ana quispe de la cruz huaman""#), "the first button has context");
        assert!(page.contains(r#"aria-label="Guardar roles — ana quispe de la cruz huaman""#), "so does saving roles");
        assert!(page.contains(r#"data-label="Institución""#), "cells carry their column's name");
        assert!(page.contains("Grado o cargo (opcional)"), "the optional field says so");

        // The confirmation's own form deactivates, without JavaScript.
        let referer = app.url("/admin/people?q=ana");
        let done = app.post_form("/api/set_person_active", &format!("user_id={ana}&active=false"),
            &[("accept", "text/html"), ("referer", &referer), ("cookie", &admin)]).await;
        assert!(done.status().is_redirection(), "{}", done.status());
        let stored = <entity::user::Entity as sea_orm::EntityTrait>::find_by_id(ana).one(&app.db).await.unwrap().unwrap();
        assert!(!stored.active, "the account is deactivated");
        app.stop().await;
    }

    async fn the_profile_lists_signed_in_devices_and_wraps_a_long_address(engine: Engine) {
        let app = spawn_app(engine).await;
        let (_, cookie) = person(&app, "maria.fernanda.gonzalez.de.la.torre@policia.gob.pe", "PNP", vec![Role::Trainee]).await;
        let page = app.client.get(app.url("/profile")).header("cookie", &cookie).header("accept-language", "es")
            .send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Dispositivos con sesión abierta"), "not to be mistaken for class sessions");
        assert!(!page.contains("Mis sesiones"));
        assert!(page.contains(r#"id="profile-email""#), "the address the style sheet wraps");
        assert!(page.contains(r#"data-label="Navegador y dirección""#), "cells carry their column's name");
        assert!(page.contains("Este dispositivo"));
        let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../style/main.css")).unwrap();
        assert!(css.contains("#profile-email") && css.contains("overflow-wrap: anywhere"), "a long address wraps");
        app.stop().await;
    }
}
