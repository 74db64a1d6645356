//! A session's roll call (`/admin/sessions/{id}/attendance`), made for a phone in one hand: each
//! trainee with four large choices and a note. A first roll call starts with everyone present,
//! so the instructor changes only the exceptions; changing a recorded mark asks why, and every
//! mark given or changed is listed below with who, when and why.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::super::api::{TakeRollCall, load_roll_call};
use super::super::codes::{AttendanceStatus, MarkSource};
use super::super::dto::RollCall;
use super::{param_id, session_line, status_key};
use crate::catalog::forbidden_or_error;
use crate::forms::{FieldMessage, FormAlert, action_error, typed_value};
use crate::i18n::{Key, use_i18n};

/// A session's roll call.
#[component]
pub fn RollCallPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || param_id(&params.read(), "id"),
        |id| async move {
            match id {
                Some(id) => load_roll_call(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::RollCallTitle) />
        <section class="wide-page" aria-labelledby="roll-call-title">
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(call) => view! { <Roll call /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Roll(call: RollCall) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let query = use_query_map();
    let save = ServerAction::<TakeRollCall>::new();
    let error = action_error(save);
    let session = call.session.clone();
    let id = session.session_id;
    let saved = move || {
        query
            .read()
            .get("saved")
            // Only a number is shown back: the address is not a place for text.
            .and_then(|n| n.parse::<u32>().ok())
            .map(|n| locale.format(Key::RollCallSaved, &[("count", &n.to_string())]))
    };
    let typed = |field: String| typed_value("take_roll_call", &field);
    let first = call.first_call;
    view! {
        <p class="breadcrumb">
            <A href=format!("/admin/offerings/{}/attendance", session.offering_id)>{i18n.t(Key::AttendanceTitle)}</A>
        </p>
        <h1 id="roll-call-title">{locale.format(Key::RollCallHeading, &[("module", &session.module_title)])}</h1>
        <p id="roll-call-session">{session_line(locale, &session)}</p>
        {move || saved().map(|text| view! { <p class="form-notice" role="status">{text}</p> })}
        {call.self_check_in.then(|| view! {
            <p>
                <A href=format!("/admin/sessions/{id}/check-in") attr:class="action-link">{i18n.t(Key::CheckInCodeLink)}</A>
                {call.check_in_open.then(|| view! { " " <span class="badge">{i18n.t(Key::CheckInOpenBadge)}</span> })}
            </p>
        })}
        {call.trainees.is_empty().then(|| view! { <p>{i18n.t(Key::AttendanceNoTrainees)}</p> })}
        {first.then(|| view! { <p class="field-hint" id="roll-call-first">{i18n.t(Key::RollCallFirstHint)}</p> })}
        <ActionForm action=save attr:class="stacked-form roll-call" attr:id="roll-call">
            <FormAlert error=error />
            <FieldMessage error name="marks" />
            <input type="hidden" name="session_id" value=id />
            {call.trainees.iter().map(|t| {
                let eid = t.enrollment_id;
                let status_field = format!("status[{eid}]");
                let note_field = format!("note[{eid}]");
                // What the form shows: as typed after a refusal, else the mark, else (first
                // roll call) present.
                let chosen = typed(status_field.clone())
                    .or_else(|| t.status.map(|s| s.code().to_string()))
                    .or_else(|| first.then(|| AttendanceStatus::Present.code().to_string()))
                    .unwrap_or_default();
                let note = typed(note_field.clone()).or_else(|| t.note.clone()).unwrap_or_default();
                let checked_in = t.source == Some(MarkSource::CheckIn);
                view! {
                    <fieldset class="field mark-row" id=format!("mark-{eid}")>
                        <legend>{t.name.clone()}
                            {checked_in.then(|| view! { " " <span class="badge">{i18n.t(Key::MarkCheckedIn)}</span> })}
                        </legend>
                        <div class="mark-choices">
                            {AttendanceStatus::ALL.iter().map(|s| {
                                let input_id = format!("mark-{eid}-{}", s.code());
                                view! {
                                    <span class="mark-choice">
                                        <input type="radio" id=input_id.clone() name=status_field.clone() value=s.code()
                                            checked=chosen == s.code() />
                                        <label for=input_id>{i18n.t(status_key(*s))}</label>
                                    </span>
                                }
                            }).collect_view()}
                        </div>
                        <label class="visually-hidden" for=format!("note-{eid}")>{locale.format(Key::MarkNoteFor, &[("name", &t.name)])}</label>
                        <input type="hidden" name=format!("was[{eid}]") value=t.status.map(|s| s.code()).unwrap_or_default() />
                        <input id=format!("note-{eid}") name=note_field maxlength="400" value=note
                            placeholder=locale.text(Key::MarkNote) />
                    </fieldset>
                }
            }).collect_view()}
            {(!first).then(|| view! {
                <div class="field">
                    <label for="roll-call-reason">{i18n.t(Key::RollCallReason)}</label>
                    <p class="field-hint" id="roll-call-reason-hint">{i18n.t(Key::RollCallReasonHint)}</p>
                    <textarea id="roll-call-reason" name="reason" rows="2" maxlength="400" aria-describedby="roll-call-reason-hint">
                        {typed("reason".to_string()).unwrap_or_default()}
                    </textarea>
                    <FieldMessage error name="reason" />
                </div>
            })}
            {(!call.trainees.is_empty()).then(|| view! {
                <button type="submit" class="primary-button">{i18n.t(Key::RollCallSave)}</button>
            })}
        </ActionForm>
        <h2 id="history-title">{i18n.t(Key::RollCallHistory)}</h2>
        {call.history.is_empty().then(|| view! { <p>{i18n.t(Key::RollCallNoHistory)}</p> })}
        <ul class="history-list" id="roll-call-history" aria-labelledby="history-title">
            {call.history.into_iter().map(|c| {
                let change = match c.old {
                    Some(old) => format!("{} → {}", locale.text(status_key(old)), locale.text(status_key(c.new))),
                    None => locale.text(status_key(c.new)).to_string(),
                };
                let how = match c.source {
                    MarkSource::CheckIn => locale.text(Key::MarkCheckedIn).to_string(),
                    MarkSource::RollCall => c.by.clone().unwrap_or_default(),
                };
                view! {
                    <li>
                        <strong>{c.name}</strong>": "{change}
                        " · "{how}" · "{locale.date_time(&c.at)}" UTC"
                        {c.note.map(|n| view! { " · " <em>{n}</em> })}
                        {c.reason.map(|r| view! { <br /><span class="field-hint">{locale.format(Key::RollCallBecause, &[("reason", &r)])}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
