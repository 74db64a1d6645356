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
