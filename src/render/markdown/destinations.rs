//! The URLs of links as a browser reads them: where a `[[text]](url)` ends and what its URL
//! is, and whether a URL would run a script.

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::options;

/// How much of a paragraph after a `[[text]]` is read again for its `(url)`: first, and at
/// most.
pub(super) const SHORT_AFTER_LINK: usize = 256;
pub(super) const AFTER_LINK: usize = 2048;

/// The destination of a link `(url)` at the start of `rest`, read from at most `window` bytes
/// of it and no further than its paragraph, and how many bytes the `(url)` takes.
pub(super) fn destination_after(rest: &str, window: usize) -> Option<(String, usize)> {
    let mut end = rest.len().min(window);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    if let Some(paragraph) = rest[..end].find("\n\n") {
        end = paragraph;
    }
    let again = format!("[x]{}", &rest[..end]);
    let mut events = Parser::new_ext(&again, options() - Options::ENABLE_WIKILINKS)
        .into_offset_iter()
        .filter(|(event, _)| !matches!(event, Event::Start(Tag::Paragraph)));
    let (Event::Start(Tag::Link { dest_url, .. }), read) = events.next()? else { return None };
    if read.start != 0 || dest_url.is_empty() {
        return None;
    }
    Some((dest_url.into_string(), read.end - "[x]".len()))
}

/// Whether a browser would run `url` as a script when it is followed or shown: a
/// `javascript:` or `vbscript:` URL, or a `data:` URL that is no picture (a `data:text/html`
/// page runs its scripts). The scheme is read as a browser reads it: whatever its case, with
/// tabs, line breaks and leading spaces or control characters taken out.
pub(super) fn runs_script(url: &str) -> bool {
    let scheme: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|&c| c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    let rest = url.split_once(':').map_or("", |(_, rest)| rest.trim_start());
    match scheme.as_str() {
        _ if !url.contains(':') => false,
        "javascript" | "vbscript" => true,
        // The picture's type, whole: `image/pngx` is none of them.
        "data" => !["image/png", "image/gif", "image/jpeg", "image/webp", "image/avif"].iter().any(
            |kind| {
                rest.get(..kind.len()).is_some_and(|r| r.eq_ignore_ascii_case(kind))
                    && rest[kind.len()..].starts_with([';', ','])
            },
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::runs_script;

    #[test]
    fn urls_that_run_scripts_are_told_apart_as_a_browser_reads_them() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:void(0)",
            " \u{1}javascript:x",
            "java\tscr\nipt:x",
            "vbscript:msgbox",
            "data:text/html,<script>x</script>",
            "DATA:image/svg+xml;base64,PHN2Zz4=",
            "data:image/pngx,<script>x</script>",
            "data:image/png/../../text/html,x",
        ] {
            assert!(runs_script(url), "{url:?}");
        }
        for url in [
            "https://example.org/javascript:x",
            "javascript",
            "pages/javascript.md",
            "data:image/png;base64,iVBORw0KGgo=",
            "data: IMAGE/JPEG;base64,/9j/",
            "mailto:board@example.org",
            "#javascript:x",
        ] {
            assert!(!runs_script(url), "{url:?}");
        }
    }
}
