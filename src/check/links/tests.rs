use super::targets::IdSet;
use super::*;
use crate::render::markdown::Origin;

fn site(files: &[(&str, &str)]) -> OutputFiles {
    files.iter().map(|&(p, t)| (p.into(), t.as_bytes().into())).collect()
}

fn run(files: &[(&str, &str)], settings: &LinkSettings<'_>) -> (Vec<String>, Vec<String>) {
    let files = site(files);
    let mut sources = Sources::default();
    let report = check_links(Output::Memory(&files), &mut sources, settings).unwrap();
    let found = report
        .diagnostics
        .iter()
        .map(|d| {
            let source = sources.get(d.source);
            let (line, column) = source.line_col(d.range.clone().unwrap_or(0..0).start);
            format!("{} {}:{line}:{column} {}", d.code.id(), source.name, d.message)
        })
        .collect();
    (found, report.external.into_iter().map(|e| e.url).collect())
}

fn settings() -> LinkSettings<'static> {
    LinkSettings { output_name: "public".into(), external: true, ..LinkSettings::default() }
}

#[test]
fn links_resolve_to_files_folders_and_anchors() {
    let (found, _) = run(
        &[
            (
                "index.html",
                r##"<a href="a/index.html#x">a</a><a href="a/">f</a><a href="#top">t</a>"##,
            ),
            (
                "a/index.html",
                r#"<h2 id="x">X</h2><a href="../index.html">up</a><img src="../s/p.png">"#,
            ),
            ("s/p.png", ""),
        ],
        &settings(),
    );
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn missing_files_anchors_and_escapes_are_reported_at_the_rendered_file() {
    let (found, _) = run(
        &[
            (
                "index.html",
                "<p>\n<a href=\"gone.html\">x</a> <a href=\"a/index.html#nope\">y</a>\n<a href=\"../../etc/passwd\">z</a></p>",
            ),
            ("a/index.html", r#"<p id="one">1</p><p id="one">2</p>"#),
        ],
        &settings(),
    );
    assert_eq!(
        found,
        [
            "GW403 public/a/index.html:1:25 the id `one` is used twice on this page",
            "GW401 public/index.html:2:10 link `gone.html` leads to `gone.html`, which the site does not have",
            "GW402 public/index.html:2:36 `a/index.html` has no element with id `nope`",
            "GW401 public/index.html:3:10 link `../../etc/passwd` leads outside the site",
        ]
    );
}

#[test]
fn entities_in_attribute_values_are_decoded() {
    let (found, _) = run(
        &[
            (
                "index.html",
                r##"<h2 id="q&amp;a">Q</h2><a href="#q%26a">x</a><a href="a&#47;index.html?x=1&amp;y=2">a</a>"##,
            ),
            ("a/index.html", r##"<a href="../index.html#q&amp;b">x</a>"##),
        ],
        &settings(),
    );
    assert_eq!(found, ["GW402 public/a/index.html:1:10 `index.html` has no element with id `q&b`"]);
}

#[test]
fn a_same_page_link_is_checked_on_every_page_of_a_folder() {
    let (found, _) = run(
        &[
            ("a/one.html", r##"<h2 id="x">X</h2><a href="#x">x</a><a href="two.html">2</a>"##),
            ("a/two.html", r##"<a href="#x">x</a><a href="two.html">2</a>"##),
        ],
        &settings(),
    );
    assert_eq!(found, ["GW402 public/a/two.html:1:10 `a/two.html` has no element with id `x`"]);
}

#[test]
fn external_links_are_collected_and_other_schemes_ignored() {
    let (found, external) = run(
        &[(
            "index.html",
            r#"<a href="https://openimis.org/x">o</a><a href="mailto:a@b.c">m</a><a href="//cdn.example/x.js">c</a><a href="https://skip.example/">s</a>"#,
        )],
        &LinkSettings { skip: vec![Regex::new("^https://skip\\.example").unwrap()], ..settings() },
    );
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(external, ["https://openimis.org/x", "https://cdn.example/x.js"]);
}

#[test]
fn absolute_links_under_the_base_url_are_internal() {
    let settings =
        LinkSettings { base_url: Some("https://wiki.example.org/gov/".into()), ..settings() };
    let (found, external) = run(
        &[
            (
                "404.html",
                r#"<a href="/gov/index.html">h</a><a href="https://wiki.example.org/gov/missing/">m</a><a href="/other/">o</a>"#,
            ),
            ("index.html", ""),
        ],
        &settings,
    );
    assert_eq!(
        found,
        [
            "GW401 public/404.html:1:41 link `https://wiki.example.org/gov/missing/` leads to `missing/index.html`, which the site does not have"
        ]
    );
    assert!(external.is_empty());
}

#[test]
fn a_set_of_ids_finds_each_once_and_lists_them_sorted() {
    let set = IdSet::new(["top-b", "a", "zürich", "a", "", "top"].into_iter());
    assert_eq!(set.iter().collect::<Vec<_>>(), ["", "a", "top", "top-b", "zürich"]);
    for id in ["", "a", "top", "top-b", "zürich"] {
        assert!(set.contains(id), "{id}");
    }
    for id in ["b", "to", "top-", "zürich2"] {
        assert!(!set.contains(id), "{id}");
    }
    assert!(!IdSet::default().contains("a"));
}

#[test]
fn a_finding_is_traced_to_the_markdown_link() {
    let mut sources = Sources::default();
    let md = sources.add(Source::new(
        "x.md".into(),
        "content/x.md".into(),
        "see [x](gone.html)\n".into(),
    ));
    let files = site(&[
        ("x/index.html", "<nav><a href=\"../index.html\">h</a></nav><a href=\"gone.html\">x</a>"),
        ("index.html", ""),
    ]);
    let found = Arc::new(Found {
        origins: [Origin { href: "gone.html", source: md, span: 4..18, to_page: false }]
            .into_iter()
            .collect(),
        ..Found::default()
    });
    let pages = vec![LinkedPage { path: "x/index.html", id: "x", found: &found }];
    let settings = LinkSettings { pages, ..settings() };
    let report = check_links(Output::Memory(&files), &mut sources, &settings).unwrap();
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].source, md);
    assert_eq!(report.diagnostics[0].range, Some(4..18));
}
