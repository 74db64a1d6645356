//! Administration → catalog: the programme form (`programme_form`) and the module form, with
//! similar modules shown while the title is typed (`module_form`). The list is in
//! `admin_catalog.rs`, the offering form in `offering_form/`, their server functions in
//! `api.rs`.

use leptos::prelude::*;

use super::form_controls::{OptionalMark, described};
use crate::error::AppError;
use crate::i18n::{Key, Locale, use_i18n};

mod module_form;
mod programme_form;

pub use module_form::ModuleFormPage;
pub use programme_form::ProgrammeFormPage;

/// What a page of the catalog administration shows instead of its content when the caller
/// may not see it, or when loading it failed.
pub(crate) fn forbidden_or_error(error: AppError) -> AnyView {
    let i18n = use_i18n();
    match error {
        AppError::SignInRequired => {
            view! { <p class="form-error" role="alert">{i18n.t(Key::FormSignInRequired)}</p> }
                .into_any()
        }
        AppError::Forbidden => {
            view! { <p class="form-error" role="alert">{i18n.t(Key::FormForbidden)}</p> }.into_any()
        }
        AppError::NotFound => view! { <crate::shell::NotFound /> }.into_any(),
        _ => view! { <crate::shell::ErrorPage /> }.into_any(),
    }
}

/// One text in each language (a module's title, its summary), grouped under one legend with
/// the hint and the error of the whole group: the rule is about the set ("in at least one
/// language"), so its reason is shown once, beside the fields it concerns.
#[component]
pub(crate) fn LanguageTexts(
    /// Prefix of the element ids.
    #[prop(into)]
    form: String,
    /// The field's name (`title` → `title[es]`), also the name its refusal carries.
    name: &'static str,
    /// The group's legend.
    legend: Key,
    /// Each input's label, with a `{language}` placeholder.
    label: Key,
    /// The texts, in [`Locale::ALL`] order.
    texts: Vec<String>,
    /// The form's error.
    error: Signal<Option<AppError>>,
    /// A hint under the legend.
    #[prop(optional)]
    hint: Option<Key>,
    /// May stay empty in every language.
    #[prop(optional)]
    optional: bool,
    /// A `<textarea>` rather than a one-line input.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let locale = use_i18n().locale();
    let message = error.get_untracked().and_then(|e| e.field_message(name));
    let hint_id = hint.map(|_| format!("{form}-{name}-hint"));
    let error_id = message.as_ref().map(|_| format!("{form}-{name}-error"));
    let describedby = described(hint_id.as_deref(), error_id.as_deref());
    let invalid = message.is_some();
    view! {
        <fieldset class="field language-texts" class:field--invalid=invalid>
            <legend>{locale.text(legend)}{optional.then(|| view! { <OptionalMark /> })}</legend>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{locale.text(hint)}</p> })}
            {Locale::ALL
                .into_iter()
                .zip(texts)
                .map(|(lang, text)| {
                    let id = format!("{form}-{name}-{}", lang.code());
                    let input_name = format!("{name}[{}]", lang.code());
                    let text_label = locale.format(label, &[("language", lang.name_in(locale))]);
                    let (describedby, invalid) = (describedby.clone(), invalid.then_some("true"));
                    let control = if multiline {
                        view! {
                            <textarea id=id.clone() name=input_name rows="3" maxlength="4000" lang=lang.code()
                                aria-describedby=describedby aria-invalid=invalid>{text}</textarea>
                        }
                        .into_any()
                    } else {
                        view! {
                            <input id=id.clone() name=input_name maxlength="200" value=text lang=lang.code()
                                aria-describedby=describedby aria-invalid=invalid />
                        }
                        .into_any()
                    };
                    view! {
                        <div class="field">
                            <label for=id>{text_label}</label>
                            {control}
                        </div>
                    }
                })
                .collect_view()}
            {message.map(|text| view! { <p class="field-error" id=error_id.clone()>{text}</p> })}
        </fieldset>
    }
    .into_any()
}

fn options(pairs: &[(&str, Key)], locale: Locale) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(code, key)| (code.to_string(), locale.text(*key).to_string()))
        .collect()
}
