//! The governance records on the pages: a body's roster, vacancies, decision rights and
//! decision log; a person's seats; a decision's and a meeting's facts; every page's
//! lifecycle.
//!
//! Input: the [`Site`] and the day the render holds for (the build's `--as-of`, or today), by
//! which a term is current, ended or not yet begun. Output: views whose every link is
//! relative to the page shown. What other pages say of a page (a body's decisions and
//! meetings, a person's seats, the decisions that supersede one) is looked up in
//! [`Records`], gathered in one pass over the site per render: each page's view then costs in
//! proportion to its own records, never to the size of the site.

use std::cmp::Reverse;

use jiff::civil::Date;
use rustc_hash::FxHashMap;

use super::view::{
    BodyRecordsView, DecisionRowView, DecisionView, LifecycleView, LinkView, MeetingRowView,
    MeetingView, PersonView, SeatRowView,
};
use crate::model::{Body, Member, Page, PageKind, Quorum, Ref, Seat, Site, Status};

/// What pages say of other pages' governance, gathered once per render.
#[derive(Debug, Default)]
pub(super) struct Records {
    /// Per body, the decisions it took (`by`).
    decisions: FxHashMap<usize, Vec<usize>>,
    /// Per body, its meetings (`of`).
    meetings: FxHashMap<usize, Vec<usize>>,
    /// Per decision, the decisions that supersede it.
    superseded_by: FxHashMap<usize, Vec<usize>>,
    /// Per person page, the seats they hold or held: (body, the seat's place among the
    /// body's `members`).
    seats: FxHashMap<usize, Vec<(usize, usize)>>,
    /// Whether the site has a person page or a seat, and so a "Who's who" page.
    pub(super) has_people: bool,
    /// Whether anything in the site has a date, and so the site has a timeline.
    pub(super) has_dates: bool,
}

impl Records {
    /// The records of `site`.
    pub(super) fn of(site: &Site) -> Records {
        let mut records = Records::default();
        for (index, page) in site.pages.iter().enumerate() {
            records.has_dates |= page.lifecycle.effective.is_some();
            match &page.kind {
                PageKind::Person(_) => records.has_people = true,
                PageKind::Body(body) => {
                    // Each seat by its place among the members, which is reached at once.
                    let seats =
                        body.members.iter().enumerate().filter_map(|(at, member)| match member {
                            Member::Seat(seat) => Some((at, &**seat)),
                            Member::Text(_) => None,
                        });
                    for (at, seat) in seats {
                        records.has_people = true;
                        records.has_dates |= seat.from.is_some() || seat.until.is_some();
                        if let Some(person) = seat.person.as_ref().and_then(|p| p.target) {
                            records.seats.entry(person).or_default().push((index, at));
                        }
                    }
                }
                PageKind::Decision(decision) => {
                    records.has_dates |= decision.date.is_some();
                    if let Some(body) = decision.by.as_ref().and_then(|r| r.target) {
                        records.decisions.entry(body).or_default().push(index);
                    }
                    for old in decision.supersedes.iter().filter_map(|r| r.target) {
                        records.superseded_by.entry(old).or_default().push(index);
                    }
                }
                PageKind::Meeting(meeting) => {
                    records.has_dates |= meeting.date.is_some();
                    if let Some(body) = meeting.of.as_ref().and_then(|r| r.target) {
                        records.meetings.entry(body).or_default().push(index);
                    }
                }
                PageKind::Page | PageKind::Role(_) | PageKind::Workflow(_) => {}
            }
        }
        records
    }

    /// The seats of person page `person`: (body, seat).
    pub(super) fn seats_of<'s>(
        &self,
        site: &'s Site,
        person: usize,
    ) -> impl Iterator<Item = (usize, &'s Seat)> {
        let held = self.seats.get(&person).map_or(&[][..], Vec::as_slice);
        held.iter().filter_map(|&(body, at)| match &site.pages[body].kind {
            PageKind::Body(kind) => match kind.members.get(at) {
                Some(Member::Seat(seat)) => Some((body, &**seat)),
                _ => None,
            },
            _ => None,
        })
    }
}

/// How a term stands on `today`: for styling, and in words.
fn state(seat: &Seat, today: Date) -> (&'static str, &'static str) {
    if seat.until.is_some_and(|until| until.date < today) {
        ("ended", "ended")
    } else if seat.from.is_some_and(|from| today < from.date) {
        ("upcoming", "not yet begun")
    } else if seat.is_vacant() {
        ("vacant", "vacant")
    } else {
        ("current", "current")
    }
}

/// Current terms first, then vacant seats, then those to come, then those ended.
fn state_rank(state: &str) -> u8 {
    match state {
        "current" => 0,
        "vacant" => 1,
        "upcoming" => 2,
        _ => 3,
    }
}

/// The term in words.
fn term(seat: &Seat) -> String {
    match (seat.from, seat.until) {
        (Some(from), Some(until)) => format!("{} – {}", from.date, until.date),
        (Some(from), None) => format!("from {}", from.date),
        (None, Some(until)) => format!("until {}", until.date),
        (None, None) => String::new(),
    }
}

/// A name shown without a link.
fn plain(title: &str, kind: &'static str) -> LinkView {
    LinkView { title: title.to_owned(), href: None, abbr: None, kind }
}

/// A reference: its page, or its id as written when it names none.
fn reference(site: &Site, from: &str, reference: &Ref, kind: &'static str) -> LinkView {
    match reference.target {
        Some(target) => LinkView::to_page(site, from, target),
        None => plain(&reference.id, kind),
    }
}

/// The row of `seat`, seen from output file `from`, with its body when `body` is given.
pub(super) fn seat_row(
    site: &Site,
    from: &str,
    seat: &Seat,
    today: Date,
    body: Option<usize>,
) -> SeatRowView {
    let holder = match (&seat.person, &seat.name) {
        (Some(person), _) => Some(reference(site, from, person, "person")),
        (None, Some(name)) => Some(plain(&name.value, "person")),
        (None, None) => None,
    };
    let represents = match (seat.represents_page, &seat.represents) {
        (Some(page), _) => Some(LinkView::to_page(site, from, page)),
        (None, Some(text)) => Some(plain(&text.value, "page")),
        (None, None) => None,
    };
    let (state, state_label) = state(seat, today);
    SeatRowView {
        body: body.map(|body| LinkView::to_page(site, from, body)),
        seat: seat.seat.clone(),
        holder,
        represents,
        term: term(seat),
        appointed_by: seat.appointed_by.as_ref().map(|r| reference(site, from, r, "body")),
        elected: seat.elected,
        state,
        state_label,
    }
}

/// The seats of `body` seen from output file `from`, the current ones first, each group as
/// written.
pub(super) fn roster(site: &Site, from: &str, body: &Body, today: Date) -> Vec<SeatRowView> {
    let mut rows: Vec<SeatRowView> =
        body.seats().map(|seat| seat_row(site, from, seat, today, None)).collect();
    rows.sort_by_key(|row| state_rank(row.state));
    rows
}

/// The seats `body`'s `seats` asks for and that no one holds on `today`: `1 chair seat
/// vacant`, counted as the check of unfilled seats counts them; none while the body is not
/// in force (`in_force` false).
pub(super) fn vacancies(body: &Body, in_force: bool, today: Date) -> Vec<String> {
    if !in_force {
        return Vec::new();
    }
    let held = body.held_by_kind(today);
    body.seats
        .iter()
        .filter_map(|rule| {
            let filled = held.get(rule.seat.as_str()).copied().unwrap_or(0);
            let missing = usize::try_from(rule.min).unwrap_or(usize::MAX).saturating_sub(filled);
            (missing > 0).then(|| {
                let seats = if missing == 1 { "seat" } else { "seats" };
                format!("{missing} {} {seats} vacant", rule.seat)
            })
        })
        .collect()
}

/// How a body decides, in words.
fn voting(voting: &str) -> String {
    match voting.trim() {
        "consensus" => "Consensus".to_owned(),
        "lazy-consensus" => "Lazy consensus".to_owned(),
        "majority" => "Majority".to_owned(),
        "two-thirds" => "Two-thirds majority".to_owned(),
        "unanimity" => "Unanimity".to_owned(),
        other => other.to_owned(),
    }
}

/// A quorum in words.
fn quorum(quorum: &Quorum) -> String {
    match quorum {
        Quorum::Count(1) => "1 member".to_owned(),
        Quorum::Count(count) => format!("{count} members"),
        Quorum::Share(top, 100) => format!("{top}% of the seats held"),
        Quorum::Share(top, bottom) => format!("{top}/{bottom} of the seats held"),
        Quorum::Words(words) => words.clone(),
    }
}

/// Newest first, undated last, then by title.
fn newest_first(site: &Site, pages: &mut [usize], date: impl Fn(&Page) -> Option<Date>) {
    pages.sort_by(|&a, &b| {
        let (a, b) = (&site.pages[a], &site.pages[b]);
        Reverse(date(a)).cmp(&Reverse(date(b))).then_with(|| a.title.cmp(&b.title))
    });
}

/// A decision page's date.
fn decision_date(page: &Page) -> Option<Date> {
    match &page.kind {
        PageKind::Decision(decision) => decision.date.map(|d| d.date),
        _ => None,
    }
}

/// A meeting page's date.
fn meeting_date(page: &Page) -> Option<Date> {
    match &page.kind {
        PageKind::Meeting(meeting) => meeting.date.map(|d| d.date),
        _ => None,
    }
}

/// The row of decision page `index`, seen from output file `from`.
pub(super) fn decision_row(site: &Site, from: &str, index: usize) -> DecisionRowView {
    let decision = match &site.pages[index].kind {
        PageKind::Decision(decision) => Some(decision),
        _ => None,
    };
    DecisionRowView {
        date: decision.and_then(|d| d.date).map(|d| d.date.to_string()),
        link: LinkView::to_page(site, from, index),
        topic: decision.and_then(|d| d.topic.as_ref()).map(|t| t.value.clone()),
        outcome: decision.and_then(|d| d.outcome.as_ref()).map(|t| t.value.clone()),
    }
}

/// Body page `index`'s roster, decision rights, decisions and meetings.
pub(super) fn body_records(
    site: &Site,
    records: &Records,
    index: usize,
    body: &Body,
    today: Date,
) -> BodyRecordsView {
    let from = &site.pages[index].url;
    let decides = body
        .decides
        .iter()
        .map(|topic| match site.by_id.get(topic.value.trim()) {
            Some(&page) => LinkView::to_page(site, from, page),
            None => plain(&topic.value, "topic"),
        })
        .collect();
    let mut decisions = records.decisions.get(&index).cloned().unwrap_or_default();
    newest_first(site, &mut decisions, decision_date);
    let mut meetings = records.meetings.get(&index).cloned().unwrap_or_default();
    newest_first(site, &mut meetings, meeting_date);
    let meetings = meetings
        .into_iter()
        .map(|m| {
            let (day, attendees) = match &site.pages[m].kind {
                PageKind::Meeting(meeting) => {
                    (meeting.date.map(|d| d.date), &meeting.attendees[..])
                }
                _ => (None, &[][..]),
            };
            // A meeting of no stated day cannot be held against the seats of one.
            let attendance = day.map(|day| {
                let (present, held) = body.attendance(day, attendees);
                format!("{present} of {held} seats held")
            });
            MeetingRowView {
                date: day.map(|d| d.to_string()),
                link: LinkView::to_page(site, from, m),
                attendance,
            }
        })
        .collect();
    let mut view = BodyRecordsView {
        roster: roster(site, from, body, today),
        seats_wanted: body
            .seats
            .iter()
            .map(|rule| format!("{} {}", rule.wanted(), rule.seat))
            .collect(),
        vacancies: vacancies(body, site.pages[index].lifecycle.in_force(), today),
        decides,
        delegates_to: body.delegates_to.iter().map(|r| reference(site, from, r, "body")).collect(),
        voting: body.voting.as_ref().map(|v| voting(&v.value)),
        quorum: body.quorum.as_ref().map(quorum),
        meets: body.meets.as_ref().map(|m| m.value.clone()),
        decisions: decisions.into_iter().map(|d| decision_row(site, from, d)).collect(),
        meetings,
        has_rights: false,
    };
    view.has_rights = !view.decides.is_empty()
        || !view.delegates_to.is_empty()
        || view.voting.is_some()
        || view.quorum.is_some()
        || view.meets.is_some();
    view
}

/// Person page `index`'s affiliation and every seat they hold or held, newest first.
pub(super) fn person_view(
    site: &Site,
    records: &Records,
    index: usize,
    affiliation: Option<&str>,
    today: Date,
) -> PersonView {
    let from = &site.pages[index].url;
    let mut seats: Vec<(usize, &Seat)> = records.seats_of(site, index).collect();
    seats.sort_by_key(|(_, seat)| {
        (Reverse(seat.from.map(|d| d.date)), Reverse(seat.until.map(|d| d.date)))
    });
    PersonView {
        affiliation: affiliation.map(str::to_owned),
        seats: seats
            .into_iter()
            .map(|(body, seat)| seat_row(site, from, seat, today, Some(body)))
            .collect(),
    }
}

/// Decision page `index`'s facts, with the decisions that supersede it.
pub(super) fn decision_view(
    site: &Site,
    records: &Records,
    index: usize,
    decision: &crate::model::Decision,
) -> DecisionView {
    let from = &site.pages[index].url;
    let mut later = records.superseded_by.get(&index).cloned().unwrap_or_default();
    newest_first(site, &mut later, decision_date);
    DecisionView {
        by: decision.by.as_ref().map(|r| reference(site, from, r, "body")),
        date: decision.date.map(|d| d.date.to_string()),
        topic: decision.topic.as_ref().map(|t| t.value.clone()),
        outcome: decision.outcome.as_ref().map(|t| t.value.clone()),
        supersedes: decision
            .supersedes
            .iter()
            .map(|r| reference(site, from, r, "decision"))
            .collect(),
        superseded_by: later.into_iter().map(|d| LinkView::to_page(site, from, d)).collect(),
    }
}

/// Meeting page `index`'s facts.
pub(super) fn meeting_view(
    site: &Site,
    index: usize,
    meeting: &crate::model::Meeting,
) -> MeetingView {
    let from = &site.pages[index].url;
    MeetingView {
        of: meeting.of.as_ref().map(|r| reference(site, from, r, "body")),
        date: meeting.date.map(|d| d.date.to_string()),
        attendees: meeting.attendees.iter().map(|r| reference(site, from, r, "person")).collect(),
        decisions: meeting.decisions.iter().map(|r| reference(site, from, r, "decision")).collect(),
    }
}

/// Page `index`'s lifecycle, with its `sources` and `open_points` already rendered.
pub(super) fn lifecycle_view(
    site: &Site,
    records: &Records,
    index: usize,
    sources: Vec<String>,
    open_points: Vec<String>,
) -> LifecycleView {
    let page = &site.pages[index];
    let lifecycle = &page.lifecycle;
    // The successor named on the page, or else the decision that names the page under
    // `supersedes`.
    let successor = match &lifecycle.superseded_by {
        Some(next) => Some(reference(site, &page.url, next, "page")),
        None => records
            .superseded_by
            .get(&index)
            .and_then(|later| later.first())
            .map(|&later| LinkView::to_page(site, &page.url, later)),
    };
    let banner = match lifecycle.status {
        Some(Status::Superseded) => Some("superseded"),
        Some(Status::Retired) => Some("retired"),
        // A successor says as much as the status would.
        Some(Status::Draft | Status::Adopted) | None => successor.is_some().then_some("superseded"),
    };
    LifecycleView {
        status: lifecycle.status.map(Status::name),
        effective: lifecycle.effective.map(|d| d.date.to_string()),
        banner,
        successor,
        formerly: lifecycle.formerly.iter().map(|t| t.value.clone()).collect(),
        sources,
        open_points,
    }
}
