//! Times each stage of the library pipeline on generated sites of several sizes.
//!
//! ```sh
//! cargo bench --bench stages                              # 1,000 and 10,000 pages
//! cargo bench --bench stages -- --pages 1000,10000 --runs 5
//! ```
//!
//! For each size, the corpus generator (`examples/corpus/generate.rs`, included below) writes
//! a site into a temporary folder. A child process (this binary again, with `--child`) then
//! runs the stages exactly as `govwiki::build::build_site` calls them (a full build, nothing
//! reused from an earlier one), timing each one, then the whole `build_site`, then
//! `output::write_site` into a fresh temporary folder; every number is the median of the
//! runs. A second child builds the site as `govwiki build` does (`build_site_to_disk`, which
//! writes each file as it is rendered, into a fresh temporary folder) and reports its peak
//! resident memory (`VmHWM`), so each size's peak is its own and not the largest one so far.
//! The parent prints one Markdown table.

#[path = "common/args.rs"]
mod args;
#[path = "../examples/corpus/generate.rs"]
mod generate;

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use govwiki::build::{self, BuildSettings, build_site, build_site_to_disk};
use govwiki::check::{self, LinkSettings};
use govwiki::config::SiteConfig;
use govwiki::diag::Sources;
use govwiki::render::{Store, Theme};
use govwiki::{load, model, output};

const USAGE: &str = "usage: stages [--pages 1000,10000] [--runs 5]";

/// The columns measured in a `--child` run, in milliseconds, in table order.
const COLUMNS: usize = 8;

fn main() -> ExitCode {
    // The allocator set up as the `govwiki` binary sets it up, so that the peak is its peak.
    govwiki::allocator::tune();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("--child") => child(&args[1..]),
        Some("--peak") => peak(&args[1..]),
        _ => parent(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Generates each site, measures it in child processes and prints the table.
fn parent(args: &[String]) -> Result<(), String> {
    let defaults = args::Args { sizes: vec![1_000, 10_000], count: 5 };
    let args::Args { mut sizes, count: runs } = args::parse(args, defaults, "--runs", USAGE)?;
    sizes.sort_unstable();
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this binary: {e}"))?;
    println!("machine: {} CPUs, {}", cpus(), cpu_model());
    let mut rows = Vec::new();
    for &pages in &sizes {
        let temp = tempfile::tempdir().map_err(|e| format!("cannot create a temp folder: {e}"))?;
        let site = temp.path().join("site");
        let written = generate::generate(&site, pages, 1)
            .map_err(|e| format!("cannot generate {pages} pages: {e}"))?;
        eprintln!("measuring {pages} pages, {runs} runs…");
        let timings = run_child(&exe, &["--child", &path_arg(&site)?, &runs.to_string()])?;
        let peak = run_child(&exe, &["--peak", &path_arg(&site)?])?;
        rows.push((written, timings, peak.first().copied().unwrap_or(0.0)));
    }
    println!();
    println!(
        "| pages | MB | runs | config+theme | load | model | render | structure+unused | \
         link check | build_site | link check % of build | write | peak RSS |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (written, t, peak) in rows {
        #[allow(clippy::cast_precision_loss)]
        let megabytes = written.bytes as f64 / 1e6;
        let share = if t[6] > 0.0 { 100.0 * t[5] / t[6] } else { 0.0 };
        println!(
            "| {} | {megabytes:.1} | {runs} | {} | {} | {} | {} | {} | {} | {} | {share:.0}% | {} | \
             {:.0} MB |",
            written.pages,
            ms(t[0]),
            ms(t[1]),
            ms(t[2]),
            ms(t[3]),
            ms(t[4]),
            ms(t[5]),
            ms(t[6]),
            ms(t[7]),
            peak / 1024.0,
        );
    }
    println!();
    println!(
        "Times are medians in ms. `load` is `load::load` alone; `config+theme` is \
         `SiteConfig::load`, `check::compile` and `Theme::load`. Peak RSS is VmHWM of a \
         separate process that built the site as `govwiki build` does."
    );
    Ok(())
}

fn path_arg(path: &Path) -> Result<String, String> {
    path.to_str().map(str::to_owned).ok_or_else(|| format!("`{}` is not UTF-8", path.display()))
}

/// Runs this binary with `args` and returns the numbers of its `result` line.
fn run_child(exe: &Path, args: &[&str]) -> Result<Vec<f64>, String> {
    let output = Command::new(exe)
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run `{}`: {e}", exe.display()))?;
    if !output.status.success() {
        return Err(format!("`{}` failed with {}", args.join(" "), output.status));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix("result "))
        .ok_or_else(|| format!("`{}` printed no result", args.join(" ")))?;
    line.split_whitespace()
        .map(|n| n.parse::<f64>().map_err(|_| format!("bad number `{n}` from the child")))
        .collect()
}

/// `--child DIR RUNS`: times every stage `RUNS` times and prints the medians.
fn child(args: &[String]) -> Result<(), String> {
    let [root, runs] = args else { return Err("usage: --child DIR RUNS".into()) };
    let root = Path::new(root);
    let runs: usize = runs.parse().map_err(|_| format!("bad run count `{runs}`"))?;
    let mut samples: Vec<[f64; COLUMNS]> = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        samples.push(time_stages(root)?);
    }
    let medians: Vec<String> =
        (0..COLUMNS).map(|c| median(samples.iter().map(|s| s[c]).collect()).to_string()).collect();
    println!("result {}", medians.join(" "));
    Ok(())
}

/// `--peak DIR`: one build and one write; prints the peak resident memory in KiB.
fn peak(args: &[String]) -> Result<(), String> {
    let [root] = args else { return Err("usage: --peak DIR".into()) };
    let root = Path::new(root);
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let target = out.path().join("public");
    let (build, staging) =
        build_site_to_disk(root, &BuildSettings::default(), Some(&target), &|_| {})
            .map_err(|e| e.to_string())?;
    if build.has_errors() {
        return Err(format!("the build found {} findings", build.diagnostics.len()));
    }
    staging.ok_or("the settings could not be read")?.finish().map_err(|e| e.to_string())?;
    println!("result {}", vm_hwm_kib()?);
    Ok(())
}

/// One run: each stage as `build_site` calls it, then `build_site` itself, then the write.
fn time_stages(root: &Path) -> Result<[f64; COLUMNS], String> {
    let mut times = [0.0; COLUMNS];
    let mut clock = Instant::now();
    let mut lap = |slot: &mut f64| {
        *slot = clock.elapsed().as_secs_f64() * 1000.0;
        clock = Instant::now();
    };

    let mut sources = Sources::default();
    let config = SiteConfig::load(root, &mut sources).map_err(|d| format!("{d:?}"))?;
    let (_levels, skip, mut findings) = check::compile(&config.check, config.source, &sources);
    let theme = Theme::load(root, &config.theme).map_err(|e| e.to_string())?;
    lap(&mut times[0]);

    let loaded = load::load(root, &config.content(root), &[], sources);
    lap(&mut times[1]);

    let (site, model_findings) = model::build(&loaded);
    lap(&mut times[2]);
    let load::Loaded { mut sources, diagnostics: load_findings, .. } = loaded;
    findings.extend(load_findings);
    findings.extend(model_findings);

    let rendered = build::render_site(&site, &sources, &config, &theme, Store::Memory)
        .map_err(|e| e.to_string())?;
    lap(&mut times[3]);
    findings.extend(rendered.diagnostics().cloned());

    findings.extend(check::check_structure(&site, &sources));
    let linked: Vec<&[usize]> = rendered.pages.iter().map(|p| &p.found.pages[..]).collect();
    findings.extend(check::check_unused(&site, &sources, &linked));
    lap(&mut times[4]);

    let link_settings = LinkSettings {
        skip,
        base_url: config.base_url.clone(),
        output_name: config.output_dir.to_string_lossy().replace('\\', "/"),
        pages: build::linked_pages(&site, &rendered.pages),
        external: false,
        left_out: rendered.left_out(&site),
    };
    let output = check::Output::Memory(&rendered.files);
    let links =
        check::check_links(output, &mut sources, &link_settings).map_err(|e| e.to_string())?;
    lap(&mut times[5]);
    findings.extend(links.diagnostics);
    if !findings.is_empty() {
        return Err(format!("the generated site has {} findings", findings.len()));
    }
    // Free the staged build before the whole one, as a real build would not hold both.
    drop((links.external, link_settings));
    drop((rendered, site, sources));

    let build = build_site(root, &BuildSettings::default()).map_err(|e| e.to_string())?;
    lap(&mut times[6]);
    if !build.diagnostics.is_empty() {
        return Err(format!("build_site found {} findings", build.diagnostics.len()));
    }

    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let target = out.path().join("public");
    clock = Instant::now();
    output::write_site(&build.rendered.files, &target, root, &root.join("content"))
        .map_err(|e| e.to_string())?;
    times[7] = clock.elapsed().as_secs_f64() * 1000.0;
    Ok(times)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn ms(value: f64) -> String {
    if value < 1.0 {
        format!("{value:.2}")
    } else if value < 100.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    }
}

/// The peak resident set size of this process so far, in KiB.
fn vm_hwm_kib() -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("cannot read /proc/self/status: {e}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| "no VmHWM in /proc/self/status".into())
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}
