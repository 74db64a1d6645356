//! Choosing the language of a request: a pure rule, tested as a table.

use super::Locale;

/// The cookie the language switcher sets.
pub const LANGUAGE_COOKIE: &str = "picap_lang";

/// Picks the page language: a valid cookie wins, then the best-weighted supported language in
/// `Accept-Language` (RFC 9110 §12.5.4; `es-MX` counts as `es`), then English.
pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Locale {
    if let Some(locale) = cookie.and_then(Locale::from_code) {
        return locale;
    }
    let Some(header) = accept_language else {
        return Locale::En;
    };
    let mut best: Option<(Locale, u16, usize)> = None;
    for (position, item) in header.split(',').enumerate() {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let primary = tag.split('-').next().unwrap_or("");
        let weight = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .filter_map(parse_quality)
            .next()
            .unwrap_or(1000);
        let Some(locale) = Locale::from_code(primary) else {
            continue;
        };
        if weight == 0 {
            continue;
        }
        // Higher weight wins; on a tie the earlier entry wins.
        let better = match best {
            None => true,
            Some((_, w, p)) => weight > w || (weight == w && position < p),
        };
        if better {
            best = Some((locale, weight, position));
        }
    }
    best.map(|(l, _, _)| l).unwrap_or(Locale::En)
}

/// A quality value `0.xyz` as thousandths, so weights compare exactly.
fn parse_quality(q: &str) -> Option<u16> {
    let value: f32 = q.trim().parse().ok()?;
    if !(0.0..=1.0).contains(&value) {
        return None;
    }
    Some((value * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_table() {
        use Locale::*;
        let cases: &[(Option<&str>, Option<&str>, Locale)] = &[
            (None, None, En),
            (Some("es"), None, Es),
            (Some("fr"), Some("pt-BR"), Fr),
            (Some("xx"), Some("pt-BR"), Pt),
            (Some(""), Some("es"), Es),
            (None, Some("pt-BR,pt;q=0.9,en;q=0.8"), Pt),
            (None, Some("de-DE,de;q=0.9,fr;q=0.7,en;q=0.5"), Fr),
            (None, Some("en;q=0.5, es;q=0.8"), Es),
            (None, Some("es-419"), Es),
            (None, Some("de, it"), En),
            (None, Some("fr;q=0, en;q=0.1"), En),
            (None, Some("es;q=0.8, pt;q=0.8"), Es),
            (None, Some("*"), En),
            (None, Some("fr;q=abc, es;q=0.2"), Fr),
            (None, Some(""), En),
            (None, Some("FR-CA"), Fr),
        ];
        for (cookie, accept, expected) in cases {
            assert_eq!(
                negotiate(*cookie, *accept),
                *expected,
                "cookie {cookie:?}, Accept-Language {accept:?}"
            );
        }
    }
}
