//! The API contract: what the OpenAPI document promises about parameters and bodies, the server
//! keeps. Out-of-range query values are refused with a problem naming the parameter (never
//! clamped), in the caller's language; a body that is not JSON is refused with 415.

use app::accounts::Role;
use reqwest::Method;
use serde_json::Value;

use crate::helpers::{Engine, create_person, spawn_app};

const PASSWORD: &str = "protect and serve with care";

/// The range the document gives the query parameter `name` of `GET path`.
fn documented_range(doc: &Value, path: &str, name: &str) -> (u64, u64) {
    let parameters = doc["paths"][path]["get"]["parameters"]
        .as_array()
        .unwrap_or_else(|| panic!("{path} has parameters"));
    let parameter = parameters
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{path} documents {name}"));
    let schema = &parameter["schema"];
    (
        schema["minimum"]
            .as_u64()
            .unwrap_or_else(|| panic!("{path} {name} minimum: {schema}")),
        schema["maximum"]
            .as_u64()
            .unwrap_or_else(|| panic!("{path} {name} maximum: {schema}")),
    )
}

on_both_engines! {
    async fn query_values_out_of_their_documented_range_are_refused_naming_the_parameter(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        // (path, parameter): every bounded parameter of the document.
        let bounded = [
            ("/api/v1/modules", "page"),
            ("/api/v1/modules", "per_page"),
            ("/api/v1/offerings", "page"),
            ("/api/v1/offerings", "per_page"),
            ("/api/v1/audit", "page"),
            ("/api/v1/audit", "per_page"),
            ("/api/v1/audit.csv", "per_page"),
            ("/api/v1/users", "limit"),
        ];
        for (path, name) in bounded {
            let (min, max) = documented_range(&doc, path, name);
            assert_eq!(min, 1, "{path} {name}");
            for inside in [min, max] {
                let response = app.get_with(&format!("{path}?{name}={inside}"), &admin).await;
                assert_eq!(response.status(), 200, "{path}?{name}={inside}");
            }
            for outside in [min - 1, max + 1] {
                let url = format!("{path}?{name}={outside}");
                let response = app.get_with(&url, &admin).await;
                assert_eq!(response.status(), 400, "{url}");
                assert_eq!(response.headers()["content-type"], "application/problem+json", "{url}");
                let problem: Value = response.json().await.unwrap();
                let reason = format!("expected a whole number from {min} to {max}");
                assert_eq!(problem["errors"][name], reason, "{url}: {problem}");
                assert_eq!(
                    problem["detail"],
                    format!("The query parameter “{name}” is not valid: {reason}"),
                    "{url}"
                );
            }
        }

        // In the caller's language.
        let spanish = app.client.get(app.url("/api/v1/offerings?per_page=101"))
            .header("accept-language", "es").send().await.unwrap();
        assert_eq!(spanish.status(), 400);
        let problem: Value = spanish.json().await.unwrap();
        assert_eq!(problem["errors"]["per_page"], "se esperaba un número entero de 1 a 100", "{problem}");

        // The page echoed is the page asked for: nothing is clamped.
        let last: Value = app.get("/api/v1/offerings?page=100000&per_page=100").await.json().await.unwrap();
        assert_eq!((last["page"].as_u64(), last["per_page"].as_u64(), &last["items"]), (Some(100_000), Some(100), &Value::Array(vec![])));
        app.stop().await;
    }

    async fn unknown_filter_codes_are_refused_not_ignored(engine: Engine) {
        let app = spawn_app(engine).await;
        for (url, name) in [
            ("/api/v1/modules?mode=hybrid", "mode"),
            ("/api/v1/modules?audience=everyone", "audience"),
            ("/api/v1/modules?language=de", "language"),
            ("/api/v1/modules?country=XX", "country"),
            ("/api/v1/agencies?country=Colombia", "country"),
        ] {
            let response = app.get(url).await;
            assert_eq!(response.status(), 400, "{url}");
            let problem: Value = response.json().await.unwrap();
            assert_eq!(problem["errors"][name], "not one of the values this parameter takes", "{url}: {problem}");
        }
        for url in ["/api/v1/modules?mode=ONSITE&language=es&country=co&audience=police", "/api/v1/agencies?country=cl"] {
            assert_eq!(app.get(url).await.status(), 200, "{url}: codes in any case");
        }
        app.stop().await;
    }

    async fn a_body_not_sent_as_json_is_refused_with_415_and_a_malformed_one_with_400(engine: Engine) {
        let app = spawn_app(engine).await;
        let plain = app.client.post(app.url("/api/v1/auth/login"))
            .header("content-type", "text/plain")
            .header("accept-language", "fr")
            .body(r#"{"email":"a@b.example.org","password":"x"}"#)
            .send().await.unwrap();
        assert_eq!(plain.status(), 415);
        assert_eq!(plain.headers()["content-type"], "application/problem+json");
        let problem: Value = plain.json().await.unwrap();
        assert_eq!(problem["detail"], "Envoyez le corps de la requête en JSON, avec l’en-tête Content-Type: application/json.");

        let malformed = app.client.post(app.url("/api/v1/auth/login"))
            .header("content-type", "application/json")
            .body("{\"email\":")
            .send().await.unwrap();
        assert_eq!(malformed.status(), 400);
        let problem: Value = malformed.json().await.unwrap();
        assert!(problem["errors"]["body"].is_string(), "{problem}");

        let shapeless = app.send_json(Method::POST, "/api/v1/auth/login", &serde_json::json!({"email": 5}), None).await;
        assert_eq!(shapeless.status(), 400);
        app.stop().await;
    }
}
