//! Relative URLs between output files, so the site works at a domain root, under a subpath,
//! and opened from disk (`file://`), with no configuration.
//!
//! Links name files, never folders (`../tag/index.html`, not `../tag/`): a browser reading
//! from disk does not add `index.html` by itself.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Bytes escaped in a path segment: everything that is not safe in a URL path, and `/`,
/// which would split the segment. Non-ASCII characters are always escaped (as UTF-8). A `:`
/// is escaped too: in the first segment of a relative URL it would make the segment a
/// scheme, and a page `javascript:alert(1).md` a script every link to it runs.
pub(crate) const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b':')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Percent-encodes each `/`-separated segment of an output path.
#[must_use]
pub fn encode_path(path: &str) -> String {
    let mut url = String::with_capacity(path.len());
    push_encoded(&mut url, path);
    url
}

/// Bytes escaped in an output path: those of [`SEGMENT`] but `/`, which keeps separating the
/// segments.
const PATH: &AsciiSet = &SEGMENT.remove(b'/');

/// Appends `path` to `url`, each `/`-separated segment percent-encoded. Every page's every
/// link comes through here, so it writes into `url` in one pass, without a string per
/// segment.
fn push_encoded(url: &mut String, path: &str) {
    url.extend(utf8_percent_encode(path, PATH));
}

/// The `../` prefix that leads from the folder of output file `from` to the site root.
#[must_use]
pub fn root_of(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// The relative, encoded URL of output file `to` as seen from output file `from`.
#[must_use]
pub fn relative(from: &str, to: &str) -> String {
    let (from_folders, to_folders) = (&from[..folders_len(from)], &to[..folders_len(to)]);
    // The folders both files are in: their common start, up to the last `/` in it, so that
    // only whole folders are shared (`ab/` and `a/` share none).
    let taken = from_folders
        .bytes()
        .zip(to_folders.bytes())
        .take_while(|(a, b)| a == b)
        .enumerate()
        .filter(|&(_, (byte, _))| byte == b'/')
        .last()
        .map_or(0, |(at, _)| at + 1);
    let up = from_folders[taken..].bytes().filter(|&byte| byte == b'/').count();
    let mut url = String::with_capacity(3 * up + to.len() - taken);
    for _ in 0..up {
        url.push_str("../");
    }
    push_encoded(&mut url, &to[taken..]);
    url
}

/// The length of the folders of output file `path`, with their last `/`: every link of every
/// page is made from two of them, so it is one search from the end.
fn folders_len(path: &str) -> usize {
    path.rfind('/').map_or(0, |at| at + 1)
}

// The paths of the files the site writes of its own, beside the pages.

/// The folder of the label pages. Content pages are written as `…/index.html`, so a label's
/// page `labels/NAME.html` can never be one of theirs.
pub(super) const LABELS_FOLDER: &str = "labels/";

/// The page that lists every label.
pub(super) const LABELS_INDEX: &str = "labels.html";

/// The output path of a label's page.
pub(super) fn label_url(label: &str) -> String {
    format!("{LABELS_FOLDER}{}.html", crate::slug::slugify(label))
}

/// The page served for a missing path.
pub(super) const NOT_FOUND: &str = "404.html";

/// The sidebar's page tree as a script, for every page, and as a page, for readers without
/// JavaScript.
pub(super) const TOC_SCRIPT: &str = "toc.js";
pub(super) const TOC_PAGE: &str = "toc.html";

/// The site's latest changes, written when its pages have history.
pub(super) const CHANGES: &str = "changes.html";

/// "Who's who": every person and every seat, written when the site has a person page or a
/// seat.
pub(super) const PEOPLE: &str = "people.html";

/// The timeline of decisions, meetings, effective dates and terms, written when anything in
/// the site has a date.
pub(super) const TIMELINE: &str = "timeline.html";

/// The sitemap, written when the site has a `base_url`.
pub(super) const SITEMAP: &str = "sitemap.xml";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_climb_only_as_far_as_needed() {
        assert_eq!(relative("index.html", "bodies/tag/index.html"), "bodies/tag/index.html");
        assert_eq!(relative("bodies/tag/index.html", "index.html"), "../../index.html");
        assert_eq!(relative("bodies/tag/index.html", "bodies/index.html"), "../index.html");
        assert_eq!(relative("bodies/tag/index.html", "bodies/sg/index.html"), "../sg/index.html");
        assert_eq!(relative("a/index.html", "a/index.html"), "index.html");
        // Only whole folders are shared.
        assert_eq!(relative("ab/index.html", "a/index.html"), "../a/index.html");
        assert_eq!(relative("a/b/c/x.html", "a/b/y.html"), "../y.html");
        assert_eq!(relative("a/b/x.html", "a/b/c/d/y.html"), "c/d/y.html");
        assert_eq!(relative("x.html", "y.html"), "y.html");
    }

    /// Where `url`, followed from output file `from`, leads: its `../` steps taken.
    fn follow(from: &str, url: &str) -> String {
        let mut folders: Vec<&str> = from.split('/').collect();
        folders.pop();
        let mut rest = url;
        while let Some(after) = rest.strip_prefix("../") {
            assert!(folders.pop().is_some(), "`{url}` climbs above the root from `{from}`");
            rest = after;
        }
        folders.push(rest);
        folders.join("/")
    }

    #[test]
    fn every_relative_url_leads_to_its_file_and_climbs_no_further_than_needed() {
        let paths = [
            "index.html",
            "a.html",
            "a/index.html",
            "ab/index.html",
            "a/b/index.html",
            "a/bc/index.html",
            "a/b/c/x.html",
            "ab/b/index.html",
            "é/b/index.html",
            "é/bé/index.html",
            "a b/c?d/index.html",
        ];
        for from in paths {
            for to in paths {
                let url = relative(from, to);
                assert_eq!(follow(&encode_path(from), &url), encode_path(to), "{from} → {to}");
                // It climbs only out of the folders `to` is not in.
                let shared = from
                    .split('/')
                    .zip(to.split('/'))
                    .take(from.matches('/').count().min(to.matches('/').count()))
                    .take_while(|(a, b)| a == b)
                    .count();
                assert_eq!(url.matches("../").count(), from.matches('/').count() - shared);
            }
        }
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(
            encode_path("bodies/Comité de pilotage/index.html"),
            "bodies/Comit%C3%A9%20de%20pilotage/index.html"
        );
        assert_eq!(relative("x/index.html", "a?b/index.html"), "../a%3Fb/index.html");
        assert_eq!(relative("a/x.html", "b/c d/y.html"), "../b/c%20d/y.html");
        assert_eq!(
            relative("index.html", "javascript:alert(1)/index.html"),
            "javascript%3Aalert(1)/index.html"
        );
    }

    #[test]
    fn root_is_one_step_up_per_folder() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("bodies/tag/index.html"), "../../");
    }
}
