//! The arrows of a swimlane, as topology: which way each `next` goes, which track it takes in
//! a corridor beside the lanes, the order of the tracks in each gap between two rows, and the
//! order of the ports where arrows leave and enter a box. [`super::layout_swimlane`] turns
//! these orders into coordinates.
//!
//! Gap `g` lies above row `g` (gap `n` below the last row), so an arrow from step `s` leaves
//! through gap `s + 1` and an arrow into step `t` enters through gap `t`. Every arrow has a
//! track of its own in each gap it uses, and a port of its own on each box border, so no two
//! arrows share a segment or an arrowhead.
//!
//! The orders are chosen so that no two arrows of one gap cross. Top to bottom, a gap holds
//! the jumps leaving the row above (deepest corridor track first), the loops leaving it
//! (deepest last), the arrow from the row above to the row below, the loops entering the row
//! below (deepest first) and the jumps entering it (deepest last); an arrow's run to or from
//! its corridor thus never cuts the corridor run of another arrow of the same gap. Along a
//! border, left to right, the ports are the loops (towards the left corridor, shallowest
//! first), the arrow to or from the neighbouring row, then the jumps (towards the right
//! corridor, shallowest first): every run to the side passes only ports whose runs end before
//! it.

use super::StepInput;
use crate::render::svg::Point;

/// How an arrow is routed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Route {
    /// To the following step, through the gap between the two rows.
    Next,
    /// Forward over rows, down track `.0` of the corridor right of the lanes.
    Jump(usize),
    /// Back to an earlier or the same step, up track `.0` of the corridor left of the lanes.
    Loop(usize),
}

/// One arrow to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Plan {
    /// The source step.
    pub(super) from: usize,
    /// The target step.
    pub(super) to: usize,
    /// Its route.
    pub(super) route: Route,
}

/// The distinct arrows, in step order, each with its route and corridor track.
pub(super) fn plan_arrows(steps: &[StepInput]) -> Vec<Plan> {
    let n = steps.len();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (s, step) in steps.iter().enumerate() {
        for &t in &step.next {
            if t < n && !pairs.contains(&(s, t)) {
                pairs.push((s, t));
            }
        }
    }
    // Gap `g` has two slots: `2g` for the arrows leaving row `g - 1` and `2g + 1` for those
    // entering row `g`. A corridor run spans the slots from where it leaves to where it
    // enters; two runs on one track never share a slot.
    let span = |(from, to): (usize, usize)| {
        if to > from { (2 * (from + 1), 2 * to + 1) } else { (2 * to + 1, 2 * (from + 1)) }
    };
    let jumps: Vec<usize> = (0..pairs.len()).filter(|&p| pairs[p].1 > pairs[p].0 + 1).collect();
    let loops: Vec<usize> = (0..pairs.len()).filter(|&p| pairs[p].1 <= pairs[p].0).collect();
    let jump_tracks = assign_tracks(&jumps.iter().map(|&p| span(pairs[p])).collect::<Vec<_>>());
    let loop_tracks = assign_tracks(&loops.iter().map(|&p| span(pairs[p])).collect::<Vec<_>>());
    let mut routes = vec![Route::Next; pairs.len()];
    for (&p, &t) in jumps.iter().zip(&jump_tracks) {
        routes[p] = Route::Jump(t);
    }
    for (&p, &t) in loops.iter().zip(&loop_tracks) {
        routes[p] = Route::Loop(t);
    }
    pairs.into_iter().zip(routes).map(|((from, to), route)| Plan { from, to, route }).collect()
}

/// Gives each span (a closed interval of gap slots) the lowest corridor track that no span
/// overlapping it has, shortest spans first, so that an arrow enclosing another runs outside
/// it.
fn assign_tracks(spans: &[(usize, usize)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].1 - spans[i].0, spans[i].0, i));
    let mut used: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut tracks = vec![0; spans.len()];
    for i in order {
        let (lo, hi) = spans[i];
        let free = used.iter().position(|taken| taken.iter().all(|&(a, b)| hi < a || b < lo));
        let track = free.unwrap_or(used.len());
        if track == used.len() {
            used.push(Vec::new());
        }
        used[track].push((lo, hi));
        tracks[i] = track;
    }
    tracks
}

/// The deepest track of the corridor of jumps (`jumps`) or of loops, if it has any.
pub(super) fn deepest(plans: &[Plan], jumps: bool) -> Option<usize> {
    plans
        .iter()
        .filter_map(|p| match p.route {
            Route::Jump(t) if jumps => Some(t),
            Route::Loop(t) if !jumps => Some(t),
            _ => None,
        })
        .max()
}

/// The horizontal tracks of each of the `n + 1` gaps, top to bottom, as (arrow, leaving):
/// `leaving` for the run of an arrow leaving the row above, which for an arrow to the row
/// below is also its entering run.
pub(super) fn gap_tracks(n: usize, plans: &[Plan]) -> Vec<Vec<(usize, bool)>> {
    let mut order: Vec<(usize, usize, usize, usize, bool)> = Vec::new();
    for (p, plan) in plans.iter().enumerate() {
        let (group, depth) = match plan.route {
            Route::Jump(t) => (0, usize::MAX - t),
            Route::Loop(t) => (1, t),
            Route::Next => (2, 0),
        };
        order.push((plan.from + 1, group, depth, p, true));
        match plan.route {
            Route::Loop(t) => order.push((plan.to, 3, usize::MAX - t, p, false)),
            Route::Jump(t) => order.push((plan.to, 4, t, p, false)),
            Route::Next => {}
        }
    }
    order.sort_unstable();
    let mut gaps = vec![Vec::new(); n + 1];
    for (gap, _, _, p, leaving) in order {
        gaps[gap].push((p, leaving));
    }
    gaps
}

/// The ports of every step, left to right: the arrows leaving its bottom border and the
/// arrows entering its top border.
pub(super) fn ports(n: usize, plans: &[Plan]) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let key = |p: usize| match plans[p].route {
        Route::Loop(t) => (0, t, p),
        Route::Next => (1, 0, p),
        Route::Jump(t) => (2, t, p),
    };
    let mut leaving = vec![Vec::new(); n];
    let mut entering = vec![Vec::new(); n];
    for (p, plan) in plans.iter().enumerate() {
        leaving[plan.from].push(p);
        entering[plan.to].push(p);
    }
    for list in leaving.iter_mut().chain(entering.iter_mut()) {
        list.sort_by_key(|&p| key(p));
    }
    (leaving, entering)
}

/// Drops repeated points and the middle one of three points on a line.
pub(super) fn simplify(points: Vec<Point>) -> Vec<Point> {
    const EPSILON: f64 = 1e-6;
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out.last().is_some_and(|q| (q.x - p.x).abs() < EPSILON && (q.y - p.y).abs() < EPSILON) {
            continue;
        }
        if let [.., a, b] = out.as_slice() {
            let same_x = (a.x - b.x).abs() < EPSILON && (b.x - p.x).abs() < EPSILON;
            let same_y = (a.y - b.y).abs() < EPSILON && (b.y - p.y).abs() < EPSILON;
            if same_x || same_y {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
