//! Relations that must not come back to where they began: a page's successors (`superseded_by`,
//! and a decision's `supersedes` read the other way) and a body's delegations (`delegates_to`).
//! A page that replaces itself, or a chain of them that closes, leaves no page in force; a
//! delegation that comes back leaves no body that decides.
//!
//! Input: the [`Site`]. Output: one finding per cycle, at the reference that closes it, with
//! the other references of the cycle as secondary places.

use std::ops::Range;

use crate::diag::{Code, Diagnostic, SourceId};
use crate::model::{PageKind, Site};

/// A reference from one page to another: the page it names, and where it is written.
#[derive(Clone)]
struct Edge {
    to: usize,
    source: SourceId,
    span: Range<usize>,
}

/// Every cycle of successors and of delegations in `site`.
#[must_use]
pub fn check_succession(site: &Site) -> Vec<Diagnostic> {
    // Page `x` listed in `supersedes` of decision `d` is succeeded by `d`.
    let mut successors: Vec<Vec<Edge>> = vec![Vec::new(); site.pages.len()];
    let mut delegates: Vec<Vec<Edge>> = vec![Vec::new(); site.pages.len()];
    for (index, page) in site.pages.iter().enumerate() {
        let edge =
            |to: usize, span: &Range<usize>| Edge { to, source: page.source, span: span.clone() };
        if let Some(next) = &page.lifecycle.superseded_by
            && let Some(to) = next.target
        {
            successors[index].push(edge(to, &next.span));
        }
        match &page.kind {
            PageKind::Decision(decision) => {
                for earlier in &decision.supersedes {
                    if let Some(from) = earlier.target {
                        successors[from].push(edge(index, &earlier.span));
                    }
                }
            }
            PageKind::Body(body) => {
                for delegate in &body.delegates_to {
                    if let Some(to) = delegate.target {
                        delegates[index].push(edge(to, &delegate.span));
                    }
                }
            }
            _ => {}
        }
    }
    let successions = cycles(&successors).into_iter().filter_map(|cycle| {
        finding(
            site,
            &cycle,
            "is its own successor",
            "`superseded_by` and `supersedes` form a cycle",
            "a page cannot replace itself, directly or through others: remove the reference \
             that points back",
        )
    });
    let delegations = cycles(&delegates).into_iter().filter_map(|cycle| {
        finding(
            site,
            &cycle,
            "delegates to itself",
            "`delegates_to` forms a cycle",
            "a body delegates to another that decides in its place: remove the delegation that \
             points back",
        )
    });
    successions.chain(delegations).collect()
}

/// The cycles of the graph `edges` gives per page: for each edge that closes one in a
/// depth-first walk, the edges along it, the closing one last.
fn cycles(edges: &[Vec<Edge>]) -> Vec<Vec<Edge>> {
    // 0: not visited, 1: on the current walk, 2: done.
    let mut state = vec![0u8; edges.len()];
    let mut found = Vec::new();
    for start in 0..edges.len() {
        if state[start] != 0 {
            continue;
        }
        // The walk: each page on it, and how many of its edges were followed.
        let mut walk: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&(page, followed)) = walk.last() {
            let Some(edge) = edges[page].get(followed) else {
                state[page] = 2;
                walk.pop();
                continue;
            };
            if let Some(top) = walk.last_mut() {
                top.1 += 1;
            }
            match state[edge.to] {
                0 => {
                    state[edge.to] = 1;
                    walk.push((edge.to, 0));
                }
                1 => {
                    let at = walk.iter().position(|&(p, _)| p == edge.to).unwrap_or(0);
                    let cycle = walk[at..]
                        .iter()
                        .map(|&(p, followed)| edges[p][followed - 1].clone())
                        .collect();
                    found.push(cycle);
                }
                _ => {}
            }
        }
    }
    found
}

/// The finding about `cycle`: `alone` says what a page that names itself does, `closed` what a
/// longer cycle is.
fn finding(
    site: &Site,
    cycle: &[Edge],
    alone: &str,
    closed: &str,
    help: &str,
) -> Option<Diagnostic> {
    let id = |index: usize| format!("`{}`", site.pages[index].id);
    let (last, others) = cycle.split_last()?;
    let message = if others.is_empty() {
        format!("{} {alone}", id(last.to))
    } else {
        let mut names: Vec<String> = cycle.iter().map(|edge| id(edge.to)).collect();
        names.insert(0, id(last.to));
        format!("{closed}: {}", names.join(" → "))
    };
    let mut diagnostic = Diagnostic::new(Code::RelationCycle, last.source, message)
        .at(last.span.clone())
        .label("closes the cycle")
        .help(help);
    for edge in others {
        diagnostic = diagnostic.also(edge.source, edge.span.clone(), "part of the cycle");
    }
    Some(diagnostic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(usize, usize)], pages: usize) -> Vec<Vec<Edge>> {
        let mut graph = vec![Vec::new(); pages];
        for (at, &(from, to)) in edges.iter().enumerate() {
            graph[from].push(Edge { to, source: SourceId::at(0), span: at..at + 1 });
        }
        graph
    }

    /// Each cycle as the pages its edges lead to.
    fn found(edges: &[(usize, usize)], pages: usize) -> Vec<Vec<usize>> {
        cycles(&graph(edges, pages)).iter().map(|c| c.iter().map(|e| e.to).collect()).collect()
    }

    #[test]
    fn only_edges_that_come_back_close_a_cycle() {
        // Two ways to one page are no cycle.
        assert!(found(&[(0, 1), (0, 2), (1, 3), (2, 3)], 4).is_empty());
        assert_eq!(found(&[(2, 2)], 3), [[2]]);
        assert_eq!(found(&[(0, 1), (1, 2), (2, 0), (2, 3)], 4), [[1, 2, 0]]);
        // A cycle reached from outside it is found once, with only its own pages.
        assert_eq!(found(&[(0, 1), (1, 2), (2, 1)], 3), [vec![2, 1]]);
    }
}
