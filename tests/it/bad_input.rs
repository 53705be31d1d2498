//! Bad input of every kind a wiki's many editors and their tools can produce: each must end in
//! a clear finding and exit code 1 (or a normal build where the input is merely unusual),
//! never a panic, a hang or unbounded memory. Each build runs under a deadline.

use std::fs::File;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// How long any one build of these sites may take, in a debug build on a loaded machine.
const DEADLINE: Duration = Duration::from_secs(90);

/// The exit code and standard error of `govwiki build --no-history`, which must end within
/// [`DEADLINE`] and must not panic.
fn build(site: &TestSite) -> (i32, String) {
    let stderr_path = site.path().join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_govwiki"))
        .args(["build", "--no-history"])
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .stdout(File::create(site.path().join("stdout.txt")).unwrap())
        .stderr(File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("the build did not end within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (status.code().unwrap_or(-1), stderr)
}

/// Adds `markdown` to the home page, so that the pages it links to are not orphans.
fn link_from_home(site: &TestSite, markdown: &str) {
    site.write("content/index.md", format!("{}\n{markdown}\n", site.read("content/index.md")));
}

#[track_caller]
fn assert_finding(site: &TestSite, code: &str, place: &str) -> String {
    let (exit, stderr) = build(site);
    assert_eq!(exit, 1, "{stderr}");
    let heading = stderr.lines().position(|line| line.starts_with(&format!("error[{code}]")));
    let at = heading.and_then(|i| stderr.lines().nth(i + 1)).unwrap_or_default();
    assert!(at.contains(place), "no {code} at {place}:\n{stderr}");
    stderr
}

#[test]
fn binary_files_named_md_are_not_text() {
    let site = TestSite::fixture("build/good");
    let mut bytes = b"---\ntitle: Logo\n---\n".to_vec();
    bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    site.write("content/logo.md", bytes);
    let stderr = assert_finding(&site, "GW101", "content/logo.md:");
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_are_read_as_usual() {
    let site = TestSite::fixture("build/good");
    site.write("content/bom.md", "\u{feff}---\ntitle: With a BOM\n---\n\nSee [[crlf]].\n");
    site.write(
        "content/crlf.md",
        "---\r\ntitle: Windows lines\r\nsummary: Written on Windows.\r\n---\r\n\r\n## Part\r\n\r\nSee [[bom]] and [[board]].\r\n",
    );
    link_from_home(&site, "[[bom]] [[crlf]]");
    let (exit, stderr) = build(&site);
    assert_eq!(exit, 0, "{stderr}");
    assert!(site.read("public/bom/index.html").contains("<h1>With a BOM</h1>"));
    let crlf = site.main_of("public/crlf/index.html");
    assert!(crlf.contains("<h1>Windows lines</h1>"), "{crlf}");
    assert!(crlf.contains("<p class=\"summary\">Written on Windows.</p>"), "{crlf}");
    assert!(crlf.contains("<h2 id=\"part\">"), "{crlf}");
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let site = TestSite::fixture("build/good");
    let mut yaml =
        String::from("---\ntitle: Laughs\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (previous, name) in ('a'..='i').zip('b'..='j') {
        let refs = vec![format!("*{previous}"); 9].join(", ");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    yaml.push_str("---\n");
    site.write("content/laughs.md", yaml);
    let started = Instant::now();
    let stderr = assert_finding(&site, "GW103", "content/laughs.md:");
    assert!(stderr.contains("too large or too complex"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
}

#[test]
fn deep_nesting_is_a_finding_in_yaml_and_fine_in_markdown() {
    let site = TestSite::fixture("build/good");
    let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
    site.write("content/deep-yaml.md", format!("---\ntitle: Deep\nextra: {deep}\n---\n"));
    let stderr = assert_finding(&site, "GW103", "content/deep-yaml.md:3:");
    assert!(stderr.contains("recursion limit"), "{stderr}");

    let site = TestSite::fixture("build/good");
    let markdown = format!("{}quoted\n\n{}listed\n", "> ".repeat(1000), "- ".repeat(1000));
    site.write("content/deep.md", format!("---\ntitle: Deep\n---\n\n{markdown}"));
    link_from_home(&site, "[[deep]]");
    let (exit, stderr) = build(&site);
    assert_eq!(exit, 0, "{stderr}");
    assert!(site.read("public/deep/index.html").matches("<blockquote>").count() >= 100);
}

#[test]
fn a_page_of_50_megabytes_builds() {
    let site = TestSite::fixture("build/good");
    let paragraph = "The board decides on the budget after hearing the committee. ".repeat(16);
    let mut page = String::from("---\ntitle: Minutes\n---\n\n");
    while page.len() < 50_000_000 {
        page.push_str(&paragraph);
        page.push_str("\n\n");
    }
    site.write("content/minutes.md", &page);
    link_from_home(&site, "[[minutes]]");
    let (exit, stderr) = build(&site);
    assert_eq!(exit, 0, "{stderr}");
    let html = std::fs::metadata(site.path().join("public/minutes/index.html")).unwrap();
    assert!(html.len() > 50_000_000, "{} bytes", html.len());
}

#[test]
fn a_page_with_100000_links_builds_and_checks_them_all() {
    let site = TestSite::fixture("build/good");
    let mut links: Vec<&str> = vec!["[[board]]"; 100_000];
    links[99_999] = "[[nobody]]";
    site.write("content/links.md", format!("---\ntitle: Links\n---\n\n{}\n", links.join(" ")));
    let stderr = assert_finding(&site, "GW204", "content/links.md:5:");
    assert!(stderr.contains("`nobody`"), "{stderr}");
}

/// Each `[[text]](url)` reads its URL again from a few hundred bytes after it, never from the
/// rest of the line: a line of 100,000 of them builds, each link whole. Reading the rest of
/// the paragraph each time took minutes.
#[test]
fn a_line_of_100000_wiki_links_with_urls_builds() {
    let site = TestSite::fixture("build/good");
    let links: Vec<String> =
        (0..100_000).map(|n| format!("[[Board]](https://example.org/{n}_(x))")).collect();
    site.write("content/links.md", format!("---\ntitle: Links\n---\n\n{}\n", links.join(" ")));
    link_from_home(&site, "[[links]]");
    let (exit, stderr) = build(&site);
    assert_eq!(exit, 0, "{stderr}");
    let page = site.read("public/links/index.html");
    assert_eq!(page.matches(">[Board]</a>").count(), 100_000);
    assert!(page.contains(r#"<a href="https://example.org/99999_(x)">[Board]</a>"#));
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_content_and_in_loops_are_findings() {
    use std::os::unix::fs::symlink;
    let site = TestSite::fixture("build/good");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "---\ntitle: Secret\n---\n").unwrap();
    symlink(outside.path(), site.path().join("content/elsewhere")).unwrap();
    symlink(outside.path().join("secret.md"), site.path().join("content/secret.md")).unwrap();
    symlink("..", site.path().join("content/bodies/again")).unwrap();
    let (exit, stderr) = build(&site);
    assert_eq!(exit, 1, "{stderr}");
    for (place, reason) in [
        ("content/elsewhere", "a symbolic link to a folder outside the content"),
        ("content/secret.md", "a symbolic link to a file outside the content"),
        ("content/bodies/again", "loops back to one of its own folders"),
    ] {
        assert!(stderr.contains(&format!("--> {place}\n")), "{place}:\n{stderr}");
        assert!(stderr.contains(reason), "{reason}:\n{stderr}");
    }
    assert!(!stderr.contains("Secret"), "nothing outside content/ is read:\n{stderr}");
}

/// A named pipe or a folder named like a page was skipped without a word: both are findings,
/// and the pipe is never opened (reading it would wait for a writer for ever).
#[cfg(unix)]
#[test]
fn a_named_pipe_or_a_folder_named_like_a_page_is_a_finding() {
    let site = TestSite::fixture("build/good");
    let fifo = site.path().join("content/pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    site.write("content/archive.md/old.md", "---\ntitle: Old\n---\n\nx\n");
    let (exit, stderr) = build(&site);
    assert_eq!(exit, 1, "{stderr}");
    for (place, reason) in [
        ("content/pipe.md", "it is not a regular file (a named pipe, socket or device)"),
        ("content/archive.md", "it is a folder named like a page"),
    ] {
        assert!(stderr.contains(&format!("--> {place}\n")), "{place}:\n{stderr}");
        assert!(stderr.contains(reason), "{reason}:\n{stderr}");
    }
}

/// A page that disappears between discovery and reading (here a link whose target is gone,
/// which reads the same way, and which root, who runs CI, cannot make unreadable otherwise).
#[cfg(unix)]
#[test]
fn a_page_that_cannot_be_read_is_a_finding() {
    let site = TestSite::fixture("build/good");
    std::os::unix::fs::symlink("gone.md", site.path().join("content/vanished.md")).unwrap();
    let stderr = assert_finding(&site, "GW100", "content/vanished.md");
    assert!(stderr.contains("No such file or directory"), "{stderr}");
}

#[test]
fn ids_that_differ_only_in_case_are_duplicates() {
    let site = TestSite::fixture("build/good");
    site.write("content/Board.md", "---\ntitle: Another board\n---\n");
    let stderr = assert_finding(&site, "GW301", "content/");
    assert!(stderr.contains("only in case"), "{stderr}");
}

#[test]
fn names_with_spaces_and_accents_get_encoded_urls() {
    let site = TestSite::fixture("build/good");
    site.write("content/Über uns.md", "---\ntitle: Über uns\n---\n\nSee [[board]].\n");
    link_from_home(&site, "[[Über uns]] and [the same](Über%20uns.md).");
    let (exit, stderr) = build(&site);
    assert_eq!(exit, 0, "{stderr}");
    assert!(site.path().join("public/Über uns/index.html").is_file());
    let home = site.main_of("public/index.html");
    assert_eq!(home.matches(r#"href="%C3%9Cber%20uns/index.html""#).count(), 2, "{home}");
    assert!(site.read("public/toc.html").contains(r#"href="%C3%9Cber%20uns/index.html""#));
    // The page names itself as the sidebar's links do, so the sidebar can mark it.
    let page = site.read("public/Über uns/index.html");
    assert!(page.contains(r#"data-current="%C3%9Cber%20uns/index.html""#), "{page}");
}

/// A title of 100,000 characters and 5,000 labels wrote half a gigabyte: each is a finding,
/// and only a bounded part of it is used.
#[test]
fn absurd_field_values_are_findings_and_cut() {
    let site = TestSite::fixture("check/base");
    let labels: Vec<String> = (0..5000).map(|n| format!("label-{n}")).collect();
    site.write(
        "content/huge.md",
        format!("---\ntitle: {}\nlabels: [{}]\n---\n\nx\n", "T".repeat(100_000), labels.join(", ")),
    );
    let run = site.run(&["check"]).code(1);
    let errors: Vec<_> = run.stderr.lines().filter(|l| l.starts_with("error[")).collect();
    assert_eq!(
        errors,
        [
            "error[GW109]: `title` is 100000 characters long, more than the 300 it may have",
            "error[GW109]: `labels` has 5000 items, more than the 100 it may have",
        ],
        "{}",
        run.stderr
    );
    // Each finding shows a window of the long line, not the line.
    assert!(run.stderr.len() < 10_000, "{} bytes of findings", run.stderr.len());
}

/// Findings on one long line cost in proportion to their number: 10,000 broken links on one
/// line took 15 seconds, 20,000 over a minute, as each finding went over the whole line; the
/// build must end within [`DEADLINE`].
#[test]
fn thousands_of_findings_on_one_line_do_not_hang_the_build() {
    let site = TestSite::fixture("check/base");
    let links: Vec<String> = (0..20_000).map(|n| format!("[x](missing-{n}.html)")).collect();
    site.write("content/huge.md", format!("---\ntitle: Huge\n---\n\n{}\n", links.join(" ")));
    let (exit, stderr) = build(&site);
    assert_eq!(exit, 1);
    assert_eq!(stderr.matches("error[GW401]").count(), 20_000);
    let last = "link `../missing-19999.html` leads to `missing-19999.html`";
    let at = stderr.find(last).expect("the last finding");
    let column = stderr[at..].lines().nth(1).unwrap();
    let expected = links[..19_999].iter().map(|l| l.len() + 1).sum::<usize>() + 1;
    assert_eq!(column, format!(" --> content/huge.md:5:{expected}"));
}

/// Memory stays within a small multiple of a page's size, however dense its markup: a line
/// of 2 MB of emphasis took 278 MB (139 bytes per byte), as every event of the page was
/// kept until the page was written.
#[cfg(target_os = "linux")]
#[test]
fn dense_markup_takes_memory_in_proportion_to_the_page() {
    let site = TestSite::fixture("check/base");
    let page = format!("---\ntitle: Dense\n---\n\n{}\n", "*a* ".repeat(500_000));
    site.write("content/dense.md", &page);
    let mut child = Command::new(env!("CARGO_BIN_EXE_govwiki"))
        .args(["build", "--no-history"])
        .current_dir(site.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The high-water mark only grows: read until the build ends, the last read holds it.
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0_u64;
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(started.elapsed() < DEADLINE, "the build did not end within {DEADLINE:?}");
        let read = std::fs::read_to_string(&status).unwrap_or_default();
        let hwm = read.lines().find_map(|line| line.strip_prefix("VmHWM:"));
        if let Some(kib) = hwm.and_then(|value| value.split_whitespace().next()?.parse().ok()) {
            peak_kib = peak_kib.max(kib);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let per_byte = peak_kib * 1024 / page.len() as u64;
    assert!(
        peak_kib > 0 && per_byte < 100,
        "{peak_kib} KiB at the peak, {per_byte} bytes per byte"
    );
}

/// A body of tens of thousands of seats, as many as the limit of YAML nodes lets a page have,
/// is checked whole: each holder in two seats at once found once, each ended term matched
/// with the one that followed it.
#[test]
fn a_body_of_thirty_thousand_seats_is_checked_and_each_finding_made_once() {
    let site = TestSite::fixture("check/base");
    let mut board = String::from("---\ntitle: Board\nkind: body\nmembers:\n");
    for n in 0..15_000 {
        board.push_str(&format!(
            "  - name: Member {n}\n    from: 1990-01-01\n    until: 1999-12-31\n  - name: \
             Member {n}\n    from: 2000-01-01\n"
        ));
    }
    board.push_str("  - name: Member 7\n    seat: chair\n    from: 2001-01-01\n");
    board.push_str("responsibilities:\n  ongoing:\n    - Set the strategy\n---\n\nThe board.\n");
    site.write("content/bodies/board.md", board);
    let (exit, stderr) = build(&site);
    assert_eq!(exit, 1, "{stderr}");
    // Only the chair's seat overlaps another term of its holder, and every ended term has
    // its successor.
    assert_eq!(stderr.matches("error[GW603]").count(), 1, "{stderr}");
    assert!(stderr.contains("Member 7 holds two seats of this body at once: member and chair"));
    assert!(!stderr.contains("GW601"), "{stderr}");
}
