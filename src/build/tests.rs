use super::*;
use crate::diag::Source;
use crate::diag::human::HumanRenderer;
use crate::model::Page;

/// Every file of `dir/content`, by path relative to it.
fn pages_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let content = dir.join("content");
    walkdir::WalkDir::new(&content)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let path = load::display_name(&content, entry.path());
            (path, std::fs::read(entry.path()).unwrap())
        })
        .collect()
}

#[test]
fn a_site_in_memory_builds_as_the_same_site_on_disk() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // A clean site, and one with findings in the model and in the rendered links.
    for (fixture, findings) in [("check/base", 0), ("invalid/unknown-reference", 7)] {
        let root = fixtures.join(fixture);
        let settings = BuildSettings::default();
        let on_disk = build_site(&root, &settings).unwrap();
        let config = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap();
        let theme = on_disk.theme.clone().unwrap();
        let in_memory = build_in_memory(Some(&config), pages_of(&root), theme, &settings).unwrap();
        assert_eq!(in_memory.config, on_disk.config);
        assert!(!in_memory.rendered.files.is_empty());
        assert_eq!(in_memory.rendered.files, on_disk.rendered.files);
        let shown = |build: &Build| -> Vec<String> {
            let renderer = HumanRenderer::new(false);
            build.diagnostics.iter().map(|d| renderer.render(d, &build.sources)).collect()
        };
        assert_eq!(shown(&in_memory).len(), findings, "{fixture}: {:?}", shown(&in_memory));
        assert_eq!(shown(&in_memory), shown(&on_disk));
    }
}

#[test]
fn a_build_written_out_writes_the_files_of_the_build_in_memory_and_is_never_taken_over() {
    let (site, settings, in_memory) = built_copy("check/base");
    let root = site.path();
    let out = root.join("public");
    let (written, staging) = build_site_to_disk(root, &settings, Some(&out), &|_| {}).unwrap();
    staging.unwrap().finish().unwrap();
    let on_disk: BTreeMap<String, Vec<u8>> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| (load::display_name(&out, entry.path()), entry.path().to_owned()))
        .filter(|(path, _)| !path.starts_with(".govwiki-"))
        .map(|(path, file)| (path, std::fs::read(file).unwrap()))
        .collect();
    let kept: BTreeMap<String, Vec<u8>> =
        in_memory.rendered.files.iter().map(|(path, b)| (path.to_string(), b.to_vec())).collect();
    assert!(kept.contains_key("search-index.js") && kept.contains_key("responsibilities.html"));
    assert_eq!(on_disk, kept);
    // It kept neither its files nor the pages' shares of the search index: a rebuild given
    // it renders anew, and makes the same site.
    let reuse = Reuse { previous: &written, theme_changed: false, changed: None };
    let again = build_site_reusing(root, &settings, Some(reuse)).unwrap();
    assert_eq!(again.rendered.files, in_memory.rendered.files);
}

/// Copies the fixture site `name` into a new temporary folder.
pub(crate) fn copy_of(name: &str) -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&from).into_iter().map(Result::unwrap) {
        let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// A copy of the fixture site `name`, the settings of a live server's builds, and its first
/// build with them.
pub(crate) fn built_copy(name: &str) -> (tempfile::TempDir, BuildSettings, Build) {
    let site = copy_of(name);
    let settings = BuildSettings { rebuilds: true, ..BuildSettings::default() };
    let first = build_site(site.path(), &settings).unwrap();
    (site, settings, first)
}

/// Rewrites `page` (a path in `content/`) of the site at `root` with `edit`, and rebuilds
/// the site, taking over from `previous` all that the edit left as it was.
pub(crate) fn edit_and_rebuild(
    root: &Path,
    settings: &BuildSettings,
    previous: &Build,
    page: &str,
    edit: impl FnOnce(&str) -> String,
) -> Build {
    let relative = Path::new("content").join(page);
    let text = std::fs::read_to_string(root.join(&relative)).unwrap();
    std::fs::write(root.join(&relative), edit(&text)).unwrap();
    let changed = BTreeSet::from([relative]);
    let reuse = Reuse { previous, theme_changed: false, changed: Some(&changed) };
    build_site_reusing(root, settings, Some(reuse)).unwrap()
}

/// A rebuild reads again only the files beside the pages that changed, or whose folder
/// did: the others keep the bytes the build before read.
#[test]
fn a_rebuild_reads_again_only_the_files_beside_the_pages_that_changed() {
    let site = copy_of("check/base");
    let root = site.path();
    std::fs::write(root.join("content/logo.png"), "logo one").unwrap();
    std::fs::create_dir(root.join("content/docs")).unwrap();
    std::fs::write(root.join("content/docs/plan.pdf"), "plan one").unwrap();
    let settings = BuildSettings { rebuilds: true, ..BuildSettings::default() };
    let first = build_site(root, &settings).unwrap();
    let rebuild = |previous: &Build, changed: &[&str]| {
        let changed: BTreeSet<PathBuf> = changed.iter().map(PathBuf::from).collect();
        let reuse = Reuse { previous, theme_changed: false, changed: Some(&changed) };
        build_site_reusing(root, &settings, Some(reuse)).unwrap()
    };
    let read_again = |before: &Build, after: &Build| -> Vec<String> {
        ["logo.png", "docs/plan.pdf"]
            .into_iter()
            .filter(|file| {
                !Arc::ptr_eq(&before.rendered.files[*file], &after.rendered.files[*file])
            })
            .map(str::to_owned)
            .collect()
    };
    let notes = root.join("content/notes.md");
    let text = std::fs::read_to_string(&notes).unwrap();
    std::fs::write(&notes, text.replace("Kept by", "Written by")).unwrap();
    let second = rebuild(&first, &["content/notes.md"]);
    assert!(read_again(&first, &second).is_empty());
    std::fs::write(root.join("content/logo.png"), "logo two").unwrap();
    let third = rebuild(&second, &["content/logo.png"]);
    assert_eq!(read_again(&second, &third), ["logo.png"]);
    assert_eq!(&*third.rendered.files["logo.png"], b"logo two");
    std::fs::write(root.join("content/docs/plan.pdf"), "plan two").unwrap();
    let fourth = rebuild(&third, &["content/docs"]);
    assert_eq!(read_again(&third, &fourth), ["docs/plan.pdf"]);
    assert_eq!(fourth.rendered.files, build_site(root, &settings).unwrap().rendered.files);
}

#[test]
fn a_rebuild_after_a_paragraph_edit_shares_every_other_file_with_the_build_before() {
    let (site, settings, first) = built_copy("check/base");
    let root = site.path();
    assert!(!first.has_errors(), "{:?}", first.diagnostics);
    let again = edit_and_rebuild(root, &settings, &first, "notes.md", |text| {
        text.replace("Kept by", "Written by")
    });
    // The same site as a build from scratch…
    let fresh = build_site(root, &settings).unwrap();
    assert_eq!(again.rendered.files, fresh.rendered.files);
    // …where only the edited page, its search text and the search index are new allocations.
    let new: Vec<&str> = again
        .rendered
        .files
        .iter()
        .filter(|(path, bytes)| !Arc::ptr_eq(bytes, &first.rendered.files[*path]))
        .map(|(path, _)| &**path)
        .collect();
    assert_eq!(new, ["notes/index.html", "notes/search-text.js", "search-index.js"]);
    let notes = String::from_utf8_lossy(&again.rendered.files["notes/index.html"]);
    assert!(notes.contains("Written by the secretariat."), "{notes}");
    // The model is taken over: no front matter changed.
    assert!(Arc::ptr_eq(first.site.as_ref().unwrap(), again.site.as_ref().unwrap()));
    // The text of every other page is taken over, not read or copied again.
    let sources = |build: &Build| -> BTreeMap<String, Arc<Source>> {
        let site = build.site.as_ref().unwrap();
        let shared = |page: &Page| Arc::clone(build.sources.shared(page.source));
        site.pages.iter().map(|page| (page.path.clone(), shared(page))).collect()
    };
    let (before, after) = (sources(&first), sources(&again));
    assert_eq!(before.len(), after.len());
    let read: Vec<&str> = after
        .iter()
        .filter(|(path, text)| !Arc::ptr_eq(text, &before[*path]))
        .map(|(path, _)| path.as_str())
        .collect();
    assert_eq!(read, ["notes.md"]);
    // So are their findings in the Markdown: its links and headings.
    let site = again.site.as_ref().unwrap();
    let rendered: Vec<&str> = (first.rendered.pages.iter().zip(&again.rendered.pages))
        .zip(&site.pages)
        .filter(|((before, after), _)| !Arc::ptr_eq(&before.found, &after.found))
        .map(|(_, page)| page.url.as_str())
        .collect();
    assert_eq!(rendered, ["notes/index.html"]);
}

/// The findings of `build` as a reader sees them.
fn findings(build: &Build) -> Vec<String> {
    let plain = HumanRenderer::new(false);
    build.diagnostics.iter().map(|d| plain.render(d, &build.sources)).collect()
}

#[test]
fn every_rebuild_after_an_edit_is_the_build_from_scratch() {
    let (site, settings, mut previous) = built_copy("check/base");
    let root = site.path();
    // Each edit of the body of one page, and whether the site then has a link to a missing
    // anchor.
    let edits = [
        ("notes.md", "## Minutes\n\nSee [the agenda](#agenda).\n", true),
        ("index.md", "Home of [[board]]; see the [[notes#agenda]].\n", true),
        ("notes.md", "## Minutes\n\n## Agenda\n\nSee [the agenda](#agenda).\n", false),
        ("notes.md", "## Minutes\n\nKept by the [[secretariat]].\n", true),
        ("index.md", "Home of [[board]], [[committee]], [[annual-report]].\n", false),
        ("bodies/board.md", "The board meets every month.\n", false),
    ];
    for (page, body, broken) in edits {
        let again = edit_and_rebuild(root, &settings, &previous, page, |text| {
            let front_matter = text.split_inclusive("---\n").take(2).collect::<String>();
            format!("{front_matter}\n{body}")
        });
        let fresh = build_site(root, &settings).unwrap();
        assert_eq!(again.rendered.files, fresh.rendered.files, "after editing {page}");
        assert_eq!(findings(&again), findings(&fresh), "after editing {page}");
        let all = findings(&again).concat();
        assert_eq!(all.contains("`agenda`"), broken, "after editing {page}: {all}");
        assert!(Arc::ptr_eq(again.site.as_ref().unwrap(), previous.site.as_ref().unwrap()));
        previous = again;
    }
}

#[test]
fn a_rebuild_after_a_title_edit_models_and_renders_every_page_again() {
    let (site, settings, first) = built_copy("check/base");
    let root = site.path();
    let again = edit_and_rebuild(root, &settings, &first, "notes.md", |text| {
        text.replace("title: Notes", "title: Minutes book")
    });
    assert!(!Arc::ptr_eq(first.site.as_ref().unwrap(), again.site.as_ref().unwrap()));
    let fresh = build_site(root, &settings).unwrap();
    assert_eq!(again.rendered.files, fresh.rendered.files);
    // The home page links to the notes by their title, which every sidebar shows too.
    let home = String::from_utf8_lossy(&again.rendered.files["index.html"]);
    assert!(home.contains("Minutes book"), "{home}");
    assert_eq!(again.diagnostics, fresh.diagnostics);
}

#[test]
fn settings_in_memory_are_checked_as_govwiki_yaml() {
    let theme = Arc::new(Theme::load(Path::new("/nonexistent"), "default").unwrap());
    let pages = [("index.md".to_owned(), b"---\ntitle: Home\n---\n".to_vec())].into();
    let settings = BuildSettings::default();
    let build = build_in_memory(Some("title: A\ntheme: [x\n"), pages, theme, &settings).unwrap();
    assert!(build.site.is_none());
    let [finding] = &build.diagnostics[..] else { panic!("{:?}", build.diagnostics) };
    assert_eq!(finding.code, Code::InvalidYaml);
    assert_eq!(build.sources.get(finding.source).name, CONFIG_FILE);
    assert!(finding.message.starts_with("invalid `govwiki.yaml`: "), "{}", finding.message);
}

/// One edit of a repository taken as it stands, as an editor makes it while the live server
/// runs: the file (relative to the site root) and its new text, `None` to remove it.
type RepositoryEdit = (&'static str, Option<&'static str>);

/// Every kind of edit of a repository without front matter, each followed by a rebuild that
/// takes the build before over as the live server does: it must be the build from scratch.
#[test]
fn every_rebuild_of_a_repository_after_any_edit_is_the_build_from_scratch() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    let files = [
        (
            "README.md",
            "# Governance\n\nSee [SIG Node](sig-node/) and the [charter](charter.md).\n\n![logo](logo.png)\n",
        ),
        ("charter.md", "# Charter\n\n## Voting\n\nBy consensus. [Home](README.md)\n"),
        ("sig-node/README.md", "# SIG Node\n\nRuns the node. [Voting](../charter.md#voting)\n"),
        ("logo.png", "logo one"),
    ];
    for (path, text) in files {
        std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        std::fs::write(root.join(path), text).unwrap();
    }
    let settings = BuildSettings { rebuilds: true, drafts: true, ..BuildSettings::default() };
    let mut previous = build_site(root, &settings).unwrap();
    assert!(!previous.has_errors(), "{:?}", findings(&previous));
    let edits: [RepositoryEdit; 12] = [
        // A paragraph.
        ("charter.md", Some("# Charter\n\n## Voting\n\nBy majority. [Home](README.md)\n")),
        // The heading that is the page's title, and the anchor a link names.
        ("charter.md", Some("# Project charter\n\n## Decisions\n\nBy majority.\n")),
        ("charter.md", Some("# Project charter\n\n## Voting\n\nBy majority.\n")),
        // A file beside the pages: changed, added, removed.
        ("logo.png", Some("logo two")),
        ("docs/plan.pdf", Some("plan")),
        ("logo.png", None),
        // A folder's page, and a page, added and removed.
        ("wg/readme.md", Some("# Working groups\n\n[[sig-node]]\n")),
        ("minutes.md", Some("# Minutes\n\n[Charter](charter.md#voting)\n")),
        ("minutes.md", None),
        // Front matter added to a page, then a draft.
        (
            "sig-node/README.md",
            Some("---\nkind: body\nsummary: Runs the node.\n---\n\n# SIG Node\n"),
        ),
        ("wg/readme.md", Some("---\ndraft: true\n---\n\n# Working groups\n")),
        // The settings.
        ("govwiki.yaml", Some("title: Our governance\n")),
    ];
    for (path, text) in edits {
        let file = root.join(path);
        match text {
            Some(text) => {
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(&file, text).unwrap();
            }
            None => std::fs::remove_file(&file).unwrap(),
        }
        let changed = BTreeSet::from([PathBuf::from(path)]);
        let reuse = Reuse { previous: &previous, theme_changed: false, changed: Some(&changed) };
        let again = build_site_reusing(root, &settings, Some(reuse)).unwrap();
        let fresh = build_site(root, &settings).unwrap();
        assert_eq!(again.rendered.files, fresh.rendered.files, "after editing {path}");
        assert_eq!(findings(&again), findings(&fresh), "after editing {path}");
        previous = again;
    }
    let home = String::from_utf8_lossy(&previous.rendered.files["index.html"]).into_owned();
    assert!(home.contains("Our governance"), "{home}");
}
