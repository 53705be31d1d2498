//! The command line: clap's derive types, parsed once in `main` and handed to `app::run`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// govwiki: a static site generator for governance wikis.
#[derive(Debug, Parser)]
#[command(name = "govwiki", version, about, long_about = None, after_help = MAIN_EXAMPLES)]
pub struct Cli {
    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const MAIN_EXAMPLES: &str = "\
Examples:
  govwiki init my-wiki          create a new wiki in `my-wiki`
  govwiki serve                 preview the site around the current folder, live
  govwiki check                 check the model and every link, as CI does
  govwiki build                 write the site into `public/`";

const BUILD_EXAMPLES: &str = "\
Examples:
  govwiki build                                  build into `public/` (or `output_dir`)
  govwiki build --out site --base-url https://example.org/wiki/
  govwiki build --root ~/wikis/board --drafts    publish drafts too";

const CHECK_EXAMPLES: &str = "\
Examples:
  govwiki check                           the model, every link and anchor, offline
  govwiki check --deny-warnings --format github   in a GitHub Actions step
  govwiki check --external                also request every link to another site
  govwiki check --as-of 2026-01-01        terms and seats as they stood on that day";

const SERVE_EXAMPLES: &str = "\
Examples:
  govwiki serve                     preview at http://127.0.0.1:3000/, reloading on edits
  govwiki serve --port 0 --open     any free port, opened in the browser
  govwiki serve --poll              on a network mount that sends no file events";

const INIT_EXAMPLES: &str = "\
Examples:
  govwiki init my-wiki && cd my-wiki && govwiki serve
  govwiki init                     a wiki in the current folder";

/// The site folder, for the commands that work on one.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (with `govwiki.yaml`, `content/` or Markdown files); default: the
    /// current folder or the nearest parent that is one.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When standard error is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the wiki and build the site into the output folder.
    #[command(after_help = BUILD_EXAMPLES)]
    Build(BuildOptions),
    /// Check the governance model and every link of the site, without writing anything.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckOptions),
    /// Serve the site for previewing, and rebuild and reload open tabs on every edit.
    #[command(after_help = SERVE_EXAMPLES)]
    Serve(ServeArgs),
    /// Create a new wiki that builds clean.
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitOptions),
}

/// Options of `govwiki build`.
#[derive(Debug, Args)]
pub struct BuildOptions {
    /// The site.
    #[command(flatten)]
    pub site: SiteArgs,
    /// The output folder; default: `output_dir` of `govwiki.yaml`, or `public`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The public URL of the site, for `sitemap.xml` and the 404 page (overrides `base_url`).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Do not read page history from git (no "last updated" lines).
    #[arg(long)]
    pub no_history: bool,
    /// Publish the pages marked `draft: true` too, which are otherwise left out.
    #[arg(long)]
    pub drafts: bool,
    /// The day the governance checks hold for (terms, seats, quorums), as `YYYY-MM-DD`;
    /// default: today. Set it in CI for runs that can be repeated.
    #[arg(long, value_name = "DATE", value_parser = as_of)]
    pub as_of: Option<jiff::civil::Date>,
}

/// Options of `govwiki check`.
#[derive(Debug, Args)]
pub struct CheckOptions {
    /// The site.
    #[command(flatten)]
    pub site: SiteArgs,
    /// How to print the findings: `human` on standard error, the others on standard output.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Also request every external link (http and https) and report those that fail.
    #[arg(long)]
    pub external: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The public URL of the site (overrides `base_url`): links under it are internal.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Do not read page history from git (no "last updated" lines).
    #[arg(long)]
    pub no_history: bool,
    /// Check the pages marked `draft: true` too, as `build --drafts` publishes them.
    #[arg(long)]
    pub drafts: bool,
    /// The day the governance checks hold for (terms, seats, quorums), as `YYYY-MM-DD`;
    /// default: today. Set it in CI for runs that can be repeated.
    #[arg(long, value_name = "DATE", value_parser = as_of)]
    pub as_of: Option<jiff::civil::Date>,
}

/// Options of `govwiki serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site.
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on; 0, or a port in use, means any free one.
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// The address to listen on. Anything but loopback makes the preview, drafts included,
    /// readable by everyone who can reach this machine.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll the files for changes instead of relying on the system's file events (for network
    /// mounts and containers that do not deliver them).
    #[arg(long)]
    pub poll: bool,
    /// The public URL of the site (overrides `base_url`).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Do not read page history from git (no "last updated" lines).
    #[arg(long)]
    pub no_history: bool,
    /// The day the governance checks hold for (terms, seats, quorums), as `YYYY-MM-DD`;
    /// default: today. Set it in CI for runs that can be repeated.
    #[arg(long, value_name = "DATE", value_parser = as_of)]
    pub as_of: Option<jiff::civil::Date>,
}

/// An output format of `govwiki check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style reports with the source line and a caret, coloured on a terminal.
    Human,
    /// One JSON document with a stable schema.
    Json,
    /// GitHub Actions workflow commands, shown as annotations on the files.
    Github,
    /// JUnit XML, for the test tab of a CI system.
    Junit,
}

/// Options of `govwiki init`.
#[derive(Debug, Args)]
pub struct InitOptions {
    /// The folder to create the wiki in.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// The value of `--as-of`: a calendar date written `YYYY-MM-DD`, as front matter writes one.
fn as_of(text: &str) -> Result<jiff::civil::Date, String> {
    crate::model::DateValue::parse(text)
        .ok_or_else(|| "expected a calendar date written `YYYY-MM-DD`, such as `2026-01-31`".into())
}
