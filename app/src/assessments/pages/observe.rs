//! Observing one trainee (`/admin/practical-tests/{id}/trainees/{enrollment}`), made for a phone
//! during the exercise: each criterion with three large choices, the feedback, "Save" and "Save
//! and next trainee"; after release, a change asks why. The outcome so far and its history
//! below.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::super::api::{ObserveTrainee, load_observation};
use super::super::codes::CriterionMark;
use super::super::dto::Observation;
use super::{mark_key, outcome_line, param_id};
use crate::catalog::forbidden_or_error;
use crate::forms::{FieldMessage, FormAlert, action_error, typed_value};
use crate::i18n::{Key, use_i18n};

/// One trainee observed against a test.
#[component]
pub fn ObservationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || {
            let p = params.read();
            (param_id(&p, "id"), param_id(&p, "enrollment"))
        },
        |(test, enrollment)| async move {
            match (test, enrollment) {
                (Some(test), Some(enrollment)) => load_observation(test, enrollment).await,
                _ => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::PracticalObserve) />
        <section class="narrow-page" aria-labelledby="observe-title">
            <Suspense fallback=|| ()>
                {move || data.get().map(|found| match found {
                    Err(e) => forbidden_or_error(e),
                    Ok(seen) => view! { <Observe seen /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Observe(seen: Observation) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let query = use_query_map();
    let save = ServerAction::<ObserveTrainee>::new();
    let error = action_error(save);
    let typed = |field: String| typed_value("observe_trainee", &field);
    let notice = query
        .read_untracked()
        .get("saved")
        .and_then(|v| match v.as_str() {
            "1" => Some(Key::PracticalObservationSaved),
            "previous" => Some(Key::PracticalPreviousSaved),
            _ => None,
        });
    let test = seen.test_id;
    view! {
        <p class="breadcrumb"><A href=format!("/admin/practical-tests/{test}")>{seen.title.clone()}</A></p>
        <h1 id="observe-title">{seen.name.clone()}</h1>
        {notice.map(|key| view! { <p class="form-notice" role="status">{i18n.t(key)}</p> })}
        {seen.outcome.map(|o| view! { <p id="observation-outcome"><strong>{outcome_line(locale, &o)}</strong></p> })}
        {seen.instructions.clone().map(|text| view! { <details><summary>{i18n.t(Key::PracticalFieldScenario)}</summary><p class="scenario">{text}</p></details> })}
        <ActionForm action=save attr:class="stacked-form" attr:id="observation">
            <FormAlert error=error />
            <FieldMessage error name="marks" />
            <input type="hidden" name="test_id" value=test />
            <input type="hidden" name="enrollment_id" value=seen.enrollment_id />
            {seen.next_enrollment_id.map(|next| view! { <input type="hidden" name="next" value=next /> })}
            {seen.criteria.iter().zip(seen.marks.iter()).map(|(c, mark)| {
                let name = format!("mark[{}]", c.id);
                let chosen = typed(name.clone()).or_else(|| mark.map(|m| m.code().to_string())).unwrap_or_default();
                view! {
                    <fieldset class="field mark-row" id=format!("criterion-{}", c.id)>
                        <legend>{c.text.clone()}
                            {c.critical.then(|| view! { " " <span class="badge">{i18n.t(Key::PracticalCritical)}</span> })}
                        </legend>
                        <div class="mark-choices">
                            {CriterionMark::ALL.iter().map(|m| {
                                let input_id = format!("criterion-{}-{}", c.id, m.code());
                                view! {
                                    <span class="mark-choice">
                                        <input type="radio" id=input_id.clone() name=name.clone() value=m.code() checked=chosen == m.code() />
                                        <label for=input_id>{i18n.t(mark_key(*m))}</label>
                                    </span>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                }
            }).collect_view()}
            <div class="field">
                <label for="observation-feedback">{i18n.t(Key::PracticalFeedback)}</label>
                <textarea id="observation-feedback" name="feedback" rows="3" maxlength="400">
                    {typed("feedback".into()).or_else(|| seen.feedback.clone()).unwrap_or_default()}
                </textarea>
                <FieldMessage error name="feedback" />
            </div>
            {seen.released.then(|| view! {
                <div class="field">
                    <label for="observation-reason">{i18n.t(Key::PracticalReason)}</label>
                    <p class="field-hint" id="observation-reason-hint">{i18n.t(Key::PracticalReasonHint)}</p>
                    <textarea id="observation-reason" name="reason" rows="2" maxlength="400" aria-describedby="observation-reason-hint">
                        {typed("reason".into()).unwrap_or_default()}
                    </textarea>
                    <FieldMessage error name="reason" />
                </div>
            })}
            <p class="form-actions">
                <button type="submit" class="secondary-button" name="intent" value="save">{i18n.t(Key::PracticalSaveMarks)}</button>
                " "
                <button type="submit" class="primary-button" name="intent" value="next">
                    {i18n.t(if seen.next_enrollment_id.is_some() { Key::PracticalSaveNext } else { Key::PracticalSaveLast })}
                </button>
            </p>
        </ActionForm>
        <h2 id="result-history-title">{i18n.t(Key::PracticalHistory)}</h2>
        {seen.history.is_empty().then(|| view! { <p>{i18n.t(Key::PracticalNoHistory)}</p> })}
        <ul id="result-history" aria-labelledby="result-history-title">
            {seen.history.into_iter().map(|c| {
                let show = |score: Option<f64>, passed: Option<bool>| {
                    let verdict = match passed {
                        Some(true) => locale.text(Key::PracticalPassed),
                        Some(false) => locale.text(Key::PracticalFailed),
                        None => locale.text(Key::PracticalInProgress),
                    };
                    match score {
                        Some(s) => format!("{verdict} {}", locale.percent(s)),
                        None => verdict.to_string(),
                    }
                };
                view! {
                    <li>
                        {show(c.old_score, c.old_passed)}" → "{show(c.new_score, c.new_passed)}
                        " · "{c.by.clone().unwrap_or_default()}" · "{locale.date_time(&c.at)}" UTC"
                        {c.reason.map(|r| view! { <br /><span class="field-hint">{locale.format(Key::RollCallBecause, &[("reason", &r)])}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
