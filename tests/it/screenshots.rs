//! Pictures of the bundled wiki for a person to look at, in `target/test-artifacts/`: one
//! per reading point of issue 25 at 1,280 px and at 390 px (a phone), and the diagrams of
//! issue 24 on screen, on a phone and printed. Each file is named after its issue and point
//! (`25-1-sticky-1280.png`), so that they sort by point. Before each picture the test asserts
//! the state it shows: a picture of the wrong thing fails rather than misleads.

use std::path::Path;
use std::time::Instant;

use headless_chrome::Tab;

use crate::browser::{
    Chromium, bundled_site_in_git, evaluate, loaded, screenshot, scroll_y, show, wait_until,
};
use crate::serve::Server;

/// A phone's window: an iPhone 14's screen in CSS pixels.
const PHONE: (u32, u32) = (390, 844);

/// The wide window, as in `browser.rs`.
const WIDE: (u32, u32) = (1280, 800);

/// The value of `expression` in the tab, which must be a boolean.
fn holds(tab: &Tab, expression: &str) -> bool {
    evaluate(tab, expression)
        .and_then(|value| value.as_bool())
        .unwrap_or_else(|| panic!("not a boolean: {expression}"))
}

/// Runs `statement` in the tab for its effect, in a block of its own: the declarations of a
/// statement evaluated at the top level would stay for the rest of the page's life.
fn run(tab: &Tab, statement: &str) {
    evaluate(tab, &format!("{{ {statement} }} null"));
}

/// Opens `path` in `tab` and waits until the script has drawn the page tree.
fn open(tab: &Tab, server: &Server, path: &str) {
    show(tab, server, path);
    loaded(tab);
    wait_until("the page tree shows", Instant::now(), tab, |tab| {
        evaluate(tab, "document.querySelector('.sidebar ul') !== null").is_some_and(|v| v == true)
    });
}

/// Whether the window is a phone's, where the menu button shows.
fn phone(tab: &Tab) -> bool {
    holds(tab, "getComputedStyle(document.querySelector('.menu-toggle')).display !== 'none'")
}

/// Scrolls the window so that the top of `selector` is just under the header.
fn scroll_to(tab: &Tab, selector: &str) {
    run(
        tab,
        &format!(
            "const e = document.querySelector('{selector}'); \
             const header = document.querySelector('.site-header'); \
             const sticky = getComputedStyle(header).position === 'sticky'; \
             window.scrollTo(0, e.getBoundingClientRect().top + scrollY - 8 \
               - (sticky ? header.offsetHeight : 0))"
        ),
    );
}

/// Types `query` into the search box and waits for its results; those of an earlier query
/// are cleared first, so that they cannot be taken for them.
fn search(tab: &Tab, query: &str) {
    run(
        tab,
        &format!(
            "document.querySelector('.search-results').replaceChildren(); \
             const i = document.querySelector('.search input'); i.focus(); i.value = '{query}'; \
             i.dispatchEvent(new Event('input'))"
        ),
    );
    wait_until("results show", Instant::now(), tab, |tab| {
        evaluate(tab, "document.querySelectorAll('.search-hit mark').length > 0")
            .is_some_and(|v| v == true)
    });
}

/// Takes the pictures of issue 25's reading points in a window of `window`, each named
/// `25-POINT-WHAT-WIDTH.png`.
fn picture_the_reading_points(window: (u32, u32)) {
    let site = bundled_site_in_git();
    let server = Server::start(&site, &[]);
    let chromium = Chromium::launch_sized(window);
    let tab = chromium.open(&server, "/");
    let width = window.0;
    let name = |what: &str| format!("25-{what}-{width}.png");

    // 1. A long page scrolled down: on a wide screen the header and the page tree stay.
    open(&tab, &server, "/workflows/release-management/index.html");
    run(&tab, "window.scrollTo(0, 1500)");
    wait_until("the page has scrolled", Instant::now(), &tab, |tab| scroll_y(tab) > 1000.0);
    if !phone(&tab) {
        let top = "document.querySelector('.site-header').getBoundingClientRect().top === 0";
        assert!(holds(&tab, top), "the header stays at the top");
    }
    screenshot(&tab, &name("1-sticky"));

    // 1. The page tree with folders folded and unfolded: the page's own, and one more
    // unfolded with its button; on a phone, in the open menu.
    open(&tab, &server, "/bodies/steering-group/index.html");
    if phone(&tab) {
        run(&tab, "document.querySelector('.menu-toggle').click()");
    }
    run(&tab, "document.querySelector('.sidebar .fold[aria-expanded=\"false\"]').click()");
    let count = |state: &str| {
        let expression = format!(
            "document.querySelectorAll('.sidebar .fold[aria-expanded=\"{state}\"]').length"
        );
        evaluate(&tab, &expression).and_then(|n| n.as_u64()).unwrap()
    };
    assert!(count("true") >= 2 && count("false") >= 1, "folders folded and unfolded");
    screenshot(&tab, &name("1-folded-tree"));

    // 1. "On this page" beside a page with several headings, on a wide screen; a phone has
    // no room for it.
    open(&tab, &server, "/workflows/release-management/index.html");
    let listed = holds(&tab, "document.querySelector('.on-this-page').offsetParent !== null");
    assert_eq!(listed, !phone(&tab), "on this page shows on a wide screen only");
    screenshot(&tab, &name("1-on-this-page"));

    // 2. The content first, and on a phone the menu open over it.
    open(&tab, &server, "/bodies/steering-group/index.html");
    let title = "document.querySelector('main h1').getBoundingClientRect().top < 200";
    assert!(holds(&tab, title), "the title comes first");
    screenshot(&tab, &name("2-content-first"));
    if phone(&tab) {
        run(&tab, "document.querySelector('.menu-toggle').click()");
        assert!(holds(&tab, "document.querySelector('.sidebar').offsetParent !== null"));
        screenshot(&tab, &name("2-menu-open"));
    }

    // 3. Search: every word marked; then a query with more than twenty results, scrolled to
    // the "More results" button.
    open(&tab, &server, "/index.html");
    search(&tab, "release coordination");
    screenshot(&tab, &name("3-search"));
    search(&tab, "the");
    run(&tab, "document.querySelector('.search-more').scrollIntoView({ block: 'nearest' })");
    let more =
        "/^More results \\(\\d+\\)$/.test(document.querySelector('.search-more').textContent)";
    assert!(holds(&tab, more), "more results wait behind the button");
    screenshot(&tab, &name("3-search-more"));

    // 4. History with a long line wrapped in its box, recent changes, the edit link.
    open(&tab, &server, "/bodies/steering-group/history.html");
    scroll_to(&tab, "pre.diff");
    let wraps = "(() => { const pre = document.querySelector('pre.diff'); \
                 return pre.scrollWidth <= pre.clientWidth; })()";
    assert!(holds(&tab, wraps), "the long line wraps");
    screenshot(&tab, &name("4-history"));
    open(&tab, &server, "/changes.html");
    let listed =
        "document.querySelector('main').textContent.includes('When the Steering Group meets')";
    assert!(holds(&tab, listed), "recent changes list the last commit");
    screenshot(&tab, &name("4-recent-changes"));
    open(&tab, &server, "/bodies/steering-group/index.html");
    run(&tab, "document.querySelector('.edit-page').scrollIntoView({ block: 'center' })");
    let edit = "document.querySelector('.edit-page a').href.startsWith('https://git.example.org/')";
    assert!(holds(&tab, edit), "the page links to where it is edited");
    screenshot(&tab, &name("4-edit-link"));

    // 5. A page that does not exist, and dark mode.
    open(&tab, &server, "/no-such-page/");
    assert!(holds(&tab, "document.querySelector('main h1').textContent === 'Page not found'"));
    screenshot(&tab, &name("5-not-found"));
    open(&tab, &server, "/bodies/steering-group/index.html");
    run(&tab, "localStorage.setItem('govwiki-theme', 'dark')");
    open(&tab, &server, "/bodies/steering-group/index.html");
    assert!(holds(&tab, "document.documentElement.dataset.theme === 'dark'"));
    screenshot(&tab, &name("5-dark"));
}

#[test]
fn the_reading_points_are_pictured_at_1280_px() {
    picture_the_reading_points(WIDE);
}

#[test]
fn the_reading_points_are_pictured_at_390_px() {
    picture_the_reading_points(PHONE);
}

/// Issue 24's diagrams: the scheme and two workflows on a wide screen, the scheme on a phone,
/// and the scheme printed to PDF.
#[test]
fn the_diagrams_are_pictured_on_screen_on_a_phone_and_in_print() {
    let site = bundled_site_in_git();
    let server = Server::start(&site, &["--no-history"]);
    let wide = Chromium::launch_sized(WIDE);
    let tab = wide.open(&server, "/");
    for (path, what) in [
        ("/scheme.html", "scheme"),
        ("/workflows/release-management/index.html", "release-management"),
        ("/workflows/user-support/index.html", "user-support"),
    ] {
        open(&tab, &server, path);
        scroll_to(&tab, "main figure.diagram");
        screenshot(&tab, &format!("24-7-{what}-1280.png"));
    }
    let phone = Chromium::launch_sized(PHONE);
    let tab = phone.open(&server, "/");
    open(&tab, &server, "/scheme.html");
    scroll_to(&tab, "main figure.diagram");
    screenshot(&tab, "24-7-scheme-390.png");

    let tab = wide.open(&server, "/");
    open(&tab, &server, "/scheme.html");
    let options = headless_chrome::types::PrintToPdfOptions {
        prefer_css_page_size: Some(true),
        print_background: Some(true),
        ..Default::default()
    };
    let pdf = tab.print_to_pdf(Some(options)).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let (width, height) = crate::browser::first_page_size(&pdf).expect("the PDF has a page");
    assert!(width > height, "the scheme prints in landscape: {width} × {height} pt");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("24-7-scheme-print.pdf"), pdf).unwrap();
}
