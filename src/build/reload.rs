//! What a rebuild takes over from the load of the build before: every page whose file did
//! not change, as it was loaded, and with it the model while no page's front matter changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{SourceId, Sources};
use crate::load::{Header, Loaded, LoadedPage, Read, collect, position, read_page};

/// Loads the pages again after the files `changed` (relative to `root`) changed, taking over
/// every other page from `previous`, the pages of an earlier load whose files are in
/// `previous_sources`; adds the files to `sources` as [`crate::load::load`] does, with the same result.
///
/// Gives `sources` back when the set of pages may be another one, so that only [`crate::load::load`] can
/// tell: a changed path that is no page of `previous` (a new file, a folder), or a page that
/// is gone. The caller must not give a `previous` whose load reported a problem.
///
/// # Errors
///
/// `sources`, untouched, when [`crate::load::load`] must run instead.
pub(super) fn reload(
    root: &Path,
    content: &Path,
    sources: Sources,
    previous: &[LoadedPage],
    previous_sources: &Sources,
    changed: &BTreeSet<PathBuf>,
) -> Result<Loaded, Sources> {
    let mut again = BTreeSet::new();
    for path in changed {
        let path = root.join(path);
        let relative =
            path.strip_prefix(content).ok().map(|p| p.to_string_lossy().replace('\\', "/"));
        match relative.and_then(|relative| position(previous, &relative)) {
            Some(index) if path.is_file() => again.insert(index),
            _ => return Err(sources),
        };
    }
    let first = sources.len();
    // The changed pages are read on every core; the others are taken over as they are.
    let mut fresh: BTreeMap<usize, Read> = again
        .into_par_iter()
        .map(|index| {
            let id = SourceId::at(first + index);
            let path = &previous_sources.get(previous[index].source).path;
            (index, read_page(root, content, path, id))
        })
        .collect();
    let read: Vec<Read> = previous
        .iter()
        .enumerate()
        .map(|(index, page)| {
            fresh.remove(&index).unwrap_or_else(|| {
                let source = Arc::clone(previous_sources.shared(page.source));
                let id = SourceId::at(first + index);
                (source, Some(LoadedPage { source: id, ..page.clone() }), None)
            })
        })
        .collect();
    Ok(collect(read, sources))
}

/// Whether `pages` (with their files in `sources`) are the pages `previous` (with theirs in
/// `previous_sources`) with the same front matter: the same paths and source ids, and each
/// page either taken over as it was or read again with the same front matter text. Only the
/// Markdown bodies may differ, so the model of one is the model of the other.
#[must_use]
pub(super) fn same_front_matter(
    pages: &[LoadedPage],
    sources: &Sources,
    previous: &[LoadedPage],
    previous_sources: &Sources,
) -> bool {
    fn front_matter<'a>(page: &LoadedPage, sources: &'a Sources) -> Option<&'a str> {
        sources.get(page.source).text.get(..page.markdown.start)
    }
    pages.len() == previous.len()
        && pages.iter().zip(previous).all(|(page, old)| {
            let same_text = || {
                matches!(
                    (page.header.as_ref(), old.header.as_ref()),
                    (Header::Parsed(_), Header::Parsed(_))
                ) && page.markdown.start == old.markdown.start
                    && front_matter(page, sources) == front_matter(old, previous_sources)
            };
            page.path == old.path
                && page.source == old.source
                && (Arc::ptr_eq(&page.header, &old.header) || same_text())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;
    use crate::load::tests::write;

    fn titles(loaded: &Loaded) -> Vec<String> {
        loaded.pages.iter().map(|page| loaded.sources.get(page.source).text.clone()).collect()
    }

    #[test]
    fn a_reload_reads_only_the_changed_files_and_gives_up_when_pages_come_or_go() {
        let dir = tempfile::tempdir().unwrap();
        let (root, content) = (dir.path(), dir.path().join("content"));
        write(root, "content/a.md", "---\ntitle: A\n---\n");
        write(root, "content/b/c.md", "---\ntitle: C\n---\n");
        let first = load(root, &content, &[], Sources::default());
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

    #[test]
    fn pages_read_again_have_the_same_front_matter_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let (root, content) = (dir.path(), dir.path().join("content"));
        write(root, "content/a.md", "---\ntitle: A\n---\nBody\n");
        write(root, "content/b.md", "no front matter\n");
        let first = load(root, &content, &[], Sources::default());
        let same = |loaded: &Loaded| {
            same_front_matter(&loaded.pages, &loaded.sources, &first.pages, &first.sources)
        };
        assert!(same(&first));
        // The body edited and the page read again: the front matter is the same text.
        write(root, "content/a.md", "---\ntitle: A\n---\nA longer body\n");
        let a = BTreeSet::from([PathBuf::from("content/a.md")]);
        let again = reload(root, &content, Sources::default(), &first.pages, &first.sources, &a);
        assert!(same(&again.unwrap()));
        // A page without front matter is the same only when taken over as it was: whether it
        // is empty tells what its finding says.
        assert!(!same(&load(root, &content, &[], Sources::default())));
        // A page read again with other front matter, even of the same length.
        write(root, "content/a.md", "---\ntitle: B\n---\nBody\n");
        let again = reload(root, &content, Sources::default(), &first.pages, &first.sources, &a);
        assert!(!same(&again.unwrap()));
    }
}
