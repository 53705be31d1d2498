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

/// Whether two axis-parallel segments run along each other for more than a point.
fn share_a_segment((a, b): (Point, Point), (c, d): (Point, Point)) -> bool {
    const EPSILON: f64 = 0.01;
    let overlap = |(p, q): (f64, f64), (r, s): (f64, f64)| {
        p.max(q).min(r.max(s)) - p.min(q).max(r.min(s)) > EPSILON
    };
    let horizontal = |p: Point, q: Point| (p.y - q.y).abs() < EPSILON;
    let vertical = |p: Point, q: Point| (p.x - q.x).abs() < EPSILON;
    (horizontal(a, b)
        && horizontal(c, d)
        && (a.y - c.y).abs() < EPSILON
        && overlap((a.x, b.x), (c.x, d.x)))
        || (vertical(a, b)
            && vertical(c, d)
            && (a.x - c.x).abs() < EPSILON
            && overlap((a.y, b.y), (c.y, d.y)))
}

#[test]
fn the_shared_segment_helper_tells_along_from_across() {
    let p = |x, y| Point { x, y };
    assert!(share_a_segment((p(0.0, 5.0), p(10.0, 5.0)), (p(20.0, 5.0), p(8.0, 5.0))));
    assert!(share_a_segment((p(3.0, 0.0), p(3.0, 10.0)), (p(3.0, 9.0), p(3.0, 2.0))));
    assert!(!share_a_segment((p(0.0, 5.0), p(10.0, 5.0)), (p(10.0, 5.0), p(20.0, 5.0))));
    assert!(!share_a_segment((p(0.0, 5.0), p(10.0, 5.0)), (p(5.0, 0.0), p(5.0, 10.0))));
    assert!(!share_a_segment((p(0.0, 5.0), p(10.0, 5.0)), (p(0.0, 6.0), p(10.0, 6.0))));
}

/// The tie of step `s`: the horizontal line through its box's middle to its farthest marks.
fn tie(layout: &SwimlaneLayout, s: usize) -> (f64, f64, f64) {
    let centre = layout.steps[s].center();
    let xs = layout.support_marks.iter().filter(|m| m.0 == s).map(|m| m.2.center().x);
    let (left, right) = xs.fold((centre.x, centre.x), |(l, r), x| (l.min(x), r.max(x)));
    (left, right, centre.y)
}

/// Every geometric promise of the layout, for one workflow.
fn check(lanes: &[LaneInput], steps: &[StepInput], layout: &SwimlaneLayout) {
    const EPSILON: f64 = 1e-6;
    let canvas = Rect { x: 0.0, y: 0.0, width: layout.width, height: layout.height };
    let no_owner = lanes.len();
    assert_eq!(layout.lanes.len(), lanes.len() + 1);
    assert_eq!(layout.lane_titles.len(), lanes.len() + 1);
    assert_eq!(layout.steps.len(), steps.len());
    let repeated = !layout.lane_titles_below.is_empty();
    assert_eq!(repeated, layout.height > REPEAT_TITLES, "titles repeated below iff tall");
    if repeated {
        assert_eq!(layout.lane_titles_below.len(), lanes.len() + 1);
    }
    let drawn: Vec<&Rect> = layout.lanes.iter().filter(|r| r.width > 0.0).collect();
    let top = drawn.first().map_or(0.0, |r| r.y);
    let bottom = drawn.first().map_or(0.0, |r| r.bottom());
    // The rows lie between the title row at the top and the one repeated at the bottom.
    let rows_top = top + layout.title_row;
    let rows_bottom = if repeated { bottom - layout.title_row } else { bottom };
    let titles: Vec<&Rect> = layout.lane_titles.iter().chain(&layout.lane_titles_below).collect();

    // Lanes: drawn exactly when involved, side by side in the caller's order, as tall as the
    // diagram, their titles in the title rows.
    for (l, rect) in layout.lanes.iter().enumerate() {
        let involved = steps.iter().any(|s| {
            owner_lane(s, no_owner) == l
                || s.support.contains(&l)
                || s.consulted.contains(&l)
                || s.informed.contains(&l)
        });
        assert_eq!(rect.width > 0.0, involved, "lane {l} drawn iff involved");
        assert!(canvas.contains(rect), "lane {l} {rect:?} off the canvas");
        for other in &layout.lanes[l + 1..] {
            assert!(!rect.overlaps(other), "lanes overlap: {rect:?} {other:?}");
            assert!(other.x >= rect.right() - EPSILON, "lanes keep the caller's order");
        }
        if involved {
            let owns = steps.iter().any(|s| owner_lane(s, no_owner) == l);
            let least = if owns { LANE_MIN_STEPS } else { LANE_MIN };
            assert!(rect.width >= least - EPSILON, "lane {l} narrower than the least");
            assert!((rect.y - top).abs() < EPSILON && (rect.bottom() - bottom).abs() < EPSILON);
            let title = &layout.lane_titles[l];
            assert!(rect.contains(title), "title of lane {l} outside it");
            assert!(title.y >= top && title.bottom() <= rows_top, "title of lane {l} not on top");
            assert!(title.height >= LINE_HEIGHT, "lane {l} has no title");
            if repeated {
                let below = &layout.lane_titles_below[l];
                assert!(rect.contains(below), "lower title of lane {l} outside it");
                assert!(below.y >= rows_bottom, "lower title of lane {l} not at the bottom");
            }
        }
    }

    // Boxes: one per row in step order, in the owner's lane, never overlapping.
    for (s, rect) in layout.steps.iter().enumerate() {
        let lane = &layout.lanes[owner_lane(&steps[s], no_owner)];
        assert!(canvas.contains(rect), "step {s} off the canvas");
        assert!(lane.contains(rect), "step {s} {rect:?} not in its lane {lane:?}");
        assert!(rect.y >= rows_top + EDGE_GAP - EPSILON, "step {s} in the title row");
        assert!(rect.bottom() <= rows_bottom - EDGE_GAP + EPSILON, "step {s} below the rows");
        assert!(rect.height >= LINE_HEIGHT + 2.0 * BOX_PAD_Y);
        if s > 0 {
            let above = &layout.steps[s - 1];
            assert!(rect.y >= above.bottom() + MIN_GAP - EPSILON, "rows in step order");
        }
        for other in &layout.steps[s + 1..] {
            assert!(!rect.overlaps(other), "steps overlap: {rect:?} {other:?}");
        }
        for title in &titles {
            assert!(!rect.overlaps(title), "step {s} over a lane title");
        }
    }

    // Marks: exactly one per involved non-owning lane and step, in that lane and on that row.
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
        let row = &layout.steps[s];
        assert!(rect.y >= row.y && rect.bottom() <= row.bottom(), "mark not on its row");
        assert!((rect.center().y - row.center().y).abs() < EPSILON, "mark off the tie");
        for (b, step_rect) in layout.steps.iter().enumerate() {
            assert!(!rect.overlaps(step_rect), "mark ({s}, {l}) over step {b}");
        }
        for &(_, _, other) in &layout.support_marks[i + 1..] {
            assert!(!rect.overlaps(&other), "marks overlap: {rect:?} {other:?}");
        }
        for title in &titles {
            assert!(!rect.overlaps(title), "mark over a lane title");
        }
    }

    // Arrows: one per distinct valid next, from the bottom border of the source to the top
    // border of the target, orthogonal, ending in a downward run long enough for the
    // arrowhead, crossing no box, mark or tie, inside the rows and the canvas.
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
        let (source, target) = (&layout.steps[arrow.from], &layout.steps[arrow.to]);
        assert!((first.y - source.bottom()).abs() < EPSILON, "{arrow:?} starts off the bottom");
        assert!(first.x > source.x && first.x < source.right(), "{arrow:?} starts beside");
        assert!((last.y - target.y).abs() < EPSILON, "{arrow:?} ends off the top");
        assert!(last.x > target.x && last.x < target.right(), "{arrow:?} ends beside");
        let before = points[points.len() - 2];
        assert!((before.x - last.x).abs() < EPSILON && last.y - before.y >= ARROW_LEN);
        if arrow.to == arrow.from + 1 {
            assert!(points.len() == 2 || points.len() == 4, "{arrow:?} not down-across-down");
            assert!(points.iter().all(|p| p.y >= first.y && p.y <= last.y), "{arrow:?}");
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
            for title in &titles {
                assert!(!crosses(a, b, title), "{arrow:?} crosses a lane title");
            }
            for s in 0..steps.len() {
                let (left, right, y) = tie(layout, s);
                let across = a.x == b.x && a.x > left && a.x < right;
                assert!(!(across && a.y.min(b.y) < y && a.y.max(b.y) > y), "{arrow:?} cuts a tie");
            }
        }
        for p in points {
            assert!(p.x >= MARGIN - EPSILON && p.x <= layout.width - MARGIN + EPSILON, "{p:?}");
            assert!(p.y >= rows_top && p.y <= rows_bottom, "{arrow:?} leaves the rows");
        }
    }

    // No two arrows share a segment, a start or an arrowhead.
    for (i, arrow) in layout.arrows.iter().enumerate() {
        for other in &layout.arrows[i + 1..] {
            for a in arrow.points.windows(2) {
                for b in other.points.windows(2) {
                    let shared = share_a_segment((a[0], a[1]), (b[0], b[1]));
                    assert!(!shared, "{arrow:?} and {other:?} share a segment");
                }
            }
            let (tip, other_tip) = (arrow.points.last(), other.points.last());
            let (tip, other_tip) = (tip.unwrap(), other_tip.unwrap());
            let apart = (tip.x - other_tip.x).abs() >= 2.0 * ARROW_HALF || tip.y != other_tip.y;
            assert!(apart, "{arrow:?} and {other:?} share an arrowhead");
            assert_ne!(arrow.points[0], other.points[0], "{arrow:?} and {other:?} start as one");
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
fn a_branching_workflow_is_laid_out_cleanly() {
    let (lanes, steps) = release();
    let layout = layout_swimlane(&lanes, &steps);
    check(&lanes, &steps, &layout);
    // Five lanes drawn, no "(no owner)" lane.
    assert_eq!(layout.lanes.iter().filter(|r| r.width > 0.0).count(), 5);
    assert_eq!(layout.lanes[5].width, 0.0);
    assert!(layout.width <= COLUMN, "{} px wide", layout.width);
    // The branch of step 5 leaves from two ports: forward to 6, back to 2 left of the lanes.
    let branch: Vec<&Arrow> = layout.arrows.iter().filter(|a| a.from == 4).collect();
    assert_eq!(branch.len(), 2);
    assert!(branch[0].points[0].x > branch[1].points[0].x, "the loop leaves on the left");
    let lanes_left = layout.lanes.iter().map(|r| r.x).fold(f64::MAX, f64::min);
    let lanes_right = layout.lanes.iter().map(Rect::right).fold(0.0, f64::max);
    assert!(branch[1].points.iter().any(|p| p.x < lanes_left), "the loop runs on the left");
    // The jump from 3 to 6 runs right of the lanes.
    let jump = layout.arrows.iter().find(|a| (a.from, a.to) == (2, 5)).unwrap();
    assert!(jump.points.iter().any(|p| p.x > lanes_right), "the jump runs on the right");
    // Step 3 is supported by two lanes, each with a mark on the step's row.
    let marks: Vec<usize> = layout.support_marks.iter().filter(|m| m.0 == 2).map(|m| m.1).collect();
    assert_eq!(marks, [1, 3]);

    let svg = render_swimlane("Release management", &lanes, &steps, &layout);
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
    assert!(svg.contains("Swimlane of the workflow Release management: 7 steps in 5 lanes,"));
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

/// The bundled release workflow: 11 steps, one after the other, in 7 lanes with the bundled
/// wiki's names.
fn linear_release() -> (Vec<LaneInput>, Vec<StepInput>) {
    let lanes = vec![
        lane("Scheme operators", "role"),
        lane("Implementation partners", "role"),
        lane("IT & Product Team", "role"),
        lane("Steering Group (SG)", "body"),
        lane("Coordination Desk", "role"),
        lane("Technical Advisory Group (TAG)", "body"),
        lane("Product Group", "body"),
    ];
    let owners = [0, 2, 3, 4, 5, 6, 5, 2, 0, 4, 2];
    let titles = [
        "Report issues and request features",
        "Fix minor bugs and collect requirements",
        "Annual strategic review",
        "Consolidate requirements",
        "Channel partner contributions",
        "Review, estimate and prioritise",
        "Expert input and peer review",
        "Specify and develop",
        "User acceptance testing",
        "Final acceptance",
        "Sign-off and release",
    ];
    let mut steps: Vec<StepInput> = (0..11)
        .map(|s| {
            let next: &[usize] = if s < 10 { &[s + 1] } else { &[] };
            step(s + 1, titles[s], Some(owners[s]), next)
        })
        .collect();
    steps[0].support = vec![1];
    steps[4].informed = vec![4];
    steps[8].support = vec![1];
    (lanes, steps)
}

#[test]
fn an_eleven_step_workflow_in_seven_lanes_fits_a_1000_px_column() {
    let (lanes, steps) = linear_release();
    let layout = layout_swimlane(&lanes, &steps);
    check(&lanes, &steps, &layout);
    assert!(layout.width <= COLUMN, "{} px wide", layout.width);
    // All text stays at least 9 px at the least scale, which the SVG names for the theme.
    assert!(MARK_FONT.min(FONT_SIZE) * LEAST_SCALE >= 9.0);
    // The lanes with steps share the column evenly; the lane with only marks is narrower;
    // every title word fits whole.
    let owning = layout.lanes[0].width;
    assert!(owning > 120.0, "lanes of {owning} px");
    for (l, rect) in layout.lanes.iter().enumerate().take(lanes.len()) {
        if l == 1 {
            assert!(rect.width < owning - 10.0, "the marks' lane is {} px", rect.width);
        } else {
            assert!((rect.width - owning).abs() < 1e-9, "lane {l} is {} px", rect.width);
        }
        for line in title_lines(&lanes, l, rect.width) {
            assert!(text_width(&line, FONT_SIZE) * BOLD <= rect.width - 2.0 * TITLE_PAD_X);
        }
    }
    // No corridor: a chain needs none, so every arrow runs straight down between its boxes.
    let lanes_left = layout.lanes[0].x;
    assert!((lanes_left - MARGIN).abs() < 1e-9, "no corridor on the left");
    assert!(layout.arrows.iter().all(|a| a.to == a.from + 1));
    // The diagram is taller than a screen, so the lane titles stand at its bottom too.
    assert!(layout.height > REPEAT_TITLES && !layout.lane_titles_below.is_empty());
    let svg = render_swimlane("Release", &lanes, &steps, &layout);
    assert_eq!(svg.matches("<a href=\"../Product Group/\">").count(), 2, "titles twice");
    let least = format!(
        "<svg style=\"--gw-least-width: {}px\" ",
        crate::render::svg::num(layout.width * 0.7)
    );
    assert!(svg.starts_with(&least), "{}", &svg[..80]);
    let png = rasterise(&svg, &layout, &options(), 1.0);
    artifact("swimlane-release-linear.png", &png);
}

#[test]
fn narrow_lanes_share_the_column_but_keep_their_words_whole() {
    let lanes: Vec<LaneInput> =
        (0..8).map(|l| lane(&format!("Implementers {l}"), "body")).collect();
    let steps: Vec<StepInput> = (0..8)
        .map(|s| step(s + 1, "Consolidate requirements", Some(s), &[s + 1][..usize::from(s < 7)]))
        .collect();
    let layout = layout_swimlane(&lanes, &steps);
    check(&lanes, &steps, &layout);
    assert!(layout.width <= COLUMN, "{} px wide", layout.width);
    for rect in &layout.steps {
        let inside = rect.width - 2.0 * BOX_PAD_X;
        assert!(text_width("requirements", FONT_SIZE) <= inside, "a word is broken");
    }
    // With many more lanes, the column cannot hold them: the lanes keep their least width.
    let many: Vec<LaneInput> = (0..30).map(|l| lane(&format!("Lane {l}"), "role")).collect();
    let steps: Vec<StepInput> = (0..30).map(|s| step(s + 1, "Go", Some(s), &[])).collect();
    let layout = layout_swimlane(&many, &steps);
    check(&many, &steps, &layout);
    assert!(layout.lanes[..30].iter().all(|r| (r.width - LANE_MIN_STEPS).abs() < 1e-9));
}

#[test]
fn arrows_into_one_step_each_have_their_own_arrowhead() {
    // The shape of the bundled country workflow: a step that branches three ways, and the
    // three branches meeting again at one step.
    let lanes = vec![lane("Customer", "role"), lane("GIZ", "body"), lane("Partners", "role")];
    let steps = vec![
        step(1, "Express interest", Some(0), &[1, 2, 3]),
        step(2, "GIZ explores the options", Some(1), &[4]),
        step(3, "Coordinate", Some(2), &[4]),
        step(4, "Partner leads the sales effort", Some(2), &[4]),
        step(5, "Prepare the proposal", Some(2), &[]),
    ];
    let layout = layout_swimlane(&lanes, &steps);
    check(&lanes, &steps, &layout);
    let mut tips: Vec<f64> =
        layout.arrows.iter().filter(|a| a.to == 4).map(|a| a.points.last().unwrap().x).collect();
    tips.sort_by(f64::total_cmp);
    assert_eq!(tips.len(), 3);
    assert!(tips.windows(2).all(|w| w[1] - w[0] >= 2.0 * ARROW_HALF), "{tips:?}");
    let starts: Vec<f64> =
        layout.arrows.iter().filter(|a| a.from == 0).map(|a| a.points[0].x).collect();
    assert!(starts.windows(2).all(|w| w[1] > w[0]), "three ports, left to right: {starts:?}");
    let svg = render_swimlane("Country", &lanes, &steps, &layout);
    assert_eq!(svg.matches("class=\"gw-arrow\"").count(), 6);
}

#[test]
fn a_step_without_owner_goes_to_its_own_lane_on_the_right() {
    let lanes = vec![lane("Board", "body"), lane("Unused", "role"), lane("Staff", "role")];
    let mut steps = vec![
        step(1, "Draft", Some(2), &[1]),
        step(2, "Decide", None, &[2]),
        step(3, "Publish", Some(7), &[0]),
    ];
    steps[1].support = vec![0];
    let layout = layout_swimlane(&lanes, &steps);
    check(&lanes, &steps, &layout);
    assert_eq!(layout.lanes[1].width, 0.0, "an uninvolved lane is not drawn");
    assert!(layout.lanes[3].x > layout.lanes[2].x, "(no owner) comes last");
    assert!(layout.lanes[3].contains(&layout.steps[1]));
    assert!(layout.lanes[3].contains(&layout.steps[2]), "an unknown owner counts as none");
    let svg = render_swimlane("Decisions", &lanes, &steps, &layout);
    assert!(svg.contains(">(no owner)</tspan>"));
    assert!(svg.contains("<title>2. Decide — no owner</title>"));
    assert!(svg.contains("3 steps in 3 lanes,"));
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
    // Three loops end at step 1 and come from the left: each has its own corridor track.
    let into_first: Vec<f64> = layout
        .arrows
        .iter()
        .filter(|a| a.to == 0)
        .map(|a| a.points.iter().map(|p| p.x).fold(f64::MAX, f64::min))
        .collect();
    assert_eq!(into_first.len(), 3);
    for (i, x) in into_first.iter().enumerate() {
        assert!(into_first[i + 1..].iter().all(|other| (other - x).abs() >= TRACK - 1e-9));
        assert!(*x < layout.lanes[0].x, "a loop runs left of the lanes");
    }
}

#[test]
fn an_empty_workflow_has_an_empty_canvas() {
    let layout = layout_swimlane(&[], &[]);
    assert!(layout.steps.is_empty() && layout.arrows.is_empty());
    assert_eq!(layout.lanes.len(), 1);
    let svg = render_swimlane("Nothing", &[], &[], &layout);
    assert!(svg.contains("0 steps in 0 lanes,") && svg.ends_with("</svg>"));
}
