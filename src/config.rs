//! `govwiki.yaml`: the site's settings. Every key is optional, and unknown keys are errors.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::{MessageFormatter, UserMessageFormatter};

use crate::diag::{Code, Diagnostic, Source, Sources};

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
    /// The theme folder under `themes/` whose files override the built-in theme.
    pub theme: String,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Governance wiki".into(),
            description: None,
            base_url: None,
            output_dir: PathBuf::from("public"),
            theme: "default".into(),
        }
    }
}

/// The file name of the settings.
pub const CONFIG_FILE: &str = "govwiki.yaml";

impl SiteConfig {
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
        let id = sources.add(Source::new(path, CONFIG_FILE.into(), text));
        let source = sources.get(id);
        match serde_saphyr::from_str::<Option<SiteConfig>>(&source.text) {
            Ok(config) => Ok(config.unwrap_or_default()),
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
                        .help("the keys are `title`, `description`, `base_url`, `output_dir` and `theme`"),
                ))
            }
        }
    }
}
