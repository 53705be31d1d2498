//! The swimlane diagram of a workflow: one lane (row) per actor, one column per step, the
//! steps as boxes in their owner's lane, the other actors' part as marks, and `next` as arrows.
//!
//! Input: the lanes ([`LaneInput`], in the order the caller wants them drawn) and the steps
//! ([`StepInput`], with every reference already resolved to an index). Output: a
//! [`SwimlaneLayout`] (plain geometry, computed by [`layout_swimlane`]) and the SVG text written
//! from it by [`render_swimlane`].
//!
//! Layout. A title column on the left holds the lane titles; then the steps follow, one column
//! each, in step order, separated by gaps. A step's box sits in its owner's lane (a step
//! without a valid owner in an extra "(no owner)" lane at the bottom); a supporting, consulted
//! or informed actor gets a mark in its own lane at the step's column, tied to the box by a
//! dotted vertical line. Every box and mark is centred vertically in its lane, and each lane is
//! as tall as its tallest content.
//!
//! Arrows always leave a box at the middle of its right border and enter the target at the
//! middle of its left border. An arrow to the next column runs right, down or up in the gap
//! between the two columns, and right again. Any other arrow — a jump over columns, or a loop
//! back to an earlier or the same column — leaves through the gap after its source, runs along
//! a corridor (jumps above all lanes, loops below them) and comes back through the gap before
//! its target. Vertical runs therefore only ever lie in gaps and horizontal runs in a gap or a
//! corridor, so no arrow crosses a box or a mark. Each arrow has its own track in a gap and in
//! its corridor; tracks are ordered so that nested arrows do not cross each other.
//!
//! Invariants the tests check: boxes and marks never overlap and lie in their lane and on the
//! canvas; every arrow starts on its source box's border, ends on its target box's border and
//! crosses no box; the same input gives the same bytes.

use std::fmt::Write as _;

use super::{FONT_SIZE, LINE_HEIGHT, Point, Rect, escape, num, open_svg, text_width, wrap};

/// One actor's lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneInput {
    /// The actor's name, shown in the title column.
    pub title: String,
    /// The relative URL of the actor's page; the title links to it when set.
    pub href: Option<String>,
    /// `"body"` or `"role"`: the style of the boxes of the steps the actor owns.
    pub kind: &'static str,
}

/// One step of the workflow, with every reference resolved to an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepInput {
    /// The step id.
    pub id: String,
    /// The step title, shown in its box.
    pub title: String,
    /// The step number shown before the title (1 for the first step).
    pub number: usize,
    /// The owner's lane; `None` (or an index out of range) puts the step in "(no owner)".
    pub who: Option<usize>,
    /// Lanes that support the step.
    pub support: Vec<usize>,
    /// Lanes that are consulted.
    pub consulted: Vec<usize>,
    /// Lanes that are informed.
    pub informed: Vec<usize>,
    /// The steps that follow (indexes into the steps): the explicit `next`, or the following
    /// step by default; empty for the last step. Repeats and indexes out of range are ignored.
    pub next: Vec<usize>,
    /// The id of the step's row in the page's steps table, such as `step-collect`.
    pub anchor: String,
}

/// The geometry of a swimlane diagram, in pixels from the top left of the canvas.
#[derive(Clone, Debug, PartialEq)]
pub struct SwimlaneLayout {
    /// The canvas width.
    pub width: f64,
    /// The canvas height.
    pub height: f64,
    /// One rectangle per input lane, then one for the "(no owner)" lane (index `lanes.len()`),
    /// each the full width of the diagram. A lane that no step involves is not drawn: its
    /// rectangle has zero height.
    pub lanes: Vec<Rect>,
    /// The block of title lines of each lane in [`Self::lanes`] (zero height when not drawn).
    pub lane_titles: Vec<Rect>,
    /// One box per step.
    pub steps: Vec<Rect>,
    /// The marks of supporting, consulted and informed lanes: (step, lane, mark). A lane has
    /// at most one mark per step (supports before consulted before informed), and none for the
    /// steps it owns.
    pub support_marks: Vec<(usize, usize, Rect)>,
    /// One arrow per distinct `next` of every step, in step order.
    pub arrows: Vec<Arrow>,
}

/// An arrow from a step to one of its next steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    /// The source step.
    pub from: usize,
    /// The target step.
    pub to: usize,
    /// The orthogonal polyline: the first point on the border of the source box, the last on
    /// the border of the target box, where the arrowhead points.
    pub points: Vec<Point>,
}

/// The space around the whole diagram.
const MARGIN: f64 = 12.0;
/// The widest line of a lane title.
const TITLE_MAX: f64 = 150.0;
/// The narrowest title column, without padding.
const TITLE_MIN: f64 = 60.0;
/// The space on either side of the lane titles in the title column.
const TITLE_PAD: f64 = 12.0;
/// How much wider the bold lane titles set than [`text_width`] estimates.
const BOLD: f64 = 1.1;
/// The width of every step box.
const BOX_WIDTH: f64 = 150.0;
/// The space between a box's border and its text, left and right.
const BOX_PAD_X: f64 = 10.0;
/// The space between a box's border and its text, top and bottom.
const BOX_PAD_Y: f64 = 9.0;
/// The space above and below the tallest content of a lane.
const LANE_PAD: f64 = 12.0;
/// The font size of the marks.
const MARK_FONT: f64 = 11.0;
/// The height of a mark.
const MARK_HEIGHT: f64 = 18.0;
/// The space between a mark's border and its text, left and right.
const MARK_PAD: f64 = 8.0;
/// The distance between two parallel arrow tracks.
const TRACK: f64 = 10.0;
/// The least horizontal run of an arrow next to a box, at either end.
const STUB: f64 = 14.0;
/// The narrowest gap between two columns.
const MIN_GAP: f64 = 40.0;
/// The gap before the first or after the last column when no arrow passes there.
const EDGE_GAP: f64 = 16.0;
/// The distance from the lanes to the nearest corridor track, and from the farthest one on.
const CORRIDOR_PAD: f64 = 12.0;
/// The length of an arrowhead.
const ARROW_LEN: f64 = 8.0;
/// Half the width of an arrowhead.
const ARROW_HALF: f64 = 4.0;

/// How a non-owning lane takes part in a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Involvement {
    Supports,
    Consulted,
    Informed,
}

impl Involvement {
    /// The text of the mark.
    fn label(self) -> &'static str {
        match self {
            Self::Supports => "supports",
            Self::Consulted => "consulted",
            Self::Informed => "informed",
        }
    }

    /// The class of the mark's outline, and its dash pattern as an attribute for renderers
    /// without CSS.
    fn style(self) -> (&'static str, &'static str) {
        match self {
            Self::Supports => ("gw-mark-support", ""),
            Self::Consulted => ("gw-mark-consulted", " stroke-dasharray=\"4 2\""),
            Self::Informed => ("gw-mark-informed", " stroke-dasharray=\"1.5 2\""),
        }
    }
}

/// How `lane` takes part in `step`, if it does and does not own it.
fn involvement(step: &StepInput, lane: usize) -> Option<Involvement> {
    if step.who == Some(lane) {
        None
    } else if step.support.contains(&lane) {
        Some(Involvement::Supports)
    } else if step.consulted.contains(&lane) {
        Some(Involvement::Consulted)
    } else if step.informed.contains(&lane) {
        Some(Involvement::Informed)
    } else {
        None
    }
}

/// The lane of a step's box: its owner, or the "(no owner)" lane `no_owner`.
fn owner_lane(step: &StepInput, no_owner: usize) -> usize {
    match step.who {
        Some(lane) if lane < no_owner => lane,
        _ => no_owner,
    }
}

/// The title of lane `lane`; `lanes.len()` is the "(no owner)" lane.
fn lane_title(lanes: &[LaneInput], lane: usize) -> &str {
    lanes.get(lane).map_or("(no owner)", |l| l.title.as_str())
}

/// The lines of a lane title.
fn title_lines(lanes: &[LaneInput], lane: usize) -> Vec<String> {
    wrap(lane_title(lanes, lane), TITLE_MAX / BOLD, FONT_SIZE)
}

/// The lines of a step box: the number and the title, wrapped.
fn step_lines(step: &StepInput) -> Vec<String> {
    wrap(&format!("{}. {}", step.number, step.title), BOX_WIDTH - 2.0 * BOX_PAD_X, FONT_SIZE)
}

/// A count as a length factor.
fn float(count: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let count = count as f64;
    count
}

/// The height of `lines` lines of text.
fn lines_height(lines: usize) -> f64 {
    float(lines) * LINE_HEIGHT
}

/// The width of the title column, padding included, for the lanes that `shown` accepts.
fn title_column(lanes: &[LaneInput], shown: impl Fn(usize) -> bool) -> f64 {
    let widest = (0..=lanes.len())
        .filter(|&l| shown(l))
        .flat_map(|l| title_lines(lanes, l))
        .map(|line| text_width(&line, FONT_SIZE) * BOLD)
        .fold(TITLE_MIN, f64::max);
    widest + 2.0 * TITLE_PAD
}

/// The baseline of line `index` of a block of text whose top is `top`.
fn baseline(top: f64, index: usize) -> f64 {
    top + lines_height(index) + LINE_HEIGHT / 2.0 + FONT_SIZE * 0.35
}

/// How an arrow is routed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Route {
    /// To the next column, through the gap between the two.
    Next,
    /// A jump forward over columns, along track `.0` of the corridor above the lanes.
    Over(usize),
    /// A loop back, along track `.0` of the corridor below the lanes.
    Under(usize),
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

/// The x of every vertical track of one gap, for `count` tracks in a gap from `left` of
/// width `width`: centred, [`TRACK`] apart.
fn track_xs(left: f64, width: f64, count: usize) -> impl Iterator<Item = f64> {
    let first = left + (width - float(count.saturating_sub(1)) * TRACK) / 2.0;
    (0..count).map(move |i| first + float(i) * TRACK)
}

/// Drops repeated points and the middle one of three points on a line.
fn simplify(points: Vec<Point>) -> Vec<Point> {
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

/// The distinct arrows, (from, to) in step order, and how each is routed, with the corridor
/// tracks assigned.
fn route_arrows(steps: &[StepInput]) -> (Vec<(usize, usize)>, Vec<Route>) {
    let n = steps.len();
    let mut plans: Vec<(usize, usize)> = Vec::new();
    for (s, step) in steps.iter().enumerate() {
        for &t in &step.next {
            if t < n && !plans.contains(&(s, t)) {
                plans.push((s, t));
            }
        }
    }
    // Gap `g` lies before column `g` (gap `n` after the last column); it has two slots, `2g`
    // for the arrows leaving column `g - 1` and `2g + 1` for those entering column `g`. An
    // arrow's corridor run spans the slots from where it leaves to where it enters.
    let span = |(from, to): (usize, usize)| {
        if to > from { (2 * (from + 1), 2 * to + 1) } else { (2 * to + 1, 2 * (from + 1)) }
    };
    let over: Vec<usize> = (0..plans.len()).filter(|&p| plans[p].1 > plans[p].0 + 1).collect();
    let under: Vec<usize> = (0..plans.len()).filter(|&p| plans[p].1 <= plans[p].0).collect();
    let over_tracks = assign_tracks(&over.iter().map(|&p| span(plans[p])).collect::<Vec<_>>());
    let under_tracks = assign_tracks(&under.iter().map(|&p| span(plans[p])).collect::<Vec<_>>());
    let mut routes = vec![Route::Next; plans.len()];
    for (&p, &t) in over.iter().zip(&over_tracks) {
        routes[p] = Route::Over(t);
    }
    for (&p, &t) in under.iter().zip(&under_tracks) {
        routes[p] = Route::Under(t);
    }
    (plans, routes)
}

/// The vertical tracks of each of the `n + 1` gaps, left to right, as (arrow, leaving): first
/// the arrows leaving the column before the gap — jumps with the deepest track first, loops
/// with the deepest last, then the arrow to the next column — and then the arrows entering
/// the column after it — loops with the deepest first, jumps with the deepest last. So an
/// arrow's vertical run never cuts the corridor run of another arrow of the same group, and
/// the runs next to the boxes cut no vertical run at all.
fn gap_tracks(n: usize, plans: &[(usize, usize)], routes: &[Route]) -> Vec<Vec<(usize, bool)>> {
    let mut order: Vec<(usize, usize, usize, usize, bool)> = Vec::new();
    for (p, (&(from, to), &route)) in plans.iter().zip(routes).enumerate() {
        let (group, depth) = match route {
            Route::Over(t) => (0, usize::MAX - t),
            Route::Under(t) => (1, t),
            Route::Next => (2, 0),
        };
        order.push((from + 1, group, depth, p, true));
        match route {
            Route::Under(t) => order.push((to, 3, usize::MAX - t, p, false)),
            Route::Over(t) => order.push((to, 4, t, p, false)),
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

/// Lays out the swimlane of a workflow.
#[must_use]
pub fn layout_swimlane(lanes: &[LaneInput], steps: &[StepInput]) -> SwimlaneLayout {
    let no_owner = lanes.len();
    let lane_count = lanes.len() + 1;
    let n = steps.len();

    // The marks, and which lanes are drawn.
    let mut marks: Vec<(usize, usize, f64)> = Vec::new();
    let mut shown = vec![false; lane_count];
    for (s, step) in steps.iter().enumerate() {
        shown[owner_lane(step, no_owner)] = true;
        for (lane, drawn) in shown.iter_mut().take(no_owner).enumerate() {
            if let Some(kind) = involvement(step, lane) {
                *drawn = true;
                let width = text_width(kind.label(), MARK_FONT) + 2.0 * MARK_PAD;
                marks.push((s, lane, width));
            }
        }
    }

    // The title column.
    let titles: Vec<Vec<String>> = (0..lane_count).map(|l| title_lines(lanes, l)).collect();
    let title_width = title_column(lanes, |l| shown[l]);

    // The lanes' heights: the tallest content plus padding.
    let box_heights: Vec<f64> =
        steps.iter().map(|s| lines_height(step_lines(s).len()) + 2.0 * BOX_PAD_Y).collect();
    let mut content: Vec<f64> = titles.iter().map(|t| lines_height(t.len())).collect();
    for (s, step) in steps.iter().enumerate() {
        let lane = owner_lane(step, no_owner);
        content[lane] = content[lane].max(box_heights[s]);
    }
    for &(_, lane, _) in &marks {
        content[lane] = content[lane].max(MARK_HEIGHT);
    }

    let (plans, routes) = route_arrows(steps);
    let gap_tracks = gap_tracks(n, &plans, &routes);

    // Horizontal positions: the title column, then the gaps and columns.
    let mut gap_left = vec![0.0; n + 1];
    let mut gap_width = vec![0.0; n + 1];
    let mut column_left = vec![0.0; n];
    let mut x = MARGIN + title_width;
    for g in 0..=n {
        let count = gap_tracks[g].len();
        let least = if g == 0 || g == n { EDGE_GAP } else { MIN_GAP };
        let needed = if count == 0 { 0.0 } else { 2.0 * STUB + float(count - 1) * TRACK };
        gap_left[g] = x;
        gap_width[g] = least.max(needed);
        x += gap_width[g];
        if g < n {
            column_left[g] = x;
            x += BOX_WIDTH;
        }
    }
    let width = x + MARGIN;
    let mut out_x = vec![0.0; plans.len()];
    let mut in_x = vec![0.0; plans.len()];
    for g in 0..=n {
        let xs = track_xs(gap_left[g], gap_width[g], gap_tracks[g].len());
        for (&(p, out), x) in gap_tracks[g].iter().zip(xs) {
            if out {
                out_x[p] = x;
            }
            if !out || routes[p] == Route::Next {
                in_x[p] = x;
            }
        }
    }

    // Vertical positions: the corridor above, the lanes, the corridor below.
    // A corridor is as deep as its deepest track.
    let corridor = |over: bool| {
        let deepest = routes.iter().filter_map(|r| match *r {
            Route::Over(t) if over => Some(t),
            Route::Under(t) if !over => Some(t),
            _ => None,
        });
        deepest.max().map_or(0.0, |t| 2.0 * CORRIDOR_PAD + float(t) * TRACK)
    };
    let lanes_top = MARGIN + corridor(true);
    let mut lane_rects = Vec::with_capacity(lane_count);
    let mut y = lanes_top;
    for lane in 0..lane_count {
        let height = if shown[lane] { content[lane] + 2.0 * LANE_PAD } else { 0.0 };
        lane_rects.push(Rect { x: MARGIN, y, width: width - 2.0 * MARGIN, height });
        y += height;
    }
    let lanes_bottom = y;
    let height = lanes_bottom + corridor(false) + MARGIN;
    let middle = |lane: usize| lane_rects[lane].center().y;

    let lane_titles = (0..lane_count)
        .map(|lane| {
            let text_height = if shown[lane] { lines_height(titles[lane].len()) } else { 0.0 };
            let text_width = titles[lane]
                .iter()
                .map(|line| text_width(line, FONT_SIZE) * BOLD)
                .fold(0.0, f64::max);
            Rect {
                x: MARGIN + TITLE_PAD,
                y: middle(lane) - text_height / 2.0,
                width: text_width,
                height: text_height,
            }
        })
        .collect();
    let step_rects: Vec<Rect> = steps
        .iter()
        .enumerate()
        .map(|(s, step)| Rect {
            x: column_left[s],
            y: middle(owner_lane(step, no_owner)) - box_heights[s] / 2.0,
            width: BOX_WIDTH,
            height: box_heights[s],
        })
        .collect();
    let support_marks = marks
        .into_iter()
        .map(|(s, lane, mark_width)| {
            let rect = Rect {
                x: column_left[s] + (BOX_WIDTH - mark_width) / 2.0,
                y: middle(lane) - MARK_HEIGHT / 2.0,
                width: mark_width,
                height: MARK_HEIGHT,
            };
            (s, lane, rect)
        })
        .collect();

    let over_y = |t: usize| lanes_top - CORRIDOR_PAD - float(t) * TRACK;
    let under_y = |t: usize| lanes_bottom + CORRIDOR_PAD + float(t) * TRACK;
    let arrows = plans
        .iter()
        .enumerate()
        .map(|(p, &(from, to))| {
            let (a, b) = (step_rects[from], step_rects[to]);
            let start = Point { x: a.right(), y: a.center().y };
            let end = Point { x: b.x, y: b.center().y };
            let (x0, x1) = (out_x[p], in_x[p]);
            let corridor_y = match routes[p] {
                Route::Next => None,
                Route::Over(t) => Some(over_y(t)),
                Route::Under(t) => Some(under_y(t)),
            };
            let points = match corridor_y {
                None => vec![start, Point { x: x0, y: start.y }, Point { x: x0, y: end.y }, end],
                Some(y) => vec![
                    start,
                    Point { x: x0, y: start.y },
                    Point { x: x0, y },
                    Point { x: x1, y },
                    Point { x: x1, y: end.y },
                    end,
                ],
            };
            Arrow { from, to, points: simplify(points) }
        })
        .collect();

    SwimlaneLayout {
        width,
        height,
        lanes: lane_rects,
        lane_titles,
        steps: step_rects,
        support_marks,
        arrows,
    }
}

/// Writes the SVG of a laid-out swimlane: the lanes and their titles, the ties between marks
/// and boxes, the arrows, then the marks and the step boxes on top. `title` is the workflow's
/// title; `lanes` and `steps` are the inputs `layout` was computed from.
#[must_use]
pub fn render_swimlane(
    title: &str,
    lanes: &[LaneInput],
    steps: &[StepInput],
    layout: &SwimlaneLayout,
) -> String {
    let shown = layout.lanes.iter().filter(|r| r.height > 0.0).count();
    let plural = |count: usize, word: &str| {
        if count == 1 { format!("1 {word}") } else { format!("{count} {word}s") }
    };
    let desc = format!(
        "Swimlane of the workflow {title}: {} in {}.",
        plural(steps.len(), "step"),
        plural(shown, "lane")
    );
    let mut svg = open_svg("gw-swimlane", layout.width, layout.height, title, &desc);
    write_lanes(&mut svg, lanes, layout);
    write_ties(&mut svg, layout);

    svg.push_str("<g class=\"gw-edges\">");
    for arrow in &layout.arrows {
        write_arrow(&mut svg, steps, arrow);
    }
    svg.push_str("</g><g class=\"gw-marks\">");
    for &(s, lane, rect) in &layout.support_marks {
        let Some(step) = steps.get(s) else { continue };
        let Some(kind) = involvement(step, lane) else { continue };
        let (class, dash) = kind.style();
        let _ = write!(
            svg,
            "<g><title>{} {} {}. {}</title><rect class=\"gw-box gw-mark {class}\" fill=\"#ffffff\" \
             stroke=\"#5b6478\"{dash} x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>\
             <text class=\"gw-muted\" fill=\"#5b6478\" x=\"{}\" y=\"{}\" font-size=\"{}\" \
             text-anchor=\"middle\">{}</text></g>",
            escape(lane_title(lanes, lane)),
            kind.label(),
            step.number,
            escape(&step.title),
            num(rect.x),
            num(rect.y),
            num(rect.width),
            num(rect.height),
            num(MARK_HEIGHT / 2.0),
            num(rect.center().x),
            num(rect.center().y + MARK_FONT * 0.35),
            num(MARK_FONT),
            kind.label(),
        );
    }
    svg.push_str("</g><g class=\"gw-steps\">");
    for (step, rect) in steps.iter().zip(&layout.steps) {
        write_step(&mut svg, lanes, step, rect);
    }
    svg.push_str("</g></svg>");
    svg
}

/// The lanes' backgrounds, alternating, and their titles in the title column.
fn write_lanes(svg: &mut String, lanes: &[LaneInput], layout: &SwimlaneLayout) {
    let title_column = title_column(lanes, |l| layout.lanes.get(l).is_some_and(|r| r.height > 0.0));
    svg.push_str("<g class=\"gw-lanes\">");
    let drawn = layout.lanes.iter().enumerate().filter(|(_, r)| r.height > 0.0);
    for (i, (lane, rect)) in drawn.enumerate() {
        let (class, fill) =
            if i % 2 == 0 { ("gw-lane", "#f7f8fa") } else { ("gw-lane gw-lane-alt", "#eef1f6") };
        let _ = write!(
            svg,
            "<rect class=\"{class}\" fill=\"{fill}\" stroke=\"#d5d9e2\" x=\"{}\" y=\"{}\" \
             width=\"{}\" height=\"{}\"/><rect class=\"{class}\" fill=\"{fill}\" \
             stroke=\"#d5d9e2\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            num(rect.x),
            num(rect.y),
            num(rect.width),
            num(rect.height),
            num(rect.x),
            num(rect.y),
            num(title_column),
            num(rect.height),
        );
        let Some(block) = layout.lane_titles.get(lane) else { continue };
        let link = lanes.get(lane).and_then(|l| l.href.as_deref());
        if let Some(href) = link {
            let _ = write!(svg, "<a href=\"{}\">", escape(href));
        }
        let (class, fill, style) = if lane < lanes.len() {
            ("gw-text", "#1d2330", " font-weight=\"bold\"")
        } else {
            ("gw-muted", "#5b6478", " font-style=\"italic\"")
        };
        let _ = write!(svg, "<text class=\"{class}\" fill=\"{fill}\"{style}>");
        for (i, line) in title_lines(lanes, lane).iter().enumerate() {
            let _ = write!(
                svg,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                num(block.x),
                num(baseline(block.y, i)),
                escape(line)
            );
        }
        svg.push_str("</text>");
        if link.is_some() {
            svg.push_str("</a>");
        }
    }
    svg.push_str("</g>");
}

/// The dotted vertical lines that tie each step's marks to its box.
fn write_ties(svg: &mut String, layout: &SwimlaneLayout) {
    svg.push_str("<g class=\"gw-ties\">");
    for (s, rect) in layout.steps.iter().enumerate() {
        let centre = rect.center();
        let ys = layout.support_marks.iter().filter(|m| m.0 == s).map(|m| m.2.center().y);
        let (top, bottom) = ys.fold((centre.y, centre.y), |(t, b), y| (t.min(y), b.max(y)));
        if bottom > top {
            let _ = write!(
                svg,
                "<path class=\"gw-edge gw-tie\" fill=\"none\" stroke=\"#5b6478\" stroke-width=\"1.2\" \
                 stroke-dasharray=\"2 3\" d=\"M{} {}V{}\"/>",
                num(centre.x),
                num(top),
                num(bottom)
            );
        }
    }
    svg.push_str("</g>");
}

/// One arrow: its line, which stops where the arrowhead begins, and the arrowhead.
fn write_arrow(svg: &mut String, steps: &[StepInput], arrow: &Arrow) {
    let [.., before, tip] = arrow.points.as_slice() else { return };
    let (dx, dy) = (tip.x - before.x, tip.y - before.y);
    let length = dx.hypot(dy);
    if length <= 0.0 {
        return;
    }
    let (ux, uy) = (dx / length, dy / length);
    let base = Point { x: tip.x - ux * ARROW_LEN, y: tip.y - uy * ARROW_LEN };
    let mut d = String::new();
    let line = &arrow.points[..arrow.points.len() - 1];
    for (i, p) in line.iter().chain(std::iter::once(&base)).enumerate() {
        let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, num(p.x), num(p.y));
    }
    let name = |s: usize| {
        steps.get(s).map_or_else(String::new, |st| format!("{}. {}", st.number, st.title))
    };
    let _ = write!(
        svg,
        "<path class=\"gw-edge\" fill=\"none\" stroke=\"#5b6478\" stroke-width=\"1.4\" d=\"{d}\">\
         <title>{} → {}</title></path><path class=\"gw-arrow\" fill=\"#5b6478\" \
         d=\"M{} {}L{} {}L{} {}Z\"/>",
        escape(&name(arrow.from)),
        escape(&name(arrow.to)),
        num(tip.x),
        num(tip.y),
        num(base.x - uy * ARROW_HALF),
        num(base.y + ux * ARROW_HALF),
        num(base.x + uy * ARROW_HALF),
        num(base.y - ux * ARROW_HALF),
    );
}

/// A step's box: a link to its row in the steps table, with its number and title.
fn write_step(svg: &mut String, lanes: &[LaneInput], step: &StepInput, rect: &Rect) {
    let owner = step.who.and_then(|l| lanes.get(l));
    let (class, fill, stroke, dash) = match owner.map(|l| l.kind) {
        Some("body") => ("gw-box gw-box-body", "#e3ecfb", "#2f5597", ""),
        Some("role") => ("gw-box gw-box-role", "#fbf3e3", "#9a6a12", " stroke-dasharray=\"5 3\""),
        _ => ("gw-box", "#f4f6fb", "#5b6478", ""),
    };
    let _ = write!(
        svg,
        "<a href=\"#{}\"><title>{}. {} — {}</title><rect class=\"{class}\" fill=\"{fill}\" \
         stroke=\"{stroke}\" stroke-width=\"1.2\"{dash} x=\"{}\" y=\"{}\" width=\"{}\" \
         height=\"{}\" rx=\"6\"/><text class=\"gw-text\" fill=\"#1d2330\" text-anchor=\"middle\">",
        escape(&step.anchor),
        step.number,
        escape(&step.title),
        escape(owner.map_or("no owner", |l| l.title.as_str())),
        num(rect.x),
        num(rect.y),
        num(rect.width),
        num(rect.height),
    );
    let number = format!("{}.", step.number);
    let x = num(rect.center().x);
    for (i, line) in step_lines(step).iter().enumerate() {
        let y = num(baseline(rect.y + BOX_PAD_Y, i));
        let _ = write!(svg, "<tspan x=\"{x}\" y=\"{y}\">");
        match line.strip_prefix(&number) {
            Some(rest) if i == 0 => {
                let _ = write!(svg, "<tspan font-weight=\"bold\">{number}</tspan>{}", escape(rest));
            }
            _ => svg.push_str(&escape(line)),
        }
        svg.push_str("</tspan>");
    }
    svg.push_str("</text></a>");
}

#[cfg(test)]
mod tests {
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
                let named = st.support.contains(&l)
                    || st.consulted.contains(&l)
                    || st.informed.contains(&l);
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
        let mut pixmap = Pixmap::new(pixels(size.width()), pixels(size.height()))
            .expect("a canvas of this size");
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
        let marks: Vec<usize> =
            layout.support_marks.iter().filter(|m| m.0 == 2).map(|m| m.1).collect();
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
}
