//! Administration → catalog: the programme form and the module form (with similar modules
//! shown while the title is typed). The list is in `admin_catalog.rs`, the offering form in
//! `offering_form/`.
//!
//! A form's server function takes one argument per form field; the generated client functions
//! cannot carry an item-level `allow`, hence this module-level one.
#![allow(clippy::too_many_arguments)]

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::dto::{ModuleView, ProgrammeView, TopicView};
use super::form_controls::{Choice, Input, OptionalMark, described, options_html};
use super::lookalikes::ModuleLookalikes;
use super::similar::SimilarModules;
use crate::auth::Notice;
use crate::error::AppError;
use crate::forms::{Field, FieldMessage, FormAlert, SelectField, action_error};
use crate::i18n::{Key, Locale, use_i18n};

/// Every module, for administrators.
#[server(endpoint = "admin_modules")]
pub async fn admin_modules() -> Result<Vec<ModuleView>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    crate::catalog::service::all_modules(&db, &caller)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// What the module and offering forms need: the module (when editing), topics, instructors.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FormChoices {
    /// The module being edited, if any.
    pub module: Option<ModuleView>,
    /// The topic vocabulary.
    pub topics: Vec<TopicView>,
    /// (id, name) of the instructors.
    pub instructors: Vec<(i64, String)>,
    /// (id, code · title) of the modules an offering can run.
    pub modules: Vec<(i64, String)>,
    /// (id, "name (country)") of the agencies that may organise a module.
    pub agencies: Vec<(i64, String)>,
}

/// Loads what the catalog forms offer to choose from.
#[server(endpoint = "catalog_form_data")]
pub async fn catalog_form_data(module_id: Option<i64>) -> Result<FormChoices, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let page = |e: crate::error::DomainError| e.for_page(locale);
    let all = crate::catalog::service::all_modules(&db, &caller)
        .await
        .map_err(page)?;
    Ok(FormChoices {
        module: module_id.and_then(|id| all.iter().find(|m| m.id == id).cloned()),
        topics: crate::catalog::service::topics(&db, locale)
            .await
            .map_err(page)?,
        instructors: crate::catalog::service::instructors(&db, &caller)
            .await
            .map_err(page)?,
        modules: all
            .iter()
            .filter(|m| m.status != "archived")
            .map(|m| {
                (
                    m.id,
                    format!("{} · {}", m.code, super::dto::pick(&m.title, locale)),
                )
            })
            .collect(),
        agencies: crate::agencies::service::list(&db, Some(&caller), None)
            .await
            .map_err(page)?
            .into_iter()
            .map(|a| (a.id, format!("{} ({})", a.name, a.country)))
            .collect(),
    })
}

#[server(endpoint = "similar_modules")]
pub async fn similar_modules(
    text: String,
    code: String,
) -> Result<Vec<(String, String)>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    crate::catalog::service::similar_modules(&db, &caller, &text, &code, request::locale())
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Creates (`id` empty) or saves a module from the form.
#[server(endpoint = "save_module")]
pub async fn save_module(
    id: Option<i64>,
    code: String,
    title: BTreeMap<String, String>,
    summary: Option<BTreeMap<String, String>>,
    topics: Option<BTreeMap<String, String>>,
    credits: String,
    hours: String,
    level: String,
    delivery_mode: String,
    audience: String,
    prerequisites: String,
    status: String,
    organising_agency_id: Option<String>,
) -> Result<ModuleView, AppError> {
    use crate::catalog::rules::ModuleInput;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    // A number that is not one gets the rules' own reason for that field (out of range), so
    // that every other field's problem is reported with it.
    let credits = credits.trim().parse::<i32>().unwrap_or(-1);
    let hours = hours.trim().parse::<i32>().unwrap_or(0);
    let input = ModuleInput {
        code,
        title,
        summary: summary.unwrap_or_default(),
        topics: topics.unwrap_or_default().into_keys().collect(),
        credits,
        hours,
        level,
        delivery_mode,
        audience,
        prerequisites: prerequisites
            .split([',', ' ', ';'])
            .filter(|p| !p.trim().is_empty())
            .map(str::to_string)
            .collect(),
        status,
        // Not a number is an agency that does not exist: the service names the field.
        organising_agency_id: organising_agency_id
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .map(|v| v.parse::<i64>().unwrap_or(-1)),
    };
    let saved = match id {
        Some(id) => crate::catalog::service::update_module(&db, &caller, id, input).await,
        None => crate::catalog::service::create_module(&db, &caller, input).await,
    }
    .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect(&format!("/admin/catalog/modules/{}?saved=module", saved.id));
    Ok(saved)
}

/// Publishes, archives or returns to draft a module or programme from the catalog list.
#[server(endpoint = "set_catalog_status")]
pub async fn set_catalog_status(item: String, id: i64, status: String) -> Result<(), AppError> {
    use crate::catalog::CatalogItem;
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let item = match item.as_str() {
        "programme" => CatalogItem::Programme,
        _ => CatalogItem::Module,
    };
    crate::catalog::service::set_status(&db, &caller, item, id, &status)
        .await
        .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect("/admin/catalog?status=changed");
    Ok(())
}

/// Every programme (any status), for administrators.
#[server(endpoint = "admin_programmes")]
pub async fn admin_programmes() -> Result<Vec<ProgrammeView>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    if !crate::catalog::service::may_edit(Some(&caller)) {
        return Err(AppError::Forbidden.respond());
    }
    crate::catalog::programmes::list_programmes(&db, Some(&caller))
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// A programme to edit.
#[server(endpoint = "programme_for_edit")]
pub async fn programme_for_edit(id: i64) -> Result<ProgrammeView, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    crate::catalog::programmes::programme_for_edit(&db, &caller, id)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Creates (`id` empty) or saves a programme from the form. Required modules come first, in
/// the order typed, then the electives.
#[server(endpoint = "save_programme")]
pub async fn save_programme(
    id: Option<i64>,
    code: String,
    title: BTreeMap<String, String>,
    description: Option<BTreeMap<String, String>>,
    credits_required: String,
    required_modules: String,
    elective_modules: String,
    status: String,
) -> Result<ProgrammeView, AppError> {
    use crate::catalog::rules::{ProgrammeInput, ProgrammeModuleInput};
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let credits_required = credits_required.trim().parse::<i32>().map_err(|_| {
        AppError::invalid(
            "credits_required",
            locale.text(crate::i18n::Key::ProgrammeCreditsInvalid),
        )
        .respond()
    })?;
    let codes = |text: &str, required: bool| -> Vec<ProgrammeModuleInput> {
        text.split([',', ' ', ';', '\n', '\r'])
            .filter(|c| !c.trim().is_empty())
            .map(|code| ProgrammeModuleInput {
                code: code.to_string(),
                required,
            })
            .collect()
    };
    let mut modules = codes(&required_modules, true);
    modules.extend(codes(&elective_modules, false));
    let input = ProgrammeInput {
        code,
        title,
        description: description.unwrap_or_default(),
        credits_required,
        modules,
        status,
    };
    let saved = match id {
        Some(id) => crate::catalog::programmes::update_programme(&db, &caller, id, input).await,
        None => crate::catalog::programmes::create_programme(&db, &caller, input).await,
    }
    .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect(&format!(
        "/admin/catalog/programmes/{}?saved=programme",
        saved.id
    ));
    Ok(saved)
}

/// What a page of the catalog administration shows instead of its content when the caller
/// may not see it, or when loading it failed.
pub(super) fn forbidden_or_error(error: AppError) -> AnyView {
    let i18n = use_i18n();
    match error {
        AppError::SignInRequired => {
            view! { <p class="form-error" role="alert">{i18n.t(Key::FormSignInRequired)}</p> }
                .into_any()
        }
        AppError::Forbidden => {
            view! { <p class="form-error" role="alert">{i18n.t(Key::FormForbidden)}</p> }.into_any()
        }
        _ => view! { <crate::shell::ErrorPage /> }.into_any(),
    }
}

#[component]
pub fn ProgrammeFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let programme_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let data = Resource::new(programme_id, |id| async move {
        match id {
            Some(id) => programme_for_edit(id).await.map(Some),
            None => Ok(None),
        }
    });
    let save = ServerAction::<SaveProgramme>::new();
    let error = action_error(save);
    view! {
        <Title text=i18n.t(Key::AdminProgrammeFormTitle) />
        <section class="form-page form-page--wide" aria-labelledby="programme-form-title">
            <h1 id="programme-form-title">{i18n.t(Key::AdminProgrammeFormTitle)}</h1>
            <Notice param="saved" texts=&[("programme", Key::AdminSaved)] />
            <p><A href="/admin/catalog">{i18n.t(Key::AdminBackToCatalog)}</A></p>
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(p) => {
                                let locale = i18n.locale();
                                let value = |f: fn(&ProgrammeView) -> String| p.as_ref().map(f).unwrap_or_default();
                                let (code, credits, status) = (value(|p| p.code.clone()), value(|p| p.credits_required.to_string()), value(|p| p.status.clone()));
                                let listed = |required: bool| -> String {
                                    p.as_ref()
                                        .map(|p| p.modules.iter().filter(|m| m.required == required).map(|m| m.code.as_str()).collect::<Vec<_>>().join(", "))
                                        .unwrap_or_default()
                                };
                                let (required, elective) = (listed(true), listed(false));
                                let texts = |f: fn(&ProgrammeView) -> &BTreeMap<String, String>| -> Vec<String> {
                                    Locale::ALL
                                        .iter()
                                        .map(|l| p.as_ref().and_then(|p| f(p).get(l.code()).cloned()).unwrap_or_default())
                                        .collect()
                                };
                                let titles = texts(|p| &p.title);
                                let descriptions = texts(|p| &p.description);
                                let id = p.as_ref().map(|p| p.id.to_string());
                                view! {
                                    <ActionForm action=save attr:class="stacked-form" attr:id="programme-form">
                                        <FormAlert error=error />
                                        {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
                                        <Field form="programme" name="code" label=Key::AdminModuleCode hint=Key::AdminCodeHint required=true maxlength=40
                                            value=code error=error />
                                        {Locale::ALL
                                            .into_iter()
                                            .zip(titles)
                                            .map(|(lang, text)| {
                                                let id = format!("programme-title-{}", lang.code());
                                                view! {
                                                    <div class="field">
                                                        <label for=id.clone()>{move || i18n.locale().format(Key::AdminTitleIn, &[("language", lang.name_in(i18n.locale()))])}</label>
                                                        <input id=id name=format!("title[{}]", lang.code()) maxlength="200" value=text lang=lang.code() />
                                                    </div>
                                                }
                                            })
                                            .collect_view()}
                                        <FieldMessage error=error name="title" />
                                        {Locale::ALL
                                            .into_iter()
                                            .zip(descriptions)
                                            .map(|(lang, text)| {
                                                let id = format!("programme-description-{}", lang.code());
                                                view! {
                                                    <div class="field">
                                                        <label for=id.clone()>{move || i18n.locale().format(Key::AdminDescriptionIn, &[("language", lang.name_in(i18n.locale()))])}</label>
                                                        <textarea id=id name=format!("description[{}]", lang.code()) rows="3" maxlength="4000" lang=lang.code()>{text}</textarea>
                                                    </div>
                                                }
                                            })
                                            .collect_view()}
                                        <FieldMessage error=error name="description" />
                                        <Field form="programme" name="credits_required" label=Key::AdminCreditsRequired kind="number" required=true maxlength=3
                                            value=credits error=error />
                                        <Field form="programme" name="required_modules" label=Key::AdminRequiredModules hint=Key::AdminModuleCodesHint maxlength=2000
                                            value=required error=error />
                                        <Field form="programme" name="elective_modules" label=Key::AdminElectiveModules hint=Key::AdminModuleCodesHint maxlength=2000
                                            value=elective error=error />
                                        <FieldMessage error=error name="modules" />
                                        <SelectField form="programme" name="status" label=Key::AdminStatus required=true
                                            options=options(&[("draft", Key::StatusDraft), ("published", Key::StatusPublished), ("archived", Key::StatusArchived)], locale)
                                            selected=status error=error />
                                        <button type="submit" class="primary-button">{i18n.t(Key::FormSave)}</button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}

/// One text in each language (a module's title, its summary), grouped under one legend with
/// the hint and the error of the whole group: the rule is about the set ("in at least one
/// language"), so its reason is shown once, beside the fields it concerns.
#[component]
pub(crate) fn LanguageTexts(
    /// Prefix of the element ids.
    form: &'static str,
    /// The field's name (`title` → `title[es]`), also the name its refusal carries.
    name: &'static str,
    /// The group's legend.
    legend: Key,
    /// Each input's label, with a `{language}` placeholder.
    label: Key,
    /// The texts, in [`Locale::ALL`] order.
    texts: Vec<String>,
    /// The form's error.
    error: Signal<Option<AppError>>,
    /// A hint under the legend.
    #[prop(optional)]
    hint: Option<Key>,
    /// May stay empty in every language.
    #[prop(optional)]
    optional: bool,
    /// A `<textarea>` rather than a one-line input.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let locale = use_i18n().locale();
    let message = error.get_untracked().and_then(|e| e.field_message(name));
    let hint_id = hint.map(|_| format!("{form}-{name}-hint"));
    let error_id = message.as_ref().map(|_| format!("{form}-{name}-error"));
    let describedby = described(hint_id.as_deref(), error_id.as_deref());
    let invalid = message.is_some();
    view! {
        <fieldset class="field language-texts" class:field--invalid=invalid>
            <legend>{locale.text(legend)}{optional.then(|| view! { <OptionalMark /> })}</legend>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{locale.text(hint)}</p> })}
            {Locale::ALL
                .into_iter()
                .zip(texts)
                .map(|(lang, text)| {
                    let id = format!("{form}-{name}-{}", lang.code());
                    let input_name = format!("{name}[{}]", lang.code());
                    let text_label = locale.format(label, &[("language", lang.name_in(locale))]);
                    let (describedby, invalid) = (describedby.clone(), invalid.then_some("true"));
                    let control = if multiline {
                        view! {
                            <textarea id=id.clone() name=input_name rows="3" maxlength="4000" lang=lang.code()
                                aria-describedby=describedby aria-invalid=invalid>{text}</textarea>
                        }
                        .into_any()
                    } else {
                        view! {
                            <input id=id.clone() name=input_name maxlength="200" value=text lang=lang.code()
                                aria-describedby=describedby aria-invalid=invalid />
                        }
                        .into_any()
                    };
                    view! {
                        <div class="field">
                            <label for=id>{text_label}</label>
                            {control}
                        </div>
                    }
                })
                .collect_view()}
            {message.map(|text| view! { <p class="field-error" id=error_id.clone()>{text}</p> })}
        </fieldset>
    }
    .into_any()
}

fn options(pairs: &[(&str, Key)], locale: Locale) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(code, key)| (code.to_string(), locale.text(*key).to_string()))
        .collect()
}

/// The module form: new (`/admin/catalog/modules/new`) or existing (`…/modules/{id}`).
#[component]
pub fn ModuleFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let module_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let data = Resource::new(module_id, catalog_form_data);
    let save = ServerAction::<SaveModule>::new();
    let error = action_error(save);
    view! {
        <Title text=i18n.t(Key::AdminModuleFormTitle) />
        <section class="form-page form-page--wide" aria-labelledby="module-form-title">
            <h1 id="module-form-title">{i18n.t(Key::AdminModuleFormTitle)}</h1>
            <Notice param="saved" texts=&[("module", Key::AdminSaved)] />
            <p><A href="/admin/catalog">{i18n.t(Key::AdminBackToCatalog)}</A></p>
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(data) => {
                                let m = data.module.clone();
                                let value = |f: fn(&ModuleView) -> String| m.as_ref().map(f).unwrap_or_default();
                                let (code, credits, hours) = (value(|m| m.code.clone()), value(|m| m.credits.to_string()), value(|m| m.hours.to_string()));
                                let (level, mode, audience) = (value(|m| m.level.clone()), value(|m| m.delivery_mode.clone()), value(|m| m.audience.clone()));
                                let (prerequisites, status) = (value(|m| m.prerequisites.join(", ")), value(|m| m.status.clone()));
                                let texts = |f: fn(&ModuleView) -> &BTreeMap<String, String>| -> Vec<String> {
                                    Locale::ALL
                                        .iter()
                                        .map(|l| m.as_ref().and_then(|m| f(m).get(l.code()).cloned()).unwrap_or_default())
                                        .collect()
                                };
                                let titles = texts(|m| &m.title);
                                let summaries = texts(|m| &m.summary);
                                let id = m.as_ref().map(|m| m.id.to_string());
                                let held: Vec<String> = m.as_ref().map(|m| m.topics.clone()).unwrap_or_default();
                                let organiser = m.as_ref().and_then(|m| m.organising_agency_id).map(|id| id.to_string()).unwrap_or_default();
                                let organisers: Vec<(String, String)> = data.agencies.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
                                let locale = i18n.locale();
                                let topics_error = error.get_untracked().and_then(|e| e.field_message("topics"));
                                let topics_described = topics_error.is_some().then_some("module-topics-error");
                                view! {
                                    <ActionForm action=save attr:class="stacked-form" attr:id="module-form">
                                        <FormAlert error=error />
                                        {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
                                        <Input form="module" name="code" label=Key::AdminModuleCode hint=Key::AdminCodeHint maxlength=40
                                            value=code.clone() error />
                                        <LanguageTexts form="module" name="title" legend=Key::AdminModuleTitle hint=Key::CatalogAdminTitleHint
                                            label=Key::AdminTitleIn texts=titles error />
                                        <SimilarModules
                                            intro=locale.text(Key::AdminSimilar).to_string()
                                            code=code
                                        />
                                        <LanguageTexts form="module" name="summary" legend=Key::CatalogAdminSummary optional=true
                                            label=Key::AdminSummaryIn texts=summaries multiline=true error />
                                        <fieldset class="field topics" aria-describedby=topics_described>
                                            <legend>{i18n.t(Key::CatalogTopic)}<OptionalMark /></legend>
                                            {data.topics
                                                .iter()
                                                .map(|t| {
                                                    let checked = held.contains(&t.code);
                                                    view! {
                                                        <label class="checkbox">
                                                            <input type="checkbox" name=format!("topics[{}]", t.code) value="on" checked=checked />
                                                            {t.name.clone()}
                                                        </label>
                                                    }
                                                })
                                                .collect_view()}
                                            {topics_error.map(|text| view! { <p class="field-error" id="module-topics-error">{text}</p> })}
                                        </fieldset>
                                        <Input form="module" name="credits" label=Key::ModuleCreditsLabel kind="number" min="0" max="60" maxlength=3
                                            value=credits error />
                                        <Input form="module" name="hours" label=Key::ModuleHoursLabel kind="number" min="1" max="2000" maxlength=4
                                            value=hours error />
                                        <SelectField form="module" name="level" label=Key::AdminLevel required=true
                                            options=options(&[("introductory", Key::LevelIntroductory), ("intermediate", Key::LevelIntermediate), ("advanced", Key::LevelAdvanced)], locale)
                                            selected=level error=error />
                                        <SelectField form="module" name="delivery_mode" label=Key::CatalogMode required=true
                                            options=options(&[("onsite", Key::ModeOnsite), ("distance", Key::ModeDistance), ("blended", Key::ModeBlended)], locale)
                                            selected=mode error=error />
                                        <SelectField form="module" name="audience" label=Key::CatalogAudience required=true
                                            options=options(&[("both", Key::AudienceBoth), ("police", Key::AudiencePolice), ("civilian", Key::AudienceCivilian)], locale)
                                            selected=audience error=error />
                                        <Input form="module" name="prerequisites" label=Key::ModulePrerequisites hint=Key::AdminPrerequisitesHint
                                            optional=true maxlength=2000 value=prerequisites error />
                                        <SelectField form="module" name="status" label=Key::AdminStatus required=true
                                            options=options(&[("draft", Key::StatusDraft), ("published", Key::StatusPublished), ("archived", Key::StatusArchived)], locale)
                                            selected=status error=error />
                                        <Choice form="module" name="organising_agency_id" label=Key::CatalogOrganiser
                                            hint=Key::CatalogOrganiserHint optional=true error=error
                                            options=options_html(&organisers, &organiser, Some(locale.text(Key::CatalogOrganiserNone))) />
                                        <button type="submit" class="primary-button">{i18n.t(Key::FormSave)}</button>
                                    </ActionForm>
                                    {m.as_ref().map(|m| view! { <ModuleLookalikes id=m.id /> })}
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}
