//! Stage 1, LOAD: the site on disk → the text of every page, split and parsed.
//!
//! Input: the `content/` folder ([`load`]), or the same files held in memory ([`load_pages`]).
//! Output: [`Loaded`], holding every source (for diagnostics), one [`LoadedPage`] per `.md`
//! file, and the diagnostics found on the way: unreadable files, invalid UTF-8, unclosed front
//! matter and invalid YAML. A file with such a problem still yields a page (marked broken), so
//! that references to it do not cascade into more findings. Both entry points hand the bytes of
//! each file to the same `parse_page`, so a page in memory loads exactly as it would from disk.

mod front_matter;
mod walk;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use front_matter::{FrontMatter, Split, Yaml, opening, parse, parse_value, split};

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
    /// The path relative to `content/`, with `/` separators; shared, like the front matter.
    pub path: Arc<str>,
    /// The front matter, shared with the rebuilds that take the page over unchanged.
    pub header: Arc<Header>,
    /// The byte range of the Markdown body in the source. It always runs to the end of the
    /// text: it is empty for a page whose file could not be loaded.
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
    /// The content folder as shown to the user: `content`, or `.` when the site root is the
    /// content.
    pub folder: String,
    /// Every file of the content that is no page, to be published beside the pages.
    pub assets: Vec<Asset>,
    /// The pages marked `draft: true` that [`Loaded::leave_out_drafts`] took out of `pages`.
    pub drafts: Vec<LoadedPage>,
}

impl LoadedPage {
    /// The value of `key` in the front matter, untyped, when the page has it.
    #[must_use]
    pub fn front_matter_value(&self, key: &str) -> Option<&Yaml> {
        let Header::Parsed(front_matter) = self.header.as_ref() else { return None };
        let Yaml::Map(entries) = &front_matter.root.value else { return None };
        entries.iter().find(|(k, _)| k.value == key).map(|(_, value)| &value.value)
    }

    /// Whether the front matter says `draft: true`, as Hugo, Jekyll and Zola pages do.
    #[must_use]
    pub fn is_draft(&self) -> bool {
        matches!(self.front_matter_value("draft"), Some(Yaml::Bool(true)))
    }
}

impl Loaded {
    /// Moves the pages marked `draft: true` from `pages` to `drafts`: the site published is
    /// the site without them.
    pub fn leave_out_drafts(&mut self) {
        let (drafts, pages) =
            std::mem::take(&mut self.pages).into_iter().partition(LoadedPage::is_draft);
        self.pages = pages;
        self.drafts = drafts;
    }
}

/// A file of the content that is no page: an image, a PDF, a YAML file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    /// Its path relative to the content folder, with `/` separators: also its path in the
    /// output.
    pub path: String,
    /// Where it is on disk.
    pub file: PathBuf,
}

/// What reading one file gave: its source, its page (unless it is no page), and a finding.
pub(crate) type Read = (Arc<Source>, Option<LoadedPage>, Option<Diagnostic>);

/// Reads every page under `content`, but in the folders `excluded`, and adds the files to
/// `sources`, which may hold files read before (such as `govwiki.yaml`); `root` is the folder
/// names are shown relative to.
///
/// Files are read and parsed in parallel; each gets the source id of its place in the sorted
/// list, so the result is the same as reading them one by one.
#[must_use]
pub fn load(root: &Path, content: &Path, excluded: &[PathBuf], sources: Sources) -> Loaded {
    let (entries, files) = walk::discover(content, excluded);
    let assets = files
        .into_iter()
        .map(|file| {
            let path = file.strip_prefix(content).unwrap_or(&file);
            Asset { path: path.to_string_lossy().replace('\\', "/"), file }
        })
        .collect();
    let first = sources.len();
    let read: Vec<Read> = entries
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
                    (Source::new(path, name, String::new()).into(), None, Some(diagnostic))
                }
            }
        })
        .collect();
    Loaded { assets, ..collect(read, sources) }
}

/// The place of the page at `path` (relative to `content/`) among `pages`, which are in the
/// order [`crate::load::load`] walks them: folder by folder, each sorted by name.
pub(crate) fn position(pages: &[LoadedPage], path: &str) -> Option<usize> {
    pages.binary_search_by(|page| page.path.split('/').cmp(path.split('/'))).ok()
}

/// Adds what was read, in order, to `sources`: the source ids handed out match.
pub(crate) fn collect(read: Vec<Read>, sources: Sources) -> Loaded {
    let mut loaded = Loaded { sources, folder: "content".to_owned(), ..Loaded::default() };
    loaded.pages.reserve(read.len());
    for (source, page, diagnostic) in read {
        loaded.sources.add(source);
        loaded.pages.extend(page);
        loaded.diagnostics.extend(diagnostic);
    }
    loaded
}

/// Reads and parses one page, which gets source id `id`.
pub(crate) fn read_page(root: &Path, content: &Path, path: &Path, id: SourceId) -> Read {
    let name = display_name(root, path);
    let relative = path.strip_prefix(content).unwrap_or(path).to_string_lossy().replace('\\', "/");
    match std::fs::read(path) {
        Ok(bytes) => parse_page(path.to_path_buf(), name, relative, bytes, id),
        Err(error) => {
            let diagnostic =
                Diagnostic::new(Code::UnreadableFile, id, format!("cannot read `{name}`"))
                    .help(format!("{error}; check the file's permissions, or remove it"));
            let source = Source::new(path.to_path_buf(), name, String::new());
            (source.into(), Some(broken(id, relative, 0)), Some(diagnostic))
        }
    }
}

/// Loads pages held in memory instead of read from `content/`, and adds them to `sources` as
/// [`load`] does: `pages` maps each page's path relative to `content/` (`/`-separated, such
/// as `bodies/board.md`) to its bytes. Each page is named `content/PATH` in diagnostics.
///
/// The paths are taken as they are: give only paths that a file under `content/` could have
/// (each ending in `.md`, no empty, `.` or `..` part, no part starting with `.`). Pages get
/// their source ids in the order [`load`] would walk them, folder by folder.
#[must_use]
pub fn load_pages(pages: BTreeMap<String, Vec<u8>>, sources: Sources) -> Loaded {
    let mut pages: Vec<(String, Vec<u8>)> = pages.into_iter().collect();
    // walkdir sorts the entries of each folder by name: compare the paths part by part.
    pages.sort_by(|(a, _), (b, _)| a.split('/').cmp(b.split('/')));
    let first = sources.len();
    let read: Vec<Read> = pages
        .into_par_iter()
        .enumerate()
        .map(|(index, (relative, bytes))| {
            let name = format!("content/{relative}");
            let path = PathBuf::from("content").join(&relative);
            parse_page(path, name, relative, bytes, SourceId::at(first + index))
        })
        .collect();
    collect(read, sources)
}

/// Splits and parses the bytes of one page, which gets source id `id`; `path` is where it is
/// on disk, `name` how diagnostics show it, and `relative` its path relative to `content/`.
fn parse_page(path: PathBuf, name: String, relative: String, bytes: Vec<u8>, id: SourceId) -> Read {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let diagnostic = Diagnostic::new(Code::NotUtf8, id, "page is not valid UTF-8 text")
                .at(valid..valid + char::REPLACEMENT_CHARACTER.len_utf8())
                .label("first byte that is not UTF-8")
                .help("save the file as UTF-8, or remove it if it is not a page");
            let end = text.len();
            let source = Source::new(path, name, text);
            return (source.into(), Some(broken(id, relative, end)), Some(diagnostic));
        }
    };
    let source = Source::new(path, name, text);
    let split = match split(&source.text, id) {
        Ok(split) => split,
        Err(diagnostic) => {
            let page = broken(id, relative, source.text.len());
            return (source.into(), Some(page), Some(*diagnostic));
        }
    };
    let (header, diagnostic) = match split.yaml {
        None => (Header::Missing, None),
        Some(yaml) => match parse(&source, id, yaml) {
            Ok(front_matter) => (Header::Parsed(front_matter), None),
            Err(diagnostic) => (Header::Broken, Some(*diagnostic)),
        },
    };
    let markdown = split.markdown;
    let (path, header) = (relative.into(), Arc::new(header));
    let page = LoadedPage { source: id, path, header, markdown };
    (source.into(), Some(page), diagnostic)
}

/// A page whose file could not be loaded, whose text is `end` bytes long: nothing of it is
/// rendered as Markdown.
fn broken(source: SourceId, path: String, end: usize) -> LoadedPage {
    LoadedPage { source, path: path.into(), header: Arc::new(Header::Broken), markdown: end..end }
}

/// A path as shown to the user: relative to the site root, with `/` separators.
#[must_use]
pub fn display_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Writes `text` into the file `path` under `root`, making its folders.
    pub(crate) fn write(root: &Path, path: &str, text: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The pages of a small site, as (path relative to `content/`, bytes): nested folders, a
    /// name that sorts differently as a whole path than part by part, and pages with each
    /// kind of problem the loader reports.
    fn files() -> Vec<(&'static str, &'static [u8])> {
        vec![
            ("index.md", b"---\ntitle: Home\n---\nText\n"),
            ("a-b.md", b"---\ntitle: A-B\n---\n"),
            ("a/b.md", b"---\ntitle: [unclosed\n---\n"),
            ("a/index.md", b"---\ntitle: A\n"),
            ("bin.md", b"---\ntitle: \xff\n---\n"),
            ("plain.md", b"no front matter\n"),
        ]
    }

    #[test]
    fn pages_in_memory_load_as_the_same_files_on_disk() {
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join("content");
        for (path, bytes) in files() {
            let path = content.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let on_disk = load(root.path(), &content, &[], Sources::default());
        let pages = files().into_iter().map(|(p, b)| (p.to_owned(), b.to_vec())).collect();
        let in_memory = load_pages(pages, Sources::default());

        let paths = |loaded: &Loaded| loaded.pages.iter().map(|p| p.path.to_string()).collect();
        let order: Vec<String> = paths(&on_disk);
        assert_eq!(order, ["a/b.md", "a/index.md", "a-b.md", "bin.md", "index.md", "plain.md"]);
        assert_eq!(paths(&in_memory), order);
        let names = |loaded: &Loaded| -> Vec<(SourceId, String, String)> {
            loaded.sources.iter().map(|(id, s)| (id, s.name.clone(), s.text.clone())).collect()
        };
        assert_eq!(names(&in_memory), names(&on_disk));
        assert_eq!(in_memory.diagnostics, on_disk.diagnostics);
        let codes: Vec<Code> = in_memory.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::InvalidYaml, Code::UnclosedFrontMatter, Code::NotUtf8]);
        for (memory, disk) in in_memory.pages.iter().zip(&on_disk.pages) {
            assert_eq!((memory.source, &memory.markdown), (disk.source, &disk.markdown));
            assert_eq!(format!("{:?}", memory.header), format!("{:?}", disk.header));
        }
    }

    #[test]
    fn a_page_is_found_at_its_place_in_walk_order() {
        let root = tempfile::tempdir().unwrap();
        for (path, bytes) in files() {
            write(root.path(), &format!("content/{path}"), &String::from_utf8_lossy(bytes));
        }
        let loaded = load(root.path(), &root.path().join("content"), &[], Sources::default());
        // `a/b.md` sorts before `a-b.md` part by part, though `/` sorts after `-`.
        assert!(&*loaded.pages[0].path == "a/b.md" && &*loaded.pages[2].path == "a-b.md");
        for (index, page) in loaded.pages.iter().enumerate() {
            assert_eq!(position(&loaded.pages, &page.path), Some(index), "{}", page.path);
        }
        assert_eq!(position(&loaded.pages, "a/c.md"), None);
    }

    #[test]
    fn pages_in_memory_come_after_the_sources_read_before() {
        let mut sources = Sources::default();
        sources.add(Source::new(PathBuf::from("govwiki.yaml"), "govwiki.yaml".into(), "".into()));
        let pages = [("x.md".to_owned(), b"---\ntitle: X\n---\n".to_vec())].into();
        let loaded = load_pages(pages, sources);
        assert_eq!(loaded.pages[0].source, SourceId::at(1));
        assert_eq!(loaded.sources.get(SourceId::at(1)).name, "content/x.md");
    }
}
