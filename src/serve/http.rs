//! The HTTP core of `govwiki serve`: request path → file of the built site → reply.
//!
//! Inputs: the request line and conditional headers ([`RequestInfo`]), the built site held in
//! memory ([`Files`], output path → [`Served`]), and a `decorate` callback that lets the server
//! inject its reload script and error overlay into HTML. Output: a [`Reply`] (status, headers,
//! body) that the server glue writes out unchanged. Everything here is pure: no sockets, no
//! threads, no disk.
//!
//! Invariants:
//! - a request path is never joined onto the filesystem; it is only ever a key looked up in
//!   [`Files`], and it becomes a key only after [`normalise`] has percent-decoded it exactly
//!   once and rejected `..`, backslashes, drive letters and colons, NUL and invalid UTF-8;
//! - every reply carries `X-Content-Type-Options: nosniff`, and every reply except a 304 carries
//!   a `Content-Length` equal to the length of the body that GET sends (HEAD included), so the
//!   glue must not add a second one;
//! - the `ETag` of an HTML file is the hash of the body actually sent, after `decorate`, so a
//!   changed overlay or reload script is never hidden behind a 304;
//! - nothing here panics, whatever the request.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use percent_encoding::{percent_decode_str, utf8_percent_encode};
use rustc_hash::FxHashMap;

use crate::render::Bytes;
use crate::render::urls::SEGMENT;

/// One file of the built site, as served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// The bytes of the file, as built (before any decoration), shared with the build.
    pub body: Bytes,
    /// The strong entity tag of `body`, quotes included: `"` + 16 hex digits of blake3 + `"`.
    pub etag: String,
    /// The `Content-Type` header value, with `; charset=utf-8` for text types.
    pub content_type: &'static str,
    /// When the file last changed; sent as `Last-Modified` and compared with `If-Modified-Since`.
    pub last_modified: SystemTime,
}

impl Served {
    /// Wraps a built file: hashes `body` into its ETag and guesses the content type from the
    /// extension of `path` (`application/octet-stream` when unknown).
    pub fn new(path: &str, body: Bytes, last_modified: SystemTime) -> Self {
        Served { etag: etag_of(&body), content_type: content_type_of(path), body, last_modified }
    }
}

/// The whole site as served: output path ("index.html", "bodies/tag/index.html",
/// "static/govwiki.css", "404.html") → file.
///
/// Files are shared: a rebuild that leaves a file's bytes unchanged serves the same
/// [`Served`], with its ETag and modification time, instead of a copy. So is the list: a
/// copy shares its files with the original in a base, and keeps the files changed since
/// beside it, until they are many enough to be folded into a base of its own. A rebuild after
/// an edit makes its snapshot from the one before at the cost of the files it changed.
#[derive(Clone, Debug, Default)]
pub struct Files {
    base: Arc<FxHashMap<Arc<str>, Arc<Served>>>,
    /// The files changed since `base`: `None` for one removed.
    changed: FxHashMap<Arc<str>, Option<Arc<Served>>>,
}

impl Files {
    /// The file at output path `path`.
    #[must_use]
    pub fn get(&self, path: &str) -> Option<&Arc<Served>> {
        match self.changed.get(path) {
            Some(changed) => changed.as_ref(),
            None => self.base.get(path),
        }
    }

    /// Whether there is a file at `path`.
    #[must_use]
    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Puts `file` at `path`.
    pub fn insert(&mut self, path: Arc<str>, file: Arc<Served>) {
        self.changed.insert(path, Some(file));
        self.fold_when_many();
    }

    /// Removes the file at `path`.
    pub fn remove(&mut self, path: &str) {
        if self.contains_key(path) {
            self.changed.insert(Arc::from(path), None);
            self.fold_when_many();
        }
    }

    /// Folds the changed files into the base once they are an eighth of it: a lookup then
    /// never costs more than two, and the base is copied once per many rebuilds.
    fn fold_when_many(&mut self) {
        if self.changed.len() <= self.base.len() / 8 {
            return;
        }
        let base = Arc::make_mut(&mut self.base);
        for (path, file) in self.changed.drain() {
            match file {
                Some(file) => base.insert(path, file),
                None => base.remove(&path),
            };
        }
    }
}

impl FromIterator<(Arc<str>, Arc<Served>)> for Files {
    fn from_iter<I: IntoIterator<Item = (Arc<str>, Arc<Served>)>>(files: I) -> Self {
        Files { base: Arc::new(files.into_iter().collect()), changed: FxHashMap::default() }
    }
}

/// The key of the page served for a missing file.
const NOT_FOUND_PAGE: &str = "404.html";

/// The strong entity tag of a body: the first 16 hex digits of its blake3 hash, in quotes.
fn etag_of(body: &[u8]) -> String {
    let hex = blake3::hash(body).to_hex();
    format!("\"{}\"", &hex.as_str()[..16])
}

/// The `Content-Type` of an output path, by extension.
///
/// The types the site is made of get `; charset=utf-8`, because the renderer writes UTF-8 and a
/// browser would otherwise guess (CSS and JavaScript included). JavaScript is `text/javascript`
/// whatever the extension, as RFC 9239 asks.
fn content_type_of(path: &str) -> &'static str {
    match mime_guess::from_path(path).first_raw() {
        Some("text/html") => "text/html; charset=utf-8",
        Some("text/css") => "text/css; charset=utf-8",
        Some("text/javascript" | "application/javascript") => "text/javascript; charset=utf-8",
        Some("image/svg+xml") => "image/svg+xml; charset=utf-8",
        Some("text/xml" | "application/xml") => "text/xml; charset=utf-8",
        Some("text/plain") => "text/plain; charset=utf-8",
        Some("application/json") => "application/json; charset=utf-8",
        Some(other) => other,
        None => "application/octet-stream",
    }
}

/// A request path made safe: percent-decoded once, split on '/', with empty and "." segments
/// dropped.
///
/// The query and fragment are dropped first. The raw path must start with `/`. The decoded path
/// is rejected (`None`) when it contains a NUL byte, a backslash, a `..` segment, a segment with
/// a `:` (which covers drive letters such as `C:`), or invalid UTF-8. Because the checks run on
/// the decoded text, an encoded `%2f` splits segments like `/` and `%2e%2e` is a `..`; a double
/// encoding such as `%252e` decodes once to the literal name `%2e` and is never decoded again.
/// The result has no leading slash, and ends in `/` when the decoded path did (a folder); `/`
/// itself gives the empty string.
pub fn normalise(url: &str) -> Option<String> {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let raw = &url[..end];
    if !raw.starts_with('/') {
        return None;
    }
    let bytes: Vec<u8> = percent_decode_str(raw).collect();
    if bytes.iter().any(|&b| b == 0 || b == b'\\') {
        return None;
    }
    let decoded = String::from_utf8(bytes).ok()?;
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            _ if segment.contains(':') => return None,
            _ => segments.push(segment),
        }
    }
    let mut path = segments.join("/");
    if !path.is_empty() && decoded.ends_with('/') {
        path.push('/');
    }
    Some(path)
}

/// Where a request path leads in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The file with this key in [`Files`].
    Found(String),
    /// A folder asked for without its trailing slash: the `Location` to send, `/path/`,
    /// percent-encoded and without the query.
    Redirect(String),
    /// Nothing in the site, or a path [`normalise`] rejected.
    NotFound,
}

/// Resolves a request URL to a key of `files`, a folder redirect, or nothing.
///
/// `/` leads to `index.html`, and a path ending in `/` to its `index.html`; any other path must
/// be a key. A path that is not a key but whose `path/index.html` is, gets a redirect to
/// `/path/` so that the page's relative links resolve. The path is only ever looked up, never
/// joined onto the filesystem.
pub fn lookup(files: &Files, url: &str) -> Lookup {
    let Some(path) = normalise(url) else {
        return Lookup::NotFound;
    };
    let key = if path.is_empty() {
        "index.html".to_owned()
    } else if path.ends_with('/') {
        format!("{path}index.html")
    } else if files.contains_key(path.as_str()) {
        return Lookup::Found(path);
    } else if files.contains_key(format!("{path}/index.html").as_str()) {
        // Re-encode: the path is decoded text, and a `Location` must be a valid URL (no CR/LF).
        let location: String = path
            .split('/')
            .map(|segment| format!("/{}", utf8_percent_encode(segment, SEGMENT)))
            .collect();
        return Lookup::Redirect(format!("{location}/"));
    } else {
        return Lookup::NotFound;
    };
    if files.contains_key(key.as_str()) { Lookup::Found(key) } else { Lookup::NotFound }
}

/// An HTTP response, ready for the server glue to write out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The headers, names in their usual capitalisation, in a fixed order.
    pub headers: Vec<(String, String)>,
    /// The body; empty for HEAD and 304.
    pub body: Vec<u8>,
}

/// The parts of a request that [`reply`] looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestInfo<'a> {
    /// The method, case-sensitive (`GET`, `HEAD`).
    pub method: &'a str,
    /// The request target as received, query included (`/bodies/tag/?x=1`).
    pub url: &'a str,
    /// The `If-None-Match` header, if any.
    pub if_none_match: Option<&'a str>,
    /// The `If-Modified-Since` header, if any.
    pub if_modified_since: Option<&'a str>,
}

/// The hook [`reply`] passes every HTML body through: `decorate(key, body)` returns the changed
/// body, or None to serve it as is. `&Decorate<'_>` is `&dyn Fn(&str, &[u8]) -> Option<Vec<u8>>`,
/// so a plain `&|key, body| …` closure, borrowing or not, coerces to it.
pub type Decorate<'a> = dyn Fn(&str, &[u8]) -> Option<Vec<u8>> + 'a;

/// Answers one request from the in-memory site.
///
/// Only GET and HEAD are served (anything else is a 405). A found file is a 200, or a 304 when
/// the request's validators match; a folder without its slash is a 301; anything else is a 404
/// with the site's `404.html` if it has one. `decorate(key, body)` returns a changed body for an
/// HTML file (the server injects its reload script and error overlay there), or None to serve it
/// as is. HTML is never stored by the browser (`no-store`), so a reload always shows the current
/// build; other files are revalidated on every use (`no-cache`).
pub fn reply(request: &RequestInfo<'_>, files: &Files, decorate: &Decorate<'_>) -> Reply {
    let head = match request.method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let mut reply = plain(405, "method not allowed\n", false);
            reply.headers.push(("Allow".to_owned(), "GET, HEAD".to_owned()));
            return reply;
        }
    };
    match lookup(files, request.url) {
        Lookup::Found(key) => match files.get(key.as_str()) {
            Some(served) => reply_found(request, &key, served, decorate, head),
            None => reply_not_found(files, decorate, head),
        },
        Lookup::Redirect(location) => {
            let mut reply = plain(301, "", head);
            // A 301 is cached forever by default; a folder may become a file in the next build.
            reply.headers.push(("Cache-Control".to_owned(), "no-store".to_owned()));
            reply.headers.push(("Location".to_owned(), location));
            reply
        }
        Lookup::NotFound => reply_not_found(files, decorate, head),
    }
}

/// The 200 or 304 for a file of the site.
fn reply_found(
    request: &RequestInfo<'_>,
    key: &str,
    served: &Served,
    decorate: &Decorate<'_>,
    head: bool,
) -> Reply {
    let html = is_html(served.content_type);
    let (body, etag) = match html.then(|| decorate(key, &served.body)).flatten() {
        Some(decorated) => {
            let etag = etag_of(&decorated);
            (Cow::Owned(decorated), Cow::Owned(etag))
        }
        None => (Cow::Borrowed(&served.body[..]), Cow::Borrowed(&served.etag)),
    };
    let cache = if html { "no-store" } else { "no-cache" };
    let last_modified = http_date(served.last_modified);
    let fresh = match request.if_none_match {
        // RFC 9110 §13.2.2: If-Modified-Since is ignored when If-None-Match is present.
        Some(header) => none_match_hits(header, &etag),
        None => request
            .if_modified_since
            .is_some_and(|header| not_modified_since(header, served.last_modified)),
    };
    let mut headers = vec![nosniff()];
    if fresh {
        headers.push(("ETag".to_owned(), etag.into_owned()));
        headers.push(("Cache-Control".to_owned(), cache.to_owned()));
        headers.extend(last_modified.map(|date| ("Last-Modified".to_owned(), date)));
        return Reply { status: 304, headers, body: Vec::new() };
    }
    headers.push(("Content-Type".to_owned(), served.content_type.to_owned()));
    headers.push(("Content-Length".to_owned(), body.len().to_string()));
    headers.push(("ETag".to_owned(), etag.into_owned()));
    headers.extend(last_modified.map(|date| ("Last-Modified".to_owned(), date)));
    headers.push(("Cache-Control".to_owned(), cache.to_owned()));
    let body = if head { Vec::new() } else { body.into_owned() };
    Reply { status: 200, headers, body }
}

/// The 404: the site's own `404.html`, decorated, or a line of plain text.
fn reply_not_found(files: &Files, decorate: &Decorate<'_>, head: bool) -> Reply {
    let Some(page) = files.get(NOT_FOUND_PAGE) else {
        let mut reply = plain(404, "not found\n", head);
        reply.headers.push(("Cache-Control".to_owned(), "no-store".to_owned()));
        return reply;
    };
    let body = if is_html(page.content_type) {
        decorate(NOT_FOUND_PAGE, &page.body).unwrap_or_else(|| page.body.to_vec())
    } else {
        page.body.to_vec()
    };
    let headers = vec![
        nosniff(),
        ("Content-Type".to_owned(), page.content_type.to_owned()),
        ("Content-Length".to_owned(), body.len().to_string()),
        ("Cache-Control".to_owned(), "no-store".to_owned()),
    ];
    Reply { status: 404, headers, body: if head { Vec::new() } else { body } }
}

/// A reply with a plain-text body (left out for HEAD, but still counted in `Content-Length`).
fn plain(status: u16, text: &str, head: bool) -> Reply {
    let headers = vec![
        nosniff(),
        ("Content-Type".to_owned(), "text/plain; charset=utf-8".to_owned()),
        ("Content-Length".to_owned(), text.len().to_string()),
    ];
    let body = if head { Vec::new() } else { text.as_bytes().to_vec() };
    Reply { status, headers, body }
}

/// The header every reply carries: the browser must trust `Content-Type`, not sniff the body.
fn nosniff() -> (String, String) {
    ("X-Content-Type-Options".to_owned(), "nosniff".to_owned())
}

/// Whether a content type is HTML (and so is decorated and never stored).
fn is_html(content_type: &str) -> bool {
    content_type.split(';').next().is_some_and(|essence| essence.trim() == "text/html")
}

/// Whether an `If-None-Match` header matches `etag`, by the weak comparison of RFC 9110
/// §8.8.3.2 (the `W/` prefixes are ignored): `*`, one tag, or a comma-separated list of tags.
/// Malformed members are skipped.
fn none_match_hits(header: &str, etag: &str) -> bool {
    let wanted = opaque(etag);
    let mut rest = header;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        if rest.is_empty() {
            return false;
        }
        if let Some(after) = rest.strip_prefix('*')
            && (after.trim_start().is_empty() || after.trim_start().starts_with(','))
        {
            return true;
        }
        let tag = rest.strip_prefix("W/").unwrap_or(rest);
        if let Some(inner) = tag.strip_prefix('"')
            && let Some(close) = inner.find('"')
        {
            if Some(&inner[..close]) == wanted {
                return true;
            }
            rest = &inner[close + 1..];
            continue;
        }
        // Malformed: skip to the next comma.
        match rest.find(',') {
            Some(comma) => rest = &rest[comma + 1..],
            None => return false,
        }
    }
}

/// The opaque part of an entity tag (`W/"abc"` and `"abc"` → `abc`), or None if malformed.
fn opaque(etag: &str) -> Option<&str> {
    let tag = etag.strip_prefix("W/").unwrap_or(etag);
    tag.strip_prefix('"')?.strip_suffix('"')
}

/// Whether an `If-Modified-Since` date is not earlier than `last_modified`, compared at whole
/// seconds (an HTTP date has no fractions). An unparseable date never matches.
fn not_modified_since(header: &str, last_modified: SystemTime) -> bool {
    let Ok(since) = httpdate::parse_http_date(header.trim()) else {
        return false;
    };
    let since = since.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    match last_modified.duration_since(UNIX_EPOCH) {
        Ok(modified) => modified.as_secs() <= since,
        // Before 1970: older than any date an HTTP client can send.
        Err(_) => true,
    }
}

/// The seconds from 1970 to 10000-01-01, the end of what an HTTP date can say.
const HTTP_DATE_END: Duration = Duration::from_secs(253_402_300_800);

/// `time` as an HTTP date, or None when it cannot be one (before 1970 or after 9999), because
/// `httpdate` panics on those and a `Last-Modified` is optional.
fn http_date(time: SystemTime) -> Option<String> {
    let since_epoch = time.duration_since(UNIX_EPOCH).ok()?;
    (since_epoch < HTTP_DATE_END).then(|| httpdate::fmt_http_date(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// When every file of the test site last changed: 2023-11-14 22:13:20 UTC.
    const MODIFIED_SECS: u64 = 1_700_000_000;
    const MODIFIED_HTTP: &str = "Tue, 14 Nov 2023 22:13:20 GMT";
    const SECRET: &[u8] = b"the secret file";
    const MARKER: &[u8] = b"<!--reload-->";

    fn modified() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(MODIFIED_SECS)
    }

    #[test]
    fn a_copy_of_the_files_shares_them_and_changes_alone() {
        let file = |path: &str, body: &str| {
            Arc::new(Served::new(path, body.as_bytes().into(), modified()))
        };
        let names: Vec<String> = (0..16).map(|n| format!("p{n}.html")).collect();
        let original: Files =
            names.iter().map(|n| (Arc::from(n.as_str()), file(n, "old"))).collect();
        let mut copy = original.clone();
        copy.insert("p1.html".into(), file("p1.html", "new"));
        copy.remove("p2.html");
        copy.insert("extra.html".into(), file("extra.html", "new"));
        let body = |files: &Files, path: &str| files.get(path).map(|f| f.body.to_vec());
        for files in [&original, &copy] {
            assert_eq!(body(files, "p0.html").as_deref(), Some(&b"old"[..]));
        }
        assert_eq!(body(&original, "p1.html").as_deref(), Some(&b"old"[..]));
        assert_eq!(body(&copy, "p1.html").as_deref(), Some(&b"new"[..]));
        assert!(original.contains_key("p2.html") && !copy.contains_key("p2.html"));
        assert!(!original.contains_key("extra.html") && copy.contains_key("extra.html"));
        // The copy folded its changes into a base of its own; the original's is untouched.
        assert!(copy.changed.is_empty() && !Arc::ptr_eq(&copy.base, &original.base));
        assert!(Arc::ptr_eq(copy.get("p0.html").unwrap(), original.get("p0.html").unwrap()));
    }

    fn site() -> Files {
        let mut files = Files::default();
        for (path, body) in [
            ("index.html", &b"<h1>home</h1>"[..]),
            ("a/index.html", b"<h1>a</h1>"),
            ("static/x.css", b"body{}"),
            ("404.html", b"<h1>missing</h1>"),
            ("secret", SECRET),
        ] {
            files.insert(path.into(), Arc::new(Served::new(path, body.into(), modified())));
        }
        files
    }

    fn no_decoration(_: &str, _: &[u8]) -> Option<Vec<u8>> {
        None
    }

    fn append_marker(_: &str, body: &[u8]) -> Option<Vec<u8>> {
        Some([body, MARKER].concat())
    }

    fn get(url: &str) -> RequestInfo<'_> {
        RequestInfo { method: "GET", url, if_none_match: None, if_modified_since: None }
    }

    fn header<'r>(reply: &'r Reply, name: &str) -> Option<&'r str> {
        reply
            .headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|window| window == needle)
    }

    /// Asserts what a traversal vector normalises to, where it leads, and that GET of it never
    /// hands out the file `secret`.
    fn assert_vector(url: &str, normalised: Option<&str>, expected: Lookup) {
        let files = site();
        assert_eq!(normalise(url).as_deref(), normalised, "normalise({url:?})");
        assert_eq!(lookup(&files, url), expected, "lookup({url:?})");
        let reply = reply(&get(url), &files, &no_decoration);
        let status = match &expected {
            Lookup::Found(_) => 200,
            Lookup::Redirect(_) => 301,
            Lookup::NotFound => 404,
        };
        assert_eq!(reply.status, status, "status of {url:?}");
        if expected != Lookup::Found("secret".to_owned()) {
            assert_ne!(reply.body, SECRET, "{url:?} served the secret");
        }
        if status == 404 {
            assert_eq!(reply.body, b"<h1>missing</h1>");
        }
    }

    // Traversal vectors. The rule: `..` is never resolved, it is rejected.

    #[test]
    fn secret_is_reachable_only_by_its_own_name() {
        assert_vector("/secret", Some("secret"), Lookup::Found("secret".to_owned()));
        assert_eq!(reply(&get("/secret"), &site(), &no_decoration).body, SECRET);
    }

    #[test]
    fn dot_dot_before_the_secret_is_rejected_not_resolved() {
        assert_vector("/../secret", None, Lookup::NotFound);
    }

    #[test]
    fn dot_dot_past_the_root_is_rejected() {
        assert_vector("/a/../../etc/passwd", None, Lookup::NotFound);
    }

    #[test]
    fn encoded_dot_dot_segments_are_rejected() {
        assert_vector("/%2e%2e/%2e%2e/etc/passwd", None, Lookup::NotFound);
    }

    #[test]
    fn upper_case_encoded_dot_dot_and_slashes_are_rejected() {
        assert_vector("/%2E%2E%2Fetc%2Fpasswd", None, Lookup::NotFound);
    }

    #[test]
    fn encoded_slash_between_dot_dots_is_split_before_checking() {
        assert_vector("/a/%2e%2e%2f%2e%2e/etc/passwd", None, Lookup::NotFound);
    }

    #[test]
    fn dot_dot_with_encoded_slashes_is_rejected() {
        assert_vector("/..%2f..%2fetc/passwd", None, Lookup::NotFound);
    }

    #[test]
    fn double_encoded_dot_dot_is_decoded_once_to_a_harmless_name() {
        assert_vector("/%252e%252e/etc/passwd", Some("%2e%2e/etc/passwd"), Lookup::NotFound);
        assert_vector("/%252e%252e/secret", Some("%2e%2e/secret"), Lookup::NotFound);
    }

    #[test]
    fn backslashes_are_rejected() {
        assert_vector("/a\\..\\..\\secret", None, Lookup::NotFound);
    }

    #[test]
    fn encoded_backslashes_are_rejected() {
        assert_vector("/a%5c..%5csecret", None, Lookup::NotFound);
        assert_vector("/a%5Csecret", None, Lookup::NotFound);
    }

    #[test]
    fn double_slash_collapses_and_stays_inside_the_site() {
        assert_vector("//etc/passwd", Some("etc/passwd"), Lookup::NotFound);
        assert_vector("//secret", Some("secret"), Lookup::Found("secret".to_owned()));
    }

    #[test]
    fn windows_drive_is_rejected() {
        assert_vector("/C:/Windows/win.ini", None, Lookup::NotFound);
    }

    #[test]
    fn encoded_colon_is_rejected() {
        assert_vector("/c%3a/x", None, Lookup::NotFound);
        assert_vector("/a/b%3Asecret", None, Lookup::NotFound);
    }

    #[test]
    fn encoded_nul_is_rejected() {
        assert_vector("/a%00.html", None, Lookup::NotFound);
    }

    #[test]
    fn invalid_utf8_is_rejected() {
        assert_vector("/%ff%fe", None, Lookup::NotFound);
    }

    #[test]
    fn path_without_leading_slash_is_rejected() {
        assert_vector("etc/passwd", None, Lookup::NotFound);
        assert_vector("secret", None, Lookup::NotFound);
        assert_vector("", None, Lookup::NotFound);
        assert_vector("http://localhost/secret", None, Lookup::NotFound);
    }

    #[test]
    fn single_dot_segments_are_dropped() {
        assert_vector(
            "/./a/./index.html",
            Some("a/index.html"),
            Lookup::Found("a/index.html".into()),
        );
    }

    #[test]
    fn folder_without_slash_redirects_to_the_folder() {
        assert_vector("/a", Some("a"), Lookup::Redirect("/a/".to_owned()));
        assert_vector("/a?x=1#y", Some("a"), Lookup::Redirect("/a/".to_owned()));
        let reply = reply(&get("/a?x=1"), &site(), &no_decoration);
        assert_eq!(header(&reply, "Location"), Some("/a/"));
        assert_eq!(header(&reply, "Cache-Control"), Some("no-store"));
        assert_eq!(header(&reply, "Content-Length"), Some("0"));
    }

    #[test]
    fn folder_with_slash_serves_its_index() {
        assert_vector("/a/", Some("a/"), Lookup::Found("a/index.html".to_owned()));
        assert_vector("/a%2f", Some("a/"), Lookup::Found("a/index.html".to_owned()));
    }

    #[test]
    fn query_and_fragment_are_dropped() {
        assert_vector(
            "/a/index.html?x=1#y",
            Some("a/index.html"),
            Lookup::Found("a/index.html".into()),
        );
        assert_vector(
            "/a/index.html#y?x=1",
            Some("a/index.html"),
            Lookup::Found("a/index.html".into()),
        );
        assert_vector("/?../secret", Some(""), Lookup::Found("index.html".to_owned()));
    }

    #[test]
    fn root_serves_the_home_page() {
        assert_vector("/", Some(""), Lookup::Found("index.html".to_owned()));
        assert_vector("/./", Some(""), Lookup::Found("index.html".to_owned()));
    }

    #[test]
    fn redirect_location_is_re_encoded() {
        let mut files = site();
        let path = "my folder/\r\nx/index.html";
        files.insert(path.into(), Arc::new(Served::new(path, b"x"[..].into(), modified())));
        assert_eq!(
            lookup(&files, "/my%20folder/%0d%0ax"),
            Lookup::Redirect("/my%20folder/%0D%0Ax/".to_owned())
        );
    }

    // Served.

    #[test]
    fn etag_is_sixteen_hex_digits_of_blake3_in_quotes() {
        let served = Served::new("x.txt", b"hello"[..].into(), modified());
        let hex = blake3::hash(b"hello").to_hex();
        assert_eq!(served.etag, format!("\"{}\"", &hex.as_str()[..16]));
        assert_eq!(served.etag.len(), 18);
        assert_ne!(served.etag, Served::new("x.txt", b"hello!"[..].into(), modified()).etag);
    }

    #[test]
    fn content_types_follow_the_extension() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("static/govwiki.css", "text/css; charset=utf-8"),
            ("static/search.js", "text/javascript; charset=utf-8"),
            ("orgchart.svg", "image/svg+xml; charset=utf-8"),
            ("sitemap.xml", "text/xml; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("search.json", "application/json; charset=utf-8"),
            ("logo.png", "image/png"),
            ("LOGO.PNG", "image/png"),
            ("data.unknownext", "application/octet-stream"),
            ("secret", "application/octet-stream"),
        ];
        for (path, expected) in cases {
            assert_eq!(
                Served::new(path, Bytes::default(), modified()).content_type,
                expected,
                "{path}"
            );
        }
    }

    // Replies.

    #[test]
    fn css_is_served_with_all_headers() {
        let files = site();
        let reply = reply(&get("/static/x.css"), &files, &append_marker);
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.headers,
            vec![
                ("X-Content-Type-Options".to_owned(), "nosniff".to_owned()),
                ("Content-Type".to_owned(), "text/css; charset=utf-8".to_owned()),
                ("Content-Length".to_owned(), "6".to_owned()),
                ("ETag".to_owned(), files.get("static/x.css").unwrap().etag.clone()),
                ("Last-Modified".to_owned(), MODIFIED_HTTP.to_owned()),
                ("Cache-Control".to_owned(), "no-cache".to_owned()),
            ]
        );
        assert_eq!(reply.body, b"body{}", "css is not decorated");
    }

    #[test]
    fn html_is_decorated_and_never_stored() {
        let files = site();
        let reply = reply(&get("/a/"), &files, &append_marker);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.body, b"<h1>a</h1><!--reload-->");
        assert!(contains(&reply.body, MARKER));
        assert_eq!(header(&reply, "Content-Type"), Some("text/html; charset=utf-8"));
        assert_eq!(header(&reply, "Cache-Control"), Some("no-store"));
        assert_eq!(header(&reply, "Content-Length"), Some("23"));
        let etag = etag_of(b"<h1>a</h1><!--reload-->");
        assert_eq!(header(&reply, "ETag"), Some(etag.as_str()));
        assert_ne!(etag, files.get("a/index.html").unwrap().etag);
    }

    #[test]
    fn decorate_gets_the_key_and_none_leaves_html_as_is() {
        let files = site();
        let seen = std::cell::RefCell::new(Vec::new());
        let record = |key: &str, _: &[u8]| {
            seen.borrow_mut().push(key.to_owned());
            None
        };
        let reply = reply(&get("/"), &files, &record);
        assert_eq!(reply.body, b"<h1>home</h1>");
        assert_eq!(header(&reply, "ETag"), Some(files.get("index.html").unwrap().etag.as_str()));
        assert_eq!(*seen.borrow(), vec!["index.html".to_owned()]);
    }

    #[test]
    fn matching_etag_gives_304_without_body() {
        let files = site();
        let etag = files.get("static/x.css").unwrap().etag.clone();
        let request = RequestInfo { if_none_match: Some(&etag), ..get("/static/x.css") };
        let reply = reply(&request, &files, &no_decoration);
        assert_eq!(reply.status, 304);
        assert_eq!(reply.body, b"");
        assert_eq!(
            reply.headers,
            vec![
                ("X-Content-Type-Options".to_owned(), "nosniff".to_owned()),
                ("ETag".to_owned(), etag.clone()),
                ("Cache-Control".to_owned(), "no-cache".to_owned()),
                ("Last-Modified".to_owned(), MODIFIED_HTTP.to_owned()),
            ]
        );
    }

    #[test]
    fn weak_etag_in_a_list_gives_304() {
        let files = site();
        let list = format!("\"stale\", W/{} , \"other\"", files.get("static/x.css").unwrap().etag);
        let request = RequestInfo { if_none_match: Some(&list), ..get("/static/x.css") };
        assert_eq!(reply(&request, &files, &no_decoration).status, 304);
    }

    #[test]
    fn star_gives_304_for_an_existing_file() {
        let request = RequestInfo { if_none_match: Some("*"), ..get("/static/x.css") };
        assert_eq!(reply(&request, &site(), &no_decoration).status, 304);
        let request = RequestInfo { if_none_match: Some("*"), ..get("/missing.css") };
        assert_eq!(reply(&request, &site(), &no_decoration).status, 404);
    }

    #[test]
    fn stale_etag_gives_200_even_with_a_fresh_date() {
        let request = RequestInfo {
            if_none_match: Some("\"0123456789abcdef\", W/\"fedcba9876543210\""),
            if_modified_since: Some(MODIFIED_HTTP),
            ..get("/static/x.css")
        };
        let reply = reply(&request, &site(), &no_decoration);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.body, b"body{}");
    }

    #[test]
    fn malformed_if_none_match_members_are_skipped() {
        let files = site();
        let list = format!("garbage, *x, {}", files.get("static/x.css").unwrap().etag);
        let request = RequestInfo { if_none_match: Some(&list), ..get("/static/x.css") };
        assert_eq!(reply(&request, &files, &no_decoration).status, 304);
        let request = RequestInfo { if_none_match: Some("\"unclosed"), ..get("/static/x.css") };
        assert_eq!(reply(&request, &files, &no_decoration).status, 200);
    }

    #[test]
    fn undecorated_etag_of_html_does_not_match_the_decorated_page() {
        let files = site();
        let old = files.get("a/index.html").unwrap().etag.clone();
        let request = RequestInfo { if_none_match: Some(&old), ..get("/a/") };
        assert_eq!(reply(&request, &files, &append_marker).status, 200);
        let new = etag_of(b"<h1>a</h1><!--reload-->");
        let request = RequestInfo { if_none_match: Some(&new), ..get("/a/") };
        assert_eq!(reply(&request, &files, &append_marker).status, 304);
    }

    #[test]
    fn if_modified_since_not_earlier_gives_304() {
        let files = site();
        let request =
            RequestInfo { if_modified_since: Some(MODIFIED_HTTP), ..get("/static/x.css") };
        assert_eq!(reply(&request, &files, &no_decoration).status, 304);
        let later = "Wed, 15 Nov 2023 00:00:00 GMT";
        let request = RequestInfo { if_modified_since: Some(later), ..get("/static/x.css") };
        assert_eq!(reply(&request, &files, &no_decoration).status, 304);
    }

    #[test]
    fn if_modified_since_compares_whole_seconds() {
        let mut files = site();
        let path = "static/x.css";
        let fraction = modified() + Duration::from_millis(750);
        files.insert(path.into(), Arc::new(Served::new(path, b"body{}"[..].into(), fraction)));
        let request =
            RequestInfo { if_modified_since: Some(MODIFIED_HTTP), ..get("/static/x.css") };
        assert_eq!(reply(&request, &files, &no_decoration).status, 304);
    }

    #[test]
    fn if_modified_since_earlier_or_unparseable_gives_200() {
        let files = site();
        let earlier = "Tue, 14 Nov 2023 22:13:19 GMT";
        for date in [earlier, "yesterday", ""] {
            let request = RequestInfo { if_modified_since: Some(date), ..get("/static/x.css") };
            assert_eq!(reply(&request, &files, &no_decoration).status, 200, "{date:?}");
        }
    }

    #[test]
    fn head_has_the_headers_of_get_and_no_body() {
        let files = site();
        for url in ["/a/", "/static/x.css", "/missing", "/a"] {
            let got = reply(&get(url), &files, &append_marker);
            let head = reply(&RequestInfo { method: "HEAD", ..get(url) }, &files, &append_marker);
            assert_eq!(head.status, got.status, "{url}");
            assert_eq!(head.headers, got.headers, "{url}");
            assert_eq!(head.body, b"", "{url}");
            assert_eq!(header(&head, "Content-Length"), Some(got.body.len().to_string().as_str()));
        }
        let head = reply(&RequestInfo { method: "HEAD", ..get("/a/") }, &files, &append_marker);
        assert_eq!(header(&head, "Content-Length"), Some("23"));
    }

    #[test]
    fn other_methods_get_405() {
        for method in ["POST", "PUT", "DELETE", "OPTIONS", "get"] {
            let reply = reply(&RequestInfo { method, ..get("/") }, &site(), &no_decoration);
            assert_eq!(reply.status, 405, "{method}");
            assert_eq!(header(&reply, "Allow"), Some("GET, HEAD"));
            assert_eq!(header(&reply, "X-Content-Type-Options"), Some("nosniff"));
            assert_eq!(reply.body, b"method not allowed\n");
        }
    }

    #[test]
    fn not_found_serves_the_decorated_404_page() {
        let reply = reply(&get("/nowhere/"), &site(), &append_marker);
        assert_eq!(reply.status, 404);
        assert_eq!(reply.body, b"<h1>missing</h1><!--reload-->");
        assert_eq!(
            reply.headers,
            vec![
                ("X-Content-Type-Options".to_owned(), "nosniff".to_owned()),
                ("Content-Type".to_owned(), "text/html; charset=utf-8".to_owned()),
                ("Content-Length".to_owned(), "29".to_owned()),
                ("Cache-Control".to_owned(), "no-store".to_owned()),
            ]
        );
    }

    #[test]
    fn not_found_without_a_404_page_is_plain_text() {
        let mut files = site();
        files.remove("404.html");
        let reply = reply(&get("/404.html"), &files, &append_marker);
        assert_eq!(reply.status, 404);
        assert_eq!(reply.body, b"not found\n");
        assert_eq!(header(&reply, "Content-Type"), Some("text/plain; charset=utf-8"));
        assert_eq!(header(&reply, "Cache-Control"), Some("no-store"));
        assert_eq!(header(&reply, "X-Content-Type-Options"), Some("nosniff"));
    }

    #[test]
    fn missing_home_page_is_not_found() {
        let mut files = site();
        files.remove("index.html");
        assert_eq!(lookup(&files, "/"), Lookup::NotFound);
    }

    #[test]
    fn dates_outside_http_dates_send_no_last_modified_and_do_not_panic() {
        let mut files = site();
        let path = "static/x.css";
        let before = UNIX_EPOCH - Duration::from_secs(1);
        files.insert(path.into(), Arc::new(Served::new(path, b"body{}"[..].into(), before)));
        let reply_before = reply(&get("/static/x.css"), &files, &no_decoration);
        assert_eq!(reply_before.status, 200);
        assert_eq!(header(&reply_before, "Last-Modified"), None);
        let after = UNIX_EPOCH + HTTP_DATE_END;
        files.insert(path.into(), Arc::new(Served::new(path, b"body{}"[..].into(), after)));
        let reply_after = reply(&get("/static/x.css"), &files, &no_decoration);
        assert_eq!(header(&reply_after, "Last-Modified"), None);
        assert_eq!(
            http_date(after - Duration::from_secs(1)).as_deref(),
            Some("Fri, 31 Dec 9999 23:59:59 GMT")
        );
    }
}
