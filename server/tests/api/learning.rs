//! Distance learning: authors write lessons in languages and revise them; enrolled trainees read
//! them in their offering's language once the distance window opens, and mark them read; nobody
//! else reads them; instructors see the progress of their own offerings only.

use app::accounts::{Affiliation, Role};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::Value;

use crate::helpers::{Engine, TestApp, create_person, module_of, offering, spawn_app, trainee};

const PASSWORD: &str = "protect and serve with care";

/// Calls a page's server function as a hydrated page does (JSON answer), signed in.
pub(crate) async fn call(app: &TestApp, cookie: &str, path: &str, body: &str) -> reqwest::Response {
    app.post_form(
        path,
        body,
        &[("cookie", cookie), ("accept", "application/json")],
    )
    .await
}

pub(crate) async fn json_of(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}"))
}

/// The people of a course: an administrator, the module's author, the offering's instructor,
/// an instructor of another offering, each signed in.
pub(crate) struct Cast {
    pub admin: String,
    pub author: String,
    pub author_email: String,
    pub teacher: String,
    pub other_teacher: String,
}

pub(crate) async fn cast(app: &TestApp, offering_id: i64, other_offering: i64) -> Cast {
    let people = [
        ("admin@picap.example.org", Role::Administrator),
        ("autora@picap.example.org", Role::Instructor),
        ("docente@picap.example.org", Role::Instructor),
        ("otro.docente@picap.example.org", Role::Instructor),
    ];
    let mut cookies = Vec::new();
    for (email, role) in people {
        let id = create_person(&app.db, email, PASSWORD, "PNP", vec![role]).await;
        cookies.push((id, app.sign_in(email, PASSWORD).await));
    }
    for (who, offering_id) in [(2, offering_id), (3, other_offering)] {
        entity::offering_instructor::ActiveModel {
            offering_id: Set(offering_id),
            user_id: Set(cookies[who].0),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    Cast {
        admin: cookies[0].1.clone(),
        author: cookies[1].1.clone(),
        author_email: people[1].0.to_string(),
        teacher: cookies[2].1.clone(),
        other_teacher: cookies[3].1.clone(),
    }
}

/// Writes one unit with one lesson published in `languages` (Markdown per language); returns
/// the lesson's id.
pub(crate) async fn write_lesson(
    app: &TestApp,
    cookie: &str,
    module_id: i64,
    texts: &[(&str, &str, &str)],
) -> i64 {
    let unit = call(
        app,
        cookie,
        "/api/add_unit",
        &format!("module_id={module_id}&title[es]=Principios&title[en]=Principles"),
    )
    .await;
    assert!(unit.status().is_success(), "unit added: {}", unit.status());
    let unit_id: i64 = json_of(unit).await.as_i64().expect("the unit's id");
    let (language, title, _) = texts[0];
    let lesson = call(
        app,
        cookie,
        "/api/add_lesson",
        &format!(
            "unit_id={unit_id}&language={language}&title={}",
            urlencode(title)
        ),
    )
    .await;
    assert!(
        lesson.status().is_success(),
        "lesson added: {}",
        lesson.status()
    );
    let lesson_id = json_of(lesson).await.as_i64().expect("the lesson's id");
    for (language, title, markdown) in texts {
        publish(app, cookie, lesson_id, language, title, markdown, None).await;
    }
    lesson_id
}

pub(crate) fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

pub(crate) async fn publish(
    app: &TestApp,
    cookie: &str,
    lesson_id: i64,
    language: &str,
    title: &str,
    markdown: &str,
    based_on: Option<i32>,
) -> reqwest::Response {
    let response = call(
        app,
        cookie,
        "/api/edit_lesson",
        &format!(
            "lesson_id={lesson_id}&language={language}&title={}&markdown={}&based_on={}&intent=publish",
            urlencode(title),
            urlencode(markdown),
            based_on.map(|n| n.to_string()).unwrap_or_default()
        ),
    )
    .await;
    if based_on.is_none() || response.status().is_success() {
        assert!(
            response.status().is_success() || based_on.is_some(),
            "published: {}",
            response.status()
        );
    }
    response
}

/// Opens the distance window: a distance session that began yesterday.
pub(crate) async fn open_window(app: &TestApp, offering_id: i64) {
    let start = Utc::now() - Duration::days(1);
    entity::offering_session::ActiveModel {
        offering_id: Set(offering_id),
        kind: Set("distance".into()),
        starts_at: Set(start),
        ends_at: Set(start + Duration::days(20)),
        timezone: Set("America/Lima".into()),
        sequence: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

pub(crate) async fn enrol(app: &TestApp, offering_id: i64, cookie: &str) -> i64 {
    let response = crate::enrollment::apply(app, offering_id, cookie).await;
    assert_eq!(response.status(), 201);
    json_of(response).await["id"].as_i64().unwrap()
}

on_both_engines! {
    async fn enrolled_trainees_read_lessons_in_their_offerings_language_once_the_window_opens(engine: Engine) {
        let app = spawn_app(engine).await;
        let offering_id = offering(&app, "DL-USE-101", "both", 10, 5).await;
        let other_offering = offering(&app, "DL-HR-102", "both", 10, 5).await;
        let module_id = module_of(&app, offering_id).await;
        let people = cast(&app, offering_id, other_offering).await;

        // An instructor who is not (yet) the module's author may not write it.
        let refused = call(&app, &people.author, "/api/add_unit", &format!("module_id={module_id}&title[es]=X")).await;
        assert_eq!(refused.status(), 403, "not an author yet");
        let named = call(&app, &people.admin, "/api/set_module_author",
            &format!("module_id={module_id}&email={}", urlencode(&people.author_email))).await;
        assert!(named.status().is_success(), "author named: {}", named.status());
        // Naming is the administrators': the author cannot name another.
        let again = call(&app, &people.author, "/api/set_module_author",
            &format!("module_id={module_id}&email={}", urlencode(&people.author_email))).await;
        assert_eq!(again.status(), 403);

        let lesson_id = write_lesson(&app, &people.author, module_id, &[
            ("es", "Proporcionalidad", "La fuerza debe ser **proporcional** a la amenaza."),
            ("en", "Proportionality", "Force must be **proportional** to the threat."),
        ]).await;
        // The author of one module writes nothing in another.
        let elsewhere = call(&app, &people.author, "/api/add_unit",
            &format!("module_id={}&title[es]=X", module_of(&app, other_offering).await)).await;
        assert_eq!(elsewhere.status(), 403, "another module");

        let (_, reader) = trainee(&app, 1, Affiliation::Police).await;
        let (_, outsider) = trainee(&app, 2, Affiliation::Police).await;
        let (_, leaver) = trainee(&app, 3, Affiliation::Civilian).await;
        let enrollment = enrol(&app, offering_id, &reader).await;
        let left = enrol(&app, offering_id, &leaver).await;
        let withdrawn = app.client.delete(app.url(&format!("/api/v1/enrollments/{left}")))
            .header("cookie", &leaver).send().await.unwrap();
        assert_eq!(withdrawn.status(), 200);

        // The module's page leads the enrolled trainee to the course.
        let module_page = app.get_with("/modules/DL-USE-101", &reader).await.text().await.unwrap();
        assert!(module_page.contains(&format!("href=\"/learn/{enrollment}\"")), "{module_page}");

        // Before the window: the outline, not the lessons.
        let outline = json_of(app.get_with(&format!("/api/v1/modules/{module_id}/units"), &reader).await).await;
        assert_eq!(outline["access"], "not_yet", "{outline}");
        assert_eq!(outline["units"][0]["lessons"][0]["title"], "Proporcionalidad");
        assert_eq!(outline["opens_on"].as_str().unwrap(), (Utc::now().date_naive() + Duration::days(30)).to_string());
        let early = app.get_with(&format!("/api/v1/lessons/{lesson_id}"), &reader).await;
        assert_eq!(early.status(), 404, "closed before the window");

        open_window(&app, offering_id).await;
        let lesson = json_of(app.get_with(&format!("/api/v1/lessons/{lesson_id}"), &reader).await).await;
        assert_eq!(lesson["language"], "es", "the offering's language: {lesson}");
        assert_eq!(lesson["title"], "Proporcionalidad");
        assert_eq!(lesson["html"], "<p>La fuerza debe ser <strong>proporcional</strong> a la amenaza.</p>\n");
        assert!(lesson.get("instead_of").is_none());
        let first_revision = lesson["revision_id"].as_i64().unwrap();

        // Not enrolled, or withdrawn: no lesson, no mark.
        for (who, cookie) in [("outsider", &outsider), ("withdrawn", &leaver)] {
            let response = app.get_with(&format!("/api/v1/lessons/{lesson_id}"), cookie).await;
            assert_eq!(response.status(), 404, "{who} reads nothing");
            let marked = app.client.post(app.url(&format!("/api/v1/lessons/{lesson_id}/read")))
                .header("cookie", cookie).send().await.unwrap();
            assert_eq!(marked.status(), 404, "{who} marks nothing");
        }
        let outline = json_of(app.get_with(&format!("/api/v1/modules/{module_id}/units"), &leaver).await).await;
        assert_eq!(outline["access"], "outline", "the withdrawn see the outline: {outline}");
        assert_eq!(app.get_with(&format!("/api/v1/modules/{module_id}/units"), &outsider).await.status(), 404);
        // Another trainee's enrolment does not exist for them.
        let page = call(&app, &outsider, "/api/read_lesson", &format!("enrollment_id={enrollment}&lesson_id={lesson_id}")).await;
        assert_eq!(page.status(), 404);

        // Marking read, twice, counts once.
        for _ in 0..2 {
            let marked = app.client.post(app.url(&format!("/api/v1/lessons/{lesson_id}/read")))
                .header("cookie", &reader).send().await.unwrap();
            let marked = json_of(marked).await;
            assert_eq!((marked["read"].as_u64(), marked["total"].as_u64()), (Some(1), Some(1)), "{marked}");
        }

        // A new revision keeps what was read.
        let second = publish(&app, &people.author, lesson_id, "es", "Proporcionalidad",
            "La fuerza debe ser **proporcional** y **necesaria**.", Some(1)).await;
        assert!(second.status().is_success(), "revision 2: {}", second.status());
        let read = entity::lesson_read::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].revision_id, first_revision, "progress points at the revision read");
        let lesson = json_of(app.get_with(&format!("/api/v1/lessons/{lesson_id}"), &reader).await).await;
        assert_eq!(lesson["revised_since_read"], true, "{lesson}");
        assert!(lesson["html"].as_str().unwrap().contains("necesaria"));

        // The offering's instructor sees the progress; another offering's does not.
        let table = json_of(app.get_with(&format!("/api/v1/offerings/{offering_id}/progress"), &people.teacher).await).await;
        let rows = table["trainees"].as_array().unwrap();
        assert_eq!(rows.len(), 1, "the withdrawn trainee is not in the table: {table}");
        assert_eq!((rows[0]["read"].as_u64(), rows[0]["total"].as_u64()), (Some(1), Some(1)));
        assert_eq!(app.get_with(&format!("/api/v1/offerings/{offering_id}/progress"), &people.other_teacher).await.status(), 403);
        assert_eq!(app.get_with(&format!("/api/v1/offerings/{offering_id}/progress"), &reader).await.status(), 403);
        // The instructor reads the lessons of the module they teach, in their own language.
        let as_teacher = app.client.get(app.url(&format!("/api/v1/lessons/{lesson_id}")))
            .header("cookie", &people.teacher).header("accept-language", "en").send().await.unwrap();
        assert_eq!(json_of(as_teacher).await["title"], "Proportionality");
        assert_eq!(app.get_with(&format!("/api/v1/lessons/{lesson_id}"), &people.other_teacher).await.status(), 404);

        // The trainee's pages: the course with its progress, the lesson with its text.
        let course = app.get_with(&format!("/learn/{enrollment}"), &reader).await.text().await.unwrap();
        assert!(course.contains("1 of 1 lessons read"), "{course}");
        let page = app.get_with(&format!("/learn/{enrollment}/lessons/{lesson_id}"), &reader).await.text().await.unwrap();
        assert!(page.contains("<strong>necesaria</strong>"), "{page}");
        assert!(page.contains("mark-read-form"));
        app.stop().await;
    }

    async fn a_lesson_not_in_the_offerings_language_is_shown_in_the_primary_one_with_a_note(engine: Engine) {
        let app = spawn_app(engine).await;
        let offering_id = offering(&app, "DL-FR-103", "both", 10, 5).await;
        let other = offering(&app, "DL-FR-104", "both", 10, 5).await;
        let module_id = module_of(&app, offering_id).await;
        let mut row: entity::offering::ActiveModel = entity::offering::Entity::find_by_id(offering_id)
            .one(&app.db).await.unwrap().unwrap().into();
        row.language = Set("fr".into());
        row.update(&app.db).await.unwrap();
        let mut module: entity::module::ActiveModel = entity::module::Entity::find_by_id(module_id)
            .one(&app.db).await.unwrap().unwrap().into();
        module.primary_language = Set("es".into());
        module.update(&app.db).await.unwrap();
        let people = cast(&app, offering_id, other).await;
        let lesson_id = write_lesson(&app, &people.admin, module_id, &[
            ("en", "Detention", "Tell the person their rights."),
            ("es", "Detención", "Informe a la persona de sus derechos."),
        ]).await;
        let (_, reader) = trainee(&app, 1, Affiliation::Police).await;
        let enrollment = enrol(&app, offering_id, &reader).await;
        open_window(&app, offering_id).await;
        let lesson = json_of(app.get_with(&format!("/api/v1/lessons/{lesson_id}"), &reader).await).await;
        assert_eq!((lesson["language"].as_str(), lesson["instead_of"].as_str()), (Some("es"), Some("fr")), "{lesson}");
        let page = app.client.get(app.url(&format!("/learn/{enrollment}/lessons/{lesson_id}")))
            .header("cookie", &reader).header("accept-language", "fr").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("pas encore disponible en français"), "the note, in the reader's language: {page}");
        app.stop().await;
    }

    async fn revisions_are_never_rewritten_and_a_stale_publish_keeps_the_text_as_a_draft(engine: Engine) {
        let app = spawn_app(engine).await;
        let offering_id = offering(&app, "DL-REV-105", "both", 10, 5).await;
        let other = offering(&app, "DL-REV-106", "both", 10, 5).await;
        let module_id = module_of(&app, offering_id).await;
        let people = cast(&app, offering_id, other).await;
        let lesson_id = write_lesson(&app, &people.admin, module_id, &[("es", "Uno", "Primera versión.")]).await;
        // Two authors started from revision 1; the second to publish is told, and loses nothing.
        let first = publish(&app, &people.admin, lesson_id, "es", "Uno", "Segunda versión.", Some(1)).await;
        assert!(first.status().is_success());
        let stale = publish(&app, &people.admin, lesson_id, "es", "Uno", "Texto que no se pierde.", Some(1)).await;
        assert_eq!(stale.status(), 409);
        let drafts = entity::lesson_draft::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(drafts.len(), 1, "the refused text is kept as the author's draft");
        assert_eq!((drafts[0].markdown.as_str(), drafts[0].based_on), ("Texto que no se pierde.", Some(1)));
        // Its editor says a newer revision came first, and offers to publish over it knowingly.
        let editor = call(&app, &people.admin, "/api/load_lesson_editor", &format!("lesson_id={lesson_id}&language=es")).await;
        let editor = json_of(editor).await;
        assert_eq!((editor["based_on"].as_i64(), editor["published_number"].as_i64()), (Some(1), Some(2)), "{editor}");
        let over = call(&app, &people.admin, "/api/edit_lesson", &format!(
            "lesson_id={lesson_id}&language=es&title=Uno&markdown=Tercera&based_on=1&over=2&intent=publish")).await;
        assert!(over.status().is_success(), "published over revision 2: {}", over.status());
        let numbers: Vec<i32> = entity::lesson_revision::Entity::find()
            .filter(entity::lesson_revision::Column::LessonId.eq(lesson_id))
            .order_by_asc(entity::lesson_revision::Column::Number)
            .all(&app.db).await.unwrap().into_iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
        for statement in ["UPDATE lesson_revisions SET markdown = 'x'", "DELETE FROM lesson_revisions"] {
            let refused = app.db.execute_unprepared(statement).await.expect_err(statement);
            assert!(refused.to_string().contains("lesson revisions are append-only"), "{statement}: {refused}");
        }
        // A language the database does not know is refused by its check.
        let bad = app.db.execute_unprepared(&format!(
            "INSERT INTO lesson_revisions (lesson_id, language, number, title, markdown, html, created_at) \
             VALUES ({lesson_id}, 'de', 1, 't', 'm', 'h', CURRENT_TIMESTAMP)")).await.expect_err("de");
        assert!(bad.to_string().to_lowercase().contains("check"), "{bad}");
        app.stop().await;
    }

    async fn nothing_an_author_writes_runs_in_the_readers_page(engine: Engine) {
        let app = spawn_app(engine).await;
        let offering_id = offering(&app, "DL-XSS-107", "both", 10, 5).await;
        let other = offering(&app, "DL-XSS-108", "both", 10, 5).await;
        let module_id = module_of(&app, offering_id).await;
        let people = cast(&app, offering_id, other).await;
        let corpus = "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n\
            [a](javascript:alert(3)) [b](JaVaScRiPt:alert(4)) <svg onload=alert(5)>\n\n\
            [c](data:text/html,<script>alert(6)</script>)";
        let lesson_id = write_lesson(&app, &people.admin, module_id, &[
            ("es", "<script>alert('title')</script>", corpus),
        ]).await;
        let (_, reader) = trainee(&app, 1, Affiliation::Police).await;
        let enrollment = enrol(&app, offering_id, &reader).await;
        open_window(&app, offering_id).await;
        let page = app.get_with(&format!("/learn/{enrollment}/lessons/{lesson_id}"), &reader).await.text().await.unwrap();
        let article = page.split("<article").nth(1).expect("the lesson's article").split("</article>").next().unwrap();
        // Text keeps `<` escaped, so each `<` left opens a real element: none may run script.
        for tag in article.to_lowercase().split('<').skip(1).map(|t| t.split('>').next().unwrap_or("").to_string()) {
            let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or("").to_string();
            assert!(["h1", "div", "p", "a", "strong", "em"].contains(&name.as_str()), "<{tag}> in {article}");
            for bad in [" on", "javascript:", "data:", "href=\"x"] {
                assert!(!tag.contains(bad), "{bad} in <{tag}>");
            }
        }
        assert!(article.contains("&lt;script&gt;alert("), "raw HTML is shown as text: {article}");
        app.stop().await;
    }
}

on_both_engines! {
    async fn units_added_at_once_each_get_their_own_place(engine: Engine) {
        let app = spawn_app(engine).await;
        let offering_id = offering(&app, "DL-PAR-112", "both", 10, 5).await;
        let other = offering(&app, "DL-PAR-113", "both", 10, 5).await;
        let module_id = module_of(&app, offering_id).await;
        let people = cast(&app, offering_id, other).await;
        let mut adds = tokio::task::JoinSet::new();
        for n in 0..8 {
            let (client, url, cookie) = (app.client.clone(), app.url("/api/add_unit"), people.admin.clone());
            adds.spawn(async move {
                client.post(url).header("cookie", cookie).header("accept", "application/json")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(format!("module_id={module_id}&title[es]=Unidad+{n}"))
                    .send().await.unwrap().status()
            });
        }
        while let Some(status) = adds.join_next().await {
            let status = status.unwrap();
            assert!(status.is_success(), "{status}");
        }
        let mut positions: Vec<i32> = entity::unit::Entity::find()
            .filter(entity::unit::Column::ModuleId.eq(module_id))
            .all(&app.db).await.unwrap().into_iter().map(|u| u.position).collect();
        positions.sort();
        assert_eq!(positions, (0..8).collect::<Vec<_>>(), "one place each, in a sequence");
        app.stop().await;
    }

    async fn each_author_keeps_their_own_draft_and_a_stale_preview_cannot_undo_a_publish(engine: Engine) {
        let app = spawn_app(engine).await;
        let offering_id = offering(&app, "DL-DRF-110", "both", 10, 5).await;
        let other = offering(&app, "DL-DRF-111", "both", 10, 5).await;
        let module_id = module_of(&app, offering_id).await;
        let people = cast(&app, offering_id, other).await;
        call(&app, &people.admin, "/api/set_module_author",
            &format!("module_id={module_id}&email={}", urlencode(&people.author_email))).await;
        let lesson_id = write_lesson(&app, &people.admin, module_id, &[("es", "Uno", "Versión 1.")]).await;
        let preview = |cookie: &'static str, text: &'static str| {
            let app = &app;
            let cookie = if cookie == "admin" { people.admin.clone() } else { people.author.clone() };
            async move {
                let body = format!("lesson_id={lesson_id}&language=es&title=Uno&markdown={}&based_on=1&intent=preview", urlencode(text));
                let response = call(app, &cookie, "/api/edit_lesson", &body).await;
                assert!(response.status().is_success(), "preview: {}", response.status());
            }
        };
        preview("admin", "Borrador de la administradora.").await;
        preview("author", "Borrador de la autora.").await;
        let mine = json_of(call(&app, &people.admin, "/api/load_lesson_editor", &format!("lesson_id={lesson_id}&language=es")).await).await;
        assert_eq!(mine["markdown"], "Borrador de la administradora.", "a second author's preview leaves the first one's draft alone");
        assert_eq!(mine["others_drafting"].as_array().map(Vec::len), Some(1));
        // The author publishes revision 2; the administrator's preview from revision 1 cannot
        // then publish over it unseen.
        assert!(publish(&app, &people.author, lesson_id, "es", "Uno", "Versión 2.", Some(1)).await.status().is_success());
        preview("admin", "Borrador de la administradora, otra vez.").await;
        let stale = publish(&app, &people.admin, lesson_id, "es", "Uno", "Borrador de la administradora, otra vez.", Some(1)).await;
        assert_eq!(stale.status(), 409, "the stale draft does not silently revert revision 2");
        // Odd input never breaks the answer, and another module's lesson is refused as such.
        let odd = call(&app, &people.admin, "/api/add_lesson", "unit_id=1&language=en%0A&title=Odd").await;
        assert!(odd.status().as_u16() < 500, "a language with a line end: {}", odd.status());
        let moved = call(&app, &people.admin, "/api/move_content", &format!("module_id={module_id}&item=x%0Ay&id=1&direction=up")).await;
        assert_eq!(moved.status(), 404);
        let elsewhere = call(&app, &people.author, "/api/load_lesson_editor", "lesson_id=999999").await;
        assert_eq!(elsewhere.status(), 403, "an author cannot tell missing lessons from others' lessons");
        app.stop().await;
    }

    async fn the_demo_has_a_course_under_way_with_readers_at_every_stage(engine: Engine) {
        let app = spawn_app(engine).await;
        app::demo::seed_demo(&app.db).await.unwrap();
        let trainee = app.sign_in("trainee@picap.example.org", "demo-trainee-passphrase").await;
        let outline = json_of(app.get_with(&format!("/api/v1/modules/{}/units",
            entity::module::Entity::find().filter(entity::module::Column::Code.eq("PICAP-PHR-101")).one(&app.db).await.unwrap().unwrap().id), &trainee).await).await;
        assert_eq!((outline["access"].as_str(), outline["read"].as_u64(), outline["total"].as_u64()), (Some("open"), Some(2), Some(4)), "{outline}");
        let course = outline["enrollment_id"].as_i64().unwrap();
        let mine = app.get_with("/my-learning", &trainee).await.text().await.unwrap();
        assert!(mine.contains(&format!("href=\"/learn/{course}\"")), "my learning leads to the course: {mine}");
        let page = app.get_with(&format!("/learn/{course}"), &trainee).await.text().await.unwrap();
        assert!(page.contains("course-continue"), "continue where they left off: {page}");
        let instructor = app.sign_in("instructor@picap.example.org", "demo-instructor-passphrase").await;
        let offering = outline["offering_id"].as_i64().unwrap();
        let table = json_of(app.get_with(&format!("/api/v1/offerings/{offering}/progress"), &instructor).await).await;
        let mut read: Vec<u64> = table["trainees"].as_array().unwrap().iter().map(|t| t["read"].as_u64().unwrap()).collect();
        read.sort();
        assert_eq!(read, [0, 1, 2, 4], "{table}");
        let authored = app.get_with("/my-content", &instructor).await.text().await.unwrap();
        assert!(authored.contains("PICAP-PHR-101") && authored.contains("PICAP-PHR-140"), "{authored}");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_progress_table_and_course_pages_refuse_whoever_they_must() {
    let app = spawn_app(Engine::Sqlite).await;
    let offering_id = offering(&app, "DL-REF-109", "both", 10, 5).await;
    let (_, reader) = trainee(&app, 1, Affiliation::Police).await;
    let enrollment = enrol(&app, offering_id, &reader).await;
    // The page of someone else's enrolment is "not found", signed out it asks to sign in.
    let (_, stranger) = trainee(&app, 2, Affiliation::Police).await;
    let theirs = app
        .get_with(&format!("/learn/{enrollment}"), &stranger)
        .await;
    assert_eq!(theirs.status(), 404);
    assert_eq!(app.get(&format!("/learn/{enrollment}")).await.status(), 401);
    app.stop().await;
}
