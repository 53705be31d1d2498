//! `govwiki init`: a new wiki that builds clean.

use crate::support::TestSite;

#[test]
fn init_creates_a_wiki_that_builds_without_findings() {
    let site = TestSite::empty();
    let run = site.run(&["init", "wiki"]).code(0);
    assert_eq!(
        run.stderr,
        "created a new wiki in `wiki`; preview it with `cd wiki && govwiki serve`, or build it \
         with `govwiki build --root wiki`\n"
    );
    let run = site.run(&["check", "--root", "wiki", "--deny-warnings"]).code(0);
    assert!(run.stderr.starts_with("checked 6 pages in "), "{}", run.stderr);
    let run = site.run(&["build", "--root", "wiki"]).code(0);
    assert!(run.stderr.starts_with("built 6 pages into `wiki/public` in "), "{}", run.stderr);
    // A body with seats and a decision it took, which the checks hold to its mandate: a
    // decision on a topic the board does not decide is an error.
    let board = site.read("wiki/content/bodies/board.md");
    assert!(board.contains("seats:\n  chair: 1\n") && board.contains("person: ada-lovelace"));
    let decision = site.read("wiki/content/decisions/annual-report-2025.md");
    assert!(decision.contains("kind: decision\nby: board\n"), "{decision}");
    site.write(
        "wiki/content/decisions/annual-report-2025.md",
        decision.replace("topic: annual report", "topic: catering"),
    );
    let run = site.run(&["check", "--root", "wiki"]).code(1);
    assert!(run.stderr.contains("error[GW604]"), "{}", run.stderr);
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

/// Each command's `--help` ends with examples; `init` takes no `--root`, only its folder.
#[test]
fn every_commands_help_ends_with_examples_and_init_has_no_root() {
    let site = TestSite::empty();
    for command in ["build", "check", "serve", "init"] {
        let help = site.run(&[command, "--help"]).code(0).stdout;
        let examples = help.rfind("\nExamples:\n").unwrap_or_else(|| panic!("{command}: {help}"));
        let lines: Vec<&str> = help[examples..].lines().skip(2).collect();
        assert!(!lines.is_empty(), "{command}: {help}");
        assert!(lines.iter().all(|line| line.starts_with("  govwiki ")), "{command}: {help}");
        assert_eq!(help.contains("--root"), command != "init", "{command}: {help}");
    }
    site.run(&["init", "--root", "x"]).code(2);
    let run = site.run(&["init"]).code(0);
    assert!(run.stderr.starts_with("created a new wiki here; preview it with `govwiki serve`"));
}

/// `init` in a repository keeps the repository's `.gitignore`, adding only what it lacks.
#[test]
fn init_keeps_an_existing_gitignore_and_adds_what_it_lacks() {
    let site = TestSite::empty();
    site.write(".gitignore", "/target\n/public");
    site.run(&["init"]).code(0);
    assert_eq!(
        site.read(".gitignore"),
        "/target\n/public\n# govwiki: the built site and the build before it\n/.public.govwiki-*\n"
    );
}
