//! Stage 1, LOAD: the site on disk → the text of every page, split and parsed.
//!
//! Input: the `content/` folder. Output: [`Loaded`], holding every source (for diagnostics),
//! one [`LoadedPage`] per `.md` file, and the diagnostics found on the way: unreadable files,
//! invalid UTF-8, unclosed front matter and invalid YAML. A file with such a problem still
//! yields a page (marked broken), so that references to it do not cascade into more findings.

mod front_matter;
mod walk;

use std::ops::Range;
use std::path::Path;

pub use front_matter::{FrontMatter, Split, Yaml, opening, parse, split};

use crate::diag::{Code, Diagnostic, Source, SourceId, Sources};

/// The state of a page's front matter after loading.
#[derive(Debug)]
pub enum Header {
    /// Parsed YAML, still untyped.
    Parsed(FrontMatter),
    /// The page has no front matter at all.
    Missing,
    /// The front matter or the file is broken; a diagnostic says why.
    Broken,
}

/// One `.md` file under `content/`.
#[derive(Debug)]
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
#[must_use]
pub fn load(root: &Path, content: &Path, sources: Sources) -> Loaded {
    let mut loaded = Loaded { sources, ..Loaded::default() };
    for entry in walk::discover(content) {
        match entry {
            walk::Entry::Page(path) => load_page(&mut loaded, root, content, &path),
            walk::Entry::Problem { path, reason } => {
                let name = display_name(root, &path);
                let source = loaded.sources.add_unreadable(&path, name.clone());
                loaded.diagnostics.push(
                    Diagnostic::new(Code::UnreadableFile, source, format!("cannot read `{name}`"))
                        .help(format!("{reason}; fix or remove it")),
                );
            }
        }
    }
    loaded
}

fn load_page(loaded: &mut Loaded, root: &Path, content: &Path, path: &Path) {
    let name = display_name(root, path);
    let relative = path.strip_prefix(content).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let source = loaded.sources.add_unreadable(path, name.clone());
            loaded.diagnostics.push(
                Diagnostic::new(Code::UnreadableFile, source, format!("cannot read `{name}`"))
                    .help(format!("{error}; check the file's permissions, or remove it")),
            );
            loaded.pages.push(broken(source, relative));
            return;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let source = loaded.sources.add(Source::new(path.to_path_buf(), name, text));
            loaded.diagnostics.push(
                Diagnostic::new(Code::NotUtf8, source, "page is not valid UTF-8 text")
                    .at(valid..valid + char::REPLACEMENT_CHARACTER.len_utf8())
                    .label("first byte that is not UTF-8")
                    .help("save the file as UTF-8, or remove it if it is not a page"),
            );
            loaded.pages.push(broken(source, relative));
            return;
        }
    };
    let source = loaded.sources.add(Source::new(path.to_path_buf(), name, text));
    let text = &loaded.sources.get(source).text;
    let split = match split(text, source) {
        Ok(split) => split,
        Err(diagnostic) => {
            loaded.diagnostics.push(*diagnostic);
            loaded.pages.push(broken(source, relative));
            return;
        }
    };
    let header = match split.yaml {
        None => Header::Missing,
        Some(yaml) => match parse(loaded.sources.get(source), source, yaml) {
            Ok(front_matter) => Header::Parsed(front_matter),
            Err(diagnostic) => {
                loaded.diagnostics.push(*diagnostic);
                Header::Broken
            }
        },
    };
    loaded.pages.push(LoadedPage { source, path: relative, header, markdown: split.markdown });
}

fn broken(source: SourceId, path: String) -> LoadedPage {
    LoadedPage { source, path, header: Header::Broken, markdown: 0..0 }
}

/// A path as shown to the user: relative to the site root, with `/` separators.
#[must_use]
pub fn display_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}
