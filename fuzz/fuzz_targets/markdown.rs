//! Fuzz target: the Markdown stage, with wiki links (`[[id]]`, `[[id|text]]`,
//! `[[id#heading]]`), relative `.md` links and macros, resolved against a small fixed site.
//!
//! The first byte of the input chooses the settings: bit 0 `raw_html: escape` (else
//! `allow`), bit 1 a one-paragraph text (a step description, rendered inline) instead of a
//! page body, bits 2 to 4 the page the text belongs to (links are relative to its folder).
//! The rest, lossily made UTF-8, is the Markdown.
//!
//! Besides "no panic", it asserts:
//! - every place reported (links, anchors, findings) lies inside the text;
//! - with `raw_html: escape`, the HTML has only the tags and attributes that Markdown itself
//!   produces: no editor can add markup, such as a `<script>` or an `onclick`;
//! - with `raw_html: allow`, raw HTML written only inside `[[id|text]]` texts is still shown
//!   as text: the HTML passes the same check.

#![no_main]

#[path = "common/html.rs"]
mod html;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use govwiki::config::RawHtml;
use govwiki::diag::Sources;
use govwiki::load::load_pages;
use govwiki::model::{self, Site};
use govwiki::render::markdown::{Found, Linker, Placement};
use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// The fixed site: a page of each kind, in three folders, with titles that need escaping.
const PAGES: &[(&str, &str)] = &[
    ("index.md", "---\ntitle: Home <b>&amp;</b>\n---\n## Meetings\n\n## Meetings\n"),
    ("bodies/index.md", "---\ntitle: Bodies\n---\n"),
    (
        "bodies/board.md",
        "---\ntitle: Board \"<script>\"\nkind: body\nabbr: B&\nsummary: Decides <i>all</i>\n\
         responsibilities:\n  ongoing: [Decide]\n---\n# Agenda {#agenda}\n",
    ),
    ("roles/secretariat.md", "---\ntitle: Secretariat\nkind: role\n---\n"),
    (
        "workflows/flow.md",
        "---\ntitle: Flow\nkind: workflow\nsteps:\n  - id: draft\n    title: Draft <it>\n    \
         who: secretariat\n    support: board\n  - title: Approve & sign\n    who: board\n---\n",
    ),
];

static SITE: LazyLock<Site> = LazyLock::new(|| {
    let pages: BTreeMap<String, Vec<u8>> =
        PAGES.iter().map(|(path, text)| ((*path).to_owned(), text.as_bytes().to_vec())).collect();
    let loaded = load_pages(pages, Sources::default());
    let (site, diagnostics) = model::build(&loaded);
    assert!(diagnostics.is_empty(), "the fixed site is valid: {diagnostics:?}");
    site
});

/// The tags and attributes Markdown and govwiki's own additions (anchors, broken links,
/// macros) produce.
const TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "input",
    "li",
    "nav",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];
const ATTRIBUTES: &[&str] = &[
    "alt",
    "aria-hidden",
    "aria-label",
    "checked",
    "class",
    "disabled",
    "href",
    "id",
    "scope",
    "src",
    "start",
    "style",
    "title",
    "type",
];

fuzz_target!(|data: &[u8]| {
    let Some((&flags, text)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(text);
    let raw_html = if flags & 1 == 1 { RawHtml::Escape } else { RawHtml::Allow };
    let inline = flags & 2 == 2;
    let from = usize::from(flags >> 2 & 7) % SITE.pages.len();
    let (html, found) = render(&text, raw_html, inline, from);
    for origin in found.origins.iter() {
        assert_within(&origin.span, &text, inline);
    }
    for anchor in &found.anchors {
        assert_within(&anchor.span, &text, inline);
    }
    for diagnostic in &found.diagnostics {
        assert_within(&diagnostic.range.clone().unwrap_or_default(), &text, inline);
    }
    if raw_html == RawHtml::Escape || only_wiki_text_has_html(&text) {
        assert_only_markdown_markup(&html);
    }
});

/// The HTML of `text` as page `from` would show it, and what rendering found.
fn render(text: &str, raw_html: RawHtml, inline: bool, from: usize) -> (String, Found) {
    let linker = Linker::new(&SITE, raw_html);
    let mut found = Found::default();
    let html = if inline {
        linker.render_inline(text, from, 0..text.len(), &mut found)
    } else {
        linker.render(text, from, &Placement::At(0), &mut found).html
    };
    (html, found)
}

/// A place reported in `text`: inside it, on character boundaries; an inline text reports
/// every finding at the whole text (the YAML value it came from).
#[track_caller]
fn assert_within(range: &Range<usize>, text: &str, inline: bool) {
    if inline {
        assert_eq!(*range, 0..text.len());
        return;
    }
    assert!(range.start <= range.end && range.end <= text.len(), "{range:?} of {}", text.len());
    assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end), "{range:?}");
}

/// Whether `text` has raw HTML, and all of it inside the text of `[[id|text]]` links, which is
/// always shown as text: parsed as govwiki parses it.
fn only_wiki_text_has_html(text: &str) -> bool {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS;
    let mut links: Vec<bool> = Vec::new();
    let mut any = false;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(Tag::Link { link_type, .. }) => {
                links.push(matches!(link_type, LinkType::WikiLink { has_pothole: true }));
            }
            Event::End(TagEnd::Link) => {
                links.pop();
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                if !links.iter().any(|&wiki| wiki) {
                    return false;
                }
                any = true;
            }
            // Heading attributes are markup written by the editor, as raw HTML is.
            Event::Start(Tag::Heading { ref classes, ref attrs, .. })
                if !classes.is_empty() || !attrs.is_empty() =>
            {
                return false;
            }
            _ => {}
        }
    }
    any
}

/// The HTML has only the tags and attributes of [`TAGS`] and [`ATTRIBUTES`].
#[track_caller]
fn assert_only_markdown_markup(html: &str) {
    for tag in html::start_tags(html) {
        let at = &html[tag.at..];
        assert!(TAGS.contains(&tag.name.as_str()), "tag `{}` at: {at}", tag.name);
        for (name, _) in &tag.attributes {
            assert!(ATTRIBUTES.contains(&name.as_str()), "attribute `{name}` at: {at}");
        }
    }
}
