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
                    None => self.wrong_type(key, item, "a list of texts or seats"),
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
            represents: None,
            represents_page: None,
            from: None,
            until: None,
            appointed_by: None,
            elected: false,
            span,
        };
        for (key, value) in entries {
            match key.value.as_str() {
                "person" => seat.person = self.one_ref(key, value),
                "name" => seat.name = self.text(key, value),
                "seat" => {
                    if let Some(kind) = self.text(key, value) {
                        seat.seat = kind.value.trim().to_lowercase();
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
                            .suggest(name, SEAT.iter().copied()),
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
            let text = match &count.value {
                Yaml::Int(_) | Yaml::Str(_) | Yaml::Float(_) => self.scalar(count),
                _ => None,
            };
            let range = text.as_ref().and_then(|text| count_range(text.value.trim()));
            match range {
                Some((min, max)) => {
                    rules.push(SeatRule { seat: seat.value.trim().to_lowercase(), min, max, span })
                }
                None => self.report(
                    Diagnostic::new(
                        Code::InvalidValue,
                        self.id,
                        format!("`{}` in `seats` is no number of seats", seat.value),
                    )
                    .at(span)
                    .label("expected a number (`1`), a range (`3..7`) or a least number (`2..`)"),
                ),
            }
        }
        rules
    }

    /// `quorum`: a number, a share such as `2/3`, or words.
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
