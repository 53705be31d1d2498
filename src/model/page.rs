//! The typed pages of a site: plain pages, bodies, roles and workflows.

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
    /// Its members, as free text.
    pub members: Vec<Text>,
    /// What it does.
    pub responsibilities: Responsibilities,
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
    /// Named in `support`.
    Supports,
    /// Named in `consulted`.
    Consulted,
    /// Named in `informed`.
    Informed,
}

impl Step {
    /// Every actor the step names, with how it takes part: `who` first, then `support`,
    /// `consulted` and `informed`, each in the order written.
    pub fn actors(&self) -> impl Iterator<Item = (Part, &Ref)> {
        let who = self.who.iter().map(|r| (Part::Responsible, r));
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
    /// A governance body.
    Body(Body),
    /// A party in workflows.
    Role(Role),
    /// A process flow.
    Workflow(Workflow),
}

impl PageKind {
    /// The name used in front matter: `page`, `body`, `role` or `workflow`.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            PageKind::Page => "page",
            PageKind::Body(_) => "body",
            PageKind::Role(_) => "role",
            PageKind::Workflow(_) => "workflow",
        }
    }

    /// The kind in words, with an article: `a plain page`, `a body`, `a role`, `a workflow`.
    #[must_use]
    pub fn describe(&self) -> &'static str {
        match self {
            PageKind::Page => "a plain page",
            PageKind::Body(_) => "a body",
            PageKind::Role(_) => "a role",
            PageKind::Workflow(_) => "a workflow",
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
    /// Where the Markdown body starts in the source; it runs to the end of the text. So an
    /// edit of the body alone leaves the page as it was.
    pub markdown: usize,
    /// Whether loading failed; such pages exist only so that references to them resolve.
    pub broken: bool,
    /// The page's versions from git, newest first; empty outside git or with history off.
    pub versions: Vec<crate::history::Version>,
}
