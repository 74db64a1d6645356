//! ISO 3166-1 alpha-2 countries with their names in the four languages, from Debian's
//! iso-codes with the script's corrections of its translations (regenerate with
//! `scripts/gen-reference-data.py`).

use std::sync::OnceLock;

use crate::i18n::Locale;

const TABLE: &str = include_str!("../../data/countries.tsv");

/// One country: code and names in English, Spanish, Portuguese and French.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2, upper case.
    pub code: &'static str,
    names: [&'static str; 4],
}

impl Country {
    /// The country's name in `locale`.
    pub fn name(self, locale: Locale) -> &'static str {
        self.names[locale_index(locale)]
    }
}

/// Every country, in code order.
pub fn all() -> impl Iterator<Item = Country> {
    TABLE.lines().filter_map(|line| {
        let mut parts = line.split('\t');
        Some(Country {
            code: parts.next()?,
            names: [parts.next()?, parts.next()?, parts.next()?, parts.next()?],
        })
    })
}

/// The country with this code (any case), if it exists.
pub fn find(code: &str) -> Option<Country> {
    let code = code.trim();
    if code.len() != 2 {
        return None;
    }
    // The parsed table, not the text: parsing 249 lines per lookup was measurable on pages
    // that check a country.
    sorted(Locale::En)
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(code))
        .copied()
}

/// An ISO 3166-1 alpha-2 code, as the API takes and gives countries: the OpenAPI schema lists
/// every code [`find`] knows.
#[cfg(feature = "ssr")]
pub struct CountryCode;

#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for CountryCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("ISO 3166-1 alpha-2 country code"))
            .enum_values(Some(all().map(|c| c.code)))
            .into()
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for CountryCode {}

/// `(code, name)` for a `<select>`, sorted by name in `locale`.
pub fn options(locale: Locale) -> Vec<(String, String)> {
    sorted(locale)
        .iter()
        .map(|c| (c.code.to_string(), c.name(locale).to_string()))
        .collect()
}

/// The `<option>` elements of every country, sorted by name in `locale`, as HTML. Written once
/// per language: the list is a third of the catalog page, and rendering its 249 options one by
/// one cost more than the rest of the filter form.
pub fn options_html(locale: Locale) -> &'static str {
    static HTML: [OnceLock<String>; 4] = [const { OnceLock::new() }; 4];
    HTML[locale_index(locale)].get_or_init(|| {
        sorted(locale)
            .iter()
            .map(|c| {
                format!(
                    "<option value=\"{}\">{}</option>",
                    c.code,
                    escape_html(c.name(locale))
                )
            })
            .collect()
    })
}

/// The `<option>` elements of the countries whose codes are in `codes` (and of `selected`),
/// sorted by name in `locale`, as HTML, the one whose code is `selected` marked.
pub fn options_html_among(locale: Locale, codes: &[String], selected: &str) -> String {
    // One bit per possible two-letter code: the catalog page asks this on every search.
    let slot = |code: &str| match code.as_bytes() {
        [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
            Some(usize::from(a - b'A') * 26 + usize::from(b - b'A'))
        }
        _ => None,
    };
    let mut wanted = [false; 26 * 26];
    for code in codes.iter().map(String::as_str).chain([selected]) {
        if let Some(i) = slot(code) {
            wanted[i] = true;
        }
    }
    sorted(locale)
        .iter()
        .filter(|c| slot(c.code).is_some_and(|i| wanted[i]))
        .map(|c| {
            let mark = if c.code == selected { " selected" } else { "" };
            format!(
                "<option value=\"{}\"{mark}>{}</option>",
                c.code,
                escape_html(c.name(locale))
            )
        })
        .collect()
}

/// `text` with the characters that HTML gives a meaning to written as entities.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            other => out.push(other),
        }
    }
    out
}

/// Every country sorted by name in `locale`. The table is compiled in, so it is sorted once per
/// language: sorting it on every page that shows a country filter cost more than rendering it.
fn sorted(locale: Locale) -> &'static [Country] {
    static SORTED: [OnceLock<Vec<Country>>; 4] = [const { OnceLock::new() }; 4];
    SORTED[locale_index(locale)].get_or_init(|| {
        let mut list: Vec<Country> = all().collect();
        list.sort_by_cached_key(|c| sort_key(c.name(locale)));
        list
    })
}

fn locale_index(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::Es => 1,
        Locale::Pt => 2,
        Locale::Fr => 3,
    }
}

/// Accents sort with their base letter (Émirats next to Égypte, not after Zimbabwe).
fn sort_key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' | 'Á' | 'À' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                'a'
            }
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'í' | 'î' | 'ï' | 'Í' | 'Î' | 'Ï' => 'i',
            'ó' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
            'ú' | 'û' | 'ü' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_country_options_are_written_once_per_language_and_escaped() {
        let html = options_html(Locale::Fr);
        assert_eq!(html.matches("<option ").count(), 249);
        assert!(
            html.contains(r#"<option value="HT">Haïti</option>"#),
            "{html}"
        );
        assert!(html.find(">Égypte<") < html.find(">Émirats arabes unis<"));
        assert!(html.find(">Émirats arabes unis<") < html.find(">Zimbabwe<"));
        assert_eq!(escape_html(r#"<b> & "q""#), "&lt;b&gt; &amp; &quot;q&quot;");
    }

    #[test]
    fn the_table_covers_the_americas_in_four_languages() {
        assert_eq!(all().count(), 249);
        let cases: &[(&str, Locale, &str)] = &[
            ("BR", Locale::Pt, "Brasil"),
            ("US", Locale::Es, "Estados Unidos"),
            ("HT", Locale::Fr, "Haïti"),
            ("tt", Locale::En, "Trinidad and Tobago"),
        ];
        for (code, locale, name) in cases {
            assert_eq!(find(code).map(|c| c.name(*locale)), Some(*name), "{code}");
        }
        assert_eq!(find("XX"), None);
        assert_eq!(find(""), None);
    }

    #[test]
    fn the_corrected_names_replace_the_misspelt_translations() {
        let cases: &[(&str, Locale, &str)] = &[
            ("CI", Locale::Es, "Costa de Marfil"),
            ("SX", Locale::Es, "San Martín (parte neerlandesa)"),
            ("MF", Locale::Es, "San Martín (parte francesa)"),
            ("SR", Locale::Es, "Surinam"),
            ("TN", Locale::Es, "Túnez"),
            ("NE", Locale::Es, "Níger"),
            ("DZ", Locale::Es, "Argelia"),
            ("BF", Locale::Es, "Burkina Faso"),
            ("AX", Locale::Es, "Islas Åland"),
            ("BO", Locale::Es, "Bolivia"),
            ("VE", Locale::Es, "Venezuela"),
            ("TR", Locale::Es, "Turquía"),
            ("BF", Locale::Pt, "Burkina Faso"),
            ("AZ", Locale::Pt, "Azerbaijão"),
            ("ER", Locale::Pt, "Eritreia"),
            ("SZ", Locale::Pt, "Essuatíni"),
            ("BO", Locale::Pt, "Bolívia"),
            ("GL", Locale::Fr, "Groenland"),
            ("KY", Locale::Fr, "Îles Caïmans"),
            ("RE", Locale::Fr, "La Réunion"),
            ("VE", Locale::Fr, "Venezuela"),
            ("RU", Locale::En, "Russia"),
            ("VI", Locale::En, "U.S. Virgin Islands"),
        ];
        for (code, locale, name) in cases {
            assert_eq!(
                find(code).map(|c| c.name(*locale)),
                Some(*name),
                "{code} {locale:?}"
            );
        }
        let misspelt = [
            "Costa de Marfíl",
            "holandsea",
            "Surinám",
            "Tunez",
            "Burquina",
            "Groënland",
        ];
        for country in all() {
            for locale in Locale::ALL {
                let name = country.name(locale);
                assert!(!misspelt.iter().any(|m| name.contains(m)), "{name}");
                assert!(
                    !name.starts_with(['î', 'é']),
                    "{name} starts with a small letter"
                );
                // Bonaire…, Saint Helena… are lists of islands, not inverted forms.
                if !["BQ", "SH"].contains(&country.code) {
                    assert!(!name.contains(", "), "{name} is an inverted official form");
                }
            }
        }
    }

    #[test]
    fn options_sort_accented_names_with_their_letter() {
        let names: Vec<String> = options(Locale::Fr).into_iter().map(|(_, n)| n).collect();
        let egypte = names.iter().position(|n| n == "Égypte");
        let zimbabwe = names.iter().position(|n| n == "Zimbabwe");
        assert!(egypte < zimbabwe, "{egypte:?} {zimbabwe:?}");
        // "Îles Cook" sorts under I, not after Zimbabwe.
        let hongrie = names.iter().position(|n| n == "Hongrie");
        let iles = names.iter().position(|n| n == "Îles Cook");
        let inde = names.iter().position(|n| n == "Inde");
        assert!(hongrie < iles && iles < inde, "{iles:?}");
    }

    #[test]
    fn options_among_some_countries_keep_the_readers_order_and_the_choice() {
        let codes = |list: &[&str]| list.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let cases: &[(&[&str], &str, &str)] = &[
            (
                &["PE", "CO"],
                "HT",
                "<option value=\"CO\">Colombie</option><option value=\"HT\" selected>Haïti</option><option value=\"PE\">Pérou</option>",
            ),
            (
                &["PE", "pe", "X", "ZZ"],
                "",
                "<option value=\"PE\">Pérou</option>",
            ),
            (&[], "", ""),
        ];
        for (list, selected, html) in cases {
            assert_eq!(
                options_html_among(Locale::Fr, &codes(list), selected),
                *html,
                "{list:?}"
            );
        }
    }
}
