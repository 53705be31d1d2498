//! The theme: tera templates and static files.
//!
//! The default theme (`themes/default/` in the repository) is embedded in the binary, so
//! govwiki works from any folder. A site overrides any of its files, or adds new ones, by
//! putting a file with the same relative path under its own `themes/NAME/` folder.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use tera::Tera;
use walkdir::WalkDir;

use super::Bytes;
use crate::error::Error;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)))),*]
    };
}

/// Every file of the default theme, by path relative to the theme folder.
const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/components.html",
    "templates/page.html",
    "templates/body.html",
    "templates/role.html",
    "templates/workflow.html",
    "templates/responsibilities.html",
    "templates/scheme.html",
    "templates/matrix.html",
    "templates/label.html",
    "templates/labels.html",
    "templates/history.html",
    "templates/nav.html",
    "templates/toc.html",
    "templates/404.html",
    "templates/home.html",
    "templates/changes.html",
    "templates/person.html",
    "templates/decision.html",
    "templates/meeting.html",
    "templates/people.html",
    "templates/timeline.html",
    "templates/sitemap.xml",
    "static/govwiki.css",
    "static/govwiki.js",
    "static/favicon.svg",
];

/// Compiled templates and the static files to copy into the output.
pub struct Theme {
    /// The templates, compiled once.
    pub tera: Tera,
    /// Static files: output path (`static/…`) → bytes.
    pub statics: BTreeMap<String, Bytes>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme").field("statics", &self.statics.keys()).finish_non_exhaustive()
    }
}

impl Theme {
    /// The default theme with the overrides of `site_root/themes/name/`, if that folder exists.
    ///
    /// # Errors
    ///
    /// A named theme that does not exist, an unreadable file, or a template that does not
    /// compile.
    pub fn load(site_root: &Path, name: &str) -> Result<Theme, Error> {
        let mut files: BTreeMap<String, Cow<'static, [u8]>> = DEFAULT_THEME
            .iter()
            .map(|&(path, bytes)| (path.to_owned(), Cow::Borrowed(bytes)))
            .collect();
        let folder = site_root.join("themes").join(name);
        if folder.is_dir() {
            for entry in WalkDir::new(&folder).sort_by_file_name() {
                let entry = entry.map_err(|error| Error::Read {
                    path: error.path().unwrap_or(&folder).to_path_buf(),
                    source: error.into(),
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let relative = entry.path().strip_prefix(&folder).unwrap_or(entry.path());
                let relative = relative.to_string_lossy().replace('\\', "/");
                let bytes = std::fs::read(entry.path())
                    .map_err(|source| Error::Read { path: entry.path().to_path_buf(), source })?;
                files.insert(relative, Cow::Owned(bytes));
            }
        } else if name != "default" {
            return Err(Error::Read {
                path: folder,
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such theme folder"),
            });
        }
        let mut templates = Vec::new();
        let mut statics = BTreeMap::new();
        for (path, bytes) in files {
            if let Some(name) = path.strip_prefix("templates/") {
                let text = String::from_utf8(bytes.into_owned()).map_err(|error| Error::Read {
                    path: folder.join(&path),
                    source: std::io::Error::new(std::io::ErrorKind::InvalidData, error),
                })?;
                templates.push((name.to_owned(), text));
            } else if path.starts_with("static/") {
                statics.insert(path, Bytes::from(bytes.as_ref()));
            }
        }
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|source| Error::Template { name: format!("themes/{name}"), source })?;
        Ok(Theme { tera, statics })
    }

    /// Renders a template.
    ///
    /// # Errors
    ///
    /// The template fails, e.g. on a variable the context does not have.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Error> {
        self.tera
            .render(template, context)
            .map_err(|source| Error::Template { name: template.to_owned(), source })
    }

    /// Renders a component of the templates on its own, with `context` as its arguments, and
    /// autoescaping.
    ///
    /// # Errors
    ///
    /// The theme has no such component, or it fails.
    pub fn render_component(
        &self,
        component: &str,
        context: &tera::Context,
    ) -> Result<String, Error> {
        self.tera
            .render_component(component, context, None, true)
            .map_err(|source| Error::Template { name: component.to_owned(), source })
    }
}
