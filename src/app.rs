//! Orchestration: the commands call the stages in order. The only module that knows them all,
//! and with `main` the only one that prints.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cli::{BuildOptions, Cli, Color, Command};
use crate::config::{CONFIG_FILE, SiteConfig};
use crate::diag::{self, Diagnostic, Sources, human::HumanRenderer};
use crate::error::Error;
use crate::model::Site;
use crate::render::{Rendered, Theme};
use crate::{init, load, model, output, render};

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
            let root = find_root(cli.root.as_deref())?;
            build_command(&root, &options, &renderer)
        }
        Command::Init(options) => {
            let dir = cli.root.map_or(options.dir.clone(), |root| root.join(&options.dir));
            init::write_skeleton(&dir)?;
            eprintln!(
                "created a new wiki in `{}`; build it with `govwiki build --root {}`",
                dir.display(),
                dir.display()
            );
            Ok(Outcome::Clean)
        }
    }
}

/// The site root: `--root`, or the current folder or its nearest parent that has a
/// `govwiki.yaml`, or else the current folder if it has a `content/`.
fn find_root(root: Option<&Path>) -> Result<PathBuf, Error> {
    if let Some(root) = root {
        if root.join(CONFIG_FILE).is_file() || root.join("content").is_dir() {
            return Ok(root.to_path_buf());
        }
        return Err(Error::NoSite { dir: root.to_path_buf() });
    }
    let cwd = std::env::current_dir().map_err(|source| Error::Read { path: ".".into(), source })?;
    if let Some(found) = cwd.ancestors().find(|dir| dir.join(CONFIG_FILE).is_file()) {
        return Ok(found.to_path_buf());
    }
    if cwd.join("content").is_dir() {
        return Ok(cwd);
    }
    Err(Error::NoSite { dir: cwd })
}

/// Everything one build produced, in memory.
#[derive(Debug)]
pub struct Build {
    /// The settings.
    pub config: SiteConfig,
    /// Every file read.
    pub sources: Sources,
    /// The model; `None` when the settings could not be read.
    pub site: Option<Site>,
    /// The rendered files; empty when the build has errors.
    pub rendered: Rendered,
    /// Every finding, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Build {
    /// Whether any finding is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads, models and renders the site at `root`, in memory.
///
/// # Errors
///
/// The theme is broken or cannot be read.
pub fn build_site(root: &Path, base_url: Option<String>) -> Result<Build, Error> {
    let mut sources = Sources::default();
    let mut config = match SiteConfig::load(root, &mut sources) {
        Ok(config) => config,
        Err(diagnostic) => {
            return Ok(Build {
                config: SiteConfig::default(),
                sources,
                site: None,
                rendered: Rendered::default(),
                diagnostics: vec![*diagnostic],
            });
        }
    };
    if base_url.is_some() {
        config.base_url = base_url;
    }
    let theme = Theme::load(root, &config.theme)?;
    let loaded = load::load(root, &root.join("content"), sources);
    let (site, model_diagnostics) = model::build(&loaded);
    let load::Loaded { sources, mut diagnostics, .. } = loaded;
    diagnostics.extend(model_diagnostics);
    let mut rendered = render::render(&site, &sources, &config, &theme)?;
    diagnostics.append(&mut rendered.diagnostics);
    diag::sort(&mut diagnostics, &sources);
    if diagnostics.iter().any(Diagnostic::is_error) {
        rendered.files.clear();
    }
    Ok(Build { config, sources, site: Some(site), rendered, diagnostics })
}

fn build_command(
    root: &Path,
    options: &BuildOptions,
    renderer: &HumanRenderer,
) -> Result<Outcome, Error> {
    let started = Instant::now();
    let build = build_site(root, options.base_url.clone())?;
    let out = options.out.clone().unwrap_or_else(|| root.join(&build.config.output_dir));
    report(&build, renderer);
    if build.has_errors() {
        eprint!("{}", renderer.render_summary("build failed", &build.diagnostics));
        return Ok(Outcome::Findings);
    }
    output::write_site(&build.rendered.files, &out, root, &root.join("content"))?;
    let pages = build.site.as_ref().map_or(0, |site| site.pages.len());
    eprintln!(
        "built {pages} pages into `{}` in {} ms",
        out.display(),
        started.elapsed().as_millis()
    );
    Ok(Outcome::Clean)
}

/// Prints every finding to standard error, and a count when there were any.
fn report(build: &Build, renderer: &HumanRenderer) {
    let mut stderr = std::io::stderr().lock();
    for diagnostic in &build.diagnostics {
        // A closed standard error is no reason to fail the build.
        let _ = stderr.write_all(renderer.render(diagnostic, &build.sources).as_bytes());
    }
    if !build.diagnostics.is_empty() && !build.has_errors() {
        let _ = stderr.write_all(
            renderer.render_summary("build finished with", &build.diagnostics).as_bytes(),
        );
    }
}
