//! Lesson attachments: files are known by their bytes, images lose their location, the store
//! names files by hash, and a file reaches only whoever may read its lesson.

use app::accounts::Affiliation;
use sea_orm::EntityTrait;

use crate::helpers::{Engine, TestApp, module_of, offering, spawn_app, spawn_app_with, trainee};
use crate::learning::{cast, enrol, open_window, publish, write_lesson};

/// A multipart form as a browser sends it: `fields` as text, then the file.
fn form(fields: &[(&str, &str)], file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----picap-attachment-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Uploads to the lesson's editor form; returns where the browser is sent back to.
async fn upload(
    app: &TestApp,
    cookie: &str,
    lesson: i64,
    fields: &[(&str, &str)],
    name: &str,
    bytes: &[u8],
) -> String {
    let (content_type, body) = form(fields, name, bytes);
    let response = app
        .client
        .post(app.url(&format!(
            "/admin/catalog/lessons/{lesson}/attachments?language=es"
        )))
        .header("cookie", cookie)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        303,
        "a plain form post returns to the editor"
    );
    response.headers()["location"].to_str().unwrap().to_string()
}

/// A valid 1×1 PNG with a text chunk holding a place.
fn png_with_location() -> Vec<u8> {
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = 0xFFFF_FFFFu32;
        for byte in kind.iter().chain(data) {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        out.extend_from_slice(&(!crc).to_be_bytes());
        out
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
    png.extend(chunk(
        b"tEXt",
        b"GPS\x00-12.0464,-77.0428 Comisaria Central",
    ));
    png.extend(chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
    ));
    png.extend(chunk(b"IEND", &[]));
    png
}

on_both_engines! {
    async fn files_are_checked_by_their_bytes_cleaned_and_served_only_to_readers(engine: Engine) {
        let app = spawn_app(engine).await;
        let offering_id = offering(&app, "DL-ATT-201", "both", 10, 5).await;
        let other = offering(&app, "DL-ATT-202", "both", 10, 5).await;
        let module_id = module_of(&app, offering_id).await;
        let people = cast(&app, offering_id, other).await;
        let lesson = write_lesson(&app, &people.admin, module_id, &[("es", "Mapa", "Ver el plano.")]).await;

        // An HTML page renamed .png is refused by its bytes; so is an image without a description.
        let back = upload(&app, &people.admin, lesson, &[("alt_text", "x")], "mapa.png", b"<!DOCTYPE html><script>alert(1)</script>").await;
        assert!(back.contains("attach_error=type"), "{back}");
        let back = upload(&app, &people.admin, lesson, &[], "mapa.png", &png_with_location()).await;
        assert!(back.contains("attach_error=alt_text"), "{back}");
        let back = upload(&app, &people.admin, lesson, &[("alt_text", "Plano de la comisaría")], "../../Plano comisaría.png", &png_with_location()).await;
        assert!(back.contains("attached=1") && back.contains("language=es"), "{back}");
        let row = entity::lesson_attachment::Entity::find().one(&app.db).await.unwrap().expect("the attachment");
        assert_eq!((row.kind.as_str(), row.media_type.as_str(), row.file_name.as_str()), ("image", "image/png", "Plano_comisaría.png"));
        assert_eq!(row.sha256.len(), 64, "stored under its hash");
        let html = app.get_with(&format!("/admin/catalog/lessons/{lesson}?language=es"), &people.admin).await.text().await.unwrap();
        assert!(html.contains("Plano_comisaría.png"), "the editor lists it");

        // A trainee who may read the lesson gets the file, cleaned of its location.
        let (_, reader) = trainee(&app, 1, Affiliation::Police).await;
        let (_, outsider) = trainee(&app, 2, Affiliation::Police).await;
        let enrollment = enrol(&app, offering_id, &reader).await;
        let url = format!("/files/lessons/{}", row.id);
        assert_eq!(app.get_with(&url, &reader).await.status(), 404, "not before the window opens");
        open_window(&app, offering_id).await;
        // Added after the lesson was published: it waits for the next publish, as text does.
        assert_eq!(app.get_with(&url, &reader).await.status(), 404, "not before it is published");
        assert_eq!(app.get_with(&url, &people.admin).await.status(), 200, "its authors see it at once");
        assert!(publish(&app, &people.admin, lesson, "es", "Mapa", "Ver el plano.", Some(1)).await.status().is_success());
        let file = app.get_with(&url, &reader).await;
        assert_eq!(file.status(), 200);
        assert_eq!(file.headers()["content-type"], "image/png");
        assert_eq!(file.headers()["x-content-type-options"], "nosniff");
        assert!(file.headers()["content-disposition"].to_str().unwrap().starts_with("inline; filename=\"Plano_comisar_a.png\"; filename*=UTF-8''Plano_comisar%C3%ADa.png"));
        assert!(file.headers()["content-security-policy"].to_str().unwrap().contains("sandbox"));
        assert_eq!(file.headers()["cache-control"], "private, no-cache", "revalidated, never kept unchecked");
        let etag = file.headers()["etag"].to_str().unwrap().to_string();
        let bytes = file.bytes().await.unwrap();
        let again = app.client.get(app.url(&url)).header("cookie", &reader).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(again.status(), 304);
        let part = app.client.get(app.url(&url)).header("cookie", &reader).header("range", "bytes=0-7").send().await.unwrap();
        assert_eq!(part.status(), 206, "ranges, so a recording can be sought");
        assert_eq!(part.bytes().await.unwrap().as_ref(), b"\x89PNG\r\n\x1a\n");
        assert!(bytes.starts_with(b"\x89PNG"));
        assert!(!bytes.windows(3).any(|w| w == b"GPS"), "the location is gone");
        // Nobody else: another trainee, someone signed out, another offering's instructor.
        assert_eq!(app.get_with(&url, &outsider).await.status(), 404);
        assert_eq!(app.get(&url).await.status(), 404);
        assert_eq!(app.get_with(&url, &people.other_teacher).await.status(), 404);
        assert_eq!(app.get_with(&url, &people.teacher).await.status(), 200, "the offering's instructor reads it");
        // The lesson page shows it, described.
        let page = app.get_with(&format!("/learn/{enrollment}/lessons/{lesson}"), &reader).await.text().await.unwrap();
        assert!(page.contains(&format!("src=\"{url}\"")) && page.contains("alt=\"Plano de la comisaría\""), "{page}");

        // The unit as one file to read offline: its text, the image inlined, nothing fetched.
        let course = app.get_with(&format!("/learn/{enrollment}"), &reader).await.text().await.unwrap();
        let link = course.split("href=\"").find(|h| h.contains("/offline.html")).expect("an offline link").split('"').next().unwrap().to_string();
        let offline = app.get_with(&link, &reader).await;
        assert_eq!(offline.status(), 200);
        assert!(offline.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"dl-att-201-1.html\""));
        let offline = offline.text().await.unwrap();
        assert!(offline.contains("Ver el plano.") && offline.contains("src=\"data:image/png;base64,"), "{offline}");
        assert!(!offline.contains("src=\"/") && !offline.contains("<script"), "nothing fetched, nothing run");
        assert_eq!(app.get_with(&link, &outsider).await.status(), 404);

        // A removed file is gone for readers.
        let removed = crate::learning::call(&app, &people.admin, "/api/remove_attachment", &format!("lesson_id={lesson}&attachment_id={}&language=es", row.id)).await;
        assert!(removed.status().is_success());
        assert_eq!(app.get_with(&url, &reader).await.status(), 404);
        app.stop().await;
    }

    async fn a_waitlisted_trainee_reads_neither_the_lessons_nor_their_files(engine: Engine) {
        let app = spawn_app(engine).await;
        let offering_id = offering(&app, "DL-ATT-205", "both", 1, 5).await;
        let other = offering(&app, "DL-ATT-206", "both", 10, 5).await;
        let module_id = module_of(&app, offering_id).await;
        let people = cast(&app, offering_id, other).await;
        let lesson = write_lesson(&app, &people.admin, module_id, &[("es", "Mapa", "Ver el plano.")]).await;
        let back = upload(&app, &people.admin, lesson, &[("alt_text", "Plano")], "plano.png", &png_with_location()).await;
        assert!(back.contains("attached=1"), "{back}");
        assert!(publish(&app, &people.admin, lesson, "es", "Mapa", "Ver el plano.", Some(1)).await.status().is_success());
        let file = entity::lesson_attachment::Entity::find().one(&app.db).await.unwrap().expect("the file").id;
        let (_, seated) = trainee(&app, 1, Affiliation::Police).await;
        let (_, waiting) = trainee(&app, 2, Affiliation::Police).await;
        enrol(&app, offering_id, &seated).await;
        let response = crate::enrollment::apply(&app, offering_id, &waiting).await;
        assert_eq!(response.status(), 201);
        assert_eq!(crate::learning::json_of(response).await["status"], "waitlisted");
        open_window(&app, offering_id).await;
        let paths = [format!("/api/v1/lessons/{lesson}"), format!("/files/lessons/{file}")];
        for path in &paths {
            assert_eq!(app.get_with(path, &seated).await.status(), 200, "{path}, enrolled");
            assert_eq!(app.get_with(path, &waiting).await.status(), 404, "{path}, waitlisted");
        }
        let marked = app.client.post(app.url(&format!("/api/v1/lessons/{lesson}/read")))
            .header("cookie", &waiting).send().await.unwrap();
        assert_eq!(marked.status(), 404);
        let outline = crate::learning::json_of(app.get_with(&format!("/api/v1/modules/{module_id}/units"), &waiting).await).await;
        assert_eq!(outline["access"], "outline", "the outline only: {outline}");
        app.stop().await;
    }

    async fn a_file_over_the_limit_or_an_audio_without_transcript_is_refused(engine: Engine) {
        let app = spawn_app_with(engine, |config| config.max_upload_bytes = 1024 * 1024).await;
        let offering_id = offering(&app, "DL-ATT-203", "both", 10, 5).await;
        let other = offering(&app, "DL-ATT-204", "both", 10, 5).await;
        let module_id = module_of(&app, offering_id).await;
        let people = cast(&app, offering_id, other).await;
        let lesson = write_lesson(&app, &people.admin, module_id, &[("es", "Audio", "Escuche.")]).await;
        let mut big = b"%PDF-1.7\n".to_vec();
        big.resize(1024 * 1024 + 1, b' ');
        let back = upload(&app, &people.admin, lesson, &[], "guia.pdf", &big).await;
        assert!(back.contains("attach_error=too_large"), "{back}");
        let back = upload(&app, &people.admin, lesson, &[], "entrevista.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00").await;
        assert!(back.contains("attach_error=transcript"), "{back}");
        let back = upload(&app, &people.admin, lesson, &[("transcript", "Buenos días.")], "entrevista.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00").await;
        assert!(back.contains("attached=1"), "{back}");
        // The editor says why in the author's language.
        let page = app.client.get(app.url(&format!("/admin/catalog/lessons/{lesson}?language=es&attach_error=too_large")))
            .header("cookie", &people.admin).header("accept-language", "es").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("El archivo es demasiado grande: 1 MB como máximo."), "{page}");
        // An instructor who does not write the module cannot add to it.
        let back = upload(&app, &people.other_teacher, lesson, &[("transcript", "x")], "a.mp3", b"ID3\x04\x00\x00").await;
        assert!(back.contains("attach_error=forbidden"), "{back}");
        assert_eq!(entity::lesson_attachment::Entity::find().all(&app.db).await.unwrap().len(), 1);
        app.stop().await;
    }
}
