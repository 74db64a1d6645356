use serde_json::Value;

use crate::helpers::{Engine, spawn_app};

on_both_engines! {
    async fn health_reports_the_engine_in_use(engine: Engine) {
        let app = spawn_app(engine).await;
        let response = app.get("/api/v1/health").await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
        assert!(response.headers().contains_key("x-request-id"), "every response carries a request id");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["status"], "ok");
        assert_eq!(body["database"], engine.name());
        assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
        app.stop().await;
    }

    async fn health_is_503_with_a_reason_when_the_database_is_gone(engine: Engine) {
        let (db, database) = crate::helpers::fresh_db(engine).await;
        // Closing one handle closes the pool the server shares.
        db.clone().close().await.unwrap();
        let config = crate::helpers::test_config(&database.url, None);
        let server = server::startup::Application::build_with_db(config, db).await.unwrap();
        let port = server.port();
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let running = tokio::spawn(async move { server.run_until(stop_rx).await });
        let response = reqwest::get(format!("http://127.0.0.1:{port}/api/v1/health")).await.unwrap();
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["status"], 503);
        let detail = body["detail"].as_str().unwrap();
        assert!(detail.contains(engine.name()) && detail.contains("does not answer"), "{detail}");
        let _ = stop.send(true);
        let _ = running.await;
    }

    async fn openapi_lists_every_api_path(engine: Engine) {
        let app = spawn_app(engine).await;
        let response = app.get("/api/v1/openapi.json").await;
        assert_eq!(response.status(), 200);
        let doc: Value = response.json().await.unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        let paths = doc["paths"].as_object().unwrap();
        for path in ["/api/v1/health", "/api/v1/openapi.json"] {
            assert!(paths.contains_key(path), "{path} is documented");
            // And it is really served.
            assert_eq!(app.get(path).await.status(), 200, "{path} is served");
        }
        for path in ["/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/me", "/api/v1/users", "/api/v1/users/{id}/roles"] {
            assert!(paths.contains_key(path), "{path} is documented");
        }
        assert!(doc["components"]["schemas"]["Problem"].is_object());
        app.stop().await;
    }

    async fn unknown_api_paths_answer_with_problem_json(engine: Engine) {
        let app = spawn_app(engine).await;
        let response = app.get("/api/v1/no-such-thing").await;
        assert_eq!(response.status(), 404);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["status"], 404);
        assert_eq!(body["title"], "Not Found");
        app.stop().await;
    }
}
