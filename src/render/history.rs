//! Page history pages: each page's versions from git, newest first, and what changed between
//! each version and the one before. "Versions compared" shows what a reader sees change: the
//! blocks of text (see [`Reading`]) added and removed, with the words changed within a block
//! marked, and the front matter keys whose values changed; the source's added and removed
//! lines are kept beside it, for the changes of markup a reader never sees.
//!
//! Input: the page and its versions (read once per build by [`crate::history`]). Output: the
//! view of the page's history page, written beside the page as `history.html`. Each version
//! is read once; comparing is linear in the page's length but for the changes themselves
//! (Myers' diff, by blocks, then by words within each changed pair of blocks of bounded size).

use similar::{Algorithm, ChangeTag, DiffTag, TextDiff, capture_diff_slices, group_diff_ops};

use super::reading::{Block, Reading};
use super::view::{DiffLineView, HistoryView, PartView, ReadingLineView, VersionView};

/// How many unchanged lines, or blocks, are shown around each change.
const CONTEXT: usize = 2;

/// The most words and spaces two blocks may have together for their changed words to be
/// marked: the word diff's time grows with their product when they differ much. Longer
/// blocks are marked whole.
const MAX_MARKED_TOKENS: usize = 4000;

/// How many added blocks a removed block of a replacement looks at for the one it became: a
/// few, so that a block removed before an edited one does not take the edit's place, and
/// the word diffs of a long replacement stay linear in its length.
const PAIR_WINDOW: usize = 3;

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

/// The versions of a page with, for each, its changes against the version before it;
/// `title_of` gives the title a `[[id]]` shows.
pub(super) fn history_view(
    versions: &[crate::history::Version],
    title_of: &dyn Fn(&str) -> Option<String>,
) -> HistoryView {
    let readings: Vec<Reading> =
        versions.iter().map(|version| Reading::of(&version.text, title_of)).collect();
    let nothing = Reading::default();
    let versions = versions
        .iter()
        .zip(&readings)
        .enumerate()
        .map(|(i, (version, reading))| {
            let first = i + 1 == versions.len();
            let older = readings.get(i + 1).unwrap_or(&nothing);
            let (lines, added, removed) = compare_blocks(&older.blocks, &reading.blocks);
            let older_text = versions.get(i + 1).map_or("", |v| v.text.as_str());
            let (source_lines, source_added, source_removed) = compare(older_text, &version.text);
            VersionView {
                commit: version.commit.clone(),
                date: version.date.clone(),
                author: version.author.clone(),
                message: version.message.clone(),
                first,
                added,
                removed,
                lines,
                fields: if first { Vec::new() } else { changed_fields(older, reading) },
                source_added,
                source_removed,
                source_lines,
            }
        })
        .collect();
    HistoryView { versions }
}

/// The front matter keys, other than the title and summary, that `newer` added, removed or
/// gave another value, in the order they are written in (the removed ones last).
fn changed_fields(older: &Reading, newer: &Reading) -> Vec<String> {
    fn value<'r>(reading: &'r Reading, key: &str) -> Option<&'r str> {
        reading.fields.iter().find(|(k, _)| k == key).map(|(_, value)| value.as_str())
    }
    let changed = newer.fields.iter().filter(|(key, v)| value(older, key) != Some(v.as_str()));
    let removed = older.fields.iter().filter(|(key, _)| value(newer, key).is_none());
    let mut keys: Vec<String> = Vec::new();
    for (key, _) in changed.chain(removed) {
        if !keys.contains(key) {
            keys.push(key.clone());
        }
    }
    keys
}

/// The blocks changed between two readings, with a little context, the words changed within
/// a block marked, and how many blocks were added and removed.
fn compare_blocks(older: &[Block], newer: &[Block]) -> (Vec<ReadingLineView>, usize, usize) {
    let ops = capture_diff_slices(Algorithm::Myers, older, newer);
    let (mut added, mut removed) = (0, 0);
    let mut lines = Vec::new();
    for (group, ops) in group_diff_ops(ops, CONTEXT).iter().enumerate() {
        if group > 0 {
            lines.push(ReadingLineView::gap());
        }
        for op in ops {
            let (tag, old, new) = op.as_tag_tuple();
            let (old, new) = (&older[old], &newer[new]);
            if tag == DiffTag::Equal {
                lines.extend(old.iter().map(|block| ReadingLineView::whole("same", block)));
                continue;
            }
            removed += old.len();
            added += new.len();
            let (old_marks, new_marks) = pair_marks(old, new);
            let mut push = |kind, blocks: &[Block], marks: Vec<Marks>| {
                lines.extend(blocks.iter().zip(marks).map(|(block, marks)| match marks {
                    Some(parts) => ReadingLineView::marked(kind, block, parts),
                    None => ReadingLineView::whole(kind, block),
                }));
            };
            push("removed", old, old_marks);
            push("added", new, new_marks);
        }
    }
    (lines, added, removed)
}

/// A block's words with the changed ones marked; `None` to show it whole.
type Marks = Option<Vec<PartView>>;

/// The words changed within the blocks of a replacement: each removed block is paired with
/// the first added block of its kind, among the next few after the last pair, whose words
/// are alike enough (see [`word_marks`]); blocks left without a pair are shown whole.
fn pair_marks(old: &[Block], new: &[Block]) -> (Vec<Marks>, Vec<Marks>) {
    let mut old_marks: Vec<Marks> = old.iter().map(|_| None).collect();
    let mut new_marks: Vec<Marks> = new.iter().map(|_| None).collect();
    let mut next = 0;
    for (i, block) in old.iter().enumerate() {
        let candidates = new.iter().enumerate().skip(next).take(PAIR_WINDOW);
        for (j, candidate) in candidates.filter(|(_, c)| c.kind == block.kind) {
            if let Some((removed, added)) = word_marks(block, candidate) {
                old_marks[i] = Some(removed);
                new_marks[j] = Some(added);
                next = j + 1;
                break;
            }
        }
    }
    (old_marks, new_marks)
}

/// The words of two blocks, the ones only the older has marked in the first list and the
/// ones only the newer has in the second; `None` when the blocks are too long to compare
/// word by word, or too unlike for marks to help.
fn word_marks(older: &Block, newer: &Block) -> Option<(Vec<PartView>, Vec<PartView>)> {
    let tokens = |text: &str| text.split_whitespace().count() * 2;
    if tokens(&older.text) + tokens(&newer.text) > MAX_MARKED_TOKENS {
        return None;
    }
    let diff = TextDiff::from_words(older.text.as_str(), newer.text.as_str());
    let (mut old, mut new) = (Vec::new(), Vec::new());
    let mut kept = 0;
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            ChangeTag::Delete => push_part(&mut old, value, true),
            ChangeTag::Insert => push_part(&mut new, value, true),
            ChangeTag::Equal => {
                kept += usize::from(!value.trim().is_empty());
                push_part(&mut old, value, false);
                push_part(&mut new, value, false);
            }
        }
    }
    let shorter = older.text.split_whitespace().count().min(newer.text.split_whitespace().count());
    // Blocks that keep less than half the shorter one's words are shown as one removed and
    // one added, without marks, which on nearly every word would say no more than the lines'
    // colours.
    (kept * 2 >= shorter.max(1)).then(|| (join_marks(old), join_marks(new)))
}

/// Adds `text` to `parts`, in the last part when it is marked alike.
fn push_part(parts: &mut Vec<PartView>, text: &str, marked: bool) {
    match parts.last_mut() {
        Some(last) if last.marked == marked => last.text.push_str(text),
        _ => parts.push(PartView { text: text.to_owned(), marked }),
    }
}

/// `parts` with the spaces between two marked runs marked too, so that a run of changed
/// words is one mark, and the spaces at either end of a mark left out of it.
fn join_marks(parts: Vec<PartView>) -> Vec<PartView> {
    let mut joined: Vec<PartView> = Vec::with_capacity(parts.len());
    let mut parts = parts.into_iter().peekable();
    while let Some(part) = parts.next() {
        let between_marks = !part.marked
            && part.text.trim().is_empty()
            && joined.last().is_some_and(|last| last.marked)
            && parts.peek().is_some_and(|next| next.marked);
        if between_marks && let (Some(last), Some(next)) = (joined.last_mut(), parts.next()) {
            last.text.push_str(&part.text);
            last.text.push_str(&next.text);
        } else {
            joined.push(part);
        }
    }
    let mut trimmed = Vec::with_capacity(joined.len());
    for part in joined {
        if !part.marked {
            push_part(&mut trimmed, &part.text, false);
            continue;
        }
        let words = part.text.trim();
        let before = &part.text[..part.text.len() - part.text.trim_start().len()];
        let after = &part.text[before.len() + words.len()..];
        push_part(&mut trimmed, before, false);
        push_part(&mut trimmed, words, !words.is_empty());
        push_part(&mut trimmed, after, false);
    }
    trimmed.retain(|part| !part.text.is_empty());
    trimmed
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

    /// Each line of a comparison of two pages as the reader sees it: `+`, `-` or ` `, then
    /// its text with changed words in `[-…-]` or `{+…+}`.
    fn reader_diff(older: &str, newer: &str) -> (Vec<String>, usize, usize) {
        let no_titles = |_: &str| None;
        let (older, newer) = (Reading::of(older, &no_titles), Reading::of(newer, &no_titles));
        let (lines, added, removed) = compare_blocks(&older.blocks, &newer.blocks);
        let shown = lines
            .iter()
            .map(|line| {
                let sign = match line.kind {
                    "added" => "+",
                    "removed" => "-",
                    _ => " ",
                };
                let text: String = line
                    .parts
                    .iter()
                    .map(|part| match (part.marked, line.kind) {
                        (false, _) => part.text.clone(),
                        (true, "added") => format!("{{+{}+}}", part.text),
                        (true, _) => format!("[-{}-]", part.text),
                    })
                    .collect();
                format!("{sign}{text}")
            })
            .collect();
        (shown, added, removed)
    }

    const PAGE: &str = "---\ntitle: Board\nsummary: Decides.\n---\n\n## Meetings\n\n\
                        The board meets every month in public.\n\n- Chair\n- Secretary\n\n\
                        | Seat | Term |\n|------|------|\n| Chair | two years |\n\nThe end.\n";

    #[test]
    fn a_changed_word_is_marked_in_its_paragraph() {
        let newer = PAGE.replace("every month", "every week");
        let (lines, added, removed) = reader_diff(PAGE, &newer);
        assert_eq!((added, removed), (1, 1));
        assert_eq!(
            lines,
            [
                " Summary: Decides.",
                " Meetings",
                "-The board meets every [-month-] in public.",
                "+The board meets every {+week+} in public.",
                " • Chair",
                " • Secretary",
            ]
        );
    }

    #[test]
    fn an_added_list_item_a_changed_cell_and_a_renamed_heading_are_blocks() {
        let newer = PAGE
            .replace("- Secretary\n", "- Secretary\n- Treasurer\n")
            .replace("two years", "three years")
            .replace("## Meetings", "## Meetings and votes");
        let (lines, added, removed) = reader_diff(PAGE, &newer);
        assert_eq!((added, removed), (3, 2));
        assert_eq!(
            lines,
            [
                " Title: Board",
                " Summary: Decides.",
                "-Meetings",
                "+Meetings {+and votes+}",
                " The board meets every month in public.",
                " • Chair",
                " • Secretary",
                "+• Treasurer",
                " Seat · Term",
                "-Chair · [-two-] years",
                "+Chair · {+three+} years",
                " The end.",
            ]
        );
    }

    #[test]
    fn markup_alone_is_no_change_a_reader_sees_but_is_one_of_the_source() {
        let newer = PAGE
            .replace("in public", "in **public**")
            .replace("| Seat | Term |\n|------|------|", "| Seat   | Term   |\n| :--- | :--- |")
            .replace("summary: Decides.", "summary: \"Decides.\"  # quoted");
        let (lines, added, removed) = reader_diff(PAGE, &newer);
        assert_eq!((lines.len(), added, removed), (0, 0, 0), "{lines:?}");
        let (source, source_added, source_removed) = compare(PAGE, &newer);
        assert_eq!((source_added, source_removed), (4, 4));
        assert!(source.iter().any(|l| l.kind == "added" && l.text.contains("**public**")));
    }

    #[test]
    fn a_removed_block_does_not_take_the_place_of_the_edited_one_after_it() {
        let older = "- The Toumai community is a sub-community.\n\n\
                     The community is a sub-community of the wiki.\n";
        let newer = "The community is a large sub-community of the wiki.\n";
        let (lines, added, removed) = reader_diff(older, newer);
        assert_eq!((added, removed), (1, 2));
        assert_eq!(
            lines,
            [
                "-• The Toumai community is a sub-community.",
                "-The community is a sub-community of the wiki.",
                "+The community is a {+large+} sub-community of the wiki.",
            ]
        );
    }

    #[test]
    fn a_rewritten_block_is_shown_whole_without_marks() {
        let newer = PAGE.replace("The end.", "Nothing else is said here about it.");
        let (lines, ..) = reader_diff(PAGE, &newer);
        assert!(lines.ends_with(&[
            "-The end.".to_owned(),
            "+Nothing else is said here about it.".to_owned()
        ]));
    }

    #[test]
    fn changed_front_matter_keys_are_named_and_title_and_summary_are_blocks() {
        let older = "---\ntitle: Board\nmembers: [Ada]\nlabels: [a]\npart_of: x\n---\nText.\n";
        let newer =
            "---\ntitle: The Board\nmembers:\n  - Ada\n  - Grace\nlabels: [a]\n---\nText.\n";
        let no_titles = |_: &str| None;
        let (older, newer) = (Reading::of(older, &no_titles), Reading::of(newer, &no_titles));
        assert_eq!(changed_fields(&older, &newer), ["members", "part_of"]);
        let (shown, ..) =
            reader_diff("---\ntitle: Board\n---\nText.\n", "---\ntitle: The Board\n---\nText.\n");
        assert_eq!(shown, ["-Title: Board", "+Title: {+The+} Board", " Text."]);
    }

    #[test]
    fn history_pages_sit_beside_their_page() {
        assert_eq!(history_url("bodies/tag/index.html"), "bodies/tag/history.html");
        assert_eq!(history_url("index.html"), "history.html");
    }
}
