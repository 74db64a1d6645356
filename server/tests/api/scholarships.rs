//! Scholarships: programmes, applications, awards under concurrency, grants that pay for
//! several modules, and a ledger that always sums to the balances.

use app::accounts::{Affiliation, Role};
use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{
    Engine, TestApp, create_person, module_of, offering, spawn_app, trainee, trainee_from,
};

const PASSWORD: &str = "protect and serve with care";
const STATEMENT: &str =
    "I lead the community policing unit of my district and will train my colleagues.";

async fn admin(app: &TestApp) -> String {
    create_person(
        &app.db,
        "admin@picap.example.org",
        PASSWORD,
        "OAS",
        vec![Role::Administrator],
    )
    .await;
    app.sign_in("admin@picap.example.org", PASSWORD).await
}

fn programme_body(modules: &[i64], budget: &str, per_person: &str) -> Value {
    let today = Utc::now().date_naive();
    json!({
        "name": "Becas OEA de policía comunitaria",
        "funder": "OAS",
        "currency": "USD",
        "budget": budget,
        "per_person_max": per_person,
        "covers": ["tuition", "travel"],
        "covered_module_ids": modules,
        "eligible_countries": [],
        "eligible_affiliations": [],
        "opens": (today - Duration::days(5)).to_string(),
        "closes": (today + Duration::days(5)).to_string(),
        "conditions": "80 % attendance and passing the module"
    })
}

/// The ledger sums to every balance, for the programme and each of its grants.
pub async fn check_ledger(app: &TestApp, programme: i64) {
    let p = entity::scholarship_programme::Entity::find_by_id(programme)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let rows = entity::scholarship_ledger::Entity::find()
        .filter(entity::scholarship_ledger::Column::ProgrammeId.eq(programme))
        .all(&app.db)
        .await
        .unwrap();
    let sum = |kind: &str, grant: Option<i64>| -> i64 {
        rows.iter()
            .filter(|r| r.kind == kind && (grant.is_none() || r.grant_id == grant))
            .map(|r| r.amount)
            .sum()
    };
    assert_eq!(p.awarded, sum("award", None), "awarded = sum of awards");
    assert_eq!(
        p.committed,
        sum("commit", None) - sum("release", None) - sum("spend", None),
        "committed follows the ledger"
    );
    assert_eq!(p.spent, sum("spend", None), "spent = sum of spending");
    assert!(p.budget - p.awarded >= 0 && p.committed >= 0 && p.spent >= 0);
    for g in entity::grant::Entity::find()
        .filter(entity::grant::Column::ProgrammeId.eq(programme))
        .all(&app.db)
        .await
        .unwrap()
    {
        assert_eq!(g.amount, sum("award", Some(g.id)));
        assert_eq!(
            g.committed,
            sum("commit", Some(g.id)) - sum("release", Some(g.id)) - sum("spend", Some(g.id))
        );
        assert_eq!(g.spent, sum("spend", Some(g.id)));
        assert!(
            g.amount - g.committed - g.spent >= 0,
            "a grant never goes below zero"
        );
    }
}

on_both_engines! {
    async fn fifty_concurrent_awards_against_a_budget_that_fits_ten(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let course = offering(&app, "PICAP-SC-101", "both", 30, 20).await;
        let module = module_of(&app, course).await;
        let created = app.send_json(Method::POST, "/api/v1/scholarship-programmes", &programme_body(&[module], "10000", "1000"), Some(&admin)).await;
        assert_eq!(created.status(), 201);
        let programme: Value = created.json().await.unwrap();
        let pid = programme["id"].as_i64().unwrap();
        let mut applications = Vec::new();
        for n in 0..50 {
            let (_, cookie) = trainee(&app, n, Affiliation::Police).await;
            let applied = app.send_json(Method::POST, &format!("/api/v1/scholarship-programmes/{pid}/applications"), &json!({"statement": STATEMENT}), Some(&cookie)).await;
            assert_eq!(applied.status(), 201);
            applications.push(applied.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
        }
        let mut tasks = tokio::task::JoinSet::new();
        for id in applications {
            let client = app.client.clone();
            let url = app.url(&format!("/api/v1/scholarship-applications/{id}/decision"));
            let cookie = admin.clone();
            tasks.spawn(async move {
                client.post(url).header("cookie", cookie).json(&json!({"decision": "award", "amount": 1000, "comment": "Bienvenido"})).send().await.unwrap().status().as_u16()
            });
        }
        let mut statuses = Vec::new();
        while let Some(done) = tasks.join_next().await {
            statuses.push(done.unwrap());
        }
        statuses.sort();
        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 10, "exactly ten awards: {statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 40, "the others are refused as over budget: {statuses:?}");
        let now: Value = app.get_with(&format!("/api/v1/scholarship-programmes/{pid}"), &admin).await.json().await.unwrap();
        assert_eq!((now["awarded"].as_str(), now["remaining"].as_str()), (Some("10000.00"), Some("0.00")), "remaining = budget − sum of awards, never negative");
        let grants = entity::grant::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(grants.len(), 10);
        assert_eq!(grants.iter().map(|g| g.amount).sum::<i64>(), 1_000_000);
        let still_open = entity::scholarship_application::Entity::find()
            .filter(entity::scholarship_application::Column::Status.eq("submitted"))
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(still_open.len(), 40, "refused awards leave the application to decide again");
        check_ledger(&app, pid).await;
        app.stop().await;
    }

    async fn a_grant_pays_for_every_covered_module_and_its_money_follows_the_enrolments(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let first = offering(&app, "PICAP-SC-201", "both", 10, 20).await;
        let second = offering(&app, "PICAP-SC-202", "both", 10, 20).await;
        let uncovered = offering(&app, "PICAP-SC-299", "both", 10, 20).await;
        let modules = [module_of(&app, first).await, module_of(&app, second).await];
        let (_, ana) = trainee_from(&app, 1, Affiliation::Civilian, "Defensoría", "PE").await;
        let (_, bruno) = trainee_from(&app, 2, Affiliation::Police, "PNP", "CO").await;

        // Only administrators create programmes; bad fields are named.
        let refused = app.send_json(Method::POST, "/api/v1/scholarship-programmes", &programme_body(&modules, "5000", "3000"), Some(&ana)).await;
        assert_eq!(refused.status(), 403);
        let mut bad = programme_body(&modules, "5000", "6000");
        bad["currency"] = json!("dollars");
        let invalid = app.send_json(Method::POST, "/api/v1/scholarship-programmes", &bad, Some(&admin)).await;
        assert_eq!(invalid.status(), 422);
        let problem: Value = invalid.json().await.unwrap();
        assert!(problem["errors"]["currency"].is_string() && problem["errors"]["per_person_max"].is_string(), "{problem}");

        let mut body = programme_body(&modules, "5000", "3000");
        body["eligible_countries"] = json!(["PE"]);
        let programme: Value = app.send_json(Method::POST, "/api/v1/scholarship-programmes", &body, Some(&admin)).await.json().await.unwrap();
        let pid = programme["id"].as_i64().unwrap();

        // Eligibility, and one application per person.
        let elsewhere = app.send_json(Method::POST, &format!("/api/v1/scholarship-programmes/{pid}/applications"), &json!({"statement": STATEMENT}), Some(&bruno)).await;
        assert_eq!(elsewhere.status(), 422);
        assert_eq!(elsewhere.json::<Value>().await.unwrap()["reason"], "scholarship_country");
        let short = app.send_json(Method::POST, &format!("/api/v1/scholarship-programmes/{pid}/applications"), &json!({"statement": "please"}), Some(&ana)).await;
        assert_eq!(short.status(), 422);
        let applied: Value = app.send_json(Method::POST, &format!("/api/v1/scholarship-programmes/{pid}/applications"), &json!({"statement": STATEMENT}), Some(&ana)).await.json().await.unwrap();
        let again = app.send_json(Method::POST, &format!("/api/v1/scholarship-programmes/{pid}/applications"), &json!({"statement": STATEMENT}), Some(&ana)).await;
        assert_eq!(again.status(), 409);

        // Above the per-person maximum: refused. Then awarded 3,000.
        let decision = format!("/api/v1/scholarship-applications/{}/decision", applied["id"]);
        let too_much = app.send_json(Method::POST, &decision, &json!({"decision": "award", "amount": "3000.01", "comment": ""}), Some(&admin)).await;
        assert_eq!(too_much.status(), 422);
        let awarded = app.send_json(Method::POST, &decision, &json!({"decision": "award", "amount": "3000", "score": 88, "comment": "Strong plan to multiply the training."}), Some(&admin)).await;
        assert_eq!(awarded.status(), 200);
        assert_eq!(app.send_json(Method::POST, &decision, &json!({"decision": "reject", "comment": ""}), Some(&admin)).await.status(), 409, "decided once");

        // Ana enrols in both covered modules and one that is not covered.
        let mut enrolments = Vec::new();
        for course in [first, second, uncovered] {
            let e: Value = app.client.post(app.url(&format!("/api/v1/offerings/{course}/enrollments"))).header("cookie", &ana).send().await.unwrap().json().await.unwrap();
            assert_eq!(e["status"], "enrolled");
            enrolments.push(e["id"].as_i64().unwrap());
        }
        let fund = |enrollment: i64, amount: &str| {
            let body = json!({"amount": amount});
            let admin = admin.clone();
            let app = &app;
            async move { app.send_json(Method::POST, &format!("/api/v1/enrollments/{enrollment}/scholarship"), &body, Some(&admin)).await.status().as_u16() }
        };
        assert_eq!(fund(enrolments[0], "1200").await, 201, "the grant pays for the first module");
        assert_eq!(fund(enrolments[1], "1500").await, 201, "and for the second: one award opens every covered module");
        assert_eq!(fund(enrolments[0], "100").await, 409, "one commitment per enrolment");
        assert_eq!(fund(enrolments[2], "100").await, 409, "not for a module the programme does not cover");
        assert_eq!(fund(enrolments[1], "1").await, 409, "already paid for");
        check_ledger(&app, pid).await;
        let roster = app.get_with(&format!("/admin/offerings/{second}/enrollments"), &admin).await.text().await.unwrap();
        assert!(roster.contains("Paid by scholarship: 1500.00"), "the applicants page shows the funding");
        let learning = app.client.get(app.url("/my-learning")).header("cookie", &ana).header("accept-language", "es").send().await.unwrap().text().await.unwrap();
        assert!(learning.contains("Cubierto por beca: 1200.00") && learning.contains("Cubierto por beca: 1500.00"), "My learning shows what the award pays for");

        // Withdrawal releases; completion (recorded once the offering is over) spends.
        let today = Utc::now().date_naive();
        entity::offering::Entity::update_many()
            .col_expr(entity::offering::Column::EnrollmentOpens, sea_orm::sea_query::Expr::value(today - Duration::days(40)))
            .col_expr(entity::offering::Column::EnrollmentCloses, sea_orm::sea_query::Expr::value(today - Duration::days(30)))
            .col_expr(entity::offering::Column::StartsOn, sea_orm::sea_query::Expr::value(today - Duration::days(10)))
            .col_expr(entity::offering::Column::EndsOn, sea_orm::sea_query::Expr::value(today - Duration::days(1)))
            .filter(entity::offering::Column::Id.eq(second))
            .exec(&app.db)
            .await
            .unwrap();
        assert_eq!(app.client.delete(app.url(&format!("/api/v1/enrollments/{}", enrolments[0]))).header("cookie", &ana).send().await.unwrap().status(), 200);
        let done = app.send_json(Method::POST, &format!("/api/v1/enrollments/{}/transition", enrolments[1]), &json!({"to": "completed", "reason": "passed"}), Some(&admin)).await;
        assert_eq!(done.status(), 200);
        let now: Value = app.get_with(&format!("/api/v1/scholarship-programmes/{pid}"), &admin).await.json().await.unwrap();
        assert_eq!(
            (now["awarded"].as_str(), now["committed"].as_str(), now["spent"].as_str(), now["remaining"].as_str()),
            (Some("3000.00"), Some("0.00"), Some("1500.00"), Some("2000.00"))
        );
        check_ledger(&app, pid).await;

        // Cancelling an offering releases what was committed to it.
        let third = offering(&app, "PICAP-SC-203", "both", 10, 20).await;
        app.db.execute_unprepared(&format!("INSERT INTO scholarship_modules (programme_id, module_id) VALUES ({pid}, {})", module_of(&app, third).await)).await.unwrap();
        let e: Value = app.client.post(app.url(&format!("/api/v1/offerings/{third}/enrollments"))).header("cookie", &ana).send().await.unwrap().json().await.unwrap();
        assert_eq!(fund(e["id"].as_i64().unwrap(), "1500").await, 201, "1,500 of the grant was still available");
        let mut cancelled: Value = app.get_with(&format!("/api/v1/offerings/{third}"), &admin).await.json().await.unwrap();
        cancelled["status"] = json!("cancelled");
        assert_eq!(app.send_json(Method::PUT, &format!("/api/v1/offerings/{third}"), &cancelled, Some(&admin)).await.status(), 200);
        let now: Value = app.get_with(&format!("/api/v1/scholarship-programmes/{pid}"), &admin).await.json().await.unwrap();
        assert_eq!(now["committed"], "0.00", "the cancelled offering's commitment was released");
        check_ledger(&app, pid).await;

        // The ledger is append-only, enforced by the database.
        assert!(app.db.execute_unprepared("UPDATE scholarship_ledger SET amount = 1").await.is_err());
        assert!(app.db.execute_unprepared("DELETE FROM scholarship_ledger").await.is_err());
        // And the database refuses a negative balance even if code tried.
        assert!(app.db.execute_unprepared(&format!("UPDATE scholarship_programmes SET awarded = budget + 1 WHERE id = {pid}")).await.is_err());
        assert!(app.db.execute_unprepared("UPDATE grants SET committed = amount + 1").await.is_err());

        // CSV for administrators only, one row per movement.
        assert_eq!(app.get_with(&format!("/api/v1/scholarship-programmes/{pid}/ledger.csv"), &ana).await.status(), 403);
        let csv = app.get_with(&format!("/api/v1/scholarship-programmes/{pid}/ledger.csv"), &admin).await;
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let text = csv.text().await.unwrap();
        let kinds: Vec<&str> = text.lines().skip(1).map(|l| l.split(',').nth(2).unwrap().trim_matches('"')).collect();
        assert_eq!(kinds, ["award", "commit", "commit", "release", "spend", "commit", "release"]);

        // Pages: the budget page for administrators, "My scholarships" for the holder.
        let budget = app.get_with(&format!("/admin/scholarships/{pid}"), &admin).await.text().await.unwrap();
        assert!(budget.contains("USD\u{a0}2,000.00") && budget.contains("Strong plan"), "the budget page shows the remaining budget and the review");
        let mine = app.client.get(app.url("/my-scholarships")).header("cookie", &ana).header("accept-language", "es").send().await.unwrap().text().await.unwrap();
        assert!(
            mine.contains("Otorgado 3000,00\u{a0}USD: 0,00\u{a0}USD comprometido, 1500,00\u{a0}USD ejecutado, 1500,00\u{a0}USD disponible"),
            "the holder sees their grant, written as a Spanish reader writes money"
        );
        assert!(mine.contains("Monto otorgado: 3000,00\u{a0}USD") && mine.contains("Strong plan to multiply the training."), "what was decided and why");
        assert!(mine.contains("PICAP-SC-201") && mine.contains("PICAP-SC-202"), "valid for every covered module");

        // Emails: received and awarded, in the person's language.
        let subjects: Vec<String> = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Recipient.eq("trainee1@policia.example.org"))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.subject)
            .collect();
        assert!(subjects.iter().any(|s| s.starts_with("Postulación a beca recibida")), "{subjects:?}");
        assert!(subjects.iter().any(|s| s.starts_with("Beca otorgada")), "{subjects:?}");
        app.stop().await;
    }
}

on_both_engines! {
    async fn a_trainee_sees_what_is_open_what_was_decided_and_why(engine: Engine) {
        use app::i18n::Locale;
        let app = spawn_app(engine).await;
        let admin = admin(&app).await;
        let course = offering(&app, "PICAP-SC-301", "both", 10, 20).await;
        let modules = [module_of(&app, course).await];
        let (_, ana) = trainee_from(&app, 1, Affiliation::Civilian, "Defensoría", "PE").await;
        let body = programme_body(&modules, "12500", "3000");
        let programme: Value = app.send_json(Method::POST, "/api/v1/scholarship-programmes", &body, Some(&admin)).await.json().await.unwrap();
        let pid = programme["id"].as_i64().unwrap();
        let opens = body["opens"].as_str().unwrap().to_string();
        let page = |cookie: String, language: &'static str| {
            let app = &app;
            async move {
                app.client.get(app.url("/my-scholarships")).header("cookie", cookie).header("accept-language", language)
                    .send().await.unwrap().text().await.unwrap()
            }
        };

        // What she may apply for, in her language's numbers and dates.
        let open = page(ana.clone(), "es").await;
        assert!(open.contains("Becas OEA de policía comunitaria") && open.contains("3000,00\u{a0}USD"), "the most one person gets");
        assert!(open.contains(&Locale::Es.date(&opens)), "the window in words: {}", Locale::Es.date(&opens));
        assert!(open.contains(r#"aria-label="Postular a esta beca — Becas OEA de policía comunitaria""#), "the button names the programme");

        // A statement too short, without JavaScript: it comes back with the error under it.
        let referer = app.url("/my-scholarships");
        let refused = app.post_form("/api/apply_for_scholarship", &format!("programme_id={pid}&statement=Por+favor"),
            &[("accept", "text/html"), ("referer", &referer), ("accept-language", "es"), ("cookie", &ana)]).await;
        assert_eq!(refused.status(), 302);
        let carried: Vec<String> = refused.headers().get_all("set-cookie").iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string)).collect();
        let again = page(format!("{ana}; {}", carried.join("; ")), "es").await;
        assert!(again.contains(">Por favor</textarea>"), "what she typed is kept");
        assert!(again.contains("Por qué postula: escriba de 20 a 4.000 caracteres."), "the field is named");

        let applied: Value = app.send_json(Method::POST, &format!("/api/v1/scholarship-programmes/{pid}/applications"), &json!({"statement": STATEMENT}), Some(&ana)).await.json().await.unwrap();
        let waiting = page(ana.clone(), "es").await;
        assert!(waiting.contains("En revisión") && waiting.contains("recibirá la decisión por correo"), "what happens next");

        // The review queue: rejecting asks first, and every cell names its column.
        let queue = app.get_with(&format!("/admin/scholarships/{pid}"), &admin).await.text().await.unwrap();
        assert!(queue.contains("USD\u{a0}12,500.00"), "the budget as an English reader writes it");
        assert!(queue.contains(r#"<details class="confirm confirm--danger""#), "reject sits behind a confirmation");
        assert!(queue.contains("Reject the application of Trainee 1?"), "the question names the person");
        assert!(queue.contains(r#"aria-label="Award — Trainee 1""#), "the repeated button has context");
        assert!(queue.contains(r#"data-label="Why you apply""#) && queue.contains(r#"data-label="Person""#), "cells carry their column's name");

        let decided = app.post_form("/api/decide_scholarship",
            &format!("programme_id={pid}&id={}&decision=reject&comment=El+cupo+de+su+pa%C3%ADs+ya+est%C3%A1+cubierto.&score=", applied["id"]),
            &[("accept", "text/html"), ("referer", &app.url(&format!("/admin/scholarships/{pid}"))), ("cookie", &admin)]).await;
        assert_eq!(decided.status(), 302);
        assert_eq!(decided.headers()["location"], format!("/admin/scholarships/{pid}?decided=1"));

        let outcome = page(ana.clone(), "es").await;
        assert!(outcome.contains("No otorgada") && outcome.contains("El cupo de su país ya está cubierto."), "what was decided and why");
        assert!(outcome.contains("Puede postular a otros programas abiertos."), "and what she can do now");
        app.stop().await;
    }
}
