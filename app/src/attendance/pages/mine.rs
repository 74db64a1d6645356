//! A trainee's sessions and attendance, on their course page: when and where each session
//! meets (a live session's link), their mark, a check-in link while check-in is open, and their
//! rate so far.

use leptos::prelude::*;
use leptos_router::components::A;

use super::super::api::load_my_attendance;
use super::super::dto::MyAttendance;
use super::{session_line, status_key};
use crate::i18n::{Key, use_i18n};

/// The sessions and attendance of one enrolment (nothing when it has none, or holds no seat).
#[component]
pub fn MyAttendanceSection(enrollment: i64) -> impl IntoView {
    let data = Resource::new(move || enrollment, load_my_attendance);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                data.get()
                    .and_then(Result::ok)
                    .filter(|mine| !mine.sessions.is_empty())
                    .map(|mine| view! { <Sessions mine /> })
            }}
        </Suspense>
    }
}

#[component]
fn Sessions(mine: MyAttendance) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let rate = match mine.rate {
        Some(rate) => locale.format(
            Key::MyAttendanceRate,
            &[
                ("rate", &locale.percent(rate)),
                ("attended", &mine.attended.to_string()),
                ("held", &mine.held.to_string()),
            ],
        ),
        None => locale.text(Key::MyAttendanceNoneHeld).to_string(),
    };
    view! {
        <section class="my-attendance" aria-labelledby="my-attendance-title" id="my-attendance">
            <h2 id="my-attendance-title">{i18n.t(Key::MyAttendanceTitle)}</h2>
            <p id="my-attendance-rate">{rate}</p>
            <p class="field-hint">{i18n.t(if mine.late_counts_present { Key::AttendanceRateRuleLate } else { Key::AttendanceRateRule })}</p>
            <ul class="history-list">
                {mine.sessions.into_iter().map(|s| {
                    let id = s.session.session_id;
                    let mark = match s.status {
                        Some(status) => locale.text(status_key(status)).to_string(),
                        None if s.session.held => locale.text(Key::AttendanceNotRecorded).to_string(),
                        None => String::new(),
                    };
                    view! {
                        <li id=format!("my-session-{id}")>
                            {session_line(locale, &s.session)}
                            {(!mark.is_empty()).then(|| view! { " " <span class="badge">{mark.clone()}</span> })}
                            {s.meeting_url.map(|url| view! {
                                <br />
                                <a href=url rel="noopener noreferrer" target="_blank" class="action-link">{i18n.t(Key::MyAttendanceJoin)}</a>
                            })}
                            {(s.check_in_open && s.status.is_none()).then(|| view! {
                                <br />
                                <A href=format!("/check-in/{id}") attr:class="action-link">{i18n.t(Key::CheckInButton)}</A>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
