//! The responsibility matrix: actors × workflow steps, with R (the step's `who`), A
//! (`accountable`), S (`support`), C (`consulted`) and I (`informed`), grouped by workflow.
//!
//! Input: the [`Site`] and the workflows to show (every workflow for the site's matrix page,
//! one for a workflow page's own). Output: a view whose every link is relative to the page it
//! is shown on: each column's step and each cell link to the step's row on its workflow page.
//! Rows are the bodies, then the roles, that take part in any shown step, by title.

use std::collections::BTreeMap;

use super::urls::relative;
use super::view::{
    LinkView, MatrixCellView, MatrixGroupView, MatrixRowView, MatrixStepView, MatrixView,
};
use crate::model::{PageKind, Part, Site};

/// The file of the site's matrix page; no content page can have this output path.
pub(super) const MATRIX_URL: &str = "responsibilities.html";

/// How many cells the matrix of `workflows` has: its actors times its steps.
#[must_use]
pub(super) fn matrix_cells(site: &Site, workflows: &[usize]) -> usize {
    let mut actors = std::collections::HashSet::new();
    let mut steps = 0;
    for &w in workflows {
        let PageKind::Workflow(workflow) = &site.pages[w].kind else { continue };
        steps += workflow.steps.len();
        for step in &workflow.steps {
            actors.extend(step.actors().filter_map(|(_, r)| r.target));
        }
    }
    actors.len() * steps
}

/// The matrix of `workflows` (page indexes), seen from output file `from`; `None` when they
/// have no steps.
#[must_use]
pub(super) fn matrix_view(site: &Site, from: &str, workflows: &[usize]) -> Option<MatrixView> {
    let mut groups = Vec::new();
    // Per column: the workflow page, the step's index and the link to its row.
    let mut columns: Vec<(usize, usize, String)> = Vec::new();
    for &w in workflows {
        let page = &site.pages[w];
        let PageKind::Workflow(workflow) = &page.kind else { continue };
        if workflow.steps.is_empty() {
            continue;
        }
        // On the workflow's own page, steps are linked by their anchors alone.
        let href = if page.url == from { String::new() } else { relative(from, &page.url) };
        let anchors = workflow.step_anchors();
        let steps = workflow
            .steps
            .iter()
            .enumerate()
            .map(|(s, step)| {
                let step_href = format!("{href}#{}", anchors[s]);
                columns.push((w, s, step_href.clone()));
                MatrixStepView { number: s + 1, title: step.title.clone(), href: step_href }
            })
            .collect();
        let mut link = LinkView::to_page(site, from, w);
        if href.is_empty() {
            link.href = Some("#steps".to_owned());
        }
        groups.push(MatrixGroupView { workflow: link, steps });
    }
    if columns.is_empty() {
        return None;
    }
    // Only the actors of the shown steps get a row: a map, not a row for every page.
    let mut cells: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (c, &(w, s, _)) in columns.iter().enumerate() {
        let PageKind::Workflow(workflow) = &site.pages[w].kind else { continue };
        let step = &workflow.steps[s];
        for (part, reference) in step.actors() {
            let letter = letter(part);
            if let Some(actor) = reference.target {
                let cell = &mut cells
                    .entry(actor)
                    .or_insert_with(|| vec![String::new(); columns.len()])[c];
                if !cell.contains(letter) {
                    cell.push(letter);
                }
            }
        }
    }
    let mut actors: Vec<usize> = cells.keys().copied().collect();
    actors.sort_by_key(|&a| {
        let page = &site.pages[a];
        (!matches!(page.kind, PageKind::Body(_)), page.title.to_lowercase())
    });
    let rows = actors
        .into_iter()
        .map(|a| {
            let page = &site.pages[a];
            let actor = LinkView::to_page(site, from, a);
            let row = cells[&a]
                .iter()
                .enumerate()
                .map(|(c, letters)| {
                    (!letters.is_empty()).then(|| {
                        let (w, s, href) = &columns[c];
                        MatrixCellView {
                            letters: letters.clone(),
                            title: format!(
                                "{}: {} in {}",
                                page.title,
                                describe(letters),
                                step_title(site, *w, *s)
                            ),
                            href: href.clone(),
                        }
                    })
                })
                .collect();
            MatrixRowView { actor, cells: row }
        })
        .collect();
    Some(MatrixView { groups, rows })
}

fn step_title(site: &Site, w: usize, s: usize) -> String {
    match &site.pages[w].kind {
        PageKind::Workflow(workflow) => format!("{}. {}", s + 1, workflow.steps[s].title),
        _ => String::new(),
    }
}

/// A part's letter: R, A, S, C or I.
fn letter(part: Part) -> char {
    match part {
        Part::Responsible => 'R',
        Part::Accountable => 'A',
        Part::Supports => 'S',
        Part::Consulted => 'C',
        Part::Informed => 'I',
    }
}

/// The letters of a cell in words: `RS` → `responsible, supports`.
fn describe(letters: &str) -> String {
    letters
        .chars()
        .map(|c| match c {
            'R' => "responsible",
            'A' => "accountable",
            'S' => "supports",
            'C' => "consulted",
            _ => "informed",
        })
        .collect::<Vec<_>>()
        .join(", ")
}
