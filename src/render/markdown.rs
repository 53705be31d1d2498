//! Markdown → HTML with pulldown-cmark, plus what a wiki adds to it.
//!
//! - Headings get stable anchors (see [`crate::slug`]; a repeated heading gets `-1`, `-2`…)
//!   and a `#` link, unless the author set one with `{#id}`.
//! - `[[id]]`, `[[id|text]]` and `[[id#heading]]` link to pages by id; `[[id]]` shows the
//!   page's title. The heading part may be the anchor or the heading's text.
//! - Relative links to `.md` files are rewritten to the page's output URL.
//!
//! Links to unknown pages become diagnostics and render as marked text, never as a dead link.
//! Every link and image is returned with its place in the source, so that the link check of
//! the rendered site can trace a finding back to the Markdown it came from; links to pages
//! are returned too, for the "nothing links here" check.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::sync::OnceLock;

use html_escape::encode_double_quoted_attribute;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};
use regex::Regex;

use self::destinations::{AFTER_LINK, SHORT_AFTER_LINK, destination_after, runs_script};
use super::macros;
use super::urls::relative;
pub use super::view::Heading;
use crate::config::RawHtml;
use crate::diag::{Code, Diagnostic, SourceId};
use crate::model::id::{folder_of, folder_page_of};
use crate::model::{PageKind, Site};
use crate::slug::heading_anchor;

mod destinations;

/// The ids the built-in theme puts on the pages (besides the steps of a workflow), which no
/// heading may take: a theme of one's own should use these, or ids no heading can have.
pub const THEME_IDS: &[&str] = &[
    "content",
    "referenced-by",
    "responsibilities",
    "ongoing",
    "case-driven",
    "steps",
    "responsibility-matrix",
    "in-the-workflows",
];

/// The ids the theme uses on a body's page besides [`THEME_IDS`]: its roster, decision rights
/// and decision log.
const BODY_IDS: &[&str] = &["roster", "decision-rights", "decision-log", "meeting-log"];

/// A link or image written in Markdown, with the URL it got in the HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin<'a> {
    /// The URL as rendered (before HTML escaping).
    pub href: &'a str,
    /// The file it was written in.
    pub source: SourceId,
    /// Where it is in that file.
    pub span: Range<usize>,
    /// Whether it was written as a link to a page (`[[id#heading]]` or a relative `.md`
    /// link), so that a missing anchor is reported as an unknown heading.
    pub to_page: bool,
}

/// Every link and image written in a page's Markdown, in order (see [`Origin`]). The URLs
/// are kept in one text rather than a `String` each: a large wiki has hundreds of thousands
/// of links, all kept from the render until the link check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Origins {
    /// Every URL, one after the other.
    hrefs: String,
    /// Per link: where its URL ends in `hrefs`, and the rest of its [`Origin`].
    list: Vec<(usize, SourceId, Range<usize>, bool)>,
}

impl Origins {
    /// No links.
    pub const EMPTY: Origins = Origins { hrefs: String::new(), list: Vec::new() };

    /// Adds a link at the end.
    pub fn push(&mut self, origin: Origin<'_>) {
        self.hrefs.push_str(origin.href);
        self.list.push((self.hrefs.len(), origin.source, origin.span, origin.to_page));
    }

    /// How many links there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The link at `index`.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<Origin<'_>> {
        let &(end, source, ref span, to_page) = self.list.get(index)?;
        let start = index.checked_sub(1).map_or(0, |before| self.list[before].0);
        Some(Origin { href: &self.hrefs[start..end], source, span: span.clone(), to_page })
    }

    /// Every link, in order.
    pub fn iter(&self) -> impl Iterator<Item = Origin<'_>> {
        (0..self.len()).filter_map(|index| self.get(index))
    }
}

impl Found {
    /// Gives back the room its lists were left with to grow: every page's findings are kept
    /// until the site is checked.
    pub fn shrink_to_fit(&mut self) {
        self.diagnostics.shrink_to_fit();
        self.origins.hrefs.shrink_to_fit();
        self.origins.list.shrink_to_fit();
        self.pages.shrink_to_fit();
        self.anchors.shrink_to_fit();
    }
}

impl<'a> FromIterator<Origin<'a>> for Origins {
    fn from_iter<I: IntoIterator<Item = Origin<'a>>>(origins: I) -> Self {
        let mut all = Origins::default();
        for origin in origins {
            all.push(origin);
        }
        all
    }
}

/// A rendered Markdown text.
#[derive(Debug, Default)]
pub struct Markdown {
    /// The HTML.
    pub html: String,
    /// The headings, in order.
    pub headings: Vec<Heading>,
}

/// What rendering the Markdown texts of one page found besides HTML.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// Unknown pages and files.
    pub diagnostics: Vec<Diagnostic>,
    /// Every link and image, in order.
    pub origins: Origins,
    /// The pages linked to, in order, with repeats.
    pub pages: Vec<usize>,
    /// The anchors of the headings.
    pub anchors: Vec<Anchor>,
    /// The plain text, for the search index.
    pub text: String,
}

/// The anchor of a heading written in Markdown.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Anchor {
    /// The `id` it got.
    pub id: String,
    /// The file the heading is in.
    pub source: SourceId,
    /// Where the heading is in that file.
    pub span: Range<usize>,
}

/// Where the Markdown text is in its source, to place diagnostics.
#[derive(Clone, Debug)]
pub enum Placement {
    /// The text starts at this byte offset of the source (a page's body).
    At(usize),
    /// The text comes from a YAML value; findings point at the whole value.
    Within(Range<usize>),
}

impl Placement {
    pub(super) fn range(&self, local: &Range<usize>) -> Range<usize> {
        match self {
            Placement::At(offset) => offset + local.start..offset + local.end,
            Placement::Within(range) => range.clone(),
        }
    }
}

/// What links are resolved against: the site, and the page being rendered.
pub struct Linker<'a> {
    site: &'a Site,
    raw_html: RawHtml,
    /// The page of each folder that has one, by the folder's path (`""` for the root).
    folders: HashMap<&'a str, usize>,
}

impl<'a> Linker<'a> {
    /// A linker for `site`, which treats raw HTML in Markdown as `raw_html` says.
    #[must_use]
    pub fn new(site: &'a Site, raw_html: RawHtml) -> Self {
        let mut folders = HashMap::new();
        for (index, page) in site.pages.iter().enumerate() {
            if let Some(folder) = folder_page_of(&page.path) {
                folders.entry(folder).or_insert(index);
            }
        }
        Linker { site, raw_html, folders }
    }

    /// The ids the theme puts on page `from`, each counted as taken: a heading of the page
    /// that would get one gets the next free one instead (`responsibilities-1`), as a heading
    /// repeated on the page does, so that no anchor is ever on the page twice.
    fn theme_ids(&self, from: usize) -> HashMap<String, usize> {
        let mut taken: HashMap<String, usize> =
            THEME_IDS.iter().map(|&id| (id.to_owned(), 1)).collect();
        let page = &self.site.pages[from];
        // The sections of the governance records take their ids only on the pages that can
        // have them: a page's own "Open points" heading keeps its anchor while the page lists
        // no `open_points`.
        let mut take = |id: &str| {
            taken.insert(id.to_owned(), 1);
        };
        if !page.lifecycle.sources.is_empty() {
            take("sources");
        }
        if !page.lifecycle.open_points.is_empty() {
            take("open-points");
        }
        match &page.kind {
            PageKind::Workflow(workflow) => {
                taken.extend(workflow.step_anchors().into_iter().map(|anchor| (anchor, 1)));
            }
            PageKind::Body(_) => BODY_IDS.iter().for_each(|id| take(id)),
            PageKind::Person(_) => take("seats-held"),
            _ => {}
        }
        taken
    }

    /// Renders Markdown `text` of page `from`.
    pub fn render(
        &self,
        text: &str,
        from: usize,
        placement: &Placement,
        found: &mut Found,
    ) -> Markdown {
        let mut pass = Pass {
            linker: self,
            from,
            source: self.site.pages[from].source,
            placement,
            found,
            markdown: Markdown::default(),
            slugs: self.theme_ids(from),
        };
        let mut html = String::with_capacity(text.len() * 3 / 2);
        // Macros are found among the events of the whole page, which must wait for them.
        if text.contains("{{") {
            let mut events: Vec<Event<'_>> = pass.rewrite(text).collect();
            let calls = macros::find_calls(&events, text, |local| placement.range(&local));
            let source = self.site.pages[from].source;
            macros::expand(
                &mut events,
                calls,
                self.site,
                from,
                &pass.markdown.headings,
                source,
                &mut pass.found.diagnostics,
            );
            html::push_html(&mut html, events.into_iter());
        } else {
            html::push_html(&mut html, pass.rewrite(text));
        }
        let mut markdown = pass.markdown;
        markdown.html = html;
        // Every page's HTML waits here until the pages are put together: no room to spare.
        markdown.html.shrink_to_fit();
        markdown
    }

    /// Renders a one-paragraph text (a responsibility, a step description) without the `<p>`.
    pub fn render_inline(
        &self,
        text: &str,
        from: usize,
        span: Range<usize>,
        found: &mut Found,
    ) -> String {
        let markdown = self.render(text, from, &Placement::Within(span), found);
        let html = markdown.html.trim_end();
        match html.strip_prefix("<p>").and_then(|h| h.strip_suffix("</p>")) {
            Some(inner) if !inner.contains("<p>") => inner.to_owned(),
            _ => html.to_owned(),
        }
    }
}

struct Pass<'a, 'd> {
    linker: &'a Linker<'a>,
    from: usize,
    source: SourceId,
    placement: &'a Placement,
    found: &'d mut Found,
    markdown: Markdown,
    slugs: HashMap<String, usize>,
}

/// A page's events as the wiki renders them (see the module docs), made from the parser's one
/// at a time: only a heading's events wait until its end, which gives its anchor. Collecting
/// every event of a page first would hold some 70 bytes per event, hundreds of megabytes for
/// a page of dense markup.
struct Rewrite<'p, 'a, 'd, 't> {
    pass: &'p mut Pass<'a, 'd>,
    text: &'t str,
    parser: pulldown_cmark::OffsetIter<'t, pulldown_cmark::DefaultBrokenLinkCallback>,
    /// The events made and not yet given.
    out: VecDeque<Event<'t>>,
    /// Inside a heading: where its start is in `out`, and its text so far.
    heading: Option<(usize, String)>,
    heading_range: Range<usize>,
    /// Inside a link whose text is replaced (a bare `[[id]]`) or dropped (a broken link).
    replace_text: Option<String>,
    broken_link: bool,
    /// Inside an image whose file is out of the repository, shown as its text.
    broken_image: bool,
    /// Where the link being read ends in the text, when the parser reads it as a shorter
    /// one: the end of the `(url)` of a `[[text]](url)`; and, once the link has ended, the
    /// end of the events to leave out.
    skip_after_link: Option<usize>,
    skip_until: Option<usize>,
    /// Inside the text of a `[[id|text]]`, which is shown as written, never as markup.
    wiki_text: bool,
    /// How many links are open: a link in a link's text (an autolink in the text of a
    /// `[[id|text]]`) is shown as its text, as HTML has no links in links, and leaves the
    /// outer link's state alone.
    open_links: usize,
}

impl<'t> Iterator for Rewrite<'_, '_, '_, 't> {
    type Item = Event<'t>;

    fn next(&mut self) -> Option<Event<'t>> {
        loop {
            if self.heading.is_none()
                && let Some(event) = self.out.pop_front()
            {
                return Some(event);
            }
            let Some((event, range)) = self.parser.next() else {
                self.heading = None;
                return self.out.pop_front();
            };
            self.step(event, range);
        }
    }
}

impl<'t> Rewrite<'_, '_, '_, 't> {
    /// For a wiki link at `range` followed at once by `(url)`: the URL, the text the whole
    /// shows (`[text]`), and the range of the whole; the events of `(url)` are skipped.
    ///
    /// The `(url)` is read as CommonMark and GitHub read a link's destination, by reading the
    /// link again with a stand-in text: parentheses in pairs, `<…>`, entities, backslash
    /// escapes and a title. Only the rest of the paragraph, and at most [`AFTER_LINK`] bytes
    /// of it, is read again, never the rest of the page.
    fn link_after(
        &mut self,
        link_type: LinkType,
        range: &Range<usize>,
    ) -> Option<(String, String, Range<usize>)> {
        let LinkType::WikiLink { .. } = link_type else { return None };
        let rest = self.text.get(range.end..)?;
        if !rest.starts_with('(') {
            return None;
        }
        // Most URLs are short: a short read first, a longer one only when that found none.
        let (dest, length) = [SHORT_AFTER_LINK, AFTER_LINK]
            .into_iter()
            .take_while(|&window| window == SHORT_AFTER_LINK || rest.len() > SHORT_AFTER_LINK)
            .find_map(|window| destination_after(rest, window))?;
        let written = self.text.get(range.clone())?;
        let inner = written.strip_prefix("[[")?.strip_suffix("]]")?;
        self.skip_after_link = Some(range.end + length);
        Some((dest, format!("[{inner}]"), range.start..range.end + length))
    }

    /// Turns one event of the parser into the events the page shows, at the end of `out`.
    fn step(&mut self, event: Event<'t>, range: Range<usize>) {
        // The events of the `(url)` after a `[[text]](url)`, which is part of the link:
        // its text, code spans and entities; a text that runs past it keeps what follows.
        if let Some(until) = self.skip_until {
            if range.end <= until {
                return;
            }
            self.skip_until = None;
            if range.start < until
                && let Event::Text(_) = event
            {
                if let Some(rest) = self.text.get(until..range.end) {
                    self.pass.found.text.push_str(rest);
                    self.out.push_back(Event::Text(CowStr::from(rest.to_owned())));
                }
                return;
            }
        }
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                self.heading = Some((self.out.len(), String::new()));
                self.heading_range = range;
                // `{.class key=value}` after a heading is markup written into the page,
                // such as `{onclick=…}`: with `raw_html: escape` only the `{#id}` stays.
                let (classes, attrs) = match self.pass.linker.raw_html {
                    RawHtml::Allow => (classes, attrs),
                    RawHtml::Escape => (Vec::new(), Vec::new()),
                };
                self.out.push_back(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = self.heading.take() {
                    let id = self.pass.heading_id(&mut self.out[start], &text);
                    let span = self.pass.placement.range(&self.heading_range);
                    self.pass.found.anchors.push(Anchor {
                        id: id.clone(),
                        source: self.pass.source,
                        span,
                    });
                    // An id given with `{#id}` may hold any character but a space.
                    let href = encode_double_quoted_attribute(&id);
                    self.out.push_back(Event::Html(
                        format!("<a class=\"anchor\" href=\"#{href}\" aria-hidden=\"true\">#</a>")
                            .into(),
                    ));
                    self.pass.markdown.headings.push(Heading {
                        level: level_number(level),
                        id,
                        text,
                    });
                }
                self.out.push_back(event);
            }
            Event::Text(ref t) | Event::Code(ref t) if self.heading.is_some() => {
                if let Some((_, text)) = &mut self.heading {
                    text.push_str(t);
                }
                self.pass.found.text.push_str(t);
                self.pass.found.text.push(' ');
                if self.replace_text.is_none() {
                    self.out.push_back(event);
                }
            }
            Event::Start(Tag::Link { .. }) if self.open_links > 0 => self.open_links += 1,
            Event::End(TagEnd::Link) if self.open_links > 1 => self.open_links -= 1,
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.open_links = 1;
                // `[[text]](url)` is an ordinary link whose text is `[text]`, as CommonMark
                // and GitHub read it: the wiki link, and the `(url)` after it, are one link.
                let (link_type, dest_url, range, ordinary) =
                    match self.link_after(link_type, &range) {
                        Some((dest, shown, whole)) => {
                            (LinkType::Inline, CowStr::from(dest), whole, Some(shown))
                        }
                        None => (link_type, dest_url, range, None),
                    };
                self.wiki_text = matches!(link_type, LinkType::WikiLink { .. });
                let resolved = self.pass.link(link_type, &dest_url, &range);
                let resolved = match (resolved, ordinary) {
                    (Ok(Some((href, _))), Some(shown)) => Ok(Some((href, Some(shown)))),
                    (Ok(None), Some(shown)) => {
                        self.replace_text = Some(shown);
                        Ok(None)
                    }
                    (Err(_), Some(shown)) => Err(Some(shown)),
                    (resolved, None) => resolved,
                };
                match resolved {
                    Ok(Some((href, shown))) => {
                        self.replace_text = shown;
                        self.pass.remember(&href, &range, true);
                        self.out.push_back(Event::Start(Tag::Link {
                            link_type,
                            dest_url: href.into(),
                            title,
                            id,
                        }));
                    }
                    Ok(None) => {
                        self.pass.remember(&dest_url, &range, false);
                        self.out.push_back(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                    Err(shown) => {
                        self.broken_link = true;
                        self.replace_text = shown;
                        self.out.push_back(Event::Html("<span class=\"broken-link\">".into()));
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                self.skip_until = self.skip_after_link.take();
                self.open_links = 0;
                self.wiki_text = false;
                // The text a wiki link shows (the page's title) is text of the page, for
                // search and its snippets, as any other link's text is.
                if let Some(shown) = self.replace_text.take() {
                    self.pass.found.text.push_str(&shown);
                    self.pass.found.text.push(' ');
                    self.out.push_back(Event::Text(shown.into()));
                }
                if std::mem::take(&mut self.broken_link) {
                    self.out.push_back(Event::Html("</span>".into()));
                } else {
                    self.out.push_back(event);
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id })
                if self.replace_text.is_none() =>
            {
                if self.pass.refuses_script(&dest_url, &range) {
                    self.broken_image = true;
                    self.out.push_back(Event::Html("<span class=\"broken-link\">".into()));
                    return;
                }
                let dest_url = match self.pass.resolve_file(&dest_url) {
                    Some(Ok(href)) => href.into(),
                    // An image out of the repository shows its text, marked, as a broken
                    // link does, and is not checked again.
                    Some(Err(())) => {
                        self.pass.report_outside(&dest_url, &range);
                        self.broken_image = true;
                        self.out.push_back(Event::Html("<span class=\"broken-link\">".into()));
                        return;
                    }
                    None => dest_url,
                };
                self.pass.remember(&dest_url, &range, false);
                self.out.push_back(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            Event::End(TagEnd::Image) if self.broken_image => {
                self.broken_image = false;
                self.out.push_back(Event::Html("</span>".into()));
            }
            Event::Html(html) | Event::InlineHtml(html)
                if self.replace_text.is_none()
                    && (self.wiki_text || self.pass.linker.raw_html == RawHtml::Escape) =>
            {
                // Shown as the text it is; its links are no links.
                self.out.push_back(Event::Text(html));
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) if self.replace_text.is_none() => {
                let written = self.text.get(range.clone()).unwrap_or_default();
                self.pass.remember_raw_html(html, written, range.start);
                self.out.push_back(event);
            }
            _ if self.replace_text.is_some() => {}
            Event::Text(ref t) | Event::Code(ref t) => {
                // A macro call is no text of the page.
                let trimmed = t.trim();
                if !(trimmed.starts_with("{{") && trimmed.ends_with("}}")) {
                    self.pass.found.text.push_str(t);
                    self.pass.found.text.push(' ');
                }
                self.out.push_back(event);
            }
            _ => self.out.push_back(event),
        }
    }
}

/// The Markdown the wiki reads: CommonMark with tables, footnotes, strikethrough, task lists,
/// heading attributes and wiki links.
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

impl<'a, 'd, 't> Pass<'a, 'd> {
    /// The page's events as the wiki renders them, one at a time (see [`Rewrite`]).
    fn rewrite<'p>(&'p mut self, text: &'t str) -> Rewrite<'p, 'a, 'd, 't> {
        Rewrite {
            pass: self,
            text,
            parser: Parser::new_ext(text, options()).into_offset_iter(),
            out: VecDeque::new(),
            heading: None,
            heading_range: 0..0,
            replace_text: None,
            broken_link: false,
            broken_image: false,
            skip_after_link: None,
            skip_until: None,
            wiki_text: false,
            open_links: 0,
        }
    }

    /// Records a link or image for the link check.
    fn remember(&mut self, href: &str, range: &Range<usize>, to_page: bool) {
        self.found.origins.push(Origin {
            href,
            source: self.source,
            span: self.placement.range(range),
            to_page,
        });
    }

    /// Records the `href` and `src` attributes of raw HTML written in the Markdown; `written`
    /// is the Markdown the HTML came from, which starts at byte `offset` of the text.
    ///
    /// The HTML is `written` itself unless it runs over several lines inside a list item or a
    /// block quote: then the parser leaves out the indentation and `>` of each further line,
    /// and each attribute (or else its value) is found again in `written`, after the one
    /// before, so that a finding points at the value as written (or, failing that, at the
    /// whole HTML).
    fn remember_raw_html(&mut self, html: &str, written: &str, offset: usize) {
        let mut searched = 0;
        for captures in raw_html_urls().captures_iter(html) {
            let Some(value) =
                captures.get(1).or_else(|| captures.get(2)).or_else(|| captures.get(3))
            else {
                continue;
            };
            let local = if html == written {
                value.range()
            } else {
                let attribute = &captures[0];
                let find = |needle: &str| {
                    written
                        .get(searched..)
                        .and_then(|rest| rest.find(needle))
                        .map(|at| searched + at)
                };
                let within = value.start() - captures.get(0).map_or(0, |m| m.start());
                match (find(attribute), find(value.as_str())) {
                    (Some(at), _) => at + within..at + within + value.len(),
                    (None, Some(at)) => at..at + value.len(),
                    (None, None) => 0..written.len(),
                }
            };
            searched = searched.max(local.end);
            let href = html_escape::decode_html_entities(value.as_str()).into_owned();
            self.remember(&href, &(offset + local.start..offset + local.end), false);
        }
    }

    /// Sets the heading's anchor, unless the author gave one, and returns it.
    fn heading_id(&mut self, start: &mut Event<'_>, text: &str) -> String {
        let Event::Start(Tag::Heading { id, .. }) = start else { return String::new() };
        if let Some(id) = id {
            return id.to_string();
        }
        let base = heading_anchor(text);
        let count = self.slugs.entry(base.clone()).or_insert(0);
        let slug = if *count == 0 { base } else { format!("{base}-{count}") };
        *count += 1;
        *id = Some(CowStr::from(slug.clone()));
        slug
    }

    /// The path within the content that `path`, written in this page, names, as GitHub
    /// resolves it: from the folder of the page's file, or from the content's root when it
    /// starts with `/`; `None` when it climbs above the root.
    fn content_path(&self, path: &str) -> Option<String> {
        let page = &self.linker.site.pages[self.from].path;
        let base = if path.starts_with('/') { "" } else { folder_of(page) };
        normalize(base, &percent_decode(path))
    }

    /// The file name of the page that a link `path` to no file names without its `.md`, if
    /// there is one and no folder of that name has a page.
    fn page_named_like(&self, path: &str) -> Option<String> {
        let (path, _) = path.split_once('?').unwrap_or((path, ""));
        let joined = self.content_path(path)?;
        if joined.is_empty() || self.linker.folders.contains_key(joined.as_str()) {
            return None;
        }
        let file = format!("{joined}.md");
        self.linker.site.by_path.contains_key(file.as_str()).then(|| {
            let name = path.trim_end_matches('/');
            format!("{name}.md")
        })
    }

    /// The URL, from this page, of what a link to a file or folder that is no page leads to,
    /// resolved as GitHub resolves it: from the folder of the page's file (a page is written
    /// one folder deeper, as `x/index.html`), or from the content's root for a link that
    /// starts with `/`; a folder with a page of its own leads to that page. `Err` for a link
    /// that climbs out of the content, `None` for one that leads elsewhere (another site, an
    /// anchor of this page).
    fn resolve_file(&mut self, dest: &str) -> Option<Result<String, ()>> {
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || dest.contains(':')
        {
            return None;
        }
        let (path, fragment) = dest.split_once('#').map_or((dest, None), |(p, f)| (p, Some(f)));
        let (path, query) = path.split_once('?').map_or((path, None), |(p, q)| (p, Some(q)));
        let Some(joined) = self.content_path(path) else {
            return Some(Err(()));
        };
        let pages = &self.linker.site.pages;
        let from = &pages[self.from];
        let target = match self.linker.folders.get(joined.as_str()) {
            Some(&page) => {
                self.found.pages.push(page);
                pages[page].url.clone()
            }
            None => joined,
        };
        let mut href = relative(&from.url, &target);
        if let Some(query) = query {
            href.push('?');
            href.push_str(query);
        }
        Some(Ok(with_fragment(href, fragment)))
    }

    /// Whether `dest` is a URL that runs a script where `raw_html: escape` keeps scripts out
    /// of the site, and reports it if so: the link is then shown as text.
    fn refuses_script(&mut self, dest: &str, range: &Range<usize>) -> bool {
        if self.linker.raw_html != RawHtml::Escape || !runs_script(dest) {
            return false;
        }
        let at = self.placement.range(range);
        // A tab or line break in the scheme, which the browser ignores, is shown as `\t`.
        let shown: String = dest
            .chars()
            .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
            .collect();
        self.found.diagnostics.push(
            Diagnostic::new(
                Code::ScriptLink,
                self.source,
                format!("link `{shown}` would run a script, which `raw_html: escape` keeps out"),
            )
            .at(at)
            .label("shown as text")
            .help(
                "link to a page or an `https://` address instead; the site's `raw_html: escape` \
                 publishes no script an editor writes",
            ),
        );
        true
    }

    /// Reports a link that climbs above the content's root, out of the repository.
    fn report_outside(&mut self, dest: &str, range: &Range<usize>) {
        let at = self.placement.range(range);
        self.found.diagnostics.push(
            Diagnostic::new(
                Code::OutsideLink,
                self.source,
                format!("link `{dest}` leads out of the repository"),
            )
            .at(at)
            .help(
                "a relative link may not climb above the content's root, which is the \
                 repository's on GitHub: link to other repositories by their full URL",
            ),
        );
    }

    /// Resolves a link: `Ok(Some((href, text)))` to rewrite it (with the text to show instead
    /// of the written one, if any), `Ok(None)` to keep it, `Err(text)` when it is broken.
    fn link(
        &mut self,
        link_type: LinkType,
        dest: &str,
        range: &Range<usize>,
    ) -> Result<Option<(String, Option<String>)>, Option<String>> {
        if let LinkType::WikiLink { has_pothole } = link_type {
            return self.wiki_link(dest, has_pothole, range).map(Some);
        }
        if self.refuses_script(dest, range) {
            return Err(None);
        }
        if dest.contains(':') || dest.starts_with('#') || dest.starts_with("//") {
            return Ok(None);
        }
        let (path, fragment) = dest.split_once('#').map_or((dest, None), |(p, f)| (p, Some(f)));
        if !path.ends_with(".md") {
            // `people` where only `people.md` is: the page's URL is `people/`, but on GitHub
            // the link is broken, and so it is here.
            if let Some(page) = self.page_named_like(path) {
                let at = self.placement.range(range);
                self.found.diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownFile,
                        self.source,
                        format!("link to `{path}`, but no file or folder is at that path"),
                    )
                    .at(at)
                    .help(format!("did you mean `{page}`?")),
                );
                return Err(None);
            }
            return match self.resolve_file(dest) {
                Some(Ok(href)) => Ok(Some((href, None))),
                Some(Err(())) => {
                    self.report_outside(dest, range);
                    Err(None)
                }
                None => Ok(None),
            };
        }
        let pages = &self.linker.site.pages;
        let from = &pages[self.from];
        let Some(joined) = self.content_path(path) else {
            self.report_outside(dest, range);
            return Err(None);
        };
        match self.linker.site.by_path.get(joined.as_str()) {
            Some(&target) => {
                let href = relative(&from.url, &pages[target].url);
                self.found.pages.push(target);
                Ok(Some((with_fragment(href, fragment), None)))
            }
            None => {
                let at = self.placement.range(range);
                let help = match self.linker.site.draft_at(&joined) {
                    Some(draft) => draft.help(),
                    None => "relative links are resolved from the folder of the page; check the \
                             path, or link by id with `[[id]]`"
                        .to_owned(),
                };
                self.found.diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownFile,
                        self.source,
                        format!("link to `{path}`, but no page is at that path"),
                    )
                    .at(at)
                    .help(help),
                );
                Err(None)
            }
        }
    }

    fn wiki_link(
        &mut self,
        dest: &str,
        has_pothole: bool,
        range: &Range<usize>,
    ) -> Result<(String, Option<String>), Option<String>> {
        let (id, fragment) = dest.split_once('#').map_or((dest, None), |(i, f)| (i, Some(f)));
        let id = id.trim();
        let site = self.linker.site;
        let Some(&target) = site.by_id.get(id) else {
            let at = self.placement.range(range);
            let diagnostic = Diagnostic::new(
                Code::UnknownPage,
                self.source,
                format!("link to unknown page `{id}`"),
            )
            .at(at);
            self.found.diagnostics.push(match site.draft_named(id) {
                Some(draft) => diagnostic.help(draft.help()),
                None => diagnostic.suggest(id, site.by_id.keys().map(String::as_str)),
            });
            return Err((!has_pothole).then(|| dest.to_owned()));
        };
        let from = &site.pages[self.from];
        let href = with_fragment(relative(&from.url, &site.pages[target].url), fragment);
        self.found.pages.push(target);
        let shown = (!has_pothole).then(|| site.pages[target].title.clone());
        Ok((href, shown))
    }
}

/// Adds `#anchor` to `href`. A fragment written as heading text (with spaces or capitals) is
/// turned into the heading's anchor.
fn with_fragment(mut href: String, fragment: Option<&str>) -> String {
    let Some(fragment) = fragment.filter(|f| !f.is_empty()) else { return href };
    href.push('#');
    if fragment.chars().any(|c| c.is_whitespace() || c.is_uppercase()) {
        href.push_str(&heading_anchor(fragment));
    } else {
        href.push_str(fragment);
    }
    href
}

/// `href="…"` and `src="…"` attributes, quoted either way or unquoted.
fn raw_html_urls() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r#"(?i)\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`=]+))"#)
            .unwrap_or_else(|_| unreachable!("the pattern is valid"))
    })
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Joins a relative link onto a folder and removes `.` and `..`; `None` if it climbs out of
/// `content/`.
fn normalize(folder: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::{Origin, Origins, normalize};
    use crate::diag::SourceId;

    #[test]
    fn links_are_kept_in_order_with_their_urls_and_places() {
        let source = SourceId::at(3);
        let written = [
            Origin { href: "../x/index.html#Zürich", source, span: 4..9, to_page: true },
            Origin { href: "", source, span: 12..14, to_page: false },
            Origin { href: "https://openimis.org/", source, span: 20..40, to_page: false },
        ];
        let origins: Origins = written.iter().cloned().collect();
        assert_eq!(origins.len(), 3);
        assert_eq!(origins.iter().collect::<Vec<_>>(), written);
        assert_eq!(origins.get(2), Some(written[2].clone()));
        assert_eq!(origins.get(3), None);
        assert!(Origins::default().is_empty());
    }

    #[test]
    fn relative_paths_are_normalised_inside_content() {
        assert_eq!(normalize("bodies", "tag.md").as_deref(), Some("bodies/tag.md"));
        assert_eq!(normalize("bodies", "../roles/./x.md").as_deref(), Some("roles/x.md"));
        assert_eq!(normalize("", "../x.md"), None);
    }
}
