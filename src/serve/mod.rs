//! `govwiki serve`: the live preview for wiki editors.
//!
//! The site is built in memory and served with tiny_http from memory ([`http`]); nothing is
//! written to disk, least of all under `content/`. A watcher ([`watch`]) reports each burst of
//! edits as one batch; the main thread rebuilds, taking over from the previous build what the
//! edit cannot have touched (see [`crate::build::build_site_reusing`]), and swaps the new site
//! in as a whole. Only then are open tabs told to reload ([`reload`]), so a tab never loads a
//! half-built site, and requests that arrive during a rebuild are answered from the site
//! being served. A broken edit keeps the last good site served and shows its findings in the
//! terminal and, as an overlay, in every served page; fixing the file clears it.
//!
//! Threads: tiny_http reads each connection on a thread of its own; one dispatcher takes the
//! requests it has read and answers each on a new thread, so a client that reads its answer
//! slowly, or never, holds up nobody else; each event stream has a thread of its own; the
//! watcher's debounce thread; and the main thread, which rebuilds. Ctrl-C stops them all.
//!
//! What clients may take is bounded ([`Limits`]), so that the server stays up for a working
//! day of idle tabs, slow or hostile clients and file descriptors running short: every
//! connection gets read and write timeouts, so a stalled client's threads end; a request's
//! head has a size and a deadline; the connections open at once stay below the limit of open
//! files, which is raised to its maximum at start; and the accept loop outlives every error
//! but one that ends the listening socket, which ends `serve` with an error.

pub mod host;
pub mod http;
pub mod reload;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime};

use socket2::{Domain, Protocol, Socket, Type};

use self::host::{Target, is_loopback_host, parse_target};
use self::http::{Files, RequestInfo, Served, reply};
use self::reload::{Broadcast, EVENTS_PATH, inject, injection, overlay};
use self::watch::{ChangeKind, Changes, Layout, watch};
use crate::build::{Build, BuildSettings, Reuse, build_site_reusing};
use crate::config::SiteConfig;
use crate::diag::Sources;
use crate::diag::human::HumanRenderer;
use crate::error::Error;
use crate::render::Bytes;

/// How long a connection may send nothing before it is closed: an idle keep-alive
/// connection, or a request body that stopped arriving.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a request's head (its request line and headers) may take to arrive once its first
/// byte has: longer, and it is answered with 408.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How many bytes a request's head may take: more, and it is answered with 431. A browser's
/// requests take a few hundred bytes.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// How long one write to a client may wait for the client to read, before its connection is
/// given up: a tab that stopped reading its event stream, or a client that never reads.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How many connections the server holds open at most, whatever the limit of open files: each
/// has a thread of its own.
pub const MAX_CONNECTIONS: usize = 4096;

/// How many of the process's open files are kept for everything but connections: the files a
/// rebuild reads at once, the pipes of `git`, the watcher, standard streams.
const RESERVED_FILES: u64 = 128;

/// Set to a number of milliseconds, the read and head timeouts of the live server, in place
/// of [`READ_TIMEOUT`] and [`HEAD_TIMEOUT`]: for tests, which cannot wait for a stalled
/// connection to be given up half a minute later.
pub const TIMEOUT_VARIABLE: &str = "GOVWIKI_SERVE_TIMEOUT_MS";

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

/// What the server allows its clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Limits {
    read_timeout: Duration,
    head_timeout: Duration,
    /// The open files the process may have, when known.
    open_files: Option<u64>,
    max_connections: usize,
}

impl Limits {
    /// The limits of this process: its limit of open files raised as far as it goes (a
    /// common default is 1,024, and 256 on macOS, while each connection takes one), and the
    /// timeouts of [`TIMEOUT_VARIABLE`] when it is set.
    fn of_this_process() -> Limits {
        let open_files = rlimit::increase_nofile_limit(u64::MAX).ok();
        let max_connections = open_files.map_or(MAX_CONNECTIONS, |files| {
            let available = files.saturating_sub(RESERVED_FILES).max(files / 2);
            usize::try_from(available).unwrap_or(usize::MAX).clamp(1, MAX_CONNECTIONS)
        });
        let set = std::env::var(TIMEOUT_VARIABLE).ok().and_then(|ms| ms.trim().parse().ok());
        let timeout = |default| set.map_or(default, Duration::from_millis);
        Limits {
            read_timeout: timeout(READ_TIMEOUT),
            head_timeout: timeout(HEAD_TIMEOUT),
            open_files,
            max_connections,
        }
    }

    /// How many tabs may listen for reloads at once: half the connections, so that the
    /// others are left for the pages themselves.
    fn max_streams(&self) -> usize {
        (self.max_connections / 2).max(1)
    }
}

/// What the request threads share with the main thread.
#[derive(Debug)]
struct Live {
    snapshot: RwLock<Arc<Snapshot>>,
    broadcast: Broadcast,
    /// Where requests must be addressed: the address and port of a server bound to loopback.
    loopback: Option<SocketAddr>,
    /// Why the server can no longer accept connections, once it cannot.
    failure: Mutex<Option<String>>,
}

impl Live {
    fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Whether `request` is addressed to this server: always, unless it is bound to loopback
    /// (see [`host`]).
    fn admits(&self, request: &tiny_http::Request) -> bool {
        let Some(loopback) = self.loopback else {
            return true;
        };
        target_of(request)
            .host
            .is_some_and(|host| is_loopback_host(host, loopback.ip(), loopback.port()))
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
    let limits = Limits::of_this_process();
    // Watch first, so that no edit made while the site is first built is missed.
    let layout = {
        // The settings are read again by the build, which reports what is wrong with them.
        let config = SiteConfig::load(root, &mut Sources::default()).unwrap_or_default();
        let content = config.content(root);
        let relative = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
        Layout::new(root, relative(&content), relative(&root.join(&config.output_dir)))
    };
    let watcher = watch(root, layout, options.poll.then_some(POLL_INTERVAL))?;
    let build = build_site_reusing(root, &options.build, None)?;
    let server = Arc::new(bind(options, &limits)?);
    let address =
        server.server_addr().to_ip().unwrap_or(SocketAddr::new(options.bind, options.port));
    let live = Arc::new(Live {
        snapshot: RwLock::default(),
        broadcast: Broadcast::new(limits.max_streams()),
        loopback: options.bind.is_loopback().then_some(address),
        failure: Mutex::new(None),
    });
    live.swap(snapshot_of(&build, None));
    renderer.report(&mut std::io::stderr().lock(), &build.diagnostics, &build.sources, "build");
    let url = format!("http://{address}/");
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} — everyone who can reach this machine can read the wiki, \
             drafts included; use the default `--bind 127.0.0.1` to keep it to yourself",
            options.bind
        );
    }
    if limits.max_connections < MAX_CONNECTIONS {
        eprintln!(
            "note: this process may open {} files, so the server keeps at most {} connections \
             open at once; raise the limit (`ulimit -n`) for more",
            limits.open_files.unwrap_or_default(),
            limits.max_connections
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
        let (server, live, stop) = (Arc::clone(&server), Arc::clone(&live), Arc::clone(&stop));
        std::thread::Builder::new()
            .name("govwiki-http".into())
            .spawn(move || dispatch(&server, &live, &stop))
            .map_err(|error| Error::Serve { reason: format!("cannot start a thread: {error}") })?
    };
    if options.open
        && let Err(error) = opener::open_browser(&url)
    {
        eprintln!("warning: cannot open a browser: {error}");
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
            Err(error) => {
                // A rebuild that cannot run at all (a broken theme, an unreadable settings
                // file) shows in the browser as findings do, over the last good site.
                let report = error.report();
                eprint!("{report}");
                eprintln!("still serving the last good site");
                let served = live.current();
                live.swap(Snapshot {
                    files: served.files.clone(),
                    generation: 0,
                    overlay: Some(overlay(&report, 1)),
                });
            }
        }
    }
    live.broadcast.close();
    server.unblock();
    let _ = dispatcher.join();
    if let Some(reason) = live.failure.lock().unwrap_or_else(PoisonError::into_inner).take() {
        return Err(Error::Listener { reason });
    }
    eprintln!("stopped");
    Ok(())
}

/// Binds `options.bind:options.port`, or any free port when that one is taken.
fn bind(options: &ServeOptions, limits: &Limits) -> Result<tiny_http::Server, Error> {
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
    let limits = tiny_http::Limits {
        max_connections: limits.max_connections,
        read_timeout: Some(limits.read_timeout),
        write_timeout: Some(WRITE_TIMEOUT),
        max_head_bytes: MAX_HEAD_BYTES,
        head_timeout: Some(limits.head_timeout),
        on_accept_error: Some(Arc::new(|error: &std::io::Error| {
            eprintln!(
                "warning: the live server cannot accept a connection for now ({error}); \
                 it keeps trying"
            );
        })),
    };
    tiny_http::Server::from_listener_with_limits(listener, None, limits)
        .map_err(|source| Error::Bind { address: wanted.to_string(), reason: source.to_string() })
}

/// A listening socket on `address`.
///
/// The backlog is [`BACKLOG`] rather than the standard library's 128: when more connections
/// arrive at once than the backlog holds, the kernel drops the rest and the client waits
/// seconds for its retransmission. No timeout is set here: on a listening socket it would
/// bound the wait in `accept`, and end the accept loop after the first quiet half minute.
fn listen(address: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(address), Type::STREAM, Some(Protocol::TCP))?;
    // As the standard library does: a port whose last connections are still closing can be
    // bound again at once.
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
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
    for folder in &changes.rewatched {
        let name = folder.to_string_lossy().replace('\\', "/");
        eprintln!("`{name}/` was replaced (a `git checkout`?): watching it again");
    }
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
    renderer.report(&mut std::io::stderr().lock(), &build.diagnostics, &build.sources, "build");
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
///
/// tiny_http's accept loop outlives every error but one that ends the listening socket; that
/// one ends the dispatcher, which records it in `live` and stops the server, so that `serve`
/// exits with it instead of running on without answering.
fn dispatch(server: &tiny_http::Server, live: &Arc<Live>, stop: &AtomicBool) {
    let error = loop {
        match server.recv() {
            Ok(request) => answer_on_a_thread(request, live),
            Err(error) => break error,
        }
    };
    if !stop.swap(true, Ordering::SeqCst) {
        *live.failure.lock().unwrap_or_else(PoisonError::into_inner) = Some(error.to_string());
    }
}

/// Starts the thread that answers `request`.
fn answer_on_a_thread(request: tiny_http::Request, live: &Arc<Live>) {
    let live = Arc::clone(live);
    let spawned = if is_events(&request) && live.admits(&request) {
        std::thread::Builder::new()
            .name("govwiki-events".into())
            .spawn(move || live.broadcast.stream(request))
    } else {
        std::thread::Builder::new().name("govwiki-answer".into()).spawn(move || {
            if live.admits(&request) {
                answer(request, &live.current());
            } else {
                refuse_host(request, live.loopback);
            }
        })
    };
    if let Err(error) = spawned {
        // The request went with the closure; tiny_http answers it with a 500 when dropped.
        eprintln!("warning: cannot start a thread to answer a request: {error}");
    }
}

/// The target of `request`: the host it is for, and its path.
fn target_of(request: &tiny_http::Request) -> Target<'_> {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case("Host"))
        .map(|h| h.value.as_str());
    parse_target(request.url(), host)
}

/// Whether `request` asks for the event stream.
fn is_events(request: &tiny_http::Request) -> bool {
    target_of(request).path.split('?').next() == Some(EVENTS_PATH)
}

/// Answers a request for another host than loopback with 403, saying why.
fn refuse_host(request: tiny_http::Request, loopback: Option<SocketAddr>) {
    let port = loopback.map_or(0, |address| address.port());
    let text = format!(
        "govwiki serve answers only requests for localhost, 127.0.0.1 or [::1] on port {port}, \
         so that no web page can read the preview under a name of its own; to serve other \
         hosts, start it with `--bind` and an address of this machine\n"
    );
    let response = tiny_http::Response::from_string(text).with_status_code(403);
    let _ = request.respond(response);
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
        url: target_of(&request).path,
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
    use crate::build::tests::{built_copy, edit_and_rebuild};

    #[test]
    fn the_listening_socket_has_no_timeout_that_would_end_its_accept_loop() {
        let listener = listen(SocketAddr::from(([127, 0, 0, 1], 0))).unwrap();
        let socket = socket2::SockRef::from(&listener);
        assert_eq!(socket.read_timeout().unwrap(), None);
        assert_eq!(socket.write_timeout().unwrap(), None);
    }

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
