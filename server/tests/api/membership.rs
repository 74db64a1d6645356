//! Verified people (issue 17 §1): a newcomer picks their agency from the registry (or asks for
//! one), proves their address with a single-use link, and applies only once the agency's
//! coordinator (or an administrator) confirms them. Before this, anyone who typed an agency's
//! name was at once one of its officers.

use app::accounts::Role;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{
    Engine, TestApp, audit_trail, create_person_in, mailed_token, offering, spawn_app,
};

const PASSWORD: &str = "protect and serve with care";

/// The id of the listed agency `name` of `country`, as the public list gives it.
async fn agency_id(app: &TestApp, country: &str, name: &str) -> i64 {
    let list: Vec<Value> = app
        .get(&format!("/api/v1/agencies?country={country}"))
        .await
        .json()
        .await
        .unwrap();
    list.iter()
        .find(|a| a["name"] == name)
        .and_then(|a| a["id"].as_i64())
        .unwrap_or_else(|| panic!("{name} is not listed in {country}: {list:?}"))
}

fn newcomer(email: &str, agency: Value) -> Value {
    let mut body = json!({
        "email": email, "password": PASSWORD, "full_name": "Beatriz Santos", "country": "BR",
        "rank": "Agente", "affiliation": "police", "preferred_language": "pt"
    });
    for (k, v) in agency.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

async fn user_row(app: &TestApp, email: &str) -> entity::user::Model {
    entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// Subjects of the messages queued for `to`.
async fn subjects_to(app: &TestApp, to: &str) -> Vec<String> {
    entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Recipient.eq(to))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.subject)
        .collect()
}

async fn apply(app: &TestApp, offering_id: i64, cookie: &str) -> reqwest::Response {
    app.send_json(
        Method::POST,
        &format!("/api/v1/offerings/{offering_id}/enrollments"),
        &json!({}),
        Some(cookie),
    )
    .await
}

on_both_engines! {
    async fn a_newcomer_verifies_their_address_is_confirmed_by_their_coordinator_then_applies(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person_in(&app.db, "coord@pf.example.org", PASSWORD, "BR", "Polícia Federal", vec![Role::Coordinator, Role::Trainee]).await;
        create_person_in(&app.db, "coord@pc.example.org", PASSWORD, "BR", "Polícia Civil", vec![Role::Coordinator]).await;
        let pf = agency_id(&app, "BR", "Polícia Federal").await;
        let offering_id = offering(&app, "PICAP-MEM-101", "both", 10, 20).await;

        let registered = app.send_json(Method::POST, "/api/v1/auth/register",
            &newcomer("beatriz@pf.example.org", json!({"agency_id": pf})), None).await;
        assert_eq!(registered.status(), 201);
        let me: Value = registered.json().await.unwrap();
        assert_eq!(me["agency_id"], pf);
        assert_eq!(me["hold"], "email_unverified");
        let beatriz = app.sign_in("beatriz@pf.example.org", PASSWORD).await;

        // Not yet: the address first.
        let refused = apply(&app, offering_id, &beatriz).await;
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        assert_eq!(problem["reason"], "email_unverified", "{problem}");

        // The link works once, and is no password link.
        let token = mailed_token(&app, "beatriz@pf.example.org").await;
        let as_reset = app.send_json(Method::POST, "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "a brand new passphrase"}), None).await;
        assert!(!as_reset.status().is_success(), "a verification link sets no password: {}", as_reset.status());
        let verified = app.send_json(Method::POST, "/api/v1/auth/verify-email", &json!({"token": token}), None).await;
        assert_eq!(verified.status(), 204);
        let again = app.send_json(Method::POST, "/api/v1/auth/verify-email", &json!({"token": token}), None).await;
        assert_eq!(again.status(), 409, "single use");
        assert!(user_row(&app, "beatriz@pf.example.org").await.email_verified_at.is_some());

        // Still not: the agency confirms its people. Its coordinator is told, not the other one.
        let refused = apply(&app, offering_id, &beatriz).await;
        let problem: Value = refused.json().await.unwrap();
        assert_eq!(problem["reason"], "membership_pending", "{problem}");
        assert_eq!(subjects_to(&app, "coord@pf.example.org").await.len(), 1, "the coordinator is asked");
        assert!(subjects_to(&app, "coord@pc.example.org").await.is_empty(), "another agency's coordinator is not");

        // A pending newcomer is not among the agency's officers.
        let coordinator = app.sign_in("coord@pf.example.org", PASSWORD).await;
        let people: Vec<Value> = app.get_with("/api/v1/users", &coordinator).await.json().await.unwrap();
        assert!(people.iter().all(|p| p["email"] != "beatriz@pf.example.org"), "{people:?}");

        let listed: Vec<Value> = app.get_with("/api/v1/memberships", &coordinator).await.json().await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0]["email"], "beatriz@pf.example.org");
        assert_eq!(listed[0]["email_verified"], true);
        let id = listed[0]["id"].as_i64().unwrap();
        let path = format!("/api/v1/users/{id}/membership");

        let stranger = app.sign_in("coord@pc.example.org", PASSWORD).await;
        let theirs: Vec<Value> = app.get_with("/api/v1/memberships", &stranger).await.json().await.unwrap();
        assert!(theirs.is_empty(), "another agency's newcomers are not theirs to see");
        let by_stranger = app.send_json(Method::POST, &path, &json!({"decision": "confirm"}), Some(&stranger)).await;
        assert_eq!(by_stranger.status(), 404);
        let by_herself = app.send_json(Method::POST, &path, &json!({"decision": "confirm"}), Some(&beatriz)).await;
        assert_eq!(by_herself.status(), 403);
        let no_reason = app.send_json(Method::POST, &path, &json!({"decision": "decline", "reason": " "}), Some(&coordinator)).await;
        assert_eq!(no_reason.status(), 422);
        let problem: Value = no_reason.json().await.unwrap();
        assert!(problem["errors"]["reason"].is_string(), "{problem}");

        let confirmed = app.send_json(Method::POST, &path, &json!({"decision": "confirm"}), Some(&coordinator)).await;
        assert_eq!(confirmed.status(), 200);
        let outcome: Value = confirmed.json().await.unwrap();
        assert_eq!(outcome["membership"], "confirmed");
        let twice = app.send_json(Method::POST, &path, &json!({"decision": "decline", "reason": "Não é da PF."}), Some(&coordinator)).await;
        assert_eq!(twice.status(), 409, "decided once");

        let applied = apply(&app, offering_id, &beatriz).await;
        assert!(applied.status().is_success(), "{}", applied.status());
        let me: Value = app.get_with("/api/v1/me", &beatriz).await.json().await.unwrap();
        assert!(me["hold"].is_null(), "{me}");
        let trail = audit_trail(&app.db, id).await;
        for event in ["registration", "email_verified", "membership_confirmed"] {
            assert!(trail.iter().any(|e| e == event), "{event} in {trail:?}");
        }
        assert!(subjects_to(&app, "beatriz@pf.example.org").await.len() >= 2, "she is told");
        app.stop().await;
    }

    async fn an_unlisted_agency_goes_to_the_administrators_who_accept_it_then_confirm(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person_in(&app.db, "admin@picap.example.org", PASSWORD, "US", "Organization of American States", vec![Role::Administrator]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;

        let bad = app.send_json(Method::POST, "/api/v1/auth/register",
            &newcomer("luana@gcm.example.org", json!({})), Some("")).await;
        assert_eq!(bad.status(), 422);
        let problem: Value = bad.json().await.unwrap();
        assert!(problem["errors"]["agency_id"].is_string(), "the missing agency is named: {problem}");
        let foreign = agency_id(&app, "US", "Organization of American States").await;
        let bad = app.send_json(Method::POST, "/api/v1/auth/register",
            &newcomer("luana@gcm.example.org", json!({"agency_id": foreign})), None).await;
        let problem: Value = bad.json().await.unwrap();
        assert!(problem["errors"]["agency_id"].is_string(), "another country's agency is refused: {problem}");

        let registered = app.send_json(Method::POST, "/api/v1/auth/register",
            &newcomer("luana@gcm.example.org", json!({"requested_agency": "Guarda Civil Municipal de Campinas"})), None).await;
        assert_eq!(registered.status(), 201);
        let me: Value = registered.json().await.unwrap();
        let requested = me["agency_id"].as_i64().unwrap();
        assert_eq!(subjects_to(&app, "admin@picap.example.org").await.len(), 1, "administrators are told of the request");

        // Not offered to anyone else until accepted; administrators see it, marked.
        let public: Vec<Value> = app.get("/api/v1/agencies?country=BR").await.json().await.unwrap();
        assert!(public.iter().all(|a| a["id"] != requested), "{public:?}");
        let all: Vec<Value> = app.get_with("/api/v1/agencies?country=BR", &admin).await.json().await.unwrap();
        let row = all.iter().find(|a| a["id"] == requested).expect("administrators see the request");
        assert_eq!(row["listed"], false);
        let page = app.get_with("/register?country=BR", "").await.text().await.unwrap();
        assert!(!page.contains("Guarda Civil Municipal de Campinas"), "not offered at registration");

        let token = mailed_token(&app, "luana@gcm.example.org").await;
        assert_eq!(app.send_json(Method::POST, "/api/v1/auth/verify-email", &json!({"token": token}), None).await.status(), 204);
        // No coordinator: the administrators decide, after accepting the agency.
        assert_eq!(subjects_to(&app, "admin@picap.example.org").await.len(), 2);
        let id = user_row(&app, "luana@gcm.example.org").await.id;
        let path = format!("/api/v1/users/{id}/membership");
        let early = app.send_json(Method::POST, &path, &json!({"decision": "confirm"}), Some(&admin)).await;
        assert_eq!(early.status(), 409, "the requested agency is accepted first");
        let accepted = app.send_json(Method::POST, &format!("/api/v1/agencies/{requested}/accept"), &json!({}), Some(&admin)).await;
        assert_eq!(accepted.status(), 200);
        let public: Vec<Value> = app.get("/api/v1/agencies?country=BR").await.json().await.unwrap();
        assert!(public.iter().any(|a| a["id"] == requested), "listed once accepted");
        let confirmed = app.send_json(Method::POST, &path, &json!({"decision": "confirm"}), Some(&admin)).await;
        assert_eq!(confirmed.status(), 200);
        app.stop().await;
    }

    async fn invited_people_start_confirmed_and_imports_name_agencies_by_short_name_or_number(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person_in(&app.db, "admin@picap.example.org", PASSWORD, "US", "Organization of American States", vec![Role::Administrator]).await;
        create_person_in(&app.db, "coord@pf.example.org", PASSWORD, "BR", "Polícia Federal", vec![Role::Coordinator]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let pf = agency_id(&app, "BR", "Polícia Federal").await;
        let invite = |email: &str, agency: &str| json!({
            "email": email, "full_name": "Rafael Lima", "country": "BR", "agency": agency,
            "rank": "Escrivão", "affiliation": "police", "preferred_language": "pt", "roles": ["trainee"]
        });
        let unknown = app.send_json(Method::POST, "/api/v1/users", &invite("rafael@pf.example.org", "Polícia Inventada"), Some(&admin)).await;
        assert_eq!(unknown.status(), 422);
        let problem: Value = unknown.json().await.unwrap();
        assert!(problem["errors"]["agency"].is_string(), "{problem}");
        let by_short = app.send_json(Method::POST, "/api/v1/users", &invite("rafael@pf.example.org", "pf"), Some(&admin)).await;
        assert_eq!(by_short.status(), 201);
        let rafael = user_row(&app, "rafael@pf.example.org").await;
        assert_eq!(rafael.agency_id, Some(pf));
        assert_eq!(rafael.membership, "confirmed");
        assert!(rafael.email_verified_at.is_some(), "an invited person starts verified");

        // A coordinator invites into their own agency only, named any way the registry knows.
        let coordinator = app.sign_in("coord@pf.example.org", PASSWORD).await;
        let by_number = app.send_json(Method::POST, "/api/v1/users", &invite("lia@pf.example.org", &pf.to_string()), Some(&coordinator)).await;
        assert_eq!(by_number.status(), 201, "{}", by_number.text().await.unwrap());
        let people: Vec<Value> = app.get_with("/api/v1/users", &coordinator).await.json().await.unwrap();
        assert!(people.iter().any(|p| p["email"] == "lia@pf.example.org"), "a confirmed officer at once");

        let csv = format!(
            "email,full_name,country,agency,rank,affiliation,roles\n\
             ana@pf.example.org,Ana Souza,BR,{pf},Agente,police,trainee\n\
             bia@pf.example.org,Bia Souza,BR,Polícia Inventada,Agente,police,trainee\n"
        );
        let report: Value = app.client.post(app.url("/api/v1/users/import?dry_run=true"))
            .header("cookie", &admin).header("accept-language", "en")
            .header("content-type", "text/csv").body(csv)
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(report["accepted"], 1, "{report}");
        let problems = report["lines"][1]["problems"].to_string();
        assert!(problems.contains("No institution with this short name or number"), "{report}");
        app.stop().await;
    }

    async fn a_verification_link_expires_and_another_can_be_sent(engine: Engine) {
        let app = spawn_app(engine).await;
        let registered = app.send_json(Method::POST, "/api/v1/auth/register",
            &newcomer("ines@pf.example.org", json!({"requested_agency": "Polícia Federal"})), None).await;
        assert_eq!(registered.status(), 201);
        let token = mailed_token(&app, "ines@pf.example.org").await;
        entity::password_token::Entity::update_many()
            .col_expr(entity::password_token::Column::ExpiresAt,
                sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)))
            .exec(&app.db).await.unwrap();
        let expired = app.send_json(Method::POST, "/api/v1/auth/verify-email", &json!({"token": token}), None).await;
        assert_eq!(expired.status(), 409);
        let made_up = app.send_json(Method::POST, "/api/v1/auth/verify-email", &json!({"token": "0".repeat(64)}), None).await;
        assert_eq!(made_up.status(), 409, "a made-up link is answered alike");

        let ines = app.sign_in("ines@pf.example.org", PASSWORD).await;
        let resent = app.send_json(Method::POST, "/api/v1/me/verification", &json!({}), Some(&ines)).await;
        assert_eq!(resent.status(), 202);
        let fresh = mailed_token(&app, "ines@pf.example.org").await;
        assert_ne!(fresh, token);
        assert_eq!(app.send_json(Method::POST, "/api/v1/auth/verify-email", &json!({"token": fresh}), None).await.status(), 204);
        let done = app.send_json(Method::POST, "/api/v1/me/verification", &json!({}), Some(&ines)).await;
        assert_eq!(done.status(), 409, "verified already");
        app.stop().await;
    }

    async fn registration_without_javascript_lists_the_countrys_agencies(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person_in(&app.db, "coord@pf.example.org", PASSWORD, "BR", "Polícia Federal", vec![Role::Coordinator]).await;
        create_person_in(&app.db, "coord@pnp.example.org", PASSWORD, "PE", "Policía Nacional del Perú", vec![Role::Coordinator]).await;
        let first = app.client.get(app.url("/register")).header("accept-language", "en")
            .send().await.unwrap().text().await.unwrap();
        assert!(first.contains(r#"id="register-country""#) && first.contains(r#"method="get""#), "the country comes first");
        let second = app.client.get(app.url("/register?country=BR")).header("accept-language", "en")
            .send().await.unwrap().text().await.unwrap();
        assert!(second.contains("Polícia Federal"), "the country's agencies are offered");
        assert!(!second.contains("Policía Nacional del Perú"), "another country's are not");
        assert!(second.contains("My institution is not listed"));

        let pf = agency_id(&app, "BR", "Polícia Federal").await;
        let body = format!(
            "email=joana%40pf.example.org&password=protect+and+serve+with+care&full_name=Joana+Silva\
             &country=BR&agency_id={pf}&requested_agency=&rank=&affiliation=police&gender=&preferred_language=pt"
        );
        let referer = app.url("/register?country=BR");
        let posted = app.post_form("/api/register", &body, &[("accept", "text/html"), ("referer", &referer)]).await;
        assert_eq!(posted.status(), 302);
        let joana = user_row(&app, "joana@pf.example.org").await;
        assert_eq!((joana.agency_id, joana.membership.as_str()), (Some(pf), "pending"));
        app.stop().await;
    }
}
