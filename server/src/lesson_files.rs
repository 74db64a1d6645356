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

/// `POST /admin/catalog/lessons/{id}/attachments`: adds the uploaded file to the lesson and
/// returns to its editor, with the refusal's reason in the address when it is refused
/// (`?attach_error=type`…); what was typed beside the file is short and typed again.
pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(lesson_id): Path<i64>,
    mut multipart: Multipart,
) -> Redirect {
    let mut language = String::from("es");
    let mut upload = Upload {
        file_name: String::new(),
        bytes: Vec::new(),
        alt_text: String::new(),
        transcript: String::new(),
    };
    let limit = state.config.max_upload_bytes;
    let mut too_large = false;
    let back = |language: &str, outcome: &str| {
        let code = app::i18n::Locale::from_code(language)
            .unwrap_or_default()
            .code();
        Redirect::to(&format!(
            "/admin/catalog/lessons/{lesson_id}?language={code}&{outcome}#attachments"
        ))
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // Most often the body went over the limit the router allows.
            Err(_) => return back(&language, "attach_error=too_large"),
        };
        match field.name() {
            Some("file") => {
                upload.file_name = field.file_name().unwrap_or_default().to_string();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if upload.bytes.len() + chunk.len() > limit {
                                // Keep reading nothing more: the size alone refuses it.
                                too_large = true;
                                upload.bytes.clear();
                                break;
                            }
                            upload.bytes.extend_from_slice(&chunk);
                        }
                        Ok(None) => break,
                        Err(_) => return back(&language, "attach_error=too_large"),
                    }
                }
            }
            Some(name @ ("alt_text" | "transcript" | "language")) => {
                let name = name.to_string();
                let text = field.text().await.unwrap_or_default();
                match name.as_str() {
                    "alt_text" => upload.alt_text = text,
                    "transcript" => upload.transcript = text,
                    _ => language = text,
                }
            }
            _ => {}
        }
    }
    if too_large {
        return back(&language, "attach_error=too_large");
    }
    let Some(caller) = caller(&state, &headers).await else {
        return Redirect::to("/sign-in");
    };
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
        Ok(_) => back(&language, "attached=1"),
        Err(DomainError::Invalid(fields)) => {
            let reason = match fields.first().map(|f| f.message) {
                Some(app::i18n::Key::AttachmentMissing) => "missing",
                Some(app::i18n::Key::AttachmentTooLarge) => "too_large",
                Some(app::i18n::Key::AttachmentAltMissing) => "alt_text",
                Some(app::i18n::Key::AttachmentTranscriptMissing) => "transcript",
                _ => "type",
            };
            back(&language, &format!("attach_error={reason}"))
        }
        Err(DomainError::Forbidden | DomainError::NotFound) => {
            back(&language, "attach_error=forbidden")
        }
        Err(e) => {
            tracing::error!(error = %e, "attachment upload failed");
            back(&language, "attach_error=internal")
        }
    }
}

/// `GET /files/lessons/{id}`: the file, for whoever may read its lesson (404 for anyone else),
/// with its own media type, `nosniff`, a download name, and a sandbox so that a PDF viewer can
/// never run the site's scripts.
pub async fn serve(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
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
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, path = %path.display(), "attachment missing from the file store");
            return StatusCode::NOT_FOUND.into_response();
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
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    set(headers, header::CONTENT_TYPE, attachment.media_type.clone());
    set(
        headers,
        header::CONTENT_DISPOSITION,
        format!("{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    headers.insert(
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
