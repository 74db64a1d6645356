//! A lesson in one language: its editor, the author's draft (the preview), and publishing it as
//! the next revision.

use super::*;

/// One line of a lesson's history, without its text.
#[derive(FromQueryResult)]
struct HistoryRow {
    id: i64,
    language: String,
    number: i32,
    author_id: Option<i64>,
    created_at: DateTime<Utc>,
}

/// A lesson in one language in its editor: the caller's own draft if they have one, else the
/// newest published revision, rendered as trainees will see it, with the history of revisions
/// and who else has a draft in this language.
pub async fn lesson_editor(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    language_code: Option<&str>,
    locale: Locale,
    max_upload_bytes: usize,
) -> Result<LessonEditor, DomainError> {
    let (lesson, unit, module) = editable_lesson(db, caller, lesson_id).await?;
    let primary = primary_of(&module);
    let language = match language_code.filter(|c| !c.trim().is_empty()) {
        Some(code) => language(code)?,
        None => primary,
    };
    let history = lesson_revision::Entity::find()
        .select_only()
        .columns([
            lesson_revision::Column::Id,
            lesson_revision::Column::Language,
            lesson_revision::Column::Number,
            lesson_revision::Column::AuthorId,
            lesson_revision::Column::CreatedAt,
        ])
        .filter(lesson_revision::Column::LessonId.eq(lesson_id))
        .order_by_desc(lesson_revision::Column::Id)
        .into_model::<HistoryRow>()
        .all(db)
        .await?;
    let drafts = lesson_draft::Entity::find()
        .filter(lesson_draft::Column::LessonId.eq(lesson_id))
        .all(db)
        .await?;
    let people: Vec<i64> = (history.iter().filter_map(|r| r.author_id))
        .chain(drafts.iter().map(|d| d.author_id))
        .collect();
    let names: BTreeMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let name = |id: Option<i64>| {
        id.and_then(|id| names.get(&id).cloned())
            .unwrap_or_default()
    };
    let newest = |l: Locale| history.iter().find(|r| r.language == l.code());
    let published = match newest(language) {
        Some(row) => lesson_revision::Entity::find_by_id(row.id).one(db).await?,
        None => None,
    };
    let published_number = published.as_ref().map(|r| r.number);
    let mine = |d: &&lesson_draft::Model| d.author_id == caller.id;
    let draft = drafts
        .iter()
        .filter(mine)
        .find(|d| d.language == language.code());
    let (title, markdown) = match (draft, &published) {
        (Some(d), _) => (d.title.clone(), d.markdown.clone()),
        (None, Some(r)) => (r.title.clone(), r.markdown.clone()),
        (None, None) => (String::new(), String::new()),
    };
    Ok(LessonEditor {
        lesson_id,
        module_id: module.id,
        module_title: Texts::from_stored(&module.title).pick(locale),
        unit_title: super::super::title_for(&unit.title, locale, primary),
        language: language.code().to_string(),
        primary_language: primary.code().to_string(),
        preview_html: render(&markdown),
        title,
        markdown,
        is_draft: draft.is_some(),
        based_on: draft.map_or(published_number, |d| d.based_on),
        published_number,
        others_drafting: drafts
            .iter()
            .filter(|d| d.language == language.code() && d.author_id != caller.id)
            .map(|d| (name(Some(d.author_id)), d.updated_at.to_rfc3339()))
            .collect(),
        revisions: history
            .iter()
            .map(|r| {
                (
                    r.language.clone(),
                    r.number,
                    name(r.author_id),
                    r.created_at.to_rfc3339(),
                )
            })
            .collect(),
        languages: Locale::ALL
            .iter()
            .map(|l| {
                (
                    l.code().to_string(),
                    newest(*l).map(|r| r.number),
                    drafts.iter().filter(mine).any(|d| d.language == l.code()),
                )
            })
            .collect(),
        retired: lesson.retired_at.is_some(),
        attachments: super::super::attachments::list(db, lesson_id).await?,
        max_upload_mb: (max_upload_bytes / (1024 * 1024)) as u64,
    })
}

/// Keeps what the author typed as their draft of the lesson in `language` (the preview), with
/// the revision it started from: nothing is published, and nothing typed is refused except text
/// too long to keep.
#[allow(clippy::too_many_arguments)]
pub async fn save_draft(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    language_code: &str,
    title: &str,
    markdown: &str,
    based_on: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let language = language(language_code)?;
    let markdown = markdown.replace("\r\n", "\n");
    let mut problems = Vec::new();
    if title.trim().chars().count() > TITLE_MAX {
        problems.push(("title", Key::LessonTitleInvalid));
    }
    if markdown.chars().count() > MARKDOWN_MAX {
        problems.push(("markdown", Key::LessonTextTooLong));
    }
    if !problems.is_empty() {
        return Err(DomainError::from_problems(problems));
    }
    let txn = begin_write(db).await?;
    editable_lesson(&txn, caller, lesson_id).await?;
    lesson_draft::Entity::insert(lesson_draft::ActiveModel {
        lesson_id: Set(lesson_id),
        language: Set(language.code().to_string()),
        author_id: Set(caller.id),
        based_on: Set(based_on),
        title: Set(title.trim().to_string()),
        markdown: Set(markdown),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            lesson_draft::Column::LessonId,
            lesson_draft::Column::Language,
            lesson_draft::Column::AuthorId,
        ])
        .update_columns([
            lesson_draft::Column::BasedOn,
            lesson_draft::Column::Title,
            lesson_draft::Column::Markdown,
            lesson_draft::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Throws away the caller's draft in `language`; the published text, and other authors'
/// drafts, stay.
pub async fn discard_draft(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    language_code: &str,
) -> Result<(), DomainError> {
    let language = language(language_code)?;
    let txn = begin_write(db).await?;
    editable_lesson(&txn, caller, lesson_id).await?;
    lesson_draft::Entity::delete_by_id((lesson_id, language.code().to_string(), caller.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Publishes what the author typed as the next revision in `language`, and drops the draft.
/// `based_on` is the revision number the author started from (none for a first one): if
/// someone published since, nothing is written and the author is told to look again. Returns
/// the new revision's number.
#[allow(clippy::too_many_arguments)]
pub async fn publish(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    language_code: &str,
    title: &str,
    markdown: &str,
    based_on: Option<i32>,
    now: DateTime<Utc>,
) -> Result<i32, DomainError> {
    let language = language(language_code)?;
    let (title, markdown) = check_lesson(title, markdown).map_err(DomainError::from_problems)?;
    let txn = begin_write(db).await?;
    let (lesson, _, _) = editable_lesson(&txn, caller, lesson_id).await?;
    let html = render(&markdown);
    let current: Option<i32> = lesson_revision::Entity::find()
        .select_only()
        .column(lesson_revision::Column::Number)
        .filter(lesson_revision::Column::LessonId.eq(lesson_id))
        .filter(lesson_revision::Column::Language.eq(language.code()))
        .order_by_desc(lesson_revision::Column::Number)
        .into_tuple()
        .one(&txn)
        .await?;
    if current != based_on {
        return Err(DomainError::Conflict(Key::LessonChangedMeanwhile));
    }
    let number = current.map_or(1, |n| n + 1);
    lesson_revision::ActiveModel {
        lesson_id: Set(lesson_id),
        language: Set(language.code().to_string()),
        number: Set(number),
        title: Set(title),
        markdown: Set(markdown),
        html: Set(html),
        author_id: Set(Some(caller.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(DomainError::on_unique(Key::LessonChangedMeanwhile))?;
    lesson_draft::Entity::delete_by_id((lesson_id, language.code().to_string(), caller.id))
        .exec(&txn)
        .await?;
    let mut row: lesson::ActiveModel = lesson.into();
    row.updated_at = Set(now);
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(number)
}

/// `markdown` rendered as trainees would see it in lesson `lesson_id` (nothing is saved): the
/// editor's live preview.
pub async fn preview(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    markdown: &str,
) -> Result<String, DomainError> {
    editable_lesson(db, caller, lesson_id).await?;
    let markdown = markdown.replace("\r\n", "\n");
    if markdown.chars().count() > MARKDOWN_MAX {
        return Err(DomainError::invalid("markdown", Key::LessonTextTooLong));
    }
    Ok(render(&markdown))
}

/// [`publish`], and when it is refused (a newer revision came first, a missing title), what
/// the author typed is kept as their draft, so the refusal loses nothing.
#[allow(clippy::too_many_arguments)]
pub async fn publish_or_keep(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    language_code: &str,
    title: &str,
    markdown: &str,
    based_on: Option<i32>,
    now: DateTime<Utc>,
) -> Result<i32, DomainError> {
    let published = publish(
        db,
        caller,
        lesson_id,
        language_code,
        title,
        markdown,
        based_on,
        now,
    )
    .await;
    if published.is_err() {
        // The refusal is what the author hears about; a draft that cannot be kept either (too
        // long, not theirs) adds nothing to it.
        let _ = save_draft(
            db,
            caller,
            lesson_id,
            language_code,
            title,
            markdown,
            based_on,
            now,
        )
        .await;
    }
    published
}
