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
mod tests;
