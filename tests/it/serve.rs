//! `govwiki serve`: the real binary on a temporary copy of a fixture site, on 127.0.0.1, asked
//! over plain TCP (so that request paths reach the server exactly as written), edited on disk
//! while it runs, and stopped with Ctrl-C (SIGINT).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// A running `govwiki serve`, stopped with SIGINT when dropped.
pub struct Server {
    child: Child,
    pub address: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `govwiki serve ARGS` in `site` (on any free port unless ARGS name one) and
    /// waits until it serves.
    pub fn start(site: &TestSite, args: &[&str]) -> Server {
        Server::launch(site, args, &Launch::default())
    }

    /// [`Server::start`], with the environment and limits of `launch`.
    pub fn launch(site: &TestSite, args: &[&str], launch: &Launch) -> Server {
        let port: &[&str] = if args.contains(&"--port") { &[] } else { &["--port", "0"] };
        let binary = env!("CARGO_BIN_EXE_govwiki");
        let mut command = match launch.open_files {
            // The shell sets the limit and then becomes the server, whose pid the test keeps.
            Some((soft, hard)) => {
                let mut shell = Command::new("bash");
                shell
                    .arg("-c")
                    .arg(format!("ulimit -Sn {soft} && ulimit -Hn {hard} && exec \"$0\" \"$@\""));
                shell.arg(binary);
                shell
            }
            None => Command::new(binary),
        };
        command
            .arg("serve")
            .args(port)
            .args(args)
            .current_dir(site.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NO_COLOR", "1");
        for (name, value) in &launch.env {
            command.env(name, value);
        }
        let mut child = command.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let writer = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                    let _ =
                        tx.send(url.trim_start_matches("http://").trim_end_matches('/').to_owned());
                }
                let mut log = writer.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let address = rx.recv_timeout(Duration::from_secs(20)).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("the server did not start:\n{}", log.lock().unwrap())
        });
        Server { child, address, log }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything the server printed so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Sends `request` (a whole request head) and reads the whole response.
    pub fn raw(&self, request: &str) -> Response {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        Response::parse(&bytes)
    }

    /// `METHOD path` with extra header lines.
    pub fn request(&self, method: &str, path: &str, headers: &[&str]) -> Response {
        let mut head =
            format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.address);
        for header in headers {
            head.push_str(header);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        self.raw(&head)
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[])
    }

    /// Opens the event stream and returns it with the generation it announced first.
    pub fn events(&self) -> (Events, u64) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(stream, "GET /__govwiki/events HTTP/1.1\r\nHost: {}\r\n\r\n", self.address).unwrap();
        let mut events = Events::from_reader(BufReader::new(stream));
        let first = events.next_generation().expect("the stream announces the generation");
        (events, first)
    }

    /// Waits up to `wait` for the server to exit by itself; then sends SIGINT and waits for
    /// the exit. Gives the exit code and what it printed.
    pub fn interrupt_or_exit(mut self, wait: Duration) -> (Option<i32>, String) {
        let deadline = Instant::now() + wait;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(100));
                return (status.code(), self.log());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.interrupt()
    }

    /// Sends SIGINT, as Ctrl-C does, and waits for the exit.
    pub fn interrupt(mut self) -> (Option<i32>, String) {
        let status = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
        assert!(status.unwrap().success());
        let deadline = Instant::now() + Duration::from_secs(10);
        let code = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status.code();
            }
            assert!(Instant::now() < deadline, "the server did not stop:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(100));
        (code, self.log())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How a test server is started beyond its arguments.
#[derive(Default)]
pub struct Launch {
    /// Environment variables set for it.
    pub env: Vec<(&'static str, String)>,
    /// The soft and hard limits of open files it starts with.
    pub open_files: Option<(u64, u64)>,
}

impl Launch {
    /// The server's read and head timeouts made `ms` milliseconds long.
    pub fn timeouts(ms: u64) -> Launch {
        Launch { env: vec![("GOVWIKI_SERVE_TIMEOUT_MS", ms.to_string())], open_files: None }
    }
}

/// An open event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
    /// The last delay before reconnecting that the stream asked for (`retry:`).
    retry: Option<u64>,
}

impl Events {
    /// The stream read by `reader`, its status line read or not.
    pub fn from_reader(reader: BufReader<TcpStream>) -> Events {
        Events { reader, retry: None }
    }

    /// The last delay before reconnecting that the stream asked for, in milliseconds.
    pub fn retry(&self) -> Option<u64> {
        self.retry
    }

    /// The next generation announced, skipping keep-alive comments; `None` when none comes
    /// within 15 seconds.
    pub fn next_generation(&mut self) -> Option<u64> {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut line = String::new();
        loop {
            if Instant::now() > deadline {
                return None;
            }
            line.clear();
            if self.reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            if let Some(data) = line.strip_prefix("data: ") {
                return data.trim().parse().ok();
            }
            if let Some(retry) = line.strip_prefix("retry:") {
                self.retry = retry.trim().parse().ok();
            }
        }
    }
}

/// A parsed HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Response {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Response { status, headers, body: body.to_owned() }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

fn site() -> TestSite {
    TestSite::fixture("check/base")
}

/// Replaces `from` by `to` in a file of the site, as an editor's save does.
fn edit(site: &TestSite, path: &str, from: &str, to: &str) {
    let text = site.read(path);
    assert!(text.contains(from), "{path} has no `{from}`");
    site.write(path, text.replace(from, to));
}

#[test]
fn an_edit_reloads_open_tabs_with_the_new_page() {
    let site = site();
    let server = Server::start(&site, &[]);
    let page = server.get("/bodies/board/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The board meets twice a year."));
    assert!(page.body.contains("new EventSource(\"/__govwiki/events\")"), "the reload script");
    let (mut events, first) = server.events();
    assert!(page.body.contains(&format!("const govwikiGeneration = {first};")));

    let edited = Instant::now();
    edit(&site, "content/bodies/board.md", "twice a year", "every month");
    let next = events.next_generation().expect("a reload after the edit");
    let latency = edited.elapsed();
    assert_eq!(next, first + 1);
    let page = server.get("/bodies/board/");
    assert!(page.body.contains("The board meets every month."), "the new page is served");
    assert!(page.body.contains(&format!("const govwikiGeneration = {next};")));
    eprintln!("edit to reload event: {} ms", latency.as_millis());
    // The terminal hears of the rebuild just after the tabs do.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !server.log().contains("`content/bodies/board.md` changed: rebuilt in ") {
        assert!(Instant::now() < deadline, "the rebuild is reported:\n{}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!site.path().join("public").exists(), "serve writes no output folder");
}

#[test]
fn a_bad_edit_keeps_the_last_good_site_and_shows_an_overlay() {
    let site = site();
    let server = Server::start(&site, &[]);
    let (mut events, first) = server.events();
    edit(&site, "content/bodies/board.md", "kind: body", "kind: body\nresponsibilities: [");
    assert_eq!(events.next_generation(), Some(first + 1));
    let page = server.get("/bodies/board/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The board meets twice a year."), "the last good page");
    assert!(page.body.contains("The last edit has an error"), "the overlay");
    assert!(page.body.contains("error[GW103]: invalid YAML"), "{}", page.body);
    let other = server.get("/notes/");
    assert!(other.body.contains("The last edit has an error"), "on every page");
    assert!(server.log().contains("error[GW103]"), "and in the terminal");

    edit(&site, "content/bodies/board.md", "\nresponsibilities: [", "");
    assert_eq!(events.next_generation(), Some(first + 2));
    let page = server.get("/bodies/board/");
    assert!(!page.body.contains("The last edit has an error"), "fixing clears the overlay");
}

#[test]
fn deleted_and_renamed_pages_disappear() {
    let site = site();
    let server = Server::start(&site, &[]);
    let (mut events, first) = server.events();
    std::fs::rename(site.path().join("content/notes.md"), site.path().join("content/minutes.md"))
        .unwrap();
    edit(&site, "content/index.md", "[[notes]]", "[[minutes]]");
    let mut generation = events.next_generation().unwrap();
    // The rename and the edit may come as one burst or two.
    while server.get("/minutes/").status != 200 {
        generation = events.next_generation().expect("another rebuild");
    }
    assert!(generation > first);
    assert_eq!(server.get("/notes/").status, 404);
}

#[test]
fn http_answers_are_correct() {
    let site = site();
    let server = Server::start(&site, &[]);
    let css = server.get("/static/govwiki.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.header("cache-control"), Some("no-cache"));
    let etag = css.header("etag").unwrap().to_owned();
    let again = server.request("GET", "/static/govwiki.css", &[&format!("If-None-Match: {etag}")]);
    assert_eq!(again.status, 304);
    assert_eq!(again.body, "");
    let modified = css.header("last-modified").unwrap().to_owned();
    let since =
        server.request("GET", "/static/govwiki.css", &[&format!("If-Modified-Since: {modified}")]);
    assert_eq!(since.status, 304);

    let page = server.get("/");
    assert_eq!(page.header("cache-control"), Some("no-store"), "HTML is never cached");
    let head = server.request("HEAD", "/", &[]);
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    assert_eq!(head.header("content-length"), page.header("content-length"));

    let folder = server.get("/notes");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/notes/"));
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "the theme's 404 page");
    assert_eq!(server.request("POST", "/", &[]).status, 405);
}

#[test]
fn no_request_path_reads_outside_the_site() {
    let site = site();
    site.write("secret.txt", "TOP-SECRET-DRAFT");
    let server = Server::start(&site, &[]);
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2Fsecret.txt",
        "/static/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "/static/..%5c..%5csecret.txt",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/secret.txt%00.html",
        "/content/bodies/board.md",
        "/govwiki.yaml",
        "/%ff%fe",
    ] {
        let response = server.get(path);
        assert!(
            matches!(response.status, 400 | 404),
            "{path}: status {} (body {})",
            response.status,
            response.body
        );
        assert!(!response.body.contains("TOP-SECRET"), "{path} leaked the secret");
        assert!(!response.body.contains("root:x:0:0"), "{path} leaked /etc/passwd");
        assert!(!response.body.contains("kind: body"), "{path} leaked a source file");
    }
    let absolute =
        server.raw("GET http://localhost/../secret.txt HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert!(!absolute.body.contains("TOP-SECRET"));
}

/// A request whose body's length is in doubt is refused and its connection closed: a proxy in
/// front of the server and the server must never read different requests from the same
/// bytes (request smuggling).
#[test]
fn a_request_whose_length_is_in_doubt_is_refused() {
    let site = site();
    let server = Server::start(&site, &[]);
    let smuggled = format!(
        "GET /index.html HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.address
    );
    for framing in [
        "Transfer-Encoding: gzip",
        "Transfer-Encoding: chunked, identity",
        "Transfer-Encoding: chunked, chunked",
        "Transfer-Encoding: chunked\r\nContent-Length: 5",
        "Transfer-Encoding : chunked",
        "Content-Length: 5\r\nContent-Length: 6",
        "Content-Length: +5",
    ] {
        let host = &server.address;
        let head = format!("POST /index.html HTTP/1.1\r\nHost: {host}\r\n{framing}\r\n\r\n");
        let response = server.raw(&format!("{head}0\r\n\r\n{smuggled}"));
        assert_eq!(response.status, 400, "{framing}");
        assert!(!response.body.contains("HTTP/1.1 200"), "{framing}: the second request was read");
    }
    // A chunked body, and one length given twice alike, are read as such.
    for framing in ["Transfer-Encoding: chunked", "Content-Length: 5\r\nContent-Length: 5"] {
        let host = &server.address;
        let head =
            format!("GET /index.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{framing}");
        let response = server.raw(&format!("{head}\r\n\r\n0\r\n\r\n"));
        assert_eq!(response.status, 200, "{framing}");
    }
}

/// No header the server writes can hold a line break, which would let its value add headers
/// or a body of its own (response splitting).
#[test]
fn a_header_value_with_a_line_break_is_refused() {
    let header = |value: &[u8]| tiny_http::Header::from_bytes(&b"Location"[..], value);
    assert!(header(b"/a/\r\nSet-Cookie: admin=1").is_err());
    assert!(header(b"/a/\nX: 1").is_err());
    assert!(header(b"/a/").is_ok());
    assert!(tiny_http::Header::from_bytes(&b"Bad Name"[..], &b"x"[..]).is_err());
}

#[test]
fn a_busy_port_is_replaced_by_a_free_one() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let site = site();
    let server = Server::start(&site, &["--port", &port]);
    assert_ne!(server.address, format!("127.0.0.1:{port}"));
    assert!(server.log().contains(&format!("port {port} is in use")), "{}", server.log());
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn ctrl_c_stops_the_server_cleanly_and_content_is_untouched() {
    let site = site();
    let before = listing(&site);
    let server = Server::start(&site, &[]);
    let (_events, _) = server.events();
    assert_eq!(server.get("/").status, 200);
    let (code, log) = server.interrupt();
    assert_eq!(code, Some(0), "{log}");
    assert!(log.ends_with("stopped\n"), "{log}");
    assert_eq!(listing(&site), before, "nothing under the site was written");
}

/// Every file of the site with its length and modification time.
fn listing(site: &TestSite) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut files = Vec::new();
    let mut stack = vec![site.path().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                files.push((
                    entry.path().display().to_string(),
                    meta.len(),
                    meta.modified().unwrap(),
                ));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn poll_mode_sees_edits_too() {
    let site = site();
    let server = Server::start(&site, &["--poll"]);
    let (mut events, first) = server.events();
    edit(&site, "content/notes.md", "Kept by the secretariat.", "Kept by the clerk.");
    assert_eq!(events.next_generation(), Some(first + 1));
    assert!(server.get("/notes/").body.contains("Kept by the clerk."));
}

#[test]
fn a_new_link_shows_on_the_page_it_leads_to() {
    let site = site();
    let server = Server::start(&site, &[]);
    let (mut events, first) = server.events();
    let link = r#"<li><a class="kind-page" href="../../notes/index.html">Notes</a></li>"#;
    assert!(!server.get("/bodies/committee/").body.contains(link));
    edit(&site, "content/notes.md", "Kept by the secretariat.", "Kept for the [[committee]].");
    assert_eq!(events.next_generation(), Some(first + 1));
    let committee = server.get("/bodies/committee/").body;
    assert!(committee.contains(link), "{committee}");
}

#[test]
fn a_renamed_heading_breaks_the_links_of_pages_that_did_not_change() {
    let site = site();
    edit(&site, "content/index.md", "See also the [[notes]].", "See also the [[notes#minutes]].");
    let server = Server::start(&site, &[]);
    assert!(!server.get("/").body.contains("The last edit has"), "the site starts clean");
    let (mut events, first) = server.events();

    // The home page renders to the same bytes, but the heading it links to is gone.
    edit(&site, "content/notes.md", "## Minutes", "## Records");
    assert_eq!(events.next_generation(), Some(first + 1));
    let home = server.get("/").body;
    assert!(home.contains("The last edit has an error"), "{home}");
    assert!(home.contains("has no heading `minutes`"), "{home}");
    assert!(home.contains("content/index.md:6:33"), "the finding points at the link: {home}");

    edit(&site, "content/notes.md", "## Records", "## Minutes");
    assert_eq!(events.next_generation(), Some(first + 2));
    assert!(!server.get("/").body.contains("The last edit has"), "the link works again");
}
