//! The benchmark corpus (`examples/corpus`) checks clean: the benchmarks measure what an
//! editor's site costs, and a corpus with findings takes other paths (a rebuild with errors
//! keeps serving the last good site, and cannot take it over).

#[path = "../../examples/corpus/generate.rs"]
#[allow(dead_code, unreachable_pub)]
mod generate;

use crate::support::TestSite;

#[test]
fn the_benchmark_corpus_checks_clean_with_warnings_denied() {
    let site = TestSite::empty();
    generate::generate(site.path(), 300, 1).unwrap();
    let run = site.run(&["check", "--deny-warnings"]).code(0);
    assert!(run.stderr.starts_with("checked 300 pages"), "{}", run.stderr);
}
