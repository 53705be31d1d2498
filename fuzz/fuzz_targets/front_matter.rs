//! Fuzz target: splitting a page into front matter and Markdown, and parsing the YAML.
//!
//! The input is a page's text. Bytes that are not UTF-8 are replaced (lossily) rather than
//! skipped: the loader reports a page that is not UTF-8 and never splits it, so only UTF-8
//! reaches `split` and `parse`, and a lossy conversion turns every input the fuzzer tries into
//! one that does, instead of throwing most mutations away.
//!
//! Besides "no panic", it asserts what the loader relies on: the parts `split` returns are
//! in order, inside the text and on character boundaries, and the Markdown runs to the end;
//! every position the parsed tree or a finding reports lies inside the text; every finding
//! renders.

#![no_main]

use std::ops::Range;
use std::path::PathBuf;

use govwiki::diag::human::HumanRenderer;
use govwiki::diag::{Code, Diagnostic, Source, Sources};
use govwiki::load::{FrontMatter, Yaml, opening, parse, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut sources = Sources::default();
    let id =
        sources.add(Source::new(PathBuf::from("content/page.md"), "content/page.md".into(), text));
    let source = sources.get(id);
    let text = source.text.as_str();
    let parts = match split(text, id) {
        Ok(parts) => parts,
        Err(diagnostic) => {
            assert_eq!(diagnostic.code, Code::UnclosedFrontMatter);
            assert_eq!(diagnostic.range, Some(opening(text)));
            check_finding(&diagnostic, &sources);
            return;
        }
    };
    assert_inside(text, &parts.markdown);
    assert_eq!(parts.markdown.end, text.len(), "the Markdown runs to the end");
    let Some(yaml) = parts.yaml else {
        assert_eq!(parts.markdown.start, opening(text).start, "no front matter: all Markdown");
        return;
    };
    assert_inside(text, &yaml);
    assert!(yaml.end <= parts.markdown.start, "{yaml:?} overlaps {:?}", parts.markdown);
    match parse(source, id, yaml.clone()) {
        Ok(front_matter) => check_tree(&front_matter, &front_matter.root.value, source, &yaml),
        Err(diagnostic) => {
            assert_eq!(diagnostic.code, Code::InvalidYaml);
            let at = diagnostic.range.clone().unwrap_or_default();
            assert_inside(text, &at);
            assert!(!diagnostic.message.contains(" at line "), "{}", diagnostic.message);
            check_finding(&diagnostic, &sources);
        }
    }
});

/// `range` is inside `text` and starts and ends on character boundaries.
#[track_caller]
fn assert_inside(text: &str, range: &Range<usize>) {
    assert!(range.start <= range.end && range.end <= text.len(), "{range:?} of {}", text.len());
    assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end), "{range:?}");
}

/// Every node of the tree maps to a range of the front matter that slices the text.
fn check_tree(front_matter: &FrontMatter, node: &Yaml, source: &Source, yaml: &Range<usize>) {
    let children: Vec<_> = match node {
        Yaml::Seq(items) => items.iter().collect(),
        Yaml::Map(entries) => {
            for (key, _) in entries {
                check_range(front_matter.range(&key.referenced, source), source, yaml);
            }
            entries.iter().map(|(_, value)| value).collect()
        }
        _ => Vec::new(),
    };
    for child in children {
        check_range(front_matter.range(&child.referenced, source), source, yaml);
        check_tree(front_matter, &child.value, source, yaml);
    }
}

#[track_caller]
fn check_range(range: Range<usize>, source: &Source, yaml: &Range<usize>) {
    assert_inside(&source.text, &range);
    assert!(yaml.start <= range.start && range.end <= yaml.end, "{range:?} outside {yaml:?}");
}

/// A finding renders, as the command line would show it.
fn check_finding(diagnostic: &Diagnostic, sources: &Sources) {
    let shown = HumanRenderer::new(false).render(diagnostic, sources);
    assert!(shown.contains(diagnostic.code.id()), "{shown}");
}
