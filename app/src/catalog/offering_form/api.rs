//! Server functions of the offering form: load an offering to edit, and save it (or, for the
//! add/remove-session buttons, send the form back with its rows changed and everything typed).
//!
//! A form's server function takes one argument per form field; the generated client functions
//! cannot carry an item-level `allow`, hence this module-level one.
#![allow(clippy::too_many_arguments)]

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::rows::SessionRow;
use crate::catalog::dto::OfferingView;
use crate::error::AppError;

/// An offering to edit (administrators see drafts too).
#[server(endpoint = "offering_for_edit")]
pub async fn offering_for_edit(id: i64) -> Result<OfferingView, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    if !crate::catalog::service::may_edit(Some(&caller)) {
        return Err(AppError::Forbidden.respond());
    }
    let mut offering = crate::catalog::offerings::get_offering(&db, Some(&caller), id)
        .await
        .map_err(|e| e.for_page(request::locale()))?;
    // The meeting links are not public: the form that edits them is given them.
    crate::catalog::offerings::add_meeting_links(&db, &mut offering)
        .await
        .map_err(|e| e.for_page(request::locale()))?;
    Ok(offering)
}

/// Creates (`id` empty) or saves an offering from the form, then shows it saved
/// (`/admin/catalog/offerings/{id}?saved=offering`). With `intent` `add_session` or
/// `remove_session:{i}` nothing is saved: the form comes back with its session rows changed
/// and everything typed kept (`None`).
#[server(endpoint = "save_offering")]
pub async fn save_offering(
    id: Option<i64>,
    module_id: String,
    starts_on: String,
    ends_on: String,
    enrollment_opens: String,
    enrollment_closes: String,
    capacity: String,
    language: String,
    country: String,
    host_agency: String,
    enrollment_policy: String,
    instructors: Option<BTreeMap<String, String>>,
    sessions: Option<BTreeMap<String, SessionRow>>,
    status: String,
    #[server(default)] quota_affiliation: Option<String>,
    #[server(default)] quota_min_percent: Option<String>,
    #[server(default)] quota_max_per_agency: Option<String>,
    #[server(default)] quota_max_per_country: Option<String>,
    #[server(default)] intent: Option<String>,
) -> Result<Option<OfferingView>, AppError> {
    use super::rows::{FIELDS, FORM, Intent, TypedOffering};
    use crate::catalog::rules::OfferingInput;
    use crate::i18n::Key;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    // Rows arrive keyed by their place ("0", "1", … "10"): put them back in form order.
    let mut rows: Vec<(usize, SessionRow)> = sessions
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(i, row)| i.parse().ok().map(|i| (i, row)))
        .collect();
    rows.sort_by_key(|(i, _)| *i);
    let values = [
        module_id,
        starts_on,
        ends_on,
        enrollment_opens,
        enrollment_closes,
        capacity,
        language,
        country,
        host_agency,
        enrollment_policy,
        status,
        quota_affiliation.unwrap_or_default(),
        quota_min_percent.unwrap_or_default(),
        quota_max_per_agency.unwrap_or_default(),
        quota_max_per_country.unwrap_or_default(),
    ];
    let mut typed = TypedOffering {
        fields: FIELDS
            .iter()
            .zip(values)
            .map(|(name, value)| (name.to_string(), value))
            .collect(),
        instructors: instructors
            .unwrap_or_default()
            .into_keys()
            .filter_map(|id| id.parse().ok())
            .collect(),
        sessions: rows.into_iter().map(|(_, row)| row).collect(),
    };
    let intent = Intent::from_form(intent.as_deref());
    typed.apply(intent);
    let form_page = match id {
        Some(id) => format!("/admin/catalog/offerings/{id}"),
        None => "/admin/catalog/offerings/new".to_string(),
    };
    let kept = typed.kept();
    let kept: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    if intent != Intent::Save {
        if !crate::catalog::service::may_edit(Some(&caller)) {
            return Err(AppError::Forbidden.respond());
        }
        crate::forms::flash(FORM, &kept);
        // Straight to the row that was added, or to the rows when one went.
        let row = match intent {
            Intent::AddSession => typed.sessions.len().saturating_sub(1),
            _ => 0,
        };
        leptos_axum::redirect(&format!("{form_page}#offering-session-{row}"));
        return Ok(None);
    }

    let outcome = async {
        // A number that is not one is refused with the rules' own reason for that field.
        let whole = |name: &str| typed.field(name).trim().parse::<i32>().ok();
        // Blank quota fields mean "no rule"; anything else must be a whole number.
        let quota = |name: &'static str, field: &'static str, key: Key| {
            let text = typed.field(name);
            match text.trim() {
                "" => Ok(None),
                v => v
                    .parse::<i32>()
                    .map(Some)
                    .map_err(|_| AppError::invalid(field, locale.text(key)).respond()),
            }
        };
        let quotas = crate::enrollment::Quotas {
            affiliation: Some(typed.field("quota_affiliation")).filter(|a| !a.trim().is_empty()),
            min_percent: quota(
                "quota_min_percent",
                "quotas.min_percent",
                Key::QuotaPercentInvalid,
            )?,
            max_per_agency: quota(
                "quota_max_per_agency",
                "quotas.max_per_agency",
                Key::QuotaMaxInvalid,
            )?,
            max_per_country: quota(
                "quota_max_per_country",
                "quotas.max_per_country",
                Key::QuotaMaxInvalid,
            )?,
        };
        let input = OfferingInput {
            // 0 is no module and no capacity: the service and the rules name those fields.
            module_id: typed.field("module_id").trim().parse().unwrap_or(0),
            starts_on: typed.field("starts_on"),
            ends_on: typed.field("ends_on"),
            enrollment_opens: typed.field("enrollment_opens"),
            enrollment_closes: typed.field("enrollment_closes"),
            capacity: whole("capacity").unwrap_or(0),
            language: typed.field("language"),
            country: typed.field("country"),
            host_agency: typed.field("host_agency"),
            enrollment_policy: typed.field("enrollment_policy"),
            instructor_ids: typed.instructors.clone(),
            sessions: typed
                .sessions
                .iter()
                .cloned()
                .map(SessionRow::into_input)
                .collect(),
            status: typed.field("status"),
            quotas,
        };
        match id {
            Some(id) => {
                crate::catalog::offerings::update_offering(
                    &db,
                    &request::site(),
                    &caller,
                    id,
                    input,
                )
                .await
            }
            None => crate::catalog::offerings::create_offering(&db, &caller, input).await,
        }
        .map_err(|e| e.for_page(locale))
    }
    .await;
    let saved = crate::forms::keep_typed(outcome, FORM, &kept)?;
    leptos_axum::redirect(&format!(
        "/admin/catalog/offerings/{}?saved=offering",
        saved.id
    ));
    Ok(Some(saved))
}
