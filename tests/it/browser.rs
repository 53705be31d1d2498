//! The live preview end to end, in a real browser: headless Chromium (Debian's `chromium`
//! package; `CHROME` names another binary) driven over the DevTools protocol by
//! headless_chrome, on `govwiki serve` started as in `serve.rs`. The tab is only looked at,
//! never acted on, between an edit on disk and the new text: the served script alone must bring
//! it. Screenshots go to `target/test-artifacts/` for a person to look at.
//!
//! Chromium is required, not optional: without it these tests fail and say how to install it,
//! so that CI can never pass by skipping them.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use resvg::tiny_skia;
use tempfile::TempDir;

use crate::serve::Server;
use crate::support::TestSite;

/// The window in CSS pixels; the viewport, and so a screenshot, is the window less its frame
/// (1280 × 661 with Chromium 148's headless mode).
const WINDOW: (u32, u32) = (1280, 800);

/// How long a change on disk may take to show in the open tab.
const PATIENCE: Duration = Duration::from_secs(10);

/// How often the tab is looked at while waiting.
const POLL: Duration = Duration::from_millis(25);

/// The machines that run the tests have no internet, and Chromium's background networking
/// (component updates, sync, QUIC probes) hangs on lookups that never answer.
const ARGS: [&str; 6] = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
];

/// A headless Chromium with a fresh profile, both gone when dropped.
pub(crate) struct Chromium {
    /// `None` once dropped, before the profile folder is removed (see `Drop`).
    browser: Option<Browser>,
    profile: TempDir,
    /// The window's size in CSS pixels.
    window: (u32, u32),
}

impl Drop for Chromium {
    /// Stops the browser and removes what it wrote: its profile folder, and the folder in
    /// `/tmp` that holds its singleton socket, which a killed Chromium leaves behind. Its
    /// helper processes outlive it by a moment and may write into the profile again, so the
    /// folder is removed until it stays removed.
    fn drop(&mut self) {
        let socket = std::fs::read_link(self.profile.path().join("SingletonSocket")).ok();
        drop(self.browser.take());
        if let Some(folder) = socket.as_deref().and_then(Path::parent) {
            let chromium = folder.file_name().and_then(OsStr::to_str);
            if chromium.is_some_and(|name| name.starts_with("org.chromium.Chromium.")) {
                let _ = std::fs::remove_dir_all(folder);
            }
        }
        for _ in 0..20 {
            let _ = std::fs::remove_dir_all(self.profile.path());
            std::thread::sleep(Duration::from_millis(50));
            if !self.profile.path().exists() {
                break;
            }
        }
    }
}

impl Chromium {
    pub(crate) fn launch() -> Chromium {
        Chromium::launch_sized(WINDOW)
    }

    /// [`Chromium::launch`] with a window of `window` CSS pixels.
    pub(crate) fn launch_sized(window: (u32, u32)) -> Chromium {
        let path = std::env::var_os("CHROME")
            .filter(|path| !path.is_empty())
            .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
        assert!(
            path.is_file(),
            "no Chromium at {}: the browser tests need it. Install Debian's `chromium` package \
             (`apt-get install chromium`, as .ci/run does), or set CHROME to a Chrome or \
             Chromium binary",
            path.display()
        );
        let profile = tempfile::Builder::new().prefix("govwiki-chromium").tempdir().unwrap();
        let options = LaunchOptions {
            path: Some(path.clone()),
            headless: true,
            // The tests run as root in CI, where Chromium's sandbox refuses to start.
            sandbox: false,
            user_data_dir: Some(profile.path().to_owned()),
            window_size: Some(window),
            args: ARGS.iter().map(OsStr::new).collect(),
            ..LaunchOptions::default()
        };
        let browser = Browser::new(options)
            .unwrap_or_else(|error| panic!("cannot start {}: {error:#}", path.display()));
        Chromium { browser: Some(browser), profile, window }
    }

    /// A new tab showing `path` of `server`, loaded. When it cannot be loaded, the panic
    /// shows what the server printed.
    pub(crate) fn open(&self, server: &Server, path: &str) -> std::sync::Arc<Tab> {
        let tab = self.browser.as_ref().expect("the browser runs until dropped").new_tab().unwrap();
        // Headless Chromium makes no window narrower than 500 px: a phone's screen is emulated
        // instead, as a phone lays out a page whose viewport is `width=device-width`.
        if self.window.0 < 500 {
            let (width, height) = self.window;
            tab.call_method(SetDeviceMetricsOverride {
                width,
                height,
                device_scale_factor: 1.0,
                mobile: true,
                scale: None,
                screen_width: None,
                screen_height: None,
                position_x: None,
                position_y: None,
                dont_set_visible_size: None,
                screen_orientation: None,
                viewport: None,
                display_feature: None,
                device_posture: None,
            })
            .unwrap();
        }
        show(&tab, server, path);
        tab
    }
}

/// Types `query` into the search box as a reader does: its value set and an `input` event.
pub(crate) fn search_for(tab: &Tab, query: &str) {
    evaluate(
        tab,
        &format!(
            "{{ const i = document.querySelector('.search input'); i.value = '{query}'; \
             i.dispatchEvent(new Event('input')); }} null"
        ),
    );
}

/// Loads `path` of `server` in `tab`. When it cannot be loaded, the panic shows what the server
/// printed.
pub(crate) fn show(tab: &Tab, server: &Server, path: &str) {
    let url = format!("http://{}{path}", server.address);
    if let Err(error) = tab.navigate_to(&url).and_then(|tab| tab.wait_until_navigated()) {
        panic!("cannot load {url}: {error:#}\nthe server printed:\n{}", server.log());
    }
}

/// The value of a JavaScript expression in the tab; `None` while the tab cannot answer (during
/// a reload) or when the value is `null` or `undefined`.
pub(crate) fn evaluate(tab: &Tab, expression: &str) -> Option<serde_json::Value> {
    tab.evaluate(expression, false).ok()?.value.filter(|value| !value.is_null())
}

/// What the tab shows, read in one go.
#[derive(Debug)]
pub(crate) struct Look {
    /// The text of the page as a reader sees it.
    pub(crate) text: String,
    /// The text of the error overlay, if the page shows one.
    pub(crate) overlay: Option<String>,
}

/// What the tab shows; `None` while it cannot answer (during a reload).
fn look(tab: &Tab) -> Option<Look> {
    let expression = "(() => { if (!document.body) return null; \
                      const o = document.getElementById('govwiki-overlay'); \
                      return JSON.stringify([document.body.innerText, o && o.innerText]); })()";
    let json = evaluate(tab, expression)?;
    let (text, overlay) = serde_json::from_str(json.as_str()?).ok()?;
    Some(Look { text, overlay })
}

/// The text of the page, or nothing while the tab cannot answer.
pub(crate) fn page_text(tab: &Tab) -> String {
    look(tab).map(|look| look.text).unwrap_or_default()
}

pub(crate) fn scroll_y(tab: &Tab) -> f64 {
    evaluate(tab, "window.scrollY").and_then(|value| value.as_f64()).expect("window.scrollY")
}

/// Looks at the tab every [`POLL`] until `done` holds, for at most [`PATIENCE`]; returns how
/// long it took from `since`.
#[track_caller]
pub(crate) fn wait_until(
    what: &str,
    since: Instant,
    tab: &Tab,
    done: impl Fn(&Tab) -> bool,
) -> Duration {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if done(tab) {
            return since.elapsed();
        }
        assert!(
            Instant::now() < deadline,
            "after {} ms, still waiting until {what}; the page reads:\n{}",
            since.elapsed().as_millis(),
            page_text(tab)
        );
        std::thread::sleep(POLL);
    }
}

/// A copy of `check/base` whose board page is several screens long, so that the tab can be
/// scrolled, with the sentence the tests edit near the top.
pub(crate) fn long_site() -> TestSite {
    let site = TestSite::fixture("check/base");
    let page = site.read("content/bodies/board.md");
    let before: String = (1..=6)
        .map(|n| format!("Standing order {n}: the board keeps minutes of every meeting.\n\n"))
        .collect();
    let after: String = (7..=80)
        .map(|n| format!("Standing order {n}: decisions are taken by a simple majority.\n\n"))
        .collect();
    let sentence = "The board meets twice a year.";
    assert!(page.contains(sentence));
    site.write(
        "content/bodies/board.md",
        page.replace(sentence, &format!("{before}{sentence}\n\n{after}")),
    );
    site
}

/// Replaces `from` by `to` in a file of the site, as an editor's save does.
fn edit(site: &TestSite, path: &str, from: &str, to: &str) {
    let text = site.read(path);
    assert!(text.contains(from), "{path} has no `{from}`");
    site.write(path, text.replace(from, to));
}

/// Saves a screenshot of the tab's viewport as `target/test-artifacts/NAME` and checks that it
/// is a PNG of the viewport's size with something drawn on it.
pub(crate) fn screenshot(tab: &Tab, name: &str) -> PathBuf {
    let png = tab.capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name} is a PNG");
    assert!(png.len() > 10_000, "{name} has only {} bytes", png.len());
    let pixmap = tiny_skia::Pixmap::decode_png(&png).expect("the screenshot decodes");
    // The window's own frame takes some of its height, even headless.
    let viewport =
        evaluate(tab, "`${innerWidth * devicePixelRatio}x${innerHeight * devicePixelRatio}`")
            .and_then(|size| size.as_str().map(str::to_owned));
    let size = (pixmap.width(), pixmap.height());
    assert_eq!(viewport, Some(format!("{}x{}", size.0, size.1)), "{name} shows the viewport");
    // A phone's screen is 390 px wide.
    assert!(size.0 >= 360 && size.1 >= 600, "{name} is {size:?}");
    let colours: std::collections::HashSet<_> =
        pixmap.pixels().iter().map(|p| (p.red(), p.green(), p.blue())).collect();
    assert!(colours.len() > 16, "{name} is not blank ({} colours)", colours.len());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, png).unwrap();
    path
}

/// The look of the tab once it has loaded; panics when it cannot answer.
pub(crate) fn loaded(tab: &Tab) -> Look {
    wait_until("the page has loaded", Instant::now(), tab, |tab| {
        evaluate(tab, "document.readyState").is_some_and(|state| state == "complete")
    });
    look(tab).expect("the tab answers")
}

#[test]
fn an_edit_on_disk_shows_in_the_open_tab_at_the_same_scroll_position() {
    let site = long_site();
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/bodies/board/");
    wait_until("the page shows", Instant::now(), &tab, |tab| {
        page_text(tab).contains("The board meets twice a year.")
    });
    // Leave restoring the scroll position to the page's own script: with the browser's
    // restoration on, a broken script would go unnoticed in Chromium yet fail elsewhere.
    evaluate(&tab, "history.scrollRestoration = 'manual'; window.scrollTo(0, 240); null");
    let before = scroll_y(&tab);
    assert!((before - 240.0).abs() < 1.0, "the page scrolls (scrollY {before})");
    // Gone with the document when the tab reloads: proves that it did.
    evaluate(&tab, "window.govwikiTestMarker = 1; null");

    let edited = Instant::now();
    edit(&site, "content/bodies/board.md", "twice a year", "every month");
    let latency = wait_until("the tab shows the new text", edited, &tab, |tab| {
        page_text(tab).contains("The board meets every month.")
    });
    eprintln!("edit on disk to new text in the open tab: {} ms", latency.as_millis());
    assert_eq!(evaluate(&tab, "window.govwikiTestMarker"), None, "the tab reloaded");

    // The saved position is applied when the script runs and again on `load`.
    let look = loaded(&tab);
    assert!(!look.text.contains("twice a year"), "{}", look.text);
    assert_eq!(look.overlay, None, "a clean rebuild shows no overlay");
    let after = scroll_y(&tab);
    assert!((after - before).abs() <= 2.0, "scroll position {before} before, {after} after");

    let path = screenshot(&tab, "serve-reload.png");
    eprintln!("screenshot: {}", path.display());
}

/// A browser keeps at most six HTTP/1.1 connections to one host, for all its tabs together:
/// with a live-reload stream each, a seventh tab of the preview could not even load. Ten tabs
/// load, and every one shows an edit.
#[test]
fn ten_tabs_of_one_browser_all_load_and_all_reload() {
    let site = long_site();
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch();
    let tabs: Vec<_> = (0..10).map(|_| chromium.open(&server, "/bodies/board/")).collect();
    for tab in &tabs {
        wait_until("the page shows", Instant::now(), tab, |tab| {
            page_text(tab).contains("The board meets twice a year.")
        });
    }
    let edited = Instant::now();
    edit(&site, "content/bodies/board.md", "twice a year", "every month");
    for tab in &tabs {
        wait_until("the tab shows the new text", edited, tab, |tab| {
            page_text(tab).contains("The board meets every month.")
        });
    }
}

#[test]
fn a_broken_edit_shows_the_overlay_in_the_open_tab_until_it_is_fixed() {
    let site = long_site();
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/bodies/board/");
    wait_until("the page shows", Instant::now(), &tab, |tab| {
        page_text(tab).contains("The board meets twice a year.")
    });
    assert_eq!(loaded(&tab).overlay, None, "a clean site shows no overlay");

    let edited = Instant::now();
    edit(&site, "content/bodies/board.md", "kind: body", "kind: body\nresponsibilities: [");
    let latency = wait_until("the tab shows the overlay", edited, &tab, |tab| {
        look(tab).and_then(|look| look.overlay).is_some_and(|text| text.contains("GW103"))
    });
    eprintln!("broken edit on disk to overlay in the open tab: {} ms", latency.as_millis());
    let shown = loaded(&tab);
    let overlay = shown.overlay.unwrap_or_default();
    assert!(overlay.contains("The last edit has an error"), "{overlay}");
    assert!(overlay.contains("error[GW103]: invalid YAML"), "{overlay}");
    assert!(
        shown.text.contains("The board meets twice a year."),
        "the last good page stays under the overlay:\n{}",
        shown.text
    );
    let path = screenshot(&tab, "serve-overlay.png");
    eprintln!("screenshot: {}", path.display());

    let fixed = Instant::now();
    edit(&site, "content/bodies/board.md", "\nresponsibilities: [", "");
    let latency = wait_until("the overlay goes away", fixed, &tab, |tab| {
        look(tab).is_some_and(|look| {
            look.overlay.is_none() && look.text.contains("The board meets twice a year.")
        })
    });
    eprintln!("fix on disk to overlay gone in the open tab: {} ms", latency.as_millis());
}

#[test]
fn the_theme_button_switches_to_dark_mode_and_remembers_it() {
    let site = TestSite::fixture("check/base");
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/notes/");
    loaded(&tab);
    let background = |tab: &Tab| {
        evaluate(tab, "getComputedStyle(document.body).backgroundColor")
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let before = background(&tab);
    let theme = evaluate(&tab, "document.documentElement.dataset.theme || 'system'").unwrap();
    assert_eq!(theme, "system", "no choice is made for the reader");
    let label = evaluate(&tab, "document.querySelector('.theme-toggle').textContent").unwrap();
    // Headless Chromium prefers light, so the button offers dark mode.
    assert_eq!(label, "Dark mode");
    evaluate(&tab, "document.querySelector('.theme-toggle').click(); null");
    assert_eq!(evaluate(&tab, "document.documentElement.dataset.theme").unwrap(), "dark");
    let dark = background(&tab);
    assert_ne!(dark, before, "the colours change");
    assert_eq!(dark, "rgb(13, 17, 23)");

    // Another page of the site opens in the chosen mode.
    let other = chromium.open(&server, "/");
    loaded(&other);
    assert_eq!(evaluate(&other, "document.documentElement.dataset.theme").unwrap(), "dark");
    assert_eq!(background(&other), "rgb(13, 17, 23)");
    screenshot(&other, "theme-dark.png");
}

#[test]
fn search_finds_pages_offline_with_the_match_marked() {
    let site = TestSite::fixture("check/base");
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/bodies/board/");
    loaded(&tab);
    // The shortcut focuses the box.
    tab.press_key("/").expect("a key press");
    let focused = evaluate(&tab, "document.activeElement.getAttribute('aria-label')").unwrap();
    assert_eq!(focused, "Search the wiki");
    tab.type_str("secre").expect("typing");
    wait_until("results show", Instant::now(), &tab, |tab| {
        evaluate(tab, "document.querySelectorAll('.search-hit').length")
            .and_then(|n| n.as_u64())
            .is_some_and(|n| n > 0)
    });
    let first = evaluate(&tab, "document.querySelector('.search-hit').outerHTML").unwrap();
    let first = first.as_str().unwrap();
    assert!(first.contains(r#"href="../../roles/secretariat/index.html""#), "{first}");
    assert!(first.contains(r#"<span class="search-kind">role</span>"#), "{first}");
    assert!(first.contains("<mark>Secre</mark>tariat"), "the match is marked: {first}");
    // A word no page has: no results, said so.
    search_for(&tab, "zzzq");
    wait_until("no results", Instant::now(), &tab, |tab| {
        evaluate(tab, "document.querySelector('.search-none') !== null").is_some_and(|v| v == true)
    });
    screenshot(&tab, "search.png");
}

#[test]
fn search_finds_a_page_by_its_former_name_and_shows_it_beside_the_title() {
    let site = TestSite::fixture("build/governance");
    let server = Server::start(&site, &["--as-of", "2025-06-01", "--no-history"]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/");
    loaded(&tab);
    tab.press_key("/").expect("a key press");
    tab.type_str("zanzib").expect("typing");
    wait_until("results show", Instant::now(), &tab, |tab| {
        evaluate(tab, "document.querySelectorAll('.search-hit').length")
            .and_then(|n| n.as_u64())
            .is_some_and(|n| n > 0)
    });
    let first = evaluate(&tab, "document.querySelector('.search-hit').outerHTML").unwrap();
    let first = first.as_str().unwrap();
    assert!(first.contains(r#"href="rules/charter-2018/index.html""#), "{first}");
    assert!(
        first.contains(
            r#"<span class="search-formerly">formerly Founding rules of the <mark>Zanzib</mark>ar compact</span>"#
        ),
        "{first}"
    );
}

#[test]
fn the_sidebar_marks_the_page_shown_and_opens_the_folders_above_it() {
    let site = TestSite::fixture("check/base");
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/bodies/board/");
    loaded(&tab);
    let current = evaluate(
        &tab,
        "(() => { const a = document.querySelector('.sidebar a[aria-current=page]'); \
         return a && JSON.stringify([a.textContent, a.href, a.closest('li').className]); })()",
    )
    .expect("the sidebar marks the page shown");
    let (title, href, class): (String, String, String) =
        serde_json::from_str(current.as_str().unwrap()).unwrap();
    assert_eq!(title, "Board");
    assert_eq!(href, format!("http://{}/bodies/board/index.html", server.address));
    assert_eq!(class, "current open");
    // Every link of the tree, made from the site root, works from this page two folders down.
    let links = evaluate(
        &tab,
        "JSON.stringify([...document.querySelectorAll('.sidebar a')].map(a => [a.getAttribute('href'), a.href]))",
    )
    .unwrap();
    let links: Vec<(String, String)> = serde_json::from_str(links.as_str().unwrap()).unwrap();
    assert!(links.len() >= 5, "{links:?}");
    let origin = format!("http://{}", server.address);
    for (written, resolved) in &links {
        assert!(written.starts_with("../../"), "{written}");
        let path = resolved.strip_prefix(&origin).expect(resolved);
        assert_eq!(server.get(path).status, 200, "{written} leads to {path}");
    }
    // The folder above the page is open; another folder shows its name, not its pages.
    let shown = |name: &str| {
        evaluate(
            &tab,
            &format!(
                "[...document.querySelectorAll('.sidebar a, .sidebar .folder')]\
                 .some(e => e.textContent === '{name}' && e.offsetParent !== null)"
            ),
        )
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
    };
    assert!(shown("Committee"), "the board's sibling shows");
    assert!(shown("roles"), "a closed folder shows its name");
    assert!(!shown("Secretariat"), "a closed folder hides its pages");
    screenshot(&tab, "sidebar.png");
}

/// A copy of the bundled openIMIS wiki.
pub(crate) fn bundled_site() -> TestSite {
    let site = TestSite::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::support::copy_dir(&root.join("content"), &site.path().join("content"));
    std::fs::copy(root.join("govwiki.yaml"), site.path().join("govwiki.yaml")).unwrap();
    site
}

/// A copy of the bundled wiki in git, with every page the theme can make: two versions of
/// the Steering Group's page, the second adding a line longer than its box, so that there is
/// a "versions compared" and a "Recent changes" page; and a repository URL, so that every
/// page links to where it is edited.
pub(crate) fn bundled_site_in_git() -> TestSite {
    use crate::build::git;
    let site = bundled_site();
    let settings = site.read("govwiki.yaml");
    site.write(
        "govwiki.yaml",
        format!("{settings}repository_url: https://git.example.org/openimis/governance\n"),
    );
    git(&site, &["init", "-q"], "Ada Lovelace", "2026-01-05");
    git(&site, &["add", "."], "Ada Lovelace", "2026-01-05");
    git(&site, &["commit", "-q", "-m", "The openIMIS wiki"], "Ada Lovelace", "2026-01-05");
    let page = "content/bodies/steering-group.md";
    let long = "The Steering Group meets twice a year, and in between by video call ".repeat(8);
    site.write(page, format!("{}\n{long}\n", site.read(page)));
    git(
        &site,
        &["commit", "-q", "-am", "When the Steering Group meets"],
        "Grace Hopper",
        "2026-02-10",
    );
    site
}

/// The pages with the widest content of the bundled wiki: the scheme, the release workflow's
/// swimlanes, the matrix, and the home page that shows the scheme.
const WIDE_PAGES: [&str; 4] =
    ["/", "/scheme.html", "/workflows/release-management/", "/responsibilities.html"];

/// How much wider than the window the page is: what a reader would scroll sideways.
pub(crate) fn sideways(tab: &Tab) -> f64 {
    evaluate(tab, "document.documentElement.scrollWidth - window.innerWidth")
        .and_then(|value| value.as_f64())
        .expect("the widths")
}

/// On a phone, no page makes the whole page scroll sideways: a diagram or table wider than
/// the screen scrolls inside its own box.
#[test]
fn on_a_phone_wide_diagrams_and_tables_never_make_the_page_scroll_sideways() {
    let site = bundled_site();
    let server = Server::start(&site, &["--no-history"]);
    let chromium = Chromium::launch_sized((390, 844));
    for path in WIDE_PAGES {
        let tab = chromium.open(&server, path);
        loaded(&tab);
        assert!(sideways(&tab) <= 0.0, "{path} scrolls sideways by {} px", sideways(&tab));
    }
}

/// Printed, the diagrams and the matrix fit the width of the page.
#[test]
fn printed_diagrams_and_the_matrix_fit_the_page() {
    use headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia;
    let site = bundled_site();
    let server = Server::start(&site, &["--no-history"]);
    let chromium = Chromium::launch();
    for path in WIDE_PAGES {
        let tab = chromium.open(&server, path);
        loaded(&tab);
        tab.call_method(SetEmulatedMedia { media: Some("print".into()), features: None }).unwrap();
        let widest = "Math.max(...[...document.querySelectorAll('main figure svg, main figure img, main table')]\
                      .map(e => e.getBoundingClientRect().right - document.querySelector('main').getBoundingClientRect().left))";
        let main = "document.querySelector('main').clientWidth";
        let (widest, main) = (evaluate(&tab, widest), evaluate(&tab, main));
        let (widest, main) = (widest.and_then(|v| v.as_f64()), main.and_then(|v| v.as_f64()));
        let widest = widest.unwrap_or_else(|| panic!("{path} has no figure or table"));
        let main = main.expect("main");
        assert!(widest <= main + 1.0, "{path}: printed content {widest} px in a page of {main} px");
        // The pages of the wide diagrams and the matrix print in landscape, the others not.
        let options = headless_chrome::types::PrintToPdfOptions {
            prefer_css_page_size: Some(true),
            ..Default::default()
        };
        let pdf = tab.print_to_pdf(Some(options)).unwrap();
        let (width, height) = first_page_size(&pdf).unwrap_or_else(|| panic!("{path}: no page"));
        assert_eq!(width > height, path != "/", "{path} prints on {width} × {height} pt");
    }
}

/// The size in points of the first page of a PDF, from its first `/MediaBox`.
pub(crate) fn first_page_size(pdf: &[u8]) -> Option<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    let start = text.find("/MediaBox")? + "/MediaBox".len();
    let inside = text[start..].trim_start().strip_prefix('[')?;
    let numbers: Vec<f64> =
        inside.split(']').next()?.split_whitespace().filter_map(|n| n.parse().ok()).collect();
    match numbers[..] {
        [x0, y0, x1, y1] => Some((x1 - x0, y1 - y0)),
        _ => None,
    }
}

/// On a long page scrolled down, the header stays at the top of the window and the page tree
/// beside the content; the theme's favicon is linked and served.
#[test]
fn the_header_and_page_tree_stay_at_hand_on_a_long_page() {
    let site = long_site();
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/bodies/board/");
    loaded(&tab);
    evaluate(&tab, "window.scrollTo(0, 2000), true");
    wait_until("the page has scrolled", Instant::now(), &tab, |tab| scroll_y(tab) > 1000.0);
    let top = |selector: &str| {
        evaluate(&tab, &format!("document.querySelector('{selector}').getBoundingClientRect().top"))
            .and_then(|value| value.as_f64())
            .unwrap_or_else(|| panic!("no {selector}"))
    };
    assert_eq!(top(".site-header"), 0.0, "the header stays at the top");
    let header = evaluate(&tab, "document.querySelector('.site-header').offsetHeight")
        .and_then(|value| value.as_f64())
        .unwrap();
    let sidebar = top(".sidebar");
    assert!(
        (sidebar - header).abs() < 1.0,
        "the tree starts under the header: {sidebar} vs {header}"
    );
    let icon = evaluate(&tab, "document.querySelector('link[rel=icon]').href")
        .and_then(|value| value.as_str().map(str::to_owned))
        .expect("a favicon");
    let path = icon.strip_prefix(&format!("http://{}", server.address)).unwrap().to_owned();
    let response = server.get(&path);
    assert_eq!(response.status, 200, "{path}");
    assert!(response.body.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
}

/// Each folder of the page tree folds and unfolds with its button, which says which it does.
#[test]
fn the_page_tree_folds_and_unfolds_each_folder() {
    let site = TestSite::fixture("check/base");
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/bodies/board/");
    loaded(&tab);
    let shown = |name: &str| {
        evaluate(
            &tab,
            &format!(
                "[...document.querySelectorAll('.sidebar a')]\
                 .some(e => e.textContent === '{name}' && e.offsetParent !== null)"
            ),
        )
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
    };
    let fold = |label: &str| {
        let script = format!(
            "(() => {{ const b = document.querySelector('.sidebar .fold[aria-label=\"{label}\"]'); \
             if (!b) return null; b.click(); return b.getAttribute('aria-expanded'); }})()"
        );
        evaluate(&tab, &script).and_then(|v| v.as_str().map(str::to_owned))
    };
    assert!(!shown("Secretariat"), "a closed folder hides its pages");
    assert_eq!(fold("Unfold roles").as_deref(), Some("true"));
    assert!(shown("Secretariat"), "an unfolded folder shows its pages");
    assert_eq!(fold("Fold roles").as_deref(), Some("false"));
    assert!(!shown("Secretariat"));
    // The folder of the page shown is open, and folds too.
    assert!(shown("Committee"));
    assert_eq!(fold("Fold bodies").as_deref(), Some("false"));
    assert!(!shown("Committee"), "a folded folder hides its pages, the page shown's too");
}

/// A page with three or more headings lists them "On this page" beside its content on a wide
/// screen, each linking to its heading; a page with fewer has no list, and a phone shows none.
#[test]
fn long_pages_list_their_headings_beside_the_content_on_wide_screens() {
    let site = TestSite::empty();
    site.write(
        "README.md",
        "# Home\n\n[Charter](charter.md)\n\n## Purpose\n\nWhy.\n\n## Members\n\nWho.\n\n### Terms\n\nWhen.\n",
    );
    site.write("charter.md", "# Charter\n\n## One\n\n## Two\n");
    let server = Server::start(&site, &["--no-history"]);
    let visible = "(() => { const a = document.querySelector('.on-this-page'); \
                   return a && a.offsetParent !== null \
                   && JSON.stringify([...a.querySelectorAll('a')].map(l => [l.textContent, l.getAttribute('href')])); })()";
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/");
    loaded(&tab);
    let listed = evaluate(&tab, visible).and_then(|v| v.as_str().map(str::to_owned));
    let listed: Vec<(String, String)> =
        serde_json::from_str(&listed.expect("a visible list")).unwrap();
    assert_eq!(
        listed,
        [("Purpose", "#purpose"), ("Members", "#members"), ("Terms", "#terms")]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    let beside = evaluate(
        &tab,
        "document.querySelector('.on-this-page').getBoundingClientRect().left \
         >= document.querySelector('main').getBoundingClientRect().right",
    );
    assert_eq!(beside.and_then(|v| v.as_bool()), Some(true), "the list stands beside the content");
    let tab = chromium.open(&server, "/charter/");
    loaded(&tab);
    assert!(evaluate(&tab, "document.querySelector('.on-this-page')").is_none());
    let phone = Chromium::launch_sized((390, 844));
    let tab = phone.open(&server, "/");
    loaded(&tab);
    assert_eq!(evaluate(&tab, visible).and_then(|v| v.as_bool()), Some(false));
}

/// Every word of a query is marked, whatever the words: one that is part of the markup of a
/// mark (`mark`, `ar`) marks text, and never breaks what the reader sees.
#[test]
fn search_marks_every_word_of_a_query_and_only_text() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[[release-marking]]\n");
    site.write("release-marking.md", "# Release marking\n\nHow a release is marked & dated.\n");
    let server = Server::start(&site, &["--no-history"]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/");
    loaded(&tab);
    search_for(&tab, "release mark");
    wait_until("results show", Instant::now(), &tab, |tab| {
        evaluate(tab, "document.querySelectorAll('.search-hit').length")
            .and_then(|n| n.as_u64())
            .is_some_and(|n| n > 0)
    });
    let read = |expression: &str| {
        evaluate(&tab, expression).and_then(|v| v.as_str().map(str::to_owned)).unwrap()
    };
    let title = ".search-hit .search-title";
    assert_eq!(
        read(&format!("document.querySelector('{title}').innerHTML")),
        "<mark>Release</mark> <mark>mark</mark>ing"
    );
    assert_eq!(read(&format!("document.querySelector('{title}').textContent")), "Release marking");
    let snippet = read("document.querySelector('.search-hit .search-snippet').textContent");
    assert!(!snippet.contains('<') && snippet.contains("&"), "{snippet}");
}

/// Search shows twenty results at a time and more on request; ↓ and ↑ choose a result and
/// Enter opens it.
#[test]
fn search_results_come_twenty_at_a_time_and_answer_the_arrow_keys() {
    let site = TestSite::empty();
    let links: String = (1..=25).map(|n| format!("[[policy-{n:02}]] ")).collect();
    site.write("README.md", format!("# Home\n\n{links}\n"));
    for n in 1..=25 {
        site.write(&format!("policy-{n:02}.md"), format!("# Policy {n:02}\n\nA policy.\n"));
    }
    let server = Server::start(&site, &["--no-history"]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/");
    loaded(&tab);
    tab.press_key("/").expect("a key press");
    tab.type_str("policy").expect("typing");
    let count = |tab: &Tab| {
        evaluate(tab, "document.querySelectorAll('.search-hit').length").and_then(|n| n.as_u64())
    };
    wait_until("results show", Instant::now(), &tab, |tab| count(tab) == Some(20));
    let more = evaluate(&tab, "document.querySelector('.search-more').textContent");
    assert_eq!(
        more.and_then(|v| v.as_str().map(str::to_owned)).as_deref(),
        Some("More results (6)")
    );
    evaluate(&tab, "document.querySelector('.search-more').click(), null");
    // The home page shows the titles of the pages it links to, so it matches as well.
    wait_until("every result shows", Instant::now(), &tab, |tab| count(tab) == Some(26));
    assert!(evaluate(&tab, "document.querySelector('.search-more')").is_none());
    tab.press_key("ArrowDown").unwrap();
    tab.press_key("ArrowDown").unwrap();
    let chosen = evaluate(
        &tab,
        "[...document.querySelectorAll('.search-hit')].findIndex(h => h.classList.contains('chosen'))",
    );
    assert_eq!(chosen.and_then(|v| v.as_i64()), Some(1));
    let target = evaluate(&tab, "document.querySelector('.search-hit.chosen').href")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap();
    tab.press_key("Enter").unwrap();
    wait_until("the chosen page opens", Instant::now(), &tab, |tab| {
        evaluate(tab, "location.href").and_then(|v| v.as_str().map(str::to_owned)).as_deref()
            == Some(target.as_str())
    });
}

/// On a phone the content comes first: a one-row header, the title near the top, and the page
/// tree behind the menu button, which opens and closes it.
#[test]
fn on_a_phone_the_content_comes_first_and_the_tree_opens_from_the_menu() {
    let site = bundled_site();
    let server = Server::start(&site, &["--no-history"]);
    let chromium = Chromium::launch_sized((390, 844));
    let tab = chromium.open(&server, "/workflows/release-management/");
    loaded(&tab);
    let number = |expression: &str| {
        evaluate(&tab, expression)
            .and_then(|v| v.as_f64())
            .unwrap_or_else(|| panic!("{expression}"))
    };
    let header = number("document.querySelector('.site-header').offsetHeight");
    assert!(header <= 60.0, "the header is one row: {header} px");
    let title = number("document.querySelector('main h1').getBoundingClientRect().top");
    assert!(title < 200.0, "the title starts {title} px down");
    let tree_shown = || {
        evaluate(&tab, "document.querySelector('.sidebar').offsetParent !== null")
            .and_then(|v| v.as_bool())
            .unwrap()
    };
    assert!(!tree_shown(), "the tree waits behind the menu");
    evaluate(&tab, "document.querySelector('.menu-toggle').click(), null");
    assert!(tree_shown(), "the menu opens the tree");
    let expanded =
        evaluate(&tab, "document.querySelector('.menu-toggle').getAttribute('aria-expanded')");
    assert_eq!(expanded.and_then(|v| v.as_str().map(str::to_owned)).as_deref(), Some("true"));
    evaluate(&tab, "document.querySelector('.menu-toggle').click(), null");
    assert!(!tree_shown(), "and closes it");
    assert!(sideways(&tab) <= 0.0);
}

/// In a page's history, a long line added or removed wraps inside the box, marked whole,
/// instead of running out of it.
#[test]
fn long_lines_of_a_history_wrap_inside_their_box() {
    use crate::build::git;
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\nShort.\n");
    git(&site, &["init", "-q"], "Ada Lovelace", "2026-01-05");
    git(&site, &["add", "."], "Ada Lovelace", "2026-01-05");
    git(&site, &["commit", "-q", "-m", "First"], "Ada Lovelace", "2026-01-05");
    let long = "The board decides on every request for funding ".repeat(12);
    site.write("README.md", format!("# Home\n\n{long}\n"));
    git(&site, &["commit", "-q", "-am", "Longer"], "Ada Lovelace", "2026-02-05");
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/history.html");
    loaded(&tab);
    let fits = evaluate(
        &tab,
        "(() => { const pre = document.querySelector('pre.diff'); \
         const added = pre.querySelector('.diff-added'); \
         return pre.scrollWidth <= pre.clientWidth \
           && added.getBoundingClientRect().right <= pre.getBoundingClientRect().right + 1 \
           && added.getBoundingClientRect().height > 40; })()",
    );
    assert_eq!(fits.and_then(|v| v.as_bool()), Some(true), "the long line wraps, marked whole");
}

/// A result's snippet is the passage around the first match in the page's text, loaded for
/// the results shown only, and it works from `file://`: the site opened from disk, as a
/// reader who downloaded it would.
#[test]
fn search_snippets_show_the_passage_around_the_match_from_disk() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[[charter]]\n");
    let filler = "The charter sets out how the group works. ".repeat(60);
    site.write(
        "charter.md",
        format!(
            "---\ntitle: Charter\nsummary: What the group is for.\n---\n\n{filler}\n\n\
             ## Quorum\n\nA meeting is quorate when two thirds of the seats are present.\n"
        ),
    );
    site.build(0);
    let index = site.path().join("public/index.html").canonicalize().unwrap();
    let chromium = Chromium::launch();
    let tab = chromium.browser.as_ref().unwrap().new_tab().unwrap();
    tab.navigate_to(&format!("file://{}", index.display())).unwrap();
    tab.wait_until_navigated().unwrap();
    loaded(&tab);
    search_for(&tab, "quorate");
    let snippet = |tab: &Tab| {
        evaluate(tab, "document.querySelector('.search-hit .search-snippet')?.innerHTML")
            .and_then(|v| v.as_str().map(str::to_owned))
    };
    wait_until("the passage replaces the summary", Instant::now(), &tab, |tab| {
        snippet(tab).is_some_and(|s| s.contains("<mark>"))
    });
    let shown = snippet(&tab).unwrap();
    assert!(shown.starts_with("… "), "the passage starts within the text: {shown}");
    assert!(shown.contains("A meeting is <mark>quorate</mark> when two thirds"), "{shown}");
    assert!(!shown.contains("What the group is for"), "not the summary: {shown}");
    // Only the texts of the results shown were loaded.
    let loaded_texts = evaluate(
        &tab,
        "[...document.querySelectorAll('script[src$=\"search-text.js\"]')].map(s => s.src).join()",
    );
    let loaded_texts = loaded_texts.and_then(|v| v.as_str().map(str::to_owned)).unwrap();
    assert!(loaded_texts.ends_with("charter/search-text.js"), "{loaded_texts}");
    assert_eq!(loaded_texts.matches("search-text.js").count(), 1, "{loaded_texts}");
}

/// In a page's history, "versions compared" shows the words a reader sees, the changed ones
/// marked, and the source's lines open with one click on "Source changes", wrapping inside
/// their box too.
#[test]
fn a_history_shows_the_text_read_and_the_source_behind_one_click() {
    use crate::build::git;
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\nThe board meets twice a year.\n");
    git(&site, &["init", "-q"], "Ada Lovelace", "2026-01-05");
    git(&site, &["add", "."], "Ada Lovelace", "2026-01-05");
    git(&site, &["commit", "-q", "-m", "First"], "Ada Lovelace", "2026-01-05");
    let long = "decides on every request for funding ".repeat(12);
    site.write(
        "README.md",
        format!("# Home\n\nThe board meets **four times** a year and {long}\n"),
    );
    git(&site, &["commit", "-q", "-am", "More often"], "Ada Lovelace", "2026-02-05");
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch();
    let tab = chromium.open(&server, "/history.html");
    loaded(&tab);
    let fits = |pre: &str| {
        format!(
            "(() => {{ const pre = {pre}; return pre.getBoundingClientRect().height > 40 \
             && pre.scrollWidth <= pre.clientWidth; }})()"
        )
    };
    let marked = evaluate(
        &tab,
        "(() => { const pre = document.querySelector('pre.diff.reading'); \
         return [...pre.querySelectorAll('ins')].map(i => i.textContent).join('|') \
           + '/' + pre.textContent.includes('**'); })()",
    );
    let marked = marked.and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    assert!(
        marked.starts_with("four times|year and decides") && marked.ends_with("funding/false"),
        "the changed words are marked, with no Markdown: {marked}"
    );
    let read = evaluate(&tab, &fits("document.querySelector('pre.diff.reading')"));
    assert_eq!(read.and_then(|v| v.as_bool()), Some(true), "the text read wraps in its box");
    let source = "document.querySelector('.source-changes pre')";
    let hidden = evaluate(&tab, &format!("!{source}.checkVisibility()"));
    assert_eq!(hidden.and_then(|v| v.as_bool()), Some(true), "the source waits behind a click");
    evaluate(&tab, "document.querySelector('.source-changes summary').click(), null");
    let shown = evaluate(&tab, &format!("{source}.checkVisibility() && {}", fits(source)));
    assert_eq!(shown.and_then(|v| v.as_bool()), Some(true), "one click shows it, wrapped");
    let raw = evaluate(&tab, &format!("{source}.textContent.includes('**four times**')"));
    assert_eq!(raw.and_then(|v| v.as_bool()), Some(true), "the source shows the markup");
}
