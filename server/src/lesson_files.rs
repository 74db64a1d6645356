//! Lesson attachments over HTTP: the editor's upload form (a plain multipart post that works
//! without JavaScript and comes back to the editor) and the files themselves, served only to
//! whoever may read the lesson. Every rule is in `app::learning::service::attachments`.

use app::error::DomainError;
use app::i18n::request_locale;
use app::learning::service::attachments::{self, Upload};
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::session::cookie_policy;
use crate::startup::AppState;

async fn caller(state: &AppState, headers: &HeaderMap) -> Option<app::auth::CurrentUser> {
    let token = cookie_policy(state).token(headers)?;
    app::auth::service::current_user(&state.db, &token, state.clock.now())
        .await
        .ok()
        .flatten()
}

/// The editor's language, from the form's address (`?language=es`).
#[derive(serde::Deserialize)]
pub struct EditorLanguage {
    language: Option<String>,
}

/// The most a text field of the upload form may hold: a transcript of about an hour of speech.
const TEXT_FIELD_MAX: usize = 200 * 1024;

/// Reads a text field of at most `max` bytes; `None` when it is longer or not text.
async fn text_field(field: &mut axum::extract::multipart::Field<'_>, max: usize) -> Option<String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.ok()? {
        if bytes.len() + chunk.len() > max {
            return None;
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).ok()
}

/// `POST /admin/catalog/lessons/{id}/attachments?language=es`: adds the uploaded file to the
/// lesson and returns to its editor, with the refusal's reason in the address when it is
/// refused (`&attach_error=type`…). Who may add files is checked before any of the body is
/// read, and reading stops as soon as the file passes the limit.
pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(lesson_id): Path<i64>,
    axum::extract::Query(query): axum::extract::Query<EditorLanguage>,
    mut multipart: Multipart,
) -> Redirect {
    let code = app::i18n::Locale::from_code(query.language.as_deref().unwrap_or_default())
        .unwrap_or(app::i18n::Locale::Es)
        .code();
    let back = |outcome: &str| {
        Redirect::to(&format!(
            "/admin/catalog/lessons/{lesson_id}?language={code}&{outcome}#attachments"
        ))
    };
    let Some(caller) = caller(&state, &headers).await else {
        return Redirect::to("/sign-in");
    };
    match attachments::may_attach(&state.db, &caller, lesson_id).await {
        Ok(()) => {}
        Err(DomainError::Forbidden | DomainError::NotFound) => {
            return back("attach_error=forbidden");
        }
        Err(e) => {
            tracing::error!(error = %e, "attachment upload: permission check failed");
            return back("attach_error=internal");
        }
    }
    let limit = state.config.max_upload_bytes;
    // A declared length past the limit (and the form's other fields) is refused unread.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit + TEXT_FIELD_MAX * 2 + 64 * 1024) {
        return back("attach_error=too_large");
    }
    let mut upload = Upload {
        file_name: String::new(),
        bytes: Vec::new(),
        alt_text: String::new(),
        transcript: String::new(),
    };
    let mut files = 0;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return back("attach_error=too_large"),
        };
        match field.name() {
            Some("file") => {
                files += 1;
                if files > 1 {
                    return back("attach_error=type");
                }
                upload.file_name = field.file_name().unwrap_or_default().to_string();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if upload.bytes.len() + chunk.len() > limit {
                                return back("attach_error=too_large");
                            }
                            upload.bytes.extend_from_slice(&chunk);
                        }
                        Ok(None) => break,
                        Err(_) => return back("attach_error=too_large"),
                    }
                }
            }
            Some("alt_text") => match text_field(&mut field, 4 * 1024).await {
                Some(text) => upload.alt_text = text,
                None => return back("attach_error=alt_text"),
            },
            Some("transcript") => match text_field(&mut field, TEXT_FIELD_MAX).await {
                Some(text) => upload.transcript = text,
                None => return back("attach_error=transcript"),
            },
            _ => {}
        }
    }
    let outcome = attachments::attach(
        &state.db,
        &caller,
        &state.config.files_dir,
        limit,
        lesson_id,
        upload,
        state.clock.now(),
    )
    .await;
    match outcome {
        Ok(_) => back("attached=1"),
        Err(DomainError::Invalid(fields)) => {
            let reason = match fields.first().map(|f| f.message) {
                Some(app::i18n::Key::AttachmentMissing) => "missing",
                Some(app::i18n::Key::AttachmentTooLarge) => "too_large",
                Some(app::i18n::Key::AttachmentAltMissing) => "alt_text",
                Some(app::i18n::Key::AttachmentTranscriptMissing) => "transcript",
                _ => "type",
            };
            back(&format!("attach_error={reason}"))
        }
        Err(DomainError::Forbidden | DomainError::NotFound) => back("attach_error=forbidden"),
        Err(e) => {
            tracing::error!(error = %e, "attachment upload failed");
            back("attach_error=internal")
        }
    }
}

/// `GET /files/lessons/{id}`: the file, for whoever may read its lesson (404 for anyone else),
/// with its own media type, `nosniff`, a download name, a sandbox so that a PDF viewer can never
/// run the site's scripts, and byte ranges (a recording can be sought on a phone). It is
/// revalidated on each use (`no-cache` with its hash as `ETag`), so a file removed, or a reader
/// who left the course, is not served from a browser's cache.
pub async fn serve(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: axum::extract::Request,
) -> Response {
    use tower::ServiceExt as _;
    let headers = request.headers().clone();
    let Some(caller) = caller(&state, &headers).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let opened = attachments::open_for(
        &state.db,
        &caller,
        &state.config.files_dir,
        id,
        request_locale(&headers),
        state.clock.now(),
    )
    .await;
    let (attachment, path) = match opened {
        Ok(found) => found,
        Err(DomainError::NotFound | DomainError::Forbidden) => {
            return StatusCode::NOT_FOUND.into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "attachment lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let etag = path
        .file_name()
        .and_then(|name| name.to_str())
        .map(|hash| format!("\"{hash}\""));
    let fresh = etag.as_deref().is_some_and(|etag| {
        headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|given| given.split(',').any(|g| g.trim() == etag))
    });
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        match tower_http::services::ServeFile::new(&path)
            .oneshot(request)
            .await
        {
            Ok(served) if served.status() == StatusCode::NOT_FOUND => {
                tracing::error!(path = %path.display(), "attachment missing from the file store");
                return StatusCode::NOT_FOUND.into_response();
            }
            Ok(served) => served.map(Body::new),
            Err(e) => {
                tracing::error!(error = %e, "attachment could not be read");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    };
    let disposition = match attachment.kind {
        app::learning::dto::AttachmentKind::Pdf => "attachment",
        _ => "inline",
    };
    // RFC 6266 / 5987: an ASCII fallback and the name itself, percent-encoded.
    let ascii: String = attachment
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = url::form_urlencoded::byte_serialize(attachment.file_name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let out = response.headers_mut();
    let set = |headers: &mut HeaderMap, name, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    set(out, header::CONTENT_TYPE, attachment.media_type.clone());
    set(
        out,
        header::CONTENT_DISPOSITION,
        format!("{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
    );
    if let Some(etag) = etag {
        set(out, header::ETAG, etag);
    }
    out.remove(header::LAST_MODIFIED);
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    out.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    response
}

/// `GET /learn/{enrollment}/units/{unit}/offline.html`: the unit as one file to keep, for the
/// enrolment's trainee while the lessons are open (404 otherwise).
pub async fn offline_unit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((enrollment, unit)): Path<(i64, i64)>,
) -> Response {
    let Some(caller) = caller(&state, &headers).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let made = app::learning::service::offline::unit_file(
        &state.db,
        &caller,
        &state.config.files_dir,
        enrollment,
        unit,
        request_locale(&headers),
        state.clock.now(),
    )
    .await;
    match made {
        Ok((name, html)) => {
            let mut response = Response::new(Body::from(html));
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            response
        }
        Err(DomainError::NotFound | DomainError::Forbidden) => {
            StatusCode::NOT_FOUND.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "offline unit failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
