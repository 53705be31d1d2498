//! Stage 1, LOAD: the site on disk → the text of every page, split and parsed.
//!
//! Input: the `content/` folder. Output: [`Loaded`], holding every source (for diagnostics),
//! one [`LoadedPage`] per `.md` file, and the diagnostics found on the way: unreadable files,
//! invalid UTF-8, unclosed front matter and invalid YAML. A file with such a problem still
//! yields a page (marked broken), so that references to it do not cascade into more findings.

mod front_matter;
mod walk;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use front_matter::{FrontMatter, Split, Yaml, opening, parse, split};

use crate::diag::{Code, Diagnostic, Source, SourceId, Sources};

/// The state of a page's front matter after loading.
#[derive(Clone, Debug)]
pub enum Header {
    /// Parsed YAML, still untyped.
    Parsed(FrontMatter),
    /// The page has no front matter at all.
    Missing,
    /// The front matter or the file is broken; a diagnostic says why.
    Broken,
}

/// One `.md` file under `content/`.
#[derive(Clone, Debug)]
pub struct LoadedPage {
    /// The file's text.
    pub source: SourceId,
    /// The path relative to `content/`, with `/` separators.
    pub path: String,
    /// The front matter.
    pub header: Header,
    /// The byte range of the Markdown body in the source.
    pub markdown: Range<usize>,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The text of every file read.
    pub sources: Sources,
    /// One entry per `.md` file, sorted by path.
    pub pages: Vec<LoadedPage>,
    /// Problems found while reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads every page under `content` and adds the files to `sources`, which may hold files
/// read before (such as `govwiki.yaml`); `root` is the folder names are shown relative to.
///
/// Files are read and parsed in parallel; each gets the source id of its place in the sorted
/// list, so the result is the same as reading them one by one.
#[must_use]
pub fn load(root: &Path, content: &Path, sources: Sources) -> Loaded {
    let entries = walk::discover(content);
    let first = sources.len();
    let read: Vec<(Source, Option<LoadedPage>, Option<Diagnostic>)> = entries
        .into_par_iter()
        .enumerate()
        .map(|(index, entry)| {
            let id = SourceId::at(first + index);
            match entry {
                walk::Entry::Page(path) => read_page(root, content, &path, id),
                walk::Entry::Problem { path, reason } => {
                    let name = display_name(root, &path);
                    let diagnostic =
                        Diagnostic::new(Code::UnreadableFile, id, format!("cannot read `{name}`"))
                            .help(format!("{reason}; fix or remove it"));
                    (Source::new(path, name, String::new()), None, Some(diagnostic))
                }
            }
        })
        .collect();
    collect(read, sources)
}

/// Loads the pages again after the files `changed` (relative to `root`) changed, taking over
/// every other page from `previous`, the pages of an earlier load whose files are in
/// `previous_sources`; adds the files to `sources` as [`load`] does, with the same result.
///
/// Gives `sources` back when the set of pages may be another one, so that only [`load`] can
/// tell: a changed path that is no page of `previous` (a new file, a folder), or a page that
/// is gone. The caller must not give a `previous` whose load reported a problem.
///
/// # Errors
///
/// `sources`, untouched, when [`load`] must run instead.
pub fn reload(
    root: &Path,
    content: &Path,
    sources: Sources,
    previous: &[LoadedPage],
    previous_sources: &Sources,
    changed: &BTreeSet<PathBuf>,
) -> Result<Loaded, Sources> {
    let known: HashMap<PathBuf, usize> = previous
        .iter()
        .enumerate()
        .map(|(index, page)| (previous_sources.get(page.source).path.clone(), index))
        .collect();
    let mut again = HashSet::new();
    for path in changed {
        let path = root.join(path);
        match known.get(&path) {
            Some(&index) if path.is_file() => again.insert(index),
            _ => return Err(sources),
        };
    }
    let first = sources.len();
    let read: Vec<(Source, Option<LoadedPage>, Option<Diagnostic>)> = previous
        .par_iter()
        .enumerate()
        .map(|(index, page)| {
            let id = SourceId::at(first + index);
            let source = previous_sources.get(page.source);
            if again.contains(&index) {
                read_page(root, content, &source.path, id)
            } else {
                (source.clone(), Some(LoadedPage { source: id, ..page.clone() }), None)
            }
        })
        .collect();
    Ok(collect(read, sources))
}

/// Adds what was read, in order, to `sources`: the source ids handed out match.
fn collect(
    read: Vec<(Source, Option<LoadedPage>, Option<Diagnostic>)>,
    sources: Sources,
) -> Loaded {
    let mut loaded = Loaded { sources, ..Loaded::default() };
    loaded.pages.reserve(read.len());
    for (source, page, diagnostic) in read {
        loaded.sources.add(source);
        loaded.pages.extend(page);
        loaded.diagnostics.extend(diagnostic);
    }
    loaded
}

/// Reads and parses one page, which gets source id `id`.
fn read_page(
    root: &Path,
    content: &Path,
    path: &Path,
    id: SourceId,
) -> (Source, Option<LoadedPage>, Option<Diagnostic>) {
    let name = display_name(root, path);
    let relative = path.strip_prefix(content).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let diagnostic =
                Diagnostic::new(Code::UnreadableFile, id, format!("cannot read `{name}`"))
                    .help(format!("{error}; check the file's permissions, or remove it"));
            let source = Source::new(path.to_path_buf(), name, String::new());
            return (source, Some(broken(id, relative)), Some(diagnostic));
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let diagnostic = Diagnostic::new(Code::NotUtf8, id, "page is not valid UTF-8 text")
                .at(valid..valid + char::REPLACEMENT_CHARACTER.len_utf8())
                .label("first byte that is not UTF-8")
                .help("save the file as UTF-8, or remove it if it is not a page");
            let source = Source::new(path.to_path_buf(), name, text);
            return (source, Some(broken(id, relative)), Some(diagnostic));
        }
    };
    let source = Source::new(path.to_path_buf(), name, text);
    let split = match split(&source.text, id) {
        Ok(split) => split,
        Err(diagnostic) => return (source, Some(broken(id, relative)), Some(*diagnostic)),
    };
    let (header, diagnostic) = match split.yaml {
        None => (Header::Missing, None),
        Some(yaml) => match parse(&source, id, yaml) {
            Ok(front_matter) => (Header::Parsed(front_matter), None),
            Err(diagnostic) => (Header::Broken, Some(*diagnostic)),
        },
    };
    let page = LoadedPage { source: id, path: relative, header, markdown: split.markdown };
    (source, Some(page), diagnostic)
}

fn broken(source: SourceId, path: String) -> LoadedPage {
    LoadedPage { source, path, header: Header::Broken, markdown: 0..0 }
}

/// A path as shown to the user: relative to the site root, with `/` separators.
#[must_use]
pub fn display_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn titles(loaded: &Loaded) -> Vec<String> {
        loaded.pages.iter().map(|page| loaded.sources.get(page.source).text.clone()).collect()
    }

    #[test]
    fn a_reload_reads_only_the_changed_files_and_gives_up_when_pages_come_or_go() {
        let dir = tempfile::tempdir().unwrap();
        let (root, content) = (dir.path(), dir.path().join("content"));
        write(root, "content/a.md", "---\ntitle: A\n---\n");
        write(root, "content/b/c.md", "---\ntitle: C\n---\n");
        let first = load(root, &content, Sources::default());
        assert!(first.diagnostics.is_empty());

        write(root, "content/a.md", "---\ntitle: A2\n---\n");
        write(root, "content/b/c.md", "---\ntitle: C2\n---\n");
        let changed = BTreeSet::from([PathBuf::from("content/b/c.md")]);
        let again =
            reload(root, &content, Sources::default(), &first.pages, &first.sources, &changed)
                .expect("the same pages");
        // Only the file said to have changed is read again.
        assert_eq!(titles(&again), ["---\ntitle: A\n---\n", "---\ntitle: C2\n---\n"]);
        let ids: Vec<SourceId> = again.pages.iter().map(|p| p.source).collect();
        assert_eq!(ids, [SourceId::at(0), SourceId::at(1)]);

        write(root, "content/new.md", "---\ntitle: New\n---\n");
        let added = BTreeSet::from([PathBuf::from("content/new.md")]);
        assert!(
            reload(root, &content, Sources::default(), &first.pages, &first.sources, &added)
                .is_err()
        );
        std::fs::remove_file(content.join("a.md")).unwrap();
        let removed = BTreeSet::from([PathBuf::from("content/a.md")]);
        assert!(
            reload(root, &content, Sources::default(), &first.pages, &first.sources, &removed)
                .is_err()
        );
    }
}
