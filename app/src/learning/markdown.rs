//! A lesson's Markdown as the HTML readers are sent: rendered by pulldown-cmark, then cleaned
//! by ammonia against an allowlist.
//!
//! Two layers, because lesson text comes from many authors and is read by many trainees:
//! - raw HTML in the Markdown is not passed through at all: it is shown as the text it is, so
//!   `<script>` in a lesson reads as `<script>`;
//! - the rendered HTML then goes through ammonia, which keeps only the elements and attributes
//!   Markdown produces, links to `http`, `https` and `mailto` (no `javascript:`, `data:` or
//!   `vbscript:`), and adds `rel="noopener noreferrer nofollow"` to links.
//!
//! The site's Content-Security-Policy (no inline script, images from the site only) stands
//! behind both.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::Builder;
use pulldown_cmark::{Event, Options, Parser, html};

/// The elements Markdown produces, and nothing else.
const TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "input",
];

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href", "title"])),
            ("img", HashSet::from(["src", "alt", "title"])),
            ("ol", HashSet::from(["start"])),
            // Task lists: pulldown-cmark renders `- [x]` as a disabled checkbox; its type and
            // `disabled` are set here whatever came in, so no other kind of input can appear.
            ("input", HashSet::from(["checked"])),
        ]))
        .set_tag_attribute_values(HashMap::from([(
            "input",
            HashMap::from([("type", "checkbox"), ("disabled", "")]),
        )]))
        .generic_attributes(HashSet::new())
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"));
    builder
});

/// The HTML readers are sent for `markdown`: CommonMark with tables, strikethrough, footnotes
/// and task lists; raw HTML shown as text; cleaned against the allowlist.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut rendered = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut rendered, events);
    CLEANER.clean(&rendered).to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_renders_to_clean_html() {
        let cases = [
            (
                "**Proporcionalidad**",
                "<p><strong>Proporcionalidad</strong></p>\n",
            ),
            (
                "[Guía](https://www.oas.org/guia \"OEA\")",
                "<p><a href=\"https://www.oas.org/guia\" title=\"OEA\" rel=\"noopener noreferrer nofollow\">Guía</a></p>\n",
            ),
            (
                "1. uno\n2. dos",
                "<ol>\n<li>uno</li>\n<li>dos</li>\n</ol>\n",
            ),
            (
                "| a |\n|---|\n| b |",
                "<table><thead><tr><th>a</th></tr></thead><tbody>\n<tr><td>b</td></tr>\n</tbody></table>\n",
            ),
        ];
        for (markdown, expected) in cases {
            assert_eq!(render(markdown), expected, "{markdown}");
        }
    }

    /// Each of these must come out with nothing that runs: no script element, no event
    /// attribute, no script URL.
    #[test]
    fn nothing_an_author_writes_can_run_script() {
        let corpus = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<svg><script>alert(1)</script></svg>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](&#106;avascript:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[click](vbscript:msgbox(1))",
            "![x](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "[x]: javascript:alert(1)\n\n[link][x]",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<details open ontoggle=alert(1)>",
            "`<script>` in code is text",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        ];
        for markdown in corpus {
            let html = render(markdown).to_lowercase();
            // Text keeps `<` escaped, so every `<` left starts a real element.
            for tag in html
                .split('<')
                .skip(1)
                .map(|t| t.split('>').next().unwrap_or(""))
            {
                let name = tag
                    .trim_start_matches('/')
                    .split([' ', '/'])
                    .next()
                    .unwrap_or("");
                assert!(
                    super::TAGS.contains(&name),
                    "{markdown:?} gave the element {name:?} in {html:?}"
                );
                for bad in [" on", "javascript:", "vbscript:", "data:", "style="] {
                    assert!(!tag.contains(bad), "{markdown:?} gave {tag:?} in {html:?}");
                }
            }
        }
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert_eq!(
            render("a <b>bold</b> claim"),
            "<p>a &lt;b&gt;bold&lt;/b&gt; claim</p>\n"
        );
    }
}
