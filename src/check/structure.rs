//! Structural checks of the model: cycles in `part_of`, workflows without steps, and steps
//! that no path from the first step reaches.
//!
//! Input: the [`Site`] after its references are resolved. Output: findings; references that
//! did not resolve were reported by the model already and are skipped here, so one mistake
//! never yields two findings.

use crate::diag::{Code, Diagnostic, Sources};
use crate::load::opening;
use crate::model::{PageKind, Site, Workflow};

/// Every structural finding of `site`.
#[must_use]
pub fn check_structure(site: &Site, sources: &Sources) -> Vec<Diagnostic> {
    let mut diagnostics = check_part_of_cycles(site);
    for page in &site.pages {
        let PageKind::Workflow(workflow) = &page.kind else { continue };
        if workflow.steps.is_empty() {
            let at = workflow
                .steps_span
                .clone()
                .or_else(|| page.title_span.clone())
                .unwrap_or_else(|| opening(&sources.get(page.source).text));
            diagnostics.push(
                Diagnostic::new(
                    Code::EmptyWorkflow,
                    page.source,
                    format!("workflow `{}` has no steps", page.id),
                )
                .at(at)
                .help(
                    "list the steps under `steps:`, each with a `title` and a `who`, or make \
                     the page a plain page by removing `kind: workflow`",
                ),
            );
            continue;
        }
        // An unknown `next` was reported already; which steps it meant to reach is unknown.
        if workflow.steps.iter().flat_map(|step| &step.next).any(|next| next.target.is_none()) {
            continue;
        }
        for index in unreachable_steps(workflow) {
            let step = &workflow.steps[index];
            diagnostics.push(
                Diagnostic::new(
                    Code::UnreachableStep,
                    page.source,
                    format!("step `{}` cannot be reached from the first step", step.id),
                )
                .at(step.id_span.clone())
                .label("no `next` leads here")
                .help(format!(
                    "add `{}` to the `next` of the step that should come before it, or remove \
                     the step",
                    step.id
                )),
            );
        }
    }
    diagnostics
}

/// The steps that no path from the first step reaches. A step without `next` is followed by
/// the next step in the list; a step with `next` only by the steps it names.
fn unreachable_steps(workflow: &Workflow) -> Vec<usize> {
    let steps = &workflow.steps;
    let mut reached = vec![false; steps.len()];
    let mut stack = vec![0];
    while let Some(index) = stack.pop() {
        if std::mem::replace(&mut reached[index], true) {
            continue;
        }
        let step = &steps[index];
        if step.next.is_empty() {
            if index + 1 < steps.len() {
                stack.push(index + 1);
            }
        } else {
            stack.extend(step.next.iter().filter_map(|next| next.target));
        }
    }
    (0..steps.len()).filter(|&i| !reached[i]).collect()
}

/// One finding per cycle of `part_of`, at the member whose file sorts first, naming the whole
/// cycle and pointing at every other member's `part_of`.
fn check_part_of_cycles(site: &Site) -> Vec<Diagnostic> {
    let parent = |index: usize| match &site.pages[index].kind {
        PageKind::Body(body) => body.part_of.as_ref().and_then(|r| r.target),
        _ => None,
    };
    // 0: not visited, 1: on the current walk, 2: done.
    let mut state = vec![0u8; site.pages.len()];
    let mut diagnostics = Vec::new();
    for start in 0..site.pages.len() {
        let mut walk = Vec::new();
        let mut current = Some(start);
        while let Some(index) = current {
            match state[index] {
                0 => {
                    state[index] = 1;
                    walk.push(index);
                    current = parent(index);
                }
                1 => {
                    let first = walk.iter().position(|&i| i == index).unwrap_or(0);
                    diagnostics.push(cycle_finding(site, &walk[first..]));
                    break;
                }
                _ => break,
            }
        }
        for index in walk {
            state[index] = 2;
        }
    }
    diagnostics
}

fn cycle_finding(site: &Site, cycle: &[usize]) -> Diagnostic {
    let lead = (0..cycle.len()).min_by_key(|&i| &site.pages[cycle[i]].path).unwrap_or(0);
    let ordered: Vec<usize> = cycle[lead..].iter().chain(&cycle[..lead]).copied().collect();
    let mut names: Vec<String> =
        ordered.iter().map(|&i| format!("`{}`", site.pages[i].id)).collect();
    names.push(names[0].clone());
    let part_of = |index: usize| match &site.pages[index].kind {
        PageKind::Body(body) => body.part_of.as_ref().map(|r| r.span.clone()),
        _ => None,
    };
    let first = &site.pages[ordered[0]];
    let mut diagnostic = Diagnostic::new(
        Code::PartOfCycle,
        first.source,
        format!("`part_of` forms a cycle: {}", names.join(" → ")),
    )
    .label("this `part_of` closes the cycle")
    .help("a body cannot contain itself: remove `part_of` from one of the bodies in the cycle");
    if let Some(span) = part_of(ordered[0]) {
        diagnostic = diagnostic.at(span);
    }
    for &index in &ordered[1..] {
        if let Some(span) = part_of(index) {
            diagnostic = diagnostic.also(site.pages[index].source, span, "part of the cycle");
        }
    }
    diagnostic
}
