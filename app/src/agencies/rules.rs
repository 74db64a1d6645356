//! Pure agency rules: the one way names are compared, and what an agency must be.

use caseless::default_case_fold_str;
use unicode_normalization::UnicodeNormalization;

use super::dto::{AgencyInput, AgencyKind};
use crate::i18n::Key;

/// One refused field: its name and the translated reason.
pub type FieldProblem = (&'static str, Key);

/// The compared form of a name: NFC, trimmed, inner runs of spaces made one, Unicode case
/// folding. Every comparison of agency names goes through it, in Rust, so both engines agree
/// ("Polícia Federal" and "POLÍCIA  FEDERAL" are one agency; "Policia" without its accent is
/// another spelling, shown to administrators to merge).
pub fn name_key(name: &str) -> String {
    let composed: String = name.nfc().collect();
    let spaced = composed.split_whitespace().collect::<Vec<_>>().join(" ");
    default_case_fold_str(&spaced).nfc().collect()
}

/// An agency as it may be stored: trimmed, country upper-case, kind typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAgency {
    /// Trimmed, inner spaces collapsed.
    pub name: String,
    /// Trimmed.
    pub short_name: String,
    /// Upper-case ISO 3166-1 alpha-2 of a country that exists.
    pub country: String,
    /// The kind.
    pub kind: AgencyKind,
    /// [`name_key`] of the name.
    pub name_key: String,
}

/// Checks every field at once, so a form shows all its problems together.
pub fn validate(input: &AgencyInput) -> Result<ValidAgency, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let name = input.name.split_whitespace().collect::<Vec<_>>().join(" ");
    match name.chars().count() {
        0 => problems.push(("name", Key::AgenciesNameRequired)),
        1 | 201.. => problems.push(("name", Key::AgenciesNameLength)),
        _ => {}
    }
    let short_name = input.short_name.trim().to_string();
    match short_name.chars().count() {
        0 => problems.push(("short_name", Key::AgenciesShortNameRequired)),
        31.. => problems.push(("short_name", Key::AgenciesShortNameLength)),
        _ => {}
    }
    let country = crate::accounts::countries::find(&input.country);
    if country.is_none() {
        problems.push(("country", Key::AgenciesCountryInvalid));
    }
    let kind = AgencyKind::from_code(&input.kind);
    if kind.is_none() {
        problems.push(("kind", Key::AgenciesKindInvalid));
    }
    // Case folding can lengthen a name ("ß" → "ss"): its compared form must fit its column.
    if name_key(&name).chars().count() > 400 && !problems.iter().any(|(f, _)| *f == "name") {
        problems.insert(0, ("name", Key::AgenciesNameLength));
    }
    match (country, kind) {
        (Some(country), Some(kind)) if problems.is_empty() => Ok(ValidAgency {
            name_key: name_key(&name),
            name,
            short_name,
            country: country.code.to_string(),
            kind,
        }),
        _ => Err(problems),
    }
}

/// A first short name: the initials of the capitalised words ("Policía Nacional del Perú" →
/// "PNP"), or the start of the name when that gives fewer than two letters. Administrators
/// correct it on the agencies page.
pub fn initials(name: &str) -> String {
    let initials: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    if initials.chars().count() >= 2 {
        initials.chars().take(30).collect()
    } else {
        name.trim().chars().take(30).collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn first_short_names_are_initials_of_capitalised_words() {
        let cases = [
            ("Policía Nacional del Perú", "PNP"),
            ("Carabineros de Chile", "CC"),
            ("Ölkofa Stadt", "ÖS"),
            ("gendarmería", "gendarmería"),
        ];
        for (name, short) in cases {
            assert_eq!(super::initials(name), short, "{name}");
        }
    }

    use super::*;

    #[test]
    fn names_compare_after_nfc_case_folding_and_spaces() {
        let cases: &[(&str, &str, bool)] = &[
            ("Polícia Federal", "POLÍCIA FEDERAL", true),
            // Precomposed "í" against "i" followed by a combining acute accent (NFD input).
            ("Polícia Federal", "Poli\u{301}cia Federal", true),
            (" Policía  Nacional ", "policía nacional", true),
            ("Sûreté du Québec", "SÛRETÉ DU QUÉBEC", true),
            ("Straße", "STRASSE", true),
            ("Policía Nacional", "Policia Nacional", false),
            ("Carabineros de Chile", "Carabineros", false),
        ];
        for (a, b, same) in cases {
            assert_eq!(name_key(a) == name_key(b), *same, "{a:?} vs {b:?}");
        }
    }

    fn input(name: &str, short: &str, country: &str, kind: &str) -> AgencyInput {
        AgencyInput {
            name: name.into(),
            short_name: short.into(),
            country: country.into(),
            kind: kind.into(),
        }
    }

    #[test]
    fn an_agency_needs_a_name_a_short_name_a_country_and_a_kind() {
        type Case<'a> = (AgencyInput, &'a [&'a str]);
        let cases: Vec<Case> = vec![
            (
                input("Policía Nacional del Perú", "PNP", "pe", "police"),
                &[],
            ),
            (
                input("  Carabineros   de Chile ", " Carabineros ", "CL", "police"),
                &[],
            ),
            (input("", "PNP", "PE", "police"), &["name"]),
            (input("P", "PNP", "PE", "police"), &["name"]),
            (input(&"x".repeat(201), "X", "PE", "police"), &["name"]),
            (input("Policía", "", "PE", "police"), &["short_name"]),
            (
                input("Policía", &"y".repeat(31), "PE", "police"),
                &["short_name"],
            ),
            (input("Policía", "P", "XX", "police"), &["country"]),
            (input("Policía", "P", "PE", "army"), &["kind"]),
            (
                input("", "", "", ""),
                &["name", "short_name", "country", "kind"],
            ),
        ];
        for (given, refused) in cases {
            let fields: Vec<&str> = match validate(&given) {
                Ok(_) => Vec::new(),
                Err(problems) => problems.into_iter().map(|(f, _)| f).collect(),
            };
            assert_eq!(fields, refused.to_vec(), "{given:?}");
        }
        let valid = validate(&input(
            "  Carabineros   de Chile ",
            " CC ",
            "cl",
            " police ",
        ))
        .ok();
        assert_eq!(
            valid.map(|v| (v.name, v.short_name, v.country, v.kind)),
            Some((
                "Carabineros de Chile".to_string(),
                "CC".to_string(),
                "CL".to_string(),
                AgencyKind::Police
            ))
        );
    }
}
