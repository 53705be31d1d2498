//! Stage 4, RENDER: the [`Site`] → every output file.
//!
//! Input: the site, its sources, its settings and the theme. Output, one page at a time
//! ([`Renderer::page_markdown`], [`Renderer::page_html`]) and for the whole site (the files of
//! `site_files.rs`, the search index, the static files): the bytes of every file and the
//! findings about links in the Markdown. `crate::build` calls these, in order, and decides
//! what a rebuild takes over. Each file goes to a [`Store`] as soon as it is made: the live
//! server and `check` keep every file in memory, and `build` hands each to the output's next
//! generation and drops it, so that a large site is never held whole.

pub(crate) mod clash;
mod governance;
pub(crate) mod history;
mod involvement;
mod macros;
pub mod markdown;
mod matrix;
mod reading;
mod registers;
pub mod scheme;
pub(crate) mod search;
mod site_files;
pub mod svg;
pub mod swimlanes;
mod theme;
pub mod urls;
mod view;

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;
use tera::Context;

pub use theme::Theme;

use self::governance::Records;
use self::history::{history_url, history_view};
use self::markdown::{Found, Linker, Markdown, Placement};
use self::matrix::{MATRIX_URL, matrix_view};
use self::scheme::{SCHEME_IMAGE, SCHEME_URL, render_neighbourhood};
use self::search::{SearchPart, search_text};
use self::swimlanes::render_workflow_diagram;
use self::urls::{CHANGES, LABELS_INDEX, PEOPLE, TIMELINE, label_url};
use self::urls::{encode_path, relative, root_of};
use self::view::{
    LabelView, LinkView, PageView, RelationView, ResponsibilitiesView, SiteView, StepView,
    UpdatedView,
};
use crate::config::SiteConfig;
use crate::diag::Sources;
use crate::error::Error;
use crate::model::{Member, PageKind, Ref, Relation, Responsibilities, Site, TreeNode};
use crate::output::Staging;
pub use crate::output::{Bytes, OutputFiles};

/// Where rendered files go.
#[derive(Clone, Copy, Debug, Default)]
pub enum Store<'a> {
    /// Given back to keep in memory.
    #[default]
    Memory,
    /// Put into the output's next generation as each is made, and dropped: only its path is
    /// kept.
    Disk(&'a Staging),
}

impl Store<'_> {
    /// Stores one file: gives it back to keep in memory, or writes it.
    pub(crate) fn take(self, path: &str, file: Made<'_>) -> Result<Option<Bytes>, Error> {
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
pub(crate) enum Made<'a> {
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

/// A page's Markdown texts, rendered.
#[derive(Debug, Default)]
struct Parts {
    markdown: Markdown,
    responsibilities: Option<ResponsibilitiesView>,
    descriptions: Vec<Option<String>>,
    /// The page's `sources` and `open_points`.
    sources: Vec<String>,
    open_points: Vec<String>,
}

/// For every page, the other pages that refer to it: by a Markdown link (`links[i]` are the
/// pages page `i` links to), by a relation in either direction, or by naming it as an actor
/// of a workflow step. Sorted by page order, without repeats.
pub(crate) fn referenced_by<'a>(
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
        // A seat's holder, a decision's body, a meeting's attendees, a successor: each is
        // shown on the pages at both its ends, as a relation is.
        for reference in page.references() {
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
pub(crate) type Files = Vec<(String, Bytes)>;

/// Files given to the [`Store`]: output path, and the bytes when the store kept them.
pub(crate) type Stored = Vec<(String, Option<Bytes>)>;

/// Gives one file to `store` and records it in `stored`, so that a build written out holds
/// no more than the file being made.
pub(crate) fn put(
    stored: &mut Stored,
    store: Store<'_>,
    path: String,
    file: Made<'_>,
) -> Result<(), Error> {
    let kept = store.take(&path, file)?;
    stored.push((path, kept));
    Ok(())
}

pub(crate) struct Renderer<'a> {
    site: &'a Site,
    sources: &'a Sources,
    config: &'a SiteConfig,
    theme: &'a Theme,
    linker: Linker<'a>,
    /// Whether the site has bodies, and so a scheme page.
    has_scheme: bool,
    /// Whether a workflow has steps, and so the site has a matrix page.
    has_matrix: bool,
    /// Whether a page has labels, and so the site has a page of labels.
    has_labels: bool,
    /// Whether a page has history, and so the site has a page of recent changes.
    has_changes: bool,
    /// The day the render holds for: a term is current, ended or not yet begun as of it.
    today: jiff::civil::Date,
    /// What pages say of other pages' governance: a body's decisions, a person's seats…
    records: Records,
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
    /// The renderer of `site`. With `tree_paths`, each page's place in the page tree is found
    /// for all pages at once, which repays itself when most pages are rendered; a rebuild that
    /// renders few finds each one's place when it renders it.
    #[must_use]
    pub(crate) fn new(
        site: &'a Site,
        sources: &'a Sources,
        config: &'a SiteConfig,
        theme: &'a Theme,
        tree_paths: bool,
        today: jiff::civil::Date,
    ) -> Self {
        let has_scheme = site.pages.iter().any(|page| matches!(page.kind, PageKind::Body(_)));
        let has_matrix = site
            .pages
            .iter()
            .any(|page| matches!(&page.kind, PageKind::Workflow(w) if !w.steps.is_empty()));
        let has_labels = site.pages.iter().any(|page| !page.labels.is_empty());
        let has_changes = site.pages.iter().any(|page| !page.versions.is_empty());
        let paths = tree_paths.then(|| site.tree.paths(site.pages.len()));
        let order = site.tree.pages_in_order();
        let mut position = vec![None; site.pages.len()];
        for (at, &page) in order.iter().enumerate() {
            position[page] = Some(at);
        }
        Renderer {
            site,
            sources,
            config,
            theme,
            linker: Linker::new(site, config.raw_html),
            has_scheme,
            has_matrix,
            has_labels,
            has_changes,
            today,
            records: Records::of(site),
            paths,
            order,
            position,
        }
    }

    /// The first pass over page `index`: what its Markdown holds (findings, links, headings),
    /// its share of the search index, and its search text (see [`search::search_text`]). Its
    /// HTML is dropped: the second pass makes it again once every page's links are known.
    #[must_use]
    pub(crate) fn page_markdown(&self, index: usize) -> (Found, SearchPart, String) {
        let mut found = Found::default();
        drop(self.markdown_parts(index, &mut found));
        let text = std::mem::take(&mut found.text);
        let page = &self.site.pages[index];
        let search = SearchPart::of(page, &text);
        found.shrink_to_fit();
        (found, search, search_text(&encode_path(&page.url), &text))
    }

    /// The HTML of page `index`, shown with the pages that refer to it, `referenced_by`.
    ///
    /// # Errors
    ///
    /// A template of the theme fails.
    pub(crate) fn page_html(&self, index: usize, referenced_by: &[usize]) -> Result<String, Error> {
        let parts = self.markdown_parts(index, &mut Found::default());
        self.page(index, parts, referenced_by)
    }

    fn common(&self, root: String, current: &str, breadcrumbs: Vec<LinkView>) -> Common<'a> {
        let site = SiteView {
            title: &self.config.title,
            description: self.config.description.as_deref(),
            scheme: self.has_scheme.then(|| format!("{root}{SCHEME_URL}")),
            scheme_image: self.has_scheme.then(|| format!("{root}{SCHEME_IMAGE}")),
            labels: self.has_labels.then(|| format!("{root}{LABELS_INDEX}")),
            changes: self.has_changes.then(|| format!("{root}{CHANGES}")),
            matrix: self.has_matrix.then(|| format!("{root}{MATRIX_URL}")),
            people: self.records.has_people.then(|| format!("{root}{PEOPLE}")),
            timeline: self.records.has_dates.then(|| format!("{root}{TIMELINE}")),
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
        let mut render = |texts: &[crate::model::Text]| -> Vec<String> {
            texts
                .iter()
                .map(|t| {
                    // A source given as a bare address is a link, as GitHub shows it.
                    let bare = t.value.trim();
                    let text = if (bare.starts_with("https://") || bare.starts_with("http://"))
                        && !bare.contains(char::is_whitespace)
                    {
                        Cow::Owned(format!("<{bare}>"))
                    } else {
                        Cow::Borrowed(&t.value)
                    };
                    self.linker.render_inline(&text, index, t.span.clone(), found)
                })
                .collect()
        };
        parts.sources = render(&page.lifecycle.sources);
        parts.open_points = render(&page.lifecycle.open_points);
        match &page.kind {
            PageKind::Page | PageKind::Person(_) | PageKind::Decision(_) | PageKind::Meeting(_) => {
            }
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
        let Parts { markdown, responsibilities, mut descriptions, sources, open_points } = parts;
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
            contents: view::contents(&markdown.headings),
            headings: markdown.headings,
            source: &self.sources.get(page.source).name,
            edit: self.config.repository_url.as_ref().map(|repository| {
                let path = &self.sources.get(page.source).name;
                format!("{}/{}{path}", repository.trim_end_matches('/'), self.config.edit_path)
            }),
            abbr: None,
            members: Vec::new(),
            relations: self.relations(index),
            responsibilities: None,
            steps: Vec::new(),
            has_consulted_informed: false,
            has_next: false,
            has_accountable: false,
            lifecycle: governance::lifecycle_view(
                self.site,
                &self.records,
                index,
                sources,
                open_points,
            ),
            records: None,
            person: None,
            decision: None,
            meeting: None,
            diagram: None,
            involvement: Vec::new(),
            works_with: Vec::new(),
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
            PageKind::Person(person) => {
                let affiliation = person.affiliation.as_ref().map(|a| a.value.as_str());
                view.person = Some(governance::person_view(
                    self.site,
                    &self.records,
                    index,
                    affiliation,
                    self.today,
                ));
                "person.html"
            }
            PageKind::Decision(decision) => {
                view.decision =
                    Some(governance::decision_view(self.site, &self.records, index, decision));
                "decision.html"
            }
            PageKind::Meeting(meeting) => {
                view.meeting = Some(governance::meeting_view(self.site, index, meeting));
                "meeting.html"
            }
            PageKind::Body(body) => {
                view.abbr = body.abbr.as_deref();
                view.records = Some(governance::body_records(
                    self.site,
                    &self.records,
                    index,
                    body,
                    self.today,
                ));
                view.members = body
                    .members
                    .iter()
                    .filter_map(|m| match m {
                        Member::Text(text) => Some(text.value.as_str()),
                        Member::Seat(_) => None,
                    })
                    .collect();
                view.responsibilities = responsibilities;
                view.diagram = render_neighbourhood(self.site, index);
                view.involvement = involvement::views(self.site, index);
                "body.html"
            }
            PageKind::Role(_) => {
                view.responsibilities = responsibilities;
                view.diagram = render_neighbourhood(self.site, index);
                view.involvement = involvement::views(self.site, index);
                if view.diagram.is_none() {
                    view.works_with = involvement::works_with(self.site, index);
                }
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
                        accountable: step
                            .accountable
                            .as_ref()
                            .and_then(|r| r.target)
                            .map(|t| self.link(&page.url, t)),
                        when: step.when.as_ref().map(|w| w.value.clone()),
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
                view.has_accountable = workflow.steps.iter().any(|s| s.accountable.is_some());
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
        // A body's own delegations are among its decision rights.
        push("Receives delegations from", incoming(Relation::DelegatesTo));
        push("Held by", outgoing(Relation::HeldBy));
        push("Holds the role", incoming(Relation::HeldBy));
        push("Contributes to", outgoing(Relation::ContributesTo));
        push("Contributed to by", incoming(Relation::ContributesTo));
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
    pub(crate) fn history_page(&self, index: usize) -> Result<String, Error> {
        let page = &self.site.pages[index];
        let url = history_url(&page.url);
        let mut context =
            Context::from_serialize(&self.common(root_of(&url), &page.url, Vec::new()))
                .map_err(|source| Error::Template { name: "history.html".into(), source })?;
        context.insert("page", &self.link(&url, index));
        let title_of =
            |id: &str| self.site.by_id.get(id).map(|&i| self.site.pages[i].title.clone());
        context.insert("history", &history_view(&page.versions, &title_of));
        self.theme.render("history.html", &context)
    }
}
