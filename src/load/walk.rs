//! Content discovery: every `.md` file under `content/`, in a stable order.
//!
//! Hidden files and folders (`.git`, editor swap files such as `.#page.md`) are skipped.
//! Symbolic links are followed so that a site can share pages, but walkdir reports loops, and
//! a link that leads out of `content/` is refused: a page must never be read from elsewhere.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// Something found while walking `content/`.
#[derive(Debug)]
pub(super) enum Entry {
    /// A Markdown page.
    Page(PathBuf),
    /// A path that could not be walked, or that leads outside `content/`.
    Problem {
        /// The path, as walked.
        path: PathBuf,
        /// What went wrong, as a lowercase sentence fragment.
        reason: String,
    },
}

/// Every `.md` file under `content`, sorted by path.
pub(super) fn discover(content: &Path) -> Vec<Entry> {
    let root = content.canonicalize().unwrap_or_else(|_| content.to_path_buf());
    let mut walker = WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    let mut entries = Vec::new();
    while let Some(entry) = walker.next() {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_dir = entry.file_type().is_dir();
                let named_page = entry.depth() > 0 && path.extension().is_some_and(|e| e == "md");
                let is_page = entry.file_type().is_file() && named_page;
                // Named like a page but no file to read: a folder, or a named pipe, socket
                // or device, whose reading could wait for ever.
                if named_page && !is_page {
                    let reason = if is_dir {
                        "it is a folder named like a page; a page must be a file, so rename \
                         the folder"
                    } else {
                        "it is not a regular file (a named pipe, socket or device), which \
                         govwiki does not read"
                    };
                    entries
                        .push(Entry::Problem { path: path.to_path_buf(), reason: reason.into() });
                    if !is_dir {
                        continue;
                    }
                }
                if !is_dir && !is_page {
                    continue;
                }
                if entry.path_is_symlink() && !leads_inside(path, &root) {
                    let what = if is_dir { "folder" } else { "file" };
                    entries.push(Entry::Problem {
                        path: path.to_path_buf(),
                        reason: format!("it is a symbolic link to a {what} outside `content/`"),
                    });
                    if is_dir {
                        walker.skip_current_dir();
                    }
                    continue;
                }
                if is_page {
                    entries.push(Entry::Page(path.to_path_buf()));
                }
            }
            Err(error) => {
                let path = error.path().unwrap_or(content).to_path_buf();
                let reason = if error.loop_ancestor().is_some() {
                    "it is a symbolic link that loops back to one of its own folders".into()
                } else {
                    error.io_error().map_or_else(|| error.to_string(), ToString::to_string)
                };
                entries.push(Entry::Problem { path, reason });
            }
        }
    }
    entries
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

fn leads_inside(path: &Path, root: &Path) -> bool {
    path.canonicalize().is_ok_and(|target| target.starts_with(root))
}
