//! Ids that a reader cannot tell apart: ones that differ only by look-alike characters (a
//! Cyrillic `о` for a Latin `o`) or by characters that show nothing (a zero-width space, a
//! right-to-left override). A link by one may reach the other page, or none, while the wiki
//! looks right; a page may also be named so on purpose, to mislead.
//!
//! Input: the [`Site`]. Output: a warning per page whose id has the same skeleton (Unicode
//! TR39: invisible characters dropped, look-alikes mapped to one prototype) as an earlier
//! page's, naming both, where one of them is not plain ASCII. Ids that differ only in case
//! are errors of their own ([`Code::DuplicateId`]) and are not reported again.

use std::collections::HashMap;

use unicode_security::skeleton;

use crate::diag::{Code, Diagnostic, Sources};
use crate::load::opening;
use crate::model::Site;

/// A warning per page whose id looks like an earlier page's without being it.
#[must_use]
pub fn check_confusable_ids(site: &Site, sources: &Sources) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut first_of: HashMap<String, usize> = HashMap::new();
    for (index, page) in site.pages.iter().enumerate() {
        let key: String = skeleton(&page.id.to_lowercase()).collect();
        let first = *first_of.entry(key).or_insert(index);
        let other = &site.pages[first].id;
        // Two plain ids (`policy-1`, `policy-l`) are told apart by their letters; ids that
        // differ only in case are duplicates, reported as such.
        if first == index
            || (page.id.is_ascii() && other.is_ascii())
            || other.to_lowercase() == page.id.to_lowercase()
        {
            continue;
        }
        let other = &site.pages[first];
        let at = |index: usize| {
            let page = &site.pages[index];
            page.id_span.clone().unwrap_or_else(|| opening(&sources.get(page.source).text))
        };
        let shown = |id: &str| id.escape_default().to_string();
        diagnostics.push(
            Diagnostic::new(
                Code::ConfusableId,
                page.source,
                format!(
                    "id `{}` looks like `{}` of `{}`",
                    shown(&page.id),
                    shown(&other.id),
                    sources.get(other.source).name
                ),
            )
            .at(at(index))
            .label("differs only by look-alike or invisible characters")
            .also(other.source, at(first), "the other id")
            .help(
                "readers cannot tell the two apart, nor see which one a link leads to: write \
                 the id in plain letters, or rename the file",
            ),
        );
    }
    diagnostics
}
