//! `govwiki serve`: the live preview for wiki editors.
//!
//! The site is built in memory and served with tiny_http from memory ([`http`]); nothing is
//! written to disk, least of all under `content/`. A watcher ([`watch`]) reports each burst of
//! edits as one batch; the main thread rebuilds, taking over from the previous build what the
//! edit cannot have touched (see [`crate::app::build_site_reusing`]), and swaps the new site
//! in as a whole. Only then are open tabs told to reload ([`reload`]), so a tab never loads a
//! half-built site, and requests that arrive during a rebuild are answered from the site
//! being served. A broken edit keeps the last good site served and shows its findings in the
//! terminal and, as an overlay, in every served page; fixing the file clears it.
//!
//! Threads: tiny_http reads each connection on a thread of its own; one dispatcher takes the
//! requests it has read and answers each on a new thread, so a client that reads its answer
//! slowly, or never, holds up nobody else; each event stream has a thread of its own; the
//! watcher's debounce thread; and the main thread, which rebuilds. Every connection gets
//! [`READ_TIMEOUT`] and [`WRITE_TIMEOUT`], so a stalled client's threads end. Ctrl-C stops them
//! all.

pub mod http;
pub mod reload;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime};

use socket2::{Domain, Protocol, Socket, Type};

use self::http::{Files, RequestInfo, Served, reply};
use self::reload::{Broadcast, EVENTS_PATH, inject, injection, overlay};
use self::watch::{ChangeKind, Changes, watch};
use crate::app::{Build, BuildSettings, Reuse, build_site_reusing, report};
use crate::diag::human::HumanRenderer;
use crate::error::Error;
use crate::render::Bytes;

/// How long a connection may send nothing before it is closed (an idle keep-alive connection,
/// or a request head that stopped arriving).
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How long one write to a client may wait for the client to read, before its connection is
/// given up: a tab that stopped reading its event stream, or a client that never reads.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How many connections the kernel holds for the server before it accepts them.
const BACKLOG: i32 = 1024;

/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// What `govwiki serve` was asked for.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The address to listen on; loopback unless the editor chose otherwise.
    pub bind: IpAddr,
    /// The port; `0`, or a port in use, means any free one.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Poll the files instead of relying on the system's file events.
    pub poll: bool,
    /// Settings of every build.
    pub build: BuildSettings,
}

/// The site being served, swapped as a whole after each rebuild.
#[derive(Debug, Default)]
struct Snapshot {
    files: Files,
    /// The generation the pages were built for, so that their script knows when to reload.
    generation: u64,
    /// The findings of the last rebuild, shown over every page, when it failed.
    overlay: Option<String>,
}

/// What the request threads share with the main thread.
#[derive(Debug, Default)]
struct Live {
    snapshot: RwLock<Arc<Snapshot>>,
    broadcast: Broadcast,
}

impl Live {
    fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Serves `snapshot` from now on, then tells the open tabs.
    fn swap(&self, mut snapshot: Snapshot) {
        let mut current = self.snapshot.write().unwrap_or_else(PoisonError::into_inner);
        snapshot.generation = self.broadcast.generation() + 1;
        *current = Arc::new(snapshot);
        drop(current);
        self.broadcast.publish();
    }
}

/// Builds the site at `root`, serves it and rebuilds on every edit, until Ctrl-C.
///
/// # Errors
///
/// The first build cannot run (a broken theme), no port can be bound, or the folders cannot
/// be watched.
pub fn serve(root: &Path, options: &ServeOptions, renderer: &HumanRenderer) -> Result<(), Error> {
    let started = Instant::now();
    // Watch first, so that no edit made while the site is first built is missed.
    let watcher = watch(root, options.poll.then_some(POLL_INTERVAL))?;
    let build = build_site_reusing(root, &options.build, None)?;
    let live = Arc::new(Live::default());
    live.swap(snapshot_of(&build, None));
    report(&build, renderer, "build");
    let server = Arc::new(bind(options)?);
    let address =
        server.server_addr().to_ip().unwrap_or(SocketAddr::new(options.bind, options.port));
    let url = format!("http://{address}/");
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} — everyone who can reach this machine can read the wiki, \
             drafts included; use the default `--bind 127.0.0.1` to keep it to yourself",
            options.bind
        );
    }
    eprintln!(
        "serving {} pages at {url} (built in {} ms); press Ctrl-C to stop",
        build.site.as_ref().map_or(0, |site| site.pages.len()),
        started.elapsed().as_millis()
    );
    let stop = Arc::new(AtomicBool::new(false));
    {
        let (stop, server) = (Arc::clone(&stop), Arc::clone(&server));
        ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            server.unblock();
        })
        .map_err(|error| Error::Serve { reason: format!("cannot handle Ctrl-C: {error}") })?;
    }
    let dispatcher = {
        let (server, live) = (Arc::clone(&server), Arc::clone(&live));
        std::thread::Builder::new()
            .name("govwiki-http".into())
            .spawn(move || dispatch(&server, &live))
            .map_err(|error| Error::Serve { reason: format!("cannot start a thread: {error}") })?
    };
    if options.open {
        if let Err(error) = opener::open_browser(&url) {
            eprintln!("warning: cannot open a browser: {error}");
        }
    }
    let mut previous = build;
    // Whether the files served are those of `previous`: the first build is served whatever
    // it found, a rebuild only when it is clean.
    let mut serving_previous = true;
    while !stop.load(Ordering::SeqCst) {
        let Ok(changes) = watcher.changes.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        match rebuild(root, options, &previous, serving_previous, &changes, &live, renderer) {
            Ok(build) => {
                serving_previous = !build.has_errors();
                previous = build;
            }
            Err(error) => eprintln!("error: {error}; still serving the last good site"),
        }
    }
    live.broadcast.close();
    server.unblock();
    let _ = dispatcher.join();
    eprintln!("stopped");
    Ok(())
}

/// Binds `options.bind:options.port`, or any free port when that one is taken.
fn bind(options: &ServeOptions) -> Result<tiny_http::Server, Error> {
    let wanted = SocketAddr::new(options.bind, options.port);
    let fail = |source: std::io::Error| Error::Bind {
        address: wanted.to_string(),
        reason: source.to_string(),
    };
    let listener = match listen(wanted) {
        Ok(listener) => listener,
        Err(first) if options.port != 0 => {
            eprintln!("port {} is in use ({first}); taking a free one", options.port);
            listen(SocketAddr::new(options.bind, 0)).map_err(fail)?
        }
        Err(source) => return Err(fail(source)),
    };
    tiny_http::Server::from_listener(listener, None)
        .map_err(|source| Error::Bind { address: wanted.to_string(), reason: source.to_string() })
}

/// A listening socket on `address`, with the options every connection it accepts needs.
///
/// tiny_http sets no options on the connections it accepts, and has no setting for them; but
/// an accepted socket starts with the options of its listening socket (on Linux and the BSDs),
/// so they are set here:
/// - [`READ_TIMEOUT`] and [`WRITE_TIMEOUT`], so that the threads of a stalled client end;
/// - `TCP_NODELAY`: without it, tiny_http's separate writes of head and body wait for the
///   client's delayed acknowledgement, 40 ms per answer.
///
/// The backlog is [`BACKLOG`] rather than the standard library's 128: when more connections
/// arrive at once than the backlog holds, the kernel drops the rest and the client waits
/// seconds for its retransmission.
fn listen(address: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(address), Type::STREAM, Some(Protocol::TCP))?;
    // As the standard library does: a port whose last connections are still closing can be
    // bound again at once.
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.set_read_timeout(Some(READ_TIMEOUT))?;
    socket.set_write_timeout(Some(WRITE_TIMEOUT))?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&address.into())?;
    socket.listen(BACKLOG)?;
    Ok(socket.into())
}

/// Rebuilds after `changes` and swaps the result in: the new site when it is clean, or the
/// served site with an overlay when it is not.
fn rebuild(
    root: &Path,
    options: &ServeOptions,
    previous: &Build,
    serving_previous: bool,
    changes: &Changes,
    live: &Live,
    renderer: &HumanRenderer,
) -> Result<Build, Error> {
    let started = Instant::now();
    let reuse = Reuse {
        previous,
        theme_changed: changes.kinds.contains(&ChangeKind::Theme),
        changed: Some(&changes.paths),
    };
    let build = build_site_reusing(root, &options.build, Some(reuse))?;
    let served = live.current();
    live.swap(snapshot_of(
        &build,
        Some(Serving { snapshot: &served, of_previous: serving_previous }),
    ));
    let what = changes.paths.iter().next().map_or_else(String::new, |p| {
        let more = changes.paths.len() - 1;
        let name = p.to_string_lossy().replace('\\', "/");
        if more == 0 { format!("`{name}`") } else { format!("`{name}` and {more} more") }
    });
    report(&build, renderer, "build");
    if build.has_errors() {
        eprintln!("{what} changed: the site has errors; still serving the last good version");
    } else {
        eprintln!("{what} changed: rebuilt in {} ms", started.elapsed().as_millis());
    }
    Ok(build)
}

/// The site being served when a rebuild is done.
#[derive(Clone, Copy)]
struct Serving<'a> {
    snapshot: &'a Snapshot,
    /// Whether it serves the files of the build the rebuild took over.
    of_previous: bool,
}

/// The snapshot to serve after `build`: its files when it is clean (keeping the modification
/// time of every file whose bytes did not change), or else the files of `served`, the site
/// being served, with the findings as an overlay. The first build is served even with errors,
/// as there is nothing better.
fn snapshot_of(build: &Build, served: Option<Serving<'_>>) -> Snapshot {
    let overlay = build.has_errors().then(|| {
        let plain = HumanRenderer::new(false);
        let report: String =
            build.diagnostics.iter().map(|d| plain.render(d, &build.sources)).collect();
        let errors = build.diagnostics.iter().filter(|d| d.is_error()).count();
        overlay(&report, errors)
    });
    let now = SystemTime::now();
    // A file as served: the one served before when its bytes are the same.
    let file = |served: Option<&Snapshot>, path: &Arc<str>, bytes: &Bytes| {
        let old = served.and_then(|s| s.files.get(path));
        match old.filter(|old| Arc::ptr_eq(&old.body, bytes) || old.body == *bytes) {
            Some(old) => Arc::clone(old),
            None => Arc::new(Served::new(path, Arc::clone(bytes), now)),
        }
    };
    let files = match (served, &build.rendered.changed) {
        (Some(served), _) if build.has_errors() => served.snapshot.files.clone(),
        // The rebuild changed a few files of the site served: the others stay as they are.
        (Some(Serving { snapshot, of_previous: true }), Some(changed)) => {
            let mut files = snapshot.files.clone();
            for path in changed {
                if let Some(bytes) = build.rendered.files.get(path) {
                    files.insert(Arc::clone(path), file(Some(snapshot), path, bytes));
                }
            }
            files
        }
        (served, _) => {
            let snapshot = served.map(|served| served.snapshot);
            let files = build.rendered.files.iter();
            files.map(|(path, bytes)| (Arc::clone(path), file(snapshot, path, bytes))).collect()
        }
    };
    Snapshot { files, generation: 0, overlay }
}

/// The dispatcher: hands each request to a thread of its own, until the server stops.
///
/// Answering on the dispatcher, or on a fixed set of workers, would let a few clients that do
/// not read their answers block everyone else until [`WRITE_TIMEOUT`]; a thread per request
/// costs a few microseconds and lives as long as its client makes it.
fn dispatch(server: &tiny_http::Server, live: &Arc<Live>) {
    while let Ok(request) = server.recv() {
        let live = Arc::clone(live);
        let spawned = if request.url().split('?').next() == Some(EVENTS_PATH) {
            std::thread::Builder::new()
                .name("govwiki-events".into())
                .spawn(move || live.broadcast.stream(request))
        } else {
            std::thread::Builder::new()
                .name("govwiki-answer".into())
                .spawn(move || answer(request, &live.current()))
        };
        if let Err(error) = spawned {
            // The request went with the closure; tiny_http answers it with a 500 when dropped.
            eprintln!("warning: cannot start a thread to answer a request: {error}");
        }
    }
}

/// Answers one request from `snapshot`.
fn answer(request: tiny_http::Request, snapshot: &Snapshot) {
    let header = |name: &str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str().to_owned())
    };
    let (if_none_match, if_modified_since) = (header("If-None-Match"), header("If-Modified-Since"));
    let method = request.method().as_str().to_owned();
    // tiny_http leaves out the body of a reply to HEAD itself, and sets Content-Length from
    // the body: so the reply is computed as for GET, with its real length.
    let as_method = if method == "HEAD" { "GET" } else { method.as_str() };
    let info = RequestInfo {
        method: as_method,
        url: request.url(),
        if_none_match: if_none_match.as_deref(),
        if_modified_since: if_modified_since.as_deref(),
    };
    let addition = injection(snapshot.generation, snapshot.overlay.as_deref());
    let decorate = |key: &str, body: &[u8]| key.ends_with(".html").then(|| inject(body, &addition));
    let reply = reply(&info, &snapshot.files, &decorate);
    let headers = reply
        .headers
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("Content-Length"))
        .filter_map(|(name, value)| {
            tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
        })
        .collect();
    let length = reply.body.len();
    let response = tiny_http::Response::new(
        tiny_http::StatusCode(reply.status),
        headers,
        std::io::Cursor::new(reply.body),
        Some(length),
        None,
    );
    // A tab that went away before the answer is no error of the server's.
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::tests::{built_copy, edit_and_rebuild};

    #[test]
    fn a_rebuild_serves_the_files_it_changed_and_keeps_every_other_one() {
        let (site, settings, first) = built_copy("check/base");
        let root = site.path();
        let before = snapshot_of(&first, None);
        let again = edit_and_rebuild(root, &settings, &first, "notes.md", |text| {
            format!("{text}\nA paragraph added.\n")
        });
        assert!(again.rendered.changed.as_ref().is_some_and(|changed| !changed.is_empty()));
        let after = snapshot_of(&again, Some(Serving { snapshot: &before, of_previous: true }));
        let mut kept = 0;
        for (path, bytes) in &again.rendered.files {
            let (new, old) = (after.files.get(path).unwrap(), before.files.get(path).unwrap());
            assert_eq!(new.body, *bytes, "{path}");
            // An unchanged file keeps its ETag and modification time.
            assert_eq!(Arc::ptr_eq(new, old), old.body == *bytes, "{path}");
            kept += usize::from(Arc::ptr_eq(new, old));
        }
        assert!(kept > 0 && kept < again.rendered.files.len(), "{kept} files kept");
        let notes = &after.files.get("notes/index.html").unwrap().body;
        assert!(String::from_utf8_lossy(notes).contains("A paragraph added."));
    }
}
