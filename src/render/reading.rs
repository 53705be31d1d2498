//! What a reader sees of one version of a page, for the history's "versions compared": the
//! page's title and summary, and the text of its Markdown as blocks (a heading, a paragraph, a
//! list item, a table row, a line of code), without the markup that writes them.
//!
//! Input: the page's file as it was at that version. Output: a [`Reading`]. Comparing two
//! readings block by block shows what a reader sees change; a change of markup alone
//! (`**bold**`, a link's address, the YAML's layout) leaves the reading as it was. The rest
//! of the front matter is kept as one canonical text per key, to name the keys whose values
//! changed without showing YAML.

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::markdown::options;
use crate::diag::SourceId;
use crate::load::{Yaml, parse_value, split};

/// What a reader sees of one version of a page.
#[derive(Debug, Default)]
pub(super) struct Reading {
    /// The title, the summary, then the Markdown's blocks, in order.
    pub(super) blocks: Vec<Block>,
    /// The other keys of the front matter, each with its value written canonically, so that
    /// a change of layout, quoting or comments compares equal.
    pub(super) fields: Vec<(String, String)>,
}

/// One block of text as a reader sees it, on one line.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Block {
    /// What the block is.
    pub(super) kind: BlockKind,
    /// Its words, with spaces collapsed; a list item starts with its bullet or number, the
    /// cells of a table row are joined by ` · `.
    pub(super) text: String,
}

/// What a block is, which the reader sees besides its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum BlockKind {
    /// The page's title, from the front matter.
    Title,
    /// The page's summary, from the front matter.
    Summary,
    /// A heading.
    Heading,
    /// A paragraph, or anything else of running text.
    Paragraph,
    /// A list item.
    Item,
    /// A table row, its cells joined.
    Row,
    /// A line of a code block.
    Code,
}

impl BlockKind {
    /// Its name, for the theme.
    pub(super) fn name(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Summary => "summary",
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Item => "item",
            BlockKind::Row => "row",
            BlockKind::Code => "code",
        }
    }
}

impl Reading {
    /// The reading of a page whose file is `text`; `title_of` gives the title a `[[id]]`
    /// shows, for the pages it knows.
    pub(super) fn of(text: &str, title_of: &dyn Fn(&str) -> Option<String>) -> Reading {
        let mut reading = Reading::default();
        let markdown = match split(text, SourceId::PLACEHOLDER) {
            Ok(parts) => {
                if let Some(Yaml::Map(entries)) =
                    parts.yaml.and_then(|yaml| parse_value(&text[yaml]))
                {
                    reading.read_front_matter(&entries);
                }
                &text[parts.markdown]
            }
            // A front matter never closed is shown as the text it then is.
            Err(_) => text,
        };
        let mut blocks = Blocks { out: std::mem::take(&mut reading.blocks), ..Blocks::default() };
        blocks.read(markdown, title_of);
        reading.blocks = blocks.out;
        reading
    }

    fn read_front_matter(&mut self, entries: &[(serde_saphyr::Spanned<String>, Spanned)]) {
        let value_of = |key: &str| {
            entries.iter().find(|(k, _)| k.value == key).map(|(_, value)| canonical(&value.value))
        };
        if let Some(title) = value_of("title") {
            self.blocks.push(Block { kind: BlockKind::Title, text: format!("Title: {title}") });
        }
        // `summary` wins over `description`, as it does on the page.
        if let Some(summary) = value_of("summary").or_else(|| value_of("description")) {
            let text = format!("Summary: {}", collapse(&summary));
            self.blocks.push(Block { kind: BlockKind::Summary, text });
        }
        self.fields = entries
            .iter()
            .filter(|(key, _)| !matches!(key.value.as_str(), "title" | "summary" | "description"))
            .map(|(key, value)| (key.value.clone(), canonical(&value.value)))
            .collect();
    }
}

type Spanned = serde_saphyr::Spanned<Yaml>;

/// A YAML value as one text that two values share only when they are equal.
fn canonical(value: &Yaml) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Yaml, out: &mut String) {
    match value {
        Yaml::Null => {}
        Yaml::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Yaml::Int(n) => out.push_str(&n.to_string()),
        Yaml::Float(x) => out.push_str(&x.to_string()),
        Yaml::Str(s) => out.push_str(s),
        Yaml::Seq(items) => {
            out.push('[');
            for item in items {
                write_canonical(&item.value, out);
                out.push('\u{1f}');
            }
            out.push(']');
        }
        Yaml::Map(entries) => {
            out.push('{');
            for (key, value) in entries {
                out.push_str(&key.value);
                out.push('\u{1e}');
                write_canonical(&value.value, out);
                out.push('\u{1f}');
            }
            out.push('}');
        }
    }
}

/// `text` with every run of white space made one space, and none at either end.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The blocks of a Markdown text, made from its events one at a time.
#[derive(Default)]
struct Blocks {
    out: Vec<Block>,
    /// The words of the block being read.
    text: String,
    kind: Option<BlockKind>,
    /// What goes before the block's words: a list item's bullet or number.
    prefix: String,
    /// The lists the reader is in, innermost last, with the next number of each ordered one.
    lists: Vec<Option<u64>>,
    /// The cells of the table row being read.
    cells: Vec<String>,
    in_code: bool,
    /// Inside a `[[id]]` whose text is replaced by the page's title.
    replaced: bool,
}

impl Blocks {
    fn read(&mut self, markdown: &str, title_of: &dyn Fn(&str) -> Option<String>) {
        for event in Parser::new_ext(markdown, options()) {
            self.step(event, title_of);
        }
        self.flush();
    }

    fn step(&mut self, event: Event<'_>, title_of: &dyn Fn(&str) -> Option<String>) {
        match event {
            // A loose list item's first paragraph is the item's text.
            Event::Start(Tag::Paragraph) if self.text.trim().is_empty() => {}
            Event::Start(Tag::Paragraph | Tag::BlockQuote(_) | Tag::HtmlBlock)
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::HtmlBlock
                | TagEnd::FootnoteDefinition,
            )
            | Event::Rule => self.flush(),
            Event::Start(Tag::Heading { .. }) => self.start(BlockKind::Heading),
            Event::Start(Tag::List(first)) => {
                self.flush();
                self.lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                self.flush();
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                self.start(BlockKind::Item);
                let depth = self.lists.len().saturating_sub(1);
                self.prefix = "  ".repeat(depth);
                match self.lists.last_mut() {
                    Some(Some(number)) => {
                        self.prefix.push_str(&format!("{number}. "));
                        *number += 1;
                    }
                    _ => self.prefix.push_str("• "),
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.start(BlockKind::Paragraph);
                self.prefix = format!("[{label}] ");
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                self.start(BlockKind::Row);
                self.cells.clear();
            }
            Event::End(TagEnd::TableCell) => {
                let cell = collapse(&self.text);
                self.text.clear();
                self.cells.push(cell);
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                self.text = self.cells.join(" · ");
                self.flush();
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush();
                self.in_code = true;
            }
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole: false },
                dest_url,
                ..
            }) => {
                let id = dest_url.split_once('#').map_or(&*dest_url, |(id, _)| id).trim();
                if let Some(title) = title_of(id) {
                    self.text.push_str(&title);
                    self.replaced = true;
                }
            }
            Event::End(TagEnd::Link) => self.replaced = false,
            Event::Text(text) if self.in_code => {
                for line in text.lines().map(str::trim_end).filter(|line| !line.is_empty()) {
                    self.out.push(Block { kind: BlockKind::Code, text: line.to_owned() });
                }
            }
            Event::Text(text) | Event::Code(text) if !self.replaced => self.text.push_str(&text),
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            Event::FootnoteReference(label) => {
                self.text.push('[');
                self.text.push_str(&label);
                self.text.push(']');
            }
            Event::TaskListMarker(done) => self.text.push_str(if done { "☑ " } else { "☐ " }),
            // Raw HTML is markup, not text a reader sees.
            _ => {}
        }
    }

    /// Ends the block being read and starts one of `kind`.
    fn start(&mut self, kind: BlockKind) {
        self.flush();
        self.kind = Some(kind);
    }

    /// Ends the block being read, keeping it when it has words.
    fn flush(&mut self) {
        let words = collapse(&self.text);
        self.text.clear();
        let prefix = std::mem::take(&mut self.prefix);
        let kind = self.kind.take().unwrap_or(BlockKind::Paragraph);
        if !words.is_empty() {
            self.out.push(Block { kind, text: prefix + &words });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<(&'static str, String)> {
        let title_of = |id: &str| (id == "tag").then(|| "Technical Advisory Group".to_owned());
        Reading::of(text, &title_of)
            .blocks
            .into_iter()
            .map(|block| (block.kind.name(), block.text))
            .collect()
    }

    #[test]
    fn a_page_reads_as_its_blocks_of_words_without_markup() {
        let page = "---\ntitle: Board\nsummary: >\n  Decides\n  things.\nmembers: [a]\n---\n\
                    # The **board**\n\nIt *meets* [monthly](x.md) with [[tag]] and \
                    [[tag|the group]].\nAgain.\n\n- one\n- two\n  1. nested\n\n\
                    | Seat | Term |\n|---|---|\n| Chair | `2 years` |\n\n```\nlet x;\n\n  y\n```\n\n\
                    <div>raw</div>\n\n- [x] done\n";
        assert_eq!(
            blocks(page),
            [
                ("title", "Title: Board"),
                ("summary", "Summary: Decides things."),
                ("heading", "The board"),
                (
                    "paragraph",
                    "It meets monthly with Technical Advisory Group and the group. Again."
                ),
                ("item", "• one"),
                ("item", "• two"),
                ("item", "  1. nested"),
                ("row", "Seat · Term"),
                ("row", "Chair · 2 years"),
                ("code", "let x;"),
                ("code", "  y"),
                ("item", "• ☑ done"),
            ]
            .map(|(kind, text)| (kind, text.to_owned()))
        );
    }

    #[test]
    fn front_matter_keys_other_than_title_and_summary_are_kept_as_canonical_values() {
        let one = Reading::of("---\ntitle: A\nmembers:\n  - name: Ada  # chair\n---\n", &|_| None);
        let two = Reading::of("---\ntitle: B\nmembers: [{name: 'Ada'}]\n---\n", &|_| None);
        assert_eq!(one.fields, two.fields, "the layout of the YAML is not its value");
        assert_eq!(one.fields[0].0, "members");
        let three = Reading::of("---\nmembers: [{name: Grace}]\n---\n", &|_| None);
        assert_ne!(one.fields, three.fields);
    }

    #[test]
    fn a_front_matter_never_closed_reads_as_text() {
        assert_eq!(blocks("---\ntitle: A\n"), [("paragraph", "title: A".to_owned())]);
    }
}
