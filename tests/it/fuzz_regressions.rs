//! Regressions from fuzzing (see `fuzz/` and the "Fuzzing" section of `docs/development.md`): inputs that
//! broke a property of a fuzz target, minimised and built by the real binary, with an
//! assertion on the output. Some were found by the fuzzer; others by reading the code while
//! writing a target's properties, and then confirmed by that target.

use crate::support::TestSite;

/// The fixture site with `raw_html` set, and a page `notes.md` with `markdown` after its
/// front matter, linked from home.
fn site_with_notes(raw_html: &str, markdown: &str) -> TestSite {
    let site = TestSite::fixture("build/good");
    site.write("govwiki.yaml", format!("title: Fixture wiki\nraw_html: {raw_html}\n"));
    site.write("content/notes.md", format!("---\ntitle: Notes\n---\n\n{markdown}\n"));
    let home = site.read("content/index.md");
    site.write("content/index.md", format!("{home}\nSee the [[notes]].\n"));
    site
}

/// The main content of the notes page, once [`site_with_notes`] with these arguments is built.
fn notes_as_built(raw_html: &str, markdown: &str) -> String {
    let site = site_with_notes(raw_html, markdown);
    site.build(0);
    site.main_of("public/notes/index.html")
}

/// `{key=value}` after a heading is an attribute of the heading, `{onclick=…}` too: markup
/// that `raw_html: escape` must keep out of the site (found while writing the `markdown`
/// target's check that escaped Markdown yields only Markdown's own tags and attributes).
#[test]
fn heading_attributes_are_dropped_when_raw_html_is_escaped() {
    let markdown = "## Agenda {.note onclick=alert(1) style=display:none}";
    let main = notes_as_built("escape", markdown);
    assert!(
        main.contains(
            "<h2 id=\"agenda\">Agenda<a class=\"anchor\" href=\"#agenda\" aria-hidden=\"true\">#</a></h2>"
        ),
        "{main}"
    );
    assert!(!main.contains("onclick") && !main.contains("display:none"), "{main}");

    // Where raw HTML is allowed, so are the attributes that Markdown can give a heading.
    let main = notes_as_built("allow", markdown);
    assert!(
        main.contains(
            "<h2 id=\"agenda\" class=\"note\" onclick=\"alert(1)\" style=\"display:none\">Agenda"
        ),
        "{main}"
    );
}

/// An id given with `{#id}` may hold quotes; it was written unescaped into the heading's `#`
/// link and into `{{ toc }}`, where a quote ends the `href` and starts a new attribute (found
/// with the previous one; the `markdown` target rejects it).
#[test]
fn a_heading_id_with_quotes_stays_inside_its_links() {
    let main = notes_as_built("escape", "{{ toc }}\n\n## Agenda {#a\"onclick=\"alert(1)}");
    let href = "href=\"#a&quot;onclick=&quot;alert(1)\"";
    assert!(
        main.contains(&format!("<li class=\"toc-level-2\"><a {href}>Agenda</a></li>")),
        "{main}"
    );
    assert!(main.contains(&format!("<a class=\"anchor\" {href} aria-hidden=\"true\">")), "{main}");
    assert!(!main.contains("onclick=\"alert"), "{main}");
}

/// A step id may hold quotes; `{{ responsibilities }}` wrote it unescaped into the `href` of
/// the step's link (found by reading the macros for the same mistake; the `site` target
/// rejects it).
#[test]
fn a_step_id_with_quotes_stays_inside_the_responsibilities_link() {
    let site = site_with_notes("escape", "{{ responsibilities annual-report }}");
    let workflow = site.read("content/workflows/annual-report.md");
    site.write(
        "content/workflows/annual-report.md",
        workflow.replace("id: draft", "id: 'a\"onclick=\"alert(1)'").replace("next: draft", ""),
    );
    site.build(0);
    let main = site.main_of("public/notes/index.html");
    assert!(
        main.contains(
            "<a href=\"../workflows/annual-report/index.html#step-a&quot;onclick=&quot;alert(1)\">\
             1. Draft the report</a>"
        ),
        "{main}"
    );
    assert!(!main.contains("onclick=\"alert"), "{main}");
}

/// Inside a list item, the parser hands over raw HTML that runs over several lines without
/// the indentation of its further lines; a link in it was reported that many bytes too early,
/// even inside a character (found by the `markdown` target: `- <a href=\n  �>`).
#[test]
fn a_link_in_html_over_several_lines_of_a_list_item_is_reported_where_it_is_written() {
    let site =
        site_with_notes("allow", "- <a href=\n  \"missing.html\">x</a> <img\n  src=ünknown.png>");
    let stderr = site.build(1);
    let at =
        |line: &str| stderr.lines().skip_while(|l| !l.contains(line)).take(4).collect::<Vec<_>>();
    assert_eq!(
        at("content/notes.md:6:4"),
        [
            " --> content/notes.md:6:4",
            "  |",
            "6 |   \"missing.html\">x</a> <img",
            "  |    ^^^^^^^^^^^^"
        ],
        "{stderr}"
    );
    assert_eq!(
        at("content/notes.md:7:7"),
        [" --> content/notes.md:7:7", "  |", "7 |   src=ünknown.png>", "  |       ^^^^^^^^^^^"],
        "{stderr}"
    );
}

/// The theme draws the sidebar's tree with a component that calls itself once per level, and
/// Tera refuses more than 20 nested calls: a page 20 folders deep failed the build with exit
/// code 2, "theme template `nav.html` is broken" (found by the `site` target:
/// `u/t/o/b/p/x/b/o/p/n/c/t/i/e/i/-/e/e/i/p/e`). The sidebar now shows 16 levels and lists
/// the pages below them in their folder at the 16th.
#[test]
fn a_page_twenty_folders_deep_builds_and_is_in_the_sidebar() {
    let folders: Vec<String> = (1..=20).map(|level| format!("f{level}")).collect();
    let folders = folders.join("/");
    let site = site_with_notes("allow", &format!("[Deep]({folders}/deep.md)"));
    site.write(&format!("content/notes/{folders}/deep.md"), "---\ntitle: Deep\n---\n");
    site.write("content/notes/index.md", site.read("content/notes.md"));
    std::fs::remove_file(site.path().join("content/notes.md")).unwrap();
    let stderr = site.build(0);
    assert!(stderr.starts_with("built 8 pages"), "{stderr}");
    let toc = site.read("public/toc.html");
    let link = format!("<li><a href=\"notes/{folders}/deep/index.html\">Deep</a></li>");
    assert!(toc.contains(&link), "{toc}");
    // 16 levels (the notes and 15 of their folders), then the pages below them.
    let mut depth = 0;
    let mut deepest = 0;
    for (at, _) in toc.match_indices("ul") {
        match &toc[at - 1..at] {
            "<" => depth += 1,
            "/" => depth -= 1,
            _ => continue,
        }
        deepest = deepest.max(depth);
    }
    assert_eq!(deepest, 17, "{toc}");
}

/// The text of a `[[id|text]]` is shown as written, markup included, even where raw HTML is
/// allowed. An autolink in that text (`<ts:>`) ended the wiki link's text as far as the
/// renderer could tell, so HTML after it was written as HTML (found by the `markdown`
/// target: `[[$|<ts:><i>]]`). A link in a link's text is now shown as its text.
#[test]
fn markup_after_an_autolink_in_a_wiki_link_stays_text() {
    let main = notes_as_built("allow", "[[index|<ts:><script>alert(1)</script> home]]");
    assert!(
        main.contains(
            "<a href=\"../index.html\">ts:&lt;script&gt;alert(1)&lt;/script&gt; home</a>"
        ),
        "{main}"
    );
    assert!(!main.contains("<script>"), "{main}");
}
