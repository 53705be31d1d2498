//! The human format: a rustc-style report per finding, with the source line and a caret.
//!
//! ```text
//! error[GW105]: unknown key `titel`
//!  --> content/bodies/steering-group.md:2:1
//!   |
//! 2 | titel: Steering Group
//!   | ^^^^^ not a field of a `body` page
//!   |
//!   = help: did you mean `title`?
//! ```
//!
//! Rendering goes through annotate-snippets, the crate rustc and cargo use. Only the lines a
//! finding touches are handed to it, so a finding in a huge file costs no more than one in a
//! small file; and of a long line only a window around the finding ([`WINDOW`] characters on
//! either side), so that findings on one long line cost in proportion to their number, not to
//! their number times the line.

use std::borrow::Cow;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Severity, Sources};

/// A line longer than this many bytes is shown as a window around the finding.
const LONG_LINE: usize = 300;

/// How many characters of a long line are shown before and after what a finding marks: the
/// window fits the 140 columns within which annotate-snippets shows a line.
const WINDOW: usize = 40;

/// How many characters of a long line a finding marks at most.
const MARKED: usize = 40;

/// A column that annotate-snippets computes within a window, and the column in the file.
struct Shift {
    location: String,
    in_file: String,
}

/// Renders diagnostics for a terminal (`color`) or for a pipe or file.
pub struct HumanRenderer {
    renderer: Renderer,
}

impl HumanRenderer {
    /// A renderer with ANSI colours when `color` is set.
    #[must_use]
    pub fn new(color: bool) -> Self {
        HumanRenderer { renderer: if color { Renderer::styled() } else { Renderer::plain() } }
    }

    /// One finding, with a trailing newline.
    #[must_use]
    pub fn render(&self, diagnostic: &Diagnostic, sources: &Sources) -> String {
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let source = sources.get(diagnostic.source);
        let title = level.primary_title(diagnostic.message.as_str()).id(diagnostic.code.id());
        let mut shifts = Vec::new();
        let mut group = match &diagnostic.range {
            Some(range) if !source.text.is_empty() => title.element(excerpt(
                sources,
                diagnostic.source,
                range,
                diagnostic.label.as_deref(),
                true,
                &mut shifts,
            )),
            // An empty file has no line to show, but the finding is still at its start.
            Some(_) => title.element(Origin::path(source.name.as_str()).line(1).char_column(1)),
            None => title.element(Origin::path(source.name.as_str())),
        };
        for label in &diagnostic.secondary {
            group = group.element(excerpt(
                sources,
                label.source,
                &label.range,
                Some(&label.message),
                false,
                &mut shifts,
            ));
        }
        if let Some(help) = &diagnostic.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let mut text = self.renderer.render(&[group]);
        // A window's location counts its columns from the window's start.
        let mut from = 0;
        for Shift { location, in_file } in shifts {
            if let Some(at) = text[from..].find(&location) {
                let at = from + at;
                text.replace_range(at..at + location.len(), &in_file);
                from = at + in_file.len();
            }
        }
        text.push('\n');
        text
    }

    /// Writes every finding to `out` (standard error, for the commands that print), one at a
    /// time, and, when there were only warnings, the line that counts them: "`command`
    /// finished with 2 warnings". A closed `out` is no reason to fail the command.
    pub fn report(
        &self,
        out: &mut dyn std::io::Write,
        diagnostics: &[Diagnostic],
        sources: &Sources,
        command: &str,
    ) {
        for diagnostic in diagnostics {
            let _ = out.write_all(self.render(diagnostic, sources).as_bytes());
        }
        if !diagnostics.is_empty() && !diagnostics.iter().any(Diagnostic::is_error) {
            let summary = self.render_summary(&format!("{command} finished with"), diagnostics);
            let _ = out.write_all(summary.as_bytes());
        }
    }

    /// The closing line of a run: how many errors and warnings there were.
    #[must_use]
    pub fn render_summary(&self, what: &str, diagnostics: &[Diagnostic]) -> String {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = diagnostics.len() - errors;
        let counted = match (errors, warnings) {
            (0, w) => plural(w, "warning"),
            (e, 0) => plural(e, "error"),
            (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
        };
        let level = if errors > 0 { Level::ERROR } else { Level::WARNING };
        let title = format!("{what}: {counted}");
        let mut text = self.renderer.render(&[Group::with_title(level.primary_title(title))]);
        text.push('\n');
        text
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The lines of `range` as a snippet that starts at their real line number; of a long line, a
/// window around `range`, whose location goes into `shifts`.
fn excerpt<'a>(
    sources: &'a Sources,
    source: super::SourceId,
    range: &std::ops::Range<usize>,
    label: Option<&'a str>,
    primary: bool,
    shifts: &mut Vec<Shift>,
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let source = sources.get(source);
    let range = source.char_range(range);
    let lines = source.line_range(&range);
    let (line, column) = source.line_col(range.start);
    let start = range.start.clamp(lines.start, lines.end) - lines.start;
    // An empty range still gets a one-character caret, so that it is visible.
    let end = (range.end.clamp(lines.start, lines.end) - lines.start).max(start);
    let one_line = source.is_one_line(&lines);
    let text = &source.text[lines];
    let (shown, marked): (Cow<'a, str>, _) = if text.len() > LONG_LINE && one_line {
        let (window, marked, column_in_window) = window(text, start..end);
        let location = |column: usize| format!("{}:{line}:{column}", source.name);
        shifts.push(Shift { location: location(column_in_window), in_file: location(column) });
        (Cow::Owned(window), marked)
    } else {
        (Cow::Borrowed(text), start..end)
    };
    let kind = if primary { AnnotationKind::Primary } else { AnnotationKind::Context };
    let mut annotation = kind.span(marked);
    if let Some(label) = label {
        annotation = annotation.label(label);
    }
    Snippet::source(shown).line_start(line).path(source.name.as_str()).annotation(annotation)
}

/// The part of the long line `text` around `marked` (byte offsets within it): [`WINDOW`]
/// characters on either side, with `...` where the line goes on, and at most [`MARKED`]
/// characters of `marked`. Gives the window, where `marked` is in it, and the column in the
/// window that annotate-snippets will give `marked`'s start.
fn window(text: &str, marked: std::ops::Range<usize>) -> (String, std::ops::Range<usize>, usize) {
    let back = |from: usize, chars: usize| {
        text[..from].char_indices().rev().nth(chars.saturating_sub(1)).map_or(0, |(at, _)| at)
    };
    let ahead = |from: usize, chars: usize| {
        text[from..].char_indices().nth(chars).map_or(text.len(), |(at, _)| from + at)
    };
    let first = back(marked.start, WINDOW);
    let marked_end = marked.end.min(ahead(marked.start, MARKED));
    let last = ahead(marked_end, WINDOW);
    let before = if first > 0 { "..." } else { "" };
    let after = if last < text.len() { "..." } else { "" };
    let window = format!("{before}{}{after}", &text[first..last]);
    let start = before.len() + marked.start - first;
    let column = before.len() + text[first..marked.start].chars().count() + 1;
    (window, start..start + (marked_end - marked.start), column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Source};
    use std::path::PathBuf;

    #[test]
    fn renders_header_excerpt_caret_and_help() {
        let mut sources = Sources::default();
        let text = "---\ntitel: Steering Group\n---\n";
        let id = sources.add(Source::new(PathBuf::new(), "content/sg.md".into(), text.into()));
        let diagnostic = Diagnostic::new(Code::UnknownKey, id, "unknown key `titel`")
            .at(4..9)
            .label("not a field of a `body` page")
            .help("did you mean `title`?");
        let text = HumanRenderer::new(false).render(&diagnostic, &sources);
        assert_eq!(
            text,
            "error[GW105]: unknown key `titel`\n \
             --> content/sg.md:2:1\n  \
             |\n\
             2 | titel: Steering Group\n  \
             | ^^^^^ not a field of a `body` page\n  \
             |\n  \
             = help: did you mean `title`?\n"
        );
    }

    #[test]
    fn a_finding_on_a_long_line_shows_a_window_and_the_real_column() {
        let mut sources = Sources::default();
        let line = format!("{}[x](gone.html){}", "é".repeat(1000), "b".repeat(1000));
        let text = format!("---\ntitle: X\n---\n\n{line}\n");
        let id = sources.add(Source::new(PathBuf::new(), "content/x.md".into(), text.clone()));
        let start = text.find("[x]").unwrap();
        let diagnostic = Diagnostic::new(Code::BrokenLink, id, "link `gone.html` is broken")
            .at(start..start + "[x](gone.html)".len())
            .label("here");
        let rendered = HumanRenderer::new(false).render(&diagnostic, &sources);
        let expected = format!(
            "error[GW401]: link `gone.html` is broken\n \
             --> content/x.md:5:1001\n  \
             |\n\
             5 | ...{}[x](gone.html){}...\n  \
             |    {}^^^^^^^^^^^^^^ here\n",
            "é".repeat(40),
            "b".repeat(40),
            " ".repeat(40)
        );
        assert_eq!(rendered, expected);
    }

    #[test]
    fn a_finding_without_a_range_names_the_file() {
        let mut sources = Sources::default();
        let id = sources.add_unreadable(&PathBuf::new(), "content/x.md".into());
        let diagnostic = Diagnostic::new(Code::UnreadableFile, id, "cannot read `content/x.md`");
        let text = HumanRenderer::new(false).render(&diagnostic, &sources);
        assert_eq!(text, "error[GW100]: cannot read `content/x.md`\n --> content/x.md\n");
    }

    #[test]
    fn summary_counts_errors_and_warnings() {
        let mut sources = Sources::default();
        let id = sources.add_unreadable(&PathBuf::new(), "x".into());
        let mut warning = Diagnostic::new(Code::UnknownKey, id, "w");
        warning.severity = Severity::Warning;
        let found = [Diagnostic::new(Code::UnknownKey, id, "e"), warning.clone(), warning];
        let text = HumanRenderer::new(false).render_summary("build failed", &found);
        assert_eq!(text, "error: build failed: 1 error and 2 warnings\n");
    }
}
