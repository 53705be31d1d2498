//! A deterministic corpus generator: writes a complete govwiki site of N pages, for tests
//! and benchmarks.
//!
//! ```sh
//! cargo run --release --example corpus -- --pages 1000 --out /tmp/wiki [--seed 1] [--layout L]
//! ```
//!
//! `--layout hugo` or `--layout mdbook` writes the same pages as a Hugo site or an mdBook
//! instead (see `corpus/peers.rs`), for `bench/compare.sh`.
//!
//! The same arguments always give byte-identical files. The site passes
//! `govwiki check --deny-warnings`; see `corpus/generate.rs` for what it contains and the
//! invariants that keep it clean.

#[path = "corpus/generate.rs"]
mod generate;
#[path = "corpus/peers.rs"]
mod peers;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: corpus --pages N --out DIR [--seed S] [--layout govwiki|hugo|mdbook]";

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)) {
        Ok(None) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Some(Args { pages, out, seed, layout })) => match generate::generate(&out, pages, seed)
            .and_then(|written| {
                let title = format!("Generated governance wiki ({pages} pages, seed {seed})");
                peers::convert(&out, layout, &title).map(|()| written)
            }) {
            Ok(written) => {
                #[allow(clippy::cast_precision_loss)]
                let megabytes = written.bytes as f64 / 1e6;
                println!(
                    "wrote {} pages ({megabytes:.1} MB) into {}",
                    written.pages,
                    out.display()
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(2)
            }
        },
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// What to write.
struct Args {
    pages: usize,
    out: PathBuf,
    seed: u64,
    layout: peers::Layout,
}

/// The arguments; `None` for `--help`.
fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut pages, mut out, mut seed, mut layout) = (None, None, 1, peers::Layout::Govwiki);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("`{name}` needs a value"));
        match arg.as_str() {
            "--pages" => {
                let text = value("--pages")?;
                let number = text.replace([',', '_'], "");
                pages = Some(number.parse().map_err(|_| format!("bad page count `{text}`"))?);
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                let text = value("--seed")?;
                seed = text.parse().map_err(|_| format!("bad seed `{text}`"))?;
            }
            "--layout" => {
                let text = value("--layout")?;
                layout = peers::Layout::parse(&text).ok_or(format!("unknown layout `{text}`"))?;
            }
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let pages = pages.ok_or("`--pages` is required")?;
    let out = out.ok_or("`--out` is required")?;
    Ok(Some(Args { pages, out, seed, layout }))
}
