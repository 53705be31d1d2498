//! `govwiki init`: a new wiki that builds clean.

use crate::support::TestSite;

#[test]
fn init_creates_a_wiki_that_builds_without_findings() {
    let site = TestSite::empty();
    let run = site.run(&["init", "wiki"]).code(0);
    assert!(run.stderr.starts_with("created a new wiki in `wiki`"), "{}", run.stderr);
    let run = site.run(&["check", "--root", "wiki", "--deny-warnings"]).code(0);
    assert!(run.stderr.starts_with("checked 4 pages in "), "{}", run.stderr);
    let run = site.run(&["build", "--root", "wiki"]).code(0);
    assert!(run.stderr.starts_with("built 4 pages into `wiki/public` in "), "{}", run.stderr);
    let ignored = site.read("wiki/.gitignore");
    assert_eq!(
        ignored.lines().filter(|l| l.starts_with('/')).collect::<Vec<_>>(),
        ["/public", "/.public.govwiki-*"]
    );
    let workflow = site.main_of("wiki/public/workflows/annual-report/index.html");
    assert!(workflow.contains(r#"<td class="who"><a class="kind-body" href="../../bodies/board/index.html">Board <abbr>(BRD)</abbr></a></td>"#), "{workflow}");
}

#[test]
fn init_refuses_an_existing_wiki() {
    let site = TestSite::fixture("build/good");
    let run = site.run(&["init"]).code(2);
    assert_eq!(run.stderr, "error: `.` already holds a wiki; choose an empty or new folder\n");
}
