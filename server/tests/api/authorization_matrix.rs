//! The authorization matrix: every `/api/v1` route, asked once by each kind of caller, with
//! the status each must get. A declared access is not an enforced one; this is the proof.
//!
//! The callers: nobody signed in, the trainee whose object it is, another trainee of the same
//! agency, the offering's instructor, another instructor, a coordinator of the trainee's agency
//! and of another agency, and an administrator. Requests that change something get a fresh
//! object each (a new offering, application or programme), so every answer is independent of
//! the order; one app per engine serves the whole matrix.

use reqwest::Method;
use serde_json::{Value, json};

use crate::authorization_fixtures::{Fixture, Fresh, WHO};
use crate::helpers::{Engine, spawn_app};

/// One row: a route, the object its `{id}` names, the body, and the status for each caller in
/// the order of [`WHO`].
pub struct Case {
    pub method: Method,
    pub path: &'static str,
    pub query: &'static str,
    pub object: Fresh,
    pub body: fn(&Fixture, usize) -> Option<Value>,
    pub expect: [u16; 8],
}

fn none(_: &Fixture, _: usize) -> Option<Value> {
    None
}

fn empty(_: &Fixture, _: usize) -> Option<Value> {
    Some(json!({}))
}

macro_rules! case {
    ($method:ident $path:literal $(? $query:literal)?, $object:ident, $body:expr, $expect:expr) => {
        Case {
            method: Method::$method,
            path: $path,
            query: concat!("" $(, "?", $query)?),
            object: Fresh::$object,
            body: $body,
            expect: $expect,
        }
    };
}

const ALL_200: [u16; 8] = [200; 8];
const SIGNED_IN_200: [u16; 8] = [401, 200, 200, 200, 200, 200, 200, 200];
const ADMIN_ONLY: [u16; 8] = [401, 403, 403, 403, 403, 403, 403, 200];
const ADMIN_NO_CONTENT: [u16; 8] = [401, 403, 403, 403, 403, 403, 403, 204];
const ADMIN_CREATES: [u16; 8] = [401, 403, 403, 403, 403, 403, 403, 201];

/// Every `/api/v1` operation. The session-ending one (`logout`) comes last.
fn cases() -> Vec<Case> {
    vec![
        case!(GET "/api/v1/health", Nothing, none, ALL_200),
        case!(GET "/api/v1/openapi.json", Nothing, none, ALL_200),
        case!(POST "/api/v1/auth/login", Nothing, |f, _| Some(json!({"email": f.login_email, "password": crate::authorization_fixtures::PASSWORD})), ALL_200),
        case!(GET "/api/v1/me", Nothing, none, SIGNED_IN_200),
        // `{}` lacks required fields: the JSON extractor answers 400 (malformed), not 422
        // (well-formed but invalid). Public: no caller is refused.
        case!(POST "/api/v1/auth/register", Nothing, empty, [400; 8]),
        // The session is checked before the body: anonymous 401, then 400 for the `{}`.
        case!(POST "/api/v1/me/password", Nothing, empty, [401, 400, 400, 400, 400, 400, 400, 400]),
        case!(POST "/api/v1/auth/password-reset", Nothing, |_, _| Some(json!({"email": "nobody@matrix.example.org"})), [202; 8]),
        // An unknown token is a dead link (409, like a used or expired one), for anyone.
        case!(POST "/api/v1/auth/password-reset/confirm", Nothing, |_, _| Some(json!({"token": "not-a-token", "new_password": "a long enough passphrase"})), [409; 8]),
        case!(GET "/api/v1/me/sessions", Nothing, none, SIGNED_IN_200),
        // One of the trainee's sessions: nobody else's session list has it, whatever their role.
        case!(DELETE "/api/v1/me/sessions/{id}", TraineeSession, none, [401, 204, 404, 404, 404, 404, 404, 404]),
        case!(GET "/api/v1/agencies", Nothing, none, ALL_200),
        case!(POST "/api/v1/agencies", Nothing, |_, n| Some(json!({"name": format!("Academia Matriz {n}"), "short_name": format!("AM{n}"), "country": "CL", "kind": "academic"})), ADMIN_CREATES),
        case!(PUT "/api/v1/agencies/{id}", SpareAgency, |_, n| Some(json!({"name": format!("Instituto Matriz {n}"), "short_name": format!("IM{n}"), "country": "CL", "kind": "academic"})), ADMIN_ONLY),
        case!(POST "/api/v1/agencies/{id}/merge", SpareAgency, |f, _| Some(json!({"into": f.spare_target})), ADMIN_ONLY),
        case!(GET "/api/v1/modules/{id}/lookalikes", Module, none, ADMIN_ONLY),
        case!(GET "/api/v1/module-lookalikes", Nothing, none, ADMIN_ONLY),
        case!(GET "/api/v1/users" ? "q=Officer", Nothing, none, [401, 403, 403, 403, 403, 200, 200, 200]),
        case!(PUT "/api/v1/users/{id}/roles", Victim, |_, _| Some(json!({"roles": ["trainee"]})), ADMIN_ONLY),
        // A coordinator may invite into their own agency only: another agency's coordinator is
        // refused on the `agency` field (422, nothing written), as the form shows it.
        case!(POST "/api/v1/users", Nothing, |f, n| Some(json!({"email": format!("invited{n}@matrix.example.org"), "full_name": format!("Invited {n}"), "country": "PE", "agency": f.agency_name, "rank": "Cabo", "affiliation": "police", "preferred_language": "es", "roles": ["trainee"]})), [401, 403, 403, 403, 403, 201, 422, 201]),
        case!(PUT "/api/v1/users/{id}/active", Victim, |_, _| Some(json!({"active": true})), ADMIN_NO_CONTENT),
        // Another agency's coordinator holds ChangeStanding, not for this person: 403.
        case!(PUT "/api/v1/users/{id}/standing", Victim, |_, _| Some(json!({"affiliation": "police", "country": "PE", "reason": "Matrix check"})), [401, 403, 403, 403, 403, 204, 403, 204]),
        // One trainee of the trainee's agency (the CSV is written below): another agency's
        // coordinator has the line refused, so nothing is written (422).
        case!(POST "/api/v1/users/import", Nothing, none, [401, 403, 403, 403, 403, 201, 422, 201]),
        case!(GET "/api/v1/audit", Nothing, none, ADMIN_ONLY),
        case!(GET "/api/v1/audit.csv", Nothing, none, ADMIN_ONLY),
        case!(GET "/api/v1/topics", Nothing, none, ALL_200),
        case!(GET "/api/v1/modules", Nothing, none, ALL_200),
        case!(GET "/api/v1/modules/{id}", Module, none, ALL_200),
        case!(POST "/api/v1/modules", Nothing, |_, n| Some(module_body(&format!("MTX-{n}"))), ADMIN_CREATES),
        case!(PUT "/api/v1/modules/{id}", Module, |f, _| Some(module_body(&f.module_code)), ADMIN_ONLY),
        case!(GET "/api/v1/offerings", Nothing, none, ALL_200),
        case!(GET "/api/v1/offerings/{id}", Offering, none, ALL_200),
        case!(POST "/api/v1/offerings", Nothing, |f, _| Some(offering_body(f)), ADMIN_CREATES),
        case!(PUT "/api/v1/offerings/{id}", SpareOffering, |f, _| Some(offering_body(f)), ADMIN_ONLY),
        case!(GET "/api/v1/programmes", Nothing, none, ALL_200),
        case!(POST "/api/v1/programmes", Nothing, |f, n| Some(programme_body(f, &format!("MTX-P{n}"))), ADMIN_CREATES),
        // The programme is a draft: it exists only for those who edit the catalog.
        case!(GET "/api/v1/programmes/{id}", Programme, none, [404, 404, 404, 404, 404, 404, 404, 200]),
        case!(PUT "/api/v1/programmes/{id}", Programme, |f, _| Some(programme_body(f, &f.programme_code)), ADMIN_ONLY),
        case!(POST "/api/v1/offerings/{id}/enrollments", FreshOffering, none, [401, 201, 201, 403, 403, 403, 403, 403]),
        case!(GET "/api/v1/offerings/{id}/enrollments", Offering, none, [401, 403, 403, 200, 403, 403, 403, 200]),
        case!(GET "/api/v1/me/enrollments", Nothing, none, SIGNED_IN_200),
        // Only the trainee and the programme withdraw it; to anyone else it is not theirs (404).
        case!(DELETE "/api/v1/enrollments/{id}", FreshEnrolment, none, [401, 200, 404, 404, 404, 404, 404, 200]),
        case!(POST "/api/v1/enrollments/{id}/transition", FreshApplication, |_, _| Some(json!({"to": "pending_acceptance", "reason": ""})), [401, 403, 403, 403, 403, 200, 403, 200]),
        // Deciding as the programme (an enrolment moved to the waitlist) is the administrators'
        // alone: the trainee's coordinator may endorse (above), not decide.
        case!(POST "/api/v1/enrollments/{id}/transition", FreshEnrolment, |_, _| Some(json!({"to": "waitlisted", "reason": "Matrix check"})), [401, 403, 403, 403, 403, 403, 403, 200]),
        // Nominating is the agency's: administrators do not nominate; another agency's
        // coordinator does not see the officer (404).
        case!(POST "/api/v1/offerings/{id}/nominations", FreshNominationOffering, |f, _| Some(json!({"user_id": f.trainee_id})), [401, 403, 403, 403, 403, 201, 404, 403]),
        case!(POST "/api/v1/scholarship-programmes", Nothing, |f, _| Some(crate::authorization_fixtures::scholarship_body(f.module_id)), ADMIN_CREATES),
        case!(GET "/api/v1/scholarship-programmes/{id}", Scholarship, none, SIGNED_IN_200),
        case!(POST "/api/v1/scholarship-programmes/{id}/applications", FreshScholarship, |_, _| Some(json!({"statement": crate::authorization_fixtures::STATEMENT})), [401, 201, 201, 403, 403, 403, 403, 403]),
        case!(POST "/api/v1/scholarship-applications/{id}/decision", FreshScholarshipApplication, |_, _| Some(json!({"decision": "reject", "comment": "Matrix"})), ADMIN_ONLY),
        case!(POST "/api/v1/enrollments/{id}/scholarship", FreshFundable, |_, _| Some(json!({"amount": "100"})), ADMIN_CREATES),
        case!(GET "/api/v1/scholarship-programmes/{id}/ledger.csv", Scholarship, none, ADMIN_ONLY),
        case!(POST "/api/v1/auth/verify-email", VerificationLink, |_, n| Some(json!({"token": crate::authorization_fixtures::verification_token(n)})), [204; 8]),
        // Every caller's address is verified already: 409 shows the request reached the
        // service, which only ever acts on the caller's own account.
        case!(POST "/api/v1/me/verification", Nothing, none, [401, 409, 409, 409, 409, 409, 409, 409]),
        // A coordinator of another agency gets their own agency's list (an empty one here).
        case!(GET "/api/v1/memberships", Nothing, none, [401, 403, 403, 403, 403, 200, 200, 200]),
        // Another agency's people do not exist for a coordinator: 404, not 403.
        case!(POST "/api/v1/users/{id}/membership", PendingMember, |_, _| Some(json!({"decision": "confirm", "reason": ""})), [401, 403, 403, 403, 403, 200, 404, 200]),
        case!(POST "/api/v1/agencies/{id}/accept", RequestedAgency, none, ADMIN_ONLY),
        // Lessons: the enrolled trainee, the instructor who teaches the offering and the
        // programme read them; to anyone else they do not exist. Only the trainee has progress
        // to record.
        case!(GET "/api/v1/modules/{id}/units", LearningModule, none, [401, 200, 404, 200, 404, 404, 404, 200]),
        case!(GET "/api/v1/lessons/{id}", Lesson, none, [401, 200, 404, 200, 404, 404, 404, 200]),
        case!(POST "/api/v1/lessons/{id}/read", Lesson, none, [401, 200, 404, 404, 404, 404, 404, 404]),
        case!(GET "/api/v1/offerings/{id}/progress", LearningOffering, none, [401, 403, 403, 200, 403, 403, 403, 200]),
        // Quizzes: only the enrolled trainee starts an attempt, and an attempt is its trainee's
        // alone: to anyone else, the offering's instructor and the programme included, it does
        // not exist. Results are the offering's instructor's and the programme's.
        case!(POST "/api/v1/quizzes/{id}/attempts", Quiz, none, [401, 201, 404, 404, 404, 404, 404, 404]),
        case!(GET "/api/v1/attempts/{id}", FreshAttempt, none, [401, 200, 404, 404, 404, 404, 404, 404]),
        case!(PUT "/api/v1/attempts/{id}/answers/{question_id}", FreshAttempt, |_, _| Some(json!({"truth": true})), [401, 204, 404, 404, 404, 404, 404, 404]),
        case!(POST "/api/v1/attempts/{id}/submit", FreshAttempt, none, [401, 200, 404, 404, 404, 404, 404, 404]),
        case!(GET "/api/v1/offerings/{id}/quizzes", LearningOffering, none, [401, 403, 403, 200, 403, 403, 403, 200]),
        // Attendance: the offering's instructor and the programme take it; to anyone else the
        // session and the sheet do not exist. Only the trainee with a seat checks in (anyone
        // else is told why not), and only they read their own attendance.
        case!(PUT "/api/v1/sessions/{id}/attendance", LiveSession, |f, _| Some(json!({"marks": [{"user_id": f.trainee_id, "status": "present"}]})), [401, 404, 404, 200, 404, 404, 404, 200]),
        case!(POST "/api/v1/sessions/{id}/check-in", LiveSession, |f, _| Some(json!({"code": crate::authorization_fixtures::check_in_code(f.live_session_id)})), [401, 200, 422, 422, 422, 422, 422, 422]),
        case!(GET "/api/v1/offerings/{id}/attendance", LearningOffering, none, [401, 404, 404, 200, 404, 404, 404, 200]),
        case!(GET "/api/v1/enrollments/{id}/attendance", LearningEnrolment, none, [401, 200, 404, 404, 404, 404, 404, 404]),
        // Practical tests: the offering's instructor and the programme observe; to anyone else
        // the test does not exist.
        case!(PUT "/api/v1/practical-tests/{id}/results/{user_id}", PracticalTest, |f, _| Some(json!({"marks": [{"criterion_id": f.criterion_id, "mark": "met"}]})), [401, 404, 404, 200, 404, 404, 404, 200]),
        case!(POST "/api/v1/auth/logout", Nothing, none, [204; 8]),
    ]
}

fn module_body(code: &str) -> Value {
    json!({
        "code": code,
        "title": {"en": format!("Matrix {code}"), "es": format!("Matriz {code}")},
        "summary": {}, "topics": ["human_rights"], "credits": 2, "hours": 20,
        "level": "introductory", "delivery_mode": "onsite", "audience": "both",
        "prerequisites": [], "status": "published"
    })
}

fn offering_body(f: &Fixture) -> Value {
    json!({
        "module_id": f.module_id, "starts_on": "2030-03-01", "ends_on": "2030-03-05",
        "enrollment_opens": "2030-01-10", "enrollment_closes": "2030-02-20",
        "capacity": 20, "language": "es", "country": "PE", "host_agency": "Escuela PNP",
        "enrollment_policy": "open", "instructor_ids": [f.instructor_id], "status": "published",
        "sessions": []
    })
}

fn programme_body(f: &Fixture, code: &str) -> Value {
    json!({
        "code": code,
        "title": {"en": "Matrix programme", "es": "Programa matriz"},
        "credits_required": 2,
        "modules": [{"code": f.module_code}],
        "status": "draft"
    })
}

on_both_engines! {
    async fn every_route_answers_each_caller_as_the_policy_says(engine: Engine) {
        let app = spawn_app(engine).await;
        let fixture = Fixture::build(&app).await;
        let cases = cases();

        // Every route of the table has a row here (a route whose action depends on the request
        // has one per action), and every row is a route.
        let table: std::collections::BTreeSet<_> = server::api::v1::routes::inventory()
            .into_iter()
            .map(|r| (r.method.to_string(), r.path))
            .collect();
        let rows: std::collections::BTreeSet<_> = cases
            .iter()
            .map(|c| (c.method.to_string(), c.path.to_string()))
            .collect();
        let missing: Vec<_> = table.difference(&rows).collect();
        let extra: Vec<_> = rows.difference(&table).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "the matrix covers exactly the API's routes: \
             routes without a row {missing:?}, rows without a route {extra:?}"
        );

        // Before the routes: the last row signs every caller out.
        server_functions_refuse_who_they_must(&app, &fixture).await;
        answers_show_only_what_the_caller_may_see(&app, &fixture).await;

        let mut wrong = Vec::new();
        let mut n = 0;
        for case in &cases {
            let mut got = [0u16; 8];
            for (i, who) in WHO.iter().enumerate() {
                n += 1;
                let id = fixture.object(&app, case.object, n).await;
                let path = format!(
                    "{}{}",
                    case.path
                        .replace("{id}", &id.to_string())
                        .replace("{question_id}", &fixture.question_id.to_string())
                        .replace("{user_id}", &fixture.trainee_id.to_string()),
                    case.query
                );
                let mut request = app.client.request(case.method.clone(), app.url(&path));
                if let Some(cookie) = fixture.cookie(*who) {
                    request = request.header("cookie", cookie);
                }
                if let Some(body) = (case.body)(&fixture, n) {
                    request = request.json(&body);
                } else if case.path.ends_with("/import") {
                    let csv = format!(
                        "email,full_name,country,agency,rank,affiliation,roles\n\
                         imported{n}@matrix.example.org,Imported {n},PE,{},Cabo,police,trainee\n",
                        fixture.agency_name
                    );
                    request = request.header("content-type", "text/csv").body(csv);
                }
                got[i] = request.send().await.unwrap().status().as_u16();
            }
            if got != case.expect {
                wrong.push(format!(
                    "{} {}: expected {:?}, got {:?}",
                    case.method, case.path, case.expect, got
                ));
            }
        }
        assert!(wrong.is_empty(), "callers as {WHO:?}:\n{}", wrong.join("\n"));
        app.stop().await;
    }
}

/// A 200 is not the end of it where one route answers several callers: what it shows follows
/// the relation too. A coordinator of another agency lists and confirms only their own
/// agency's people, and only administrators read a scholarship programme's budget.
async fn answers_show_only_what_the_caller_may_see(
    app: &crate::helpers::TestApp,
    fixture: &Fixture,
) {
    use crate::authorization_fixtures::Who;
    let read = |path: String, who: Who| {
        let request = app.client.get(app.url(&path));
        let request = match fixture.cookie(who) {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        };
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200, "{path} as {who:?}");
            response.json::<Value>().await.unwrap()
        }
    };
    let emails = |body: &Value| -> Vec<String> {
        body.as_array()
            .expect("a list")
            .iter()
            .map(|p| p["email"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let of_agency_a = |emails: &[String]| {
        emails
            .iter()
            .any(|e| e.ends_with("@matrix.example.org") && !e.ends_with("@br.matrix.example.org"))
    };

    let people = "/api/v1/users?q=Officer".to_string();
    let same = emails(&read(people.clone(), Who::CoordinatorSame).await);
    assert!(
        same.contains(&"trainee@matrix.example.org".to_string()),
        "a coordinator lists their agency's people: {same:?}"
    );
    let other = emails(&read(people, Who::CoordinatorOther).await);
    assert!(
        !of_agency_a(&other),
        "another agency's coordinator lists {other:?}"
    );

    let newcomer = fixture
        .object(
            app,
            crate::authorization_fixtures::Fresh::PendingMember,
            1_000_000,
        )
        .await;
    let newcomer_email = "newcomer1000000@matrix.example.org".to_string();
    let waiting = "/api/v1/memberships".to_string();
    for (who, sees) in [
        (Who::CoordinatorSame, true),
        (Who::Administrator, true),
        (Who::CoordinatorOther, false),
    ] {
        let listed = emails(&read(waiting.clone(), who).await);
        assert_eq!(
            listed.contains(&newcomer_email),
            sees,
            "newcomer {newcomer} on the memberships list of {who:?}: {listed:?}"
        );
        if !sees {
            assert!(
                !of_agency_a(&listed),
                "{who:?} is asked to confirm {listed:?}"
            );
        }
    }

    let programme = format!("/api/v1/scholarship-programmes/{}", fixture.scholarship_id);
    for who in WHO.into_iter().skip(1) {
        let body = read(programme.clone(), who).await;
        assert_eq!(
            body.get("budget").is_some(),
            who == Who::Administrator,
            "{who:?} reads the budget: {body}"
        );
    }
}

/// Arguments that the server function at `path` reads (form-encoded, as a page's form posts
/// them), naming the fixture's objects; `None` for the few whose forms are too long to spell out
/// here (their pages' tests post them). `e` is an application awaiting its agency's endorsement.
fn server_fn_arguments(path: &str, f: &Fixture, e: &str) -> Option<String> {
    let (o, m, s, t, v, p) = (
        f.offering_id,
        f.module_id,
        f.scholarship_id,
        f.trainee_id,
        f.victim_id,
        f.programme_id,
    );
    let a = f.spare_target;
    Some(match path {
        "/api/accept_agency" => format!("id={a}"),
        "/api/apply_for_scholarship" => format!("programme_id={s}&statement=Matrix+statement"),
        "/api/apply_to_offering" => format!("offering_id={o}"),
        "/api/audit_log" => "query[page]=1".into(),
        "/api/change_password" => "current_password=wrong&new_password=another".into(),
        "/api/change_person_standing" => {
            format!("user_id={v}&affiliation=civilian&country=PE&reason=Matrix+check")
        }
        "/api/confirm_import" | "/api/load_import" => "batch=1".into(),
        "/api/decide_enrollment" => format!("offering_id={o}&id={e}&to=enrolled&reason=Matrix"),
        "/api/decide_membership" => format!("user_id={v}&decision=confirm"),
        "/api/decide_scholarship" => {
            format!("programme_id={s}&id=1&decision=reject&comment=Matrix")
        }
        "/api/end_session" => "id=abc".into(),
        "/api/endorse_application" => format!("id={e}&to=pending_acceptance"),
        "/api/fund_enrollment" => format!("offering_id={o}&id={e}&amount=100"),
        "/api/invite_person" => format!(
            "email=server.fn@matrix.example.org&full_name=Server+Fn&country=PE&agency={a}\
             &rank=Cabo&affiliation=police&preferred_language=es&trainee=on"
        ),
        "/api/merge_agencies" => format!("id={a}&into={a}"),
        "/api/module_lookalikes" => format!("id={m}"),
        "/api/nominate_officer" => format!("offering_id={o}&user_id={t}"),
        "/api/nomination_options" | "/api/officer_applications" => format!("officer_id={t}"),
        "/api/offering_applicants" => format!("offering_id={o}"),
        "/api/offering_for_edit" => format!("id={o}"),
        "/api/programme_for_edit" => format!("id={p}"),
        "/api/retry_mail" => "id=1".into(),
        "/api/save_agency" => "name=Agencia+SF&short_name=ASF&country=CL&kind=academic".into(),
        "/api/save_module" => "code=MTX-SF&title[en]=Matrix&credits=2&hours=20\
             &level=introductory&delivery_mode=onsite&audience=both&prerequisites=&status=draft"
            .into(),
        "/api/save_offering" => format!(
            "module_id={m}&starts_on=2030-03-01&ends_on=2030-03-05&enrollment_opens=2030-01-10\
             &enrollment_closes=2030-02-20&capacity=20&language=es&country=PE&host_agency=X\
             &enrollment_policy=open&status=draft"
        ),
        "/api/save_programme" => "code=MTX-SP&title[en]=Matrix&credits_required=2\
             &required_modules=&elective_modules=&status=draft"
            .into(),
        "/api/scholarship_budget" => format!("id={s}"),
        "/api/search_people" => "q=Officer".into(),
        "/api/set_catalog_status" => format!("item=module&id={m}&status=draft"),
        "/api/set_person_active" => format!("user_id={v}&active=false"),
        "/api/set_person_roles" => format!("user_id={v}&administrator=on"),
        "/api/similar_modules" => "text=Matrix&code=MTX-X".into(),
        "/api/update_profile" => {
            "full_name=X&country=PE&rank=R&affiliation=civilian&preferred_language=es".into()
        }
        "/api/withdraw_enrollment" => format!("id={e}"),
        "/api/catalog_form_data" => format!("module_id={m}"),
        "/api/load_module_content" => format!("module_id={m}"),
        "/api/add_unit" => format!("module_id={m}&title[en]=Matrix"),
        "/api/rename_unit" => format!("module_id={m}&unit_id=1&title[en]=Matrix"),
        "/api/move_content" => format!("module_id={m}&item=unit&id=1&direction=up"),
        "/api/add_lesson" => "unit_id=1&language=es&title=Matrix".into(),
        "/api/retire_lesson" => format!("module_id={m}&lesson_id=1&retired=true"),
        "/api/load_lesson_editor" => "lesson_id=1".into(),
        "/api/edit_lesson" => {
            "lesson_id=1&language=es&title=Matrix&markdown=Matrix&intent=preview".into()
        }
        "/api/set_module_author" => format!("module_id={m}&email=nobody%40matrix.example.org"),
        "/api/course_outline" => "enrollment_id=1".into(),
        "/api/read_lesson" => "enrollment_id=1&lesson_id=1".into(),
        "/api/mark_lesson_read" => "enrollment_id=1&lesson_id=1&revision_id=1".into(),
        "/api/load_offering_progress" => format!("offering_id={o}"),
        "/api/remove_attachment" => "lesson_id=1&attachment_id=1&language=es".into(),
        "/api/preview_lesson" => "lesson_id=1&markdown=Matrix".into(),
        "/api/load_question_bank" | "/api/load_quiz_editor" | "/api/load_question_editor" => {
            format!("module_id={}", f.learning_module_id)
        }
        "/api/save_question" => format!(
            "module_id={}&language=es&kind=essay&points=1&prompt=Matrix",
            f.learning_module_id
        ),
        "/api/retire_question" => format!("question_id={}&retire=true", f.question_id),
        "/api/save_quiz" => format!(
            "module_id={}&unit_id={}&title[es]=Matrix&role=practice&attempts_allowed=1\
             &counted=best&feedback=never",
            f.learning_module_id, f.unit_id
        ),
        "/api/retire_quiz" | "/api/load_item_statistics" => format!("quiz_id={}", f.quiz_id),
        "/api/load_offering_quizzes" => format!("offering_id={}", f.learning_offering_id),
        "/api/schedule_quiz" => {
            format!(
                "offering_id={}&quiz_id={}",
                f.learning_offering_id, f.quiz_id
            )
        }
        "/api/load_quiz_intro" | "/api/start_attempt" => "enrollment_id=1&quiz_id=1".into(),
        "/api/load_attempt" | "/api/autosave_answers" => "attempt_id=1".into(),
        "/api/answer_attempt" => "enrollment_id=1&attempt_id=1&intent=save".into(),
        "/api/grade_essay" => "attempt_id=1&question_id=1&score=1".into(),
        "/api/load_offering_attendance" | "/api/save_attendance_settings" => {
            format!("offering_id={}", f.learning_offering_id)
        }
        "/api/load_roll_call" | "/api/take_roll_call" | "/api/load_check_in_code" => {
            format!("session_id={}", f.live_session_id)
        }
        "/api/load_check_in" => format!("session_id={}", f.live_session_id),
        "/api/check_in" => format!("session_id={}&code=000000", f.live_session_id),
        "/api/load_my_attendance" => format!("enrollment_id={}", f.learning_enrollment_id),
        "/api/load_offering_practicals" => format!("offering_id={}", f.learning_offering_id),
        "/api/load_practical_editor" => format!("offering_id={}", f.learning_offering_id),
        "/api/save_practical" => format!(
            "offering_id={}&title=Matriz&pass_percent=70&criterion[0][text]=Uno&criterion[0][points]=1",
            f.learning_offering_id
        ),
        "/api/load_practical_sheet" | "/api/release_practical" => {
            format!("test_id={}", f.practical_test_id)
        }
        "/api/load_observation" | "/api/observe_trainee" => format!(
            "test_id={}&enrollment_id={}",
            f.practical_test_id, f.learning_enrollment_id
        ),
        "/api/load_my_practicals" => format!("enrollment_id={}", f.learning_enrollment_id),
        "/api/create_scholarship_programme" => return None,
        _ => String::new(),
    })
}

/// Server functions, called as a page's form calls them, with arguments naming real objects:
/// each one that declares more than public access refuses an anonymous caller (401), and each
/// one reserved to an action a trainee never holds refuses the trainee (403). The routes above
/// carry the per-relation proof; the server functions call the same services.
async fn server_functions_refuse_who_they_must(app: &crate::helpers::TestApp, fixture: &Fixture) {
    use app::accounts::Role;
    use app::auth::policy::{Access, Relation, allowed};
    let trainee_never = |access: Access| match access {
        Access::Action(action) => ![Relation::Own, Relation::SameAgency, Relation::Other]
            .iter()
            .any(|r| allowed(&[Role::Trainee], action, *r)),
        _ => false,
    };
    let application = fixture
        .object(
            app,
            crate::authorization_fixtures::Fresh::FreshApplication,
            2_000_000,
        )
        .await;
    let mut wrong = Vec::new();
    for (path, access) in server::server_fns::SERVER_FNS {
        if *access == Access::Public {
            continue;
        }
        let arguments = server_fn_arguments(path, fixture, &application);
        let callers = [
            (None, true, 401),
            (
                fixture.cookie(crate::authorization_fixtures::Who::Trainee),
                trainee_never(*access),
                403,
            ),
        ];
        for (cookie, must_refuse, refusal) in callers {
            if !must_refuse {
                continue;
            }
            let mut request = app
                .client
                .post(app.url(path))
                .header("accept", "application/json")
                .header("content-type", "application/x-www-form-urlencoded");
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            let body = arguments.clone().unwrap_or_default();
            let status = request.body(body).send().await.unwrap().status();
            // Without arguments (`None`), any refusal will do: the arguments are read first.
            let refused = match arguments {
                // A service that hides what the caller may not see (attendance: an instructor
                // of one offering learns nothing of another's) refuses with 404 rather than 403.
                Some(_) => status.as_u16() == refusal || (refusal == 403 && status.as_u16() == 404),
                None => !status.is_success() && !status.is_redirection(),
            };
            if !refused {
                wrong.push(format!(
                    "{path} ({}): {status}",
                    if cookie.is_some() {
                        "trainee"
                    } else {
                        "anonymous"
                    }
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "server functions that did not refuse as they must: {wrong:?}"
    );
}
