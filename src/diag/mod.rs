//! Diagnostics: findings about the user's content, collected as data and shown at the end.
//!
//! A [`Diagnostic`] is never propagated with `?`: every stage returns the ones it found beside
//! its result, so one run reports every problem, not only the first. Only the commands (`app`
//! and the live server) print them, through a renderer such as [`human`].

mod code;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
mod source;
mod suggest;

use std::ops::Range;

pub use code::Code;
pub use source::{Source, SourceId, Sources};
pub use suggest::did_you_mean;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Fails the command.
    Error,
    /// Reported; fails the command only when warnings are denied.
    Warning,
}

/// A secondary place that explains a finding, such as the first definition of a duplicate id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The file.
    pub source: SourceId,
    /// The byte range in the file.
    pub range: Range<usize>,
    /// What this place has to do with the finding.
    pub message: String,
}

/// One finding about the user's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong: lowercase, no trailing period, user values in backticks.
    pub message: String,
    /// The file the finding is about.
    pub source: SourceId,
    /// The byte range the finding points at; `None` for the file as a whole.
    pub range: Option<Range<usize>>,
    /// A short note under the caret.
    pub label: Option<String>,
    /// Other places that explain the finding.
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding about `source` as a whole, with the code's default severity.
    #[must_use]
    pub fn new(code: Code, source: SourceId, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            source,
            range: None,
            label: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    /// Points the finding at a byte range of its source.
    #[must_use]
    pub fn at(mut self, range: Range<usize>) -> Self {
        self.range = Some(range);
        self
    }

    /// Sets the note shown under the caret.
    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets how to fix the finding.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help to a "did you mean" when one of `candidates` is close to `wrong`.
    #[must_use]
    pub fn suggest<'a>(self, wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        match did_you_mean(wrong, candidates) {
            Some(best) => self.help(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    /// Adds a "did you mean" with the candidate closest to `wrong`, or, when none is close,
    /// the list of them all: "`what` take: `a`, `b`".
    #[must_use]
    pub fn suggest_or_list(self, wrong: &str, candidates: &[&str], what: &str) -> Self {
        match did_you_mean(wrong, candidates.iter().copied()) {
            Some(best) => self.help(format!("did you mean `{best}`?")),
            None => {
                let all: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
                self.help(format!("{what} take: {}", all.join(", ")))
            }
        }
    }

    /// Adds a secondary place.
    #[must_use]
    pub fn also(
        mut self,
        source: SourceId,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        self.secondary.push(Label { source, range, message: message.into() });
        self
    }

    /// Whether the finding is an error.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Orders diagnostics by file, position and code, so output is deterministic.
pub fn sort(diagnostics: &mut [Diagnostic], sources: &Sources) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (sources.get(d.source).name.clone(), d.range.as_ref().map_or(0, |r| r.start), d.code)
        };
        key(a).cmp(&key(b))
    });
}
