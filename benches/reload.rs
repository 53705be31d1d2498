//! The live server's edit-to-reload latency: the time from saving a page to the reload event
//! on an open tab's event stream, on generated sites.
//!
//! ```sh
//! cargo bench --bench reload                          # 1,000 and 10,000 pages
//! cargo bench --bench reload -- --pages 1000 --edits 20
//! ```
//!
//! For each size, the corpus generator writes a site into a temporary folder and the release
//! binary serves it on 127.0.0.1. The bench opens the event stream, then edits one page again
//! and again: first a paragraph of its Markdown (the common case, which renders one page
//! again), then its title (which changes what other pages show, so every page is rendered
//! again). Each edit waits for its reload event before the next; the table gives the median,
//! the fastest and the slowest.

#[path = "common/args.rs"]
mod args;
#[path = "../examples/corpus/generate.rs"]
mod generate;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: reload [--pages 1000,10000] [--edits 15]";

fn main() -> ExitCode {
    match run(&std::env::args().skip(1).collect::<Vec<_>>()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let defaults = args::Args { sizes: vec![1_000, 10_000], count: 15 };
    let args::Args { sizes, count: edits } = args::parse(args, defaults, "--edits", USAGE)?;
    println!("| pages | edit | edits | median | fastest | slowest |");
    println!("|---:|---|---:|---:|---:|---:|");
    for pages in sizes {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let written = generate::generate(dir.path(), pages, 1).map_err(|e| e.to_string())?;
        #[allow(clippy::cast_precision_loss)]
        let megabytes = written.bytes as f64 / 1e6;
        eprintln!("serving {} generated pages ({megabytes:.1} MB of sources)", written.pages);
        let mut server = Server::start(dir.path())?;
        let page = pick_page(&dir.path().join("content"))?;
        let text = std::fs::read_to_string(&page).map_err(|e| e.to_string())?;
        let body = measure(&mut server, edits, |n| {
            std::fs::write(&page, format!("{text}\nAn edited paragraph, version {n}.\n"))
        })?;
        report(pages, "one paragraph", &body);
        let titled = measure(&mut server, edits.min(5), |n| {
            std::fs::write(&page, text.replacen("title: ", &format!("title: Edit {n} of "), 1))
        })?;
        report(pages, "a title", &titled);
    }
    Ok(())
}

fn report(pages: usize, what: &str, times: &[Duration]) {
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    let mut sorted = times.to_vec();
    sorted.sort();
    println!(
        "| {pages} | {what} | {} | {} | {} | {} |",
        sorted.len(),
        ms(sorted[sorted.len() / 2]),
        ms(sorted[0]),
        ms(sorted[sorted.len() - 1])
    );
}

/// A plain page a few folders down: its file.
fn pick_page(content: &Path) -> Result<PathBuf, String> {
    let mut stack = vec![content.to_path_buf()];
    let mut pages = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n != "index.md") {
                pages.push(path);
            }
        }
    }
    pages.sort();
    pages
        .into_iter()
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| !t.contains("\nkind:")))
        .ok_or_else(|| "the corpus has no plain page".to_owned())
}

/// Makes `count` edits with `edit(n)`, each timed from the write to its reload event.
fn measure(
    server: &mut Server,
    count: usize,
    mut edit: impl FnMut(usize) -> std::io::Result<()>,
) -> Result<Vec<Duration>, String> {
    let mut times = Vec::with_capacity(count);
    for n in 0..count {
        // Let the file's modification time move on, as between an editor's saves.
        std::thread::sleep(Duration::from_millis(50));
        let started = Instant::now();
        edit(n).map_err(|e| e.to_string())?;
        server.next_generation()?;
        times.push(started.elapsed());
    }
    Ok(times)
}

/// `govwiki serve` on a site, with its event stream open.
struct Server {
    child: Child,
    events: BufReader<TcpStream>,
}

impl Server {
    fn start(root: &Path) -> Result<Server, String> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_govwiki"))
            .args(["serve", "--root", &root.display().to_string(), "--port", "0"])
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let stderr = child.stderr.take().ok_or("no standard error")?;
        let mut lines = BufReader::new(stderr).lines();
        let address = loop {
            let line = lines.next().ok_or("the server stopped")?.map_err(|e| e.to_string())?;
            if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                break url.trim_start_matches("http://").trim_end_matches('/').to_owned();
            }
        };
        // Keep reading the server's output, so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let mut stream = TcpStream::connect(&address).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
        write!(stream, "GET /__govwiki/events HTTP/1.1\r\nHost: {address}\r\n\r\n")
            .map_err(|e| e.to_string())?;
        let mut server = Server { child, events: BufReader::new(stream) };
        server.next_generation()?;
        Ok(server)
    }

    fn next_generation(&mut self) -> Result<u64, String> {
        let mut line = String::new();
        loop {
            line.clear();
            if self.events.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
                return Err("the event stream closed".into());
            }
            if let Some(data) = line.strip_prefix("data: ") {
                return data.trim().parse().map_err(|_| format!("bad event `{line}`"));
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
