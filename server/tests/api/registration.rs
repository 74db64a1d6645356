//! Self-registration, the per-address limit and forms without JavaScript.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, cookie_pair, spawn_app, spawn_app_with};

const PASSWORD: &str = "ruta de la sal 2026";

fn registration(email: &str) -> Value {
    json!({
        "email": email,
        "password": PASSWORD,
        "full_name": "Ana Pérez",
        "country": "co",
        "requested_agency": "Policía Nacional de Colombia",
        "rank": "Capitana",
        "affiliation": "police",
        "preferred_language": "es"
    })
}

async fn register(app: &TestApp, body: &Value, language: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/register"))
        .header("accept-language", language)
        .json(body)
        .send()
        .await
        .unwrap()
}

on_both_engines! {
    async fn registration_creates_a_trainee_who_can_sign_in(engine: Engine) {
        let app = spawn_app(engine).await;
        let response = register(&app, &registration("Ana.Perez@Policia.gov.co"), "es").await;
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["email"], "ana.perez@policia.gov.co");
        assert_eq!(body["roles"], json!(["trainee"]));
        assert_eq!(body["country"], "CO");

        let stored = entity::user::Entity::find_by_id(body["id"].as_i64().unwrap());
        use sea_orm::EntityTrait;
        let stored = stored.one(&app.db).await.unwrap().unwrap();
        assert!(stored.password_hash.unwrap().starts_with("$argon2id$v=19$m=19456,t=2,p=1"));

        let cookie = app.sign_in("ana.perez@policia.gov.co", PASSWORD).await;
        let me: Value = app.get_with("/api/v1/me", &cookie).await.json().await.unwrap();
        assert_eq!(me["full_name"], "Ana Pérez");

        let again = register(&app, &registration("ANA.PEREZ@policia.gov.co"), "en").await;
        assert_eq!(again.status(), 409, "the address is taken whatever its case");
        app.stop().await;
    }

    async fn bad_registrations_name_every_field_in_the_callers_language(engine: Engine) {
        let app = spawn_app(engine).await;
        let mut body = registration("not-an-address");
        body["password"] = json!("short");
        body["country"] = json!("XX");
        body["affiliation"] = json!("military");
        let response = register(&app, &body, "es").await;
        assert_eq!(response.status(), 422);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let problem: Value = response.json().await.unwrap();
        let errors = problem["errors"].as_object().unwrap();
        let mut fields: Vec<_> = errors.keys().cloned().collect();
        fields.sort();
        assert_eq!(fields, ["affiliation", "country", "email", "password"]);
        assert!(errors["password"].as_str().unwrap().starts_with("Contraseña"), "{errors:?}");

        let mut common = registration("ana@policia.gov.co");
        common["password"] = json!("1qaz2wsx3edc");
        let problem: Value = register(&app, &common, "en").await.json().await.unwrap();
        assert!(
            problem["errors"]["password"].as_str().unwrap().contains("most common"),
            "{problem}"
        );
        let count = sea_orm::PaginatorTrait::count(
            <entity::user::Entity as sea_orm::EntityTrait>::find(), &app.db).await.unwrap();
        assert_eq!(count, 0, "nothing was written");
        app.stop().await;
    }

    async fn the_per_address_limit_answers_429_with_retry_after(engine: Engine) {
        let app = spawn_app_with(engine, |config| config.ip_rate_limit = 3).await;
        crate::helpers::well_inside_a_minute().await;
        for attempt in 1..=3 {
            let response = app.send_json(Method::POST, "/api/v1/auth/login",
                &json!({"email": "nobody@example.org", "password": "wrong password here"}), None).await;
            assert_eq!(response.status(), 401, "attempt {attempt} is within the limit");
        }
        let refused = app.send_json(Method::POST, "/api/v1/auth/login",
            &json!({"email": "nobody@example.org", "password": "wrong password here"}), None).await;
        assert_eq!(refused.status(), 429);
        let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        // Registration has its own counter; the sign-in form shares the sign-in one.
        assert_eq!(register(&app, &registration("new@policia.gov.co"), "en").await.status(), 201);
        let form = app.post_form("/api/sign_in", "email=a%40b.org&password=whatever+it+is", &[]).await;
        assert_eq!(form.status(), 429);
        app.stop().await;
    }

    async fn a_refused_form_without_javascript_comes_back_with_errors_and_typed_values(engine: Engine) {
        let app = spawn_app(engine).await;
        let referer = app.url("/register");
        let body = "email=ana%40policia.gov.co&password=short&full_name=Ana+P%C3%A9rez+Quintero\
                    &country=CO&requested_agency=Polic%C3%ADa+Nacional&rank=Capitana&affiliation=police\
                    &gender=&preferred_language=es";
        let response = app.post_form("/api/register", body,
            &[("accept", "text/html"), ("referer", &referer), ("accept-language", "en")]).await;
        assert_eq!(response.status(), 302, "a plain form post is sent back to the form");
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(location, referer, "back to the form, the refusal out of the address");
        assert!(!location.contains("Quintero"), "typed values stay out of the URL");
        let cookies = cookies_set(&response);
        assert!(cookies.contains("picap_typed="), "{cookies}");

        let page = app.client.get(&location).header("cookie", &cookies).send().await.unwrap();
        let cleared = page.headers().get_all("set-cookie").iter()
            .any(|v| v.to_str().unwrap().starts_with("picap_typed=;"));
        assert!(cleared, "the typed values are shown once");
        let html = page.text().await.unwrap();
        assert!(html.contains("value=\"Ana Pérez Quintero\""), "the name typed is kept");
        assert!(html.contains("Password: use at least 12 characters."), "the error is inline");
        assert!(!html.contains("value=\"short\""), "a password is never echoed");
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
    async fn registering_from_a_course_lands_back_on_it_with_a_welcome(engine: Engine) {
        let app = spawn_app(engine).await;
        let page = app.get("/register?next=%2Fmodules%2FPICAP-HR-101").await.text().await.unwrap();
        assert!(page.contains(r#"name="next" value="/modules/PICAP-HR-101""#), "hidden field");
        assert!(page.contains(r#"href="/sign-in?next=/modules/PICAP-HR-101""#), "sign-in link keeps it");

        let form = |email: &str, next: &str| {
            format!(
                "email={email}&password=ruta+de+la+sal+2026&full_name=Ana+P%C3%A9rez&country=CO\
                 &requested_agency=Polic%C3%ADa+Nacional&rank=&affiliation=police&gender=female\
                 &preferred_language=es&next={next}"
            )
        };
        let referer = app.url("/register?next=%2Fmodules%2FPICAP-HR-101");
        let headers = [("accept", "text/html"), ("referer", referer.as_str()), ("accept-language", "es")];
        let response = app.post_form("/api/register",
            &form("ana%40policia.gov.co", "%2Fmodules%2FPICAP-HR-101"), &headers).await;
        assert_eq!(response.status(), 302);
        assert_eq!(response.headers()["location"], "/modules/PICAP-HR-101?welcome=1");
        let cookie = cookie_pair(&response);
        let me: Value = app.get_with("/api/v1/me", &cookie).await.json().await.unwrap();
        assert_eq!(me["email"], "ana@policia.gov.co", "the new person is signed in");

        let elsewhere = app.post_form("/api/register",
            &form("bea%40policia.gov.co", "https%3A%2F%2Fevil.example"), &headers).await;
        assert_eq!(elsewhere.status(), 302);
        assert_eq!(elsewhere.headers()["location"], "/profile?saved=welcome", "an off-site next falls back");

        let welcome = app.client.get(app.url("/profile?saved=welcome"))
            .header("cookie", cookie_pair(&elsewhere)).header("accept-language", "es")
            .send().await.unwrap().text().await.unwrap();
        assert!(welcome.contains("Le damos la bienvenida a PICAP"), "the welcome is neutral");
        app.stop().await;
    }

    async fn a_refused_registration_keeps_next(engine: Engine) {
        let app = spawn_app(engine).await;
        let referer = app.url("/register?next=%2Fmodules%2FPICAP-HR-101");
        let body = "email=ana%40policia.gov.co&password=short&full_name=Ana+P%C3%A9rez\
                    &country=CO&requested_agency=Polic%C3%ADa+Nacional&rank=&affiliation=police\
                    &gender=&preferred_language=es&next=%2Fmodules%2FPICAP-HR-101";
        let response = app.post_form("/api/register", body,
            &[("accept", "text/html"), ("referer", &referer), ("accept-language", "en")]).await;
        assert_eq!(response.status(), 302);
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert!(location.ends_with("/register?next=%2Fmodules%2FPICAP-HR-101"), "{location}");
        let page = app.client.get(app.url("/register?next=%2Fmodules%2FPICAP-HR-101"))
            .header("cookie", cookies_set(&response)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Password: use at least 12 characters."), "the refusal is said");
        assert!(page.contains("value=\"Ana Pérez\""), "what was typed is kept");
        assert!(page.contains(r#"name="next" value="/modules/PICAP-HR-101""#), "next survives the refusal");
        app.stop().await;
    }
}
