//! Where to send someone back after signing in or registering (`?next=/modules/PICAP-HR-101`).
//!
//! The address arrives from a link or a hidden form field, so anyone can write it. Only a path
//! on this site is accepted: a value that a browser could read as another site (`//evil.example`,
//! `/\evil.example`, `https://evil.example`, or one hiding a tab or newline, which browsers drop
//! before resolving) is refused, and the caller falls back to its usual page. Sign-in and
//! registration pages are refused too, so that a link cannot send someone round in a loop, and
//! so are server-function endpoints (`/api/…`), which are not pages.

/// The longest return path accepted: longer values are not links a page of ours writes.
pub const MAX_RETURN_PATH: usize = 512;

/// A same-site path, checked by [`SafeReturnPath::parse`], that is safe to redirect to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SafeReturnPath(String);

impl SafeReturnPath {
    /// Accepts `text` if it is a path on this site: it starts with one `/` (not `//` or `/\`),
    /// holds only visible ASCII characters (percent-encoded otherwise) and no `\`, is at most
    /// [`MAX_RETURN_PATH`] long, and is not a sign-in, registration or `/api/` address.
    pub fn parse(text: &str) -> Option<SafeReturnPath> {
        let path_only = text.split(['?', '#']).next().unwrap_or_default();
        let ok = text.len() <= MAX_RETURN_PATH
            && text.starts_with('/')
            && !text.starts_with("//")
            && text.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
            && !["/sign-in", "/register", "/api"]
                .iter()
                .any(|page| path_only == *page || path_only.starts_with(&format!("{page}/")));
        ok.then(|| SafeReturnPath(text.to_string()))
    }

    /// `next` if it is safe ([`SafeReturnPath::parse`]), else `default`.
    pub fn or(next: Option<&str>, default: &str) -> String {
        next.and_then(SafeReturnPath::parse)
            .map_or_else(|| default.to_string(), |path| path.0)
    }

    /// The path, as it will go into a `Location` header or a link.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path with `name=value` added to its query (`/modules/X?welcome=1`), before any
    /// `#fragment`. `name` and `value` must need no percent-encoding.
    pub fn with_param(&self, name: &str, value: &str) -> String {
        let (path, fragment) = match self.0.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (self.0.as_str(), None),
        };
        let separator = if path.contains('?') { '&' } else { '?' };
        match fragment {
            Some(fragment) => format!("{path}{separator}{name}={value}#{fragment}"),
            None => format!("{path}{separator}{name}={value}"),
        }
    }

    /// `page` with this path as its `next` parameter, percent-encoded: `/register?next=%2F…`.
    pub fn carried_to(&self, page: &str) -> String {
        format!("{page}?next={}", encode_query_value(&self.0))
    }
}

/// Where a person lands after registering: `next` with the welcome notice (`?welcome=1`) when it
/// is a path on this site, else their profile with the same notice.
pub fn after_registration(next: Option<&str>) -> String {
    next.and_then(SafeReturnPath::parse).map_or_else(
        || "/profile?saved=welcome".to_string(),
        |path| path.with_param("welcome", "1"),
    )
}

/// Percent-encodes a query value: everything but unreserved characters and `/`.
fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_accepted() {
        let long = format!("/modules/{}", "A".repeat(MAX_RETURN_PATH));
        let cases: &[(&str, bool)] = &[
            ("/modules/PICAP-HR-101", true),
            ("/", true),
            ("/catalog?q=derechos+humanos&page=2", true),
            ("/modules/PICAP-HR-101#offerings", true),
            ("/my-scholarships", true),
            ("/modules/%C3%91", true),
            ("", false),
            ("modules/PICAP-HR-101", false),
            ("//evil.example", false),
            ("//evil.example/modules", false),
            ("/\\evil.example", false),
            ("/modules\\..\\x", false),
            ("\\\\evil.example", false),
            ("https://evil.example", false),
            ("http://evil.example/modules", false),
            ("javascript:alert(1)", false),
            ("/\t/evil.example", false),
            ("/\n/evil.example", false),
            ("/ /evil.example", false),
            ("/módulos", false),
            (" /modules", false),
            ("/sign-in", false),
            ("/sign-in?next=/modules/X", false),
            ("/register", false),
            ("/register/", false),
            ("/api/sign_out", false),
            ("/registered-people", true),
            (long.as_str(), false),
        ];
        for (text, accepted) in cases {
            assert_eq!(SafeReturnPath::parse(text).is_some(), *accepted, "{text:?}");
        }
    }

    #[test]
    fn a_refused_path_falls_back_to_the_default() {
        assert_eq!(SafeReturnPath::or(Some("/modules/X"), "/"), "/modules/X");
        assert_eq!(SafeReturnPath::or(Some("//evil.example"), "/"), "/");
        assert_eq!(SafeReturnPath::or(Some(""), "/profile"), "/profile");
        assert_eq!(SafeReturnPath::or(None, "/profile"), "/profile");
    }

    #[test]
    fn a_new_person_lands_on_next_with_a_welcome() {
        let cases = [
            (
                Some("/modules/PICAP-HR-101"),
                "/modules/PICAP-HR-101?welcome=1",
            ),
            (Some("/catalog?q=a"), "/catalog?q=a&welcome=1"),
            (Some("https://evil.example"), "/profile?saved=welcome"),
            (Some("/\\evil.example"), "/profile?saved=welcome"),
            (None, "/profile?saved=welcome"),
        ];
        for (next, expected) in cases {
            assert_eq!(after_registration(next), expected, "{next:?}");
        }
    }

    #[test]
    fn a_parameter_goes_into_the_query_before_the_fragment() {
        let cases = [
            ("/modules/X", "/modules/X?welcome=1"),
            ("/catalog?q=a", "/catalog?q=a&welcome=1"),
            ("/modules/X#offerings", "/modules/X?welcome=1#offerings"),
        ];
        for (path, expected) in cases {
            let path = SafeReturnPath::parse(path).expect("a safe path");
            assert_eq!(path.with_param("welcome", "1"), expected);
        }
    }

    #[test]
    fn the_path_is_carried_percent_encoded() {
        let path = SafeReturnPath::parse("/catalog?q=a b&x=1").map(|p| p.carried_to("/register"));
        assert_eq!(path, None, "a space is refused before it could be carried");
        let path = SafeReturnPath::parse("/catalog?q=a+b&x=1").expect("a safe path");
        assert_eq!(
            path.carried_to("/register"),
            "/register?next=/catalog%3Fq%3Da%2Bb%26x%3D1"
        );
    }
}
