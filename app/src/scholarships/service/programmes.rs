//! Programmes: creating one, and reading one or all.

use super::*;

/// Creates a scholarship programme (administrators). Covered programmes contribute their
/// modules; unknown modules or programmes are refused, named.
pub async fn create_programme(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    input: ScholarshipProgrammeInput,
    locale: Locale,
) -> Result<ScholarshipProgrammeView, DomainError> {
    may_ever(caller, Action::ManageScholarships)?;
    let draft = input.parse().map_err(DomainError::from_problems)?;
    let mut module_ids = input.covered_module_ids.clone();
    let known: Vec<i64> = module::Entity::find()
        .filter(module::Column::Id.is_in(module_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let unknown: Vec<String> = module_ids
        .iter()
        .filter(|id| !known.contains(id))
        .map(|id| id.to_string())
        .collect();
    if !unknown.is_empty() {
        return Err(DomainError::Invalid(vec![FieldError::with(
            "covered_module_ids",
            Key::ScholarshipModulesUnknown,
            vec![("ids", unknown.join(", "))],
        )]));
    }
    for programme in &input.covered_programme_ids {
        let modules = programme_module::Entity::find()
            .filter(programme_module::Column::ProgrammeId.eq(*programme))
            .all(db)
            .await?;
        if modules.is_empty() {
            return Err(DomainError::Invalid(vec![FieldError::with(
                "covered_programme_ids",
                Key::ScholarshipModulesUnknown,
                vec![("ids", programme.to_string())],
            )]));
        }
        module_ids.extend(modules.into_iter().map(|m| m.module_id));
    }
    module_ids.sort_unstable();
    module_ids.dedup();
    let txn = begin_write(db).await?;
    let now = Utc::now();
    let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    let by_language =
        |t: &BTreeMap<String, String>| serde_json::to_string(t).unwrap_or_else(|_| "{}".into());
    let saved = scholarship_programme::ActiveModel {
        name: Set(by_language(&draft.name)),
        funder: Set(by_language(&draft.funder)),
        currency: Set(draft.currency),
        budget: Set(draft.budget),
        per_person_max: Set(draft.per_person_max),
        covers: Set(json(&draft.covers)),
        eligible_countries: Set(json(&draft.eligible_countries)),
        eligible_affiliations: Set(json(&draft.eligible_affiliations)),
        opens: Set(draft.opens),
        closes: Set(draft.closes),
        conditions: Set(by_language(&draft.conditions)),
        awarded: Set(0),
        committed: Set(0),
        spent: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for module_id in module_ids {
        scholarship_module::ActiveModel {
            programme_id: Set(saved.id),
            module_id: Set(module_id),
        }
        .insert(&txn)
        .await?;
    }
    let view = programme_view(&txn, saved, caller, locale).await?;
    txn.commit().await?;
    Ok(view)
}

/// One programme for any signed-in person; its budget and balances only for those the policy
/// lets read budgets (the review queue and ledger are on [`budget_page`], for administrators).
pub async fn get_programme(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: i64,
    locale: Locale,
) -> Result<ScholarshipProgrammeView, DomainError> {
    let p = scholarship_programme::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    programme_view(db, p, caller, locale).await
}

/// Every programme, newest first (administrators).
pub async fn list_programmes(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    locale: Locale,
) -> Result<Vec<ScholarshipProgrammeView>, DomainError> {
    may_ever(caller, Action::ManageScholarships)?;
    let mut out = Vec::new();
    for p in scholarship_programme::Entity::find()
        .order_by_desc(scholarship_programme::Column::Id)
        .all(db)
        .await?
    {
        out.push(programme_view(db, p, caller, locale).await?);
    }
    Ok(out)
}
