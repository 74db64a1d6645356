//! A lesson's files (shown to trainees from the lesson's next publish, as its text is): adding one (checked by its bytes, images cleaned of their metadata, kept
//! in the file store by hash), removing one, listing them, and opening one for a reader.
//!
//! Files are written to the store before their row is committed, under a name only their bytes
//! decide: a failed commit leaves at worst an unreferenced file, never a row without its file,
//! and two uploads of the same bytes share one file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use entity::{lesson_attachment, lesson_revision};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::super::dto::{Attachment, AttachmentKind};
use super::super::files::{offered_name, sniff, store, stored_path, strip_metadata};
use super::authoring::editable_lesson;
use crate::auth::CurrentUser;
use crate::db::begin_write;
use crate::error::{DomainError, FieldError};
use crate::i18n::{Key, Locale};

/// Longest alternative text, in characters.
const ALT_MAX: usize = 300;
/// Longest transcript, in characters.
const TRANSCRIPT_MAX: usize = 50_000;

/// A file as uploaded, with what must come with it.
pub struct Upload {
    /// The name the browser sent (only its safe characters are kept).
    pub file_name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// An image's alternative text.
    pub alt_text: String,
    /// An audio recording's transcript.
    pub transcript: String,
}

fn view(row: lesson_attachment::Model, pending: bool) -> Attachment {
    Attachment {
        pending,
        url: format!("/files/lessons/{}", row.id),
        id: row.id,
        kind: AttachmentKind::from_code(&row.kind).unwrap_or(AttachmentKind::Pdf),
        media_type: row.media_type,
        file_name: row.file_name,
        size_bytes: row.size_bytes,
        alt_text: row.alt_text,
        transcript: row.transcript,
    }
}

/// When the lesson was last published (in any language): files added after it wait for the
/// next publish, as the text does.
async fn last_published<C: ConnectionTrait>(
    conn: &C,
    lesson_id: i64,
) -> Result<Option<DateTime<Utc>>, DomainError> {
    Ok(lesson_revision::Entity::find()
        .select_only()
        .column(lesson_revision::Column::CreatedAt)
        .filter(lesson_revision::Column::LessonId.eq(lesson_id))
        .order_by_desc(lesson_revision::Column::CreatedAt)
        .into_tuple::<DateTime<Utc>>()
        .one(conn)
        .await?)
}

/// The lesson's files, oldest first (removed ones left out), each marked `pending` while it
/// waits for the lesson's next publish.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    lesson_id: i64,
) -> Result<Vec<Attachment>, DomainError> {
    let published = last_published(conn, lesson_id).await?;
    Ok(lesson_attachment::Entity::find()
        .filter(lesson_attachment::Column::LessonId.eq(lesson_id))
        .filter(lesson_attachment::Column::RemovedAt.is_null())
        .order_by_asc(lesson_attachment::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            let pending = published.is_none_or(|at| row.created_at > at);
            view(row, pending)
        })
        .collect())
}

/// The files trainees see: those added before the lesson was last published.
pub async fn published<C: ConnectionTrait>(
    conn: &C,
    lesson_id: i64,
) -> Result<Vec<Attachment>, DomainError> {
    Ok(list(conn, lesson_id)
        .await?
        .into_iter()
        .filter(|a| !a.pending)
        .collect())
}

/// Whether `text` holds a control character other than line ends and tabs (a NUL would be
/// refused by the database; none belongs in a description or a transcript).
fn has_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
}

/// Refuses a caller who may not add files to the lesson, before anything is uploaded.
pub async fn may_attach(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
) -> Result<(), DomainError> {
    editable_lesson(db, caller, lesson_id).await.map(|_| ())
}

/// Adds a file to lesson `lesson_id`: a PDF, an image (with its alternative text; location and
/// camera data removed) or an audio recording (with its transcript), of at most `max_bytes`,
/// its kind read from its bytes. Returns its id.
pub async fn attach(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    files: &Path,
    max_bytes: usize,
    lesson_id: i64,
    upload: Upload,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    editable_lesson(db, caller, lesson_id).await?;
    if upload.bytes.is_empty() {
        return Err(DomainError::invalid("file", Key::AttachmentMissing));
    }
    if upload.bytes.len() > max_bytes {
        return Err(DomainError::Invalid(vec![FieldError::with(
            "file",
            Key::AttachmentTooLarge,
            vec![("size", (max_bytes / (1024 * 1024)).to_string())],
        )]));
    }
    let Some(kind) = sniff(&upload.bytes) else {
        return Err(DomainError::invalid("file", Key::AttachmentType));
    };
    let alt_text = upload.alt_text.trim().to_string();
    let transcript = upload.transcript.trim().replace("\r\n", "\n");
    let (alt_text, transcript) = match kind.kind {
        AttachmentKind::Image
            if alt_text.is_empty()
                || alt_text.chars().count() > ALT_MAX
                || has_control(&alt_text) =>
        {
            return Err(DomainError::invalid("alt_text", Key::AttachmentAltMissing));
        }
        AttachmentKind::Audio
            if transcript.is_empty()
                || transcript.chars().count() > TRANSCRIPT_MAX
                || has_control(&transcript) =>
        {
            return Err(DomainError::invalid(
                "transcript",
                Key::AttachmentTranscriptMissing,
            ));
        }
        AttachmentKind::Image => (Some(alt_text), None),
        AttachmentKind::Audio => (None, Some(transcript)),
        AttachmentKind::Pdf => (None, None),
    };
    let media_type = kind.media_type;
    let folder = files.to_path_buf();
    // Cleaning and writing up to the upload limit is blocking work: off the async threads.
    let stored = tokio::task::spawn_blocking(move || {
        let bytes = match kind.kind {
            AttachmentKind::Image => strip_metadata(media_type, upload.bytes)?,
            _ => upload.bytes,
        };
        let size = bytes.len();
        Some(store(&folder, &bytes).map(|hash| (hash, size)))
    })
    .await
    .map_err(|e| DomainError::Internal(format!("attachment: {e}")))?;
    let (sha256, size) = match stored {
        None => return Err(DomainError::invalid("file", Key::AttachmentType)),
        Some(Err(e)) => return Err(DomainError::Internal(format!("file store: {e}"))),
        Some(Ok(stored)) => stored,
    };
    let txn = begin_write(db).await?;
    editable_lesson(&txn, caller, lesson_id).await?;
    let saved = lesson_attachment::ActiveModel {
        lesson_id: Set(lesson_id),
        sha256: Set(sha256),
        kind: Set(kind.kind.code().to_string()),
        media_type: Set(media_type.to_string()),
        size_bytes: Set(i64::try_from(size).unwrap_or(i64::MAX)),
        file_name: Set(offered_name(&upload.file_name, kind.extension)),
        alt_text: Set(alt_text),
        transcript: Set(transcript),
        author_id: Set(Some(caller.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// Removes a file from the lesson (its row stays, marked removed; readers no longer get it).
pub async fn remove(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    attachment_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let txn = begin_write(db).await?;
    editable_lesson(&txn, caller, lesson_id).await?;
    lesson_attachment::Entity::update_many()
        .col_expr(lesson_attachment::Column::RemovedAt, now.into())
        .filter(lesson_attachment::Column::Id.eq(attachment_id))
        .filter(lesson_attachment::Column::LessonId.eq(lesson_id))
        .filter(lesson_attachment::Column::RemovedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// File `attachment_id` for the caller, with where its bytes are: for the lesson's authors and
/// administrators, and for whoever may read the lesson now (an enrolled trainee in the window,
/// its instructors). To anyone else it does not exist (404).
pub async fn open_for(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    files: &Path,
    attachment_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<(Attachment, PathBuf), DomainError> {
    let row = lesson_attachment::Entity::find_by_id(attachment_id)
        .filter(lesson_attachment::Column::RemovedAt.is_null())
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let writes = editable_lesson(db, caller, row.lesson_id).await.is_ok();
    let pending = last_published(db, row.lesson_id)
        .await?
        .is_none_or(|at| row.created_at > at);
    if !writes {
        if pending {
            return Err(DomainError::NotFound);
        }
        super::reading::lesson_by_id(db, caller, row.lesson_id, locale, now)
            .await
            .map_err(|_| DomainError::NotFound)?;
    }
    let path = stored_path(files, &row.sha256)
        .ok_or_else(|| DomainError::Internal("a stored hash that is not one".into()))?;
    Ok((view(row, pending), path))
}
