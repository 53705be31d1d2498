//! Stage 5, OUTPUT: the rendered site → disk, safely.
//!
//! The new site is written into a staging folder beside the output folder, a file at a time
//! as the build renders it ([`Staging`]), and swapped in only when every file is written and
//! the build found no error, so a failed or interrupted build never leaves a half-written
//! site. The output it replaces is kept beside it as the next build's staging
//! folder: the next build updates it in place, writing only the files whose bytes differ and
//! removing the ones the site no longer has, which on a large site costs a fraction of
//! creating every file and folder again (and of deleting the old ones). A manifest in each
//! generation says what each of its files held when it was written.
//!
//! govwiki deletes only in folders that carry its marker file, so it never clears a folder it
//! did not create, and it refuses output folders that hold the site's sources (the site root,
//! the content folder, or any of their parents) or lie inside a content folder of its own
//! (where the site root is the content, the output folder is left out of it).
//!
//! Builds into one output folder take turns: each holds an exclusive lock on the folder that
//! holds it from [`Staging::open`] to [`Staging::finish`] or [`Staging::abandon`]; the system
//! releases it when a build is killed. A build killed at any
//! moment leaves a state the next one recovers from by itself: a folder is removed with its
//! marker last, so a half-removed folder still carries it (or is empty), and the swap is one
//! atomic exchange of the two folders where the system has one (`renameat2` with
//! `RENAME_EXCHANGE` on Linux), after which the staging folder holds the previous output,
//! whole, which the next build takes over.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::Error;

/// The bytes of one output file. They are shared, not copied: a rebuild takes over the files
/// that did not change from the build before, the live server serves them, and telling
/// whether a file changed starts with comparing two pointers.
pub type Bytes = Arc<[u8]>;

/// Output path → bytes. The paths are shared, so that a rebuild's copy of the previous
/// list copies no text.
pub type OutputFiles = BTreeMap<Arc<str>, Bytes>;

/// The file that marks a folder as govwiki output, safe to replace.
pub const MARKER: &str = ".govwiki-output";

/// The file of a generation that lists, per file, its hash, length and modification time as
/// written. It is removed while a generation is being updated, so an interrupted update is
/// never trusted.
const MANIFEST: &str = ".govwiki-manifest";

/// Writes `files` to `out`, replacing a previous build there: [`Staging::open`], every file
/// [`Staging::put`] on all cores, then [`Staging::finish`].
///
/// # Errors
///
/// The output folder is unsafe (see the module docs), or a file cannot be written.
pub fn write_site(
    files: &OutputFiles,
    out: &Path,
    site_root: &Path,
    content: &Path,
) -> Result<(), Error> {
    let staging = Staging::open(out, site_root, content, || {})?;
    files.par_iter().try_for_each(|(relative, bytes)| staging.put(relative, &[bytes]))?;
    staging.finish()
}

/// The next generation of the output, being written beside the output folder: the previous
/// generation taken over and updated in place, or a new folder. Files are put into it one by
/// one, from any thread, as they are made, so a build need not hold them all; only
/// [`Staging::finish`] makes it the output.
#[derive(Debug)]
pub struct Staging {
    /// The output folder.
    out: PathBuf,
    /// The folder being written.
    folder: PathBuf,
    /// Where the generation that is not the output waits for the next build.
    previous: PathBuf,
    /// What the manifest of the generation taken over said of each file; `None` when the
    /// folder is new.
    manifest: Option<HashMap<String, Entry>>,
    /// The manifest entry of every file put so far.
    written: Mutex<HashMap<String, Entry>>,
    /// The folders known to exist.
    folders: Mutex<HashSet<PathBuf>>,
    /// The lock that makes this build the only one writing the output; released when dropped.
    _lock: fs::File,
}

impl Staging {
    /// Checks that `out` is safe to write (see the module docs) and prepares its next
    /// generation. `site_root` and `content` hold the site's sources: the output may be
    /// neither of them, nor one of their parents, nor anything inside `content`. When another
    /// build is writing the same output, `waiting` is called, and the build waits for it to
    /// end.
    ///
    /// # Errors
    ///
    /// The output folder is unsafe, or the staging folder cannot be made.
    pub fn open(
        out: &Path,
        site_root: &Path,
        content: &Path,
        waiting: impl FnOnce(),
    ) -> Result<Staging, Error> {
        let out = absolute(out);
        let refuse =
            |reason: &str| Error::UnsafeOutput { path: out.clone(), reason: reason.into() };
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(refuse("it is the root of the file system"));
        };
        let content = absolute(content);
        if absolute(site_root).starts_with(&out) {
            return Err(refuse(
                "it holds the site itself; build into a folder of its own, such as `public`",
            ));
        }
        // Where the site root is the content, the output folder is left out of it.
        if out.starts_with(&content) && content != absolute(site_root) {
            return Err(refuse("it is inside the content folder, which govwiki never writes to"));
        }
        if out.exists() && !is_ours(&out) && !is_empty_dir(&out) {
            return Err(refuse(&format!(
                "it exists and was not created by govwiki (it has no `{MARKER}` file); \
                 remove it yourself or choose another folder with `--out`"
            )));
        }
        let name = name.to_string_lossy();
        let lock = lock_output(&out, waiting)?;
        let folder = parent.join(format!(".{name}.govwiki-new"));
        let previous = parent.join(format!(".{name}.govwiki-old"));
        // A staging folder left over is an interrupted build's: its generation, whole, when
        // the build was killed just after the swap, to be taken over as the previous one.
        if folder.exists() {
            if !previous.exists() && read_manifest(&folder).is_some() {
                fs::rename(&folder, &previous)
                    .map_err(|source| Error::Write { path: folder.clone(), source })?;
            } else {
                remove_ours(&folder)?;
            }
        }
        let manifest = match previous.exists().then(|| read_manifest(&previous)) {
            Some(Some(manifest)) => {
                fs::rename(&previous, &folder)
                    .map_err(|source| Error::Write { path: previous.clone(), source })?;
                // Until the update is whole, the generation is not to be trusted.
                let path = folder.join(MANIFEST);
                fs::remove_file(&path).map_err(|source| Error::Write { path, source })?;
                Some(manifest)
            }
            Some(None) => {
                remove_ours(&previous)?;
                create(&folder)?;
                None
            }
            None => {
                create(&folder)?;
                None
            }
        };
        let folders = HashSet::from([folder.clone()]);
        Ok(Staging {
            out,
            folder,
            previous,
            manifest,
            written: Mutex::default(),
            folders: Mutex::new(folders),
            _lock: lock,
        })
    }

    /// Puts one file into the next generation, at `relative` (`/`-separated): the bytes of
    /// `parts`, one after the other. A file that the generation taken over holds already,
    /// with these bytes and untouched since, is left alone.
    ///
    /// # Errors
    ///
    /// The file cannot be written.
    pub fn put(&self, relative: &str, parts: &[&[u8]]) -> Result<(), Error> {
        let path = self.folder.join(relative);
        let mut hasher = blake3::Hasher::new();
        for part in parts {
            hasher.update(part);
        }
        let hash = hasher.finalize();
        let kept = self
            .manifest
            .as_ref()
            .and_then(|manifest| manifest.get(relative))
            .and_then(|known| Entry::of(&path, hash).filter(|current| current == known));
        let entry = match kept {
            Some(entry) => Some(entry),
            None => self.write(&path, parts)?.metadata().ok().and_then(|m| Entry::new(&m, hash)),
        };
        if let Some(entry) = entry {
            lock(&self.written).insert(relative.to_owned(), entry);
        }
        Ok(())
    }

    /// Writes the bytes of `parts` to `path` inside the folder, making room: a folder of the earlier
    /// generation where the file goes, or a file where one of its folders goes, is removed
    /// (the new site cannot have both). Gives the file back, written, to tell what it is now.
    fn write(&self, path: &Path, parts: &[&[u8]]) -> Result<fs::File, Error> {
        let failed = |source| Error::Write { path: path.to_path_buf(), source };
        if let Some(parent) = path.parent()
            && !lock(&self.folders).contains(parent)
        {
            if fs::create_dir_all(parent).is_err() {
                // A file of the earlier generation stands where a folder must go.
                for ancestor in parent.ancestors().take_while(|a| a.starts_with(&self.folder)) {
                    if ancestor.is_file() {
                        fs::remove_file(ancestor).map_err(failed)?;
                    }
                }
                fs::create_dir_all(parent).map_err(failed)?;
            }
            lock(&self.folders).insert(parent.to_path_buf());
        }
        // A new folder holds nothing but what was put.
        if self.manifest.is_some() && path.is_dir() {
            fs::remove_dir_all(path).map_err(failed)?;
        }
        let mut file = fs::File::create(path).map_err(failed)?;
        parts.iter().try_for_each(|part| file.write_all(part)).map_err(failed)?;
        Ok(file)
    }

    /// The bytes of a file put into the next generation.
    ///
    /// # Errors
    ///
    /// The file cannot be read.
    pub fn read(&self, relative: &str) -> Result<Vec<u8>, Error> {
        let path = self.folder.join(relative);
        fs::read(&path).map_err(|source| Error::Read { path, source })
    }

    /// Makes the next generation the output: removes every file that was not put into it,
    /// writes its manifest, and swaps it in; the output it replaces is kept for the next build
    /// to update.
    ///
    /// # Errors
    ///
    /// A file cannot be removed, or a folder cannot be renamed.
    pub fn finish(self) -> Result<(), Error> {
        self.complete()?;
        let failed = |source| Error::Write { path: self.out.clone(), source };
        if !self.out.exists() {
            return fs::rename(&self.folder, &self.out).map_err(failed);
        }
        if exchange(&self.folder, &self.out).map_err(failed)? {
            // The new generation is the output in one step; the staging folder holds the
            // previous output, which waits for the next build.
            return fs::rename(&self.folder, &self.previous).map_err(failed);
        }
        // A build killed between the two leaves no output, but the next build recovers: it
        // removes the staging folder and takes the previous output over.
        fs::rename(&self.out, &self.previous).map_err(failed)?;
        fs::rename(&self.folder, &self.out).map_err(failed)
    }

    /// Leaves the output as it is, when the build failed after files were put. A generation
    /// taken over is completed as far as it goes and kept for the next build to update; a new
    /// folder is removed, so that a failed first build leaves nothing behind.
    ///
    /// # Errors
    ///
    /// A file cannot be removed, or the folder cannot be renamed.
    pub fn abandon(self) -> Result<(), Error> {
        if self.manifest.is_none() {
            return remove_ours(&self.folder);
        }
        self.complete()?;
        fs::rename(&self.folder, &self.previous)
            .map_err(|source| Error::Write { path: self.folder.clone(), source })
    }

    /// Removes what was not put, and writes the manifest of what was.
    fn complete(&self) -> Result<(), Error> {
        let written = lock(&self.written);
        // A new folder holds nothing but what was put: walking the files and folders of a
        // large site would cost three system calls each, for nothing.
        if self.manifest.is_some() {
            self.remove_all_but(&written)?;
        }
        self.write_manifest(&written)
    }

    /// Removes every file of the folder but the marker and those `written`, and the folders
    /// that this leaves empty.
    fn remove_all_but(&self, written: &HashMap<String, Entry>) -> Result<(), Error> {
        let failed = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        let mut folders = Vec::new();
        for entry in WalkDir::new(&self.folder).min_depth(1).contents_first(true) {
            let entry = entry.map_err(|error| Error::Write {
                path: error.path().unwrap_or(&self.folder).to_path_buf(),
                source: error.into(),
            })?;
            let relative = entry.path().strip_prefix(&self.folder).unwrap_or(entry.path());
            let relative = relative.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_dir() {
                folders.push(entry.into_path());
            } else if relative != MARKER && !written.contains_key(&relative) {
                fs::remove_file(entry.path()).map_err(failed(entry.path()))?;
            }
        }
        // Contents first: a folder comes after everything in it, so emptied folders go too.
        for path in folders {
            let _ = fs::remove_dir(path);
        }
        Ok(())
    }

    /// Writes the manifest of the files `written`.
    fn write_manifest(&self, written: &HashMap<String, Entry>) -> Result<(), Error> {
        let mut entries: Vec<(&String, &Entry)> = written.iter().collect();
        entries.sort_unstable_by_key(|(relative, _)| *relative);
        let mut text = String::with_capacity(entries.len() * 120);
        for (relative, Entry { hash, length, modified }) in entries {
            let _ = writeln!(text, "{} {length} {modified} {relative}", hash.to_hex());
        }
        let path = self.folder.join(MANIFEST);
        fs::write(&path, text).map_err(|source| Error::Write { path, source })
    }
}

/// What a generation's manifest says of one file.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    hash: blake3::Hash,
    length: u64,
    modified: u128,
}

impl Entry {
    /// The entry of the file at `path`, whose bytes hash to `hash`, as the file is now.
    fn of(path: &Path, hash: blake3::Hash) -> Option<Entry> {
        Entry::new(&fs::metadata(path).ok()?, hash)
    }

    /// The entry of a file whose bytes hash to `hash` and whose metadata is `metadata`.
    fn new(metadata: &fs::Metadata, hash: blake3::Hash) -> Option<Entry> {
        let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
        Some(Entry { hash, length: metadata.len(), modified })
    }
}

/// The manifest of the generation in `folder`, if it is govwiki's and its manifest is whole.
fn read_manifest(folder: &Path) -> Option<HashMap<String, Entry>> {
    if !is_ours(folder) {
        return None;
    }
    let text = fs::read_to_string(folder.join(MANIFEST)).ok()?;
    text.lines()
        .map(|line| {
            let mut fields = line.splitn(4, ' ');
            let hash = blake3::Hash::from_hex(fields.next()?).ok()?;
            let length = fields.next()?.parse().ok()?;
            let modified = fields.next()?.parse().ok()?;
            Some((fields.next()?.to_owned(), Entry { hash, length, modified }))
        })
        .collect()
}

/// A lock, also when a thread panicked while holding it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Creates a new generation's folder, with the marker.
fn create(folder: &Path) -> Result<(), Error> {
    fs::create_dir_all(folder)
        .map_err(|source| Error::Write { path: folder.to_path_buf(), source })?;
    fs::write(
        folder.join(MARKER),
        b"This folder is generated by govwiki build; it is replaced on every build.\n",
    )
    .map_err(|source| Error::Write { path: folder.join(MARKER), source })
}

fn is_ours(folder: &Path) -> bool {
    folder.join(MARKER).is_file()
}

fn is_empty_dir(folder: &Path) -> bool {
    fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none())
}

/// Removes a folder only if it carries the marker, or is empty. The marker goes last, so that
/// a removal cut short leaves a folder that still carries it, or an empty one.
fn remove_ours(folder: &Path) -> Result<(), Error> {
    if !is_ours(folder) && !is_empty_dir(folder) {
        return Err(Error::UnsafeOutput {
            path: folder.to_path_buf(),
            reason: "a leftover folder with govwiki's name is in the way, but has no marker; remove it yourself".into(),
        });
    }
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let entries = fs::read_dir(folder).map_err(failed(folder))?;
    for entry in entries {
        let entry = entry.map_err(failed(folder))?;
        let path = entry.path();
        if entry.file_name() == MARKER {
            continue;
        }
        let removed = match entry.file_type() {
            Ok(kind) if kind.is_dir() => fs::remove_dir_all(&path),
            _ => fs::remove_file(&path),
        };
        removed.map_err(failed(&path))?;
    }
    let marker = folder.join(MARKER);
    if marker.exists() {
        fs::remove_file(&marker).map_err(failed(&marker))?;
    }
    fs::remove_dir(folder).map_err(failed(folder))
}

/// Takes the lock of the output folder `out`, waiting for another build that holds it (after
/// calling `waiting`).
///
/// On Unix the lock is on the folder that holds the output, so a build leaves no lock file
/// behind; a lock file that is removed when its build ends could be locked by two builds at
/// once (one on the file removed, one on a new one). Elsewhere, where a folder cannot be
/// opened as a file, the lock is on `.NAME.govwiki-lock` beside the output.
fn lock_output(out: &Path, waiting: impl FnOnce()) -> Result<fs::File, Error> {
    let parent = out.parent().unwrap_or(out);
    let failed = |source| Error::Write { path: parent.to_path_buf(), source };
    fs::create_dir_all(parent).map_err(failed)?;
    #[cfg(unix)]
    let file = fs::File::open(parent).map_err(failed)?;
    #[cfg(not(unix))]
    let file = {
        let name = out.file_name().unwrap_or_default().to_string_lossy();
        let path = parent.join(format!(".{name}.govwiki-lock"));
        fs::File::options().create(true).append(true).open(&path).map_err(failed)?
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            waiting();
            file.lock().map_err(failed)?;
        }
        Err(fs::TryLockError::Error(source)) => return Err(failed(source)),
    }
    Ok(file)
}

/// Exchanges the folders at `a` and `b` in one step; `false` where the system or the file
/// system cannot, and nothing was done.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Older kernels, and file systems without the exchange.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::NOTSUP) => {
            Ok(false)
        }
        Err(errno) => Err(errno.into()),
    }
}

/// Exchanges the folders at `a` and `b` in one step; `false` where the system or the file
/// system cannot, and nothing was done.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// `path` made absolute and free of `.` and `..`, following symbolic links where it exists.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let joined = std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path));
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // The folder may not exist yet; its nearest existing parent may be a symbolic link.
    match (clean.parent().map(Path::canonicalize), clean.file_name()) {
        (Some(Ok(parent)), Some(name)) => parent.join(name),
        _ => clean,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn files(list: &[(&str, &str)]) -> OutputFiles {
        list.iter().map(|&(path, text)| (path.into(), text.as_bytes().into())).collect()
    }

    /// Every file under `folder` but the marker and the manifest, with its text.
    fn read_all(folder: &Path) -> BTreeMap<String, String> {
        WalkDir::new(folder)
            .into_iter()
            .map(Result::unwrap)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                let relative = entry.path().strip_prefix(folder).unwrap();
                (relative.to_string_lossy().into_owned(), fs::read_to_string(entry.path()).unwrap())
            })
            .filter(|(relative, _)| relative != MARKER && relative != MANIFEST)
            .collect()
    }

    /// Writes `generations` one after the other into `site/public`, and returns the output.
    fn build_all(generations: &[&[(&str, &str)]]) -> BTreeMap<String, String> {
        let site = tempfile::tempdir().unwrap();
        let (root, out) = (site.path(), site.path().join("public"));
        for generation in generations {
            write_site(&files(generation), &out, root, &root.join("content")).unwrap();
            assert_eq!(read_all(&out), files_as_text(generation));
        }
        read_all(&out)
    }

    fn files_as_text(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter().map(|(path, text)| ((*path).to_owned(), (*text).to_owned())).collect()
    }

    #[test]
    fn a_folder_goes_where_the_generation_taken_over_has_a_file() {
        // The third build updates the first one's generation, which has the file `a`.
        let last: &[(&str, &str)] = &[("a/index.html", "folder"), ("b", "b")];
        let out = build_all(&[&[("a", "file"), ("b", "b")], &[("b", "b")], last]);
        assert_eq!(out, files_as_text(last));
    }

    #[test]
    fn a_file_goes_where_the_generation_taken_over_has_a_folder() {
        let last: &[(&str, &str)] = &[("a", "file")];
        let out = build_all(&[&[("a/index.html", "folder"), ("a/x/y.html", "y")], &[], last]);
        assert_eq!(out, files_as_text(last));
    }

    #[test]
    fn a_file_put_in_parts_holds_them_in_order_and_is_the_same_file_as_its_bytes_whole() {
        let site = tempfile::tempdir().unwrap();
        let (root, out) = (site.path(), site.path().join("public"));
        let content = root.join("content");
        let staging = Staging::open(&out, root, &content, || {}).unwrap();
        staging.put("scheme.html", &[b"<main>", b"", b"<svg/>", b"</main>"]).unwrap();
        staging.finish().unwrap();
        let whole = [("scheme.html", "<main><svg/></main>")];
        assert_eq!(read_all(&out), files_as_text(&whole));
        let written = fs::metadata(out.join("scheme.html")).unwrap().modified().unwrap();
        // The third build takes the first one's generation over, and leaves the file alone.
        write_site(&files(&[]), &out, root, &content).unwrap();
        write_site(&files(&whole), &out, root, &content).unwrap();
        let kept = fs::metadata(out.join("scheme.html")).unwrap().modified().unwrap();
        assert_eq!(kept, written);
    }

    #[test]
    fn an_abandoned_generation_leaves_the_output_and_is_taken_over_by_the_next_build() {
        let site = tempfile::tempdir().unwrap();
        let (root, out) = (site.path(), site.path().join("public"));
        let content = root.join("content");
        write_site(&files(&[("a", "1"), ("b", "1")]), &out, root, &content).unwrap();
        write_site(&files(&[("a", "2"), ("b", "2")]), &out, root, &content).unwrap();
        let staging = Staging::open(&out, root, &content, || {}).unwrap();
        staging.put("a", &[b"3"]).unwrap();
        staging.put("c", &[b"3"]).unwrap();
        staging.abandon().unwrap();
        assert_eq!(read_all(&out), files_as_text(&[("a", "2"), ("b", "2")]));
        let previous = root.join(".public.govwiki-old");
        assert_eq!(read_all(&previous), files_as_text(&[("a", "3"), ("c", "3")]));
        assert_eq!(read_manifest(&previous).unwrap().len(), 2);
        write_site(&files(&[("a", "3"), ("d", "4")]), &out, root, &content).unwrap();
        assert_eq!(read_all(&out), files_as_text(&[("a", "3"), ("d", "4")]));
    }

    /// A site built twice into `public`, so that both generations are on disk.
    fn built_twice() -> (tempfile::TempDir, PathBuf) {
        let site = tempfile::tempdir().unwrap();
        let (root, out) = (site.path().to_path_buf(), site.path().join("public"));
        write_site(&files(&[("a", "1")]), &out, &root, &root.join("content")).unwrap();
        write_site(&files(&[("a", "2")]), &out, &root, &root.join("content")).unwrap();
        (site, out)
    }

    #[test]
    fn the_swap_leaves_the_new_output_and_the_previous_one_beside_it() {
        let (site, out) = built_twice();
        assert_eq!(read_all(&out), files_as_text(&[("a", "2")]));
        let previous = site.path().join(".public.govwiki-old");
        assert_eq!(read_all(&previous), files_as_text(&[("a", "1")]));
        assert!(read_manifest(&previous).is_some());
        assert!(!site.path().join(".public.govwiki-new").exists());
    }

    #[test]
    fn a_build_killed_just_after_the_exchange_is_taken_over_by_the_next() {
        let (site, out) = built_twice();
        let (root, content) = (site.path(), site.path().join("content"));
        // Killed between the exchange and the rename: the staging folder holds the previous
        // output, whole, and there is no `-old`.
        let (new, old) = (root.join(".public.govwiki-new"), root.join(".public.govwiki-old"));
        fs::rename(&old, &new).unwrap();
        write_site(&files(&[("a", "3")]), &out, root, &content).unwrap();
        assert_eq!(read_all(&out), files_as_text(&[("a", "3")]));
        assert_eq!(read_all(&old), files_as_text(&[("a", "2")]));
        assert!(!new.exists());
    }

    #[test]
    fn a_build_killed_between_two_renames_leaves_a_state_the_next_recovers_from() {
        let (site, out) = built_twice();
        let (root, content) = (site.path(), site.path().join("content"));
        // Where the swap is two renames, killed between them: the output was moved aside and
        // the new generation, whole, is still the staging folder.
        let (new, old) = (root.join(".public.govwiki-new"), root.join(".public.govwiki-old"));
        fs::remove_dir_all(&old).unwrap();
        fs::rename(&out, &old).unwrap();
        write_site(&files(&[("a", "3")]), &root.join("elsewhere"), root, &content).unwrap();
        fs::rename(root.join("elsewhere"), &new).unwrap();
        write_site(&files(&[("a", "4")]), &out, root, &content).unwrap();
        assert_eq!(read_all(&out), files_as_text(&[("a", "4")]));
        assert!(!new.exists());
    }

    #[test]
    fn a_leftover_folder_removed_in_part_keeps_its_marker_or_is_empty() {
        let (site, out) = built_twice();
        let (root, content) = (site.path(), site.path().join("content"));
        let old = root.join(".public.govwiki-old");
        // A removal that stopped after every file but the marker, and one that stopped after
        // the marker too: both are taken for govwiki's own by the next build.
        fs::remove_file(old.join(MANIFEST)).unwrap();
        fs::remove_file(old.join("a")).unwrap();
        write_site(&files(&[("a", "5")]), &out, root, &content).unwrap();
        let old_again = root.join(".public.govwiki-old");
        for entry in fs::read_dir(&old_again).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                fs::remove_dir_all(path).unwrap()
            } else {
                fs::remove_file(path).unwrap()
            }
        }
        write_site(&files(&[("a", "6")]), &out, root, &content).unwrap();
        assert_eq!(read_all(&out), files_as_text(&[("a", "6")]));
    }

    #[test]
    fn builds_into_one_folder_take_turns() {
        let site = tempfile::tempdir().unwrap();
        let (root, out) = (site.path().to_path_buf(), site.path().join("public"));
        let content = root.join("content");
        let first = Staging::open(&out, &root, &content, || {}).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let second = std::thread::spawn({
            let (root, out, content) = (root.clone(), out.clone(), content.clone());
            move || {
                let staging =
                    Staging::open(&out, &root, &content, || tx.send(()).unwrap()).unwrap();
                staging.put("a", &[b"second"]).unwrap();
                staging.finish().unwrap();
            }
        });
        // The second build waits for the first, which writes and swaps alone.
        rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        first.put("a", &[b"first"]).unwrap();
        first.finish().unwrap();
        second.join().unwrap();
        assert_eq!(read_all(&out), files_as_text(&[("a", "second")]));
        assert_eq!(read_all(&root.join(".public.govwiki-old")), files_as_text(&[("a", "first")]));
    }
}
