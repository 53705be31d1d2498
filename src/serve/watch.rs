//! Watching the site for edits: `content/`, the theme folder and `govwiki.yaml`, with notify,
//! debounced into one batch of changes per burst of events.
//!
//! Input: the site root and the theme's name. Output: a channel of [`Changes`], each the
//! classified sum of the events of one burst. An editor's save-by-rename (write a temporary
//! file, rename it over the page) or a `git checkout` of 500 files is a burst: events are
//! collected until none has arrived for [`QUIET`], or for at most [`LONGEST`], and then sent
//! as one batch, so they cause one rebuild. Files editors create beside the page (swap,
//! backup and lock files) are dropped.
//!
//! The site root itself is watched without recursion, for `govwiki.yaml` and for `content/`
//! or `themes/` being created; the output folder and everything else in it (such as `target/`
//! in a repository) is never watched.
//!
//! The watch of a folder ends with the folder: `git checkout` or `git stash` can remove
//! `content/` and create it again, or move it away and back, and the system then reports
//! nothing more of it. So after every burst, and every [`RECHECK`] when all is quiet, the
//! debounce thread looks at each watched folder, and watches it again when it is another
//! folder than the one watched (another inode, through a symlink too) or when the burst named
//! the folder itself ([`Changes::rewatched`]). The batch that says so asks for a rebuild of
//! every page, as edits made before the new watch began were not seen.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;
use crate::error::Error;

/// How long the events of one burst may be apart.
pub const QUIET: Duration = Duration::from_millis(20);

/// How long a burst is collected at most before its changes are sent.
pub const LONGEST: Duration = Duration::from_millis(500);

/// How often the watched folders are looked at while no event comes, in case one was replaced
/// without a word (the target of a `content` symlink, say).
pub const RECHECK: Duration = Duration::from_secs(1);

/// The folders of the site watched with their contents, relative to the site root.
const WATCHED: [&str; 2] = ["content", "themes"];

/// What a change touches, which decides how much is rebuilt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A page under `content/`.
    Content,
    /// A file of the theme folder.
    Theme,
    /// `govwiki.yaml`.
    Config,
}

/// One debounced batch of changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// What the changed files are.
    pub kinds: BTreeSet<ChangeKind>,
    /// The changed files, relative to the site root.
    pub paths: BTreeSet<PathBuf>,
    /// The watched folders that were replaced and are watched again, relative to the site
    /// root.
    pub rewatched: BTreeSet<PathBuf>,
}

/// The system's watcher, shared by [`SiteWatcher`] and the debounce thread, which watches a
/// replaced folder again.
type Shared = Arc<Mutex<Box<dyn Watcher + Send>>>;

/// A running watcher; dropping it stops the watching.
pub struct SiteWatcher {
    _watcher: Shared,
    /// The batches, in order.
    pub changes: Receiver<Changes>,
}

/// Which folder a path is: its device and inode, through symlinks.
#[cfg(unix)]
type Identity = (u64, u64);
#[cfg(not(unix))]
type Identity = ();

fn identity(path: &Path) -> Option<Identity> {
    let metadata = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        Some(())
    }
}

/// The folders watched with their contents, and which folder each was when watched.
struct Folders {
    root: PathBuf,
    layout: Layout,
    watched: Vec<(PathBuf, Option<Identity>)>,
}

impl Folders {
    /// Watches each of [`WATCHED`] that exists.
    fn watch(root: &Path, layout: Layout, watcher: &mut dyn Watcher) -> notify::Result<Folders> {
        let mut watched = Vec::new();
        for folder in WATCHED {
            let path = root.join(folder);
            let found = identity(&path);
            if found.is_some() {
                watcher.watch(&path, RecursiveMode::Recursive)?;
            }
            watched.push((PathBuf::from(folder), found));
        }
        Ok(Folders { root: root.to_path_buf(), layout, watched })
    }

    /// Watches again each folder that is not the one watched, or that `changes` names
    /// itself; records them in `changes`.
    fn refresh(&mut self, watcher: &Shared, changes: &mut Changes) {
        for (folder, watched) in &mut self.watched {
            let path = self.root.join(&*folder);
            let now = identity(&path);
            if now == *watched && !changes.paths.contains(&*folder) {
                continue;
            }
            let mut watcher = watcher.lock().unwrap_or_else(PoisonError::into_inner);
            // The old watch may be gone with its folder already.
            let _ = watcher.unwatch(&path);
            *watched = now.filter(|_| watcher.watch(&path, RecursiveMode::Recursive).is_ok());
            if watched.is_some() {
                changes.rewatched.insert(folder.clone());
                changes.paths.insert(folder.clone());
                changes.kinds.insert(if folder == Path::new("themes") {
                    ChangeKind::Theme
                } else {
                    ChangeKind::Content
                });
            }
        }
    }
}

/// Starts watching the site at `root` whose theme folder is `themes/<theme>`; with `poll`,
/// the files are polled every `interval` instead of relying on the system's file events
/// (network mounts and some containers do not deliver them).
///
/// # Errors
///
/// The system refuses to watch the folders.
pub fn watch(root: &Path, layout: Layout, poll: Option<Duration>) -> Result<SiteWatcher, Error> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (raw_tx, raw_rx) = mpsc::channel::<notify::Result<Event>>();
    let (tx, changes) = mpsc::channel();
    let refuse = |source: notify::Error| Error::Watch { path: root.clone(), source };
    let mut watcher: Box<dyn Watcher + Send> = match poll {
        Some(interval) => {
            // The poller keeps modification times in whole seconds, so it also compares the
            // files' contents: an edit within a second of the previous look is still seen.
            let config =
                notify::Config::default().with_poll_interval(interval).with_compare_contents(true);
            Box::new(PollWatcher::new(raw_tx, config).map_err(refuse)?)
        }
        None => {
            Box::new(RecommendedWatcher::new(raw_tx, notify::Config::default()).map_err(refuse)?)
        }
    };
    // A site whose root is its content is watched whole; the events of what is no page (the
    // output, hidden folders, what `.gitignore` ignores) are dropped by `Layout::classify`.
    let mode = if layout.content_is_root() {
        RecursiveMode::Recursive
    } else {
        RecursiveMode::NonRecursive
    };
    watcher.watch(&root, mode).map_err(refuse)?;
    let folders = Folders::watch(&root, layout, watcher.as_mut()).map_err(refuse)?;
    let watcher: Shared = Arc::new(Mutex::new(watcher));
    let shared = Arc::clone(&watcher);
    std::thread::Builder::new()
        .name("govwiki-watch".into())
        .spawn(move || debounce(folders, &shared, &raw_rx, &tx))
        .map_err(|source| Error::Watch { path: root.clone(), source: notify::Error::io(source) })?;
    Ok(SiteWatcher { _watcher: watcher, changes })
}

/// Collects the events of each burst and sends them as one batch, with the folders watched
/// again; ends when either channel closes.
fn debounce(
    mut folders: Folders,
    watcher: &Shared,
    raw: &Receiver<notify::Result<Event>>,
    out: &Sender<Changes>,
) {
    loop {
        let mut changes = Changes::default();
        match raw.recv_timeout(RECHECK) {
            Ok(first) => {
                collect(&folders.root, &folders.layout, first, raw, &mut changes);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        folders.refresh(watcher, &mut changes);
        if !changes.kinds.is_empty() && out.send(changes).is_err() {
            return;
        }
    }
}

/// Adds `first` and the events that follow it closely to `changes`.
fn collect(
    root: &Path,
    layout: &Layout,
    first: notify::Result<Event>,
    raw: &Receiver<notify::Result<Event>>,
    changes: &mut Changes,
) {
    let started = Instant::now();
    add(root, layout, first, changes);
    loop {
        let left = LONGEST.saturating_sub(started.elapsed());
        if left.is_zero() {
            return;
        }
        match raw.recv_timeout(QUIET.min(left)) {
            Ok(event) => add(root, layout, event, changes),
            Err(_) => return,
        }
    }
}

fn add(root: &Path, layout: &Layout, event: notify::Result<Event>, changes: &mut Changes) {
    let Ok(event) = event else {
        // The system dropped events (an overflowing queue): rebuild everything to be sure.
        changes.kinds.extend([ChangeKind::Content, ChangeKind::Theme, ChangeKind::Config]);
        return;
    };
    if matches!(event.kind, EventKind::Access(_)) {
        return;
    }
    for path in &event.paths {
        let relative = path.strip_prefix(root).unwrap_or(path);
        if let Some(kind) = layout.classify(relative) {
            changes.kinds.insert(kind);
            changes.paths.insert(relative.to_path_buf());
        }
    }
}

/// Where a site's files are, relative to its root, as the watcher sorts its events.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The content folder: `content`, or empty when the site root is the content.
    pub content: PathBuf,
    /// The output folder, which holds no source of the site.
    pub output: PathBuf,
    /// The root's `.gitignore`, when the site root is the content: what it ignores is no
    /// page (a `target/` of build products, say).
    ignored: Option<ignore::gitignore::Gitignore>,
}

impl Layout {
    /// The layout of the site at `root` whose content is the folder `content`, and whose
    /// output is the folder `output`, both relative to `root`.
    #[must_use]
    pub fn new(root: &Path, content: PathBuf, output: PathBuf) -> Layout {
        let ignored = content
            .as_os_str()
            .is_empty()
            .then(|| ignore::gitignore::Gitignore::new(root.join(".gitignore")).0);
        Layout { content, output, ignored }
    }

    /// The layout of a site with a `content/` folder and a `public/` output.
    #[cfg(test)]
    #[must_use]
    pub fn with_content_folder() -> Layout {
        Layout { content: PathBuf::from("content"), output: PathBuf::from("public"), ignored: None }
    }

    /// Whether the site root is the content.
    #[must_use]
    pub fn content_is_root(&self) -> bool {
        self.content.as_os_str().is_empty()
    }

    /// What a changed path (relative to the site root) touches, or `None` for a file to
    /// ignore.
    #[must_use]
    pub fn classify(&self, relative: &Path) -> Option<ChangeKind> {
        let name = relative.file_name()?.to_string_lossy();
        if is_editor_litter(&name) {
            return None;
        }
        if relative == Path::new(CONFIG_FILE) {
            return Some(ChangeKind::Config);
        }
        let first = relative.components().next()?.as_os_str();
        if first == "themes" {
            return Some(ChangeKind::Theme);
        }
        let skipped = relative.components().any(|part| {
            let part = part.as_os_str().to_string_lossy();
            (part.starts_with('.') && part != ".github") || part == "node_modules"
        });
        let ignored = self.ignored.as_ref().is_some_and(|ignored| {
            ignored
                .matched_path_or_any_parents(relative, relative.extension().is_none())
                .is_ignore()
        });
        if skipped
            || ignored
            || relative.starts_with(&self.output)
            || !relative.starts_with(&self.content)
        {
            return None;
        }
        // Any file of the content: a page, a folder (whose pages may have gone), or a file
        // published beside the pages.
        Some(ChangeKind::Content)
    }
}

/// Files editors write beside the file being edited: hidden files (Emacs lock files `.#x`,
/// Vim swap files `.x.swp`), backups (`x~`, `x.bak`, `#x#`), and Vim's write probe `4913`.
fn is_editor_litter(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".bak")
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(relative: &Path) -> Option<ChangeKind> {
        Layout::with_content_folder().classify(relative)
    }

    #[test]
    fn changes_of_a_site_whose_root_is_its_content_are_classified() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join(".gitignore"), "/target\n*.tmp.md\n").unwrap();
        let layout = Layout::new(root.path(), PathBuf::new(), PathBuf::from("public"));
        let classify = |path: &str| layout.classify(Path::new(path));
        assert_eq!(classify("README.md"), Some(ChangeKind::Content));
        assert_eq!(classify("sig-node/charter.md"), Some(ChangeKind::Content));
        assert_eq!(classify("sig-node"), Some(ChangeKind::Content));
        assert_eq!(classify("public/index.html"), None);
        assert_eq!(classify("public/x.md"), None);
        assert_eq!(classify("target/debug/build"), None);
        assert_eq!(classify("draft.tmp.md"), None);
        assert_eq!(classify(".git/HEAD"), None);
        assert_eq!(classify("node_modules/x/README.md"), None);
        assert_eq!(classify("themes/default/templates/page.html"), Some(ChangeKind::Theme));
        assert_eq!(classify("govwiki.yaml"), Some(ChangeKind::Config));
    }

    #[test]
    fn changes_are_classified_by_where_they_are() {
        assert_eq!(classify(Path::new("content/bodies/tag.md")), Some(ChangeKind::Content));
        assert_eq!(classify(Path::new("content/bodies")), Some(ChangeKind::Content));
        assert_eq!(classify(Path::new("govwiki.yaml")), Some(ChangeKind::Config));
        assert_eq!(
            classify(Path::new("themes/default/templates/page.html")),
            Some(ChangeKind::Theme)
        );
        assert_eq!(classify(Path::new("content/scheme.png")), Some(ChangeKind::Content));
        assert_eq!(classify(Path::new("content/.tag.md.swp")), None);
        assert_eq!(classify(Path::new("content/tag.md~")), None);
        assert_eq!(classify(Path::new("content/4913")), None);
        assert_eq!(classify(Path::new("public/index.html")), None);
        assert_eq!(classify(Path::new("README.md")), None);
    }

    #[test]
    fn a_burst_of_events_comes_in_a_few_batches() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content")).unwrap();
        let watcher = watch(root.path(), Layout::with_content_folder(), None).unwrap();
        for i in 0..200 {
            std::fs::write(root.path().join(format!("content/page-{i}.md")), "x").unwrap();
        }
        // A writer that stalls for longer than the quiet time (a loaded machine) may split the
        // burst, but never into anything like one batch per file.
        let mut seen = BTreeSet::new();
        let mut batches = 0;
        while seen.len() < 200 {
            let batch = watcher.changes.recv_timeout(Duration::from_secs(5)).unwrap();
            assert_eq!(batch.kinds, BTreeSet::from([ChangeKind::Content]));
            seen.extend(batch.paths);
            batches += 1;
        }
        assert!(batches <= 10, "200 writes in a burst came as {batches} batches");
        // Late events of the same files may follow; no other file may.
        if let Ok(late) = watcher.changes.recv_timeout(Duration::from_millis(300)) {
            assert!(late.paths.iter().all(|p| seen.contains(p)), "{late:?}");
        }
    }
}
