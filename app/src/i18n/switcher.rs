//! The language switcher: four buttons in a plain form. The POST sets the cookie and the server
//! redirects back, so the page comes again in the chosen language; no browser code is needed, and
//! the reader's browser never holds the other three languages' texts.

use leptos::prelude::*;

use super::{Key, Locale, use_i18n};
use crate::error::AppError;

/// Remembers the chosen language in a cookie for a year.
#[server(endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<Locale, AppError> {
    let Some(locale) = Locale::from_code(&lang) else {
        let current = super::initial_locale();
        return Err(AppError::invalid("lang", current.text(Key::LanguageInvalid)).respond());
    };
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        super::LANGUAGE_COOKIE,
        locale.code()
    );
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&cookie),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
    Ok(locale)
}

/// Buttons for English, Español, Português and Français, each labelled in its own language.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    view! {
        <ActionForm action=action attr:class="language-switcher">
            <span class="language-switcher__label" id="language-switcher-label">
                {i18n.t(Key::LanguageLabel)}
            </span>
            <div class="language-switcher__options" role="group" aria-labelledby="language-switcher-label">
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <button
                                type="submit"
                                name="lang"
                                value=locale.code()
                                lang=locale.code()
                                aria-pressed=move || (i18n.locale() == locale).to_string()
                            >
                                {locale.native_name()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </ActionForm>
    }
}
