//! One mechanism for every user-visible string, in English, Spanish, Portuguese and French.
//!
//! Texts live in `app/locales/{en,es,pt,fr}.json`; `build.rs` turns them into the [`Key`] enum
//! and refuses to build when a language lacks a key. The language is chosen from the
//! `picap_lang` cookie (set by the language switcher), else `Accept-Language`, else English.

mod format;
mod negotiate;
mod switcher;
mod texts;

pub use negotiate::{LANGUAGE_COOKIE, negotiate};
pub use switcher::{LanguageSwitcher, SetLanguage};
pub use texts::{Texts, pick};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/i18n_table.rs"));

/// A language PICAP is offered in.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Locale {
    /// English, the default.
    #[default]
    En,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
    /// French.
    Fr,
}

impl Locale {
    /// Every language, in the order the switcher shows them.
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Es, Locale::Pt, Locale::Fr];

    /// The ISO 639-1 code, as used in `<html lang>`, cookies and the database.
    pub const fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::Pt => "pt",
            Locale::Fr => "fr",
        }
    }

    /// The language's name in that language: a reader looks for their own language's name.
    pub const fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Es => "Español",
            Locale::Pt => "Português",
            Locale::Fr => "Français",
        }
    }

    /// This language's name as a reader of `reader` writes it ("inglés" for a Spanish reader):
    /// labels such as "Título en inglés" read naturally, while the switcher keeps
    /// [`Locale::native_name`].
    pub const fn name_in(self, reader: Locale) -> &'static str {
        match (reader, self) {
            (Locale::En, Locale::En) => "English",
            (Locale::En, Locale::Es) => "Spanish",
            (Locale::En, Locale::Pt) => "Portuguese",
            (Locale::En, Locale::Fr) => "French",
            (Locale::Es, Locale::En) => "inglés",
            (Locale::Es, Locale::Es) => "español",
            (Locale::Es, Locale::Pt) => "portugués",
            (Locale::Es, Locale::Fr) => "francés",
            (Locale::Pt, Locale::En) => "inglês",
            (Locale::Pt, Locale::Es) => "espanhol",
            (Locale::Pt, Locale::Pt) => "português",
            (Locale::Pt, Locale::Fr) => "francês",
            (Locale::Fr, Locale::En) => "anglais",
            (Locale::Fr, Locale::Es) => "espagnol",
            (Locale::Fr, Locale::Pt) => "portugais",
            (Locale::Fr, Locale::Fr) => "français",
        }
    }

    /// Parses a language code such as `es` or `ES`; region subtags are not accepted here.
    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The text for `key` in this language.
    pub fn text(self, key: Key) -> &'static str {
        let table = match self {
            Locale::En => &EN,
            Locale::Es => &ES,
            Locale::Pt => &PT,
            Locale::Fr => &FR,
        };
        table[key as usize]
    }

    /// The text for `key` with each `{name}` replaced by its value. A placeholder without a
    /// value stays as it is; values are not searched for placeholders.
    pub fn format(self, key: Key, args: &[(&str, &str)]) -> String {
        fill(self.text(key), args)
    }
}

/// `template` with each `{name}` replaced by its value from `args`, in one pass (result cards
/// format several texts each, and a copy of the text per argument showed in profiles).
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| (*value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The reactive language of the current page, shared through context.
#[derive(Clone, Copy, Debug)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The current language (tracked: views re-render when it changes).
    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    /// A reactive text: use it directly in a view.
    pub fn t(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        let locale = self.locale;
        move || locale.get().text(key)
    }
}

/// Makes the language available to every component below. On the server it is negotiated from
/// the request; in the browser it is read back from `<html lang>`, which the server wrote, so
/// hydration sees the same language.
pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(initial_locale()),
    };
    provide_context(i18n);
    i18n
}

/// The language context provided by [`provide_i18n`].
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        locale: RwSignal::new(Locale::En),
    })
}

/// The language for the request being rendered (server) or the page being hydrated (browser).
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| request_locale(&parts.headers))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document_locale().unwrap_or_default()
    }
}

/// The language a request asks for, from its cookie and `Accept-Language` header.
#[cfg(feature = "ssr")]
pub fn request_locale(headers: &http::HeaderMap) -> Locale {
    let cookie = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .map(|(_, value)| value.to_string());
    let accept = headers
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    negotiate(cookie.as_deref(), accept)
}

#[cfg(not(feature = "ssr"))]
fn document_locale() -> Option<Locale> {
    #[cfg(feature = "hydrate")]
    {
        let lang = web_sys::window()?
            .document()?
            .document_element()?
            .get_attribute("lang")?;
        Locale::from_code(&lang)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_from_their_values() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
        let cases: &[Case] = &[
            (
                "Modules found: {count}",
                &[("count", "500")],
                "Modules found: 500",
            ),
            (
                "Page {page} of {pages}",
                &[("pages", "9"), ("page", "2")],
                "Page 2 of 9",
            ),
            ("{a}{a}", &[("a", "x")], "xx"),
            ("no placeholders", &[("a", "x")], "no placeholders"),
            ("{missing} stays", &[("a", "x")], "{missing} stays"),
            (
                "{open without close",
                &[("open", "x")],
                "{open without close",
            ),
            ("{a} is {b}", &[("a", "{b}"), ("b", "y")], "{b} is y"),
            (
                "né le {date} à {city}",
                &[("date", "1er"), ("city", "Québec")],
                "né le 1er à Québec",
            ),
            ("", &[], ""),
        ];
        for (template, args, expected) in cases {
            assert_eq!(fill(template, args), *expected, "{template}");
        }
    }

    #[test]
    fn every_language_has_its_own_text_for_the_home_title() {
        let titles: std::collections::HashSet<_> =
            Locale::ALL.iter().map(|l| l.text(Key::HomeTitle)).collect();
        assert_eq!(titles.len(), 4, "each language shows its own title");
        assert_eq!(Locale::Es.text(Key::NavHome), "Inicio");
        assert_eq!(Locale::Fr.text(Key::NavHome), "Accueil");
    }

    #[test]
    fn codes_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_code(locale.code()), Some(locale));
        }
        assert_eq!(Locale::from_code("PT"), Some(Locale::Pt));
        assert_eq!(Locale::from_code("de"), None);
        assert_eq!(Locale::from_code(""), None);
    }

    #[test]
    fn format_replaces_named_placeholders() {
        // No key has placeholders yet; the mechanism is exercised on a plain text, unchanged.
        assert_eq!(Locale::En.format(Key::NavHome, &[("x", "y")]), "Home");
    }
}
