//! The programme form: new (`/admin/catalog/programmes/new`) or existing
//! (`…/programmes/{id}`).

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::{forbidden_or_error, options};
use crate::auth::Notice;
use crate::catalog::api::{SaveProgramme, programme_for_edit};
use crate::catalog::dto::ProgrammeView;
use crate::forms::{Field, FieldMessage, FormAlert, SelectField, action_error};
use crate::i18n::{Key, Locale, use_i18n};

/// The programme form: new (`/admin/catalog/programmes/new`) or existing (`…/programmes/{id}`).
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
