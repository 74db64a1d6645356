//! Server functions for the scholarship pages: thin adapters over `service`.
//!
//! A form's server function takes one argument per form field; the generated client functions
//! cannot carry an item-level `allow`, hence this module-level one.
#![allow(clippy::too_many_arguments)]

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::dto::{
    BudgetPage, CommitmentView, ScholarshipApplicationView, ScholarshipProgrammeView,
    ScholarshipsOverview,
};
use crate::error::AppError;

/// The signed-in person's scholarships page.
#[server(endpoint = "my_scholarships")]
pub async fn my_scholarships() -> Result<ScholarshipsOverview, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    super::service::my_scholarships(&db, &caller, locale)
        .await
        .map_err(|e| e.for_page(locale))
}

/// The signed-in trainee applies to a scholarship programme.
#[server(endpoint = "apply_for_scholarship")]
pub async fn apply_for_scholarship(
    programme_id: i64,
    statement: String,
) -> Result<ScholarshipApplicationView, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let outcome = super::service::apply(&db, &request::site(), &caller, programme_id, &statement)
        .await
        .map_err(|e| e.for_page(locale));
    let saved = crate::forms::keep_typed(
        outcome,
        "apply_for_scholarship",
        &[
            ("programme_id", &programme_id.to_string()),
            ("statement", &statement),
        ],
    )?;
    leptos_axum::redirect("/my-scholarships?applied=1");
    Ok(saved)
}

/// Every scholarship programme (administrators), and the modules a new one may cover.
#[server(endpoint = "admin_scholarships")]
pub async fn admin_scholarships()
-> Result<(Vec<ScholarshipProgrammeView>, Vec<(i64, String)>), AppError> {
    use crate::request;
    use entity::module;
    use sea_orm::{EntityTrait, QueryOrder};
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let page = |e: crate::error::DomainError| e.for_page(locale);
    let programmes = super::service::list_programmes(&db, &caller, locale)
        .await
        .map_err(page)?;
    let modules = module::Entity::find()
        .order_by_asc(module::Column::Code)
        .all(&db)
        .await
        .map_err(|e| page(e.into()))?
        .into_iter()
        .filter(|m| m.status != crate::catalog::rules::CatalogStatus::Archived.code())
        .map(|m| {
            let title = crate::i18n::Texts::from_stored(&m.title).pick(locale);
            (m.id, format!("{} · {}", m.code, title))
        })
        .collect();
    Ok((programmes, modules))
}

/// Creates a scholarship programme from the administrators' form.
#[server(endpoint = "create_scholarship_programme")]
pub async fn create_scholarship_programme(
    #[server(default)] name: Option<BTreeMap<String, String>>,
    #[server(default)] funder: Option<BTreeMap<String, String>>,
    currency: String,
    budget: String,
    per_person_max: String,
    opens: String,
    closes: String,
    #[server(default)] eligible_countries: String,
    #[server(default)] conditions: Option<BTreeMap<String, String>>,
    #[server(default)] covers: Option<BTreeMap<String, String>>,
    #[server(default)] modules: Option<BTreeMap<String, String>>,
    #[server(default)] affiliations: Option<BTreeMap<String, String>>,
) -> Result<ScholarshipProgrammeView, AppError> {
    use super::dto::{Amount, ScholarshipProgrammeInput, TranslatedText};
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    // What a refused plain form post shows again: the text fields and the ticked boxes.
    let ticked = |m: &Option<BTreeMap<String, String>>| {
        m.as_ref()
            .map(|m| m.keys().cloned().collect::<Vec<_>>().join(","))
            .unwrap_or_default()
    };
    let (covers_ticked, modules_ticked, affiliations_ticked) =
        (ticked(&covers), ticked(&modules), ticked(&affiliations));
    // Each language's text is kept under its own field name (`name[es]`).
    let mut typed_owned: Vec<(String, String)> = [
        ("name", &name),
        ("funder", &funder),
        ("conditions", &conditions),
    ]
    .into_iter()
    .flat_map(|(field, texts)| {
        texts
            .iter()
            .flatten()
            .map(move |(lang, text)| (format!("{field}[{lang}]"), text.clone()))
    })
    .collect();
    typed_owned.extend(
        [
            ("currency", currency.clone()),
            ("budget", budget.clone()),
            ("per_person_max", per_person_max.clone()),
            ("opens", opens.clone()),
            ("closes", closes.clone()),
            ("eligible_countries", eligible_countries.clone()),
            ("covers", covers_ticked),
            ("modules", modules_ticked),
            ("affiliations", affiliations_ticked),
        ]
        .map(|(k, v)| (k.to_string(), v)),
    );
    let typed: Vec<(&str, &str)> = typed_owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let translated = |texts: Option<BTreeMap<String, String>>| {
        TranslatedText::ByLanguage(texts.unwrap_or_default())
    };
    let keys = |m: Option<BTreeMap<String, String>>| -> Vec<String> {
        m.unwrap_or_default().into_keys().collect()
    };
    let input = ScholarshipProgrammeInput {
        name: translated(name),
        funder: translated(funder),
        currency,
        budget: Amount::Text(budget),
        per_person_max: Amount::Text(per_person_max),
        covers: keys(covers),
        covered_module_ids: keys(modules)
            .into_iter()
            .filter_map(|id| id.parse().ok())
            .collect(),
        covered_programme_ids: Vec::new(),
        eligible_countries: eligible_countries
            .split([',', ' ', ';'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect(),
        eligible_affiliations: keys(affiliations),
        opens,
        closes,
        conditions: translated(conditions),
    };
    let outcome = super::service::create_programme(&db, &caller, input, locale)
        .await
        .map_err(|e| e.for_page(locale));
    let saved = crate::forms::keep_typed(outcome, "create_scholarship_programme", &typed)?;
    leptos_axum::redirect(&format!("/admin/scholarships/{}", saved.id));
    Ok(saved)
}

/// A programme's budget page (administrators).
#[server(endpoint = "scholarship_budget")]
pub async fn scholarship_budget(id: i64) -> Result<BudgetPage, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    super::service::budget_page(&db, &caller, id, locale)
        .await
        .map_err(|e| e.for_page(locale))
}

/// An administrator awards or rejects an application from the review queue.
#[server(endpoint = "decide_scholarship")]
pub async fn decide_scholarship(
    programme_id: i64,
    id: i64,
    decision: String,
    #[server(default)] amount: String,
    #[server(default)] score: String,
    #[server(default)] comment: String,
) -> Result<ScholarshipApplicationView, AppError> {
    use super::dto::{Amount, DecisionInput};
    use crate::i18n::Key;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let score = match score.trim() {
        "" => None,
        s => Some(s.parse::<i32>().map_err(|_| {
            AppError::invalid("score", locale.text(Key::ScholarshipScoreInvalid)).respond()
        })?),
    };
    let input = DecisionInput {
        decision,
        amount: (!amount.trim().is_empty()).then_some(Amount::Text(amount)),
        score,
        comment,
    };
    let saved = super::service::decide(&db, &request::site(), &caller, id, input)
        .await
        .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect(&format!("/admin/scholarships/{programme_id}?decided=1"));
    Ok(saved)
}

/// An administrator has a person's grant pay for an enrolment, from the applicants page.
#[server(endpoint = "fund_enrollment")]
pub async fn fund_enrollment(
    offering_id: i64,
    id: i64,
    amount: String,
) -> Result<CommitmentView, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let saved = super::service::commit(&db, &caller, id, &amount)
        .await
        .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect(&format!(
        "/admin/offerings/{offering_id}/enrollments?funded=1"
    ));
    Ok(saved)
}
