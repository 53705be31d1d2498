//! A workflow's swimlane diagram, as the input of the layout in [`super::svg::swimlane`].
//!
//! Input: the site, the workflow page and the anchors of its steps' table rows. Output: the
//! SVG, with every link relative to the workflow's page. One lane per actor that owns,
//! supports, is consulted on or is informed of a step, in the order they first appear; a
//! step's arrows go to its `next` steps, or to the following step when it names none.

use super::svg::swimlane::{LaneInput, StepInput, layout_swimlane, render_swimlane};
use super::urls::relative;
use crate::model::{PageKind, Site};

/// The swimlane SVG of workflow page `index`; `anchors[i]` is the id of step `i`'s row.
/// `None` when the page is no workflow or has no steps.
#[must_use]
pub fn render_workflow_diagram(site: &Site, index: usize, anchors: &[String]) -> Option<String> {
    let page = &site.pages[index];
    let PageKind::Workflow(workflow) = &page.kind else { return None };
    if workflow.steps.is_empty() {
        return None;
    }
    let mut actors: Vec<usize> = Vec::new();
    for step in &workflow.steps {
        for actor in step.actors().filter_map(|(_, r)| r.target) {
            if !actors.contains(&actor) {
                actors.push(actor);
            }
        }
    }
    let lanes: Vec<LaneInput> = actors
        .iter()
        .map(|&actor| {
            let target = &site.pages[actor];
            LaneInput {
                title: target.title.clone(),
                href: Some(relative(&page.url, &target.url)),
                kind: target.kind.name(),
            }
        })
        .collect();
    let lane_of = |reference: &crate::model::Ref| {
        reference.target.and_then(|t| actors.iter().position(|&a| a == t))
    };
    let count = workflow.steps.len();
    let steps: Vec<StepInput> = workflow
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| StepInput {
            id: step.id.clone(),
            title: step.title.clone(),
            number: i + 1,
            who: step.who.as_ref().and_then(lane_of),
            support: step.support.iter().filter_map(lane_of).collect(),
            consulted: step.consulted.iter().filter_map(lane_of).collect(),
            informed: step.informed.iter().filter_map(lane_of).collect(),
            next: if step.next.is_empty() {
                (i + 1 < count).then_some(i + 1).into_iter().collect()
            } else {
                step.next.iter().filter_map(|n| n.target).collect()
            },
            anchor: anchors.get(i).cloned().unwrap_or_else(|| format!("step-{}", step.id)),
        })
        .collect();
    let layout = layout_swimlane(&lanes, &steps);
    Some(render_swimlane(&page.title, &lanes, &steps, &layout))
}
