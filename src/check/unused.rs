//! Warnings about parts of the wiki that nothing uses: actors with nothing to do, pages no
//! other page links to, and bodies that stand alone in the organisational scheme.
//!
//! Input: the [`Site`] and, per page, the pages its Markdown links to (from the render stage).
//! Output: findings of warning severity. Broken pages and pages with a bad or duplicate id
//! are skipped: their own findings say what is wrong with them.

use std::ops::Range;

use crate::diag::{Code, Diagnostic, Sources};
use crate::load::opening;
use crate::model::id::id_problem;
use crate::model::{Page, PageKind, Part, Site};

/// Every "unused" finding of `site`; `links[i]` lists the pages that page `i` links to.
#[must_use]
pub fn check_unused(site: &Site, sources: &Sources, links: &[&[usize]]) -> Vec<Diagnostic> {
    let mut owns_step = vec![false; site.pages.len()];
    let mut linked = vec![false; site.pages.len()];
    for (from, page) in site.pages.iter().enumerate() {
        for &to in links.get(from).copied().unwrap_or_default() {
            linked[to] |= to != from;
        }
        // A relation, and any other reference of the front matter, is shown on the pages at
        // both of its ends.
        let relations = page.kind.relations().map(|(_, reference)| reference);
        for reference in relations.chain(page.references()) {
            if let Some(to) = reference.target.filter(|&to| to != from) {
                linked[to] = true;
                linked[from] = true;
            }
        }
        if let PageKind::Workflow(workflow) = &page.kind {
            for step in &workflow.steps {
                for (part, actor) in step.actors() {
                    let Some(to) = actor.target else { continue };
                    linked[to] = true;
                    owns_step[to] |= part == Part::Responsible;
                }
            }
        }
    }
    // Without a home page of its own, the site's lists the top-level pages (one per folder).
    if !site.pages.iter().any(|page| page.id == "index" && page.url == "index.html") {
        for child in &site.tree.children {
            if let Some(&first) = child.pages_in_order().first() {
                linked[first] = true;
            }
        }
    }
    let mut diagnostics = Vec::new();
    for (index, page) in site.pages.iter().enumerate() {
        // A page whose id is bad or taken by another page cannot be linked at all: its id,
        // reported already, is the problem to fix.
        if page.broken || site.by_id.get(&page.id) != Some(&index) || id_problem(&page.id).is_some()
        {
            continue;
        }
        let at = || where_is(page, sources);
        let responsibilities = match &page.kind {
            PageKind::Body(body) => Some(&body.responsibilities),
            PageKind::Role(role) => Some(&role.responsibilities),
            _ => None,
        };
        if responsibilities.is_some_and(|r| r.is_empty()) && !owns_step[index] {
            diagnostics.push(
                Diagnostic::new(
                    Code::IdleActor,
                    page.source,
                    format!(
                        "{} `{}` owns no step and has no responsibilities",
                        page.kind.name(),
                        page.id
                    ),
                )
                .at(at())
                .help(
                    "list what it does under `responsibilities:` (`ongoing` or `case_driven`), \
                     or make it the `who` of a workflow step",
                ),
            );
        }
        if page.id != "index" && !linked[index] {
            diagnostics.push(
                Diagnostic::new(
                    Code::OrphanPage,
                    page.source,
                    format!("no other page links to `{}`", page.id),
                )
                .at(at())
                .help(format!(
                    "link to it from a related page with `[[{}]]`, so readers can find it",
                    page.id
                )),
            );
        }
        if matches!(page.kind, PageKind::Body(_)) && is_detached(site, index) {
            diagnostics.push(
                Diagnostic::new(
                    Code::DetachedBody,
                    page.source,
                    format!("body `{}` is not connected to the organisational scheme", page.id),
                )
                .at(at())
                .help(
                    "relate it to another body or role with `part_of`, `nominated_by`, \
                     `advises` or `reports_to`, or make it a role if it is not a body",
                ),
            );
        }
    }
    diagnostics
}

/// Whether body `index` has no relation to or from another page. A relation that names no
/// page counts: it was reported already, and fixing it connects the body.
fn is_detached(site: &Site, index: usize) -> bool {
    let outgoing =
        site.pages[index].kind.relations().any(|(_, reference)| reference.target != Some(index));
    let incoming = site.incoming[index].iter().any(|&(_, from)| from != index);
    !outgoing && !incoming
}

/// Where a finding about a page as a whole points: its title, or its opening line.
pub(super) fn where_is(page: &Page, sources: &Sources) -> Range<usize> {
    page.title_span.clone().unwrap_or_else(|| opening(&sources.get(page.source).text))
}
