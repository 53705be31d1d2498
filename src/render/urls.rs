//! Relative URLs between output files, so the site works at a domain root, under a subpath,
//! and opened from disk (`file://`), with no configuration.
//!
//! Links name files, never folders (`../tag/index.html`, not `../tag/`): a browser reading
//! from disk does not add `index.html` by itself.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Bytes escaped in a path segment: everything that is not safe in a URL path, and `/`,
/// which would split the segment. Non-ASCII characters are always escaped (as UTF-8).
pub(crate) const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
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
    path.split('/')
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// The `../` prefix that leads from the folder of output file `from` to the site root.
#[must_use]
pub fn root_of(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// The relative, encoded URL of output file `to` as seen from output file `from`.
#[must_use]
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common =
        from_dirs.iter().zip(&to_parts[..to_parts.len() - 1]).take_while(|(a, b)| a == b).count();
    let mut url = "../".repeat(from_dirs.len() - common);
    url.push_str(&encode_path(&to_parts[common..].join("/")));
    url
}

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
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(
            encode_path("bodies/Comité de pilotage/index.html"),
            "bodies/Comit%C3%A9%20de%20pilotage/index.html"
        );
        assert_eq!(relative("x/index.html", "a?b/index.html"), "../a%3Fb/index.html");
    }

    #[test]
    fn root_is_one_step_up_per_folder() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("bodies/tag/index.html"), "../../");
    }
}
