//! What each actor does in the workflows: for every body and role, the steps it owns, supports,
//! is consulted on and is informed of, gathered by the model (`Site::involved`).
//!
//! Input: the [`Site`]. Output: per actor page, its steps grouped by workflow in page order,
//! each step in the order of its workflow; the views link to the steps' rows (`#step-…`).

use super::urls::relative;
use super::view::{InvolvementView, LinkView, StepPartView};
use crate::model::{PageKind, Part, Site};

/// The part's name, for styling.
fn name(part: Part) -> &'static str {
    match part {
        Part::Responsible => "owns",
        Part::Accountable => "answers",
        Part::Supports => "supports",
        Part::Consulted => "consulted",
        Part::Informed => "informed",
    }
}

/// The part in words.
fn label(part: Part) -> &'static str {
    match part {
        Part::Responsible => "Owns",
        Part::Accountable => "Answers for",
        Part::Supports => "Supports",
        Part::Consulted => "Consulted on",
        Part::Informed => "Informed of",
    }
}

/// The views of actor page `actor`, linked relative to its own page.
pub(super) fn views(site: &Site, actor: usize) -> Vec<InvolvementView> {
    let from = &site.pages[actor].url;
    let mut views: Vec<InvolvementView> = Vec::new();
    let entries = site.involved.get(actor).map_or(&[][..], Vec::as_slice);
    let mut anchors: (usize, Vec<String>) = (usize::MAX, Vec::new());
    for &(w, s, part) in entries {
        let page = &site.pages[w];
        let PageKind::Workflow(workflow) = &page.kind else { continue };
        if anchors.0 != w {
            anchors = (w, workflow.step_anchors());
        }
        let href = relative(from, &page.url);
        if views.last().is_none_or(|v| v.workflow.href.as_deref() != Some(&href)) {
            views.push(InvolvementView {
                workflow: LinkView::to_page(site, from, w),
                steps: Vec::new(),
            });
        }
        let step = &workflow.steps[s];
        if let Some(view) = views.last_mut() {
            view.steps.push(StepPartView {
                part: name(part),
                label: label(part),
                link: LinkView {
                    title: format!("{}. {}", s + 1, step.title),
                    href: Some(format!("{href}#{}", anchors.1[s])),
                    abbr: None,
                    kind: "step",
                },
            });
        }
    }
    views
}

/// The bodies and roles that take part in the same workflow steps as `actor`, the most
/// shared steps first: where a role that no relation ties to a body sits in the Initiative.
pub(super) fn works_with(site: &Site, actor: usize) -> Vec<LinkView> {
    let from = &site.pages[actor].url;
    let mut shared: Vec<(usize, usize)> = Vec::new();
    let entries = site.involved.get(actor).map_or(&[][..], Vec::as_slice);
    let mut steps: Vec<(usize, usize)> = entries.iter().map(|&(w, s, _)| (w, s)).collect();
    steps.dedup();
    for (w, s) in steps {
        let PageKind::Workflow(workflow) = &site.pages[w].kind else { continue };
        let mut others: Vec<usize> = workflow.steps[s]
            .actors()
            .filter_map(|(_, reference)| reference.target)
            .filter(|&other| other != actor)
            .collect();
        others.sort_unstable();
        others.dedup();
        for other in others {
            match shared.iter_mut().find(|(page, _)| *page == other) {
                Some((_, count)) => *count += 1,
                None => shared.push((other, 1)),
            }
        }
    }
    shared.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| site.pages[a.0].title.cmp(&site.pages[b.0].title))
    });
    shared.into_iter().map(|(page, _)| LinkView::to_page(site, from, page)).collect()
}
