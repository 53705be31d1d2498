//! The project's own documentation: a README for users of at most 20 KB, and every link and
//! anchor between it and `docs/` sound, checked by govwiki itself on a copy of the files, as a
//! repository of Markdown.

use std::path::Path;

use crate::support::TestSite;

#[test]
fn the_readme_is_at_most_20_kb() {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let size = std::fs::metadata(readme).unwrap().len();
    assert!(size <= 20 * 1024, "README.md has {size} bytes; move reference material to docs/");
}

#[test]
fn the_readme_and_docs_link_soundly_to_each_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = TestSite::empty();
    site.write("README.md", std::fs::read(root.join("README.md")).unwrap());
    let mut pages = 1;
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        site.write(&format!("docs/{name}"), std::fs::read(&path).unwrap());
        pages += 1;
    }
    assert!(pages >= 7, "README and the docs: {pages} files");
    let run = site.run(&["check", "--no-history", "--deny-warnings"]).code(0);
    assert!(run.stderr.starts_with(&format!("checked {pages} pages")), "{}", run.stderr);
}
