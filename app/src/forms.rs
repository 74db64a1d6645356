//! Forms that work with and without JavaScript, with inline errors that keep what was typed.
//!
//! With JavaScript, an `ActionForm` posts in the background: the inputs keep their values and
//! the action's error is shown next to each field. Without it, the browser posts the form and
//! the server function answers with a redirect back to the form: Leptos carries the error in the
//! URL (`__err`), and [`keep_typed`] carries the typed values (never passwords) in a short-lived
//! `HttpOnly` cookie that the next page render reads once and clears. Typed values stay out of
//! URLs, and so out of access logs and browser history.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::{Key, use_i18n};

/// The field name of a refusal that concerns the whole form rather than one field.
pub const WHOLE_FORM: &str = "form";

/// The cookie that carries typed values across a no-JavaScript redirect.
pub const TYPED_COOKIE: &str = "picap_typed";

/// Values typed into one form, kept for the page the browser returns to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedValues {
    /// The form they were typed into (its server function's endpoint).
    pub form: String,
    /// Field name → typed value.
    pub values: BTreeMap<String, String>,
}

/// What was typed into `field` of `form` before a plain form post came back refused; empty when
/// nothing was (or JavaScript kept the inputs itself).
pub fn typed_value(form: &str, field: &str) -> Option<String> {
    use_context::<TypedValues>()
        .filter(|typed| typed.form == form)
        .and_then(|typed| typed.values.get(field).cloned())
}

/// The error a form's action finished with, for its fields and alert.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|result| result.err()))
}

/// One labelled input with its error, linked for screen readers.
#[component]
pub fn Field(
    /// Prefix of the element ids, unique on the page.
    form: &'static str,
    /// The input's `name`.
    name: &'static str,
    /// The label's text.
    label: Key,
    /// The form's error, if any.
    error: Signal<Option<AppError>>,
    /// `text`, `email`, `password`…
    #[prop(default = "text")]
    kind: &'static str,
    /// The `autocomplete` token.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Whether the browser should insist on a value.
    #[prop(optional)]
    required: bool,
    /// The longest value accepted.
    #[prop(default = 200)]
    maxlength: u32,
    /// The value to show at first.
    #[prop(optional, into)]
    value: Option<String>,
    /// A hint shown under the label.
    #[prop(optional)]
    hint: Option<Key>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("{form}-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let message = move || error.get().and_then(|e| e.field_message(name));
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--invalid=move || message().is_some()>
            <label for=id.clone()>{i18n.t(label)}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{i18n.t(hint)}</p> })}
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                maxlength=maxlength.to_string()
                value=value
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described
            />
            <Show when=move || message().is_some()>
                <p class="field-error" id=error_id.clone()>{message}</p>
            </Show>
        </div>
    }
}

/// One labelled `<select>` with its error.
#[component]
pub fn SelectField(
    /// Prefix of the element ids, unique on the page.
    form: &'static str,
    /// The select's `name`.
    name: &'static str,
    /// The label's text.
    label: Key,
    /// The form's error, if any.
    error: Signal<Option<AppError>>,
    /// (value, label) pairs, in display order.
    options: Vec<(String, String)>,
    /// The value selected at first.
    #[prop(optional, into)]
    selected: Option<String>,
    /// Whether a choice is required.
    #[prop(optional)]
    required: bool,
    /// Label of an empty first choice, if there is one.
    #[prop(optional)]
    placeholder: Option<Key>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("{form}-{name}");
    let error_id = format!("{id}-error");
    let message = move || error.get().and_then(|e| e.field_message(name));
    let selected = selected.unwrap_or_default();
    view! {
        <div class="field" class:field--invalid=move || message().is_some()>
            <label for=id.clone()>{i18n.t(label)}</label>
            <select
                id=id.clone()
                name=name
                required=required
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby={
                    let error_id = error_id.clone();
                    move || message().is_some().then(|| error_id.clone())
                }
            >
                {placeholder.map(|key| view! { <option value="">{i18n.t(key)}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = value == selected;
                        view! { <option value=value selected=is_selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <Show when=move || message().is_some()>
                <p class="field-error" id=error_id.clone()>{message}</p>
            </Show>
        </div>
    }
}

/// The message at the top of a form: what went wrong that is not one field's fault, or a
/// reminder that fields below need attention.
#[component]
pub fn FormAlert(
    /// The form's error, if any.
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        error.get().map(|e| match e {
            // A refusal of the whole form (such as a wrong email or password) is said as it is.
            AppError::Invalid(fields) => match fields.iter().find(|f| f.field == WHOLE_FORM) {
                Some(whole) => whole.message.clone(),
                None => i18n.locale().text(Key::FormFixFields).to_string(),
            },
            AppError::Conflict(message)
            | AppError::TooManyRequests(message)
            | AppError::Denied(message) => message,
            AppError::SignInRequired => i18n.locale().text(Key::FormSignInRequired).to_string(),
            AppError::Forbidden => i18n.locale().text(Key::FormForbidden).to_string(),
            AppError::NotFound => i18n.locale().text(Key::NotFoundTitle).to_string(),
            AppError::Internal | AppError::Transport(_) => {
                i18n.locale().text(Key::ErrorText).to_string()
            }
        })
    };
    view! {
        <Show when=move || text().is_some()>
            <p class="form-error" role="alert">{text}</p>
        </Show>
    }
}

#[cfg(feature = "ssr")]
pub use ssr::{flash, is_plain_form_post, keep_typed, provide_typed_values};

#[cfg(feature = "ssr")]
mod ssr {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use leptos::prelude::*;

    use super::{TYPED_COOKIE, TypedValues};

    /// Whether the request being answered is a browser's own form post (no JavaScript): those
    /// ask for HTML, where the background calls of a hydrated page ask for JSON.
    pub fn is_plain_form_post() -> bool {
        use_context::<http::request::Parts>().is_some_and(|parts| {
            parts.method == http::Method::POST
                && parts
                    .headers
                    .get(http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|accept| accept.contains("text/html"))
        })
    }

    /// When `result` is a refusal, keeps the typed `values` for the form page a plain form post
    /// returns to. Does nothing on success, or for a hydrated page, whose inputs keep their
    /// values themselves. Never pass a password.
    pub fn keep_typed<T, E>(
        result: Result<T, E>,
        form: &str,
        values: &[(&str, &str)],
    ) -> Result<T, E> {
        if result.is_err() {
            keep(form, values);
        }
        result
    }

    /// Shows `values` once on the page a plain form post returns to, such as a link created by
    /// the post (a hydrated page reads the server function's answer instead).
    pub fn flash(form: &str, values: &[(&str, &str)]) {
        keep(form, values);
    }

    /// `; Secure` when the site is served over https: typed values (names, addresses) never
    /// travel in clear.
    fn secure_attribute() -> &'static str {
        if crate::request::cookie_policy().secure {
            "; Secure"
        } else {
            ""
        }
    }

    /// The largest typed-values cookie set: browsers keep cookies up to 4096 bytes.
    const MAX_COOKIE_BYTES: usize = 4_000;

    fn keep(form: &str, values: &[(&str, &str)]) {
        if !is_plain_form_post() {
            return;
        }
        // A browser drops a cookie over 4 KB whole, losing everything typed: values are cut
        // harder until it fits, so a long form keeps at least the start of each field.
        let Some(cookie) = [1_000, 400, 160, 60].into_iter().find_map(|cap| {
            let typed = TypedValues {
                form: form.to_string(),
                values: values
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.chars().take(cap).collect()))
                    .collect(),
            };
            let json = serde_json::to_vec(&typed).ok()?;
            let cookie = format!(
                "{TYPED_COOKIE}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age=120{}",
                URL_SAFE_NO_PAD.encode(json),
                secure_attribute()
            );
            (cookie.len() <= MAX_COOKIE_BYTES).then_some(cookie)
        }) else {
            return;
        };
        if let (Some(response), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(&cookie),
        ) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }

    /// Reads the typed values a refused plain form post left, offers them to the page being
    /// rendered, and clears the cookie so they are shown once.
    pub fn provide_typed_values() {
        let Some(parts) = use_context::<http::request::Parts>() else {
            return;
        };
        let found = parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == TYPED_COOKIE)
            .map(|(_, value)| value.to_string());
        let Some(encoded) = found else {
            return;
        };
        if let Some(typed) = URL_SAFE_NO_PAD
            .decode(encoded.as_bytes())
            .ok()
            .and_then(|bytes| serde_json::from_slice::<TypedValues>(&bytes).ok())
        {
            provide_context(typed);
        }
        if let (Some(response), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(&format!(
                "{TYPED_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}",
                secure_attribute()
            )),
        ) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
}

/// The error under a field that is not drawn by `Field` (title languages, topics).
#[component]
pub fn FieldMessage(error: Signal<Option<AppError>>, name: &'static str) -> impl IntoView {
    let message = move || error.get().and_then(|e| e.field_message(name));
    view! {
        <Show when=move || message().is_some()>
            <p class="field-error">{message}</p>
        </Show>
    }
}
