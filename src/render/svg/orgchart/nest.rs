//! Which frame each box of a scheme is drawn in.
//!
//! A body with parts is drawn as a frame around them, its own box at the frame's top: the
//! frame is a level of the layout of its own, laid out inside like a small scheme. Level 0 is
//! the scheme itself. A node's `part_of` decides its level; a role without one stands beside
//! what it relates to, in the innermost frame that holds all of it, so that a role held by a
//! committee is drawn inside the committee's group.

use super::EdgeInput;
use crate::model::Relation;

/// The level of the scheme itself.
pub(super) const SCHEME: usize = 0;

/// A level: the scheme, or the inside of one frame.
#[derive(Clone, Debug)]
pub(super) struct Level {
    /// The node the level is the frame of; `None` for the scheme.
    pub(super) frame_of: Option<usize>,
    /// The level the frame stands in (the scheme's own for the scheme).
    pub(super) parent: usize,
    /// How many frames hold the level.
    pub(super) depth: usize,
    /// The nodes drawn directly in it, by id.
    pub(super) children: Vec<usize>,
}

/// Where one end of a relation is, seen from a level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Rep {
    /// A node drawn in the level, or the frame holding the end.
    Item(usize),
    /// The level's own frame: the end is the node the level is the frame of.
    Own,
}

/// The frames of a scheme.
#[derive(Clone, Debug)]
pub(super) struct Nesting {
    /// Per node, the level it is drawn in.
    pub(super) home: Vec<usize>,
    /// Per node, the level inside its frame, when it has parts.
    pub(super) inside: Vec<Option<usize>>,
    /// The levels, each after the level it stands in.
    pub(super) levels: Vec<Level>,
    /// Per edge, whether it is drawn as nesting rather than as a line.
    pub(super) nests: Vec<bool>,
    /// Per node, the node it is part of when that is drawn as nesting.
    pub(super) part_of: Vec<Option<usize>>,
}

impl Nesting {
    /// The frames of `count` nodes, `order` listing them by id. A node's first `part_of` is
    /// drawn as nesting unless it would close a loop of parts; any other is a line.
    pub(super) fn new(
        count: usize,
        is_role: &[bool],
        edges: &[EdgeInput],
        order: &[usize],
    ) -> Self {
        let mut parent: Vec<Option<usize>> = vec![None; count];
        let mut nests = vec![false; edges.len()];
        for &node in order {
            let first = edges
                .iter()
                .enumerate()
                .find(|(_, e)| e.from == node && e.relation == Relation::PartOf && e.to != node);
            let Some((index, edge)) = first else { continue };
            // Accepted parents form a forest, so the walk up from the new parent ends.
            let mut up = Some(edge.to);
            while let Some(above) = up {
                if above == node {
                    break;
                }
                up = parent[above];
            }
            if up.is_none() {
                parent[node] = Some(edge.to);
                nests[index] = true;
            }
        }
        let mut inside: Vec<Option<usize>> = vec![None; count];
        let mut levels =
            vec![Level { frame_of: None, parent: SCHEME, depth: 0, children: Vec::new() }];
        // Frames in the order of a walk from the top, so that a level comes after its parent.
        let mut stack: Vec<usize> =
            order.iter().rev().copied().filter(|&n| parent[n].is_none()).collect();
        let mut has_parts = vec![false; count];
        for p in parent.iter().flatten() {
            has_parts[*p] = true;
        }
        let mut children_of: Vec<Vec<usize>> = vec![Vec::new(); count];
        for &node in order {
            if let Some(p) = parent[node] {
                children_of[p].push(node);
            }
        }
        let mut home = vec![SCHEME; count];
        while let Some(node) = stack.pop() {
            if let Some(p) = parent[node] {
                home[node] = inside[p].unwrap_or(SCHEME);
            }
            if has_parts[node] {
                let depth = levels[home[node]].depth + 1;
                inside[node] = Some(levels.len());
                levels.push(Level {
                    frame_of: Some(node),
                    parent: home[node],
                    depth,
                    children: Vec::new(),
                });
            }
            stack.extend(children_of[node].iter().rev());
        }
        let mut nesting = Nesting { home, inside, levels, nests, part_of: parent.clone() };
        // A role without a parent stands in the innermost level that holds everything it
        // relates to; a role with parts stays in the scheme, so it never stands inside itself.
        for &node in order {
            if !is_role[node] || parent[node].is_some() || nesting.inside[node].is_some() {
                continue;
            }
            let related = edges
                .iter()
                .zip(&nesting.nests)
                .filter(|(e, nests)| !**nests && e.from != e.to)
                .filter_map(|(e, _)| {
                    (e.from == node).then_some(e.to).or((e.to == node).then_some(e.from))
                })
                .filter(|&other| !is_role[other] || parent[other].is_some());
            let mut level: Option<usize> = None;
            for other in related {
                let at = nesting.home[other];
                level = Some(level.map_or(at, |l| nesting.common(l, at)));
            }
            if let Some(level) = level {
                nesting.home[node] = level;
            }
        }
        for &node in order {
            let level = nesting.home[node];
            nesting.levels[level].children.push(node);
        }
        nesting
    }

    /// The innermost level that holds both levels.
    fn common(&self, mut a: usize, mut b: usize) -> usize {
        while a != b {
            if self.levels[a].depth >= self.levels[b].depth {
                a = self.levels[a].parent;
            } else {
                b = self.levels[b].parent;
            }
        }
        a
    }

    /// The innermost level from which `node` can be reached: inside its frame, or its home.
    fn reach(&self, node: usize) -> usize {
        self.inside[node].unwrap_or(self.home[node])
    }

    /// The level a relation between `a` and `b` is laid out in: the innermost that holds
    /// both, counting a frame's own node as held by it.
    pub(super) fn level_of(&self, a: usize, b: usize) -> usize {
        self.common(self.reach(a), self.reach(b))
    }

    /// How `node` is seen from `level`, which holds it (the scheme holds every node).
    pub(super) fn rep(&self, node: usize, level: usize) -> Rep {
        if self.inside[node] == Some(level) {
            return Rep::Own;
        }
        let mut at = node;
        while self.home[at] != level {
            match self.levels[self.home[at]].frame_of {
                Some(frame) => at = frame,
                None => break,
            }
        }
        Rep::Item(at)
    }
}
