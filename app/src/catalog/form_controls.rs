//! Labelled form controls of the catalog administration: each with its hint and its error
//! linked by `aria-describedby`, and "(optional)" on the fields that may stay empty.
//!
//! They read the form's error once: the pages are rendered on the server, and a refusal comes
//! back as a new page.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{Key, use_i18n};

/// The ids that describe a control: its hint, and its error when there is one.
pub fn described(hint: Option<&str>, error: Option<&str>) -> Option<String> {
    let ids: Vec<&str> = hint.into_iter().chain(error).collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// " (optional)" after a label.
#[component]
pub fn OptionalMark() -> impl IntoView {
    let locale = use_i18n().locale();
    view! { " " <span class="field-optional">{locale.text(Key::CatalogAdminOptional)}</span> }
}

/// A labelled text, date or number input with its hint, its error, and "(optional)" when it
/// may stay empty.
#[component]
pub fn Input(
    /// Prefix of the element ids, unique on the page (`offering` → `offering-capacity`).
    form: &'static str,
    /// The input's `name`, also the name its refusal carries.
    name: &'static str,
    /// The label.
    label: Key,
    /// The value typed or saved.
    value: String,
    /// The form's error.
    error: Signal<Option<AppError>>,
    /// The name the rules give this field's refusal, when it is not `name`.
    #[prop(optional)]
    error_name: Option<&'static str>,
    /// `text`, `date`, `number`.
    #[prop(default = "text")]
    kind: &'static str,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<Key>,
    /// May stay empty.
    #[prop(optional)]
    optional: bool,
    /// The longest value accepted.
    #[prop(default = 200)]
    maxlength: u32,
    /// The smallest number accepted (`number` inputs).
    #[prop(optional)]
    min: Option<&'static str>,
    /// The largest number accepted (`number` inputs).
    #[prop(optional)]
    max: Option<&'static str>,
) -> impl IntoView {
    let locale = use_i18n().locale();
    let id = format!("{form}-{name}");
    let message = error
        .get_untracked()
        .and_then(|e| e.field_message(error_name.unwrap_or(name)));
    let hint_id = hint.map(|_| format!("{id}-hint"));
    let error_id = message.as_ref().map(|_| format!("{id}-error"));
    let describedby = described(hint_id.as_deref(), error_id.as_deref());
    let invalid = message.is_some();
    view! {
        <div class="field" class:field--invalid=invalid>
            <label for=id.clone()>
                {locale.text(label)}
                {optional.then(|| view! { <OptionalMark /> })}
            </label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{locale.text(hint)}</p> })}
            <input
                id=id.clone()
                name=name
                type=kind
                required=!optional
                maxlength=maxlength.to_string()
                min=min
                max=max
                value=value
                aria-invalid=invalid.then_some("true")
                aria-describedby=describedby
            />
            {message.map(|text| view! { <p class="field-error" id=error_id.clone()>{text}</p> })}
        </div>
    }
    .into_any()
}

/// A labelled `<select>` with its hint and error.
#[component]
pub fn Choice(
    /// Prefix of the element ids, unique on the page.
    form: &'static str,
    /// The select's `name`, also the name its refusal carries.
    name: &'static str,
    /// The label.
    label: Key,
    /// `<option>`s as HTML, the current one marked.
    options: String,
    /// The form's error.
    error: Signal<Option<AppError>>,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<Key>,
    /// May stay on its empty first choice.
    #[prop(optional)]
    optional: bool,
    /// The name the rules give this field's refusal, when it is not `name`.
    #[prop(optional)]
    error_name: Option<&'static str>,
) -> impl IntoView {
    let locale = use_i18n().locale();
    let id = format!("{form}-{name}");
    let message = error
        .get_untracked()
        .and_then(|e| e.field_message(error_name.unwrap_or(name)));
    let hint_id = hint.map(|_| format!("{id}-hint"));
    let error_id = message.as_ref().map(|_| format!("{id}-error"));
    let describedby = described(hint_id.as_deref(), error_id.as_deref());
    let invalid = message.is_some();
    view! {
        <div class="field" class:field--invalid=invalid>
            <label for=id.clone()>
                {locale.text(label)}
                {optional.then(|| view! { <OptionalMark /> })}
            </label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{locale.text(hint)}</p> })}
            <select id=id.clone() name=name required=!optional inner_html=options
                aria-invalid=invalid.then_some("true") aria-describedby=describedby></select>
            {message.map(|text| view! { <p class="field-error" id=error_id.clone()>{text}</p> })}
        </div>
    }
    .into_any()
}

/// `<option>`s for (value, text) pairs, `selected` marked, with an optional empty first choice.
pub fn options_html(pairs: &[(String, String)], selected: &str, empty: Option<&str>) -> String {
    let escape = crate::accounts::countries::escape_html;
    let mut html = empty
        .map(|text| format!("<option value=\"\">{}</option>", escape(text)))
        .unwrap_or_default();
    for (value, text) in pairs {
        html.push_str(&format!(
            "<option value=\"{}\"{}>{}</option>",
            escape(value),
            if value == selected { " selected" } else { "" },
            escape(text)
        ));
    }
    html
}
