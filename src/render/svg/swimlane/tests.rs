use std::path::PathBuf;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

use super::*;
use crate::render::svg::testing::Rng;

fn lane(title: &str, kind: &'static str) -> LaneInput {
    LaneInput { title: title.to_owned(), href: Some(format!("../{title}/")), kind }
}

fn step(number: usize, title: &str, who: Option<usize>, next: &[usize]) -> StepInput {
    StepInput {
        id: format!("s{number}"),
        title: title.to_owned(),
        number,
        who,
        support: Vec::new(),
        consulted: Vec::new(),
        informed: Vec::new(),
        next: next.to_vec(),
        anchor: format!("step-s{number}"),
    }
}

/// A workflow like the bundled release management: 7 steps in 5 lanes, a branch from the
/// sign-off to the release and back to prioritising, a jump over a column, and steps
/// supported, consulted and informed by several lanes.
fn release() -> (Vec<LaneInput>, Vec<StepInput>) {
    let lanes = vec![
        lane("Scheme operators", "role"),
        lane("Implementation partners", "role"),
        lane("Product Group", "body"),
        lane("Technical Advisory Group", "body"),
        lane("IT & Product Team", "role"),
    ];
    let mut steps = vec![
        step(1, "Collect feature requests", Some(0), &[1]),
        step(2, "Prioritise the requirements", Some(2), &[2]),
        step(3, "Develop and test", Some(4), &[3, 5]),
        step(4, "User acceptance testing", Some(0), &[4]),
        step(5, "Sign off the release", Some(2), &[5, 1]),
        step(6, "Publish the release and the documentation", Some(4), &[6]),
        step(7, "Announce the release", Some(2), &[]),
    ];
    steps[0].support = vec![1];
    steps[1].consulted = vec![3];
    steps[2].support = vec![3, 1];
    steps[3].support = vec![1];
    steps[3].informed = vec![2];
    steps[5].informed = vec![0, 1];
    steps[6].consulted = vec![3];
    (lanes, steps)
}

const WORDS: [&str; 12] = [
    "review",
    "the",
    "budget",
    "and",
    "sign",
    "off",
    "consolidate",
    "requirements",
    "of",
    "Implementierungspartnerorganisationen",
    "release",
    "QA",
];

/// A random workflow: 1–30 steps, 1–10 lanes, random owners (some missing), support,
/// consulted, informed (sometimes the owner too), and next steps with jumps and loops.
fn random(rng: &mut Rng) -> (Vec<LaneInput>, Vec<StepInput>) {
    let lane_count = 1 + rng.below(10);
    let lanes = (0..lane_count)
        .map(|l| {
            let words = 1 + rng.below(4);
            let title: Vec<&str> = (0..words).map(|_| WORDS[rng.below(WORDS.len())]).collect();
            let kind = if rng.chance(50) { "body" } else { "role" };
            LaneInput {
                title: format!("{} {l}", title.join(" ")),
                href: rng.chance(70).then(|| format!("../lane-{l}/")),
                kind,
            }
        })
        .collect::<Vec<_>>();
    let n = 1 + rng.below(30);
    let mut steps = Vec::with_capacity(n);
    for s in 0..n {
        let words = 1 + rng.below(8);
        let title: Vec<&str> = (0..words).map(|_| WORDS[rng.below(WORDS.len())]).collect();
        let who = if rng.chance(90) { Some(rng.below(lane_count)) } else { None };
        let mut next = Vec::new();
        if s + 1 < n && rng.chance(85) {
            next.push(s + 1);
        }
        while rng.chance(30) {
            next.push(rng.below(n));
        }
        let mut st = step(s + 1, &title.join(" "), who, &next);
        for l in 0..lane_count {
            match rng.below(12) {
                0 => st.support.push(l),
                1 => st.consulted.push(l),
                2 => st.informed.push(l),
                3 => {
                    st.support.push(l);
                    st.informed.push(l);
                }
                _ => {}
            }
        }
        steps.push(st);
    }
    (lanes, steps)
}

/// Whether the segment a–b runs through the interior of `rect` (touching its border
/// does not count): the segment clipped to the open rectangle (Liang–Barsky) is longer
/// than nothing.
fn crosses(a: Point, b: Point, rect: &Rect) -> bool {
    const EPSILON: f64 = 0.01;
    let (left, top) = (rect.x + EPSILON, rect.y + EPSILON);
    let (right, bottom) = (rect.right() - EPSILON, rect.bottom() - EPSILON);
    if left >= right || top >= bottom {
        return false;
    }
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut enter, mut leave) = (0.0_f64, 1.0_f64);
    for (p, q) in [(-dx, a.x - left), (dx, right - a.x), (-dy, a.y - top), (dy, bottom - a.y)] {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else if p < 0.0 {
            enter = enter.max(q / p);
        } else {
            leave = leave.min(q / p);
        }
    }
    enter < leave
}

#[test]
fn the_crossing_helper_tells_through_from_along() {
    let r = Rect { x: 10.0, y: 10.0, width: 20.0, height: 10.0 };
    let p = |x, y| Point { x, y };
    assert!(crosses(p(0.0, 15.0), p(40.0, 15.0), &r), "straight through");
    assert!(crosses(p(20.0, 0.0), p(20.0, 12.0), &r), "into it");
    assert!(crosses(p(0.0, 0.0), p(40.0, 30.0), &r), "diagonally");
    assert!(!crosses(p(0.0, 10.0), p(40.0, 10.0), &r), "along the top border");
    assert!(!crosses(p(0.0, 15.0), p(10.0, 15.0), &r), "up to the left border");
    assert!(!crosses(p(30.0, 15.0), p(50.0, 15.0), &r), "away from the right border");
    assert!(!crosses(p(0.0, 25.0), p(40.0, 25.0), &r), "below it");
}

/// Every geometric promise of the layout, for one workflow.
fn check(lanes: &[LaneInput], steps: &[StepInput], layout: &SwimlaneLayout) {
    let canvas = Rect { x: 0.0, y: 0.0, width: layout.width, height: layout.height };
    let no_owner = lanes.len();
    assert_eq!(layout.lanes.len(), lanes.len() + 1);
    assert_eq!(layout.lane_titles.len(), lanes.len() + 1);
    assert_eq!(layout.steps.len(), steps.len());

    // Lanes: drawn exactly when involved, stacked without overlap, on the canvas.
    for (l, rect) in layout.lanes.iter().enumerate() {
        let involved = steps.iter().any(|s| {
            owner_lane(s, no_owner) == l
                || s.support.contains(&l)
                || s.consulted.contains(&l)
                || s.informed.contains(&l)
        });
        assert_eq!(rect.height > 0.0, involved, "lane {l} drawn iff involved");
        assert!(canvas.contains(rect), "lane {l} {rect:?} off the canvas");
        for other in &layout.lanes[l + 1..] {
            assert!(!rect.overlaps(other), "lanes overlap: {rect:?} {other:?}");
            assert!(other.y >= rect.bottom() - 1e-6, "lanes keep the caller's order");
        }
        if involved {
            let title = &layout.lane_titles[l];
            assert!(rect.contains(title), "title of lane {l} outside it");
            // The lane is exactly as tall as its tallest content.
            let mut tallest = title.height;
            for (s, st) in steps.iter().enumerate() {
                if owner_lane(st, no_owner) == l {
                    tallest = tallest.max(layout.steps[s].height);
                }
            }
            for m in layout.support_marks.iter().filter(|m| m.1 == l) {
                tallest = tallest.max(m.2.height);
            }
            assert!((rect.height - tallest - 2.0 * LANE_PAD).abs() < 1e-6, "lane {l} height");
        }
    }

    // Boxes: one per column in step order, in the owner's lane, never overlapping.
    for (s, rect) in layout.steps.iter().enumerate() {
        let lane = &layout.lanes[owner_lane(&steps[s], no_owner)];
        assert!(canvas.contains(rect), "step {s} off the canvas");
        assert!(lane.contains(rect), "step {s} {rect:?} not in its lane {lane:?}");
        assert!((rect.width - BOX_WIDTH).abs() < 1e-9);
        assert!(rect.height >= LINE_HEIGHT + 2.0 * BOX_PAD_Y);
        if s > 0 {
            assert!(rect.x >= layout.steps[s - 1].right() + EDGE_GAP, "columns in order");
        }
        for other in &layout.steps[s + 1..] {
            assert!(!rect.overlaps(other), "steps overlap: {rect:?} {other:?}");
        }
        for title in layout.lane_titles.iter() {
            assert!(!rect.overlaps(title), "step {s} over a lane title");
        }
    }

    // Marks: exactly one per involved non-owning lane and step, in that lane and column.
    let mut expected = Vec::new();
    for (s, st) in steps.iter().enumerate() {
        for l in 0..lanes.len() {
            let named =
                st.support.contains(&l) || st.consulted.contains(&l) || st.informed.contains(&l);
            if named && st.who != Some(l) {
                expected.push((s, l));
            }
        }
    }
    let found: Vec<(usize, usize)> = layout.support_marks.iter().map(|m| (m.0, m.1)).collect();
    assert_eq!(found, expected);
    for (i, &(s, l, rect)) in layout.support_marks.iter().enumerate() {
        assert!(canvas.contains(&rect), "mark off the canvas");
        assert!(layout.lanes[l].contains(&rect), "mark of step {s} not in lane {l}");
        let column = &layout.steps[s];
        assert!(rect.x >= column.x && rect.right() <= column.right(), "mark not in column");
        for (b, step_rect) in layout.steps.iter().enumerate() {
            assert!(!rect.overlaps(step_rect), "mark ({s}, {l}) over step {b}");
        }
        for &(_, _, other) in &layout.support_marks[i + 1..] {
            assert!(!rect.overlaps(&other), "marks overlap: {rect:?} {other:?}");
        }
        for title in layout.lane_titles.iter() {
            assert!(!rect.overlaps(title), "mark over a lane title");
        }
    }

    // Arrows: one per distinct valid next, from border to border, orthogonal, ending in a
    // rightward run long enough for the arrowhead, crossing no box and no mark.
    let mut expected = Vec::new();
    for (s, st) in steps.iter().enumerate() {
        for &t in &st.next {
            if t < steps.len() && !expected.contains(&(s, t)) {
                expected.push((s, t));
            }
        }
    }
    let found: Vec<(usize, usize)> = layout.arrows.iter().map(|a| (a.from, a.to)).collect();
    assert_eq!(found, expected);
    for arrow in &layout.arrows {
        let points = &arrow.points;
        assert!(points.len() >= 2);
        let (first, last) = (points[0], points[points.len() - 1]);
        assert!(layout.steps[arrow.from].on_border(first), "{arrow:?} starts off its box");
        assert!(layout.steps[arrow.to].on_border(last), "{arrow:?} ends off its box");
        let before = points[points.len() - 2];
        assert!((before.y - last.y).abs() < 1e-9 && last.x - before.x >= ARROW_LEN);
        if arrow.to == arrow.from + 1 {
            assert!(points.len() == 2 || points.len() == 4, "{arrow:?} not right-down-right");
            assert!(points.iter().all(|p| p.x >= first.x && p.x <= last.x), "{arrow:?}");
        }
        for pair in points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            assert!(a.x == b.x || a.y == b.y, "{arrow:?} has a slanted segment");
            assert!(a != b, "{arrow:?} has an empty segment");
            for (s, rect) in layout.steps.iter().enumerate() {
                assert!(!crosses(a, b, rect), "{arrow:?} crosses step {s} {rect:?}");
            }
            for mark in &layout.support_marks {
                assert!(!crosses(a, b, &mark.2), "{arrow:?} crosses mark {mark:?}");
            }
        }
        for p in points {
            assert!(p.x >= 0.0 && p.x <= layout.width && p.y >= 0.0 && p.y <= layout.height);
        }
    }
}

/// Options with the system fonts, so that text renders. fontdb maps `sans-serif` to
/// Arial, which Linux machines rarely have; DejaVu Sans (the font [`text_width`] is sized
/// for) or else any installed font stands in for it.
fn options() -> usvg::Options<'static> {
    let mut options = usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_system_fonts();
    let families: Vec<String> =
        fonts.faces().flat_map(|face| face.families.iter().map(|f| f.0.clone())).collect();
    let fallback = families.iter().find(|f| *f == "DejaVu Sans").or(families.first());
    if let Some(family) = fallback.cloned() {
        fonts.set_sans_serif_family(family);
    }
    options
}

/// Parses the SVG, checks its size, renders it at `scale` and returns the PNG.
fn rasterise(
    svg: &str,
    layout: &SwimlaneLayout,
    options: &usvg::Options<'_>,
    scale: f32,
) -> Vec<u8> {
    let tree = usvg::Tree::from_str(svg, options);
    assert!(tree.is_ok(), "{:?}", tree.err());
    let tree = tree.unwrap();
    let size = tree.size();
    assert!((f64::from(size.width()) - layout.width).abs() < 0.01, "{size:?}");
    assert!((f64::from(size.height()) - layout.height).abs() < 0.01, "{size:?}");
    let pixels = |length: f32| (length * scale).ceil() as u32;
    let mut pixmap =
        Pixmap::new(pixels(size.width()), pixels(size.height())).expect("a canvas of this size");
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    let first = &pixmap.data()[..4];
    assert!(pixmap.data().chunks(4).any(|px| px != first), "the image is one colour");
    let png = pixmap.encode_png().expect("PNG encoding");
    assert!(!png.is_empty());
    png
}

fn artifact(name: &str, png: &[u8]) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), png).unwrap();
}

#[test]
fn the_release_workflow_is_laid_out_cleanly() {
    let (lanes, steps) = release();
    let layout = layout_swimlane(&lanes, &steps);
    check(&lanes, &steps, &layout);
    // Five lanes drawn, no "(no owner)" lane.
    assert_eq!(layout.lanes.iter().filter(|r| r.height > 0.0).count(), 5);
    assert_eq!(layout.lanes[5].height, 0.0);
    // The branch of step 5 leaves from one point: forward to 6, back to 2 below the lanes.
    let branch: Vec<&Arrow> = layout.arrows.iter().filter(|a| a.from == 4).collect();
    assert_eq!(branch.len(), 2);
    assert_eq!(branch[0].points[0], branch[1].points[0]);
    let lanes_bottom = layout.lanes.iter().map(Rect::bottom).fold(0.0, f64::max);
    let lanes_top = layout.lanes.iter().map(|r| r.y).fold(f64::MAX, f64::min);
    assert!(branch[1].points.iter().any(|p| p.y > lanes_bottom), "the loop runs below");
    // The jump from 3 to 6 runs above the lanes.
    let jump = layout.arrows.iter().find(|a| (a.from, a.to) == (2, 5)).unwrap();
    assert!(jump.points.iter().any(|p| p.y < lanes_top), "the jump runs above");
    // Step 3 is supported by two lanes, each with a mark in the step's column.
    let marks: Vec<usize> = layout.support_marks.iter().filter(|m| m.0 == 2).map(|m| m.1).collect();
    assert_eq!(marks, [1, 3]);

    let svg = render_swimlane("Release management", &lanes, &steps, &layout);
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
    assert!(svg.contains("Swimlane of the workflow Release management: 7 steps in 5 lanes."));
    assert!(svg.contains(
        "<a href=\"#step-s3\"><title>3. Develop and test — IT &amp; Product Team</title>"
    ));
    assert!(svg.contains("<a href=\"../Technical Advisory Group/\">"));
    assert!(svg.contains(">supports</text>") && svg.contains(">consulted</text>"));
    assert!(svg.contains(">informed</text>"));
    assert_eq!(svg.matches("class=\"gw-arrow\"").count(), layout.arrows.len());
    assert!(roxmltree::Document::parse(&svg).is_ok());
    let again =
        render_swimlane("Release management", &lanes, &steps, &layout_swimlane(&lanes, &steps));
    assert_eq!(svg, again, "the same input gives the same bytes");

    let png = rasterise(&svg, &layout, &options(), 1.0);
    artifact("swimlane-release.png", &png);
}

#[test]
fn a_step_without_owner_goes_to_its_own_lane_at_the_bottom() {
    let lanes = vec![lane("Board", "body"), lane("Unused", "role"), lane("Staff", "role")];
    let mut steps = vec![
        step(1, "Draft", Some(2), &[1]),
        step(2, "Decide", None, &[2]),
        step(3, "Publish", Some(7), &[0]),
    ];
    steps[1].support = vec![0];
    let layout = layout_swimlane(&lanes, &steps);
    check(&lanes, &steps, &layout);
    assert_eq!(layout.lanes[1].height, 0.0, "an uninvolved lane is not drawn");
    assert!(layout.lanes[3].y > layout.lanes[2].y, "(no owner) comes last");
    assert!(layout.lanes[3].contains(&layout.steps[1]));
    assert!(layout.lanes[3].contains(&layout.steps[2]), "an unknown owner counts as none");
    let svg = render_swimlane("Decisions", &lanes, &steps, &layout);
    assert!(svg.contains(">(no owner)</tspan>"));
    assert!(svg.contains("<title>2. Decide — no owner</title>"));
    assert!(svg.contains("3 steps in 3 lanes."));
}

#[test]
fn random_workflows_keep_every_promise() {
    let options = options();
    let mut rng = Rng(0x5EED_2024);
    for case in 0..300 {
        let (lanes, steps) = random(&mut rng);
        let layout = layout_swimlane(&lanes, &steps);
        check(&lanes, &steps, &layout);
        let svg = render_swimlane("Random", &lanes, &steps, &layout);
        let again = render_swimlane("Random", &lanes, &steps, &layout_swimlane(&lanes, &steps));
        assert_eq!(svg, again, "case {case} is not deterministic");
        // Rasterising is slow in a debug build: a few cases, at half size, suffice.
        if case % 60 == 0 {
            let png = rasterise(&svg, &layout, &options, 0.5);
            if case == 60 {
                artifact("swimlane-random.png", &png);
            }
        }
    }
}

#[test]
fn loops_to_the_same_and_earlier_steps_stay_clear_of_boxes() {
    let lanes = vec![lane("A", "body"), lane("B", "role")];
    let steps = vec![
        step(1, "One", Some(0), &[1, 0]),
        step(2, "Two", Some(1), &[2, 0, 1]),
        step(3, "Three", Some(0), &[0, 2, 7]),
    ];
    let layout = layout_swimlane(&lanes, &steps);
    check(&lanes, &steps, &layout);
    // Three loops end at step 1 and come from below: each has its own corridor track.
    let into_first: Vec<f64> = layout
        .arrows
        .iter()
        .filter(|a| a.to == 0)
        .map(|a| a.points.iter().map(|p| p.y).fold(0.0, f64::max))
        .collect();
    assert_eq!(into_first.len(), 3);
    for (i, y) in into_first.iter().enumerate() {
        assert!(into_first[i + 1..].iter().all(|other| (other - y).abs() >= TRACK - 1e-9));
    }
}

#[test]
fn an_empty_workflow_has_an_empty_canvas() {
    let layout = layout_swimlane(&[], &[]);
    assert!(layout.steps.is_empty() && layout.arrows.is_empty());
    assert_eq!(layout.lanes.len(), 1);
    let svg = render_swimlane("Nothing", &[], &[], &layout);
    assert!(svg.contains("0 steps in 0 lanes.") && svg.ends_with("</svg>"));
}
