//! Observed practical tests: only an offering's instructors and administrators write and fill
//! them (404 for anyone else); the outcome follows the marks (a critical criterion not met fails
//! whatever the score); nothing of a result reaches its trainee before release, neither in the
//! page's data nor through another trainee; after release a change needs a reason and the
//! history keeps old and new, append-only by trigger.

use app::accounts::Affiliation;
use app::clock::Clock;
use chrono::Utc;
use reqwest::Method;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, offering, spawn_app_on, trainee};
use crate::learning::{call, cast, enrol, json_of};

/// Creates a test through the editor's server function; returns its id and its criteria ids.
async fn create_test(app: &TestApp, cookie: &str, offering_id: i64) -> (i64, Vec<i64>) {
    let form = format!(
        "offering_id={offering_id}&title=Detenci%C3%B3n+con+salvaguardas&pass_percent=70\
         &criterion[0][text]=Informa+los+derechos&criterion[0][points]=2&criterion[0][critical]=on\
         &criterion[1][text]=Se+identifica&criterion[1][points]=1\
         &criterion[2][text]=Registra+la+custodia&criterion[2][points]=1\
         &criterion[3][text]=&criterion[3][points]=1"
    );
    let saved = call(app, cookie, "/api/save_practical", &form).await;
    assert!(
        saved.status().is_success() || saved.status().is_redirection(),
        "{}",
        saved.status()
    );
    let list = json_of(
        call(
            app,
            cookie,
            "/api/load_offering_practicals",
            &format!("offering_id={offering_id}"),
        )
        .await,
    )
    .await;
    let id = list["tests"][0]["id"].as_i64().expect("the test");
    let sheet = json_of(
        call(
            app,
            cookie,
            "/api/load_practical_sheet",
            &format!("test_id={id}"),
        )
        .await,
    )
    .await;
    let criteria = sheet["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    (id, criteria)
}

async fn observe(
    app: &TestApp,
    cookie: &str,
    test: i64,
    user: i64,
    body: Value,
) -> reqwest::Response {
    app.send_json(
        Method::PUT,
        &format!("/api/v1/practical-tests/{test}/results/{user}"),
        &body,
        Some(cookie),
    )
    .await
}

on_both_engines! {
    async fn practical_tests_are_the_offerings_instructors_and_results_stay_hidden_until_released(engine: Engine) {
        let app = spawn_app_on(engine, Clock::manual(Utc::now()), |_| {}).await;
        let first = offering(&app, "PT-OBS-101", "both", 10, 5).await;
        let second = offering(&app, "PT-OBS-102", "both", 10, 5).await;
        let people = cast(&app, first, second).await;
        let (ana, ana_cookie) = trainee(&app, 1, Affiliation::Police).await;
        let (beto, beto_cookie) = trainee(&app, 2, Affiliation::Police).await;
        let ana_enrolment = enrol(&app, first, &ana_cookie).await;
        enrol(&app, first, &beto_cookie).await;

        // Another offering's instructor and a trainee cannot write one, or see any.
        for cookie in [&people.other_teacher, &ana_cookie] {
            let refused = call(&app, cookie, "/api/save_practical",
                &format!("offering_id={first}&title=X&pass_percent=70&criterion[0][text]=A&criterion[0][points]=1")).await;
            assert_eq!(refused.status(), 404);
        }
        // A refusal names the field.
        let bad = call(&app, &people.teacher, "/api/save_practical",
            &format!("offering_id={first}&title=&pass_percent=120&criterion[0][text]=A&criterion[0][points]=0")).await;
        assert!(!bad.status().is_success());
        let text = bad.text().await.unwrap();
        assert!(text.contains("title") && text.contains("pass_percent") && text.contains("criteria"), "{text}");

        let (test, criteria) = create_test(&app, &people.teacher, first).await;
        assert_eq!(criteria.len(), 3, "the empty row is left out");
        let (rights, identifies, custody) = (criteria[0], criteria[1], criteria[2]);

        // Saving an empty form for someone not observed yet records nothing.
        let empty = json_of(observe(&app, &people.teacher, test, beto, json!({"marks": []})).await).await;
        assert_eq!(empty["score"], Value::Null);
        let sheet = json_of(call(&app, &people.teacher, "/api/load_practical_sheet", &format!("test_id={test}")).await).await;
        assert!(sheet["rows"].as_array().unwrap().iter().all(|r| r["outcome"].is_null()), "{sheet}");

        // Only the offering's instructor and the programme observe; others get 404.
        let marks = json!({"marks": [{"criterion_id": identifies, "mark": "met"}]});
        assert_eq!(observe(&app, &people.other_teacher, test, ana, marks.clone()).await.status(), 404);
        assert_eq!(observe(&app, &ana_cookie, test, ana, marks.clone()).await.status(), 404);
        let so_far = json_of(observe(&app, &people.teacher, test, ana, marks).await).await;
        assert_eq!(so_far["passed"], Value::Null, "undecided while the critical criterion is unmarked");

        // A critical criterion not met fails whatever the score.
        let body = json!({"marks": [
            {"criterion_id": rights, "mark": "not_met"},
            {"criterion_id": custody, "mark": "met"}
        ], "feedback": "Omitió informar los derechos: <script>alert(1)</script>"});
        let failed = json_of(observe(&app, &people.teacher, test, ana, body).await).await;
        assert_eq!(failed["passed"], false);
        assert_eq!(failed["critical_failed"], true);
        assert_eq!(failed["score"], 0.5);
        // Beto meets everything: passed.
        let all_met = json!({"marks": [
            {"criterion_id": rights, "mark": "met"},
            {"criterion_id": identifies, "mark": "met"},
            {"criterion_id": custody, "mark": "not_observed"}
        ]});
        let passed = json_of(observe(&app, &people.admin, test, beto, all_met).await).await;
        assert_eq!(passed["passed"], true);
        assert_eq!(passed["score"], 1.0);

        // Before release the trainee sees nothing: not the outcome, not the feedback.
        let mine = call(&app, &ana_cookie, "/api/load_my_practicals", &format!("enrollment_id={ana_enrolment}")).await;
        assert!(mine.status().is_success());
        let mine = mine.text().await.unwrap();
        assert_eq!(mine, "[]", "nothing before release: {mine}");
        let course = app.get_with(&format!("/learn/{ana_enrolment}"), &ana_cookie).await.text().await.unwrap();
        assert!(!course.contains("Omitió informar"), "the page carries no unreleased feedback");
        // Another trainee never reads hers, released or not.
        let theirs = call(&app, &beto_cookie, "/api/load_my_practicals", &format!("enrollment_id={ana_enrolment}")).await;
        assert_eq!(theirs.status(), 404);

        // The checklist is fixed once results exist.
        let changed = call(&app, &people.teacher, "/api/save_practical",
            &format!("offering_id={first}&test_id={test}&title=Otra&pass_percent=70&criterion[0][text]=Solo+una&criterion[0][points]=1")).await;
        assert!(changed.text().await.unwrap().contains("criteria"));

        // Released: Ana sees her outcome, her marks and the feedback, escaped in the page.
        let released = call(&app, &people.teacher, "/api/release_practical", &format!("test_id={test}")).await;
        assert!(released.status().is_success() || released.status().is_redirection());
        let mine = json_of(call(&app, &ana_cookie, "/api/load_my_practicals", &format!("enrollment_id={ana_enrolment}")).await).await;
        assert_eq!(mine[0]["outcome"]["passed"], false);
        assert!(mine[0]["feedback"].as_str().unwrap().contains("Omitió informar"));
        let course = app.get_with(&format!("/learn/{ana_enrolment}"), &ana_cookie).await.text().await.unwrap();
        assert!(course.contains("Omitió informar los derechos"), "released feedback is on the page");
        assert!(!course.contains("<script>alert(1)</script>"), "feedback is escaped");

        // After release a change needs a reason, and the history keeps old and new.
        let regrade = json!({"marks": [{"criterion_id": rights, "mark": "met"}]});
        let refused = observe(&app, &people.teacher, test, ana, regrade.clone()).await;
        assert_eq!(refused.status(), 422);
        assert!(json_of(refused).await["errors"]["reason"].is_string());
        let mut with_reason = regrade;
        with_reason["reason"] = json!("Revisado el video: sí informó los derechos");
        let now_passed = json_of(observe(&app, &people.teacher, test, ana, with_reason).await).await;
        assert_eq!(now_passed["passed"], true);
        let seen = json_of(call(&app, &people.teacher, "/api/load_observation",
            &format!("test_id={test}&enrollment_id={ana_enrolment}")).await).await;
        let last = &seen["history"][0];
        assert_eq!(last["old_passed"], false);
        assert_eq!(last["new_passed"], true);
        assert_eq!(last["reason"], "Revisado el video: sí informó los derechos");
        assert!(seen["history"].as_array().unwrap().len() >= 3);

        for sql in ["UPDATE result_changes SET reason = 'otra'", "DELETE FROM result_changes"] {
            let refused = app.db
                .execute_raw(Statement::from_string(app.db.get_database_backend(), sql))
                .await
                .expect_err("history rows are never changed");
            assert!(refused.to_string().contains("append-only"), "{sql}: {refused}");
        }
        app.stop().await;
    }
}
