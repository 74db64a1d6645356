//! The module form: new (`/admin/catalog/modules/new`) or existing (`…/modules/{id}`), with
//! similar modules shown while the title is typed and look-alikes once saved.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::{LanguageTexts, forbidden_or_error, options};
use crate::auth::Notice;
use crate::catalog::api::{SaveModule, catalog_form_data};
use crate::catalog::dto::ModuleView;
use crate::catalog::form_controls::{Choice, Input, OptionalMark, options_html};
use crate::catalog::lookalikes::ModuleLookalikes;
use crate::catalog::similar::SimilarModules;
use crate::forms::{FormAlert, SelectField, action_error};
use crate::i18n::{Key, Locale, use_i18n};

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
            <p>
                <A href="/admin/catalog">{i18n.t(Key::AdminBackToCatalog)}</A>
                {move || module_id().map(|id| view! {
                    " · "
                    <A href=format!("/admin/catalog/modules/{id}/content") attr:id="module-content-link">{i18n.t(Key::ContentLink)}</A>
                    " · "
                    <A href=format!("/admin/catalog/modules/{id}/questions") attr:id="module-questions-link">{i18n.t(Key::BankQuestionsAndQuizzes)}</A>
                })}
            </p>
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
                                let primary = value(|m| m.primary_language.clone());
                                let languages: Vec<(String, String)> = Locale::ALL.iter().map(|l| (l.code().to_string(), l.name_in(i18n.locale()).to_string())).collect();
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
                                        <SelectField form="module" name="primary_language" label=Key::ModulePrimaryLanguage placeholder=Key::ModulePrimaryLanguageAuto
                                            options=languages
                                            selected=primary error=error />
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
