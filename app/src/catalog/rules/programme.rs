//! What a programme must be: its input as typed or sent, and the checked draft.

use std::collections::BTreeMap;

use super::{CatalogStatus, FieldProblem, default_status, localized, valid_code};
use crate::i18n::{Key, Locale};

/// A module's place in a programme, as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProgrammeModuleInput {
    /// The module's code.
    pub code: String,
    /// Required (true) or elective.
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

/// A programme as typed or sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProgrammeInput {
    /// Unique code, such as `PICAP-PSM` or `PSM` (any case).
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^([A-Za-z0-9]{2,12}|[A-Za-z][A-Za-z0-9]{0,11}(-[A-Za-z0-9]{1,12}){1,3})$",
            max_length = 40
        )
    )]
    pub code: String,
    /// Language → title; at least one.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::dto::Titles))]
    pub title: BTreeMap<String, String>,
    /// Language → description.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::dto::Summaries))]
    pub description: BTreeMap<String, String>,
    /// Credits needed to complete it.
    #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 300))]
    pub credits_required: i32,
    /// Its modules, in order.
    #[serde(default)]
    pub modules: Vec<ProgrammeModuleInput>,
    /// Where it is in its life (default `draft`).
    #[serde(default = "default_status")]
    #[cfg_attr(feature = "ssr", schema(value_type = CatalogStatus))]
    pub status: String,
}

/// A checked programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeDraft {
    /// Upper-case code.
    pub code: String,
    /// Titles.
    pub title: BTreeMap<Locale, String>,
    /// Descriptions.
    pub description: BTreeMap<Locale, String>,
    /// 1–300.
    pub credits_required: i32,
    /// (upper-case code, required), in order, without repeats.
    pub modules: Vec<(String, bool)>,
    /// Status.
    pub status: CatalogStatus,
}

impl ProgrammeInput {
    /// Checks every field, reporting all problems at once.
    pub fn parse(&self) -> Result<ProgrammeDraft, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let code = self.code.trim().to_uppercase();
        // A programme's code may be a single part, such as `PICAP` or `PSM`.
        let single_part = (2..=12).contains(&code.len())
            && code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !(valid_code(&code) || single_part) {
            problems.push(("code", Key::ModuleCodeInvalid));
        }
        let title = localized(
            &self.title,
            "title",
            200,
            &mut problems,
            Key::ModuleTitleInvalid,
        );
        if title.is_empty() && !problems.iter().any(|(f, _)| *f == "title") {
            problems.push(("title", Key::ModuleTitleInvalid));
        }
        let description = localized(
            &self.description,
            "description",
            4000,
            &mut problems,
            Key::ModuleSummaryInvalid,
        );
        if !(1..=300).contains(&self.credits_required) {
            problems.push(("credits_required", Key::ProgrammeCreditsInvalid));
        }
        let mut modules: Vec<(String, bool)> = Vec::new();
        for m in &self.modules {
            let code = m.code.trim().to_uppercase();
            if !modules.iter().any(|(c, _)| *c == code) {
                modules.push((code, m.required));
            }
        }
        let status = CatalogStatus::from_code(&self.status);
        if status.is_none() {
            problems.push(("status", Key::ModuleStatusInvalid));
        }
        match status {
            Some(status) if problems.is_empty() => Ok(ProgrammeDraft {
                code,
                title,
                description,
                credits_required: self.credits_required,
                modules,
                status,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    //! Tables of cases for [`ProgrammeInput::parse`].

    use super::*;

    fn programme() -> ProgrammeInput {
        ProgrammeInput {
            code: "picap-psm".into(),
            title: BTreeMap::from([("es".into(), "  Policía y sociedad  ".into())]),
            description: BTreeMap::new(),
            credits_required: 30,
            modules: vec![
                ProgrammeModuleInput {
                    code: " picap-hr-101 ".into(),
                    required: true,
                },
                ProgrammeModuleInput {
                    code: "PICAP-UF-101".into(),
                    required: false,
                },
            ],
            status: "published".into(),
        }
    }

    fn module(code: &str, required: bool) -> ProgrammeModuleInput {
        ProgrammeModuleInput {
            code: code.into(),
            required,
        }
    }

    #[test]
    fn a_valid_programme_is_normalised() {
        let draft = programme().parse().expect("valid");
        assert_eq!(draft.code, "PICAP-PSM");
        assert_eq!(draft.title[&Locale::Es], "Policía y sociedad");
        assert!(draft.description.is_empty());
        assert_eq!(draft.credits_required, 30);
        assert_eq!(
            draft.modules,
            [
                ("PICAP-HR-101".to_string(), true),
                ("PICAP-UF-101".to_string(), false)
            ]
        );
        assert_eq!(draft.status, CatalogStatus::Published);
    }

    #[test]
    fn programme_codes_may_be_one_part_or_a_module_code() {
        let cases: &[(&str, Option<&str>)] = &[
            ("PSM", Some("PSM")),
            (" psm ", Some("PSM")),
            ("PICAP", Some("PICAP")),
            ("PICAP-PSM", Some("PICAP-PSM")),
            ("picap-hr-101", Some("PICAP-HR-101")),
            ("P", None),
            ("PICAPPSMLONGER", None),
            ("PICAP PSM", None),
            ("PICAP-", None),
            ("PICAP_PSM", None),
            ("", None),
        ];
        for (code, expected) in cases {
            let mut input = programme();
            input.code = code.to_string();
            match expected {
                Some(normalised) => {
                    assert_eq!(
                        input.parse().map(|d| d.code),
                        Ok(normalised.to_string()),
                        "{code}"
                    )
                }
                None => assert_eq!(
                    input.parse(),
                    Err(vec![("code", Key::ModuleCodeInvalid)]),
                    "{code}"
                ),
            }
        }
    }

    #[test]
    fn each_bad_programme_field_is_named_once() {
        type Case = (fn(&mut ProgrammeInput), &'static str, Key);
        let cases: &[Case] = &[
            (
                |p| p.title = BTreeMap::new(),
                "title",
                Key::ModuleTitleInvalid,
            ),
            (
                |p| p.title = BTreeMap::from([("es".into(), "   ".into())]),
                "title",
                Key::ModuleTitleInvalid,
            ),
            (
                |p| p.title = BTreeMap::from([("de".into(), "Polizei".into())]),
                "title",
                Key::ModuleTitleInvalid,
            ),
            (
                |p| p.title = BTreeMap::from([("es".into(), "x".repeat(201))]),
                "title",
                Key::ModuleTitleInvalid,
            ),
            (
                |p| p.title = BTreeMap::from([("es".into(), "Policía\u{7}".into())]),
                "title",
                Key::ModuleTitleInvalid,
            ),
            (
                |p| p.description = BTreeMap::from([("en".into(), "x".repeat(4001))]),
                "description",
                Key::ModuleSummaryInvalid,
            ),
            (
                |p| p.description = BTreeMap::from([("xx".into(), "Texto".into())]),
                "description",
                Key::ModuleSummaryInvalid,
            ),
            (
                |p| p.credits_required = 0,
                "credits_required",
                Key::ProgrammeCreditsInvalid,
            ),
            (
                |p| p.credits_required = 301,
                "credits_required",
                Key::ProgrammeCreditsInvalid,
            ),
            (
                |p| p.credits_required = -5,
                "credits_required",
                Key::ProgrammeCreditsInvalid,
            ),
            (
                |p| p.status = "live".into(),
                "status",
                Key::ModuleStatusInvalid,
            ),
            (
                |p| p.status = String::new(),
                "status",
                Key::ModuleStatusInvalid,
            ),
        ];
        for (spoil, field, key) in cases {
            let mut input = programme();
            spoil(&mut input);
            assert_eq!(input.parse(), Err(vec![(*field, *key)]), "{field}");
        }
    }

    #[test]
    fn programme_limits_and_spellings_that_are_accepted() {
        type Case = (fn(&mut ProgrammeInput), &'static str);
        let cases: &[Case] = &[
            (|p| p.credits_required = 1, "one credit"),
            (|p| p.credits_required = 300, "three hundred credits"),
            (
                |p| p.title = BTreeMap::from([("es".into(), "x".repeat(200))]),
                "a title of 200 characters",
            ),
            (
                |p| p.description = BTreeMap::from([("fr".into(), "ligne\nsuivante".into())]),
                "a line break in a description",
            ),
            (|p| p.status = "Draft".into(), "a status in any case"),
            (|p| p.status = "archived".into(), "archived"),
            (|p| p.modules = Vec::new(), "no modules yet"),
        ];
        for (change, what) in cases {
            let mut input = programme();
            change(&mut input);
            assert!(input.parse().is_ok(), "{what}: {:?}", input.parse());
        }
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut input = programme();
        input.code = "P".into();
        input.title = BTreeMap::new();
        input.credits_required = 0;
        input.status = "live".into();
        assert_eq!(
            input.parse(),
            Err(vec![
                ("code", Key::ModuleCodeInvalid),
                ("title", Key::ModuleTitleInvalid),
                ("credits_required", Key::ProgrammeCreditsInvalid),
                ("status", Key::ModuleStatusInvalid),
            ])
        );
    }

    #[test]
    fn a_module_listed_twice_keeps_its_first_place_and_kind() {
        type Case<'a> = (&'a [(&'a str, bool)], &'a [(&'a str, bool)]);
        let cases: &[Case] = &[
            (&[("A-1", true), ("a-1", false)], &[("A-1", true)]),
            (
                &[("B-1", false), ("A-1", true), ("b-1", true)],
                &[("B-1", false), ("A-1", true)],
            ),
            (&[(" C-1 ", true), ("C-1", true)], &[("C-1", true)]),
            (
                &[("A-1", true), ("B-1", true)],
                &[("A-1", true), ("B-1", true)],
            ),
            (&[], &[]),
        ];
        for (typed, kept) in cases {
            let mut input = programme();
            input.modules = typed.iter().map(|(c, r)| module(c, *r)).collect();
            let kept: Vec<(String, bool)> = kept.iter().map(|(c, r)| (c.to_string(), *r)).collect();
            assert_eq!(input.parse().map(|d| d.modules), Ok(kept), "{typed:?}");
        }
    }
}
