//! A Markdown repository as its community keeps it, taken as it stands: pages without front
//! matter, folders whose page is a `README.md`, and no home page of its own. Each site is
//! written here, small, for the convention it shows.

use crate::support::TestSite;

/// The `<h1>` elements of an output page, as written.
fn headings_1(site: &TestSite, page: &str) -> Vec<String> {
    let html = site.read(page);
    html.match_indices("<h1")
        .map(|(at, _)| html[at..].split("</h1>").next().unwrap().to_owned())
        .collect()
}

#[test]
fn a_page_without_front_matter_takes_its_first_heading_as_title_and_shows_it_once() {
    let site = TestSite::empty();
    site.write(
        "content/index.md",
        "[![ci](https://ci.example/badge.svg)](https://ci.example/)\n\n# Our governance\n\nWho decides what.\n",
    );
    let run = site.run(&["build", "--no-history"]).code(0);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    let h1 = headings_1(&site, "public/index.html");
    assert_eq!(h1.len(), 1, "{h1:?}");
    assert!(h1[0].contains("Our governance"), "{h1:?}");
    assert!(site.read("public/index.html").contains("<title>Our governance · "));
}

#[test]
fn a_page_without_a_heading_takes_its_file_name_made_readable() {
    let site = TestSite::empty();
    site.write("content/index.md", "# Home\n\nSee [the process](sig-governance.md).\n");
    site.write("content/sig-governance.md", "How a SIG is run.\n");
    site.write("content/empty.md", "");
    let run = site.run(&["build", "--no-history"]).code(0);
    assert_eq!(headings_1(&site, "public/sig-governance/index.html"), ["<h1>Sig governance"]);
    assert_eq!(headings_1(&site, "public/empty/index.html"), ["<h1>Empty"]);
    assert!(!run.stderr.contains("GW104"), "{}", run.stderr);
}

#[test]
fn a_readme_is_its_folders_page_in_any_case() {
    let site = TestSite::empty();
    site.write(
        "content/README.md",
        "# Home\n\n[[sig-node]] and [[wg]] and [docs](docs/_index.md).\n",
    );
    site.write("content/sig-node/README.md", "# SIG Node\n\nRuns the node.\n");
    site.write("content/wg/readme.md", "# Working groups\n");
    site.write("content/docs/_index.md", "# Docs\n");
    let run = site.run(&["check", "--deny-warnings"]).code(0);
    assert!(run.stderr.starts_with("checked 4 pages"), "{}", run.stderr);
    site.run(&["build", "--no-history"]).code(0);
    for (page, title) in [
        ("public/index.html", "Home"),
        ("public/sig-node/index.html", "SIG Node"),
        ("public/wg/index.html", "Working groups"),
        ("public/docs/index.html", "Docs"),
    ] {
        assert!(headings_1(&site, page)[0].contains(title), "{page}");
    }
}

#[test]
fn two_pages_of_one_folder_are_an_error_naming_both() {
    let site = TestSite::empty();
    site.write("content/README.md", "# Home\n");
    site.write("content/index.md", "# Home again\n");
    let run = site.run(&["check"]).code(1);
    let errors: Vec<_> = run.stderr.lines().filter(|line| line.starts_with("error[")).collect();
    assert_eq!(
        errors,
        [
            "error[GW301]: `content/README.md` and `content/index.md` are both the page of the site's root"
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_without_a_home_page_lists_its_top_level_pages_and_says_so() {
    let site = TestSite::empty();
    site.write("content/charter.md", "# Charter\n");
    site.write("content/sig-node/README.md", "# SIG Node\n\nSee the [meetings](meetings.md).\n");
    site.write("content/sig-node/meetings.md", "# Meetings\n\nBack to [the SIG](README.md).\n");
    let run = site.run(&["build", "--no-history"]).code(0);
    let warnings: Vec<_> = run.stderr.lines().filter(|line| line.starts_with("warning[")).collect();
    assert_eq!(warnings, ["warning[GW505]: the site has no home page"], "{}", run.stderr);
    let home = site.main_of("public/index.html");
    assert!(home.contains(r#"href="charter/index.html""#), "{home}");
    assert!(home.contains(r#"href="sig-node/index.html""#), "{home}");
    assert!(!home.contains("meetings"), "only the top level: {home}");
}
