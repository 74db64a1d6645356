//! Administration → scholarships: the programmes with their balances, and a new programme.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{cover_key, error_view};
use crate::catalog::LanguageTexts;
use crate::forms::{Field, FieldMessage, FormAlert, action_error, typed_value};
use crate::i18n::{Key, Locale, use_i18n};
use crate::scholarships::api::{CreateScholarshipProgramme, admin_scholarships};

/// Administration → scholarships: every programme with its balances, and the form for a new
/// one.
#[component]
pub fn AdminScholarshipsPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateScholarshipProgramme>::new();
    let error = action_error(create);
    let data = Resource::new(|| (), |_| admin_scholarships());
    let typed =
        |field: &str| typed_value("create_scholarship_programme", field).unwrap_or_default();
    let was_ticked = move |field: &str, code: &str| typed(field).split(',').any(|c| c == code);
    // What was typed in each language, in the order the form lists the languages.
    let by_language = move |field: &str| -> Vec<String> {
        Locale::ALL
            .into_iter()
            .map(|lang| typed(&format!("{field}[{}]", lang.code())))
            .collect()
    };
    view! {
        <Title text=i18n.t(Key::ScholarshipAdminTitle) />
        <section class="wide-page" aria-labelledby="scholarships-title">
            <h1 id="scholarships-title">{i18n.t(Key::ScholarshipAdminTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    data.get().map(|found| match found {
                        Err(e) => error_view(e),
                        Ok((programmes, modules)) => view! {
                            {if programmes.is_empty() {
                                view! { <p>{i18n.t(Key::ScholarshipNoProgrammes)}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="data-table" id="scholarship-programmes">
                                        <thead><tr>
                                            <th scope="col">{i18n.t(Key::ScholarshipProgramme)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipBudget)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipAwarded)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipCommitted)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipSpent)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipRemaining)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipPending)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {programmes.into_iter().map(|p| {
                                                let locale = i18n.locale();
                                                let money = |v: &str| locale.money(v, &p.currency);
                                                // This page is for administrators, who read budgets.
                                                let b = p.balances.clone().unwrap_or_default();
                                                view! {
                                                    <tr>
                                                        <td data-label=locale.text(Key::ScholarshipProgramme)>
                                                            <A href=format!("/admin/scholarships/{}", p.id)>{p.name.clone()}</A>
                                                            <br /><span class="field-hint">{p.funder.clone()}</span>
                                                        </td>
                                                        <td class="number" data-label=locale.text(Key::ScholarshipBudget)>{money(&b.budget)}</td>
                                                        <td class="number" data-label=locale.text(Key::ScholarshipAwarded)>{money(&b.awarded)}</td>
                                                        <td class="number" data-label=locale.text(Key::ScholarshipCommitted)>{money(&b.committed)}</td>
                                                        <td class="number" data-label=locale.text(Key::ScholarshipSpent)>{money(&b.spent)}</td>
                                                        <td class="number" data-label=locale.text(Key::ScholarshipRemaining)>{money(&b.remaining)}</td>
                                                        <td class="number" data-label=locale.text(Key::ScholarshipPending)>{locale.integer(b.pending_applications)}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                            <h2>{i18n.t(Key::ScholarshipNew)}</h2>
                            <ActionForm action=create attr:class="stacked-form" attr:id="scholarship-form">
                                <FormAlert error=error />
                                <LanguageTexts form="scholarship" name="name" legend=Key::ScholarshipName hint=Key::TrustScholarshipTextsHint
                                    label=Key::TrustScholarshipNameIn texts=by_language("name") error />
                                <LanguageTexts form="scholarship" name="funder" legend=Key::ScholarshipFunder
                                    label=Key::TrustScholarshipFunderIn texts=by_language("funder") error />
                                <Field form="scholarship" name="currency" label=Key::ScholarshipCurrency required=true maxlength=3 value=typed_value("create_scholarship_programme", "currency").unwrap_or_else(|| "USD".to_string()) error=error />
                                <Field form="scholarship" name="budget" value=typed("budget") label=Key::ScholarshipBudget required=true maxlength=16 error=error />
                                <Field form="scholarship" name="per_person_max" value=typed("per_person_max") label=Key::ScholarshipPerPersonMax required=true maxlength=16 error=error />
                                <fieldset class="field">
                                    <legend>{i18n.t(Key::ScholarshipCovers)}</legend>
                                    {crate::scholarships::dto::COVERS.iter().map(|c| view! {
                                        <label class="checkbox">
                                            <input type="checkbox" name=format!("covers[{c}]") value="on" checked=was_ticked("covers", c) />
                                            {i18n.t(cover_key(c))}
                                        </label>
                                    }).collect_view()}
                                    <FieldMessage error=error name="covers" />
                                </fieldset>
                                <fieldset class="field">
                                    <legend>{i18n.t(Key::ScholarshipModules)}</legend>
                                    {modules.into_iter().map(|(id, title)| view! {
                                        <label class="checkbox">
                                            <input type="checkbox" name=format!("modules[{id}]") value="on" checked=was_ticked("modules", &id.to_string()) />
                                            {title}
                                        </label>
                                    }).collect_view()}
                                    <FieldMessage error=error name="covered_module_ids" />
                                </fieldset>
                                <Field form="scholarship" name="eligible_countries" value=typed("eligible_countries") label=Key::ScholarshipCountriesOptional hint=Key::ScholarshipCountriesHint error=error />
                                <fieldset class="field">
                                    <legend>{i18n.t(Key::ScholarshipAffiliations)}</legend>
                                    <label class="checkbox"><input type="checkbox" name="affiliations[police]" value="on" checked=was_ticked("affiliations", "police") />{i18n.t(Key::AffiliationPolice)}</label>
                                    <label class="checkbox"><input type="checkbox" name="affiliations[civilian]" value="on" checked=was_ticked("affiliations", "civilian") />{i18n.t(Key::AffiliationCivilian)}</label>
                                    <FieldMessage error=error name="eligible_affiliations" />
                                </fieldset>
                                <Field form="scholarship" name="opens" value=typed("opens") label=Key::ScholarshipOpens kind="date" required=true error=error />
                                <Field form="scholarship" name="closes" value=typed("closes") label=Key::ScholarshipCloses kind="date" required=true error=error />
                                <LanguageTexts form="scholarship" name="conditions" legend=Key::ScholarshipConditions optional=true multiline=true
                                    label=Key::TrustScholarshipConditionsIn texts=by_language("conditions") error />
                                <button type="submit" class="primary-button">{i18n.t(Key::FormSave)}</button>
                            </ActionForm>
                        }.into_any(),
                    })
                }}
            </Suspense>
        </section>
    }
}
