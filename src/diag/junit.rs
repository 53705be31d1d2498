//! The `junit` format of `govwiki check`: a JUnit XML report for the test tabs of CI systems.
//!
//! The input is the run's diagnostics and every source it checked; the output is one XML
//! document. Each checked file is a `<testsuite>`, in name order, and each finding a
//! `<testcase>` of it: an error holds a `<failure>` (so the file fails), a warning holds its
//! text in `<system-out>` (so it passes but is shown). A file without findings gets one passing
//! `checked` test case, so that a clean run still lists every file it checked:
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="govwiki check" tests="2" failures="1" errors="0">
//!   <testsuite name="content/b.md" tests="1" failures="1" errors="0">
//!     <testcase classname="content/b.md" name="GW201 unknown-actor at 3:6" file="content/b.md" line="3">
//!       <failure type="GW201" message="unknown actor `bord`">error[GW201]: unknown actor `bord`
//!  --> content/b.md:3:6
//! ...
//! </failure>
//!     </testcase>
//!   </testsuite>
//!   <testsuite name="content/index.md" tests="1" failures="0" errors="0">
//!     <testcase classname="content/index.md" name="checked" file="content/index.md"/>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! The text of a finding is its plain human rendering. The `file` and `line` attributes are
//! not in the Ant schema, but GitLab and the GitHub JUnit report actions use them to link a
//! test case to its source line. The document is written with quick-xml's writer, which
//! escapes markup characters; characters that XML 1.0 cannot hold at all (most C0 controls)
//! are replaced with U+FFFD, because a page may contain them and the report must still parse.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::human::HumanRenderer;
use super::{Diagnostic, Severity, Sources};

/// The name of the whole report, shown by CI systems above the files.
const REPORT_NAME: &str = "govwiki check";

/// The test case name of a file without findings.
const CHECKED: &str = "checked";

/// Renders `diagnostics` about the files of `sources` as a JUnit XML document.
#[must_use]
pub fn render_junit(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let mut files: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for (_, source) in sources.iter() {
        files.entry(source.name.as_str()).or_default();
    }
    for diagnostic in diagnostics {
        files.entry(sources.get(diagnostic.source).name.as_str()).or_default().push(diagnostic);
    }
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a `Vec` cannot fail, so the empty fallback is never taken.
    if write_report(&mut writer, &files, sources).is_err() {
        return String::new();
    }
    let mut text = String::from_utf8_lossy(&writer.into_inner()).into_owned();
    text.push('\n');
    text
}

/// Writes the declaration and the `<testsuites>` element.
fn write_report(
    writer: &mut Writer<Vec<u8>>,
    files: &BTreeMap<&str, Vec<&Diagnostic>>,
    sources: &Sources,
) -> io::Result<()> {
    let tests: usize = files.values().map(|found| found.len().max(1)).sum();
    let failures = files.values().flatten().filter(|d| d.is_error()).count();
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("testsuites")
        .with_attribute(("name", REPORT_NAME))
        .with_attribute(("tests", tests.to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", "0"))
        .write_inner_content(|writer| {
            for (file, found) in files {
                write_suite(writer, file, found, sources)?;
            }
            Ok(())
        })?;
    Ok(())
}

/// Writes the `<testsuite>` of one file.
fn write_suite(
    writer: &mut Writer<Vec<u8>>,
    file: &str,
    found: &[&Diagnostic],
    sources: &Sources,
) -> io::Result<()> {
    let file = xml_safe(file);
    let failures = found.iter().filter(|d| d.is_error()).count();
    writer
        .create_element("testsuite")
        .with_attribute(("name", file.as_ref()))
        .with_attribute(("tests", found.len().max(1).to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", "0"))
        .write_inner_content(|writer| {
            if found.is_empty() {
                writer
                    .create_element("testcase")
                    .with_attribute(("classname", file.as_ref()))
                    .with_attribute(("name", CHECKED))
                    .with_attribute(("file", file.as_ref()))
                    .write_empty()?;
            }
            for diagnostic in found {
                write_case(writer, &file, diagnostic, sources)?;
            }
            Ok(())
        })?;
    Ok(())
}

/// Writes the `<testcase>` of one finding.
fn write_case(
    writer: &mut Writer<Vec<u8>>,
    file: &str,
    diagnostic: &Diagnostic,
    sources: &Sources,
) -> io::Result<()> {
    let code = diagnostic.code;
    let position =
        diagnostic.range.as_ref().map(|r| sources.get(diagnostic.source).line_col(r.start));
    let name = match position {
        Some((line, column)) => format!("{} {} at {line}:{column}", code.id(), code.slug()),
        None => format!("{} {}", code.id(), code.slug()),
    };
    let mut element = writer
        .create_element("testcase")
        .with_attribute(("classname", file))
        .with_attribute(("name", name.as_str()))
        .with_attribute(("file", file));
    let line = position.map(|(line, _)| line.to_string());
    if let Some(line) = &line {
        element = element.with_attribute(("line", line.as_str()));
    }
    let rendered = HumanRenderer::new(false).render(diagnostic, sources);
    let rendered = xml_safe(&rendered);
    let message = xml_safe(&diagnostic.message);
    element.write_inner_content(|writer| {
        let content = BytesText::new(&rendered);
        match diagnostic.severity {
            Severity::Error => writer
                .create_element("failure")
                .with_attribute(("type", code.id()))
                .with_attribute(("message", message.as_ref()))
                .write_text_content(content)?,
            Severity::Warning => writer.create_element("system-out").write_text_content(content)?,
        };
        Ok(())
    })?;
    Ok(())
}

/// `text` with every character that XML 1.0 does not allow, even escaped, replaced by U+FFFD.
fn xml_safe(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | ' '..='\u{FFFD}' | '\u{10000}'..);
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(|c| if allowed(c) { c } else { '\u{FFFD}' }).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Source};
    use std::path::PathBuf;

    struct Site {
        sources: Sources,
        diagnostics: Vec<Diagnostic>,
    }

    /// Three files, given out of name order: one with an error and a warning, one clean, and
    /// one that could not be read.
    fn site() -> Site {
        let mut sources = Sources::default();
        let text = "---\ntitle: Budget\nwho: bord\n---\n";
        let page = sources.add(Source::new(PathBuf::new(), "content/b.md".into(), text.into()));
        let clean = sources.add(Source::new(
            PathBuf::new(),
            "content/a.md".into(),
            "---\ntitle: A\n---\n".into(),
        ));
        let broken = sources.add_unreadable(&PathBuf::new(), "content/c.md".into());
        let actor = Diagnostic::new(Code::UnknownActor, page, "unknown actor `<b> & \"q\"`")
            .at(23..27)
            .label("no body or role has this id")
            .help("did you mean `board`?")
            .also(clean, 4..9, "a page");
        let mut orphan = Diagnostic::new(Code::OrphanPage, page, "no page links to `b`");
        orphan.severity = Severity::Warning;
        let unreadable =
            Diagnostic::new(Code::UnreadableFile, broken, "cannot read `content/c.md`");
        Site { sources, diagnostics: vec![actor, orphan, unreadable] }
    }

    fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
        node.attribute(name).unwrap_or_else(|| panic!("no `{name}` on {node:?}"))
    }

    fn children<'a, 'i>(node: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
        node.children().filter(roxmltree::Node::is_element).collect()
    }

    #[test]
    fn one_suite_per_file_and_one_case_per_finding() {
        let Site { sources, diagnostics } = site();
        let output = render_junit(&diagnostics, &sources);
        assert!(output.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
        assert!(output.ends_with("</testsuites>\n"));
        let doc = roxmltree::Document::parse(&output).unwrap();

        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        assert_eq!(attr(root, "name"), "govwiki check");
        assert_eq!(attr(root, "tests"), "4");
        assert_eq!(attr(root, "failures"), "2");
        let suites = children(root);
        let names: Vec<_> = suites.iter().map(|s| attr(*s, "name")).collect();
        assert_eq!(names, ["content/a.md", "content/b.md", "content/c.md"]);

        let [clean, page, broken] = suites.as_slice() else { unreachable!() };
        assert_eq!((attr(*clean, "tests"), attr(*clean, "failures")), ("1", "0"));
        let cases = children(*clean);
        assert_eq!(cases.len(), 1);
        assert_eq!(attr(cases[0], "classname"), "content/a.md");
        assert_eq!(attr(cases[0], "name"), "checked");
        assert!(children(cases[0]).is_empty(), "a clean file passes");

        assert_eq!((attr(*page, "tests"), attr(*page, "failures")), ("2", "1"));
        let cases = children(*page);
        assert_eq!(cases.len(), 2);
        assert_eq!(attr(cases[0], "classname"), "content/b.md");
        assert_eq!(attr(cases[0], "name"), "GW201 unknown-actor at 3:6");
        assert_eq!(attr(cases[0], "line"), "3");
        let failure = children(cases[0]);
        assert_eq!(failure.len(), 1);
        assert_eq!(failure[0].tag_name().name(), "failure");
        assert_eq!(attr(failure[0], "type"), "GW201");
        assert_eq!(attr(failure[0], "message"), "unknown actor `<b> & \"q\"`");
        assert_eq!(
            failure[0].text(),
            Some(HumanRenderer::new(false).render(&diagnostics[0], &sources).as_str())
        );
        assert!(failure[0].text().unwrap_or("").contains("3 | who: bord\n"));

        assert_eq!(attr(cases[1], "name"), "GW502 orphan-page");
        assert_eq!(cases[1].attribute("line"), None);
        let out = children(cases[1]);
        assert_eq!(out.len(), 1, "a warning has no failure");
        assert_eq!(out[0].tag_name().name(), "system-out");
        assert_eq!(
            out[0].text(),
            Some("warning[GW502]: no page links to `b`\n --> content/b.md\n")
        );

        assert_eq!((attr(*broken, "tests"), attr(*broken, "failures")), ("1", "1"));
        let cases = children(*broken);
        assert_eq!(attr(cases[0], "name"), "GW100 unreadable-file");
        assert_eq!(attr(children(cases[0])[0], "type"), "GW100");
    }

    #[test]
    fn files_are_listed_once_and_findings_keep_their_file() {
        let mut sources = Sources::default();
        let first =
            sources.add(Source::new(PathBuf::new(), "govwiki.yaml".into(), "a: 1\n".into()));
        let again =
            sources.add(Source::new(PathBuf::new(), "govwiki.yaml".into(), "a: 1\n".into()));
        let diagnostics = [
            Diagnostic::new(Code::InvalidYaml, first, "one").at(0..1),
            Diagnostic::new(Code::InvalidYaml, again, "two").at(3..4),
        ];
        let output = render_junit(&diagnostics, &sources);
        let doc = roxmltree::Document::parse(&output).unwrap();
        let suites = children(doc.root_element());
        assert_eq!(suites.len(), 1);
        assert_eq!(attr(suites[0], "tests"), "2");
        let names: Vec<_> = children(suites[0]).iter().map(|c| attr(*c, "name")).collect();
        assert_eq!(names, ["GW103 invalid-yaml at 1:1", "GW103 invalid-yaml at 1:4"]);
    }

    #[test]
    fn characters_xml_cannot_hold_are_replaced() {
        let mut sources = Sources::default();
        let page = sources.add(Source::new(PathBuf::new(), "p.md".into(), "a\u{c}b\n".into()));
        let diagnostic =
            Diagnostic::new(Code::InvalidValue, page, "bad `\u{1}`\tvalue\r\n").at(1..2);
        let output = render_junit(&[diagnostic], &sources);
        let doc = roxmltree::Document::parse(&output).unwrap();
        let failure = doc.descendants().find(|n| n.has_tag_name("failure")).unwrap();
        assert_eq!(attr(failure, "message"), "bad `\u{FFFD}`\tvalue\r\n");
        assert!(!failure.text().unwrap_or("").contains('\u{c}'));
    }

    #[test]
    fn an_empty_run_is_an_empty_report() {
        assert_eq!(
            render_junit(&[], &Sources::default()),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <testsuites name=\"govwiki check\" tests=\"0\" failures=\"0\" errors=\"0\">\n\
             </testsuites>\n"
        );
    }
}
