//! The title of a page without a `title`: its first level-1 heading, as GitHub shows a
//! README, or else its file name made readable ([`super::id::readable_name`]).

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// The text of the first level-1 heading of `markdown` (`# Title`, or `Title` over `===`),
/// without its markup; `None` when it has none, or only an empty one.
#[must_use]
pub fn first_heading(markdown: &str) -> Option<String> {
    let mut text: Option<String> = None;
    for event in Parser::new(markdown) {
        match (event, &mut text) {
            (Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }), None) => {
                text = Some(String::new());
            }
            (Event::Text(t) | Event::Code(t), Some(text)) => text.push_str(&t),
            (Event::SoftBreak | Event::HardBreak, Some(text)) => text.push(' '),
            (Event::End(TagEnd::Heading(HeadingLevel::H1)), Some(found)) => {
                let found = found.trim();
                if !found.is_empty() {
                    return Some(found.to_owned());
                }
                text = None;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_level_one_heading_is_the_title() {
        assert_eq!(first_heading("# Steering Group\n\nText"), Some("Steering Group".into()));
        assert_eq!(
            first_heading("[![badge](b.svg)](x)\n\nThe *SIG* `node`\n===\n"),
            Some("The SIG node".into())
        );
        assert_eq!(first_heading("## Not this\n\n# This one #\n"), Some("This one".into()));
        assert_eq!(first_heading("```\n# in code\n```\n\n#\n\n# Real\n"), Some("Real".into()));
        assert_eq!(first_heading("No heading at all.\n"), None);
    }
}
