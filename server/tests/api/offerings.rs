//! Offerings through the API, and their calendars checked with an independent parser.

use app::accounts::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Engine, TestApp, create_person, spawn_app};

const PASSWORD: &str = "protect and serve with care";

/// Parses an iCalendar text with Python's `icalendar` (installed by scripts/install-tools.sh)
/// and returns its events as JSON.
fn parse_with_icalendar(ics: &str) -> Vec<Value> {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/../tools/venv/bin/python");
    assert!(
        std::path::Path::new(python).exists(),
        "{python} is missing: run scripts/install-tools.sh (make test does)"
    );
    let script = r#"
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.read())
out = []
for e in cal.walk("VEVENT"):
    out.append({
        "uid": str(e["UID"]),
        "start": e.decoded("DTSTART").isoformat(),
        "end": e.decoded("DTEND").isoformat(),
        "sequence": int(e.get("SEQUENCE", 0)),
        "summary": str(e["SUMMARY"]),
        "location": str(e.get("LOCATION", "")),
        "status": str(e.get("STATUS", "")),
    })
print(json.dumps(out))
"#;
    use std::io::Write;
    let mut child = std::process::Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ics.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "icalendar refused the file:\n{ics}"
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

async fn setup(app: &TestApp) -> (String, i64, i64) {
    create_person(
        &app.db,
        "admin@picap.example.org",
        PASSWORD,
        "OAS",
        vec![Role::Administrator],
    )
    .await;
    let instructor = create_person(
        &app.db,
        "claire@pnh.example.org",
        PASSWORD,
        "PNH",
        vec![Role::Instructor],
    )
    .await;
    let admin = app.sign_in("admin@picap.example.org", PASSWORD).await;
    let module: Value = app
        .send_json(
            Method::POST,
            "/api/v1/modules",
            &module_body(),
            Some(&admin),
        )
        .await
        .json()
        .await
        .unwrap();
    (admin, module["id"].as_i64().unwrap(), instructor)
}

fn module_body() -> Value {
    json!({
        "code": "PICAP-UF-201", "title": {"en": "Progressive use of force", "es": "Uso progresivo de la fuerza"},
        "summary": {}, "topics": ["progressive_use_of_force"], "credits": 4, "hours": 48,
        "level": "intermediate", "delivery_mode": "blended", "audience": "police", "prerequisites": [],
        "status": "published"
    })
}

fn offering(module_id: i64, instructor: i64) -> Value {
    json!({
        "module_id": module_id, "starts_on": "2027-03-01", "ends_on": "2027-03-12",
        "enrollment_opens": "2027-01-10", "enrollment_closes": "2027-02-20",
        "capacity": 25, "language": "es", "country": "PE", "host_agency": "Policía Nacional del Perú",
        "enrollment_policy": "open", "instructor_ids": [instructor], "status": "published",
        "sessions": [
            {"kind": "onsite", "starts_at": "2027-03-01T09:00:00-05:00", "ends_at": "2027-03-01T17:00:00-05:00",
             "timezone": "America/Lima", "venue": "Escuela de Oficiales, aula 3", "city": "Lima", "country": "PE"},
            {"kind": "distance", "starts_at": "2027-03-02T00:00:00-03:00", "ends_at": "2027-03-10T23:59:00-03:00",
             "timezone": "America/Sao_Paulo"}
        ]
    })
}

on_both_engines! {
    async fn offerings_are_validated_and_report_their_seats(engine: Engine) {
        let app = spawn_app(engine).await;
        let (admin, module_id, instructor) = setup(&app).await;
        let trainee = create_person(&app.db, "ana@pnp.gob.pe", PASSWORD, "PNP", vec![Role::Trainee]).await;

        let mut bad = offering(module_id, trainee);
        bad["ends_on"] = json!("2027-02-01");
        bad["capacity"] = json!(0);
        bad["sessions"][0]["timezone"] = json!("America/Atlantis");
        let refused = app.send_json(Method::POST, "/api/v1/offerings", &bad, Some(&admin)).await;
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        let mut fields: Vec<&String> = problem["errors"].as_object().unwrap().keys().collect();
        fields.sort();
        assert_eq!(fields, ["capacity", "ends_on", "sessions[0].timezone"], "each session field is named: {problem}");

        let not_instructor = app.send_json(Method::POST, "/api/v1/offerings", &offering(module_id, trainee), Some(&admin)).await;
        assert_eq!(not_instructor.status(), 422);
        let problem: Value = not_instructor.json().await.unwrap();
        assert!(problem["errors"]["instructor_ids"].as_str().unwrap().contains("Officer ana@pnp.gob.pe"), "{problem}");

        let created = app.send_json(Method::POST, "/api/v1/offerings", &offering(module_id, instructor), Some(&admin)).await;
        assert_eq!(created.status(), 201);
        let created: Value = created.json().await.unwrap();
        let fetched: Value = app.get(&format!("/api/v1/offerings/{}", created["id"])).await.json().await.unwrap();
        assert_eq!(fetched["seats_taken"], 0);
        assert_eq!(fetched["seats_left"], 25);
        assert_eq!(fetched["waitlist_length"], 0);
        assert_eq!(fetched["sessions"][0]["starts_at"], "2027-03-01T09:00:00-05:00", "shown in the session's zone");
        assert_eq!(fetched["instructors"], json!(["Officer claire@pnh.example.org"]));
        app.stop().await;
    }

    async fn the_calendar_has_correct_times_stable_uids_and_rising_sequences(engine: Engine) {
        let app = spawn_app(engine).await;
        let (admin, module_id, instructor) = setup(&app).await;
        let created: Value = app.send_json(Method::POST, "/api/v1/offerings", &offering(module_id, instructor), Some(&admin)).await.json().await.unwrap();
        let id = created["id"].as_i64().unwrap();

        let response = app.get(&format!("/offerings/{id}/calendar.ics")).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
        let events = parse_with_icalendar(&response.text().await.unwrap());
        assert_eq!(events.len(), 2);
        assert_eq!(events[0]["start"], "2027-03-01T14:00:00+00:00", "09:00 in Lima is 14:00 UTC");
        assert_eq!(events[0]["end"], "2027-03-01T22:00:00+00:00");
        assert_eq!(events[1]["start"], "2027-03-02T03:00:00+00:00", "midnight in São Paulo is 03:00 UTC");
        assert_eq!(events[0]["location"], "Escuela de Oficiales, aula 3, Lima, PE");
        assert_eq!(events[0]["sequence"], 0);
        assert!(events[0]["summary"].as_str().unwrap().starts_with("PICAP-UF-201"));

        // Move the first session one hour later; keep the second as it is.
        let mut changed = offering(module_id, instructor);
        changed["sessions"][0]["id"] = created["sessions"][0]["id"].clone();
        changed["sessions"][0]["starts_at"] = json!("2027-03-01T10:00:00-05:00");
        changed["sessions"][1]["id"] = created["sessions"][1]["id"].clone();
        let saved = app.send_json(Method::PUT, &format!("/api/v1/offerings/{id}"), &changed, Some(&admin)).await;
        assert_eq!(saved.status(), 200);
        let again = parse_with_icalendar(&app.get(&format!("/offerings/{id}/calendar.ics")).await.text().await.unwrap());
        assert_eq!(again[0]["uid"], events[0]["uid"], "the same event, updated");
        assert_eq!(again[0]["sequence"], 1);
        assert_eq!(again[0]["start"], "2027-03-01T15:00:00+00:00");
        assert_eq!(again[1]["uid"], events[1]["uid"]);
        assert_eq!(again[1]["sequence"], 0, "an unchanged session keeps its sequence");

        let mut draft = offering(module_id, instructor);
        draft["status"] = json!("draft");
        let draft: Value = app.send_json(Method::POST, "/api/v1/offerings", &draft, Some(&admin)).await.json().await.unwrap();
        assert_eq!(app.get(&format!("/offerings/{}/calendar.ics", draft["id"])).await.status(), 404, "drafts are private");
        let instructor_cookie = app.sign_in("claire@pnh.example.org", PASSWORD).await;
        assert_eq!(app.get_with(&format!("/offerings/{}/calendar.ics", draft["id"]), &instructor_cookie).await.status(), 200, "its instructor sees it");
        app.stop().await;
    }
}

on_both_engines! {
    async fn a_private_calendar_feed_lists_my_sessions_until_revoked(engine: Engine) {
        let app = spawn_app(engine).await;
        let (admin, module_id, instructor) = setup(&app).await;
        app.send_json(Method::POST, "/api/v1/offerings", &offering(module_id, instructor), Some(&admin)).await;
        let teacher = app.sign_in("claire@pnh.example.org", PASSWORD).await;

        let created = app.post_form("/api/create_calendar_feed", "", &[("cookie", &teacher)]).await;
        assert_eq!(created.status(), 200);
        let url: String = created.json().await.unwrap();
        let path = url.split_once("://").unwrap().1.split_once('/').map(|(_, p)| format!("/{p}")).unwrap();
        assert!(path.starts_with("/calendar/") && path.ends_with(".ics"), "{path}");

        let feed = app.get(&path).await;
        assert_eq!(feed.status(), 200, "no session needed: calendar applications have none");
        assert_eq!(feed.headers()["cache-control"], "no-store");
        let events = parse_with_icalendar(&feed.text().await.unwrap());
        assert_eq!(events.len(), 2, "the two sessions the instructor teaches");
        assert_eq!(events[0]["start"], "2027-03-01T14:00:00+00:00");

        let replaced: String = app.post_form("/api/create_calendar_feed", "", &[("cookie", &teacher)]).await.json().await.unwrap();
        assert_ne!(replaced, url);
        assert_eq!(app.get(&path).await.status(), 404, "a replaced link stops working");
        let new_path = format!("/calendar/{}", replaced.rsplit('/').next().unwrap());
        assert_eq!(app.get(&new_path).await.status(), 200);
        assert_eq!(app.post_form("/api/revoke_calendar_feed", "", &[("cookie", &teacher)]).await.status(), 200);
        assert_eq!(app.get(&new_path).await.status(), 404, "a revoked link stops working");
        app.stop().await;
    }
}

on_both_engines! {
    async fn an_administrator_edits_and_cancels_an_offering_through_its_form(engine: Engine) {
        let app = spawn_app(engine).await;
        let (admin, module_id, instructor) = setup(&app).await;
        let created: Value = app.send_json(Method::POST, "/api/v1/offerings", &offering(module_id, instructor), Some(&admin)).await.json().await.unwrap();
        let id = created["id"].as_i64().unwrap();

        let page = app.get_with(&format!("/admin/catalog/offerings/{id}"), &admin).await.text().await.unwrap();
        assert!(page.contains("value=\"2027-03-01T09:00\""), "the session's local time is filled in");
        assert!(page.contains("value=\"America/Lima\""));

        let first = created["sessions"][0]["id"].to_string();
        let second = created["sessions"][1]["id"].to_string();
        let instructor_field = format!("instructors[{instructor}]");
        let (id_text, module_text) = (id.to_string(), module_id.to_string());
        let pairs: Vec<(&str, &str)> = vec![
            ("id", &id_text), ("module_id", &module_text),
            ("starts_on", "2027-03-01"), ("ends_on", "2027-03-12"), ("enrollment_opens", "2027-01-10"), ("enrollment_closes", "2027-02-20"),
            ("capacity", "25"), ("language", "es"), ("country", "PE"), ("host_agency", "Policía Nacional del Perú"),
            ("enrollment_policy", "open"), (&instructor_field, "on"),
            ("sessions[0][id]", &first), ("sessions[0][kind]", "onsite"), ("sessions[0][starts]", "2027-03-01T10:00"),
            ("sessions[0][ends]", "2027-03-01T17:00"), ("sessions[0][timezone]", "America/Lima"),
            ("sessions[0][venue]", "Escuela de Oficiales, aula 3"), ("sessions[0][city]", "Lima"), ("sessions[0][country]", "PE"),
            ("sessions[1][id]", &second), ("sessions[1][kind]", "distance"), ("sessions[1][starts]", "2027-03-02T00:00"),
            ("sessions[1][ends]", "2027-03-10T23:59"), ("sessions[1][timezone]", "America/Sao_Paulo"),
            ("status", "cancelled"),
        ];
        let body = pairs.iter().map(|(k, v)| format!("{}={}", k.replace('[', "%5B").replace(']', "%5D"), v.replace(' ', "+").replace(',', "%2C").replace(':', "%3A").replace('/', "%2F"))).collect::<Vec<_>>().join("&");
        let saved = app.post_form("/api/save_offering", &body, &[("cookie", &admin)]).await;
        assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());

        let events = parse_with_icalendar(&app.get(&format!("/offerings/{id}/calendar.ics")).await.text().await.unwrap());
        assert_eq!(events.len(), 2, "the same two sessions, not new ones");
        assert_eq!(events[0]["start"], "2027-03-01T15:00:00+00:00", "moved one hour later");
        assert_eq!(events[0]["sequence"], 1);
        assert_eq!(events[1]["sequence"], 0);
        assert!(events.iter().all(|e| e["status"] == "CANCELLED"), "a cancelled offering cancels its events");
        app.stop().await;
    }
}

/// The public list, all of it (it is small here): its total, and the offerings it walks.
async fn listed(app: &TestApp, query: &str) -> (u64, Vec<i64>) {
    let list: Value = app
        .get(&format!("/api/v1/offerings?per_page=100{query}"))
        .await
        .json()
        .await
        .unwrap();
    let ids = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    (list["total"].as_u64().unwrap(), ids)
}

on_both_engines! {
    async fn the_public_lists_total_follows_every_change_to_offerings_and_modules(engine: Engine) {
        // The total comes from a per-day tally the database keeps; the items from walking the
        // offerings. They must agree after each kind of change.
        let app = spawn_app(engine).await;
        let (admin, module_id, instructor) = setup(&app).await;
        let create = |body: Value| {
            let app = &app;
            let admin = admin.clone();
            async move {
                let created: Value = app.send_json(Method::POST, "/api/v1/offerings", &body, Some(&admin)).await.json().await.unwrap();
                created["id"].as_i64().unwrap()
            }
        };
        let first = create(offering(module_id, instructor)).await;
        let mut later = offering(module_id, instructor);
        later["starts_on"] = json!("2027-04-05");
        later["ends_on"] = json!("2027-04-09");
        let second = create(later.clone()).await;
        let mut draft_body = offering(module_id, instructor);
        draft_body["status"] = json!("draft");
        let draft = create(draft_body.clone()).await;
        assert_eq!(listed(&app, "").await, (2, vec![first, second]), "a draft is not listed");

        let put = |id: i64, body: Value| {
            let app = &app;
            let admin = admin.clone();
            async move {
                let saved = app.send_json(Method::PUT, &format!("/api/v1/offerings/{id}"), &body, Some(&admin)).await;
                assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
            }
        };
        // Published, then re-dated before the others, then cancelled (still listed, as before).
        draft_body["status"] = json!("published");
        put(draft, draft_body.clone()).await;
        assert_eq!(listed(&app, "").await, (3, vec![first, draft, second]));
        draft_body["starts_on"] = json!("2027-02-25");
        draft_body["enrollment_closes"] = json!("2027-02-15");
        put(draft, draft_body.clone()).await;
        assert_eq!(listed(&app, "").await, (3, vec![draft, first, second]));
        draft_body["status"] = json!("cancelled");
        put(draft, draft_body.clone()).await;
        assert_eq!(listed(&app, "").await.0, 3, "a cancelled offering stays in the list, marked");

        // Archiving the module takes all its offerings out of the list; publishing it again
        // brings them back, once each.
        let mut module_body = module_body();
        module_body["status"] = json!("archived");
        let url = format!("/api/v1/modules/{module_id}");
        assert_eq!(app.send_json(Method::PUT, &url, &module_body, Some(&admin)).await.status(), 200);
        assert_eq!(listed(&app, "").await, (0, vec![]));
        module_body["status"] = json!("published");
        assert_eq!(app.send_json(Method::PUT, &url, &module_body, Some(&admin)).await.status(), 200);
        assert_eq!(listed(&app, "").await, (3, vec![draft, first, second]));
        module_body["status"] = json!("published");
        assert_eq!(app.send_json(Method::PUT, &url, &module_body, Some(&admin)).await.status(), 200);
        assert_eq!(listed(&app, "").await.0, 3, "saving a published module again counts nothing twice");

        // Upcoming: from the application's today on.
        later["starts_on"] = json!("2026-11-02");
        later["ends_on"] = json!("2026-11-06");
        later["enrollment_opens"] = json!("2026-09-01");
        later["enrollment_closes"] = json!("2026-10-20");
        put(second, later).await;
        let today = app.clock.today().to_string();
        let (total, ids) = listed(&app, "&upcoming=true").await;
        assert_eq!(total as usize, ids.len(), "on {today}");
        assert_eq!(ids.contains(&second), "2026-11-02" >= today.as_str());
        assert_eq!(listed(&app, "").await.0, 3);
        assert_eq!(listed(&app, &format!("&module_id={module_id}")).await.0, 3);
        app.stop().await;
    }
}

on_both_engines! {
    async fn offerings_moved_past_each_other_at_once_are_all_saved_and_counted_once(engine: Engine) {
        // Two administrators move offerings of different modules onto each other's days, again
        // and again, at the same time: each save touches two days of the tally, in opposite
        // directions, and must neither deadlock nor leave the tally wrong.
        let app = spawn_app(engine).await;
        let (admin, first_module, instructor) = setup(&app).await;
        let mut other = module_body();
        other["code"] = json!("PICAP-UF-202");
        let other: Value = app.send_json(Method::POST, "/api/v1/modules", &other, Some(&admin)).await.json().await.unwrap();
        let second_module = other["id"].as_i64().unwrap();
        let body = |module_id: i64, starts_on: &str, country: &str| {
            let mut body = offering(module_id, instructor);
            body["starts_on"] = json!(starts_on);
            body["ends_on"] = json!("2027-03-20");
            body["country"] = json!(country);
            body
        };
        let (early, late) = ("2027-03-01", "2027-03-05");
        let create = |body: Value| {
            let (app, admin) = (&app, admin.clone());
            async move {
                let created: Value = app.send_json(Method::POST, "/api/v1/offerings", &body, Some(&admin)).await.json().await.unwrap();
                created["id"].as_i64().unwrap()
            }
        };
        let a = create(body(first_module, early, "PE")).await;
        let b = create(body(second_module, late, "CO")).await;
        let moves = |id: i64, module_id: i64, days: [&'static str; 2], countries: [&'static str; 2]| {
            let (app, admin) = (&app, admin.clone());
            async move {
                for round in 0..6 {
                    let i = (round + 1) % 2;
                    let saved = app.send_json(Method::PUT, &format!("/api/v1/offerings/{id}"), &body(module_id, days[i], countries[i]), Some(&admin)).await;
                    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
                }
            }
        };
        tokio::join!(
            moves(a, first_module, [early, late], ["PE", "CO"]),
            moves(b, second_module, [late, early], ["CO", "PE"]),
        );
        assert_eq!(listed(&app, "").await, (2, vec![a, b]), "each counted once, where it ended");
        app.stop().await;
    }
}
