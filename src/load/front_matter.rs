//! Front matter: splitting a page into its YAML header and Markdown body, and parsing the YAML
//! into a tree whose every node knows its place in the file.
//!
//! The YAML parser counts lines and bytes from the start of the front matter, so every
//! position it reports is moved by the offset of the first YAML line before it reaches a
//! diagnostic. The tree is untyped on purpose: the model reads it field by field, so one page
//! can report an unknown key, a wrong type and a missing title together, each at its place.

use std::fmt;
use std::ops::Range;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, MessageFormatter, Spanned, UserMessageFormatter};

use crate::diag::{Code, Diagnostic, Source, SourceId};

/// A YAML value of the front matter, with [`Spanned`] children.
#[derive(Clone, Debug)]
pub enum Yaml {
    /// An empty value (`key:` with nothing after it, or `null`).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// Text.
    Str(String),
    /// A list.
    Seq(Vec<Spanned<Yaml>>),
    /// A mapping, in source order.
    Map(Vec<(Spanned<String>, Spanned<Yaml>)>),
}

impl Yaml {
    /// What the user wrote, in words, for "found …" in a message.
    #[must_use]
    pub fn describe(&self) -> &'static str {
        match self {
            Yaml::Null => "nothing",
            Yaml::Bool(_) => "true/false",
            Yaml::Int(_) | Yaml::Float(_) => "a number",
            Yaml::Str(_) => "text",
            Yaml::Seq(_) => "a list",
            Yaml::Map(_) => "a mapping",
        }
    }
}

/// Where a page's parts are.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    /// The byte range of the YAML between the `---` lines; `None` when the page has none.
    pub yaml: Option<Range<usize>>,
    /// The byte range of the Markdown body.
    pub markdown: Range<usize>,
}

/// The byte range of the opening `---` of a page, after a byte-order mark if there is one:
/// where findings about the page as a whole point.
#[must_use]
pub fn opening(text: &str) -> Range<usize> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    start..(start + 3).min(text.len())
}

/// Splits `text` into front matter and Markdown.
///
/// The front matter starts with a first line of exactly `---` (a byte-order mark is skipped)
/// and ends with the next line of exactly `---`; trailing spaces and `\r` are allowed on both.
///
/// # Errors
///
/// A diagnostic at the opening `---` when no closing line follows.
pub fn split(text: &str, source: SourceId) -> Result<Split, Box<Diagnostic>> {
    let opening = opening(text);
    let start = opening.start;
    let Some(first_end) = delimiter_line(text, start) else {
        return Ok(Split { yaml: None, markdown: start..text.len() });
    };
    let mut line_start = first_end;
    while line_start < text.len() {
        if let Some(end) = delimiter_line(text, line_start) {
            return Ok(Split { yaml: Some(first_end..line_start), markdown: end..text.len() });
        }
        line_start = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i + 1);
    }
    Err(Box::new(
        Diagnostic::new(Code::UnclosedFrontMatter, source, "front matter is never closed")
            .at(opening)
            .label("opened here")
            .help("end the front matter with a line of three dashes: `---`"),
    ))
}

/// If a `---` line starts at `at`, the offset just after its line break.
fn delimiter_line(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    (rest[..line_end].trim_end() == "---").then_some(at + line_end)
}

/// The parsed front matter of one page.
#[derive(Clone, Debug)]
pub struct FrontMatter {
    /// The root value; a mapping for every valid page.
    pub root: Spanned<Yaml>,
    yaml: Range<usize>,
    first_line: usize,
}

impl FrontMatter {
    /// The byte range in the file of a value whose location the YAML parser reported.
    #[must_use]
    pub fn range(&self, location: &Location, source: &Source) -> Range<usize> {
        let span = location.span();
        match (span.byte_offset(), span.byte_len()) {
            (Some(offset), Some(len)) => {
                let start = self.yaml.start + usize::try_from(offset).unwrap_or(0);
                start..(start + usize::try_from(len).unwrap_or(0)).min(self.yaml.end)
            }
            _ => {
                let start = self.offset_of(location, source);
                start..start
            }
        }
    }

    fn offset_of(&self, location: &Location, source: &Source) -> usize {
        let line = usize::try_from(location.line()).unwrap_or(1).max(1);
        let column = usize::try_from(location.column()).unwrap_or(1).max(1);
        source.offset_of(self.first_line + line - 1, column)
    }
}

/// Parses the YAML at `yaml` in `source`.
///
/// # Errors
///
/// A diagnostic at the place the YAML parser stopped, in file coordinates.
pub fn parse(
    source: &Source,
    id: SourceId,
    yaml: Range<usize>,
) -> Result<FrontMatter, Box<Diagnostic>> {
    // Counted here rather than looked up: the table of every line's start, which a lookup
    // builds, is wanted only for the few files a finding is about.
    let first_line = 1 + memchr::memchr_iter(b'\n', &source.text.as_bytes()[..yaml.start]).count();
    let text = &source.text[yaml.clone()];
    match serde_saphyr::from_str_with_options::<Spanned<Yaml>>(text, yaml_options()) {
        Ok(root) => Ok(FrontMatter { root, yaml, first_line }),
        Err(error) => {
            let front_matter = FrontMatter { root: null_root(), yaml, first_line };
            let at = error
                .location()
                .map_or(front_matter.yaml.start, |loc| front_matter.offset_of(&loc, source));
            let message = UserMessageFormatter.format_message(error.without_snippet());
            let message = strip_position(&message);
            Err(Box::new(
                Diagnostic::new(Code::InvalidYaml, id, format!("invalid YAML: {message}"))
                    .at(at..at)
                    .help(
                        "front matter is YAML: `key: value` lines; quote text that contains `: ` \
                         or starts with a special character such as `[`, `{`, `*`, `&` or `#`",
                    ),
            ))
        }
    }
}

/// The value the YAML `text` holds, read as a page's front matter is read; `None` when it is
/// not valid YAML. For an old version of a page, whose findings are shown to nobody.
#[must_use]
pub fn parse_value(text: &str) -> Option<Yaml> {
    serde_saphyr::from_str_with_options::<Spanned<Yaml>>(text, yaml_options())
        .ok()
        .map(|root| root.value)
}

fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    // `yes`, `on` and `010` stay text: governance prose is full of such words.
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    options
}

fn null_root() -> Spanned<Yaml> {
    Spanned::new(Yaml::Null, Location::UNKNOWN, Location::UNKNOWN)
}

/// The parser appends "at line N, column M" in YAML coordinates; the diagnostic shows the file's.
fn strip_position(message: &str) -> &str {
    message.find(" at line ").map_or(message, |i| &message[..i])
}

impl<'de> Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlVisitor)
    }
}

struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = Yaml;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_none<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Yaml, D::Error> {
        Yaml::deserialize(deserializer)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Yaml, E> {
        Ok(Yaml::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Yaml, E> {
        Ok(Yaml::Int(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Yaml, E> {
        // Beyond i64 only as a float: no page needs an order that large.
        #[allow(clippy::cast_precision_loss)]
        Ok(i64::try_from(value).map_or(Yaml::Float(value as f64), Yaml::Int))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Yaml, E> {
        Ok(Yaml::Float(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Yaml, E> {
        Ok(Yaml::Str(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Yaml, E> {
        Ok(Yaml::Str(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Yaml, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = access.next_element()? {
            items.push(item);
        }
        Ok(Yaml::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Yaml, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = access.next_entry()? {
            entries.push(entry);
        }
        Ok(Yaml::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Sources;
    use std::path::PathBuf;

    fn split_ok(text: &str) -> Split {
        let mut sources = Sources::default();
        let id = sources.add_unreadable(&PathBuf::new(), String::new());
        split(text, id).unwrap()
    }

    #[test]
    fn splits_front_matter_from_markdown() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let split = split_ok(text);
        assert_eq!(&text[split.yaml.unwrap()], "title: A\n");
        assert_eq!(&text[split.markdown], "# Body\n");
    }

    #[test]
    fn accepts_crlf_bom_and_trailing_spaces() {
        let text = "\u{feff}---  \r\ntitle: A\r\n--- \r\nbody";
        let split = split_ok(text);
        assert_eq!(&text[split.yaml.unwrap()], "title: A\r\n");
        assert_eq!(&text[split.markdown], "body");
    }

    #[test]
    fn a_page_without_front_matter_is_all_markdown() {
        let split = split_ok("# Just text\n---\n");
        assert_eq!(split.yaml, None);
        assert_eq!(split.markdown, 0..16);
    }

    #[test]
    fn an_unclosed_front_matter_is_reported_at_the_opening_line() {
        let mut sources = Sources::default();
        let id = sources.add_unreadable(&PathBuf::new(), String::new());
        let error = split("---\ntitle: A\n", id).unwrap_err();
        assert_eq!(error.code, Code::UnclosedFrontMatter);
        assert_eq!(error.range, Some(0..3));
    }

    #[test]
    fn yaml_errors_are_placed_in_file_coordinates() {
        let text = "---\ntitle: ok\nlabels: [a\nkind: body\n---\n";
        let mut sources = Sources::default();
        let id = sources.add(Source::new(PathBuf::new(), "p.md".into(), text.into()));
        let source = sources.get(id);
        let yaml = split(text, id).unwrap().yaml.unwrap();
        let error = parse(source, id, yaml).unwrap_err();
        assert_eq!(error.code, Code::InvalidYaml);
        let (line, _) = source.line_col(error.range.clone().unwrap().start);
        assert!(line >= 3, "reported on line {line}, the YAML starts on line 2");
        assert!(!error.message.contains("at line"), "{}", error.message);
    }

    #[test]
    fn value_ranges_point_into_the_file() {
        let text = "---\ntitle: Steering Group\n---\n";
        let mut sources = Sources::default();
        let id = sources.add(Source::new(PathBuf::new(), "p.md".into(), text.into()));
        let source = sources.get(id);
        let front_matter = parse(source, id, 4..26).unwrap();
        let Yaml::Map(entries) = &front_matter.root.value else { panic!("not a map") };
        let (key, value) = &entries[0];
        assert_eq!(&text[front_matter.range(&key.referenced, source)], "title");
        assert_eq!(&text[front_matter.range(&value.referenced, source)], "Steering Group");
    }
}
