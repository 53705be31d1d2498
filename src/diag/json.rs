//! The `json` format of `govwiki check`: every finding as one JSON document for tools.
//!
//! The input is the run's diagnostics and sources; the output is one pretty-printed object
//! that ends with a newline:
//!
//! ```json
//! {
//!   "version": 1,
//!   "summary": { "errors": 1, "warnings": 0 },
//!   "findings": [
//!     {
//!       "code": "GW201",
//!       "slug": "unknown-actor",
//!       "severity": "error",
//!       "message": "unknown actor `bord`",
//!       "file": "content/workflows/budget.md",
//!       "start": { "line": 3, "column": 6 },
//!       "end": { "line": 3, "column": 10 },
//!       "label": "no body or role has this id",
//!       "help": "did you mean `board`?",
//!       "related": []
//!     }
//!   ]
//! }
//! ```
//!
//! The schema is a contract: fields are only ever added, and [`VERSION`] changes when a field
//! is removed, renamed or changes meaning. Lines and columns are 1-based, columns count
//! characters, and `end` is the position just after the last character of the range. The
//! structs here also derive `Deserialize`, so that tests and users' tools can read a report
//! back; they ignore fields they do not know, so a newer report still parses.

use serde::{Deserialize, Serialize};

use super::{Diagnostic, Severity, SourceId, Sources};

/// The schema version written into every report; changes only on a breaking change.
pub const VERSION: u32 = 1;

/// A whole report: the document `govwiki check --format json` prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The schema version, [`VERSION`] for reports written by this build.
    pub version: u32,
    /// How many findings there are of each severity.
    pub summary: Summary,
    /// Every finding, in the order the run reports them.
    pub findings: Vec<Finding>,
}

/// How many findings a report holds of each severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Findings with severity `error`.
    pub errors: usize,
    /// Findings with severity `warning`.
    pub warnings: usize,
}

/// One finding about the content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The stable code, such as `GW201`.
    pub code: String,
    /// The code's kebab-case name, such as `unknown-actor`.
    pub slug: String,
    /// `"error"` or `"warning"`.
    pub severity: String,
    /// What is wrong, in one line.
    pub message: String,
    /// The file, relative to the site folder, with `/` separators.
    pub file: String,
    /// Where the finding starts; `null` when it is about the file as a whole.
    pub start: Option<Position>,
    /// Where the finding ends (exclusive); `null` when it is about the file as a whole.
    pub end: Option<Position>,
    /// A short note about the place the finding points at.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Other places that explain the finding, such as the first definition of a duplicate.
    pub related: Vec<Related>,
}

/// A place in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, counted in characters (not bytes).
    pub column: usize,
}

/// A secondary place of a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// The file, relative to the site folder, with `/` separators.
    pub file: String,
    /// Where the place starts.
    pub start: Position,
    /// Where the place ends (exclusive).
    pub end: Position,
    /// What the place has to do with the finding.
    pub message: String,
}

impl Report {
    /// The report of `diagnostics`, with positions looked up in `sources`.
    #[must_use]
    pub fn new(diagnostics: &[Diagnostic], sources: &Sources) -> Self {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Report {
            version: VERSION,
            summary: Summary { errors, warnings: diagnostics.len() - errors },
            findings: diagnostics.iter().map(|d| Finding::new(d, sources)).collect(),
        }
    }
}

impl Finding {
    /// The finding for one diagnostic.
    #[must_use]
    pub fn new(diagnostic: &Diagnostic, sources: &Sources) -> Self {
        let (start, end) = match &diagnostic.range {
            Some(range) => {
                let (start, end) = span(sources, diagnostic.source, range);
                (Some(start), Some(end))
            }
            None => (None, None),
        };
        Finding {
            code: diagnostic.code.id().to_owned(),
            slug: diagnostic.code.slug().to_owned(),
            severity: severity_name(diagnostic.severity).to_owned(),
            message: diagnostic.message.clone(),
            file: sources.get(diagnostic.source).name.clone(),
            start,
            end,
            label: diagnostic.label.clone(),
            help: diagnostic.help.clone(),
            related: diagnostic
                .secondary
                .iter()
                .map(|label| {
                    let (start, end) = span(sources, label.source, &label.range);
                    Related {
                        file: sources.get(label.source).name.clone(),
                        start,
                        end,
                        message: label.message.clone(),
                    }
                })
                .collect(),
        }
    }
}

/// Renders `diagnostics` as one pretty-printed JSON [`Report`], ending with a newline.
#[must_use]
pub fn render_json(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let report = Report::new(diagnostics, sources);
    // Serialising cannot fail: the structs hold only strings, numbers and lists, and no map
    // has a non-string key, so the empty fallback is never taken.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// The name of a severity in the schema.
fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The start and end positions of a byte range of a source.
fn span(
    sources: &Sources,
    source: SourceId,
    range: &std::ops::Range<usize>,
) -> (Position, Position) {
    let source = sources.get(source);
    let position = |offset| {
        let (line, column) = source.line_col(offset);
        Position { line, column }
    };
    (position(range.start), position(range.end.max(range.start)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Source};
    use std::path::PathBuf;

    fn position(line: usize, column: usize) -> Option<Position> {
        Some(Position { line, column })
    }

    #[test]
    fn report_round_trips_with_every_field() {
        let mut sources = Sources::default();
        let text = "---\ntitle: Budget\nwho: bord\n---\nçà [[x]]\n";
        let page = sources.add(Source::new(PathBuf::new(), "content/b.md".into(), text.into()));
        let board = sources.add(Source::new(
            PathBuf::new(),
            "content/board.md".into(),
            "---\nid: board\n---\n".into(),
        ));
        let actor = Diagnostic::new(Code::UnknownActor, page, "unknown actor `bord`")
            .at(23..27)
            .label("no body or role has this id")
            .help("did you mean `board`?")
            .also(board, 8..13, "`board` is defined here");
        let mut orphan = Diagnostic::new(Code::OrphanPage, page, "no page links to `b`");
        orphan.severity = Severity::Warning;
        // Columns count characters: `[[x]]` starts after two two-byte characters and a space.
        let link = Diagnostic::new(Code::UnknownPage, page, "unknown page `x`").at(37..42);

        let output = render_json(&[actor, orphan, link], &sources);
        assert!(output.ends_with("}\n"), "{output}");
        assert!(output.contains("\n  \"version\": 1,\n"), "pretty-printed: {output}");
        let report: Report = serde_json::from_str(&output).unwrap();

        assert_eq!(report.version, 1);
        assert_eq!(report.summary, Summary { errors: 2, warnings: 1 });
        assert_eq!(report.findings.len(), 3);
        assert_eq!(
            report.findings[0],
            Finding {
                code: "GW201".into(),
                slug: "unknown-actor".into(),
                severity: "error".into(),
                message: "unknown actor `bord`".into(),
                file: "content/b.md".into(),
                start: position(3, 6),
                end: position(3, 10),
                label: Some("no body or role has this id".into()),
                help: Some("did you mean `board`?".into()),
                related: vec![Related {
                    file: "content/board.md".into(),
                    start: Position { line: 2, column: 5 },
                    end: Position { line: 2, column: 10 },
                    message: "`board` is defined here".into(),
                }],
            }
        );
        assert_eq!(
            report.findings[1],
            Finding {
                code: "GW502".into(),
                slug: "orphan-page".into(),
                severity: "warning".into(),
                message: "no page links to `b`".into(),
                file: "content/b.md".into(),
                start: None,
                end: None,
                label: None,
                help: None,
                related: vec![],
            }
        );
        assert_eq!(report.findings[2].code, "GW204");
        assert_eq!(report.findings[2].start, position(5, 4));
        assert_eq!(report.findings[2].end, position(5, 9));
    }

    #[test]
    fn absent_values_are_null_and_lists_are_empty() {
        let mut sources = Sources::default();
        let id = sources.add_unreadable(&PathBuf::new(), "content/x.md".into());
        let diagnostic = Diagnostic::new(Code::UnreadableFile, id, "cannot read `content/x.md`");
        let value: serde_json::Value =
            serde_json::from_str(&render_json(&[diagnostic], &sources)).unwrap();
        let finding = &value["findings"][0];
        for key in ["start", "end", "label", "help"] {
            assert!(finding[key].is_null(), "{key} is {}", finding[key]);
        }
        assert_eq!(finding["related"], serde_json::json!([]));
        assert_eq!(value["summary"], serde_json::json!({"errors": 1, "warnings": 0}));
    }

    #[test]
    fn an_empty_run_is_a_report_without_findings() {
        let output = render_json(&[], &Sources::default());
        assert_eq!(
            output,
            "{\n  \"version\": 1,\n  \"summary\": {\n    \"errors\": 0,\n    \"warnings\": 0\n  },\n  \
             \"findings\": []\n}\n"
        );
    }
}
