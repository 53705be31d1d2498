//! The search index: written at build time as `search-index.js`, a script that sets one
//! global, so that search works offline and from `file://` (where a page cannot fetch JSON).
//! Beside each page, `search-text.js` holds the page's text for a snippet around the match:
//! a search loads it only for the results it shows, so the index itself stays small.
//!
//! Input: each page's [`SearchPart`], made from its front matter and plain text when it is
//! rendered and kept while it is not rendered again. Output: the script. The index is compact:
//! per page its title, URL, kind, labels, a short excerpt for the result's snippet and any
//! former names; and one inverted list per word (words of two or more letters or digits,
//! lowercased, from the title, summary, labels, former names, headings and body), each list
//! the page numbers as base-36 gaps.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::urls::encode_path;
use crate::model::Page;

/// The output path of the index.
pub(crate) const SEARCH_INDEX: &str = "search-index.js";

/// How many characters of a page's text the index keeps for its snippet.
const EXCERPT: usize = 240;

/// The name of a page's text for search snippets, in the page's folder.
pub(crate) const SEARCH_TEXT_FILE: &str = "search-text.js";

/// How many characters of a page's text its `search-text.js` keeps: a snippet comes from the
/// first of them that match, and a page longer than this is rare in a wiki.
const TEXT_LIMIT: usize = 20_000;

/// The output path of the search text of the page at `url`: `bodies/tag/index.html` →
/// `bodies/tag/search-text.js`. Content pages are all `…/index.html`, so it is never one of
/// theirs.
#[must_use]
pub(crate) fn search_text_url(url: &str) -> String {
    match url.strip_suffix("index.html") {
        Some(folder) => format!("{folder}{SEARCH_TEXT_FILE}"),
        None => format!("{url}.{SEARCH_TEXT_FILE}"),
    }
}

/// The script that hands the page at `url` with the plain `text` to the search:
/// `govwikiText(url, text)`, its text cut to [`TEXT_LIMIT`] characters at a space.
pub(crate) fn search_text(url: &str, text: &str) -> String {
    // `</script>` and line separators in a string literal are harmless in a script file of
    // its own; JSON is a JavaScript string literal.
    format!("govwikiText({},{});\n", json(url), json(&readable(text, TEXT_LIMIT)))
}

/// One page's share of the index: its entry and its words. It depends only on the page's own
/// front matter, path and text, so a rebuild keeps it for every page it does not render again.
#[derive(Debug, Default)]
pub struct SearchPart {
    /// Title, URL, kind, labels and excerpt, as a JSON array.
    entry: String,
    /// The page's distinct words, sorted, each followed by a space (which no word holds):
    /// one allocation per page rather than one per word.
    words: String,
}

impl SearchPart {
    /// The share of `page`, whose plain text is `text`.
    pub(super) fn of(page: &Page, text: &str) -> SearchPart {
        let summary = page.summary.as_deref().unwrap_or_default();
        let labels = page.labels.join(" ");
        // A page is found by the names it had (`formerly`): a reader looks for "Regional
        // hubs" and finds the Knowledge Hubs.
        let formerly: Vec<&str> =
            page.lifecycle.formerly.iter().map(|t| t.value.as_str()).collect();
        let formerly = formerly.join(" ");
        // Most words of a page come again and again: only the distinct ones are sorted.
        let distinct: FxHashSet<Cow<'_, str>> =
            [page.title.as_str(), summary, &labels, &formerly, text]
                .into_iter()
                .flat_map(tokens)
                .collect();
        let mut words: Vec<Cow<'_, str>> = distinct.into_iter().collect();
        words.sort_unstable();
        let mut joined = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
        for word in words {
            joined.push_str(&word);
            joined.push(' ');
        }
        SearchPart { entry: entry(page, text, summary), words: joined }
    }

    /// The page's distinct words, sorted.
    fn words(&self) -> impl Iterator<Item = &str> {
        self.words.split_terminator(' ')
    }

    /// The words of this share that `new` has not, and those of `new` that this one has
    /// not: an edit of a paragraph changes a few words of a page, not all of them.
    fn difference<'a>(&'a self, new: &'a SearchPart) -> (Vec<&'a str>, Vec<&'a str>) {
        let (mut gone, mut came) = (Vec::new(), Vec::new());
        let (mut old, mut new) = (self.words().peekable(), new.words().peekable());
        loop {
            match (old.peek(), new.peek()) {
                (Some(a), Some(b)) => match a.cmp(b) {
                    std::cmp::Ordering::Less => gone.extend(old.next()),
                    std::cmp::Ordering::Greater => came.extend(new.next()),
                    std::cmp::Ordering::Equal => {
                        old.next();
                        new.next();
                    }
                },
                (Some(_), None) => gone.extend(old.next()),
                (None, Some(_)) => came.extend(new.next()),
                (None, None) => return (gone, came),
            }
        }
    }
}

/// The inverted lists of the index: every word, sorted, with the pages that have it, sorted.
/// Kept between builds and shared list by list, so that a rebuild changes, and writes out
/// again, only the lists of the pages it rendered again.
#[derive(Clone, Debug, Default)]
pub struct WordLists(Vec<Arc<WordList>>);

/// One word's inverted list, kept only as it stands in the index: `"word":"gaps"`, each
/// page the base-36 gap from the one before. Of 10,000 pages the lists hold millions of page
/// numbers, which as text take less memory than as numbers; a rebuild reads back only the
/// lists of the words a page gained or lost.
#[derive(Clone, Debug, PartialEq, Eq)]
struct WordList {
    word: Box<str>,
    json: String,
}

impl WordList {
    /// The list of `word`, whose pages are `gaps`, as [`Gaps`] wrote them.
    fn new(word: &str, gaps: &str) -> WordList {
        let word_json = json(word);
        let mut json = String::with_capacity(word_json.len() + gaps.len() + 3);
        json.push_str(&word_json);
        json.push_str(":\"");
        json.push_str(gaps);
        json.push('"');
        WordList { word: word.into(), json }
    }

    /// The list of `word` with the sorted `pages`.
    fn of_pages(word: &str, pages: &[u32]) -> WordList {
        let mut gaps = Gaps::default();
        for &page in pages {
            gaps.push(page);
        }
        WordList::new(word, &gaps.text)
    }

    /// The pages that have the word, sorted, read back from the list's text.
    fn pages(&self) -> Vec<u32> {
        let gaps = self.json.rsplit_once(":\"").map_or("", |(_, gaps)| gaps);
        let mut last = 0;
        gaps.trim_end_matches('"')
            .split(' ')
            .filter_map(|gap| u32::from_str_radix(gap, 36).ok())
            .map(|gap| {
                last += gap;
                last
            })
            .collect()
    }
}

/// Page numbers written as the gaps between them, in base 36, separated by spaces.
#[derive(Debug, Default)]
struct Gaps {
    text: String,
    last: u32,
}

impl Gaps {
    /// Adds `page`, which comes after every page added before.
    fn push(&mut self, page: u32) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        push_base36(&mut self.text, page - self.last);
        self.last = page;
    }
}

impl WordLists {
    /// The lists of a site whose page `i` has the `i`th share of `parts`.
    ///
    /// The pages are visited in order, so every list comes out sorted without a sort, and is
    /// written as it grows.
    pub(super) fn of<'a>(parts: impl IntoIterator<Item = &'a SearchPart>) -> WordLists {
        let mut lists: FxHashMap<&str, Gaps> = FxHashMap::default();
        for (index, part) in parts.into_iter().enumerate() {
            let index = page_number(index);
            for word in part.words() {
                lists.entry(word).or_default().push(index);
            }
        }
        let mut words: Vec<(&str, Gaps)> = lists.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(b.0));
        WordLists(
            words
                .into_iter()
                .map(|(word, gaps)| Arc::new(WordList::new(word, &gaps.text)))
                .collect(),
        )
    }

    /// These lists, made for the shares `old`, changed for the shares `new` of the same
    /// pages: only the pages whose share is another one are moved between lists. None when
    /// the pages are not the same, or when so many changed that [`WordLists::of`] is as fast.
    pub(super) fn updated(
        &self,
        old: &[Arc<SearchPart>],
        new: &[Arc<SearchPart>],
    ) -> Option<WordLists> {
        if old.len() != new.len() {
            return None;
        }
        let changed: Vec<usize> =
            (0..new.len()).filter(|&i| !Arc::ptr_eq(&old[i], &new[i])).collect();
        if changed.len() > new.len() / 10 {
            return None;
        }
        // Per word a page gained or lost: the pages, and whether each now has the word.
        let mut moves: BTreeMap<&str, Vec<(u32, bool)>> = BTreeMap::new();
        for index in changed {
            let number = page_number(index);
            let (gone, came) = old[index].difference(&new[index]);
            for word in gone {
                moves.entry(word).or_default().push((number, false));
            }
            for word in came {
                moves.entry(word).or_default().push((number, true));
            }
        }
        let mut lists = self.0.clone();
        for (word, moves) in moves {
            let found = lists.binary_search_by(|listed| (*listed.word).cmp(word));
            let mut pages = found.map_or_else(|_| Vec::new(), |at| lists[at].pages());
            for (page, has) in moves {
                match (pages.binary_search(&page), has) {
                    (Err(place), true) => pages.insert(place, page),
                    (Ok(place), false) => {
                        pages.remove(place);
                    }
                    _ => {}
                }
            }
            match (found, pages.is_empty()) {
                (Ok(at), true) => {
                    lists.remove(at);
                }
                (Ok(at), false) => lists[at] = Arc::new(WordList::of_pages(word, &pages)),
                (Err(at), false) => lists.insert(at, Arc::new(WordList::of_pages(word, &pages))),
                (Err(_), true) => {}
            }
        }
        Some(WordLists(lists))
    }

    /// The index of the pages whose shares are `searches`, and its word lists: these lists,
    /// which are those of the pages whose shares were `before`, updated (see
    /// [`WordLists::updated`]).
    pub(crate) fn updated_index(
        &self,
        before: &[Arc<SearchPart>],
        searches: &[Arc<SearchPart>],
    ) -> (String, WordLists) {
        match self.updated(before, searches) {
            Some(words) => (search_index(searches.iter().map(Arc::as_ref), &words), words),
            None => fresh_index(searches),
        }
    }
}

/// The index of a site whose page `i` has the `i`th share of `searches`, and its word lists.
pub(crate) fn fresh_index(searches: &[Arc<SearchPart>]) -> (String, WordLists) {
    let words = WordLists::of(searches.iter().map(Arc::as_ref));
    (search_index(searches.iter().map(Arc::as_ref), &words), words)
}

/// A page's number in the index.
fn page_number(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// The index of a site whose page `i` has the `i`th share of `parts`, and whose words are in
/// `lists`.
pub(super) fn search_index<'a, I>(parts: I, lists: &WordLists) -> String
where
    I: IntoIterator<Item = &'a SearchPart>,
    I::IntoIter: Clone,
{
    const HEAD: &str = "window.govwikiSearch={\"pages\":[";
    const MIDDLE: &str = "],\"words\":{";
    const TAIL: &str = "}};\n";
    let parts = parts.into_iter();
    // Of 10,000 pages the index is megabytes long: sized at once, it is copied once.
    let entries: usize = parts.clone().map(|part| part.entry.len() + 1).sum();
    let words: usize = lists.0.iter().map(|list| list.json.len() + 1).sum();
    let mut out = String::with_capacity(HEAD.len() + entries + MIDDLE.len() + words + TAIL.len());
    out.push_str(HEAD);
    for (index, part) in parts.enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&part.entry);
    }
    out.push_str(MIDDLE);
    for (n, list) in lists.0.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&list.json);
    }
    out.push_str(TAIL);
    out
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
    let labels = page.labels.join(", ");
    // The URL as every link writes it, encoded: the search puts it after the root as it is.
    let url = encode_path(&page.url);
    let mut entry = vec![page.title.as_str(), &url, page.kind.name(), &labels, excerpt.as_str()];
    // The page's former names, shown beside its title in the results, only when it has
    // any: the index of a site without them stays as it was.
    let formerly: Vec<&str> = page.lifecycle.formerly.iter().map(|t| t.value.as_str()).collect();
    let formerly = formerly.join("; ");
    if !formerly.is_empty() {
        entry.push(&formerly);
    }
    serde_json::to_string(&entry).unwrap_or_else(|_| "[]".into())
}

/// The plain text of a page as a snippet shows it: the page's pieces of text, which the
/// render gives one by one with a space after each, as running text, with one space between
/// words and none before a closing mark; at most `limit` characters, ending with a whole
/// word unless the first word alone is longer. It stops at the limit: every page of a
/// rebuild that renders them all comes through here.
fn readable(text: &str, limit: usize) -> String {
    let mut out = String::with_capacity(text.len().min(limit));
    let mut length = 0;
    for word in text.split_whitespace() {
        let space = !out.is_empty() && !word.starts_with(['.', ',', ';', ':', '!', '?', ')']);
        let grown = length + usize::from(space) + word.chars().count();
        if grown > limit {
            if out.is_empty() {
                out.extend(word.chars().take(limit));
            }
            break;
        }
        if space {
            out.push(' ');
        }
        out.push_str(word);
        length = grown;
    }
    out
}

fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// The lowercased words of `text` of two or more letters or digits; borrowed when they are
/// lowercase already.
fn tokens(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().nth(1).is_some()).map(|w| {
        if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            Cow::Borrowed(w)
        } else {
            Cow::Owned(w.to_lowercase())
        }
    })
}

/// Appends `n` in base 36.
fn push_base36(out: &mut String, n: u32) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = [0u8; 7];
    let (mut n, mut at) = (n, digits.len());
    loop {
        at -= 1;
        digits[at] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base36(n: u32) -> String {
        let mut out = String::new();
        push_base36(&mut out, n);
        out
    }

    #[test]
    fn gaps_are_base36() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
        assert_eq!(base36(u32::MAX), "1z141z3");
    }

    fn part(entry: &str, words: &[&str]) -> SearchPart {
        SearchPart { entry: entry.into(), words: words.iter().map(|w| format!("{w} ")).collect() }
    }

    #[test]
    fn every_word_lists_its_pages_in_order_as_gaps() {
        let parts = [
            part("[\"A\"]", &["alpha", "beta"]),
            part("[\"B\"]", &["beta", "zürich"]),
            part("[\"C\"]", &[]),
            part("[\"D\"]", &["alpha", "quote\"d"]),
        ];
        assert_eq!(
            search_index(&parts, &WordLists::of(&parts)),
            "window.govwikiSearch={\"pages\":[[\"A\"],[\"B\"],[\"C\"],[\"D\"]],\"words\":\
             {\"alpha\":\"0 3\",\"beta\":\"0 1\",\"quote\\\"d\":\"3\",\"zürich\":\"1\"}};\n"
        );
    }

    #[test]
    fn updated_lists_are_the_lists_of_the_new_pages() {
        let word = |n: usize| format!("w{}", n * 7 % 23);
        let old: Vec<Arc<SearchPart>> =
            (0..40).map(|n| Arc::new(part("[]", &[&word(n), &word(n + 1), "common"]))).collect();
        let mut new = old.clone();
        new[3] = Arc::new(part("[]", &["aardvark", &word(3)]));
        new[17] = Arc::new(part("[]", &[]));
        new[39] = Arc::new(part("[]", &["common", "zebra"]));
        let lists = WordLists::of(old.iter().map(Arc::as_ref));
        let updated = lists.updated(&old, &new).expect("three of forty pages changed");
        assert_eq!(updated.0, WordLists::of(new.iter().map(Arc::as_ref)).0);
        assert!(updated.0.iter().any(|list| &*list.word == "aardvark" && list.pages() == [3]));
        assert!(lists.updated(&old, &new[1..]).is_none(), "other pages");
        let all: Vec<_> = old.iter().map(|p| Arc::new(part("[]", &[&p.words]))).collect();
        assert!(lists.updated(&old, &all).is_none(), "every page changed");
    }

    #[test]
    fn a_page_s_search_text_sits_beside_it_cut_at_a_space() {
        assert_eq!(search_text_url("bodies/tag/index.html"), "bodies/tag/search-text.js");
        assert_eq!(search_text_url("index.html"), "search-text.js");
        assert_eq!(
            search_text("a/index.html", "Quorum \"two\""),
            "govwikiText(\"a/index.html\",\"Quorum \\\"two\\\"\");\n"
        );
        let long = "word ".repeat(TEXT_LIMIT);
        let script = search_text("a/index.html", &long);
        let kept = script.len() - "govwikiText(\"a/index.html\",\"\");\n".len();
        assert!(kept <= TEXT_LIMIT && kept > TEXT_LIMIT - 5, "{kept}");
        assert!(script.ends_with("word\");\n"), "cut at a space");
        let one_word = "w".repeat(TEXT_LIMIT + 10);
        let script = search_text("a/index.html", &one_word);
        assert!(script.contains(&format!("\"{}\"", "w".repeat(TEXT_LIMIT))), "cut in the word");
        assert_eq!(
            readable("a  plain\ntext .  With ( marks ) !", 100),
            "a plain text. With ( marks)!"
        );
        assert_eq!(readable("one two three", 7), "one two");
        assert_eq!(readable("Zuständigkeit", 5), "Zustä");
    }

    #[test]
    fn words_are_lowercase_and_two_characters_long() {
        let words: Vec<Cow<'_, str>> =
            tokens("The Steering-Group, a TAG; Zuständigkeit 2026").collect();
        assert_eq!(words, ["the", "steering", "group", "tag", "zuständigkeit", "2026"]);
    }
}
