//! Stage 4, RENDER: the [`Site`] → every output file.
//!
//! Input: the site, its sources, its settings and the theme. Output: [`Rendered`], the path →
//! bytes map of the whole site (pages, static files, `404.html`, `sitemap.xml`) and the
//! findings about links in the Markdown. Each file goes to a [`Store`] as soon as it is made:
//! the live server and `check` keep every file in memory, and `build` hands each to the
//! output's next generation and drops it, so that a large site is never held whole.

mod clash;
mod history;
mod involvement;
mod macros;
pub mod markdown;
mod matrix;
pub mod scheme;
mod search;
mod site_files;
pub mod svg;
pub mod swimlanes;
mod theme;
pub mod urls;
mod view;

use std::borrow::Cow;
use std::ops::Bound;
use std::sync::Arc;

use rayon::prelude::*;

use serde::Serialize;
use tera::Context;

pub use theme::Theme;

use self::history::{history_url, history_view};
use self::markdown::{Found, Linker, Markdown, Placement};
use self::matrix::{MATRIX_URL, matrix_view};
use self::scheme::{SCHEME_URL, render_neighbourhood};
use self::search::{SEARCH_INDEX, SearchPart, WordLists, fresh_index};
use self::swimlanes::render_workflow_diagram;
use self::urls::label_url;
use self::urls::{encode_path, relative, root_of};
use self::view::{
    LabelView, LinkView, PageView, RelationView, ResponsibilitiesView, SiteView, StepView,
    UpdatedView,
};
use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Source, Sources};
use crate::error::Error;
use crate::model::{PageKind, Ref, Relation, Responsibilities, Site, TreeNode};
use crate::output::Staging;
pub use crate::output::{Bytes, OutputFiles};

/// Where rendered files go.
#[derive(Clone, Copy, Debug, Default)]
pub enum Store<'a> {
    /// Kept in [`Rendered::files`].
    #[default]
    Memory,
    /// Put into the output's next generation as each is made, and dropped: only its path is
    /// kept, in [`Rendered::written`].
    Disk(&'a Staging),
}

impl Store<'_> {
    /// Stores one file: gives it back to keep in memory, or writes it.
    fn take(self, path: &str, file: Made<'_>) -> Result<Option<Bytes>, Error> {
        let Store::Disk(staging) = self else {
            return Ok(Some(file.into_bytes()));
        };
        match file {
            Made::Shared(bytes) => staging.put(path, &[&bytes]),
            Made::Text(text) => staging.put(path, &[text.as_bytes()]),
            Made::Parts(parts) => {
                let parts: Vec<&[u8]> = parts.iter().map(|part| part.as_bytes()).collect();
                staging.put(path, &parts)
            }
        }
        .map(|()| None)
    }
}

/// One file, as it was made.
enum Made<'a> {
    /// Bytes already shared: a file of the theme, or one taken over from the previous render.
    Shared(Bytes),
    /// A template's output. Kept in memory, it is copied into an allocation of its exact
    /// size, as templates leave their output with room to grow, up to twice its length; a
    /// build written out writes it as it is.
    Text(String),
    /// Texts that make the file one after the other: a page with megabytes of SVG in its
    /// middle, which a build written out writes without joining them.
    Parts(&'a [&'a str]),
}

impl Made<'_> {
    /// The file's bytes, to keep.
    fn into_bytes(self) -> Bytes {
        match self {
            Made::Shared(bytes) => bytes,
            Made::Text(text) => Arc::from(text.into_bytes()),
            Made::Parts(parts) => Arc::from(parts.concat().into_bytes()),
        }
    }
}

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
    /// page's or a file of the site's own (see [`clash`]).
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

/// A page's Markdown texts, rendered.
#[derive(Debug, Default)]
struct Parts {
    markdown: Markdown,
    responsibilities: Option<ResponsibilitiesView>,
    descriptions: Vec<Option<String>>,
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
pub fn render(
    site: &Site,
    sources: &Sources,
    config: &SiteConfig,
    theme: &Theme,
    previous: Option<&Rendered>,
    store: Store<'_>,
) -> Result<Rendered, Error> {
    // A render written out kept neither its files nor the pages' shares of the search index.
    let previous = previous
        .filter(|previous| previous.pages.len() == site.pages.len() && previous.written.is_empty());
    let has_scheme = site.pages.iter().any(|page| matches!(page.kind, PageKind::Body(_)));
    let has_matrix = site
        .pages
        .iter()
        .any(|page| matches!(&page.kind, PageKind::Workflow(w) if !w.steps.is_empty()));
    // A rebuild renders few pages, and finds each one's place in the tree when it does.
    let paths = previous.is_none().then(|| site.tree.paths(site.pages.len()));
    let order = site.tree.pages_in_order();
    let mut position = vec![None; site.pages.len()];
    for (at, &page) in order.iter().enumerate() {
        position[page] = Some(at);
    }
    let renderer = Renderer {
        site,
        sources,
        config,
        theme,
        linker: Linker::new(site, config.raw_html),
        has_scheme,
        has_matrix,
        paths,
        order,
        position,
    };
    // The same model has the same pages in the same order.
    let reusable = |index: usize| previous.map(|previous| &previous.pages[index]);
    // The same model, settings and theme clash alike.
    let found_clashes = match previous {
        Some(previous) => {
            clash::Clashes::of(site.pages.len(), &previous.left_out, &previous.clashes)
        }
        None => clash::find_clashes(site, sources, theme),
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
    // The plain text goes into the page's share of the search index at once, and is dropped.
    let markdown: Vec<(usize, Arc<Found>, Arc<SearchPart>)> = changed
        .par_iter()
        .map(|&index| {
            let mut found = Found::default();
            drop(renderer.markdown_parts(index, &mut found));
            let text = std::mem::take(&mut found.text);
            let search = Arc::new(SearchPart::of(&site.pages[index], &text));
            found.shrink_to_fit();
            (index, Arc::new(found), search)
        })
        .collect();
    // The kept findings first, with empty ones in the places of the pages just rendered.
    let (mut founds, mut searches): (Vec<Arc<Found>>, Vec<Arc<SearchPart>>) = unchanged
        .iter()
        .map(|record| match record {
            Some(record) => (Arc::clone(&record.found), Arc::clone(&record.search)),
            None => (Arc::default(), Arc::default()),
        })
        .unzip();
    for (index, found, search) in markdown {
        founds[index] = found;
        searches[index] = search;
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
            Some(previous) => previous.search_words.updated_index(&previous.pages, &searches),
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
                for (path, file) in renderer.reused_site_files(previous) {
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
    // the pages, they raised the peak memory of a large build by a fifth.
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
                    let parts = renderer.markdown_parts(index, &mut Found::default());
                    let html = Made::Text(renderer.page(index, parts, &referenced_by[index])?);
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
    for (path, kept) in site_files {
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

/// For every page, the other pages that refer to it: by a Markdown link (`links[i]` are the
/// pages page `i` links to), by a relation in either direction, or by naming it as an actor
/// of a workflow step. Sorted by page order, without repeats.
fn referenced_by<'a>(
    site: &Site,
    links: impl Iterator<Item = &'a Vec<usize>>,
) -> Vec<Arc<[usize]>> {
    let mut by = vec![Vec::new(); site.pages.len()];
    for (from, targets) in links.enumerate() {
        for &to in targets {
            by[to].push(from);
        }
    }
    for (from, page) in site.pages.iter().enumerate() {
        for (_, reference) in page.kind.relations() {
            if let Some(to) = reference.target {
                by[to].push(from);
                by[from].push(to);
            }
        }
        if let PageKind::Workflow(workflow) = &page.kind {
            for step in &workflow.steps {
                for to in step.actors().filter_map(|(_, r)| r.target) {
                    by[to].push(from);
                }
            }
        }
    }
    by.into_iter()
        .enumerate()
        .map(|(page, mut list)| {
            list.retain(|&from| from != page);
            list.sort_unstable();
            list.dedup();
            Arc::from(list)
        })
        .collect()
}

/// Files to write: output path and bytes.
type Files = Vec<(String, Bytes)>;

/// Files given to the [`Store`]: output path, and the bytes when the store kept them.
type Stored = Vec<(String, Option<Bytes>)>;

/// What a render makes beside the pages.
struct Beside {
    /// The search index, and the scheme or the files taken over from the previous render.
    stored: Stored,
    /// The search index's word lists.
    words: WordLists,
    /// Every page's share of the search index.
    searches: Vec<Arc<SearchPart>>,
}

/// Gives one file to `store` and records it in `stored`, so that a build written out holds
/// no more than the file being made.
fn put(stored: &mut Stored, store: Store<'_>, path: String, file: Made<'_>) -> Result<(), Error> {
    let kept = store.take(&path, file)?;
    stored.push((path, kept));
    Ok(())
}

struct Renderer<'a> {
    site: &'a Site,
    sources: &'a Sources,
    config: &'a SiteConfig,
    theme: &'a Theme,
    linker: Linker<'a>,
    /// Whether the site has bodies, and so a scheme page.
    has_scheme: bool,
    /// Whether a workflow has steps, and so the site has a matrix page.
    has_matrix: bool,
    /// Per page, the page tree's nodes from the root down to it; `None` when so few pages are
    /// rendered that each is found in the tree when it is.
    paths: Option<Vec<Vec<&'a TreeNode>>>,
    /// The pages in page tree order, for previous and next.
    order: Vec<usize>,
    /// Per page, its place in `order`.
    position: Vec<Option<usize>>,
}

/// The variables every template gets.
#[derive(Serialize)]
struct Common<'a> {
    site: SiteView<'a>,
    /// The `../` prefix to the site root.
    root: String,
    /// The sidebar entry to mark as the one being shown, as a path from the site root,
    /// percent-encoded like the tree's links (empty when none is), for the script that shows
    /// the page tree of `toc.js`.
    current: String,
    breadcrumbs: Vec<LinkView>,
}

impl<'a> Renderer<'a> {
    fn common(&self, root: String, current: &str, breadcrumbs: Vec<LinkView>) -> Common<'a> {
        let site = SiteView {
            title: &self.config.title,
            description: self.config.description.as_deref(),
            scheme: self.has_scheme.then(|| format!("{root}{SCHEME_URL}")),
            matrix: self.has_matrix.then(|| format!("{root}{MATRIX_URL}")),
        };
        Common { site, root, current: encode_path(current), breadcrumbs }
    }

    fn link(&self, from: &str, to: usize) -> LinkView {
        LinkView::to_page(self.site, from, to)
    }

    fn links(&self, from: &str, refs: &[Ref]) -> Vec<LinkView> {
        refs.iter().filter_map(|r| r.target).map(|target| self.link(from, target)).collect()
    }

    /// Renders every Markdown text of page `index`: its body, responsibilities and step
    /// descriptions.
    fn markdown_parts(&self, index: usize, found: &mut Found) -> Parts {
        let page = &self.site.pages[index];
        let text = &self.sources.get(page.source).text;
        let markdown_text = text.get(page.markdown..).unwrap_or_default();
        let markdown =
            self.linker.render(markdown_text, index, &Placement::At(page.markdown), found);
        let mut parts = Parts { markdown, ..Parts::default() };
        match &page.kind {
            PageKind::Page => {}
            PageKind::Body(body) => {
                parts.responsibilities =
                    self.responsibilities(index, &body.responsibilities, found);
            }
            PageKind::Role(role) => {
                parts.responsibilities =
                    self.responsibilities(index, &role.responsibilities, found);
            }
            PageKind::Workflow(workflow) => {
                parts.descriptions = workflow
                    .steps
                    .iter()
                    .map(|step| {
                        step.description.as_ref().map(|d| {
                            self.linker.render_inline(&d.value, index, d.span.clone(), found)
                        })
                    })
                    .collect();
            }
        }
        parts
    }

    /// Renders page `index` to HTML from its Markdown `parts`; `referenced_by` are the pages
    /// that link to it or name it.
    fn page(&self, index: usize, parts: Parts, referenced_by: &[usize]) -> Result<String, Error> {
        let page = &self.site.pages[index];
        let Parts { markdown, responsibilities, mut descriptions } = parts;
        let mut view = PageView {
            id: &page.id,
            title: &page.title,
            title_in_content: page.title_in_content,
            summary: page.summary.as_deref(),
            kind: page.kind.name(),
            draft: page.draft,
            meta: &page.meta,
            labels: page
                .labels
                .iter()
                .map(|label| LabelView {
                    name: label.clone(),
                    href: relative(&page.url, &label_url(label)),
                })
                .collect(),
            content: markdown.html,
            headings: markdown.headings,
            source: &self.sources.get(page.source).name,
            abbr: None,
            members: Vec::new(),
            relations: self.relations(index),
            responsibilities: None,
            steps: Vec::new(),
            has_consulted_informed: false,
            has_next: false,
            diagram: None,
            involvement: Vec::new(),
            matrix: None,
            referenced_by: referenced_by.iter().map(|&from| self.link(&page.url, from)).collect(),
            updated: page.versions.first().map(|v| UpdatedView {
                date: v.date.clone(),
                author: v.author.clone(),
                history: relative(&page.url, &history_url(&page.url)),
            }),
            previous: self.position[index]
                .and_then(|at| at.checked_sub(1))
                .map(|at| self.link(&page.url, self.order[at])),
            next: self.position[index]
                .and_then(|at| self.order.get(at + 1))
                .map(|&next| self.link(&page.url, next)),
        };
        let template = match &page.kind {
            PageKind::Page => "page.html",
            PageKind::Body(body) => {
                view.abbr = body.abbr.as_deref();
                view.members = body.members.iter().map(|m| m.value.as_str()).collect();
                view.responsibilities = responsibilities;
                view.diagram = render_neighbourhood(self.site, index);
                view.involvement = involvement::views(self.site, index);
                "body.html"
            }
            PageKind::Role(_) => {
                view.responsibilities = responsibilities;
                view.diagram = render_neighbourhood(self.site, index);
                view.involvement = involvement::views(self.site, index);
                "role.html"
            }
            PageKind::Workflow(workflow) => {
                let anchors = workflow.step_anchors();
                view.steps = workflow
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(number, step)| StepView {
                        number: number + 1,
                        anchor: anchors[number].clone(),
                        title: step.title.clone(),
                        description: descriptions.get_mut(number).and_then(Option::take),
                        who: step
                            .who
                            .as_ref()
                            .and_then(|r| r.target)
                            .map(|t| self.link(&page.url, t)),
                        support: self.links(&page.url, &step.support),
                        consulted: self.links(&page.url, &step.consulted),
                        informed: self.links(&page.url, &step.informed),
                        next: step
                            .next
                            .iter()
                            .filter_map(|r| r.target)
                            .map(|t| LinkView {
                                title: format!("{}. {}", t + 1, workflow.steps[t].title),
                                href: Some(format!("#{}", anchors[t])),
                                abbr: None,
                                kind: "step",
                            })
                            .collect(),
                    })
                    .collect();
                view.has_consulted_informed = workflow
                    .steps
                    .iter()
                    .any(|s| !s.consulted.is_empty() || !s.informed.is_empty());
                view.has_next = workflow.steps.iter().any(|s| !s.next.is_empty());
                view.diagram = render_workflow_diagram(self.site, index, &anchors);
                view.matrix = matrix_view(self.site, &page.url, &[index]);
                "workflow.html"
            }
        };
        let path = match &self.paths {
            Some(paths) => Cow::Borrowed(&paths[index][..]),
            None => Cow::Owned(self.site.tree.path_to(index)),
        };
        let breadcrumbs = path[..path.len().saturating_sub(1)]
            .iter()
            .map(|node| self.tree_link(&page.url, node))
            .collect();
        let mut context =
            Context::from_serialize(&self.common(root_of(&page.url), &page.url, breadcrumbs))
                .map_err(|source| Error::Template { name: template.into(), source })?;
        context.insert("page", &view);
        self.theme.render(template, &context)
    }

    fn tree_link(&self, from: &str, node: &TreeNode) -> LinkView {
        match node.page {
            Some(target) => self.link(from, target),
            None => LinkView { title: node.name.clone(), href: None, abbr: None, kind: "folder" },
        }
    }

    fn relations(&self, index: usize) -> Vec<RelationView> {
        let page = &self.site.pages[index];
        let mut relations = Vec::new();
        let mut push = |label: &'static str, links: Vec<LinkView>| {
            if !links.is_empty() {
                relations.push(RelationView { label, links });
            }
        };
        let outgoing = |relation: Relation| -> Vec<LinkView> {
            page.kind
                .relations()
                .filter(|(r, _)| *r == relation)
                .filter_map(|(_, reference)| reference.target)
                .map(|target| self.link(&page.url, target))
                .collect()
        };
        let incoming = |relation: Relation| -> Vec<LinkView> {
            self.site
                .incoming(index, relation)
                .into_iter()
                .map(|from| self.link(&page.url, from))
                .collect()
        };
        push("Part of", outgoing(Relation::PartOf));
        push("Consists of", incoming(Relation::PartOf));
        push("Members nominated by", outgoing(Relation::NominatedBy));
        push("Nominates the members of", incoming(Relation::NominatedBy));
        push("Advises", outgoing(Relation::Advises));
        push("Advised by", incoming(Relation::Advises));
        push("Reports to", outgoing(Relation::ReportsTo));
        push("Receives reports from", incoming(Relation::ReportsTo));
        push("Held by", outgoing(Relation::HeldBy));
        push("Holds the role", incoming(Relation::HeldBy));
        relations
    }

    fn responsibilities(
        &self,
        index: usize,
        responsibilities: &Responsibilities,
        found: &mut Found,
    ) -> Option<ResponsibilitiesView> {
        if responsibilities.is_empty() {
            return None;
        }
        let mut render = |texts: &[crate::model::Text]| -> Vec<String> {
            texts
                .iter()
                .map(|t| self.linker.render_inline(&t.value, index, t.span.clone(), found))
                .collect()
        };
        Some(ResponsibilitiesView {
            ongoing: render(&responsibilities.ongoing),
            case_driven: render(&responsibilities.case_driven),
        })
    }

    /// The history of page `index`: its versions and what each changed.
    fn history_page(&self, index: usize) -> Result<String, Error> {
        let page = &self.site.pages[index];
        let url = history_url(&page.url);
        let mut context =
            Context::from_serialize(&self.common(root_of(&url), &page.url, Vec::new()))
                .map_err(|source| Error::Template { name: "history.html".into(), source })?;
        context.insert("page", &self.link(&url, index));
        context.insert("history", &history_view(&page.versions));
        self.theme.render("history.html", &context)
    }
}
