//! The site-wide registers of the governance records: "Who's who" (`people.html`), every
//! person and every body's seats, and the timeline (`timeline.html`) of decisions, meetings,
//! effective dates and terms.
//!
//! Input: the [`crate::model::Site`], the day the render holds for, and the [`Records`]
//! gathered once per render, which say whether the site has either page at all: a site with
//! no person, seat or date spends nothing here. Output: the pages, given to the store.

use tera::Context;

use super::governance::{roster, seat_row, vacancies};
use super::urls::{PEOPLE, TIMELINE};
use super::view::{BodySeatsView, LinkView, PersonRowView, TimelineItemView, TimelineYearView};
use super::{Made, Renderer, Store, Stored, put};
use crate::error::Error;
use crate::model::{PageKind, Seat, Site};

/// The holder of a seat in words, for the timeline.
fn holder_name(site: &Site, seat: &Seat) -> Option<String> {
    match (&seat.person, &seat.name) {
        (Some(person), _) => Some(match person.target {
            Some(page) => site.pages[page].title.clone(),
            None => person.id.clone(),
        }),
        (None, Some(name)) => Some(name.value.clone()),
        (None, None) => None,
    }
}

impl Renderer<'_> {
    /// "Who's who", when the site has a person page or a seat, given to `store`.
    pub(super) fn people_page(&self, stored: &mut Stored, store: Store<'_>) -> Result<(), Error> {
        if !self.records.has_people {
            return Ok(());
        }
        let site = self.site;
        let mut people: Vec<PersonRowView> = Vec::new();
        let mut bodies: Vec<BodySeatsView> = Vec::new();
        for (index, page) in site.pages.iter().enumerate() {
            match &page.kind {
                PageKind::Person(person) => {
                    let seats = self
                        .records
                        .seats_of(site, index)
                        .filter(|(_, seat)| seat.holds_on(self.today))
                        .map(|(body, seat)| seat_row(site, PEOPLE, seat, self.today, Some(body)))
                        .collect();
                    people.push(PersonRowView {
                        link: self.link(PEOPLE, index),
                        affiliation: person.affiliation.as_ref().map(|a| a.value.clone()),
                        seats,
                    });
                }
                PageKind::Body(body) if body.seats().next().is_some() || !body.seats.is_empty() => {
                    bodies.push(BodySeatsView {
                        body: self.link(PEOPLE, index),
                        seats: roster(site, PEOPLE, body, self.today),
                        vacancies: vacancies(
                            body,
                            site.pages[index].lifecycle.in_force(),
                            self.today,
                        ),
                    });
                }
                _ => {}
            }
        }
        people.sort_by_key(|person| person.link.title.to_lowercase());
        bodies.sort_by_key(|body| body.body.title.to_lowercase());
        let mut context = Context::from_serialize(&self.common(String::new(), "", Vec::new()))
            .map_err(|source| Error::Template { name: "people.html".into(), source })?;
        context.insert("people", &people);
        context.insert("bodies", &bodies);
        context.insert("today", &self.today.to_string());
        let page = self.theme.render("people.html", &context)?;
        put(stored, store, PEOPLE.into(), Made::Text(page))
    }

    /// The timeline, newest first and by year, when anything in the site has a date, given to
    /// `store`.
    pub(super) fn timeline_page(&self, stored: &mut Stored, store: Store<'_>) -> Result<(), Error> {
        if !self.records.has_dates {
            return Ok(());
        }
        let site = self.site;
        let title = |index: usize| site.pages[index].title.clone();
        let mut items: Vec<(jiff::civil::Date, TimelineItemView)> = Vec::new();
        let mut push = |date: jiff::civil::Date,
                        what: &'static str,
                        label: &'static str,
                        index: usize,
                        detail: Option<String>| {
            let view = TimelineItemView {
                date: date.to_string(),
                what,
                label,
                link: LinkView::to_page(site, TIMELINE, index),
                detail,
            };
            items.push((date, view));
        };
        for (index, page) in site.pages.iter().enumerate() {
            if let Some(effective) = page.lifecycle.effective {
                push(effective.date, "effective", "In force", index, None);
            }
            match &page.kind {
                PageKind::Decision(decision) => {
                    if let Some(date) = decision.date {
                        let by = decision.by.as_ref().and_then(|r| r.target);
                        push(
                            date.date,
                            "decision",
                            "Decision",
                            index,
                            by.map(|b| format!("by {}", title(b))),
                        );
                    }
                }
                PageKind::Meeting(meeting) => {
                    if let Some(date) = meeting.date {
                        let of = meeting.of.as_ref().and_then(|r| r.target);
                        push(
                            date.date,
                            "meeting",
                            "Meeting",
                            index,
                            of.map(|b| format!("of {}", title(b))),
                        );
                    }
                }
                PageKind::Body(body) => {
                    for seat in body.seats() {
                        let who = holder_name(site, seat).unwrap_or_else(|| "no one".to_owned());
                        let detail = Some(format!("{who}, {}", seat.seat));
                        if let Some(from) = seat.from {
                            push(from.date, "term-start", "Term begins", index, detail.clone());
                        }
                        if let Some(until) = seat.until {
                            push(until.date, "term-end", "Term ends", index, detail);
                        }
                    }
                }
                PageKind::Page
                | PageKind::Role(_)
                | PageKind::Workflow(_)
                | PageKind::Person(_) => {}
            }
        }
        items.sort_by(|(a, x), (b, y)| {
            b.cmp(a)
                .then_with(|| x.link.title.cmp(&y.link.title))
                .then_with(|| x.label.cmp(y.label))
        });
        let mut years: Vec<TimelineYearView> = Vec::new();
        for (date, item) in items {
            match years.last_mut() {
                Some(year) if year.year == date.year() => year.items.push(item),
                _ => years.push(TimelineYearView { year: date.year(), items: vec![item] }),
            }
        }
        let mut context = Context::from_serialize(&self.common(String::new(), "", Vec::new()))
            .map_err(|source| Error::Template { name: "timeline.html".into(), source })?;
        context.insert("years", &years);
        context.insert("today", &self.today.to_string());
        let page = self.theme.render("timeline.html", &context)?;
        put(stored, store, TIMELINE.into(), Made::Text(page))
    }
}
