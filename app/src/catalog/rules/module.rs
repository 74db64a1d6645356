//! What a module must be: its input as typed or sent, and the checked draft.

use std::collections::BTreeMap;

use super::{
    Audience, CatalogStatus, DeliveryMode, FieldProblem, Level, default_status, localized,
};
use crate::i18n::{Key, Locale};

/// A module as typed or sent, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = ModuleInput))]
pub struct ModuleInput {
    /// Unique code such as `PICAP-HR-101` (any case): two to four parts of letters and digits.
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[A-Za-z][A-Za-z0-9]{0,11}(-[A-Za-z0-9]{1,12}){1,3}$",
            max_length = 40
        )
    )]
    pub code: String,
    /// Language → title; at least one.
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::dto::Titles))]
    pub title: BTreeMap<String, String>,
    /// Language → summary.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = crate::catalog::dto::Summaries))]
    pub summary: BTreeMap<String, String>,
    /// Topic codes.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Career credits.
    #[cfg_attr(feature = "ssr", schema(minimum = 0, maximum = 60))]
    pub credits: i32,
    /// Contact hours.
    #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 2000))]
    pub hours: i32,
    /// How demanding it is (default `introductory`).
    #[serde(default = "default_level")]
    #[cfg_attr(feature = "ssr", schema(value_type = Level))]
    pub level: String,
    /// How it is taught.
    #[cfg_attr(feature = "ssr", schema(value_type = DeliveryMode))]
    pub delivery_mode: String,
    /// Whom it is for.
    #[cfg_attr(feature = "ssr", schema(value_type = Audience))]
    pub audience: String,
    /// Codes of modules to complete first.
    #[serde(default)]
    pub prerequisites: Vec<String>,
    /// Where it is in its life (default `draft`).
    #[serde(default = "default_status")]
    #[cfg_attr(feature = "ssr", schema(value_type = CatalogStatus))]
    pub status: String,
    /// The agency that builds and owns the module (its id in the registry), if stated.
    #[serde(default)]
    pub organising_agency_id: Option<i64>,
    /// The language its lessons are written in first (`en`, `es`, `pt` or `fr`, any case), shown
    /// when the offering's language has no translation. It must be one the title is written in.
    /// Left out: a new module takes the first of English, Spanish, Portuguese and French that
    /// has a title, and a saved one keeps its own.
    #[serde(default)]
    pub primary_language: String,
}

fn default_level() -> String {
    Level::Introductory.code().to_string()
}

/// A checked module (topics and prerequisites still to be matched against the catalog).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleDraft {
    /// Upper-case code.
    pub code: String,
    /// Language → title, trimmed, at least one.
    pub title: BTreeMap<Locale, String>,
    /// Language → summary, trimmed.
    pub summary: BTreeMap<Locale, String>,
    /// Topic codes, deduplicated.
    pub topics: Vec<String>,
    /// 0–60.
    pub credits: i32,
    /// 1–2000.
    pub hours: i32,
    /// Level.
    pub level: Level,
    /// Delivery mode.
    pub delivery_mode: DeliveryMode,
    /// Audience.
    pub audience: Audience,
    /// Upper-case codes, deduplicated.
    pub prerequisites: Vec<String>,
    /// Status.
    pub status: CatalogStatus,
    /// A language the title is written in; `None` when not given (a new module takes the first
    /// language of its title, a saved one keeps its own).
    pub primary_language: Option<Locale>,
}

/// Whether `code` looks like `PICAP-HR-101`: upper-case letters and digits in two to four
/// dash-separated parts, at most 40 characters.
pub fn valid_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    code.len() <= 40
        && (2..=4).contains(&parts.len())
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 12
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        && parts[0]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
}

impl ModuleInput {
    /// Checks every field, reporting all problems at once.
    pub fn parse(&self) -> Result<ModuleDraft, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let code = self.code.trim().to_uppercase();
        if !valid_code(&code) {
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
        let summary = localized(
            &self.summary,
            "summary",
            4000,
            &mut problems,
            Key::ModuleSummaryInvalid,
        );
        if !(0..=60).contains(&self.credits) {
            problems.push(("credits", Key::ModuleCreditsInvalid));
        }
        if !(1..=2000).contains(&self.hours) {
            problems.push(("hours", Key::ModuleHoursInvalid));
        }
        let level = Level::from_code(&self.level);
        if level.is_none() {
            problems.push(("level", Key::ModuleLevelInvalid));
        }
        let delivery_mode = DeliveryMode::from_code(&self.delivery_mode);
        if delivery_mode.is_none() {
            problems.push(("delivery_mode", Key::ModuleModeInvalid));
        }
        let audience = Audience::from_code(&self.audience);
        if audience.is_none() {
            problems.push(("audience", Key::ModuleAudienceInvalid));
        }
        let status = CatalogStatus::from_code(&self.status);
        if status.is_none() {
            problems.push(("status", Key::ModuleStatusInvalid));
        }
        let mut topics: Vec<String> = self
            .topics
            .iter()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        topics.sort();
        topics.dedup();
        let mut prerequisites: Vec<String> = self
            .prerequisites
            .iter()
            .map(|p| p.trim().to_uppercase())
            .filter(|p| !p.is_empty())
            .collect();
        prerequisites.sort();
        prerequisites.dedup();
        if prerequisites.contains(&code) {
            problems.push(("prerequisites", Key::ModulePrerequisiteSelf));
        }
        let primary_language = match self.primary_language.trim() {
            "" => None,
            code => match Locale::from_code(code) {
                Some(l) if title.is_empty() || title.contains_key(&l) => Some(l),
                Some(_) => {
                    problems.push(("primary_language", Key::ModulePrimaryLanguageUntitled));
                    None
                }
                None => {
                    problems.push(("primary_language", Key::ModulePrimaryLanguageInvalid));
                    None
                }
            },
        };
        match (level, delivery_mode, audience, status) {
            (Some(level), Some(delivery_mode), Some(audience), Some(status))
                if problems.is_empty() =>
            {
                Ok(ModuleDraft {
                    code,
                    title,
                    summary,
                    topics,
                    credits: self.credits,
                    hours: self.hours,
                    level,
                    delivery_mode,
                    audience,
                    prerequisites,
                    status,
                    primary_language,
                })
            }
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module() -> ModuleInput {
        ModuleInput {
            code: "picap-hr-101".into(),
            title: BTreeMap::from([
                ("en".into(), "Policing and human rights".into()),
                ("es".into(), "Función policial y derechos humanos".into()),
            ]),
            summary: BTreeMap::new(),
            topics: vec!["human_rights".into(), "human_rights".into()],
            credits: 3,
            hours: 40,
            level: "introductory".into(),
            delivery_mode: "blended".into(),
            audience: "both".into(),
            prerequisites: vec![],
            status: "published".into(),
            organising_agency_id: None,
            primary_language: String::new(),
        }
    }

    #[test]
    fn the_primary_language_is_one_the_title_is_written_in() {
        let cases: &[(&str, Result<Option<Locale>, Key>)] = &[
            ("", Ok(None)),
            ("es", Ok(Some(Locale::Es))),
            (" ES ", Ok(Some(Locale::Es))),
            ("fr", Err(Key::ModulePrimaryLanguageUntitled)),
            ("de", Err(Key::ModulePrimaryLanguageInvalid)),
        ];
        for (given, expected) in cases {
            let mut input = module();
            input.primary_language = given.to_string();
            let got = input
                .parse()
                .map(|d| d.primary_language)
                .map_err(|problems| problems[0]);
            assert_eq!(
                got,
                expected.map_err(|key| ("primary_language", key)),
                "{given:?}"
            );
        }
    }

    #[test]
    fn a_valid_module_is_normalised() {
        let draft = module().parse().expect("valid");
        assert_eq!(draft.code, "PICAP-HR-101");
        assert_eq!(draft.topics, ["human_rights"]);
        assert_eq!(
            draft.title[&Locale::Es],
            "Función policial y derechos humanos"
        );
    }

    #[test]
    fn each_bad_module_field_is_named() {
        type Case = (fn(&mut ModuleInput), &'static str, Key);
        let cases: &[Case] = &[
            (|m| m.code = "hr 101".into(), "code", Key::ModuleCodeInvalid),
            (|m| m.code = "PICAP".into(), "code", Key::ModuleCodeInvalid),
            (
                |m| m.title = BTreeMap::new(),
                "title",
                Key::ModuleTitleInvalid,
            ),
            (
                |m| m.title = BTreeMap::from([("de".into(), "Menschenrechte".into())]),
                "title",
                Key::ModuleTitleInvalid,
            ),
            (|m| m.credits = -1, "credits", Key::ModuleCreditsInvalid),
            (|m| m.hours = 0, "hours", Key::ModuleHoursInvalid),
            (
                |m| m.level = "expert".into(),
                "level",
                Key::ModuleLevelInvalid,
            ),
            (
                |m| m.delivery_mode = "online".into(),
                "delivery_mode",
                Key::ModuleModeInvalid,
            ),
            (
                |m| m.audience = "military".into(),
                "audience",
                Key::ModuleAudienceInvalid,
            ),
            (
                |m| m.status = "live".into(),
                "status",
                Key::ModuleStatusInvalid,
            ),
            (
                |m| m.prerequisites = vec!["picap-hr-101".into()],
                "prerequisites",
                Key::ModulePrerequisiteSelf,
            ),
        ];
        for (spoil, field, key) in cases {
            let mut input = module();
            spoil(&mut input);
            assert_eq!(input.parse(), Err(vec![(*field, *key)]), "{field}");
        }
    }
}
