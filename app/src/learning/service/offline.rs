//! A unit as one self-contained HTML file, for reading where the connection fails: its lessons
//! in the offering's language, images inlined, no script and nothing fetched. Recordings and
//! PDFs are named, to fetch online; the file stays under [`OFFLINE_MAX`].

use std::collections::HashMap;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use entity::{lesson_attachment, lesson_revision};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::super::dto::AttachmentKind;
use super::super::files::stored_path;
use super::reading::{Reading, course, through_enrollment};
use super::{primary_of, shown, title_for};
use crate::accounts::countries::escape_html;
use crate::auth::CurrentUser;
use crate::error::DomainError;
use crate::i18n::{Key, Locale, Texts};

/// The largest offline file: 25 MB. Images that would pass it are left out, said so.
pub const OFFLINE_MAX: usize = 25 * 1024 * 1024;

/// What an offline copy of each unit of a module weighs, by unit id, for the course page to
/// say before the download: the lessons' HTML plus their images in base64.
pub(crate) async fn sizes(
    db: &DatabaseConnection,
    reading: &Reading,
    units: &[(entity::unit::Model, Vec<entity::lesson::Model>)],
) -> Result<HashMap<i64, u64>, DomainError> {
    let lesson_unit: HashMap<i64, i64> = units
        .iter()
        .flat_map(|(u, lessons)| lessons.iter().map(move |l| (l.id, u.id)))
        .collect();
    let ids: Vec<i64> = lesson_unit.keys().copied().collect();
    let mut sizes: HashMap<i64, u64> = HashMap::new();
    // The text: the revisions shown, by their stored HTML's length.
    let heads = super::heads(db, &ids).await?;
    let primary = primary_of(&reading.module);
    let shown_ids: Vec<i64> = ids
        .iter()
        .filter_map(|id| shown(heads.get(id), reading.wanted, primary).map(|(_, h)| h.id))
        .collect();
    for revision in lesson_revision::Entity::find()
        .filter(lesson_revision::Column::Id.is_in(shown_ids))
        .all(db)
        .await?
    {
        if let Some(unit) = lesson_unit.get(&revision.lesson_id) {
            *sizes.entry(*unit).or_default() += revision.html.len() as u64 + 200;
        }
    }
    for image in lesson_attachment::Entity::find()
        .filter(lesson_attachment::Column::LessonId.is_in(ids))
        .filter(lesson_attachment::Column::RemovedAt.is_null())
        .filter(lesson_attachment::Column::Kind.eq(AttachmentKind::Image.code()))
        .all(db)
        .await?
    {
        if let Some(unit) = lesson_unit.get(&image.lesson_id) {
            *sizes.entry(*unit).or_default() += (image.size_bytes as u64).div_ceil(3) * 4 + 200;
        }
    }
    for unit in units.iter().map(|(u, _)| u.id) {
        *sizes.entry(unit).or_default() += 2_000;
    }
    Ok(sizes)
}

/// Unit `unit_id` of the caller's enrolment `enrollment_id` as one HTML file: (file name, HTML).
/// 404 unless the enrolment opens the lessons and the unit is its module's.
pub async fn unit_file(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    files: &Path,
    enrollment_id: i64,
    unit_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<(String, String), DomainError> {
    let reading = through_enrollment(db, caller, enrollment_id, now.date_naive()).await?;
    if !reading.access().is_open() {
        return Err(DomainError::NotFound);
    }
    let (units, heads) = course(db, reading.module.id).await?;
    let (number, (unit, lessons)) = units
        .iter()
        .enumerate()
        .find(|(_, (u, _))| u.id == unit_id)
        .ok_or(DomainError::NotFound)?;
    let primary = primary_of(&reading.module);
    let language = reading.wanted;
    let module_title = Texts::from_stored(&reading.module.title).pick(language);
    let unit_title = title_for(&unit.title, language, primary);
    let mut body = String::new();
    let mut budget = OFFLINE_MAX.saturating_sub(64 * 1024);
    for lesson in lessons {
        let Some((_, head)) = shown(heads.get(&lesson.id), language, primary) else {
            continue;
        };
        let Some(revision) = lesson_revision::Entity::find_by_id(head.id).one(db).await? else {
            continue;
        };
        budget = budget.saturating_sub(revision.html.len());
        body.push_str(&format!(
            "<article lang=\"{}\"><h2>{}</h2>{}",
            escape_html(&revision.language),
            escape_html(&revision.title),
            revision.html
        ));
        let shown_files: Vec<i64> = super::attachments::published(db, lesson.id)
            .await?
            .iter()
            .map(|a| a.id)
            .collect();
        for file in lesson_attachment::Entity::find()
            .filter(lesson_attachment::Column::Id.is_in(shown_files))
            .order_by_asc(lesson_attachment::Column::Id)
            .all(db)
            .await?
        {
            let kind = AttachmentKind::from_code(&file.kind);
            let inline = (kind == Some(AttachmentKind::Image))
                .then(|| stored_path(files, &file.sha256))
                .flatten()
                .filter(|_| (file.size_bytes as usize).div_ceil(3) * 4 < budget);
            // A file missing from the store is named instead of failing the whole unit.
            let bytes = match inline {
                Some(path) => match tokio::fs::read(&path).await {
                    Ok(bytes) => Some(bytes),
                    Err(e) => {
                        tracing::error!(error = %e, "offline unit: a stored image is missing");
                        None
                    }
                },
                None => None,
            };
            match bytes {
                Some(bytes) => {
                    let encoded = STANDARD.encode(bytes);
                    budget = budget.saturating_sub(encoded.len());
                    body.push_str(&format!(
                        "<figure><img src=\"data:{};base64,{encoded}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
                        escape_html(&file.media_type),
                        escape_html(file.alt_text.as_deref().unwrap_or_default()),
                        escape_html(file.alt_text.as_deref().unwrap_or_default()),
                    ));
                }
                None => body.push_str(&format!(
                    "<p class=\"online\">{}</p>",
                    escape_html(
                        &locale.format(Key::OfflineFileOnline, &[("name", &file.file_name)])
                    )
                )),
            }
            if kind == Some(AttachmentKind::Audio)
                && let Some(transcript) = &file.transcript
            {
                body.push_str(&format!(
                    "<pre class=\"transcript\">{}</pre>",
                    escape_html(transcript)
                ));
            }
        }
        body.push_str("</article>");
    }
    let title = format!("{module_title} — {unit_title}");
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body><header><p>{}</p><h1>{}</h1>\
         <p class=\"note\">{}</p></header>{body}</body></html>",
        language.code(),
        escape_html(&title),
        escape_html(&module_title),
        escape_html(&unit_title),
        escape_html(&locale.format(Key::OfflineNote, &[("date", &now.date_naive().to_string())])),
    );
    let name = format!("{}-{}.html", reading.module.code.to_lowercase(), number + 1);
    Ok((name, html))
}

/// The offline file's own style: readable on a phone, printable, nothing fetched.
const STYLE: &str = "body{font:1.05rem/1.6 system-ui,sans-serif;max-width:46rem;margin:0 auto;\
padding:1rem;color:#1b2430}h1,h2{color:#15293f;line-height:1.2}article{border-top:2px solid #d9dde3;\
margin-top:2rem}img{max-width:100%;height:auto}table{border-collapse:collapse}th,td{border:1px solid \
#d9dde3;padding:.3rem .5rem}blockquote{border-left:4px solid #f4c542;margin:1rem 0;padding:.2rem 1rem}\
.note,.online{color:#4a5565;font-size:.9rem}pre{white-space:pre-wrap}";
