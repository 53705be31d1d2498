//! The SVG text of a laid-out swimlane: lanes and their titles, ties, arrows, marks and step
//! boxes, in that order so that boxes and marks lie on top of the lines. Every shape has the
//! classes the theme colours (`gw-lane`, `gw-lane-title`, `gw-box-body`, `gw-edge`, …) and the
//! light colours as attributes for renderers without the stylesheet.

use std::fmt::Write as _;

use super::{
    ARROW_HALF, ARROW_LEN, Arrow, BOX_PAD_Y, LEAST_SCALE, LaneInput, MARK_FONT, MARK_HEIGHT,
    StepInput, SwimlaneLayout, baseline, involvement, lane_title, step_lines, title_lines,
};
use crate::render::svg::{Point, Rect, escape, num, open_svg};

/// Writes the SVG of a laid-out swimlane. `title` is the workflow's title; `lanes` and
/// `steps` are the inputs `layout` was computed from.
#[must_use]
pub fn render_swimlane(
    title: &str,
    lanes: &[LaneInput],
    steps: &[StepInput],
    layout: &SwimlaneLayout,
) -> String {
    let shown = layout.lanes.iter().filter(|r| r.width > 0.0).count();
    let plural = |count: usize, word: &str| {
        if count == 1 { format!("1 {word}") } else { format!("{count} {word}s") }
    };
    let desc = format!(
        "Swimlane of the workflow {title}: {} in {}, one lane per party from left to right \
         and one row per step from top to bottom.",
        plural(steps.len(), "step"),
        plural(shown, "lane")
    );
    let mut svg = open_svg("gw-swimlane", layout.width, layout.height, title, &desc);
    // The least width the theme shrinks the diagram to, as a custom property its stylesheet
    // reads: any narrower and the text would read smaller than 9 px.
    let least = format!(" style=\"--gw-least-width: {}px\"", num(layout.width * LEAST_SCALE));
    svg.insert_str("<svg".len(), &least);
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

/// The lanes' backgrounds, alternating, and their titles in the title row at the top and, in
/// a tall diagram, again at the bottom.
fn write_lanes(svg: &mut String, lanes: &[LaneInput], layout: &SwimlaneLayout) {
    svg.push_str("<g class=\"gw-lanes\">");
    let drawn = layout.lanes.iter().enumerate().filter(|(_, r)| r.width > 0.0);
    for (i, (lane, rect)) in drawn.enumerate() {
        let (class, fill) =
            if i % 2 == 0 { ("gw-lane", "#f7f8fa") } else { ("gw-lane gw-lane-alt", "#eef1f6") };
        let _ = write!(
            svg,
            "<rect class=\"{class}\" fill=\"{fill}\" stroke=\"#d5d9e2\" x=\"{}\" y=\"{}\" \
             width=\"{}\" height=\"{}\"/>",
            num(rect.x),
            num(rect.y),
            num(rect.width),
            num(rect.height),
        );
        let rows = [(rect.y, layout.lane_titles.get(lane))]
            .into_iter()
            .chain([(rect.bottom() - layout.title_row, layout.lane_titles_below.get(lane))]);
        for (top, block) in rows {
            let Some(block) = block else { continue };
            let cell = Rect { x: rect.x, y: top, width: rect.width, height: layout.title_row };
            write_title(svg, lanes, lane, &cell, block);
        }
    }
    svg.push_str("</g>");
}

/// The cell of a lane's title in a title row, and the title in it, linked to the actor's page.
fn write_title(svg: &mut String, lanes: &[LaneInput], lane: usize, cell: &Rect, block: &Rect) {
    let _ = write!(
        svg,
        "<rect class=\"gw-lane-title\" fill=\"#e4e8ef\" stroke=\"#d5d9e2\" x=\"{}\" y=\"{}\" \
         width=\"{}\" height=\"{}\"/>",
        num(cell.x),
        num(cell.y),
        num(cell.width),
        num(cell.height),
    );
    let link = lanes.get(lane).and_then(|l| l.href.as_deref());
    if let Some(href) = link {
        let _ = write!(svg, "<a href=\"{}\">", escape(href));
    }
    let (class, fill, style) = if lane < lanes.len() {
        ("gw-text", "#1d2330", " font-weight=\"bold\"")
    } else {
        ("gw-muted", "#5b6478", " font-style=\"italic\"")
    };
    let _ = write!(svg, "<text class=\"{class}\" fill=\"{fill}\"{style} text-anchor=\"middle\">");
    let x = num(cell.center().x);
    for (i, line) in title_lines(lanes, lane, cell.width).iter().enumerate() {
        let y = num(baseline(block.y, i));
        let _ = write!(svg, "<tspan x=\"{x}\" y=\"{y}\">{}</tspan>", escape(line));
    }
    svg.push_str("</text>");
    if link.is_some() {
        svg.push_str("</a>");
    }
}

/// The dotted horizontal lines that tie each step's marks to its box, along the box's middle.
fn write_ties(svg: &mut String, layout: &SwimlaneLayout) {
    svg.push_str("<g class=\"gw-ties\">");
    for (s, rect) in layout.steps.iter().enumerate() {
        let centre = rect.center();
        let xs = layout.support_marks.iter().filter(|m| m.0 == s).map(|m| m.2.center().x);
        let (left, right) = xs.fold((centre.x, centre.x), |(l, r), x| (l.min(x), r.max(x)));
        if right > left {
            let _ = write!(
                svg,
                "<path class=\"gw-edge gw-tie\" fill=\"none\" stroke=\"#5b6478\" stroke-width=\"1.2\" \
                 stroke-dasharray=\"2 3\" d=\"M{} {}H{}\"/>",
                num(left),
                num(centre.y),
                num(right)
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
    for (i, line) in step_lines(step, rect.width).iter().enumerate() {
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
