//! The site's own view of its findings: `check.severity` in `govwiki.yaml` raises, lowers or
//! silences a class of findings, and `check.skip` exempts links from the link check.
//!
//! Input: the `check:` settings and the file they were read from. Output: the compiled
//! settings, and findings about the settings themselves (an unknown code, a bad pattern).

use std::collections::HashMap;
use std::ops::Range;

use regex::Regex;
use serde_saphyr::{Location, Spanned};

use crate::config::CheckConfig;
pub use crate::config::Level;
use crate::diag::{Code, Diagnostic, Severity, SourceId, Sources};

/// The levels the site sets, by code.
#[derive(Clone, Debug, Default)]
pub struct Levels(HashMap<Code, Level>);

/// The findings about links that lead nowhere, which `check.broken_links` sets at once.
const BROKEN_LINKS: [Code; 7] = [
    Code::UnknownPage,
    Code::UnknownHeading,
    Code::UnknownFile,
    Code::BrokenLink,
    Code::MissingAnchor,
    Code::BrokenExternalLink,
    Code::OutsideLink,
];

/// Compiles the `check:` settings read from `source`.
#[must_use]
pub fn compile(
    config: &CheckConfig,
    source: Option<SourceId>,
    sources: &Sources,
) -> (Levels, Vec<Regex>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let span = |location: &Location| -> Range<usize> {
        let Some(source) = source else { return 0..0 };
        let text = &sources.get(source).text;
        let span = location.span();
        match (span.byte_offset(), span.byte_len()) {
            (Some(offset), Some(len)) => {
                let start = usize::try_from(offset).unwrap_or(0).min(text.len());
                start..(start + usize::try_from(len).unwrap_or(0)).min(text.len())
            }
            _ => 0..0,
        }
    };
    let mut levels = HashMap::new();
    if let Some(level) = config.broken_links {
        levels.extend(BROKEN_LINKS.iter().map(|&code| (code, level)));
    }
    for (name, level) in &config.severity {
        match Code::ALL.iter().find(|code| code.id() == name || code.slug() == name) {
            Some(&code) => {
                levels.insert(code, level.value);
            }
            None => {
                if let Some(source) = source {
                    let names = Code::ALL.iter().flat_map(|code| [code.id(), code.slug()]);
                    diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            source,
                            format!("`check.severity` names `{name}`, which is no finding code"),
                        )
                        .at(span(&level.referenced))
                        .label("the level of an unknown code")
                        .help("use a code such as `GW502` or its name such as `orphan-page`; docs/checks.md lists them all")
                        .suggest(name, names),
                    );
                }
            }
        }
    }
    let mut skip = Vec::with_capacity(config.skip.len());
    for pattern in &config.skip {
        match Regex::new(&pattern.value) {
            Ok(regex) => skip.push(regex),
            Err(error) => {
                if let Some(source) = source {
                    diagnostics.push(bad_pattern(
                        source,
                        pattern,
                        span(&pattern.referenced),
                        &error,
                    ));
                }
            }
        }
    }
    (Levels(levels), skip, diagnostics)
}

fn bad_pattern(
    source: SourceId,
    pattern: &Spanned<String>,
    at: Range<usize>,
    error: &regex::Error,
) -> Diagnostic {
    let reason = match error {
        regex::Error::Syntax(text) => text.lines().last().unwrap_or_default().trim().to_owned(),
        other => other.to_string(),
    };
    Diagnostic::new(
        Code::InvalidValue,
        source,
        format!("`check.skip` pattern `{}` is not a valid regular expression", pattern.value),
    )
    .at(at)
    .label(reason)
    .help("patterns are regular expressions: escape `.`, `?`, `(` and `[` with `\\`, such as `^https://example\\.org/`")
}

/// Applies the site's levels, then `--deny-warnings`: findings set to `off` are dropped.
pub fn apply_levels(diagnostics: &mut Vec<Diagnostic>, levels: &Levels, deny_warnings: bool) {
    diagnostics.retain_mut(|diagnostic| {
        match levels.0.get(&diagnostic.code) {
            Some(Level::Off) => return false,
            Some(Level::Error) => diagnostic.severity = Severity::Error,
            Some(Level::Warning) => diagnostic.severity = Severity::Warning,
            None => {}
        }
        if deny_warnings {
            diagnostic.severity = Severity::Error;
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;

    #[test]
    fn levels_change_drop_and_deny() {
        let mut sources = Sources::default();
        let id = sources.add(Source::new("x".into(), "x".into(), String::new()));
        let found = || {
            vec![
                Diagnostic::new(Code::OrphanPage, id, "orphan"),
                Diagnostic::new(Code::BrokenExternalLink, id, "external"),
                Diagnostic::new(Code::DetachedBody, id, "detached"),
            ]
        };
        let levels = Levels(HashMap::from([
            (Code::OrphanPage, Level::Off),
            (Code::BrokenExternalLink, Level::Warning),
        ]));
        let mut diagnostics = found();
        apply_levels(&mut diagnostics, &levels, false);
        let seen: Vec<_> = diagnostics.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            seen,
            [
                (Code::BrokenExternalLink, Severity::Warning),
                (Code::DetachedBody, Severity::Warning)
            ]
        );
        let mut diagnostics = found();
        apply_levels(&mut diagnostics, &levels, true);
        assert!(diagnostics.iter().all(Diagnostic::is_error));
        assert_eq!(diagnostics.len(), 2);
    }
}
