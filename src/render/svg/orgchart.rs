//! The organisational scheme: bodies (and the roles their relations name) as boxes, laid out
//! in layers with the Sugiyama method, and the relations as styled, labelled edges.
//!
//! Input: nodes and relations ([`NodeInput`], [`EdgeInput`]). Output: a [`SchemeLayout`]
//! (plain geometry) and the SVG written from it.
//!
//! Containment is drawn as nesting: a body with parts is a frame around them, its own box at
//! the frame's top ([`nest`]); a role stands beside what it relates to, inside the innermost
//! frame that holds all of it. The scheme and the inside of each frame are each laid out as a
//! layered graph ([`level`]), innermost first, a frame being one large box of the level it
//! stands in. Authority reads top-down: every other relation points from the page that
//! declares it to its target, and the target sits higher, so a nominating body stands above
//! the body it nominates, an advised or superior body above its adviser or reporter, a body
//! above the role it holds or that contributes to it. A relation between boxes in different
//! frames is laid out in the innermost level that holds both, and within each frame it
//! crosses from a port on the frame's border, in a column of its own.
//!
//! Each level runs the four classic phases ([`layers`]): (1) cycles are broken by reversing
//! the back edges of a depth-first search; (2) layers come from the longest path, with nodes
//! that only point down pulled next to what they point at, and nodes without relations at the
//! bottom; an edge over several layers gets a dummy node per layer between; (3) crossings are
//! reduced by barycentre sweeps down and up, keeping the best order seen; (4) each layer in
//! turn is moved as close as possible to the mean position of its neighbours, under the
//! constraint that boxes keep their order and spacing, solved exactly by isotonic regression.
//!
//! Invariants the tests check: boxes never overlap, and a frame holds exactly its parts'
//! boxes and frames; an edge passes layers only through its dummy nodes' columns and frames
//! only through their ports, so it crosses no box; every edge starts and ends on a box or
//! frame border; labels overlap no box and straddle no frame's border; the same input gives
//! the same bytes.

use std::collections::HashMap;
use std::fmt::Write as _;

use self::labels::{CLEAR_LABELS_UP_TO, LABEL_OFFSET, place_labels};
use self::level::{Across, Down, Item, Plan};
use self::nest::{Nesting, SCHEME};
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
    /// One box per input node; a node with parts has its box at the top of its frame.
    pub boxes: Vec<Rect>,
    /// The frame around the parts of each node that has parts.
    pub frames: Vec<Option<Rect>>,
    /// Per node, the node whose frame it is drawn in as one of its parts.
    pub part_of: Vec<Option<usize>>,
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
/// The space between a frame's border and what it holds.
const FRAME_PAD: f64 = 10.0;
/// The least distance between two lines that meet a frame's border.
const PORT_CLEARANCE: f64 = 12.0;
const LABEL_SIZE: f64 = 11.0;
/// How far the theme may shrink the scheme to fit its column: its smallest text, the labels,
/// then reads 9 px.
pub const LEAST_SCALE: f64 = 9.0 / LABEL_SIZE;
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
        Relation::DelegatesTo => ("delegates to", Some("delegates"), "gw-edge-delegates"),
        Relation::HeldBy => ("holds the role", Some("holds"), "gw-edge-holds"),
        Relation::ContributesTo => ("contributes to", Some("contributes"), "gw-edge-contributes"),
    }
}

/// Whether the arrow points at the relation's target (`to`), or back at the declaring node.
fn arrow_to_target(relation: Relation) -> Option<bool> {
    match relation {
        Relation::PartOf => None,
        Relation::Advises
        | Relation::ReportsTo
        | Relation::ContributesTo
        | Relation::DelegatesTo => Some(true),
        Relation::NominatedBy | Relation::HeldBy => Some(false),
    }
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
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| nodes[a].id.cmp(&nodes[b].id));
    let mut by_id = vec![0; nodes.len()];
    for (rank, &node) in order.iter().enumerate() {
        by_id[node] = rank;
    }
    let edges: Vec<EdgeInput> = edges
        .iter()
        .copied()
        .filter(|e| e.from != e.to && e.from < nodes.len() && e.to < nodes.len())
        .collect();
    let is_role: Vec<bool> = nodes.iter().map(|n| n.is_role).collect();
    let nesting = Nesting::new(nodes.len(), &is_role, &edges, &order);
    let drawn: Vec<EdgeInput> =
        edges.iter().zip(&nesting.nests).filter(|(_, nests)| !**nests).map(|(e, _)| *e).collect();
    let (plans, ends) = level::plan(&nesting, &drawn, &by_id, &is_role);

    // Across, from the innermost level out: a frame is as wide as its inside.
    let count = plans.len();
    let pad = |level: usize| if level == SCHEME { MARGIN } else { FRAME_PAD };
    let mut across: Vec<Option<Across>> = (0..count).map(|_| None).collect();
    for level in (0..count).rev() {
        let plan = &plans[level];
        let own = nesting.levels[level].frame_of;
        let widths: Vec<f64> = plan
            .items
            .iter()
            .map(|item| match *item {
                Item::Node(n) => match nesting.inside[n] {
                    Some(inside) => across[inside].as_ref().map_or(sizes[n].0, |a| a.width),
                    None => sizes[n].0,
                },
                Item::Own => own.map_or(0.0, |n| sizes[n].0),
                Item::Port { .. } => DUMMY_WIDTH,
            })
            .collect();
        let mut keys: Vec<usize> = (0..plan.items.len()).collect();
        keys.sort_by_key(|&i| match plan.items[i] {
            Item::Node(n) => (0, by_id[n]),
            Item::Own => (1, 0),
            Item::Port { edge, top } => (2 + usize::from(!top), edge),
        });
        across[level] = Some(level::across(plan, &widths, &keys, pad(level)));
    }
    let across: Vec<Across> = across.into_iter().flatten().collect();

    // Down, from the innermost level out, and again with taller gaps beside each label that
    // found no clear space: a dense scheme gets taller rather than its labels crowded.
    let mut gaps: Vec<Vec<f64>> = (0..count)
        .map(|l| level::first_gaps(&plans[l], across[l].layers.len(), l != SCHEME))
        .collect();
    let mut tries = 0;
    let (downs, boxes, frames, edges_out) = loop {
        let downs = lay_down(&plans, &across, &nesting, &sizes, &gaps);
        let (boxes, frames, offsets) = place(&plans, &downs, &nesting, nodes.len());
        let mut edges_out = join(&plans, &across, &downs, &nesting, &offsets, &drawn, &ends);
        let thorough = edges_out.len() <= CLEAR_LABELS_UP_TO;
        let frame_rects: Vec<Rect> = frames.iter().flatten().copied().collect();
        let crowded = place_labels(&mut edges_out, &boxes, &frame_rects, thorough);
        tries += 1;
        if crowded.is_empty() || tries == MAX_LABEL_TRIES {
            break (downs, boxes, frames, edges_out);
        }
        for edge in crowded {
            let (upper, lower) = ends[edge];
            for node in [upper, lower] {
                let level = nesting.home[node];
                let Some(item) = plans[level].items.iter().position(|&i| i == Item::Node(node))
                else {
                    continue;
                };
                let layer = plans[level].layer[item];
                for gap in [layer, layer.saturating_sub(1)] {
                    if let Some(gap) = gaps[level].get_mut(gap) {
                        *gap += LABEL_HEIGHT + 2.0 * LABEL_OFFSET;
                    }
                }
            }
        }
    };
    let layers_bottom = downs[SCHEME].height;

    let mut legend_relations: Vec<Relation> = edges_out.iter().map(|e| e.edge.relation).collect();
    legend_relations.sort();
    legend_relations.dedup();
    let has_roles = nodes.iter().any(|n| n.is_role);
    let has_frames = frames.iter().any(Option::is_some);
    let legend_rows = legend_relations.len() + 1 + usize::from(has_roles) + usize::from(has_frames);
    #[allow(clippy::cast_precision_loss)]
    let legend_height = legend_rows as f64 * LEGEND_ROW;
    let content_right = boxes
        .iter()
        .chain(frames.iter().flatten())
        .map(Rect::right)
        .chain(edges_out.iter().flat_map(|e| e.points.iter().map(|p| p.x + DUMMY_WIDTH / 2.0)))
        .chain(edges_out.iter().filter_map(|e| e.label.map(|(r, _)| r.right())))
        .fold(across[SCHEME].width - MARGIN, f64::max);
    let legend_width = 260.0;
    let width = (content_right.max(MARGIN + legend_width) + MARGIN).ceil();
    let legend =
        Rect { x: MARGIN, y: layers_bottom + 28.0, width: legend_width, height: legend_height };
    let height = (legend.bottom() + MARGIN).ceil();
    SchemeLayout {
        width,
        height,
        boxes,
        frames,
        part_of: nesting.part_of.clone(),
        lines,
        edges: edges_out,
        legend,
        legend_relations,
        has_roles,
    }
}

/// Every level laid out down, from the innermost out: a frame is as tall as its inside.
fn lay_down(
    plans: &[Plan],
    across: &[Across],
    nesting: &Nesting,
    sizes: &[(f64, f64)],
    gaps: &[Vec<f64>],
) -> Vec<Down> {
    let count = plans.len();
    let mut downs: Vec<Option<Down>> = (0..count).map(|_| None).collect();
    for level in (0..count).rev() {
        let plan = &plans[level];
        let own = nesting.levels[level].frame_of;
        // The boxes of a layer are as tall as the tallest, so that a row reads as one; a
        // frame is as tall as its inside.
        let mut row = vec![0.0f64; across[level].layers.len()];
        for (item, &l) in plan.items.iter().zip(&plan.layer) {
            if let Item::Node(n) = *item
                && nesting.inside[n].is_none()
            {
                row[l] = row[l].max(sizes[n].1);
            }
        }
        let heights: Vec<f64> = plan
            .items
            .iter()
            .zip(&plan.layer)
            .map(|(item, &l)| match *item {
                Item::Node(n) => match nesting.inside[n] {
                    Some(inside) => downs[inside].as_ref().map_or(sizes[n].1, |d| d.height),
                    None => row[l],
                },
                Item::Own => own.map_or(0.0, |n| sizes[n].1),
                Item::Port { .. } => 0.0,
            })
            .collect();
        let (start, pad) = if level == SCHEME { (MARGIN, 0.0) } else { (FRAME_PAD, FRAME_PAD) };
        downs[level] = Some(level::down(plan, &across[level], &heights, &gaps[level], start, pad));
    }
    downs.into_iter().flatten().collect()
}

/// The boxes and frames of the nodes on the canvas, and the offset of each level.
#[allow(clippy::type_complexity)]
fn place(
    plans: &[Plan],
    downs: &[Down],
    nesting: &Nesting,
    count: usize,
) -> (Vec<Rect>, Vec<Option<Rect>>, Vec<Point>) {
    let mut boxes = vec![Rect { x: 0.0, y: 0.0, width: 0.0, height: 0.0 }; count];
    let mut frames = vec![None; count];
    let mut offsets = vec![Point { x: 0.0, y: 0.0 }; plans.len()];
    // Levels come after the level they stand in.
    for (level, plan) in plans.iter().enumerate() {
        let at = offsets[level];
        for (item, rect) in plan.items.iter().zip(&downs[level].rects) {
            let rect = Rect { x: rect.x + at.x, y: rect.y + at.y, ..*rect };
            match *item {
                Item::Node(n) => match nesting.inside[n] {
                    Some(inside) => {
                        frames[n] = Some(rect);
                        offsets[inside] = Point { x: rect.x, y: rect.y };
                    }
                    None => boxes[n] = rect,
                },
                Item::Own => {
                    if let Some(n) = nesting.levels[level].frame_of {
                        boxes[n] = rect;
                    }
                }
                Item::Port { .. } => {}
            }
        }
    }
    (boxes, frames, offsets)
}

/// The line of every relation drawn: its pieces in each level, on the canvas, joined from its
/// upper end to its lower end.
fn join(
    plans: &[Plan],
    across: &[Across],
    downs: &[Down],
    nesting: &Nesting,
    offsets: &[Point],
    drawn: &[EdgeInput],
    ends: &level::Ends,
) -> Vec<EdgeLayout> {
    let mut pieces: Vec<Vec<(level::Piece, Vec<Point>)>> = vec![Vec::new(); drawn.len()];
    for (level, plan) in plans.iter().enumerate() {
        let fixed = frame_ends(plans, across, downs, nesting, level);
        let at = offsets[level];
        for (edge, points) in
            plan.edges.iter().zip(level::route(plan, &across[level], &downs[level], &fixed))
        {
            let points =
                points.into_iter().map(|p| Point { x: p.x + at.x, y: p.y + at.y }).collect();
            pieces[edge.edge].push((edge.piece, points));
        }
    }
    drawn
        .iter()
        .zip(pieces)
        .enumerate()
        .map(|(e, (&edge, mut pieces))| {
            pieces.sort_by_key(|(piece, _)| *piece);
            let mut points: Vec<Point> = Vec::new();
            for (_, piece) in pieces {
                for p in piece {
                    let same = points
                        .last()
                        .is_some_and(|q| (q.x - p.x).abs() < 1e-6 && (q.y - p.y).abs() < 1e-6);
                    if !same {
                        points.push(p);
                    }
                }
            }
            let lower = ends[e].1;
            let arrow_at_end = arrow_to_target(edge.relation).map(|to_target| {
                let head = if to_target { edge.to } else { edge.from };
                head == lower
            });
            EdgeLayout { edge, points, arrow_at_end, label: None }
        })
        .collect()
}

/// Where the lines of `level` meet the frames in it, in the level's coordinates: at the port
/// inside for a line that goes on in, and for a line to the frame's own node, spread along
/// its own box from above, along its bottom border from below.
fn frame_ends(
    plans: &[Plan],
    across: &[Across],
    downs: &[Down],
    nesting: &Nesting,
    level: usize,
) -> level::FixedX {
    let plan = &plans[level];
    let mut fixed = level::FixedX::new();
    let mut own: HashMap<(usize, bool), Vec<usize>> = HashMap::new();
    let mut taken: HashMap<(usize, bool), Vec<f64>> = HashMap::new();
    for (index, edge) in plan.edges.iter().enumerate() {
        for (item, lower) in [(edge.upper, false), (edge.lower, true)] {
            let Item::Node(n) = plan.items[item] else { continue };
            let Some(inside) = nesting.inside[n] else { continue };
            let frame = downs[level].rects[item];
            match plans[inside].ports.get(&(edge.edge, lower)) {
                // An item's slot has the item's index.
                Some(&port) => {
                    let x = frame.x + across[inside].x[port];
                    fixed.insert((index, lower), x);
                    taken.entry((item, lower)).or_default().push(x);
                }
                None => own.entry((item, lower)).or_default().push(index),
            }
        }
    }
    for ((item, lower), list) in own {
        let frame = downs[level].rects[item];
        let Item::Node(n) = plan.items[item] else { continue };
        let Some(inside) = nesting.inside[n] else { continue };
        // From above, a line points at the frame's own box; from below, it leaves the
        // frame's bottom border.
        let span = if lower {
            let own_item = plans[inside].items.iter().position(|&i| i == Item::Own);
            let own_box = own_item.map_or(frame, |i| downs[inside].rects[i]);
            (frame.x + own_box.x, own_box.width)
        } else {
            (frame.x, frame.width)
        };
        #[allow(clippy::cast_precision_loss)]
        let n = list.len() as f64;
        // Clear of the lines that go on through the same border, so that no two meet there.
        let taken = taken.get(&(item, lower)).map_or(&[][..], Vec::as_slice);
        for (i, index) in list.into_iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let i = i as f64;
            let mut x = span.0 + span.1 * (0.15 + 0.7 * (i + 1.0) / (n + 1.0));
            while let Some(port) = taken.iter().find(|&&t| (t - x).abs() < PORT_CLEARANCE) {
                x = port + PORT_CLEARANCE;
            }
            fixed.insert((index, lower), x.min(frame.right() - PORT_CLEARANCE));
        }
    }
    fixed
}

fn box_lines(node: &NodeInput) -> Vec<String> {
    let mut lines = wrap(&node.title, MAX_TEXT, FONT_SIZE);
    if let Some(abbr) = &node.abbr {
        lines.push(format!("({abbr})"));
    }
    lines
}

/// How often the layout is made again with taller gaps for labels that found no clear space.
const MAX_LABEL_TRIES: usize = 6;

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
    // The least width the theme shrinks the scheme to, as a custom property its stylesheet
    // reads: any narrower and the labels would read smaller than 9 px.
    let least =
        format!(" style=\"--gw-least-width: {}px\"", num((layout.width * LEAST_SCALE).ceil()));
    svg.insert_str("<svg".len(), &least);
    // Frames before anything else, the outer before the inner, so that what a frame holds is
    // drawn over it.
    let mut frames: Vec<(usize, &Rect)> =
        layout.frames.iter().enumerate().filter_map(|(n, f)| f.as_ref().map(|f| (n, f))).collect();
    frames.sort_by(|a, b| (b.1.width * b.1.height).total_cmp(&(a.1.width * a.1.height)));
    svg.push_str("<g class=\"gw-frames\">");
    for (n, frame) in frames {
        let parts: Vec<&str> = (0..nodes.len())
            .filter(|&p| layout.part_of.get(p).copied().flatten() == Some(n))
            .map(|p| nodes[p].title.as_str())
            .collect();
        let _ = write!(
            svg,
            "<rect class=\"gw-frame\" fill=\"#f4f7fc\" stroke=\"#2f5597\" x=\"{}\" y=\"{}\" \
             width=\"{}\" height=\"{}\" rx=\"10\"><title>{} {} part of {}</title></rect>",
            num(frame.x),
            num(frame.y),
            num(frame.width),
            num(frame.height),
            escape(&in_words(&parts)),
            if parts.len() == 1 { "is" } else { "are" },
            escape(&nodes[n].title),
        );
    }
    svg.push_str("</g><g class=\"gw-edges\">");
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

/// A list in words: "A", "A and B", "A, B and C".
fn in_words(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
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
    if layout.frames.iter().any(Option::is_some) {
        sample(svg, y, "gw-frame", "#f4f7fc", "#2f5597", "", "a body's parts, in its frame");
        y += LEGEND_ROW;
    }
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
/// solid line, medium dashes, dots, dash and dot, long dashes, dash and two dots, and short
/// heavy dashes.
fn dash(relation: Relation) -> &'static str {
    match relation {
        Relation::PartOf => " stroke-width=\"2\"",
        Relation::NominatedBy => " stroke-dasharray=\"7 4\"",
        Relation::Advises => " stroke-dasharray=\"2 3\"",
        Relation::ReportsTo => " stroke-dasharray=\"10 3 2 3\"",
        Relation::HeldBy => " stroke-dasharray=\"16 5\"",
        Relation::ContributesTo => " stroke-dasharray=\"8 3 2 3 2 3\"",
        Relation::DelegatesTo => " stroke-dasharray=\"4 3\" stroke-width=\"2\"",
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
mod layers;
mod level;
mod nest;
#[cfg(test)]
pub(crate) mod tests;
