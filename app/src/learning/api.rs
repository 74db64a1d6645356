//! Server functions for distance learning's pages: thin adapters over `service`. Every form is a
//! plain HTML post that answers with a redirect back to the page it came from, so each works
//! without JavaScript.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::dto::{LessonEditor, ModuleContent, OfferingProgress, Outline};
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn direction(code: &str) -> super::dto::Direction {
    use super::dto::Direction;
    if code == "up" {
        Direction::Up
    } else {
        Direction::Down
    }
}

/// A module's units and lessons as its authors see them.
#[server(endpoint = "load_module_content")]
pub async fn load_module_content(module_id: i64) -> Result<ModuleContent, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::authoring::module_content(&db, &caller, module_id, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Adds a unit at the end of the module; back to the content page at the new unit.
#[server(endpoint = "add_unit")]
pub async fn add_unit(
    module_id: i64,
    title: Option<BTreeMap<String, String>>,
) -> Result<i64, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let id = super::service::authoring::add_unit(
        &db,
        &caller,
        module_id,
        &title.unwrap_or_default(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&format!(
        "/admin/catalog/modules/{module_id}/content?saved=unit#unit-{id}"
    ));
    Ok(id)
}

/// Renames a unit.
#[server(endpoint = "rename_unit")]
pub async fn rename_unit(
    module_id: i64,
    unit_id: i64,
    title: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::authoring::rename_unit(
        &db,
        &caller,
        unit_id,
        &title.unwrap_or_default(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&format!(
        "/admin/catalog/modules/{module_id}/content?saved=unit#unit-{unit_id}"
    ));
    Ok(())
}

/// Moves a unit (`item=unit`) or lesson (`item=lesson`) one place `up` or `down`.
#[server(endpoint = "move_content")]
pub async fn move_content(
    module_id: i64,
    item: String,
    id: i64,
    direction: String,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let direction = self::direction(&direction);
    let (moved, item) = match item.as_str() {
        "unit" => (
            super::service::authoring::move_unit(&db, &caller, id, direction).await,
            "unit",
        ),
        "lesson" => (
            super::service::authoring::move_lesson(&db, &caller, id, direction).await,
            "lesson",
        ),
        _ => return Err(AppError::NotFound.respond()),
    };
    moved.map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&format!(
        "/admin/catalog/modules/{module_id}/content#{item}-{id}"
    ));
    Ok(())
}

/// Adds a lesson at the end of a unit and opens its editor.
#[server(endpoint = "add_lesson")]
pub async fn add_lesson(unit_id: i64, language: String, title: String) -> Result<i64, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let id = super::service::authoring::add_lesson(
        &db,
        &caller,
        unit_id,
        &language,
        &title,
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))?;
    // The code as parsed, never the raw text: a redirect is a header.
    let code = crate::i18n::Locale::from_code(&language)
        .unwrap_or_default()
        .code();
    leptos_axum::redirect(&format!("/admin/catalog/lessons/{id}?language={code}"));
    Ok(id)
}

/// Retires a lesson (`retired=true`) or brings it back.
#[server(endpoint = "retire_lesson")]
pub async fn retire_lesson(module_id: i64, lesson_id: i64, retired: bool) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::authoring::set_retired(&db, &caller, lesson_id, retired, request::site().now())
        .await
        .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&format!(
        "/admin/catalog/modules/{module_id}/content#lesson-{lesson_id}"
    ));
    Ok(())
}

/// A lesson in one language in its editor (`language` empty: the module's primary language).
#[server(endpoint = "load_lesson_editor")]
pub async fn load_lesson_editor(
    lesson_id: i64,
    language: Option<String>,
) -> Result<LessonEditor, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::authoring::lesson_editor(
        &db,
        &caller,
        lesson_id,
        language.as_deref(),
        request::locale(),
        request::site().max_upload_bytes,
    )
    .await
    .map_err(|e| e.for_page(request::locale()))
}

/// The editor's form: `intent` `preview` keeps the text as the caller's draft and shows it
/// rendered, `publish` makes it the next revision trainees read (if nobody published since
/// `based_on`; `over`, when given, is a newer revision the author has seen and replaces),
/// `discard` throws the caller's draft away.
#[server(endpoint = "edit_lesson")]
#[allow(clippy::too_many_arguments)]
pub async fn edit_lesson(
    lesson_id: i64,
    language: String,
    title: String,
    markdown: String,
    based_on: Option<String>,
    over: Option<String>,
    intent: String,
) -> Result<(), AppError> {
    use crate::learning::service::authoring;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let now = request::site().now();
    let locale = request::locale();
    let number = |text: Option<String>| text.and_then(|t| t.trim().parse::<i32>().ok());
    let based_on = number(over).or(number(based_on));
    let code = crate::i18n::Locale::from_code(&language)
        .ok_or_else(|| {
            crate::error::DomainError::invalid("language", crate::i18n::Key::LessonLanguageInvalid)
                .for_page(locale)
        })?
        .code();
    let back = format!("/admin/catalog/lessons/{lesson_id}?language={code}");
    match intent.as_str() {
        "publish" => {
            let number = authoring::publish_or_keep(
                &db, &caller, lesson_id, code, &title, &markdown, based_on, now,
            )
            .await
            .map_err(|e| e.for_page(locale))?;
            leptos_axum::redirect(&format!("{back}&published={number}"));
        }
        "discard" => {
            authoring::discard_draft(&db, &caller, lesson_id, code)
                .await
                .map_err(|e| e.for_page(locale))?;
            leptos_axum::redirect(&format!("{back}&discarded=1"));
        }
        _ => {
            authoring::save_draft(
                &db, &caller, lesson_id, code, &title, &markdown, based_on, now,
            )
            .await
            .map_err(|e| e.for_page(locale))?;
            leptos_axum::redirect(&format!("{back}&previewed=1#preview"));
        }
    }
    Ok(())
}

/// Names an instructor (by sign-in address) among a module's authors (`remove` set: removes
/// the author with that id instead).
#[server(endpoint = "set_module_author")]
pub async fn set_module_author(
    module_id: i64,
    email: Option<String>,
    remove: Option<i64>,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    match remove {
        Some(user_id) => {
            super::service::authoring::remove_author(&db, &caller, module_id, user_id)
                .await
                .map_err(|e| e.for_page(locale))?;
        }
        None => {
            let email = email.unwrap_or_default();
            let outcome = super::service::authoring::add_author(
                &db,
                &caller,
                module_id,
                &email,
                request::site().now(),
            )
            .await
            .map_err(|e| e.for_page(locale));
            crate::forms::keep_typed(outcome, "authors", &[("email", &email)])?;
        }
    }
    leptos_axum::redirect(&format!(
        "/admin/catalog/modules/{module_id}/content?saved=authors#authors"
    ));
    Ok(())
}

/// The modules the caller writes content for: (id, code, title).
#[server(endpoint = "my_content_modules")]
pub async fn my_content_modules() -> Result<Vec<(i64, String, String)>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::authoring::my_modules(&db, &caller, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// The course outline of the caller's enrolment, with their progress.
#[server(endpoint = "course_outline")]
pub async fn course_outline(enrollment_id: i64) -> Result<Outline, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::reading::outline_for_enrollment(
        &db,
        &caller,
        enrollment_id,
        request::locale(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))
}

/// One lesson through the caller's enrolment.
#[server(endpoint = "read_lesson")]
pub async fn read_lesson(
    enrollment_id: i64,
    lesson_id: i64,
) -> Result<super::dto::Lesson, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::reading::lesson_for_enrollment(
        &db,
        &caller,
        enrollment_id,
        lesson_id,
        request::locale(),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))
}

/// Marks a lesson read (the revision shown) and goes on to the next lesson, or back to the
/// outline after the last.
#[server(endpoint = "mark_lesson_read")]
pub async fn mark_lesson_read(
    enrollment_id: i64,
    lesson_id: i64,
    revision_id: i64,
    next: Option<i64>,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::reading::mark_read(
        &db,
        &caller,
        enrollment_id,
        lesson_id,
        Some(revision_id),
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&match next {
        Some(next) => format!("/learn/{enrollment_id}/lessons/{next}"),
        None => format!("/learn/{enrollment_id}?finished={lesson_id}"),
    });
    Ok(())
}

/// An offering's progress table (its instructors and the programme).
#[server(endpoint = "load_offering_progress")]
pub async fn load_offering_progress(offering_id: i64) -> Result<OfferingProgress, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::progress::offering_progress(&db, &caller, offering_id, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Removes a file from a lesson (back to its editor).
#[server(endpoint = "remove_attachment")]
pub async fn remove_attachment(
    lesson_id: i64,
    attachment_id: i64,
    language: String,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::attachments::remove(
        &db,
        &caller,
        lesson_id,
        attachment_id,
        request::site().now(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))?;
    let code = crate::i18n::Locale::from_code(&language)
        .unwrap_or_default()
        .code();
    leptos_axum::redirect(&format!(
        "/admin/catalog/lessons/{lesson_id}?language={code}#attachments"
    ));
    Ok(())
}

/// The lesson text `markdown` rendered and sanitised exactly as trainees will see it, for the
/// editor's live preview (the lesson's authors and administrators).
#[server(endpoint = "preview_lesson")]
pub async fn preview_lesson(lesson_id: i64, markdown: String) -> Result<String, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::service::authoring::preview(&db, &caller, lesson_id, &markdown)
        .await
        .map_err(|e| e.for_page(request::locale()))
}
