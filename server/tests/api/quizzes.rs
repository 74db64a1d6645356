//! Quizzes: authors write questions and quizzes; enrolled trainees take them through their own
//! enrolment with the deadline kept by the server; nothing of the answer key reaches a trainee
//! before submission; abandoned attempts are submitted by the job runner; essays are graded by
//! the offering's instructors; a corrected key regrades past attempts with a history; and many
//! trainees submitting at once are all graded.

use app::accounts::Affiliation;
use app::clock::Clock;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, module_of, offering, spawn_app, spawn_app_on, trainee};
use crate::learning::{Cast, call, cast, enrol, json_of, open_window, urlencode};

/// Texts that must never reach a trainee before they submit: the short answer accepted, the
/// feedback of every question.
const SECRET_ANSWER: &str = "Subsidiariedad";
const SECRET_FEEDBACK: &str = "Retroalimentacion-oculta";

/// A course with a question bank and one quiz: the module, its offering (distance window open),
/// the people, and the quiz's and questions' ids by key.
struct Course {
    offering_id: i64,
    module_id: i64,
    people: Cast,
    unit_id: i64,
    questions: Vec<(&'static str, i64)>,
}

impl Course {
    fn question(&self, key: &str) -> i64 {
        self.questions.iter().find(|(k, _)| *k == key).unwrap().1
    }
}

/// Saves a question through the editor's server function; returns its id.
async fn save_question(
    app: &TestApp,
    cookie: &str,
    module_id: i64,
    fields: &str,
) -> reqwest::Response {
    call(
        app,
        cookie,
        "/api/save_question",
        &format!("module_id={module_id}&{fields}"),
    )
    .await
}

async fn question(app: &TestApp, cookie: &str, module_id: i64, fields: &str) -> i64 {
    let response = save_question(app, cookie, module_id, fields).await;
    assert!(
        response.status().is_success(),
        "question saved: {}",
        response.status()
    );
    json_of(response).await.as_i64().expect("the question's id")
}

async fn course(app: &TestApp, code: &str) -> Course {
    let offering_id = offering(app, code, "both", 300, 5).await;
    let other = offering(app, &format!("{code}-B"), "both", 10, 5).await;
    let module_id = module_of(app, offering_id).await;
    let people = cast(app, offering_id, other).await;
    let named = call(
        app,
        &people.admin,
        "/api/set_module_author",
        &format!(
            "module_id={module_id}&email={}",
            urlencode(&people.author_email)
        ),
    )
    .await;
    assert!(named.status().is_success());
    let unit = call(
        app,
        &people.author,
        "/api/add_unit",
        &format!("module_id={module_id}&title[es]=Principios"),
    )
    .await;
    let unit_id = json_of(unit).await.as_i64().unwrap();
    open_window(app, offering_id).await;
    let feedback = urlencode(SECRET_FEEDBACK);
    let mut questions = Vec::new();
    for (key, fields) in [
        (
            "single",
            format!(
                "language=es&kind=single&points=2&prompt=%C2%BFQu%C3%A9+principio%3F&options=Legalidad%0ANecesidad%0AProporcionalidad&answer=3&feedback={feedback}"
            ),
        ),
        (
            "multiple",
            format!(
                "language=es&kind=multiple&points=3&prompt=T%C3%A9cnicas&options=Calma%0ADistancia%0AGritar%0AOpciones&answer=1%2C+2%2C+4&feedback={feedback}"
            ),
        ),
        (
            "truth",
            format!(
                "language=es&kind=true_false&points=1&prompt=Fuerza+letal+por+bienes&answer=false&feedback={feedback}"
            ),
        ),
        (
            "number",
            format!(
                "language=es&kind=numeric&points=1&prompt=Horas&answer=1%2C5&tolerance=0&feedback={feedback}"
            ),
        ),
        (
            "short",
            format!(
                "language=es&kind=short_text&points=1&prompt=Principio&answer={SECRET_ANSWER}&feedback={feedback}"
            ),
        ),
        (
            "essay",
            format!(
                "language=es&kind=essay&points=4&prompt=Describa+la+custodia&feedback={feedback}"
            ),
        ),
    ] {
        questions.push((key, question(app, &people.author, module_id, &fields).await));
    }
    Course {
        offering_id,
        module_id,
        people,
        unit_id,
        questions,
    }
}

/// A quiz of the course asking `keys`; returns its id.
async fn save_quiz(
    app: &TestApp,
    c: &Course,
    role: &str,
    keys: &[&str],
    extra: &str,
) -> reqwest::Response {
    let picks: String = keys
        .iter()
        .map(|k| format!("&pick[{}]=on", c.question(k)))
        .collect();
    call(app, &c.people.author, "/api/save_quiz", &format!(
        "module_id={}&unit_id={}&title[es]=Prueba&role={role}&counted=best&feedback=after_attempt{picks}{extra}",
        c.module_id, c.unit_id
    )).await
}

async fn quiz_id(app: &TestApp, c: &Course, role: &str, keys: &[&str], extra: &str) -> i64 {
    let response = save_quiz(app, c, role, keys, extra).await;
    assert!(
        response.status().is_success(),
        "quiz saved: {}",
        response.status()
    );
    json_of(response).await.as_i64().unwrap()
}

async fn start(app: &TestApp, quiz: i64, cookie: &str) -> reqwest::Response {
    app.send_json(
        reqwest::Method::POST,
        &format!("/api/v1/quizzes/{quiz}/attempts"),
        &json!({}),
        Some(cookie),
    )
    .await
}

async fn answer(
    app: &TestApp,
    attempt: i64,
    question: i64,
    body: Value,
    cookie: &str,
) -> reqwest::Response {
    app.send_json(
        reqwest::Method::PUT,
        &format!("/api/v1/attempts/{attempt}/answers/{question}"),
        &body,
        Some(cookie),
    )
    .await
}

/// The option id shown with `text` in an attempt's question.
fn option(attempt: &Value, question: i64, text: &str) -> u64 {
    attempt["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["question_id"] == question)
        .unwrap()["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["text"] == text)
        .unwrap()["id"]
        .as_u64()
        .unwrap()
}

on_both_engines! {
    async fn a_trainee_takes_a_quiz_on_the_servers_clock_and_sees_no_answer_before_submitting(engine: Engine) {
        let start_at = Utc::now();
        let app = spawn_app_on(engine, Clock::manual(start_at), |_| {}).await;
        let c = course(&app, "QZ-TAKE-101").await;
        let all = ["single", "multiple", "truth", "number", "short", "essay"];
        let quiz = quiz_id(&app, &c, "pre_test", &all, "&attempts_allowed=2&time_limit_minutes=10&shuffle=1").await;
        // One pre-test per module: a second is refused by the database, with the reason.
        let second = save_quiz(&app, &c, "pre_test", &["single"], "&attempts_allowed=1").await;
        assert_eq!(second.status(), 409, "a second pre-test");

        let (_, a) = trainee(&app, 1, Affiliation::Police).await;
        let (_, b) = trainee(&app, 2, Affiliation::Police).await;
        enrol(&app, c.offering_id, &a).await;
        enrol(&app, c.offering_id, &b).await;

        let started = start(&app, quiz, &a).await;
        assert_eq!(started.status(), 201);
        let body = started.text().await.unwrap();
        for secret in [SECRET_ANSWER, SECRET_FEEDBACK, "answer_key", "\"right\"", "1.5"] {
            assert!(!body.contains(secret), "the attempt sent {secret}: {body}");
        }
        let attempt: Value = serde_json::from_str(&body).unwrap();
        let id = attempt["id"].as_i64().unwrap();
        let deadline = chrono::DateTime::parse_from_rfc3339(attempt["deadline"].as_str().unwrap()).unwrap();
        // The deadline is the server's (stored to the microsecond).
        let expected = start_at + Duration::minutes(10);
        assert!((deadline.with_timezone(&Utc) - expected).num_milliseconds().abs() < 1, "{deadline} vs {expected}");
        assert_eq!(attempt["questions"].as_array().unwrap().len(), 6);

        // Starting again (a reload, a second tab) gives the same attempt, same questions.
        let again = start(&app, quiz, &a).await;
        assert_eq!(again.status(), 200);
        let again: Value = again.json().await.unwrap();
        assert_eq!(again["id"], id);
        assert_eq!(again["questions"], attempt["questions"]);

        // Answers are saved as the trainee goes.
        let right_single = option(&attempt, c.question("single"), "Proporcionalidad");
        let calm = option(&attempt, c.question("multiple"), "Calma");
        let shout = option(&attempt, c.question("multiple"), "Gritar");
        for (key, body) in [
            ("single", json!({"choices": [right_single]})),
            ("multiple", json!({"choices": [calm, shout]})),
            ("truth", json!({"truth": false})),
            ("number", json!({"text": "1.5"})),
            ("short", json!({"text": "  subsidiariedad "})),
            ("essay", json!({"text": "<script>alert('essay')</script> Registro de custodia."})),
        ] {
            let saved = answer(&app, id, c.question(key), body, &a).await;
            assert_eq!(saved.status(), 204, "{key} saved");
        }
        // An answer that does not fit its question is refused with the field named.
        let unfit = answer(&app, id, c.question("single"), json!({"choices": [7]}), &a).await;
        assert_eq!(unfit.status(), 422);
        // Another trainee can neither read, nor answer, nor submit A's attempt.
        assert_eq!(app.get_with(&format!("/api/v1/attempts/{id}"), &b).await.status(), 404);
        assert_eq!(answer(&app, id, c.question("truth"), json!({"truth": true}), &b).await.status(), 404);
        let submit_b = app.send_json(reqwest::Method::POST, &format!("/api/v1/attempts/{id}/submit"), &json!({}), Some(&b)).await;
        assert_eq!(submit_b.status(), 404);

        // Nor does anything else the trainee can fetch before submitting: the API's attempt, the
        // page's own server functions, the attempt page, the quiz page and the course.
        let enrolment = attempt["enrollment_id"].as_i64().unwrap();
        let mut seen = vec![
            app.get_with(&format!("/api/v1/attempts/{id}"), &a).await.text().await.unwrap(),
            call(&app, &a, "/api/load_attempt", &format!("attempt_id={id}")).await.text().await.unwrap(),
            call(&app, &a, "/api/load_quiz_intro", &format!("enrollment_id={enrolment}&quiz_id={quiz}")).await.text().await.unwrap(),
            call(&app, &a, "/api/course_outline", &format!("enrollment_id={enrolment}")).await.text().await.unwrap(),
        ];
        for page in [format!("/learn/{enrolment}/attempts/{id}"), format!("/learn/{enrolment}/quizzes/{quiz}"), format!("/learn/{enrolment}")] {
            let response = app.get_with(&page, &a).await;
            assert_eq!(response.status(), 200, "{page}");
            seen.push(response.text().await.unwrap());
        }
        for text in &seen {
            for secret in [SECRET_ANSWER, SECRET_FEEDBACK, "answer_key"] {
                assert!(!text.contains(secret), "{secret} was sent before submission");
            }
        }

        // A reload shows what was saved.
        let resumed: Value = app.get_with(&format!("/api/v1/attempts/{id}"), &a).await.json().await.unwrap();
        let truth = resumed["questions"].as_array().unwrap().iter().find(|q| q["question_id"] == c.question("truth")).unwrap();
        assert_eq!(truth["answer"]["truth"], false);
        assert!(resumed["questions"].as_array().unwrap().iter().all(|q| q.get("result").is_none()));

        // The deadline passes by the server's clock: a late answer is refused whatever the client
        // claims about its own time.
        app.clock.advance(Duration::minutes(10) + Duration::seconds(11));
        let late = app.client
            .put(app.url(&format!("/api/v1/attempts/{id}/answers/{}", c.question("truth"))))
            .header("cookie", &a)
            .header("date", "Tue, 01 Dec 2020 10:00:00 GMT")
            .json(&json!({"truth": true, "answered_at": start_at.to_rfc3339(), "client_time": start_at.timestamp()}))
            .send().await.unwrap();
        assert_eq!(late.status(), 422);
        let problem: Value = late.json().await.unwrap();
        assert_eq!(problem["reason"], "attempt_closed", "{problem}");

        // Reading it back submits it with the answers saved in time.
        let done: Value = app.get_with(&format!("/api/v1/attempts/{id}"), &a).await.json().await.unwrap();
        assert_eq!(done["submitted_how"], "deadline");
        // 2 (single) + 0 (one right, one wrong of three) + 1 + 1 + 1; the essay waits.
        assert_eq!(done["score"].as_f64(), Some(5.0), "{done}");
        assert_eq!(done["max"].as_f64(), Some(12.0));
        assert_eq!(done["pending"], 1);
        let truth = done["questions"].as_array().unwrap().iter().find(|q| q["question_id"] == c.question("truth")).unwrap();
        assert_eq!(truth["answer"]["truth"], false, "the late answer was not kept");
        assert!(done.to_string().contains(SECRET_FEEDBACK), "feedback after the attempt");
        // The essay is kept as text, never as markup.
        let essay = done["questions"].as_array().unwrap().iter().find(|q| q["question_id"] == c.question("essay")).unwrap();
        assert_eq!(essay["answer"]["text"], "<script>alert('essay')</script> Registro de custodia.");

        // The offering's instructor grades the essay; an instructor of another offering may not.
        let essay_q = c.question("essay");
        let other = call(&app, &c.people.other_teacher, "/api/grade_essay",
            &format!("attempt_id={id}&question_id={essay_q}&score=3")).await;
        assert_eq!(other.status(), 404, "another offering's attempt does not exist for them");
        let too_many = call(&app, &c.people.teacher, "/api/grade_essay",
            &format!("attempt_id={id}&question_id={essay_q}&score=5")).await;
        assert_eq!(too_many.status(), 422, "more than the question is worth");
        let graded = call(&app, &c.people.teacher, "/api/grade_essay",
            &format!("attempt_id={id}&question_id={essay_q}&score=3%2C5&comment=Bien+argumentado")).await;
        assert!(graded.status().is_success(), "graded: {}", graded.status());
        let after: Value = app.get_with(&format!("/api/v1/attempts/{id}"), &a).await.json().await.unwrap();
        assert_eq!(after["score"].as_f64(), Some(8.5));
        assert_eq!(after["pending"], 0);
        assert!(after.to_string().contains("Bien argumentado"));

        // The pre-test allows two attempts: a second starts, then none.
        let second = start(&app, quiz, &a).await;
        assert_eq!(second.status(), 201);
        let second: Value = second.json().await.unwrap();
        let submitted = app.send_json(reqwest::Method::POST, &format!("/api/v1/attempts/{}/submit", second["id"]), &json!({}), Some(&a)).await;
        assert_eq!(submitted.status(), 200);
        let twice = app.send_json(reqwest::Method::POST, &format!("/api/v1/attempts/{}/submit", second["id"]), &json!({}), Some(&a)).await;
        assert_eq!(twice.status(), 409, "submitted once");
        let third = start(&app, quiz, &a).await;
        assert_eq!(third.status(), 422);
        let problem: Value = third.json().await.unwrap();
        assert_eq!(problem["reason"], "no_attempts_left");

        // The results: the offering's instructor sees the pre-test's counted score (the best).
        let results: Value = app.get_with(&format!("/api/v1/offerings/{}/quizzes", c.offering_id), &c.people.teacher).await.json().await.unwrap();
        let row = results["gains"].as_array().unwrap().iter().find(|g| g["name"] == "Trainee 1").unwrap();
        assert_eq!(row["pre"].as_f64(), Some(8.5));
        assert!(row["normalised"].is_null(), "no post-test yet");
        assert_eq!(app.get_with(&format!("/api/v1/offerings/{}/quizzes", c.offering_id), &c.people.other_teacher).await.status(), 403);
        // Item statistics: the offering's instructor sees its two graded attempts; an
        // instructor of another module's offering sees nothing.
        let stats = json_of(call(&app, &c.people.teacher, "/api/load_item_statistics", &format!("quiz_id={quiz}")).await).await;
        assert_eq!(stats["attempts"], 2, "{stats}");
        let other = call(&app, &c.people.other_teacher, "/api/load_item_statistics", &format!("quiz_id={quiz}")).await;
        assert_eq!(other.status(), 403);
        // A second click on Submit of the page's form shows the result, not an error.
        let again = app.post_form("/api/answer_attempt",
            &format!("enrollment_id={}&attempt_id={id}&intent=submit", after["enrollment_id"]),
            &[("cookie", &a), ("accept", "text/html")]).await;
        assert!(again.status().is_redirection(), "{}", again.status());
        assert!(again.headers()["location"].to_str().unwrap().ends_with("saved=submitted"));
    }
}

on_both_engines! {
    async fn abandoned_attempts_are_submitted_by_the_job_runner_with_the_answers_saved(engine: Engine) {
        let start_at = Utc::now();
        let app = spawn_app_on(engine, Clock::manual(start_at), |_| {}).await;
        let c = course(&app, "QZ-JOB-101").await;
        let quiz = quiz_id(&app, &c, "practice", &["truth", "number"], "&attempts_allowed=1&time_limit_minutes=5").await;
        let (_, a) = trainee(&app, 1, Affiliation::Police).await;
        enrol(&app, c.offering_id, &a).await;
        let attempt: Value = start(&app, quiz, &a).await.json().await.unwrap();
        let id = attempt["id"].as_i64().unwrap();
        assert_eq!(answer(&app, id, c.question("truth"), json!({"truth": false}), &a).await.status(), 204);

        let site = app::site::Site { clock: app.clock.clone(), ..app::site::Site::default() };
        app::jobs::ensure_periodic(&app.db, start_at).await.unwrap();
        app::jobs::run_due(&app.db, &site).await.unwrap();
        let open = entity::quiz_attempt::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
        assert!(open.submitted_at.is_none(), "not before the deadline");

        app.clock.advance(Duration::minutes(6));
        let runs = app::jobs::run_due(&app.db, &site).await.unwrap();
        let job = runs.iter().find(|r| r.kind == app::jobs::JobKind::SubmitOverdueAttempts).expect("the job ran");
        assert_eq!(job.outcome, Ok(1));
        let done = entity::quiz_attempt::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(done.submitted_how.as_deref(), Some("deadline"));
        assert_eq!(done.score, Some(100), "the saved answer was graded");
        // Running again changes nothing: the attempt is submitted once.
        app.clock.advance(Duration::minutes(2));
        let again = app::jobs::run_due(&app.db, &site).await.unwrap();
        let job = again.iter().find(|r| r.kind == app::jobs::JobKind::SubmitOverdueAttempts).expect("the job ran");
        assert_eq!(job.outcome, Ok(0));
    }
}

on_both_engines! {
    async fn only_an_enrolment_that_opens_the_content_takes_its_quizzes(engine: Engine) {
        let app = spawn_app(engine).await;
        let c = course(&app, "QZ-WHO-101").await;
        let quiz = quiz_id(&app, &c, "practice", &["truth"], "&attempts_allowed=3").await;
        // Not enrolled: the quiz does not exist for them.
        let (_, outsider) = trainee(&app, 1, Affiliation::Police).await;
        assert_eq!(start(&app, quiz, &outsider).await.status(), 404);
        // Enrolled, attempt started, then withdrawn by the programme: the attempt is gone for them.
        let (_, leaver) = trainee(&app, 2, Affiliation::Police).await;
        let enrolment = enrol(&app, c.offering_id, &leaver).await;
        let attempt: Value = start(&app, quiz, &leaver).await.json().await.unwrap();
        let id = attempt["id"].as_i64().unwrap();
        let moved = app.send_json(reqwest::Method::POST, &format!("/api/v1/enrollments/{enrolment}/transition"),
            &json!({"to": "waitlisted", "reason": "Plazas"}), Some(&c.people.admin)).await;
        assert_eq!(moved.status(), 200, "{}", moved.text().await.unwrap());
        assert_eq!(app.get_with(&format!("/api/v1/attempts/{id}"), &leaver).await.status(), 404);
        assert_eq!(answer(&app, id, c.question("truth"), json!({"truth": true}), &leaver).await.status(), 404);
        assert_eq!(start(&app, quiz, &leaver).await.status(), 404);
        // The page's own functions answer the same.
        let intro = call(&app, &leaver, "/api/load_quiz_intro", &format!("enrollment_id={enrolment}&quiz_id={quiz}")).await;
        assert_eq!(intro.status(), 404);
        let page = call(&app, &leaver, "/api/load_attempt", &format!("attempt_id={id}")).await;
        assert_eq!(page.status(), 404);
    }
}

on_both_engines! {
    async fn correcting_a_key_regrades_past_attempts_and_records_each_change(engine: Engine) {
        let app = spawn_app(engine).await;
        let c = course(&app, "QZ-REGRADE-101").await;
        let quiz = quiz_id(&app, &c, "practice", &["number"], "&attempts_allowed=1").await;
        let (_, a) = trainee(&app, 1, Affiliation::Police).await;
        enrol(&app, c.offering_id, &a).await;
        let attempt: Value = start(&app, quiz, &a).await.json().await.unwrap();
        let id = attempt["id"].as_i64().unwrap();
        answer(&app, id, c.question("number"), json!({"text": "2"}), &a).await;
        let done: Value = app.send_json(reqwest::Method::POST, &format!("/api/v1/attempts/{id}/submit"), &json!({}), Some(&a)).await.json().await.unwrap();
        assert_eq!(done["score"].as_f64(), Some(0.0));
        let prompt_before = done["questions"][0]["prompt_html"].clone();

        // The author corrects the key (2 hours, not 1.5) and rewrites the prompt, asking to regrade.
        let q = c.question("number");
        let corrected = save_question(&app, &c.people.author, c.module_id, &format!(
            "question_id={q}&language=es&kind=numeric&points=1&prompt=Horas+transcurridas&answer=2&tolerance=0&regrade=1"
        )).await;
        assert!(corrected.status().is_success());
        let after: Value = app.get_with(&format!("/api/v1/attempts/{id}"), &a).await.json().await.unwrap();
        assert_eq!(after["score"].as_f64(), Some(1.0), "regraded");
        assert_eq!(after["questions"][0]["prompt_html"], prompt_before, "the attempt keeps the text it showed");
        let history = entity::grade_change::Entity::find()
            .filter(entity::grade_change::Column::AttemptId.eq(id))
            .all(&app.db).await.unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!((history[0].old_score, history[0].new_score, history[0].reason.as_str(), history[0].key_number), (Some(0), 100, "regrade", 2));
        // The history is append-only.
        use sea_orm::ConnectionTrait;
        let rewrite = app.db.execute_unprepared("UPDATE grade_changes SET new_score = 0").await;
        assert!(rewrite.is_err(), "grade changes cannot be rewritten");
        // Its kind cannot change once answered.
        let kind = save_question(&app, &c.people.author, c.module_id, &format!(
            "question_id={q}&language=es&kind=essay&points=1&prompt=Horas"
        )).await;
        assert_eq!(kind.status(), 422);
    }
}

on_both_engines! {
    async fn hostile_question_texts_are_stored_and_sent_sanitised(engine: Engine) {
        let app = spawn_app(engine).await;
        let c = course(&app, "QZ-XSS-101").await;
        let hostile = "<script>alert(1)</script>\n\n[clic](javascript:alert(2)) <img src=x onerror=alert(3)>\n\n**ok**";
        let q = question(&app, &c.people.author, c.module_id, &format!(
            "language=es&kind=single&points=1&prompt={}&options={}&answer=1&feedback={}",
            urlencode(hostile),
            urlencode("<img src=x onerror=alert(4)>\n<svg onload=alert(5)>"),
            urlencode(hostile)
        )).await;
        let quiz = quiz_id(&app, &c, "practice", &[], &format!("&pick[{q}]=on&attempts_allowed=1")).await;
        let (_, a) = trainee(&app, 1, Affiliation::Police).await;
        enrol(&app, c.offering_id, &a).await;
        let attempt: Value = start(&app, quiz, &a).await.json().await.unwrap();
        let html = attempt["questions"][0]["prompt_html"].as_str().unwrap();
        // Raw HTML is shown as text (escaped), and the link loses its javascript: target.
        for bad in ["<script", "<img", "<svg", "href=\"javascript"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<strong>ok</strong>"));
        // Options are plain text, escaped wherever they are shown.
        assert_eq!(attempt["questions"][0]["options"].as_array().unwrap().len(), 2);
        let id = attempt["id"].as_i64().unwrap();
        let done: Value = app.send_json(reqwest::Method::POST, &format!("/api/v1/attempts/{id}/submit"), &json!({}), Some(&a)).await.json().await.unwrap();
        let feedback = done["questions"][0]["result"]["feedback_html"].as_str().unwrap();
        assert!(!feedback.contains("<script") && !feedback.contains("<img"), "{feedback}");
    }
}

on_both_engines! {
    async fn two_hundred_trainees_submitting_at_once_are_all_graded(engine: Engine) {
        let app = spawn_app(engine).await;
        let c = course(&app, "QZ-LOAD-101").await;
        let quiz = quiz_id(&app, &c, "practice", &["truth", "number"], "&attempts_allowed=1&time_limit_minutes=30").await;
        let mut attempts = Vec::new();
        for n in 0..200 {
            let (_, cookie) = trainee(&app, 100 + n, Affiliation::Police).await;
            enrol(&app, c.offering_id, &cookie).await;
            let attempt: Value = start(&app, quiz, &cookie).await.json().await.unwrap();
            let id = attempt["id"].as_i64().unwrap();
            answer(&app, id, c.question("truth"), json!({"truth": n % 2 == 0}), &cookie).await;
            attempts.push((id, cookie, n));
        }
        // All at once, as a class does when the instructor says "submit now".
        let mut tasks = tokio::task::JoinSet::new();
        for (id, cookie, _) in attempts.clone() {
            let client = app.client.clone();
            let url = app.url(&format!("/api/v1/attempts/{id}/submit"));
            tasks.spawn(async move {
                client.post(url).header("cookie", cookie).send().await.unwrap().status().as_u16()
            });
        }
        let mut statuses = Vec::new();
        while let Some(done) = tasks.join_next().await {
            statuses.push(done.unwrap());
        }
        assert!(statuses.iter().all(|s| *s == 200), "every submission graded, none refused: {statuses:?}");
        let graded = entity::quiz_attempt::Entity::find()
            .filter(entity::quiz_attempt::Column::QuizId.eq(quiz))
            .all(&app.db).await.unwrap();
        assert_eq!(graded.len(), 200);
        assert!(graded.iter().all(|a| a.submitted_at.is_some()));
        let right = graded.iter().filter(|a| a.score == Some(100)).count();
        assert_eq!(right, 100, "half answered false (right), half true");
    }
}
