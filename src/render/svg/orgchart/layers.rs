//! The four phases of a layered (Sugiyama) layout, on one level of a scheme: cycles broken,
//! layers assigned, crossings reduced and horizontal positions found.

use super::{DUMMY_WIDTH, NODE_GAP};

/// A node of the layered graph: a box, or a dummy that carries an edge through a layer.
#[derive(Clone, Copy, Debug)]
pub(super) struct Slot {
    pub(super) width: f64,
    /// The item of the level, or `None` for a dummy.
    pub(super) node: Option<usize>,
}

/// The layering edges (upper, lower, input index) of `edges`, each (from, to) with its target
/// meant to sit higher, after the back edges of a depth-first search from the nodes in
/// `order` are reversed.
pub(super) fn break_cycles(
    count: usize,
    edges: &[(usize, usize)],
    order: &[usize],
) -> Vec<(usize, usize, usize)> {
    let mut down: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
    for (index, &(from, to)) in edges.iter().enumerate() {
        down[to].push((from, index));
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
        .map(|(i, &(from, to))| if reversed[i] { (from, to, i) } else { (to, from, i) })
        .collect()
}

/// Layer numbers. The nodes that lead (all but the `follows` nodes that point down at
/// nothing) get theirs from the longest path from the top; a node that only points down is
/// then moved down to just above the highest node it points at, and a node related to no
/// other leading node goes to their lowest layer: it has authority over none, so it does not
/// stand at the top. A follower (a role) stands one layer below the lowest node it points at,
/// beside what it relates to rather than deciding the rows of the bodies.
pub(super) fn assign_layers(
    count: usize,
    directed: &[(usize, usize, usize)],
    follows: &[bool],
) -> Vec<usize> {
    let mut follower = follows.to_vec();
    follower.resize(count, false);
    for &(upper, _, _) in directed {
        follower[upper] = false;
    }
    let leads: Vec<(usize, usize)> = directed
        .iter()
        .filter(|&&(upper, lower, _)| !follower[upper] && !follower[lower])
        .map(|&(upper, lower, _)| (upper, lower))
        .collect();
    let mut layer = vec![0usize; count];
    // Longest path by relaxation: the graph is acyclic, so `count` rounds suffice.
    for _ in 0..count {
        let mut changed = false;
        for &(upper, lower) in &leads {
            if layer[lower] < layer[upper] + 1 {
                layer[lower] = layer[upper] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut has_upper = vec![false; count];
    let mut related = vec![false; count];
    for &(upper, lower) in &leads {
        has_upper[lower] = true;
        related[upper] = true;
        related[lower] = true;
    }
    for node in 0..count {
        if has_upper[node] {
            continue;
        }
        let lowest = leads.iter().filter(|&&(u, _)| u == node).map(|&(_, l)| layer[l]).min();
        if let Some(lowest) = lowest {
            layer[node] = lowest.saturating_sub(1);
        }
    }
    let bottom = (0..count).filter(|&n| !follower[n]).map(|n| layer[n]).max().unwrap_or(0);
    for node in (0..count).filter(|&n| !related[n] && !follower[n]) {
        layer[node] = bottom;
    }
    for node in (0..count).filter(|&n| follower[n]) {
        let above = directed.iter().filter(|&&(_, l, _)| l == node).map(|&(u, _, _)| layer[u]);
        layer[node] = above.max().map_or(bottom, |l| l + 1);
    }
    layer
}

/// The layers with dummy slots, the slots, and per edge its chain of slots from top to bottom.
#[allow(clippy::type_complexity)]
pub(super) fn insert_dummies(
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

/// Per slot, its neighbours in the layer above and in the layer below, each in the order of
/// the edges. They are kept in two flat lists, not one list per slot: most slots of a large
/// scheme are dummies with one neighbour each way, and a list of their own each would hold
/// more memory than the rest of the layout.
pub(super) struct Neighbours {
    /// The neighbours above of slot `s` are `above[above_at[s]..above_at[s + 1]]`.
    above_at: Vec<usize>,
    above: Vec<usize>,
    /// The same for the neighbours below.
    below_at: Vec<usize>,
    below: Vec<usize>,
}

impl Neighbours {
    /// The neighbours of `count` slots joined by the edges `pairs`, each (upper, lower).
    pub(super) fn new(
        count: usize,
        pairs: impl Iterator<Item = (usize, usize)> + Clone,
    ) -> Neighbours {
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

    pub(super) fn above(&self, slot: usize) -> &[usize] {
        &self.above[self.above_at[slot]..self.above_at[slot + 1]]
    }

    pub(super) fn below(&self, slot: usize) -> &[usize] {
        &self.below[self.below_at[slot]..self.below_at[slot + 1]]
    }
}

/// A stable tie-breaking key per slot: boxes by id (`by_id` lists the nodes in that order),
/// dummies after them, by creation. A large scheme has many more dummies than boxes, so the
/// key is a number rather than the id itself.
pub(super) fn order_keys(slots: &[Slot], by_id: &[usize]) -> Vec<usize> {
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
pub(super) fn reduce_crossings(layers: &mut [Vec<usize>], neighbours: &Neighbours, keys: &[usize]) {
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
pub(super) fn sweep(round: usize, layers: usize) -> (bool, Vec<usize>) {
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
pub(super) fn count_crossings(
    layers: &[Vec<usize>],
    neighbours: &Neighbours,
    position: &[f64],
) -> usize {
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
/// neighbours' centres while keeping order and spacing; the leftmost slot starts at `left`.
pub(super) fn assign_x(
    layers: &[Vec<usize>],
    slots: &[Slot],
    neighbours: &Neighbours,
    left: f64,
) -> Vec<f64> {
    let mut x = vec![0.0f64; slots.len()];
    for layer in layers {
        let mut next = left;
        for &s in layer {
            x[s] = next + slots[s].width / 2.0;
            next += slots[s].width + NODE_GAP;
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
    // Shift so that the leftmost edge of anything is at `left`.
    let leftmost = slots
        .iter()
        .enumerate()
        .map(|(s, slot)| x[s] - slot.width / 2.0)
        .fold(f64::INFINITY, f64::min);
    if leftmost.is_finite() {
        for value in &mut x {
            *value += left - leftmost;
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
