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
//! small file.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Severity, Sources};

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
        let mut group = match &diagnostic.range {
            Some(range) if !source.text.is_empty() => title.element(excerpt(
                sources,
                diagnostic.source,
                range,
                diagnostic.label.as_deref(),
                true,
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
            ));
        }
        if let Some(help) = &diagnostic.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let mut text = self.renderer.render(&[group]);
        text.push('\n');
        text
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

/// The lines of `range` as a snippet that starts at their real line number.
fn excerpt<'a>(
    sources: &'a Sources,
    source: super::SourceId,
    range: &std::ops::Range<usize>,
    label: Option<&'a str>,
    primary: bool,
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let source = sources.get(source);
    let range = source.char_range(range);
    let lines = source.line_range(&range);
    let (line, _) = source.line_col(lines.start);
    let start = range.start.clamp(lines.start, lines.end) - lines.start;
    // An empty range still gets a one-character caret, so that it is visible.
    let end = range.end.clamp(lines.start, lines.end) - lines.start;
    let kind = if primary { AnnotationKind::Primary } else { AnnotationKind::Context };
    let mut annotation = kind.span(start..end.max(start));
    if let Some(label) = label {
        annotation = annotation.label(label);
    }
    Snippet::source(&source.text[lines])
        .line_start(line)
        .path(source.name.as_str())
        .annotation(annotation)
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
