//! A module's question bank: listing, writing one language at a time, retiring. A question's
//! kind, points, tags and answer key are shared by its languages; correcting the key numbers
//! the new one, and can regrade past attempts (`marking::regrade`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{attempt_answer, question, question_text, quiz, quiz_attempt, unit};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::super::codes::{QuestionKind, QuizRole};
use super::super::dto::{QuestionBank, QuestionEditor, QuestionRow, QuizRow};
use super::super::grading::AnswerKey;
use super::super::rules::{QuestionForm, check_question};
use super::{
    check_module, excerpt, find_question, kind_of, points, quiz_questions, text_in, texts,
};
use crate::auth::CurrentUser;
use crate::auth::policy::Action;
use crate::db::begin_write;
use crate::error::DomainError;
use crate::i18n::{Key, Locale};
use crate::learning::service::{find_module, primary_of, title_for};

/// Answers given to each of `ids` (in attempts open or submitted).
async fn answered<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<HashMap<i64, u64>, DomainError> {
    let mut counts = HashMap::new();
    let rows: Vec<i64> = attempt_answer::Entity::find()
        .select_only()
        .column(attempt_answer::Column::QuestionId)
        .filter(attempt_answer::Column::QuestionId.is_in(ids.to_vec()))
        .into_tuple()
        .all(conn)
        .await?;
    for id in rows {
        *counts.entry(id).or_insert(0) += 1;
    }
    Ok(counts)
}

/// The module's questions and quizzes, for its authors (and administrators).
pub async fn question_bank(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    locale: Locale,
) -> Result<QuestionBank, DomainError> {
    check_module(db, caller, module_id, Action::EditContent).await?;
    let module = find_module(db, module_id).await?;
    let primary = primary_of(&module);
    let questions = question::Entity::find()
        .filter(question::Column::ModuleId.eq(module_id))
        .order_by_desc(question::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = questions.iter().map(|q| q.id).collect();
    let texts = texts(db, &ids).await?;
    let answered = answered(db, &ids).await?;
    let units = unit::Entity::find()
        .filter(unit::Column::ModuleId.eq(module_id))
        .order_by_asc(unit::Column::Position)
        .all(db)
        .await?;
    let unit_titles: HashMap<i64, String> = units
        .iter()
        .map(|u| (u.id, title_for(&u.title, locale, primary)))
        .collect();
    let mut quizzes = Vec::new();
    let all = quiz::Entity::find()
        .filter(quiz::Column::ModuleId.eq(module_id))
        .filter(quiz::Column::RetiredAt.is_null())
        .order_by_asc(quiz::Column::Id)
        .all(db)
        .await?;
    for q in all {
        let (fixed, pool) = quiz_questions(db, &q).await?;
        let attempts = quiz_attempt::Entity::find()
            .filter(quiz_attempt::Column::QuizId.eq(q.id))
            .filter(quiz_attempt::Column::SubmittedAt.is_not_null())
            .count(db)
            .await?;
        quizzes.push(QuizRow {
            id: q.id,
            title: title_for(&q.title, locale, primary),
            unit_title: unit_titles.get(&q.unit_id).cloned().unwrap_or_default(),
            role: QuizRole::from_code(&q.role).unwrap_or(QuizRole::Practice),
            questions: super::quiz_max(&q, &fixed, &pool).0,
            attempts,
        });
    }
    let position: HashMap<i64, usize> = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    let unit_of: HashMap<i64, i64> = quiz::Entity::find()
        .filter(quiz::Column::ModuleId.eq(module_id))
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.id, q.unit_id))
        .collect();
    quizzes.sort_by_key(|q| {
        (
            unit_of.get(&q.id).and_then(|u| position.get(u)).copied(),
            q.id,
        )
    });
    Ok(QuestionBank {
        module_id,
        module_code: module.code.clone(),
        module_title: title_for(&module.title, locale, primary),
        questions: questions
            .iter()
            .map(|q| {
                let shown = text_in(texts.get(&q.id), locale, primary);
                QuestionRow {
                    id: q.id,
                    kind: kind_of(&q.kind),
                    points: points(q.points),
                    tags: q.tags.split_whitespace().map(str::to_string).collect(),
                    excerpt: shown.map(|t| excerpt(&t.prompt)).unwrap_or_default(),
                    languages: Locale::ALL
                        .into_iter()
                        .filter(|l| texts.get(&q.id).is_some_and(|t| t.contains_key(l)))
                        .map(|l| l.code().to_string())
                        .collect(),
                    answered: answered.get(&q.id).copied().unwrap_or(0),
                    retired: q.retired_at.is_some(),
                }
            })
            .collect(),
        quizzes,
        units: units
            .iter()
            .map(|u| (u.id, title_for(&u.title, locale, primary)))
            .collect(),
    })
}

/// The key as the editor's "answer" and "tolerance" fields state it.
fn key_fields(key: &AnswerKey) -> (String, String) {
    match key {
        AnswerKey::Single(id) => ((id + 1).to_string(), String::new()),
        AnswerKey::Multiple(ids) => (
            ids.iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            String::new(),
        ),
        AnswerKey::TrueFalse(b) => (b.to_string(), String::new()),
        AnswerKey::Numeric { value, tolerance } => (value.to_string(), tolerance.to_string()),
        AnswerKey::ShortText(accepted) => (accepted.join("\n"), String::new()),
        AnswerKey::Essay => (String::new(), String::new()),
    }
}

/// Reads a stored answer key (our own JSON; a defect if it does not parse).
pub(crate) fn stored_key(json: &str) -> Result<AnswerKey, DomainError> {
    serde_json::from_str(json).map_err(|e| DomainError::Internal(format!("answer key: {e}")))
}

/// A question in its editor, in `language` (a new one when `question_id` is `None`).
pub async fn question_editor(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    question_id: Option<i64>,
    language: Locale,
    locale: Locale,
) -> Result<QuestionEditor, DomainError> {
    check_module(db, caller, module_id, Action::EditContent).await?;
    let module = find_module(db, module_id).await?;
    let primary = primary_of(&module);
    let mut editor = QuestionEditor {
        id: None,
        module_id,
        module_title: title_for(&module.title, locale, primary),
        language: language.code().to_string(),
        languages: Vec::new(),
        kind: QuestionKind::Single.code().to_string(),
        points: "1".into(),
        tags: String::new(),
        prompt: String::new(),
        options: String::new(),
        answer: String::new(),
        tolerance: String::new(),
        feedback: String::new(),
        preview_html: String::new(),
        key_number: 1,
        answered: 0,
        retired: false,
    };
    let Some(id) = question_id else {
        return Ok(editor);
    };
    let q = find_question(db, id).await?;
    if q.module_id != module_id {
        return Err(DomainError::NotFound);
    }
    let all = texts(db, &[id]).await?;
    let mine = all.get(&id);
    let (answer, tolerance) = key_fields(&stored_key(&q.answer_key)?);
    editor.id = Some(id);
    editor.kind = q.kind.clone();
    editor.points = Locale::En.points(points(q.points));
    editor.tags = q.tags.split_whitespace().collect::<Vec<_>>().join(", ");
    editor.answer = answer;
    editor.tolerance = tolerance;
    editor.key_number = q.key_number;
    editor.retired = q.retired_at.is_some();
    editor.answered = answered(db, &[id]).await?.get(&id).copied().unwrap_or(0);
    editor.languages = Locale::ALL
        .into_iter()
        .filter(|l| mine.is_some_and(|t| t.contains_key(l)))
        .map(|l| l.code().to_string())
        .collect();
    // The language asked for, else (as a starting point for a translation) the primary one's
    // options so the option count stays the same.
    if let Some(text) = mine.and_then(|t| t.get(&language)) {
        editor.prompt = text.prompt.clone();
        editor.options = options_of(&text.options).join("\n");
        editor.feedback = text.feedback.clone();
        editor.preview_html = text.prompt_html.clone();
    } else if let Some(text) = text_in(mine, primary, primary) {
        editor.options = options_of(&text.options).join("\n");
    }
    Ok(editor)
}

/// A stored options column (JSON array of strings).
pub(crate) fn options_of(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// Writes a question in `language` (a new one when `question_id` is `None`) and returns its
/// id. A changed answer key takes the next key number; with `regrade`, past attempts are
/// graded again against it.
#[allow(clippy::too_many_arguments)]
pub async fn save_question(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    question_id: Option<i64>,
    language: Locale,
    form: &QuestionForm,
    regrade: bool,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    check_module(db, caller, module_id, Action::EditContent).await?;
    let txn = begin_write(db).await?;
    let existing = match question_id {
        Some(id) => {
            let q = find_question(&txn, id).await?;
            if q.module_id != module_id {
                return Err(DomainError::NotFound);
            }
            Some(q)
        }
        None => None,
    };
    // Every language lists the same options: the count is fixed by the other languages.
    let others = match &existing {
        Some(q) => texts(&txn, &[q.id])
            .await?
            .remove(&q.id)
            .unwrap_or_default(),
        None => HashMap::new(),
    };
    // Every other language must list as many: a choice question whose other languages have
    // none (it was another kind) is refused until they are written again.
    let option_count = others
        .iter()
        .filter(|(l, _)| **l != language)
        .map(|(_, t)| options_of(&t.options).len())
        .max();
    let checked = check_question(form, option_count).map_err(DomainError::from_problems)?;
    let key_json = serde_json::to_string(&checked.key)
        .map_err(|e| DomainError::Internal(format!("answer key: {e}")))?;
    let tags = checked.tags.join(" ");
    let id = match existing {
        Some(q) => {
            let answered = answered(&txn, &[q.id])
                .await?
                .get(&q.id)
                .copied()
                .unwrap_or(0);
            if answered > 0 && q.kind != checked.kind.code() {
                return Err(DomainError::invalid("kind", Key::QuestionKindLocked));
            }
            let key_changed = stored_key(&q.answer_key)? != checked.key;
            let key_number = q.key_number + i32::from(key_changed);
            let mut row: question::ActiveModel = q.clone().into();
            row.kind = Set(checked.kind.code().to_string());
            row.points = Set(checked.points.0 as i32);
            row.tags = Set(tags);
            row.option_count = Set(checked.options.len() as i32);
            row.answer_key = Set(key_json);
            row.key_number = Set(key_number);
            row.updated_at = Set(now);
            let q = row.update(&txn).await?;
            if key_changed && regrade {
                super::marking::regrade(&txn, &q, caller.id, now).await?;
            }
            q.id
        }
        None => {
            question::ActiveModel {
                module_id: Set(module_id),
                kind: Set(checked.kind.code().to_string()),
                points: Set(checked.points.0 as i32),
                tags: Set(tags),
                option_count: Set(checked.options.len() as i32),
                answer_key: Set(key_json),
                key_number: Set(1),
                retired_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    let render = crate::learning::markdown::render;
    let text = question_text::ActiveModel {
        question_id: Set(id),
        language: Set(language.code().to_string()),
        prompt_html: Set(render(&checked.prompt)),
        prompt: Set(checked.prompt),
        options: Set(serde_json::to_string(&checked.options).unwrap_or_else(|_| "[]".into())),
        feedback_html: Set(if checked.feedback.is_empty() {
            String::new()
        } else {
            render(&checked.feedback)
        }),
        feedback: Set(checked.feedback),
        updated_at: Set(now),
    };
    question_text::Entity::insert(text)
        .on_conflict(
            OnConflict::columns([
                question_text::Column::QuestionId,
                question_text::Column::Language,
            ])
            .update_columns([
                question_text::Column::Prompt,
                question_text::Column::PromptHtml,
                question_text::Column::Options,
                question_text::Column::Feedback,
                question_text::Column::FeedbackHtml,
                question_text::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    if !checked.kind.has_options() {
        // Options of a kind that has none are not kept in any language.
        question_text::Entity::update_many()
            .col_expr(question_text::Column::Options, "[]".into())
            .filter(question_text::Column::QuestionId.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(id)
}

/// Retires a question (kept for past attempts, left out of new ones), or brings it back.
pub async fn retire_question(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    question_id: i64,
    retire: bool,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let q = find_question(db, question_id).await?;
    check_module(db, caller, q.module_id, Action::EditContent).await?;
    let module_id = q.module_id;
    let mut row: question::ActiveModel = q.into();
    row.retired_at = Set(retire.then_some(now));
    row.updated_at = Set(now);
    row.update(db).await?;
    Ok(module_id)
}
