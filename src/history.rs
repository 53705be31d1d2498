//! Page history from git: when each page was last changed, and by whom.
//!
//! Input: the `content/` folder. Output: per page path (relative to `content/`), its last
//! commit's date and author. The history is read with one `git log` for the whole folder, not
//! one call per page, so a large repository costs one walk of its log. Outside a git
//! repository, or without the `git` program, the map is empty and pages simply show no date.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// The last change of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Updated {
    /// The commit's author date, `YYYY-MM-DD`.
    pub date: String,
    /// The commit's author name.
    pub author: String,
}

/// The last change of every page under `content` that git knows, by path relative to it.
#[must_use]
pub fn last_updated(content: &Path) -> HashMap<String, Updated> {
    let output = Command::new("git")
        .arg("-C")
        .arg(content)
        .args([
            "log",
            "--format=%x01%as%x09%an",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            ".",
        ])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output();
    match output {
        Ok(output) if output.status.success() => parse(&String::from_utf8_lossy(&output.stdout)),
        _ => HashMap::new(),
    }
}

/// Reads `git log` output: a `\x01DATE\tAUTHOR` line per commit, newest first, then the files
/// it changed. The first commit that names a file is its last change.
fn parse(log: &str) -> HashMap<String, Updated> {
    let mut updated = HashMap::new();
    let mut current: Option<Updated> = None;
    for line in log.lines() {
        if let Some(header) = line.strip_prefix('\u{1}') {
            let (date, author) = header.split_once('\t').unwrap_or((header, ""));
            current = Some(Updated { date: date.to_owned(), author: author.to_owned() });
        } else if let (false, Some(commit)) = (line.is_empty(), &current) {
            updated.entry(line.to_owned()).or_insert_with(|| commit.clone());
        }
    }
    updated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_that_names_a_file_wins() {
        let log = "\u{1}2026-03-02\tAda\n\nbodies/board.md\n\u{1}2026-01-05\tGrace Hopper\n\nbodies/board.md\nindex.md\n";
        let updated = parse(log);
        assert_eq!(
            updated["bodies/board.md"],
            Updated { date: "2026-03-02".into(), author: "Ada".into() }
        );
        assert_eq!(updated["index.md"].author, "Grace Hopper");
        assert_eq!(updated.len(), 2);
    }
}
