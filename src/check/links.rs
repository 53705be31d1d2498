//! The link check of the rendered site: every internal `href` and `src` must lead to a file
//! of the site, every `#fragment` to an `id` on the page it leads to, and no page may use one
//! `id` twice. External links are collected for `--external`.
//!
//! Input: the rendered files, read through one [`Output`] whether they are in memory or
//! written to the output's next generation, and, per page, the links written in Markdown with
//! their place in the source. Output: findings and the external links. [`check_links`] reads
//! each HTML file once, in parallel, with the scan of `scan.rs`, which collects the page's ids
//! and links together; another page's ids are gathered only when a link with a fragment leads
//! there. The work on one page ([`scan`], [`Checker::check_page`]) is the build's too, whose
//! check for the live server keeps each page's for the next rebuild (`crate::build`). A
//! finding about a link that was written in Markdown points at that Markdown; a finding about
//! a link the theme wrote points at the rendered file.

use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use self::targets::{Ids, PageAt, Paths, Targets};
use super::scan::{self, Wanted};
use crate::diag::{Code, Diagnostic, Source, SourceId, Sources};
use crate::error::Error;
use crate::output::Staging;
use crate::render::markdown::{Anchor, Found, Origins};
use crate::render::{Bytes, OutputFiles};

/// What the link check needs besides the files.
#[derive(Debug, Default)]
pub struct LinkSettings<'a> {
    /// Links matching any of these are not checked at all.
    pub skip: Vec<Regex>,
    /// The site's public URL: absolute links that start with it are internal.
    pub base_url: Option<String>,
    /// The output folder as shown to the user, e.g. `public`, to name rendered files.
    pub output_name: String,
    /// Every page of the site, sorted by output path.
    pub pages: Vec<LinkedPage<'a>>,
    /// Whether to gather every external link into [`LinkReport::external`], for
    /// `--external`; without it, the list stays empty.
    pub external: bool,
    /// The output paths of pages left out of the output, which have a finding of their own:
    /// a link to one is not reported again.
    pub left_out: Vec<String>,
}

/// A page of the site as the link check sees it.
#[derive(Clone, Copy, Debug)]
pub struct LinkedPage<'a> {
    /// Its output path.
    pub path: &'a str,
    /// Its id, to name it in findings.
    pub id: &'a str,
    /// The links and headings written in its Markdown.
    pub found: &'a Arc<Found>,
}

/// A link to another site, to be checked with `--external`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalLink {
    /// The URL, as written.
    pub url: String,
    /// Where it is: the Markdown it was written in, or the rendered file.
    pub source: SourceId,
    /// The byte range in that file.
    pub span: Range<usize>,
}

/// The outcome of the link check.
#[derive(Debug, Default)]
pub struct LinkReport {
    /// Broken links, missing anchors and duplicate ids.
    pub diagnostics: Vec<Diagnostic>,
    /// Every external link, in page order, with repeats, when [`LinkSettings::external`]
    /// asks for them.
    pub external: Vec<ExternalLink>,
}

/// The links and headings written in a page's Markdown: none for a page without any.
pub(crate) fn written(found: Option<&Found>) -> (&Origins, &[Anchor]) {
    static NONE: Origins = Origins::EMPTY;
    found.map_or((&NONE, &[]), |found| (&found.origins, &found.anchors))
}

/// The findings of one file.
#[derive(Clone, Debug, Default)]
pub(crate) struct PageReport {
    diagnostics: Vec<Diagnostic>,
    external: Vec<ExternalLink>,
}

/// What one parse of a page collected.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every `id`.
    ids: Vec<Value>,
    /// Every `href` and `src`.
    links: Vec<Value>,
    /// A fingerprint of the ids, for the fingerprint of the site's link targets.
    pub(crate) ids_fingerprint: u64,
}

/// An attribute value found by the parse: where it is in the page, and its text when that
/// differs from the bytes there (it had entities to decode). Most values are read straight
/// from the page, so the parse copies nothing.
#[derive(Debug)]
struct Value {
    range: Range<usize>,
    decoded: Option<Box<str>>,
}

impl Value {
    /// The value's text, read from `html`, the page it was found in.
    fn text<'a>(&'a self, html: &'a [u8]) -> &'a str {
        match &self.decoded {
            Some(decoded) => decoded,
            None => {
                html.get(self.range.clone()).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
            }
        }
    }
}

/// The links and headings written in the Markdown of each of `paths` (sorted), from `pages`
/// (sorted too): `None` for a file that is not a page's.
pub(crate) fn written_links<'a, 'p>(
    paths: impl Iterator<Item = &'p str>,
    pages: &[LinkedPage<'a>],
) -> Vec<Option<&'a Arc<Found>>> {
    let mut pages = pages.iter().peekable();
    paths
        .map(|path| {
            while pages.next_if(|page| page.path < path).is_some() {}
            pages.next_if(|page| page.path == path).map(|page| page.found)
        })
        .collect()
}

/// The rendered files of a site, as the link check reads them: held in memory, or written to
/// the output's next generation, by their output paths, sorted.
#[derive(Clone, Copy, Debug)]
pub enum Output<'a> {
    /// Kept in memory.
    Memory(&'a OutputFiles),
    /// Written out.
    Written(&'a [String], &'a Staging),
}

impl<'a> Output<'a> {
    /// The bytes of the file at `path`.
    ///
    /// # Errors
    ///
    /// The file cannot be read back.
    pub fn read(self, path: &str) -> Result<Bytes, Error> {
        match self {
            Output::Memory(files) => files.get(path).cloned().ok_or_else(|| Error::Read {
                path: path.into(),
                source: std::io::ErrorKind::NotFound.into(),
            }),
            Output::Written(_, staging) => staging.read(path).map(Bytes::from),
        }
    }

    /// The output paths of the HTML files, sorted.
    pub(crate) fn pages(self) -> Vec<&'a str> {
        let paths: Vec<&'a str> = match self {
            Output::Memory(files) => files.keys().map(AsRef::as_ref).collect(),
            Output::Written(paths, _) => paths.iter().map(String::as_str).collect(),
        };
        paths.into_iter().filter(|path| path.ends_with(".html")).collect()
    }

    /// Every output path.
    pub(crate) fn paths(self) -> Paths<'a> {
        match self {
            Output::Memory(files) => Paths::Memory(files),
            Output::Written(paths, _) => Paths::Written(paths),
        }
    }
}

/// Checks every link of the site `output` in one pass: each page is read, parsed, checked and
/// dropped on its own, so the check holds a page per core at a time beside what `output`
/// holds. Every page of a site is a folder of its own, and the few folders with several pages
/// hold the largest ones (the scheme and the matrix), which read together made the peak of a
/// large build. A page that a link with a fragment leads to is read for its ids once.
///
/// # Errors
///
/// A written page cannot be read back.
pub fn check_links(
    output: Output<'_>,
    sources: &mut Sources,
    settings: &LinkSettings<'_>,
) -> Result<LinkReport, Error> {
    let pages = output.pages();
    let founds = written_links(pages.iter().copied(), &settings.pages);
    let ids = pages.iter().map(|&path| (path, Ids::new(PageAt::Output(output, path))));
    let targets = Targets::new(output.paths(), ids.collect(), pages.len());
    let base_path = settings.base_url.as_deref().map(base_path);
    let reports: Vec<PageReport> = pages
        .par_iter()
        .zip(&founds)
        .zip(&targets.pages)
        .map(|((&path, found), (_, ids))| -> Result<PageReport, Error> {
            let html = output.read(path)?;
            let scan = scan(&html);
            ids.offer(&html, &scan);
            let (origins, anchors) = written(found.map(Arc::as_ref));
            let mut checker = Checker::new(&targets, settings, base_path.as_deref());
            checker.check_page(path, &html, &scan, origins, anchors, &mut FxHashSet::default());
            Ok(checker.report)
        })
        .collect::<Result<_, _>>()?;
    let text_of =
        |path: &str| output.read(path).ok().map(|b| String::from_utf8_lossy(&b).into_owned());
    Ok(gather(pages.iter().copied().zip(&reports), text_of, sources, settings))
}

/// The report of the whole site from each page's: findings in a rendered file point at it by
/// a placeholder until here, where the file is added to the sources (its text from
/// `text_of`), once, so that the finding can show its line.
pub(crate) fn gather<'p>(
    pages: impl Iterator<Item = (&'p str, &'p PageReport)>,
    text_of: impl Fn(&str) -> Option<String>,
    sources: &mut Sources,
    settings: &LinkSettings<'_>,
) -> LinkReport {
    let mut report = LinkReport::default();
    for (path, page) in pages {
        let external = if settings.external { &page.external[..] } else { &[] };
        if page.diagnostics.is_empty() && external.is_empty() {
            continue;
        }
        let mut page =
            PageReport { diagnostics: page.diagnostics.clone(), external: external.to_vec() };
        let mut rendered = None;
        let mut source_of = |sources: &mut Sources| {
            *rendered.get_or_insert_with(|| {
                let name = format!("{}/{path}", settings.output_name.trim_end_matches('/'));
                let text = text_of(path).unwrap_or_default();
                sources.add(Source::new(name.clone().into(), name, text))
            })
        };
        for diagnostic in &mut page.diagnostics {
            if diagnostic.source == RENDERED {
                diagnostic.source = source_of(sources);
            }
            for label in &mut diagnostic.secondary {
                if label.source == RENDERED {
                    label.source = source_of(sources);
                }
            }
        }
        for link in &mut page.external {
            if link.source == RENDERED {
                link.source = source_of(sources);
            }
        }
        report.diagnostics.append(&mut page.diagnostics);
        report.external.append(&mut page.external);
    }
    report
}

/// The source of findings in the rendered page being checked, until it is added to the
/// sources.
const RENDERED: SourceId = SourceId::PLACEHOLDER;

/// Reads one HTML file and collects its ids and links.
pub(crate) fn scan(html: &[u8]) -> Scan {
    let mut scan = Scan::default();
    scan::attributes(html, |wanted, range| {
        let raw = html.get(range.clone()).unwrap_or_default();
        let plain = !raw.contains(&b'&') && std::str::from_utf8(raw).is_ok();
        let decoded = (!plain).then(|| {
            html_escape::decode_html_entities(&String::from_utf8_lossy(raw))
                .into_owned()
                .into_boxed_str()
        });
        let value = Value { range, decoded };
        match wanted {
            Wanted::Id => scan.ids.push(value),
            Wanted::Link => scan.links.push(value),
        }
    });
    let mut hasher = FxHasher::default();
    for id in &scan.ids {
        id.text(html).hash(&mut hasher);
    }
    scan.ids_fingerprint = hasher.finish();
    scan
}

/// Where a link leads.
enum Target<'a> {
    /// Nothing to check: another scheme, or skipped by the settings.
    Ignore,
    /// Another site.
    External(String),
    /// A file of this site, and the fragment.
    Internal(String, Option<&'a str>),
    /// A path that climbs out of the site.
    Outside,
}

/// The links written in a page's Markdown, and which of them a finding has been traced to.
struct Traced<'a> {
    origins: &'a Origins,
    used: Vec<bool>,
    /// Every origin before this one is used. Links are found in the order they were written,
    /// so the next one is looked for from here: looking from the first would make the
    /// findings of a page quadratic in its links.
    first_unused: usize,
}

impl<'a> Traced<'a> {
    fn new(origins: &'a Origins) -> Self {
        Traced { origins, used: vec![false; origins.len()], first_unused: 0 }
    }

    /// The first origin not yet used whose URL is `value`, percent-decoded or not.
    fn index(&self, value: &str) -> Option<usize> {
        let decode = |text| percent_encoding::percent_decode_str(text).decode_utf8_lossy();
        let decoded = value.contains('%').then(|| decode(value));
        (self.first_unused..self.origins.len()).find(|&i| {
            !self.used[i]
                && self.origins.get(i).is_some_and(|origin| {
                    origin.href == value
                        || ((decoded.is_some() || origin.href.contains('%'))
                            && decode(origin.href) == decoded.as_deref().unwrap_or(value))
                })
        })
    }

    /// Where a finding about link `value` at `range` of the rendered page points: the
    /// Markdown it was written in, or else the rendered page. The origin found is used.
    fn place(&mut self, value: &str, range: &Range<usize>) -> Place {
        let found = self.index(value).and_then(|index| Some((index, self.origins.get(index)?)));
        let Some((index, origin)) = found else {
            return Place { source: RENDERED, span: range.clone(), to_page: false };
        };
        self.used[index] = true;
        while self.used.get(self.first_unused) == Some(&true) {
            self.first_unused += 1;
        }
        Place { source: origin.source, span: origin.span, to_page: origin.to_page }
    }
}

/// Where a finding about a link points, and how the link was written.
struct Place {
    source: SourceId,
    span: Range<usize>,
    /// Whether it was written as a link to a page, so that a missing anchor is an unknown
    /// heading.
    to_page: bool,
}

/// The check of one page's links against the site's targets.
pub(crate) struct Checker<'a> {
    targets: &'a Targets<'a>,
    settings: &'a LinkSettings<'a>,
    base_path: Option<&'a str>,
    /// What the check of the page found.
    pub(crate) report: PageReport,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(
        targets: &'a Targets<'a>,
        settings: &'a LinkSettings<'a>,
        base_path: Option<&'a str>,
    ) -> Self {
        Checker { targets, settings, base_path, report: PageReport::default() }
    }

    /// Checks one page; `good` holds the links already found to work from the page's folder,
    /// which need not be resolved again.
    pub(crate) fn check_page<'s>(
        &mut self,
        path: &str,
        html: &'s [u8],
        scan: &'s Scan,
        origins: &Origins,
        anchors: &[Anchor],
        good: &mut FxHashSet<&'s str>,
    ) {
        let mut origins = Traced::new(origins);
        for link in &scan.links {
            let (value, range) = (link.text(html), &link.range);
            if good.contains(value) {
                continue;
            }
            match self.resolve(path, value) {
                Target::Ignore => {
                    good.insert(value);
                }
                // A same-page link leads to a different page from each page of the folder.
                Target::Internal(file, fragment) if value.starts_with(['#', '?']) => {
                    self.check_internal(&mut origins, value, range, &file, fragment);
                }
                Target::External(url) => {
                    let Place { source, span, .. } = origins.place(value, range);
                    self.report.external.push(ExternalLink { url, source, span });
                }
                Target::Outside => {
                    let Place { source, span, .. } = origins.place(value, range);
                    self.report.diagnostics.push(
                        Diagnostic::new(
                            Code::BrokenLink,
                            source,
                            format!("link `{value}` leads outside the site"),
                        )
                        .at(span)
                        .help("relative links may not climb above the site's root folder"),
                    );
                }
                Target::Internal(file, fragment) => {
                    let before = self.report.diagnostics.len();
                    self.check_internal(&mut origins, value, range, &file, fragment);
                    if self.report.diagnostics.len() == before {
                        good.insert(value);
                    }
                }
            }
        }
        self.check_duplicate_ids(html, scan, anchors);
    }

    fn check_internal(
        &mut self,
        origins: &mut Traced<'_>,
        value: &str,
        range: &Range<usize>,
        file: &str,
        fragment: Option<&str>,
    ) {
        let Some(file) = self.existing(file) else {
            if self.settings.left_out.iter().any(|left_out| left_out == file) {
                return;
            }
            let Place { source, span, .. } = origins.place(value, range);
            self.report.diagnostics.push(
                Diagnostic::new(
                    Code::BrokenLink,
                    source,
                    format!("link `{value}` leads to `{file}`, which the site does not have"),
                )
                .at(span)
                .help(
                    "link to pages with `[[id]]` or a relative link to their `.md` file, and to \
                     other files by their path from the page's folder, as on GitHub",
                ),
            );
            return;
        };
        let Some(fragment) = fragment else { return };
        let Some(ids) = self.targets.ids(file) else { return };
        let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        if fragment.is_empty() || fragment == "top" || ids.contains(fragment.as_ref()) {
            return;
        }
        let Place { source, span, to_page } = origins.place(value, range);
        let pages = &self.settings.pages;
        let page = match pages.binary_search_by(|page| page.path.cmp(file)) {
            Ok(at) => format!("page `{}`", pages[at].id),
            Err(_) => format!("`{file}`"),
        };
        let (code, message) = if to_page {
            (Code::UnknownHeading, format!("{page} has no heading `{fragment}`"))
        } else {
            (Code::MissingAnchor, format!("{page} has no element with id `{fragment}`"))
        };
        let candidates: Vec<&str> = ids.iter().collect();
        let diagnostic = Diagnostic::new(code, source, message)
            .at(span)
            .help("link to the anchor of an existing heading: it is shown when you hover the heading's `#`");
        self.report.diagnostics.push(diagnostic.suggest(&fragment, candidates));
    }

    fn check_duplicate_ids(&mut self, html: &[u8], scan: &Scan, anchors: &[Anchor]) {
        let mut first: FxHashMap<&str, &Range<usize>> = FxHashMap::default();
        for value in &scan.ids {
            let (id, range) = (value.text(html), &value.range);
            let Some(&first_range) = first.get(id) else {
                first.insert(id, range);
                continue;
            };
            // A heading written in Markdown is the part the author can rename.
            let diagnostic = match anchors.iter().find(|anchor| anchor.id == *id) {
                Some(anchor) => {
                    Diagnostic::new(Code::DuplicateAnchor, anchor.source, format!("the anchor `{id}` is used twice on its page"))
                        .at(anchor.span.clone())
                        .label("this heading's anchor")
                        .help(format!(
                            "the theme or another heading uses `{id}` too: rename the heading, or give it an anchor of its own with `{{#other-anchor}}`"
                        ))
                }
                None => {
                    let source = RENDERED;
                    Diagnostic::new(Code::DuplicateAnchor, source, format!("the id `{id}` is used twice on this page"))
                        .at(range.clone())
                        .label("second use")
                        .also(source, first_range.clone(), "first use")
                        .help("the theme's templates give two elements this id: make them unique")
                }
            };
            self.report.diagnostics.push(diagnostic);
        }
    }

    /// Classifies a link found in `path`.
    fn resolve<'v>(&self, path: &str, value: &'v str) -> Target<'v> {
        let value_trimmed = value.trim();
        if value_trimmed.is_empty() || self.settings.skip.iter().any(|re| re.is_match(value)) {
            return Target::Ignore;
        }
        if let Some(rest) = value_trimmed.strip_prefix("//") {
            return Target::External(format!("https://{rest}"));
        }
        if let Some(scheme_end) = scheme_end(value_trimmed) {
            let scheme = value_trimmed[..scheme_end].to_ascii_lowercase();
            if scheme != "http" && scheme != "https" {
                return Target::Ignore;
            }
            if let Some(base) = &self.settings.base_url {
                let base = base.trim_end_matches('/');
                if let Some(rest) = value_trimmed.strip_prefix(base)
                    && (rest.is_empty() || rest.starts_with(['/', '#', '?']))
                {
                    return self.internal(path, rest.trim_start_matches('/'), true);
                }
            }
            return Target::External(value_trimmed.to_owned());
        }
        if let Some(absolute) = value_trimmed.strip_prefix('/') {
            let within = match self.base_path {
                Some(base) if !base.is_empty() => {
                    match absolute.strip_prefix(base) {
                        Some(rest) if rest.is_empty() || rest.starts_with(['/', '#', '?']) => {
                            rest.trim_start_matches('/')
                        }
                        // A link to elsewhere on the same server: not part of this site.
                        _ => return Target::Ignore,
                    }
                }
                _ => absolute,
            };
            return self.internal(path, within, true);
        }
        self.internal(path, value_trimmed, false)
    }

    /// Resolves an internal link relative to the file `path` (or to the root).
    fn internal<'v>(&self, path: &str, link: &'v str, from_root: bool) -> Target<'v> {
        let (rest, fragment) = link.split_once('#').map_or((link, None), |(p, f)| (p, Some(f)));
        let rest = rest.split_once('?').map_or(rest, |(p, _)| p);
        let decoded = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
        if rest.is_empty() {
            return Target::Internal(path.to_owned(), fragment);
        }
        let mut parts: Vec<&str> = Vec::with_capacity(8);
        if !from_root {
            parts.extend(path.split('/'));
            parts.pop();
        }
        for part in decoded.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Target::Outside;
                    }
                }
                part => parts.push(part),
            }
        }
        let mut file = parts.join("/");
        if decoded.ends_with('/') || file.is_empty() {
            if !file.is_empty() {
                file.push('/');
            }
            file.push_str("index.html");
        }
        Target::Internal(file, fragment)
    }

    /// The file a resolved path names: itself, or the `index.html` of the folder it names.
    fn existing<'f>(&self, file: &str) -> Option<&'f str>
    where
        'a: 'f,
    {
        if let Some(found) = self.targets.path(file) {
            return Some(found);
        }
        let index = format!("{}/index.html", file.trim_end_matches('/'));
        self.targets.path(&index)
    }
}

/// The folder of an output path: `a/b/index.html` → `a/b`.
pub(crate) fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// The length of a URL's scheme (`https` in `https://…`), if it has one.
fn scheme_end(value: &str) -> Option<usize> {
    let end = value.find(':')?;
    let scheme = &value[..end];
    let valid = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(end)
}

/// The path of a base URL without slashes at either end: `https://x.org/gov/` → `gov`.
pub(crate) fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.split_once('/').map_or("", |(_, path)| path);
    path.trim_matches('/').to_owned()
}

pub(crate) mod targets;
#[cfg(test)]
mod tests;
