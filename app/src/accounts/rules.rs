//! Pure account rules: what an email address and a password must be.

use std::fmt;

/// The longest address SMTP can carry (RFC 5321: 64 + 1 + 255).
const MAX_EMAIL_LEN: usize = 320;
/// Passwords are measured in characters, not bytes: any Unicode is welcome.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Long enough for any passphrase, short enough that hashing stays cheap.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// A syntactically valid email address, lower-cased so that uniqueness is case-insensitive.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

/// Why an email address was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailProblem {
    /// Nothing was typed.
    Empty,
    /// Longer than 320 characters.
    TooLong,
    /// Not of the form `name@domain.tld`.
    Malformed,
}

impl EmailAddress {
    /// Parses and normalises an address typed by a person.
    pub fn parse(input: &str) -> Result<Self, EmailProblem> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err(EmailProblem::Empty);
        }
        if email.chars().count() > MAX_EMAIL_LEN {
            return Err(EmailProblem::TooLong);
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err(EmailProblem::Malformed);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && !local
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c));
        if domain_ok && local_ok {
            Ok(EmailAddress(email))
        } else {
            Err(EmailProblem::Malformed)
        }
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a password was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than 12 characters.
    TooShort,
    /// More than 128 characters.
    TooLong,
}

/// A password that meets the length policy (NIST SP 800-63B: length, not composition rules).
/// Never logged: its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    /// Checks the length in characters; nothing is trimmed or truncated.
    pub fn parse(input: &str) -> Result<Self, PasswordProblem> {
        let chars = input.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            Err(PasswordProblem::TooShort)
        } else if chars > MAX_PASSWORD_CHARS {
            Err(PasswordProblem::TooLong)
        } else {
            Ok(NewPassword(input.to_string()))
        }
    }

    /// The password itself, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_table() {
        let cases: &[(&str, Result<&str, EmailProblem>)] = &[
            ("ana.perez@policia.gov.co", Ok("ana.perez@policia.gov.co")),
            (
                "  Ana.Perez@Policia.GOV.co ",
                Ok("ana.perez@policia.gov.co"),
            ),
            ("joão@polícia.gov.br", Ok("joão@polícia.gov.br")),
            ("", Err(EmailProblem::Empty)),
            ("   ", Err(EmailProblem::Empty)),
            ("ana", Err(EmailProblem::Malformed)),
            ("ana@", Err(EmailProblem::Malformed)),
            ("@policia.gov.co", Err(EmailProblem::Malformed)),
            ("ana@localhost", Err(EmailProblem::Malformed)),
            ("ana perez@policia.gov.co", Err(EmailProblem::Malformed)),
            ("ana@policia..gov", Err(EmailProblem::Malformed)),
            ("ana@-policia.gov", Err(EmailProblem::Malformed)),
            ("a@b@policia.gov", Err(EmailProblem::Malformed)),
        ];
        for (input, expected) in cases {
            let got = EmailAddress::parse(input);
            match expected {
                Ok(normal) => {
                    assert_eq!(got.as_ref().map(|e| e.as_str()), Ok(*normal), "{input:?}")
                }
                Err(problem) => assert_eq!(got, Err(*problem), "{input:?}"),
            }
        }
        let long = format!("{}@example.org", "a".repeat(330));
        assert_eq!(EmailAddress::parse(&long), Err(EmailProblem::TooLong));
    }

    #[test]
    fn password_length_is_counted_in_characters() {
        let cases: &[(String, Result<(), PasswordProblem>)] = &[
            ("a".repeat(11), Err(PasswordProblem::TooShort)),
            ("a".repeat(12), Ok(())),
            ("ñ".repeat(12), Ok(())), // 24 bytes, 12 characters
            ("ñ".repeat(11), Err(PasswordProblem::TooShort)),
            ("🛡".repeat(128), Ok(())),
            ("a".repeat(129), Err(PasswordProblem::TooLong)),
            ("  spaces count  ".to_string(), Ok(())),
        ];
        for (input, expected) in cases {
            assert_eq!(
                NewPassword::parse(input).map(|_| ()),
                *expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn password_debug_is_redacted() {
        let p = NewPassword::parse("correct horse battery").expect("valid");
        assert!(!format!("{p:?}").contains("horse"));
    }
}

/// A profile as typed into a form or sent to the API, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProfileInput {
    /// Name as printed on certificates.
    pub full_name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Institution.
    pub agency: String,
    /// Rank or position.
    pub rank: String,
    /// `police` or `civilian`.
    pub affiliation: String,
    /// Optional: `female`, `male`, `other`, or empty.
    pub gender: String,
    /// `en`, `es`, `pt` or `fr`.
    pub preferred_language: String,
}

/// A checked profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Trimmed, 2–200 characters.
    pub full_name: String,
    /// Upper-case ISO code of a real country.
    pub country: String,
    /// Trimmed, 2–200 characters.
    pub agency: String,
    /// Trimmed, at most 100 characters; may be empty for civilians.
    pub rank: String,
    /// Police or civilian.
    pub affiliation: super::Affiliation,
    /// `None` when not given.
    pub gender: Option<String>,
    /// The language for pages and emails.
    pub preferred_language: crate::i18n::Locale,
}

/// The gender codes a person may give (or none).
pub const GENDERS: [&str; 3] = ["female", "male", "other"];

/// One refused field: its name and the translated reason.
pub type FieldProblem = (&'static str, crate::i18n::Key);

impl ProfileInput {
    /// Checks every field, reporting all problems at once.
    pub fn parse(&self) -> Result<Profile, Vec<FieldProblem>> {
        use crate::i18n::{Key, Locale};
        let mut problems = Vec::new();
        let text = |value: &str, field: &'static str, min: usize, max: usize, key: Key| {
            let value = value.trim();
            let chars = value.chars().count();
            if chars < min || chars > max || value.chars().any(char::is_control) {
                Err((field, key))
            } else {
                Ok(value.to_string())
            }
        };
        let full_name = text(
            &self.full_name,
            "full_name",
            2,
            200,
            Key::ProfileFullNameInvalid,
        )
        .map_err(|p| problems.push(p))
        .ok();
        let country = super::countries::find(&self.country)
            .map(|c| c.code.to_string())
            .ok_or(("country", Key::ProfileCountryInvalid))
            .map_err(|p| problems.push(p))
            .ok();
        let agency = text(&self.agency, "agency", 2, 200, Key::ProfileAgencyInvalid)
            .map_err(|p| problems.push(p))
            .ok();
        let rank = text(&self.rank, "rank", 0, 100, Key::ProfileRankInvalid)
            .map_err(|p| problems.push(p))
            .ok();
        let affiliation = match self.affiliation.trim() {
            "police" => Some(super::Affiliation::Police),
            "civilian" => Some(super::Affiliation::Civilian),
            _ => {
                problems.push(("affiliation", Key::ProfileAffiliationInvalid));
                None
            }
        };
        let gender = match self.gender.trim() {
            "" => Some(None),
            g if GENDERS.contains(&g) => Some(Some(g.to_string())),
            _ => {
                problems.push(("gender", Key::ProfileGenderInvalid));
                None
            }
        };
        let preferred_language = Locale::from_code(&self.preferred_language);
        if preferred_language.is_none() {
            problems.push(("preferred_language", Key::ProfileLanguageInvalid));
        }
        match (
            full_name,
            country,
            agency,
            rank,
            affiliation,
            gender,
            preferred_language,
        ) {
            (
                Some(full_name),
                Some(country),
                Some(agency),
                Some(rank),
                Some(affiliation),
                Some(gender),
                Some(preferred_language),
            ) if problems.is_empty() => Ok(Profile {
                full_name,
                country,
                agency,
                rank,
                affiliation,
                gender,
                preferred_language,
            }),
            _ => Err(problems),
        }
    }
}

/// Whether `password` is among the 10,000 most common passwords (compared without case).
#[cfg(feature = "ssr")]
/// What a person may not change about themself once they have applied to anything: their
/// affiliation and their country decide eligibility, quotas and scholarships, so after an
/// application a change goes through their coordinator or an administrator, who are audited.
/// Returns the refused fields (those that would change), none when nothing is at stake.
pub fn locked_standing(
    has_applied: bool,
    current: (super::Affiliation, &str),
    wanted: (super::Affiliation, &str),
) -> Vec<(&'static str, crate::i18n::Key)> {
    if !has_applied {
        return Vec::new();
    }
    let mut refused = Vec::new();
    if current.0 != wanted.0 {
        refused.push(("affiliation", crate::i18n::Key::ProfileStandingLocked));
    }
    if !current.1.trim().eq_ignore_ascii_case(wanted.1.trim()) {
        refused.push(("country", crate::i18n::Key::ProfileStandingLocked));
    }
    refused
}

#[cfg(test)]
mod standing_tests {
    use super::super::Affiliation::{Civilian, Police};
    use super::locked_standing;

    #[test]
    fn affiliation_and_country_are_locked_once_a_person_has_applied() {
        let cases = [
            (false, (Civilian, "PE"), (Police, "CO"), vec![]),
            (true, (Civilian, "PE"), (Civilian, "pe"), vec![]),
            (true, (Civilian, "PE"), (Police, "PE"), vec!["affiliation"]),
            (true, (Police, "PE"), (Police, "CO"), vec!["country"]),
            (
                true,
                (Civilian, "PE"),
                (Police, "CO"),
                vec!["affiliation", "country"],
            ),
        ];
        for (applied, current, wanted, refused) in cases {
            let fields: Vec<&str> = locked_standing(applied, current, wanted)
                .into_iter()
                .map(|(f, _)| f)
                .collect();
            assert_eq!(fields, refused, "{applied} {current:?} → {wanted:?}");
        }
    }
}

pub fn is_common_password(password: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let list = LIST.get_or_init(|| {
        include_str!("../../data/common-passwords.txt")
            .lines()
            .filter(|l| !l.is_empty())
            .collect()
    });
    list.contains(password.to_lowercase().as_str())
}

/// The reason a chosen password is refused, if it is: too short, too long, or too common.
#[cfg(feature = "ssr")]
pub fn new_password_problem(password: &str) -> Result<NewPassword, crate::i18n::Key> {
    use crate::i18n::Key;
    let parsed = NewPassword::parse(password).map_err(|p| match p {
        PasswordProblem::TooShort => Key::PasswordTooShort,
        PasswordProblem::TooLong => Key::PasswordTooLong,
    })?;
    if is_common_password(password) {
        return Err(Key::PasswordTooCommon);
    }
    Ok(parsed)
}

#[cfg(test)]
mod profile_tests {
    use super::*;
    use crate::i18n::{Key, Locale};

    fn valid() -> ProfileInput {
        ProfileInput {
            full_name: " Ana Pérez ".into(),
            country: "co".into(),
            agency: "Policía Nacional de Colombia".into(),
            rank: "Capitana".into(),
            affiliation: "police".into(),
            gender: "".into(),
            preferred_language: "es".into(),
        }
    }

    #[test]
    fn a_valid_profile_is_normalised() {
        let profile = valid().parse().expect("valid");
        assert_eq!(profile.full_name, "Ana Pérez");
        assert_eq!(profile.country, "CO");
        assert_eq!(profile.gender, None);
        assert_eq!(profile.preferred_language, Locale::Es);
    }

    #[test]
    fn each_bad_field_is_named() {
        type Case = (fn(&mut ProfileInput), &'static str, Key);
        let cases: &[Case] = &[
            (
                |p| p.full_name = " A ".into(),
                "full_name",
                Key::ProfileFullNameInvalid,
            ),
            (
                |p| p.country = "XX".into(),
                "country",
                Key::ProfileCountryInvalid,
            ),
            (
                |p| p.country = "".into(),
                "country",
                Key::ProfileCountryInvalid,
            ),
            (
                |p| p.agency = "".into(),
                "agency",
                Key::ProfileAgencyInvalid,
            ),
            (
                |p| p.rank = "x".repeat(101),
                "rank",
                Key::ProfileRankInvalid,
            ),
            (
                |p| p.affiliation = "military".into(),
                "affiliation",
                Key::ProfileAffiliationInvalid,
            ),
            (
                |p| p.gender = "unknown".into(),
                "gender",
                Key::ProfileGenderInvalid,
            ),
            (
                |p| p.preferred_language = "de".into(),
                "preferred_language",
                Key::ProfileLanguageInvalid,
            ),
        ];
        for (spoil, field, key) in cases {
            let mut input = valid();
            spoil(&mut input);
            assert_eq!(input.parse(), Err(vec![(*field, *key)]), "{field}");
        }
    }

    #[test]
    fn all_problems_are_reported_together() {
        let problems = ProfileInput::default().parse().expect_err("empty profile");
        let fields: Vec<_> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "full_name",
                "country",
                "agency",
                "affiliation",
                "preferred_language"
            ]
        );
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        let cases: &[(&str, Result<(), Key>)] = &[
            ("short", Err(Key::PasswordTooShort)),
            ("1qaz2wsx3edc", Err(Key::PasswordTooCommon)),
            ("1QAZ2WSX3EDC", Err(Key::PasswordTooCommon)),
            ("ruta de la sal 2026", Ok(())),
        ];
        for (password, expected) in cases {
            assert_eq!(
                new_password_problem(password).map(|_| ()),
                *expected,
                "{password}"
            );
        }
    }
}
