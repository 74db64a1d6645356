//! The offering form (`/admin/catalog/offerings/new?module=ID`, `…/offerings/{id}`): one run of
//! a module with its dates, seats, instructors, quotas and sessions, saved as a draft unless
//! publishing is chosen, and a confirmation with the ways onward once saved.
//!
//! Everything works without JavaScript: a refusal comes back with each reason on its field and
//! everything typed kept (`forms::keep_typed`), and sessions are added or removed by buttons
//! that post the form (see [`rows`]).

mod api;
mod rows;
mod sessions;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub use api::SaveOffering;
use api::offering_for_edit;
pub use rows::SessionRow;
use rows::{FORM, Intent, TypedOffering};
use sessions::{SessionFieldset, country_options};

use super::admin::forbidden_or_error;
use super::api::catalog_form_data;
use super::dto::{OfferingView, pick};
use super::form_controls::{Choice, Input, OptionalMark, options_html};
use crate::error::AppError;
use crate::forms::{FieldMessage, FormAlert, TypedValues, action_error};
use crate::i18n::{Key, Locale, use_i18n};

/// The offering form page.
#[component]
pub fn OfferingFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let params = use_params_map();
    let preselected = move || query.read().get("module").unwrap_or_default();
    let saved = move || query.read().get("saved").is_some_and(|s| s == "offering");
    let offering_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let data = Resource::new(offering_id, |id| async move {
        let choices = catalog_form_data(None).await?;
        let existing = match id {
            Some(id) => Some(offering_for_edit(id).await?),
            None => None,
        };
        Ok::<_, AppError>((choices, existing))
    });
    let save = ServerAction::<SaveOffering>::new();
    let error = action_error(save);
    let title = move || match offering_id() {
        Some(_) => i18n.locale().text(Key::OfferingFormEditTitle),
        None => i18n.locale().text(Key::AdminOfferingFormTitle),
    };
    view! {
        <Title text=title />
        <section class="form-page form-page--wide" aria-labelledby="offering-form-title">
            <h1 id="offering-form-title">{title}</h1>
            <p><a href="/admin/catalog" class="action-link">{i18n.t(Key::AdminBackToCatalog)}</a></p>
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok((choices, existing)) => {
                                // What was typed before a refused post or a session button wins
                                // over what is saved.
                                let kept = use_context::<TypedValues>()
                                    .filter(|typed| typed.form == FORM)
                                    .map(|typed| TypedOffering::from_kept(&typed.values));
                                let form = kept.unwrap_or_else(|| match &existing {
                                    Some(o) => TypedOffering::from_view(o),
                                    None => TypedOffering::new(&preselected()),
                                });
                                let confirmation = existing
                                    .as_ref()
                                    .filter(|_| saved())
                                    .map(|o| view! { <SavedNotice offering=o.clone() /> });
                                view! {
                                    {confirmation}
                                    <OfferingForm
                                        form
                                        editing=existing.as_ref().map(|o| o.id)
                                        modules=choices.modules
                                        instructors=choices.instructors
                                        action=save
                                        error
                                    />
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}

impl TypedOffering {
    /// An empty form: a draft of `module` (when the catalog sent one), in the reader's language,
    /// with one empty session row.
    fn new(module: &str) -> TypedOffering {
        let mut form = TypedOffering::default();
        for (name, value) in [
            ("module_id", module),
            ("status", "draft"),
            ("enrollment_policy", "open"),
        ] {
            form.fields.insert(name.to_string(), value.to_string());
        }
        form
    }
}

/// "Offering saved", what that means for the catalog, and where to go next.
#[component]
fn SavedNotice(offering: OfferingView) -> impl IntoView {
    let locale = use_i18n().locale();
    let state = match offering.status.as_str() {
        "draft" => Key::OfferingFormSavedDraft,
        "published" => Key::OfferingFormSavedPublished,
        _ => Key::OfferingFormSavedOther,
    };
    let module_title = pick(&offering.module_title, locale);
    let public = format!("/modules/{}?offering={}", offering.module_code, offering.id);
    let applicants = format!("/admin/offerings/{}/enrollments", offering.id);
    let another = format!("/admin/catalog/offerings/new?module={}", offering.module_id);
    let what = locale.format(
        Key::OfferingFormSavedWhat,
        &[
            ("module", &module_title),
            ("date", &locale.date(&offering.starts_on)),
        ],
    );
    view! {
        <div class="saved-panel" role="status" id="offering-saved">
            <h2>{locale.text(Key::OfferingFormSaved)}</h2>
            <p>{what}</p>
            <p>{locale.text(state)}</p>
            <ul class="saved-panel__links">
                <li><a class="action-link" href=public>{locale.text(Key::OfferingFormSeePublic)}</a></li>
                <li><a class="action-link" href=applicants>{locale.text(Key::OfferingFormSeeApplicants)}</a></li>
                <li><a class="action-link" href=another>{locale.text(Key::OfferingFormAnother)}</a></li>
                <li><a class="action-link" href="/admin/catalog">{locale.text(Key::AdminBackToCatalog)}</a></li>
            </ul>
        </div>
    }
    .into_any()
}

/// The form itself, drawn from what was typed or saved.
#[component]
fn OfferingForm(
    form: TypedOffering,
    editing: Option<i64>,
    modules: Vec<(i64, String)>,
    instructors: Vec<(i64, String)>,
    action: ServerAction<SaveOffering>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_i18n().locale();
    let field = |name: &str| form.field(name);
    let choose = Some(locale.text(Key::FormChoose));
    let modules: Vec<(String, String)> = modules
        .into_iter()
        .map(|(id, text)| (id.to_string(), text))
        .collect();
    let languages: Vec<(String, String)> = Locale::ALL
        .iter()
        .map(|l| (l.code().to_string(), l.name_in(locale).to_string()))
        .collect();
    let language = match field("language") {
        l if l.is_empty() => locale.code().to_string(),
        l => l,
    };
    let policies = [
        ("open".to_string(), locale.text(Key::PolicyOpen).to_string()),
        (
            "nomination".to_string(),
            locale.text(Key::PolicyNomination).to_string(),
        ),
    ];
    let affiliations = [
        (
            "civilian".to_string(),
            locale.text(Key::AffiliationCivilian).to_string(),
        ),
        (
            "police".to_string(),
            locale.text(Key::AffiliationPolice).to_string(),
        ),
    ];
    let country = field("country");
    let statuses: &[(&str, Key)] = if editing.is_some() {
        &[
            ("draft", Key::OfferingFormStatusDraft),
            ("published", Key::OfferingFormStatusPublished),
            ("cancelled", Key::OfferingFormStatusCancelled),
            ("completed", Key::OfferingFormStatusCompleted),
        ]
    } else {
        &[
            ("draft", Key::OfferingFormStatusDraft),
            ("published", Key::OfferingFormStatusPublished),
        ]
    };
    let status = match field("status") {
        s if s.is_empty() => "draft".to_string(),
        s => s,
    };
    // Every row typed or saved, and one spare empty row to fill in.
    let mut rows: Vec<(SessionRow, bool)> =
        form.sessions.iter().cloned().map(|r| (r, true)).collect();
    if !rows.iter().any(|(r, _)| r.is_blank()) {
        rows.push((SessionRow::default(), false));
    }
    let teaching = form.instructors.clone();
    let v_capacity = field("capacity");
    let v_ends_on = field("ends_on");
    let v_enrollment_closes = field("enrollment_closes");
    let v_enrollment_opens = field("enrollment_opens");
    let v_enrollment_policy = field("enrollment_policy");
    let v_host_agency = field("host_agency");
    let v_module_id = field("module_id");
    let v_quota_affiliation = field("quota_affiliation");
    let v_quota_max_per_agency = field("quota_max_per_agency");
    let v_quota_max_per_country = field("quota_max_per_country");
    let v_quota_min_percent = field("quota_min_percent");
    let v_starts_on = field("starts_on");
    let fields = view! {
            <Choice form="offering" name="module_id" label=Key::AdminModule error
                options=options_html(&modules, &v_module_id, choose) />
            <Input form="offering" name="starts_on" label=Key::AdminStartsOn kind="date" value=v_starts_on error />
            <Input form="offering" name="ends_on" label=Key::AdminEndsOn kind="date" value=v_ends_on error />
            <Input form="offering" name="enrollment_opens" label=Key::AdminEnrollmentOpens kind="date" value=v_enrollment_opens error />
            <Input form="offering" name="enrollment_closes" label=Key::AdminEnrollmentCloses kind="date" hint=Key::OfferingFormClosesHint
                value=v_enrollment_closes error />
            <Input form="offering" name="capacity" label=Key::AdminCapacity kind="number" hint=Key::OfferingFormCapacityHint min="1" max="10000"
                maxlength=5 value=v_capacity error />
            <Choice form="offering" name="language" label=Key::CatalogLanguage error options=options_html(&languages, &language, None) />
            <Choice form="offering" name="country" label=Key::CatalogCountry error hint=Key::OfferingFormCountryHint
                options=country_options(locale, &country) />
            <Input form="offering" name="host_agency" label=Key::AdminHostAgency hint=Key::OfferingFormHostHint value=v_host_agency error />
            <Choice form="offering" name="enrollment_policy" label=Key::AdminPolicy error
                options=options_html(&policies, &v_enrollment_policy, None) />
    }
    .into_any();
    let teaching_view = view! {
            <fieldset class="field" id="offering-instructors">
                <legend>{locale.text(Key::AdminInstructors)}<OptionalMark /></legend>
                {instructors
                    .iter()
                    .map(|(id, name)| view! {
                        <label class="checkbox">
                            <input type="checkbox" name=format!("instructors[{id}]") value="on" checked=teaching.contains(id) />
                            {name.clone()}
                        </label>
                    })
                    .collect_view()}
                <FieldMessage error=error name="instructor_ids" />
            </fieldset>
    }
    .into_any();
    let sessions_view = view! {
            <fieldset class="field offering-sessions" id="offering-sessions">
                <legend>{locale.text(Key::OfferingFormSessions)}<OptionalMark /></legend>
                <p class="field-hint">{locale.text(Key::OfferingFormSessionsHint)}</p>
                <FieldMessage error=error name="sessions" />
                {rows
                    .into_iter()
                    .enumerate()
                    .map(|(index, (row, removable))| view! {
                        <SessionFieldset index row offering_country=country.clone() removable error />
                    })
                    .collect_view()}
                <button type="submit" class="secondary-button" name="intent" value=Intent::AddSession.value() formnovalidate>
                    {locale.text(Key::OfferingFormAddSession)}
                </button>
            </fieldset>
    }
    .into_any();
    let quotas = view! {
            <fieldset class="field" id="offering-quotas">
                <legend>{locale.text(Key::QuotaTitle)}<OptionalMark /></legend>
                <p class="field-hint">{locale.text(Key::QuotaHint)}</p>
                <Choice form="offering" name="quota_affiliation" error_name="quotas.affiliation" label=Key::QuotaAffiliation error optional=true
                    options=options_html(&affiliations, &v_quota_affiliation, Some(locale.text(Key::QuotaNoShare))) />
                <Input form="offering" name="quota_min_percent" error_name="quotas.min_percent" label=Key::QuotaMinPercent kind="number"
                    min="1" max="100" maxlength=3 optional=true value=v_quota_min_percent error />
                <Input form="offering" name="quota_max_per_agency" error_name="quotas.max_per_agency" label=Key::QuotaMaxPerAgency kind="number"
                    min="1" maxlength=5 optional=true value=v_quota_max_per_agency error />
                <Input form="offering" name="quota_max_per_country" error_name="quotas.max_per_country" label=Key::QuotaMaxPerCountry kind="number"
                    min="1" maxlength=5 optional=true value=v_quota_max_per_country error />
            </fieldset>
    }
    .into_any();
    let publishing = view! {
            <fieldset class="field offering-status" id="offering-status"
                aria-describedby=error.get_untracked().and_then(|e| e.field_message("status")).map(|_| "offering-status-error")>
                <legend>{locale.text(Key::OfferingFormPublishing)}</legend>
                {statuses
                    .iter()
                    .map(|(value, label)| view! {
                        <label class="radio">
                            <input type="radio" name="status" value=*value checked=status == *value required />
                            {locale.text(*label)}
                        </label>
                    })
                    .collect_view()}
                {error.get_untracked().and_then(|e| e.field_message("status")).map(|text| view! {
                    <p class="field-error" id="offering-status-error">{text}</p>
                })}
            </fieldset>
    }
    .into_any();
    view! {
        <ActionForm action=action attr:class="stacked-form" attr:id="offering-form">
            // Enter in a field presses the form's first button: make that one "save", not a
            // session's "remove" further down.
            <button type="submit" name="intent" value=Intent::Save.value() class="visually-hidden" tabindex="-1" aria-hidden="true">
                {locale.text(Key::FormSave)}
            </button>
            <FormAlert error=error />
            {editing.map(|id| view! { <input type="hidden" name="id" value=id.to_string() /> })}
            {fields}
            {teaching_view}
            {sessions_view}
            {quotas}
            {publishing}
            <button type="submit" class="primary-button" name="intent" value=Intent::Save.value()>{locale.text(Key::FormSave)}</button>
        </ActionForm>
    }
}
