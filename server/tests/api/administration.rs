//! Deactivation, invitations and the pages of accounts.

use app::accounts::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Engine, audit_trail, create_person, spawn_app};

const PASSWORD: &str = "protect and serve with care";

fn invitation(email: &str, agency: &str, roles: Value) -> Value {
    json!({
        "email": email, "full_name": "Jean Baptiste", "country": "HT", "agency": agency,
        "rank": "Inspecteur", "affiliation": "police", "preferred_language": "fr", "roles": roles
    })
}

on_both_engines! {
    async fn a_deactivated_person_is_signed_out_and_cannot_sign_in(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin_id = create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let trainee_id = create_person(&app.db, "ana@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let trainee = app.sign_in("ana@policia.example.org", PASSWORD).await;

        let by_trainee = app.send_json(Method::PUT, &format!("/api/v1/users/{admin_id}/active"),
            &json!({"active": false}), Some(&trainee)).await;
        assert_eq!(by_trainee.status(), 403, "a trainee calling an administrator endpoint");
        let own = app.send_json(Method::PUT, &format!("/api/v1/users/{admin_id}/active"),
            &json!({"active": false}), Some(&admin)).await;
        assert_eq!(own.status(), 409, "an administrator cannot deactivate themself");

        let off = app.send_json(Method::PUT, &format!("/api/v1/users/{trainee_id}/active"),
            &json!({"active": false}), Some(&admin)).await;
        assert_eq!(off.status(), 204);
        assert_eq!(app.get_with("/api/v1/me", &trainee).await.status(), 401, "their session ended");
        let refused = app.send_json(Method::POST, "/api/v1/auth/login",
            &json!({"email": "ana@policia.example.org", "password": PASSWORD}), None).await;
        assert_eq!(refused.status(), 401);

        let on = app.send_json(Method::PUT, &format!("/api/v1/users/{trainee_id}/active"),
            &json!({"active": true}), Some(&admin)).await;
        assert_eq!(on.status(), 204);
        app.sign_in("ana@policia.example.org", PASSWORD).await;
        let trail = audit_trail(&app.db, trainee_id).await;
        assert!(trail.contains(&"deactivation".to_string()) && trail.contains(&"reactivation".to_string()), "{trail:?}");
        app.stop().await;
    }

    async fn coordinators_invite_trainees_of_their_own_agency_only(engine: Engine) {
        let app = spawn_app(engine).await;
        crate::helpers::create_person_in(&app.db, "coord@pnh.example.org", PASSWORD, "HT", "Police Nationale d'Haïti", vec![Role::Coordinator]).await;
        create_person(&app.db, "ana@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let coordinator = app.sign_in("coord@pnh.example.org", PASSWORD).await;
        let trainee = app.sign_in("ana@policia.example.org", PASSWORD).await;

        let by_trainee = app.send_json(Method::POST, "/api/v1/users",
            &invitation("x@pnh.example.org", "PNP", json!(["trainee"])), Some(&trainee)).await;
        assert_eq!(by_trainee.status(), 403);
        let other_agency = app.send_json(Method::POST, "/api/v1/users",
            &invitation("x@pnh.example.org", "Policía Nacional del Perú", json!(["trainee"])), Some(&coordinator)).await;
        assert_eq!(other_agency.status(), 422);
        let problem: Value = other_agency.json().await.unwrap();
        assert!(problem["errors"]["agency"].is_string(), "{problem}");
        let instructor = app.send_json(Method::POST, "/api/v1/users",
            &invitation("x@pnh.example.org", "Police Nationale d'Haïti", json!(["instructor"])), Some(&coordinator)).await;
        assert_eq!(instructor.status(), 422, "a coordinator cannot hand out other roles");

        let created = app.send_json(Method::POST, "/api/v1/users",
            &invitation("jean@pnh.example.org", "Police Nationale d'Haïti", json!(["trainee"])), Some(&coordinator)).await;
        assert_eq!(created.status(), 201);
        let delivered = app.smtp.wait_for(1, std::time::Duration::from_secs(10)).await;
        assert_eq!(delivered[0].to, ["<jean@pnh.example.org>"]);
        assert!(delivered[0].header("subject").unwrap().contains("PICAP"));

        assert!(delivered[0].body().starts_with("Bonjour Jean Baptiste"), "in the invitee's language");
        // Read from the mail itself: the outbox's copy loses the token once sent.
        let token = &crate::helpers::mailed_token(&app, "jean@pnh.example.org").await;
        let set = app.send_json(Method::POST, "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "bonjour la police 2026"}), None).await;
        assert_eq!(set.status(), 204);
        app.sign_in("jean@pnh.example.org", "bonjour la police 2026").await;
        app.stop().await;
    }

    async fn account_pages_need_a_session_and_the_right_role(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "ana@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let trainee = app.sign_in("ana@policia.example.org", PASSWORD).await;

        let anonymous = app.client.get(app.url("/profile")).header("accept-language", "pt")
            .send().await.unwrap().text().await.unwrap();
        assert!(anonymous.contains("Entre para ver esta página."), "asks a visitor to sign in");

        let page = app.get_with("/profile", &trainee).await;
        assert_eq!(page.headers()["cache-control"], "no-store");
        let html = page.text().await.unwrap();
        assert!(html.contains("ana@policia.example.org"), "shows their own profile");
        assert!(html.contains("id=\"sessions\""), "and their sessions");

        let people = app.get_with("/admin/people", &trainee).await.text().await.unwrap();
        assert!(people.contains("Su rol no permite esta acción.") || people.contains("Your role does not allow this."),
            "a trainee is refused the people page");
        app.stop().await;
    }
}

on_both_engines! {
    async fn administrators_see_undelivered_mail_and_send_it_again(engine: Engine) {
        use crate::smtp_sink::Behaviour;
        let app = spawn_app(engine).await;
        create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        create_person(&app.db, "ana@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let trainee = app.sign_in("ana@policia.example.org", PASSWORD).await;

        app.smtp.set_behaviour(Behaviour::RefusePermanently);
        app.send_json(Method::POST, "/api/v1/auth/password-reset",
            &json!({"email": "ana@policia.example.org"}), None).await;
        let mut failed = Vec::new();
        for _ in 0..100 {
            failed = app::mail::failed_messages(&app.db, 10).await.unwrap();
            if !failed.is_empty() { break; }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(failed.len(), 1, "the relay refused the message for good");

        let refused = app.post_form("/api/mail_overview", "", &[("cookie", &trainee)]).await;
        assert_eq!(refused.status(), 403, "a trainee may not see the outbox");
        let overview: Value = app.post_form("/api/mail_overview", "", &[("cookie", &admin)]).await.json().await.unwrap();
        assert_eq!(overview["failed"], 1);
        assert_eq!(overview["failures"][0]["recipient"], "ana@policia.example.org");
        assert!(overview["failures"][0]["last_error"].as_str().unwrap().contains("550"));

        let page = app.get_with("/admin/mail", &admin).await.text().await.unwrap();
        assert!(page.contains("ana@policia.example.org") && page.contains("Send again"), "the page lists it");

        app.smtp.set_behaviour(Behaviour::Accept);
        let id = failed[0].id;
        assert_eq!(app.post_form("/api/retry_mail", &format!("id={id}"), &[("cookie", &trainee)]).await.status(), 403);
        assert_eq!(app.post_form("/api/retry_mail", &format!("id={id}"), &[("cookie", &admin)]).await.status(), 200);
        let delivered = app.smtp.wait_for(1, std::time::Duration::from_secs(10)).await;
        assert_eq!(delivered.len(), 1, "sent again and delivered");
        let again = app.post_form("/api/retry_mail", &format!("id={id}"), &[("cookie", &admin)]).await;
        assert_eq!(again.status(), 404, "only a failed message can be retried");
        app.stop().await;
    }
}
