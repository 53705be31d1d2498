//! `govwiki.yaml`: the site's settings. Every key is optional, and unknown keys are errors.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::{MessageFormatter, Spanned, UserMessageFormatter};

use crate::diag::{Code, Diagnostic, Source, SourceId, Sources};

/// The settings of a site.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// The site's name, in the header and the `<title>` of every page.
    pub title: String,
    /// One sentence for the home page's `<meta name="description">`.
    pub description: Option<String>,
    /// The public URL of the site, e.g. `https://wiki.example.org/governance`. Needed only for
    /// `sitemap.xml` and the 404 page; pages link to each other relatively.
    pub base_url: Option<String>,
    /// Where `build` writes the site, relative to the site root.
    pub output_dir: PathBuf,
    /// The folder of the pages, relative to the site root; by default `content/` when there
    /// is one, or else the site root itself (see [`SiteConfig::content`]).
    pub content_dir: Option<PathBuf>,
    /// The theme folder under `themes/` whose files override the built-in theme.
    pub theme: String,
    /// What raw HTML written in Markdown becomes.
    pub raw_html: RawHtml,
    /// The web address of the repository that holds the site, e.g.
    /// `https://github.com/openimis/governance`: every page then links to where its file is
    /// edited.
    pub repository_url: Option<String>,
    /// The path, after `repository_url`, of the page that edits a file, before the file's path
    /// from the site root: GitHub's and Gitea's `edit/BRANCH/`, GitLab's `-/edit/BRANCH/`.
    pub edit_path: String,
    /// Settings of the checker.
    pub check: CheckConfig,
    /// The file the settings were read from, when there was one.
    #[serde(skip)]
    pub source: Option<SourceId>,
}

/// What raw HTML written in a page's Markdown (`<details>`, `<br>`, `<script>`) becomes.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// It is written into the page as it is, as Markdown allows.
    #[default]
    Allow,
    /// It is shown as text: no editor can put markup or scripts into the site.
    Escape,
}

/// The `check:` section of `govwiki.yaml`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// The level of a class of findings, by code (`GW502`) or slug (`orphan-page`).
    pub severity: BTreeMap<String, Spanned<Level>>,
    /// Regular expressions: links that match one are not checked.
    pub skip: Vec<Spanned<String>>,
    /// The level of every finding about a link that leads nowhere, in Markdown or in the
    /// rendered site, unless `severity` sets its code's own: `warning` publishes a repository
    /// that still has broken links.
    pub broken_links: Option<Level>,
    /// Settings of `check --external`.
    pub external: ExternalConfig,
}

/// How seriously to take a class of findings.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Fails the command.
    Error,
    /// Reported; fails the command only with `--deny-warnings`.
    Warning,
    /// Not reported.
    Off,
}

/// The `check.external:` section: how external links are requested.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ExternalConfig {
    /// Seconds to wait for one answer.
    pub timeout: u64,
    /// Requests in flight to one host at most.
    pub per_host: usize,
    /// Requests in flight in all at most.
    pub concurrency: usize,
    /// Seconds the whole run may take; links not requested by then are reported.
    pub deadline: u64,
}

impl Default for ExternalConfig {
    fn default() -> Self {
        ExternalConfig { timeout: 10, per_host: 2, concurrency: 8, deadline: 300 }
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Governance wiki".into(),
            description: None,
            base_url: None,
            output_dir: PathBuf::from("public"),
            content_dir: None,
            theme: "default".into(),
            raw_html: RawHtml::default(),
            repository_url: None,
            edit_path: "edit/main/".into(),
            check: CheckConfig::default(),
            source: None,
        }
    }
}

/// The file name of the settings.
pub const CONFIG_FILE: &str = "govwiki.yaml";

/// The folder of the pages when the site has one of its own.
pub const CONTENT_DIR: &str = "content";

impl SiteConfig {
    /// The folder of the pages of the site at `root`: `content_dir`, or `content/` when it
    /// exists, or else the site root itself, as a repository of Markdown keeps its pages.
    #[must_use]
    pub fn content(&self, root: &Path) -> PathBuf {
        match &self.content_dir {
            Some(dir) => root.join(dir),
            None if root.join(CONTENT_DIR).is_dir() => root.join(CONTENT_DIR),
            None => root.to_path_buf(),
        }
    }

    /// Reads `root/govwiki.yaml`; the defaults when there is none.
    ///
    /// # Errors
    ///
    /// A diagnostic when the file cannot be read or is not valid.
    pub fn load(root: &Path, sources: &mut Sources) -> Result<SiteConfig, Box<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(SiteConfig::default());
            }
            Err(error) => {
                let id = sources.add_unreadable(&path, CONFIG_FILE.into());
                return Err(Box::new(
                    Diagnostic::new(
                        Code::UnreadableFile,
                        id,
                        format!("cannot read `{CONFIG_FILE}`"),
                    )
                    .help(error.to_string()),
                ));
            }
        };
        SiteConfig::parse(path, text, sources)
    }

    /// Parses `text`, the settings read from `path`, and adds it to `sources` as
    /// `govwiki.yaml`: what [`SiteConfig::load`] does once it has read the file.
    ///
    /// # Errors
    ///
    /// A diagnostic when the settings are not valid.
    pub fn parse(
        path: PathBuf,
        text: String,
        sources: &mut Sources,
    ) -> Result<SiteConfig, Box<Diagnostic>> {
        let id = sources.add(Source::new(path, CONFIG_FILE.into(), text));
        let source = sources.get(id);
        match serde_saphyr::from_str::<Option<SiteConfig>>(&source.text) {
            Ok(config) => Ok(SiteConfig { source: Some(id), ..config.unwrap_or_default() }),
            Err(error) => {
                let at = error.location().map_or(0, |loc| {
                    let line = usize::try_from(loc.line()).unwrap_or(1);
                    let column = usize::try_from(loc.column()).unwrap_or(1);
                    source.offset_of(line, column)
                });
                let message = UserMessageFormatter.format_message(error.without_snippet());
                let message = message.find(" at line ").map_or(&*message, |i| &message[..i]);
                let code = if message.contains("unknown field") {
                    Code::UnknownKey
                } else {
                    Code::InvalidYaml
                };
                Err(Box::new(
                    Diagnostic::new(code, id, format!("invalid `{CONFIG_FILE}`: {message}"))
                        .at(at..at)
                        .help(
                            "the keys are `title`, `description`, `base_url`, `output_dir`, \
                             `theme`, `raw_html` and `check` (with `severity`, `skip` and \
                             `external`)",
                        ),
                ))
            }
        }
    }
}
