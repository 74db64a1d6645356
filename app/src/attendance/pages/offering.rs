//! An offering's attendance (`/admin/offerings/{id}/attendance`): its sessions with links to
//! each roll call and check-in code, each trainee's rate, and the offering's two settings.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::{SaveAttendanceSettings, load_offering_attendance};
use super::super::dto::OfferingAttendance;
use super::{param_id, session_line};
use crate::auth::Notice;
use crate::catalog::forbidden_or_error;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, use_i18n};

/// An offering's attendance sheet.
#[component]
pub fn OfferingAttendancePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || param_id(&params.read(), "id"),
        |id| async move {
            match id {
                Some(id) => load_offering_attendance(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::AttendanceTitle) />
        <section class="wide-page" aria-labelledby="attendance-title">
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(sheet) => view! { <Sheet sheet /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Sheet(sheet: OfferingAttendance) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let offering = sheet.offering_id;
    let heading = locale.format(
        Key::AttendanceHeading,
        &[(
            "offering",
            &format!("{} · {}", sheet.module_title, locale.date(&sheet.starts_on)),
        )],
    );
    let settings = ServerAction::<SaveAttendanceSettings>::new();
    let error = action_error(settings);
    let self_check_in = sheet.self_check_in;
    let dash = || "—".to_string();
    view! {
        <h1 id="attendance-title">{heading}</h1>
        <Notice param="saved" texts=&[("settings", Key::AttendanceSettingsSaved)] />
        <p>
            <A href=format!("/admin/offerings/{offering}/enrollments")>{i18n.t(Key::AttendanceRosterLink)}</A>
            " · "
            <A href=format!("/admin/offerings/{offering}/progress")>{i18n.t(Key::ResultsProgressLink)}</A>
            " · "
            <A href=format!("/admin/offerings/{offering}/practical-tests")>{i18n.t(Key::PracticalTitle)}</A>
        </p>
        <details class="card">
            <summary>{i18n.t(Key::AttendanceSettings)}</summary>
            <ActionForm action=settings attr:class="stacked-form" attr:id="attendance-settings">
                <FormAlert error=error />
                <input type="hidden" name="offering_id" value=offering />
                <div class="field field--check">
                    <input type="checkbox" id="self-check-in" name="self_check_in" value="on" checked=sheet.self_check_in />
                    <label for="self-check-in">{i18n.t(Key::AttendanceSelfCheckIn)}</label>
                    <p class="field-hint">{i18n.t(Key::AttendanceSelfCheckInHint)}</p>
                </div>
                <div class="field field--check">
                    <input type="checkbox" id="late-counts" name="late_counts_present" value="on" checked=sheet.late_counts_present />
                    <label for="late-counts">{i18n.t(Key::AttendanceLateCounts)}</label>
                </div>
                <button type="submit" class="primary-button">{i18n.t(Key::AttendanceSaveSettings)}</button>
            </ActionForm>
        </details>
        <h2 id="sessions-title">{i18n.t(Key::AttendanceSessions)}</h2>
        {sheet.sessions.is_empty().then(|| view! { <p>{i18n.t(Key::AttendanceNoSessions)}</p> })}
        <ul class="grading-list" id="attendance-sessions" aria-labelledby="sessions-title">
            {sheet.sessions.iter().map(|s| {
                let id = s.session.session_id;
                let tally = locale.format(Key::AttendanceRecorded, &[
                    ("recorded", &s.recorded.to_string()),
                    ("total", &sheet.trainees.len().to_string()),
                    ("attended", &s.attended.to_string()),
                ]);
                view! {
                    <li class="card" id=format!("session-{id}")>
                        <p><strong>{session_line(locale, &s.session)}</strong></p>
                        <p>{tally}</p>
                        <p>
                            <A href=format!("/admin/sessions/{id}/attendance") attr:class="action-link">{i18n.t(Key::RollCallLink)}</A>
                            {self_check_in.then(|| view! {
                                " · "
                                <A href=format!("/admin/sessions/{id}/check-in") attr:class="action-link">{i18n.t(Key::CheckInCodeLink)}</A>
                            })}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
        <h2 id="rates-title">{i18n.t(Key::AttendanceRates)}</h2>
        <p class="page-intro">{i18n.t(if sheet.late_counts_present { Key::AttendanceRateRuleLate } else { Key::AttendanceRateRule })}</p>
        {sheet.trainees.is_empty().then(|| view! { <p>{i18n.t(Key::AttendanceNoTrainees)}</p> })}
        <div class="table-scroll">
            <table class="data-table" id="attendance-rates" aria-labelledby="rates-title">
                <thead><tr>
                    <th scope="col">{i18n.t(Key::GainTrainee)}</th>
                    <th scope="col">{i18n.t(Key::AttendanceRate)}</th>
                    <th scope="col">{i18n.t(Key::AttendanceAttendedOfHeld)}</th>
                    <th scope="col">{i18n.t(Key::MarkExcused)}</th>
                    <th scope="col">{i18n.t(Key::AttendanceUnrecorded)}</th>
                </tr></thead>
                <tbody>
                    {sheet.trainees.iter().map(|t| view! {
                        <tr>
                            <th scope="row">{t.name.clone()}</th>
                            <td>{t.rate.map(|r| locale.percent(r)).unwrap_or_else(dash)}</td>
                            <td>{format!("{} / {}", t.attended, t.held)}</td>
                            <td>{t.excused}</td>
                            <td>{t.unrecorded}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
