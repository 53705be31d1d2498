//! The governance checks: seats and terms, mandates and quorums, as of a day, and the
//! successor a superseded page must name.
//!
//! Input: the [`Site`] and the day the checks hold for (today, or `--as-of`, so that a run in
//! CI can be reproduced). Output: one diagnostic per finding, at the value at fault.

use jiff::civil::Date;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::diag::{Code, Diagnostic, Sources};
use crate::load::opening;
use crate::model::{Body, Page, PageKind, Quorum, Seat, Site, Status};

/// Every governance finding of `site`, as of `today`.
#[must_use]
pub fn check_governance(site: &Site, sources: &Sources, today: Date) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // Per body, the bodies that delegate to it, whose topics it decides too.
    let mut delegators: Vec<Vec<usize>> = vec![Vec::new(); site.pages.len()];
    for (index, page) in site.pages.iter().enumerate() {
        let PageKind::Body(body) = &page.kind else { continue };
        for delegate in body.delegates_to.iter().filter_map(|d| d.target) {
            delegators[delegate].push(index);
        }
    }
    // The pages a decision names under `supersedes`: their successor is that decision.
    let mut succeeded = vec![false; site.pages.len()];
    for page in &site.pages {
        if let PageKind::Decision(decision) = &page.kind {
            for earlier in decision.supersedes.iter().filter_map(|r| r.target) {
                succeeded[earlier] = true;
            }
        }
    }
    for (index, page) in site.pages.iter().enumerate() {
        if page.lifecycle.status == Some(Status::Superseded)
            && page.lifecycle.superseded_by.is_none()
            && !succeeded[index]
        {
            let at = page
                .lifecycle
                .status_span
                .clone()
                .unwrap_or_else(|| opening(&sources.get(page.source).text));
            diagnostics.push(
                Diagnostic::new(
                    Code::NoSuccessor,
                    page.source,
                    format!("`{}` is superseded, but names no successor", page.id),
                )
                .at(at)
                .label("`status: superseded`")
                .help(
                    "name the page that replaces it: `superseded_by: <id>` (or, for a \
                     decision, `supersedes` on the decision that replaces it), or set \
                     `status: retired` when nothing does",
                ),
            );
        }
        records(site, sources, page, &mut diagnostics);
        match &page.kind {
            PageKind::Body(body) => {
                let today = page.lifecycle.in_force().then_some(today);
                seats(site, page.source, body, today, &mut diagnostics);
            }
            PageKind::Decision(decision) => {
                let (Some(by), Some(topic)) = (&decision.by, &decision.topic) else { continue };
                let Some(body) = by.target else { continue };
                if covers(site, &delegators, body, &topic.value) {
                    continue;
                }
                let name = &site.pages[body].title;
                let PageKind::Body(decider) = &site.pages[body].kind else { continue };
                let listed = if decider.decides.is_empty() {
                    format!("{name} lists no topic under `decides`")
                } else {
                    let topics: Vec<String> =
                        decider.decides.iter().map(|t| format!("`{}`", t.value)).collect();
                    format!("{name} decides {}", topics.join(", "))
                };
                diagnostics.push(
                    Diagnostic::new(
                        Code::OutsideMandate,
                        page.source,
                        format!(
                            "the decision's topic `{}` is outside the mandate of {name}",
                            topic.value
                        ),
                    )
                    .at(topic.span.clone())
                    .label(listed)
                    .help(format!(
                        "give the topic as {name}'s `decides` names it, add it there, or name \
                         the body that decides it in `by`"
                    )),
                );
            }
            PageKind::Meeting(meeting) => {
                let (Some(of), Some(date)) = (&meeting.of, meeting.date) else { continue };
                let Some(index) = of.target else { continue };
                let PageKind::Body(body) = &site.pages[index].kind else { continue };
                // Only members count: a guest holds no seat on the day.
                let (present, held) = body.attendance(date.date, &meeting.attendees);
                let Some(needed) = quorum(body.quorum.as_ref(), held) else { continue };
                if present >= needed {
                    continue;
                }
                let name = &site.pages[index].title;
                diagnostics.push(
                    Diagnostic::new(
                        Code::BelowQuorum,
                        page.source,
                        format!(
                            "{present} of the {held} seats of {name} held on {} attended; the \
                             quorum is {needed}",
                            date.date
                        ),
                    )
                    .at(date.range())
                    .label("below the quorum on this day")
                    .help(
                        "list every member present under `attendees` (person ids of seat \
                         holders), or note in the page that the meeting could not decide",
                    ),
                );
            }
            _ => {}
        }
    }
    diagnostics
}

/// The seats of one body: a person in two seats at once; and, for a body in force (`today`
/// given), ended terms no one followed and seats below what `seats` asks.
fn seats(
    site: &Site,
    source: crate::diag::SourceId,
    body: &Body,
    today: Option<Date>,
    out: &mut Vec<Diagnostic>,
) {
    double_seats(site, source, body, out);
    let Some(today) = today else { return };
    unlisted_seats(source, body, out);
    // Per seat, the latest day a term in it begins, and whether someone holds it today: a
    // term that ended with a later one recorded, or with the seat held now, is the body's
    // history, not a stale roster.
    let mut latest: FxHashMap<SeatKey<'_>, Date> = FxHashMap::default();
    let mut held_now: FxHashSet<SeatKey<'_>> = FxHashSet::default();
    for seat in body.seats() {
        if let Some(from) = seat.from {
            let last = latest.entry(seat_key(seat)).or_insert(from.date);
            *last = (*last).max(from.date);
        }
        if !seat.is_vacant() && seat.holds_on(today) {
            held_now.insert(seat_key(seat));
        }
    }
    let followed = |seat: &Seat| {
        held_now.contains(&seat_key(seat))
            || latest
                .get(&seat_key(seat))
                .is_some_and(|&last| seat.from.is_none_or(|from| from.date < last))
    };
    for seat in body.seats() {
        // A term that ends before it begins is reported as such already.
        let reversed =
            seat.from.zip(seat.until).is_some_and(|(from, until)| until.date < from.date);
        if let Some(until) = seat.until
            && until.date < today
            && !reversed
            && !followed(seat)
        {
            let who = holder_name(site, seat).unwrap_or_else(|| "the holder".to_owned());
            out.push(
                Diagnostic::new(
                    Code::TermEnded,
                    source,
                    format!("the term of {who} as {} ended on {}", seat.seat, until.date),
                )
                .at(until.range())
                .label(format!("before {today}"))
                .help(
                    "record who holds the seat now (a new entry with `from:`), extend `until` \
                     if the term was renewed, or remove the entry",
                ),
            );
        }
    }
    let held_by_kind = body.held_by_kind(today);
    for rule in &body.seats {
        let held = held_by_kind.get(rule.seat.as_str()).copied().unwrap_or(0);
        let held = u32::try_from(held).unwrap_or(u32::MAX);
        if let Some(max) = rule.max
            && held > max
        {
            out.push(
                Diagnostic::new(
                    Code::SeatsOverfilled,
                    source,
                    format!(
                        "{held} `{}` seats are held on {today}, where `seats` allows at most {max}",
                        rule.seat
                    ),
                )
                .at(rule.span.clone())
                .label("exceeded")
                .help(format!(
                    "end the terms that are over (`until`), or change `seats` to what the body's \
                     rules say; `{}: {}..` sets no most",
                    rule.seat, rule.min
                )),
            );
        }
        if held >= rule.min {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::SeatsUnfilled,
                source,
                format!(
                    "{held} `{}` seat{} held on {today}, where `seats` asks for {}",
                    rule.seat,
                    if held == 1 { " is" } else { "s are" },
                    rule.wanted()
                ),
            )
            .at(rule.span.clone())
            .label("not met")
            .help(format!(
                "add the current holders under `members` with `seat: {}`, or change `seats` to \
                 what the body's rules say",
                rule.seat
            )),
        );
    }
}

/// The seats of `body` of a kind that `seats` does not name but is close to one: a typo
/// that would leave the seat uncounted.
fn unlisted_seats(source: crate::diag::SourceId, body: &Body, out: &mut Vec<Diagnostic>) {
    for seat in body.seats() {
        let Some(at) = seat.seat_span.clone() else { continue };
        if body.seats.iter().any(|rule| rule.seat == seat.seat) {
            continue;
        }
        let Some(meant) =
            crate::diag::did_you_mean(&seat.seat, body.seats.iter().map(|r| r.seat.as_str()))
        else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::UnlistedSeat,
                source,
                format!("`{}` is no kind of seat that `seats` names", seat.seat),
            )
            .at(at)
            .label("not counted against `seats`")
            .help(format!("did you mean `{meant}`?")),
        );
    }
}

/// A person in two seats of `body` at once; two terms in one seat (its kind, for the same
/// organisation) are a renewal, not two seats. Per holder, their terms in the order they
/// begin (one of no stated start first), each held against the one that runs longest of those
/// begun before it in another seat: a body of thousands of seats takes no longer than sorting
/// them.
fn double_seats(
    site: &Site,
    source: crate::diag::SourceId,
    body: &Body,
    out: &mut Vec<Diagnostic>,
) {
    let mut terms: FxHashMap<Holder<'_>, Vec<&Seat>> = FxHashMap::default();
    for seat in body.seats() {
        if let Some(holder) = holder(seat) {
            terms.entry(holder).or_default().push(seat);
        }
    }
    let ends = |seat: &Seat| seat.until.map_or(Date::MAX, |until| until.date);
    let mut found: Vec<(&Seat, &Seat)> = Vec::new();
    for seats in terms.values_mut() {
        seats.sort_by_key(|seat| seat.from.map(|from| from.date));
        // The term that runs longest so far, and the longest of another seat than its.
        let (mut longest, mut other_seat): (Option<&Seat>, Option<&Seat>) = (None, None);
        for &seat in seats.iter() {
            let against = match longest {
                Some(first) if seat_key(first) != seat_key(seat) => Some(first),
                _ => other_seat,
            };
            if let Some(other) = against
                && overlap(other, seat)
            {
                found.push((other, seat));
            }
            match longest {
                Some(first) if ends(seat) <= ends(first) => {
                    if seat_key(seat) != seat_key(first)
                        && other_seat.is_none_or(|other| ends(seat) > ends(other))
                    {
                        other_seat = Some(seat);
                    }
                }
                _ => {
                    if let Some(first) = longest
                        && seat_key(first) != seat_key(seat)
                    {
                        other_seat = Some(first);
                    }
                    longest = Some(seat);
                }
            }
        }
    }
    found.sort_by_key(|(_, later)| later.span.start);
    for (first, later) in found {
        let who = holder_name(site, later).unwrap_or_default();
        out.push(
            Diagnostic::new(
                Code::DoubleSeat,
                source,
                format!(
                    "{who} holds two seats of this body at once: {} and {}",
                    seat_named(first),
                    seat_named(later)
                ),
            )
            .at(later.span.clone())
            .also(source, first.span.clone(), "the other seat")
            .help("end one term (`until`) before the other begins, or remove one entry"),
        );
    }
}

/// A decision or meeting that lacks what places it in a body's records or on the timeline,
/// and a meeting that lists a decision another body took.
fn records(site: &Site, sources: &Sources, page: &Page, out: &mut Vec<Diagnostic>) {
    let (body, date, body_key, unlisted) = match &page.kind {
        PageKind::Decision(decision) => {
            (&decision.by, decision.date, "by", "no body's decision log lists it")
        }
        PageKind::Meeting(meeting) => {
            (&meeting.of, meeting.date, "of", "no body's page lists it among its meetings")
        }
        _ => return,
    };
    let kind = page.kind.name();
    // What is missing, what that leaves out, and how to give it.
    let mut missing = Vec::new();
    if body.is_none() {
        let took = if kind == "decision" { "took it" } else { "met" };
        missing.push((
            format!("names no body (`{body_key}`)"),
            unlisted.to_owned(),
            format!("the body that {took} as `{body_key}: <id>`"),
        ));
    }
    if date.is_none() {
        missing.push((
            "has no `date`".to_owned(),
            "the timeline leaves it out".to_owned(),
            "the day as `date: YYYY-MM-DD`".to_owned(),
        ));
    }
    if !missing.is_empty() {
        let what: Vec<&str> = missing.iter().map(|(what, _, _)| what.as_str()).collect();
        let effects: Vec<&str> = missing.iter().map(|(_, effect, _)| effect.as_str()).collect();
        let fixes: Vec<&str> = missing.iter().map(|(_, _, fix)| fix.as_str()).collect();
        out.push(
            Diagnostic::new(
                Code::IncompleteRecord,
                page.source,
                format!("the {kind} {}", what.join(" and ")),
            )
            .at(super::unused::where_is(page, sources))
            .label(effects.join("; "))
            .help(format!("give {}", fixes.join(", and "))),
        );
    }
    let PageKind::Meeting(meeting) = &page.kind else { return };
    let Some(of) = meeting.of.as_ref().and_then(|of| of.target) else { return };
    for listed in &meeting.decisions {
        let Some(index) = listed.target else { continue };
        let PageKind::Decision(decision) = &site.pages[index].kind else { continue };
        let Some(by) = decision.by.as_ref().and_then(|by| by.target).filter(|&by| by != of) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::ForeignDecision,
                page.source,
                format!(
                    "the meeting of {} lists `{}`, a decision of {}",
                    site.pages[of].title, listed.id, site.pages[by].title
                ),
            )
            .at(listed.span.clone())
            .label("taken by another body")
            .help(
                "list under `decisions` what this body decided at the meeting, or correct the \
                 decision's `by`",
            ),
        );
    }
}

/// A seat as terms in it are told apart: its kind, and whom it is `for`.
type SeatKey<'a> = (&'a str, Option<&'a str>);

fn seat_key(seat: &Seat) -> SeatKey<'_> {
    (seat.seat.as_str(), seat.represents.as_ref().map(|text| text.value.as_str()))
}

/// A seat in words: its kind, and whom it is for when it says.
fn seat_named(seat: &Seat) -> String {
    match &seat.represents {
        Some(whom) => format!("{} for {}", seat.seat, whom.value),
        None => seat.seat.clone(),
    }
}

/// Who holds a seat, to tell holders apart: a person page, or a name.
fn holder(seat: &Seat) -> Option<Holder<'_>> {
    match (&seat.person, &seat.name) {
        (Some(person), _) => Some(person.target.map_or(Holder::Name(&person.id), Holder::Page)),
        (None, Some(name)) => Some(Holder::Name(&name.value)),
        (None, None) => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Holder<'a> {
    Page(usize),
    Name(&'a str),
}

/// The holder of a seat in words.
fn holder_name(site: &Site, seat: &Seat) -> Option<String> {
    match holder(seat)? {
        Holder::Page(index) => Some(site.pages[index].title.clone()),
        Holder::Name(name) => Some(name.to_owned()),
    }
}

/// Whether two terms share a day.
fn overlap(a: &Seat, b: &Seat) -> bool {
    let starts_before_end = |x: &Seat, y: &Seat| match (x.from, y.until) {
        (Some(from), Some(until)) => from.date <= until.date,
        _ => true,
    };
    starts_before_end(a, b) && starts_before_end(b, a)
}

/// How many must attend for a quorum of `held` seats; `None` for a quorum in words or none.
fn quorum(quorum: Option<&Quorum>, held: usize) -> Option<usize> {
    match quorum? {
        Quorum::Count(count) => usize::try_from(*count).ok(),
        Quorum::Share(top, bottom) => {
            let (top, bottom) = (usize::try_from(*top).ok()?, usize::try_from(*bottom).ok()?);
            Some((held * top).div_ceil(bottom))
        }
        Quorum::Words(_) => None,
    }
}

/// Whether the topics of `body`, or of a body that delegates to it (`delegators`), cover
/// `topic`: the same words, whatever their case.
fn covers(site: &Site, delegators: &[Vec<usize>], body: usize, topic: &str) -> bool {
    std::iter::once(body).chain(delegators[body].iter().copied()).any(|index| {
        let PageKind::Body(decider) = &site.pages[index].kind else { return false };
        decider.decides.iter().any(|t| t.value.trim().to_lowercase() == topic.trim().to_lowercase())
    })
}
