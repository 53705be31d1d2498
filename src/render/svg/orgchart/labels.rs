//! Where the labels of a scheme's edges go: beside their lines, clear of what else is drawn.

use std::collections::HashMap;

use super::{ARROW_HALF_WIDTH, ARROW_LENGTH, EdgeLayout, LABEL_HEIGHT, LABEL_SIZE, relation_style};
use crate::render::svg::{Point, Rect, text_width};

/// Up to how many relations a scheme's labels are placed clear of every line and arrowhead,
/// and its gaps made taller where they cannot be. A scheme with more is past reading as a
/// whole, and the search would cost a large site's build more than the rest of its scheme;
/// its labels keep clear of boxes and of each other only.
pub(super) const CLEAR_LABELS_UP_TO: usize = 400;

/// The space between a label and the line it names.
pub(super) const LABEL_OFFSET: f64 = 3.0;

/// How far beside its line a label is tried: next to it first; further out, past a line that
/// runs beside it (the other edge of a reciprocal pair), next.
const LABEL_OFFSETS: [f64; 3] = [LABEL_OFFSET, 4.0 * LABEL_OFFSET, 10.0 * LABEL_OFFSET];

/// Each labelled edge gets its label beside its first or last gap segment, on the first of a
/// few heights and sides where it keeps clear of every line, every arrowhead, every box and
/// every label placed before, with no other line between it and its own, so that no label
/// hides what another edge says or reads as another's. Where a neighbouring line leaves no
/// such place, the label goes on its own line, clear of every other line and arrowhead; where
/// even that fails, the edge is crowded, and its gaps are made taller. Gap segments lie
/// between layers, so a label beside one is beside no box.
/// Gives back the edges whose label found no clear space. Without `thorough`, labels are
/// placed on their lines, clear of boxes and of each other, and none is crowded.
pub(super) fn place_labels(
    edges: &mut [EdgeLayout],
    boxes: &[Rect],
    frames: &[Rect],
    thorough: bool,
) -> Vec<usize> {
    // What a label must keep clear of, in a grid of cells, so that a large scheme checks
    // each candidate against what is near it only.
    let mut lines = Grid::default();
    for (index, edge) in edges.iter().enumerate().filter(|_| thorough) {
        for pair in edge.points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let bounds = Rect {
                x: a.x.min(b.x),
                y: a.y.min(b.y),
                width: (a.x - b.x).abs(),
                height: (a.y - b.y).abs(),
            };
            lines.add(bounds, (a, b, index));
        }
    }
    // A label straddles no frame's border, so that it reads as inside or outside the frame.
    let mut borders = Grid::default();
    for frame in frames {
        let corners = [
            Point { x: frame.x, y: frame.y },
            Point { x: frame.right(), y: frame.y },
            Point { x: frame.right(), y: frame.bottom() },
            Point { x: frame.x, y: frame.bottom() },
        ];
        for i in 0..4 {
            let (a, b) = (corners[i], corners[(i + 1) % 4]);
            let bounds = Rect {
                x: a.x.min(b.x),
                y: a.y.min(b.y),
                width: (a.x - b.x).abs(),
                height: (a.y - b.y).abs(),
            };
            borders.add(bounds, (a, b));
        }
    }
    let (mut solid, mut heads) = (Grid::default(), Grid::default());
    for &rect in boxes {
        solid.add(rect, rect);
    }
    for rect in edges.iter().filter(|_| thorough).filter_map(arrowhead_box) {
        heads.add(rect, rect);
    }
    // The two nodes of each edge: the edges of a reciprocal pair share them.
    let ends: Vec<(usize, usize)> =
        edges.iter().map(|e| (e.edge.from.min(e.edge.to), e.edge.from.max(e.edge.to))).collect();
    let mut labels = Grid::default();
    let mut crowded = Vec::new();
    for (index, edge) in edges.iter_mut().enumerate() {
        let (_, label, _) = relation_style(edge.edge.relation);
        let Some(text) = label else { continue };
        let width = text_width(text, LABEL_SIZE) + 6.0;
        let n = edge.points.len();
        let segments = [(edge.points[0], edge.points[1]), (edge.points[n - 2], edge.points[n - 1])];
        // Each candidate beside the line, with the strip between it and the line: no other
        // line may run there, or the label would read as that line's.
        let (mut beside, mut on_line) = (Vec::new(), Vec::new());
        for (a, b) in segments {
            for fraction in [0.5, 0.35, 0.65, 0.2, 0.8] {
                let y = a.y + (b.y - a.y) * fraction;
                let top = y - LABEL_HEIGHT / 2.0;
                // Where the segment runs over the label's height.
                let x_at = |y: f64| {
                    let t = if (b.y - a.y).abs() < 1e-9 { 0.0 } else { (y - a.y) / (b.y - a.y) };
                    a.x + (b.x - a.x) * t.clamp(0.0, 1.0)
                };
                let (x0, x1) = (x_at(top), x_at(top + LABEL_HEIGHT));
                let (left, right) = (x0.min(x1), x0.max(x1));
                let label = |x: f64| Rect { x, y: top, width, height: LABEL_HEIGHT };
                let offsets = if thorough { &LABEL_OFFSETS[..] } else { &[] };
                for &offset in offsets {
                    let strip =
                        Rect { x: right, y: top, width: offset + width, height: LABEL_HEIGHT };
                    beside.push((label(right + offset), strip));
                    if left - offset - width >= 2.0 {
                        let x = left - offset - width;
                        let strip = Rect { x, y: top, width: offset + width, height: LABEL_HEIGHT };
                        beside.push((label(x), strip));
                    }
                }
                on_line.push(label((x_at(y) - width / 2.0).max(2.0)));
            }
        }
        let apart = |grid: &Grid<Rect>, r: &Rect| grid.near(r).all(|other| !other.overlaps(r));
        // Clear of boxes and frame borders, the least a label needs to be drawn at all.
        let placeable = |r: &Rect| {
            apart(&solid, r) && borders.near(r).all(|&(a, b): &(Point, Point)| !r.crossed_by(a, b))
        };
        let free = |r: &Rect| apart(&labels, r) && placeable(r);
        let clear = |(r, strip): &(Rect, Rect)| {
            free(r)
                && apart(&heads, r)
                && lines.near(r).all(|&(a, b, _)| !r.crossed_by(a, b))
                && lines.near(strip).all(|&(a, b, e)| e == index || !strip.crossed_by(a, b))
        };
        // On its own line, a label hides a piece of that line only, and of the other line of
        // a reciprocal pair, which runs closer beside it than a label is wide: clear of every
        // other line and arrowhead, it still reads as its line's.
        let on_own_line = |r: &Rect| {
            free(r)
                && apart(&heads, r)
                && lines.near(r).all(|&(a, b, e)| ends[e] == ends[index] || !r.crossed_by(a, b))
        };
        let rect = match beside.iter().find(|candidate| thorough && clear(candidate)) {
            Some(&(rect, _)) => rect,
            None if !thorough => anywhere(&edge.points, width, &on_line, &free, &placeable),
            None => match on_line.iter().copied().find(|r| on_own_line(r)) {
                Some(rect) => rect,
                None => {
                    crowded.push(index);
                    anywhere(&edge.points, width, &on_line, &free, &placeable)
                }
            },
        };
        labels.add(rect, rect);
        edge.label = Some((rect, text));
    }
    crowded
}

/// The first place on the line `points` where a label `width` wide is `free`, or else only
/// `placeable`: the places `first`, then the middle and quarters of every segment;
/// `first[0]` when none is.
fn anywhere(
    points: &[Point],
    width: f64,
    first: &[Rect],
    free: &impl Fn(&Rect) -> bool,
    placeable: &impl Fn(&Rect) -> bool,
) -> Rect {
    let along = points.windows(2).flat_map(|pair| {
        [0.5, 0.25, 0.75].map(|t| {
            let (a, b) = (pair[0], pair[1]);
            let (x, y) = (a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
            Rect {
                x: (x - width / 2.0).max(2.0),
                y: y - LABEL_HEIGHT / 2.0,
                width,
                height: LABEL_HEIGHT,
            }
        })
    });
    let candidates: Vec<Rect> = first.iter().copied().chain(along).collect();
    let found =
        candidates.iter().find(|r| free(r)).or_else(|| candidates.iter().find(|r| placeable(r)));
    found.copied().unwrap_or(first[0])
}

/// Things with a place on the canvas, found by the cells of a grid that their bounds cover.
#[derive(Debug)]
struct Grid<T> {
    cells: HashMap<(i64, i64), Vec<usize>>,
    items: Vec<T>,
}

impl<T> Default for Grid<T> {
    fn default() -> Self {
        Grid { cells: HashMap::new(), items: Vec::new() }
    }
}

/// The size of a [`Grid`]'s cells: about a label's width, and two labels' height.
const CELL: (f64, f64) = (64.0, 32.0);

impl<T> Grid<T> {
    #[allow(clippy::cast_possible_truncation)]
    fn cells_of(bounds: &Rect) -> impl Iterator<Item = (i64, i64)> {
        let column = |x: f64| (x / CELL.0).floor() as i64;
        let row = |y: f64| (y / CELL.1).floor() as i64;
        let (c0, c1) = (column(bounds.x), column(bounds.right()));
        let (r0, r1) = (row(bounds.y), row(bounds.bottom()));
        (c0..=c1).flat_map(move |c| (r0..=r1).map(move |r| (c, r)))
    }

    fn add(&mut self, bounds: Rect, item: T) {
        let index = self.items.len();
        self.items.push(item);
        for cell in Self::cells_of(&bounds) {
            self.cells.entry(cell).or_default().push(index);
        }
    }

    /// The items whose bounds share a cell with `bounds`; one may come more than once.
    fn near(&self, bounds: &Rect) -> impl Iterator<Item = &T> {
        Self::cells_of(bounds)
            .filter_map(|cell| self.cells.get(&cell))
            .flatten()
            .map(|&index| &self.items[index])
    }
}

/// The box around an edge's arrowhead, as [`arrow`] draws it; `None` for an edge without
/// one.
pub(super) fn arrowhead_box(edge: &EdgeLayout) -> Option<Rect> {
    let n = edge.points.len();
    let (tip, from) = if edge.arrow_at_end? {
        (edge.points[n - 1], edge.points[n - 2])
    } else {
        (edge.points[0], edge.points[1])
    };
    let (dx, dy) = (tip.x - from.x, tip.y - from.y);
    let length = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / length, dy / length);
    let (bx, by) = (tip.x - ux * ARROW_LENGTH, tip.y - uy * ARROW_LENGTH);
    let (px, py) = (-uy * ARROW_HALF_WIDTH, ux * ARROW_HALF_WIDTH);
    let xs = [tip.x, bx + px, bx - px];
    let ys = [tip.y, by + py, by - py];
    let (x0, x1) =
        (xs.iter().copied().fold(f64::MAX, f64::min), xs.iter().copied().fold(f64::MIN, f64::max));
    let (y0, y1) =
        (ys.iter().copied().fold(f64::MAX, f64::min), ys.iter().copied().fold(f64::MIN, f64::max));
    Some(Rect { x: x0 - 1.0, y: y0 - 1.0, width: x1 - x0 + 2.0, height: y1 - y0 + 2.0 })
}
