//! The files made from the whole site rather than from one page: the scheme, the label
//! pages, the matrix, "Who's who" and the timeline (see `registers.rs`), the home page's
//! sidebar, the table of contents, the 404 page and the sitemap. A new site-wide file is made here, and listed in [`Renderer::reused_site_files`]
//! when a render that takes the previous one over may keep it.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use tera::Context;

use super::history::history_url;
use super::matrix::{MATRIX_URL, matrix_cells, matrix_view};
use super::scheme::{SCHEME_IMAGE, SCHEME_URL, render_full_scheme};
use super::urls::{
    CHANGES, LABELS_FOLDER, LABELS_INDEX, NOT_FOUND, PEOPLE, SITEMAP, TIMELINE, TOC_PAGE,
    TOC_SCRIPT, encode_path, label_url, relative, root_of,
};
use super::view::{ChangeView, LabelView, LabelledView, LinkView, NavItem};
use super::{Files, Made, OutputFiles, Renderer, Store, Stored, clash, put};
use crate::error::Error;
use crate::model::{PageKind, TreeNode};

/// The most cells the site's responsibility matrix shows as one table.
const MAX_MATRIX_CELLS: usize = 10_000;

/// A page that sends the reader on to `href`, the page titled `title`, from an earlier path
/// of it: at once, and by a link for a browser that does not follow the refresh.
fn redirect_page(title: &str, href: &str) -> String {
    let title = html_escape::encode_text(title);
    let href = html_escape::encode_double_quoted_attribute(href);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{title}</title><meta http-equiv=\"refresh\" content=\"0; url={href}\">\
         <link rel=\"canonical\" href=\"{href}\"><meta name=\"robots\" content=\"noindex\">\
         </head>\n<body><p>This page has moved: <a href=\"{href}\">{title}</a>.</p></body></html>\n"
    )
}

/// The home page, and where the site's own stands in when it has none.
const HOME: &str = "index.html";

/// The most changes the page of recent changes lists.
const MAX_CHANGES: usize = 100;

/// The theme's template of the page of recent changes.
const CHANGES_TEMPLATE: &str = "changes.html";

/// The theme's template of the sidebar's page tree alone.
const TOC_TEMPLATE: &str = "nav.html";

/// The deepest level of the page tree that the sidebar shows as such (the top level is 1); the
/// pages further down are listed in their folder at this level. The theme draws the tree with
/// a component that calls itself once per level, and Tera refuses more than 20 nested calls:
/// without a limit, a page 20 folders deep failed every build as a broken theme. 16 leaves a
/// theme's own `nav.html` a few calls to spare.
const MAX_NAV_LEVEL: usize = 16;

/// What the scheme page's template gets as `scheme`, replaced by the scheme's SVG afterwards.
const SCHEME_MARKER: &str = "<!--govwiki-scheme-->";

/// What the matrix page's template gets as `tables`, replaced by the tables afterwards, each
/// rendered by the theme's [`MATRIX_TABLE`] component.
const MATRIX_MARKER: &str = "<!--govwiki-matrix-->";

/// The theme's component that draws one table of the responsibility matrix.
const MATRIX_TABLE: &str = "matrix_table";

/// The parts of `page` with `inner` in the place of each `marker`.
fn around<'a>(page: &'a str, marker: &str, inner: &[&'a str]) -> Vec<&'a str> {
    let mut parts = Vec::new();
    for (at, part) in page.split(marker).enumerate() {
        if at > 0 {
            parts.extend_from_slice(inner);
        }
        parts.push(part);
    }
    parts
}

impl Renderer<'_> {
    /// The files made from the whole site rather than from one page, as found among the files
    /// of a previous render, `previous`: the scheme, the label pages, the matrix, the 404 page,
    /// the sidebar and the sitemap show only paths and front matter, which a render of the same
    /// model has the same; "Who's who" and the timeline show front matter as of the render's
    /// day, and a render is taken over only for the same day. A new site-wide file that shows
    /// no more is listed here too.
    pub(crate) fn reused_site_files(&self, previous: &OutputFiles) -> Files {
        let fixed = [
            SCHEME_URL,
            SCHEME_IMAGE,
            MATRIX_URL,
            LABELS_INDEX,
            CHANGES,
            PEOPLE,
            TIMELINE,
            NOT_FOUND,
            SITEMAP,
            TOC_SCRIPT,
            TOC_PAGE,
        ]
        .into_iter()
        .filter_map(|name| Some((name.to_owned(), Arc::clone(previous.get(name)?))));
        let labels = previous
            .range::<str, _>((Bound::Included(LABELS_FOLDER), Bound::Unbounded))
            .take_while(|(name, _)| name.starts_with(LABELS_FOLDER))
            .map(|(name, file)| (name.to_string(), Arc::clone(file)));
        fixed.chain(labels).collect()
    }

    /// The files made from the whole site, but the search index and the scheme (see
    /// [`Renderer::scheme_file`]), each given to `store` as soon as it is made.
    pub(crate) fn fresh_site_files(&self, store: Store<'_>) -> Result<Stored, Error> {
        let mut stored = Vec::new();
        self.label_pages(&mut stored, store)?;
        self.changes_page(&mut stored, store)?;
        self.matrix_file(&mut stored, store)?;
        self.people_page(&mut stored, store)?;
        self.timeline_page(&mut stored, store)?;
        put(&mut stored, store, NOT_FOUND.into(), Made::Text(self.not_found()?))?;
        for (index, page) in self.site.pages.iter().enumerate() {
            for alias in &page.aliases {
                if let Ok(path) = clash::alias_path(self.site, self.theme, &alias.value) {
                    let redirect =
                        redirect_page(&page.title, &relative(&path, &self.site.pages[index].url));
                    put(&mut stored, store, path, Made::Text(redirect))?;
                }
            }
        }
        if !self.site.pages.iter().any(|page| page.url == HOME) {
            put(&mut stored, store, HOME.into(), Made::Text(self.home()?))?;
        }
        let (script, page) = self.sidebar()?;
        put(&mut stored, store, TOC_SCRIPT.into(), Made::Text(script))?;
        put(&mut stored, store, TOC_PAGE.into(), Made::Text(page))?;
        if let Some(base_url) = &self.config.base_url {
            put(&mut stored, store, SITEMAP.into(), Made::Text(self.sitemap(base_url)?))?;
        }
        Ok(stored)
    }

    /// The page of the site's latest changes, newest first, one entry per page and version,
    /// when the pages have history; given to `store`.
    fn changes_page(&self, stored: &mut Stored, store: Store<'_>) -> Result<(), Error> {
        let mut changes: Vec<(&crate::history::Version, usize)> = self
            .site
            .pages
            .iter()
            .enumerate()
            .flat_map(|(index, page)| page.versions.iter().map(move |version| (version, index)))
            .collect();
        if changes.is_empty() {
            return Ok(());
        }
        let title = |index: usize| &self.site.pages[index].title;
        changes
            .sort_by(|(a, i), (b, j)| b.date.cmp(&a.date).then_with(|| title(*i).cmp(title(*j))));
        changes.truncate(MAX_CHANGES);
        let views: Vec<ChangeView> = changes
            .into_iter()
            .map(|(version, index)| ChangeView {
                date: version.date.clone(),
                author: version.author.clone(),
                message: version.message.clone(),
                link: self.link(CHANGES, index),
                history: relative(CHANGES, &history_url(&self.site.pages[index].url)),
            })
            .collect();
        let mut context = Context::from_serialize(&self.common(String::new(), "", Vec::new()))
            .map_err(|source| Error::Template { name: CHANGES_TEMPLATE.into(), source })?;
        context.insert("changes", &views);
        let page = self.theme.render(CHANGES_TEMPLATE, &context)?;
        put(stored, store, CHANGES.into(), Made::Text(page))
    }

    /// The scheme page, when the site has bodies, given to `store`.
    pub(crate) fn scheme_file(&self, stored: &mut Stored, store: Store<'_>) -> Result<(), Error> {
        let Some(scheme) = render_full_scheme(self.site, SCHEME_URL) else { return Ok(()) };
        let mut context = Context::from_serialize(&self.common(String::new(), "", Vec::new()))
            .map_err(|source| Error::Template { name: "scheme.html".into(), source })?;
        // The scheme of a large site is megabytes of SVG: the template gets a marker in its
        // place, and the SVG goes in only as the page is stored, instead of being copied into
        // the template's context and then through its output as it grows.
        context.insert("scheme", SCHEME_MARKER);
        let page = self.theme.render("scheme.html", &context)?;
        put(
            stored,
            store,
            SCHEME_URL.into(),
            Made::Parts(&around(&page, SCHEME_MARKER, &[&scheme])),
        )?;
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        put(stored, store, SCHEME_IMAGE.into(), Made::Parts(&[declaration, &scheme]))
    }

    /// The sidebar's entries below `node`, which is at `level` of the tree (the root at 0).
    /// Below [`MAX_NAV_LEVEL`], every page of a folder is listed in the folder's entry.
    fn toc(&self, node: &TreeNode, level: usize) -> Vec<NavItem> {
        if level >= MAX_NAV_LEVEL {
            let mut pages = Vec::new();
            self.flat_toc(node, &mut pages);
            return pages;
        }
        node.children
            .iter()
            .map(|child| NavItem {
                link: self.tree_link(TOC_PAGE, child),
                children: self.toc(child, level + 1),
            })
            .collect()
    }

    /// Every page below `node`, in tree order, as entries without children.
    fn flat_toc(&self, node: &TreeNode, pages: &mut Vec<NavItem>) {
        for child in &node.children {
            if child.page.is_some() {
                pages.push(NavItem { link: self.tree_link(TOC_PAGE, child), children: Vec::new() });
            }
            self.flat_toc(child, pages);
        }
    }

    /// The sidebar, shared by every page: `toc.js`, which the theme's script puts into each
    /// page, and `toc.html`, the same tree as a page of its own for readers without
    /// JavaScript. One copy for the whole site keeps every page, and its render, write and
    /// link check, as small on a site of thousands of pages as on one of ten.
    fn sidebar(&self) -> Result<(String, String), Error> {
        let mut context = Context::from_serialize(&self.common(String::new(), "", Vec::new()))
            .map_err(|source| Error::Template { name: TOC_TEMPLATE.into(), source })?;
        // The home page heads the tree, above the top-level pages.
        let home = match self.site.tree.page {
            Some(index) => self.link(TOC_PAGE, index),
            None => {
                LinkView { title: "Home".into(), href: Some(HOME.into()), abbr: None, kind: "page" }
            }
        };
        let mut nav = vec![NavItem { link: home, children: Vec::new() }];
        nav.extend(self.toc(&self.site.tree, 0));
        context.insert("nav", &nav);
        let tree = self.theme.render(TOC_TEMPLATE, &context)?;
        // The page shows the tree as rendered: the entries of every page can go.
        context.remove("nav");
        let script = format!(
            "\"use strict\";\n// The page tree of the sidebar, written by govwiki.\nwindow.govwikiToc = {};\n",
            serde_json::to_string(&tree).unwrap_or_else(|_| "\"\"".into())
        );
        context.insert("tree", &tree);
        let page = self.theme.render(TOC_PAGE, &context)?;
        Ok((script, page))
    }

    /// One page per label, listing the pages that carry it, and `labels.html` listing the
    /// labels, each given to `store` as soon as it is made.
    fn label_pages(&self, stored: &mut Stored, store: Store<'_>) -> Result<(), Error> {
        let mut labels: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, page) in self.site.pages.iter().enumerate() {
            for label in &page.labels {
                labels.entry(label.as_str()).or_default().push(index);
            }
        }
        if labels.is_empty() {
            return Ok(());
        }
        for (label, members) in &labels {
            let url = label_url(label);
            let mut listed: Vec<LabelledView> = members
                .iter()
                .map(|&i| LabelledView {
                    link: self.link(&url, i),
                    summary: self.site.pages[i].summary.clone(),
                })
                .collect();
            listed.sort_by_key(|l| l.link.title.to_lowercase());
            let mut context = Context::from_serialize(&self.common(root_of(&url), "", Vec::new()))
                .map_err(|source| Error::Template { name: "label.html".into(), source })?;
            context.insert("label", label);
            context.insert("pages", &listed);
            drop(listed);
            context.insert("all_labels", &relative(&url, LABELS_INDEX));
            let page = self.theme.render("label.html", &context)?;
            put(stored, store, url, Made::Text(page))?;
        }
        let index = LABELS_INDEX.to_owned();
        let all: Vec<LabelView> = labels
            .iter()
            .map(|(label, members)| LabelView {
                name: format!("{label} ({})", members.len()),
                href: relative(&index, &label_url(label)),
            })
            .collect();
        let mut context = Context::from_serialize(&self.common(root_of(&index), "", Vec::new()))
            .map_err(|source| Error::Template { name: "labels.html".into(), source })?;
        context.insert("labels", &all);
        let page = self.theme.render("labels.html", &context)?;
        put(stored, store, index, Made::Text(page))
    }

    /// The home page of a site without one of its own: the top-level pages, listed.
    fn home(&self) -> Result<String, Error> {
        let pages: Vec<LinkView> = self
            .site
            .tree
            .children
            .iter()
            // A folder without a page of its own stands for its first page.
            .filter_map(|child| child.pages_in_order().first().copied())
            .map(|page| self.link(HOME, page))
            .collect();
        let mut context = Context::from_serialize(&self.common(String::new(), HOME, Vec::new()))
            .map_err(|source| Error::Template { name: "home.html".into(), source })?;
        context.insert("pages", &pages);
        self.theme.render("home.html", &context)
    }

    /// The page of the whole responsibility matrix, at the site's root, given to `store`; none
    /// when no workflow has steps.
    fn matrix_file(&self, stored: &mut Stored, store: Store<'_>) -> Result<(), Error> {
        let workflows: Vec<usize> = (0..self.site.pages.len())
            .filter(|&i| matches!(self.site.pages[i].kind, PageKind::Workflow(_)))
            .collect();
        // One table while it stays readable; a large wiki gets one table per workflow, with
        // only that workflow's actors, instead of a table of mostly empty cells.
        let tables: Vec<(String, Vec<usize>)> =
            if matrix_cells(self.site, &workflows) <= MAX_MATRIX_CELLS {
                vec![("All workflows".to_owned(), workflows)]
            } else {
                workflows.iter().map(|&w| (self.site.pages[w].title.clone(), vec![w])).collect()
            };
        // Each table is rendered on its own, from a context of its own: a large wiki has
        // hundreds of tables, and all of them as the page's template values at once would
        // hold more memory than the rest of its render.
        let mut html = Vec::with_capacity(tables.len());
        for (caption, workflows) in tables {
            let Some(matrix) = matrix_view(self.site, MATRIX_URL, &workflows) else { continue };
            let mut context = Context::new();
            context.insert("caption", &caption);
            context.insert("matrix", &matrix);
            let mut table = self.theme.render_component(MATRIX_TABLE, &context)?;
            table.push('\n');
            html.push(table);
        }
        if html.is_empty() {
            return Ok(());
        }
        let mut context = Context::from_serialize(&self.common(String::new(), "", Vec::new()))
            .map_err(|source| Error::Template { name: "matrix.html".into(), source })?;
        context.insert("tables", MATRIX_MARKER);
        let page = self.theme.render("matrix.html", &context)?;
        let html: Vec<&str> = html.iter().map(String::as_str).collect();
        put(stored, store, MATRIX_URL.into(), Made::Parts(&around(&page, MATRIX_MARKER, &html)))
    }

    /// The 404 page is served for any missing path, so its links cannot be relative: they
    /// start at `base_url`, or at the server root when no `base_url` is set.
    fn not_found(&self) -> Result<String, Error> {
        let root = match &self.config.base_url {
            Some(base) => format!("{}/", base.trim_end_matches('/')),
            None => "/".to_owned(),
        };
        let context = Context::from_serialize(&self.common(root, "", Vec::new()))
            .map_err(|source| Error::Template { name: "404.html".into(), source })?;
        self.theme.render("404.html", &context)
    }

    fn sitemap(&self, base_url: &str) -> Result<String, Error> {
        let base = base_url.trim_end_matches('/');
        let urls: Vec<String> = self
            .site
            .pages
            .iter()
            .map(|page| {
                let path = page.url.strip_suffix("index.html").unwrap_or(&page.url);
                format!("{base}/{}", encode_path(path))
            })
            .collect();
        let mut context = Context::new();
        context.insert("urls", &urls);
        self.theme.render("sitemap.xml", &context)
    }
}
