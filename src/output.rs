//! Stage 5, OUTPUT: the rendered site → disk, safely.
//!
//! The new site is written into a staging folder beside the output folder and swapped in
//! only when every file is written, so a failed or interrupted build never leaves a
//! half-written site. The output it replaces is kept beside it as the next build's staging
//! folder: the next build updates it in place, writing only the files whose bytes differ and
//! removing the ones the site no longer has, which on a large site costs a fraction of
//! creating every file and folder again (and of deleting the old ones). A manifest in each
//! generation says what each of its files held when it was written.
//!
//! govwiki deletes only in folders that carry its marker file, so it never clears a folder it
//! did not create, and it refuses output folders that hold the site's sources (the site root,
//! `content/`, or any of their parents) or lie inside `content/`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::Error;
use crate::render::Bytes;

/// The file that marks a folder as govwiki output, safe to replace.
pub const MARKER: &str = ".govwiki-output";

/// The file of a generation that lists, per file, its hash, length and modification time as
/// written. It is removed while a generation is being updated, so an interrupted update is
/// never trusted.
const MANIFEST: &str = ".govwiki-manifest";

/// Writes `files` to `out`, replacing a previous build there.
///
/// `site_root` and `content` hold the site's sources: the output may be neither of them, nor
/// one of their parents, nor anything inside `content`.
///
/// # Errors
///
/// The output folder is unsafe (see the module docs), or a file cannot be written.
pub fn write_site(
    files: &BTreeMap<String, Bytes>,
    out: &Path,
    site_root: &Path,
    content: &Path,
) -> Result<(), Error> {
    let out = absolute(out);
    let refuse = |reason: &str| Error::UnsafeOutput { path: out.clone(), reason: reason.into() };
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Err(refuse("it is the root of the file system"));
    };
    let content = absolute(content);
    if absolute(site_root).starts_with(&out) {
        return Err(refuse(
            "it holds the site itself; build into a folder of its own, such as `public`",
        ));
    }
    if out.starts_with(&content) {
        return Err(refuse("it is inside `content/`, which govwiki never writes to"));
    }
    if out.exists() && !is_ours(&out) && !is_empty_dir(&out) {
        return Err(refuse(&format!(
            "it exists and was not created by govwiki (it has no `{MARKER}` file); \
             remove it yourself or choose another folder with `--out`"
        )));
    }
    let name = name.to_string_lossy();
    let staging = parent.join(format!(".{name}.govwiki-new"));
    let previous = parent.join(format!(".{name}.govwiki-old"));
    // A staging folder left over is an interrupted build's.
    if staging.exists() {
        remove_ours(&staging)?;
    }
    let list: Vec<(&String, &Bytes)> = files.iter().collect();
    let hashes: Vec<blake3::Hash> = list.par_iter().map(|(_, bytes)| blake3::hash(bytes)).collect();
    let written = match previous.exists().then(|| read_manifest(&previous)) {
        Some(Some(manifest)) => {
            fs::rename(&previous, &staging)
                .map_err(|source| Error::Write { path: previous.clone(), source })?;
            update(&list, &hashes, &manifest, &staging)?
        }
        Some(None) => {
            remove_ours(&previous)?;
            write_all(&list, &hashes, &staging)?
        }
        None => write_all(&list, &hashes, &staging)?,
    };
    write_manifest(&list, &written, &staging)?;
    if out.exists() {
        fs::rename(&out, &previous).map_err(|source| Error::Write { path: out.clone(), source })?;
    }
    fs::rename(&staging, &out).map_err(|source| Error::Write { path: out.clone(), source })?;
    Ok(())
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
        let metadata = fs::metadata(path).ok()?;
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

fn write_manifest(
    files: &[(&String, &Bytes)],
    written: &[Option<Entry>],
    folder: &Path,
) -> Result<(), Error> {
    let mut text = String::with_capacity(files.len() * 120);
    for ((relative, _), entry) in files.iter().zip(written) {
        if let Some(Entry { hash, length, modified }) = entry {
            let _ = writeln!(text, "{} {length} {modified} {relative}", hash.to_hex());
        }
    }
    let path = folder.join(MANIFEST);
    fs::write(&path, text).map_err(|source| Error::Write { path, source })
}

/// Makes the earlier generation in `folder` hold exactly `files`: removes what the site no
/// longer has, and writes only the files whose manifest entry differs from the new bytes or
/// from the file as it is now (so a file edited by hand is written again). Returns each
/// file's new manifest entry.
fn update(
    files: &[(&String, &Bytes)],
    hashes: &[blake3::Hash],
    manifest: &HashMap<String, Entry>,
    folder: &Path,
) -> Result<Vec<Option<Entry>>, Error> {
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let manifest_path = folder.join(MANIFEST);
    fs::remove_file(&manifest_path).map_err(failed(&manifest_path))?;
    let mut folders = Vec::new();
    for entry in WalkDir::new(folder).min_depth(1).contents_first(true) {
        let entry = entry.map_err(|error| Error::Write {
            path: error.path().unwrap_or(folder).to_path_buf(),
            source: error.into(),
        })?;
        let relative = entry.path().strip_prefix(folder).unwrap_or(entry.path());
        let relative = relative.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
        } else if relative != MARKER
            && files.binary_search_by(|(r, _)| r.as_str().cmp(&relative)).is_err()
        {
            fs::remove_file(entry.path()).map_err(failed(entry.path()))?;
        }
    }
    // Contents first: a folder comes after everything in it, so emptied folders go too.
    for path in folders {
        let _ = fs::remove_dir(path);
    }
    write_files(files, hashes, Some(manifest), folder)
}

/// Writes every file into `folder`, which does not exist yet: each folder is created once, then
/// the files are written on all cores. Returns each file's manifest entry.
fn write_all(
    files: &[(&String, &Bytes)],
    hashes: &[blake3::Hash],
    folder: &Path,
) -> Result<Vec<Option<Entry>>, Error> {
    fs::create_dir_all(folder)
        .map_err(|source| Error::Write { path: folder.to_path_buf(), source })?;
    fs::write(
        folder.join(MARKER),
        b"This folder is generated by govwiki build; it is replaced on every build.\n",
    )
    .map_err(|source| Error::Write { path: folder.join(MARKER), source })?;
    write_files(files, hashes, None, folder)
}

/// Writes `files` into `folder` on all cores, after creating each folder they go into once.
/// With the `manifest` of the generation already there, a file whose entry in it matches the
/// new bytes and the file as it is now is left alone. Returns each file's manifest entry.
fn write_files(
    files: &[(&String, &Bytes)],
    hashes: &[blake3::Hash],
    manifest: Option<&HashMap<String, Entry>>,
    folder: &Path,
) -> Result<Vec<Option<Entry>>, Error> {
    create_folders(files, folder)?;
    files
        .par_iter()
        .zip(hashes)
        .map(|(&(relative, bytes), &hash)| {
            let path = folder.join(relative);
            if let Some(known) = manifest.and_then(|manifest| manifest.get(relative.as_str())) {
                if let Some(current) = Entry::of(&path, hash).filter(|current| current == known) {
                    return Ok(Some(current));
                }
            }
            fs::write(&path, bytes)
                .map_err(|source| Error::Write { path: path.clone(), source })?;
            Ok(Entry::of(&path, hash))
        })
        .collect()
}

/// Creates, once each, the folders that `files` go into under `folder`.
fn create_folders(files: &[(&String, &Bytes)], folder: &Path) -> Result<(), Error> {
    let folders: BTreeSet<&str> = files
        .iter()
        .filter_map(|(relative, _)| relative.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for relative in folders {
        let path = folder.join(relative);
        fs::create_dir_all(&path).map_err(|source| Error::Write { path, source })?;
    }
    Ok(())
}

fn is_ours(folder: &Path) -> bool {
    folder.join(MARKER).is_file()
}

fn is_empty_dir(folder: &Path) -> bool {
    fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none())
}

/// Removes a folder only if it carries the marker.
fn remove_ours(folder: &Path) -> Result<(), Error> {
    if !is_ours(folder) && !is_empty_dir(folder) {
        return Err(Error::UnsafeOutput {
            path: folder.to_path_buf(),
            reason: "a leftover folder with govwiki's name is in the way, but has no marker; remove it yourself".into(),
        });
    }
    fs::remove_dir_all(folder).map_err(|source| Error::Write { path: folder.to_path_buf(), source })
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
