//! Password change, reset by email and "My sessions".

use app::accounts::Role;
use chrono::Utc;
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, audit_trail, create_person, spawn_app};

const PASSWORD: &str = "protect and serve with care";
const NEW_PASSWORD: &str = "a new password for a new year";

/// The reset link's token from the newest email to `to`.
async fn emailed_token(app: &TestApp, to: &str) -> String {
    crate::helpers::mailed_token(app, to).await
}

on_both_engines! {
    async fn changing_the_password_ends_the_other_sessions(engine: Engine) {
        let app = spawn_app(engine).await;
        let id = create_person(&app.db, "eva@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let here = app.sign_in("eva@policia.example.org", PASSWORD).await;
        let elsewhere = app.sign_in("eva@policia.example.org", PASSWORD).await;

        let wrong = app.send_json(Method::POST, "/api/v1/me/password",
            &json!({"current_password": "not my password at all", "new_password": NEW_PASSWORD}), Some(&here)).await;
        assert_eq!(wrong.status(), 422);
        let problem: Value = wrong.json().await.unwrap();
        assert!(problem["errors"]["current_password"].is_string(), "{problem}");
        assert_eq!(app.get_with("/api/v1/me", &elsewhere).await.status(), 200, "nothing changed yet");

        let changed = app.send_json(Method::POST, "/api/v1/me/password",
            &json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}), Some(&here)).await;
        assert_eq!(changed.status(), 204);
        assert_eq!(app.get_with("/api/v1/me", &here).await.status(), 200, "this session stays");
        assert_eq!(app.get_with("/api/v1/me", &elsewhere).await.status(), 401, "the other one ended");
        let old = app.send_json(Method::POST, "/api/v1/auth/login",
            &json!({"email": "eva@policia.example.org", "password": PASSWORD}), None).await;
        assert_eq!(old.status(), 401);
        app.sign_in("eva@policia.example.org", NEW_PASSWORD).await;
        let trail = audit_trail(&app.db, id).await;
        assert!(trail.contains(&"password_change_failed".to_string()) && trail.contains(&"password_change".to_string()), "{trail:?}");
        app.stop().await;
    }

    async fn a_reset_link_is_emailed_works_once_and_expires(engine: Engine) {
        let app = spawn_app(engine).await;
        let id = create_person(&app.db, "rosa@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let session = app.sign_in("rosa@policia.example.org", PASSWORD).await;

        let unknown = app.send_json(Method::POST, "/api/v1/auth/password-reset",
            &json!({"email": "nobody@policia.example.org"}), None).await;
        assert_eq!(unknown.status(), 202, "the same answer for an unknown address");
        let known = app.send_json(Method::POST, "/api/v1/auth/password-reset",
            &json!({"email": "Rosa@Policia.example.org"}), None).await;
        assert_eq!(known.status(), 202);
        let delivered = app.smtp.wait_for(1, std::time::Duration::from_secs(10)).await;
        assert_eq!(delivered.len(), 1, "only the real account gets an email");
        assert_eq!(delivered[0].to, ["<rosa@policia.example.org>"]);
        let token = emailed_token(&app, "rosa@policia.example.org").await;
        let stored = entity::password_token::Entity::find().one(&app.db).await.unwrap().unwrap();
        assert_ne!(stored.token_hash, token, "only a hash of the token is stored");
        let lifetime = stored.expires_at - stored.created_at;
        assert_eq!(lifetime.num_minutes(), 60);

        let common = app.send_json(Method::POST, "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "1qaz2wsx3edc"}), None).await;
        assert_eq!(common.status(), 422, "a common password is refused");
        let done = app.send_json(Method::POST, "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": NEW_PASSWORD}), None).await;
        assert_eq!(done.status(), 204);
        assert_eq!(app.get_with("/api/v1/me", &session).await.status(), 401, "every session ended");
        app.sign_in("rosa@policia.example.org", NEW_PASSWORD).await;
        let replay = app.send_json(Method::POST, "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "yet another password 2027"}), None).await;
        assert_eq!(replay.status(), 409, "a token works once");

        app.send_json(Method::POST, "/api/v1/auth/password-reset",
            &json!({"email": "rosa@policia.example.org"}), None).await;
        let late = emailed_token(&app, "rosa@policia.example.org").await;
        let mut row = entity::password_token::Entity::find()
            .filter(entity::password_token::Column::UsedAt.is_null())
            .one(&app.db).await.unwrap().unwrap().into_active_model();
        row.expires_at = Set(Utc::now() - chrono::Duration::minutes(1));
        row.update(&app.db).await.unwrap();
        let expired = app.send_json(Method::POST, "/api/v1/auth/password-reset/confirm",
            &json!({"token": late, "new_password": "yet another password 2027"}), None).await;
        assert_eq!(expired.status(), 409, "an expired token is refused");
        assert!(audit_trail(&app.db, id).await.contains(&"password_reset".to_string()));
        app.stop().await;
    }

    async fn my_sessions_lists_mine_and_ends_only_mine(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "ines@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        create_person(&app.db, "otro@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let here = app.sign_in("ines@policia.example.org", PASSWORD).await;
        let phone = app.sign_in("ines@policia.example.org", PASSWORD).await;
        let other = app.sign_in("otro@policia.example.org", PASSWORD).await;

        let list: Vec<Value> = app.get_with("/api/v1/me/sessions", &here).await.json().await.unwrap();
        assert_eq!(list.len(), 2, "{list:?}");
        assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
        let theirs: Vec<Value> = app.get_with("/api/v1/me/sessions", &other).await.json().await.unwrap();
        let their_id = theirs[0]["id"].as_str().unwrap().to_string();

        let refused = app.client.delete(app.url(&format!("/api/v1/me/sessions/{their_id}")))
            .header("cookie", &here).send().await.unwrap();
        assert_eq!(refused.status(), 404, "another person's session cannot be ended");
        assert_eq!(app.get_with("/api/v1/me", &other).await.status(), 200);

        let phone_id = list.iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_string();
        let ended = app.client.delete(app.url(&format!("/api/v1/me/sessions/{phone_id}")))
            .header("cookie", &here).send().await.unwrap();
        assert_eq!(ended.status(), 204);
        assert_eq!(app.get_with("/api/v1/me", &phone).await.status(), 401);
        assert_eq!(app.get_with("/api/v1/me", &here).await.status(), 200);
        app.stop().await;
    }
}
