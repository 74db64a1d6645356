//! Attendance: only an offering's instructors and administrators take its roll call, and to
//! anyone else its sessions do not exist; a correction needs a reason and stays in an
//! append-only history; self check-in takes the code shown now, from a trainee with a seat,
//! and refuses a replayed code, a trainee of another offering, and a sixth guess; rates follow
//! the stated rule; a live session's link reaches enrolled trainees only.

use app::accounts::Affiliation;
use app::clock::Clock;
use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set, Statement};
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, offering, spawn_app_on, trainee};
use crate::learning::{Cast, call, cast, enrol, json_of};

/// A session of `offering_id` of `kind` from `starts` for `hours`.
async fn session(
    app: &TestApp,
    offering_id: i64,
    kind: &str,
    starts: DateTime<Utc>,
    hours: i64,
) -> i64 {
    entity::offering_session::ActiveModel {
        offering_id: Set(offering_id),
        kind: Set(kind.into()),
        starts_at: Set(starts),
        ends_at: Set(starts + Duration::hours(hours)),
        timezone: Set("America/Lima".into()),
        venue: Set((kind == "onsite").then(|| "Escuela de Oficiales".to_string())),
        meeting_url: Set(
            (kind == "live").then(|| "https://meet.example.org/clase-viva".to_string())
        ),
        sequence: Set(0),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

async fn roll_call(app: &TestApp, cookie: &str, session: i64, body: Value) -> reqwest::Response {
    app.send_json(
        Method::PUT,
        &format!("/api/v1/sessions/{session}/attendance"),
        &body,
        Some(cookie),
    )
    .await
}

async fn check_in(app: &TestApp, cookie: &str, session: i64, code: &str) -> reqwest::Response {
    app.send_json(
        Method::POST,
        &format!("/api/v1/sessions/{session}/check-in"),
        &json!({"code": code}),
        Some(cookie),
    )
    .await
}

/// Two offerings, each with its instructor (`cast`), two trainees with a seat in the first and
/// one in the second: (first, second, people, [(user, cookie, enrolment)]).
async fn classes(app: &TestApp, code: &str) -> (i64, i64, Cast, Vec<(i64, String, i64)>) {
    let first = offering(app, code, "both", 10, 5).await;
    let second = offering(app, &format!("{code}-B"), "both", 10, 5).await;
    let people = cast(app, first, second).await;
    let mut trainees = Vec::new();
    for (n, offering_id) in [(1, first), (2, first), (3, second)] {
        let (id, cookie) = trainee(app, n, Affiliation::Police).await;
        let enrolment = enrol(app, offering_id, &cookie).await;
        trainees.push((id, cookie, enrolment));
    }
    (first, second, people, trainees)
}

fn history_of(call: &Value) -> Vec<Value> {
    call["history"].as_array().cloned().unwrap_or_default()
}

on_both_engines! {
    async fn the_roll_call_is_the_offerings_instructors_and_corrections_keep_their_reason(engine: Engine) {
        let now = Utc::now();
        let app = spawn_app_on(engine, Clock::manual(now), |_| {}).await;
        let (first, second, people, trainees) = classes(&app, "AT-ROLL-101").await;
        let [(ana, ana_cookie, _), (beto, _, beto_enrolment), (carla, _, _)] =
            [trainees[0].clone(), trainees[1].clone(), trainees[2].clone()];
        let held = session(&app, first, "onsite", now - Duration::hours(3), 2).await;
        let later = session(&app, first, "live", now + Duration::days(2), 2).await;
        let elsewhere = session(&app, second, "onsite", now - Duration::hours(3), 2).await;
        let marks = json!({"marks": [
            {"user_id": ana, "status": "present"},
            {"user_id": beto, "status": "absent", "note": "Sin aviso"}
        ]});

        // Nobody else takes it, and to them it does not exist: the other offering's instructor
        // and a trainee of the offering get 404.
        for cookie in [&people.other_teacher, &ana_cookie] {
            assert_eq!(roll_call(&app, cookie, held, marks.clone()).await.status(), 404);
            let sheet = app.get_with(&format!("/api/v1/offerings/{first}/attendance"), cookie).await;
            assert_eq!(sheet.status(), 404);
        }
        // The instructor of one offering is a stranger to the other's sessions.
        let theirs = json!({"marks": [{"user_id": carla, "status": "present"}]});
        assert_eq!(roll_call(&app, &people.teacher, elsewhere, theirs).await.status(), 404);

        let taken = roll_call(&app, &people.teacher, held, marks.clone()).await;
        assert_eq!(taken.status(), 200);
        let taken = json_of(taken).await;
        let status_of = |call: &Value, user: i64| {
            call["trainees"].as_array().unwrap().iter()
                .find(|t| t["user_id"] == user).map(|t| t["status"].clone()).unwrap()
        };
        assert_eq!(status_of(&taken, ana), "present");
        assert_eq!(status_of(&taken, beto), "absent");
        assert_eq!(history_of(&taken).len(), 2, "each first mark is in the history");

        // A trainee of another offering is refused by name, and nothing is saved.
        let stranger = json!({"marks": [
            {"user_id": ana, "status": "late"},
            {"user_id": carla, "status": "present"}
        ], "reason": "x"});
        let refused = roll_call(&app, &people.teacher, held, stranger).await;
        assert_eq!(refused.status(), 422);
        assert!(refused.text().await.unwrap().contains(&carla.to_string()));

        // Changing a recorded mark needs a reason, named on its field; nothing changes without.
        let excused = json!({"marks": [{"user_id": beto, "status": "excused", "note": "Certificado"}]});
        let refused = roll_call(&app, &people.teacher, held, excused.clone()).await;
        assert_eq!(refused.status(), 422);
        let problem = json_of(refused).await;
        assert!(problem["errors"]["reason"].is_string(), "{problem}");
        let mut with_reason = excused.clone();
        with_reason["reason"] = json!("Presentó certificado médico");
        let corrected = json_of(roll_call(&app, &people.teacher, held, with_reason).await).await;
        assert_eq!(status_of(&corrected, beto), "excused");
        let last = &history_of(&corrected)[0];
        assert_eq!(last["old"], "absent");
        assert_eq!(last["new"], "excused");
        assert_eq!(last["reason"], "Presentó certificado médico");
        // A page loaded before that correction cannot undo it: its form says it showed "absent".
        let stale = call(&app, &people.teacher, "/api/take_roll_call", &format!(
            "session_id={held}&status[{beto_enrolment}]=present&note[{beto_enrolment}]=&was[{beto_enrolment}]=absent&reason=Otra"
        )).await;
        assert!(!stale.status().is_success(), "{}", stale.status());
        assert!(stale.text().await.unwrap().contains("changed since you opened"));
        // The administrator may correct too (any offering).
        let by_admin = json!({"marks": [{"user_id": ana, "status": "late"}], "reason": "Llegó 09:20"});
        assert_eq!(roll_call(&app, &people.admin, held, by_admin).await.status(), 200);

        // The rate: held sessions only, late counts as attended by default, excused left out.
        let sheet = app.get_with(&format!("/api/v1/offerings/{first}/attendance"), &people.teacher).await;
        assert_eq!(sheet.status(), 200);
        let sheet = json_of(sheet).await;
        let rate = |user: i64| sheet["trainees"].as_array().unwrap().iter()
            .find(|t| t["user_id"] == user).cloned().unwrap();
        assert_eq!(rate(ana)["attended"], 1);
        assert_eq!(rate(ana)["held"], 1, "the session in two days is not held yet");
        assert_eq!(rate(ana)["rate"], 1.0);
        assert_eq!(rate(beto)["held"], 0);
        assert_eq!(rate(beto)["excused"], 1);
        assert!(rate(beto)["rate"].is_null());
        // The offering may say late does not count.
        let off = call(&app, &people.teacher, "/api/save_attendance_settings", &format!("offering_id={first}")).await;
        assert!(off.status().is_success() || off.status().is_redirection(), "{}", off.status());
        let sheet = json_of(app.get_with(&format!("/api/v1/offerings/{first}/attendance"), &people.teacher).await).await;
        let ana_row = sheet["trainees"].as_array().unwrap().iter().find(|t| t["user_id"] == ana).cloned().unwrap();
        assert_eq!(ana_row["rate"], 0.0, "late is not attended once the offering says so");
        let _ = later;

        // The history is append-only: the database itself refuses to change or delete it.
        for sql in ["UPDATE attendance_changes SET reason = 'otra'", "DELETE FROM attendance_changes"] {
            let refused = app.db
                .execute_raw(Statement::from_string(app.db.get_database_backend(), sql))
                .await
                .expect_err("history rows are never changed");
            assert!(refused.to_string().contains("append-only"), "{sql}: {refused}");
        }
        // A session with marks cannot be deleted: they are evidence of completion.
        let refused = app.db
            .execute_raw(Statement::from_string(
                app.db.get_database_backend(),
                format!("DELETE FROM offering_sessions WHERE id = {held}"),
            ))
            .await;
        assert!(refused.is_err(), "a session with marks stays");
        app.stop().await;
    }

    async fn self_check_in_takes_only_the_code_shown_now_from_a_trainee_with_a_seat(engine: Engine) {
        let now = Utc::now();
        let clock = Clock::manual(now);
        let app = spawn_app_on(engine, clock.clone(), |_| {}).await;
        let (first, _, people, trainees) = classes(&app, "AT-CHECK-101").await;
        let [(_, ana, ana_enrolment), (_, beto, _), (_, carla, _)] =
            [trainees[0].clone(), trainees[1].clone(), trainees[2].clone()];
        let live = session(&app, first, "live", now - Duration::minutes(5), 2).await;
        let next_week = session(&app, first, "onsite", now + Duration::days(7), 2).await;

        // Off by default: the instructor's screen says so, and a trainee is told why not.
        let shown = json_of(call(&app, &people.teacher, "/api/load_check_in_code", &format!("session_id={live}")).await).await;
        assert_eq!(shown["enabled"], false);
        assert_eq!(shown["code"], "");
        let off = check_in(&app, &ana, live, "123456").await;
        assert_eq!(off.status(), 422);
        assert_eq!(json_of(off).await["reason"], "check_in_off");
        let on = call(&app, &people.teacher, "/api/save_attendance_settings",
            &format!("offering_id={first}&self_check_in=on&late_counts_present=on")).await;
        assert!(on.status().is_success() || on.status().is_redirection());

        // The code shown now: six digits, with its QR code pointing at the check-in page.
        let shown = json_of(call(&app, &people.teacher, "/api/load_check_in_code", &format!("session_id={live}")).await).await;
        let code = shown["code"].as_str().unwrap().to_string();
        assert_eq!(code.len(), 6);
        assert!(shown["url"].as_str().unwrap().ends_with(&format!("/check-in/{live}?code={code}")));
        assert!(shown["qr_svg"].as_str().unwrap().starts_with("<svg"));
        // Another offering's instructor cannot see it.
        let hidden = call(&app, &people.other_teacher, "/api/load_check_in_code", &format!("session_id={live}")).await;
        assert_eq!(hidden.status(), 404);

        // Their check-in page says why before they try, as the check-in would.
        let page = json_of(call(&app, &carla, "/api/load_check_in", &format!("session_id={live}")).await).await;
        assert!(page["blocked"].as_str().unwrap().contains("do not hold a seat"), "{page}");
        let page = json_of(call(&app, &beto, "/api/load_check_in", &format!("session_id={live}")).await).await;
        assert!(page["blocked"].is_null(), "{page}");
        // A trainee of another offering is refused with the reason, even with the right code.
        let stranger = check_in(&app, &carla, live, &code).await;
        assert_eq!(stranger.status(), 422);
        assert_eq!(json_of(stranger).await["reason"], "not_enrolled");

        // A trainee with a seat is marked present; again, the mark stays as it is.
        let marked = check_in(&app, &ana, live, &code).await;
        assert_eq!(marked.status(), 200);
        let marked = json_of(marked).await;
        assert_eq!(marked["status"], "present");
        assert_eq!(marked["marked_now"], true);
        let again = json_of(check_in(&app, &ana, live, &code).await).await;
        assert_eq!(again["marked_now"], false);

        // Replayed after its step (30 s, and 10 s of grace), the same code is refused as expired.
        clock.advance(Duration::seconds(41));
        let replayed = check_in(&app, &beto, live, &code).await;
        assert_eq!(replayed.status(), 422);
        assert_eq!(json_of(replayed).await["reason"], "code_expired");

        // Five wrong codes, and even the right one is refused: the instructor marks them.
        let current = json_of(call(&app, &people.teacher, "/api/load_check_in_code", &format!("session_id={live}")).await).await;
        let current = current["code"].as_str().unwrap().to_string();
        let wrong = if current == "000000" { "111111" } else { "000000" };
        for left in (0..5).rev() {
            let refused = check_in(&app, &beto, live, wrong).await;
            assert_eq!(refused.status(), 422);
            let problem = json_of(refused).await;
            assert_eq!(problem["reason"], "wrong_code");
            assert!(problem["detail"].as_str().unwrap().contains(&left.to_string()), "{problem}");
        }
        let locked = check_in(&app, &beto, live, &current).await;
        assert_eq!(json_of(locked).await["reason"], "too_many_codes");
        let screen = json_of(call(&app, &people.teacher, "/api/load_check_in_code", &format!("session_id={live}")).await).await;
        assert_eq!(screen["locked_out"].as_array().unwrap().len(), 1, "{screen}");
        assert_eq!(screen["marked"], 1);

        // A session next week is not open yet.
        let early = check_in(&app, &ana, next_week, "123456").await;
        assert_eq!(json_of(early).await["reason"], "check_in_not_open");

        // The meeting link reaches the trainee with a seat, never the public offering.
        let public = app.client.get(app.url(&format!("/api/v1/offerings/{first}"))).send().await.unwrap();
        assert!(!public.text().await.unwrap().contains("meet.example.org"));
        let mine = app.get_with(&format!("/api/v1/enrollments/{ana_enrolment}/attendance"), &ana).await;
        assert_eq!(mine.status(), 200);
        let mine = json_of(mine).await;
        let live_row = mine["sessions"].as_array().unwrap().iter()
            .find(|s| s["session"]["session_id"] == live).cloned().unwrap();
        assert_eq!(live_row["meeting_url"], "https://meet.example.org/clase-viva");
        assert_eq!(live_row["status"], "present");
        let theirs = app.get_with(&format!("/api/v1/enrollments/{ana_enrolment}/attendance"), &carla).await;
        assert_eq!(theirs.status(), 404);
        app.stop().await;
    }
}

on_both_engines! {
    async fn a_session_with_marks_cannot_be_removed_from_its_offering(engine: Engine) {
        let now = Utc::now();
        let app = spawn_app_on(engine, Clock::manual(now), |_| {}).await;
        let (first, _, people, trainees) = classes(&app, "AT-KEEP-101").await;
        let held = session(&app, first, "onsite", now - Duration::hours(3), 2).await;
        let marks = json!({"marks": [{"user_id": trainees[0].0, "status": "present"}]});
        assert_eq!(roll_call(&app, &people.teacher, held, marks).await.status(), 200);
        // The offering as it is, saved without its sessions.
        let o = entity::offering::Entity::find_by_id(first).one(&app.db).await.unwrap().unwrap();
        let body = json!({
            "module_id": o.module_id,
            "starts_on": o.starts_on.to_string(),
            "ends_on": o.ends_on.to_string(),
            "enrollment_opens": o.enrollment_opens.to_string(),
            "enrollment_closes": o.enrollment_closes.to_string(),
            "capacity": o.capacity,
            "language": o.language,
            "country": o.country,
            "host_agency": o.host_agency,
            "enrollment_policy": o.enrollment_policy,
            "instructor_ids": [],
            "sessions": [],
            "status": o.status,
        });
        let refused = app.send_json(Method::PUT, &format!("/api/v1/offerings/{first}"), &body, Some(&people.admin)).await;
        assert_eq!(refused.status(), 422);
        let problem = json_of(refused).await;
        assert!(problem["errors"]["sessions"].is_string(), "{problem}");
        assert!(entity::offering_session::Entity::find_by_id(held).one(&app.db).await.unwrap().is_some());
        app.stop().await;
    }
}
