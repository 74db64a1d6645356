//! Scholarship rules without I/O: amounts, a programme's fields, who may apply, and awards.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::dto::{ScholarshipProgrammeInput, TranslatedText};
use crate::i18n::{Key, Locale};

/// A problem with one field.
pub type FieldProblem = (&'static str, Key);

pub use super::dto::COVERS;

/// The largest amount accepted: a trillion cents, far beyond any programme, and far from
/// overflowing sums of many of them.
const MAX_CENTS: i64 = 1_000_000_000_000;

/// Parses a non-negative decimal amount with at most two decimals into cents.
pub fn parse_cents(text: &str) -> Option<i64> {
    let text = text.trim();
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > 2
        || whole.len() > 12
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    let cents = whole.checked_mul(100)?.checked_add(fraction)?;
    (cents <= MAX_CENTS).then_some(cents)
}

/// A checked programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeDraft {
    /// Language → name, at least one.
    pub name: BTreeMap<String, String>,
    /// Language → funder, at least one.
    pub funder: BTreeMap<String, String>,
    /// ISO 4217 code, upper case.
    pub currency: String,
    /// Budget, cents.
    pub budget: i64,
    /// Per-person maximum, cents.
    pub per_person_max: i64,
    /// What it pays for, deduplicated.
    pub covers: Vec<String>,
    /// Eligible countries, upper case.
    pub eligible_countries: Vec<String>,
    /// Eligible affiliations.
    pub eligible_affiliations: Vec<String>,
    /// Window.
    pub opens: NaiveDate,
    /// Window.
    pub closes: NaiveDate,
    /// Language → conditions (may be none).
    pub conditions: BTreeMap<String, String>,
}

/// The texts of `input` by language, trimmed, empty ones dropped: each `min..=max` characters
/// (longer conditions are cut, as before, rather than refused), in a known language, and at
/// least one when `required`. A problem is reported once per field.
fn translations(
    input: &TranslatedText,
    (field, key): FieldProblem,
    (min, max): (usize, usize),
    required: bool,
    problems: &mut Vec<FieldProblem>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut problem = None;
    for (lang, text) in input.by_language() {
        let text = text.trim();
        if Locale::from_code(&lang).is_none() {
            problem = Some(Key::LanguageInvalid);
            continue;
        }
        if text.is_empty() {
            continue;
        }
        let length = text.chars().count();
        if length < min || (length > max && required) {
            problem = problem.or(Some(key));
            continue;
        }
        out.insert(lang, text.chars().take(max).collect());
    }
    if required && out.is_empty() {
        problem = problem.or(Some(key));
    }
    if let Some(problem) = problem {
        problems.push((field, problem));
    }
    out
}

fn sorted_unique(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = values.collect();
    v.sort();
    v.dedup();
    v
}

impl ScholarshipProgrammeInput {
    /// Checks every field, reporting all problems at once. Covered modules are checked by the
    /// service, which knows which exist.
    pub fn parse(&self) -> Result<ProgrammeDraft, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let name = translations(
            &self.name,
            ("name", Key::ScholarshipNameInvalid),
            (3, 200),
            true,
            &mut problems,
        );
        let funder = translations(
            &self.funder,
            ("funder", Key::ScholarshipFunderInvalid),
            (2, 200),
            true,
            &mut problems,
        );
        let currency = self.currency.trim().to_uppercase();
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            problems.push(("currency", Key::ScholarshipCurrencyInvalid));
        }
        let budget = parse_cents(&self.budget.text()).filter(|c| *c > 0);
        if budget.is_none() {
            problems.push(("budget", Key::ScholarshipAmountInvalid));
        }
        let per_person_max = parse_cents(&self.per_person_max.text()).filter(|c| *c > 0);
        match (per_person_max, budget) {
            (None, _) => problems.push(("per_person_max", Key::ScholarshipAmountInvalid)),
            (Some(max), Some(budget)) if max > budget => {
                problems.push(("per_person_max", Key::ScholarshipMaxAboveBudget))
            }
            _ => {}
        }
        let covers = sorted_unique(self.covers.iter().map(|c| c.trim().to_lowercase()));
        if covers.is_empty() || covers.iter().any(|c| !COVERS.contains(&c.as_str())) {
            problems.push(("covers", Key::ScholarshipCoversInvalid));
        }
        let eligible_countries = sorted_unique(
            self.eligible_countries
                .iter()
                .map(|c| c.trim().to_uppercase()),
        );
        if eligible_countries
            .iter()
            .any(|c| crate::accounts::countries::find(c).is_none())
        {
            problems.push(("eligible_countries", Key::ProfileCountryInvalid));
        }
        let eligible_affiliations = sorted_unique(
            self.eligible_affiliations
                .iter()
                .map(|a| a.trim().to_lowercase()),
        );
        if eligible_affiliations
            .iter()
            .any(|a| a != "police" && a != "civilian")
        {
            problems.push(("eligible_affiliations", Key::ScholarshipAffiliationInvalid));
        }
        let date = |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
        let opens = date(&self.opens);
        if opens.is_none() {
            problems.push(("opens", Key::OfferingDateInvalid));
        }
        let closes = date(&self.closes);
        if closes.is_none() {
            problems.push(("closes", Key::OfferingDateInvalid));
        }
        if let (Some(o), Some(c)) = (opens, closes)
            && c < o
        {
            problems.push(("closes", Key::OfferingClosesBeforeOpens));
        }
        if self.covered_module_ids.is_empty() && self.covered_programme_ids.is_empty() {
            problems.push(("covered_module_ids", Key::ScholarshipModulesMissing));
        }
        let conditions = translations(
            &self.conditions,
            ("conditions", Key::LanguageInvalid),
            (0, 4000),
            false,
            &mut problems,
        );
        match (budget, per_person_max, opens, closes) {
            (Some(budget), Some(per_person_max), Some(opens), Some(closes))
                if problems.is_empty() =>
            {
                Ok(ProgrammeDraft {
                    name,
                    funder,
                    currency,
                    budget,
                    per_person_max,
                    covers,
                    eligible_countries,
                    eligible_affiliations,
                    opens,
                    closes,
                    conditions,
                })
            }
            _ => Err(problems),
        }
    }
}

/// Why a person may not apply to a scholarship programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CannotApply {
    /// Outside the application window.
    Closed,
    /// Their country is not among the eligible ones.
    Country,
    /// Their affiliation is not among the eligible ones.
    Affiliation,
}

/// May a person of `country` and `affiliation` apply on `today`?
pub fn may_apply(
    today: NaiveDate,
    opens: NaiveDate,
    closes: NaiveDate,
    countries: &[String],
    affiliations: &[String],
    country: &str,
    affiliation: &str,
) -> Result<(), CannotApply> {
    if today < opens || today > closes {
        return Err(CannotApply::Closed);
    }
    if !countries.is_empty() && !countries.iter().any(|c| c == country) {
        return Err(CannotApply::Country);
    }
    if !affiliations.is_empty() && !affiliations.iter().any(|a| a == affiliation) {
        return Err(CannotApply::Affiliation);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scholarships::dto::Amount;

    #[test]
    fn amounts_parse_to_cents() {
        let cases = [
            ("1500", Some(150_000)),
            ("1500.5", Some(150_050)),
            ("1500.50", Some(150_050)),
            (" 0.07 ", Some(7)),
            (".5", Some(50)),
            ("1500.505", None),
            ("-5", None),
            ("1,500", None),
            ("", None),
            (".", None),
            ("1e3", None),
            ("9999999999999", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_cents(text), expected, "{text:?}");
        }
        let number: Amount = serde_json::from_str("2500.25").unwrap();
        assert_eq!(parse_cents(&number.text()), Some(250_025));
    }

    fn input() -> ScholarshipProgrammeInput {
        ScholarshipProgrammeInput {
            name: "Becas OEA de policía comunitaria".into(),
            funder: "OAS".into(),
            currency: "usd".into(),
            budget: Amount::Text("50000".into()),
            per_person_max: Amount::Text("5000".into()),
            covers: vec!["tuition".into(), "travel".into(), "travel".into()],
            covered_module_ids: vec![1],
            covered_programme_ids: vec![],
            eligible_countries: vec!["pe".into()],
            eligible_affiliations: vec![],
            opens: "2027-01-01".into(),
            closes: "2027-02-01".into(),
            conditions: "80 % attendance".into(),
        }
    }

    #[test]
    fn a_valid_programme_is_normalised() {
        let draft = input().parse().expect("valid");
        assert_eq!(draft.currency, "USD");
        assert_eq!((draft.budget, draft.per_person_max), (5_000_000, 500_000));
        assert_eq!(draft.covers, ["travel", "tuition"]);
        assert_eq!(draft.eligible_countries, ["PE"]);
        assert_eq!(
            draft.name,
            BTreeMap::from([("en".into(), "Becas OEA de policía comunitaria".into())]),
            "a plain text is the primary language's"
        );
    }

    #[test]
    fn texts_are_kept_by_language() {
        let by = |pairs: &[(&str, &str)]| {
            TranslatedText::ByLanguage(
                pairs
                    .iter()
                    .map(|(l, t)| (l.to_string(), t.to_string()))
                    .collect(),
            )
        };
        type Case = (
            TranslatedText,
            Result<&'static [(&'static str, &'static str)], Key>,
        );
        let cases: Vec<Case> = vec![
            (
                by(&[("es", " Becas OEA "), ("pt", "Bolsas OEA")]),
                Ok(&[("es", "Becas OEA"), ("pt", "Bolsas OEA")]),
            ),
            (
                by(&[("es", "Becas OEA"), ("fr", "  ")]),
                Ok(&[("es", "Becas OEA")]),
            ),
            (by(&[("de", "Stipendien")]), Err(Key::LanguageInvalid)),
            (by(&[("es", "B")]), Err(Key::ScholarshipNameInvalid)),
            (by(&[]), Err(Key::ScholarshipNameInvalid)),
            ("".into(), Err(Key::ScholarshipNameInvalid)),
        ];
        for (name, expected) in cases {
            let mut i = input();
            i.name = name.clone();
            let got = i.parse().map(|d| d.name).map_err(|p| p[0]);
            let expected = expected
                .map(|pairs| {
                    pairs
                        .iter()
                        .map(|(l, t)| (l.to_string(), t.to_string()))
                        .collect()
                })
                .map_err(|key| ("name", key));
            assert_eq!(got, expected, "{name:?}");
        }
        let mut i = input();
        i.conditions = by(&[("fr", &"x".repeat(5000))]);
        assert_eq!(
            i.parse().expect("long conditions are cut").conditions["fr"].len(),
            4000
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        type Case = (fn(&mut ScholarshipProgrammeInput), &'static str, Key);
        let cases: &[Case] = &[
            (|i| i.name = "B".into(), "name", Key::ScholarshipNameInvalid),
            (
                |i| i.funder = " ".into(),
                "funder",
                Key::ScholarshipFunderInvalid,
            ),
            (
                |i| i.currency = "dollars".into(),
                "currency",
                Key::ScholarshipCurrencyInvalid,
            ),
            (
                |i| i.budget = Amount::Text("-1".into()),
                "budget",
                Key::ScholarshipAmountInvalid,
            ),
            (
                |i| i.budget = Amount::Text("0".into()),
                "budget",
                Key::ScholarshipAmountInvalid,
            ),
            (
                |i| i.per_person_max = Amount::Text("60000".into()),
                "per_person_max",
                Key::ScholarshipMaxAboveBudget,
            ),
            (
                |i| i.covers = vec!["cars".into()],
                "covers",
                Key::ScholarshipCoversInvalid,
            ),
            (
                |i| i.covers = vec![],
                "covers",
                Key::ScholarshipCoversInvalid,
            ),
            (
                |i| i.eligible_countries = vec!["XX".into()],
                "eligible_countries",
                Key::ProfileCountryInvalid,
            ),
            (
                |i| i.eligible_affiliations = vec!["judges".into()],
                "eligible_affiliations",
                Key::ScholarshipAffiliationInvalid,
            ),
            (
                |i| i.opens = "soon".into(),
                "opens",
                Key::OfferingDateInvalid,
            ),
            (
                |i| i.closes = "2026-12-01".into(),
                "closes",
                Key::OfferingClosesBeforeOpens,
            ),
            (
                |i| i.covered_module_ids = vec![],
                "covered_module_ids",
                Key::ScholarshipModulesMissing,
            ),
        ];
        for (change, field, key) in cases {
            let mut i = input();
            change(&mut i);
            let problems = i.parse().expect_err(field);
            assert!(problems.contains(&(*field, *key)), "{field}: {problems:?}");
        }
    }

    #[test]
    fn who_may_apply() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let (opens, closes) = (d("2027-01-01"), d("2027-01-31"));
        let pe = vec!["PE".to_string()];
        let civ = vec!["civilian".to_string()];
        type Case<'a> = (
            &'a str,
            &'a [String],
            &'a [String],
            &'a str,
            &'a str,
            Result<(), CannotApply>,
        );
        let cases: &[Case] = &[
            ("2027-01-01", &[], &[], "CO", "police", Ok(())),
            ("2027-01-31", &pe, &[], "PE", "police", Ok(())),
            (
                "2026-12-31",
                &[],
                &[],
                "PE",
                "police",
                Err(CannotApply::Closed),
            ),
            (
                "2027-02-01",
                &[],
                &[],
                "PE",
                "police",
                Err(CannotApply::Closed),
            ),
            (
                "2027-01-15",
                &pe,
                &[],
                "CO",
                "police",
                Err(CannotApply::Country),
            ),
            (
                "2027-01-15",
                &pe,
                &civ,
                "PE",
                "police",
                Err(CannotApply::Affiliation),
            ),
            ("2027-01-15", &pe, &civ, "PE", "civilian", Ok(())),
        ];
        for (today, countries, affiliations, country, affiliation, expected) in cases {
            assert_eq!(
                may_apply(
                    d(today),
                    opens,
                    closes,
                    countries,
                    affiliations,
                    country,
                    affiliation
                ),
                *expected,
                "{today} {country} {affiliation}"
            );
        }
    }
}
