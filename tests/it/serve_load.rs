//! `govwiki serve` under load and under clients that misbehave: many keep-alive connections
//! while pages are edited, clients that send or read slowly or never, and event streams whose
//! tabs went away. Each test starts the real server on 127.0.0.1 and stops it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::serve::{Events, Launch, Server};
use crate::support::TestSite;

/// A keep-alive HTTP/1.1 connection that sends one request at a time and reads its answer
/// whole, by its `Content-Length`.
struct Connection {
    reader: BufReader<TcpStream>,
    host: String,
}

/// One answer read off a [`Connection`].
struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl Connection {
    fn open(address: &str) -> Connection {
        let stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        Connection { reader: BufReader::new(stream), host: address.to_owned() }
    }

    /// `GET path`, or the error that ended the connection.
    fn get(&mut self, path: &str) -> Result<Answer, String> {
        let head = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.host);
        self.reader.get_mut().write_all(head.as_bytes()).map_err(|e| format!("write: {e}"))?;
        let mut line = String::new();
        self.reader.read_line(&mut line).map_err(|e| format!("status line: {e}"))?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("no status line in {line:?}"))?;
        let mut length = None;
        loop {
            line.clear();
            self.reader.read_line(&mut line).map_err(|e| format!("header: {e}"))?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let length = length.ok_or("no Content-Length")?;
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).map_err(|e| format!("body of {length} bytes: {e}"))?;
        Ok(Answer { status, body })
    }
}

/// The server's current value of a field of `/proc/PID/status`, such as `VmRSS` (in KiB) or
/// `Threads`.
fn status_field(server: &Server, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.pid())).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in {status}"))
}

/// Waits until `condition` holds, for at most `limit`; says whether it did.
fn eventually(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if condition() {
            return true;
        }
        thread::sleep(Duration::from_millis(100));
    }
    condition()
}

#[test]
fn a_hundred_connections_are_all_answered_while_pages_are_edited() {
    let site = TestSite::fixture("check/base");
    let server = Server::start(&site, &[]);
    let paths = ["/", "/bodies/board/", "/notes/", "/static/govwiki.css", "/static/govwiki.js"];
    let (rss_before, threads_before) =
        (status_field(&server, "VmRSS"), status_field(&server, "Threads"));

    let stop = Arc::new(AtomicBool::new(false));
    let editor = {
        let (stop, page) = (Arc::clone(&stop), site.path().join("content/notes.md"));
        let text = std::fs::read_to_string(&page).unwrap();
        thread::spawn(move || {
            let mut edits = 0;
            while !stop.load(Ordering::SeqCst) {
                edits += 1;
                std::fs::write(&page, text.replace("secretariat", &format!("secretariat {edits}")))
                    .unwrap();
                thread::sleep(Duration::from_millis(200));
            }
            edits
        })
    };
    let answered = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let clients: Vec<_> = (0..100)
        .map(|n| {
            let (stop, answered, address) =
                (Arc::clone(&stop), Arc::clone(&answered), server.address.clone());
            thread::spawn(move || -> Result<(), String> {
                let mut connection = Connection::open(&address);
                let mut i = n;
                while !stop.load(Ordering::SeqCst) {
                    let path = paths[i % paths.len()];
                    i += 1;
                    let answer = connection
                        .get(path)
                        .map_err(|e| format!("{path}: {e} at {:?}", started.elapsed()))?;
                    if answer.status != 200 {
                        return Err(format!("{path}: status {}", answer.status));
                    }
                    let whole = if path.ends_with('/') {
                        answer.body.ends_with(b"</html>\n")
                    } else {
                        !answer.body.is_empty()
                    };
                    if !whole {
                        return Err(format!("{path}: a body of {} bytes", answer.body.len()));
                    }
                    answered.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            })
        })
        .collect();
    thread::sleep(Duration::from_secs(10));
    stop.store(true, Ordering::SeqCst);
    let edits = editor.join().unwrap();
    let failures: Vec<String> =
        clients.into_iter().filter_map(|client| client.join().unwrap().err()).collect();
    let answered = answered.load(Ordering::Relaxed);
    eprintln!("{answered} requests answered in 10 s over 100 connections, {edits} edits");
    assert_eq!(failures, Vec::<String>::new(), "every request is answered");
    assert!(answered >= 1000, "only {answered} requests were answered");

    // The edits were rebuilt while the load ran, and the last one is what is served.
    let last = format!("Kept by the secretariat {edits}.");
    assert!(
        eventually(Duration::from_secs(10), || server.get("/notes/").body.contains(&last)),
        "the last edit is served"
    );
    let rebuilds = server.log().matches("changed: rebuilt in").count();
    assert!(rebuilds >= 5, "{rebuilds} rebuilds during the load:\n{}", server.log());

    let rss_after = status_field(&server, "VmRSS");
    eprintln!("resident memory: {rss_before} KiB before, {rss_after} KiB after the load");
    assert!(rss_after < rss_before + 64 * 1024, "memory grew from {rss_before} to {rss_after} KiB");
    // tiny_http's connection threads stay up to 5 s after their connection closes.
    assert!(
        eventually(Duration::from_secs(15), || status_field(&server, "Threads")
            <= threads_before + 8),
        "{} threads after the load, {threads_before} before",
        status_field(&server, "Threads")
    );
}

/// A site whose home page is larger than the buffers of a loopback connection, so that a client
/// that never reads it holds up the thread that answers it.
fn site_with_a_large_page() -> TestSite {
    let site = TestSite::fixture("check/base");
    let paragraph = "The board keeps minutes of every meeting and publishes them. ".repeat(20);
    let text = site.read("content/index.md");
    site.write("content/index.md", format!("{text}\n{}", format!("{paragraph}\n\n").repeat(8000)));
    site
}

#[test]
fn clients_that_send_or_read_slowly_do_not_hold_up_others() {
    let site = site_with_a_large_page();
    let server = Server::start(&site, &[]);
    let home = server.get("/");
    assert!(home.body.len() > 8_000_000, "a home page of {} bytes", home.body.len());

    // Slowloris: request heads that never end, each sending a byte now and then.
    let stop = Arc::new(AtomicBool::new(false));
    let mut slow = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(&server.address).unwrap();
        write!(stream, "GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: ", server.address).unwrap();
        slow.push(stream);
    }
    let trickle = {
        let stop = Arc::clone(&stop);
        thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                for stream in &mut slow {
                    let _ = stream.write_all(b"a");
                }
                thread::sleep(Duration::from_millis(500));
            }
        })
    };
    // Slow readers: each asks for the large page a few times and reads none of it.
    let mut readers = Vec::new();
    for _ in 0..32 {
        let mut stream = TcpStream::connect(&server.address).unwrap();
        let request = format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", server.address);
        stream.write_all(request.repeat(4).as_bytes()).unwrap();
        readers.push(stream);
    }
    thread::sleep(Duration::from_millis(500));

    for n in 0..20 {
        let started = Instant::now();
        let mut connection = Connection::open(&server.address);
        let answer = connection.get("/notes/").unwrap_or_else(|e| panic!("request {n}: {e}"));
        assert_eq!(answer.status, 200);
        assert!(String::from_utf8_lossy(&answer.body).contains("Kept by the secretariat."));
        let took = started.elapsed();
        assert!(took < Duration::from_secs(2), "request {n} took {} ms", took.as_millis());
    }
    stop.store(true, Ordering::SeqCst);
    trickle.join().unwrap();
    drop(readers);
}

/// What the server answered to a request for an event stream.
enum Stream {
    /// An open stream, which announced a generation first.
    Open(Events),
    /// A stream that asked the tab to come back after this many milliseconds, and ended.
    ComeBack(u64),
}

/// Asks for an event stream, as a tab's `EventSource` does.
fn open_events(server: &Server) -> Stream {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET /__govwiki/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).unwrap();
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        assert!(reader.read_line(&mut head).unwrap() > 0, "the stream ended in its head: {head}");
    }
    // `EventSource` gives up for good on any status but 200, or another content type.
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    assert!(head.contains("Content-Type: text/event-stream"), "{head}");
    let mut events = Events::from_reader(reader);
    match events.next_generation() {
        Some(_) => Stream::Open(events),
        None => Stream::ComeBack(events.retry().expect("a stream that ends says when to retry")),
    }
}

#[test]
fn event_streams_of_closed_tabs_are_cleaned_up() {
    let site = TestSite::fixture("check/base");
    // 256 open files make 128 connections, of which 64 may be event streams.
    let launch = Launch { open_files: Some((256, 256)), ..Launch::default() };
    let server = Server::launch(&site, &[], &launch);
    let threads_before = status_field(&server, "Threads");
    let tabs: Vec<_> = (0..64)
        .map(|n| match open_events(&server) {
            Stream::Open(events) => events,
            Stream::ComeBack(_) => panic!("stream {n} was not opened"),
        })
        .collect();
    match open_events(&server) {
        Stream::ComeBack(retry) => assert!(retry > 0),
        Stream::Open(_) => panic!("the 65th stream was opened beyond the bound"),
    }
    assert!(status_field(&server, "Threads") >= threads_before + 64, "a thread per stream");
    // Pages are still served beside the streams.
    assert_eq!(server.get("/notes/").status, 200);

    drop(tabs);
    let mut reopened = Vec::new();
    let all_back = eventually(Duration::from_secs(15), || {
        while reopened.len() < 64 {
            match open_events(&server) {
                Stream::Open(events) => reopened.push(events),
                Stream::ComeBack(_) => return false,
            }
        }
        true
    });
    assert!(all_back, "only {} streams could be opened after 64 tabs closed", reopened.len());
    drop(reopened);
    assert!(
        eventually(Duration::from_secs(15), || status_field(&server, "Threads")
            <= threads_before + 8),
        "{} threads once every tab closed, {threads_before} before",
        status_field(&server, "Threads")
    );
}
