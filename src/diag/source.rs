//! The text of every file a run has read, so that a diagnostic can point into it.
//!
//! Sources are kept for the whole run: diagnostics store a [`SourceId`] and a byte range, and
//! the line and column are computed from the source's line index only when they are shown.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// An index into [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(u32);

/// One file: where it is, how to name it to the user, and its text.
#[derive(Debug)]
pub struct Source {
    /// The path on disk.
    pub path: PathBuf,
    /// The path shown to the user: relative to the site root, with `/` separators.
    pub name: String,
    /// The text; empty when the file could not be read.
    pub text: String,
    /// Where each line starts, found the first time a position is asked for: most files of
    /// a site are never the subject of a finding.
    line_starts: OnceLock<Vec<usize>>,
    /// The byte offset and column of the last position asked for. Findings come in the order
    /// of their positions, so the next column is counted from there: counting each from its
    /// line's start would make the findings on one long line quadratic.
    last_column: Mutex<(usize, usize)>,
}

impl Clone for Source {
    fn clone(&self) -> Self {
        Source {
            path: self.path.clone(),
            name: self.name.clone(),
            text: self.text.clone(),
            line_starts: self.line_starts.clone(),
            last_column: Mutex::new((0, 1)),
        }
    }
}

impl Source {
    /// Wraps `text` read from `path`, shown to the user as `name`.
    #[must_use]
    pub fn new(path: PathBuf, name: String, text: String) -> Self {
        Source { path, name, text, line_starts: OnceLock::new(), last_column: Mutex::new((0, 1)) }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let newlines = memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1);
            std::iter::once(0).chain(newlines).collect()
        })
    }

    /// The 1-based line and column (in characters) of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset);
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = line_starts[line];
        let mut last = self.last_column.lock().unwrap_or_else(PoisonError::into_inner);
        let (from, column) = match *last {
            (at, column) if (line_start..=offset).contains(&at) => (at, column),
            _ => (line_start, 1),
        };
        let column = column + self.text[from..offset].chars().count();
        *last = (offset, column);
        (line + 1, column)
    }

    /// Whether the byte range `range` lies within one line.
    #[must_use]
    pub fn is_one_line(&self, range: &Range<usize>) -> bool {
        let line_starts = self.line_starts();
        let line_of = |offset: usize| line_starts.partition_point(|&start| start <= offset);
        line_of(range.start) == line_of(range.end.max(range.start))
    }

    /// The byte offset of a 1-based line and column (in characters), clamped to the text.
    #[must_use]
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_len = rest.find('\n').unwrap_or(rest.len());
        rest[..line_len]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(start + line_len, |(i, _)| start + i)
    }

    /// The byte range of the whole lines that `range` touches.
    #[must_use]
    pub fn line_range(&self, range: &Range<usize>) -> Range<usize> {
        let start = self.floor_char_boundary(range.start);
        let line_starts = self.line_starts();
        let start = line_starts[line_starts.partition_point(|&s| s <= start) - 1];
        let end = self.floor_char_boundary(range.end.max(range.start));
        // The line's end from the index, not by looking for it: on a long line that look
        // cost as much as the line, once per finding.
        let next = line_starts.partition_point(|&s| s <= end);
        let end = line_starts.get(next).map_or(self.text.len(), |&next_start| next_start - 1);
        start..end
    }

    /// `range` clamped to the text and widened to whole characters.
    #[must_use]
    pub fn char_range(&self, range: &Range<usize>) -> Range<usize> {
        let start = self.floor_char_boundary(range.start);
        let mut end = range.end.clamp(start, self.text.len());
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

impl SourceId {
    /// An id that names no source, for a finding whose file is added later.
    pub const PLACEHOLDER: SourceId = SourceId(u32::MAX);

    /// The id the source added at `index` (counting from the first) gets.
    #[must_use]
    pub fn at(index: usize) -> SourceId {
        SourceId(u32::try_from(index).unwrap_or(u32::MAX))
    }
}

/// Every source of a run. A source is shared, not copied, with the runs after it that take
/// over the file unchanged (the live server's rebuilds).
#[derive(Debug, Default)]
pub struct Sources(Vec<Arc<Source>>);

impl Sources {
    /// Adds a source, or shares one with another run, and returns its id.
    pub fn add(&mut self, source: impl Into<Arc<Source>>) -> SourceId {
        let id = SourceId(u32::try_from(self.0.len()).unwrap_or(u32::MAX));
        self.0.push(source.into());
        id
    }

    /// Adds a file that could not be read, so that a diagnostic can name it.
    pub fn add_unreadable(&mut self, path: &Path, name: String) -> SourceId {
        self.add(Source::new(path.to_path_buf(), name, String::new()))
    }

    /// How many sources there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every source with its id, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (SourceId, &Source)> {
        self.0
            .iter()
            .enumerate()
            .map(|(i, s)| (SourceId(u32::try_from(i).unwrap_or(u32::MAX)), s.as_ref()))
    }

    /// The source behind an id.
    #[must_use]
    pub fn get(&self, id: SourceId) -> &Source {
        &self.0[id.0 as usize]
    }

    /// The source behind an id, to share with another run.
    #[must_use]
    pub fn shared(&self, id: SourceId) -> &Arc<Source> {
        &self.0[id.0 as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source::new(PathBuf::from("x.md"), "x.md".into(), text.into())
    }

    #[test]
    fn line_col_counts_characters_from_one() {
        let s = source("ab\nçd\n\nx");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(3), (2, 1));
        assert_eq!(s.line_col(5), (2, 2), "ç is two bytes but one column");
        assert_eq!(s.line_col(7), (3, 1));
        assert_eq!(s.line_col(8), (4, 1));
        assert_eq!(s.line_col(100), (4, 2), "offsets past the end clamp");
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let s = source("ab\nçd\n\nx");
        for offset in [0, 1, 3, 5, 7, 8] {
            let (line, column) = s.line_col(offset);
            assert_eq!(s.offset_of(line, column), offset);
        }
    }

    #[test]
    fn line_range_covers_whole_lines() {
        let s = source("one\ntwo\nthree");
        assert_eq!(s.line_range(&(5..6)), 4..7);
        assert_eq!(s.line_range(&(1..9)), 0..13);
    }
}
