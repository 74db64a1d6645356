//! Request protection: cross-origin refusals, security headers, server-function encodings.

use crate::helpers::{Engine, spawn_app};

async fn post_language(
    app: &crate::helpers::TestApp,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    app.post_form("/api/set_language", "lang=pt", headers).await
}

on_both_engines! {
    async fn a_cross_origin_post_is_refused(engine: Engine) {
        let app = spawn_app(engine).await;
        for headers in [
            &[("origin", "https://evil.example")][..],
            &[("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")][..],
            &[("sec-fetch-site", "same-site")][..],
        ] {
            let response = post_language(&app, headers).await;
            assert_eq!(response.status(), 403, "{headers:?}");
            assert_eq!(response.headers()["content-type"], "application/problem+json");
            assert!(response.headers().get("set-cookie").is_none(), "nothing was changed");
        }
        // The same request from the site itself goes through.
        let same = post_language(&app, &[("sec-fetch-site", "same-origin")]).await;
        assert_eq!(same.status(), 200);
        assert!(same.headers()["set-cookie"].to_str().unwrap().starts_with("picap_lang=pt"));
        app.stop().await;
    }

    async fn pages_carry_a_nonce_based_content_security_policy(engine: Engine) {
        let app = spawn_app(engine).await;
        let response = app.get("/").await;
        let csp = response.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        assert_eq!(response.headers()["referrer-policy"], "strict-origin-when-cross-origin");
        let html = response.text().await.unwrap();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("the policy names a nonce");
        assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the bootstrap script carries it");
        assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(!csp.contains("'unsafe-inline'"), "{csp}");
        // Each response gets its own nonce.
        let again = app.get("/").await;
        assert_ne!(again.headers()["content-security-policy"].to_str().unwrap(), csp);
        // JSON gets the strict default policy.
        let api = app.get("/api/v1/health").await;
        assert_eq!(api.headers()["content-security-policy"], server::security::DEFAULT_CSP);
        app.stop().await;
    }
}

#[test]
fn no_server_function_changes_state_through_get() {
    let functions: Vec<_> = leptos::server_fn::axum::server_fn_paths().collect();
    assert!(
        functions
            .iter()
            .any(|(path, _)| path.ends_with("/set_language")),
        "the enumeration sees the server functions: {functions:?}"
    );
    for (path, method) in functions {
        assert_ne!(method, http::Method::GET, "{path} uses a GET encoding");
    }
}
