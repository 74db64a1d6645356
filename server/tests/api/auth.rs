//! Sign-in, sessions, sign-out and lockout through `/api/v1`.

use std::collections::HashMap;

use app::accounts::rules::{EmailAddress, NewPassword};
use app::accounts::service::{NewUser, create_user};
use app::accounts::{Affiliation, Role};
use app::i18n::Locale;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, spawn_app};

const PASSWORD: &str = "protect and serve with care";

async fn officer(app: &TestApp, email: &str) -> i64 {
    create_user(
        &app.db,
        NewUser {
            email: EmailAddress::parse(email).unwrap(),
            full_name: "Lucía Fernández".to_string(),
            country: "AR".to_string(),
            agency: "Policía Federal Argentina".to_string(),
            rank: "Subcomisaria".to_string(),
            affiliation: Affiliation::Police,
            preferred_language: Locale::Es,
            gender: None,
            roles: vec![Role::Trainee],
            agency_id: None,
            self_registered: false,
        },
        Some(NewPassword::parse(PASSWORD).unwrap()),
    )
    .await
    .unwrap()
    .id
}

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

fn session_cookie(response: &reqwest::Response) -> String {
    let set = response.headers()["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_string()
}

async fn me(app: &TestApp, cookie: &str) -> reqwest::Response {
    app.client
        .get(app.url("/api/v1/me"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

async fn audit_events(app: &TestApp, user_id: i64) -> HashMap<String, usize> {
    let rows = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::SubjectUserId.eq(user_id))
        .all(&app.db)
        .await
        .unwrap();
    let mut counts = HashMap::new();
    for row in rows {
        *counts.entry(row.event).or_insert(0) += 1;
    }
    counts
}

on_both_engines! {
    async fn sign_in_opens_a_session_and_sign_out_ends_it_on_the_server(engine: Engine) {
        let app = spawn_app(engine).await;
        let id = officer(&app, "lucia.fernandez@policia.example.org").await;

        let response = login(&app, "Lucia.Fernandez@Policia.example.org", PASSWORD).await;
        assert_eq!(response.status(), 200);
        let set_cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(set_cookie.starts_with("picap_session="), "{set_cookie}");
        for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(set_cookie.contains(attribute), "{set_cookie} has {attribute}");
        }
        assert_eq!(response.headers()["cache-control"], "no-store");
        let cookie = session_cookie(&response);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["id"], id);
        assert_eq!(body["roles"], json!(["trainee"]));

        let who = me(&app, &cookie).await;
        assert_eq!(who.status(), 200);
        let who: Value = who.json().await.unwrap();
        assert_eq!(who["email"], "lucia.fernandez@policia.example.org");
        assert_eq!(who["preferred_language"], "es");

        // A second sign-in gets a different session id.
        let second = session_cookie(&login(&app, "lucia.fernandez@policia.example.org", PASSWORD).await);
        assert_ne!(second, cookie);

        let out = app.client.post(app.url("/api/v1/auth/logout")).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(out.status(), 204);
        assert!(out.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
        // The replayed cookie is dead; the other session lives on.
        assert_eq!(me(&app, &cookie).await.status(), 401);
        assert_eq!(me(&app, &second).await.status(), 200);

        let events = audit_events(&app, id).await;
        assert_eq!(events.get("login"), Some(&2));
        assert_eq!(events.get("logout"), Some(&1));
        app.stop().await;
    }

    async fn wrong_password_and_unknown_address_get_the_same_answer(engine: Engine) {
        let app = spawn_app(engine).await;
        officer(&app, "marco.silva@policia.example.org").await;
        let wrong = login(&app, "marco.silva@policia.example.org", "not the right password").await;
        let unknown = login(&app, "nobody@policia.example.org", "not the right password").await;
        let malformed = login(&app, "not-an-address", "x").await;
        let mut bodies = Vec::new();
        for response in [wrong, unknown, malformed] {
            assert_eq!(response.status(), 401);
            assert!(response.headers().get("set-cookie").is_none());
            let body: Value = response.json().await.unwrap();
            bodies.push(body["detail"].as_str().unwrap().to_string());
        }
        assert!(bodies.iter().all(|b| b == "Email or password is incorrect."), "{bodies:?}");
        assert_eq!(me(&app, "picap_session=forged").await.status(), 401);
        assert_eq!(app.get("/api/v1/me").await.status(), 401);
        app.stop().await;
    }

    async fn fifty_concurrent_wrong_sign_ins_lock_the_account(engine: Engine) {
        let app = spawn_app(engine).await;
        let id = officer(&app, "target@policia.example.org").await;
        let mut tasks = Vec::new();
        for i in 0..50 {
            let client = app.client.clone();
            let url = app.url("/api/v1/auth/login");
            tasks.push(tokio::spawn(async move {
                client
                    .post(url)
                    .json(&json!({"email": "target@policia.example.org", "password": format!("guess number {i}")}))
                    .send()
                    .await
                    .unwrap()
            }));
        }
        let mut statuses = HashMap::new();
        for task in tasks {
            let response = task.await.unwrap();
            let status = response.status().as_u16();
            if status == 429 {
                let retry: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
                assert!((1..=60).contains(&retry), "first lockout is a minute: {retry}");
            }
            *statuses.entry(status).or_insert(0) += 1;
        }
        assert_eq!(statuses.get(&401), Some(&5), "exactly five guesses were checked: {statuses:?}");
        assert_eq!(statuses.get(&429), Some(&45), "{statuses:?}");
        // Even the right password waits now.
        let locked = login(&app, "target@policia.example.org", PASSWORD).await;
        assert_eq!(locked.status(), 429);
        assert!(locked.headers().contains_key("retry-after"));
        let events = audit_events(&app, id).await;
        assert_eq!(events.get("lockout"), Some(&1));
        assert_eq!(events.get("login_failed"), Some(&5));
        app.stop().await;
    }

    async fn a_success_clears_the_failure_count(engine: Engine) {
        let app = spawn_app(engine).await;
        officer(&app, "reset@policia.example.org").await;
        for _ in 0..4 {
            assert_eq!(login(&app, "reset@policia.example.org", "wrong password here").await.status(), 401);
        }
        assert_eq!(login(&app, "reset@policia.example.org", PASSWORD).await.status(), 200);
        for _ in 0..4 {
            assert_eq!(login(&app, "reset@policia.example.org", "wrong password here").await.status(), 401);
        }
        assert_eq!(login(&app, "reset@policia.example.org", PASSWORD).await.status(), 200, "not locked");
        app.stop().await;
    }
}

on_both_engines! {
    async fn the_sign_in_form_works_without_javascript(engine: Engine) {
        let app = spawn_app(engine).await;
        officer(&app, "form.user@policia.example.org").await;
        let referer = app.url("/sign-in");
        let body = "email=form.user%40policia.example.org&password=protect+and+serve+with+care";
        let response = app.post_form("/api/sign_in", body, &[("accept", "text/html"), ("referer", &referer)]).await;
        assert!(response.status().is_redirection(), "{}", response.status());
        assert_eq!(response.headers()["location"], "/");
        let cookie = session_cookie(&response);

        let home = app.client.get(app.url("/")).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(home.headers()["cache-control"], "no-store", "a signed-in page is not cached");
        let html = home.text().await.unwrap();
        assert!(html.contains("Signed in as Lucía Fernández"), "the header names the person");

        let out = app.post_form("/api/sign_out", "", &[("accept", "text/html"), ("cookie", &cookie)]).await;
        assert!(out.status().is_redirection());
        assert_eq!(me(&app, &cookie).await.status(), 401);
        app.stop().await;
    }

    async fn a_refused_sign_in_says_why_in_the_visitors_language(engine: Engine) {
        let app = spawn_app(engine).await;
        officer(&app, "form.user@policia.example.org").await;
        let body = "email=form.user%40policia.example.org&password=wrong+password+typed";
        let response = app.post_form("/api/sign_in", body, &[("accept-language", "es")]).await;
        assert_eq!(response.status(), 422);
        assert!(response.headers().get("set-cookie").is_none());
        let text = response.text().await.unwrap();
        assert!(text.contains("El correo o la contraseña no son correctos."), "{text}");
        app.stop().await;
    }
}

/// Every cookie a response sets, as a `Cookie` header sends them back (a refused plain form
/// post sets the refusal and the typed values).
fn cookies_set(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ")
}

on_both_engines! {
    async fn a_sign_in_returns_to_next_on_this_site_and_nowhere_else(engine: Engine) {
        let app = spawn_app(engine).await;
        officer(&app, "next.user@policia.example.org").await;
        let referer = app.url("/sign-in?next=%2Fmodules%2FPICAP-HR-101");
        let sign_in = |next: &'static str| {
            let body = format!(
                "email=next.user%40policia.example.org&password=protect+and+serve+with+care&next={next}"
            );
            let referer = referer.clone();
            let app = &app;
            async move {
                app.post_form("/api/sign_in", &body, &[("accept", "text/html"), ("referer", &referer)]).await
            }
        };
        let response = sign_in("%2Fmodules%2FPICAP-HR-101").await;
        assert_eq!(response.status(), 302);
        assert_eq!(response.headers()["location"], "/modules/PICAP-HR-101", "back to the course");
        assert!(session_cookie(&response).contains("picap_session="), "signed in");

        // Another site, however it is written, falls back to the home page.
        for off_site in [
            "%2F%2Fevil.example",           // //evil.example
            "https%3A%2F%2Fevil.example",   // https://evil.example
            "%2F%5Cevil",                   // /\evil
            "%2F%09%2Fevil.example",        // /<tab>/evil.example
            "%2Fsign-in",                   // a loop
        ] {
            let response = sign_in(off_site).await;
            assert_eq!(response.status(), 302, "{off_site}");
            assert_eq!(response.headers()["location"], "/", "{off_site} falls back");
        }
        app.stop().await;
    }

    async fn a_wrong_password_keeps_next_and_the_page_carries_it_to_registration(engine: Engine) {
        let app = spawn_app(engine).await;
        officer(&app, "next.user@policia.example.org").await;
        let page = app.get("/sign-in?next=%2Fmodules%2FPICAP-HR-101").await.text().await.unwrap();
        assert!(page.contains(r#"name="next" value="/modules/PICAP-HR-101""#), "hidden field");
        assert!(
            page.contains(r#"href="/register?next=/modules/PICAP-HR-101""#),
            "the create-an-account link carries next"
        );
        let evil = app.get("/sign-in?next=%2F%2Fevil.example").await.text().await.unwrap();
        assert!(!evil.contains(r#"name="next""#), "an off-site next is not kept");
        assert!(!evil.contains("evil.example"), "nor written anywhere on the page");

        let referer = app.url("/sign-in?next=%2Fmodules%2FPICAP-HR-101");
        let body = "email=next.user%40policia.example.org&password=wrong+password+typed\
                    &next=%2Fmodules%2FPICAP-HR-101";
        let refused = app.post_form("/api/sign_in", body, &[("accept", "text/html"), ("referer", &referer)]).await;
        assert_eq!(refused.status(), 302);
        let location = refused.headers()["location"].to_str().unwrap().to_string();
        assert!(location.ends_with("/sign-in?next=%2Fmodules%2FPICAP-HR-101"), "{location}");
        let again = app.client.get(app.url("/sign-in?next=%2Fmodules%2FPICAP-HR-101"))
            .header("cookie", cookies_set(&refused)).send().await.unwrap().text().await.unwrap();
        assert!(again.contains("Email or password is incorrect."), "the refusal is said");
        assert!(again.contains(r#"name="next" value="/modules/PICAP-HR-101""#), "next survives the refusal");
        app.stop().await;
    }
}
