use super::*;
use crate::check::check_links;
use crate::check::links::Output;
use crate::diag::Diagnostic;

fn settings() -> LinkSettings<'static> {
    LinkSettings { output_name: "public".into(), external: true, ..LinkSettings::default() }
}

/// What a check found, as text.
fn findings(report: &LinkReport, sources: &Sources) -> Vec<String> {
    let show =
        |d: &Diagnostic| format!("{} {} {}", d.code.id(), sources.get(d.source).name, d.message);
    report.diagnostics.iter().map(show).collect()
}

#[test]
fn a_check_that_takes_over_the_previous_one_finds_what_a_fresh_check_finds() {
    // Enough pages that the first check hashes the paths, and the second, of one page,
    // searches them.
    let page = |n: usize, extra: &str| {
        let next = (n + 1) % 120;
        format!(r##"<h2 id="h{n}">H</h2><a href="../p{next}/index.html#h{next}">n</a>{extra}"##)
    };
    let mut pages: Vec<(String, String)> =
        (0..120).map(|n| (format!("p{n}/index.html"), page(n, ""))).collect();
    pages[5].1 = page(5, r##"<a href="../p6/index.html#gone">g</a>"##);
    let site_of = |pages: &[(String, String)]| -> OutputFiles {
        pages.iter().map(|(p, t)| (p.as_str().into(), t.as_bytes().into())).collect()
    };
    let (before, mut sources) = (site_of(&pages), Sources::default());
    let (first, first_scans) = check_remembering(&before, &mut sources, &settings(), None);
    assert_eq!(
        findings(&first, &sources),
        ["GW402 public/p5/index.html `p6/index.html` has no element with id `gone`"]
    );
    // Page 6 gains the id page 5 links to, and page 7 links to a file that is not there.
    pages[6].1 = page(6, r#"<p id="gone">now here</p>"#);
    pages[7].1 = page(7, r#"<a href="../nowhere.html">x</a>"#);
    let after = site_of(&pages);
    let previous = PreviousCheck { scans: &first_scans, same_site: true };
    let mut sources = Sources::default();
    let (again, again_scans) = check_remembering(&after, &mut sources, &settings(), Some(previous));
    let mut fresh_sources = Sources::default();
    let (fresh, fresh_scans) = check_remembering(&after, &mut fresh_sources, &settings(), None);
    // The check in one pass finds the same.
    let mut once_sources = Sources::default();
    let once = check_links(Output::Memory(&after), &mut once_sources, &settings()).unwrap();
    assert_eq!(findings(&once, &once_sources), findings(&fresh, &fresh_sources));
    assert_eq!(findings(&again, &sources), findings(&fresh, &fresh_sources));
    assert_eq!(
        findings(&again, &sources),
        [
            "GW401 public/p7/index.html link `../nowhere.html` leads to `nowhere.html`, which the site does not have"
        ]
    );
    assert_eq!((again_scans.paths, again_scans.ids), (fresh_scans.paths, fresh_scans.ids));
}
