//! The `github` format of `govwiki check`: one GitHub Actions workflow command per finding.
//!
//! The input is the run's diagnostics and sources; the output has one line per finding, which
//! GitHub turns into an annotation on the file in the pull request and the run summary:
//!
//! ```text
//! ::error file=content/x.md,line=3,col=6,endLine=3,endColumn=10,title=GW201 unknown-actor::unknown actor `bord`%0Ahelp: did you mean `board`?
//! ```
//!
//! Warnings use `::warning`. A finding about a whole file has no `line`, `col`, `endLine` or
//! `endColumn`; one that spans several lines has no `col` or `endColumn`, because GitHub
//! annotations support columns only within one line. Escaping follows `@actions/core`
//! (`toolkit/packages/core/src/command.ts`): the message escapes `%`, CR and LF, and property
//! values also escape `:` and `,`, which would otherwise end the value.

use std::fmt::Write as _;

use super::{Diagnostic, Severity, Sources};

/// Renders `diagnostics` as GitHub Actions workflow commands, one line each.
#[must_use]
pub fn render_github(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&command(diagnostic, sources));
        out.push('\n');
    }
    out
}

/// The workflow command of one finding, without a line break.
fn command(diagnostic: &Diagnostic, sources: &Sources) -> String {
    let source = sources.get(diagnostic.source);
    let name = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = vec![("file", source.name.clone())];
    if let Some(range) = &diagnostic.range {
        let (line, col) = source.line_col(range.start);
        let (end_line, end_col) = source.line_col(range.end.max(range.start));
        properties.push(("line", line.to_string()));
        if line == end_line {
            properties.push(("col", col.to_string()));
        }
        properties.push(("endLine", end_line.to_string()));
        if line == end_line {
            properties.push(("endColumn", end_col.to_string()));
        }
    }
    let title = format!("{} {}", diagnostic.code.id(), diagnostic.code.slug());
    properties.push(("title", title));

    let mut text = format!("::{name} ");
    for (i, (key, value)) in properties.iter().enumerate() {
        let comma = if i == 0 { "" } else { "," };
        // Writing to a String cannot fail.
        let _ = write!(text, "{comma}{key}={}", escape_property(value));
    }
    text.push_str("::");
    text.push_str(&escape_data(&diagnostic.message));
    if let Some(help) = &diagnostic.help {
        // An encoded line break, so that the help shows on its own line of the annotation.
        text.push_str("%0Ahelp: ");
        text.push_str(&escape_data(help));
    }
    text
}

/// Escapes the message of a command, as `escapeData` of `@actions/core` does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value, as `escapeProperty` of `@actions/core` does.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Source};
    use std::path::PathBuf;

    #[test]
    fn one_command_per_finding_with_positions_title_and_help() {
        let mut sources = Sources::default();
        let text = "---\ntitle: Budget\nwho: bord\n---\n";
        let page = sources.add(Source::new(PathBuf::new(), "content/b.md".into(), text.into()));
        let actor = Diagnostic::new(Code::UnknownActor, page, "unknown actor `bord`")
            .at(23..27)
            .label("no body or role has this id")
            .help("did you mean `board`?")
            .also(page, 4..9, "not shown by this format");
        let mut orphan = Diagnostic::new(Code::OrphanPage, page, "no page links to `b`");
        orphan.severity = Severity::Warning;

        let output = render_github(&[actor, orphan], &sources);
        assert_eq!(
            output,
            "::error file=content/b.md,line=3,col=6,endLine=3,endColumn=10,\
             title=GW201 unknown-actor::unknown actor `bord`%0Ahelp: did you mean `board`?\n\
             ::warning file=content/b.md,title=GW502 orphan-page::no page links to `b`\n"
        );
    }

    #[test]
    fn escapes_data_and_properties() {
        let mut sources = Sources::default();
        let text = "a\r\nb";
        let name = "content/50%, a:b.md";
        let page = sources.add(Source::new(PathBuf::new(), name.into(), text.into()));
        let diagnostic = Diagnostic::new(Code::InvalidValue, page, "100% wrong: a, b\r\nc")
            .at(0..1)
            .help("use `x`\nor `y`");

        let output = render_github(&[diagnostic], &sources);
        assert_eq!(
            output,
            "::error file=content/50%25%2C a%3Ab.md,line=1,col=1,endLine=1,endColumn=2,\
             title=GW108 invalid-value::100%25 wrong: a, b%0D%0Ac%0Ahelp: use `x`%0Aor `y`\n"
        );
        assert_eq!(output.lines().count(), 1);
    }

    #[test]
    fn a_range_over_several_lines_has_no_columns() {
        let mut sources = Sources::default();
        let page = sources.add(Source::new(PathBuf::new(), "p.md".into(), "ab\ncd\n".into()));
        let diagnostic = Diagnostic::new(Code::EmptyWorkflow, page, "empty").at(1..4);
        assert_eq!(
            render_github(&[diagnostic], &sources),
            "::error file=p.md,line=1,endLine=2,title=GW305 empty-workflow::empty\n"
        );
    }

    #[test]
    fn no_findings_print_nothing() {
        assert_eq!(render_github(&[], &Sources::default()), "");
    }
}
