//! Enrolment: eligibility, seats, the waitlist and withdrawals, including under a burst of
//! concurrent requests.

use app::accounts::{Affiliation, Role};
use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, create_person, offering, spawn_app, trainee, trainee_from};

const PASSWORD: &str = "protect and serve with care";

pub(crate) async fn apply(app: &TestApp, offering: i64, cookie: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/offerings/{offering}/enrollments")))
        .header("cookie", cookie)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
}

pub(crate) async fn rows(app: &TestApp, offering: i64) -> Vec<entity::enrollment::Model> {
    entity::enrollment::Entity::find()
        .filter(entity::enrollment::Column::OfferingId.eq(offering))
        .order_by_asc(entity::enrollment::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

/// Checks the invariants: seats within capacity and matching the counter; the waitlist is
/// 1..=n without gaps or repeats and matches its counter. Returns (enrolled, waitlist by
/// position).
pub(crate) async fn check_invariants(app: &TestApp, offering: i64) -> (Vec<i64>, Vec<i64>) {
    let all = rows(app, offering).await;
    let o = entity::offering::Entity::find_by_id(offering)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let enrolled: Vec<i64> = all
        .iter()
        .filter(|e| e.status == "enrolled")
        .map(|e| e.user_id)
        .collect();
    let mut waiting: Vec<(i32, i64)> = all
        .iter()
        .filter(|e| e.status == "waitlisted")
        .map(|e| {
            (
                e.waitlist_position
                    .expect("a waitlisted enrolment has a position"),
                e.user_id,
            )
        })
        .collect();
    waiting.sort();
    assert!(
        enrolled.len() as i32 <= o.capacity,
        "never more seats than capacity"
    );
    assert_eq!(
        enrolled.len() as i32,
        o.seats_taken,
        "the seat counter matches"
    );
    let positions: Vec<i32> = waiting.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        positions,
        (1..=waiting.len() as i32).collect::<Vec<_>>(),
        "the waitlist is dense"
    );
    assert_eq!(
        waiting.len() as i32,
        o.waitlist_length,
        "the waitlist counter matches"
    );
    // Quotas hold: no agency or country above its maximum, and while enrolment is open the
    // people outside a share never hold the seats reserved for it.
    let holders = entity::user::Entity::find()
        .filter(entity::user::Column::Id.is_in(enrolled.clone()))
        .all(&app.db)
        .await
        .unwrap();
    let most = |key: fn(&entity::user::Model) -> String| {
        let mut counts = std::collections::HashMap::<String, i32>::new();
        for h in &holders {
            *counts.entry(key(h)).or_default() += 1;
        }
        counts.into_values().max().unwrap_or(0)
    };
    if let Some(max) = o.quota_max_per_agency {
        assert!(
            most(|h| h.agency.to_lowercase()) <= max,
            "an agency holds more than {max} seats"
        );
    }
    if let Some(max) = o.quota_max_per_country {
        assert!(
            most(|h| h.country.clone()) <= max,
            "a country holds more than {max} seats"
        );
    }
    if let (Some(affiliation), Some(percent)) = (&o.quota_affiliation, o.quota_min_percent)
        && app.clock.today() <= o.enrollment_closes
    {
        let reserved = (o.capacity * percent + 99) / 100;
        let others = holders
            .iter()
            .filter(|h| &h.affiliation != affiliation)
            .count() as i32;
        assert!(
            others <= o.capacity - reserved,
            "{others} seats outside the {affiliation} share of {reserved} of {}",
            o.capacity
        );
    }
    (enrolled, waiting.into_iter().map(|(_, id)| id).collect())
}

/// Sets an offering's quotas directly.
pub(crate) async fn set_quotas(
    app: &TestApp,
    offering: i64,
    share: Option<(&str, i32)>,
    per_agency: Option<i32>,
    per_country: Option<i32>,
) {
    let mut o: entity::offering::ActiveModel = entity::offering::Entity::find_by_id(offering)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    o.quota_affiliation = Set(share.map(|(a, _)| a.to_string()));
    o.quota_min_percent = Set(share.map(|(_, p)| p));
    o.quota_max_per_agency = Set(per_agency);
    o.quota_max_per_country = Set(per_country);
    o.update(&app.db).await.unwrap();
}

on_both_engines! {
    async fn a_trainee_applies_and_withdraws_and_reasons_are_given(engine: Engine) {
        let app = spawn_app(engine).await;
        let open = offering(&app, "PICAP-EN-101", "both", 1, 20).await;
        let closed = offering(&app, "PICAP-EN-102", "both", 10, -1).await;
        let civilians = offering(&app, "PICAP-EN-103", "civilian", 10, 20).await;
        let (_, ana_cookie) = trainee(&app, 1, Affiliation::Police).await;
        let (_, ben_cookie) = trainee(&app, 2, Affiliation::Police).await;

        let first = apply(&app, open, &ana_cookie).await;
        assert_eq!(first.status(), 201);
        let first: Value = first.json().await.unwrap();
        assert_eq!(first["status"], "enrolled");
        assert_eq!(apply(&app, open, &ana_cookie).await.status(), 409, "already applied");

        let second: Value = apply(&app, open, &ben_cookie).await.json().await.unwrap();
        assert_eq!((second["status"].as_str(), second["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)));
        let seats: Value = app.get(&format!("/api/v1/offerings/{open}")).await.json().await.unwrap();
        assert_eq!((seats["seats_taken"].as_i64(), seats["seats_left"].as_i64(), seats["waitlist_length"].as_i64()), (Some(1), Some(0), Some(1)));

        for (offering, reason, text) in [
            (closed, "enrollment_closed", "Enrolment closed on"),
            (civilians, "audience", "for civilians only"),
        ] {
            let refused = apply(&app, offering, &ana_cookie).await;
            assert_eq!(refused.status(), 422);
            let problem: Value = refused.json().await.unwrap();
            assert_eq!(problem["reason"], reason);
            assert!(problem["detail"].as_str().unwrap().contains(text), "{problem}");
        }

        // Others may not withdraw Ana, nor read the list of the offering.
        let ana_enrollment = first["id"].as_i64().unwrap();
        let not_hers = app.client.delete(app.url(&format!("/api/v1/enrollments/{ana_enrollment}"))).header("cookie", &ben_cookie).send().await.unwrap();
        assert_eq!(not_hers.status(), 404);
        assert_eq!(app.get_with(&format!("/api/v1/offerings/{open}/enrollments"), &ben_cookie).await.status(), 403);

        let withdrawn = app.client.delete(app.url(&format!("/api/v1/enrollments/{ana_enrollment}"))).header("cookie", &ana_cookie).send().await.unwrap();
        assert_eq!(withdrawn.status(), 200);
        let withdrawn: Value = withdrawn.json().await.unwrap();
        assert_eq!((withdrawn["status"].as_str(), withdrawn["freed_seat"].as_bool(), withdrawn["seat_passed_on"].as_bool()), (Some("withdrawn"), Some(true), Some(true)), "Ben was waiting: the seat went to him");
        let again = app.client.delete(app.url(&format!("/api/v1/enrollments/{ana_enrollment}"))).header("cookie", &ana_cookie).send().await.unwrap();
        assert_eq!(again.status(), 409, "a withdrawn enrolment cannot be withdrawn again");

        // Ben was first in line: he has the seat now, sees it, and was told by email.
        let mine: Value = app.get_with("/api/v1/me/enrollments", &ben_cookie).await.json().await.unwrap();
        assert_eq!(mine[0]["status"], "enrolled");
        assert!(mine[0].get("waitlist_position").is_none());
        let page = app.client.get(app.url("/my-learning")).header("cookie", &ben_cookie).header("accept-language", "es").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Inscripción confirmada") && page.contains("PICAP-EN-101"), "his page, in Spanish, shows the seat");
        let outbox: Vec<String> = entity::outbox::Entity::find().all(&app.db).await.unwrap().into_iter().map(|m| m.subject).collect();
        assert!(outbox.iter().any(|s| s.starts_with("Tiene una plaza")), "promotion email in Spanish: {outbox:?}");
        check_invariants(&app, open).await;

        // Ana may apply again after withdrawing: she goes to the end of the line.
        let back: Value = apply(&app, open, &ana_cookie).await.json().await.unwrap();
        assert_eq!((back["status"].as_str(), back["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)));

        // The state machine: a trainee cannot enrol herself from the waitlist.
        let moved = app.send_json(Method::POST, &format!("/api/v1/enrollments/{}/transition", back["id"]), &json!({"to": "enrolled", "reason": "please"}), Some(&ana_cookie)).await;
        assert_eq!(moved.status(), 403);
        app.stop().await;
    }

    async fn administrators_move_people_with_a_reason(engine: Engine) {
        let app = spawn_app(engine).await;
        let admin_id = create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let course = offering(&app, "PICAP-EN-201", "both", 1, 20).await;
        let (ana, ana_cookie) = trainee(&app, 1, Affiliation::Police).await;
        let (_, ben_cookie) = trainee(&app, 2, Affiliation::Civilian).await;
        let a: Value = apply(&app, course, &ana_cookie).await.json().await.unwrap();
        let b: Value = apply(&app, course, &ben_cookie).await.json().await.unwrap();

        let list: Value = app.get_with(&format!("/api/v1/offerings/{course}/enrollments"), &admin).await.json().await.unwrap();
        assert_eq!(list.as_array().unwrap().iter().map(|e| e["status"].as_str().unwrap()).collect::<Vec<_>>(), ["enrolled", "waitlisted"]);

        let transition = |id: &Value, to: &str| {
            let path = format!("/api/v1/enrollments/{id}/transition");
            let body = json!({"to": to, "reason": "Seat reserved for a civilian participant"});
            let admin = admin.clone();
            let app = &app;
            async move { app.send_json(Method::POST, &path, &body, Some(&admin)).await }
        };
        assert_eq!(transition(&b["id"], "enrolled").await.status(), 409, "no free seat");
        assert_eq!(transition(&a["id"], "waitlisted").await.status(), 200);
        assert_eq!(transition(&b["id"], "enrolled").await.status(), 200);
        assert_eq!(transition(&a["id"], "completed").await.status(), 409, "a waitlisted person cannot complete");
        let (enrolled, waiting) = check_invariants(&app, course).await;
        assert_eq!((enrolled.len(), waiting), (1, vec![ana]));
        let trail = crate::helpers::audit_trail(&app.db, ana).await;
        assert!(trail.contains(&"enrollment_change".to_string()), "{trail:?}");
        let detail = entity::audit_log::Entity::find()
            .filter(entity::audit_log::Column::ActorUserId.eq(admin_id))
            .filter(entity::audit_log::Column::Event.eq("enrollment_change"))
            .all(&app.db)
            .await
            .unwrap();
        assert!(detail.iter().all(|e| e.detail.as_deref().unwrap_or_default().contains("Seat reserved for a civilian")));

        // The applicants page: the cohort's make-up and a decision form, without JavaScript.
        let page = app.get_with(&format!("/admin/offerings/{course}/enrollments"), &admin).await.text().await.unwrap();
        assert!(page.contains("1 of 1 seats taken · 1 waiting"), "seats summary");
        assert!(page.contains("Seat holders: 1 civilian; countries: Peru 1; agencies: PNP 1"), "cohort make-up, in the singular, without empty parts: {page}");
        assert!(page.contains("Trainee 1") && page.contains("Trainee 2"));
        assert!(page.contains("PNP (Peru) · Civilian"), "country and affiliation in the reader's language");
        let referer = app.url(&format!("/admin/offerings/{course}/enrollments"));
        let html_post = [("accept", "text/html"), ("referer", referer.as_str()), ("cookie", admin.as_str())];
        let decided = app
            .post_form("/api/decide_enrollment", &format!("offering_id={course}&id={}&to=rejected&reason=Did+not+attend+the+induction", a["id"]), &html_post)
            .await;
        assert_eq!(decided.status(), 302);
        assert_eq!(decided.headers()["location"], format!("/admin/offerings/{course}/enrollments?decided=1"));
        let (_, waiting) = check_invariants(&app, course).await;
        assert!(waiting.is_empty(), "the rejected person left the waiting list");
        let forbidden = app.get_with(&format!("/admin/offerings/{course}/enrollments"), &ben_cookie).await.text().await.unwrap();
        assert!(!forbidden.contains("Trainee 1"), "a trainee does not see the applicants");

        // Cancelling the offering cancels the remaining enrolment and tells the person.
        let mut body: Value = app.get_with(&format!("/api/v1/offerings/{course}"), &admin).await.json().await.unwrap();
        body["status"] = json!("cancelled");
        let cancelled = app.send_json(Method::PUT, &format!("/api/v1/offerings/{course}"), &body, Some(&admin)).await;
        assert_eq!(cancelled.status(), 200);
        let statuses: Vec<String> = rows(&app, course).await.into_iter().map(|e| e.status).collect();
        assert_eq!(statuses, ["rejected", "cancelled"]);
        check_invariants(&app, course).await;
        let told = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Subject.starts_with("Edición cancelada"))
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(told.len(), 1);
        app.stop().await;
    }

    async fn three_hundred_trainees_at_once_get_thirty_seats_and_a_dense_waitlist(engine: Engine) {
        let app = spawn_app(engine).await;
        let course = offering(&app, "PICAP-EN-300", "both", 30, 20).await;
        let mut people = Vec::new();
        for n in 0..300 {
            people.push(trainee(&app, n, Affiliation::Police).await);
        }
        let mut tasks = tokio::task::JoinSet::new();
        for (id, cookie) in people.clone() {
            let client = app.client.clone();
            let url = app.url(&format!("/api/v1/offerings/{course}/enrollments"));
            tasks.spawn(async move {
                let response = client.post(url).header("cookie", cookie).send().await.unwrap();
                (id, response.status().as_u16())
            });
        }
        let mut statuses = Vec::new();
        while let Some(done) = tasks.join_next().await {
            statuses.push(done.unwrap().1);
        }
        assert!(statuses.iter().all(|s| *s == 201), "every application answered 201: {:?}", statuses.iter().filter(|s| **s != 201).collect::<Vec<_>>());
        let (enrolled, waiting) = check_invariants(&app, course).await;
        assert_eq!((enrolled.len(), waiting.len()), (30, 270));

        // Twenty of the seated withdraw at the same time: the first twenty waiting move up, in
        // order, and the rest of the line closes up.
        let leaving: Vec<i64> = enrolled.iter().take(20).copied().collect();
        let all = rows(&app, course).await;
        let mut tasks = tokio::task::JoinSet::new();
        for user in &leaving {
            let enrollment = all.iter().find(|e| e.user_id == *user && e.status == "enrolled").unwrap().id;
            let cookie = people.iter().find(|(id, _)| id == user).unwrap().1.clone();
            let client = app.client.clone();
            let url = app.url(&format!("/api/v1/enrollments/{enrollment}"));
            tasks.spawn(async move { client.delete(url).header("cookie", cookie).send().await.unwrap().status().as_u16() });
        }
        while let Some(done) = tasks.join_next().await {
            assert_eq!(done.unwrap(), 200);
        }
        let (now_enrolled, now_waiting) = check_invariants(&app, course).await;
        assert_eq!((now_enrolled.len(), now_waiting.len()), (30, 250));
        let mut expected: Vec<i64> = enrolled.iter().skip(20).copied().chain(waiting.iter().take(20).copied()).collect();
        let mut got = now_enrolled.clone();
        expected.sort();
        got.sort();
        assert_eq!(got, expected, "exactly the first twenty in line were promoted");
        assert_eq!(now_waiting, waiting[20..].to_vec(), "the others kept their order");
        let promoted_mail = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Subject.starts_with("Tiene una plaza"))
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(promoted_mail.len(), 20, "each promoted person is told");
        app.stop().await;
    }
}

/// One step of a random sequence.
#[derive(Clone, Debug)]
enum Step {
    Apply(usize),
    Withdraw(usize),
    /// An administrator moves the person's latest enrolment to `STATUSES[i]`.
    Move(usize, usize),
    /// An administrator has the person's scholarship award pay 100.00 for their latest
    /// enrolment.
    Fund(usize),
    CancelOffering,
}

const STATUSES: [&str; 6] = [
    "enrolled",
    "waitlisted",
    "rejected",
    "completed",
    "withdrawn",
    "pending_acceptance",
];

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        6 => (0..6usize).prop_map(Step::Apply),
        4 => (0..6usize).prop_map(Step::Withdraw),
        3 => (0..6usize, 0..STATUSES.len()).prop_map(|(t, s)| Step::Move(t, s)),
        2 => (0..6usize).prop_map(Step::Fund),
        1 => Just(Step::CancelOffering),
    ]
}

async fn signed_in(app: &TestApp, id: i64, roles: Vec<Role>) -> app::auth::CurrentUser {
    let u = entity::user::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let hold = app::accounts::service::hold_of(&u);
    app::auth::CurrentUser {
        id: u.id,
        email: u.email,
        full_name: u.full_name,
        roles,
        country: u.country,
        agency: u.agency,
        agency_id: u.agency_id,
        hold,
        affiliation: u.affiliation,
        preferred_language: u.preferred_language,
    }
}

/// Runs `steps` against a fresh two-seat offering, checking the invariants after every step.
async fn run_steps(
    app: &TestApp,
    trainees: &[app::auth::CurrentUser],
    admin: &app::auth::CurrentUser,
    case: usize,
    steps: &[Step],
) {
    use app::enrollment::service;
    use app::error::DomainError;
    let site = app::site::Site::default();
    // Every other case runs under quotas: two of three seats held for civilians, at most two
    // per agency and per country.
    let (capacity, quotas) = if case.is_multiple_of(2) {
        (3, true)
    } else {
        (2, false)
    };
    let course = offering(app, &format!("PICAP-PT-{case}"), "both", capacity, 20).await;
    if quotas {
        set_quotas(app, course, Some(("civilian", 60)), Some(2), Some(2)).await;
    }
    // A scholarship covering the module: the first four trainees hold awards of 250.00, enough
    // for two commitments of 100.00 each.
    let module = entity::offering::Entity::find_by_id(course)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .module_id;
    let today = Utc::now().date_naive();
    let programme = app::scholarships::service::create_programme(
        &app.db,
        admin,
        app::scholarships::ScholarshipProgrammeInput {
            name: format!("Property scholarships {case}").into(),
            funder: "OAS".into(),
            currency: "USD".into(),
            budget: app::scholarships::Amount::Text("900".into()),
            per_person_max: app::scholarships::Amount::Text("250".into()),
            covers: vec!["tuition".into()],
            covered_module_ids: vec![module],
            covered_programme_ids: vec![],
            eligible_countries: vec![],
            eligible_affiliations: vec![],
            opens: (today - Duration::days(1)).to_string(),
            closes: (today + Duration::days(1)).to_string(),
            conditions: String::new().into(),
        },
        app::i18n::Locale::En,
    )
    .await
    .unwrap();
    for t in &trainees[..4] {
        let applied = app::scholarships::service::apply(
            &app.db,
            &site,
            t,
            programme.id,
            "A statement long enough to be read.",
        )
        .await
        .unwrap();
        let decision = app::scholarships::DecisionInput {
            decision: "award".into(),
            amount: Some(app::scholarships::Amount::Text("250".into())),
            score: None,
            comment: String::new(),
        };
        let _ =
            app::scholarships::service::decide(&app.db, &site, admin, applied.id, decision).await;
    }
    for step in steps {
        let latest = |t: usize| {
            let user = trainees[t].id;
            async move {
                entity::enrollment::Entity::find()
                    .filter(entity::enrollment::Column::OfferingId.eq(course))
                    .filter(entity::enrollment::Column::UserId.eq(user))
                    .order_by_desc(entity::enrollment::Column::Id)
                    .one(&app.db)
                    .await
                    .unwrap()
            }
        };
        let outcome: Result<(), DomainError> = match step {
            Step::Apply(t) => service::apply(&app.db, &site, &trainees[*t], course)
                .await
                .map(|_| ()),
            Step::Withdraw(t) => match latest(*t).await {
                Some(e) => service::withdraw(&app.db, &site, &trainees[*t], e.id)
                    .await
                    .map(|_| ()),
                None => Ok(()),
            },
            Step::Move(t, s) => match latest(*t).await {
                Some(e) => service::change_status(
                    &app.db,
                    &site,
                    admin,
                    e.id,
                    STATUSES[*s],
                    "property test",
                )
                .await
                .map(|_| ()),
                None => Ok(()),
            },
            Step::Fund(t) => match latest(*t).await {
                Some(e) => app::scholarships::service::commit(&app.db, admin, e.id, "100")
                    .await
                    .map(|_| ()),
                None => Ok(()),
            },
            Step::CancelOffering => {
                let txn = app::db::begin_write(&app.db).await.unwrap();
                let cancelled = service::cancel_all(&txn, &site, course).await.map(|_| ());
                entity::offering::Entity::update_many()
                    .col_expr(
                        entity::offering::Column::Status,
                        sea_orm::sea_query::Expr::value("cancelled"),
                    )
                    .filter(entity::offering::Column::Id.eq(course))
                    .exec(&txn)
                    .await
                    .unwrap();
                txn.commit().await.unwrap();
                cancelled
            }
        };
        // Refusals are expected; a failure of the system is not.
        assert!(
            !matches!(
                outcome,
                Err(DomainError::Database(_) | DomainError::Internal(_))
            ),
            "{step:?} failed: {outcome:?}"
        );
        check_invariants(app, course).await;
        crate::scholarships::check_ledger(app, programme.id).await;
    }
}

on_both_engines! {
    async fn random_sequences_of_applications_withdrawals_moves_fundings_and_cancellations_keep_seats_quotas_and_the_ledger(engine: Engine) {
        use proptest::test_runner::{Config, TestRunner};
        let app = spawn_app(engine).await;
        let mut trainees = Vec::new();
        for n in 0..6 {
            let affiliation = if n % 2 == 0 { Affiliation::Police } else { Affiliation::Civilian };
            let agency = ["PNP", "Policía Nacional de Colombia", "Carabineros"][n % 3];
            let country = ["PE", "CO"][(n / 2) % 2];
            let (id, _) = trainee_from(&app, n, affiliation, agency, country).await;
            trainees.push(signed_in(&app, id, vec![Role::Trainee]).await);
        }
        let admin_id = create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let admin = signed_in(&app, admin_id, vec![Role::Administrator]).await;
        let handle = tokio::runtime::Handle::current();
        let cases = std::sync::atomic::AtomicUsize::new(0);
        let mut runner = TestRunner::new(Config { cases: 24, failure_persistence: None, ..Config::default() });
        let strategy = proptest::collection::vec(step(), 1..30);
        let result = tokio::task::block_in_place(|| {
            runner.run(&strategy, |steps| {
                let case = cases.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                handle.block_on(run_steps(&app, &trainees, &admin, case, &steps));
                Ok(())
            })
        });
        if let Err(failure) = result {
            panic!("an invariant broke: {failure}");
        }
        app.stop().await;
    }
}

on_both_engines! {
    async fn quotas_waitlist_with_a_reason_skip_to_the_first_allowed_and_release_held_seats_after_the_deadline(engine: Engine) {
        use app::accounts::Affiliation::{Civilian, Police};
        let app = spawn_app(engine).await;
        create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let status_of = |body: &Value| (body["status"].as_str().unwrap_or_default().to_string(), body["reason"].as_str().map(str::to_string));

        // Two seats, one held for civilians until enrolment closes.
        let course = offering(&app, "PICAP-QU-101", "both", 2, 20).await;
        set_quotas(&app, course, Some(("civilian", 50)), None, None).await;
        let (p1, p1_cookie) = trainee_from(&app, 1, Police, "PNP", "PE").await;
        let (p2, p2_cookie) = trainee_from(&app, 2, Police, "PNP", "PE").await;
        let (_, c1_cookie) = trainee_from(&app, 3, Civilian, "Defensoría", "PE").await;
        let (_, p3_cookie) = trainee_from(&app, 4, Police, "PNP", "PE").await;
        let (c2, c2_cookie) = trainee_from(&app, 5, Civilian, "Defensoría", "PE").await;
        let first: Value = apply(&app, course, &p1_cookie).await.json().await.unwrap();
        assert_eq!(status_of(&first), ("enrolled".into(), None));
        let held: Value = apply(&app, course, &p2_cookie).await.json().await.unwrap();
        assert_eq!(status_of(&held), ("waitlisted".into(), Some("quota_share".into())), "the last seat is held for civilians");
        assert_eq!(held["waitlist_position"], 1);
        let c1: Value = apply(&app, course, &c1_cookie).await.json().await.unwrap();
        assert_eq!(status_of(&c1), ("enrolled".into(), None), "a civilian takes the held seat");
        let full: Value = apply(&app, course, &p3_cookie).await.json().await.unwrap();
        assert_eq!(status_of(&full), ("waitlisted".into(), None), "no seat at all: waitlisted without a quota reason");
        apply(&app, course, &c2_cookie).await;
        check_invariants(&app, course).await;

        // The trainee reads why, in their language.
        let waiting_page = app.client.get(app.url("/my-learning")).header("cookie", &p2_cookie).header("accept-language", "es").send().await.unwrap().text().await.unwrap();
        assert!(waiting_page.contains("equilibrio entre policías y civiles"), "the held-seat reason is shown in Spanish");

        // The civilian leaves: the seat is held again, so it skips both police officers and
        // goes to the civilian third in line; the others keep their order.
        let all = rows(&app, course).await;
        let c1_row = all.iter().find(|e| e.status == "enrolled" && e.user_id != p1).unwrap().id;
        assert_eq!(app.client.delete(app.url(&format!("/api/v1/enrollments/{c1_row}"))).header("cookie", &c1_cookie).send().await.unwrap().status(), 200);
        let (enrolled, waiting) = check_invariants(&app, course).await;
        assert!(enrolled.contains(&c2), "the civilian waiting third got the held seat");
        assert_eq!(waiting.len(), 2);
        assert_eq!(waiting[0], p2, "the police officer first in line keeps first place");

        // A second offering: the free seat is held. The administrator cannot give it to a
        // police officer either (409 with why) until enrolment closes; then the job releases it
        // to the first person waiting, who is told by email.
        let second = offering(&app, "PICAP-QU-201", "both", 2, 20).await;
        set_quotas(&app, second, Some(("civilian", 50)), None, None).await;
        apply(&app, second, &p1_cookie).await;
        let held: Value = apply(&app, second, &p2_cookie).await.json().await.unwrap();
        assert_eq!(status_of(&held), ("waitlisted".into(), Some("quota_share".into())));
        let applicants = app.get_with(&format!("/admin/offerings/{second}/enrollments"), &admin).await.text().await.unwrap();
        assert!(applicants.contains("Civilian: 1 seats reserved, 0 filled, 1 still held until"), "the acceptance queue shows the share");
        let refused = app.send_json(Method::POST, &format!("/api/v1/enrollments/{}/transition", held["id"]), &json!({"to": "enrolled", "reason": "urgent"}), Some(&admin)).await;
        assert_eq!(refused.status(), 409);
        assert!(refused.text().await.unwrap().contains("balance of police and civilians"));
        let site = app::site::Site::default();
        assert_eq!(app::enrollment::service::release_held_seats(&app.db, &site).await.unwrap(), 0, "nothing is released while enrolment is open");
        let mut o: entity::offering::ActiveModel = entity::offering::Entity::find_by_id(second).one(&app.db).await.unwrap().unwrap().into();
        o.enrollment_closes = Set(Utc::now().date_naive() - Duration::days(1));
        o.update(&app.db).await.unwrap();
        assert_eq!(app::enrollment::service::release_held_seats(&app.db, &site).await.unwrap(), 1);
        let (enrolled, waiting) = check_invariants(&app, second).await;
        assert_eq!((enrolled.len(), waiting.len()), (2, 0));
        assert!(enrolled.contains(&p2));
        let told = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Recipient.eq("trainee2@policia.example.org"))
            .filter(entity::outbox::Column::Subject.starts_with("Tiene una plaza"))
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(told.len(), 1, "the promoted officer is emailed");
        app.stop().await;
    }

    async fn agency_and_country_maxima_waitlist_with_their_reason(engine: Engine) {
        use app::accounts::Affiliation::Police;
        let app = spawn_app(engine).await;
        create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let course = offering(&app, "PICAP-QU-102", "both", 5, 20).await;
        set_quotas(&app, course, None, Some(1), Some(2)).await;
        let (_, a) = trainee_from(&app, 1, Police, "PNP", "PE").await;
        // The same agency typed in another case: one row of the registry, one quota.
        let (_, b) = trainee_from(&app, 2, Police, "pnp", "PE").await;
        let (_, c) = trainee_from(&app, 3, Police, "Policía Fiscal", "PE").await;
        let (_, d) = trainee_from(&app, 4, Police, "Serenazgo", "PE").await;
        let mut reasons = Vec::new();
        for cookie in [&a, &b, &c, &d] {
            let body: Value = apply(&app, course, cookie).await.json().await.unwrap();
            reasons.push((body["status"].as_str().unwrap().to_string(), body["reason"].as_str().map(str::to_string)));
        }
        assert_eq!(
            reasons,
            [
                ("enrolled".to_string(), None),
                ("waitlisted".to_string(), Some("quota_agency".to_string())),
                ("enrolled".to_string(), None),
                ("waitlisted".to_string(), Some("quota_country".to_string())),
            ],
            "one seat per agency (one registry row whatever the case), two per country"
        );
        check_invariants(&app, course).await;
        let page = app.get_with(&format!("/admin/offerings/{course}/enrollments"), &admin).await.text().await.unwrap();
        assert!(page.contains("Per agency, at most 1: PNP 1 (full)"), "agency quota status shown");
        assert!(page.contains("Per country, at most 2: Peru 2 (full)"), "country quota status shown");

        // Quotas are validated when an offering is saved, each field named.
        let mut body: Value = app.get_with(&format!("/api/v1/offerings/{course}"), &admin).await.json().await.unwrap();
        assert_eq!(body["quotas"], json!({"max_per_agency": 1, "max_per_country": 2}));
        body["quotas"] = json!({"affiliation": "civilian", "min_percent": 120, "max_per_agency": 0});
        let refused = app.send_json(Method::PUT, &format!("/api/v1/offerings/{course}"), &body, Some(&admin)).await;
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        let mut fields: Vec<&String> = problem["errors"].as_object().unwrap().keys().collect();
        fields.sort();
        assert_eq!(fields, ["quotas.max_per_agency", "quotas.min_percent"]);
        app.stop().await;
    }
}

on_both_engines! {
    async fn a_coordinator_nominates_and_endorses_then_an_administrator_decides(engine: Engine) {
        use app::accounts::Affiliation::Police;
        let app = spawn_app(engine).await;
        create_person(&app.db, "admin@picap.example.org", PASSWORD, "OAS", vec![Role::Administrator]).await;
        let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
        let coordinator_id = create_person(&app.db, "coord@pnp.example.org", PASSWORD, "PNP", vec![Role::Coordinator]).await;
        let coordinator = app.sign_in("coord@pnp.example.org", PASSWORD).await;
        create_person(&app.db, "coord@carabineros.example.org", PASSWORD, "Carabineros", vec![Role::Coordinator]).await;
        let other_coordinator = app.sign_in("coord@carabineros.example.org", PASSWORD).await;
        let course = offering(&app, "PICAP-NO-101", "both", 2, 20).await;
        let open_course = offering(&app, "PICAP-NO-102", "both", 2, 20).await;
        let mut o: entity::offering::ActiveModel = entity::offering::Entity::find_by_id(course).one(&app.db).await.unwrap().unwrap().into();
        o.enrollment_policy = Set("nomination".into());
        o.update(&app.db).await.unwrap();
        let (officer, _) = trainee_from(&app, 1, Police, "pnp", "PE").await;
        let (_, own_cookie) = trainee_from(&app, 2, Police, "PNP", "PE").await;
        let (outsider, _) = trainee_from(&app, 3, Police, "Carabineros", "CL").await;
        let nominate = |who: i64, course: i64| {
            let app = &app;
            let cookie = coordinator.clone();
            async move { app.send_json(Method::POST, &format!("/api/v1/offerings/{course}/nominations"), &json!({"user_id": who}), Some(&cookie)).await }
        };

        // A coordinator's nomination is endorsed with it; only the coordinator's own officers,
        // once, and only for offerings that take nominations.
        let nominated = nominate(officer, course).await;
        assert_eq!(nominated.status(), 201);
        let nominated: Value = nominated.json().await.unwrap();
        assert_eq!(nominated["status"], "pending_acceptance");
        assert_eq!(nominate(outsider, course).await.status(), 404, "another agency's officer");
        assert_eq!(nominate(officer, course).await.status(), 409, "already nominated");
        assert_eq!(nominate(officer, open_course).await.status(), 422, "open offerings take applications directly");
        let row = rows(&app, course).await.into_iter().find(|e| e.user_id == officer).unwrap();
        assert_eq!(row.nominated_by, Some(coordinator_id));
        // An officer's own application goes the same way.
        let own: Value = apply(&app, course, &own_cookie).await.json().await.unwrap();
        assert_eq!(own["status"], "pending_endorsement");

        // "My agency" lists the officer's own application to endorse; the nomination is already
        // endorsed, and the officer's history says who nominated.
        let page = app.get_with("/my-agency", &coordinator).await.text().await.unwrap();
        let to_endorse = page.split("id=\"to-endorse\"").nth(1).and_then(|rest| rest.split("</table>").next()).unwrap_or_default();
        assert!(to_endorse.contains("Trainee 2") && !to_endorse.contains("Trainee 1"), "only the own application waits: {to_endorse}");
        let history = app.get_with(&format!("/my-agency?history={officer}"), &coordinator).await.text().await.unwrap();
        assert!(history.contains("nominated by") && history.contains("PICAP-NO-101"), "the nomination is marked");
        let elsewhere = app.get_with("/my-agency", &other_coordinator).await.text().await.unwrap();
        assert!(!elsewhere.contains("Trainee 1"), "another agency's coordinator does not see them");

        let transition = |id: &Value, to: &str, reason: &str, cookie: &str| {
            let app = &app;
            let body = json!({"to": to, "reason": reason});
            let path = format!("/api/v1/enrollments/{id}/transition");
            let cookie = cookie.to_string();
            async move { app.send_json(Method::POST, &path, &body, Some(&cookie)).await.status().as_u16() }
        };
        assert_eq!(transition(&nominated["id"], "pending_acceptance", "", &other_coordinator).await, 403, "only the officer's own coordinator endorses");
        assert_eq!(transition(&nominated["id"], "pending_acceptance", "Ready to multiply the training", &coordinator).await, 409, "already endorsed with the nomination");
        assert_eq!(transition(&nominated["id"], "enrolled", "", &coordinator).await, 403, "acceptance is the programme's decision");
        assert_eq!(transition(&own["id"], "rejected", "Needed on duty in December", &coordinator).await, 200);
        assert_eq!(transition(&nominated["id"], "enrolled", "Selected", &admin).await, 200);
        check_invariants(&app, course).await;

        // Each step reached the officer by email, in their language, with the reason.
        let mail_to = |n: usize| {
            let app = &app;
            async move {
                entity::outbox::Entity::find()
                    .filter(entity::outbox::Column::Recipient.eq(format!("trainee{n}@policia.example.org")))
                    .order_by_asc(entity::outbox::Column::Id)
                    .all(&app.db)
                    .await
                    .unwrap()
            }
        };
        let first: Vec<String> = mail_to(1).await.into_iter().map(|m| m.subject).collect();
        assert_eq!(first.len(), 2, "{first:?}");
        assert!(first[0].starts_with("Postulación avalada") && first[1].starts_with("Inscripción confirmada"), "{first:?}");
        let second = mail_to(2).await;
        let rejected = second.last().unwrap();
        assert!(rejected.subject.starts_with("Postulación no aceptada"), "{}", rejected.subject);
        assert!(rejected.body_text.contains("Needed on duty in December"), "the reason is in the email");
        app.stop().await;
    }
}

/// Makes an offering take nominations.
async fn by_nomination(app: &TestApp, offering: i64) {
    let mut o: entity::offering::ActiveModel = entity::offering::Entity::find_by_id(offering)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    o.enrollment_policy = Set("nomination".into());
    o.update(&app.db).await.unwrap();
}

/// An administrator and a coordinator of PNP, signed in.
async fn staff(app: &TestApp) -> (String, i64, String) {
    create_person(
        &app.db,
        "admin@picap.example.org",
        PASSWORD,
        "OAS",
        vec![Role::Administrator],
    )
    .await;
    let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
    let coordinator_id = create_person(
        &app.db,
        "coord@pnp.example.org",
        PASSWORD,
        "PNP",
        vec![Role::Coordinator],
    )
    .await;
    let coordinator = app.sign_in("coord@pnp.example.org", PASSWORD).await;
    (admin, coordinator_id, coordinator)
}

async fn move_to(
    app: &TestApp,
    id: &Value,
    to: &str,
    reason: &str,
    cookie: &str,
) -> reqwest::Response {
    app.send_json(
        Method::POST,
        &format!("/api/v1/enrollments/{id}/transition"),
        &json!({"to": to, "reason": reason}),
        Some(cookie),
    )
    .await
}

on_both_engines! {
    async fn a_coordinators_nomination_is_endorsed_in_the_same_step_and_both_steps_are_audited(engine: Engine) {
        use app::accounts::Affiliation::Police;
        let app = spawn_app(engine).await;
        let (_, coordinator_id, coordinator) = staff(&app).await;
        let course = offering(&app, "PICAP-OS-101", "both", 2, 20).await;
        by_nomination(&app, course).await;
        let (officer, _) = trainee_from(&app, 1, Police, "PNP", "PE").await;

        let nominated = app.send_json(Method::POST, &format!("/api/v1/offerings/{course}/nominations"), &json!({"user_id": officer}), Some(&coordinator)).await;
        assert_eq!(nominated.status(), 201);
        let nominated: Value = nominated.json().await.unwrap();
        assert_eq!(nominated["status"], "pending_acceptance", "no second step for the coordinator");
        let row = rows(&app, course).await.into_iter().next().unwrap();
        assert_eq!((row.status.as_str(), row.nominated_by), ("pending_acceptance", Some(coordinator_id)));

        // The audit log keeps the endorsement, as the coordinator's act.
        let trail = entity::audit_log::Entity::find()
            .filter(entity::audit_log::Column::SubjectUserId.eq(officer))
            .filter(entity::audit_log::Column::Event.eq("enrollment_change"))
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(trail.len(), 1, "{trail:?}");
        assert_eq!(trail[0].actor_user_id, Some(coordinator_id));
        assert!(trail[0].detail.as_deref().unwrap_or_default().contains("pending_endorsement → pending_acceptance"), "{:?}", trail[0].detail);

        // The officer hears once: endorsed, not "received, waiting for your coordinator".
        let mail: Vec<String> = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Recipient.eq("trainee1@policia.example.org"))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.subject)
            .collect();
        assert_eq!(mail.len(), 1, "{mail:?}");
        assert!(mail[0].starts_with("Postulación avalada"), "{mail:?}");

        // Nothing waits on "My agency", and the form said so without asking to endorse.
        let page = app.get_with("/my-agency?nominated=1", &coordinator).await.text().await.unwrap();
        assert!(page.contains("Nomination sent and endorsed"), "the notice tells the truth");
        assert!(page.contains("No application is waiting for your endorsement."));
        app.stop().await;
    }

    async fn completed_is_refused_before_the_offering_ends_and_a_refusal_needs_a_reason(engine: Engine) {
        use app::accounts::Affiliation::Police;
        let app = spawn_app(engine).await;
        let (admin, _, coordinator) = staff(&app).await;
        let course = offering(&app, "PICAP-OS-201", "both", 1, 20).await;
        let (_, ana_cookie) = trainee(&app, 1, Police).await;
        let (_, ben_cookie) = trainee(&app, 2, Police).await;
        let ana: Value = apply(&app, course, &ana_cookie).await.json().await.unwrap();
        let ben: Value = apply(&app, course, &ben_cookie).await.json().await.unwrap();

        // "Completed" before the last day: refused with a reason code and a sentence naming it.
        let early = move_to(&app, &ana["id"], "completed", "", &admin).await;
        assert_eq!(early.status(), 422);
        let problem: Value = early.json().await.unwrap();
        assert_eq!(problem["reason"], "offering_not_ended", "{problem}");
        assert!(problem["detail"].as_str().unwrap().contains("only after the offering's last day"), "{problem}");
        // The applicants page does not offer it either, and says when it will.
        let page = app.get_with(&format!("/admin/offerings/{course}/enrollments"), &admin).await.text().await.unwrap();
        assert!(!page.contains("value=\"completed\""), "no Completed button before the end");
        assert!(page.contains("can be recorded after the last day"));

        // A refusal without a reason: refused, naming the field; nothing changed.
        for reason in ["", "   "] {
            let bare = move_to(&app, &ben["id"], "rejected", reason, &admin).await;
            assert_eq!(bare.status(), 422);
            let problem: Value = bare.json().await.unwrap();
            assert!(problem["errors"]["reason"].as_str().unwrap().starts_with("Reason:"), "{problem}");
        }
        assert_eq!(rows(&app, course).await.iter().map(|e| e.status.as_str()).collect::<Vec<_>>(), ["enrolled", "waitlisted"]);
        // The same through the page's form, without JavaScript: back to the page, not a 500.
        let referer = app.url(&format!("/admin/offerings/{course}/enrollments"));
        let html_post = [("accept", "text/html"), ("referer", referer.as_str()), ("cookie", admin.as_str())];
        let posted = app.post_form("/api/decide_enrollment", &format!("offering_id={course}&id={}&to=rejected&reason=", ben["id"]), &html_post).await;
        assert_eq!(posted.status(), 302);
        assert!(posted.headers()["location"].to_str().unwrap().contains(&format!("/admin/offerings/{course}/enrollments")));
        assert_eq!(rows(&app, course).await[1].status, "waitlisted");

        // Once the offering is over, completion is recorded.
        let today = Utc::now().date_naive();
        let mut o: entity::offering::ActiveModel = entity::offering::Entity::find_by_id(course).one(&app.db).await.unwrap().unwrap().into();
        o.enrollment_opens = Set(today - Duration::days(40));
        o.enrollment_closes = Set(today - Duration::days(30));
        o.starts_on = Set(today - Duration::days(10));
        o.ends_on = Set(today - Duration::days(1));
        o.update(&app.db).await.unwrap();
        let page = app.get_with(&format!("/admin/offerings/{course}/enrollments"), &admin).await.text().await.unwrap();
        assert!(page.contains("value=\"completed\""), "Completed is offered now");
        assert!(page.contains("aria-label=\"Mark completed for Trainee 1\""), "each button names the person");
        assert_eq!(move_to(&app, &ana["id"], "completed", "", &admin).await.status(), 200);

        // A coordinator's "do not endorse" needs a reason as well.
        let nominated_course = offering(&app, "PICAP-OS-202", "both", 2, 20).await;
        by_nomination(&app, nominated_course).await;
        let (_, cleo_cookie) = trainee(&app, 3, Police).await;
        let cleo: Value = apply(&app, nominated_course, &cleo_cookie).await.json().await.unwrap();
        assert_eq!(cleo["status"], "pending_endorsement");
        assert_eq!(move_to(&app, &cleo["id"], "rejected", "", &coordinator).await.status(), 422);
        assert_eq!(move_to(&app, &cleo["id"], "rejected", "Needed on duty", &coordinator).await.status(), 200);
        app.stop().await;
    }

    async fn a_withdrawal_says_whether_the_seat_went_to_someone(engine: Engine) {
        use app::accounts::Affiliation::Police;
        let app = spawn_app(engine).await;
        let course = offering(&app, "PICAP-OS-301", "both", 1, 20).await;
        let (_, ana_cookie) = trainee(&app, 1, Police).await;
        let (_, ben_cookie) = trainee(&app, 2, Police).await;
        let (_, cleo_cookie) = trainee(&app, 3, Police).await;
        let ana: Value = apply(&app, course, &ana_cookie).await.json().await.unwrap();
        let ben: Value = apply(&app, course, &ben_cookie).await.json().await.unwrap();
        assert_eq!((ana["status"].as_str(), ben["status"].as_str()), (Some("enrolled"), Some("waitlisted")));
        let withdraw = |id: &Value, cookie: &str| {
            let path = format!("/api/v1/enrollments/{id}");
            let cookie = cookie.to_string();
            let app = &app;
            async move {
                let r = app.client.delete(app.url(&path)).header("cookie", cookie).send().await.unwrap();
                assert_eq!(r.status(), 200);
                let v: Value = r.json().await.unwrap();
                (v["freed_seat"].as_bool().unwrap(), v["seat_passed_on"].as_bool().unwrap())
            }
        };
        assert_eq!(withdraw(&ana["id"], &ana_cookie).await, (true, true), "Ben was waiting and got the seat");
        check_invariants(&app, course).await;
        assert_eq!(withdraw(&ben["id"], &ben_cookie).await, (true, false), "nobody was waiting: the seat stays free");
        check_invariants(&app, course).await;

        // Cleo takes the free seat, Ana waits; Ana's withdrawal from the waiting list frees no seat.
        let cleo: Value = apply(&app, course, &cleo_cookie).await.json().await.unwrap();
        assert_eq!(cleo["status"], "enrolled");
        let back: Value = apply(&app, course, &ana_cookie).await.json().await.unwrap();
        assert_eq!(withdraw(&back["id"], &ana_cookie).await, (false, false));

        // Without JavaScript: the form goes back to "My learning", whose message matches.
        let referer = app.url("/my-learning");
        let html_post = [("accept", "text/html"), ("referer", referer.as_str()), ("cookie", cleo_cookie.as_str())];
        let posted = app.post_form("/api/withdraw_enrollment", &format!("id={}", cleo["id"]), &html_post).await;
        assert_eq!(posted.status(), 302);
        let location = posted.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(location, "/my-learning?withdrawn=freed");
        let page = app.client.get(app.url(&location)).header("cookie", &cleo_cookie).header("accept-language", "es").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("su plaza quedó libre para otra persona"), "the truth");
        assert!(!page.contains("pasó a la siguiente persona") && !page.contains("cupo"), "no false promotion, no quota word for a seat");
        check_invariants(&app, course).await;

        // The button asks first: "Retirarme" opens a question, and the real button says so.
        let again: Value = apply(&app, course, &cleo_cookie).await.json().await.unwrap();
        assert_eq!(again["status"], "enrolled");
        let page = app.client.get(app.url("/my-learning")).header("cookie", &cleo_cookie).header("accept-language", "es").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<summary") && page.contains("¿Retirarse de Módulo PICAP-OS-301?") && page.contains("Sí, retirarme"), "{page}");
        app.stop().await;
    }

    async fn the_nomination_form_offers_only_what_the_officer_may_take_and_keeps_a_history(engine: Engine) {
        use app::accounts::Affiliation::Police;
        let app = spawn_app(engine).await;
        let (admin, _, coordinator) = staff(&app).await;
        let open_to_all = offering(&app, "PICAP-OS-401", "both", 2, 20).await;
        let civilians_only = offering(&app, "PICAP-OS-402", "civilian", 2, 20).await;
        let applied_already = offering(&app, "PICAP-OS-403", "both", 2, 20).await;
        let closed = offering(&app, "PICAP-OS-404", "both", 2, -1).await;
        for o in [open_to_all, civilians_only, applied_already, closed] {
            by_nomination(&app, o).await;
        }
        let (officer, officer_cookie) = trainee_from(&app, 1, Police, "PNP", "PE").await;
        let own: Value = apply(&app, applied_already, &officer_cookie).await.json().await.unwrap();
        assert_eq!(own["status"], "pending_endorsement");

        let page = app.get_with(&format!("/my-agency?officer={officer}"), &coordinator).await.text().await.unwrap();
        let select = page.split("name=\"offering_id\"").nth(1).and_then(|rest| rest.split("</select>").next()).unwrap_or_default();
        assert!(select.contains(&format!("value=\"{open_to_all}\"")), "{select}");
        for not_offered in [civilians_only, applied_already, closed] {
            assert!(!select.contains(&format!("value=\"{not_offered}\"")), "offering {not_offered} is not for this officer: {select}");
        }
        assert!(select.contains("Peru") && select.contains("taught in Spanish"), "country name and teaching language: {select}");
        assert!(!select.contains("PICAP-OS-404"), "a closed offering is not even listed");
        assert!(page.contains("2 open offerings are not available to Trainee 1"), "why the others are missing");
        assert!(page.contains("this module is for civilians only, and Trainee 1 is a police officer"));

        // Picked anyway (an old form, or the API): refused under the field, naming the officer.
        let refused = app.send_json(Method::POST, &format!("/api/v1/offerings/{civilians_only}/nominations"), &json!({"user_id": officer}), Some(&coordinator)).await;
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        assert_eq!(problem["reason"], "audience");
        assert!(problem["detail"].as_str().unwrap().starts_with("Offering:") && problem["detail"].as_str().unwrap().contains("Trainee 1"), "{problem}");
        let referer = app.url(&format!("/my-agency?officer={officer}"));
        let html_post = [("accept", "text/html"), ("referer", referer.as_str()), ("cookie", coordinator.as_str())];
        let posted = app.post_form("/api/nominate_officer", &format!("offering_id={civilians_only}&user_id={officer}"), &html_post).await;
        assert_eq!(posted.status(), 302, "back to the form, not a 500");

        // Decided applications stay in the officer's history, with the decision and its reason.
        let nominated = app.send_json(Method::POST, &format!("/api/v1/offerings/{open_to_all}/nominations"), &json!({"user_id": officer}), Some(&coordinator)).await;
        let nominated: Value = nominated.json().await.unwrap();
        assert_eq!(move_to(&app, &nominated["id"], "rejected", "Cohort complete for this agency", &admin).await.status(), 200);
        assert_eq!(move_to(&app, &own["id"], "rejected", "Needed on duty in December", &coordinator).await.status(), 200);
        let agency = app.get_with("/my-agency", &coordinator).await.text().await.unwrap();
        assert!(agency.contains(&format!("href=\"/my-agency?history={officer}\"")), "the history is one tap away");
        assert!(agency.contains("No application is waiting for your endorsement."), "decided applications leave the queue");
        let history = app.get_with(&format!("/my-agency?history={officer}"), &coordinator).await.text().await.unwrap();
        for text in ["Applications of Trainee 1", "PICAP-OS-401", "PICAP-OS-403", "Not accepted", "Cohort complete for this agency", "Needed on duty in December"] {
            assert!(history.contains(text), "{text} in the history: {history}");
        }
        // Another agency's coordinator does not see it.
        create_person(&app.db, "coord@carabineros.example.org", PASSWORD, "Carabineros", vec![Role::Coordinator]).await;
        let other = app.sign_in("coord@carabineros.example.org", PASSWORD).await;
        let elsewhere = app.get_with(&format!("/my-agency?history={officer}"), &other).await.text().await.unwrap();
        assert!(!elsewhere.contains("Cohort complete for this agency"));
        app.stop().await;
    }
}

on_both_engines! {
    async fn the_demo_shows_each_state_of_an_application(engine: Engine) {
        let app = spawn_app(engine).await;
        assert_eq!(app::demo::seed_demo(&app.db).await.unwrap(), app::demo::SeedOutcome::Loaded);
        let mut statuses: Vec<String> = entity::enrollment::Entity::find().all(&app.db).await.unwrap().into_iter().map(|e| e.status).collect();
        statuses.sort();
        statuses.dedup();
        assert_eq!(statuses, ["enrolled", "pending_endorsement", "rejected", "waitlisted"]);
        // The coordinator sees one application to endorse and the officers' histories.
        let coordinator = app.sign_in("coordinator@picap.example.org", "demo-coordinator-passphrase").await;
        let page = app.get_with("/my-agency", &coordinator).await.text().await.unwrap();
        assert!(page.contains("Rafael Lima") && page.contains("?history="), "{page}");
        app.stop().await;
    }
}
