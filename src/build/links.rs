//! The link check of the live server's builds, which keeps every page's parse and findings so
//! that the next rebuild parses and checks only the pages that changed; `build` and `check`
//! check in one pass instead (`check::check_links`). What may be taken over is decided here,
//! from the check stage's own work on one page ([`scan`], [`Checker::check_page`]).

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::check::links::targets::{Ids, PageAt, Paths, Targets};
use crate::check::links::{
    Checker, LinkReport, LinkSettings, PageReport, Scan, base_path, folder_of, gather, scan,
    written, written_links,
};
use crate::diag::Sources;
use crate::render::markdown::Found;
use crate::render::{Bytes, OutputFiles};

/// The check of an earlier build of the same site, for a rebuild to take over.
#[derive(Clone, Copy, Debug)]
pub(super) struct PreviousCheck<'a> {
    /// What the earlier check left.
    pub(super) scans: &'a Scans,
    /// Whether the site has the same output paths, pages and settings as then: a rebuild
    /// after edits of Markdown bodies, which changes the bytes of a few files and nothing
    /// else the check depends on but their ids.
    pub(super) same_site: bool,
}

/// What the check of a site leaves for the check of the next build: the parse and the
/// findings of every HTML file, by output path, and a fingerprint of what those findings
/// depended on besides the file itself. The next check parses only the files whose bytes
/// changed, and while the fingerprint is the same it takes over the findings of every file
/// whose bytes and Markdown links are the same.
///
/// Everything is shared with the next check, which takes over an unchanged page's entry
/// without copying it, so a rebuild costs little more than the check of the pages it changed.
#[derive(Debug, Default)]
pub(super) struct Scans {
    /// Every HTML file's entry, sorted by output path.
    pages: Vec<Entry>,
    /// A fingerprint of every output path, every page's id and the settings.
    paths: u64,
    /// The sum of the fingerprints of every HTML file's path and ids: a sum, so that a
    /// rebuild updates it by the files it parsed again.
    ids: u64,
}

/// A page's entry in [`Scans`]: its output path and its check.
type Entry = (Arc<str>, Arc<Checked>);

impl Scans {
    /// The entry of the page at `path`: looked for at `at` first, where the same page of the
    /// same site is.
    fn entry(&self, at: usize, path: &str) -> Option<&Entry> {
        match self.pages.get(at) {
            Some(entry) if *entry.0 == *path => Some(entry),
            _ => {
                let found = self.pages.binary_search_by(|(listed, _)| (**listed).cmp(path));
                found.ok().map(|at| &self.pages[at])
            }
        }
    }
}

/// One HTML file's parse and findings.
#[derive(Debug)]
struct Checked {
    /// The file checked.
    bytes: Bytes,
    scan: Arc<Scan>,
    /// The links and headings written in the page's Markdown, when it has any: the next
    /// check that gets the same ones back need not compare them.
    found: Option<Arc<Found>>,
    /// A fingerprint of `found`'s links and headings.
    written: u64,
    /// The findings, those in the rendered file still pointing at [`RENDERED`].
    report: Arc<PageReport>,
}

impl Checked {
    /// Whether this check was made with the very same Markdown links and headings `found`.
    fn has(&self, found: Option<&Arc<Found>>) -> bool {
        match (&self.found, found) {
            (Some(old), Some(new)) => Arc::ptr_eq(old, new),
            (old, new) => old.is_none() && new.is_none(),
        }
    }

    /// The fingerprint of the Markdown links and headings `found`: taken over from `checked`
    /// when it was made with the very same ones.
    fn written(checked: Option<&Checked>, found: Option<&Arc<Found>>) -> u64 {
        match checked.filter(|c| c.has(found)) {
            Some(checked) => checked.written,
            None => written_fingerprint(found.map(Arc::as_ref)),
        }
    }
}

/// The fingerprint of the links and headings written in a page's Markdown.
fn written_fingerprint(found: Option<&Found>) -> u64 {
    fingerprint(&written(found))
}

/// Checks every link of the rendered site, held in memory, and keeps what a rebuild's check
/// takes over: the parse and findings of every page, beside the report.
///
/// With `previous`, the check of an earlier build, a file whose bytes are unchanged is not
/// parsed again; and while no output path, no page's ids and no setting changed, a page whose
/// bytes and Markdown links are unchanged keeps its findings without being checked again.
#[must_use]
pub(super) fn check_remembering(
    files: &OutputFiles,
    sources: &mut Sources,
    settings: &LinkSettings<'_>,
    previous: Option<PreviousCheck<'_>>,
) -> (LinkReport, Scans) {
    let html: Vec<(&str, &Bytes)> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (&**path, bytes))
        .collect();
    let old = previous.map(|previous| previous.scans);
    // Each page's entry of the previous check when it is the same file, or else its parse.
    // The pages of the same site come in the same order, so an entry is looked for at its
    // place first.
    let parsed: Vec<Parsed<'_>> = html
        .par_iter()
        .enumerate()
        .map(|(at, &(path, bytes))| {
            let entry = old.and_then(|old| old.entry(at, path));
            match entry.filter(|(_, c)| Arc::ptr_eq(&c.bytes, bytes) || c.bytes == *bytes) {
                Some(entry) => Parsed::Kept(entry),
                None => Parsed::Fresh(Arc::new(scan(bytes))),
            }
        })
        .collect();
    let same_site = previous.filter(|previous| previous.same_site).map(|previous| previous.scans);
    let paths = match same_site {
        Some(old) => old.paths,
        None => paths_fingerprint(files.keys().map(AsRef::as_ref), settings),
    };
    let ids = ids_fingerprint(&html, &parsed, same_site);
    let same_targets = old.is_some_and(|old| old.paths == paths && old.ids == ids);
    // Per page: the links and headings written in its Markdown.
    let founds = written_links(html.iter().map(|&(path, _)| path), &settings.pages);
    // Per page: the fingerprint of its Markdown links, and its findings when it keeps them.
    let kept: Vec<(u64, Option<&Arc<PageReport>>)> = founds
        .iter()
        .zip(&parsed)
        .map(|(&found, parsed)| {
            let checked = parsed.entry().map(|(_, checked)| checked.as_ref());
            let written = Checked::written(checked, found);
            let keeps = checked.filter(|c| same_targets && c.written == written);
            (written, keeps.map(|c| &c.report))
        })
        .collect();
    let to_check: Vec<usize> = (0..html.len()).filter(|&at| kept[at].1.is_none()).collect();
    let mut checked: FxHashMap<usize, Arc<PageReport>> = FxHashMap::default();
    if !to_check.is_empty() {
        let pages = html.iter().zip(&parsed);
        let pages = pages
            .map(|(&(path, bytes), parsed)| (path, Ids::new(PageAt::Memory(bytes, parsed.scan()))));
        let targets = Targets::new(Paths::Memory(files), pages.collect(), to_check.len());
        let base_path = settings.base_url.as_deref().map(base_path);
        // Pages of one folder resolve a link the same way, and share most links (navigation,
        // breadcrumbs): each folder is checked by one task, which resolves a working link once.
        let folders: Vec<&[usize]> =
            to_check.chunk_by(|&a, &b| folder_of(html[a].0) == folder_of(html[b].0)).collect();
        checked = folders
            .par_iter()
            .flat_map_iter(|folder| {
                let mut good = FxHashSet::default();
                folder
                    .iter()
                    .map(|&at| {
                        let (path, bytes) = html[at];
                        let (origins, anchors) = written(founds[at].map(Arc::as_ref));
                        let mut checker = Checker::new(&targets, settings, base_path.as_deref());
                        let scan = parsed[at].scan();
                        checker.check_page(path, bytes, scan, origins, anchors, &mut good);
                        (at, Arc::new(checker.report))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    let report_of =
        |at: usize| -> Option<&Arc<PageReport>> { kept[at].1.or_else(|| checked.get(&at)) };
    let text_of = |path: &str| files.get(path).map(|b| String::from_utf8_lossy(b).into_owned());
    let pages =
        html.iter().enumerate().filter_map(|(at, &(path, _))| Some((path, &**report_of(at)?)));
    let report = gather(pages, text_of, sources, settings);
    // The next check's entries: the same one again for a page whose check was taken over.
    let pages = html
        .iter()
        .zip(parsed.iter())
        .zip(&kept)
        .zip(&founds)
        .enumerate()
        .map(|(at, (((&(path, bytes), parsed), &(written, kept)), &found))| match parsed.entry() {
            Some((key, checked)) if kept.is_some() && checked.has(found) => {
                (Arc::clone(key), Arc::clone(checked))
            }
            entry => {
                let key = entry.map_or_else(|| Arc::from(path), |(key, _)| Arc::clone(key));
                let checked = Checked {
                    bytes: Arc::clone(bytes),
                    scan: Arc::clone(parsed.scan_arc()),
                    found: found.map(Arc::clone),
                    written,
                    report: report_of(at).map(Arc::clone).unwrap_or_default(),
                };
                (key, Arc::new(checked))
            }
        })
        .collect();
    (report, Scans { pages, paths, ids })
}

/// A page's parse for the check: taken over with its entry from the previous check, or new.
enum Parsed<'a> {
    Kept(&'a Entry),
    Fresh(Arc<Scan>),
}

impl Parsed<'_> {
    fn entry(&self) -> Option<&Entry> {
        match self {
            Parsed::Kept(entry) => Some(entry),
            Parsed::Fresh(_) => None,
        }
    }

    fn scan_arc(&self) -> &Arc<Scan> {
        match self {
            Parsed::Kept((_, checked)) => &checked.scan,
            Parsed::Fresh(scan) => scan,
        }
    }

    fn scan(&self) -> &Scan {
        self.scan_arc()
    }
}

/// A fingerprint of what a page's findings depend on besides the page itself and the ids of
/// the pages: every output path, every page's id, and the settings.
fn paths_fingerprint<'p>(paths: impl Iterator<Item = &'p str>, settings: &LinkSettings<'_>) -> u64 {
    let mut hasher = FxHasher::default();
    for path in paths {
        path.hash(&mut hasher);
    }
    for page in &settings.pages {
        (page.path, page.id).hash(&mut hasher);
    }
    let skip: Vec<&str> = settings.skip.iter().map(Regex::as_str).collect();
    (skip, &settings.base_url, &settings.output_name).hash(&mut hasher);
    hasher.finish()
}

/// The sum of the fingerprints of every HTML file's path and ids. With `same_site`, the check
/// of the same files before, only the files parsed again change the sum.
fn ids_fingerprint(
    html: &[(&str, &Bytes)],
    parsed: &[Parsed<'_>],
    same_site: Option<&Scans>,
) -> u64 {
    let page = |path: &str, scan: &Scan| fingerprint(&(path, scan.ids_fingerprint));
    match same_site.filter(|old| old.pages.len() == html.len()) {
        Some(old) => html.iter().zip(parsed).zip(&old.pages).fold(
            old.ids,
            |sum, ((&(path, _), parsed), (old_path, old))| match parsed {
                Parsed::Kept(_) => sum,
                Parsed::Fresh(scan) => {
                    sum.wrapping_sub(page(old_path, &old.scan)).wrapping_add(page(path, scan))
                }
            },
        ),
        None => html
            .iter()
            .zip(parsed)
            .map(|(&(path, _), parsed)| page(path, parsed.scan()))
            .fold(0, u64::wrapping_add),
    }
}

/// A fingerprint of `value`, to tell whether it is the same as in the previous check.
fn fingerprint(value: &impl Hash) -> u64 {
    let mut hasher = FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests;
