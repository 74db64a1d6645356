//! Issue 17, section 3: the account and sign-in holes, each closed (lockout per account and
//! address, password links, mail that carried them, trusted proxies, https-only extras).

use std::time::Duration;

use app::accounts::Role;
use app::auth::client_addr::TrustedProxies;
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{Value, json};

use crate::helpers::{
    Engine, TestApp, audit_trail, create_person, mailed_token, spawn_app, spawn_app_with,
    test_config, well_inside_a_minute,
};

const PASSWORD: &str = "protect and serve with care";
const NEW_PASSWORD: &str = "a new password for a new year";

/// Signs in through the API as if from `from` (behind the test's trusted proxy).
async fn login_from(
    app: &TestApp,
    email: &str,
    password: &str,
    from: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}));
    if let Some(from) = from {
        request = request.header("x-forwarded-for", from);
    }
    request.send().await.unwrap()
}

/// A test server that trusts the loopback proxy the test client talks through.
async fn behind_a_proxy(engine: Engine, per_minute: u32) -> TestApp {
    spawn_app_with(engine, |config| {
        config.trusted_proxies = TrustedProxies::parse("127.0.0.1").unwrap();
        config.ip_rate_limit = per_minute;
    })
    .await
}

/// A problem's `detail` with its digits dropped (the seconds to wait may differ by one).
async fn detail_without_digits(response: reqwest::Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["detail"]
        .as_str()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect()
}

async fn reset(app: &TestApp, email: &str) -> reqwest::Response {
    app.send_json(
        Method::POST,
        "/api/v1/auth/password-reset",
        &json!({"email": email}),
        None,
    )
    .await
}

async fn confirm(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.send_json(
        Method::POST,
        "/api/v1/auth/password-reset/confirm",
        &json!({"token": token, "new_password": password}),
        None,
    )
    .await
}

async fn outbox_to(app: &TestApp, to: &str) -> Vec<entity::outbox::Model> {
    entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Recipient.eq(to))
        .all(&app.db)
        .await
        .unwrap()
}

// 3. Lockout per account and address; an unknown address is treated like a known one.
on_both_engines! {
    async fn a_stranger_elsewhere_cannot_lock_the_officer_out(engine: Engine) {
        let app = behind_a_proxy(engine, 0).await;
        let id = create_person(&app.db, "officer@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        for i in 0..5 {
            let guess = login_from(&app, "officer@policia.example.org", &format!("guess {i} guess guess"), Some("203.0.113.7")).await;
            assert_eq!(guess.status(), 401, "guess {i}");
        }
        let stranger = login_from(&app, "officer@policia.example.org", PASSWORD, Some("203.0.113.7")).await;
        assert_eq!(stranger.status(), 429, "the guessing address is locked, even with the password");
        assert!(stranger.headers().contains_key("retry-after"));

        let officer = login_from(&app, "officer@policia.example.org", PASSWORD, Some("198.51.100.4")).await;
        assert_eq!(officer.status(), 200, "the officer, from their own address, still gets in");
        let trail = audit_trail(&app.db, id).await;
        assert_eq!(trail.iter().filter(|e| *e == "lockout").count(), 1, "{trail:?}");
        app.stop().await;
    }

    async fn an_unknown_address_is_locked_and_answered_like_a_known_one(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "known@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        for i in 0..5 {
            let known = login_from(&app, "known@policia.example.org", &format!("wrong guess {i} here"), None).await;
            let unknown = login_from(&app, "unknown@policia.example.org", &format!("wrong guess {i} here"), None).await;
            assert_eq!(known.status(), 401);
            assert_eq!(unknown.status(), 401);
            assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap(), "same body, attempt {i}");
        }
        let known = login_from(&app, "known@policia.example.org", "one more wrong guess", None).await;
        let unknown = login_from(&app, "Unknown@Policia.example.org", "one more wrong guess", None).await;
        assert_eq!(known.status(), 429);
        assert_eq!(unknown.status(), 429, "an unknown address is locked too (any spelling)");
        assert!(known.headers().contains_key("retry-after") && unknown.headers().contains_key("retry-after"));
        assert_eq!(detail_without_digits(known).await, detail_without_digits(unknown).await);
        app.stop().await;
    }
}

// 1. Password links: checked first, limited, at most three mails an hour, voided by a new
// password.
on_both_engines! {
    async fn a_made_up_token_is_refused_before_the_password_is_looked_at(engine: Engine) {
        let app = spawn_app(engine).await;
        let made_up = "0".repeat(64);
        // A common password would be refused by its rules; the token is looked at first.
        let common = confirm(&app, &made_up, "1qaz2wsx3edc").await;
        assert_eq!(common.status(), 409, "the token is checked before the password");
        let strong = confirm(&app, &made_up, NEW_PASSWORD).await;
        assert_eq!(strong.status(), 409);
        app.stop().await;
    }

    async fn setting_and_changing_passwords_fall_under_the_address_limit(engine: Engine) {
        let app = spawn_app_with(engine, |config| config.ip_rate_limit = 3).await;
        create_person(&app.db, "eva@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        well_inside_a_minute().await;
        let session = app.sign_in("eva@policia.example.org", PASSWORD).await;
        for i in 0..3 {
            let guess = confirm(&app, &format!("{i:064}"), NEW_PASSWORD).await;
            assert_eq!(guess.status(), 409, "guess {i}");
        }
        let limited = confirm(&app, &"f".repeat(64), NEW_PASSWORD).await;
        assert_eq!(limited.status(), 429, "reset and invitation links cannot be guessed at speed");
        assert!(limited.headers().contains_key("retry-after"));
        let form = app.post_form(
            "/api/reset_password",
            "token=abc&new_password=a+new+password+for+a+new+year",
            &[],
        ).await;
        assert_eq!(form.status(), 429, "the form shares the limit");

        for i in 0..3 {
            let wrong = app.send_json(Method::POST, "/api/v1/me/password",
                &json!({"current_password": format!("not my password {i}"), "new_password": NEW_PASSWORD}),
                Some(&session)).await;
            assert_eq!(wrong.status(), 422, "wrong current password {i}");
        }
        let limited = app.send_json(Method::POST, "/api/v1/me/password",
            &json!({"current_password": "not my password 4", "new_password": NEW_PASSWORD}),
            Some(&session)).await;
        assert_eq!(limited.status(), 429, "the current password cannot be guessed at speed");
        app.stop().await;
    }

    async fn one_person_is_sent_at_most_three_reset_mails_an_hour(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "rosa@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        for i in 0..6 {
            let known = reset(&app, "rosa@policia.example.org").await;
            let unknown = reset(&app, "nobody@policia.example.org").await;
            assert_eq!(known.status(), 202, "request {i}");
            assert_eq!(unknown.status(), 202, "request {i}");
            assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap(), "the same answer");
        }
        assert_eq!(outbox_to(&app, "rosa@policia.example.org").await.len(), 3, "no more than three mails an hour");
        assert!(outbox_to(&app, "nobody@policia.example.org").await.is_empty());
        app.stop().await;
    }

    async fn a_new_password_voids_the_other_links(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "ines@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        assert_eq!(reset(&app, "ines@policia.example.org").await.status(), 202);
        let first = mailed_token(&app, "ines@policia.example.org").await;
        assert_eq!(reset(&app, "ines@policia.example.org").await.status(), 202);
        let second = mailed_token(&app, "ines@policia.example.org").await;
        assert_ne!(first, second);
        assert_eq!(confirm(&app, &second, NEW_PASSWORD).await.status(), 204);
        assert_eq!(confirm(&app, &first, "someone else's password 2027").await.status(), 409,
            "using a link voids the other one");

        // A link still in the mailbox does not outlive a password change.
        assert_eq!(reset(&app, "ines@policia.example.org").await.status(), 202);
        let pending = mailed_token(&app, "ines@policia.example.org").await;
        let session = app.sign_in("ines@policia.example.org", NEW_PASSWORD).await;
        let changed = app.send_json(Method::POST, "/api/v1/me/password",
            &json!({"current_password": NEW_PASSWORD, "new_password": "the third password of the year"}),
            Some(&session)).await;
        assert_eq!(changed.status(), 204);
        assert_eq!(confirm(&app, &pending, "someone else's password 2027").await.status(), 409,
            "changing the password voids the outstanding link");
        app.sign_in("ines@policia.example.org", "the third password of the year").await;
        app.stop().await;
    }
}

// 2. Mail that carried a link keeps no working token.
on_both_engines! {
    async fn a_sent_link_leaves_the_stored_mail(engine: Engine) {
        let app = spawn_app(engine).await;
        create_person(&app.db, "ana@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        assert_eq!(reset(&app, "ana@policia.example.org").await.status(), 202);
        let token = mailed_token(&app, "ana@policia.example.org").await;
        let stored = outbox_to(&app, "ana@policia.example.org").await.remove(0);
        assert_eq!(stored.status, "sent");
        assert!(!stored.body_text.contains(&token), "{}", stored.body_text);
        assert!(stored.body_text.contains("token=[removed]"), "the rest stays: {}", stored.body_text);
        assert!(stored.redacted_at.is_some());
        assert_eq!(confirm(&app, &token, NEW_PASSWORD).await.status(), 204, "the mailed link works");
        app.stop().await;
    }

    async fn an_unsent_link_expires_with_its_token(engine: Engine) {
        // No relay: the message waits in the outbox.
        let app = spawn_app_with(engine, |config| config.smtp_url = None).await;
        create_person(&app.db, "luis@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        assert_eq!(reset(&app, "luis@policia.example.org").await.status(), 202);
        let queued = outbox_to(&app, "luis@policia.example.org").await.remove(0);
        assert_eq!(queued.status, "queued");
        assert!(queued.redact_after_send);
        let token = entity::password_token::Entity::find().one(&app.db).await.unwrap().unwrap();
        assert_eq!(queued.expires_at, Some(token.expires_at), "the mail expires with its token");

        let past = chrono::Utc::now() - chrono::Duration::minutes(1);
        let mut row = queued.clone().into_active_model();
        row.expires_at = Set(Some(past));
        row.update(&app.db).await.unwrap();

        let sink = crate::smtp_sink::SmtpSink::start().await;
        let mailer = server::mail::Mailer::new(&test_config("sqlite://unused", Some(sink.url()))).unwrap();
        assert_eq!(mailer.deliver_one(&app.db).await.unwrap(), server::mail::Delivery::Idle);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(sink.received().is_empty(), "an expired link is never sent");
        let after = outbox_to(&app, "luis@policia.example.org").await.remove(0);
        assert_eq!(after.status, "failed");
        assert!(after.redacted_at.is_some());
        let start = queued.body_text.find("token=").unwrap() + 6;
        let secret = &queued.body_text[start..start + 64];
        assert!(!after.body_text.contains(secret), "{}", after.body_text);
        app.stop().await;
    }
}

// 5. Forwarding headers count only from trusted proxies.
on_both_engines! {
    async fn forwarded_addresses_count_only_from_trusted_proxies(engine: Engine) {
        // Nobody trusted: the headers change nothing, every attempt is the peer's.
        let direct = spawn_app_with(engine, |config| config.ip_rate_limit = 2).await;
        well_inside_a_minute().await;
        for (i, from) in ["203.0.113.1", "203.0.113.2"].iter().enumerate() {
            assert_eq!(login_from(&direct, "x@policia.example.org", "wrong guess here", Some(from)).await.status(), 401, "{i}");
        }
        assert_eq!(login_from(&direct, "x@policia.example.org", "wrong guess here", Some("203.0.113.3")).await.status(), 429,
            "an untrusted peer cannot pick its address");
        direct.stop().await;

        let proxied = behind_a_proxy(engine, 2).await;
        create_person(&proxied.db, "maria@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        well_inside_a_minute().await;
        for _ in 0..2 {
            assert_eq!(login_from(&proxied, "x@policia.example.org", "wrong guess here", Some("203.0.113.9")).await.status(), 401);
        }
        assert_eq!(login_from(&proxied, "x@policia.example.org", "wrong guess here", Some("203.0.113.9")).await.status(), 429);
        // Writing another address to the left does not help: the right-most untrusted one counts.
        assert_eq!(login_from(&proxied, "x@policia.example.org", "wrong guess here", Some("192.0.2.77, 203.0.113.9")).await.status(), 429);
        // A Forwarded header the client wrote itself is passed through by an X-Forwarded-For
        // proxy: it is not believed, so it cannot open a fresh count.
        let spoofed = proxied.client.post(proxied.url("/api/v1/auth/login"))
            .header("forwarded", "for=198.51.100.99")
            .header("x-forwarded-for", "203.0.113.9")
            .json(&json!({"email": "x@policia.example.org", "password": "wrong guess here"}))
            .send().await.unwrap();
        assert_eq!(spoofed.status(), 429);
        // Another client behind the proxy has its own count, and sessions record its address.
        let other = proxied.client.post(proxied.url("/api/v1/auth/login"))
            .header("x-forwarded-for", "198.51.100.20")
            .json(&json!({"email": "maria@policia.example.org", "password": PASSWORD}))
            .send().await.unwrap();
        assert_eq!(other.status(), 200);
        let cookie = crate::helpers::cookie_pair(&other);
        let sessions: Vec<Value> = proxied.get_with("/api/v1/me/sessions", &cookie).await.json().await.unwrap();
        assert_eq!(sessions[0]["ip"], "198.51.100.20", "sessions record the same client address");
        proxied.stop().await;

        // Proxies that write Forwarded: then it is read, and X-Forwarded-For is not.
        let rfc = spawn_app_with(engine, |config| {
            config.ip_rate_limit = 2;
            config.trusted_proxies = app::auth::client_addr::TrustedProxies::parse("127.0.0.1")
                .unwrap()
                .reading(app::auth::client_addr::ForwardedHeader::Forwarded);
        })
        .await;
        create_person(&rfc.db, "maria@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let forwarded = rfc.client.post(rfc.url("/api/v1/auth/login"))
            .header("forwarded", "for=\"198.51.100.20:4711\";proto=https")
            .header("x-forwarded-for", "192.0.2.1")
            .json(&json!({"email": "maria@policia.example.org", "password": PASSWORD}))
            .send().await.unwrap();
        assert_eq!(forwarded.status(), 200);
        let cookie = crate::helpers::cookie_pair(&forwarded);
        let sessions: Vec<Value> = rfc.get_with("/api/v1/me/sessions", &cookie).await.json().await.unwrap();
        assert_eq!(sessions[0]["ip"], "198.51.100.20");
        rfc.stop().await;
    }
}

// 4. Over https: HSTS and secure cookies for typed values and refusals.
on_both_engines! {
    async fn over_https_browsers_keep_to_it_and_form_cookies_are_secure(engine: Engine) {
        let app = spawn_app_with(engine, |config| {
            config.public_url = url::Url::parse("https://picap.example.org/").unwrap();
        }).await;
        create_person(&app.db, "form.user@policia.example.org", PASSWORD, "PNP", vec![Role::Trainee]).await;
        let health = app.get("/api/v1/health").await;
        assert_eq!(health.headers()["strict-transport-security"], server::security::HSTS);
        assert_eq!(app.get("/").await.headers()["strict-transport-security"], server::security::HSTS);

        let body = "email=form.user%40policia.example.org&password=wrong+password+typed";
        let refused = app.post_form("/api/sign_in", body,
            &[("accept", "text/html"), ("referer", "https://picap.example.org/sign-in")]).await;
        assert!(refused.status().is_redirection(), "{}", refused.status());
        let cookies: Vec<String> = refused.headers().get_all("set-cookie").iter()
            .map(|v| v.to_str().unwrap().to_string()).collect();
        for name in ["picap_typed=", "picap_refusal="] {
            let cookie = cookies.iter().find(|c| c.starts_with(name)).unwrap_or_else(|| panic!("{name} in {cookies:?}"));
            assert!(cookie.contains("; Secure"), "{cookie}");
        }
        app.stop().await;

        let plain = spawn_app(engine).await;
        assert!(plain.get("/api/v1/health").await.headers().get("strict-transport-security").is_none(),
            "no HSTS over plain http");
        plain.stop().await;
    }
}
