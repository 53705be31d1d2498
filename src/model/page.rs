//! The typed pages of a site: plain pages, bodies, roles, people, workflows, decisions and
//! meetings.

use std::ops::Range;

use crate::diag::SourceId;

/// A string from the front matter with the byte range it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The text.
    pub value: String,
    /// Where it is in the page's source.
    pub span: Range<usize>,
}

/// A reference by id to another page (or, for `next`, to another step), resolved by the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref {
    /// The id as written.
    pub id: String,
    /// Where it is in the page's source.
    pub span: Range<usize>,
    /// The index of the page (or step) it names, once resolved; `None` when unknown.
    pub target: Option<usize>,
}

/// The two kinds of responsibility the seeds distinguish.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Responsibilities {
    /// Predictable, recurring work.
    pub ongoing: Vec<Text>,
    /// Work that arises case by case.
    pub case_driven: Vec<Text>,
}

impl Responsibilities {
    /// Whether both lists are empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ongoing.is_empty() && self.case_driven.is_empty()
    }
}

/// A calendar date (`YYYY-MM-DD`) from the front matter, with where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateValue {
    /// The date.
    pub date: jiff::civil::Date,
    /// Where it is in the page's source.
    pub span: (usize, usize),
}

impl DateValue {
    /// The calendar date written exactly `YYYY-MM-DD`, as front matter and `--as-of` take it:
    /// no time, no offset, no sign or sixth year digit, and a day the month has.
    #[must_use]
    pub fn parse(text: &str) -> Option<jiff::civil::Date> {
        let well_formed = text.len() == 10
            && text
                .bytes()
                .enumerate()
                .all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        well_formed.then(|| text.parse().ok()).flatten()
    }

    /// Where the date is in the page's source.
    #[must_use]
    pub fn range(&self) -> Range<usize> {
        self.span.0..self.span.1
    }
}

/// One entry of a body's `members`: free text, or a seat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Member {
    /// A member described in words: "Two representatives of scheme operators".
    Text(Text),
    /// A seat, with who holds it and for how long.
    Seat(Box<Seat>),
}

/// A seat of a body and its holder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seat {
    /// The holder's person page, if they have one.
    pub person: Option<Ref>,
    /// The holder's name, for someone without a page.
    pub name: Option<Text>,
    /// The kind of seat: `chair`, `vice-chair`, `member` (the default), `alternate`,
    /// `secretary`, `observer` or any word.
    pub seat: String,
    /// Where `seat` is written, when it is.
    pub seat_span: Option<Range<usize>>,
    /// The organisation or body the seat represents, as written (`for`).
    pub represents: Option<Text>,
    /// The page `represents` names, when it names one.
    pub represents_page: Option<usize>,
    /// When the term began.
    pub from: Option<DateValue>,
    /// When the term ends; after it the seat is vacant.
    pub until: Option<DateValue>,
    /// Who appointed (or, with `elected`, elected) the holder.
    pub appointed_by: Option<Ref>,
    /// Whether `appointed_by` came from `elected_by`.
    pub elected: bool,
    /// Where the entry is in the page's source.
    pub span: Range<usize>,
}

impl Seat {
    /// Whether the term holds on `day`: begun (or of no stated start) and not ended.
    #[must_use]
    pub fn holds_on(&self, day: jiff::civil::Date) -> bool {
        self.from.is_none_or(|from| from.date <= day) && self.until.is_none_or(|u| day <= u.date)
    }

    /// Whether no one holds it: an entry with neither `person` nor `name`.
    #[must_use]
    pub fn is_vacant(&self) -> bool {
        self.person.is_none() && self.name.is_none()
    }
}

/// How many seats of one kind a body should have (`seats`): `chair: 1`, `member: 3..7`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeatRule {
    /// The kind of seat.
    pub seat: String,
    /// The fewest.
    pub min: u32,
    /// The most, if bounded.
    pub max: Option<u32>,
    /// Where the rule is in the page's source.
    pub span: Range<usize>,
}

impl SeatRule {
    /// How many seats it asks for, in words: `1`, `3 to 7`, `at least 2`.
    #[must_use]
    pub fn wanted(&self) -> String {
        match self.max {
            Some(max) if max == self.min => format!("{}", self.min),
            Some(max) => format!("{} to {max}", self.min),
            None => format!("at least {}", self.min),
        }
    }
}

/// How many must be present for a body to decide (`quorum`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Quorum {
    /// A number of members.
    Count(u32),
    /// A share of the seats held: `2/3`.
    Share(u32, u32),
    /// A rule in words, which no check can count.
    Words(String),
}

/// A governance body: an organisational unit drawn in the scheme.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Body {
    /// A short name, e.g. `TAG`.
    pub abbr: Option<String>,
    /// The body this one is part of.
    pub part_of: Option<Ref>,
    /// Who nominates its members.
    pub nominated_by: Vec<Ref>,
    /// Whom it advises.
    pub advises: Vec<Ref>,
    /// Whom it reports to.
    pub reports_to: Vec<Ref>,
    /// Its members: free text or seats.
    pub members: Vec<Member>,
    /// The seats it should have.
    pub seats: Vec<SeatRule>,
    /// The topics it decides: free text or page ids.
    pub decides: Vec<Text>,
    /// The bodies or roles it delegates decisions to.
    pub delegates_to: Vec<Ref>,
    /// How it decides: `consensus`, `majority`… or words.
    pub voting: Option<Text>,
    /// How many must be present for it to decide.
    pub quorum: Option<Quorum>,
    /// When it meets, in words.
    pub meets: Option<Text>,
    /// What it does.
    pub responsibilities: Responsibilities,
}

impl Body {
    /// Its seats, leaving out the members described in words.
    pub fn seats(&self) -> impl Iterator<Item = &Seat> {
        self.members.iter().filter_map(|member| match member {
            Member::Seat(seat) => Some(&**seat),
            Member::Text(_) => None,
        })
    }

    /// Its seats someone holds on `day`.
    pub fn held_on(&self, day: jiff::civil::Date) -> impl Iterator<Item = &Seat> {
        self.seats().filter(move |seat| !seat.is_vacant() && seat.holds_on(day))
    }

    /// How many seats of each kind someone holds on `day`, by kind: one pass over the seats,
    /// however many kinds `seats` names.
    #[must_use]
    pub fn held_by_kind(&self, day: jiff::civil::Date) -> rustc_hash::FxHashMap<&str, usize> {
        let mut held = rustc_hash::FxHashMap::default();
        for seat in self.held_on(day) {
            *held.entry(seat.seat.as_str()).or_insert(0) += 1;
        }
        held
    }

    /// Of `attendees`, how many held a seat on `day`, each counted once however often listed;
    /// and how many seats were held that day.
    #[must_use]
    pub fn attendance(&self, day: jiff::civil::Date, attendees: &[Ref]) -> (usize, usize) {
        let mut held = 0;
        let mut holders = rustc_hash::FxHashSet::default();
        for seat in self.held_on(day) {
            held += 1;
            holders.extend(seat.person.as_ref().and_then(|person| person.target));
        }
        let present: rustc_hash::FxHashSet<usize> = attendees
            .iter()
            .filter_map(|attendee| attendee.target)
            .filter(|person| holders.contains(person))
            .collect();
        (present.len(), held)
    }
}

/// A person who holds seats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    /// The organisation they belong to.
    pub affiliation: Option<Text>,
}

/// A decision taken by a body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decision {
    /// The body that took it.
    pub by: Option<Ref>,
    /// When.
    pub date: Option<DateValue>,
    /// What was decided, in one sentence.
    pub outcome: Option<Text>,
    /// What it is about: one of the topics its body `decides`.
    pub topic: Option<Text>,
    /// The decisions it replaces.
    pub supersedes: Vec<Ref>,
}

/// A meeting of a body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meeting {
    /// The body that met.
    pub of: Option<Ref>,
    /// When.
    pub date: Option<DateValue>,
    /// The people (person ids) present.
    pub attendees: Vec<Ref>,
    /// The decisions taken there.
    pub decisions: Vec<Ref>,
}

/// Where a page stands in its life: `status` and the fields around it, which every page
/// may carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lifecycle {
    /// `draft`, `adopted`, `superseded` or `retired`.
    pub status: Option<Status>,
    /// Where `status` is.
    pub status_span: Option<Range<usize>>,
    /// Since when it holds.
    pub effective: Option<DateValue>,
    /// The page that replaces it.
    pub superseded_by: Option<Ref>,
    /// Earlier names, shown and searchable.
    pub formerly: Vec<Text>,
    /// What the page is based on: links or text.
    pub sources: Vec<Text>,
    /// Questions not yet settled.
    pub open_points: Vec<Text>,
}

impl Lifecycle {
    /// Whether the page is in force: not superseded or retired. A body no longer in force
    /// keeps its last roster as history, with no seat to fill.
    #[must_use]
    pub fn in_force(&self) -> bool {
        !matches!(self.status, Some(Status::Superseded | Status::Retired))
    }
}

/// A page's `status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Being written or discussed.
    Draft,
    /// In force.
    Adopted,
    /// Replaced by another page.
    Superseded,
    /// No longer in force, with no successor.
    Retired,
}

impl Status {
    /// The value as written in front matter.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Adopted => "adopted",
            Status::Superseded => "superseded",
            Status::Retired => "retired",
        }
    }
}

/// A party that acts in workflows without being a body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Role {
    /// The bodies or roles that hold this role.
    pub held_by: Vec<Ref>,
    /// The bodies whose work this role takes part in, without holding a seat in them (an
    /// implementation partner, a local support team).
    pub contributes_to: Vec<Ref>,
    /// What it does.
    pub responsibilities: Responsibilities,
}

/// One step of a workflow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Unique within its workflow; defaults to the slug of the title.
    pub id: String,
    /// Where the id (or, for a default id, the step) is in the source.
    pub id_span: Range<usize>,
    /// What happens.
    pub title: String,
    /// The one actor responsible.
    pub who: Option<Ref>,
    /// The one actor who answers for it (the A of RACI).
    pub accountable: Option<Ref>,
    /// Its trigger or cadence, in words: "each release".
    pub when: Option<Text>,
    /// Actors who help.
    pub support: Vec<Ref>,
    /// Actors who are asked.
    pub consulted: Vec<Ref>,
    /// Actors who are told.
    pub informed: Vec<Ref>,
    /// The steps that follow; empty means "the next step in the list". Targets are step indexes.
    pub next: Vec<Ref>,
    /// Inline Markdown.
    pub description: Option<Text>,
}

/// How an actor takes part in a workflow step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// The step's `who`: the one actor responsible.
    Responsible,
    /// The step's `accountable`: the one actor who answers for it.
    Accountable,
    /// Named in `support`.
    Supports,
    /// Named in `consulted`.
    Consulted,
    /// Named in `informed`.
    Informed,
}

impl Step {
    /// Every actor the step names, with how it takes part: `who` first, then `accountable`,
    /// `support`, `consulted` and `informed`, each in the order written.
    pub fn actors(&self) -> impl Iterator<Item = (Part, &Ref)> {
        let who = self.who.iter().map(|r| (Part::Responsible, r));
        let who = who.chain(self.accountable.iter().map(|r| (Part::Accountable, r)));
        let support = self.support.iter().map(|r| (Part::Supports, r));
        let consulted = self.consulted.iter().map(|r| (Part::Consulted, r));
        let informed = self.informed.iter().map(|r| (Part::Informed, r));
        who.chain(support).chain(consulted).chain(informed)
    }
}

/// A process flow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Workflow {
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Where the `steps` key is; `None` when the page has none.
    pub steps_span: Option<Range<usize>>,
}

impl Workflow {
    /// The anchor of each step's row on the workflow's page: `step-` and the step id, with
    /// `-1`, `-2`… for a repeated id, so that every row has one of its own.
    #[must_use]
    pub fn step_anchors(&self) -> Vec<String> {
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        self.steps
            .iter()
            .map(|step| {
                let count = seen.entry(step.id.as_str()).or_insert(0);
                *count += 1;
                match *count {
                    1 => format!("step-{}", step.id),
                    n => format!("step-{}-{}", step.id, n - 1),
                }
            })
            .collect()
    }
}

/// What a page describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// A free wiki page.
    Page,
    /// A governance body; boxed, as it has many fields and most pages are no body.
    Body(Box<Body>),
    /// A party in workflows.
    Role(Role),
    /// A process flow.
    Workflow(Workflow),
    /// A person who holds seats.
    Person(Person),
    /// A decision taken by a body.
    Decision(Decision),
    /// A meeting of a body.
    Meeting(Meeting),
}

impl PageKind {
    /// The name used in front matter: `page`, `body`, `role`, `workflow`, `person`,
    /// `decision` or `meeting`.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            PageKind::Page => "page",
            PageKind::Body(_) => "body",
            PageKind::Role(_) => "role",
            PageKind::Workflow(_) => "workflow",
            PageKind::Person(_) => "person",
            PageKind::Decision(_) => "decision",
            PageKind::Meeting(_) => "meeting",
        }
    }

    /// The kind in words, with an article: `a plain page`, `a body`, `a role`…
    #[must_use]
    pub fn describe(&self) -> &'static str {
        match self {
            PageKind::Page => "a plain page",
            PageKind::Body(_) => "a body",
            PageKind::Role(_) => "a role",
            PageKind::Workflow(_) => "a workflow",
            PageKind::Person(_) => "a person",
            PageKind::Decision(_) => "a decision",
            PageKind::Meeting(_) => "a meeting",
        }
    }

    /// Whether pages of this kind can act in workflows: bodies and roles.
    #[must_use]
    pub fn is_actor(&self) -> bool {
        matches!(self, PageKind::Body(_) | PageKind::Role(_))
    }
}

/// One page of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// The file it came from.
    pub source: SourceId,
    /// The id, unique across the site.
    pub id: String,
    /// Where an explicit `id:` value is; `None` when the id comes from the file name.
    pub id_span: Option<Range<usize>>,
    /// The path relative to `content/`, with `/` separators.
    pub path: String,
    /// The output path relative to the site root, e.g. `bodies/tag/index.html`.
    pub url: String,
    /// The title.
    pub title: String,
    /// Where the title's value is; `None` for a page without a valid title.
    pub title_span: Option<Range<usize>>,
    /// Whether the page has front matter: a page written for a wiki, not only for GitHub.
    pub front_matter: bool,
    /// Whether the title is the page's own first level-1 heading, which the page shows
    /// itself, so that the theme does not show it twice.
    pub title_in_content: bool,
    /// One sentence shown under the title and in lists.
    pub summary: Option<String>,
    /// Free-form labels.
    pub labels: Vec<String>,
    /// The sort key among siblings; pages without one come after, by title.
    pub order: Option<i64>,
    /// Earlier paths of the page (`aliases`, `redirect_from`), each published as a page that
    /// sends the reader on.
    pub aliases: Vec<Text>,
    /// `draft: true`: a page `build` and `check` leave out, shown by `serve` with a banner.
    pub draft: bool,
    /// The keys of other tools that govwiki accepts without a meaning of its own (`date`,
    /// `layout`, `params`…), for templates to use as `page.meta`.
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// What the page describes.
    pub kind: PageKind,
    /// Where the page stands in its life, and what it is based on.
    pub lifecycle: Lifecycle,
    /// Where the Markdown body starts in the source; it runs to the end of the text. So an
    /// edit of the body alone leaves the page as it was.
    pub markdown: usize,
    /// Whether loading failed; such pages exist only so that references to them resolve.
    pub broken: bool,
    /// The page's versions from git, newest first; empty outside git or with history off.
    pub versions: Vec<crate::history::Version>,
}
