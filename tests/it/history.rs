//! Page history: "versions compared" shows the text a reader sees added and removed, and the
//! source's lines one click away.

use crate::build::git;
use crate::support::TestSite;

const BOARD: &str = "---\ntitle: Board\nkind: body\nsummary: Sets the direction.\nmembers:\n  \
                     - Founding members\n---\n\n## Meetings\n\nThe board meets twice a year in \
                     public.\n\n- Chair\n- Secretary\n";

#[test]
fn versions_compared_show_the_rendered_text_and_the_source_behind_a_click() {
    let site = TestSite::fixture("build/good");
    site.write("content/bodies/board.md", BOARD);
    git(&site, &["init", "-q"], "Ada Lovelace", "2026-01-05");
    git(&site, &["add", "."], "Ada Lovelace", "2026-01-05");
    git(&site, &["commit", "-q", "-m", "First version"], "Ada Lovelace", "2026-01-05");
    let edited = BOARD
        .replace("title: Board", "title: Governing Board")
        .replace("  - Founding members", "  - Founding members\n  - Elected members")
        .replace("twice a year", "**four times** a year")
        .replace("- Secretary\n", "- Secretary\n\nQuorum is a < b & c.\n");
    site.write("content/bodies/board.md", edited);
    git(&site, &["commit", "-q", "-am", "Board meets more"], "Grace Hopper", "2026-03-02");
    site.write(
        "content/bodies/board.md",
        site.read("content/bodies/board.md").replace("- Chair", "- **Chair**"),
    );
    git(&site, &["commit", "-q", "-am", "Bold chair"], "Grace Hopper", "2026-03-03");
    site.build(0);
    let history = site.main_of("public/bodies/board/history.html");
    let versions: Vec<&str> = history.split(r#"<li class="version""#).skip(1).collect();
    assert_eq!(versions.len(), 3, "{history}");

    // Markup alone: no change a reader sees, and the source's change behind its summary.
    let (bold, edit) = (versions[0], versions[1]);
    assert!(bold.contains(r#"<span class="added">+0</span> <span class="removed">−0</span>"#));
    assert!(bold.contains(r#"<p class="no-change">No change to the text a reader sees"#), "{bold}");
    let source = &bold[bold.find(r#"<details class="source-changes">"#).unwrap()..];
    assert!(source.starts_with(r#"<details class="source-changes"><summary>Source changes"#));
    assert!(source.contains(r#"<span class="diff-added">+ - **Chair**</span>"#), "{source}");

    // An edit: the words a reader sees, changed words marked, no YAML or Markdown syntax.
    let reading = &edit[edit.find(r#"<pre class="diff reading">"#).unwrap()..];
    let reading = &reading[..reading.find("</pre>").unwrap()];
    assert!(
        edit.contains(r#"<span class="added">+3</span> <span class="removed">−2</span>"#),
        "{edit}"
    );
    assert!(
        edit.contains(
            r#"<p class="fields-changed">Front matter changed: <code>members</code></p>"#
        ),
        "{edit}"
    );
    for line in [
        r#"<span class="diff-removed block-title">- Title: Board</span>"#,
        r#"<span class="diff-added block-title">+ Title: <ins>Governing</ins> Board</span>"#,
        r#"<span class="diff-same block-heading">  Meetings</span>"#,
        r#"<span class="diff-removed block-paragraph">- The board meets <del>twice</del> a year in public.</span>"#,
        r#"<span class="diff-added block-paragraph">+ The board meets <ins>four times</ins> a year in public.</span>"#,
        r#"<span class="diff-same block-item">  • Secretary</span>"#,
        r#"<span class="diff-added block-paragraph">+ Quorum is a &lt; b &amp; c.</span>"#,
    ] {
        assert!(reading.contains(line), "{line} in {reading}");
    }
    assert!(!reading.contains("**") && !reading.contains("members"), "{reading}");
    let source = &edit[edit.find(r#"<details class="source-changes">"#).unwrap()..];
    assert!(
        source.contains(
            r#"<span class="added">+5</span> <span class="removed">−2</span></span> lines"#
        ),
        "{source}"
    );
    assert!(source.contains(r#"<span class="diff-added">+   - Elected members</span>"#));
    assert!(source.contains("**four times**"));
}

#[test]
fn a_file_named_like_a_page_s_history_or_search_text_is_left_out_with_a_warning() {
    let site = TestSite::fixture("build/good");
    site.write("content/bodies/board.md", BOARD);
    site.write("content/bodies/board/history.html", "<p>Minutes kept by hand</p>\n");
    site.write("content/bodies/board/search-text.js", "alert('not the search')\n");
    git(&site, &["init", "-q"], "Ada Lovelace", "2026-01-05");
    git(&site, &["add", "."], "Ada Lovelace", "2026-01-05");
    git(&site, &["commit", "-q", "-m", "First version"], "Ada Lovelace", "2026-01-05");
    let stderr = site.build(0);
    for file in ["history.html", "search-text.js"] {
        assert!(
            stderr.contains(&format!(
                "warning[GW506]: `bodies/board/{file}` is left out of the output: the site \
                 writes a file of its own there"
            )),
            "{stderr}"
        );
    }
    // The page's own files keep their place.
    assert!(site.read("public/bodies/board/history.html").contains("First version"));
    assert!(site.read("public/bodies/board/search-text.js").starts_with("govwikiText("));
}
