//! The link check's reading of a rendered page: where every `id`, `href` and `src` attribute
//! value is, in one pass over the bytes.
//!
//! This follows the tokenizer of the HTML standard as far as it decides where attributes are:
//! tags with their quoted and unquoted values, comments, doctypes and other bogus comments,
//! CDATA in SVG and MathML, the raw text of `script` (with its escaped states), `style`,
//! `textarea`, `title`, `xmp`, `iframe`, `noembed`, `noframes` and `plaintext`, and, as
//! lol_html does, just enough of tree construction to know when SVG or MathML content starts
//! and ends, since raw text is HTML's alone. The content of `noscript` is read as markup, as a
//! browser without JavaScript reads it, so that the links it offers such readers are checked
//! too.
//!
//! Why not a full tokenizer: a tokenizer such as lol_html or html5gum builds every token and
//! decodes every entity, which made the link check a large share of a build; this scan
//! builds no tokens, decodes nothing and allocates only for nested SVG. The tests hold its findings to lol_html's on every page of the bundled wiki
//! and on random tag soup.

use std::ops::Range;

use memchr::{memchr, memchr2, memmem};

/// Which attribute a value belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Wanted {
    /// `id`.
    Id,
    /// `href` or `src`.
    Link,
}

/// Calls `found` with the byte range of the value of every `id`, `href` and `src` attribute
/// of every start tag of `html`, in document order. A tag that repeats an attribute counts
/// only its first, as the standard says.
pub(super) fn attributes(html: &[u8], mut found: impl FnMut(Wanted, Range<usize>)) {
    let mut at = 0;
    // The namespaces the scan is in, innermost last: HTML when empty, HTML again inside the
    // integration points of SVG and MathML. It follows the HTML standard's tree construction
    // only as far as it changes how text is read, as lol_html does.
    let mut nesting: Vec<Namespace> = Vec::new();
    while let Some(offset) = memchr(b'<', &html[at..]) {
        let start = at + offset + 1;
        let Some(&first) = html.get(start) else { return };
        let current = nesting.last().copied().unwrap_or(Namespace::Html);
        at = match first {
            b'!' if html[start..].starts_with(b"!--") => comment_end(html, start + 3),
            // In SVG and MathML, CDATA is text up to `]]>`; in HTML it is a bogus comment.
            b'!' if current != Namespace::Html && html[start..].starts_with(b"![CDATA[") => {
                memmem::find(&html[start..], b"]]>").map_or(html.len(), |i| start + i + 3)
            }
            b'!' | b'?' => after(html, start, b'>'),
            b'/' => match html.get(start + 1) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let (name, end) = tag_name(html, start + 1);
                    let leaves = match current {
                        Namespace::Html => {
                            let outer = nesting.len().checked_sub(2).map(|i| nesting[i]);
                            outer.is_some_and(|outer| is_integration_point(outer, name))
                        }
                        Namespace::Svg => is_any(name, &[b"svg", b"p", b"br"]),
                        Namespace::Math => is_any(name, &[b"math", b"p", b"br"]),
                    };
                    if leaves {
                        nesting.pop();
                    }
                    tag_attributes(html, end, |_, _| {})
                }
                Some(b'>') => start + 2,
                Some(_) => after(html, start, b'>'),
                None => return,
            },
            c if c.is_ascii_alphabetic() => {
                let (name, end) = tag_name(html, start);
                let mut seen = [false; 3];
                let mut font_exits = false;
                // `<a name="x">` is an anchor too, as browsers and GitHub take it, unless the
                // element's `id` is the same one.
                let (mut id, mut anchor_name) = (None, None);
                let is_a = name.eq_ignore_ascii_case(b"a");
                let end = tag_attributes(html, end, |attribute, value| {
                    font_exits |= is_any(attribute, &[b"color", b"size", b"face"]);
                    if is_a && attribute.eq_ignore_ascii_case(b"name") && anchor_name.is_none() {
                        anchor_name = Some(value);
                        return;
                    }
                    let (wanted, slot) = match attribute {
                        a if a.eq_ignore_ascii_case(b"id") => (Wanted::Id, 0),
                        a if a.eq_ignore_ascii_case(b"href") => (Wanted::Link, 1),
                        a if a.eq_ignore_ascii_case(b"src") => (Wanted::Link, 2),
                        _ => return,
                    };
                    if !std::mem::replace(&mut seen[slot], true) {
                        if wanted == Wanted::Id {
                            id = Some(value.clone());
                        }
                        found(wanted, value);
                    }
                });
                if let Some(anchor) = anchor_name
                    && id.is_none_or(|id: Range<usize>| html.get(id) != html.get(anchor.clone()))
                {
                    found(Wanted::Id, anchor);
                }
                let self_closing = html.get(..end).is_some_and(|tag| tag.ends_with(b"/>"));
                if name.eq_ignore_ascii_case(b"svg") {
                    nesting.push(Namespace::Svg);
                    end
                } else if name.eq_ignore_ascii_case(b"math") {
                    nesting.push(Namespace::Math);
                    end
                } else if current == Namespace::Html {
                    text_end(html, end, name)
                } else {
                    if breaks_out(name) || (font_exits && name.eq_ignore_ascii_case(b"font")) {
                        // An HTML element ends SVG or MathML.
                        nesting.pop();
                    } else if !self_closing && is_integration_point(current, name) {
                        nesting.push(Namespace::Html);
                    }
                    end
                }
            }
            // A `<` that starts no tag is text.
            _ => start,
        };
    }
}

/// Where the content of an HTML element whose start tag ends at `from` stops being text: at
/// `from` for most elements, at the end tag for raw text.
fn text_end(html: &[u8], from: usize, name: &[u8]) -> usize {
    if name.eq_ignore_ascii_case(b"script") {
        script_end(html, from)
    } else if name.eq_ignore_ascii_case(b"plaintext") {
        html.len()
    } else if is_raw_text(name) {
        raw_text_end(html, from, name)
    } else {
        from
    }
}

/// The namespace of an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Namespace {
    Html,
    Svg,
    Math,
}

fn is_any(name: &[u8], names: &[&[u8]]) -> bool {
    names.iter().any(|candidate| name.eq_ignore_ascii_case(candidate))
}

/// The SVG and MathML elements whose content is HTML again.
fn is_integration_point(namespace: Namespace, name: &[u8]) -> bool {
    match namespace {
        Namespace::Svg => is_any(name, &[b"title", b"desc", b"foreignObject"]),
        Namespace::Math => is_any(name, &[b"mi", b"mo", b"mn", b"ms", b"mtext"]),
        Namespace::Html => false,
    }
}

/// The HTML elements that end SVG or MathML content where they start.
#[rustfmt::skip]
fn breaks_out(name: &[u8]) -> bool {
    is_any(name, &[
        b"b", b"big", b"blockquote", b"body", b"br", b"center", b"code", b"dd", b"div", b"dl",
        b"dt", b"em", b"embed", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6", b"head", b"hr", b"i",
        b"img", b"li", b"listing", b"menu", b"meta", b"nobr", b"ol", b"p", b"pre", b"ruby", b"s",
        b"small", b"span", b"strong", b"strike", b"sub", b"sup", b"table", b"tt", b"u", b"ul",
        b"var",
    ])
}

/// HTML elements whose content is text up to their end tag (`script` and `plaintext` have
/// their own rules). `noscript` is not among them:
/// its content is what a reader without JavaScript gets, so its links are checked.
fn is_raw_text(name: &[u8]) -> bool {
    is_any(name, &[b"style", b"xmp", b"iframe", b"noembed", b"noframes", b"textarea", b"title"])
}

/// The position just after the next `byte` from `from`, or the end.
fn after(html: &[u8], from: usize, byte: u8) -> usize {
    memchr(byte, &html[from.min(html.len())..]).map_or(html.len(), |i| from + i + 1)
}

/// The end of a comment whose text starts at `from`: after `-->`, or after `>` when the
/// comment is `<!-->` or `<!--->`.
fn comment_end(html: &[u8], from: usize) -> usize {
    let rest = &html[from.min(html.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    memmem::find(rest, b"-->").map_or(html.len(), |i| from + i + 3)
}

/// A tag name starting at `from`, and where it ends.
fn tag_name(html: &[u8], from: usize) -> (&[u8], usize) {
    let end = html[from..]
        .iter()
        .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        .map_or(html.len(), |i| from + i);
    (&html[from..end], end)
}

/// Reads the attributes of a tag from `from` to its `>`, calling `each` with every
/// attribute's name and the range of its value; returns the position after the tag.
fn tag_attributes(html: &[u8], mut at: usize, mut each: impl FnMut(&[u8], Range<usize>)) -> usize {
    loop {
        while html.get(at).is_some_and(|&c| c.is_ascii_whitespace() || c == b'/') {
            at += 1;
        }
        match html.get(at) {
            None => return html.len(),
            Some(b'>') => return at + 1,
            Some(_) => {}
        }
        // A name runs to whitespace, `/`, `>` or `=`; a `=` that starts it is part of it.
        let name_start = at;
        at += 1;
        while html
            .get(at)
            .is_some_and(|&c| !(c.is_ascii_whitespace() || matches!(c, b'/' | b'>' | b'=')))
        {
            at += 1;
        }
        let name = &html[name_start..at];
        while html.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        if html.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        while html.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let value = match html.get(at) {
            None => return html.len(),
            // `<a href=>`: an empty value, and the tag ends.
            Some(b'>') => at..at,
            Some(&quote @ (b'"' | b'\'')) => {
                let start = at + 1;
                let Some(length) = memchr(quote, &html[start..]) else { return html.len() };
                at = start + length + 1;
                start..start + length
            }
            Some(_) => {
                let start = at;
                at = html[start..]
                    .iter()
                    .position(|&c| c.is_ascii_whitespace() || c == b'>')
                    .map_or(html.len(), |i| start + i);
                start..at
            }
        };
        each(name, value);
    }
}

/// Where a script that starts at `from` ends: at its `</script`, except inside a comment that
/// itself holds `<script>`, where `</script>` closes that inner one (the standard's escaped
/// and double-escaped states, which keep old comment-wrapped scripts working).
fn script_end(html: &[u8], mut from: usize) -> usize {
    #[derive(PartialEq)]
    enum State {
        Plain,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Plain;
    while let Some(offset) = memchr2(b'<', b'-', &html[from.min(html.len())..]) {
        let at = from + offset;
        let rest = &html[at..];
        from = at + 1;
        if rest.starts_with(b"-->") {
            if state != State::Plain {
                state = State::Plain;
            }
            from = at + 3;
        } else if rest.starts_with(b"<!--") && state == State::Plain {
            // `<!-->` and `<!--->` open and close at once.
            let dashes = rest[4..].iter().take_while(|&&c| c == b'-').count();
            from = at + 4 + dashes;
            if html.get(from) == Some(&b'>') {
                from += 1;
            } else {
                state = State::Escaped;
            }
        } else if is_tag(rest, b"</", b"script") {
            match state {
                State::DoubleEscaped => state = State::Escaped,
                _ => return at,
            }
        } else if state == State::Escaped && is_tag(rest, b"<", b"script") {
            state = State::DoubleEscaped;
        }
    }
    html.len()
}

/// Whether `text` starts with `open` and `name` in any case, followed by whitespace, `/` or
/// `>`.
fn is_tag(text: &[u8], open: &[u8], name: &[u8]) -> bool {
    let after = open.len() + name.len();
    text.starts_with(open)
        && text.len() > after
        && text[open.len()..after].eq_ignore_ascii_case(name)
        && matches!(text[after], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The position after the end tag that closes raw text opened by `name`, searching from
/// `from`: `</name` in any case, followed by whitespace, `/` or `>`.
fn raw_text_end(html: &[u8], mut from: usize, name: &[u8]) -> usize {
    while let Some(offset) = memchr(b'<', &html[from.min(html.len())..]) {
        let open = from + offset;
        if is_tag(&html[open..], b"</", name) {
            return open;
        }
        from = open + 1;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use lol_html::html_content::Element;
    use lol_html::{HtmlRewriter, Settings, element};

    use super::*;

    fn scanned(html: &str) -> Vec<(Wanted, &str)> {
        let mut found = Vec::new();
        attributes(html.as_bytes(), |wanted, range| found.push((wanted, &html[range])));
        found
    }

    /// What lol_html, a full tokenizer, finds in `html`: the reference the scan is held to.
    /// lol_html reads `noscript` as a browser with JavaScript does, as raw text; the scan
    /// reads its markup, so here it becomes a `span` of the same length.
    fn reference(html: &[u8]) -> Vec<(Wanted, Range<usize>)> {
        let html = String::from_utf8_lossy(html)
            .replace("<noscript>", "<span    >")
            .replace("</noscript>", "</span    >");
        let html = html.as_bytes();
        let found = RefCell::new(Vec::new());
        let collect = |element: &Element<'_, '_>, name: &str, wanted: Wanted| {
            let attribute = element.attributes().iter().find(|a| a.name() == name);
            if let Some(range) = attribute.and_then(|a| a.value_source_location()) {
                found.borrow_mut().push((wanted, range.bytes()));
            }
        };
        let settings = Settings::new().append_element_content_handler(element!("*", |el| {
            collect(el, "id", Wanted::Id);
            collect(el, "href", Wanted::Link);
            collect(el, "src", Wanted::Link);
            if el.tag_name() == "a" && el.get_attribute("name") != el.get_attribute("id") {
                collect(el, "name", Wanted::Id);
            }
            Ok(())
        }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        let _ = rewriter.write(html);
        let _ = rewriter.end();
        found.into_inner()
    }

    fn ours(html: &[u8]) -> Vec<(Wanted, Range<usize>)> {
        let mut found = Vec::new();
        attributes(html, |wanted, range| found.push((wanted, range)));
        found
    }

    #[test]
    fn values_quoted_unquoted_and_in_any_case() {
        let html = r#"<p id=intro><A HREF="a.html#x" class=x>a</A><img src='i.png' alt="<b>"><a href=b.html>b</a>"#;
        assert_eq!(
            scanned(html),
            [
                (Wanted::Id, "intro"),
                (Wanted::Link, "a.html#x"),
                (Wanted::Link, "i.png"),
                (Wanted::Link, "b.html")
            ]
        );
    }

    #[test]
    fn comments_doctypes_and_raw_text_hide_what_looks_like_tags() {
        let html = concat!(
            "<!DOCTYPE html><!-- <a href=no1> --><!--><a href=yes1>",
            "<script>const s = '<a href=no2>';</script ><style>a[href=no3]{}</style>",
            "<title><a href=no4></title><textarea><a href=no5></TEXTAREA>",
            "<svg><title id=yes2><a href=yes3></a></title><![CDATA[<a href=no6>]]></svg>",
            "<noscript><iframe src=yes4></iframe></noscript><a href=\"x>y\" id=yes5>",
        );
        let found: Vec<&str> = scanned(html).into_iter().map(|(_, v)| v).collect();
        assert_eq!(found, ["yes1", "yes2", "yes3", "yes4", "x>y", "yes5"]);
    }

    #[test]
    fn only_the_first_of_a_repeated_attribute_counts() {
        assert_eq!(
            scanned("<a href=one href=two id=a ID=b>"),
            [(Wanted::Link, "one"), (Wanted::Id, "a")]
        );
    }

    #[test]
    fn end_tags_and_stray_angles_carry_no_attributes() {
        assert_eq!(scanned("</a href=x> a < b <3 </ > <a href=y>"), [(Wanted::Link, "y")]);
    }

    #[test]
    fn truncated_input_ends_the_scan_quietly() {
        for html in ["<a href=\"x", "<a href=", "<a", "<", "<!--", "<script>", "</", "<a href=x id"]
        {
            let _ = scanned(html);
        }
        assert_eq!(scanned("<a href=x"), [(Wanted::Link, "x")]);
    }

    /// Pages of the bundled wiki: every kind of page govwiki writes, diagrams included.
    #[test]
    fn finds_what_a_full_tokenizer_finds_on_the_bundled_wiki() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let settings = crate::build::BuildSettings { history: false, ..Default::default() };
        let build = crate::build::build_site(root, &settings).expect("the bundled wiki builds");
        let mut pages = 0;
        for (path, bytes) in &build.rendered.files {
            if path.ends_with(".html") {
                assert_eq!(ours(bytes), reference(bytes), "{path}");
                pages += 1;
            }
        }
        assert!(pages > 30, "{pages} pages");
    }

    /// Tag soup from pieces that change the tokenizer's state, in random orders.
    #[test]
    fn finds_what_a_full_tokenizer_finds_in_tag_soup() {
        const PIECES: [&str; 39] = [
            "<a href=x>",
            "<a href='y z'>",
            "<p id=\"q\">",
            "</a>",
            "<!-- c -->",
            "<!-->",
            "<!--",
            "-->",
            "<script>",
            "</script>",
            "<style>",
            "</style >",
            "<svg>",
            "</svg>",
            "<title>",
            "</title>",
            "<img src=i.png/>",
            "text",
            " < ",
            "<br/>",
            "\"",
            "'",
            "<!DOCTYPE html>",
            "<div id=d class=c data-x=\"<a href=n>\">",
            "<math>",
            "</math>",
            "<textarea>",
            "</textarea>",
            "<![CDATA[ <a href=c> ]]>",
            "<foreignObject>",
            "</foreignObject>",
            "<a href=\"&amp;\">",
            "<A HREF=u>",
            "<font color=r>",
            "<mi>",
            "</mi>",
            "<desc>",
            "</p>",
            "<svg/>",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let length = next() % 30;
            let html: String = (0..length).map(|_| PIECES[(next() % 39) as usize]).collect();
            assert_eq!(ours(html.as_bytes()), reference(html.as_bytes()), "{html}");
        }
    }
}
