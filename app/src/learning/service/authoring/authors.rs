//! The instructors named as a module's authors, and the modules a person writes.

use super::*;

/// Names an instructor, by their sign-in address, among the module's authors.
pub async fn add_author(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    if !allowed(&caller.roles, Action::NameAuthors, Relation::Other) {
        return Err(DomainError::Forbidden);
    }
    let txn = begin_write(db).await?;
    find_module(&txn, module_id).await?;
    let relation = relation_to_module(&txn, caller, module_id).await?;
    if !allowed(&caller.roles, Action::NameAuthors, relation) {
        return Err(DomainError::Forbidden);
    }
    let person = user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .filter(user::Column::Active.eq(true))
        .one(&txn)
        .await?;
    let Some(person) = person else {
        return Err(DomainError::invalid("email", Key::AuthorNotInstructor));
    };
    let teaches = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(person.id))
        .filter(user_role::Column::Role.eq(Role::Instructor.code()))
        .one(&txn)
        .await?;
    if teaches.is_none() {
        return Err(DomainError::invalid("email", Key::AuthorNotInstructor));
    }
    module_author::Entity::insert(module_author::ActiveModel {
        module_id: Set(module_id),
        user_id: Set(person.id),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            module_author::Column::ModuleId,
            module_author::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes an author from the module; what they wrote stays.
pub async fn remove_author(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    module_id: i64,
    user_id: i64,
) -> Result<(), DomainError> {
    if !allowed(&caller.roles, Action::NameAuthors, Relation::Other) {
        return Err(DomainError::Forbidden);
    }
    let txn = begin_write(db).await?;
    find_module(&txn, module_id).await?;
    let relation = relation_to_module(&txn, caller, module_id).await?;
    if !allowed(&caller.roles, Action::NameAuthors, relation) {
        return Err(DomainError::Forbidden);
    }
    module_author::Entity::delete_by_id((module_id, user_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The modules the caller writes content for, by code: those they are named an author of,
/// and for administrators every module. (id, code, title).
pub async fn my_modules(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    locale: Locale,
) -> Result<Vec<(i64, String, String)>, DomainError> {
    let mut query = module::Entity::find().order_by_asc(module::Column::Code);
    if !allowed(&caller.roles, Action::EditContent, Relation::Other) {
        let mine: Vec<i64> = module_author::Entity::find()
            .filter(module_author::Column::UserId.eq(caller.id))
            .all(db)
            .await?
            .into_iter()
            .map(|a| a.module_id)
            .collect();
        if !allowed(&caller.roles, Action::EditContent, Relation::AuthorsModule) {
            return Err(DomainError::Forbidden);
        }
        query = query.filter(module::Column::Id.is_in(mine));
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let title = Texts::from_stored(&m.title).pick(locale);
            (m.id, m.code, title)
        })
        .collect())
}
