//! No course built twice: a module is compared with other agencies' modules by topics and by
//! the words of its titles and summaries in any language, and the closest are shown to its
//! author, on the API and on the module's form, in Spanish and in Portuguese.

use app::accounts::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, create_person, spawn_app};

const PASSWORD: &str = "protect and serve with care";

async fn post(app: &TestApp, cookie: &str, path: &str, body: &Value) -> Value {
    let response = app.send_json(Method::POST, path, body, Some(cookie)).await;
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap()
}

fn module(
    code: &str,
    lang: &str,
    title: &str,
    summary: &str,
    topics: &[&str],
    agency: &Value,
) -> Value {
    json!({
        "code": code,
        "title": {lang: title},
        "summary": {lang: summary},
        "topics": topics,
        "credits": 3, "hours": 40, "level": "introductory",
        "delivery_mode": "onsite", "audience": "police",
        "prerequisites": [], "status": "draft",
        "organising_agency_id": agency["id"],
    })
}

async fn lookalikes(app: &TestApp, cookie: &str, module: &Value) -> Vec<String> {
    let response = app
        .get_with(
            &format!("/api/v1/modules/{}/lookalikes", module["id"]),
            cookie,
        )
        .await;
    assert_eq!(response.status(), 200);
    let found: Vec<Value> = response.json().await.unwrap();
    found
        .iter()
        .filter_map(|l| l["code"].as_str().map(str::to_string))
        .collect()
}

on_both_engines! {
    async fn two_agencies_modules_on_one_subject_are_shown_to_each_other(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let agency = |name: &str, short: &str, country: &str| {
            json!({"name": name, "short_name": short, "country": country, "kind": "police"})
        };
        let pnp = post(&app, &admin, "/api/v1/agencies", &agency("Policía Nacional del Perú", "PNP", "PE")).await;
        let pf = post(&app, &admin, "/api/v1/agencies", &agency("Polícia Federal", "PF", "BR")).await;
        let topics = ["human_rights", "progressive_use_of_force"];
        let spanish = post(&app, &admin, "/api/v1/modules", &module(
            "PNP-DH-101", "es",
            "Derechos humanos en la detención policial",
            "Cómo detener respetando los derechos humanos y el uso progresivo de la fuerza.",
            &topics, &pnp,
        )).await;
        let portuguese = post(&app, &admin, "/api/v1/modules", &module(
            "PF-DH-101", "pt",
            "Direitos humanos na detenção policial",
            "Como deter respeitando os direitos humanos e o uso progressivo da força.",
            &topics, &pf,
        )).await;
        // The same agency's own module on the subject is not a duplicate across agencies.
        post(&app, &admin, "/api/v1/modules", &module(
            "PNP-DH-102", "es",
            "Derechos humanos en la detención policial, nivel dos",
            "Detención y derechos humanos.",
            &topics, &pnp,
        )).await;
        // Another subject of another agency is never shown.
        post(&app, &admin, "/api/v1/modules", &module(
            "PF-CIB-101", "pt",
            "Investigação de crimes cibernéticos",
            "Evidência digital e cadeia de custódia.",
            &["security_policy_management"], &pf,
        )).await;

        assert_eq!(lookalikes(&app, &admin, &spanish).await, ["PF-DH-101"]);
        let for_portuguese = lookalikes(&app, &admin, &portuguese).await;
        assert!(for_portuguese.contains(&"PNP-DH-101".to_string()), "{for_portuguese:?}");
        assert!(!for_portuguese.contains(&"PF-CIB-101".to_string()), "{for_portuguese:?}");

        // The author sees them on the module's form, in their language.
        for (module, other, lang, heading) in [
            (&spanish, "Direitos humanos na detenção policial", "es", "Módulos de otras instituciones parecidos a este"),
            (&portuguese, "Derechos humanos en la detención policial", "pt", "Módulos de outras instituições parecidos com este"),
        ] {
            let page = app.client
                .get(app.url(&format!("/admin/catalog/modules/{}", module["id"])))
                .header("cookie", format!("{admin}; picap_lang={lang}"))
                .send()
                .await
                .unwrap();
            assert_eq!(page.status(), 200);
            let html = page.text().await.unwrap();
            assert!(html.contains(heading), "{lang}: heading");
            assert!(html.contains(other), "{lang}: the other agency's module");
            assert!(html.contains("Polícia Federal") || html.contains("Policía Nacional del Perú"));
        }

        // Administrators see every such pair with its score; nobody else does.
        let pairs = app.get_with("/api/v1/module-lookalikes", &admin).await;
        let pairs: Vec<Value> = pairs.json().await.unwrap();
        let codes: Vec<(String, String, u64)> = pairs
            .iter()
            .map(|p| (
                p["first"]["code"].as_str().unwrap_or_default().to_string(),
                p["second"]["code"].as_str().unwrap_or_default().to_string(),
                p["first"]["likeness"].as_u64().unwrap_or_default(),
            ))
            .collect();
        assert!(codes.iter().any(|(a, b, score)| {
            [a.as_str(), b.as_str()].contains(&"PNP-DH-101") && [a.as_str(), b.as_str()].contains(&"PF-DH-101") && *score >= 35
        }), "{codes:?}");
        assert!(!codes.iter().any(|(a, b, _)| a.starts_with("PNP") && b.starts_with("PNP")), "{codes:?}");
        create_person(&app.db, "trainee@picap.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let trainee = app.sign_in("trainee@picap.example.org", PASSWORD).await;
        let refused = app.get_with("/api/v1/module-lookalikes", &trainee).await;
        assert_eq!(refused.status(), 403);
        app.stop().await;
    }
}
