//! `govwiki serve` against the faults a working day brings: quiet spells longer than every
//! timeout, file descriptors running short, requests that would take the server's memory or
//! time, and web pages that try to read the preview under a host name of their own. Each test
//! starts the real server on 127.0.0.1, with its timeouts made short where it must wait for
//! one (`GOVWIKI_SERVE_TIMEOUT_MS`), and stops it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use crate::serve::{Launch, Server};
use crate::support::TestSite;

fn site() -> TestSite {
    TestSite::fixture("check/base")
}

/// Sends `bytes` on a new connection and reads the answer until the server closes it, or
/// for at most `wait`; returns it as text.
fn exchange(server: &Server, bytes: &[u8], wait: Duration) -> String {
    exchange_until_closed(server, bytes, wait).0
}

/// [`exchange`], and whether the server closed the connection within `wait`.
fn exchange_until_closed(server: &Server, bytes: &[u8], wait: Duration) -> (String, bool) {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(wait)).unwrap();
    // The server may answer and close before it has read everything.
    let _ = stream.write_all(bytes);
    let mut answer = Vec::new();
    let closed = match stream.read_to_end(&mut answer) {
        Ok(_) => true,
        Err(error) => error.kind() == std::io::ErrorKind::ConnectionReset,
    };
    (String::from_utf8_lossy(&answer).into_owned(), closed)
}

/// The status code of an answer read by [`exchange`], or 0 when none came.
fn status_of(answer: &str) -> u16 {
    answer.split_whitespace().nth(1).and_then(|code| code.parse().ok()).unwrap_or(0)
}

/// Waits until `condition` holds, for at most `limit`; says whether it did.
fn eventually(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if condition() {
            return true;
        }
        thread::sleep(Duration::from_millis(50));
    }
    condition()
}

/// The soft limit of open files of the process `pid`.
fn open_files_limit(pid: u32) -> u64 {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits.lines().find(|line| line.starts_with("Max open files")).unwrap();
    line.split_whitespace().nth(3).unwrap().parse().unwrap()
}

#[test]
fn the_listener_outlives_a_quiet_spell_longer_than_every_timeout() {
    let site = site();
    let server = Server::launch(&site, &[], &Launch::timeouts(200));
    assert_eq!(server.get("/notes/").status, 200);
    // An idle keep-alive connection is closed after the read timeout, without an answer.
    let idle = exchange(&server, b"", Duration::from_secs(5));
    assert_eq!(idle, "", "an idle connection is closed without a word");
    thread::sleep(Duration::from_millis(1000));
    assert_eq!(server.get("/notes/").status, 200, "{}", server.log());
    assert!(!server.log().contains("cannot accept"), "{}", server.log());
}

#[test]
fn the_soft_limit_of_open_files_is_raised_to_the_hard_one() {
    let site = site();
    let launch = Launch { open_files: Some((64, 4096)), ..Launch::default() };
    let server = Server::launch(&site, &[], &launch);
    assert_eq!(open_files_limit(server.pid()), 4096);
    assert_eq!(server.get("/notes/").status, 200);
}

#[test]
fn idle_connections_beyond_the_limit_of_open_files_wait_and_the_server_answers_after() {
    let site = site();
    // 256 open files, as on macOS: room for 128 connections.
    let launch = Launch { open_files: Some((256, 256)), ..Launch::timeouts(1000) };
    let server = Server::launch(&site, &[], &launch);
    assert!(server.log().contains("at most 128 connections"), "{}", server.log());
    let idle: Vec<_> = (0..400).map(|_| TcpStream::connect(&server.address).unwrap()).collect();
    // The idle connections are closed one read timeout later, and the waiting ones then
    // accepted and closed in their turn; the server goes on answering.
    let response = server.get("/notes/");
    assert_eq!(response.status, 200, "{}", server.log());
    drop(idle);
    for _ in 0..20 {
        assert_eq!(server.get("/notes/").status, 200);
    }
    let log = server.log();
    assert!(!log.contains("panicked") && !log.contains("cannot accept"), "{log}");
}

#[test]
fn descriptors_running_short_do_not_end_the_listener() {
    let site = site();
    let server = Server::launch(&site, &[], &Launch::timeouts(1000));
    assert_eq!(server.get("/notes/").status, 200);
    // The limit lowered under the running server: accepting a connection fails with EMFILE.
    let pid = server.pid().to_string();
    let lowered = Command::new("prlimit").args(["--pid", &pid, "--nofile=24:24"]).status();
    assert!(lowered.unwrap().success());
    let idle: Vec<_> = (0..64).map(|_| TcpStream::connect(&server.address).unwrap()).collect();
    assert!(
        eventually(Duration::from_secs(10), || server.log().contains("cannot accept")),
        "{}",
        server.log()
    );
    drop(idle);
    let answered = eventually(Duration::from_secs(20), || {
        let answer = exchange(
            &server,
            format!(
                "GET /notes/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                server.address
            )
            .as_bytes(),
            Duration::from_secs(5),
        );
        status_of(&answer) == 200
    });
    assert!(answered, "no answer once the connections closed:\n{}", server.log());
    let log = server.log();
    assert_eq!(log.matches("cannot accept").count(), 1, "reported once per run:\n{log}");
    assert!(!log.contains("panicked"), "{log}");
}

#[test]
fn a_request_head_larger_than_64_kib_is_refused_with_431() {
    let site = site();
    let server = Server::start(&site, &[]);
    let host = &server.address;
    let one_line =
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: {}\r\n\r\n", "a".repeat(70_000));
    let answer = exchange(&server, one_line.as_bytes(), Duration::from_secs(10));
    assert_eq!(status_of(&answer), 431, "{answer}");
    let many =
        format!("GET / HTTP/1.1\r\nHost: {host}\r\n{}\r\n", "X-Small: abcdefgh\r\n".repeat(4000));
    let answer = exchange(&server, many.as_bytes(), Duration::from_secs(10));
    assert_eq!(status_of(&answer), 431, "{answer}");
    // Just under the bound is read as usual.
    let under = format!(
        "GET /notes/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nX-Big: {}\r\n\r\n",
        "a".repeat(60_000)
    );
    assert_eq!(status_of(&exchange(&server, under.as_bytes(), Duration::from_secs(10))), 200);
}

#[test]
fn an_endless_request_head_takes_no_memory_of_the_server() {
    let site = site();
    let server = Server::start(&site, &[]);
    let resident = || {
        let status = std::fs::read_to_string(format!("/proc/{}/status", server.pid())).unwrap();
        let line = status.lines().find(|line| line.starts_with("VmRSS:")).unwrap().to_owned();
        line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap()
    };
    let before = resident();
    let senders: Vec<_> = (0..4)
        .map(|_| {
            let mut stream = TcpStream::connect(&server.address).unwrap();
            thread::spawn(move || {
                let _ = stream.write_all(b"GET / HTTP/1.1\r\nX-Endless: ");
                let chunk = vec![b'a'; 1 << 20];
                let mut sent = 0;
                // 64 MiB each, or until the server closes the connection.
                while sent < 64 && stream.write_all(&chunk).is_ok() {
                    sent += 1;
                }
                sent
            })
        })
        .collect();
    for sender in senders {
        let sent = sender.join().unwrap();
        assert!(sent < 64, "the server read 64 MiB of one header");
    }
    let grown = resident().saturating_sub(before);
    assert!(grown < 32 * 1024, "the server grew by {grown} KiB");
    assert_eq!(server.get("/notes/").status, 200);
}

#[test]
fn a_head_trickled_in_slowly_is_given_up_at_its_deadline() {
    let site = site();
    let server = Server::launch(&site, &[], &Launch::timeouts(500));
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    write!(stream, "GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: ", server.address).unwrap();
    let mut answer = Vec::new();
    // A byte every 100 ms, well within the read timeout each, for at most 10 s.
    for _ in 0..100 {
        if stream.write_all(b"a").is_err() {
            break;
        }
        let mut buffer = [0; 512];
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(_) => {}
        }
        thread::sleep(Duration::from_millis(50));
    }
    let answer = String::from_utf8_lossy(&answer);
    assert_eq!(status_of(&answer), 408, "{answer:?}");
}

#[test]
fn requests_for_other_hosts_are_refused_on_loopback() {
    let site = site();
    let server = Server::start(&site, &[]);
    let port = server.address.rsplit(':').next().unwrap().to_owned();
    let ask = |target: &str, host: Option<&str>| {
        let host = host.map(|host| format!("Host: {host}\r\n")).unwrap_or_default();
        let request = format!("GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n");
        exchange(&server, request.as_bytes(), Duration::from_secs(10))
    };
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}")]
    {
        let answer = ask("/notes/", Some(&host));
        assert_eq!(status_of(&answer), 200, "{host}");
        assert!(answer.contains("Kept by the secretariat."), "{host}");
    }
    for host in [format!("evil.example:{port}"), "localhost".to_owned(), "127.0.0.1:1".to_owned()] {
        let answer = ask("/notes/", Some(&host));
        assert_eq!(status_of(&answer), 403, "{host}");
        assert!(answer.contains("answers only requests for localhost"), "{answer}");
        assert!(!answer.contains("Kept by the secretariat."), "{host}");
    }
    assert_eq!(status_of(&ask("/notes/", None)), 403, "no host at all");
    // The event stream is refused alike.
    assert_eq!(status_of(&ask("/__govwiki/events", Some("evil.example"))), 403);
    // In the absolute form, the target's host is the one that counts.
    let absolute = ask(&format!("http://127.0.0.1:{port}/notes/"), Some("evil.example"));
    assert_eq!(status_of(&absolute), 200, "{absolute}");
    assert!(absolute.contains("Kept by the secretariat."));
    let absolute =
        ask(&format!("http://evil.example:{port}/notes/"), Some(&format!("localhost:{port}")));
    assert_eq!(status_of(&absolute), 403);
}

#[test]
fn a_bare_lf_request_and_the_http2_preface_are_answered_at_once() {
    let site = site();
    // Both connections must be answered and closed long before the read timeout.
    let server = Server::start(&site, &[]);
    let bare = format!("GET /notes/ HTTP/1.1\nHost: {}\nConnection: close\n\n", server.address);
    let (answer, closed) = exchange_until_closed(&server, bare.as_bytes(), Duration::from_secs(20));
    assert_eq!(status_of(&answer), 200, "{answer}");
    assert!(answer.contains("Kept by the secretariat.") && closed);
    let preface = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    let (answer, closed) = exchange_until_closed(&server, preface, Duration::from_secs(20));
    assert_eq!(status_of(&answer), 505, "{answer}");
    assert!(closed, "the connection stayed open");
}

/// Waits until the page at `path` holds `text`, for at most 10 seconds; says whether it did.
fn serves_eventually(server: &Server, path: &str, text: &str) -> bool {
    eventually(Duration::from_secs(10), || server.get(path).body.contains(text))
}

/// Replaces `from` by `to` in `content/notes.md`, as an editor's save does.
fn edit_notes(site: &TestSite, from: &str, to: &str) {
    let text = site.read("content/notes.md");
    assert!(text.contains(from), "notes.md has no `{from}`");
    site.write("content/notes.md", text.replace(from, to));
}

#[test]
fn edits_after_the_content_folder_is_removed_and_recreated_are_seen() {
    let site = site();
    let server = Server::start(&site, &[]);
    let content = site.path().join("content");
    let aside = tempfile::tempdir().unwrap();
    // What `git checkout` of another branch and back can do: the folder goes, and comes back.
    std::fs::rename(&content, aside.path().join("content")).unwrap();
    // Without `content/`, the site root is the content, which holds no such page.
    assert!(eventually(Duration::from_secs(10), || server.get("/notes/").status == 404));
    std::fs::create_dir(&content).unwrap();
    crate::support::copy_dir(&aside.path().join("content"), &content);
    assert!(serves_eventually(&server, "/notes/", "Kept by the secretariat."), "{}", server.log());
    edit_notes(&site, "Kept by the secretariat.", "Kept by the board.");
    assert!(serves_eventually(&server, "/notes/", "Kept by the board."), "{}", server.log());
    assert!(server.log().contains("watching it again"), "{}", server.log());
}

#[test]
fn edits_after_the_content_folder_is_moved_away_and_back_are_seen() {
    let site = site();
    let server = Server::start(&site, &[]);
    let content = site.path().join("content");
    let away = site.path().join("content-away");
    std::fs::rename(&content, &away).unwrap();
    // Without `content/`, the site root is the content, which holds no such page.
    assert!(eventually(Duration::from_secs(10), || server.get("/notes/").status == 404));
    std::fs::rename(&away, &content).unwrap();
    assert!(eventually(Duration::from_secs(10), || server.get("/notes/").status == 200));
    edit_notes(&site, "Kept by the secretariat.", "Kept by the board.");
    assert!(serves_eventually(&server, "/notes/", "Kept by the board."), "{}", server.log());
}

#[test]
fn edits_through_a_content_symlink_are_seen() {
    let site = site();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("wiki");
    std::fs::rename(site.path().join("content"), &target).unwrap();
    std::os::unix::fs::symlink(&target, site.path().join("content")).unwrap();
    let server = Server::start(&site, &[]);
    assert!(server.get("/notes/").body.contains("Kept by the secretariat."));
    edit_notes(&site, "Kept by the secretariat.", "Kept by the board.");
    assert!(serves_eventually(&server, "/notes/", "Kept by the board."), "{}", server.log());
    // The link pointed at another copy of the wiki, as a switch between worktrees does.
    let other = elsewhere.path().join("other");
    crate::support::copy_dir(&target, &other);
    let notes = other.join("notes.md");
    let text = std::fs::read_to_string(&notes).unwrap();
    std::fs::write(&notes, text.replace("Kept by the board.", "Kept by the committee.")).unwrap();
    let link = site.path().join("content");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(&other, &link).unwrap();
    assert!(serves_eventually(&server, "/notes/", "Kept by the committee."), "{}", server.log());
    edit_notes(&site, "Kept by the committee.", "Kept by nobody.");
    assert!(serves_eventually(&server, "/notes/", "Kept by nobody."), "{}", server.log());
}

/// A theme that no longer compiles was reported in the terminal only: the open tab kept the
/// last good page without a word. It shows in the overlay as findings do, until fixed.
#[test]
fn a_broken_theme_shows_in_the_browser_overlay() {
    let site = site();
    let server = Server::start(&site, &[]);
    let (mut events, first) = server.events();
    site.write("themes/default/templates/page.html", "{% if %}broken{% endif %}");
    assert_eq!(events.next_generation(), Some(first + 1));
    let page = server.get("/notes/");
    assert!(page.body.contains("Kept by the secretariat."), "the last good page");
    assert!(page.body.contains("The last edit has an error"), "{}", page.body);
    assert!(page.body.contains("page.html"), "the overlay names the template: {}", page.body);
    std::fs::remove_file(site.path().join("themes/default/templates/page.html")).unwrap();
    assert!(events.next_generation().is_some());
    assert!(eventually(Duration::from_secs(10), || {
        !server.get("/notes/").body.contains("The last edit has an error")
    }));
}

/// The inode of the socket listening on `port`, from `/proc/net/tcp` (state `0A`, listening).
fn listening_inode(port: u16) -> String {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
    let line = table
        .lines()
        .skip(1)
        .map(|line| line.split_whitespace().collect::<Vec<_>>())
        .find(|fields| fields[1].ends_with(&format!(":{port:04X}")) && fields[3] == "0A")
        .unwrap_or_else(|| panic!("no socket listens on port {port}:\n{table}"));
    line[9].to_owned()
}

/// A listening socket that can no longer accept (here shut down from inside the process, as
/// only a fault of the system would) ends `serve` with a message and exit code 2, instead of a
/// process that runs on and answers nothing.
#[test]
fn a_listener_that_cannot_go_on_ends_serve_with_an_error() {
    let site = site();
    let server = Server::start(&site, &[]);
    let port: u16 = server.address.rsplit(':').next().unwrap().parse().unwrap();
    let inode = listening_inode(port);
    let pid = server.pid();
    let fd = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .map(|entry| entry.unwrap())
        .find(|entry| {
            std::fs::read_link(entry.path())
                .is_ok_and(|target| target.to_string_lossy() == format!("socket:[{inode}]"))
        })
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .expect("the server holds its listening socket");
    // gdb, in Debian's package on the test machines, calls shutdown(2) in the server: the
    // blocked accept returns EINVAL, which no retry can mend.
    let gdb = Command::new("gdb")
        .args(["-p", &pid.to_string(), "-batch", "-ex", &format!("call (int)shutdown({fd}, 0)")])
        .output()
        .expect("gdb runs (Debian's `gdb` package)");
    assert!(gdb.status.success(), "{}", String::from_utf8_lossy(&gdb.stderr));
    let (code, log) = server.interrupt_or_exit(Duration::from_secs(20));
    assert_eq!(code, Some(2), "{log}");
    assert!(log.contains("error: the live server can no longer accept connections"), "{log}");
}
