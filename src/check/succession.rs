//! Relations that must not come back to where they began: a page's successors (`superseded_by`,
//! and a decision's `supersedes` read the other way) and a body's delegations (`delegates_to`).
//! A page that replaces itself, or a chain of them that closes, leaves no page in force; a
//! delegation that comes back leaves no body that decides.
//!
//! Input: the [`Site`]. Output: one finding per cycle, at the reference that closes it, with
//! the other references of the cycle as secondary places.

use std::collections::VecDeque;
use std::ops::Range;

use rustc_hash::FxHashMap;

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

/// One cycle per group of pages that reach one another (more than one page, or one that
/// names itself): the edges along it from the group's first page back to it, the closing one
/// last. However many ways a group's pages reach each other it is reported once, so time and
/// memory stay linear in the pages and references: a chain of pages that each point back to
/// the first makes one finding, not one per page.
fn cycles(edges: &[Vec<Edge>]) -> Vec<Vec<Edge>> {
    let pages = edges.len();
    // The groups are found as Kosaraju's algorithm finds them: a depth-first walk gives the
    // order in which pages are finished...
    let mut finished = Vec::with_capacity(pages);
    let mut seen = vec![false; pages];
    for start in 0..pages {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut walk = vec![(start, 0)];
        while let Some(top) = walk.last_mut() {
            let (page, next) = *top;
            match edges[page].get(next) {
                Some(edge) => {
                    top.1 += 1;
                    if !seen[edge.to] {
                        seen[edge.to] = true;
                        walk.push((edge.to, 0));
                    }
                }
                None => {
                    finished.push(page);
                    walk.pop();
                }
            }
        }
    }
    // ...and walks against the references, the last finished page first, each gather one.
    let mut reversed = vec![Vec::new(); pages];
    for (from, out) in edges.iter().enumerate() {
        for edge in out {
            reversed[edge.to].push(from);
        }
    }
    let mut group = vec![usize::MAX; pages];
    let mut found = Vec::new();
    for &leader in finished.iter().rev() {
        if group[leader] != usize::MAX {
            continue;
        }
        group[leader] = leader;
        let (mut members, mut stack) = (vec![leader], vec![leader]);
        while let Some(page) = stack.pop() {
            for &from in &reversed[page] {
                if group[from] == usize::MAX {
                    group[from] = leader;
                    members.push(from);
                    stack.push(from);
                }
            }
        }
        let first = members.iter().copied().min().unwrap_or(leader);
        if members.len() > 1 || edges[first].iter().any(|edge| edge.to == first) {
            found.extend(cycle_through(edges, &group, first));
        }
    }
    // In the order of their first pages, whatever the order of the walks.
    found.sort_by_key(|cycle| cycle.last().map(|edge| edge.to));
    found
}

/// The shortest cycle through `first` within its group: a breadth-first walk from it along
/// the references that stay in the group, until one leads back to it.
fn cycle_through(edges: &[Vec<Edge>], group: &[usize], first: usize) -> Option<Vec<Edge>> {
    // Per page reached: the page it was reached from, and by which of its references.
    let mut reached: FxHashMap<usize, (usize, usize)> = FxHashMap::default();
    let mut queue = VecDeque::from([first]);
    while let Some(page) = queue.pop_front() {
        for (at, edge) in edges[page].iter().enumerate() {
            if group[edge.to] != group[first] {
                continue;
            }
            if edge.to == first {
                let mut cycle = vec![edge.clone()];
                let mut back = page;
                while back != first {
                    let (from, by) = *reached.get(&back)?;
                    cycle.push(edges[from][by].clone());
                    back = from;
                }
                cycle.reverse();
                return Some(cycle);
            }
            if let std::collections::hash_map::Entry::Vacant(slot) = reached.entry(edge.to) {
                slot.insert((page, at));
                queue.push_back(edge.to);
            }
        }
    }
    None
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
        // Two groups apart are two findings.
        assert_eq!(found(&[(0, 1), (1, 0), (2, 3), (3, 2)], 4), [[1, 0], [3, 2]]);
    }

    #[test]
    fn a_group_with_many_ways_back_is_one_finding() {
        // A chain of pages, each pointing back to the first, and the far end of the chain to
        // pages halfway: every back reference closes a cycle of its own.
        let pages = 2_000;
        let mut edges: Vec<(usize, usize)> = (1..pages).map(|page| (page - 1, page)).collect();
        edges.extend((1..pages).map(|page| (page, 0)));
        edges.extend((pages / 2..pages).map(|page| (page, pages - page)));
        let cycles = found(&edges, pages);
        assert_eq!(cycles.len(), 1, "one group");
        // The shortest way back: from the first page to the second, and back.
        assert_eq!(cycles[0], [1, 0]);
    }
}
