//! Stage 2, MODEL: loaded pages → a typed, cross-referenced [`Site`].
//!
//! Input: [`crate::load::Loaded`]. Output: the [`Site`] (pages with their kinds, ids, output
//! paths and resolved references, and the page tree) and the diagnostics found on the way:
//! field problems, bad and duplicate ids, and references to pages that do not exist.

mod build;
mod fields;
pub mod id;
mod page;
pub mod title;
mod tree;

use rustc_hash::FxHashMap;

pub use build::build;
pub use page::{
    Body, DateValue, Decision, Lifecycle, Meeting, Member, Page, PageKind, Part, Person, Quorum,
    Ref, Responsibilities, Role, Seat, SeatRule, Status, Step, Text, Workflow,
};
pub use tree::TreeNode;

/// A whole wiki, ready to render.
#[derive(Debug)]
pub struct Site {
    /// Every page, in path order.
    pub pages: Vec<Page>,
    /// Page index by id.
    pub by_id: FxHashMap<String, usize>,
    /// Page index by path relative to `content/`, for the links between pages' files.
    pub by_path: FxHashMap<String, usize>,
    /// Page indices sorted by output path (`url`), for the checks that walk the pages beside
    /// the sorted output files.
    pub by_url: Vec<usize>,
    /// The folders and pages, sorted for display.
    pub tree: TreeNode,
    /// For each page, the relations other pages declare towards it: (relation, from page).
    pub incoming: Vec<Vec<(Relation, usize)>>,
    /// For each page, the workflow steps it takes part in as an actor: (workflow, step, part),
    /// sorted, without repeats.
    pub involved: Vec<Vec<(usize, usize, Part)>>,
    /// The pages marked `draft: true` that the site leaves out, so that a link or reference
    /// to one can say why it finds no page.
    pub drafts: Vec<Draft>,
}

/// A page marked `draft: true`, left out of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// Its path relative to the content folder.
    pub path: String,
    /// The id it would have.
    pub id: String,
}

impl Draft {
    /// The help of a finding about a link or reference to this draft.
    #[must_use]
    pub fn help(&self) -> String {
        format!(
            "`{}` is a draft (`draft: true`), which `build` and `check` leave out: publish it by \
             removing `draft: true`, or build with `--drafts`",
            self.path
        )
    }
}

/// A relation between two pages, as declared in a body's or role's front matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// `part_of`: a body is part of another.
    PartOf,
    /// `nominated_by`: a body's members are nominated by another actor.
    NominatedBy,
    /// `advises`: a body advises another actor.
    Advises,
    /// `reports_to`: a body reports to another actor.
    ReportsTo,
    /// `delegates_to`: a body hands decisions to another actor.
    DelegatesTo,
    /// `held_by`: a role is held by a body or another role.
    HeldBy,
    /// `contributes_to`: a role takes part in a body's work.
    ContributesTo,
}

impl Relation {
    /// The relation as the front matter states it, between the page that declares it and the
    /// page it names: "Technical Advisory Group *is nominated by* Steering Group".
    #[must_use]
    pub fn phrase(self) -> &'static str {
        match self {
            Relation::PartOf => "is part of",
            Relation::NominatedBy => "is nominated by",
            Relation::Advises => "advises",
            Relation::ReportsTo => "reports to",
            Relation::DelegatesTo => "delegates to",
            Relation::HeldBy => "is held by",
            Relation::ContributesTo => "contributes to",
        }
    }

    /// The front matter key.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Relation::PartOf => "part_of",
            Relation::NominatedBy => "nominated_by",
            Relation::Advises => "advises",
            Relation::ReportsTo => "reports_to",
            Relation::DelegatesTo => "delegates_to",
            Relation::HeldBy => "held_by",
            Relation::ContributesTo => "contributes_to",
        }
    }
}

impl PageKind {
    /// Every relation this page declares, in front matter order of the keys.
    pub fn relations(&self) -> impl Iterator<Item = (Relation, &Ref)> {
        let (body, role) = match self {
            PageKind::Body(body) => (Some(body), None),
            PageKind::Role(role) => (None, Some(role)),
            _ => (None, None),
        };
        let body_relations = body.into_iter().flat_map(|body| {
            let part_of = body.part_of.iter().map(|r| (Relation::PartOf, r));
            let nominated = body.nominated_by.iter().map(|r| (Relation::NominatedBy, r));
            let advises = body.advises.iter().map(|r| (Relation::Advises, r));
            let reports = body.reports_to.iter().map(|r| (Relation::ReportsTo, r));
            let delegates = body.delegates_to.iter().map(|r| (Relation::DelegatesTo, r));
            part_of.chain(nominated).chain(advises).chain(reports).chain(delegates)
        });
        let role_relations = role.into_iter().flat_map(|role| {
            let held = role.held_by.iter().map(|r| (Relation::HeldBy, r));
            held.chain(role.contributes_to.iter().map(|r| (Relation::ContributesTo, r)))
        });
        body_relations.chain(role_relations)
    }
}

impl Page {
    /// Every reference of the front matter besides the relations and the steps' actors: the
    /// holders of seats and who appointed them, a decision's body and the decisions it
    /// replaces, a meeting's body, attendees and decisions, and the page's successor. Each is
    /// shown on the pages at both its ends.
    #[must_use]
    pub fn references(&self) -> Vec<&Ref> {
        let mut references: Vec<&Ref> = self.lifecycle.superseded_by.iter().collect();
        match &self.kind {
            PageKind::Body(body) => {
                for seat in body.seats() {
                    references.extend(seat.person.iter().chain(&seat.appointed_by));
                }
            }
            PageKind::Decision(decision) => {
                references.extend(decision.by.iter().chain(&decision.supersedes));
            }
            PageKind::Meeting(meeting) => {
                references
                    .extend(meeting.of.iter().chain(&meeting.attendees).chain(&meeting.decisions));
            }
            _ => {}
        }
        references
    }
}

impl Site {
    /// The pages that declare `relation` towards page `index`, sorted by order and title.
    #[must_use]
    pub fn incoming(&self, index: usize, relation: Relation) -> Vec<usize> {
        let mut from: Vec<usize> = self.incoming[index]
            .iter()
            .filter(|(r, _)| *r == relation)
            .map(|&(_, from)| from)
            .collect();
        from.sort_by_key(|&i| (self.pages[i].order.unwrap_or(i64::MAX), &self.pages[i].title));
        from
    }

    /// The draft left out at `path` (relative to the content folder).
    #[must_use]
    pub fn draft_at(&self, path: &str) -> Option<&Draft> {
        self.drafts.iter().find(|draft| draft.path == path)
    }

    /// The draft left out that would have `id`.
    #[must_use]
    pub fn draft_named(&self, id: &str) -> Option<&Draft> {
        self.drafts.iter().find(|draft| draft.id == id)
    }

    /// The page with `id`.
    #[must_use]
    pub fn page(&self, id: &str) -> Option<&Page> {
        self.by_id.get(id).map(|&index| &self.pages[index])
    }
}
