//! The time to lay out and write the organisational scheme of generated sites.
//!
//! ```sh
//! cargo bench --bench layout                      # sites with about 50, 200 and 1,000 bodies
//! cargo bench --bench layout -- --pages 2000 --runs 20
//! ```
//!
//! The corpus generator writes a site (a tenth of its pages are bodies, with `part_of` trees and
//! other relations, plus roles); the site is loaded and modelled once, and then the whole
//! scheme — layout and SVG — is drawn again and again. The table gives the median and the
//! slowest run, and the number of boxes and relations drawn.

#[path = "common/args.rs"]
mod args;
#[path = "../examples/corpus/generate.rs"]
mod generate;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use govwiki::build::{BuildSettings, build_site};
use govwiki::model::PageKind;
use govwiki::render::scheme::render_full_scheme;

const USAGE: &str = "usage: layout [--pages 500,2000,10000] [--runs 20]";

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
    let defaults = args::Args { sizes: vec![500, 2_000, 10_000], count: 20 };
    let args::Args { sizes, count: runs } = args::parse(args, defaults, "--runs", USAGE)?;
    println!("| pages | bodies | boxes | relations | runs | median | slowest |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for pages in sizes {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let written = generate::generate(dir.path(), pages, 1).map_err(|e| e.to_string())?;
        assert_eq!(written.pages, pages, "the generator writes the pages asked for");
        eprintln!("{pages} pages: {} bytes of sources", written.bytes);
        let build = build_site(dir.path(), &BuildSettings::default()).map_err(|e| e.to_string())?;
        let site = build.site.ok_or("the generated site has broken settings")?;
        let bodies = site.pages.iter().filter(|p| matches!(p.kind, PageKind::Body(_))).count();
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut svg = String::new();
        for _ in 0..runs.max(1) {
            let started = Instant::now();
            svg = render_full_scheme(&site, "scheme.html").ok_or("the site has no bodies")?;
            times.push(started.elapsed());
        }
        times.sort();
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        println!(
            "| {pages} | {bodies} | {} | {} | {} | {} | {} |",
            section(&svg, "gw-nodes", "gw-legend").matches("<rect class=\"gw-box ").count(),
            section(&svg, "gw-edges", "gw-labels").matches("<path class=\"gw-edge ").count(),
            times.len(),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1]),
        );
    }
    Ok(())
}

/// The part of `svg` from the group with class `from` to the group with class `to`.
fn section<'a>(svg: &'a str, from: &str, to: &str) -> &'a str {
    let start = svg.find(&format!("<g class=\"{from}\">")).unwrap_or(0);
    let end = svg.find(&format!("<g class=\"{to}\">")).unwrap_or(svg.len());
    svg.get(start..end).unwrap_or_default()
}
