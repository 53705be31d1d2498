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

/// A repository without `content/`: its root is the content. The output folder, `.git`,
/// `node_modules`, hidden folders and what `.gitignore` ignores are no pages; the output is
/// written beside the pages and never read back as one.
#[test]
fn a_repository_without_a_content_folder_is_the_site_as_it_stands() {
    let site = TestSite::empty();
    site.write("README.md", "# Governance\n\nSee the [charter](charter.md) and [[sig-node]].\n");
    site.write("charter.md", "# Charter\n");
    site.write("sig-node/README.md", "# SIG Node\n");
    site.write(".gitignore", "/drafts\n");
    site.write("drafts/secret.md", "# Secret\n");
    site.write(".vscode/notes.md", "# Editor notes\n");
    site.write("node_modules/pkg/README.md", "# A package\n");
    let run = site.run(&["check", "--deny-warnings"]).code(0);
    assert!(run.stderr.starts_with("checked 3 pages"), "{}", run.stderr);
    site.run(&["build", "--no-history"]).code(0);
    assert!(site.read("public/index.html").contains("Governance"));
    assert!(site.path().join("public/charter/index.html").is_file());
    assert!(site.path().join("public/sig-node/index.html").is_file());
    assert!(!site.path().join("public/drafts").exists());
    // A second build does not take the first one's output for pages.
    let again = site.run(&["check", "--deny-warnings"]).code(0);
    assert!(again.stderr.starts_with("checked 3 pages"), "{}", again.stderr);
}

/// `content_dir` names the folder of the pages; the site is found from a folder below it.
#[test]
fn content_dir_names_the_folder_of_the_pages() {
    let site = TestSite::empty();
    site.write("govwiki.yaml", "content_dir: docs\n");
    site.write("docs/README.md", "# Docs home\n");
    site.write("other/ignored.md", "# Not a page\n");
    let run = site.run(&["check", "--deny-warnings"]).code(0);
    assert!(run.stderr.starts_with("checked 1 page"), "{}", run.stderr);
}

/// The live server watches a repository whose root is its content, and sees its edits.
#[test]
fn the_live_server_follows_edits_at_the_root_of_a_repository() {
    let site = TestSite::empty();
    site.write("README.md", "# Governance\n\nSee the [charter](docs/charter.md).\n");
    site.write("docs/charter.md", "# Charter\n\nThe board meets twice a year.\n");
    let server = crate::serve::Server::start(&site, &[]);
    let (mut events, first) = server.events();
    site.write("docs/charter.md", "# Charter\n\nThe board meets every month.\n");
    assert_eq!(events.next_generation(), Some(first + 1), "{}", server.log());
    assert!(server.get("/docs/charter/").body.contains("The board meets every month."));
    site.write("docs/new.md", "# New page\n");
    assert!(events.next_generation().is_some());
    assert_eq!(server.get("/docs/new/").status, 200);
}

/// A repository whose pages all lie in folders is found as a site, with a home page made for
/// it.
#[test]
fn a_repository_whose_pages_are_all_in_folders_is_a_site() {
    let site = TestSite::empty();
    site.write("sig-node/README.md", "# SIG Node\n");
    let run = site.run(&["check"]).code(0);
    assert!(
        run.stderr.starts_with("warning[GW505]: the site has no home page\n --> .\n"),
        "{}",
        run.stderr
    );
}

/// Front matter written for Hugo, Jekyll, MkDocs or Docusaurus is understood as it is;
/// other unknown keys stay errors.
#[test]
fn front_matter_of_other_generators_is_understood() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[A](a.md), [B](b.md).\n");
    site.write(
        "a.md",
        "---\ntitle: A\ndescription: What A is for.\ntags: [release]\ncategories: [process]\n\
         weight: 2\ndate: 2024-05-01\nlayout: docs\ntoc: true\nlinkTitle: A\n---\n\nText.\n",
    );
    site.write("b.md", "---\ntitle: B\nnav_order: 1\nsidebar_position: 9\nslug: bee\n---\n");
    site.run(&["check", "--deny-warnings"]).code(0);
    site.run(&["build", "--no-history"]).code(0);
    let a = site.main_of("public/a/index.html");
    assert!(a.contains(r#"<p class="summary">What A is for.</p>"#), "{a}");
    assert!(a.contains(">release</a>") && a.contains(">process</a>"), "{a}");
    // Ordered as `weight` and `nav_order` say: B (1) before A (2).
    let toc = site.read("public/toc.html");
    assert!(toc.find(">B<").unwrap() < toc.find(">A<").unwrap(), "{toc}");
    site.write("b.md", "---\ntitle: B\nsumary: x\n---\n");
    let run = site.run(&["check"]).code(1);
    assert!(run.stderr.contains("error[GW105]: unknown key `sumary`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `summary`?"), "{}", run.stderr);
}

/// A page's headings never take an id the theme puts on the page: a body with its own
/// `## Responsibilities` was two anchors `responsibilities` on one page (GW403).
#[test]
fn headings_named_like_the_themes_sections_get_ids_of_their_own() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[[board]], [[release]].\n");
    site.write(
        "board.md",
        "---\ntitle: Board\nkind: body\nresponsibilities:\n  ongoing: [Decide]\n---\n\n\
         ## Responsibilities\n\nIn words.\n\n## Steps\n",
    );
    site.write(
        "release.md",
        "---\ntitle: Release\nkind: workflow\nsteps:\n  - id: review\n    title: Review\n    \
         who: board\n---\n\n## Step review\n\nHow the review goes.\n",
    );
    let run = site.run(&["build", "--no-history"]).code(0);
    assert!(!run.stderr.contains("GW403"), "{}", run.stderr);
    let board = site.read("public/board/index.html");
    assert!(board.contains(r#"<h2 id="responsibilities-1">"#), "{board}");
    assert!(board.contains(r#"id="responsibilities""#), "the theme's section keeps its id");
    assert!(board.contains(r#"<h2 id="steps-1">"#));
    let release = site.read("public/release/index.html");
    assert!(release.contains(r#"<h2 id="step-review-1">"#), "{release}");
}

/// Files of one name in different folders, as a repository has them (`people.md` moved to
/// `docs/people.md` with a note left behind), are no duplicate ids: links by path reach both.
#[test]
fn pages_without_front_matter_may_share_a_file_name() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[Old](people.md), [new](docs/people.md).\n");
    site.write("people.md", "# Page moved\n\nSee [docs/people.md](docs/people.md).\n");
    site.write("docs/people.md", "# Leadership directory\n");
    site.run(&["check", "--deny-warnings"]).code(0);
    site.run(&["build", "--no-history"]).code(0);
    assert!(site.read("public/people/index.html").contains("Page moved"));
    assert!(site.read("public/docs/people/index.html").contains("Leadership directory"));
}

/// Every file of the content that is no page is published at the same place beside the
/// pages, so that an image or a PDF a page links to works in the output as in the source;
/// a link to a file that is not there is still broken.
#[test]
fn files_beside_the_pages_are_published_at_the_same_place() {
    let site = TestSite::empty();
    site.write(
        "README.md",
        "# Home\n\n![Scheme](img/scheme.png)\n\n[Charter (PDF)](docs/charter.pdf), \
         [data](data/members.yaml).\n",
    );
    site.write("img/scheme.png", b"\x89PNG\r\n\x1a\n");
    site.write("docs/charter.pdf", "%PDF-1.4");
    site.write("data/members.yaml", "- Jane\n");
    site.run(&["check", "--deny-warnings"]).code(0);
    site.run(&["build", "--no-history"]).code(0);
    assert_eq!(
        std::fs::read(site.path().join("public/img/scheme.png")).unwrap(),
        b"\x89PNG\r\n\x1a\n"
    );
    assert_eq!(site.read("public/docs/charter.pdf"), "%PDF-1.4");
    assert_eq!(site.read("public/data/members.yaml"), "- Jane\n");
    std::fs::remove_file(site.path().join("docs/charter.pdf")).unwrap();
    let run = site.run(&["check"]).code(1);
    assert!(run.stderr.contains("error[GW401]: link `docs/charter.pdf`"), "{}", run.stderr);
}

/// Links to files and folders resolve as on GitHub: from the page's folder (a page is written
/// one folder deeper), from the content's root with `/`, and to a folder's own page.
#[test]
fn links_to_files_and_folders_resolve_as_on_github() {
    let site = TestSite::empty();
    site.write(
        "README.md",
        "# Home\n\n[SIG](sig-node/) [SIG again](./sig-node) [charter](/docs/charter.md)\n",
    );
    site.write("sig-node/README.md", "# SIG Node\n\n![logo](logo.png) [home](/) [up](../)\n");
    site.write("sig-node/logo.png", "png");
    site.write("sig-node/notes.md", "# Notes\n\n![logo](logo.png) [root file](/data.csv)\n");
    site.write("data.csv", "a,b\n");
    site.write("docs/charter.md", "# Charter\n\n[notes](../sig-node/notes.md)\n");
    let run = site.run(&["check", "--deny-warnings"]).code(0);
    assert!(run.stderr.starts_with("checked 4 pages"), "{}", run.stderr);
    site.run(&["build", "--no-history"]).code(0);
    let home = site.main_of("public/index.html");
    assert!(home.contains(r#"href="sig-node/index.html""#), "{home}");
    assert!(home.contains(r#"href="docs/charter/index.html""#), "{home}");
    let notes = site.main_of("public/sig-node/notes/index.html");
    assert!(notes.contains(r#"src="../logo.png""#), "{notes}");
    assert!(notes.contains(r#"href="../../data.csv""#), "{notes}");
}

/// A file named like the folder a page is written in stays out of the output, with a
/// warning, and the page keeps its place.
#[test]
fn a_file_named_like_a_pages_folder_is_left_out_with_a_warning() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[Minutes](2025-02-18.md)\n");
    site.write("2025-02-18.md", "# Minutes\n");
    site.write("2025-02-18", "the minutes, as plain text\n");
    let run = site.run(&["build", "--no-history"]).code(0);
    assert!(
        run.stderr.contains("warning[GW506]: `2025-02-18` is left out of the output: a page is written in a folder of that name"),
        "{}",
        run.stderr
    );
    assert!(site.read("public/2025-02-18/index.html").contains("Minutes"));
}

/// What is broken on GitHub is broken here: a link `people` where only `people.md` is. And
/// `.github`'s Markdown is published, as GitHub shows it, with the keys of its templates.
#[test]
fn a_link_to_a_page_without_its_md_is_broken_as_on_github() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[People](people) [guide](.github/CONTRIBUTING.md)\n");
    site.write("people.md", "# People\n");
    site.write(".github/CONTRIBUTING.md", "# Contributing\n");
    site.write(
        ".github/ISSUE_TEMPLATE/bug.md",
        "---\nname: Bug\nabout: Report a bug\ntitle: ''\nlabels: bug\nassignees: ''\n---\n",
    );
    let run = site.run(&["check"]).code(1);
    let errors: Vec<_> = run.stderr.lines().filter(|line| line.starts_with("error[")).collect();
    assert_eq!(
        errors,
        ["error[GW206]: link to `people`, but no file or folder is at that path"],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean `people.md`?"));
}

/// A relative link that climbs above the content's root leaves the repository on GitHub:
/// an error of its own, for pages, files and images alike.
#[test]
fn a_link_out_of_the_repository_is_an_error_of_its_own() {
    let site = TestSite::empty();
    site.write(
        "README.md",
        "# Home\n\n[spec](../other/spec.md) [logo](../../logo.png) ![x](docs/../../x.png)\n",
    );
    let run = site.run(&["check"]).code(1);
    let errors: Vec<_> = run.stderr.lines().filter(|line| line.starts_with("error[")).collect();
    assert_eq!(
        errors,
        [
            "error[GW405]: link `../other/spec.md` leads out of the repository",
            "error[GW405]: link `../../logo.png` leads out of the repository",
            "error[GW405]: link `docs/../../x.png` leads out of the repository",
        ],
        "{}",
        run.stderr
    );
}

/// One setting publishes a repository that still has broken links: they are warnings, and
/// the build writes the whole site.
#[test]
fn broken_links_as_warnings_publish_the_whole_site() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[gone](gone.md) [x](img/x.png) [[nobody]] [a](#nowhere)\n");
    site.write("other.md", "# Other\n\n[home](README.md#missing)\n");
    site.run(&["build", "--no-history"]).code(1);
    site.write("govwiki.yaml", "check:\n  broken_links: warning\n");
    let run = site.run(&["build", "--no-history"]).code(0);
    assert!(!run.stderr.contains("error["), "{}", run.stderr);
    assert!(run.stderr.contains("warning[GW206]") && run.stderr.contains("warning[GW204]"));
    assert!(site.path().join("public/index.html").is_file());
    assert!(site.path().join("public/other/index.html").is_file());
    site.run(&["build", "--no-history", "--deny-warnings"]).code(1);
}

/// `aliases` (Hugo) and `redirect_from` (Jekyll) publish a page at each earlier path that
/// sends the reader on; an alias where a page is written is an error naming it.
#[test]
fn aliases_publish_pages_that_send_the_reader_on() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[Charter](charter.md)\n");
    site.write(
        "charter.md",
        "---\ntitle: Charter\naliases: [/old/charter/]\nredirect_from: legacy.html\n---\n",
    );
    site.run(&["build", "--no-history"]).code(0);
    let old = site.read("public/old/charter/index.html");
    assert!(old.contains(r#"content="0; url=../../charter/index.html""#), "{old}");
    assert!(old.contains(r#"<a href="../../charter/index.html">Charter</a>"#), "{old}");
    assert!(site.read("public/legacy.html").contains(r#"url=charter/index.html""#));
    site.write("charter.md", "---\ntitle: Charter\naliases: [/]\n---\n");
    let run = site.run(&["check"]).code(1);
    assert!(
        run.stderr.contains(
            "error[GW307]: the alias `/` has no page of its own: `README.md` is written there"
        ),
        "{}",
        run.stderr
    );
}

/// `<a name="x">` in raw HTML is an anchor, as browsers and GitHub take it.
#[test]
fn a_named_anchor_in_raw_html_is_a_target() {
    let site = TestSite::empty();
    site.write(
        "README.md",
        "# Home\n\n[jump](#target) [both](#both)\n\n<a name=\"target\"></a>\n\n\
         <a name=\"both\" id=\"both\"></a>\n",
    );
    let run = site.run(&["check", "--deny-warnings"]).code(0);
    assert!(!run.stderr.contains("GW40"), "{}", run.stderr);
}

/// `[[text]](url)` is an ordinary link whose text is `[text]`, as GitHub shows it.
#[test]
fn a_wiki_link_followed_by_a_url_is_an_ordinary_link() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\nSee [[Charter]](charter.md) and [[gone]](gone.md) now.\n");
    site.write("charter.md", "# Charter\n");
    let run = site.run(&["check"]).code(1);
    let errors: Vec<_> = run.stderr.lines().filter(|line| line.starts_with("error[")).collect();
    assert_eq!(
        errors,
        ["error[GW206]: link to `gone.md`, but no page is at that path"],
        "{}",
        run.stderr
    );
    site.write("README.md", "# Home\n\nSee [[Charter]](charter.md) now.\n");
    site.run(&["build", "--no-history"]).code(0);
    let home = site.main_of("public/index.html");
    assert!(home.contains(r#"See <a href="charter/index.html">[Charter]</a> now."#), "{home}");
    // The URL is read as any link's: parentheses in pairs, entities, code spans and `<…>`,
    // and the text after it stays.
    site.write(
        "README.md",
        "# Home\n\na [[Foo]](https://example.org/Foo_(bar)) b [[x]](https://example.org/a&amp;b) \
         c [[y]](https://example.org/&#106;`2`) d [[z]](<https://example.org/s p> \"t\") e \
         [[Charter]](charter.md) end\n",
    );
    site.run(&["build", "--no-history"]).code(0);
    let home = site.main_of("public/index.html");
    assert!(
        home.contains(
            r#"<p>a <a href="https://example.org/Foo_(bar)">[Foo]</a> b <a href="https://example.org/a&amp;b">[x]</a> c <a href="https://example.org/j%602%60">[y]</a> d <a href="https://example.org/s%20p">[z]</a> e <a href="charter/index.html">[Charter]</a> end</p>"#
        ),
        "{home}"
    );
}

/// With `raw_html: escape`, a `[[text]](url)` whose URL runs a script is text and a finding
/// however its scheme is written.
#[test]
fn a_wiki_link_followed_by_a_script_url_is_text_when_raw_html_is_escaped() {
    let site = TestSite::empty();
    site.write("govwiki.yaml", "raw_html: escape\n");
    site.write("README.md", "# Home\n\na [[x]](&#106;avascript:alert(1)) end\n");
    let run = site.run(&["check"]).code(1);
    assert!(
        run.stderr.contains("error[GW406]: link `javascript:alert(1)` would run a script"),
        "{}",
        run.stderr
    );
}

/// A rebuild after an edit publishes the files beside the pages again, as they are now, and
/// does not take those of the build before for files of the site's own.
#[test]
fn the_live_server_keeps_serving_files_beside_the_pages_after_an_edit() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n![logo](logo.png) [doc](doc.md)\n");
    // Front matter that an edit leaves as it is: the rebuild takes the render before over.
    site.write("doc.md", "---\ntitle: Doc\n---\n\nFirst.\n");
    site.write("logo.png", "one");
    let server = crate::serve::Server::start(&site, &[]);
    let (mut events, first) = server.events();
    site.write("doc.md", "---\ntitle: Doc\n---\n\nSecond.\n");
    assert_eq!(events.next_generation(), Some(first + 1));
    assert_eq!(server.get("/logo.png").body, "one");
    site.write("logo.png", "two");
    assert!(events.next_generation().is_some());
    assert_eq!(server.get("/logo.png").body, "two");
    assert!(!server.log().contains("GW506"), "{}", server.log());
}

/// A page with front matter but no `title` takes its heading's: a rebuild after the heading
/// is edited shows the new title wherever the page is named, not the one before.
#[test]
fn an_edited_heading_retitles_a_page_whose_front_matter_has_no_title() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[[charter]]\n");
    site.write("charter.md", "---\nsummary: How the project is run.\n---\n\n# Old charter\n");
    let server = crate::serve::Server::start(&site, &[]);
    assert!(server.get("/").body.contains("Old charter"));
    let (mut events, first) = server.events();
    site.write("charter.md", "---\nsummary: How the project is run.\n---\n\n# New charter\n");
    assert_eq!(events.next_generation(), Some(first + 1));
    let home = server.get("/").body;
    assert!(home.contains("New charter") && !home.contains("Old charter"), "{home}");
}

/// `draft: true` (Hugo, Jekyll, Zola) keeps a page out of the published site: no file, no
/// entry in the navigation, search or sitemap, and a link to it is broken and says why.
#[test]
fn a_draft_is_left_out_of_build_and_check_and_a_link_to_it_says_it_is_a_draft() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\nSee the [charter](charter.md).\n");
    site.write("charter.md", "---\ntitle: Charter\ndraft: true\n---\n\nNot yet agreed.\n");
    site.write("rules.md", "# Rules\n");
    let run = site.run(&["check", "--no-history"]).code(1);
    assert!(
        run.stderr.contains("link to `charter.md`, but no page is at that path"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`charter.md` is a draft (`draft: true`)"), "{}", run.stderr);
    site.write("README.md", "# Home\n\nSee the [rules](rules.md).\n");
    let run = site.run(&["build", "--no-history", "--base-url", "https://example.org/"]).code(0);
    assert!(run.stderr.starts_with("built 2 pages (1 draft left out) into "), "{}", run.stderr);
    assert!(!site.path().join("public/charter").exists());
    for file in ["public/index.html", "public/sitemap.xml", "public/search-index.js"] {
        assert!(!site.read(file).contains("charter"), "{file} names the draft");
    }
    let run = site.run(&["build", "--no-history", "--drafts"]).code(0);
    assert!(run.stderr.contains("\nbuilt 3 pages into "), "{}", run.stderr);
    let charter = site.main_of("public/charter/index.html");
    assert!(charter.contains(r#"<p class="draft-banner" role="note">"#), "{charter}");
    assert!(!site.main_of("public/rules/index.html").contains("draft-banner"));
}

/// A reference by id from the model, or a `[[id]]` link, to a draft names the draft too.
#[test]
fn a_reference_to_a_draft_by_id_says_it_is_a_draft() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[[new-board]]\n");
    site.write("board.md", "---\ntitle: New board\nid: new-board\nkind: body\ndraft: true\n---\n");
    site.write("committee.md", "---\ntitle: Committee\nkind: body\nreports_to: new-board\n---\n");
    let run = site.run(&["check", "--no-history"]).code(1);
    assert_eq!(
        run.stderr.matches("`board.md` is a draft (`draft: true`)").count(),
        2,
        "{}",
        run.stderr
    );
    site.run(&["check", "--no-history", "--drafts"]).code(0);
}

/// The preview shows drafts, marked as such, so an editor sees the page while writing it.
#[test]
fn serve_shows_a_draft_with_its_banner() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[Charter](charter.md)\n");
    site.write("charter.md", "---\ntitle: Charter\ndraft: true\n---\n\nNot yet agreed.\n");
    let server = crate::serve::Server::start(&site, &[]);
    let charter = server.get("/charter/");
    assert_eq!(charter.status, 200);
    assert!(charter.body.contains("draft-banner") && charter.body.contains("Not yet agreed."));
    assert!(!server.log().contains("GW"), "{}", server.log());
}

/// `draft` takes `true` or `false`; anything else is a finding at the value.
#[test]
fn a_draft_that_is_no_boolean_is_an_error_at_its_value() {
    let site = TestSite::empty();
    site.write("README.md", "---\ntitle: Home\ndraft: maybe\n---\n");
    let run = site.run(&["check", "--no-history"]).code(1);
    assert!(run.stderr.contains("README.md:3:8"), "{}", run.stderr);
    assert!(run.stderr.contains("`true` or `false`"), "{}", run.stderr);
}

/// The keys of other tools that govwiki only accepts reach the templates as `page.meta`.
#[test]
fn accepted_keys_of_other_tools_reach_the_templates() {
    let site = TestSite::empty();
    site.write(
        "README.md",
        "---\ntitle: Home\ndate: 2024-05-01\nauthor: Ada\nparams:\n  team: [core, docs]\n  \
         size: 1.5\n---\n",
    );
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"meta\">{{ page.meta.date }} by \
         {{ page.meta.author }}: {{ page.meta.params.team | join(sep=\"+\") }} \
         {{ page.meta.params.size }}</p>{% block facts %}{% endblock facts %}\
         {% block after %}{% endblock after %}{% endblock main %}",
    );
    site.run(&["build", "--no-history"]).code(0);
    let home = site.main_of("public/index.html");
    assert!(home.contains(r#"<p class="meta">2024-05-01 by Ada: core+docs 1.5</p>"#), "{home}");
}

/// The site is found from any folder inside it: a govwiki site by its `govwiki.yaml` or
/// `content/`, a Git repository of Markdown at its root; loose Markdown in a folder above is
/// no site, so a command in an empty folder below it fails instead of building that tree.
#[test]
fn the_site_is_found_from_a_folder_inside_it_but_not_from_loose_markdown_above() {
    let wiki = TestSite::fixture("build/good");
    let run = wiki.run_in("content/bodies", &["check", "--no-history"]).code(0);
    assert!(run.stderr.starts_with("checked 6 pages"), "{}", run.stderr);

    let repository = TestSite::empty();
    repository.write(".git/HEAD", "ref: refs/heads/main\n");
    repository.write("README.md", "# Governance\n\n[SIG Node](docs/sig-node/README.md)\n");
    repository.write("docs/sig-node/README.md", "# SIG Node\n\n[Home](../../README.md)\n");
    let run = repository.run_in("docs/sig-node", &["check", "--deny-warnings"]).code(0);
    assert!(run.stderr.starts_with("checked 2 pages"), "{}", run.stderr);

    let loose = TestSite::empty();
    loose.write("notes.md", "# Notes\n");
    loose.write("empty/.keep", "");
    let run = loose.run_in("empty", &["check"]).code(2);
    assert!(run.stderr.starts_with("error: no govwiki site in `"), "{}", run.stderr);
}
