//! The benchmark corpus (`examples/corpus`) checks clean: the benchmarks measure what an
//! editor's site costs, and a corpus with findings takes other paths (a rebuild with errors
//! keeps serving the last good site, and cannot take it over).

#[path = "../../examples/corpus/generate.rs"]
#[allow(dead_code, unreachable_pub)]
mod generate;
#[path = "../../examples/corpus/peers.rs"]
#[allow(dead_code, unreachable_pub)]
mod peers;

use crate::support::TestSite;

#[test]
fn the_benchmark_corpus_checks_clean_with_warnings_denied() {
    let site = TestSite::empty();
    generate::generate(site.path(), 300, 1).unwrap();
    let run = site.run(&["check", "--deny-warnings"]).code(0);
    assert!(run.stderr.starts_with("checked 300 pages"), "{}", run.stderr);
}

/// The corpus as a repository (`--layout repository`, what `bench/lychee.sh` checks with
/// govwiki and lychee): no front matter, `README.md` folder pages, relative links with
/// GitHub's anchors. It must check clean, or the two tools would not do the same work.
#[test]
fn the_benchmark_corpus_as_a_repository_checks_clean_with_warnings_denied() {
    let site = TestSite::empty();
    generate::generate(site.path(), 300, 1).unwrap();
    peers::convert(site.path(), peers::Layout::Repository, "Repository").unwrap();
    assert!(!site.path().join("content").exists() && site.path().join("README.md").is_file());
    let readme = site.read("README.md");
    assert!(readme.starts_with("# Home\n") && readme.contains("](section-01/README.md)"));
    let markdown = walkdir::WalkDir::new(site.path())
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "md"))
        .map(|entry| std::fs::read_to_string(entry.path()).unwrap())
        .collect::<Vec<_>>();
    assert_eq!(markdown.len(), 300);
    assert!(markdown.iter().all(|text| !text.starts_with("---") && !text.contains("[[")));
    assert!(markdown.iter().all(|text| !text.contains("{#") && !text.contains("index.md")));
    let run = site.run(&["check", "--deny-warnings"]).code(0);
    assert!(run.stderr.starts_with("checked 300 pages"), "{}", run.stderr);
}
