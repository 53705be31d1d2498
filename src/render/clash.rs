//! Pages the site cannot publish where their URL says: two pages whose URL is the same
//! (`a.md` and `a/index.md` are both `a/index.html`), and a page whose URL is, or lies in a
//! folder named like, a file the site writes of its own (`toc.js.md` is `toc.js/index.html`,
//! where `toc.js` must be a file).
//!
//! Each is a finding naming every page involved, and the page is not written: the first of
//! two pages for one URL keeps it, and a file of the site's own keeps its place. Writing both
//! would lose one page without a word, or stop the build at the file system's "Is a
//! directory".

use std::collections::HashSet;

use super::Theme;
use super::history::HISTORY_FILE;
use super::matrix::MATRIX_URL;
use super::scheme::{SCHEME_IMAGE, SCHEME_URL};
use super::search::{SEARCH_INDEX, SEARCH_TEXT_FILE};
use super::urls::{
    CHANGES, LABELS_INDEX, NOT_FOUND, PEOPLE, SITEMAP, TIMELINE, TOC_PAGE, TOC_SCRIPT, label_url,
};
use crate::diag::{Code, Diagnostic, Sources};
use crate::load::opening;
use crate::model::Site;
use crate::model::id::folder_page_of;

/// The files the site writes at its root of its own, whatever its pages.
const SITE_FILES: [&str; 12] = [
    TOC_SCRIPT,
    TOC_PAGE,
    NOT_FOUND,
    SITEMAP,
    SEARCH_INDEX,
    SCHEME_URL,
    SCHEME_IMAGE,
    MATRIX_URL,
    LABELS_INDEX,
    CHANGES,
    PEOPLE,
    TIMELINE,
];

/// The pages that clash, by index, and the findings that name them.
#[derive(Debug, Default)]
pub(crate) struct Clashes {
    /// Per page: whether it is left out of the output.
    pub(crate) blocked: Vec<bool>,
    /// One finding per page left out.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Clashes {
    /// The clashes of a render of `pages` pages that left out the pages `left_out`, with
    /// these findings.
    pub(crate) fn of(pages: usize, left_out: &[usize], diagnostics: &[Diagnostic]) -> Clashes {
        let mut blocked = vec![false; pages];
        for &index in left_out {
            if let Some(slot) = blocked.get_mut(index) {
                *slot = true;
            }
        }
        Clashes { blocked, diagnostics: diagnostics.to_vec() }
    }

    /// Whether page `index` is left out of the output.
    pub(crate) fn blocks(&self, index: usize) -> bool {
        self.blocked.get(index).copied().unwrap_or(false)
    }
}

/// Finds the pages of `site` whose URL clashes with another page's or with a file the site
/// writes (the theme's static files among them).
pub(crate) fn find_clashes(site: &Site, sources: &Sources, theme: &Theme) -> Clashes {
    let mut clashes = Clashes { blocked: vec![false; site.pages.len()], diagnostics: Vec::new() };
    let name = |index: usize| sources.get(site.pages[index].source).name.as_str();
    let opening_of = |index: usize| opening(&sources.get(site.pages[index].source).text);
    // Pages in the order of their URLs: those of one URL stand together.
    for pair in site.by_url.windows(2) {
        let (first, second) = (pair[0].min(pair[1]), pair[0].max(pair[1]));
        let url = &site.pages[first].url;
        if *url != site.pages[second].url || clashes.blocked[first] {
            continue;
        }
        clashes.blocked[second] = true;
        // Two pages of one folder share its id too, and are reported as such.
        let folder_page = |index: usize| folder_page_of(&site.pages[index].path);
        if folder_page(first).is_some() && folder_page(first) == folder_page(second) {
            continue;
        }
        clashes.diagnostics.push(
            Diagnostic::new(
                Code::DuplicateUrl,
                site.pages[second].source,
                format!(
                    "`{}` and `{}` would both be written to `{url}`",
                    name(first),
                    name(second)
                ),
            )
            .at(opening_of(second))
            .label("left out of the output")
            .also(site.pages[first].source, opening_of(first), "written to it")
            .help(
                "a page `x.md` and a folder's page `x/index.md` (or `x/README.md`) have the same \
                 URL: rename one, or move one into another folder",
            ),
        );
    }
    let labels: HashSet<String> =
        site.pages.iter().flat_map(|page| &page.labels).map(|label| label_url(label)).collect();
    for (index, page) in site.pages.iter().enumerate() {
        let Some(taken) = generated_at(&page.url, theme, &labels) else { continue };
        if clashes.blocked[index] {
            continue;
        }
        clashes.blocked[index] = true;
        let message = if taken == page.url {
            format!(
                "`{}` would be written to `{taken}`, a file the site writes itself",
                name(index)
            )
        } else {
            format!(
                "`{}` would be written to `{}`, in a folder `{taken}` where the site writes a \
                 file of its own",
                name(index),
                page.url
            )
        };
        clashes.diagnostics.push(
            Diagnostic::new(Code::ReservedUrl, page.source, message)
                .at(opening_of(index))
                .label("left out of the output")
                .help(format!(
                    "rename the file or its folder: the site writes {}, the label pages \
                     `labels/*.html`, each page's `{HISTORY_FILE}` and `{SEARCH_TEXT_FILE}` and \
                     the theme's files \
                     under `static/`",
                    SITE_FILES.map(|file| format!("`{file}`")).join(", ")
                )),
        );
    }
    for page in &site.pages {
        for alias in &page.aliases {
            if let Err(why) = alias_path(site, theme, &alias.value) {
                clashes.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateUrl,
                        page.source,
                        format!("the alias `{}` has no page of its own: {why}", alias.value),
                    )
                    .at(alias.span.clone())
                    .label("no redirect page is written")
                    .help("remove the alias, or give an earlier path that no page has"),
                );
            }
        }
    }
    clashes
}

/// Where the redirect page of `alias`, an earlier path of a page (`/old/path/`,
/// `old-page.html`), goes in the output, or why it cannot: the path of a page, or of a file
/// the site writes itself, or one out of the site.
pub(super) fn alias_path(site: &Site, theme: &Theme, alias: &str) -> Result<String, String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let mut path = trimmed.trim_end_matches('/').to_owned();
    if path.split('/').any(|part| part == ".." || part == ".") || alias.contains(':') {
        return Err("it leaves the site".to_owned());
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    if !last.contains('.') {
        path = if path.is_empty() { "index.html".to_owned() } else { format!("{path}/index.html") };
    }
    let page = site.by_url.binary_search_by(|&index| site.pages[index].url.as_str().cmp(&path));
    if let Ok(at) = page {
        let name = &site.pages[site.by_url[at]].path;
        return Err(format!("`{name}` is written there"));
    }
    if SITE_FILES.contains(&path.as_str()) || theme.statics.contains_key(&path) {
        return Err("the site writes a file of its own there".to_owned());
    }
    Ok(path)
}

/// The file the site writes of its own at `url` or at one of its folders, if any; `labels`
/// are the paths of the label pages.
fn generated_at<'u>(url: &'u str, theme: &Theme, labels: &HashSet<String>) -> Option<&'u str> {
    let folders = url.match_indices('/').map(|(at, _)| &url[..at]);
    folders.chain(std::iter::once(url)).find(|path| is_generated(path, theme, labels))
}

/// Whether the site writes a file of its own at `path`.
fn is_generated(path: &str, theme: &Theme, labels: &HashSet<String>) -> bool {
    SITE_FILES.contains(&path)
        || labels.contains(path)
        || [HISTORY_FILE, SEARCH_TEXT_FILE].iter().any(|file| {
            path == *file || path.strip_suffix(file).is_some_and(|folder| folder.ends_with('/'))
        })
        || theme.statics.contains_key(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sites_own_files_and_their_folders_are_found_in_a_url() {
        let theme = Theme::load(std::path::Path::new("/nonexistent"), "default").unwrap();
        let labels = HashSet::from(["labels/release.html".to_owned()]);
        let generated_at = |url| generated_at(url, &theme, &labels);
        assert_eq!(generated_at("toc.js/index.html"), Some("toc.js"));
        assert_eq!(generated_at("404.html/index.html"), Some("404.html"));
        assert_eq!(generated_at("static/govwiki.css/index.html"), Some("static/govwiki.css"));
        assert_eq!(generated_at("bodies/history.html/index.html"), Some("bodies/history.html"));
        assert_eq!(generated_at("bodies/search-text.js/index.html"), Some("bodies/search-text.js"));
        assert_eq!(generated_at("labels/release.html/index.html"), Some("labels/release.html"));
        assert_eq!(generated_at("bodies/toc.js/index.html"), None);
        assert_eq!(generated_at("labels/index.html"), None);
        assert_eq!(generated_at("static/index.html"), None);
        assert_eq!(generated_at("history/index.html"), None);
        assert_eq!(generated_at("index.html"), None);
    }
}
