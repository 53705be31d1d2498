//! The swimlane diagram of a workflow: one lane (column) per actor with its name at the top,
//! one row per step with time flowing down, the steps as boxes in their owner's lane, the
//! other actors' part as marks in their lanes on the step's row, and `next` as arrows.
//!
//! Input: the lanes ([`LaneInput`], in the order the caller wants them drawn, left to right)
//! and the steps ([`StepInput`], with every reference already resolved to an index). Output:
//! a [`SwimlaneLayout`] (plain geometry, computed by [`layout_swimlane`]) and the SVG text
//! written from it by [`render_swimlane`].
//!
//! Why lanes run down rather than across. A workflow is mostly a chain: each step follows
//! the one before. Lanes as rows need one column per step, so a dozen steps are 2,000 px wide
//! and the lane names scroll out of view in a page column of 1,000 px. Lanes as columns need
//! one column per actor, and workflows have far fewer actors than steps (the bundled ones have
//! 7 to 10); the steps add height, which a page has plenty of and scrolls naturally, and the
//! names stay in one row at the top, read before the first step. The diagram aims at a width
//! of [`COLUMN`]: a lane that only holds marks is as narrow as its marks and title allow, and
//! the lanes with steps are [`LANE_WIDTH`] wide when that fits and share the rest otherwise,
//! though never so narrow that a word of a step or lane title, or a mark, would not fit whole.
//!
//! Layout. A title row at the top holds the lane titles, repeated at the bottom when the
//! diagram is taller than [`REPEAT_TITLES`] so that a reader at its end still sees whose lane
//! is whose. Below it the rows follow, one per step in step order, separated by gaps. A step's
//! box sits in its owner's lane (a step without a valid owner in an extra "(no owner)" lane on
//! the right); a supporting, consulted or informed actor gets a mark in its own lane, centred
//! on the box's middle and tied to the box by a dotted horizontal line.
//!
//! Arrows leave a box through its bottom border and enter the target through its top border,
//! each at a port of its own, so every arrow has its own arrowhead. An arrow to the next row
//! runs down, sideways in the gap between the two rows, and down again. Any other arrow — a
//! jump over rows, or a loop back to an earlier or the same row — leaves through the gap
//! below its source, runs along a corridor (jumps right of the lanes, loops left of them) and
//! comes back through the gap above its target. Horizontal runs therefore only ever lie in
//! gaps and vertical runs next to a box or in a corridor, so no arrow crosses a box, a mark
//! or a tie, and every arrow has its own track in each gap and corridor, so no two arrows
//! share a segment ([`routing`] orders the tracks so that arrows of one gap do not cross).
//!
//! Invariants the tests check: boxes and marks never overlap and lie in their lane, on their
//! row and on the canvas; every arrow starts on its source box's bottom border, ends on its
//! target box's top border, crosses no box, shares no segment or end with another arrow and
//! stays inside the frame; the same input gives the same bytes.

mod markup;
mod routing;

pub use self::markup::render_swimlane;
use self::routing::{Plan, Route, deepest, gap_tracks, plan_arrows, ports, simplify};
use super::{FONT_SIZE, LINE_HEIGHT, Point, Rect, text_width, wrap};

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
    /// One column per input lane, then one for the "(no owner)" lane (index `lanes.len()`),
    /// each from the top of the title row to the bottom of the diagram. A lane that no step
    /// involves is not drawn: its rectangle has zero width.
    pub lanes: Vec<Rect>,
    /// The height of the title row, at the top and, when repeated, at the bottom.
    pub title_row: f64,
    /// The block of title lines of each lane in [`Self::lanes`] in the title row at the top
    /// (zero size when not drawn).
    pub lane_titles: Vec<Rect>,
    /// The same blocks in the title row repeated at the bottom of a tall diagram; empty when
    /// the diagram is short enough to do without.
    pub lane_titles_below: Vec<Rect>,
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
    /// The orthogonal polyline: the first point on the bottom border of the source box, the
    /// last on the top border of the target box, where the arrowhead points down.
    pub points: Vec<Point>,
}

/// The width of the page column the diagram aims to fit.
pub const COLUMN: f64 = 1000.0;
/// The width of a lane when the column has room for it.
pub const LANE_WIDTH: f64 = 150.0;
/// The narrowest lane.
const LANE_MIN: f64 = 80.0;
/// The narrowest lane with steps: boxes narrower than that wrap a title into a column of
/// single words, and the diagram had better grow wider than the page column and be shrunk.
const LANE_MIN_STEPS: f64 = 112.0;
/// The widest a lane grows to hold a long word whole; a longer word is broken.
const LANE_MAX: f64 = 220.0;
/// The height from which the title row is repeated at the bottom: about what a laptop screen
/// shows of a page at once.
pub const REPEAT_TITLES: f64 = 900.0;
/// The space around the whole diagram.
const MARGIN: f64 = 12.0;
/// The space between a lane's border and the boxes in it.
const LANE_PAD: f64 = 7.0;
/// The space between a lane's border and its title.
const TITLE_PAD_X: f64 = 4.0;
/// The space above and below the titles in the title row.
const TITLE_PAD: f64 = 8.0;
/// How much wider the bold lane titles set than [`text_width`] estimates.
const BOLD: f64 = 1.1;
/// The space between a box's border and its text, left and right.
const BOX_PAD_X: f64 = 8.0;
/// The space between a box's border and its text, top and bottom.
const BOX_PAD_Y: f64 = 8.0;
/// The least scale at which the diagram is to be shown: all its text, 13 px, then reads
/// 9.1 px. The SVG tells the theme the width this makes (`--gw-least-width`).
pub const LEAST_SCALE: f64 = 0.7;
/// The font size of the marks: that of the boxes, so that all text stays at least 9 px at
/// [`LEAST_SCALE`].
const MARK_FONT: f64 = FONT_SIZE;
/// The height of a mark.
const MARK_HEIGHT: f64 = 20.0;
/// The space between a mark's border and its text, left and right.
const MARK_PAD: f64 = 6.0;
/// The distance between two parallel arrow tracks.
const TRACK: f64 = 10.0;
/// The least vertical run of an arrow next to a box, at either end: room for the arrowhead.
const STUB: f64 = 12.0;
/// The shortest gap between two rows.
const MIN_GAP: f64 = 28.0;
/// The gap under the title row or under the last row when no arrow passes there.
const EDGE_GAP: f64 = 12.0;
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

    /// The width of the mark.
    fn width(self) -> f64 {
        text_width(self.label(), MARK_FONT) + 2.0 * MARK_PAD
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

/// The text of a step box: the number and the title.
fn step_text(step: &StepInput) -> String {
    format!("{}. {}", step.number, step.title)
}

/// The lines of the title of a lane `width` wide.
fn title_lines(lanes: &[LaneInput], lane: usize, width: f64) -> Vec<String> {
    wrap(lane_title(lanes, lane), (width - 2.0 * TITLE_PAD_X) / BOLD, FONT_SIZE)
}

/// The lines of a step box `width` wide.
fn step_lines(step: &StepInput, width: f64) -> Vec<String> {
    wrap(&step_text(step), width - 2.0 * BOX_PAD_X, FONT_SIZE)
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

/// The baseline of line `index` of a block of text whose top is `top`.
fn baseline(top: f64, index: usize) -> f64 {
    top + lines_height(index) + LINE_HEIGHT / 2.0 + FONT_SIZE * 0.35
}

/// The widest word of `text` at the font size of boxes, `bold` or not.
fn widest_word(text: &str, bold: bool) -> f64 {
    let factor = if bold { BOLD } else { 1.0 };
    text.split_whitespace().map(|w| text_width(w, FONT_SIZE) * factor).fold(0.0, f64::max)
}

/// The least width of each lane: room for every word of its title and of the steps it owns
/// (and at least [`LANE_MIN_STEPS`] when it owns any), and for its marks; zero for a lane not
/// drawn.
fn least_widths(
    lanes: &[LaneInput],
    steps: &[StepInput],
    shown: &[bool],
    marks: &[(usize, usize, Involvement)],
) -> Vec<f64> {
    let no_owner = lanes.len();
    let mut words: Vec<f64> = (0..shown.len())
        .map(|l| widest_word(lane_title(lanes, l), true) + 2.0 * TITLE_PAD_X)
        .collect();
    for step in steps {
        let lane = owner_lane(step, no_owner);
        let box_width = widest_word(&step_text(step), false) + 2.0 * BOX_PAD_X + 2.0 * LANE_PAD;
        words[lane] = words[lane].max(box_width).max(LANE_MIN_STEPS);
    }
    let mut least: Vec<f64> = words.iter().map(|w| w.clamp(LANE_MIN, LANE_MAX)).collect();
    for &(_, lane, kind) in marks {
        least[lane] = least[lane].max(kind.width() + 2.0 * LANE_PAD);
    }
    least.iter().zip(shown).map(|(&w, &drawn)| if drawn { w } else { 0.0 }).collect()
}

/// The width of every lane: a lane that owns no step, and so holds only marks, its least
/// width; the others [`LANE_WIDTH`] when they fit what `room` leaves at that width, otherwise
/// that room shared out evenly, a lane that needs more than its share getting its least width.
fn lane_widths(least: &[f64], owns: &[bool], room: f64) -> Vec<f64> {
    let drawn: Vec<usize> = (0..least.len()).filter(|&l| least[l] > 0.0).collect();
    let mut fixed: Vec<bool> = owns.iter().map(|&o| !o).collect();
    let mut share = LANE_WIDTH;
    loop {
        let free = drawn.iter().filter(|&&l| !fixed[l]).count();
        if free == 0 {
            break;
        }
        let taken: f64 = drawn.iter().filter(|&&l| fixed[l]).map(|&l| least[l]).sum();
        // Whole hundredths, as the SVG writes them, so that the lanes never add up to more
        // than the room.
        share = (((room - taken) / float(free)) * 100.0).floor().min(LANE_WIDTH * 100.0) / 100.0;
        let grown: Vec<usize> =
            drawn.iter().copied().filter(|&l| !fixed[l] && least[l] > share).collect();
        if grown.is_empty() {
            break;
        }
        for l in grown {
            fixed[l] = true;
        }
    }
    least.iter().zip(&fixed).map(|(&w, &f)| if w == 0.0 || f { w } else { share }).collect()
}

/// Where each of `count` ports sits along a border from `left`, `width` long: evenly spread.
fn port_xs(left: f64, width: f64, count: usize) -> impl Iterator<Item = f64> {
    let step = width / float(count + 1);
    (1..=count).map(move |i| left + float(i) * step)
}

/// Lays out the swimlane of a workflow.
#[must_use]
pub fn layout_swimlane(lanes: &[LaneInput], steps: &[StepInput]) -> SwimlaneLayout {
    let no_owner = lanes.len();
    let lane_count = lanes.len() + 1;
    let n = steps.len();

    // The marks, and which lanes are drawn.
    let mut marks: Vec<(usize, usize, Involvement)> = Vec::new();
    let mut shown = vec![false; lane_count];
    for (s, step) in steps.iter().enumerate() {
        shown[owner_lane(step, no_owner)] = true;
        for (lane, drawn) in shown.iter_mut().take(no_owner).enumerate() {
            if let Some(kind) = involvement(step, lane) {
                *drawn = true;
                marks.push((s, lane, kind));
            }
        }
    }

    let plans = plan_arrows(steps);
    let gaps = gap_tracks(n, &plans);
    let (leaving, entering) = ports(n, &plans);

    // Horizontal positions: the loops' corridor, the lanes, the jumps' corridor.
    let corridor =
        |jumps| deepest(&plans, jumps).map_or(0.0, |t| 2.0 * CORRIDOR_PAD + float(t) * TRACK);
    let lanes_left = MARGIN + corridor(false);
    let room = COLUMN - 2.0 * MARGIN - corridor(false) - corridor(true);
    let mut owns = vec![false; lane_count];
    for step in steps {
        owns[owner_lane(step, no_owner)] = true;
    }
    let widths = lane_widths(&least_widths(lanes, steps, &shown, &marks), &owns, room);
    let mut lane_left = Vec::with_capacity(lane_count);
    let mut x = lanes_left;
    for width in &widths {
        lane_left.push(x);
        x += width;
    }
    let lanes_right = x;
    let width = lanes_right + corridor(true) + MARGIN;

    // The title row: as tall as the tallest title.
    let titles: Vec<Vec<String>> = (0..lane_count)
        .map(|l| if shown[l] { title_lines(lanes, l, widths[l]) } else { Vec::new() })
        .collect();
    let title_row =
        titles.iter().map(|t| lines_height(t.len())).fold(LINE_HEIGHT, f64::max) + 2.0 * TITLE_PAD;

    // Vertical positions: the title row, then the gaps and rows.
    let box_lines: Vec<Vec<String>> = steps
        .iter()
        .map(|s| step_lines(s, widths[owner_lane(s, no_owner)] - 2.0 * LANE_PAD))
        .collect();
    let mut gap_top = vec![0.0; n + 1];
    let mut gap_height = vec![0.0; n + 1];
    let mut row_top = vec![0.0; n];
    let mut y = MARGIN + title_row;
    for g in 0..=n {
        let count = gaps[g].len();
        let least = if g == 0 || g == n { EDGE_GAP } else { MIN_GAP };
        let needed = if count == 0 { 0.0 } else { 2.0 * STUB + float(count - 1) * TRACK };
        gap_top[g] = y;
        gap_height[g] = least.max(needed);
        y += gap_height[g];
        if g < n {
            row_top[g] = y;
            y += lines_height(box_lines[g].len()) + 2.0 * BOX_PAD_Y;
        }
    }
    let rows_bottom = y;
    let repeat = rows_bottom + title_row + MARGIN > REPEAT_TITLES;
    let bottom = if repeat { rows_bottom + title_row } else { rows_bottom };
    let height = bottom + MARGIN;

    let lane_rects: Vec<Rect> = (0..lane_count)
        .map(|l| Rect { x: lane_left[l], y: MARGIN, width: widths[l], height: bottom - MARGIN })
        .collect();
    let title_blocks = |top: f64| -> Vec<Rect> {
        (0..lane_count)
            .map(|l| {
                let block_width = titles[l]
                    .iter()
                    .map(|line| text_width(line, FONT_SIZE) * BOLD)
                    .fold(0.0, f64::max);
                let block_height = lines_height(titles[l].len());
                Rect {
                    x: lane_left[l] + (widths[l] - block_width) / 2.0,
                    y: top + (title_row - block_height) / 2.0,
                    width: block_width,
                    height: block_height,
                }
            })
            .collect()
    };
    let lane_titles = title_blocks(MARGIN);
    let lane_titles_below = if repeat { title_blocks(rows_bottom) } else { Vec::new() };

    let step_rects: Vec<Rect> = steps
        .iter()
        .enumerate()
        .map(|(s, step)| {
            let lane = owner_lane(step, no_owner);
            Rect {
                x: lane_left[lane] + LANE_PAD,
                y: row_top[s],
                width: widths[lane] - 2.0 * LANE_PAD,
                height: lines_height(box_lines[s].len()) + 2.0 * BOX_PAD_Y,
            }
        })
        .collect();
    let support_marks = marks
        .into_iter()
        .map(|(s, lane, kind)| {
            let mark_width = kind.width();
            let rect = Rect {
                x: lane_left[lane] + (widths[lane] - mark_width) / 2.0,
                y: step_rects[s].center().y - MARK_HEIGHT / 2.0,
                width: mark_width,
                height: MARK_HEIGHT,
            };
            (s, lane, rect)
        })
        .collect();

    // The arrows: a track in each gap they pass, a port on each border, and a corridor track.
    let mut out_y = vec![0.0; plans.len()];
    let mut in_y = vec![0.0; plans.len()];
    for g in 0..=n {
        let count = gaps[g].len();
        let first = gap_top[g] + (gap_height[g] - float(count.saturating_sub(1)) * TRACK) / 2.0;
        for (i, &(p, out)) in gaps[g].iter().enumerate() {
            let y = first + float(i) * TRACK;
            if out {
                out_y[p] = y;
            }
            if !out || plans[p].route == Route::Next {
                in_y[p] = y;
            }
        }
    }
    let mut out_x = vec![0.0; plans.len()];
    let mut in_x = vec![0.0; plans.len()];
    for (s, rect) in step_rects.iter().enumerate() {
        for (&p, x) in leaving[s].iter().zip(port_xs(rect.x, rect.width, leaving[s].len())) {
            out_x[p] = x;
        }
        for (&p, x) in entering[s].iter().zip(port_xs(rect.x, rect.width, entering[s].len())) {
            in_x[p] = x;
        }
    }
    let arrows = plans
        .iter()
        .enumerate()
        .map(|(p, &Plan { from, to, route })| {
            let start = Point { x: out_x[p], y: step_rects[from].bottom() };
            let end = Point { x: in_x[p], y: step_rects[to].y };
            let (x0, y0, x1, y1) = (out_x[p], out_y[p], in_x[p], in_y[p]);
            let points = match route {
                Route::Next => vec![start, Point { x: x0, y: y0 }, Point { x: x1, y: y0 }, end],
                Route::Jump(t) | Route::Loop(t) => {
                    let cx = match route {
                        Route::Jump(_) => lanes_right + CORRIDOR_PAD + float(t) * TRACK,
                        _ => lanes_left - CORRIDOR_PAD - float(t) * TRACK,
                    };
                    vec![
                        start,
                        Point { x: x0, y: y0 },
                        Point { x: cx, y: y0 },
                        Point { x: cx, y: y1 },
                        Point { x: x1, y: y1 },
                        end,
                    ]
                }
            };
            Arrow { from, to, points: simplify(points) }
        })
        .collect();

    SwimlaneLayout {
        width,
        height,
        lanes: lane_rects,
        title_row,
        lane_titles,
        lane_titles_below,
        steps: step_rects,
        support_marks,
        arrows,
    }
}

#[cfg(test)]
mod tests;
