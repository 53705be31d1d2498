//! Slugs: the default ids of workflow steps and the names of label pages ([`slugify`]), and
//! the anchors of headings ([`heading_anchor`]), which follow GitHub's rule so that a link
//! to a heading works in the site as it does on GitHub.
//!
//! [`slugify`]: lowercase the text; keep letters and digits of any script, `-` and `_`; turn
//! every other run of characters into a single `-`; trim `-` from both ends. `Release
//! sign-off & QA` → `release-sign-off-qa`. An empty result becomes `section`. The same text
//! always gives the same slug.

/// The slug of `text`.
#[must_use]
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else {
            pending_dash = true;
        }
    }
    let trimmed = slug.trim_matches('-');
    if trimmed.is_empty() { "section".to_owned() } else { trimmed.to_owned() }
}

/// The anchor GitHub gives a heading whose text is `text` (github-slugger's rule, which
/// remark-validate-links and GitHub's pages follow): lowercase; letters, marks and digits of
/// any script, `-` and `_` kept; each space a `-`; every other character dropped.
/// `Release sign-off & QA` → `release-sign-off--qa`. A heading with nothing left gets
/// `section`, as it needs an anchor of some kind.
#[must_use]
pub fn heading_anchor(text: &str) -> String {
    let anchor: String = text
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            c if unicode_mark(c) => Some(c),
            _ => None,
        })
        .collect();
    if anchor.is_empty() { "section".to_owned() } else { anchor }
}

/// Whether `c` is a combining mark, which GitHub keeps in an anchor (the accents of a
/// decomposed `é`).
fn unicode_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

#[cfg(test)]
mod tests {
    use super::{heading_anchor, slugify};

    #[test]
    fn heading_anchors_follow_githubs_rule() {
        assert_eq!(heading_anchor("Release sign-off & QA"), "release-sign-off--qa");
        assert_eq!(heading_anchor("3. Process flows"), "3-process-flows");
        assert_eq!(heading_anchor("Zuständigkeit (Übersicht)"), "zuständigkeit-übersicht");
        assert_eq!(heading_anchor("snake_case stays"), "snake_case-stays");
        assert_eq!(heading_anchor("What's new?"), "whats-new");
        assert_eq!(heading_anchor("?!"), "section");
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(slugify("Release sign-off & QA"), "release-sign-off-qa");
        assert_eq!(slugify("  3. Process flows  "), "3-process-flows");
        assert_eq!(slugify("Zuständigkeit (Übersicht)"), "zuständigkeit-übersicht");
        assert_eq!(slugify("snake_case stays"), "snake_case-stays");
        assert_eq!(slugify("?!"), "section");
    }
}
