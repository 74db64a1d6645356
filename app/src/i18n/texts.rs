//! Text written in several languages (titles, summaries, names), as the database stores it: a
//! JSON object from language code to text. One type reads it, so no caller parses JSON or picks a
//! language on its own, and a stored value that does not parse is reported instead of shown as
//! silence.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Locale;

/// Language code → text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Texts(BTreeMap<String, String>);

impl Texts {
    /// Reads a stored column. Our own writes always store an object; anything else is a defect,
    /// logged on the server and read as no text.
    pub fn from_stored(json: &str) -> Texts {
        match serde_json::from_str(json) {
            Ok(map) => Texts(map),
            Err(_e) => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %_e, stored = json, "a translated text column does not hold a JSON object");
                Texts::default()
            }
        }
    }

    /// The text in `locale`, else in English, Spanish, Portuguese or French, else empty.
    pub fn pick(&self, locale: Locale) -> String {
        pick(&self.0, locale)
    }

    /// The texts by language.
    pub fn as_map(&self) -> &BTreeMap<String, String> {
        &self.0
    }

    /// The texts by language, owned.
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.0
    }

    /// The JSON object to store.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "{}".to_string())
    }
}

/// The text of `map` in `locale`, else in English, Spanish, Portuguese or French, else empty:
/// for texts already read into a map (the DTOs carry maps).
pub fn pick(map: &BTreeMap<String, String>, locale: Locale) -> String {
    std::iter::once(locale)
        .chain(Locale::ALL)
        .find_map(|l| map.get(l.code()).filter(|t| !t.is_empty()))
        .cloned()
        .unwrap_or_default()
}

impl From<BTreeMap<String, String>> for Texts {
    fn from(map: BTreeMap<String, String>) -> Self {
        Texts(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_texts_are_read_and_picked_with_a_fallback() {
        let cases = [
            (
                r#"{"es":"Derechos humanos","fr":"Droits humains"}"#,
                Locale::Fr,
                "Droits humains",
            ),
            (
                r#"{"es":"Derechos humanos","fr":"Droits humains"}"#,
                Locale::Pt,
                "Derechos humanos",
            ),
            (
                r#"{"en":"","pt":"Uso da força"}"#,
                Locale::En,
                "Uso da força",
            ),
            ("{}", Locale::Es, ""),
            ("not json", Locale::Es, ""),
        ];
        for (stored, locale, expected) in cases {
            assert_eq!(
                Texts::from_stored(stored).pick(locale),
                expected,
                "{stored} in {locale:?}"
            );
        }
        let texts = Texts::from_stored(r#"{"en":"Use of force","es":"Uso de la fuerza"}"#);
        assert_eq!(Texts::from_stored(&texts.to_stored()), texts);
    }
}
