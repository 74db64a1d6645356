//! A practical test's sheet (`/admin/practical-tests/{id}`): the scenario and checklist, each
//! trainee's outcome with a link to observe them, and releasing the results.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::{ReleasePractical, load_practical_sheet};
use super::super::dto::PracticalSheet;
use super::{outcome_line, param_id};
use crate::auth::Notice;
use crate::catalog::forbidden_or_error;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, use_i18n};

/// A practical test with every trainee's outcome.
#[component]
pub fn PracticalSheetPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || param_id(&params.read(), "id"),
        |id| async move {
            match id {
                Some(id) => load_practical_sheet(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::PracticalTitle) />
        <section class="wide-page" aria-labelledby="sheet-title">
            <Suspense fallback=|| ()>
                {move || data.get().map(|found| match found {
                    Err(e) => forbidden_or_error(e),
                    Ok(sheet) => view! { <Sheet sheet /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Sheet(sheet: PracticalSheet) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let release = ServerAction::<ReleasePractical>::new();
    let error = action_error(release);
    let id = sheet.summary.id;
    let first = sheet.rows.first().map(|r| r.enrollment_id);
    view! {
        <p class="breadcrumb">
            <A href=format!("/admin/offerings/{}/practical-tests", sheet.offering_id)>{i18n.t(Key::PracticalTitle)}</A>
        </p>
        <h1 id="sheet-title">{sheet.summary.title.clone()}</h1>
        <Notice param="saved" texts=&[
            ("test", Key::PracticalSaved),
            ("released", Key::PracticalReleasedNotice),
            ("all", Key::PracticalAllObserved),
        ] />
        <p>{sheet.module_title.clone()}" · "
            {locale.format(Key::PracticalCriteriaCount, &[("count", &sheet.summary.criteria.to_string()), ("pass", &sheet.summary.pass_percent.to_string())])}
            " · "<A href=format!("/admin/offerings/{}/practical-tests/{id}/edit", sheet.offering_id)>{i18n.t(Key::PracticalEdit)}</A>
        </p>
        {sheet.instructions.clone().map(|text| view! { <p class="scenario">{text}</p> })}
        <details>
            <summary>{i18n.t(Key::PracticalFieldCriteria)}</summary>
            <ol>
                {sheet.criteria.iter().map(|c| view! {
                    <li>{c.text.clone()}" ("{c.points}")"
                        {c.critical.then(|| view! { " " <span class="badge">{i18n.t(Key::PracticalCritical)}</span> })}
                    </li>
                }).collect_view()}
            </ol>
        </details>
        {first.map(|e| view! {
            <p><A href=format!("/admin/practical-tests/{id}/trainees/{e}") attr:class="primary-button" attr:id="observe-first">{i18n.t(Key::PracticalStart)}</A></p>
        })}
        <div class="table-scroll">
            <table class="data-table" id="practical-sheet">
                <thead><tr>
                    <th scope="col">{i18n.t(Key::GainTrainee)}</th>
                    <th scope="col">{i18n.t(Key::PracticalOutcome)}</th>
                    <th scope="col"><span class="visually-hidden">{i18n.t(Key::PracticalObserve)}</span></th>
                </tr></thead>
                <tbody>
                    {sheet.rows.iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.name.clone()}</th>
                            <td>{r.outcome.map(|o| outcome_line(locale, &o)).unwrap_or_else(|| locale.text(Key::PracticalNotStarted).to_string())}</td>
                            <td><A href=format!("/admin/practical-tests/{id}/trainees/{}", r.enrollment_id)>{i18n.t(Key::PracticalObserve)}</A></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {match sheet.summary.released_at.clone() {
            Some(at) => view! {
                <p class="form-notice" id="practical-released">{locale.format(Key::PracticalReleasedOn, &[("date", &locale.date_time(&at))])}</p>
            }.into_any(),
            None => view! {
                <ActionForm action=release attr:class="stacked-form" attr:id="release-practical">
                    <FormAlert error=error />
                    <input type="hidden" name="test_id" value=id />
                    <p class="field-hint">{i18n.t(Key::PracticalReleaseHint)}</p>
                    <button type="submit" class="primary-button">{i18n.t(Key::PracticalRelease)}</button>
                </ActionForm>
            }.into_any(),
        }}
    }
}
