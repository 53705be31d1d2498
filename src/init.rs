//! `govwiki init`: a small wiki with one page of each kind, which builds and checks clean.

use std::path::Path;

use crate::error::Error;

/// The files of a new wiki, by path relative to its folder.
const SKELETON: &[(&str, &str)] = &[
    (
        ".gitignore",
        "# The built site; the build before it, which the next build updates in place; and the\n\
         # staging folder of a build under way.\n\
         /public\n/.public.govwiki-*\n",
    ),
    (
        "govwiki.yaml",
        "# Settings of this wiki; every key is optional.\ntitle: My governance wiki\noutput_dir: public\n",
    ),
    (
        "content/index.md",
        "---\ntitle: Home\nsummary: How this initiative is governed.\n---\n\n\
         This wiki describes who decides what, and how work flows between the parties.\n\n\
         - [[board]] sets the direction.\n\
         - The [[secretariat]] runs the daily work.\n\
         - [[annual-report]] shows a workflow with its steps.\n",
    ),
    (
        "content/bodies/board.md",
        "---\ntitle: Board\nkind: body\nabbr: BRD\nsummary: Sets the strategic direction.\n\
         # What the board should have, and who holds each seat since when.\n\
         seats:\n  chair: 1\n  member: 2..6\n\
         members:\n  \
         - person: ada-lovelace\n    seat: chair\n    from: 2025-01-01\n  \
         - name: Charles Babbage\n    from: 2025-01-01\n  \
         - name: Mary Somerville\n    from: 2025-01-01\n    until: 2099-12-31\n\
         decides: [strategy, annual report]\nvoting: majority\nquorum: 2/3\n\
         meets: twice a year\n\
         responsibilities:\n  ongoing:\n    - Set the strategy\n  \
         case_driven:\n    - Approve the annual report\n---\n\nThe board meets twice a year.\n",
    ),
    (
        "content/people/ada-lovelace.md",
        "---\ntitle: Ada Lovelace\nkind: person\naffiliation: Analytical Society\n---\n\n\
         Chairs the [[board]].\n",
    ),
    (
        "content/decisions/annual-report-2025.md",
        "---\ntitle: Annual report 2025 approved\nkind: decision\nby: board\ndate: 2026-03-15\n\
         topic: annual report\noutcome: The board approves the annual report for 2025.\n---\n\n\
         Approved as drafted by the [[secretariat]].\n",
    ),
    (
        "content/roles/secretariat.md",
        "---\ntitle: Secretariat\nkind: role\nheld_by: board\nsummary: Runs the daily work.\n\
         responsibilities:\n  ongoing:\n    - Keep the records of the [[board]]\n---\n\n\
         The secretariat prepares every meeting.\n",
    ),
    (
        "content/workflows/annual-report.md",
        "---\ntitle: Annual report\nkind: workflow\nsummary: From draft to approval.\nsteps:\n  \
         - id: draft\n    title: Draft the report\n    who: secretariat\n  \
         - id: approve\n    title: Approve the report\n    who: board\n    support: secretariat\n\
         ---\n\nOnce a year the secretariat drafts a report, and the board approves it.\n",
    ),
];

/// What `init` says once it wrote the skeleton into `dir`: where, and the commands to go on
/// with.
#[must_use]
pub fn created(dir: &Path) -> String {
    if dir.as_os_str().is_empty() || dir == Path::new(".") {
        return "created a new wiki here; preview it with `govwiki serve`, or build it with \
                `govwiki build`"
            .to_owned();
    }
    let dir = dir.display();
    format!(
        "created a new wiki in `{dir}`; preview it with `cd {dir} && govwiki serve`, or build \
         it with `govwiki build --root {dir}`"
    )
}

/// Writes the skeleton into `dir`, which is created if needed.
///
/// # Errors
///
/// `dir` already holds a wiki, or a file cannot be written.
pub fn write_skeleton(dir: &Path) -> Result<(), Error> {
    if dir.join("content").exists() || dir.join(crate::config::CONFIG_FILE).exists() {
        return Err(Error::InitExists { path: dir.to_path_buf() });
    }
    for (relative, text) in SKELETON {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|source| Error::Write { path: parent.to_path_buf(), source })?;
        }
        // A repository's own `.gitignore` is kept: only the lines it lacks are added.
        let text = match std::fs::read_to_string(&path) {
            Ok(existing) if *relative == ".gitignore" => merged_ignore(&existing, text),
            _ => (*text).to_owned(),
        };
        std::fs::write(&path, text).map_err(|source| Error::Write { path, source })?;
    }
    Ok(())
}

/// `existing`, the text of a `.gitignore`, with the rules of `ours` it lacks added at its end.
fn merged_ignore(existing: &str, ours: &str) -> String {
    let have: Vec<&str> = existing.lines().map(str::trim).collect();
    let missing: Vec<&str> = ours
        .lines()
        .filter(|line| !line.starts_with('#') && !have.contains(&line.trim()))
        .collect();
    if missing.is_empty() {
        return existing.to_owned();
    }
    let mut merged = existing.to_owned();
    if !merged.is_empty() && !merged.ends_with('\n') {
        merged.push('\n');
    }
    merged.push_str("# govwiki: the built site and the build before it\n");
    for line in missing {
        merged.push_str(line);
        merged.push('\n');
    }
    merged
}
