//! A trainee's check-in page (`/check-in/{session}`), opened from the QR code on their phone
//! with the code filled in, or by typing the code the instructor shows.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::super::api::{CheckIn, load_check_in};
use super::super::dto::CheckInForm;
use super::{param_id, session_line, status_key};
use crate::auth::return_path::SafeReturnPath;
use crate::error::AppError;
use crate::forms::{FieldMessage, FormAlert, action_error, typed_value};
use crate::i18n::{Key, use_i18n};

/// Where a trainee checks in.
#[component]
pub fn CheckInPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || param_id(&params.read(), "session"),
        |id| async move {
            match id {
                Some(id) => load_check_in(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::CheckInTitle) />
        <section class="narrow-page" aria-labelledby="check-in-title">
            <h1 id="check-in-title">{i18n.t(Key::CheckInTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            // Signed out (the phone's camera opened the link): sign in, then
                            // come back here with the code still filled in.
                            Err(AppError::SignInRequired) => {
                                let id = param_id(&params.read_untracked(), "session").unwrap_or_default();
                                let code = query.read_untracked().get("code").unwrap_or_default();
                                let code: String = code.chars().filter(char::is_ascii_digit).take(6).collect();
                                let here = format!("/check-in/{id}?code={code}");
                                let next = SafeReturnPath::parse(&here)
                                    .map_or_else(|| "/sign-in".to_string(), |p| p.carried_to("/sign-in"));
                                view! {
                                    <p>{i18n.t(Key::CheckInSignIn)}</p>
                                    <p><a class="primary-button" href=next id="check-in-sign-in">{i18n.t(Key::NavSignIn)}</a></p>
                                }.into_any()
                            }
                            Err(e) => crate::catalog::forbidden_or_error(e),
                            Ok(form) => view! { <Form form /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Form(form: CheckInForm) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let query = use_query_map();
    let action = ServerAction::<CheckIn>::new();
    let error = action_error(action);
    let done = query.read_untracked().get("done");
    let code = typed_value("check_in", "code")
        .or_else(|| query.read_untracked().get("code"))
        .map(|c| {
            c.chars()
                .filter(char::is_ascii_digit)
                .take(6)
                .collect::<String>()
        })
        .unwrap_or_default();
    let window = locale.format(
        Key::CheckInWindow,
        &[
            ("opens", &locale.date_time(&form.opens_at)),
            ("closes", &locale.date_time(&form.closes_at)),
        ],
    );
    // Why a check-in would be refused, said before the trainee tries (the service's rule).
    let blocked = form.blocked.clone();
    let marked = form.status.map(|s| {
        locale.format(
            Key::CheckInMarkedAs,
            &[("status", locale.text(status_key(s)))],
        )
    });
    let show_form = blocked.is_none() && form.status.is_none();
    view! {
        <p id="check-in-session">{form.session.module_title.clone()}" · "{session_line(locale, &form.session)}</p>
        <p class="field-hint" id="check-in-window">{window}</p>
        {(done.as_deref() == Some("marked")).then(|| view! {
            <p class="form-notice" role="status" id="check-in-done">{i18n.t(Key::CheckInDone)}</p>
        })}
        {marked.map(|text| view! { <p class="form-notice" id="check-in-status">{text}</p> })}
        {form.status.is_none().then(|| blocked.clone().map(|text| view! { <p class="form-error" id="check-in-blocked">{text}</p> })).flatten()}
        {show_form.then(|| view! {
            <ActionForm action attr:class="stacked-form" attr:id="check-in-form">
                <FormAlert error=error />
                <input type="hidden" name="session_id" value=form.session.session_id />
                <div class="field">
                    <label for="check-in-code">{i18n.t(Key::CheckInCodeLabel)}</label>
                    <p class="field-hint" id="check-in-code-hint">{i18n.t(Key::CheckInCodeHint)}</p>
                    <input id="check-in-code" name="code" inputmode="numeric" autocomplete="one-time-code"
                        maxlength="7" value=code aria-describedby="check-in-code-hint" class="code-input" />
                    <FieldMessage error name="code" />
                </div>
                <button type="submit" class="primary-button">{i18n.t(Key::CheckInButton)}</button>
            </ActionForm>
        })}
    }
}
