//! Page history pages: each page's versions from git, newest first, and what changed between
//! each version and the one before ("versions compared"), as added and removed lines.
//!
//! Input: the page and its versions (read once per build by [`crate::history`]). Output: the
//! view of the page's history page, written beside the page as `history.html`.

use similar::{ChangeTag, TextDiff};

use super::view::{DiffLineView, HistoryView, VersionView};

/// How many unchanged lines are shown around each change.
const CONTEXT: usize = 2;

/// The name of a page's history page, in the page's folder.
pub(super) const HISTORY_FILE: &str = "history.html";

/// The output path of the history of the page at `url`: `bodies/tag/index.html` →
/// `bodies/tag/history.html`. Content pages are all `…/index.html`, so it is never one of
/// theirs.
#[must_use]
pub(crate) fn history_url(url: &str) -> String {
    match url.strip_suffix("index.html") {
        Some(folder) => format!("{folder}{HISTORY_FILE}"),
        None => format!("{url}.{HISTORY_FILE}"),
    }
}

/// The versions of a page with, for each, its changes against the version before it.
pub(super) fn history_view(versions: &[crate::history::Version]) -> HistoryView {
    let versions = versions
        .iter()
        .enumerate()
        .map(|(i, version)| {
            let older = versions.get(i + 1).map_or("", |v| v.text.as_str());
            let (lines, added, removed) = compare(older, &version.text);
            VersionView {
                commit: version.commit.clone(),
                date: version.date.clone(),
                author: version.author.clone(),
                message: version.message.clone(),
                first: i + 1 == versions.len(),
                added,
                removed,
                lines,
            }
        })
        .collect();
    HistoryView { versions }
}

/// The changed lines between two texts, with a little context, and how many lines were added
/// and removed.
fn compare(older: &str, newer: &str) -> (Vec<DiffLineView>, usize, usize) {
    let diff = TextDiff::from_lines(older, newer);
    let (mut added, mut removed) = (0, 0);
    let mut lines = Vec::new();
    for (group, ops) in diff.grouped_ops(CONTEXT).iter().enumerate() {
        if group > 0 {
            lines.push(DiffLineView { kind: "gap", text: "…".into() });
        }
        for op in ops {
            for change in diff.iter_changes(op) {
                let kind = match change.tag() {
                    ChangeTag::Insert => {
                        added += 1;
                        "added"
                    }
                    ChangeTag::Delete => {
                        removed += 1;
                        "removed"
                    }
                    ChangeTag::Equal => "same",
                };
                let text = change.value().trim_end_matches(['\n', '\r']).to_owned();
                lines.push(DiffLineView { kind, text });
            }
        }
    }
    (lines, added, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_added_and_removed_lines_with_context() {
        let (lines, added, removed) = compare("a\nb\nc\nd\ne\nf\n", "a\nb\nc\nD\ne\nf\n");
        assert_eq!((added, removed), (1, 1));
        let shown: Vec<(&str, &str)> = lines.iter().map(|l| (l.kind, l.text.as_str())).collect();
        assert_eq!(
            shown,
            [
                ("same", "b"),
                ("same", "c"),
                ("removed", "d"),
                ("added", "D"),
                ("same", "e"),
                ("same", "f")
            ]
        );
    }

    #[test]
    fn history_pages_sit_beside_their_page() {
        assert_eq!(history_url("bodies/tag/index.html"), "bodies/tag/history.html");
        assert_eq!(history_url("index.html"), "history.html");
    }
}
