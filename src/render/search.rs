//! The search index: written at build time as `search-index.js`, a script that sets one
//! global, so that search works offline and from `file://` (where a page cannot fetch JSON).
//!
//! Input: the site and each page's plain text. Output: the script. The index is compact: per
//! page its title, URL, kind, labels and a short excerpt for the result's snippet; and one
//! inverted list per word (words of two or more letters or digits, lowercased, from the title,
//! summary, labels, headings and body), each list the page numbers as base-36 gaps.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use rayon::prelude::*;

use crate::model::{Page, Site};

/// The output path of the index.
pub(super) const SEARCH_INDEX: &str = "search-index.js";

/// How many characters of a page's text the index keeps for its snippet.
const EXCERPT: usize = 240;

/// The index of `site`; `texts[i]` is page `i`'s plain text.
pub(super) fn search_index(site: &Site, texts: &[&str]) -> String {
    // The pages on every core, each part of them gathering its words' lists; then the parts'
    // lists joined, each sorted into page order.
    let (entries, words) = site
        .pages
        .par_iter()
        .enumerate()
        .fold(
            || (Vec::new(), HashMap::<String, Vec<usize>>::new()),
            |(mut entries, mut words), (index, page)| {
                let text = texts.get(index).copied().unwrap_or_default();
                let summary = page.summary.as_deref().unwrap_or_default();
                let all = [page.title.as_str(), summary, &page.labels.join(" "), text];
                let seen: HashSet<String> = all.iter().flat_map(|t| tokens(t)).collect();
                for word in seen {
                    words.entry(word).or_default().push(index);
                }
                entries.push((index, entry(page, text, summary)));
                (entries, words)
            },
        )
        .reduce(
            || (Vec::new(), HashMap::new()),
            |(mut entries, mut words), (more_entries, more_words)| {
                entries.extend(more_entries);
                for (word, list) in more_words {
                    words.entry(word).or_default().extend(list);
                }
                (entries, words)
            },
        );
    let mut entries = entries;
    entries.sort_unstable_by_key(|&(index, _)| index);
    let entries: Vec<String> = entries.into_iter().map(|(_, entry)| entry).collect();
    let pages = format!("[{}]", entries.join(","));
    let mut words: Vec<(String, Vec<usize>)> = words.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (_, list) in &mut words {
        list.sort_unstable();
    }
    let mut lists = String::from("{");
    for (n, (word, list)) in words.iter().enumerate() {
        if n > 0 {
            lists.push(',');
        }
        let mut gaps = String::new();
        let mut last = 0;
        for (i, &page) in list.iter().enumerate() {
            if i > 0 {
                gaps.push(' ');
            }
            gaps.push_str(&base36(page - last));
            last = page;
        }
        let _ = write!(lists, "{}:{}", json(word), json(&gaps));
    }
    lists.push('}');
    format!("window.govwikiSearch={{\"pages\":{pages},\"words\":{lists}}};\n")
}

/// A page's entry: title, URL, kind, labels and the excerpt for its snippet, as JSON.
fn entry(page: &Page, text: &str, summary: &str) -> String {
    let excerpt: String = if summary.is_empty() {
        // The first words, however long the page.
        let mut excerpt = String::with_capacity(EXCERPT + 16);
        for word in text.split_whitespace() {
            if excerpt.chars().count() >= EXCERPT {
                break;
            }
            if !excerpt.is_empty() {
                excerpt.push(' ');
            }
            excerpt.push_str(word);
        }
        excerpt.chars().take(EXCERPT).collect()
    } else {
        summary.chars().take(EXCERPT).collect()
    };
    let entry = [
        page.title.as_str(),
        page.url.as_str(),
        page.kind.name(),
        &page.labels.join(", "),
        excerpt.as_str(),
    ];
    serde_json::to_string(&entry).unwrap_or_else(|_| "[]".into())
}

fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// The lowercased words of `text` of two or more letters or digits.
fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
}

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_base36() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
    }

    #[test]
    fn words_are_lowercase_and_two_characters_long() {
        let words: Vec<String> = tokens("The Steering-Group, a TAG; Zuständigkeit 2026").collect();
        assert_eq!(words, ["the", "steering", "group", "tag", "zuständigkeit", "2026"]);
    }
}
