//! Reading the governance fields: seats and terms, decision rights, decisions, meetings, and
//! every page's lifecycle.

use serde_saphyr::Spanned;

use super::super::page::{
    DateValue, Decision, Lifecycle, Meeting, Member, Person, Quorum, Seat, SeatRule, Status,
};
use super::{Entries, Reader};
use crate::diag::{Code, Diagnostic};
use crate::load::Yaml;

/// The keys of a seat in `members`.
const SEAT: &[&str] =
    &["person", "name", "seat", "for", "from", "until", "appointed_by", "elected_by"];
/// The values of `status`.
const STATUSES: &[&str] = &["draft", "adopted", "superseded", "retired"];

impl Reader<'_> {
    /// A date written `YYYY-MM-DD`.
    pub(super) fn date(
        &mut self,
        key: &Spanned<String>,
        value: &Spanned<Yaml>,
    ) -> Option<DateValue> {
        let text = self.text(key, value)?;
        match DateValue::parse(&text.value) {
            Some(date) => Some(DateValue { date, span: (text.span.start, text.span.end) }),
            None => {
                self.report(
                    Diagnostic::new(
                        Code::BadDate,
                        self.id,
                        format!("`{}` is not a calendar date: `{}`", key.value, text.value),
                    )
                    .at(text.span)
                    .label("expected `YYYY-MM-DD`")
                    .help("write the date as year, month and day: `2024-01-31`"),
                );
                None
            }
        }
    }

    /// A page's lifecycle field; false for a key that is none.
    pub(super) fn lifecycle(
        &mut self,
        lifecycle: &mut Lifecycle,
        key: &Spanned<String>,
        value: &Spanned<Yaml>,
    ) -> bool {
        match key.value.as_str() {
            "status" => {
                let Some(text) = self.text(key, value) else { return true };
                let status = match text.value.as_str() {
                    "draft" => Some(Status::Draft),
                    "adopted" => Some(Status::Adopted),
                    "superseded" => Some(Status::Superseded),
                    "retired" => Some(Status::Retired),
                    _ => None,
                };
                if status.is_none() {
                    self.report(
                        Diagnostic::new(
                            Code::InvalidValue,
                            self.id,
                            format!("unknown status `{}`", text.value),
                        )
                        .at(text.span.clone())
                        .label("expected `draft`, `adopted`, `superseded` or `retired`")
                        .suggest(&text.value, STATUSES.iter().copied()),
                    );
                }
                lifecycle.status = status;
                lifecycle.status_span = Some(text.span);
            }
            "effective" => lifecycle.effective = self.date(key, value),
            "superseded_by" => lifecycle.superseded_by = self.one_ref(key, value),
            "formerly" => lifecycle.formerly = self.texts(key, value),
            "sources" => lifecycle.sources = self.texts(key, value),
            "open_points" => lifecycle.open_points = self.texts(key, value),
            _ => return false,
        }
        true
    }

    /// `members`: free text, or seats.
    pub(super) fn members(&mut self, key: &Spanned<String>, value: &Spanned<Yaml>) -> Vec<Member> {
        let items = match &value.value {
            Yaml::Null => return Vec::new(),
            Yaml::Seq(items) => items.as_slice(),
            _ => std::slice::from_ref(value),
        };
        let mut members = Vec::with_capacity(items.len());
        for item in items {
            match &item.value {
                Yaml::Map(entries) => {
                    members
                        .extend(self.seat(item, entries).map(|seat| Member::Seat(Box::new(seat))));
                }
                _ => match self.scalar(item) {
                    Some(text) => members.push(Member::Text(text)),
                    None => self.wrong_entry_type(key, item, "a text or a seat"),
                },
            }
        }
        members
    }

    fn seat(&mut self, item: &Spanned<Yaml>, entries: &Entries) -> Option<Seat> {
        let span = self.span(item);
        let mut seat = Seat {
            person: None,
            name: None,
            seat: "member".to_owned(),
            seat_span: None,
            represents: None,
            represents_page: None,
            from: None,
            until: None,
            appointed_by: None,
            elected: false,
            span,
        };
        // The keys of which a seat takes one: who holds it, and who chose them.
        let mut holder: Option<&Spanned<String>> = None;
        let mut chooser: Option<&Spanned<String>> = None;
        for (key, value) in entries {
            let pair = match key.value.as_str() {
                "person" | "name" => Some(&mut holder),
                "appointed_by" | "elected_by" => Some(&mut chooser),
                _ => None,
            };
            if let Some(first) = pair.and_then(|pair| pair.replace(key)) {
                let (span, earlier) = (self.span(key), self.span(first));
                self.report(
                    Diagnostic::new(
                        Code::InvalidValue,
                        self.id,
                        format!("a seat takes `{}` or `{}`, not both", first.value, key.value),
                    )
                    .at(span)
                    .label("left out")
                    .also(self.id, earlier, "taken")
                    .help(
                        if first.value == "person" || first.value == "name" {
                            "give `person` for someone with a page, `name` for someone without one"
                        } else {
                            "give `appointed_by` or `elected_by`, as the holder came to the seat"
                        },
                    ),
                );
                continue;
            }
            match key.value.as_str() {
                "person" => seat.person = self.one_ref(key, value),
                "name" => seat.name = self.text(key, value),
                "seat" => {
                    if let Some(kind) = self.text(key, value) {
                        match seat_kind(&kind.value) {
                            Some(written) => {
                                seat.seat = written;
                                seat.seat_span = Some(kind.span);
                            }
                            None => self.report(empty_seat_kind(self.id, kind.span)),
                        }
                    }
                }
                "for" => seat.represents = self.text(key, value),
                "from" => seat.from = self.date(key, value),
                "until" => seat.until = self.date(key, value),
                "appointed_by" | "elected_by" => {
                    seat.appointed_by = self.one_ref(key, value);
                    seat.elected = key.value == "elected_by";
                }
                name => {
                    let span = self.span(key);
                    self.report(
                        Diagnostic::new(Code::UnknownKey, self.id, format!("unknown key `{name}`"))
                            .at(span)
                            .label("not a field of a seat")
                            .suggest_or_list(name, SEAT, "seats"),
                    );
                }
            }
        }
        if let (Some(from), Some(until)) = (seat.from, seat.until)
            && until.date < from.date
        {
            self.report(
                Diagnostic::new(
                    Code::TermReversed,
                    self.id,
                    format!("the term ends on {} before it begins on {}", until.date, from.date),
                )
                .at(until.range())
                .also(self.id, from.range(), "the term begins here")
                .help("swap `from` and `until`, or correct the year"),
            );
        }
        Some(seat)
    }

    /// `seats`: per kind of seat, a number (`1`), a range (`3..7`) or a least number (`2..`).
    pub(super) fn seat_rules(
        &mut self,
        key: &Spanned<String>,
        value: &Spanned<Yaml>,
    ) -> Vec<SeatRule> {
        let expected = "a mapping of seat kinds to numbers, such as `chair: 1` or `member: 3..7`";
        let mut rules = Vec::new();
        for (seat, count) in self.map(key, value, expected) {
            let span = self.span(count);
            let Some(kind) = seat_kind(&seat.value) else {
                let at = self.span(seat);
                self.report(empty_seat_kind(self.id, at));
                continue;
            };
            // `Chair` and `chair ` are the kind `chair`, which one rule counts.
            if let Some(earlier) = rules.iter().find(|rule: &&SeatRule| rule.seat == kind) {
                let (at, earlier) = (self.span(seat), earlier.span.clone());
                self.report(
                    Diagnostic::new(
                        Code::InvalidValue,
                        self.id,
                        format!("`seats` counts the kind `{kind}` twice"),
                    )
                    .at(at)
                    .label("left out")
                    .also(self.id, earlier, "counted here")
                    .help("seat kinds are read without case and surrounding spaces: keep one"),
                );
                continue;
            }
            let text = match &count.value {
                Yaml::Int(_) | Yaml::Str(_) | Yaml::Float(_) => self.scalar(count),
                _ => None,
            };
            let range = text.as_ref().and_then(|text| count_range(text.value.trim()));
            match range {
                Some((min, max)) => rules.push(SeatRule { seat: kind, min, max, span }),
                None => self.report(
                    Diagnostic::new(
                        Code::InvalidValue,
                        self.id,
                        format!("`{}` in `seats` is no number of seats", seat.value),
                    )
                    .at(span)
                    .label("expected a number (`1`), a range (`3..7`) or a least number (`2..`)")
                    .help(
                        "write whole numbers, a range with the fewest first (`3..7`, not \
                         `7..3`)",
                    ),
                ),
            }
        }
        rules
    }

    /// `quorum`: a number, a share such as `2/3` or `50%`, or words.
    pub(super) fn quorum(
        &mut self,
        key: &Spanned<String>,
        value: &Spanned<Yaml>,
    ) -> Option<Quorum> {
        let text = self.text(key, value)?;
        let words = text.value.trim();
        if let Ok(count) = words.parse::<u32>() {
            return Some(Quorum::Count(count));
        }
        if let Some((top, bottom)) = words.split_once('/')
            && let (Ok(top), Ok(bottom)) = (top.trim().parse::<u32>(), bottom.trim().parse::<u32>())
            && bottom > 0
            && top <= bottom
        {
            return Some(Quorum::Share(top, bottom));
        }
        if let Some(percent) = words.strip_suffix('%')
            && let Ok(top) = percent.trim().parse::<u32>()
            && top <= 100
        {
            return Some(Quorum::Share(top, 100));
        }
        // Figures that make no count (`1/0`, `3/2`, `-1`, `150%`, a number too large) would
        // otherwise pass as words, and leave the quorum unchecked.
        let figures = words.chars().all(|c| c.is_ascii_digit() || "/%.,+- ".contains(c));
        if figures && words.chars().any(|c| c.is_ascii_digit()) {
            self.report(
                Diagnostic::new(
                    Code::InvalidValue,
                    self.id,
                    format!("`quorum: {words}` is no number of members and no share of the seats"),
                )
                .at(text.span)
                .label(
                    "expected a number (`3`), a share no greater than 1 (`2/3`, `50%`), or words",
                )
                .help(
                    "write how many members must be present, or the share of the seats held \
                     as `top/bottom`: `1/2` for half of them",
                ),
            );
            return None;
        }
        Some(Quorum::Words(words.to_owned()))
    }

    /// The fields of a person page.
    pub(super) fn person_field(
        &mut self,
        person: &mut Person,
        key: &Spanned<String>,
        value: &Spanned<Yaml>,
    ) -> bool {
        match key.value.as_str() {
            "affiliation" => person.affiliation = self.text(key, value),
            _ => return false,
        }
        true
    }

    /// The fields of a decision page.
    pub(super) fn decision_field(
        &mut self,
        decision: &mut Decision,
        key: &Spanned<String>,
        value: &Spanned<Yaml>,
    ) -> bool {
        match key.value.as_str() {
            "by" => decision.by = self.one_ref(key, value),
            "date" => decision.date = self.date(key, value),
            "outcome" => decision.outcome = self.text(key, value),
            "topic" => decision.topic = self.text(key, value),
            "supersedes" => decision.supersedes = self.refs(key, value),
            _ => return false,
        }
        true
    }

    /// The fields of a meeting page.
    pub(super) fn meeting_field(
        &mut self,
        meeting: &mut Meeting,
        key: &Spanned<String>,
        value: &Spanned<Yaml>,
    ) -> bool {
        match key.value.as_str() {
            "of" => meeting.of = self.one_ref(key, value),
            "date" => meeting.date = self.date(key, value),
            "attendees" => meeting.attendees = self.refs(key, value),
            "decisions" => meeting.decisions = self.refs(key, value),
            _ => return false,
        }
        true
    }
}

/// A kind of seat as rules and seats compare it: without case or surrounding spaces; `None`
/// when nothing is left.
fn seat_kind(text: &str) -> Option<String> {
    let kind = text.trim().to_lowercase();
    (!kind.is_empty()).then_some(kind)
}

/// The finding about a kind of seat written empty, at `span`.
fn empty_seat_kind(id: crate::diag::SourceId, span: std::ops::Range<usize>) -> Diagnostic {
    Diagnostic::new(Code::InvalidValue, id, "a kind of seat is empty")
        .at(span)
        .label("expected a word such as `chair` or `member`")
        .help("name the kind of seat, or leave `seat` out for a `member` seat")
}

/// A number of seats: `1`, `3..7` or `2..`, as (least, most).
fn count_range(text: &str) -> Option<(u32, Option<u32>)> {
    match text.split_once("..") {
        None => text.parse().ok().map(|n| (n, Some(n))),
        Some((min, "")) => min.trim().parse().ok().map(|min| (min, None)),
        Some((min, max)) => {
            let (min, max) = (min.trim().parse().ok()?, max.trim().parse().ok()?);
            (min <= max).then_some((min, Some(max)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::count_range;

    #[test]
    fn seat_counts_are_numbers_ranges_or_least_numbers() {
        assert_eq!(count_range("1"), Some((1, Some(1))));
        assert_eq!(count_range("3..7"), Some((3, Some(7))));
        assert_eq!(count_range("2.."), Some((2, None)));
        assert_eq!(count_range("7..3"), None);
        assert_eq!(count_range("some"), None);
    }
}
