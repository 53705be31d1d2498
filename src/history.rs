//! Page history from git: every version of each page (commit, date, author, message and the
//! file as it was), newest first.
//!
//! Input: the `content/` folder. Output: per page path (relative to `content/`), its versions.
//! The whole history is read with two git processes per build, whatever the number of pages:
//! one `git log` for the commits that touched each file, and one `git cat-file --batch` for
//! the files' texts at those commits. At most [`MAX_VERSIONS`] versions are kept per page.
//! Outside a git repository, or without the `git` program, the map is empty, and pages simply
//! show no history.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// How many versions of a page are kept, newest first.
pub const MAX_VERSIONS: usize = 20;

/// One version of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The commit, abbreviated to 10 hex digits.
    pub commit: String,
    /// The author date, `YYYY-MM-DD`.
    pub date: String,
    /// The author's name.
    pub author: String,
    /// The first line of the commit message.
    pub message: String,
    /// The file's text at this version; empty when git could not give it.
    pub text: String,
}

/// Every page's versions under `content`, by path relative to it, newest first.
#[must_use]
pub fn versions(content: &Path) -> HashMap<String, Vec<Version>> {
    let output = git(content)
        .args(["log", "--format=%x01%H%x09%as%x09%an%x09%s", "--name-only", "--no-renames"])
        .args(["--relative", "--", "."])
        .output();
    let mut versions = match output {
        Ok(output) if output.status.success() => parse(&String::from_utf8_lossy(&output.stdout)),
        _ => return HashMap::new(),
    };
    fill_texts(content, &mut versions);
    versions
}

fn git(content: &Path) -> Command {
    let mut command = Command::new("git");
    command.arg("-C").arg(content).env("GIT_OPTIONAL_LOCKS", "0");
    command
}

/// Reads `git log` output: a `\x01HASH\tDATE\tAUTHOR\tSUBJECT` line per commit, newest first,
/// then the files it changed.
fn parse(log: &str) -> HashMap<String, Vec<Version>> {
    let mut versions: HashMap<String, Vec<Version>> = HashMap::new();
    let mut current: Option<Version> = None;
    for line in log.lines() {
        if let Some(header) = line.strip_prefix('\u{1}') {
            let mut fields = header.splitn(4, '\t');
            let mut next = || fields.next().unwrap_or_default().to_owned();
            current = Some(Version {
                commit: next(),
                date: next(),
                author: next(),
                message: next(),
                text: String::new(),
            });
        } else if let (false, Some(commit)) = (line.is_empty(), &current) {
            let list = versions.entry(line.to_owned()).or_default();
            if list.len() < MAX_VERSIONS {
                list.push(commit.clone());
            }
        }
    }
    versions
}

/// Fills in every version's text with one `git cat-file --batch`.
fn fill_texts(content: &Path, versions: &mut HashMap<String, Vec<Version>>) {
    let Ok(mut child) = git(content)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return;
    };
    let mut paths: Vec<&String> = versions.keys().collect();
    paths.sort();
    let requests: Vec<(String, usize)> = paths
        .iter()
        .flat_map(|path| (0..versions[*path].len()).map(move |i| ((*path).clone(), i)))
        .collect();
    let mut input = String::new();
    for (path, i) in &requests {
        input.push_str(&format!("{}:./{path}\n", versions[path][*i].commit));
    }
    // Writing from another thread, so that a full output pipe cannot block the input.
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            let _ = stdin.write_all(input.as_bytes());
        }
    });
    if let Some(stdout) = child.stdout.take() {
        let mut reader = BufReader::new(stdout);
        for (path, i) in &requests {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                break;
            }
            let size = header.split_whitespace().nth(2).and_then(|s| s.parse::<usize>().ok());
            let Some(size) = size.filter(|_| header.split_whitespace().nth(1) == Some("blob"))
            else {
                continue;
            };
            let mut bytes = vec![0; size + 1];
            if reader.read_exact(&mut bytes).is_err() {
                break;
            }
            bytes.pop();
            if let Some(version) = versions.get_mut(path).and_then(|list| list.get_mut(*i)) {
                version.text = String::from_utf8_lossy(&bytes).into_owned();
            }
        }
    }
    let _ = writer.join();
    let _ = child.wait();
    for list in versions.values_mut() {
        for version in list {
            version.commit.truncate(10);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commits_come_first_per_file() {
        let log = "\u{1}aaaa\t2026-03-02\tAda\tMore meetings\n\nbodies/board.md\n\
                   \u{1}bbbb\t2026-01-05\tGrace Hopper\tFirst version\n\nbodies/board.md\nindex.md\n";
        let versions = parse(log);
        let board = &versions["bodies/board.md"];
        assert_eq!(board.len(), 2);
        assert_eq!((board[0].date.as_str(), board[0].author.as_str()), ("2026-03-02", "Ada"));
        assert_eq!(board[0].message, "More meetings");
        assert_eq!(versions["index.md"][0].author, "Grace Hopper");
    }
}
