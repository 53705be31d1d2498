//! Generated diagrams: the organisational scheme and the workflow swimlanes, laid out by
//! govwiki itself and written as SVG, with no Graphviz or browser at build time.
//!
//! Each diagram is computed in two steps: a layout (plain geometry: boxes, edges, labels,
//! the canvas size), which the tests check for overlaps and borders, and the SVG text written
//! from it. This module holds what both diagrams share: the declared font and its text-width
//! estimate, line wrapping, the geometry types, and the SVG writer's escaping and styles.
//!
//! Diagrams are written into the page as inline SVG, so the theme's stylesheet styles them:
//! every shape has a class (`gw-box-body`, `gw-edge`, …) whose colours the theme takes from
//! CSS custom properties (`--gw-diagram-*`) set for light and dark mode. Each shape also
//! carries the light colours as presentation attributes, which any CSS rule overrides, so a
//! diagram read without the stylesheet (an image converter, a feed reader) is still legible.

pub mod orgchart;
pub mod swimlane;

use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// The font every diagram declares; widths are estimated for it.
pub const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/// The size of box text, in pixels.
pub const FONT_SIZE: f64 = 13.0;

/// The distance between two lines of box text, in pixels.
pub const LINE_HEIGHT: f64 = 16.0;

/// The width of `text` at `size` pixels: Arial's advance widths, widened by [`WIDEN`] so that
/// the estimate also holds for DejaVu Sans, the widest font a Linux browser falls back to for
/// [`FONT_FAMILY`]. Boxes sized by it hold their text in any of those fonts. Wide scripts count
/// as one em per character.
#[must_use]
pub fn text_width(text: &str, size: f64) -> f64 {
    let units: f64 = text.chars().map(char_width).sum();
    units * WIDEN * size / 1000.0
}

/// How much wider than Arial the widest fallback font (DejaVu Sans) sets Latin text.
const WIDEN: f64 = 1.12;

/// The advance width of a character in thousandths of an em (Arial's metrics for ASCII).
fn char_width(c: char) -> f64 {
    match c {
        ' ' | '!' | ',' | '.' | '/' | ':' | ';' | 'I' | '[' | '\\' | ']' | 'f' | 't' | '\'' => {
            278.0
        }
        'i' | 'j' | 'l' => 222.0,
        'r' | '(' | ')' | '-' | '`' => 333.0,
        '"' => 355.0,
        's' | 'c' | 'k' | 'v' | 'x' | 'y' | 'z' | 'J' | '*' | '?' => 500.0,
        'a' | 'b' | 'd' | 'e' | 'g' | 'h' | 'n' | 'o' | 'p' | 'q' | 'u' | 'L' | '_' => 556.0,
        '0'..='9' | '$' | '#' => 556.0,
        'F' | 'T' | 'Z' => 611.0,
        'A' | 'B' | 'E' | 'K' | 'P' | 'S' | 'V' | 'X' | 'Y' | '&' => 667.0,
        'C' | 'D' | 'H' | 'N' | 'R' | 'U' | 'w' | '+' | '<' | '=' | '>' | '~' => 722.0,
        'G' | 'O' | 'Q' => 778.0,
        'M' | 'm' => 833.0,
        'W' => 944.0,
        '@' => 1015.0,
        c if c.is_ascii() => 556.0,
        c if is_wide(c) => 1000.0,
        // Accented Latin, Greek, Cyrillic and the like: as wide as a wide lowercase letter.
        _ => 667.0,
    }
}

/// CJK ideographs, kana, Hangul and full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Breaks `text` into lines no wider than `max_width` at `size` pixels, at spaces; a word
/// wider than the limit is broken between characters.
#[must_use]
pub fn wrap(text: &str, max_width: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if text_width(&candidate, size) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if text_width(&line, size) > max_width && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A point, in pixels from the top left of the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Rightwards.
    pub x: f64,
    /// Downwards.
    pub y: f64,
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Rect {
    /// The right edge.
    #[must_use]
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    /// The bottom edge.
    #[must_use]
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// The centre.
    #[must_use]
    pub fn center(&self) -> Point {
        Point { x: self.x + self.width / 2.0, y: self.y + self.height / 2.0 }
    }

    /// Whether the two rectangles share any area (touching edges do not count).
    #[must_use]
    pub fn overlaps(&self, other: &Rect) -> bool {
        const EPSILON: f64 = 1e-6;
        self.x < other.right() - EPSILON
            && other.x < self.right() - EPSILON
            && self.y < other.bottom() - EPSILON
            && other.y < self.bottom() - EPSILON
    }

    /// Whether `other` lies entirely inside this rectangle.
    #[must_use]
    pub fn contains(&self, other: &Rect) -> bool {
        const EPSILON: f64 = 1e-6;
        other.x >= self.x - EPSILON
            && other.y >= self.y - EPSILON
            && other.right() <= self.right() + EPSILON
            && other.bottom() <= self.bottom() + EPSILON
    }

    /// Whether the segment `a`–`b` passes through the inside of this rectangle (touching its
    /// border does not count): Liang–Barsky clipping against the rectangle shrunk by half a
    /// pixel.
    #[must_use]
    pub fn crossed_by(&self, a: Point, b: Point) -> bool {
        let inset = 0.5;
        let (x0, y0, x1, y1) =
            (self.x + inset, self.y + inset, self.right() - inset, self.bottom() - inset);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        for (p, q) in [(-dx, a.x - x0), (dx, x1 - a.x), (-dy, a.y - y0), (dy, y1 - a.y)] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        t0 < t1
    }

    /// Whether `point` lies on the border of this rectangle.
    #[must_use]
    pub fn on_border(&self, point: Point) -> bool {
        const EPSILON: f64 = 0.01;
        let within_x = point.x >= self.x - EPSILON && point.x <= self.right() + EPSILON;
        let within_y = point.y >= self.y - EPSILON && point.y <= self.bottom() + EPSILON;
        let on_vertical =
            (point.x - self.x).abs() < EPSILON || (point.x - self.right()).abs() < EPSILON;
        let on_horizontal =
            (point.y - self.y).abs() < EPSILON || (point.y - self.bottom()).abs() < EPSILON;
        (on_vertical && within_y) || (on_horizontal && within_x)
    }
}

/// Text escaped for SVG content and attribute values.
#[must_use]
pub fn escape(text: &str) -> Cow<'_, str> {
    quick_xml::escape::escape(text)
}

/// A number as SVG writes it: at most two decimals, no trailing zeros, so that the same
/// layout always gives the same bytes.
#[must_use]
pub fn num(value: f64) -> Num {
    Num(value)
}

/// A number written the way [`num`] says, without a string of its own: the scheme of a large
/// site writes hundreds of thousands of them.
#[derive(Clone, Copy, Debug)]
pub struct Num(f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // In hundredths, as a whole number; the cast saturates far beyond any drawing.
        #[allow(clippy::cast_possible_truncation)]
        let hundredths = (self.0 * 100.0).round() as i64;
        let (whole, part) = (hundredths.unsigned_abs() / 100, hundredths.unsigned_abs() % 100);
        let sign = if hundredths < 0 { "-" } else { "" };
        match part {
            0 => write!(f, "{sign}{whole}"),
            _ if part % 10 == 0 => write!(f, "{sign}{whole}.{}", part / 10),
            _ => write!(f, "{sign}{whole}.{part:02}"),
        }
    }
}

/// The opening `<svg>` of a diagram, with its accessible name and description; close it with
/// `</svg>`. Its role is `group`, not `img`: an image's content is hidden from assistive
/// technology, which would then never reach the links of its boxes (axe's
/// `nested-interactive`), whereas a group keeps its name and lets them be followed.
#[must_use]
pub fn open_svg(class: &str, width: f64, height: f64, title: &str, desc: &str) -> String {
    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gw-diagram {class}\" role=\"group\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"{font}\" \
         font-size=\"{size}\" aria-labelledby=\"{class}-title {class}-desc\">\
         <title id=\"{class}-title\">{title}</title><desc id=\"{class}-desc\">{desc}</desc>",
        w = num(width),
        h = num(height),
        font = escape(FONT_FAMILY),
        size = num(FONT_SIZE),
        title = escape(title),
        desc = escape(desc),
    );
    svg
}

/// What the diagram tests share.
#[cfg(test)]
pub(crate) mod testing {
    /// A small deterministic generator (splitmix64) for random test models.
    pub(crate) struct Rng(pub(crate) u64);

    impl Rng {
        /// The next number.
        pub(crate) fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// A number in `0..bound`.
        pub(crate) fn below(&mut self, bound: usize) -> usize {
            usize::try_from(self.next() % bound as u64).unwrap()
        }

        /// True with probability `percent` / 100.
        pub(crate) fn chance(&mut self, percent: usize) -> bool {
            self.below(100) < percent
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_letters() {
        assert!(text_width("WWW", 10.0) > text_width("iii", 10.0) * 3.0);
        assert!((text_width("Steering Group", 13.0) - 99.0).abs() < 1.0);
        assert_eq!(text_width("", 13.0), 0.0);
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_inside_long_words() {
        assert_eq!(wrap("Technical Advisory Group", 130.0, 13.0), ["Technical Advisory", "Group"]);
        assert_eq!(wrap("Board", 100.0, 13.0), ["Board"]);
        let long = wrap("Implementierungspartnerorganisation", 100.0, 13.0);
        assert!(long.len() > 1 && long.iter().all(|l| text_width(l, 13.0) <= 100.0), "{long:?}");
        assert_eq!(wrap("", 100.0, 13.0), [""]);
    }

    #[test]
    fn rectangles_overlap_only_with_area() {
        let a = Rect { x: 0.0, y: 0.0, width: 10.0, height: 10.0 };
        assert!(a.overlaps(&Rect { x: 5.0, y: 5.0, width: 10.0, height: 10.0 }));
        assert!(!a.overlaps(&Rect { x: 10.0, y: 0.0, width: 10.0, height: 10.0 }));
        assert!(a.on_border(Point { x: 5.0, y: 10.0 }));
        assert!(!a.on_border(Point { x: 5.0, y: 5.0 }));
    }

    #[test]
    fn numbers_are_short_and_stable() {
        let cases = [
            (12.0, "12"),
            (12.345, "12.35"),
            (-0.001, "0"),
            (-0.004, "0"),
            (0.5, "0.5"),
            (0.05, "0.05"),
            (7.999, "8"),
            (-3.25, "-3.25"),
            (-0.5, "-0.5"),
            (-120.1, "-120.1"),
            (1_234_567.891, "1234567.89"),
        ];
        for (value, text) in cases {
            assert_eq!(num(value).to_string(), text, "{value}");
        }
    }
}
