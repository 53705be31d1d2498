//! `govwiki build` on a good site: the pages, their links, the theme and the output folder.

use crate::support::TestSite;

fn built() -> TestSite {
    let site = TestSite::fixture("build/good");
    assert_eq!(site.build(0), "built 6 pages into `[ROOT]/public` in [MS]\n");
    site
}

#[test]
fn wiki_links_show_the_title_or_the_given_text() {
    let site = built();
    let main = site.main_of("public/index.html");
    assert!(main.contains(r#"The <a href="bodies/board/index.html">Board</a> decides"#), "{main}");
    assert!(main.contains(r#"<a href="workflows/annual-report/index.html">the yearly cycle</a>"#));
    assert!(main.contains(r#"<a href="bodies/board/index.html#meetings">Board</a>"#));
}

#[test]
fn relative_md_links_are_rewritten_to_output_urls() {
    let site = built();
    let home = site.main_of("public/index.html");
    assert!(home.contains(r#"<a href="roles/secretariat/index.html">the secretariat</a>"#));
    let role = site.main_of("public/roles/secretariat/index.html");
    assert!(role.contains(r#"<a href="../../index.html">home</a>"#), "{role}");
}

#[test]
fn markdown_extensions_render() {
    let main = built().main_of("public/index.html");
    assert!(main.contains("<table><thead><tr><th>Column</th><th>Other</th></tr></thead>"));
    assert!(main.contains("<del>old</del> new"));
    assert!(main.contains(r#"<input disabled="" type="checkbox" checked=""/>"#));
    assert!(main.contains(r##"<sup class="footnote-reference"><a href="#1">1</a></sup>"##));
    assert!(main.contains("The footnote text."));
}

#[test]
fn headings_get_stable_unique_anchors() {
    let main = built().main_of("public/index.html");
    assert!(main.contains(r##"<h2 id="markdown-features">Markdown features<a class="anchor" href="#markdown-features" aria-hidden="true">#</a></h2>"##));
    assert!(main.contains(r#"<h2 id="markdown-features-1">"#), "a repeated heading is numbered");
}

#[test]
fn body_pages_show_relations_both_ways_and_responsibilities() {
    let site = built();
    let committee = site.main_of("public/bodies/committee/index.html");
    assert!(committee.contains("<h1>Audit &lt;Committee&gt;</h1>"), "titles are escaped");
    assert!(committee.contains(r#"<dt>Part of</dt><dd><a class="kind-body" href="../board/index.html">Board <abbr>(BRD)</abbr></a></dd>"#), "{committee}");
    assert!(committee.contains("<dt>Members nominated by</dt>"));
    assert!(committee.contains("<dt>Advises</dt>"));
    let board = site.main_of("public/bodies/board/index.html");
    assert!(board.contains(r#"<dt>Consists of</dt><dd><a class="kind-body" href="../committee/index.html">Audit &lt;Committee&gt;</a></dd>"#), "{board}");
    assert!(board.contains("<dt>Nominates the members of</dt>"));
    assert!(board.contains("<dt>Advised by</dt>"));
    assert!(board.contains(r#"<dt>Holds the role</dt><dd><a class="kind-role" href="../../roles/secretariat/index.html">Secretariat</a></dd>"#));
    assert!(board.contains("<li>Founding members</li>"));
    assert!(board.contains(r#"<h3 id="ongoing">Ongoing</h3>
<ul><li>Set the strategy with the <a href="../../roles/secretariat/index.html">Secretariat</a></li></ul>"#), "{board}");
    assert!(board.contains(
        r#"<h3 id="case-driven">Case-driven</h3>
<ul><li>Approve the annual report</li></ul>"#
    ));
}

#[test]
fn workflow_pages_show_steps_with_linked_actors() {
    let main = built().main_of("public/workflows/annual-report/index.html");
    assert!(main.contains(r#"<tr id="step-approve">"#));
    assert!(main.contains(r#"<td class="who"><a class="kind-body" href="../../bodies/board/index.html">Board <abbr>(BRD)</abbr></a></td>"#), "{main}");
    assert!(main.contains(r#"<td class="support"><a class="kind-role" href="../../roles/secretariat/index.html">Secretariat</a>, <a class="kind-body" href="../../bodies/committee/index.html">Audit &lt;Committee&gt;</a></td>"#));
    assert!(main.contains(
        r##"<td class="next"><a class="kind-step" href="#step-draft">1. Draft the report</a></td>"##
    ));
    assert!(main.contains(r#"<div class="description">Uses the <a href="../../bodies/board/index.html">Board</a>'s notes.</div>"#));
}

/// A workflow page starts with its swimlane: right under the title, before the page's text
/// and the steps.
#[test]
fn a_workflow_page_starts_with_its_swimlane() {
    let main = built().main_of("public/workflows/annual-report/index.html");
    let at = |what: &str| main.find(what).unwrap_or_else(|| panic!("no {what} in {main}"));
    let diagram = at(r#"<figure class="diagram diagram-swimlane" id="swimlane">"#);
    assert!(main.contains(r##"<a class="full-size" href="#swimlane">Show at full size</a>"##));
    assert!(at("</header>") < diagram, "{main}");
    assert!(diagram < at(r#"<div class="content">"#) && diagram < at(r#"<h2 id="steps">"#));
}

#[test]
fn sidebar_and_breadcrumbs_mirror_the_folders() {
    let site = built();
    let toc = site.read("public/toc.html");
    let start = toc.find(r#"<nav class="sidebar""#).unwrap();
    let tree = &toc[start..start + toc[start..].find("</nav>").unwrap()];
    // `Bodies` has `order: 1`; `roles` and `workflows` have no index page, so they are labels.
    let bodies = tree.find(r#"<a href="bodies/index.html">Bodies</a>"#).expect(tree);
    let roles = tree.find(r#"<span class="folder">roles</span>"#).expect(tree);
    assert!(bodies < roles);
    // The home page heads the tree.
    let home = tree.find(r#"<li><a href="index.html">Home</a></li>"#).expect(tree);
    assert!(home < bodies, "{tree}");
    assert!(
        tree.contains(
            r#"<li><a href="bodies/committee/index.html">Audit &lt;Committee&gt;</a></li>"#
        ),
        "{tree}"
    );
    assert!(toc.contains(r#"<base target="_parent">"#), "links in the frame open in the page");

    // Every page carries the way to the tree, not the tree: the same markup, from toc.js.
    let script = site.read("public/toc.js");
    let (_, literal) = script.split_once("window.govwikiToc = ").expect(&script);
    let from_script: String =
        serde_json::from_str(literal.trim_end().trim_end_matches(';')).unwrap();
    assert!(tree.contains(from_script.trim()), "toc.js and toc.html hold the same tree");
    let html = site.read("public/bodies/committee/index.html");
    assert!(html.contains(r#"<script src="../../toc.js" defer></script>"#), "{html}");
    assert!(html.contains(concat!(
        r#"<nav class="sidebar" id="site-menu" aria-label="Pages" data-root="../../" data-current="bodies/committee/index.html">"#,
        "\n",
        r#"<noscript><iframe class="toc-frame" src="../../toc.html" title="Pages"></iframe></noscript>"#,
    )), "{html}");
    assert!(!html.contains("Secretariat"), "no page repeats the tree");

    let main = site.main_of("public/bodies/committee/index.html");
    assert!(main.contains(r#"<ol><li><a class="kind-page" href="../../index.html">Home</a></li><li><a class="kind-page" href="../index.html">Bodies</a></li></ol>"#), "{main}");
}

#[test]
fn every_internal_link_is_relative() {
    let site = built();
    for page in [
        "public/index.html",
        "public/bodies/board/index.html",
        "public/workflows/annual-report/index.html",
    ] {
        let html = site.read(page);
        for (i, _) in html.match_indices("href=\"") {
            let url = &html[i + 6..];
            assert!(!url.starts_with('/'), "{page}: absolute link {}", &url[..40.min(url.len())]);
        }
    }
}

#[test]
fn static_files_404_and_sitemap() {
    let site = built();
    assert!(site.read("public/static/govwiki.css").contains("--accent"));
    let not_found = site.read("public/404.html");
    assert!(not_found.contains(r#"<link rel="stylesheet" href="/static/govwiki.css">"#));
    assert!(not_found.contains("Page not found"));
    assert!(!site.path().join("public/sitemap.xml").exists(), "no sitemap without base_url");

    site.run(&["build", "--base-url", "https://example.org/wiki/"]).code(0);
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://example.org/wiki/</loc></url>"), "{sitemap}");
    assert!(sitemap.contains("<url><loc>https://example.org/wiki/bodies/board/</loc></url>"));
    assert_eq!(sitemap.matches("<url>").count(), 6);
    let not_found = site.read("public/404.html");
    assert!(not_found.contains(r#"href="https://example.org/wiki/static/govwiki.css""#));
}

#[test]
fn a_site_theme_overrides_templates_and_static_files() {
    let site = TestSite::fixture("build/good");
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>\
         {% block facts %}{% endblock facts %}{% block after %}{% endblock after %}{% endblock main %}",
    );
    site.write("themes/default/static/extra.js", "// extra");
    site.run(&["build"]).code(0);
    assert!(site.main_of("public/index.html").contains(r#"<p class="custom">Home</p>"#));
    let board = site.main_of("public/bodies/board/index.html");
    assert!(board.contains(r#"<p class="custom">Board</p>"#), "body.html extends the override");
    assert!(board.contains("<dt>Members</dt>"), "body.html still fills its blocks: {board}");
    assert_eq!(site.read("public/static/extra.js"), "// extra");
}

#[test]
fn a_broken_template_is_an_error_naming_it() {
    let site = TestSite::fixture("build/good");
    site.write("themes/default/templates/page.html", "{% if %}");
    let run = site.run(&["build"]).code(2);
    assert!(
        run.stderr.starts_with("error: theme template `themes/default` is broken\n  caused by: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("page.html:1:"), "{}", run.stderr);
}

#[test]
fn a_rebuild_replaces_the_previous_output() {
    let site = built();
    site.write(
        "content/bodies/board.md",
        site.read("content/bodies/board.md").replace("title: Board", "title: Council"),
    );
    site.write("public/stale.html", "old");
    site.run(&["build"]).code(0);
    assert!(site.main_of("public/bodies/board/index.html").contains("<h1>Council"));
    assert!(!site.path().join("public/stale.html").exists());
    assert!(site.path().join("public/.govwiki-output").exists());
}

#[test]
fn a_failed_build_leaves_the_previous_output_whole() {
    let site = built();
    let before = site.read("public/bodies/board/index.html");
    site.write("content/bodies/board.md", "---\ntitle: [Board\n---\n");
    site.run(&["build"]).code(1);
    assert_eq!(site.read("public/bodies/board/index.html"), before);
}

#[test]
fn build_refuses_a_folder_it_did_not_create() {
    let site = TestSite::fixture("build/good");
    site.write("public/notes.txt", "mine");
    let run = site.run(&["build"]).code(2);
    assert_eq!(
        site.redact(&run.stderr),
        "error: refusing to write the site to `[ROOT]/public`: it exists and was not created by \
         govwiki (it has no `.govwiki-output` file); remove it yourself or choose another folder \
         with `--out`\n"
    );
    assert_eq!(site.read("public/notes.txt"), "mine");
}

#[test]
fn build_refuses_the_site_root_and_content() {
    let site = TestSite::fixture("build/good");
    let run = site.run(&["build", "--out", "."]).code(2);
    assert!(run.stderr.contains("it holds the site itself"), "{}", run.stderr);
    let run = site.run(&["build", "--out", "content/bodies"]).code(2);
    assert!(run.stderr.contains("it is inside the content folder"), "{}", run.stderr);
    let run = site.run(&["build", "--out", "content/new"]).code(2);
    assert!(run.stderr.contains("it is inside the content folder"), "{}", run.stderr);
    let run = site.run(&["build", "--out", "/"]).code(2);
    assert!(run.stderr.contains("refusing to write the site to `/`"), "{}", run.stderr);
    assert!(!site.path().join("content/new").exists());
    assert!(site.path().join("content/bodies/board.md").exists());
}

#[test]
fn build_writes_where_out_says() {
    let site = TestSite::fixture("build/good");
    site.run(&["build", "--out", "elsewhere/site"]).code(0);
    assert!(site.path().join("elsewhere/site/bodies/board/index.html").is_file());
    assert!(!site.path().join("public").exists());
}

#[test]
fn a_folder_without_a_site_is_a_usage_error() {
    let site = TestSite::empty();
    let run = site.run(&["build"]).code(2);
    assert_eq!(
        site.redact(&run.stderr),
        "error: no govwiki site in `[ROOT]`: no folder from there up has a `govwiki.yaml` or a \
         `content/` folder, and no Markdown file is in it or in its Git repository; run govwiki \
         in a site, or name one with `--root DIR`\n"
    );
}

#[test]
fn actor_pages_gather_their_steps_from_every_workflow() {
    let site = built();
    let secretariat = site.main_of("public/roles/secretariat/index.html");
    assert!(secretariat.contains(r#"<h2 id="in-the-workflows">In the workflows</h2>"#));
    assert!(secretariat.contains(r#"<dt><a class="kind-workflow" href="../../workflows/annual-report/index.html">Annual report</a></dt>"#));
    assert!(secretariat.contains(r#"<li><span class="part part-owns">Owns</span> <a class="kind-step" href="../../workflows/annual-report/index.html#step-draft">1. Draft the report</a></li><li><span class="part part-supports">Supports</span> <a class="kind-step" href="../../workflows/annual-report/index.html#step-approve">2. Approve the report</a></li>"#), "{secretariat}");
    let committee = site.main_of("public/bodies/committee/index.html");
    assert!(committee.contains(r#"<span class="part part-supports">Supports</span> <a class="kind-step" href="../../workflows/annual-report/index.html#step-approve">"#));
    assert!(!committee.contains("part-owns"), "the committee owns no step");
}

#[test]
fn previous_and_next_follow_the_page_tree() {
    let site = built();
    let board = site.main_of("public/bodies/board/index.html");
    assert!(board.contains(r#"<a class="previous" rel="prev" href="../committee/index.html"><span>Previous</span> Audit &lt;Committee&gt;</a>"#), "{board}");
    assert!(board.contains(r#"<a class="next" rel="next" href="../../roles/secretariat/index.html"><span>Next</span> Secretariat</a>"#));
    let home = site.main_of("public/index.html");
    assert!(!home.contains("rel=\"prev\""), "the first page has no previous page");
    assert!(home.contains(r#"<a class="next" rel="next" href="bodies/index.html">"#), "{home}");
}

#[test]
fn the_responsibility_matrix_lists_actors_against_steps() {
    let site = built();
    let matrix = site.main_of("public/responsibilities.html");
    assert!(matrix.contains(r#"<th scope="colgroup" colspan="2" class="matrix-workflow"><a class="kind-workflow" href="workflows/annual-report/index.html">Annual report</a></th>"#), "{matrix}");
    assert!(matrix.contains(r#"<tr><th scope="row"><a class="kind-role" href="roles/secretariat/index.html">Secretariat</a></th><td><a class="matrix-cell matrix-r" href="workflows/annual-report/index.html#step-draft" title="Secretariat: responsible in 1. Draft the report">R</a></td><td><a class="matrix-cell matrix-s" href="workflows/annual-report/index.html#step-approve" title="Secretariat: supports in 2. Approve the report">S</a></td></tr>"#));
    let rows: Vec<&str> =
        matrix.match_indices(r#"<tr><th scope="row">"#).map(|(i, _)| &matrix[i..]).collect();
    assert_eq!(rows.len(), 3, "one row per actor with a part");
    assert!(
        rows[0].contains("Audit &lt;Committee&gt;") && rows[2].contains("Secretariat"),
        "bodies first, by title"
    );
    let workflow = site.main_of("public/workflows/annual-report/index.html");
    assert!(workflow.contains(r#"<h2 id="responsibility-matrix">Responsibility matrix</h2>"#));
    assert!(workflow.contains(r##"<a class="matrix-cell matrix-r" href="#step-approve" title="Board: responsible in 2. Approve the report">R</a>"##), "{workflow}");
    let home = site.read("public/index.html");
    assert!(home.contains(r#"<a href="responsibilities.html">Responsibility matrix</a>"#));
}

#[test]
fn every_page_lists_the_pages_that_refer_to_it() {
    let site = built();
    let board = site.main_of("public/bodies/board/index.html");
    assert!(board.contains(r#"<h2 id="referenced-by">Referenced by</h2>
<ul><li><a class="kind-body" href="../committee/index.html">Audit &lt;Committee&gt;</a></li><li><a class="kind-page" href="../../index.html">Home</a></li><li><a class="kind-role" href="../../roles/secretariat/index.html">Secretariat</a></li><li><a class="kind-workflow" href="../../workflows/annual-report/index.html">Annual report</a></li></ul>"#), "{board}");
    // The secretariat's page links home in its Markdown.
    let home = site.main_of("public/index.html");
    assert!(home.contains(r#"<ul><li><a class="kind-role" href="roles/secretariat/index.html">Secretariat</a></li></ul>"#), "{home}");
}

#[test]
fn labels_link_to_a_page_per_label() {
    let site = built();
    let board = site.main_of("public/bodies/board/index.html");
    assert!(board.contains(r#"<ul class="labels"><li><a href="../../labels/governance.html">governance</a></li></ul>"#), "{board}");
    let label = site.main_of("public/labels/governance.html");
    assert!(label.contains("<h1>governance</h1>"));
    assert!(label.contains(r#"<li><a class="kind-body" href="../bodies/board/index.html">Board <abbr>(BRD)</abbr></a> <span class="labelled-kind">body</span><br><span class="labelled-summary">Sets the direction.</span></li>"#), "{label}");
    let all = site.main_of("public/labels.html");
    assert!(
        all.contains(r#"<li><a href="labels/governance.html">governance (1)</a></li>"#),
        "{all}"
    );
}

#[test]
fn a_large_matrix_is_split_into_one_table_per_workflow() {
    let site = TestSite::empty();
    site.write("content/index.md", "---\ntitle: Home\n---\n");
    // Two workflows of 51 steps; each step has its own role: 102 × 102 cells in one table.
    for w in 0..2 {
        let mut steps = String::new();
        for s in 0..51 {
            let role = w * 51 + s;
            site.write(
                &format!("content/roles/role-{role}.md"),
                format!("---\ntitle: Role {role}\nkind: role\n---\n"),
            );
            steps.push_str(&format!("  - title: Step {s}\n    who: role-{role}\n"));
        }
        site.write(
            &format!("content/flows/flow-{w}.md"),
            format!("---\ntitle: Flow {w}\nkind: workflow\nsteps:\n{steps}---\n"),
        );
    }
    site.run(&["build"]).code(0);
    let matrix = site.main_of("public/responsibilities.html");
    assert_eq!(matrix.matches("<table class=\"matrix\">").count(), 2, "one table per workflow");
    assert!(matrix.contains("<caption>Flow 0 <span"), "captioned by workflow");
    assert_eq!(matrix.matches("<tr><th scope=\"row\">").count(), 102, "each actor once");
}

#[test]
fn macros_expand_to_contents_children_and_responsibilities() {
    let site = TestSite::fixture("build/good");
    site.write(
        "content/bodies/index.md",
        "---\ntitle: Bodies\norder: 1\n---\n\n{{ toc }}\n\n## Who sits where\n\n{{ children }}\n\n\
         ## The cycle\n\n{{ responsibilities annual-report }}\n\n{{ responsibilities board }}\n",
    );
    site.run(&["build"]).code(0);
    let main = site.main_of("public/bodies/index.html");
    assert!(main.contains(r##"<nav class="macro-toc" aria-label="Contents"><ul><li class="toc-level-2"><a href="#who-sits-where">Who sits where</a></li><li class="toc-level-2"><a href="#the-cycle">The cycle</a></li></ul></nav>"##), "{main}");
    assert!(main.contains(r#"<ul class="macro-children"><li><a class="kind-body" href="committee/index.html">Audit &lt;Committee&gt;</a></li><li><a class="kind-body" href="board/index.html">Board</a> — <span class="summary-inline">Sets the direction.</span></li></ul>"#));
    assert!(main.contains(r#"<tr><td><a href="../workflows/annual-report/index.html#step-approve">2. Approve the report</a></td><td><a href="board/index.html">Board</a></td><td><a href="../roles/secretariat/index.html">Secretariat</a>, <a href="committee/index.html">Audit &lt;Committee&gt;</a></td><td></td><td></td></tr>"#));
    assert!(main.contains(r#"<tr><td><a href="../workflows/annual-report/index.html">Annual report</a></td><td><a href="../workflows/annual-report/index.html#step-approve">2. Approve the report</a></td><td>Responsible</td></tr>"#));
}

#[test]
fn an_unknown_macro_is_a_finding_with_a_suggestion() {
    let site = TestSite::fixture("build/good");
    site.write("content/bodies/index.md", "---\ntitle: Bodies\n---\n\nText.\n\n{{ chlidren }}\n");
    let stderr = site.build(1);
    assert!(
        stderr.starts_with(
            "error[GW207]: unknown macro `chlidren`\n --> content/bodies/index.md:7:1\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("= help: did you mean `children`?"));
}

/// Runs git in `site` as `author` on `date`.
pub fn git(site: &TestSite, args: &[&str], author: &str, date: &str) {
    let status = std::process::Command::new("git")
        .args(["-c", "user.email=wiki@example.org", "-c", &format!("user.name={author}")])
        .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(site.path())
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00Z"))
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00Z"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", site.path())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn pages_show_when_they_last_changed_in_git() {
    let site = TestSite::fixture("build/good");
    git(&site, &["init", "-q"], "Ada Lovelace", "2026-01-05");
    git(&site, &["add", "."], "Ada Lovelace", "2026-01-05");
    git(&site, &["commit", "-q", "-m", "First version"], "Ada Lovelace", "2026-01-05");
    site.write("content/bodies/board.md", site.read("content/bodies/board.md") + "\nMore.\n");
    git(&site, &["commit", "-q", "-am", "Board meets more"], "Grace Hopper", "2026-03-02");
    site.write(
        "content/bodies/board.md",
        site.read("content/bodies/board.md").replace("More.", "Often."),
    );
    git(&site, &["commit", "-q", "-am", "Board meets often"], "Ada Lovelace", "2026-04-01");
    site.build(0);
    let board = site.main_of("public/bodies/board/index.html");
    assert!(board.contains(r#"<p class="updated">Last updated <time datetime="2026-04-01">2026-04-01</time> by Ada Lovelace · <a href="history.html">History</a></p>"#), "{board}");
    let history = site.main_of("public/bodies/board/history.html");
    assert_eq!(history.matches(r#"<li class="version""#).count(), 3, "{history}");
    assert!(history.contains("2026-04-01</time> Ada Lovelace: Board meets often <span class=\"diffstat\" title=\"blocks of text added and removed\"><span class=\"added\">+1</span> <span class=\"removed\">−1</span></span>"), "{history}");
    // Counted in blocks of text a reader sees; the source's lines are behind "Source changes".
    assert!(
        history.contains(r#"<span class="diff-removed block-paragraph">- More.</span>"#)
            && history.contains(r#"<span class="diff-added block-paragraph">+ Often.</span>"#)
    );
    assert!(history.contains("2026-03-02</time> Grace Hopper: Board meets more <span class=\"diffstat\" title=\"blocks of text added and removed\"><span class=\"added\">+1</span> <span class=\"removed\">−0</span></span>"), "{history}");
    assert!(
        history.contains(r#"<span class="diff-added block-paragraph">+ More.</span>"#),
        "{history}"
    );
    assert!(history.contains(r#"Source changes <span class="diffstat"><span class="added">+2</span> <span class="removed">−0</span></span> lines"#), "{history}");
    assert!(history.contains("2026-01-05</time> Ada Lovelace: First version"));
    let home = site.main_of("public/index.html");
    assert!(
        home.contains(
            r#"Last updated <time datetime="2026-01-05">2026-01-05</time> by Ada Lovelace"#
        )
    );
    // The site's recent changes, newest first, a row per page and version, in the header.
    assert!(
        site.read("public/index.html").contains(r#"<a href="changes.html">Recent changes</a>"#)
    );
    let changes = site.main_of("public/changes.html");
    let rows: Vec<&str> = changes.split("<tr><td>").skip(1).collect();
    assert!(
        rows[0].contains(r#"<time datetime="2026-04-01">"#)
            && rows[0].contains("Board meets often"),
        "{changes}"
    );
    assert!(rows[0].contains(r#"href="bodies/board/history.html""#), "{changes}");
    assert!(rows[1].contains("Board meets more") && rows[1].contains("Grace Hopper"), "{changes}");
    assert!(rows[2..].iter().all(|row| row.contains("2026-01-05")), "{changes}");
    assert_eq!(rows.len(), 2 + 6, "the two later changes and the first version of six pages");
    site.run(&["build", "--no-history"]).code(0);
    assert!(!site.read("public/index.html").contains("Last updated"), "--no-history turns it off");
    assert!(!site.path().join("public/changes.html").exists());
    assert!(!site.read("public/index.html").contains("Recent changes"));
}

#[test]
fn the_search_index_lists_pages_and_their_words() {
    let site = built();
    let index = site.read("public/search-index.js");
    assert!(index.starts_with(
        r#"window.govwikiSearch={"pages":[["Board","bodies/board/index.html","body","governance","Sets the direction."],"#
    ), "{index}");
    assert!(index.contains(r#""secretariat":"#), "words are lowercased");
    assert!(!index.contains(r#""founding":"#), "members are not page text");
    assert!(!site.read("public/index.html").contains("govwikiSearch="), "loaded only on use");
}

/// A page with raw HTML in its Markdown, a block and inline, and a link inside it.
const RAW_HTML: &str = "---\ntitle: Raw\nsummary: \"<b>not bold</b>\"\n---\n\n\
    <div class=\"note\"><script>alert(1)</script></div>\n\n\
    Inline <kbd>Ctrl</kbd> and <a href=\"../index.html\">home</a>; [[board|<img src=x onerror=alert(2)>]].\n";

#[test]
fn raw_html_in_markdown_is_kept_by_default() {
    let site = TestSite::fixture("build/good");
    site.write("content/raw.md", RAW_HTML);
    site.build(0);
    let main = site.main_of("public/raw/index.html");
    assert!(main.contains("<div class=\"note\"><script>alert(1)</script></div>"), "{main}");
    assert!(
        main.contains("Inline <kbd>Ctrl</kbd> and <a href=\"../index.html\">home</a>"),
        "{main}"
    );
    // Front matter and the text of a wiki link are never markup, whatever the setting.
    assert!(main.contains("<p class=\"summary\">&lt;b&gt;not bold&lt;/b&gt;</p>"), "{main}");
    assert!(main.contains("&lt;img src=x onerror=alert(2)&gt;</a>"), "{main}");
    assert!(!main.contains("<img src=x"), "{main}");
}

#[test]
fn raw_html_in_markdown_is_shown_as_text_when_escaped() {
    let site = TestSite::fixture("build/good");
    site.write("govwiki.yaml", "title: Fixture wiki\nraw_html: escape\n");
    site.write("content/raw.md", RAW_HTML);
    site.build(0);
    let main = site.main_of("public/raw/index.html");
    // In text, quotes need no escaping.
    assert!(
        main.contains(
            r#"&lt;div class="note"&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/div&gt;"#
        ),
        "{main}"
    );
    assert!(
        main.contains(
            r#"Inline &lt;kbd&gt;Ctrl&lt;/kbd&gt; and &lt;a href="../index.html"&gt;home&lt;/a&gt;"#
        ),
        "{main}"
    );
    assert!(!main.contains("<script>alert") && !main.contains("<kbd>"), "{main}");
    assert!(main.contains("&lt;img src=x onerror=alert(2)&gt;</a>"), "{main}");
}

#[test]
fn raw_html_takes_only_allow_or_escape() {
    let site = TestSite::fixture("build/good");
    site.write("govwiki.yaml", "title: Fixture wiki\nraw_html: strip\n");
    let stderr = site.build(1);
    assert!(stderr.contains("govwiki.yaml:2:"), "{stderr}");
    assert!(stderr.contains("allow") && stderr.contains("escape"), "{stderr}");
}

#[test]
fn a_rebuild_updates_the_build_before_the_last_in_place() {
    let site = built();
    let modified =
        |path: &str| std::fs::metadata(site.path().join(path)).unwrap().modified().unwrap();
    let (board, secretariat) =
        ("public/bodies/board/index.html", "public/roles/secretariat/index.html");
    let first = modified(secretariat);
    // The second build goes into a new folder; the first is kept beside the output.
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.run(&["build"]).code(0);
    let old = site.path().join(".public.govwiki-old");
    assert!(old.join(".govwiki-output").is_file());
    assert_ne!(modified(secretariat), first);
    // The third updates the first in place: a page whose bytes are the same is the first
    // build's file, untouched; the edited page and a new page are written; a stray file goes.
    site.write(
        "content/bodies/board.md",
        site.read("content/bodies/board.md").replace("Twice a year.", "Twice a year, in spring."),
    );
    std::fs::write(old.join("bodies/stray.html"), "stray").unwrap();
    site.run(&["build"]).code(0);
    assert_eq!(modified(secretariat), first, "an unchanged page is not written again");
    assert!(site.main_of(board).contains("Twice a year, in spring."));
    assert!(!site.path().join("public/bodies/stray.html").exists());
    // A page added to both generations, then removed; and a page edited by hand in the
    // output: when the generation is updated again, the first is gone with its folder and
    // the second is written again.
    site.write("content/notes.md", "---\ntitle: Notes\n---\n\nSee [[board]].\n");
    site.run(&["build"]).code(0);
    site.run(&["build"]).code(0);
    assert!(site.path().join("public/notes/index.html").is_file());
    std::fs::remove_file(site.path().join("content/notes.md")).unwrap();
    site.write(secretariat, "edited by hand");
    site.run(&["build"]).code(0);
    site.run(&["build"]).code(0);
    assert!(!site.path().join("public/notes").exists(), "a removed page goes with its folder");
    let fresh = std::fs::read_to_string(old.join("roles/secretariat/index.html")).unwrap();
    assert_eq!(site.read(secretariat), fresh);
    assert!(fresh.contains("<h1>Secretariat"), "{fresh}");
    let manifest = site.read("public/.govwiki-manifest");
    assert!(manifest.lines().any(|line| line.ends_with(" bodies/board/index.html")), "{manifest}");
}

/// A build killed while it writes (by a power cut, an impatient editor, or CI timing out)
/// leaves the previous output whole, and the next build goes through.
#[cfg(unix)]
#[test]
fn a_build_killed_while_writing_leaves_the_previous_output_whole() {
    let site = built();
    // Enough pages that writing them takes a while.
    for n in 0..400 {
        site.write(
            &format!("content/notes/note-{n}.md"),
            format!("---\ntitle: Note {n}\n---\n\n{}\n", "The board decides. ".repeat(2_000)),
        );
    }
    let staging = site.path().join(".public.govwiki-new");
    let mut killed_while_writing = false;
    for _ in 0..5 {
        // What the output holds before this try: the first build's, or a finished try's.
        let before = site.read("public/bodies/board/index.html");
        let had_notes = site.path().join("public/notes").exists();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_govwiki"))
            .args(["build", "--no-history"])
            .current_dir(site.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !staging.join("bodies").exists() && std::time::Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        child.kill().unwrap();
        if child.wait().unwrap().success() {
            continue;
        }
        killed_while_writing = staging.exists();
        assert_eq!(site.read("public/bodies/board/index.html"), before);
        assert_eq!(site.path().join("public/notes").exists(), had_notes, "nothing of it is out");
        if killed_while_writing {
            break;
        }
    }
    assert!(killed_while_writing, "no build was caught writing");
    site.run(&["build", "--no-history"]).code(0);
    assert!(site.path().join("public/notes/note-399/index.html").is_file());
    assert!(!staging.exists());
}

/// Builds into one output folder at the same time take turns, and every one of them ends
/// well: none finds the other's staging folder in its way.
#[test]
fn concurrent_builds_into_one_folder_take_turns() {
    let site = built();
    for round in 0..4 {
        let builds: Vec<_> = (0..2)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_govwiki"))
                    .args(["build", "--no-history"])
                    .current_dir(site.path())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for build in builds {
            let output = build.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "round {round}: {stderr}");
        }
    }
    assert!(site.main_of("public/bodies/board/index.html").contains("<h1>Board"));
    assert!(!site.path().join(".public.govwiki-new").exists());
}

/// A build killed at any moment, also while it removes a staging folder left over by an
/// earlier build, leaves a state that the next build recovers from by itself.
#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_never_blocks_the_next() {
    let site = built();
    for n in 0..40 {
        site.write(
            &format!("content/notes/note-{n}.md"),
            format!("---\ntitle: Note {n}\n---\n\n{}\n", "The board decides. ".repeat(200)),
        );
    }
    site.run(&["build", "--no-history"]).code(0);
    site.run(&["build", "--no-history"]).code(0);
    let leftover = site.path().join(".public.govwiki-new");
    for attempt in 0..24u64 {
        // A large staging folder left over, which the next build must remove first.
        if !leftover.exists() {
            crate::support::copy_dir(&site.path().join("public"), &leftover);
            for n in 0..300 {
                std::fs::write(leftover.join(format!("extra-{n}.html")), "x").unwrap();
            }
            std::fs::remove_file(leftover.join(".govwiki-manifest")).unwrap();
        }
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_govwiki"))
            .args(["build", "--no-history"])
            .current_dir(site.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Killed from the start to well past the end of a build, a step further each time.
        std::thread::sleep(std::time::Duration::from_micros(attempt * attempt * 150));
        let _ = child.kill();
        let _ = child.wait();
        let next = site.run(&["build", "--no-history"]);
        assert_eq!(next.code, 0, "attempt {attempt}: {}", next.stderr);
        assert!(site.path().join("public/notes/note-39/index.html").is_file());
    }
}

/// `notes.md` and `notes/index.md` are both `notes/index.html`: both are named, the build
/// fails, and nothing is lost without a word.
#[test]
fn two_pages_for_one_url_are_both_named() {
    let site = TestSite::fixture("build/good");
    site.write("content/bodies.md", "---\ntitle: Bodies page\nid: bodies-page\n---\n\nx\n");
    site.write("content/bodies/index.md", "---\ntitle: Bodies\n---\n\nAll the bodies.\n");
    for command in ["check", "build"] {
        let run = site.run(&[command]).code(1);
        let errors: Vec<_> = run.stderr.lines().filter(|l| l.starts_with("error")).collect();
        assert_eq!(
            errors[0],
            "error[GW307]: `content/bodies/index.md` and `content/bodies.md` would both be \
             written to `bodies/index.html`",
            "{}",
            run.stderr
        );
        assert_eq!(errors.len(), 2, "one finding and the summary: {}", run.stderr);
    }
    assert!(!site.path().join("public").exists(), "the failed first build wrote no output");
}

/// A page named like a file the site writes of its own is a finding, not "Is a directory".
#[test]
fn pages_named_like_the_sites_own_files_are_findings() {
    let site = TestSite::fixture("build/good");
    for name in ["toc.js", "search-index.js", "static/govwiki.css", "404.html"] {
        site.write(&format!("content/{name}.md"), format!("---\ntitle: {name}\n---\n\nx\n"));
    }
    let run = site.run(&["build"]).code(1);
    let mut errors: Vec<_> = run.stderr.lines().filter(|l| l.starts_with("error[")).collect();
    errors.sort_unstable();
    assert_eq!(
        errors,
        [
            "error[GW308]: `content/404.html.md` would be written to `404.html/index.html`, in a folder `404.html` where the site writes a file of its own",
            "error[GW308]: `content/search-index.js.md` would be written to `search-index.js/index.html`, in a folder `search-index.js` where the site writes a file of its own",
            "error[GW308]: `content/static/govwiki.css.md` would be written to `static/govwiki.css/index.html`, in a folder `static/govwiki.css` where the site writes a file of its own",
            "error[GW308]: `content/toc.js.md` would be written to `toc.js/index.html`, in a folder `toc.js` where the site writes a file of its own",
        ],
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
}

/// The page that lists every label is linked from the header of every page, when a page has
/// labels; a site without labels links none.
#[test]
fn the_labels_page_is_in_the_header_when_pages_have_labels() {
    let site = built();
    let html = site.read("public/bodies/committee/index.html");
    assert!(html.contains(r#"<a href="../../labels.html">Labels</a>"#), "{html}");
    assert!(site.path().join("public/labels.html").is_file());
    let plain = TestSite::empty();
    plain.write("content/index.md", "# Home\n");
    plain.run(&["build", "--no-history"]).code(0);
    assert!(!plain.read("public/index.html").contains("labels.html"));
}

/// With `repository_url`, every page links to where its file is edited; without, none does.
#[test]
fn pages_link_to_where_they_are_edited_when_the_repository_is_named() {
    let site = TestSite::empty();
    site.write("README.md", "# Home\n\n[Charter](docs/charter.md)\n");
    site.write("docs/charter.md", "# Charter\n");
    site.run(&["build", "--no-history"]).code(0);
    assert!(!site.read("public/index.html").contains("Edit this page"));
    site.write("govwiki.yaml", "repository_url: https://github.com/example/governance/\n");
    site.run(&["build", "--no-history"]).code(0);
    let charter = site.main_of("public/docs/charter/index.html");
    assert!(
        charter.contains(r#"<a href="https://github.com/example/governance/edit/main/docs/charter.md">Edit this page</a>"#),
        "{charter}"
    );
    site.write(
        "govwiki.yaml",
        "repository_url: https://gitlab.com/example/governance\nedit_path: -/edit/trunk/\n",
    );
    site.run(&["build", "--no-history"]).code(0);
    assert!(
        site.main_of("public/index.html")
            .contains(r#"href="https://gitlab.com/example/governance/-/edit/trunk/README.md""#)
    );
}

/// A page's search text, from which search snippets come, reads as the page does: a wiki
/// link's text is the title of the page it links to, not nothing.
#[test]
fn a_page_s_search_text_holds_the_titles_its_wiki_links_show() {
    let site = TestSite::fixture("check/base");
    site.build(0);
    let text = site.read("public/search-text.js");
    assert!(
        text.contains("The Board and its Committee decide; the Secretariat runs the Annual report"),
        "{text}"
    );
}

#[test]
fn a_link_that_would_run_a_script_is_text_and_an_error_when_raw_html_is_escaped() {
    let site = TestSite::fixture("build/good");
    site.write("govwiki.yaml", "title: Fixture wiki\nraw_html: escape\n");
    site.write(
        "content/tricks.md",
        "---\ntitle: Tricks\nsources:\n  - \"[minutes](JavaScript:alert(1))\"\n---\n\n\
         [vote](java&#9;script:alert(2)) and ![seal](data:text/html,<script>alert(3)</script>)\n\
         and ![logo](data:image/png;base64,iVBORw0KGgo=) and [mail](mailto:board@example.org).\n",
    );
    let stderr = site.build(1);
    for (line, column, url) in [
        (4, 5, "JavaScript:alert(1)"),
        (7, 1, "java\\tscript:alert(2)"),
        (7, 37, "data:text/html,<script>alert(3)</script>"),
    ] {
        assert!(
            stderr.contains(&format!(
                "error[GW406]: link `{url}` would run a script, which `raw_html: escape` keeps out\n \
                 --> content/tricks.md:{line}:{column}"
            )),
            "{stderr}"
        );
    }
    assert_eq!(stderr.matches("GW406").count(), 3, "{stderr}");
    // `build` stops at the errors; `check` shows the page as it would be.
    site.write(
        "govwiki.yaml",
        "title: Fixture wiki\nraw_html: escape\ncheck:\n  severity:\n    script-link: warning\n",
    );
    site.build(0);
    let main = site.main_of("public/tricks/index.html");
    assert!(!main.to_lowercase().contains("script:alert"), "{main}");
    assert!(!main.contains("data:text/html"), "{main}");
    assert!(main.contains(r#"<span class="broken-link">vote</span>"#), "{main}");
    assert!(main.contains(r#"<img src="data:image/png;base64,iVBORw0KGgo=" alt="logo""#), "{main}");
    assert!(main.contains(r#"<a href="mailto:board@example.org">mail</a>"#), "{main}");
    let page = site.read("public/tricks/index.html");
    assert!(page.contains(r#"<span class="broken-link">minutes</span>"#), "{page}");
    // With raw HTML allowed, an editor may write a script anyway: the link stays as written.
    site.write("govwiki.yaml", "title: Fixture wiki\n");
    site.write("content/tricks.md", "---\ntitle: Tricks\n---\n\n[vote](javascript:alert(2))\n");
    site.build(0);
    let main = site.main_of("public/tricks/index.html");
    assert!(main.contains(r#"<a href="javascript:alert(2)">vote</a>"#), "{main}");
}

/// Every file of `dir` and below, with its path.
fn files_below(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_below(&path));
        } else {
            files.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    files
}

/// A `:` in a path could make its first segment a scheme: a page named like a script URL,
/// or a link whose `%3A` decodes to one, is written with its `:` encoded, so that no link,
/// page tree or search result runs it.
#[test]
fn a_path_named_like_a_script_url_is_never_written_as_one() {
    let site = TestSite::fixture("build/good");
    site.write("govwiki.yaml", "title: Fixture wiki\nraw_html: escape\n");
    site.write(
        "content/javascript:alert(document.domain).md",
        "---\ntitle: Tricky\n---\n\nText.\n",
    );
    site.write(
        "content/index.md",
        format!(
            "{}\n[[javascript:alert(document.domain)]] and [x](javascript%3Aalert(2)) and \
             [y](javascript:alert(document.domain).md)\n",
            site.read("content/index.md")
        ),
    );
    let stderr = site.build(1);
    // The encoded colon names a file the site does not have.
    assert!(stderr.contains("error[GW401]: link `javascript%3Aalert(2)` leads to"), "{stderr}");
    // A link written as a script URL is one, whatever file it would name.
    assert!(stderr.contains("error[GW406]: link `javascript:alert(document.domain).md`"));
    assert_eq!(stderr.matches("error[").count(), 2, "{stderr}");
    // Published anyway, with the findings lowered, nothing in it runs a script.
    site.write(
        "govwiki.yaml",
        "title: Fixture wiki\nraw_html: escape\ncheck:\n  severity:\n    broken-link: warning\n    \
         script-link: warning\n",
    );
    site.build(0);
    let files = files_below(&site.path().join("public"));
    assert!(files.len() > 10);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for written in ["\"javascript:", "'javascript:", "=javascript:", "\"./javascript:"] {
            assert!(!text.contains(written), "{} holds {written}", path.display());
        }
    }
    let home = site.read("public/index.html");
    assert!(
        home.contains(r#"<a href="javascript%3Aalert(document.domain)/index.html">Tricky</a>"#),
        "{home}"
    );
    let index = site.read("public/search-index.js");
    assert!(index.contains(r#""javascript%3Aalert(document.domain)/index.html""#), "{index}");
    let text = site.read("public/javascript:alert(document.domain)/search-text.js");
    assert!(
        text.starts_with(r#"govwikiText("javascript%3Aalert(document.domain)/index.html","#),
        "{text}"
    );
}
