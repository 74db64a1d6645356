//! The session cookie: one definition for pages and the JSON API.

use http::HeaderMap;

/// Whether cookies are marked `Secure` (the site is served over https). The server provides it
/// as context to pages and server functions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CookiePolicy {
    /// Served over https.
    pub secure: bool,
}

impl CookiePolicy {
    /// The cookie's name: with the `__Host-` prefix (which browsers accept only with `Secure`,
    /// `Path=/` and no domain) when the site is served over https.
    pub fn name(self) -> &'static str {
        if self.secure {
            "__Host-picap_session"
        } else {
            "picap_session"
        }
    }

    /// The `Set-Cookie` value that stores a session token.
    pub fn session(self, token: &str) -> String {
        format!(
            "{}={token}; HttpOnly; SameSite=Lax; Path=/{}",
            self.name(),
            self.secure_attr()
        )
    }

    /// The `Set-Cookie` value that removes the session cookie.
    pub fn clear(self) -> String {
        format!(
            "{}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{}",
            self.name(),
            self.secure_attr()
        )
    }

    fn secure_attr(self) -> &'static str {
        if self.secure { "; Secure" } else { "" }
    }

    /// The session token a request carries, if any.
    pub fn token(self, headers: &HeaderMap) -> Option<String> {
        let name = self.name();
        headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(n, v)| *n == name && !v.is_empty())
            .map(|(_, v)| v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn cookies_are_http_only_lax_and_host_prefixed_over_https() {
        let plain = CookiePolicy { secure: false };
        let secure = CookiePolicy { secure: true };
        assert_eq!(
            plain.session("t"),
            "picap_session=t; HttpOnly; SameSite=Lax; Path=/"
        );
        assert_eq!(
            secure.session("t"),
            "__Host-picap_session=t; HttpOnly; SameSite=Lax; Path=/; Secure"
        );
        assert!(plain.clear().contains("Max-Age=0"));
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            HeaderValue::from_static("picap_lang=es; picap_session=abc"),
        );
        assert_eq!(plain.token(&headers).as_deref(), Some("abc"));
        assert_eq!(
            secure.token(&headers),
            None,
            "the https site reads only its prefixed cookie"
        );
    }
}
