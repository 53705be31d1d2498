//! Errors that stop the tool: I/O, usage and theme problems, as opposed to findings about the
//! user's content, which are [`crate::diag::Diagnostic`]s. Every variant names its path.

use std::io;
use std::path::PathBuf;

/// The tool cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("cannot read `{}`", path.display())]
    Read {
        /// What could not be read.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A file or folder could not be written.
    #[error("cannot write `{}`", path.display())]
    Write {
        /// What could not be written.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// No site was found where one was expected.
    #[error("no govwiki site in `{}`: no folder from there up has a `govwiki.yaml` or a `content/` folder, and no Markdown file is in it or in its Git repository; run govwiki in a site, or name one with `--root DIR`", dir.display())]
    NoSite {
        /// Where the site was looked for.
        dir: PathBuf,
    },
    /// A template of the theme does not compile or fails to render.
    #[error("theme template `{name}` is broken")]
    Template {
        /// The template's name, e.g. `page.html`.
        name: String,
        /// Tera's report, with the template line.
        source: tera::Error,
    },
    /// The output folder is somewhere govwiki must not write or delete.
    #[error("refusing to write the site to `{}`: {reason}", path.display())]
    UnsafeOutput {
        /// The output folder asked for.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
    },
    /// The live server cannot watch the site's folders.
    #[error("cannot watch `{}` for changes", path.display())]
    Watch {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: notify::Error,
    },
    /// The live server cannot listen on the address asked for.
    #[error("cannot serve on `{address}`: {reason}")]
    Bind {
        /// The address and port.
        address: String,
        /// Why.
        reason: String,
    },
    /// The live server cannot start.
    #[error("cannot start the live server: {reason}")]
    Serve {
        /// Why.
        reason: String,
    },
    /// The live server's listening socket can no longer accept connections.
    #[error("the live server can no longer accept connections: {reason}")]
    Listener {
        /// The error of `accept`.
        reason: String,
    },
    /// `init` was pointed at a folder that already holds a wiki.
    #[error("`{}` already holds a wiki; choose an empty or new folder", path.display())]
    InitExists {
        /// The folder.
        path: PathBuf,
    },
}

impl Error {
    /// The error as the terminal shows it: `error: …`, then a `caused by: …` line for each
    /// error below it.
    #[must_use]
    pub fn report(&self) -> String {
        let mut report = format!("error: {self}\n");
        let mut cause = std::error::Error::source(self);
        while let Some(reason) = cause {
            report.push_str(&format!("  caused by: {reason}\n"));
            cause = reason.source();
        }
        report
    }
}
