//! A practical test's editor (`/admin/offerings/{id}/practical-tests/new` and
//! `…/practical-tests/{test}/edit`): title, scenario, pass mark and the checklist (a criterion
//! per row, with its points and whether it is critical). The checklist is fixed once a trainee
//! has a result.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::{SavePractical, load_practical_editor};
use super::super::dto::PracticalEditor;
use super::param_id;
use crate::catalog::forbidden_or_error;
use crate::forms::{FieldMessage, FormAlert, action_error, typed_value};
use crate::i18n::{Key, use_i18n};

/// Rows the form always offers beyond the criteria already written.
const SPARE_ROWS: usize = 4;

/// Creates or changes a practical test.
#[component]
pub fn PracticalEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || {
            let p = params.read();
            (param_id(&p, "id"), param_id(&p, "test"))
        },
        |(offering, test)| async move {
            match offering {
                Some(offering) => load_practical_editor(offering, test).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::PracticalEditorTitle) />
        <section class="narrow-page" aria-labelledby="practical-editor-title">
            <Suspense fallback=|| ()>
                {move || data.get().map(|found| match found {
                    Err(e) => forbidden_or_error(e),
                    Ok(editor) => view! { <Editor editor /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Editor(editor: PracticalEditor) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SavePractical>::new();
    let error = action_error(save);
    let typed = |field: &str| typed_value("save_practical", field);
    let rows = editor.criteria.len().max(6) + if editor.locked { 0 } else { SPARE_ROWS };
    let criteria = editor.criteria.clone();
    let locked = editor.locked;
    view! {
        <p class="breadcrumb">
            <A href=format!("/admin/offerings/{}/practical-tests", editor.offering_id)>{i18n.t(Key::PracticalTitle)}</A>
        </p>
        <h1 id="practical-editor-title">{i18n.t(if editor.id.is_some() { Key::PracticalEditorTitle } else { Key::PracticalNew })}</h1>
        <ActionForm action=save attr:class="stacked-form" attr:id="practical-form">
            <FormAlert error=error />
            <input type="hidden" name="offering_id" value=editor.offering_id />
            {editor.id.map(|id| view! { <input type="hidden" name="test_id" value=id /> })}
            <div class="field">
                <label for="practical-title">{i18n.t(Key::PracticalFieldTitle)}</label>
                <input id="practical-title" name="title" maxlength="200" required
                    value=typed("title").unwrap_or_else(|| editor.title.clone()) />
                <FieldMessage error name="title" />
            </div>
            <div class="field">
                <label for="practical-instructions">{i18n.t(Key::PracticalFieldScenario)}</label>
                <textarea id="practical-instructions" name="instructions" rows="4" maxlength="2000">
                    {typed("instructions").unwrap_or_else(|| editor.instructions.clone())}
                </textarea>
                <FieldMessage error name="instructions" />
            </div>
            <div class="field">
                <label for="practical-pass">{i18n.t(Key::PracticalFieldPass)}</label>
                <input id="practical-pass" name="pass_percent" inputmode="numeric" maxlength="3"
                    value=typed("pass_percent").unwrap_or_else(|| editor.pass_percent.to_string()) />
                <FieldMessage error name="pass_percent" />
            </div>
            <fieldset class="field" id="practical-criteria">
                <legend>{i18n.t(Key::PracticalFieldCriteria)}</legend>
                <p class="field-hint">{i18n.t(if locked { Key::PracticalChecklistLockedHint } else { Key::PracticalCriteriaHint })}</p>
                <FieldMessage error name="criteria" />
                <ol class="criteria-rows">
                    {(0..rows).map(|i| {
                        let existing = criteria.get(i);
                        let field = |part: &str| format!("criterion[{i}][{part}]");
                        let text = typed(&field("text")).or_else(|| existing.map(|c| c.text.clone())).unwrap_or_default();
                        let points = typed(&field("points")).or_else(|| existing.map(|c| c.points.to_string())).unwrap_or_else(|| "1".into());
                        let critical = typed(&field("critical")).is_some() || existing.is_some_and(|c| c.critical);
                        let n = (i + 1).to_string();
                        view! {
                            <li class="criterion-row">
                                {existing.map(|c| view! { <input type="hidden" name=field("id") value=c.id /> })}
                                <label for=format!("criterion-{i}-text")>{i18n.locale().format(Key::PracticalCriterionN, &[("n", &n)])}</label>
                                <input id=format!("criterion-{i}-text") name=field("text") maxlength="400" value=text readonly=locked />
                                <span class="criterion-row__extra">
                                    <label for=format!("criterion-{i}-points")>{i18n.t(Key::PracticalPoints)}</label>
                                    <input id=format!("criterion-{i}-points") name=field("points") inputmode="numeric" maxlength="3" size="3" value=points readonly=locked />
                                    <input type="checkbox" id=format!("criterion-{i}-critical") name=field("critical") value="on" checked=critical disabled=locked />
                                    <label for=format!("criterion-{i}-critical")>{i18n.t(Key::PracticalCritical)}</label>
                                    {(locked && critical).then(|| view! { <input type="hidden" name=field("critical") value="on" /> })}
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </fieldset>
            <button type="submit" class="primary-button">{i18n.t(Key::PracticalSave)}</button>
        </ActionForm>
    }
}
