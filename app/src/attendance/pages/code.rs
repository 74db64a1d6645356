//! The check-in code (`/admin/sessions/{id}/check-in`), for a projector or the instructor's
//! phone held up to the room: six digits and a QR code that opens the trainee's check-in page
//! with the code filled in. The page reloads itself when the code changes (a `refresh` meta, so
//! it works without JavaScript).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::load_check_in_code;
use super::super::dto::CheckInDisplay;
use super::{param_id, session_line};
use crate::catalog::forbidden_or_error;
use crate::i18n::{Key, use_i18n};

/// The code trainees enter to check in.
#[component]
pub fn CheckInCodePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || param_id(&params.read(), "id"),
        |id| async move {
            match id {
                Some(id) => load_check_in_code(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::CheckInCodeTitle) />
        <section class="narrow-page check-in-code" aria-labelledby="code-title">
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(shown) => view! { <Code shown /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Code(shown: CheckInDisplay) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let session = shown.session.clone();
    let id = session.session_id;
    // Reload as the code changes; a closed window is looked at again every half minute.
    let refresh = if shown.open { shown.seconds_left } else { 30 };
    let window = locale.format(
        Key::CheckInWindow,
        &[
            ("opens", &locale.date_time(&shown.opens_at)),
            ("closes", &locale.date_time(&shown.closes_at)),
        ],
    );
    let spaced = shown
        .code
        .get(..3)
        .zip(shown.code.get(3..))
        .map(|(a, b)| format!("{a} {b}"))
        .unwrap_or_default();
    view! {
        <Meta http_equiv="refresh" content=refresh.to_string() />
        <p class="breadcrumb">
            <A href=format!("/admin/sessions/{id}/attendance")>{i18n.t(Key::RollCallTitle)}</A>
        </p>
        <h1 id="code-title">{i18n.t(Key::CheckInCodeTitle)}</h1>
        <p>{session.module_title.clone()}" · "{session_line(locale, &session)}</p>
        {(!shown.enabled).then(|| view! {
            <p class="form-notice" id="check-in-off">
                {i18n.t(Key::CheckInOffForOffering)}" "
                <A href=format!("/admin/offerings/{}/attendance", session.offering_id)>{i18n.t(Key::AttendanceSettings)}</A>
            </p>
        })}
        {(shown.enabled && !shown.open).then(|| view! { <p class="form-notice" id="check-in-closed">{window.clone()}</p> })}
        {shown.open.then(|| view! {
            <p class="check-in-code__digits" id="check-in-code" aria-label=shown.code.clone()>{spaced}</p>
            <p class="check-in-code__changes" id="check-in-changes">
                {locale.format(Key::CheckInChangesIn, &[("seconds", &shown.seconds_left.to_string())])}
            </p>
            <div class="check-in-code__qr" role="img" aria-label=i18n.t(Key::CheckInQrLabel) inner_html=shown.qr_svg.clone()></div>
            <p class="field-hint">{i18n.t(Key::CheckInHowTo)}</p>
            <p class="field-hint">{window.clone()}</p>
        })}
        <p id="check-in-count">
            {locale.format(Key::CheckInMarkedCount, &[
                ("marked", &shown.marked.to_string()),
                ("total", &shown.trainees.to_string()),
            ])}
        </p>
        {(!shown.locked_out.is_empty()).then(|| view! {
            <p class="form-error" id="check-in-locked">
                {locale.format(Key::CheckInLockedOut, &[("names", &shown.locked_out.join(", "))])}
            </p>
        })}
    }
}
