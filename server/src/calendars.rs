//! `GET /offerings/{id}/calendar.ics`: an offering's sessions as an iCalendar file.

use app::catalog::calendar::{CalendarOffering, offering_calendar};
use app::catalog::pick;
use app::i18n::request_locale;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::api::ApiError;
use crate::session::MaybeAuthenticated;
use crate::startup::AppState;

/// The calendar of one offering (public once published; drafts for administrators and its
/// instructors).
pub async fn offering_calendar_file(
    State(state): State<AppState>,
    MaybeAuthenticated(caller): MaybeAuthenticated,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let locale = request_locale(&headers);
    let offering = app::catalog::offerings::get_offering(&state.db, caller.as_ref(), id)
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    let sessions = app::catalog::offerings::sessions_of(&state.db, id)
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    let title = pick(&offering.module_title, locale);
    let host = state.config.public_url.host_str().unwrap_or("picap");
    let body = offering_calendar(
        &CalendarOffering {
            id,
            code: &offering.module_code,
            title: &title,
            host_agency: &offering.host_agency,
            cancelled: offering.status == "cancelled",
        },
        &sessions,
        host,
        chrono::Utc::now(),
        request_locale(&headers),
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}-{id}.ics\"",
        offering.module_code
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `GET /calendar/{token}.ics`: a person's private feed of their own sessions. Unknown and
/// revoked tokens get 404.
pub async fn personal_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    let locale = request_locale(&headers);
    let entries = app::catalog::feeds::feed_sessions(&state.db, token)
        .await
        .map_err(|e| ApiError::Domain(e, locale))?;
    let titles: Vec<String> = entries
        .iter()
        .map(|(_, _, title, _, _)| pick(&serde_json::from_str(title).unwrap_or_default(), locale))
        .collect();
    let offerings: Vec<CalendarOffering<'_>> = entries
        .iter()
        .zip(&titles)
        .map(
            |((session, code, _, host, cancelled), title)| CalendarOffering {
                id: session.offering_id,
                code,
                title,
                host_agency: host,
                cancelled: *cancelled,
            },
        )
        .collect();
    let events: Vec<_> = offerings
        .iter()
        .zip(&entries)
        .map(|(offering, (session, ..))| (offering, session))
        .collect();
    let host = state.config.public_url.host_str().unwrap_or("picap");
    let body = app::catalog::calendar::calendar("PICAP", &events, host, chrono::Utc::now(), locale);
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    // The link is a secret: no cache may keep what it opens.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
