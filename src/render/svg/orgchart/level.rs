//! One level of a scheme (the scheme itself, or the inside of a frame) laid out as a layered
//! graph of its own.
//!
//! A level's items are the nodes drawn in it (boxes, and frames as boxes as large as their
//! inside), the box of its own node at the top of its frame, and ports: where a relation with
//! a node inside crosses the frame's border, above when it comes from a higher item outside,
//! below when it goes to a lower one. The own box and the upper ports make the level's first
//! layer, the lower ports its last, so that whatever crosses the border runs straight to it
//! through a column of its own. Every item is laid out by the phases of [`super::layers`].

use std::collections::HashMap;

use super::layers::{
    Neighbours, Slot, assign_layers, assign_x, break_cycles, insert_dummies, order_keys,
    reduce_crossings,
};
use super::nest::{Nesting, Rep};
use super::{DUMMY_WIDTH, EdgeInput, LAYER_GAP};
use crate::model::Relation;
use crate::render::svg::{Point, Rect};

/// The gap under a frame's own box when no line runs through it.
pub(super) const HEADER_GAP: f64 = 14.0;

/// What a level's item stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Item {
    /// A node drawn in the level: a box, or a frame around its parts.
    Node(usize),
    /// The box of the level's own node, at the top of its frame.
    Own,
    /// Where relation `edge` crosses the frame's border: the top, or the bottom.
    Port { edge: usize, top: bool },
}

/// Where a piece of a relation's line lies: the pieces of one relation, sorted, run from its
/// upper end to its lower end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Piece {
    /// From the upper end out of a frame: the innermost first.
    Out(std::cmp::Reverse<usize>),
    /// Between the two items that hold the ends, in the level that holds both.
    Between,
    /// Into a frame down to the lower end: the outermost first.
    In(usize),
}

/// A relation, or a piece of one, in a level: from the upper item to the lower.
#[derive(Clone, Copy, Debug)]
pub(super) struct LevelEdge {
    pub(super) upper: usize,
    pub(super) lower: usize,
    /// The relation (an index into the edges drawn).
    pub(super) edge: usize,
    pub(super) piece: Piece,
}

/// A level's graph and layers, which the sizes of its items do not change.
#[derive(Debug)]
pub(super) struct Plan {
    pub(super) items: Vec<Item>,
    pub(super) edges: Vec<LevelEdge>,
    /// The layer of each item.
    pub(super) layer: Vec<usize>,
    /// The port of each relation that crosses the frame's border, by (relation, top).
    pub(super) ports: HashMap<(usize, bool), usize>,
}

/// Per relation drawn, which node is its upper end and which its lower.
pub(super) type Ends = Vec<(usize, usize)>;

/// The plan of every level, and the ends of each relation, from the relations drawn (the
/// edges that `nesting` does not draw as nesting). `by_id` ranks the nodes by id; roles
/// stand beside the bodies they relate to.
pub(super) fn plan(
    nesting: &Nesting,
    drawn: &[EdgeInput],
    by_id: &[usize],
    is_role: &[bool],
) -> (Vec<Plan>, Ends) {
    let mut between: Vec<Vec<usize>> = vec![Vec::new(); nesting.levels.len()];
    for (e, edge) in drawn.iter().enumerate() {
        between[nesting.level_of(edge.from, edge.to)].push(e);
    }
    // Per level, the relations that cross its border: (relation, inner end, through the top).
    let mut crossing: Vec<Vec<(usize, usize, bool)>> = vec![Vec::new(); nesting.levels.len()];
    let mut ends: Ends = drawn.iter().map(|e| (meant(e).1, meant(e).0)).collect();
    let mut plans = Vec::with_capacity(nesting.levels.len());
    for (level, info) in nesting.levels.iter().enumerate() {
        let mut items: Vec<Item> = info.children.iter().map(|&n| Item::Node(n)).collect();
        let item_of: HashMap<usize, usize> =
            info.children.iter().enumerate().map(|(i, &n)| (n, i)).collect();
        let children = items.len();
        let own = info.frame_of.map(|_| {
            items.push(Item::Own);
            items.len() - 1
        });
        let seen = |node: usize| match nesting.rep(node, level) {
            Rep::Own => own.unwrap_or(0),
            Rep::Item(n) => item_of.get(&n).copied().unwrap_or(0),
        };
        // The relations between two children are layered; one with the level's own node
        // hangs from its box at the top.
        let mut edges = Vec::new();
        let mut inner = Vec::new();
        for &e in &between[level] {
            let (low, high) = meant(&drawn[e]);
            let (from, to) = (seen(low), seen(high));
            if Some(from) == own || Some(to) == own {
                let (upper, lower) = if Some(to) == own { (to, from) } else { (from, to) };
                let upper_node = if Some(to) == own { high } else { low };
                let lower_node = if upper_node == high { low } else { high };
                ends[e] = (upper_node, lower_node);
                edges.push(LevelEdge { upper, lower, edge: e, piece: Piece::Between });
            } else {
                inner.push((e, from, to));
            }
        }
        let pairs: Vec<(usize, usize)> = inner.iter().map(|&(_, from, to)| (from, to)).collect();
        let order: Vec<usize> = {
            let mut order: Vec<usize> = (0..children).collect();
            order.sort_by_key(|&i| match items[i] {
                Item::Node(n) => by_id[n],
                _ => usize::MAX,
            });
            order
        };
        let directed = break_cycles(children, &pairs, &order);
        for &(upper, lower, index) in &directed {
            let (e, from, _) = inner[index];
            let (low, high) = meant(&drawn[e]);
            let upper_node = if upper == from { low } else { high };
            let lower_node = if upper_node == high { low } else { high };
            ends[e] = (upper_node, lower_node);
            edges.push(LevelEdge { upper, lower, edge: e, piece: Piece::Between });
        }
        let follows: Vec<bool> = info.children.iter().map(|&n| is_role[n]).collect();
        let mut layer = assign_layers(children, &directed, &follows);
        let mut ports = HashMap::new();
        for &(e, node, top) in &crossing[level] {
            items.push(Item::Port { edge: e, top });
            let port = items.len() - 1;
            ports.insert((e, top), port);
            let item = seen(node);
            let (upper, lower, piece) = if top {
                (port, item, Piece::In(info.depth))
            } else {
                (item, port, Piece::Out(std::cmp::Reverse(info.depth)))
            };
            edges.push(LevelEdge { upper, lower, edge: e, piece });
        }
        // Every piece whose end is a frame holding the relation's end goes on inside it.
        for edge in &edges {
            for (item, top) in [(edge.upper, false), (edge.lower, true)] {
                let Item::Node(frame) = items[item] else { continue };
                let Some(inside) = nesting.inside[frame] else { continue };
                let (upper_node, lower_node) = ends[edge.edge];
                let node = if top { lower_node } else { upper_node };
                if node != frame {
                    crossing[inside].push((edge.edge, node, top));
                }
            }
        }
        let first = usize::from(items[children..].iter().any(|item| match item {
            Item::Own => true,
            Item::Port { top, .. } => *top,
            Item::Node(_) => false,
        }));
        for l in &mut layer {
            *l += first;
        }
        let last = layer.iter().copied().max().map_or(first, |l| l + 1);
        for item in &items[children..] {
            layer.push(match item {
                Item::Port { top: false, .. } => last,
                _ => 0,
            });
        }
        plans.push(Plan { items, edges, layer, ports });
    }
    (plans, ends)
}

/// The two ends of a relation as (the one meant to stand lower, the one meant to stand
/// higher): the target stands higher, but for a body that delegates, which stands above its
/// delegate.
fn meant(edge: &EdgeInput) -> (usize, usize) {
    match edge.relation {
        Relation::DelegatesTo => (edge.to, edge.from),
        _ => (edge.from, edge.to),
    }
}

/// A level laid out across: its slots in layers and their centres, which only the widths of
/// its items decide.
#[derive(Debug)]
pub(super) struct Across {
    pub(super) layers: Vec<Vec<usize>>,
    pub(super) slots: Vec<Slot>,
    /// Per level edge, its chain of slots from the upper item to the lower.
    pub(super) chains: Vec<(usize, Vec<usize>)>,
    pub(super) x: Vec<f64>,
    /// The level's width, its padding on the right included.
    pub(super) width: f64,
}

/// Lays a level out across: `widths` of its items, `keys` their tie-breaking order, `pad` the
/// space on either side.
pub(super) fn across(plan: &Plan, widths: &[f64], keys: &[usize], pad: f64) -> Across {
    let directed: Vec<(usize, usize, usize)> =
        plan.edges.iter().enumerate().map(|(i, e)| (e.upper, e.lower, i)).collect();
    let sizes: Vec<(f64, f64)> = widths.iter().map(|&w| (w, 0.0)).collect();
    let (mut layers, slots, chains) = insert_dummies(&sizes, &plan.layer, &directed);
    // A frame's own box heads the parts that stand right under it, as if joined to them, so
    // that it stands over them; an item's slot has the item's index.
    let own = plan.items.iter().position(|&item| item == Item::Own);
    let heads = own.into_iter().flat_map(|own| {
        plan.items.iter().enumerate().filter_map(move |(item, kind)| {
            (matches!(kind, Item::Node(_)) && plan.layer[item] == 1).then_some((own, item))
        })
    });
    let pairs =
        chains.iter().flat_map(|(_, chain)| chain.windows(2).map(|pair| (pair[0], pair[1])));
    let neighbours = Neighbours::new(slots.len(), pairs.chain(heads));
    reduce_crossings(&mut layers, &neighbours, &order_keys(&slots, keys));
    let x = assign_x(&layers, &slots, &neighbours, pad);
    let right = slots
        .iter()
        .enumerate()
        .map(|(s, slot)| x[s] + slot.width.max(DUMMY_WIDTH) / 2.0)
        .fold(pad, f64::max);
    Across { layers, slots, chains, x, width: (right + pad).ceil() }
}

/// A level laid out down: the top and height of each layer, its items' boxes, its height.
#[derive(Debug)]
pub(super) struct Down {
    pub(super) top: Vec<f64>,
    pub(super) band: Vec<f64>,
    /// Per item, its box in the level (a port's is as wide as nothing).
    pub(super) rects: Vec<Rect>,
    pub(super) height: f64,
}

/// Lays a level out down: `heights` of its items, `gaps` between its layers, its layers from
/// `start`, `pad` under the last.
pub(super) fn down(
    plan: &Plan,
    across: &Across,
    heights: &[f64],
    gaps: &[f64],
    start: f64,
    pad: f64,
) -> Down {
    let count = across.layers.len();
    let mut band = vec![0.0f64; count];
    for (item, &l) in plan.layer.iter().enumerate() {
        band[l] = band[l].max(heights[item]);
    }
    let mut top = Vec::with_capacity(count);
    let mut y = start;
    for (l, height) in band.iter().enumerate() {
        top.push(y);
        y += height + if l + 1 < count { gaps.get(l).copied().unwrap_or(LAYER_GAP) } else { 0.0 };
    }
    let mut rects = vec![Rect { x: 0.0, y: 0.0, width: 0.0, height: 0.0 }; plan.items.len()];
    for layer in &across.layers {
        for &s in layer {
            let Some(item) = across.slots[s].node else { continue };
            let width = if matches!(plan.items[item], Item::Port { .. }) {
                0.0
            } else {
                across.slots[s].width
            };
            let l = plan.layer[item];
            rects[item] =
                Rect { x: across.x[s] - width / 2.0, y: top[l], width, height: heights[item] };
        }
    }
    Down { top, band, rects, height: (y + pad).ceil() }
}

/// The gaps a level starts with: the usual gap between layers, and a small one under a
/// frame's own box when no line runs from its first layer.
pub(super) fn first_gaps(plan: &Plan, layers: usize, is_frame: bool) -> Vec<f64> {
    let mut gaps = vec![LAYER_GAP; layers.saturating_sub(1)];
    let from_first = plan.edges.iter().any(|e| plan.layer[e.upper] == 0);
    if is_frame
        && !from_first
        && let Some(gap) = gaps.first_mut()
    {
        *gap = HEADER_GAP;
    }
    gaps
}

/// Where each level edge leaves and enters a frame of the level: fixed by the port inside, or
/// for a relation with the frame's own node, spread along its own box (from above) or its
/// bottom border (from below). `None` where the end is no frame.
pub(super) type FixedX = HashMap<(usize, bool), f64>;

/// The polyline of each level edge, in the level's coordinates: out of the upper item's
/// bottom, through each dummy's column, into the lower item's top; a port's line runs on to
/// the frame's border. Lines leave and enter a box side by side in the order of their other
/// ends, unless `fixed` gives the place: (level edge, at the lower end) → x.
pub(super) fn route(plan: &Plan, across: &Across, down: &Down, fixed: &FixedX) -> Vec<Vec<Point>> {
    let x = &across.x;
    let mut out_ports: HashMap<usize, Vec<(f64, usize)>> = HashMap::new();
    let mut in_ports: HashMap<usize, Vec<(f64, usize)>> = HashMap::new();
    for (c, (_, chain)) in across.chains.iter().enumerate() {
        let (first, second) = (chain[0], chain[1]);
        let (last, before) = (chain[chain.len() - 1], chain[chain.len() - 2]);
        out_ports.entry(first).or_default().push((x[second], c));
        in_ports.entry(last).or_default().push((x[before], c));
    }
    for list in out_ports.values_mut().chain(in_ports.values_mut()) {
        list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    }
    let item = |slot: usize| across.slots[slot].node.unwrap_or(0);
    let spread = |ports: &HashMap<usize, Vec<(f64, usize)>>, slot: usize, c: usize| -> f64 {
        let rect = down.rects[item(slot)];
        let list = ports.get(&slot).map_or(&[][..], Vec::as_slice);
        let index = list.iter().position(|&(_, e)| e == c).unwrap_or(0);
        #[allow(clippy::cast_precision_loss)]
        let (i, n) = (index as f64, list.len().max(1) as f64);
        rect.x + rect.width * (0.15 + 0.7 * (i + 1.0) / (n + 1.0))
    };
    across
        .chains
        .iter()
        .enumerate()
        .map(|(c, (index, chain))| {
            let (upper, lower) = (chain[0], chain[chain.len() - 1]);
            let (upper_item, lower_item) = (item(upper), item(lower));
            let mut points = Vec::with_capacity(chain.len() * 2 + 2);
            let band_bottom = |item: usize| {
                let l = plan.layer[item];
                down.top[l] + down.band[l]
            };
            match plan.items[upper_item] {
                Item::Port { .. } => {
                    points.push(Point { x: x[upper], y: 0.0 });
                    points.push(Point { x: x[upper], y: band_bottom(upper_item) });
                }
                _ => {
                    let px = fixed
                        .get(&(*index, false))
                        .copied()
                        .unwrap_or_else(|| spread(&out_ports, upper, c));
                    let rect = down.rects[upper_item];
                    points.push(Point { x: px, y: rect.bottom() });
                    let bottom = band_bottom(upper_item);
                    if rect.bottom() < bottom - 1e-9 {
                        points.push(Point { x: px, y: bottom });
                    }
                }
            }
            for (step, &s) in chain[1..chain.len() - 1].iter().enumerate() {
                let l = plan.layer[upper_item] + step + 1;
                points.push(Point { x: x[s], y: down.top[l] });
                points.push(Point { x: x[s], y: down.top[l] + down.band[l] });
            }
            match plan.items[lower_item] {
                Item::Port { .. } => {
                    points.push(Point { x: x[lower], y: down.top[plan.layer[lower_item]] });
                    points.push(Point { x: x[lower], y: down.height });
                }
                _ => {
                    let px = fixed
                        .get(&(*index, true))
                        .copied()
                        .unwrap_or_else(|| spread(&in_ports, lower, c));
                    points.push(Point { x: px, y: down.rects[lower_item].y });
                }
            }
            points
        })
        .collect()
}
