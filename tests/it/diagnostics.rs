//! Diagnostics: one fixture site per class of bad input, with the exact report.
//!
//! Each test copies `tests/fixtures/invalid/<case>` and compares the whole of standard error,
//! so the file, line, column, message, excerpt, caret and help are all part of the contract.

use crate::support::TestSite;

#[track_caller]
fn assert_report(case: &str, expected: &str) {
    let site = TestSite::fixture(&format!("invalid/{case}"));
    let stderr = site.build(1);
    assert_eq!(stderr, expected, "\n--- actual ---\n{stderr}");
    assert!(!site.path().join("public").exists(), "a failed build writes nothing");
}

#[test]
fn broken_yaml_is_reported_at_its_line_and_column() {
    assert_report(
        "broken-yaml",
        r#"error[GW103]: invalid YAML: illegal placement of ':' indicator
 --> content/index.md:4:8
  |
4 | summary: x
  |        ^
  |
  = help: front matter is YAML: `key: value` lines; quote text that contains `: ` or starts with a special character such as `[`, `{`, `*`, `&` or `#`
error: build failed: 1 error
"#,
    );
}

#[test]
fn unknown_keys_get_a_did_you_mean_or_the_kind_they_belong_to() {
    assert_report(
        "unknown-key",
        r#"error[GW105]: unknown key `steps`
 --> content/board.md:4:1
  |
4 | steps: []
  | ^^^^^ not a field of `kind: body`
  |
  = help: `steps` is a field of `workflow` pages: set `kind: workflow`, or remove the line
error[GW105]: unknown key `casedriven`
 --> content/board.md:7:3
  |
7 |   casedriven: [Approve]
  |   ^^^^^^^^^^ responsibilities are `ongoing` or `case_driven`
  |
  = help: did you mean `case_driven`?
error[GW105]: unknown key `titel`
 --> content/index.md:2:1
  |
2 | titel: Home
  | ^^^^^ not a field of `kind: page`
  |
  = help: did you mean `title`?
error: build failed: 3 errors
"#,
    );
}

#[test]
fn wrong_types_name_the_expected_type() {
    assert_report(
        "wrong-type",
        r#"error[GW106]: `part_of` must be one page id, found a list
 --> content/board.md:4:10
  |
4 | part_of: [a, b]
  |          ^ this is a list
error[GW106]: each entry of `formerly` must be a text, found a list
 --> content/board.md:5:23
  |
5 | formerly: [Old board, [nested]]
  |                       ^ this entry is a list
error[GW106]: `order` must be a whole number, found text
 --> content/index.md:3:8
  |
3 | order: first
  |        ^^^^^ this is text
error[GW106]: `labels` must be text, found a mapping
 --> content/index.md:4:1
  |
4 | labels:
  | ^^^^^^ this is a mapping
error: build failed: 4 errors
"#,
    );
}

#[test]
fn duplicate_ids_name_both_files() {
    assert_report(
        "duplicate-id",
        r#"error[GW301]: duplicate id `board`: `content/bodies/board.md` has it too
 --> content/roles/board.md:1:1
  |
1 | ---
  | ^^^ id from the file name
  |
 ::: content/bodies/board.md:1:1
  |
1 | ---
  | --- first use, from the file name
  |
  = help: ids are unique across the site: rename one file, or set `id:` on one page
error: build failed: 1 error
"#,
    );
}

#[test]
fn a_non_utf8_page_points_at_the_first_bad_byte() {
    assert_report(
        "non-utf8",
        r#"error[GW101]: page is not valid UTF-8 text
 --> content/index.md:5:4
  |
5 | Caf� au lait.
  |    ^ first byte that is not UTF-8
  |
  = help: save the file as UTF-8, or remove it if it is not a page
error: build failed: 1 error
"#,
    );
}

#[test]
fn unclosed_front_matter_points_at_the_opening_line() {
    assert_report(
        "unclosed",
        r#"error[GW102]: front matter is never closed
 --> content/index.md:1:1
  |
1 | ---
  | ^^^ opened here
  |
  = help: end the front matter with a line of three dashes: `---`
error: build failed: 1 error
"#,
    );
}

#[test]
fn unknown_references_are_all_reported_in_one_run() {
    assert_report(
        "unknown-reference",
        r#"error[GW201]: `who` names `bord`, but no page has that id
 --> content/flow.md:6:10
  |
6 |     who: bord
  |          ^^^^ expected the id of a body or role page
  |
  = help: did you mean `board`?
error[GW203]: `next` names `later`, but this workflow has no such step
 --> content/flow.md:7:11
  |
7 |     next: later
  |           ^^^^^
error[GW302]: step `Act` has no `who`
 --> content/flow.md:8:12
  |
8 |   - title: Act
  |            ^^^
  |
  = help: name the one body or role responsible: `who: developers-committee`
error[GW201]: `support` names `index`, which is a plain page, not a body or role
 --> content/flow.md:9:15
  |
9 |     support: [index]
  |               ^^^^^
  |
  = help: `support` takes the id of a body or role page
error[GW204]: link to unknown page `bord`
 --> content/index.md:5:5
  |
5 | See [[bord]] and [[flow#nowhere]] and [x](missing.md).
  |     ^^^^^^^^
  |
  = help: did you mean `board`?
error[GW205]: page `flow` has no heading `nowhere`
 --> content/index.md:5:18
  |
5 | See [[bord]] and [[flow#nowhere]] and [x](missing.md).
  |                  ^^^^^^^^^^^^^^^^
  |
  = help: link to the anchor of an existing heading: it is shown when you hover the heading's `#`
error[GW206]: link to `missing.md`, but no page is at that path
 --> content/index.md:5:39
  |
5 | See [[bord]] and [[flow#nowhere]] and [x](missing.md).
  |                                       ^^^^^^^^^^^^^^^
  |
  = help: relative links are resolved from the folder of the page; check the path, or link by id with `[[id]]`
error: build failed: 7 errors
"#,
    );
}
