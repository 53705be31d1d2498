//! The organisational scheme: bodies (and the roles their relations name) as boxes, laid out
//! in layers with the Sugiyama method, and the relations as styled, labelled edges.
//!
//! Input: nodes and relations ([`NodeInput`], [`EdgeInput`]). Output: a [`SchemeLayout`]
//! (plain geometry) and the SVG written from it.
//!
//! The layout runs the four classic phases. Every relation points from the page that declares
//! it to its target, and the target sits higher: a parent above its parts, a nominating body
//! above the body it nominates, an advised or superior body above its adviser or reporter, a
//! body above the role it holds. (1) Cycles are broken by reversing the back edges of a
//! depth-first search. (2) Layers come from the longest path, with nodes that only point down
//! pulled next to what they point at; an edge over several layers gets a dummy node per layer
//! between. (3) Crossings are reduced by barycentre sweeps down and up, keeping the best order
//! seen. (4) Horizontal positions: each layer in turn is moved as close as possible to the
//! mean position of its neighbours, under the constraint that boxes keep their order and
//! spacing, solved exactly by isotonic regression (pool adjacent violators).
//!
//! Invariants the tests check: boxes never overlap; labels sit in the gaps between layers, so
//! they never overlap a box; an edge passes layers only through its dummy nodes' columns, so
//! it crosses no box; every edge starts and ends on a box border; the same input gives the
//! same bytes.

use std::collections::HashMap;
use std::fmt::Write as _;

use self::labels::{CLEAR_LABELS_UP_TO, LABEL_OFFSET, place_labels};
use super::{FONT_SIZE, LINE_HEIGHT, Point, Rect, escape, num, open_svg, text_width, wrap};
use crate::model::Relation;

/// A box of the scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeInput {
    /// The page id, for stable ordering.
    pub id: String,
    /// The title shown in the box.
    pub title: String,
    /// A short name shown under the title.
    pub abbr: Option<String>,
    /// The relative URL of the page.
    pub href: Option<String>,
    /// A body or a role: roles are drawn in their own style.
    pub is_role: bool,
    /// The page the diagram is shown on, drawn with a heavier border.
    pub current: bool,
}

/// A relation between two boxes: `from` declares it, `to` is its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeInput {
    /// The node that declares the relation.
    pub from: usize,
    /// The node it names.
    pub to: usize,
    /// Which relation.
    pub relation: Relation,
}

/// A laid-out edge.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeLayout {
    /// The input edge.
    pub edge: EdgeInput,
    /// The polyline from the upper node's bottom border to the lower node's top border.
    pub points: Vec<Point>,
    /// Where the arrowhead is: `Some(true)` at the last point, `Some(false)` at the first,
    /// `None` for a line without one (`part_of`).
    pub arrow_at_end: Option<bool>,
    /// The label's box and text.
    pub label: Option<(Rect, &'static str)>,
}

/// The geometry of a scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemeLayout {
    /// The canvas size.
    pub width: f64,
    /// The canvas size.
    pub height: f64,
    /// One box per input node.
    pub boxes: Vec<Rect>,
    /// The wrapped text lines of each box.
    pub lines: Vec<Vec<String>>,
    /// The edges.
    pub edges: Vec<EdgeLayout>,
    /// The legend's area, below the layers.
    pub legend: Rect,
    /// The relations drawn, in legend order.
    pub legend_relations: Vec<Relation>,
    /// Whether any box is a role.
    pub has_roles: bool,
}

const MARGIN: f64 = 16.0;
const PADDING_X: f64 = 10.0;
const PADDING_Y: f64 = 8.0;
const MAX_TEXT: f64 = 160.0;
const MIN_BOX: f64 = 80.0;
const NODE_GAP: f64 = 28.0;
const DUMMY_WIDTH: f64 = 14.0;
const LAYER_GAP: f64 = 64.0;
const LABEL_SIZE: f64 = 11.0;
const LABEL_HEIGHT: f64 = 14.0;
const LEGEND_ROW: f64 = 20.0;
/// An arrowhead's length along its edge, and half its width.
const ARROW_LENGTH: f64 = 9.0;
const ARROW_HALF_WIDTH: f64 = 4.5;

/// How a relation is drawn: its legend text, its label on an edge, and its line class.
fn relation_style(relation: Relation) -> (&'static str, Option<&'static str>, &'static str) {
    match relation {
        Relation::PartOf => ("is part of", None, "gw-edge-part-of"),
        Relation::NominatedBy => {
            ("nominates the members of", Some("nominates"), "gw-edge-nominates")
        }
        Relation::Advises => ("advises", Some("advises"), "gw-edge-advises"),
        Relation::ReportsTo => ("reports to", Some("reports to"), "gw-edge-reports"),
        Relation::HeldBy => ("holds the role", Some("holds"), "gw-edge-holds"),
        Relation::ContributesTo => ("contributes to", Some("contributes"), "gw-edge-contributes"),
    }
}

/// Whether the arrow points at the relation's target (`to`), or back at the declaring node.
fn arrow_to_target(relation: Relation) -> Option<bool> {
    match relation {
        Relation::PartOf => None,
        Relation::Advises | Relation::ReportsTo | Relation::ContributesTo => Some(true),
        Relation::NominatedBy | Relation::HeldBy => Some(false),
    }
}

/// A node of the layered graph: a box, or a dummy that carries an edge through a layer.
#[derive(Clone, Copy, Debug)]
struct Slot {
    width: f64,
    /// The input node, or `None` for a dummy.
    node: Option<usize>,
}

/// Lays out the scheme.
#[must_use]
pub fn layout_scheme(nodes: &[NodeInput], edges: &[EdgeInput]) -> SchemeLayout {
    let lines: Vec<Vec<String>> = nodes.iter().map(box_lines).collect();
    let sizes: Vec<(f64, f64)> = lines
        .iter()
        .map(|lines| {
            let text = lines.iter().map(|l| text_width(l, FONT_SIZE)).fold(0.0, f64::max);
            let width = (text + 2.0 * PADDING_X).max(MIN_BOX).ceil();
            #[allow(clippy::cast_precision_loss)]
            let height = lines.len() as f64 * LINE_HEIGHT + 2.0 * PADDING_Y;
            (width, height)
        })
        .collect();
    // Edges as (upper, lower), self-relations dropped, in a stable order.
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| nodes[a].id.cmp(&nodes[b].id));
    let edges: Vec<EdgeInput> = edges
        .iter()
        .copied()
        .filter(|e| e.from != e.to && e.from < nodes.len() && e.to < nodes.len())
        .collect();
    let directed = break_cycles(nodes.len(), &edges, &order);
    let layer_of = assign_layers(nodes.len(), &directed);
    let (mut layers, slots, chains) = insert_dummies(&sizes, &layer_of, &directed);
    let neighbours = neighbours(slots.len(), &chains);
    reduce_crossings(&mut layers, &neighbours, &order_keys(&slots, &order));
    let x = assign_x(&layers, &slots, &neighbours);

    // Vertical bands: every box of a layer is as tall as the tallest, so edges leave and enter
    // at one height per layer.
    let band: Vec<f64> = layers
        .iter()
        .map(|layer| {
            layer.iter().filter_map(|&s| slots[s].node).map(|n| sizes[n].1).fold(0.0, f64::max)
        })
        .map(|h| if h == 0.0 { LINE_HEIGHT } else { h })
        .collect();
    // The gaps beside an edge whose label finds no clear space grow, and the edges are routed
    // again, a few times at most: a dense scheme gets taller rather than its labels crowded.
    let mut gaps = vec![LAYER_GAP; band.len()];
    let mut tries = 0;
    let (top, boxes, edges_out) = loop {
        let mut top = Vec::with_capacity(layers.len());
        let mut y = MARGIN;
        for (height, gap) in band.iter().zip(&gaps) {
            top.push(y);
            y += height + gap;
        }
        let boxes = node_boxes(nodes.len(), &layers, &slots, &x, &sizes, &top, &band);
        let mut edges_out = route_edges(&edges, &chains, &x, &top, &band, &boxes, &layer_of);
        let thorough = edges_out.len() <= CLEAR_LABELS_UP_TO;
        let crowded = place_labels(&mut edges_out, &boxes, thorough);
        tries += 1;
        if crowded.is_empty() || tries == MAX_LABEL_TRIES {
            break (top, boxes, edges_out);
        }
        for edge in crowded {
            let EdgeInput { from, to, .. } = edges_out[edge].edge;
            let (upper, lower) =
                (layer_of[from].min(layer_of[to]), layer_of[from].max(layer_of[to]));
            for gap in [upper, lower.saturating_sub(1)] {
                gaps[gap] += LABEL_HEIGHT + 2.0 * LABEL_OFFSET;
            }
        }
    };
    let last = band.len().saturating_sub(1);
    let layers_bottom = top.get(last).map_or(MARGIN, |t| t + band[last]);

    let mut legend_relations: Vec<Relation> = edges_out.iter().map(|e| e.edge.relation).collect();
    legend_relations.sort();
    legend_relations.dedup();
    let has_roles = nodes.iter().any(|n| n.is_role);
    let legend_rows = legend_relations.len() + 1 + usize::from(has_roles);
    #[allow(clippy::cast_precision_loss)]
    let legend_height = legend_rows as f64 * LEGEND_ROW;
    let content_right = boxes
        .iter()
        .map(Rect::right)
        .chain(x.iter().map(|&x| x + DUMMY_WIDTH / 2.0))
        .chain(edges_out.iter().filter_map(|e| e.label.map(|(r, _)| r.right())))
        .fold(0.0, f64::max);
    let legend_width = 260.0;
    let width = (content_right.max(MARGIN + legend_width) + MARGIN).ceil();
    let legend =
        Rect { x: MARGIN, y: layers_bottom + 28.0, width: legend_width, height: legend_height };
    let height = (legend.bottom() + MARGIN).ceil();
    SchemeLayout {
        width,
        height,
        boxes,
        lines,
        edges: edges_out,
        legend,
        legend_relations,
        has_roles,
    }
}

fn box_lines(node: &NodeInput) -> Vec<String> {
    let mut lines = wrap(&node.title, MAX_TEXT, FONT_SIZE);
    if let Some(abbr) = &node.abbr {
        lines.push(format!("({abbr})"));
    }
    lines
}

/// The layering edges (upper, lower, input index) after the back edges of a depth-first
/// search from the nodes in `order` are reversed.
fn break_cycles(count: usize, edges: &[EdgeInput], order: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut down: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
    for (index, edge) in edges.iter().enumerate() {
        down[edge.to].push((edge.from, index));
    }
    let rank: Vec<usize> = {
        let mut rank = vec![0; count];
        for (position, &node) in order.iter().enumerate() {
            rank[node] = position;
        }
        rank
    };
    for list in &mut down {
        list.sort_by_key(|&(node, index)| (rank[node], index));
    }
    // 0 new, 1 on the stack, 2 done.
    let mut state = vec![0u8; count];
    let mut reversed = vec![false; edges.len()];
    for &start in order {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&(child, index)) = down[node].get(*next) {
                *next += 1;
                match state[child] {
                    0 => {
                        state[child] = 1;
                        stack.push((child, 0));
                    }
                    1 => reversed[index] = true,
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    edges
        .iter()
        .enumerate()
        .map(|(i, e)| if reversed[i] { (e.from, e.to, i) } else { (e.to, e.from, i) })
        .collect()
}

/// Layer numbers from the longest path from the top; a node that only points down is then
/// moved down to just above the highest node it points at.
fn assign_layers(count: usize, directed: &[(usize, usize, usize)]) -> Vec<usize> {
    let mut layer = vec![0usize; count];
    // Longest path by relaxation: the graph is acyclic, so `count` rounds suffice.
    for _ in 0..count {
        let mut changed = false;
        for &(upper, lower, _) in directed {
            if layer[lower] < layer[upper] + 1 {
                layer[lower] = layer[upper] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let has_upper: Vec<bool> = {
        let mut has = vec![false; count];
        for &(_, lower, _) in directed {
            has[lower] = true;
        }
        has
    };
    for node in 0..count {
        if has_upper[node] {
            continue;
        }
        let lowest =
            directed.iter().filter(|&&(u, _, _)| u == node).map(|&(_, l, _)| layer[l]).min();
        if let Some(lowest) = lowest {
            layer[node] = lowest.saturating_sub(1);
        }
    }
    layer
}

/// The layers with dummy slots, the slots, and per edge its chain of slots from top to bottom.
#[allow(clippy::type_complexity)]
fn insert_dummies(
    sizes: &[(f64, f64)],
    layer_of: &[usize],
    directed: &[(usize, usize, usize)],
) -> (Vec<Vec<usize>>, Vec<Slot>, Vec<(usize, Vec<usize>)>) {
    let depth = layer_of.iter().max().map_or(0, |&d| d + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); depth];
    let mut slots: Vec<Slot> =
        sizes.iter().enumerate().map(|(n, &(w, _))| Slot { width: w, node: Some(n) }).collect();
    for (node, &layer) in layer_of.iter().enumerate() {
        layers[layer].push(node);
    }
    let mut chains = Vec::with_capacity(directed.len());
    for &(upper, lower, index) in directed {
        let mut chain = vec![upper];
        for layer in &mut layers[layer_of[upper] + 1..layer_of[lower]] {
            let slot = slots.len();
            slots.push(Slot { width: DUMMY_WIDTH, node: None });
            layer.push(slot);
            chain.push(slot);
        }
        chain.push(lower);
        chains.push((index, chain));
    }
    (layers, slots, chains)
}

/// Per slot, its neighbours in the layer above and in the layer below.
fn neighbours(count: usize, chains: &[(usize, Vec<usize>)]) -> Neighbours {
    let pairs =
        chains.iter().flat_map(|(_, chain)| chain.windows(2).map(|pair| (pair[0], pair[1])));
    Neighbours::new(count, pairs)
}

/// Per slot, its neighbours in the layer above and in the layer below, each in the order of
/// the edges. They are kept in two flat lists, not one list per slot: most slots of a large
/// scheme are dummies with one neighbour each way, and a list of their own each would hold
/// more memory than the rest of the layout.
struct Neighbours {
    /// The neighbours above of slot `s` are `above[above_at[s]..above_at[s + 1]]`.
    above_at: Vec<usize>,
    above: Vec<usize>,
    /// The same for the neighbours below.
    below_at: Vec<usize>,
    below: Vec<usize>,
}

impl Neighbours {
    /// The neighbours of `count` slots joined by the edges `pairs`, each (upper, lower).
    fn new(count: usize, pairs: impl Iterator<Item = (usize, usize)> + Clone) -> Neighbours {
        let (above_at, above) = Neighbours::flat(count, pairs.clone().map(|(up, low)| (low, up)));
        let (below_at, below) = Neighbours::flat(count, pairs);
        Neighbours { above_at, above, below_at, below }
    }

    /// Each slot's list of the `(slot, neighbour)` pairs, in their order, as starts and one
    /// list.
    fn flat(
        count: usize,
        pairs: impl Iterator<Item = (usize, usize)> + Clone,
    ) -> (Vec<usize>, Vec<usize>) {
        let mut at = vec![0; count + 1];
        for (slot, _) in pairs.clone() {
            at[slot + 1] += 1;
        }
        for s in 0..count {
            at[s + 1] += at[s];
        }
        let mut next = at.clone();
        let mut list = vec![0; at[count]];
        for (slot, neighbour) in pairs {
            list[next[slot]] = neighbour;
            next[slot] += 1;
        }
        (at, list)
    }

    fn above(&self, slot: usize) -> &[usize] {
        &self.above[self.above_at[slot]..self.above_at[slot + 1]]
    }

    fn below(&self, slot: usize) -> &[usize] {
        &self.below[self.below_at[slot]..self.below_at[slot + 1]]
    }
}

/// A stable tie-breaking key per slot: boxes by id (`by_id` lists the nodes in that order),
/// dummies after them, by creation. A large scheme has many more dummies than boxes, so the
/// key is a number rather than the id itself.
fn order_keys(slots: &[Slot], by_id: &[usize]) -> Vec<usize> {
    let mut rank = vec![0; by_id.len()];
    for (at, &node) in by_id.iter().enumerate() {
        rank[node] = at;
    }
    let dummy = |s: usize| by_id.len() + s;
    slots
        .iter()
        .enumerate()
        .map(|(s, slot)| slot.node.map_or_else(|| dummy(s), |n| rank[n]))
        .collect()
}

/// Reorders each layer by the barycentre of its neighbours, sweeping down then up, and keeps
/// the order with the fewest crossings.
fn reduce_crossings(layers: &mut [Vec<usize>], neighbours: &Neighbours, keys: &[usize]) {
    // Start from a depth-first order of the layers, so that trees come out grouped.
    for layer in layers.iter_mut() {
        layer.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    }
    let mut position = vec![0.0f64; keys.len()];
    let set_positions = |layers: &[Vec<usize>], position: &mut Vec<f64>| {
        for layer in layers {
            for (i, &s) in layer.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let p = i as f64;
                position[s] = p;
            }
        }
    };
    set_positions(layers, &mut position);
    let mut best = layers.to_vec();
    let mut best_crossings = count_crossings(layers, neighbours, &position);
    for round in 0..16 {
        let (downward, indices) = sweep(round, layers.len());
        for l in indices {
            let mut keyed: Vec<(f64, usize)> = layers[l]
                .iter()
                .map(|&s| {
                    let adjacent = if downward { neighbours.above(s) } else { neighbours.below(s) };
                    let barycentre = if adjacent.is_empty() {
                        position[s]
                    } else {
                        #[allow(clippy::cast_precision_loss)]
                        let n = adjacent.len() as f64;
                        adjacent.iter().map(|&a| position[a]).sum::<f64>() / n
                    };
                    (barycentre, s)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| keys[a.1].cmp(&keys[b.1])));
            layers[l] = keyed.into_iter().map(|(_, s)| s).collect();
            for (i, &s) in layers[l].iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let p = i as f64;
                position[s] = p;
            }
        }
        let crossings = count_crossings(layers, neighbours, &position);
        if crossings < best_crossings {
            best_crossings = crossings;
            best = layers.to_vec();
        }
    }
    layers.clone_from_slice(&best);
}

/// The layers one round of a sweep visits: even rounds go down from the second layer, each
/// placed against the layer above; odd rounds go up from the last but one.
fn sweep(round: usize, layers: usize) -> (bool, Vec<usize>) {
    if round.is_multiple_of(2) {
        (true, (1..layers).collect())
    } else {
        (false, (0..layers.saturating_sub(1)).rev().collect())
    }
}

/// The number of edge crossings between every pair of adjacent layers. Positions within a
/// layer are whole numbers (indexes); per layer pair the edges are sorted by their upper end,
/// and the crossings are the inversions among their lower ends, counted with a Fenwick tree:
/// O(E log V) instead of comparing every pair of edges.
fn count_crossings(layers: &[Vec<usize>], neighbours: &Neighbours, position: &[f64]) -> usize {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let index = |s: usize| position[s].max(0.0) as usize;
    let mut crossings = 0;
    let mut segments: Vec<(usize, usize)> = Vec::new();
    for (l, layer) in layers.iter().enumerate() {
        segments.clear();
        for &s in layer {
            segments.extend(neighbours.below(s).iter().map(|&below| (index(s), index(below))));
        }
        segments.sort_unstable();
        let width = layers.get(l + 1).map_or(0, Vec::len).max(1);
        let mut tree = vec![0usize; width + 1];
        // Walking the edges by upper end, an earlier edge crosses this one when its lower end
        // lies further right; edges that share an end never cross.
        let mut seen = 0;
        let mut start = 0;
        while start < segments.len() {
            let mut end = start;
            while end < segments.len() && segments[end].0 == segments[start].0 {
                end += 1;
            }
            for &(_, lower) in &segments[start..end] {
                let mut at_most = 0;
                let mut i = (lower + 1).min(width);
                while i > 0 {
                    at_most += tree[i];
                    i &= i - 1;
                }
                crossings += seen - at_most;
            }
            for &(_, lower) in &segments[start..end] {
                let mut i = (lower + 1).min(width);
                while i <= width {
                    tree[i] += 1;
                    i += i & i.wrapping_neg();
                }
                seen += 1;
            }
            start = end;
        }
    }
    crossings
}

/// Horizontal centres: packed layers, then sweeps that pull each slot towards the mean of its
/// neighbours' centres while keeping order and spacing.
fn assign_x(layers: &[Vec<usize>], slots: &[Slot], neighbours: &Neighbours) -> Vec<f64> {
    let mut x = vec![0.0f64; slots.len()];
    for layer in layers {
        let mut left = MARGIN;
        for &s in layer {
            x[s] = left + slots[s].width / 2.0;
            left += slots[s].width + NODE_GAP;
        }
    }
    for round in 0..12 {
        let (downward, indices) = sweep(round, layers.len());
        for l in indices {
            let layer = &layers[l];
            let desired: Vec<f64> = layer
                .iter()
                .map(|&s| {
                    let (up, down) = (neighbours.above(s), neighbours.below(s));
                    let adjacent = if downward { up } else { down };
                    let adjacent = if adjacent.is_empty() {
                        if downward { down } else { up }
                    } else {
                        adjacent
                    };
                    if adjacent.is_empty() {
                        x[s]
                    } else {
                        #[allow(clippy::cast_precision_loss)]
                        let n = adjacent.len() as f64;
                        adjacent.iter().map(|&a| x[a]).sum::<f64>() / n
                    }
                })
                .collect();
            let placed = place_in_order(layer, slots, &desired);
            for (&s, value) in layer.iter().zip(placed) {
                x[s] = value;
            }
        }
    }
    // Shift so that the leftmost edge of anything is at the margin.
    let left = slots
        .iter()
        .enumerate()
        .map(|(s, slot)| x[s] - slot.width / 2.0)
        .fold(f64::INFINITY, f64::min);
    if left.is_finite() {
        for value in &mut x {
            *value += MARGIN - left;
        }
    }
    x
}

/// The centres closest (in squared distance) to `desired` such that each slot stays right of
/// the previous one with its spacing: isotonic regression by pooling adjacent violators.
fn place_in_order(layer: &[usize], slots: &[Slot], desired: &[f64]) -> Vec<f64> {
    // offset[i]: the least distance from the first centre to centre i.
    let mut offset = Vec::with_capacity(layer.len());
    let mut total = 0.0;
    for (i, &s) in layer.iter().enumerate() {
        if i > 0 {
            total += slots[layer[i - 1]].width / 2.0 + NODE_GAP + slots[s].width / 2.0;
        }
        offset.push(total);
    }
    // Blocks of (mean, count); the shifted targets must be non-decreasing.
    let mut blocks: Vec<(f64, usize)> = Vec::new();
    for (i, &target) in desired.iter().enumerate() {
        blocks.push((target - offset[i], 1));
        while blocks.len() > 1 {
            let (b, nb) = blocks[blocks.len() - 1];
            let (a, na) = blocks[blocks.len() - 2];
            if a <= b {
                break;
            }
            blocks.truncate(blocks.len() - 2);
            #[allow(clippy::cast_precision_loss)]
            let merged = (a * na as f64 + b * nb as f64) / (na + nb) as f64;
            blocks.push((merged, na + nb));
        }
    }
    let mut result = Vec::with_capacity(layer.len());
    for (mean, count) in blocks {
        for _ in 0..count {
            let i = result.len();
            result.push(mean + offset[i]);
        }
    }
    result
}

/// Polylines through the chains: out of the upper box's bottom, through each dummy's column
/// in its layer, into the lower box's top. Ports spread along a box's border in the order of
/// the other ends, so that edges leave a box side by side without crossing there.
fn route_edges(
    edges: &[EdgeInput],
    chains: &[(usize, Vec<usize>)],
    x: &[f64],
    top: &[f64],
    band: &[f64],
    boxes: &[Rect],
    layer_of: &[usize],
) -> Vec<EdgeLayout> {
    let mut out_ports: HashMap<usize, Vec<(f64, usize)>> = HashMap::new();
    let mut in_ports: HashMap<usize, Vec<(f64, usize)>> = HashMap::new();
    for (c, (_, chain)) in chains.iter().enumerate() {
        let (first, second) = (chain[0], chain[1]);
        let (last, before) = (chain[chain.len() - 1], chain[chain.len() - 2]);
        out_ports.entry(first).or_default().push((x[second], c));
        in_ports.entry(last).or_default().push((x[before], c));
    }
    for list in out_ports.values_mut().chain(in_ports.values_mut()) {
        list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    }
    let port_x = |ports: &HashMap<usize, Vec<(f64, usize)>>, node: usize, c: usize| -> f64 {
        let rect = boxes[node];
        let list = ports.get(&node).map_or(&[][..], Vec::as_slice);
        let index = list.iter().position(|&(_, e)| e == c).unwrap_or(0);
        #[allow(clippy::cast_precision_loss)]
        let (i, n) = (index as f64, list.len().max(1) as f64);
        rect.x + rect.width * (0.15 + 0.7 * (i + 1.0) / (n + 1.0))
    };
    chains
        .iter()
        .enumerate()
        .map(|(c, (index, chain))| {
            let edge = edges[*index];
            let (upper, lower) = (chain[0], chain[chain.len() - 1]);
            let mut points =
                vec![Point { x: port_x(&out_ports, upper, c), y: boxes[upper].bottom() }];
            for (step, &s) in chain[1..chain.len() - 1].iter().enumerate() {
                let l = layer_of[upper] + step + 1;
                points.push(Point { x: x[s], y: top[l] });
                points.push(Point { x: x[s], y: top[l] + band[l] });
            }
            points.push(Point { x: port_x(&in_ports, lower, c), y: boxes[lower].y });
            let arrow_at_end = arrow_to_target(edge.relation).map(|to_target| {
                let head = if to_target { edge.to } else { edge.from };
                head == lower
            });
            EdgeLayout { edge, points, arrow_at_end, label: None }
        })
        .collect()
}

/// How often the layout is made again with taller gaps for labels that found no clear space.
const MAX_LABEL_TRIES: usize = 6;

/// The box of every node, by node index: centred on its slot's `x`, as tall as its layer.
fn node_boxes(
    count: usize,
    layers: &[Vec<usize>],
    slots: &[Slot],
    x: &[f64],
    sizes: &[(f64, f64)],
    top: &[f64],
    band: &[f64],
) -> Vec<Rect> {
    let mut boxes = vec![Rect { x: 0.0, y: 0.0, width: 0.0, height: 0.0 }; count];
    for (l, layer) in layers.iter().enumerate() {
        for &s in layer {
            if let Some(n) = slots[s].node {
                boxes[n] = Rect {
                    x: x[s] - sizes[n].0 / 2.0,
                    y: top[l],
                    width: sizes[n].0,
                    height: band[l],
                };
            }
        }
    }
    boxes
}

/// Writes the SVG of a laid-out scheme: edges first, then labels, then the boxes on top.
#[must_use]
pub fn render_scheme(title: &str, nodes: &[NodeInput], layout: &SchemeLayout) -> String {
    let bodies = nodes.iter().filter(|n| !n.is_role).count();
    let desc = format!(
        "{title}: {bodies} bodies, {} roles and {} relations between them.",
        nodes.len() - bodies,
        layout.edges.len()
    );
    let mut svg = open_svg("gw-scheme", layout.width, layout.height, title, &desc);
    svg.push_str("<g class=\"gw-edges\">");
    for edge in &layout.edges {
        let (_, _, class) = relation_style(edge.edge.relation);
        // The title says what the front matter says, from the page that declares the relation
        // to the one it names, whichever way the arrow points: what hover text and screen
        // readers tell must be the relation itself.
        let from = &nodes[edge.edge.from].title;
        let to = &nodes[edge.edge.to].title;
        let _ = write!(
            svg,
            "<path class=\"gw-edge {class}\" d=\"{}\" fill=\"none\" stroke=\"#5b6478\"{}>\
             <title>{} {} {}</title></path>",
            path_data(&edge.points),
            dash(edge.edge.relation),
            escape(from),
            edge.edge.relation.phrase(),
            escape(to),
        );
        if let Some(at_end) = edge.arrow_at_end {
            let n = edge.points.len();
            let (tip, from) = if at_end {
                (edge.points[n - 1], edge.points[n - 2])
            } else {
                (edge.points[0], edge.points[1])
            };
            let _ = write!(
                svg,
                "<path class=\"gw-arrow\" fill=\"#5b6478\" d=\"{}\"/>",
                arrow(tip, from)
            );
        }
    }
    svg.push_str("</g><g class=\"gw-labels\">");
    for (rect, text) in layout.edges.iter().filter_map(|e| e.label) {
        let _ = write!(
            svg,
            "<rect class=\"gw-label-bg\" fill=\"#ffffff\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/>\
             <text class=\"gw-muted\" fill=\"#5b6478\" x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\">{}</text>",
            num(rect.x),
            num(rect.y),
            num(rect.width),
            num(rect.height),
            num(rect.center().x),
            num(rect.y + LABEL_HEIGHT - 3.5),
            num(LABEL_SIZE),
            escape(text),
        );
    }
    svg.push_str("</g><g class=\"gw-nodes\">");
    for (n, node) in nodes.iter().enumerate() {
        write_box(&mut svg, node, &layout.boxes[n], &layout.lines[n]);
    }
    svg.push_str("</g>");
    write_legend(&mut svg, layout);
    svg.push_str("</svg>");
    svg
}

fn write_box(svg: &mut String, node: &NodeInput, rect: &Rect, lines: &[String]) {
    let kind = if node.is_role { "role" } else { "body" };
    let (fill, stroke) = if node.is_role { ("#fbf3e3", "#9a6a12") } else { ("#e3ecfb", "#2f5597") };
    if let Some(href) = &node.href {
        let _ = write!(svg, "<a href=\"{}\">", escape(href));
    } else {
        svg.push_str("<g>");
    }
    let name = match &node.abbr {
        Some(abbr) => format!("{} ({abbr})", node.title),
        None => node.title.clone(),
    };
    let _ = write!(
        svg,
        "<title>{} ({kind})</title><rect class=\"gw-box gw-box-{kind}{}\" fill=\"{fill}\" \
         stroke=\"{stroke}\"{} x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/>",
        escape(&name),
        if node.current { " gw-box-current" } else { "" },
        if node.is_role { " stroke-dasharray=\"5 3\"" } else { "" },
        num(rect.x),
        num(rect.y),
        num(rect.width),
        num(rect.height),
    );
    #[allow(clippy::cast_precision_loss)]
    let text_height = lines.len() as f64 * LINE_HEIGHT;
    let first = rect.y + (rect.height - text_height) / 2.0 + LINE_HEIGHT * 0.75;
    let cx = num(rect.center().x);
    let _ = write!(svg, "<text class=\"gw-text\" fill=\"#1d2330\" text-anchor=\"middle\">");
    for (i, line) in lines.iter().enumerate() {
        let is_abbr = node.abbr.is_some() && i + 1 == lines.len();
        #[allow(clippy::cast_precision_loss)]
        let y = first + i as f64 * LINE_HEIGHT;
        let _ = write!(
            svg,
            "<tspan x=\"{cx}\" y=\"{}\"{}>{}</tspan>",
            num(y),
            if is_abbr { " class=\"gw-muted\" fill=\"#5b6478\"" } else { "" },
            escape(line)
        );
    }
    svg.push_str("</text>");
    svg.push_str(if node.href.is_some() { "</a>" } else { "</g>" });
}

fn write_legend(svg: &mut String, layout: &SchemeLayout) {
    let legend = layout.legend;
    let _ = write!(
        svg,
        "<g class=\"gw-legend\"><text class=\"gw-muted\" fill=\"#5b6478\" x=\"{}\" y=\"{}\" font-size=\"{}\">Legend</text>",
        num(legend.x),
        num(legend.y + 13.0),
        num(LABEL_SIZE)
    );
    let mut y = legend.y + LEGEND_ROW;
    let sample = |svg: &mut String,
                  y: f64,
                  class: &str,
                  fill: &str,
                  stroke: &str,
                  extra: &str,
                  text: &str| {
        let _ = write!(
            svg,
            "<rect class=\"gw-box {class}\" fill=\"{fill}\" stroke=\"{stroke}\"{extra} x=\"{}\" y=\"{}\" width=\"40\" height=\"14\" rx=\"3\"/>\
             <text class=\"gw-text\" fill=\"#1d2330\" x=\"{}\" y=\"{}\" font-size=\"{}\">{text}</text>",
            num(legend.x),
            num(y),
            num(legend.x + 50.0),
            num(y + 11.0),
            num(LABEL_SIZE),
        );
    };
    sample(svg, y, "gw-box-body", "#e3ecfb", "#2f5597", "", "governance body");
    y += LEGEND_ROW;
    if layout.has_roles {
        sample(svg, y, "gw-box-role", "#fbf3e3", "#9a6a12", " stroke-dasharray=\"5 3\"", "role");
        y += LEGEND_ROW;
    }
    for &relation in &layout.legend_relations {
        let (text, _, class) = relation_style(relation);
        let (x0, x1, mid) = (legend.x, legend.x + 40.0, y + 7.0);
        let _ = write!(
            svg,
            "<path class=\"gw-edge {class}\" fill=\"none\" stroke=\"#5b6478\"{} d=\"M{} {}H{}\"/>",
            dash(relation),
            num(x0),
            num(mid),
            num(x1),
        );
        if arrow_to_target(relation).is_some() {
            let _ = write!(
                svg,
                "<path class=\"gw-arrow\" fill=\"#5b6478\" d=\"{}\"/>",
                arrow(Point { x: x1, y: mid }, Point { x: x0, y: mid })
            );
        }
        let _ = write!(
            svg,
            "<text class=\"gw-text\" fill=\"#1d2330\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
            num(legend.x + 50.0),
            num(y + 11.0),
            num(LABEL_SIZE),
            escape(text),
        );
        y += LEGEND_ROW;
    }
    svg.push_str("</g>");
}

/// The dash pattern of a relation's line, as an attribute.
///
/// Each relation has a pattern of its own, told apart without colour and in print: a thick
/// solid line, medium dashes, dots, dash and dot, long dashes, dash and two dots.
fn dash(relation: Relation) -> &'static str {
    match relation {
        Relation::PartOf => " stroke-width=\"2\"",
        Relation::NominatedBy => " stroke-dasharray=\"7 4\"",
        Relation::Advises => " stroke-dasharray=\"2 3\"",
        Relation::ReportsTo => " stroke-dasharray=\"10 3 2 3\"",
        Relation::HeldBy => " stroke-dasharray=\"16 5\"",
        Relation::ContributesTo => " stroke-dasharray=\"8 3 2 3 2 3\"",
    }
}

fn path_data(points: &[Point]) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, num(p.x), num(p.y));
    }
    d
}

/// A filled triangle with its tip at `tip`, pointing away from `from`.
fn arrow(tip: Point, from: Point) -> String {
    let (dx, dy) = (tip.x - from.x, tip.y - from.y);
    let length = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / length, dy / length);
    let (bx, by) = (tip.x - ux * ARROW_LENGTH, tip.y - uy * ARROW_LENGTH);
    let (px, py) = (-uy * ARROW_HALF_WIDTH, ux * ARROW_HALF_WIDTH);
    format!(
        "M{} {}L{} {}L{} {}Z",
        num(tip.x),
        num(tip.y),
        num(bx + px),
        num(by + py),
        num(bx - px),
        num(by - py)
    )
}

mod labels;
#[cfg(test)]
pub(crate) mod tests;
