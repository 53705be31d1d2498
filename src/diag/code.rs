//! The registry of diagnostic codes.
//!
//! Codes are stable and never renumbered: `GW1xx` front matter and files, `GW2xx` references,
//! `GW3xx` structure, `GW4xx` links in the rendered site, `GW5xx` warnings, `GW6xx` governance
//! (seats, terms, mandates and quorums, as of a date). Each code has a
//! kebab-case slug and a one-line description; `docs/checks.md` documents every one with an example.

use super::Severity;

macro_rules! codes {
    ($($variant:ident = ($id:literal, $slug:literal, $severity:ident, $summary:literal),)*) => {
        /// A stable diagnostic code, such as `GW201 unknown-actor`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(#[doc = $summary] $variant,)*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The stable identifier, e.g. `GW201`.
            #[must_use]
            pub const fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)* }
            }

            /// The kebab-case name, e.g. `unknown-actor`.
            #[must_use]
            pub const fn slug(self) -> &'static str {
                match self { $(Code::$variant => $slug,)* }
            }

            /// The severity a finding of this code has unless the site configures another.
            #[must_use]
            pub const fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// A one-line description for documentation and `--format json`.
            #[must_use]
            pub const fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    UnreadableFile = ("GW100", "unreadable-file", Error, "a file or folder under the site could not be read"),
    NotUtf8 = ("GW101", "not-utf8", Error, "a page is not valid UTF-8 text"),
    UnclosedFrontMatter = ("GW102", "unclosed-front-matter", Error, "front matter opened with `---` is never closed"),
    InvalidYaml = ("GW103", "invalid-yaml", Error, "front matter or govwiki.yaml is not valid YAML"),
    MissingTitle = ("GW104", "missing-title", Error, "a workflow step has no `title`"),
    UnknownKey = ("GW105", "unknown-key", Error, "front matter has a key that the page's kind does not know"),
    WrongType = ("GW106", "wrong-type", Error, "a front matter value has the wrong type"),
    BadId = ("GW107", "bad-id", Error, "a page or step id is empty or contains a reserved character"),
    InvalidValue = ("GW108", "invalid-value", Error, "a front matter value is not one of the allowed values"),
    TooLong = ("GW109", "too-long", Error, "a front matter value has more characters, or a list more items, than govwiki takes"),
    BadDate = ("GW110", "bad-date", Error, "a date is not a calendar date written `YYYY-MM-DD`"),
    UnknownActor = ("GW201", "unknown-actor", Error, "`who`, `accountable`, `support`, `consulted` or `informed` names no body or role"),
    UnknownTarget = ("GW202", "unknown-target", Error, "a relation (`part_of`, `nominated_by`, `advises`, `reports_to`, `delegates_to`, `held_by`, `contributes_to`), `superseded_by`, a seat's `appointed_by`, or a decision's or meeting's reference names no suitable page"),
    UnknownNextStep = ("GW203", "unknown-next-step", Error, "a step's `next` names no step of its workflow"),
    UnknownPage = ("GW204", "unknown-page", Error, "a `[[id]]` link names no page"),
    UnknownPerson = ("GW208", "unknown-person", Error, "a seat's `person` or a meeting's `attendees` names no person page"),
    UnknownHeading = ("GW205", "unknown-heading", Error, "a `[[id#heading]]` link names no heading of its page"),
    UnknownFile = ("GW206", "unknown-file", Error, "a relative link to a `.md` file names no page"),
    BadMacro = ("GW207", "bad-macro", Error, "a `{{ macro }}` is unknown or has a bad argument"),
    DuplicateId = ("GW301", "duplicate-id", Error, "two pages have the same id"),
    MissingWho = ("GW302", "missing-who", Error, "a workflow step has no `who`"),
    DuplicateStepId = ("GW303", "duplicate-step-id", Error, "two steps of one workflow have the same id"),
    PartOfCycle = ("GW304", "part-of-cycle", Error, "bodies are `part_of` each other in a cycle"),
    EmptyWorkflow = ("GW305", "empty-workflow", Error, "a workflow has no steps"),
    UnreachableStep = ("GW306", "unreachable-step", Error, "a workflow step cannot be reached from the first step"),
    DuplicateUrl = ("GW307", "duplicate-url", Error, "two pages would be written to the same URL"),
    ReservedUrl = ("GW308", "reserved-url", Error, "a page would be written where the site writes a file of its own"),
    TermReversed = ("GW309", "until-before-from", Error, "a seat's term ends (`until`) before it begins (`from`)"),
    RelationCycle = ("GW310", "relation-cycle", Error, "a page is its own successor, or a body delegates to itself, directly or through a chain that comes back"),
    BrokenLink = ("GW401", "broken-link", Error, "an internal link or resource names no file of the built site"),
    MissingAnchor = ("GW402", "missing-anchor", Error, "a link's `#fragment` names no `id` on the page it leads to"),
    DuplicateAnchor = ("GW403", "duplicate-anchor", Error, "two elements of one page have the same `id`"),
    BrokenExternalLink = ("GW404", "broken-external-link", Error, "an external link does not answer with success (checked only with `--external`)"),
    OutsideLink = ("GW405", "outside-link", Error, "a relative link climbs above the content's root, out of the repository"),
    ScriptLink = ("GW406", "script-link", Error, "a link or image URL would run a script (`javascript:`, `vbscript:`, a `data:` URL that is no picture) on a site with `raw_html: escape`"),
    IdleActor = ("GW501", "idle-actor", Warning, "a body or role owns no step and has no responsibilities"),
    OrphanPage = ("GW502", "orphan-page", Warning, "no other page links to this page"),
    DetachedBody = ("GW503", "detached-body", Warning, "a body has no relation to any other body or role, so it stands alone in the organisational scheme"),
    ConfusableId = ("GW504", "confusable-id", Warning, "two ids differ only by look-alike or invisible characters"),
    NoHomePage = ("GW505", "no-home-page", Warning, "the content has no `README.md` or `index.md` at its root; a list of the top-level pages stands in for it"),
    FileLeftOut = ("GW506", "file-left-out", Warning, "a file of the content that is no page is left out of the output, as a page or a file of the site's own takes its place"),
    TermEnded = ("GW601", "term-ended", Warning, "a seat's term has ended (as of today, or `--as-of`) and the roster still lists it"),
    SeatsUnfilled = ("GW602", "seats-unfilled", Warning, "a body holds fewer seats of a kind than its `seats` asks for (no current chair, too few members)"),
    DoubleSeat = ("GW603", "double-seat", Error, "one person holds two seats of one body at the same time"),
    OutsideMandate = ("GW604", "outside-mandate", Error, "a decision's `topic` is not among the topics its body `decides`"),
    BelowQuorum = ("GW605", "below-quorum", Warning, "a meeting had fewer attendees than its body's `quorum` of the seats held on its date"),
    NoSuccessor = ("GW606", "no-successor", Error, "a page with `status: superseded` names no `superseded_by`"),
    SeatsOverfilled = ("GW607", "seats-overfilled", Warning, "a body holds more seats of a kind than its `seats` allows"),
    UnlistedSeat = ("GW608", "unlisted-seat", Warning, "a seat's kind is none that `seats` names, but close to one (`chiar` for `chair`)"),
    IncompleteRecord = ("GW609", "incomplete-record", Warning, "a decision names no body (`by`) or date, or a meeting no body (`of`) or date: no log or timeline lists it"),
    ForeignDecision = ("GW610", "foreign-decision", Warning, "a meeting lists under `decisions` a decision that another body took"),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_and_slugs_are_unique_and_well_formed() {
        let ids: HashSet<_> = Code::ALL.iter().map(|c| c.id()).collect();
        let slugs: HashSet<_> = Code::ALL.iter().map(|c| c.slug()).collect();
        assert_eq!(ids.len(), Code::ALL.len());
        assert_eq!(slugs.len(), Code::ALL.len());
        for code in Code::ALL {
            assert!(code.id().starts_with("GW") && code.id().len() == 5, "{}", code.id());
            assert!(
                code.slug()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            );
        }
    }
}
