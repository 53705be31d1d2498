//! Fuzz target: the whole build of a small site held in memory, load → model → render →
//! check, through `govwiki::build::build_in_memory`, the path `govwiki build` takes once it has
//! read the files.
//!
//! The input is a few files separated by the byte `0xFF`, which never occurs in UTF-8 text.
//! Each file is its path, a line break, and its bytes (which need not be UTF-8). A file named
//! `govwiki.yaml` is the settings; every other path is made into one a page under `content/`
//! could have (see [`page_path`]). Two fixed valid pages, a body and a role, are always
//! there, so that references have something to hit; a file with the same path replaces one.
//! `fuzz/seed.sh` writes the fixture sites in this format.
//!
//! Besides "no panic", it asserts:
//! - the build never fails with an error, which would mean exit code 2 (the theme is fixed, so
//!   no content may break it);
//! - every finding points inside its file and renders in every output format;
//! - a build without errors writes each page to its own file;
//! - with `raw_html: escape`, no HTML file has an event handler attribute (`on…`) or a
//!   `<script>` other than the theme's own.

#![no_main]

#[path = "common/html.rs"]
mod html;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::{Arc, LazyLock};

use govwiki::build::{BuildSettings, build_in_memory};
use govwiki::config::RawHtml;
use govwiki::diag::human::HumanRenderer;
use govwiki::diag::{github, json, junit};
use govwiki::render::Theme;
use libfuzzer_sys::fuzz_target;

/// The built-in theme, compiled once.
static THEME: LazyLock<Arc<Theme>> = LazyLock::new(|| {
    let theme = Theme::load(Path::new("/nonexistent/govwiki-fuzz"), "default");
    Arc::new(theme.unwrap_or_else(|error| panic!("the built-in theme loads: {error}")))
});

const FIXED: &[(&str, &str)] = &[
    (
        "fixed/board.md",
        "---\ntitle: Board\nkind: body\nresponsibilities:\n  ongoing: [Decide]\n---\n",
    ),
    ("fixed/clerk.md", "---\ntitle: Clerk\nkind: role\nheld_by: board\n---\nSee [[board]].\n"),
];

/// At most this many files are taken from one input.
const MAX_FILES: usize = 12;

fuzz_target!(|data: &[u8]| {
    let mut config = None;
    let mut pages: BTreeMap<String, Vec<u8>> =
        FIXED.iter().map(|(path, text)| ((*path).to_owned(), text.as_bytes().to_vec())).collect();
    for file in data.split(|&b| b == 0xFF).take(MAX_FILES) {
        let (path, bytes) = match file.iter().position(|&b| b == b'\n') {
            Some(end) => (&file[..end], &file[end + 1..]),
            None => (file, &[][..]),
        };
        let path = String::from_utf8_lossy(path);
        if path.trim() == "govwiki.yaml" {
            config = Some(String::from_utf8_lossy(bytes).into_owned());
        } else {
            pages.insert(page_path(&path), bytes.to_vec());
        }
    }
    let build = build_in_memory(config.as_deref(), pages, THEME.clone(), &BuildSettings::default())
        .unwrap_or_else(|error| panic!("content made the build fail: {error}"));

    for diagnostic in &build.diagnostics {
        let places = diagnostic.range.iter().map(|r| (diagnostic.source, r));
        let secondary = diagnostic.secondary.iter().map(|label| (label.source, &label.range));
        for (source, range) in places.chain(secondary) {
            let len = build.sources.get(source).text.len();
            assert!(
                range.start <= range.end && range.end <= len,
                "{range:?} of {len}: {diagnostic:?}"
            );
        }
        let shown = HumanRenderer::new(false).render(diagnostic, &build.sources);
        assert!(shown.contains(diagnostic.code.id()), "{shown}");
    }
    let report = json::render_json(&build.diagnostics, &build.sources);
    let report: json::Report = serde_json::from_str(&report)
        .unwrap_or_else(|error| panic!("the JSON report does not read back: {error}\n{report}"));
    assert_eq!(report.findings.len(), build.diagnostics.len());
    let github = github::render_github(&build.diagnostics, &build.sources);
    assert_eq!(github.lines().count(), build.diagnostics.len(), "{github}");
    let junit = junit::render_junit(&build.diagnostics, &build.sources);
    let errors = build.diagnostics.iter().filter(|d| d.is_error()).count();
    assert_eq!(junit.matches("<failure").count(), errors, "{junit}");

    let Some(site) = &build.site else { return };
    if !build.has_errors() {
        let urls: HashSet<&str> = site.pages.iter().map(|page| page.url.as_str()).collect();
        assert_eq!(urls.len(), site.pages.len(), "two pages share an output file");
        for url in urls {
            assert!(build.rendered.files.contains_key(url), "no `{url}`");
        }
    }
    if build.config.raw_html == RawHtml::Escape {
        for (name, bytes) in &build.rendered.files {
            if name.ends_with(".html") {
                assert_no_script(name, &String::from_utf8_lossy(bytes));
            }
        }
    }
});

/// A path a page under `content/` could have: `\` separates folders (as the loader reads a
/// Windows path), empty, `.` and `..` parts are dropped, parts starting with `.` (hidden, so
/// never read) lose their dots, NUL bytes go, and the name ends in `.md`.
fn page_path(path: &str) -> String {
    let path = path.replace('\0', "");
    let parts: Vec<&str> = path
        .split(['/', '\\'])
        .map(|part| part.trim_start_matches('.'))
        .filter(|part| !part.is_empty())
        .collect();
    let mut path = parts.join("/");
    if path.is_empty() {
        path.push_str("index");
    }
    if !path.ends_with(".md") {
        path.push_str(".md");
    }
    path
}

/// No event handler attribute, and no `<script>` but the theme's.
#[track_caller]
fn assert_no_script(name: &str, html: &str) {
    for tag in html::start_tags(html) {
        for (attribute, _) in &tag.attributes {
            assert!(!attribute.starts_with("on"), "`{attribute}` in {name}: {tag:?}");
        }
        if tag.name == "script" {
            let theme = html[tag.at..].starts_with("<script>try{")
                || tag.attributes.iter().any(|(attribute, value)| {
                    attribute == "src"
                        && (value.ends_with("toc.js") || value.ends_with("static/govwiki.js"))
                });
            assert!(theme, "a script that is not the theme's in {name}: {tag:?}");
        }
    }
}
