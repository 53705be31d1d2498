//! `govwiki check`: one fixture site per check, each a good site (`tests/fixtures/check/base`)
//! with one deliberate fault laid over it (`tests/fixtures/check/<case>`), asserting the exact
//! code, severity, file, line and column of every finding; the site's severity settings; and
//! each output format, parsed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

use govwiki::diag::json::Report;

use crate::support::TestSite;

/// The findings of `check --format json` as `CODE severity file:line:column`.
fn findings(site: &TestSite, args: &[&str], code: i32) -> Vec<String> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = site.run(&all).code(code);
    let report: Report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not a JSON report ({e}):\n{}", run.stdout));
    assert_eq!(report.version, 1);
    let errors = report.findings.iter().filter(|f| f.severity == "error").count();
    assert_eq!(report.summary.errors, errors);
    assert_eq!(report.summary.warnings, report.findings.len() - errors);
    report
        .findings
        .iter()
        .map(|f| {
            let at = f.start.map_or(String::new(), |p| format!(":{}:{}", p.line, p.column));
            format!("{} {} {}{at}", f.code, f.severity, f.file)
        })
        .collect()
}

/// The findings as `check` and `build` print them, without the closing summary.
fn printed_findings(stderr: &str) -> Vec<&str> {
    let summary = ["checked ", "built ", "error: check failed", "error: build failed"];
    let finished = ["check finished with", "build finished with"];
    stderr
        .lines()
        .filter(|line| !summary.iter().any(|s| line.starts_with(s)))
        .filter(|line| !finished.iter().any(|s| line.contains(s)))
        .collect()
}

fn case(name: &str) -> TestSite {
    TestSite::overlay("check/base", &format!("check/{name}"))
}

macro_rules! check_case {
    ($($test:ident: $case:literal exits $code:literal with [$($finding:literal),* $(,)?];)*) => {
        $(
            #[test]
            fn $test() {
                let site = case($case);
                assert_eq!(findings(&site, &[], $code), [$($finding),*] as [&str; _]);
                assert!(!site.path().join("public").exists(), "check writes nothing");
                // `build` writes its pages out as it renders them and reads them back for the
                // link check; it finds what `check` finds, in memory, and prints it alike.
                let checked = site.run(&["check"]).code($code).stderr;
                let built = site.run(&["build"]).code($code).stderr;
                assert_eq!(printed_findings(&built), printed_findings(&checked));
                assert!(!printed_findings(&built).is_empty());
            }
        )*
    };
}

check_case! {
    unknown_actor_in_who_is_reported: "unknown-actor" exits 1 with [
        "GW201 error content/workflows/annual-report.md:7:10",
    ];
    unknown_actors_in_support_and_informed_are_reported: "unknown-supporter" exits 1 with [
        "GW201 error content/workflows/annual-report.md:11:28",
        "GW201 error content/workflows/annual-report.md:12:16",
    ];
    a_step_without_who_is_reported: "missing-who" exits 1 with [
        "GW302 error content/workflows/annual-report.md:9:12",
    ];
    unknown_part_of_and_held_by_targets_are_reported: "unknown-target" exits 1 with [
        "GW202 error content/bodies/committee.md:4:10",
        "GW202 error content/roles/secretariat.md:4:18",
    ];
    a_part_of_cycle_is_reported_once_at_its_first_member: "part-of-cycle" exits 1 with [
        "GW304 error content/bodies/board.md:4:10",
    ];
    an_unknown_next_step_is_reported: "unknown-next" exits 1 with [
        "GW203 error content/workflows/annual-report.md:8:11",
    ];
    a_step_no_path_reaches_is_reported: "unreachable-step" exits 1 with [
        "GW306 error content/workflows/annual-report.md:9:9",
    ];
    a_workflow_without_steps_is_reported: "empty-workflow" exits 1 with [
        "GW305 error content/workflows/annual-report.md:4:1",
    ];
    a_duplicate_step_id_is_reported_at_the_second_step: "duplicate-step-id" exits 1 with [
        "GW303 error content/workflows/annual-report.md:11:9",
    ];
    a_bad_id_is_reported_at_its_value: "bad-id" exits 1 with [
        "GW107 error content/minutes.md:3:5",
    ];
    a_duplicate_id_is_reported_at_the_second_file: "duplicate-id" exits 1 with [
        "GW301 error content/roles/board.md:1:1",
    ];
    an_unknown_wiki_link_is_reported: "unknown-page" exits 1 with [
        "GW204 error content/index.md:5:5",
    ];
    an_unknown_heading_is_reported_at_the_wiki_link: "unknown-heading" exits 1 with [
        "GW205 error content/index.md:6:33",
    ];
    a_bad_macro_argument_is_reported_at_the_macro: "bad-macro" exits 1 with [
        "GW207 error content/notes.md:7:1",
    ];
    a_broken_markdown_link_is_traced_to_its_line: "broken-link" exits 1 with [
        "GW401 error content/notes.md:7:48",
    ];
    a_missing_anchor_is_traced_to_its_line: "missing-anchor" exits 1 with [
        "GW402 error content/notes.md:7:34",
    ];
    an_explicit_heading_id_that_repeats_a_theme_id_is_reported_at_the_heading: "duplicate-anchor" exits 1 with [
        "GW403 error content/workflows/annual-report.md:16:1",
    ];
    a_broken_theme_link_is_reported_in_the_rendered_file: "theme-link" exits 1 with [
        "GW401 error public/404.html:35:18",
    ];
    invalid_front_matter_is_reported_by_the_loader_once: "invalid-front-matter" exits 1 with [
        "GW103 error content/notes.md:3:9",
    ];
    an_idle_actor_is_a_warning: "idle-actor" exits 0 with [
        "GW501 warning content/roles/auditor.md:2:8",
    ];
    a_page_nothing_links_to_is_a_warning: "orphan-page" exits 0 with [
        "GW502 warning content/notes.md:2:8",
    ];
    a_body_outside_the_scheme_is_a_warning: "detached-body" exits 0 with [
        "GW503 warning content/bodies/council.md:2:8",
    ];
    a_term_that_has_ended_is_a_warning_at_its_end: "term-ended" exits 0 with [
        "GW601 warning content/bodies/board.md:8:12",
    ];
    too_few_holders_of_a_kind_of_seat_is_a_warning_at_the_rule: "seats-unfilled" exits 0 with [
        "GW602 warning content/bodies/board.md:6:11",
    ];
    one_person_in_two_seats_at_once_is_an_error: "double-seat" exits 1 with [
        "GW603 error content/bodies/board.md:8:5",
    ];
    a_term_that_ends_before_it_begins_is_an_error: "until-before-from" exits 1 with [
        "GW309 error content/bodies/board.md:8:12",
    ];
    a_decision_outside_its_body_s_mandate_is_an_error_at_the_topic: "outside-mandate" exits 1 with [
        "GW604 error content/decisions/new-office.md:6:8",
    ];
    a_meeting_below_quorum_is_a_warning_at_its_date: "below-quorum" exits 0 with [
        "GW605 warning content/meetings/2024-06.md:5:7",
    ];
    a_superseded_page_without_successor_is_an_error: "no-successor" exits 1 with [
        "GW606 error content/notes.md:3:9",
    ];
    unknown_people_bodies_and_accountable_actors_are_reported: "unknown-person" exits 1 with [
        "GW208 error content/bodies/board.md:5:13",
        "GW202 error content/bodies/board.md:7:19",
        "GW202 error content/meetings/2024-06.md:4:5",
        "GW208 error content/meetings/2024-06.md:6:13",
        "GW201 error content/workflows/annual-report.md:15:18",
    ];
    a_page_that_succeeds_itself_and_delegations_that_come_back_are_errors: "relation-cycle" exits 1 with [
        "GW310 error content/bodies/board.md:5:16",
        "GW310 error content/bodies/committee.md:5:15",
        "GW310 error content/decisions/budget-2024.md:6:14",
    ];
    more_holders_of_a_kind_of_seat_than_allowed_is_a_warning_at_the_rule: "seats-overfilled" exits 0 with [
        "GW607 warning content/bodies/board.md:5:10",
    ];
    a_seat_kind_close_to_one_of_the_rules_is_a_warning_at_the_kind: "unlisted-seat" exits 0 with [
        "GW608 warning content/bodies/board.md:11:11",
    ];
    decisions_and_meetings_without_body_or_date_are_warnings: "incomplete-record" exits 0 with [
        "GW609 warning content/decisions/premises.md:2:8",
        "GW502 warning content/meetings/spring.md:2:8",
        "GW609 warning content/meetings/spring.md:2:8",
    ];
    a_meeting_listing_another_body_s_decision_is_a_warning_at_the_entry: "foreign-decision" exits 0 with [
        "GW610 warning content/meetings/2024-03.md:6:13",
    ];
    seats_that_contradict_themselves_are_errors_at_the_value: "bad-seat" exits 1 with [
        "GW108 error content/bodies/board.md:4:9",
        "GW108 error content/bodies/board.md:7:3",
        "GW108 error content/bodies/board.md:8:3",
        "GW208 error content/bodies/board.md:10:13",
        "GW108 error content/bodies/board.md:11:5",
        "GW108 error content/bodies/board.md:16:5",
        "GW108 error content/bodies/board.md:18:11",
        "GW105 error content/bodies/board.md:19:5",
    ];
    dates_that_are_no_calendar_dates_are_reported: "bad-date" exits 1 with [
        "GW110 error content/bodies/board.md:4:12",
        "GW110 error content/bodies/board.md:7:11",
    ];
}

/// The governance checks hold for today unless `--as-of` names the day: a term is current
/// before its end and ended after it, a seat rule met or not, reproducibly.
#[test]
fn as_of_sets_the_day_the_governance_checks_hold_for() {
    let site = case("term-ended");
    assert_eq!(findings(&site, &["--as-of", "2000-06-30"], 0), [] as [&str; 0]);
    assert_eq!(
        findings(&site, &["--as-of", "2001-01-01"], 0),
        ["GW601 warning content/bodies/board.md:8:12"]
    );
    let run = site.run(&["check", "--as-of", "2001-01-01"]).code(0);
    let said = "the term of Ada Lovelace as chair ended on 2000-12-31";
    assert!(run.stderr.contains(said), "{}", run.stderr);
    let unfilled = case("seats-unfilled");
    let run = unfilled.run(&["check", "--as-of", "2026-01-01"]).code(0);
    let said = "1 `member` seat is held on 2026-01-01, where `seats` asks for 2 to 5";
    assert!(run.stderr.contains(said), "{}", run.stderr);
    // Before the chair's term began, no chair either.
    assert_eq!(
        findings(&unfilled, &["--as-of", "1999-12-31"], 0),
        [
            "GW602 warning content/bodies/board.md:5:10",
            "GW602 warning content/bodies/board.md:6:11"
        ]
    );
    // Only a day written as front matter writes one: no time, offset, sign or extra digit.
    for day in
        ["31/12/2000", "2000-12-31T23:00:00-05:00", "+002000-12-31", "2000-12-31 ", "2001-02-29"]
    {
        let bad = site.run(&["check", "--as-of", day]).code(2);
        assert!(
            bad.stderr.contains(&format!(
                "invalid value '{day}' for '--as-of <DATE>': expected a calendar date written \
                 `YYYY-MM-DD`, such as `2026-01-31`"
            )),
            "{}",
            bad.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_content_is_an_unreadable_file() {
    let site = TestSite::fixture("check/base");
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "---\ntitle: Secret\n---\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("content/secret.md")).unwrap();
    assert_eq!(findings(&site, &[], 1), ["GW100 error content/secret.md"]);
}

#[test]
fn the_good_site_passes_with_warnings_denied() {
    let site = TestSite::fixture("check/base");
    let run = site.run(&["check", "--deny-warnings"]).code(0);
    assert_eq!(site.redact(&run.stderr), "checked 6 pages in [MS]\n");
    assert_eq!(run.stdout, "");
}

#[test]
fn deny_warnings_makes_warnings_fail() {
    let site = case("orphan-page");
    let found = findings(&site, &["--deny-warnings"], 1);
    assert_eq!(found, ["GW502 error content/notes.md:2:8"]);
}

#[test]
fn the_site_sets_the_level_of_a_finding_class_by_code_or_name() {
    let site = case("orphan-page");
    site.write("govwiki.yaml", "check:\n  severity:\n    orphan-page: error\n");
    assert_eq!(findings(&site, &[], 1), ["GW502 error content/notes.md:2:8"]);
    site.write("govwiki.yaml", "check:\n  severity:\n    GW502: off\n");
    assert_eq!(findings(&site, &[], 0), Vec::<String>::new());
    let site = case("unknown-actor");
    site.write("govwiki.yaml", "check:\n  severity:\n    unknown-actor: warning\n");
    assert_eq!(findings(&site, &[], 0), ["GW201 warning content/workflows/annual-report.md:7:10"]);
}

#[test]
fn bad_checker_settings_are_reported_in_govwiki_yaml() {
    let site = TestSite::fixture("check/base");
    site.write(
        "govwiki.yaml",
        "check:\n  severity:\n    orphan-pages: off\n  skip:\n    - \"^https://(unclosed\"\n",
    );
    let run = site.run(&["check"]).code(1);
    assert_eq!(
        run.stderr,
        r#"error[GW108]: `check.severity` names `orphan-pages`, which is no finding code
 --> govwiki.yaml:3:19
  |
3 |     orphan-pages: off
  |                   ^^^ the level of an unknown code
  |
  = help: did you mean `orphan-page`?
error[GW108]: `check.skip` pattern `^https://(unclosed` is not a valid regular expression
 --> govwiki.yaml:5:7
  |
5 |     - "^https://(unclosed"
  |       ^^^^^^^^^^^^^^^^^^^^ error: unclosed group
  |
  = help: patterns are regular expressions: escape `.`, `?`, `(` and `[` with `\`, such as `^https://example\.org/`
error: check failed: 2 errors
"#
    );
}

#[test]
fn human_output_names_the_whole_cycle_with_excerpts() {
    let site = case("part-of-cycle");
    let run = site.run(&["check"]).code(1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        r#"error[GW304]: `part_of` forms a cycle: `board` → `committee` → `board`
 --> content/bodies/board.md:4:10
  |
4 | part_of: committee
  |          ^^^^^^^^^ this `part_of` closes the cycle
  |
 ::: content/bodies/committee.md:4:10
  |
4 | part_of: board
  |          ----- part of the cycle
  |
  = help: a body cannot contain itself: remove `part_of` from one of the bodies in the cycle
error: check failed: 1 error
"#
    );
}

#[test]
fn github_format_annotates_the_file_and_line() {
    let site = case("unknown-actor");
    let run = site.run(&["check", "--format", "github"]).code(1);
    assert_eq!(
        run.stdout,
        "::error file=content/workflows/annual-report.md,line=7,col=10,endLine=7,endColumn=21,\
         title=GW201 unknown-actor::`who` names `secretaryat`, but no page has that id%0A\
         help: did you mean `secretariat`?\n"
    );
    assert_eq!(run.stderr, "", "machine formats keep standard error clean");
}

#[test]
fn junit_format_is_a_test_report_with_one_suite_per_file() {
    let site = case("unknown-supporter");
    let run = site.run(&["check", "--format", "junit"]).code(1);
    let xml = roxmltree::Document::parse(&run.stdout).expect("JUnit output is XML");
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("failures"), Some("2"));
    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    let names: Vec<_> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(
        names,
        [
            "content/bodies/board.md",
            "content/bodies/committee.md",
            "content/index.md",
            "content/notes.md",
            "content/roles/secretariat.md",
            "content/workflows/annual-report.md",
            "govwiki.yaml",
        ]
    );
    let workflow = suites[5];
    assert_eq!(workflow.attribute("failures"), Some("2"));
    let failures: Vec<_> = workflow.descendants().filter(|n| n.has_tag_name("failure")).collect();
    assert_eq!(failures.len(), 2);
    assert_eq!(failures[0].attribute("type"), Some("GW201"));
    assert_eq!(
        failures[0].attribute("message"),
        Some("`support` names `treasurer`, but no page has that id")
    );
    assert!(failures[0].text().unwrap().contains("11 |     support: [secretariat, treasurer]"));
    let board = suites[0].children().find(|n| n.has_tag_name("testcase")).unwrap();
    assert_eq!(board.attribute("name"), Some("checked"));
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let site = TestSite::fixture("check/base");
    let run = site.run(&["check", "--format", "xml"]).code(2);
    assert!(run.stderr.contains("invalid value 'xml' for '--format <FORMAT>'"), "{}", run.stderr);
}

#[test]
fn build_runs_the_model_and_link_checks_and_fails_on_errors() {
    for name in ["part-of-cycle", "broken-link", "unreachable-step"] {
        let site = case(name);
        let stderr = site.build(1);
        assert!(stderr.ends_with("error: build failed: 1 error\n"), "{name}: {stderr}");
        assert!(!site.path().join("public").exists(), "{name}: a failed build writes nothing");
        let left: Vec<_> =
            std::fs::read_dir(site.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(
            !left.iter().any(|name| name.to_string_lossy().starts_with(".public")),
            "{name}: {left:?}"
        );
    }
    let site = case("orphan-page");
    let stderr = site.build(0);
    assert!(stderr.contains("warning[GW502]"), "{stderr}");
    site.run(&["build", "--deny-warnings"]).code(1);
}

#[test]
fn the_bundled_wiki_passes_with_warnings_denied() {
    let root = env!("CARGO_MANIFEST_DIR");
    let run = TestSite::empty().run(&["check", "--root", root, "--deny-warnings"]).code(0);
    assert!(run.stderr.starts_with("checked "), "{}", run.stderr);
}

/// A server on 127.0.0.1 that answers `/ok` with 200 and everything else with 404, and
/// counts the requests it got.
struct LinkServer {
    url: String,
    requests: Arc<AtomicUsize>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl LinkServer {
    fn start() -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let (serving, counting) = (Arc::clone(&server), Arc::clone(&requests));
        let thread = std::thread::spawn(move || {
            for mut request in serving.incoming_requests() {
                counting.fetch_add(1, Ordering::SeqCst);
                let mut body = Vec::new();
                let _ = request.as_reader().read_to_end(&mut body);
                let status = if request.url() == "/ok" { 200 } else { 404 };
                let _ = request.respond(tiny_http::Response::empty(status));
            }
        });
        LinkServer { url, requests, server, thread: Some(thread) }
    }
}

impl Drop for LinkServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[test]
fn external_links_are_checked_only_with_external() {
    let server = LinkServer::start();
    let site = TestSite::fixture("check/base");
    let url = &server.url;
    site.write(
        "content/notes.md",
        format!(
            "---\ntitle: Notes\n---\n\nSee [the rules]({url}/ok), [the old rules]({url}/gone)\n\
             and [the rules again]({url}/ok#scope).\n"
        ),
    );
    assert_eq!(findings(&site, &[], 0), Vec::<String>::new());
    assert_eq!(server.requests.load(Ordering::SeqCst), 0, "no request without --external");

    let run = site.run(&["check", "--external"]).code(1);
    let gone = format!("{url}/gone");
    // The second link starts after `See [the rules](URL/ok), ` on line 5.
    let column = "See [the rules](".len() + url.len() + "/ok), ".len() + 1;
    assert!(
        run.stderr.starts_with(&format!(
            "error[GW404]: external link `{gone}` answers with HTTP status 404\n \
             --> content/notes.md:5:{column}\n"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("checked 2 external links in "),
        "one request per distinct URL: {}",
        run.stderr
    );
    assert!(run.stderr.ends_with(": 1 broken\nerror: check failed: 1 error\n"), "{}", run.stderr);

    site.write("govwiki.yaml", "check:\n  severity:\n    broken-external-link: warning\n");
    let warning = format!("GW404 warning content/notes.md:5:{column}");
    assert_eq!(findings(&site, &["--external"], 0), [warning]);

    site.write("govwiki.yaml", format!("check:\n  skip:\n    - '^{url}/gone'\n"));
    assert_eq!(findings(&site, &["--external"], 0), Vec::<String>::new());
}

/// Ids that differ only by a Cyrillic `о`, a zero-width space or a right-to-left override
/// look the same to a reader: each is a warning naming the page it looks like.
#[test]
fn ids_that_differ_only_by_look_alike_or_invisible_characters_are_warnings() {
    let site = TestSite::fixture("check/base");
    for (file, id) in [
        ("cyrillic", "b\u{43e}ard"),
        ("zero-width", "bo\u{200b}ard"),
        ("override", "board\u{202e}"),
    ] {
        site.write(
            &format!("content/{file}.md"),
            format!("---\ntitle: Lookalike\nid: \"{id}\"\n---\n\nx\n"),
        );
    }
    let run = site.run(&["check", "--format", "json"]).code(0);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut messages: Vec<String> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "GW504")
        .map(|d| format!("{} {}", d["file"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    messages.sort();
    assert_eq!(
        messages,
        [
            "content/cyrillic.md id `b\\u{43e}ard` looks like `board` of `content/bodies/board.md`",
            "content/override.md id `board\\u{202e}` looks like `board` of `content/bodies/board.md`",
            "content/zero-width.md id `bo\\u{200b}ard` looks like `board` of `content/bodies/board.md`",
        ],
        "{}",
        run.stdout
    );
}

/// `contributes_to` names bodies: a role there is an error at the value, and the role page
/// lists the bodies it contributes to, each body the roles contributing to it.
#[test]
fn contributes_to_names_bodies_and_both_pages_show_it() {
    let site = TestSite::empty();
    site.write("content/index.md", "---\ntitle: Home\n---\n\n[[board]] [[partners]] [[desk]]\n");
    site.write("content/board.md", "---\ntitle: Board\nkind: body\n---\n");
    site.write("content/desk.md", "---\ntitle: Desk\nkind: role\nheld_by: board\n---\n");
    site.write(
        "content/partners.md",
        "---\ntitle: Partners\nkind: role\ncontributes_to: [board, desk]\n---\n",
    );
    let run = site.run(&["check", "--no-history"]).code(1);
    assert!(
        run.stderr
            .contains("error[GW202]: `contributes_to` names `desk`, which is a role, not a body"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/partners.md:4:25"), "{}", run.stderr);
    site.write(
        "content/partners.md",
        "---\ntitle: Partners\nkind: role\ncontributes_to: board\n---\n",
    );
    site.run(&["build", "--no-history"]).code(0);
    let partners = site.main_of("public/partners/index.html");
    assert!(partners.contains("<dt>Contributes to</dt>"), "{partners}");
    let board = site.main_of("public/board/index.html");
    assert!(board.contains("<dt>Contributed to by</dt>"), "{board}");
    assert!(
        site.read("public/scheme.html").contains("<title>Partners contributes to Board</title>")
    );
}

/// A holder's overlapping terms are found whatever order they are written in, against the
/// term that runs longest of those begun before; terms one after another are no overlap.
#[test]
fn a_holder_in_two_seats_is_found_whatever_the_order_of_the_terms() {
    let site = case("double-seat");
    write_board(
        &site,
        &[
            "- {person: ada, seat: chair, from: 2000-01-01, until: 2010-12-31}",
            "- {person: ada, seat: treasurer, from: 2011-01-01, until: 2012-12-31}",
            "- {person: ada, seat: member, from: 2005-01-01, until: 2006-12-31}",
            "- {name: Grace Hopper, seat: member, until: 1999-12-31}",
            "- {name: Grace Hopper, seat: chair, from: 2011-01-01}",
            "- {name: Grace Hopper, seat: secretary, from: 2000-01-01, until: 2010-12-31}",
        ],
    );
    // The ended terms no one followed are warnings of their own.
    assert_eq!(
        findings(&site, &[], 1),
        [
            "GW601 warning content/bodies/board.md:6:61",
            "GW603 error content/bodies/board.md:7:5",
            "GW601 warning content/bodies/board.md:7:58",
            "GW601 warning content/bodies/board.md:10:68",
        ]
    );
    let run = site.run(&["check"]).code(1);
    let said = "Ada Lovelace holds two seats of this body at once: chair and member";
    assert!(run.stderr.contains(said), "{}", run.stderr);
}

/// Two terms in one seat are a renewal, not two seats, even on the day they meet; an ended
/// term whose seat someone holds today is history, whether or not the holder's `from` is
/// known.
#[test]
fn a_renewal_and_a_seat_held_today_are_no_findings() {
    let site = case("double-seat");
    write_board(
        &site,
        &[
            "- {person: ada, seat: chair, from: 2020-01-01, until: 2023-01-01}",
            "- {person: ada, seat: chair, from: 2023-01-01}",
            "- {name: Bob, for: Org A, from: 2020-01-01, until: 2024-12-31}",
            "- {name: Zed, for: Org A}",
            "- {name: Bea, for: Org B, from: 2020-01-01, until: 2024-12-31}",
            "- {name: Bea, for: Org C, from: 2024-01-01}",
        ],
    );
    // Bea's seat for Org B, which no one holds now, ended unfollowed; and she held it while
    // she held another.
    assert_eq!(
        findings(&site, &["--as-of", "2025-06-01"], 1),
        ["GW601 warning content/bodies/board.md:9:54", "GW603 error content/bodies/board.md:10:5",]
    );
    let run = site.run(&["check", "--as-of", "2025-06-01"]).code(1);
    let said = "Bea holds two seats of this body at once: member for Org B and member for Org C";
    assert!(run.stderr.contains(said), "{}", run.stderr);
}

/// A quorum may be a percentage of the seats held, counted as a share is; one over 100% is
/// no quorum.
#[test]
fn a_quorum_in_percent_is_counted() {
    let site = case("below-quorum");
    let board = site.read("content/bodies/board.md");
    site.write("content/bodies/board.md", board.replace("quorum: 2/3", "quorum: 50%"));
    assert_eq!(findings(&site, &[], 0), ["GW605 warning content/meetings/2024-06.md:5:7"]);
    let run = site.run(&["check"]).code(0);
    assert!(
        run.stderr
            .contains("1 of the 3 seats of Board held on 2024-06-12 attended; the quorum is 2")
    );
    site.write("content/bodies/board.md", board.replace("quorum: 2/3", "quorum: 150%"));
    assert_eq!(findings(&site, &[], 1), ["GW108 error content/bodies/board.md:4:9"]);
}

/// Writes the board of `site` with `members`, each one line of YAML flow (`- {…}`).
fn write_board(site: &TestSite, members: &[&str]) {
    let members: String = members.iter().map(|member| format!("  {member}\n")).collect();
    site.write(
        "content/bodies/board.md",
        format!(
            "---\ntitle: Board\nkind: body\nmembers:\n{members}responsibilities:\n  ongoing:\n    \
             - Set the strategy\n---\n\nThe board.\n"
        ),
    );
}
