//! Slugs: the stable anchors of headings and the default ids of workflow steps.
//!
//! The rule, documented in the README: lowercase the text; keep letters and digits of any
//! script, `-` and `_`; turn every other run of characters into a single `-`; trim `-` from
//! both ends. `Release sign-off & QA` → `release-sign-off-qa`. An empty result becomes
//! `section`. The same text always gives the same slug, so links to headings keep working.

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

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(slugify("Release sign-off & QA"), "release-sign-off-qa");
        assert_eq!(slugify("  3. Process flows  "), "3-process-flows");
        assert_eq!(slugify("Zuständigkeit (Übersicht)"), "zuständigkeit-übersicht");
        assert_eq!(slugify("snake_case stays"), "snake_case-stays");
        assert_eq!(slugify("?!"), "section");
    }
}
