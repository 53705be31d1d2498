//! The commands: where the site is, which build each command asks [`crate::build`] for, and
//! what it prints. With `main` and the live server's terminal code, the only module that
//! prints.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::build::{Build, BuildSettings, build_site, build_site_to_disk};
use crate::check::external::Progress;
use crate::cli::{BuildOptions, CheckOptions, Cli, Color, Command, Format};
use crate::config::{CONFIG_FILE, CONTENT_DIR};
use crate::diag::{self, human::HumanRenderer};
use crate::error::Error;
use crate::init;
use crate::serve::{self, ServeOptions};

/// How a command ended, when it could run at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No errors.
    Clean,
    /// Errors in the content: exit code 1.
    Findings,
}

/// Runs a parsed command line.
///
/// # Errors
///
/// The command could not run: I/O, usage, or a broken theme (exit code 2).
pub fn run(cli: Cli) -> Result<Outcome, Error> {
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let renderer = HumanRenderer::new(color);
    match cli.command {
        Command::Build(options) => {
            let root = find_root(options.site.root.as_deref())?;
            build_command(&root, &options, &renderer)
        }
        Command::Check(options) => {
            let root = find_root(options.site.root.as_deref())?;
            check_command(&root, &options, &renderer)
        }
        Command::Serve(args) => {
            let root = find_root(args.site.root.as_deref())?;
            let options = ServeOptions {
                bind: args.bind,
                port: args.port,
                open: args.open,
                poll: args.poll,
                build: BuildSettings {
                    base_url: args.base_url,
                    history: !args.no_history,
                    rebuilds: true,
                    // The preview shows the pages being written, each with a banner.
                    drafts: true,
                    as_of: args.as_of,
                    ..BuildSettings::default()
                },
            };
            serve::serve(&root, &options, &renderer)?;
            Ok(Outcome::Clean)
        }
        Command::Init(options) => {
            init::write_skeleton(&options.dir)?;
            eprintln!("{}", init::created(&options.dir));
            Ok(Outcome::Clean)
        }
    }
}

/// The site root: `--root`, or else, from the current folder up,
/// 1. the nearest folder with a `govwiki.yaml` or a `content/` folder: a site written for
///    govwiki, found from any folder inside it;
/// 2. the root of the Git repository (the nearest folder with `.git`), when it holds Markdown:
///    a repository of Markdown is a site as it stands, whose links GitHub resolves from its
///    root, wherever in it the command runs;
/// 3. the current folder, when it holds Markdown at any depth.
///
/// Loose Markdown in a folder above is never taken for a site: a note in the home folder or
/// in `/tmp` must not make a command run in an empty folder below it build that whole tree.
fn find_root(root: Option<&Path>) -> Result<PathBuf, Error> {
    if let Some(root) = root {
        if has_site_markers(root) || has_pages_below(root) {
            return Ok(root.to_path_buf());
        }
        return Err(Error::NoSite { dir: root.to_path_buf() });
    }
    let cwd = std::env::current_dir().map_err(|source| Error::Read { path: ".".into(), source })?;
    if let Some(found) = cwd.ancestors().find(|dir| has_site_markers(dir)) {
        return Ok(found.to_path_buf());
    }
    let repository = cwd.ancestors().find(|dir| dir.join(".git").exists());
    if let Some(repository) = repository.filter(|dir| has_pages_below(dir)) {
        return Ok(repository.to_path_buf());
    }
    if has_pages_below(&cwd) {
        return Ok(cwd);
    }
    Err(Error::NoSite { dir: cwd })
}

/// Whether `dir` has a `govwiki.yaml` or a `content/` folder.
fn has_site_markers(dir: &Path) -> bool {
    dir.join(CONFIG_FILE).is_file() || dir.join(CONTENT_DIR).is_dir()
}

/// Whether a Markdown file that would be a page lies anywhere below `dir`: the walk stops at
/// the first one.
fn has_pages_below(dir: &Path) -> bool {
    ignore::WalkBuilder::new(dir).require_git(false).build().flatten().any(|entry| {
        entry.path().extension().is_some_and(|ext| ext == "md")
            && entry.file_type().is_some_and(|kind| kind.is_file())
    })
}

fn build_command(
    root: &Path,
    options: &BuildOptions,
    renderer: &HumanRenderer,
) -> Result<Outcome, Error> {
    let started = Instant::now();
    let settings = BuildSettings {
        base_url: options.base_url.clone(),
        deny_warnings: options.deny_warnings,
        history: !options.no_history,
        drafts: options.drafts,
        as_of: options.as_of,
        ..BuildSettings::default()
    };
    let waiting = |out: &Path| {
        let out = out.display().to_string().replace('\\', "/");
        eprintln!("waiting for another build of `{out}` to finish");
    };
    let (build, staging) = build_site_to_disk(root, &settings, options.out.as_deref(), &waiting)?;
    let out = options.out.clone().unwrap_or_else(|| root.join(&build.config.output_dir));
    renderer.report(&mut std::io::stderr().lock(), &build.diagnostics, &build.sources, "build");
    if build.has_errors() {
        if let Some(staging) = staging {
            staging.abandon()?;
        }
        eprint!("{}", renderer.render_summary("build failed", &build.diagnostics));
        return Ok(Outcome::Findings);
    }
    if let Some(staging) = staging {
        staging.finish()?;
    }
    eprintln!(
        "built {} into `{}` in {} ms",
        counted(&build),
        out.display(),
        started.elapsed().as_millis()
    );
    Ok(Outcome::Clean)
}

fn check_command(
    root: &Path,
    options: &CheckOptions,
    renderer: &HumanRenderer,
) -> Result<Outcome, Error> {
    let started = Instant::now();
    let settings = BuildSettings {
        base_url: options.base_url.clone(),
        deny_warnings: options.deny_warnings,
        external: options.external,
        // A bar on a terminal; in a log, the summary line alone.
        progress: std::io::stderr().is_terminal().then(|| Arc::new(Bar::default()) as _),
        history: !options.no_history,
        rebuilds: false,
        drafts: options.drafts,
        as_of: options.as_of,
    };
    let build = build_site(root, &settings)?;
    let machine = match options.format {
        Format::Human => None,
        Format::Json => Some(diag::json::render_json(&build.diagnostics, &build.sources)),
        Format::Github => Some(diag::github::render_github(&build.diagnostics, &build.sources)),
        Format::Junit => Some(diag::junit::render_junit(&build.diagnostics, &build.sources)),
    };
    match &machine {
        Some(text) => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|source| Error::Write { path: "standard output".into(), source })?;
        }
        None => renderer.report(
            &mut std::io::stderr().lock(),
            &build.diagnostics,
            &build.sources,
            "check",
        ),
    }
    if let Some(summary) = &build.external_summary {
        eprintln!("{summary}");
    }
    if build.has_errors() {
        if machine.is_none() {
            eprint!("{}", renderer.render_summary("check failed", &build.diagnostics));
        }
        return Ok(Outcome::Findings);
    }
    if machine.is_none() {
        eprintln!("checked {} in {} ms", counted(&build), started.elapsed().as_millis());
    }
    Ok(Outcome::Clean)
}

/// The pages of a build, in words, with the drafts it left out: "12 pages (2 drafts left
/// out)".
fn counted(build: &Build) -> String {
    let (pages, drafts) =
        build.site.as_ref().map_or((0, 0), |site| (site.pages.len(), site.drafts.len()));
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match drafts {
        0 => format!("{pages} page{}", plural(pages)),
        _ => format!("{pages} page{} ({drafts} draft{} left out)", plural(pages), plural(drafts)),
    }
}

/// The progress bar of `check --external` on standard error: checked of all, and the URL being
/// requested.
#[derive(Debug, Default)]
struct Bar(std::sync::OnceLock<ProgressBar>);

impl Progress for Bar {
    fn start(&self, total: usize, known: usize) {
        let bar = ProgressBar::new(total as u64);
        if let Ok(style) =
            ProgressStyle::with_template("checking links [{bar:25}] {pos}/{len} {wide_msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.inc(known as u64);
        let _ = self.0.set(bar);
    }

    fn requesting(&self, url: &str) {
        if let Some(bar) = self.0.get() {
            bar.set_message(url.to_owned());
        }
    }

    fn checked(&self) {
        if let Some(bar) = self.0.get() {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.0.get() {
            bar.finish_and_clear();
        }
    }
}
