//! Route inventory: every `/api/v1` route, every other axum route and every server function
//! declares its access, and every declaration names something that exists.

use std::collections::BTreeSet;

use server::api::v1::routes::{self, PREFIX};
use server::{server_fns, site_routes};

use crate::helpers::{Engine, spawn_app};

/// The OpenAPI document's operations as (METHOD, path).
fn documented(doc: &serde_json::Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            out.insert((method.to_uppercase(), path.clone()));
        }
    }
    out
}

#[test]
fn every_server_function_declares_its_access_and_every_declaration_is_registered() {
    let registered = server_fns::registered();
    assert!(
        !registered.is_empty(),
        "the registry lists server functions"
    );
    let undeclared: Vec<_> = registered
        .iter()
        .filter(|(path, _)| server_fns::declared(path).is_none())
        .collect();
    assert!(
        undeclared.is_empty(),
        "server functions without a declared access (add them to server/src/server_fns.rs): {undeclared:?}"
    );
    let paths: BTreeSet<_> = registered.iter().map(|(path, _)| path.as_str()).collect();
    let stale: Vec<_> = server_fns::SERVER_FNS
        .iter()
        .filter(|(path, _)| !paths.contains(path))
        .collect();
    assert!(stale.is_empty(), "declared but not registered: {stale:?}");
    let mut seen = BTreeSet::new();
    for (path, _) in server_fns::SERVER_FNS {
        assert!(seen.insert(*path), "{path} is declared twice");
    }
}

#[test]
fn the_api_table_is_the_document_and_has_no_duplicates() {
    let inventory = routes::inventory();
    let mut seen = BTreeSet::new();
    for route in &inventory {
        assert!(
            route.path.starts_with(PREFIX),
            "{} {} is documented outside {PREFIX}",
            route.method,
            route.path
        );
        assert!(
            seen.insert((route.method.to_string(), route.path.clone())),
            "{} {} is in the table twice",
            route.method,
            route.path
        );
    }
    let doc = serde_json::to_value(server::api::v1::openapi()).expect("document serialises");
    assert_eq!(
        documented(&doc),
        seen,
        "the document lists exactly the table"
    );
}

#[test]
fn other_routes_are_declared_once() {
    let mut seen = BTreeSet::new();
    for route in site_routes::ROUTES {
        assert!(
            seen.insert((route.method.to_string(), route.path)),
            "{} {} is declared twice",
            route.method,
            route.path
        );
        assert!(
            !route.path.starts_with("/api/"),
            "{} belongs to the API",
            route.path
        );
    }
}

/// Every `.route(` or `.nest(` of the server is one of the tables' or the two known nestings:
/// a route added beside the tables would have no declared access.
#[test]
fn no_route_is_added_outside_the_tables() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let tables = ["api/v1/routes.rs", "site_routes.rs"];
    let mut stack = vec![root.clone()];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("source directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(&root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            if tables.contains(&relative.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source file");
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                let nests = code.contains(".nest(") || code.contains(".nest_service(");
                let known = code.contains("\"/api/v1\"") || code.contains("site_pkg_dir");
                if code.contains(".route(") || code.contains(".route_service(") || (nests && !known)
                {
                    found.push(format!("{relative}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "routes added outside server/src/api/v1/routes.rs and server/src/site_routes.rs: {found:#?}"
    );
}

on_both_engines! {
    async fn every_declared_api_route_is_served(engine: Engine) {
        let app = spawn_app(engine).await;
        let served = app.get("/api/v1/openapi.json").await;
        assert_eq!(served.status(), 200);
        let doc: serde_json::Value = served.json().await.unwrap();
        let table: BTreeSet<_> = routes::inventory()
            .into_iter()
            .map(|r| (r.method.to_string(), r.path))
            .collect();
        assert_eq!(documented(&doc), table, "the served document is the table");
        // A path parameter that does not parse, and no session: a served route answers 400,
        // 401 or its own answer; only a path nobody routes gets the API's 404, and a method
        // nobody routes 405.
        for (method, path) in &table {
            let probe = path.replace("{id}", "not-a-number");
            let response = app
                .client
                .request(method.parse().unwrap(), app.url(&probe))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            assert!(status != 404 && status != 405, "{method} {path} is not served: {status}");
        }
        app.stop().await;
    }
}
