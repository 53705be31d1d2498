//! Where the link check looks up targets: the site's output paths, and the ids of each page,
//! gathered only when a link with a fragment asks for them.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Output, Scan, scan};
use crate::render::OutputFiles;

/// The ids of one page, gathered into a set the first time a link asks for one: a rebuild
/// checks only the links of the pages that changed, which lead to few pages, and a build that
/// wrote its pages out reads back only the pages that links with a fragment lead to, and
/// only those not checked yet (see [`Ids::offer`]).
pub(crate) struct Ids<'a> {
    page: PageAt<'a>,
    set: OnceLock<IdSet>,
}

/// Where a page's ids are read from.
pub(crate) enum PageAt<'a> {
    /// A page in memory, and its parse.
    Memory(&'a [u8], &'a Scan),
    /// A page of the output, read when its ids are asked for.
    Output(Output<'a>, &'a str),
}

impl<'a> Ids<'a> {
    pub(crate) fn new(page: PageAt<'a>) -> Self {
        Ids { page, set: OnceLock::new() }
    }

    fn set(&self) -> &IdSet {
        self.set.get_or_init(|| match self.page {
            PageAt::Memory(html, scan) => IdSet::of(html, scan),
            // A page that cannot be read back has no ids to offer; its write was checked.
            PageAt::Output(output, path) => {
                output.read(path).map(|html| IdSet::of(&html, &scan(&html))).unwrap_or_default()
            }
        })
    }

    /// Gathers the set from the page's `html` and its `scan`, read back to check the page's
    /// own links, unless a link has asked for it already: a page checked before any link
    /// leads to it is then not read back a second time.
    pub(crate) fn offer(&self, html: &[u8], scan: &Scan) {
        self.set.get_or_init(|| IdSet::of(html, scan));
    }
}

/// The ids of one page, sorted, without repeats, in one text: a check of a large site holds
/// the ids of most of its pages, and a set of strings would take several times their size.
#[derive(Debug, Default)]
pub(crate) struct IdSet {
    text: String,
    /// Where each id ends in `text`; it starts where the one before ends.
    ends: Vec<u32>,
}

impl IdSet {
    /// The ids that `scan` found in `html`.
    pub(crate) fn of(html: &[u8], scan: &Scan) -> IdSet {
        IdSet::new(scan.ids.iter().map(|id| id.text(html)))
    }

    pub(crate) fn new<'a>(ids: impl Iterator<Item = &'a str>) -> IdSet {
        let mut ids: Vec<&str> = ids.collect();
        ids.sort_unstable();
        ids.dedup();
        let mut set = IdSet {
            text: String::with_capacity(ids.iter().map(|id| id.len()).sum()),
            ends: Vec::with_capacity(ids.len()),
        };
        for id in ids {
            set.text.push_str(id);
            set.ends.push(u32::try_from(set.text.len()).unwrap_or(u32::MAX));
        }
        set
    }

    fn get(&self, at: usize) -> &str {
        let start = at.checked_sub(1).map_or(0, |before| self.ends[before] as usize);
        self.text.get(start..self.ends[at] as usize).unwrap_or_default()
    }

    /// The ids, sorted.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|at| self.get(at))
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.get(middle).cmp(id) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

/// The site's output paths and its pages' ids, as the check of a page looks them up.
pub(crate) struct Targets<'a> {
    /// Every output path of the site.
    paths: Paths<'a>,
    /// The paths of the HTML files, sorted, and the ids of each.
    pub(crate) pages: Vec<(&'a str, Ids<'a>)>,
    /// When enough pages are checked to repay hashing them all: every output path, and the
    /// place of every HTML file in `pages`. Else both are found by binary search.
    hashed: Option<(FxHashSet<&'a str>, FxHashMap<&'a str, usize>)>,
}

/// Every output path of the site, sorted.
pub(crate) enum Paths<'a> {
    Memory(&'a OutputFiles),
    Written(&'a [String]),
}

/// From how many pages to check the output paths are hashed: hashing every path of a large
/// site costs as much as thousands of binary searches, which the links of fewer pages than
/// this do not make.
const HASHED_FROM: usize = 100;

impl<'a> Targets<'a> {
    /// The targets among `paths`, where `pages` are the HTML files, for checking `checked`
    /// pages.
    pub(crate) fn new(paths: Paths<'a>, pages: Vec<(&'a str, Ids<'a>)>, checked: usize) -> Self {
        let hashed = (checked >= HASHED_FROM).then(|| {
            let all = match paths {
                Paths::Memory(files) => files.keys().map(AsRef::as_ref).collect(),
                Paths::Written(list) => list.iter().map(String::as_str).collect(),
            };
            (all, pages.iter().enumerate().map(|(at, &(path, _))| (path, at)).collect())
        });
        Targets { paths, pages, hashed }
    }

    /// The output path `path`, when the site has it.
    pub(crate) fn path(&self, path: &str) -> Option<&'a str> {
        if let Some((all, _)) = &self.hashed {
            return all.get(path).copied();
        }
        match self.paths {
            Paths::Memory(files) => files.get_key_value(path).map(|(key, _)| &**key),
            Paths::Written(list) => {
                let at = list.binary_search_by(|listed| listed.as_str().cmp(path)).ok()?;
                Some(list[at].as_str())
            }
        }
    }

    /// The ids of the HTML file at `path`.
    pub(crate) fn ids(&self, path: &str) -> Option<&IdSet> {
        let at = match &self.hashed {
            Some((_, places)) => places.get(path).copied(),
            None => self.pages.binary_search_by(|&(listed, _)| listed.cmp(path)).ok(),
        };
        Some(self.pages[at?].1.set())
    }
}
