//! What templates see: plain, serializable views of the model, with every URL already made
//! relative to the page being rendered and every Markdown text already rendered to HTML.
//! Templates never compute links, so a theme cannot break the relative-link guarantee.

use serde::Serialize;

use super::reading::Block;
use super::urls::relative;
use crate::model::{PageKind, Site};

/// A heading of a rendered page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The anchor.
    pub id: String,
    /// The heading's text, without markup.
    pub text: String,
}

/// The site as a whole.
#[derive(Debug, Serialize)]
pub(super) struct SiteView<'a> {
    /// `title` from `govwiki.yaml`.
    pub title: &'a str,
    /// `description` from `govwiki.yaml`.
    pub description: Option<&'a str>,
    /// The relative URL of the organisational scheme page; `None` when the site has no bodies.
    pub scheme: Option<String>,
    /// The relative URL of the scheme alone, as an SVG file: shown on the home page, and
    /// opened at full size; `None` when the site has no bodies.
    pub scheme_image: Option<String>,
    /// The relative URL of the responsibility matrix; `None` when no workflow has steps.
    pub matrix: Option<String>,
    /// The relative URL of the page that lists every label; `None` when no page has one.
    pub labels: Option<String>,
    /// The relative URL of the page of recent changes; `None` without page history.
    pub changes: Option<String>,
    /// The relative URL of the "Who's who" page; `None` when the site has no person page
    /// and no seat.
    pub people: Option<String>,
    /// The relative URL of the timeline; `None` when nothing in the site has a date.
    pub timeline: Option<String>,
}

/// From how many headings a page lists them "On this page": fewer are seen at a glance.
pub(super) const CONTENTS_FROM: usize = 3;

/// The headings of a page's list "On this page": its second- and third-level headings, when
/// there are at least [`CONTENTS_FROM`].
pub(super) fn contents(headings: &[Heading]) -> Vec<Heading> {
    let listed: Vec<Heading> =
        headings.iter().filter(|h| matches!(h.level, 2 | 3)).cloned().collect();
    if listed.len() >= CONTENTS_FROM { listed } else { Vec::new() }
}

/// A link to a page.
#[derive(Clone, Debug, Serialize)]
pub(super) struct LinkView {
    /// The page's title, or a folder's name.
    pub title: String,
    /// The relative URL; `None` for a folder without its own page.
    pub href: Option<String>,
    /// A body's short name.
    pub abbr: Option<String>,
    /// The page's kind.
    pub kind: &'static str,
}

impl LinkView {
    /// The link from output file `from` to page `to`: its title, relative URL, kind, and a
    /// body's short name.
    pub(super) fn to_page(site: &Site, from: &str, to: usize) -> LinkView {
        let page = &site.pages[to];
        LinkView {
            title: page.title.clone(),
            href: Some(relative(from, &page.url)),
            abbr: match &page.kind {
                PageKind::Body(body) => body.abbr.clone(),
                _ => None,
            },
            kind: page.kind.name(),
        }
    }
}

/// An entry of the page tree in the sidebar.
#[derive(Debug, Serialize)]
pub(super) struct NavItem {
    /// The link, from the site root.
    pub link: LinkView,
    /// The entries below it.
    pub children: Vec<NavItem>,
}

/// A list of related pages under a heading, e.g. "Part of".
#[derive(Debug, Serialize)]
pub(super) struct RelationView {
    /// What the relation is, as shown.
    pub label: &'static str,
    /// The pages.
    pub links: Vec<LinkView>,
}

/// Responsibilities, as HTML.
#[derive(Debug, Serialize)]
pub(super) struct ResponsibilitiesView {
    /// Ongoing responsibilities.
    pub ongoing: Vec<String>,
    /// Case-driven responsibilities.
    pub case_driven: Vec<String>,
}

/// A workflow step, as a table row.
#[derive(Debug, Serialize)]
pub(super) struct StepView {
    /// 1-based position.
    pub number: usize,
    /// The row's anchor: `step-` and the step id.
    pub anchor: String,
    /// The title.
    pub title: String,
    /// The description, as HTML.
    pub description: Option<String>,
    /// The responsible actor.
    pub who: Option<LinkView>,
    /// The actor who answers for it.
    pub accountable: Option<LinkView>,
    /// Its trigger or cadence, in words.
    pub when: Option<String>,
    /// Supporting actors.
    pub support: Vec<LinkView>,
    /// Consulted actors.
    pub consulted: Vec<LinkView>,
    /// Informed actors.
    pub informed: Vec<LinkView>,
    /// The following steps, linked by anchor, when not simply the next row.
    pub next: Vec<LinkView>,
}

/// The page being rendered.
#[derive(Debug, Serialize)]
pub(super) struct PageView<'a> {
    /// The id.
    pub id: &'a str,
    /// The title.
    pub title: &'a str,
    /// Whether the content shows the title itself, as its first level-1 heading.
    pub title_in_content: bool,
    /// The summary.
    pub summary: Option<&'a str>,
    /// `page`, `body`, `role`, `workflow`, `person`, `decision` or `meeting`.
    pub kind: &'static str,
    /// Whether the page is a draft, which only the preview shows.
    pub draft: bool,
    /// The keys of other tools that the front matter carries (`date`, `params`…).
    pub meta: &'a serde_json::Map<String, serde_json::Value>,
    /// Labels, each linked to its label page.
    pub labels: Vec<LabelView>,
    /// The Markdown body, as HTML.
    pub content: String,
    /// The headings of the body.
    pub headings: Vec<Heading>,
    /// The list "On this page": the body's second- and third-level headings, when there are
    /// at least [`CONTENTS_FROM`] of them; else empty.
    pub contents: Vec<Heading>,
    /// The source file, relative to the site root.
    pub source: &'a str,
    /// Where the source file is edited, when the settings name the repository.
    pub edit: Option<String>,
    /// A body's short name.
    pub abbr: Option<&'a str>,
    /// A body's members.
    pub members: Vec<&'a str>,
    /// Relations to and from other pages.
    pub relations: Vec<RelationView>,
    /// A body's or role's responsibilities.
    pub responsibilities: Option<ResponsibilitiesView>,
    /// A workflow's steps.
    pub steps: Vec<StepView>,
    /// Whether any step has `consulted` or `informed`, so the table shows those columns.
    pub has_consulted_informed: bool,
    /// Whether any step has an explicit `next`, so the table shows that column.
    pub has_next: bool,
    /// Whether any step has `accountable`, so the table shows that column.
    pub has_accountable: bool,
    /// Where the page stands in its life, and what it is based on.
    pub lifecycle: LifecycleView,
    /// A body's roster, decision rights, decisions and meetings.
    pub records: Option<BodyRecordsView>,
    /// A person page's affiliation and seats.
    pub person: Option<PersonView>,
    /// A decision page's facts.
    pub decision: Option<DecisionView>,
    /// A meeting page's facts.
    pub meeting: Option<MeetingView>,
    /// A generated diagram (SVG markup): a body's or role's neighbourhood in the scheme, or a
    /// workflow's swimlanes.
    pub diagram: Option<String>,
    /// A body's or role's steps in the workflows, by workflow.
    pub involvement: Vec<InvolvementView>,
    /// The actors that share workflow steps with a role that no relation places in the
    /// scheme, the most shared first.
    pub works_with: Vec<LinkView>,
    /// When the page last changed, from git: date and author.
    pub updated: Option<UpdatedView>,
    /// The pages that link to this one or name it.
    pub referenced_by: Vec<LinkView>,
    /// A workflow's own responsibility matrix.
    pub matrix: Option<MatrixView>,
    /// The page before this one in the page tree.
    pub previous: Option<LinkView>,
    /// The page after this one in the page tree.
    pub next: Option<LinkView>,
}

/// An actor's steps in one workflow.
#[derive(Debug, Serialize)]
pub(super) struct InvolvementView {
    /// The workflow.
    pub workflow: LinkView,
    /// The steps, in workflow order.
    pub steps: Vec<StepPartView>,
}

/// One step an actor takes part in, and how.
#[derive(Debug, Serialize)]
pub(super) struct StepPartView {
    /// `owns`, `supports`, `consulted` or `informed`, for styling.
    pub part: &'static str,
    /// How, in words: `Owns`, `Supports`, `Consulted on`, `Informed of`.
    pub label: &'static str,
    /// The step, linked to its row on the workflow's page.
    pub link: LinkView,
}

/// A responsibility matrix: actors × steps, grouped by workflow.
#[derive(Debug, Serialize)]
pub(super) struct MatrixView {
    /// The workflows, each with its steps: the column headers.
    pub groups: Vec<MatrixGroupView>,
    /// One row per actor.
    pub rows: Vec<MatrixRowView>,
}

/// A workflow's columns.
#[derive(Debug, Serialize)]
pub(super) struct MatrixGroupView {
    /// The workflow.
    pub workflow: LinkView,
    /// Its steps.
    pub steps: Vec<MatrixStepView>,
}

/// A step's column header.
#[derive(Debug, Serialize)]
pub(super) struct MatrixStepView {
    /// 1-based position in its workflow.
    pub number: usize,
    /// The title.
    pub title: String,
    /// The step's row on its workflow page.
    pub href: String,
}

/// An actor's row.
#[derive(Debug, Serialize)]
pub(super) struct MatrixRowView {
    /// The actor.
    pub actor: LinkView,
    /// One cell per column; `None` where the actor has no part in the step.
    pub cells: Vec<Option<MatrixCellView>>,
}

/// A cell: how the actor takes part in the step.
#[derive(Debug, Serialize)]
pub(super) struct MatrixCellView {
    /// `R`, `A`, `S`, `C`, `I`, or several of them.
    pub letters: String,
    /// The same in words, for the tooltip.
    pub title: String,
    /// The step's row on its workflow page.
    pub href: String,
}

/// A label, linked to the page that lists every page with it.
#[derive(Debug, Serialize)]
pub(super) struct LabelView {
    /// The label.
    pub name: String,
    /// The relative URL of its page.
    pub href: String,
}

/// A page listed on a label page.
#[derive(Debug, Serialize)]
pub(super) struct LabelledView {
    /// The page.
    pub link: LinkView,
    /// Its summary.
    pub summary: Option<String>,
}

/// One change of one page, on the page of recent changes.
#[derive(Debug, Serialize)]
pub(super) struct ChangeView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Who made the change.
    pub author: String,
    /// The first line of the commit message.
    pub message: String,
    /// The page changed.
    pub link: LinkView,
    /// Its history page.
    pub history: String,
}

/// When a page last changed.
#[derive(Debug, Serialize)]
pub(super) struct UpdatedView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Who made the change.
    pub author: String,
    /// The relative URL of the page's history.
    pub history: String,
}

/// A page's history.
#[derive(Debug, Serialize)]
pub(super) struct HistoryView {
    /// Its versions, newest first.
    pub versions: Vec<VersionView>,
}

/// One version, with what changed against the one before.
#[derive(Debug, Serialize)]
pub(super) struct VersionView {
    /// The commit, abbreviated.
    pub commit: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Who made it.
    pub author: String,
    /// The first line of the commit message.
    pub message: String,
    /// Whether it is the first version kept (compared with nothing).
    pub first: bool,
    /// Blocks of text a reader sees added.
    pub added: usize,
    /// Blocks of text a reader sees removed.
    pub removed: usize,
    /// The changed blocks of text with some context.
    pub lines: Vec<ReadingLineView>,
    /// The front matter keys, besides the title and summary, whose values changed.
    pub fields: Vec<String>,
    /// Lines of the source added.
    pub source_added: usize,
    /// Lines of the source removed.
    pub source_removed: usize,
    /// The changed lines of the source with some context.
    pub source_lines: Vec<DiffLineView>,
}

/// A block of text of a comparison, as a reader sees it.
#[derive(Debug, Serialize)]
pub(super) struct ReadingLineView {
    /// `added`, `removed`, `same`, or `gap` between two changed places.
    pub kind: &'static str,
    /// What the block is: `title`, `summary`, `heading`, `paragraph`, `item`, `row`, `code`;
    /// empty for a gap.
    pub block: &'static str,
    /// Its text, in runs of words either changed (marked) or not.
    pub parts: Vec<PartView>,
}

impl ReadingLineView {
    /// `block`, all of it unmarked.
    pub(super) fn whole(kind: &'static str, block: &Block) -> Self {
        let parts = vec![PartView { text: block.text.clone(), marked: false }];
        ReadingLineView { kind, block: block.kind.name(), parts }
    }

    /// `block`, shown as `parts`.
    pub(super) fn marked(kind: &'static str, block: &Block, parts: Vec<PartView>) -> Self {
        ReadingLineView { kind, block: block.kind.name(), parts }
    }

    /// The gap between two changed places.
    pub(super) fn gap() -> Self {
        let parts = vec![PartView { text: "…".into(), marked: false }];
        ReadingLineView { kind: "gap", block: "", parts }
    }
}

/// A run of words of a block.
#[derive(Debug, Serialize)]
pub(super) struct PartView {
    /// The words, with the spaces between them.
    pub text: String,
    /// Whether they changed: added, in an added block; removed, in a removed one.
    pub marked: bool,
}

/// A line of a comparison.
#[derive(Debug, Serialize)]
pub(super) struct DiffLineView {
    /// `added`, `removed`, `same`, or `gap` between two changed places.
    pub kind: &'static str,
    /// The line.
    pub text: String,
}

/// Where a page stands in its life: its status, since when it holds, what replaced it, its
/// earlier names, and what it is based on.
#[derive(Debug, Default, Serialize)]
pub(super) struct LifecycleView {
    /// `draft`, `adopted`, `superseded` or `retired`.
    pub status: Option<&'static str>,
    /// Since when it holds, `YYYY-MM-DD`.
    pub effective: Option<String>,
    /// `superseded` or `retired` when the page is no longer in force, for its banner.
    pub banner: Option<&'static str>,
    /// The page that replaces it (`superseded_by`).
    pub successor: Option<LinkView>,
    /// Its earlier names.
    pub formerly: Vec<String>,
    /// What it is based on, as HTML.
    pub sources: Vec<String>,
    /// The questions not yet settled, as HTML.
    pub open_points: Vec<String>,
}

/// A seat and its holder, as a row of a roster.
#[derive(Debug, Serialize)]
pub(super) struct SeatRowView {
    /// The body, on the pages that list the seats of several.
    pub body: Option<LinkView>,
    /// The kind of seat: `chair`, `member`…
    pub seat: String,
    /// The holder: their person page, or their name (no `href`).
    pub holder: Option<LinkView>,
    /// The organisation the seat represents: its page, or its name.
    pub represents: Option<LinkView>,
    /// The term, in words: `2024-01-01 – 2025-12-31`, `since 2024-01-01`.
    pub term: String,
    /// Who appointed or elected the holder.
    pub appointed_by: Option<LinkView>,
    /// Whether `appointed_by` elected rather than appointed.
    pub elected: bool,
    /// `current`, `ended` or `upcoming` as of the build's day, for styling.
    pub state: &'static str,
    /// The same in words: `current`, `ended`, `not yet begun`.
    pub state_label: &'static str,
}

/// A decision, as a row of a decision log or the timeline.
#[derive(Debug, Serialize)]
pub(super) struct DecisionRowView {
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The decision's page.
    pub link: LinkView,
    /// What it is about.
    pub topic: Option<String>,
    /// What was decided.
    pub outcome: Option<String>,
}

/// A meeting, as a row of a body's meetings.
#[derive(Debug, Serialize)]
pub(super) struct MeetingRowView {
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The meeting's page.
    pub link: LinkView,
    /// How many attendees held a seat of the body on the day, of how many seats were held:
    /// `2 of 3 seats held`; `None` for a meeting of no stated day.
    pub attendance: Option<String>,
}

/// A body's seats, decision rights and records.
#[derive(Debug, Default, Serialize)]
pub(super) struct BodyRecordsView {
    /// Its seats, the current ones first.
    pub roster: Vec<SeatRowView>,
    /// What `seats` asks for, in words: `1 chair`, `3 to 7 member`.
    pub seats_wanted: Vec<String>,
    /// The seats unfilled as of the build's day: `1 chair seat vacant`.
    pub vacancies: Vec<String>,
    /// The topics it decides: their pages, or the words.
    pub decides: Vec<LinkView>,
    /// Whom it delegates decisions to.
    pub delegates_to: Vec<LinkView>,
    /// How it decides, in words.
    pub voting: Option<String>,
    /// How many must be present, in words.
    pub quorum: Option<String>,
    /// When it meets.
    pub meets: Option<String>,
    /// Its decisions, newest first.
    pub decisions: Vec<DecisionRowView>,
    /// Its meetings, newest first.
    pub meetings: Vec<MeetingRowView>,
    /// Whether any decision right is stated, for the section that shows them.
    pub has_rights: bool,
}

/// A person page's facts.
#[derive(Debug, Serialize)]
pub(super) struct PersonView {
    /// The organisation they belong to.
    pub affiliation: Option<String>,
    /// Every seat they hold or held, in every body, newest first.
    pub seats: Vec<SeatRowView>,
}

/// A decision page's facts.
#[derive(Debug, Serialize)]
pub(super) struct DecisionView {
    /// The body that took it.
    pub by: Option<LinkView>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// What it is about.
    pub topic: Option<String>,
    /// What was decided.
    pub outcome: Option<String>,
    /// The decisions it replaces.
    pub supersedes: Vec<LinkView>,
    /// The decisions that replace it.
    pub superseded_by: Vec<LinkView>,
}

/// A meeting page's facts.
#[derive(Debug, Serialize)]
pub(super) struct MeetingView {
    /// The body that met.
    pub of: Option<LinkView>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The people present.
    pub attendees: Vec<LinkView>,
    /// The decisions taken.
    pub decisions: Vec<LinkView>,
}

/// A person on the "Who's who" page.
#[derive(Debug, Serialize)]
pub(super) struct PersonRowView {
    /// Their page.
    pub link: LinkView,
    /// Their organisation.
    pub affiliation: Option<String>,
    /// The seats they hold as of the build's day.
    pub seats: Vec<SeatRowView>,
}

/// A body's seats on the "Who's who" page.
#[derive(Debug, Serialize)]
pub(super) struct BodySeatsView {
    /// The body.
    pub body: LinkView,
    /// Its seats, the current ones first.
    pub seats: Vec<SeatRowView>,
    /// Its unfilled seats: `1 chair seat vacant`.
    pub vacancies: Vec<String>,
}

/// One dated entry of the timeline.
#[derive(Debug, Serialize)]
pub(super) struct TimelineItemView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// What happened, for styling: `decision`, `meeting`, `effective`, `term-start`,
    /// `term-end`.
    pub what: &'static str,
    /// The same in words: `Decision`, `Meeting`, `In force`, `Term begins`, `Term ends`.
    pub label: &'static str,
    /// The page it happened on.
    pub link: LinkView,
    /// More in words: the body of a decision, the holder and seat of a term.
    pub detail: Option<String>,
}

/// The timeline's entries of one year.
#[derive(Debug, Serialize)]
pub(super) struct TimelineYearView {
    /// The year.
    pub year: i16,
    /// Its entries, newest first.
    pub items: Vec<TimelineItemView>,
}
