//! Accessibility: axe-core (vendored in `tests/vendor/axe-core`, since the tests run without
//! a network) runs inside headless Chromium on every HTML file of the bundled wiki, served
//! by `govwiki serve` with its history in git, in light and in dark mode, on a wide screen
//! and on a phone with the menu closed and open. No page may have a serious or critical
//! finding; a failure lists every finding of every page, each with its rule, impact, the
//! elements it is about and why.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use headless_chrome::Tab;
use serde::Deserialize;

use crate::browser::{
    Chromium, bundled_site_in_git, evaluate, loaded, search_for, show, wait_until,
};
use crate::serve::Server;
use crate::support::TestSite;

/// axe-core, as npm publishes it (see `tests/vendor/axe-core/README.md`).
const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");

/// Runs axe on the page and keeps what a reader would be stopped by; the findings of lower
/// impact ("moderate", "minor") are advice. The promise is awaited, and an error in axe comes
/// back as a finding of its own rather than as nothing found.
const RUN: &str = "axe.run(document, { resultTypes: ['violations'] }).then(\
    r => JSON.stringify(r.violations\
      .filter(v => v.impact === 'serious' || v.impact === 'critical')\
      .map(v => ({ rule: v.id, impact: v.impact, help: v.help,\
        nodes: v.nodes.map(n => ({ target: n.target.join(' '),\
          why: (n.failureSummary || '').replace(/\\s+/g, ' ') })) }))),\
    e => JSON.stringify([{ rule: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]))";

/// A serious or critical finding of axe on one page.
#[derive(Debug, Deserialize)]
struct Finding {
    rule: String,
    impact: String,
    help: String,
    nodes: Vec<Node>,
}

/// An element a finding is about.
#[derive(Debug, Deserialize)]
struct Node {
    /// A CSS selector of the element.
    target: String,
    /// What axe measured, such as the contrast ratio.
    why: String,
}

/// The colour mode a reader chose.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Light,
    Dark,
}

/// The serious and critical findings of axe on the page shown in `tab`.
fn findings(tab: &Tab) -> Vec<Finding> {
    if evaluate(tab, "typeof axe").is_none_or(|kind| kind != "object") {
        tab.evaluate(AXE, false).expect("axe-core loads");
    }
    let json = tab.evaluate(RUN, true).expect("axe runs").value;
    let json = json.as_ref().and_then(|value| value.as_str()).expect("axe answers");
    serde_json::from_str(json).unwrap()
}

/// The path on the server of every HTML file that `govwiki build` writes for `site`.
fn pages(site: &TestSite) -> Vec<String> {
    let out = tempfile::Builder::new().prefix("govwiki-access").tempdir().unwrap();
    let folder = out.path().join("site");
    site.run(&["build", "--out", folder.to_str().unwrap()]).code(0);
    let mut pages = Vec::new();
    collect(&folder, &folder, &mut pages);
    pages.sort();
    pages
}

fn collect(root: &Path, folder: &Path, pages: &mut Vec<String>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, pages);
        } else if path.extension().is_some_and(|extension| extension == "html") {
            let relative = path.strip_prefix(root).unwrap().to_str().unwrap();
            pages.push(format!("/{relative}"));
        }
    }
}

/// Makes `mode` the reader's choice with the theme button of the page shown, as a reader
/// does; the choice holds for every page opened after it. On a phone the button is in the
/// menu, which is opened for it and closed again. The page tree made for browsers without
/// scripts (`toc.html`) cannot know the choice and follows the system's preference, so a
/// reader who chooses dark mode is taken to prefer it on the system too.
fn choose(tab: &Tab, mode: Mode) {
    use headless_chrome::protocol::cdp::Emulation::{MediaFeature, SetEmulatedMedia};
    let phone = evaluate(tab, "getComputedStyle(document.querySelector('.menu-toggle')).display")
        .is_some_and(|display| display != "none");
    if phone {
        evaluate(tab, "document.querySelector('.menu-toggle').click(), null");
    }
    let offered = if mode == Mode::Dark { "Dark mode" } else { "Light mode" };
    let label = evaluate(tab, "document.querySelector('.theme-toggle').textContent");
    if label.is_some_and(|label| label == offered) {
        evaluate(tab, "document.querySelector('.theme-toggle').click(), null");
    }
    if phone {
        evaluate(tab, "document.querySelector('.menu-toggle').click(), null");
    }
    let system = if mode == Mode::Dark { "dark" } else { "light" };
    let features = vec![MediaFeature { name: "prefers-color-scheme".into(), value: system.into() }];
    tab.call_method(SetEmulatedMedia { media: None, features: Some(features) }).unwrap();
    assert!(theme(tab) == mode);
}

/// The colour mode the page shows, from its background; on a page with the theme's script, a
/// dark page must be the reader's choice, not only the system's.
fn theme(tab: &Tab) -> Mode {
    let background = evaluate(tab, "getComputedStyle(document.body).backgroundColor");
    let mode = match background.as_ref().and_then(|value| value.as_str()) {
        Some("rgb(255, 255, 255)") => Mode::Light,
        Some("rgb(13, 17, 23)") => Mode::Dark,
        other => panic!("the page's background is {other:?}"),
    };
    let chosen = evaluate(
        tab,
        "document.documentElement.classList.contains('js') ? document.documentElement.dataset.theme || 'system' : 'dark'",
    );
    if mode == Mode::Dark {
        assert_eq!(chosen.as_ref().and_then(|value| value.as_str()), Some("dark"));
    }
    mode
}

/// Runs axe on each of `paths` in `tab` and returns a report of every finding, empty when
/// there is none. `prepare` puts each page in the state to check once it has loaded, which
/// `state` names in the report.
fn check_pages(
    tab: &Arc<Tab>,
    server: &Server,
    mode: Mode,
    state: &str,
    paths: &[String],
    prepare: impl Fn(&Tab),
) -> String {
    let mut report = String::new();
    for path in paths {
        show(tab, server, path);
        loaded(tab);
        // The page tree is drawn by the script, after the page has loaded.
        wait_until("the page tree shows", Instant::now(), tab, |tab| {
            evaluate(tab, "document.querySelector('.sidebar ul, .sidebar iframe') !== null")
                .is_some_and(|shown| shown == true)
        });
        assert!(theme(tab) == mode, "{path} opens in the mode the reader chose");
        prepare(tab);
        for finding in findings(tab) {
            let Finding { rule, impact, help, nodes } = finding;
            report += &format!("{path} ({state}): {rule} ({impact}): {help}\n");
            // The first elements say what is wrong; the same fault on many elements (every
            // line of a diff, say) would bury the other findings.
            for Node { target, why } in nodes.iter().take(3) {
                report += &format!("    {target}: {why}\n");
            }
            if nodes.len() > 3 {
                report += &format!("    and {} more\n", nodes.len() - 3);
            }
        }
    }
    report
}

/// Every page of the bundled wiki on a screen 1,280 px wide, in `mode`.
fn check_every_page(mode: Mode) {
    let site = bundled_site_in_git();
    let paths = pages(&site);
    for expected in ["/404.html", "/changes.html", "/scheme.html", "/responsibilities.html"] {
        assert!(paths.iter().any(|path| path == expected), "{expected} in {paths:?}");
    }
    assert!(paths.iter().any(|path| path.ends_with("/history.html")), "{paths:?}");
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/");
    loaded(&tab);
    choose(&tab, mode);
    let state = if mode == Mode::Dark { "dark, 1280 px" } else { "light, 1280 px" };
    let mut report = check_pages(&tab, &server, mode, state, &paths, |_| {});
    // The search results drop over the page: marked words, snippets, "More results".
    let results = |tab: &Tab| {
        search_for(tab, "the");
        wait_until("more results are offered", Instant::now(), tab, |tab| {
            evaluate(tab, "document.querySelector('.search-more') !== null")
                .is_some_and(|shown| shown == true)
        });
    };
    let searching = format!("{state}, search results");
    report += &check_pages(&tab, &server, mode, &searching, &["/index.html".into()], results);
    assert!(report.is_empty(), "axe finds serious problems on {} pages:\n{report}", paths.len());
}

#[test]
fn no_page_of_the_bundled_wiki_has_a_serious_axe_finding_in_light_mode() {
    check_every_page(Mode::Light);
}

#[test]
fn no_page_of_the_bundled_wiki_has_a_serious_axe_finding_in_dark_mode() {
    check_every_page(Mode::Dark);
}

/// On a phone, the pages of each kind, with the menu closed and then open (the page tree,
/// the site's links and the theme button over the page), in both modes.
#[test]
fn on_a_phone_pages_have_no_serious_axe_finding_with_the_menu_closed_or_open() {
    let site = bundled_site_in_git();
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch_sized((390, 844));
    let paths = [
        "/index.html",
        "/scheme.html",
        "/workflows/release-management/index.html",
        "/bodies/steering-group/history.html",
        "/responsibilities.html",
        "/changes.html",
    ]
    .map(str::to_owned);
    let tab = chromium.open(&server, "/");
    loaded(&tab);
    let open_menu = |tab: &Tab| {
        evaluate(tab, "document.querySelector('.menu-toggle').click(), null");
        let open = evaluate(tab, "document.querySelector('.sidebar').offsetParent !== null");
        assert!(open.is_some_and(|open| open == true), "the menu opens the page tree");
    };
    let mut report = String::new();
    for mode in [Mode::Light, Mode::Dark] {
        choose(&tab, mode);
        let name = if mode == Mode::Dark { "dark" } else { "light" };
        let (closed, open) = (format!("{name}, 390 px"), format!("{name}, 390 px, menu open"));
        report += &check_pages(&tab, &server, mode, &closed, &paths, |_| {});
        report += &check_pages(&tab, &server, mode, &open, &paths, open_menu);
    }
    assert!(report.is_empty(), "axe finds serious problems on a phone:\n{report}");
}

/// The check can fail: an image without a text alternative, added to a page, is reported as
/// the critical finding it is, with the element it is about.
#[test]
fn axe_reports_an_element_that_breaks_a_rule() {
    let site = TestSite::fixture("check/base");
    let server = Server::start(&site, &["--no-history"]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/");
    loaded(&tab);
    evaluate(
        &tab,
        "{ const image = document.createElement('img'); image.src = 'static/favicon.svg'; \
         document.querySelector('main').append(image); } null",
    );
    let found = findings(&tab);
    let reported = found.iter().any(|finding| {
        finding.rule == "image-alt"
            && finding.impact == "critical"
            && finding.nodes.iter().any(|node| node.target.contains("favicon.svg"))
    });
    assert!(reported, "{found:?}");
}
