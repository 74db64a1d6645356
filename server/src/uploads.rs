//! Form uploads that are not server functions: the CSV import of people. A plain multipart form
//! works without JavaScript; the handler checks the file through the service, keeps it, and
//! sends the browser to the review page.

use app::error::DomainError;
use app::i18n::{Key, request_locale};
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::Redirect;

use crate::session::{cookie_policy, site};
use crate::startup::AppState;

/// The largest file accepted: a 2,000-line roster is far below it.
pub const MAX_UPLOAD_BYTES: usize = 1024 * 1024;

const PAGE: &str = "/admin/people/import";

fn back_with(error: &str) -> Redirect {
    Redirect::to(&format!("{PAGE}?error={error}"))
}

/// `POST /admin/people/import/upload`: checks an uploaded CSV file and shows its report.
pub async fn import_people(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Redirect {
    let Some(token) = cookie_policy(&state).token(&headers) else {
        return back_with("sign_in");
    };
    let caller = match app::auth::service::current_user(&state.db, &token, state.clock.now()).await
    {
        Ok(Some(caller)) => caller,
        Ok(None) => return back_with("sign_in"),
        Err(e) => {
            tracing::error!(error = %e, "import: session lookup failed");
            return back_with("internal");
        }
    };
    let mut upload: Option<(Option<String>, Vec<u8>)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return back_with("unreadable"),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().map(str::to_string);
        let mut bytes = Vec::new();
        let mut field = field;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        return back_with("too_large");
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(_) => return back_with("unreadable"),
            }
        }
        upload = Some((name, bytes));
    }
    let Some((file_name, bytes)) = upload.filter(|(_, bytes)| !bytes.is_empty()) else {
        return back_with("no_file");
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return back_with("unreadable");
    };
    let locale = request_locale(&headers);
    match app::accounts::import::check_import(
        &state.db,
        &site(&state),
        &caller,
        file_name,
        &text,
        locale,
    )
    .await
    {
        Ok(batch) => Redirect::to(&format!("{PAGE}?batch={batch}")),
        Err(DomainError::Forbidden) => back_with("forbidden"),
        Err(DomainError::Invalid(fields)) => back_with(match fields.first().map(|f| f.message) {
            Some(Key::ImportColumnsMissing) => "columns",
            Some(Key::ImportEmpty) => "empty",
            Some(Key::ImportTooLarge) => "too_large",
            _ => "unreadable",
        }),
        Err(e) => {
            tracing::error!(error = %e, "import: check failed");
            back_with("internal")
        }
    }
}
