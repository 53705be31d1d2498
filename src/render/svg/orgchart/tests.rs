use super::labels::arrowhead_box;
use super::layers::{Neighbours, count_crossings};
use super::*;
use crate::render::svg::testing::Rng;

const WORDS: &[&str] = &[
    "Steering",
    "Group",
    "Technical",
    "Advisory",
    "Committee",
    "Desk",
    "Coordination",
    "Implementers",
    "Developers",
    "Knowledge",
    "Hub",
    "Board",
    "Council",
    "Working",
    "Forum",
    "Regional",
    "Product",
    "Stakeholder",
    "Assembly",
    "Secretariat",
];

/// `bodies` bodies in a `part_of` forest with random other relations, and a few roles.
pub(crate) fn random_model(bodies: usize, seed: u64) -> (Vec<NodeInput>, Vec<EdgeInput>) {
    let mut rng = Rng(seed);
    let roles = bodies / 5 + 1;
    let nodes: Vec<NodeInput> = (0..bodies + roles)
        .map(|i| {
            let words = 1 + rng.below(5);
            let title: Vec<&str> = (0..words).map(|_| WORDS[rng.below(WORDS.len())]).collect();
            NodeInput {
                id: format!("node-{i:03}"),
                title: title.join(" "),
                abbr: (rng.below(3) == 0).then(|| format!("N{i}")),
                href: Some(format!("../node-{i}/index.html")),
                is_role: i >= bodies,
                current: false,
            }
        })
        .collect();
    let mut edges = Vec::new();
    for i in 1..bodies {
        if rng.below(10) < 7 {
            edges.push(EdgeInput { from: i, to: rng.below(i), relation: Relation::PartOf });
        }
    }
    let relations = [Relation::NominatedBy, Relation::Advises, Relation::ReportsTo];
    for _ in 0..bodies {
        let from = rng.below(bodies);
        let to = rng.below(bodies + roles);
        edges.push(EdgeInput { from, to, relation: relations[rng.below(3)] });
    }
    for r in bodies..bodies + roles {
        edges.push(EdgeInput { from: r, to: rng.below(bodies), relation: Relation::HeldBy });
    }
    (nodes, edges)
}

/// Every geometric promise of the scheme.
pub(crate) fn assert_sound(nodes: &[NodeInput], layout: &SchemeLayout) {
    let canvas = Rect { x: 0.0, y: 0.0, width: layout.width, height: layout.height };
    for (i, a) in layout.boxes.iter().enumerate() {
        assert!(canvas.contains(a), "box {i} {a:?} outside the canvas");
        for (j, b) in layout.boxes.iter().enumerate().skip(i + 1) {
            assert!(!a.overlaps(b), "boxes {i} and {j} overlap: {a:?} {b:?}");
        }
        let text = layout.lines[i].iter().map(|l| text_width(l, FONT_SIZE)).fold(0.0, f64::max);
        assert!(text + 2.0 * PADDING_X <= a.width + 1e-6, "text wider than box {i}");
    }
    assert!(canvas.contains(&layout.legend));
    for b in &layout.boxes {
        assert!(!b.overlaps(&layout.legend), "the legend covers a box");
    }
    // Frames nest or stand apart, and a box is inside a frame or clear of it.
    let frames: Vec<(usize, Rect)> =
        layout.frames.iter().enumerate().filter_map(|(n, f)| f.map(|f| (n, f))).collect();
    let holds = |outer: &Rect, inner: &Rect| {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.right() <= outer.right()
            && inner.bottom() <= outer.bottom()
    };
    for &(n, frame) in &frames {
        assert!(canvas.contains(&frame), "frame {n} outside the canvas");
        assert!(holds(&frame, &layout.boxes[n]), "frame {n} holds its own box");
        for (m, other) in layout.boxes.iter().enumerate() {
            assert!(
                holds(&frame, other) || !frame.overlaps(other),
                "box {m} straddles the frame of {n}"
            );
        }
        for &(m, other) in &frames {
            assert!(
                m == n || holds(&frame, &other) || holds(&other, &frame) || !frame.overlaps(&other),
                "frames {n} and {m} straddle each other"
            );
        }
    }
    for edge in &layout.edges {
        let shapes = |n: usize| [Some(layout.boxes[n]), layout.frames[n]];
        let on = |n: usize, p: Point| shapes(n).iter().flatten().any(|r| r.on_border(p));
        let (first, last) = (edge.points[0], edge.points[edge.points.len() - 1]);
        let (from, to) = (edge.edge.from, edge.edge.to);
        assert!(
            (on(from, first) && on(to, last)) || (on(to, first) && on(from, last)),
            "edge {:?} does not start and end on its boxes' borders: {:?}",
            edge.edge,
            edge.points
        );
        // A line enters a frame only to reach what the frame holds.
        for &(n, frame) in &frames {
            let reaches =
                [from, to].iter().any(|&end| end == n || holds(&frame, &layout.boxes[end]));
            if reaches {
                continue;
            }
            for pair in edge.points.windows(2) {
                assert!(
                    !frame.crossed_by(pair[0], pair[1]),
                    "edge {:?} runs through the frame of {}",
                    edge.edge,
                    nodes[n].title
                );
            }
        }
        if let Some((label, _)) = edge.label {
            for &(n, frame) in &frames {
                assert!(
                    holds(&frame, &label) || !frame.overlaps(&label),
                    "a label straddles the frame of {}",
                    nodes[n].title
                );
            }
        }
        for pair in edge.points.windows(2) {
            for (n, rect) in layout.boxes.iter().enumerate() {
                assert!(
                    !rect.crossed_by(pair[0], pair[1]),
                    "edge {:?} crosses box {n} ({})",
                    edge.edge,
                    nodes[n].title
                );
            }
        }
        if let Some((label, _)) = edge.label {
            assert!(canvas.contains(&label), "label outside the canvas: {label:?}");
            for (n, rect) in layout.boxes.iter().enumerate() {
                assert!(!label.overlaps(rect), "a label covers box {n}");
            }
        }
    }
}

#[test]
fn crossings_are_counted_as_every_pair_of_edges_would_count_them() {
    let mut rng = Rng(9);
    for _ in 0..200 {
        let (upper, lower) = (1 + rng.below(6), 1 + rng.below(6));
        let layers = vec![(0..upper).collect::<Vec<_>>(), (upper..upper + lower).collect()];
        let pairs: Vec<(usize, usize)> =
            (0..rng.below(12)).map(|_| (rng.below(upper), upper + rng.below(lower))).collect();
        let neighbours = Neighbours::new(upper + lower, pairs.iter().copied());
        #[allow(clippy::cast_precision_loss)]
        let position: Vec<f64> =
            (0..upper + lower).map(|s| if s < upper { s } else { s - upper } as f64).collect();
        let mut brute = 0;
        let edges: Vec<(f64, f64)> = (0..upper)
            .flat_map(|a| neighbours.below(a).iter().map(move |&b| (a, b)))
            .map(|(a, b)| (position[a], position[b]))
            .collect();
        for (i, x) in edges.iter().enumerate() {
            for y in &edges[i + 1..] {
                if (x.0 - y.0) * (x.1 - y.1) < 0.0 {
                    brute += 1;
                }
            }
        }
        assert_eq!(count_crossings(&layers, &neighbours, &position), brute);
    }
}

#[test]
fn random_models_of_10_50_and_200_bodies_lay_out_soundly() {
    for (bodies, seed) in [(10, 1), (10, 2), (50, 3), (50, 4), (200, 5)] {
        let (nodes, edges) = random_model(bodies, seed);
        let layout = layout_scheme(&nodes, &edges);
        assert_sound(&nodes, &layout);
        assert_eq!(layout.boxes.len(), nodes.len());
        let svg = render_scheme("Scheme", &nodes, &layout);
        assert_eq!(svg, render_scheme("Scheme", &nodes, &layout_scheme(&nodes, &edges)));
    }
}

fn plain(id: &str, is_role: bool) -> NodeInput {
    NodeInput { id: id.into(), title: id.into(), abbr: None, href: None, is_role, current: false }
}

fn holds(outer: &Rect, inner: &Rect) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.right() <= outer.right()
        && inner.bottom() <= outer.bottom()
}

#[test]
fn parts_are_drawn_inside_their_parent_s_frame_and_advisers_below_the_advised() {
    let nodes = vec![
        plain("group", false),
        plain("desk", false),
        plain("committee", false),
        plain("advisers", false),
    ];
    let edges = vec![
        EdgeInput { from: 1, to: 0, relation: Relation::PartOf },
        EdgeInput { from: 2, to: 0, relation: Relation::PartOf },
        EdgeInput { from: 3, to: 0, relation: Relation::Advises },
    ];
    let layout = layout_scheme(&nodes, &edges);
    assert_sound(&nodes, &layout);
    let frame = layout.frames[0].expect("the group is a frame");
    assert!(layout.frames[1..].iter().all(Option::is_none));
    for part in [1, 2] {
        assert!(holds(&frame, &layout.boxes[part]), "part {part} inside the group's frame");
        assert!(layout.boxes[part].y > layout.boxes[0].bottom(), "part {part} below its box");
    }
    assert!(!frame.overlaps(&layout.boxes[3]), "the advisers are outside the group");
    let parent = layout.boxes[0].center().x;
    let (left, right) = (layout.boxes[1].center().x, layout.boxes[2].center().x);
    assert!(left.min(right) <= parent && parent <= left.max(right), "parent over parts");
    // Containment is the frame: the only line is the advice, from below the frame up to it.
    assert_eq!(layout.edges.len(), 1);
    let advises = &layout.edges[0];
    assert_eq!(advises.label.map(|(_, t)| t), Some("advises"));
    assert_eq!(advises.arrow_at_end, Some(false), "the arrow points up at the advised");
    assert!(layout.boxes[3].y > frame.bottom());
    assert!(frame.on_border(advises.points[0]), "the arrow ends on the group's frame");
    assert_eq!(layout.legend_relations, [Relation::Advises]);

    // A cycle (the group reports to its own adviser) is broken, not followed forever.
    let mut cyclic = edges.clone();
    cyclic.push(EdgeInput { from: 0, to: 3, relation: Relation::ReportsTo });
    let layout = layout_scheme(&nodes, &cyclic);
    assert_sound(&nodes, &layout);
    assert!(
        layout.frames[0]
            .is_some_and(|f| layout.boxes[3].y > f.bottom() || f.y > layout.boxes[3].bottom())
    );

    // A loop of parts is drawn as nesting as far as it goes, and its last link as a line.
    let looped = vec![
        EdgeInput { from: 1, to: 0, relation: Relation::PartOf },
        EdgeInput { from: 0, to: 1, relation: Relation::PartOf },
    ];
    let layout = layout_scheme(&nodes, &looped);
    assert_sound(&nodes, &layout);
    assert_eq!(layout.frames.iter().flatten().count(), 1);
    assert_eq!(layout.legend_relations, [Relation::PartOf]);
}

/// A relation between a box outside a frame and one inside crosses the frame's border at a
/// port, straight down its own column; a role held by a part stands inside the frame, and a
/// part reports to its own group's box.
#[test]
fn lines_reach_into_frames_and_roles_stand_beside_what_they_relate_to() {
    let nodes = vec![
        plain("board", false),
        plain("group", false),
        plain("desk", false),
        plain("committee", false),
        plain("clerk", true),
        plain("partners", true),
    ];
    let edge = |from, to, relation| EdgeInput { from, to, relation };
    let edges = vec![
        edge(2, 1, Relation::PartOf),
        edge(3, 1, Relation::PartOf),
        edge(2, 0, Relation::ReportsTo),
        edge(3, 2, Relation::ReportsTo),
        edge(3, 1, Relation::Advises),
        edge(4, 2, Relation::HeldBy),
        edge(5, 3, Relation::ContributesTo),
        edge(5, 0, Relation::ContributesTo),
    ];
    let layout = layout_scheme(&nodes, &edges);
    assert_sound(&nodes, &layout);
    let frame = layout.frames[1].expect("the group is a frame");
    assert!(holds(&frame, &layout.boxes[4]), "the clerk stands inside the group's frame");
    assert!(!frame.overlaps(&layout.boxes[5]), "the partners stand outside: they relate to both");
    assert!(layout.boxes[0].bottom() < frame.y, "the board stands above the group");
    assert!(layout.boxes[2].bottom() < layout.boxes[3].y, "the desk above the committee");
    let desk = layout.edges.iter().find(|e| e.edge.from == 2 && e.edge.to == 0).unwrap();
    // From the board down to the frame's top border, then inside the frame to the desk,
    // through the frame's first layer in a column of its own.
    let crossing = desk.points.iter().position(|p| (p.y - frame.y).abs() < 1e-6).unwrap();
    assert!(crossing > 0 && crossing + 1 < desk.points.len());
    assert!(desk.points[..crossing].iter().all(|p| p.y < frame.y));
    let inside = &desk.points[crossing..];
    assert!(inside.iter().all(|p| frame.x <= p.x && p.x <= frame.right() && p.y <= frame.bottom()));
    assert!((inside[0].x - inside[1].x).abs() < 1e-6 && inside[1].y >= layout.boxes[1].bottom());
    let advises = layout.edges.iter().find(|e| e.edge.relation == Relation::Advises).unwrap();
    assert!(
        layout.boxes[1].on_border(advises.points[0]),
        "a part's line to its own group ends on the group's box"
    );
}

/// Whether `label` keeps clear of every line, arrowhead, box and other label of `layout`.
fn clear_of_everything(layout: &SchemeLayout, edge: usize, label: &Rect) -> Result<(), String> {
    let on_own_line =
        layout.edges[edge].points.windows(2).any(|pair| label.crossed_by(pair[0], pair[1]));
    // Its own arrowhead included.
    if let Some(e) =
        layout.edges.iter().position(|e| arrowhead_box(e).is_some_and(|h| h.overlaps(label)))
    {
        return Err(format!("on the arrowhead of edge {e}"));
    }
    for (e, other) in layout.edges.iter().enumerate().filter(|&(e, _)| e != edge) {
        // The edges of a reciprocal pair run closer together than a label is wide: a label on
        // its own line may cover the other's line, and no other.
        let pair = [other.edge.from, other.edge.to]
            == [layout.edges[edge].edge.to, layout.edges[edge].edge.from]
            || [other.edge.from, other.edge.to]
                == [layout.edges[edge].edge.from, layout.edges[edge].edge.to];
        for segment in other.points.windows(2) {
            if label.crossed_by(segment[0], segment[1]) && !(on_own_line && pair) {
                return Err(format!("on the line of edge {e}"));
            }
        }
        if other.label.is_some_and(|(other_label, _)| other_label.overlaps(label)) {
            return Err(format!("on the label of edge {e}"));
        }
    }
    if let Some(n) = layout.boxes.iter().position(|b| b.overlaps(label)) {
        return Err(format!("on box {n}"));
    }
    if on_own_line {
        return Ok(());
    }
    // Beside its own line, no other line runs between the two, along the label's middle.
    let y = label.center().y;
    let own = layout.edges[edge].points.windows(2).find_map(|pair| {
        let (a, b) = (pair[0], pair[1]);
        let within = a.y.min(b.y) <= y && y <= a.y.max(b.y) && (b.y - a.y).abs() > 1e-9;
        within.then(|| a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y))
    });
    let own = own.ok_or("beside no segment of its own line")?;
    let (x0, x1) = if own < label.x { (own, label.x) } else { (label.right(), own) };
    let strip = Rect { x: x0, y: y - 0.5, width: x1 - x0, height: 1.0 };
    for (e, other) in layout.edges.iter().enumerate().filter(|&(e, _)| e != edge) {
        if other.points.windows(2).any(|pair| strip.crossed_by(pair[0], pair[1])) {
            return Err(format!("beyond the line of edge {e}, which runs between"));
        }
    }
    Ok(())
}

/// The bundled wiki's scheme in small: reciprocal relations between two bodies (one
/// nominates the other, which advises it), several advisers of one body, a role held and a
/// role contributing. Every label is clear of every other line, arrowhead, box and label, and
/// beside its own line with nothing between, or on it.
#[test]
fn labels_keep_clear_of_lines_arrowheads_boxes_and_each_other() {
    let node = |id: &str, is_role: bool| NodeInput {
        id: id.into(),
        title: id.into(),
        abbr: None,
        href: None,
        is_role,
        current: false,
    };
    let nodes = vec![
        node("initiative", false),
        node("steering", false),
        node("advisory", false),
        node("stakeholders", false),
        node("product", false),
        node("desk", false),
        node("coordination", true),
        node("partners", true),
    ];
    let edge = |from, to, relation| EdgeInput { from, to, relation };
    let edges = vec![
        edge(1, 0, Relation::PartOf),
        edge(2, 0, Relation::PartOf),
        edge(3, 0, Relation::PartOf),
        edge(4, 0, Relation::PartOf),
        edge(5, 4, Relation::PartOf),
        edge(2, 1, Relation::NominatedBy),
        edge(2, 1, Relation::Advises),
        edge(2, 4, Relation::Advises),
        edge(3, 1, Relation::Advises),
        edge(6, 5, Relation::HeldBy),
        edge(7, 0, Relation::ContributesTo),
    ];
    let layout = layout_scheme(&nodes, &edges);
    assert_sound(&nodes, &layout);
    let mut labelled = 0;
    for (e, edge) in layout.edges.iter().enumerate() {
        let Some((label, _)) = edge.label else { continue };
        labelled += 1;
        if let Err(what) = clear_of_everything(&layout, e, &label) {
            panic!("the label of edge {e} ({:?}) is {what}", edge.edge.relation);
        }
    }
    assert_eq!(labelled, 6);
}

/// Every relation is drawn in a line of its own, told apart without colour.
#[test]
fn every_relation_has_a_line_of_its_own() {
    let all = [
        Relation::PartOf,
        Relation::NominatedBy,
        Relation::Advises,
        Relation::ReportsTo,
        Relation::HeldBy,
        Relation::ContributesTo,
        Relation::DelegatesTo,
    ];
    let lines: std::collections::BTreeSet<&str> = all.iter().map(|&r| dash(r)).collect();
    assert_eq!(lines.len(), all.len());
    let classes: std::collections::BTreeSet<&str> =
        all.iter().map(|&r| relation_style(r).2).collect();
    assert_eq!(classes.len(), all.len());
}
