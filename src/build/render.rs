//! The render of a build: every page and file of the site, from scratch or taking over the
//! render of the build before. What may be taken over is decided here, page by page, from
//! the render stage's own work on one page ([`Renderer::page_markdown`],
//! [`Renderer::page_html`]) and on the whole site ([`Renderer::reused_site_files`] and the
//! files beside).

use std::ops::Bound;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Source, Sources};
use crate::error::Error;
use crate::model::Site;
use crate::render::clash::{Clashes, find_clashes};
use crate::render::history::history_url;
use crate::render::markdown::Found;
use crate::render::search::{SEARCH_INDEX, SearchPart, WordLists, fresh_index, search_text_url};
use crate::render::{Bytes, Made, OutputFiles, Renderer, Store, Stored, Theme, put, referenced_by};

/// The rendered site.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Output path (relative, `/`-separated) → file contents, for the files kept in memory.
    pub files: OutputFiles,
    /// The output paths of the files written out instead (see [`Store::Disk`]), sorted.
    pub written: Vec<String>,
    /// When the render took a previous one over: the files whose bytes it changed. `None`
    /// for a render from scratch.
    pub changed: Option<Vec<Arc<str>>>,
    /// Per page (by index): what rendering it found besides its HTML.
    pub pages: Vec<PageRecord>,
    /// The word lists of the search index; none in a render written out (see [`Store::Disk`]),
    /// which no render takes over.
    pub search_words: WordLists,
    /// The findings of pages left out of the output, as their URL clashes with another
    /// page's or a file of the site's own (see `render::clash`).
    pub clashes: Vec<Diagnostic>,
    /// The pages left out of the output, by index.
    pub left_out: Vec<usize>,
    /// The files of the content that are no pages, published beside them (see
    /// `build::publish_assets`), sorted.
    pub assets: Vec<String>,
}

/// What rendering one page found, kept so that an unchanged page need not be rendered again.
#[derive(Debug)]
pub struct PageRecord {
    /// The page's source, shared with the build: a rebuild that takes the same source over
    /// knows the page unchanged without reading its text.
    pub source: Arc<Source>,
    /// Its HTML, when it is kept in memory (see [`Store`]), shared with [`Rendered::files`].
    pub html: Option<Bytes>,
    /// Its diagnostics, links, anchors and linked pages.
    pub found: Arc<Found>,
    /// The pages that link to it or name it, shown on it.
    pub referenced_by: Arc<[usize]>,
    /// Its share of the search index; empty in a render written out, as `search_words`.
    pub search: Arc<SearchPart>,
}

impl Rendered {
    /// The output paths of the pages of `site` left out of the output, whose URLs another
    /// page or a file of the site's own has.
    #[must_use]
    pub fn left_out(&self, site: &Site) -> Vec<String> {
        self.left_out
            .iter()
            .filter_map(|&index| site.pages.get(index))
            .map(|p| p.url.clone())
            .collect()
    }

    /// Every finding of every page.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.pages.iter().flat_map(|page| &page.found.diagnostics).chain(&self.clashes)
    }

    /// Whether there are as many `founds` as pages, and page `i` of this render links to the
    /// pages the `i`th of them links to: then what refers to each page is the same.
    pub fn links_as<'a>(&self, founds: impl ExactSizeIterator<Item = &'a Arc<Found>>) -> bool {
        self.pages.len() == founds.len()
            && self.pages.iter().zip(founds).all(|(record, found)| {
                Arc::ptr_eq(&record.found, found) || record.found.pages == found.pages
            })
    }
}

impl Rendered {
    /// Whether the render made a file at `path`.
    #[must_use]
    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains_key(path)
            || self.written.binary_search_by(|p| p.as_str().cmp(path)).is_ok()
    }

    /// Whether the render made a file in a folder at `path`.
    #[must_use]
    pub fn has_folder(&self, path: &str) -> bool {
        let folder = format!("{path}/");
        let in_memory = self
            .files
            .range::<str, _>((Bound::Included(folder.as_str()), Bound::Unbounded))
            .next()
            .is_some_and(|(file, _)| file.starts_with(&folder));
        let at = self.written.partition_point(|p| p.as_str() < folder.as_str());
        in_memory || self.written.get(at).is_some_and(|file| file.starts_with(&folder))
    }

    /// Gives `bytes`, a file of the content that is no page, to `store` at `path`, as the
    /// files the render made.
    ///
    /// # Errors
    ///
    /// The file cannot be written.
    pub fn publish(&mut self, store: Store<'_>, path: &str, bytes: Bytes) -> Result<(), Error> {
        let kept = store.take(path, Made::Shared(bytes))?;
        match kept {
            Some(_) => self.keep(path, kept),
            None => {
                let at = self.written.partition_point(|p| p.as_str() < path);
                self.written.insert(at, path.to_owned());
            }
        }
        Ok(())
    }

    /// Records a file that went to the store: its bytes when the store gave them back to
    /// keep, or else its path.
    fn keep(&mut self, path: &str, kept: Option<Bytes>) {
        match kept {
            Some(bytes) => {
                let changed = match self.files.get_key_value(path) {
                    Some((_, kept)) if Arc::ptr_eq(kept, &bytes) => return,
                    Some((path, _)) => Arc::clone(path),
                    None => Arc::from(path),
                };
                self.files.insert(Arc::clone(&changed), bytes);
                if let Some(list) = &mut self.changed {
                    list.push(changed);
                }
            }
            None => self.written.push(path.to_owned()),
        }
    }
}

/// What the first pass over a page made: its index, findings, share of the search index,
/// and its search text when the store kept it.
type FirstPass = (usize, Arc<Found>, Arc<SearchPart>, Option<Bytes>);

/// What a render makes beside the pages.
struct Beside {
    /// The search index, and the scheme or the files taken over from the previous render.
    stored: Stored,
    /// The search index's word lists.
    words: WordLists,
    /// Every page's share of the search index.
    searches: Vec<Arc<SearchPart>>,
}

/// Renders every page, the static files, the 404 page and, with a `base_url`, the sitemap.
///
/// With `previous`, the output of an earlier render of the same `site` (the same model: no
/// page's path, source or front matter changed) with the same settings and theme, a page whose
/// text is unchanged is taken over from it instead of rendered again, and so is what the
/// whole site's links make of each page while no page links to other pages than before.
/// Every file goes to `store` as soon as it is made.
///
/// # Errors
///
/// A template of the theme fails.
pub(super) fn render(
    site: &Site,
    sources: &Sources,
    config: &SiteConfig,
    theme: &Theme,
    previous: Option<&Rendered>,
    store: Store<'_>,
    today: jiff::civil::Date,
) -> Result<Rendered, Error> {
    // A render written out kept neither its files nor the pages' shares of the search index.
    let previous = previous
        .filter(|previous| previous.pages.len() == site.pages.len() && previous.written.is_empty());
    // A rebuild renders few pages, and finds each one's place in the tree when it does.
    let renderer = Renderer::new(site, sources, config, theme, previous.is_none(), today);
    // The same model has the same pages in the same order.
    let reusable = |index: usize| previous.map(|previous| &previous.pages[index]);
    // The same model, settings and theme clash alike.
    let found_clashes = match previous {
        Some(previous) => Clashes::of(site.pages.len(), &previous.left_out, &previous.clashes),
        None => find_clashes(site, sources, theme),
    };
    let clashes = &found_clashes;
    // First every page's Markdown, which tells what each page links to; then the pages, which
    // show what links to them, with their Markdown rendered again: keeping the HTML of every
    // page for the second pass was a large build's largest use of memory, and keeping it
    // compressed cost as much time as rendering it again. A page whose text is unchanged
    // keeps its findings, and its HTML too while the pages referring to it are the same. Only
    // the pages to render go to the cores: a rebuild after an edit takes over all but a few,
    // which costs less than sharing the work out.
    let unchanged: Vec<Option<&PageRecord>> = (0..site.pages.len())
        .map(|index| {
            let source = sources.shared(site.pages[index].source);
            reusable(index).filter(|record| {
                Arc::ptr_eq(&record.source, source) || record.source.text == source.text
            })
        })
        .collect();
    let changed: Vec<usize> = (0..unchanged.len()).filter(|&i| unchanged[i].is_none()).collect();
    // The plain text goes into the page's share of the search index and its search text at
    // once, and is dropped; the search text goes to the store there and then.
    let markdown: Vec<FirstPass> = changed
        .par_iter()
        .map(|&index| {
            let (found, search, text) = renderer.page_markdown(index);
            let kept = if clashes.blocks(index) {
                None
            } else {
                store.take(&search_text_url(&site.pages[index].url), Made::Text(text))?
            };
            Ok((index, Arc::new(found), Arc::new(search), kept))
        })
        .collect::<Result<_, Error>>()?;
    // The kept findings first, with empty ones in the places of the pages just rendered.
    let (mut founds, mut searches): (Vec<Arc<Found>>, Vec<Arc<SearchPart>>) = unchanged
        .iter()
        .map(|record| match record {
            Some(record) => (Arc::clone(&record.found), Arc::clone(&record.search)),
            None => (Arc::default(), Arc::default()),
        })
        .unzip();
    let mut texts: Stored = Vec::with_capacity(markdown.len());
    for (index, found, search, kept) in markdown {
        founds[index] = found;
        searches[index] = search;
        if !clashes.blocks(index) {
            texts.push((search_text_url(&site.pages[index].url), kept));
        }
    }
    let same_links = previous.filter(|previous| previous.links_as(founds.iter()));
    let referenced_by: Vec<Arc<[usize]>> = match same_links {
        Some(previous) => previous.pages.iter().map(|r| Arc::clone(&r.referenced_by)).collect(),
        None => referenced_by(site, founds.iter().map(|found| &found.pages)),
    };
    // Beside the pages: for a render from scratch, the search index and then the
    // organisational scheme, whose layout keeps one core busy for long; for a render that
    // takes over from the previous one, the search index updated and the other files made
    // from the whole site taken over. A build written out drops every page's share of the
    // search index once the index is made: nothing takes such a render over, and the shares
    // were a large part of what the pages' render held.
    let renderer = &renderer;
    let beside = move || -> Result<Beside, Error> {
        let (index, words) = match previous {
            Some(previous) => {
                let before: Vec<Arc<SearchPart>> =
                    previous.pages.iter().map(|page| Arc::clone(&page.search)).collect();
                previous.search_words.updated_index(&before, &searches)
            }
            None => fresh_index(&searches),
        };
        let mut stored = Vec::new();
        put(&mut stored, store, SEARCH_INDEX.into(), Made::Text(index))?;
        let (searches, words) = match store {
            Store::Memory => (searches, words),
            Store::Disk(_) => {
                // Dropped here, not at the end of the closure: the scheme's layout comes next.
                let pages = searches.len();
                drop((searches, words));
                (vec![Arc::default(); pages], WordLists::default())
            }
        };
        match previous {
            Some(previous) => {
                for (path, file) in renderer.reused_site_files(&previous.files) {
                    put(&mut stored, store, path, Made::Shared(file))?;
                }
            }
            None => {
                renderer.scheme_file(&mut stored, store)?;
            }
        }
        Ok(Beside { stored, words, searches })
    };
    // The pages on every core, and the files above beside them. The other files made from
    // the whole site come after the pages, once the pages' Markdown HTML is gone: made beside
    // the pages, they would add their memory to the pages' at the peak of a large build.
    let (pages, beside) = rayon::join(
        || -> Result<Vec<Option<Bytes>>, Error> {
            let kept: Vec<Option<&Bytes>> = unchanged
                .iter()
                .zip(&referenced_by)
                .map(|(record, referenced_by)| {
                    record
                        .filter(|r| {
                            Arc::ptr_eq(&r.referenced_by, referenced_by)
                                || r.referenced_by == *referenced_by
                        })
                        .and_then(|r| r.html.as_ref())
                })
                .collect();
            let again: Vec<usize> = (0..kept.len())
                .filter(|&index| kept[index].is_none() && !clashes.blocks(index))
                .collect();
            let fresh: Vec<(usize, Option<Bytes>)> = again
                .into_par_iter()
                .map(|index| {
                    let html = Made::Text(renderer.page_html(index, &referenced_by[index])?);
                    Ok((index, store.take(&site.pages[index].url, html)?))
                })
                .collect::<Result<_, Error>>()?;
            // The pages kept as they were, then those just rendered in their places.
            let mut stored = kept
                .into_iter()
                .enumerate()
                .map(|(index, html)| match (html, store) {
                    _ if clashes.blocks(index) => Ok(None),
                    (Some(html), Store::Memory) => Ok(Some(Arc::clone(html))),
                    (Some(html), Store::Disk(_)) => {
                        store.take(&site.pages[index].url, Made::Shared(Arc::clone(html)))
                    }
                    (None, _) => Ok(None),
                })
                .collect::<Result<Vec<_>, Error>>()?;
            for (index, html) in fresh {
                stored[index] = html;
            }
            Ok(stored)
        },
        beside,
    );
    let (pages, Beside { stored: mut site_files, words, searches }) = (pages?, beside?);
    if previous.is_none() {
        site_files.extend(renderer.fresh_site_files(store)?);
    }
    // The same model, settings and theme make the same files: the previous render's list
    // holds every one, and needs only the files made anew.
    let files = previous.map(|previous| previous.files.clone()).unwrap_or_default();
    let changed = previous.map(|_| Vec::new());
    let assets = previous.map(|previous| previous.assets.clone()).unwrap_or_default();
    let mut rendered = Rendered { files, changed, assets, ..Rendered::default() };
    rendered.clashes = found_clashes.diagnostics.clone();
    rendered.left_out = (0..site.pages.len()).filter(|&i| clashes.blocks(i)).collect();
    rendered.pages.reserve(site.pages.len());
    for (index, ((((page, html), found), referenced_by), search)) in
        site.pages.iter().zip(pages).zip(founds).zip(referenced_by).zip(searches).enumerate()
    {
        let before = reusable(index).and_then(|record| record.html.as_ref());
        let same =
            matches!((&html, before), (Some(html), Some(before)) if Arc::ptr_eq(html, before));
        if !same && !clashes.blocks(index) {
            rendered.keep(&page.url, html.clone());
        }
        rendered.pages.push(PageRecord {
            source: Arc::clone(sources.shared(page.source)),
            html,
            found,
            referenced_by,
            search,
        });
    }
    rendered.search_words = words;
    for (path, kept) in texts.into_iter().chain(site_files) {
        rendered.keep(&path, kept);
    }
    for (path, file) in &theme.statics {
        let kept = store.take(path, Made::Shared(Arc::clone(file)))?;
        rendered.keep(path, kept);
    }
    // A page's history shows the model alone: the previous render of the same one has them all.
    let with_history: Vec<usize> = match previous {
        Some(_) => Vec::new(),
        None => (0..site.pages.len())
            .filter(|&i| !site.pages[i].versions.is_empty() && !clashes.blocks(i))
            .collect(),
    };
    let histories: Stored = with_history
        .into_par_iter()
        .map(|index| (index, &site.pages[index]))
        .map(|(index, page)| -> Result<(String, Option<Bytes>), Error> {
            let path = history_url(&page.url);
            let kept = store.take(&path, Made::Text(renderer.history_page(index)?))?;
            Ok((path, kept))
        })
        .collect::<Result<_, _>>()?;
    for (path, kept) in histories {
        rendered.keep(&path, kept);
    }
    rendered.written.sort_unstable();
    Ok(rendered)
}
