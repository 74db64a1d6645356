//! A module's units and lessons: adding, renaming, moving and retiring them.

use super::*;

/// Adds a unit at the end of the module's list; returns its id.
pub async fn add_unit(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    titles: &BTreeMap<String, String>,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let titles = check_unit_title(titles).map_err(DomainError::from_problems)?;
    let txn = begin_write(db).await?;
    editable(&txn, caller, module_id).await?;
    lock_module(&txn, module_id).await?;
    let last: Option<i32> = unit::Entity::find()
        .select_only()
        .column(unit::Column::Position)
        .filter(unit::Column::ModuleId.eq(module_id))
        .order_by_desc(unit::Column::Position)
        .into_tuple()
        .one(&txn)
        .await?;
    let saved = unit::ActiveModel {
        module_id: Set(module_id),
        position: Set(last.map_or(0, |p| p + 1)),
        title: Set(stored(&titles)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

fn stored(titles: &BTreeMap<Locale, String>) -> String {
    Texts::from(
        titles
            .iter()
            .map(|(l, t)| (l.code().to_string(), t.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
    .to_stored()
}

/// Renames a unit.
pub async fn rename_unit(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    unit_id: i64,
    titles: &BTreeMap<String, String>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let titles = check_unit_title(titles).map_err(DomainError::from_problems)?;
    may_write_any(caller)?;
    let txn = begin_write(db).await?;
    let unit = unit_of(&txn, caller, unit_id).await?;
    editable(&txn, caller, unit.module_id).await?;
    let mut row: unit::ActiveModel = unit.into();
    row.title = Set(stored(&titles));
    row.updated_at = Set(now);
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves a unit one place up or down in its module.
pub async fn move_unit(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    unit_id: i64,
    direction: Direction,
) -> Result<(), DomainError> {
    may_write_any(caller)?;
    let txn = begin_write(db).await?;
    let unit = unit_of(&txn, caller, unit_id).await?;
    editable(&txn, caller, unit.module_id).await?;
    lock_module(&txn, unit.module_id).await?;
    let ids: Vec<i64> = unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .filter(unit::Column::ModuleId.eq(unit.module_id))
        .order_by_asc(unit::Column::Position)
        .order_by_asc(unit::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    for (position, id) in moved(&ids, unit_id, direction).into_iter().enumerate() {
        unit::Entity::update_many()
            .col_expr(unit::Column::Position, (position as i32).into())
            .filter(unit::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Adds a lesson at the end of a unit, with a first draft holding its title in `language`;
/// returns its id. Trainees see it once a revision is published.
pub async fn add_lesson(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    unit_id: i64,
    language_code: &str,
    title: &str,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let language = language(language_code)?;
    let (title, _) = check_lesson(title, "").map_err(DomainError::from_problems)?;
    may_write_any(caller)?;
    let txn = begin_write(db).await?;
    let unit = unit_of(&txn, caller, unit_id).await?;
    editable(&txn, caller, unit.module_id).await?;
    lock_module(&txn, unit.module_id).await?;
    let last: Option<i32> = lesson::Entity::find()
        .select_only()
        .column(lesson::Column::Position)
        .filter(lesson::Column::UnitId.eq(unit_id))
        .order_by_desc(lesson::Column::Position)
        .into_tuple()
        .one(&txn)
        .await?;
    let saved = lesson::ActiveModel {
        unit_id: Set(unit_id),
        position: Set(last.map_or(0, |p| p + 1)),
        retired_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    lesson_draft::ActiveModel {
        lesson_id: Set(saved.id),
        language: Set(language.code().to_string()),
        author_id: Set(caller.id),
        based_on: Set(None),
        title: Set(title),
        markdown: Set(String::new()),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// Moves a lesson one place up or down in its unit.
pub async fn move_lesson(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    direction: Direction,
) -> Result<(), DomainError> {
    let txn = begin_write(db).await?;
    let (lesson, _, module) = editable_lesson(&txn, caller, lesson_id).await?;
    lock_module(&txn, module.id).await?;
    let ids: Vec<i64> = lesson::Entity::find()
        .select_only()
        .column(lesson::Column::Id)
        .filter(lesson::Column::UnitId.eq(lesson.unit_id))
        .order_by_asc(lesson::Column::Position)
        .order_by_asc(lesson::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    for (position, id) in moved(&ids, lesson_id, direction).into_iter().enumerate() {
        lesson::Entity::update_many()
            .col_expr(lesson::Column::Position, (position as i32).into())
            .filter(lesson::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Retires a lesson (hidden from trainees, left out of progress) or brings it back.
pub async fn set_retired(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    lesson_id: i64,
    retired: bool,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let txn = begin_write(db).await?;
    let (lesson, _, _) = editable_lesson(&txn, caller, lesson_id).await?;
    if lesson.retired_at.is_some() == retired {
        // Already so: retiring twice keeps the first date.
        return Ok(());
    }
    let mut row: lesson::ActiveModel = lesson.into();
    row.retired_at = Set(retired.then_some(now));
    row.updated_at = Set(now);
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}
