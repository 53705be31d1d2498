//! Content discovery: every `.md` file under the content folder, in a stable order.
//!
//! What is no page of the site is skipped: hidden files and folders (`.git`, editor swap
//! files such as `.#page.md`; but for `.github`, whose Markdown GitHub shows), `node_modules`, what `.gitignore` files ignore (in the content
//! and above it, as Git reads them, whether or not the folder is a Git repository), and the
//! folders the caller names (the output folder and the themes, when the content is the site
//! root). The walk is ripgrep's (`ignore`), which reads ignore files as Git does.
//! Symbolic links are followed so that a site can share pages, but loops are reported, and
//! a link that leads out of the content is refused: a page must never be read from elsewhere.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use ignore::WalkBuilder;

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

/// Every `.md` file under `content`, sorted by path, but in the folders `excluded`; and every
/// other file there (an image, a PDF, a YAML file), to be published beside the pages.
pub(super) fn discover(content: &Path, excluded: &[PathBuf]) -> (Vec<Entry>, Vec<PathBuf>) {
    let root = content.canonicalize().unwrap_or_else(|_| content.to_path_buf());
    let excluded: Vec<PathBuf> = excluded.to_vec();
    // Symbolic links out of the content are neither followed nor read; they are reported.
    let outside: Arc<Mutex<Vec<(PathBuf, bool)>>> = Arc::default();
    let (found_outside, inside) = (Arc::clone(&outside), root.clone());
    let mut walker = WalkBuilder::new(content);
    walker
        // Hidden files and folders are left out below, but for `.github`, whose Markdown
        // (contributing guides, templates) GitHub shows.
        .hidden(false)
        .parents(true)
        .ignore(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_name(std::cmp::Ord::cmp)
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            if (name.starts_with('.') && name != ".github")
                || name == "node_modules"
                || excluded.iter().any(|folder| entry.path() == folder)
            {
                return false;
            }
            if entry.path_is_symlink() && !leads_inside(entry.path(), &inside) {
                let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
                let named_page = entry.path().extension().is_some_and(|ext| ext == "md");
                if is_dir || named_page {
                    let mut outside = found_outside.lock().unwrap_or_else(PoisonError::into_inner);
                    outside.push((entry.path().to_path_buf(), is_dir));
                }
                return false;
            }
            true
        });
    let (mut entries, mut assets) = (Vec::new(), Vec::new());
    for entry in walker.build() {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let Some(kind) = entry.file_type() else { continue };
                let is_dir = kind.is_dir();
                let named_page = entry.depth() > 0 && path.extension().is_some_and(|e| e == "md");
                let is_page = kind.is_file() && named_page;
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
                if kind.is_file() && !named_page {
                    assets.push(path.to_path_buf());
                    continue;
                }
                if !is_dir && !is_page {
                    continue;
                }
                if is_page {
                    entries.push(Entry::Page(path.to_path_buf()));
                }
            }
            Err(error) => {
                let (path, reason) = problem(&error);
                entries
                    .push(Entry::Problem { path: path.unwrap_or(content).to_path_buf(), reason });
            }
        }
    }
    let outside = std::mem::take(&mut *outside.lock().unwrap_or_else(PoisonError::into_inner));
    for (path, is_dir) in outside {
        let what = if is_dir { "folder" } else { "file" };
        let reason = format!("it is a symbolic link to a {what} outside the content");
        entries.push(Entry::Problem { path, reason });
    }
    // In the order of the walk: by path, folder by folder.
    entries.sort_by(|a, b| a.path().components().cmp(b.path().components()));
    (entries, assets)
}

impl Entry {
    fn path(&self) -> &Path {
        match self {
            Entry::Page(path) | Entry::Problem { path, .. } => path,
        }
    }
}

/// The path and the reason of an error of the walk.
fn problem(error: &ignore::Error) -> (Option<&Path>, String) {
    match error {
        ignore::Error::Loop { child, .. } => (
            Some(child.as_path()),
            "it is a symbolic link that loops back to one of its own folders".into(),
        ),
        ignore::Error::WithPath { path, err } => (Some(path.as_path()), problem(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            problem(err)
        }
        ignore::Error::Io(io) => (None, io.to_string()),
        other => (None, other.to_string()),
    }
}

fn leads_inside(path: &Path, root: &Path) -> bool {
    path.canonicalize().is_ok_and(|target| target.starts_with(root))
}
