//! The test harness: a temporary copy of a fixture site and the real `govwiki` binary run on
//! it with a controlled environment.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A site in a temporary folder, removed when the test ends.
pub struct TestSite {
    dir: TempDir,
}

/// What a run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code and returns the run for more checks.
    #[track_caller]
    pub fn code(self, expected: i32) -> Self {
        assert_eq!(self.code, expected, "exit code; stderr:\n{}", self.stderr);
        self
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl TestSite {
    /// An empty site folder.
    pub fn empty() -> Self {
        TestSite { dir: tempfile::Builder::new().prefix("govwiki-test").tempdir().unwrap() }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let site = TestSite::empty();
        copy_dir(&fixtures().join(name), site.path());
        site
    }

    /// A copy of `tests/fixtures/<base>` with the files of `tests/fixtures/<overlay>` copied
    /// over it: one fault added to a good site.
    pub fn overlay(base: &str, overlay: &str) -> Self {
        let site = TestSite::fixture(base);
        copy_dir(&fixtures().join(overlay), site.path());
        site
    }

    /// The site folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file of the site, creating its folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Reads a file of the site.
    pub fn read(&self, relative: &str) -> String {
        let path = self.path().join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The `<main>` element of an output page: the part of the page the content decides.
    pub fn main_of(&self, relative: &str) -> String {
        let html = self.read(relative);
        let start = html.find("<main").expect("page has a <main>");
        let end = html.find("</main>").expect("page closes <main>") + "</main>".len();
        html[start..end].to_owned()
    }

    /// Runs `govwiki ARGS` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(".", args)
    }

    /// Runs `govwiki ARGS` in the folder `relative` of the site folder.
    pub fn run_in(&self, relative: &str, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_govwiki"))
            .args(args)
            .current_dir(self.path().join(relative))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs `govwiki build` and returns stderr with the timing replaced by `[MS]` and the site
    /// folder by `[ROOT]`.
    pub fn build(&self, code: i32) -> String {
        let run = self.run(&["build"]).code(code);
        assert_eq!(run.stdout, "", "build reports on standard error only");
        self.redact(&run.stderr)
    }

    /// Replaces the temporary folder and timings, so output can be compared exactly.
    pub fn redact(&self, text: &str) -> String {
        let root = self.path().canonicalize().unwrap();
        let text = text.replace(&root.display().to_string(), "[ROOT]");
        let text = text.replace(&self.path().display().to_string(), "[ROOT]");
        match text.rfind(" in ") {
            Some(i) if text[i..].trim_end().ends_with(" ms") => format!("{} in [MS]\n", &text[..i]),
            _ => text,
        }
    }
}
