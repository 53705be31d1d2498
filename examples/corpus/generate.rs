//! The core of the corpus generator: writes a complete, deterministic govwiki site of any size.
//!
//! Shared by `examples/corpus.rs` (the command) and `benches/stages.rs` (which generates the
//! sites it measures), both of which include this file with `#[path]`.
//!
//! Input: a page count, a seed and an empty output folder. Output: `govwiki.yaml` and
//! `content/` with nested section and topic folders (each with its own `index.md`), about 10%
//! bodies, 10% roles, 5% workflows and plain pages for the rest. The same arguments always
//! give byte-identical files: the only source of randomness is a splitmix64 generator seeded
//! by the caller, and nothing is iterated in hash order.
//!
//! Invariants the generated site keeps, so that `govwiki check --deny-warnings` passes:
//! - every file stem (page id) and every folder that has an `index.md` is unique;
//! - every page is listed by its folder's index page (the home page by nobody, which is fine);
//! - `part_of` forms a forest of depth at most 4, since a body's parent is always an earlier
//!   body; every body has at least one relation to another body or role;
//! - every body and role has responsibilities;
//! - every workflow step follows its predecessor: a step's `next` always includes the step
//!   after it, so branches and loops never make a step unreachable;
//! - every `#anchor` names a heading the target page really has, computed with GitHub's
//!   anchor rule (`docs/content.md`), and headings never reuse an `id` the theme puts on the
//!   page.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// What [`generate`] wrote.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Written {
    /// The number of pages (`.md` files).
    pub(crate) pages: usize,
    /// The bytes written, settings included.
    pub(crate) bytes: u64,
}

/// Writes a site of `pages` pages into `out`, which must not exist or be empty.
///
/// # Errors
///
/// `pages` is below 10, `out` is not empty, or a file cannot be written.
pub(crate) fn generate(out: &Path, pages: usize, seed: u64) -> io::Result<Written> {
    if pages < 10 {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "--pages must be at least 10"));
    }
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("`{}` exists and is not empty", out.display()),
        ));
    }
    let mut corpus = Corpus::plan(pages, seed);
    let config = format!(
        "title: \"Generated governance wiki ({pages} pages, seed {seed})\"\n\
         description: \"A synthetic wiki for tests and benchmarks.\"\n"
    );
    fs::create_dir_all(out.join("content"))?;
    fs::write(out.join("govwiki.yaml"), &config)?;
    let mut bytes = config.len() as u64;
    let mut made = std::collections::HashSet::new();
    for index in 0..corpus.pages.len() {
        let text = corpus.page_text(index);
        let path = out.join("content").join(&corpus.pages[index].path);
        if let Some(folder) = path.parent()
            && made.insert(folder.to_path_buf())
        {
            fs::create_dir_all(folder)?;
        }
        fs::write(&path, &text)?;
        bytes += text.len() as u64;
    }
    Ok(Written { pages: corpus.pages.len(), bytes })
}

/// splitmix64: tiny, fast and good enough to pick words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; `n` must not be 0.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True with a chance of `percent` in 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// `count` distinct indexes of `0..n`, in random order.
    fn sample(&mut self, n: usize, count: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        self.shuffle(&mut all);
        all.truncate(count.min(n));
        all
    }
}

/// GitHub's heading anchor rule, as `docs/content.md` gives it: lowercase; letters, digits, `-` and
/// `_` kept; each space a `-`; every other character dropped.
pub(crate) fn heading_anchor(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The slug rule of step ids, as `docs/content.md` gives it: lowercase; letters, digits, `-` and `_`
/// kept; every other run of characters becomes one `-`; dashes trimmed from both ends.
fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out.trim_matches('-').to_owned()
}

/// Quotes a YAML scalar.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// The home page, `content/index.md`.
    Home,
    /// A folder's `index.md`.
    Folder,
    Page,
    Body,
    Role,
    Workflow,
}

/// A heading of a page's Markdown.
struct Heading {
    /// The heading's text, as written.
    text: String,
    /// `{#custom}` set by hand, if any.
    custom: Option<String>,
    /// The anchor the heading gets.
    anchor: String,
    /// 2 or 3.
    level: u8,
}

/// One page, planned before any text is written so links can name any page's headings.
struct Planned {
    id: String,
    /// Relative to `content/`, `/`-separated.
    path: String,
    title: String,
    kind: Kind,
    headings: Vec<Heading>,
    /// The pages a folder's index lists.
    children: Vec<usize>,
}

/// The plan of the whole site, and the generator that writes it.
struct Corpus {
    rng: Rng,
    pages: Vec<Planned>,
    /// Indexes of the bodies and roles: who can act in workflows and relations.
    actors: Vec<usize>,
    /// Indexes of the bodies, in the order their `part_of` forest was grown.
    bodies: Vec<usize>,
    /// Per body index (into `bodies`), its parent body index and depth.
    parents: Vec<(Option<usize>, usize)>,
}

/// `##` headings a page picks from. None has the slug of an `id` the theme uses (`content`,
/// `responsibilities`, `ongoing`, `case-driven`, `steps`, `step-…`), and no two share a slug.
const HEADINGS: &[&str] = &[
    "Purpose",
    "Scope",
    "Background",
    "Decision rules",
    "Meetings and quorum",
    "Membership",
    "Reporting lines",
    "Budget and funding",
    "Release sign-off & QA",
    "Escalation path",
    "Conflict of interest",
    "Transparency (public records)",
    "Voting procedure",
    "Term of office",
    "Roles in practice",
    "Open points",
    "Timeline",
    "Documents and templates",
    "Communication channels",
    "Review cycle",
    "Risks and mitigations",
    "Onboarding new members",
    "Working methods",
    "Annual planning",
    "Q&A: common questions",
    "Examples",
    "History",
    "Related procedures",
    "Data protection",
    "Stakeholder input",
    "Performance indicators",
    "Sub-groups",
    "Handover",
    "Archiving",
    "Contacts",
    "Glossary",
    "Zuständigkeiten (Übersicht)",
    "Change log 2024/25",
    "Who decides?",
    "Fees & reimbursements",
];

/// `###` headings.
const SUBHEADINGS: &[&str] = &[
    "In detail",
    "Exceptions",
    "Practical notes",
    "Deadlines",
    "Lessons learned",
    "Known issues",
    "Templates to use",
    "Criteria",
    "Who is involved",
    "Follow-up",
];

const AREAS: &[&str] = &[
    "Finance",
    "Technical",
    "Steering",
    "Community",
    "Release",
    "Security",
    "Data",
    "Quality",
    "Policy",
    "Partnership",
    "Health Financing",
    "Interoperability",
    "Legal",
    "Communications",
    "Training",
    "Procurement",
    "Ethics",
    "Research",
    "Regional",
    "Implementation",
];

const BODY_TYPES: &[&str] = &[
    "Committee",
    "Board",
    "Council",
    "Working Group",
    "Task Force",
    "Advisory Panel",
    "Assembly",
    "Coordination Desk",
];

const ROLE_TYPES: &[&str] = &[
    "Coordinator",
    "Officer",
    "Lead",
    "Liaison",
    "Secretary",
    "Auditor",
    "Partners",
    "Focal Point",
];

const TOPICS: &[&str] = &[
    "Guidelines on",
    "Procedure for",
    "Notes on",
    "Policy on",
    "Handbook:",
    "Principles of",
    "Checklist for",
    "FAQ about",
];

const SUBJECTS: &[&str] = &[
    "the annual budget",
    "conflicts of interest",
    "release planning",
    "community contributions",
    "data sharing",
    "partner onboarding",
    "the feature roadmap",
    "meeting minutes",
    "funding requests",
    "security incidents",
    "code reviews",
    "country implementations",
    "translations",
    "public consultations",
    "membership terms",
    "the risk register",
];

const ACTORS: &[&str] = &[
    "The secretariat",
    "The chair",
    "Each member",
    "The working group",
    "Every partner",
    "The review panel",
    "A delegate",
    "The coordination desk",
    "The host organisation",
    "The rapporteur",
];

const VERBS: &[&str] = &[
    "reviews",
    "approves",
    "documents",
    "prepares",
    "publishes",
    "coordinates",
    "discusses",
    "monitors",
    "evaluates",
    "records",
    "escalates",
    "shares",
];

const OBJECTS: &[&str] = &[
    "the annual budget",
    "the release plan",
    "proposals from partners",
    "the minutes of each meeting",
    "the risk register",
    "open issues",
    "the roadmap",
    "requests for funding",
    "the list of members",
    "changes to the charter",
    "the quarterly report",
    "feedback from users",
    "the evaluation criteria",
    "new requirements",
];

const TAILS: &[&str] = &[
    "before the end of each quarter",
    "in consultation with the partners",
    "within two weeks of a request",
    "at its regular meetings",
    "when a case requires it",
    "following the agreed procedure",
    "and reports the outcome to the members",
    "so that decisions remain traceable",
    "with support from external experts where needed",
    "after an open call for comments",
    "in line with the charter",
    "and keeps the record for five years",
];

const STEPS: &[&str] = &[
    "Collect requests",
    "Screen the proposals",
    "Draft the plan",
    "Consult the partners",
    "Review the draft",
    "Estimate the cost",
    "Approve the budget",
    "Sign the agreement",
    "Publish the decision",
    "Implement the change",
    "Test the release",
    "Train the users",
    "Evaluate the results",
    "Report to the board",
    "Archive the records",
    "Hold a public hearing",
    "Nominate candidates",
    "Vote on the proposal",
];

const MEMBERS: &[&str] = &[
    "Representatives of user countries",
    "Experts in public health and social protection",
    "Software architects from partner organisations",
    "Two delegates of the community",
    "A representative of each funding partner",
    "The heads of the working groups",
    "Independent members elected for two years",
    "Observers from civil society",
];

const LABELS: &[&str] = &[
    "governance",
    "finance",
    "technical",
    "community",
    "process",
    "policy",
    "draft",
    "archive",
    "legal",
    "operations",
];

const CODE_LANGS: &[&str] = &["yaml", "sh", "text", "json"];

impl Corpus {
    /// Plans `count` pages: the folders, each page's kind, id, title and headings, and the
    /// bodies' `part_of` forest.
    fn plan(count: usize, seed: u64) -> Corpus {
        let mut rng = Rng(seed);
        let topics = (count / 12).max(1);
        let sections = topics.div_ceil(6);
        let leaves = count - 1 - sections - topics;
        let bodies = (count / 10).max(1);
        let roles = (count / 10).max(1);
        let workflows = (count / 20).max(1);
        let mut kinds: Vec<Kind> = std::iter::repeat_n(Kind::Body, bodies)
            .chain(std::iter::repeat_n(Kind::Role, roles))
            .chain(std::iter::repeat_n(Kind::Workflow, workflows))
            .chain(std::iter::repeat_n(Kind::Page, leaves - bodies - roles - workflows))
            .collect();
        rng.shuffle(&mut kinds);

        let width = sections.to_string().len().max(2);
        let mut pages = vec![Planned {
            id: "index".into(),
            path: "index.md".into(),
            title: "Home".into(),
            kind: Kind::Home,
            headings: Vec::new(),
            children: Vec::new(),
        }];
        let mut titles: HashMap<String, usize> = HashMap::new();
        let mut kinds = kinds.into_iter();
        let mut number = 0;
        for section in 1..=sections {
            let name = format!("section-{section:0width$}");
            let area = AREAS[(section - 1) % AREAS.len()];
            let section_index = pages.len();
            pages[0].children.push(section_index);
            pages.push(Planned {
                id: name.clone(),
                path: format!("{name}/index.md"),
                title: format!("{section}. {area} and related matters"),
                kind: Kind::Folder,
                headings: Vec::new(),
                children: Vec::new(),
            });
            let first_topic = (section - 1) * 6;
            for topic in first_topic..(first_topic + 6).min(topics) {
                let local = topic - first_topic + 1;
                let topic_name = format!("topic-{section:0width$}-{local}");
                let folder = format!("{name}/{topic_name}");
                let topic_index = pages.len();
                pages[section_index].children.push(topic_index);
                pages.push(Planned {
                    id: topic_name.clone(),
                    path: format!("{folder}/index.md"),
                    title: format!("{section}.{local} {}", rng.pick(SUBJECTS)),
                    kind: Kind::Folder,
                    headings: Vec::new(),
                    children: Vec::new(),
                });
                // Spread the leaves evenly over the topics.
                let share = leaves * (topic + 1) / topics - leaves * topic / topics;
                for _ in 0..share {
                    let Some(kind) = kinds.next() else { break };
                    number += 1;
                    let (stem, title) = match kind {
                        Kind::Body => (
                            format!("body-{number}"),
                            format!("{} {}", rng.pick(AREAS), rng.pick(BODY_TYPES)),
                        ),
                        Kind::Role => (
                            format!("role-{number}"),
                            format!("{} {}", rng.pick(AREAS), rng.pick(ROLE_TYPES)),
                        ),
                        Kind::Workflow => (
                            format!("workflow-{number}"),
                            format!("Workflow: {}", rng.pick(SUBJECTS)),
                        ),
                        _ => (
                            format!("page-{number}"),
                            format!("{} {}", rng.pick(TOPICS), rng.pick(SUBJECTS)),
                        ),
                    };
                    // Titles need not be unique, but readers tell pages apart by them.
                    let seen = titles.entry(title.clone()).or_insert(0);
                    *seen += 1;
                    let title = if *seen == 1 { title } else { format!("{title} ({seen})") };
                    let sub = if rng.chance(15) { "details/" } else { "" };
                    let leaf = pages.len();
                    pages[topic_index].children.push(leaf);
                    pages.push(Planned {
                        id: stem.clone(),
                        path: format!("{folder}/{sub}{stem}.md"),
                        title,
                        kind,
                        headings: Vec::new(),
                        children: Vec::new(),
                    });
                }
            }
        }
        for page in &mut pages {
            page.headings = plan_headings(&mut rng, page.kind);
        }
        let actors: Vec<usize> = (0..pages.len())
            .filter(|&i| matches!(pages[i].kind, Kind::Body | Kind::Role))
            .collect();
        let bodies: Vec<usize> =
            (0..pages.len()).filter(|&i| pages[i].kind == Kind::Body).collect();
        // Each body's parent is an earlier body of depth at most 2, so the forest has no
        // cycle and is at most 4 levels deep.
        let mut parents: Vec<(Option<usize>, usize)> = Vec::with_capacity(bodies.len());
        for b in 0..bodies.len() {
            let mut parent = None;
            if b > 0 && rng.chance(70) {
                for _ in 0..8 {
                    let candidate = rng.below(b);
                    if parents[candidate].1 < 3 {
                        parent = Some(candidate);
                        break;
                    }
                }
            }
            let depth = parent.map_or(0, |p| parents[p].1 + 1);
            parents.push((parent, depth));
        }
        Corpus { rng, pages, actors, bodies, parents }
    }

    /// The whole text of page `index`: front matter and Markdown.
    fn page_text(&mut self, index: usize) -> String {
        let mut out = String::with_capacity(4096);
        out.push_str("---\n");
        let page = &self.pages[index];
        let _ = writeln!(out, "title: {}", quote(&page.title));
        match page.kind {
            Kind::Body => out.push_str("kind: body\n"),
            Kind::Role => out.push_str("kind: role\n"),
            Kind::Workflow => out.push_str("kind: workflow\n"),
            _ => {}
        }
        let kind = page.kind;
        let summary = self.sentence(index, false);
        let _ = writeln!(out, "summary: {}", quote(&summary));
        if kind != Kind::Home {
            let count = self.rng.between(1, 3);
            let labels = self.rng.sample(LABELS.len(), count);
            let labels: Vec<&str> = labels.iter().map(|&l| LABELS[l]).collect();
            let _ = writeln!(out, "labels: [{}]", labels.join(", "));
        }
        if self.rng.chance(30) {
            let _ = writeln!(out, "order: {}", self.rng.between(1, 9) * 10);
        }
        match kind {
            Kind::Body => self.body_fields(index, &mut out),
            Kind::Role => self.role_fields(index, &mut out),
            Kind::Workflow => self.workflow_fields(index, &mut out),
            _ => {}
        }
        out.push_str("---\n\n");
        self.markdown(index, &mut out);
        out
    }

    fn body_fields(&mut self, index: usize, out: &mut String) {
        let b = self.bodies.iter().position(|&i| i == index).unwrap_or(0);
        let abbr: String = self.pages[index]
            .title
            .split_whitespace()
            .filter_map(|word| word.chars().next())
            .filter(|c| c.is_alphabetic())
            .collect();
        let _ = writeln!(out, "abbr: {}", quote(&abbr.to_uppercase()));
        let mut related = false;
        if let (Some(parent), _) = self.parents[b] {
            let _ = writeln!(out, "part_of: {}", self.pages[self.bodies[parent]].id);
            related = true;
        }
        if self.rng.chance(50) {
            let actor = self.other_actor(index);
            let _ = writeln!(out, "nominated_by: {}", self.pages[actor].id);
            related = true;
        }
        if self.rng.chance(40) {
            let ids = self.actor_list(index, 2);
            let _ = writeln!(out, "advises: [{ids}]");
            related = true;
        }
        if !related || self.rng.chance(40) {
            let actor = self.other_actor(index);
            let _ = writeln!(out, "reports_to: {}", self.pages[actor].id);
        }
        out.push_str("members:\n");
        let count = self.rng.between(2, 4);
        for m in self.rng.sample(MEMBERS.len(), count) {
            let _ = writeln!(out, "  - {}", quote(MEMBERS[m]));
        }
        self.responsibilities(index, out);
    }

    fn role_fields(&mut self, index: usize, out: &mut String) {
        if self.rng.chance(60) {
            let ids = self.actor_list(index, 2);
            let _ = writeln!(out, "held_by: [{ids}]");
        }
        self.responsibilities(index, out);
    }

    fn responsibilities(&mut self, index: usize, out: &mut String) {
        out.push_str("responsibilities:\n  ongoing:\n");
        for _ in 0..self.rng.between(2, 4) {
            let linked = self.rng.chance(40);
            let text = self.sentence(index, linked);
            let _ = writeln!(out, "    - {}", quote(&text));
        }
        out.push_str("  case_driven:\n");
        for _ in 0..self.rng.between(1, 3) {
            let linked = self.rng.chance(40);
            let text = self.sentence(index, linked);
            let _ = writeln!(out, "    - {}", quote(&text));
        }
    }

    fn workflow_fields(&mut self, index: usize, out: &mut String) {
        let count = self.rng.between(3, 8);
        let steps: Vec<&str> =
            self.rng.sample(STEPS.len(), count).iter().map(|&s| STEPS[s]).collect();
        let ids: Vec<String> = steps.iter().map(|title| slug(title)).collect();
        out.push_str("steps:\n");
        for (i, title) in steps.iter().enumerate() {
            let _ = writeln!(out, "  - id: {}\n    title: {}", ids[i], quote(title));
            let who = *self.rng.pick(&self.actors);
            let _ = writeln!(out, "    who: {}", self.pages[who].id);
            let support = self.actor_list(who, 2);
            let _ = writeln!(out, "    support: [{support}]");
            if self.rng.chance(25) {
                let consulted = self.actor_list(who, 2);
                let _ = writeln!(out, "    consulted: [{consulted}]");
            }
            if self.rng.chance(25) {
                let informed = self.actor_list(who, 3);
                let _ = writeln!(out, "    informed: [{informed}]");
            }
            // `next` always keeps the following step, so every step stays reachable; the
            // second target loops back or skips ahead.
            let last = i + 1 == count;
            if self.rng.chance(25) {
                let other = self.rng.below(count);
                if last {
                    if other < i {
                        let _ = writeln!(out, "    next: [{}]", ids[other]);
                    }
                } else if other != i + 1 {
                    let _ = writeln!(out, "    next: [{}, {}]", ids[i + 1], ids[other]);
                }
            }
            if self.rng.chance(60) {
                let linked = self.rng.chance(50);
                let text = self.sentence(index, linked);
                let _ = writeln!(out, "    description: {}", quote(&text));
            }
        }
    }

    /// A body or role other than page `not`.
    fn other_actor(&mut self, not: usize) -> usize {
        loop {
            let actor = *self.rng.pick(&self.actors);
            if actor != not {
                return actor;
            }
        }
    }

    /// One to `max` distinct actors other than page `not`, as a comma-separated list of ids.
    fn actor_list(&mut self, not: usize, max: usize) -> String {
        let mut chosen: Vec<usize> = Vec::new();
        for _ in 0..self.rng.between(1, max) {
            let actor = self.other_actor(not);
            if !chosen.contains(&actor) {
                chosen.push(actor);
            }
        }
        chosen.iter().map(|&a| self.pages[a].id.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// A page other than `from`, to link to.
    fn other_page(&mut self, from: usize) -> usize {
        loop {
            let to = self.rng.below(self.pages.len());
            if to != from {
                return to;
            }
        }
    }

    /// A link from page `from` to a random other page, in one of the forms govwiki knows.
    /// `in_table` avoids `[[id|text]]`, whose `|` would split a table cell.
    fn link(&mut self, from: usize, in_table: bool) -> String {
        let to = self.other_page(from);
        let target = &self.pages[to];
        let heading = if target.headings.is_empty() {
            None
        } else {
            Some(&target.headings[self.rng.below(target.headings.len())])
        };
        let roll = self.rng.below(100);
        match (roll, heading) {
            (0..30, _) | (_, None) => format!("[[{}]]", target.id),
            (30..45, _) if !in_table => {
                format!("[[{}|{}]]", target.id, target.title.to_lowercase())
            }
            (45..50, Some(h))
                if h.custom.is_none()
                    && h.text.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') =>
            {
                format!("[[{}#{}]]", target.id, h.text)
            }
            (45..70, Some(h)) => format!("[[{}#{}]]", target.id, h.anchor),
            (70..75, _) => {
                let path = relative(&self.pages[from].path, &target.path);
                format!("[{}]({path})", target.title)
            }
            (_, Some(h)) => {
                let path = relative(&self.pages[from].path, &target.path);
                format!("[{}]({path}#{})", h.text, h.anchor)
            }
        }
    }

    /// A sentence of page `from`, with a link when `linked`.
    fn sentence(&mut self, from: usize, linked: bool) -> String {
        let actor = *self.rng.pick(ACTORS);
        let verb = *self.rng.pick(VERBS);
        let object = *self.rng.pick(OBJECTS);
        let tail = *self.rng.pick(TAILS);
        if !linked {
            return format!("{actor} {verb} {object} {tail}.");
        }
        let link = self.link(from, false);
        match self.rng.below(3) {
            0 => format!("{actor} {verb} {object} {tail}; see {link}."),
            1 => format!("Together with {link}, {} {verb} {object}.", actor.to_lowercase()),
            _ => format!("{actor} {verb} {object} as set out in {link}, {tail}."),
        }
    }

    fn paragraph(&mut self, from: usize, out: &mut String) {
        let count = self.rng.between(2, 4);
        let mut text = Vec::with_capacity(count);
        for _ in 0..count {
            let linked = self.rng.chance(40);
            text.push(self.sentence(from, linked));
        }
        let _ = writeln!(out, "{}\n", wrap(&text.join(" ")));
    }

    fn bullets(&mut self, from: usize, out: &mut String, numbered: bool) {
        for n in 1..=self.rng.between(2, 4) {
            let linked = self.rng.chance(60);
            let item = self.sentence(from, linked);
            if numbered {
                let _ = writeln!(out, "{n}. {item}");
            } else {
                let _ = writeln!(out, "- {item}");
            }
        }
        out.push('\n');
    }

    fn tasks(&mut self, from: usize, out: &mut String) {
        for _ in 0..self.rng.between(2, 4) {
            let done = if self.rng.chance(50) { 'x' } else { ' ' };
            let linked = self.rng.chance(30);
            let item = self.sentence(from, linked);
            let _ = writeln!(out, "- [{done}] {item}");
        }
        out.push('\n');
    }

    fn table(&mut self, from: usize, out: &mut String) {
        out.push_str("| Item | Owner | Due | Status |\n|---|---|---|:---:|\n");
        for _ in 0..self.rng.between(2, 5) {
            let item = self.rng.pick(SUBJECTS);
            let owner = self.link(from, true);
            let quarter = self.rng.between(1, 4);
            let year = self.rng.between(2024, 2027);
            let status = self.rng.pick(&["open", "done", "on hold", "in review"]);
            let _ = writeln!(out, "| {item} | {owner} | Q{quarter} {year} | {status} |");
        }
        out.push('\n');
    }

    fn code(&mut self, from: usize, out: &mut String) {
        let lang = *self.rng.pick(CODE_LANGS);
        let _ = writeln!(out, "```{lang}");
        let other = self.other_page(from);
        let id = &self.pages[other].id;
        let (quorum, cadence) = (self.rng.between(3, 12), self.rng.pick(&["monthly", "quarterly"]));
        match lang {
            "yaml" => {
                let _ = writeln!(
                    out,
                    "meeting:\n  cadence: {cadence}\n  quorum: {quorum}\n  chair: {id}\n  \
                     minutes: shared/minutes/{id}.md\nvoting:\n  majority: simple\n  proxy: false"
                );
            }
            "sh" => {
                let _ = writeln!(
                    out,
                    "# rebuild the wiki after editing {id}\ngovwiki check --deny-warnings\n\
                     govwiki build --out public"
                );
            }
            "json" => {
                let _ = writeln!(
                    out,
                    "{{\n  \"page\": \"{id}\",\n  \"quorum\": {quorum},\n  \"cadence\": \
                     \"{cadence}\"\n}}"
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "Minutes of the {cadence} meeting\nPresent: {quorum} members\n\
                     Agenda: 1. approval of the last minutes  2. report of {id}  3. any other business"
                );
            }
        }
        out.push_str("```\n\n");
    }

    /// The Markdown body of page `index`.
    fn markdown(&mut self, index: usize, out: &mut String) {
        self.paragraph(index, out);
        let kind = self.pages[index].kind;
        if matches!(kind, Kind::Home | Kind::Folder) {
            out.push_str("## Overview\n\n");
            let children = self.pages[index].children.clone();
            for child in children {
                let summary = self.sentence(index, false);
                let _ = writeln!(out, "- [[{}]] — {summary}", self.pages[child].id);
            }
            out.push('\n');
        }
        // Blocks each plain page has at least once, spread over its sections.
        let mut blocks: Vec<u8> = if kind == Kind::Page { vec![0, 1, 2, 3] } else { vec![2] };
        let headings = self.pages[index].headings.len();
        while blocks.len() < headings {
            blocks.push(self.rng.below(6) as u8);
        }
        self.rng.shuffle(&mut blocks);
        for h in 0..headings {
            let heading = &self.pages[index].headings[h];
            let marks = "#".repeat(usize::from(heading.level));
            match &heading.custom {
                Some(custom) => {
                    let _ = writeln!(out, "{marks} {} {{#{custom}}}\n", heading.text);
                }
                None => {
                    let _ = writeln!(out, "{marks} {}\n", heading.text);
                }
            }
            self.paragraph(index, out);
            match blocks.get(h).copied().unwrap_or(5) {
                0 => self.table(index, out),
                1 => self.code(index, out),
                2 => self.bullets(index, out, false),
                3 => self.bullets(index, out, true),
                4 => self.tasks(index, out),
                _ => {
                    let quote = self.sentence(index, true);
                    let _ = writeln!(out, "> {quote}\n");
                }
            }
        }
        if self.rng.chance(20) {
            let n = self.rng.between(1, 999);
            let _ = writeln!(
                out,
                "The archive keeps older versions: <https://example.org/archive/{n}>.\n"
            );
        }
    }
}

/// The headings of a page of `kind`: several `##`, some with a `###`; every anchor distinct.
fn plan_headings(rng: &mut Rng, kind: Kind) -> Vec<Heading> {
    let count = match kind {
        Kind::Page => rng.between(3, 5),
        Kind::Home | Kind::Folder => rng.between(1, 2),
        _ => rng.between(2, 3),
    };
    let mut headings = Vec::new();
    for h in rng.sample(HEADINGS.len(), count) {
        let text = HEADINGS[h].to_owned();
        let custom = (kind == Kind::Page && rng.chance(5)).then(|| format!("custom-{h}"));
        let anchor = custom.clone().unwrap_or_else(|| heading_anchor(&text));
        headings.push(Heading { text, custom, anchor, level: 2 });
        if kind == Kind::Page && rng.chance(40) {
            let text = (*rng.pick(SUBHEADINGS)).to_owned();
            if headings.iter().all(|other| other.text != text) {
                let anchor = heading_anchor(&text);
                headings.push(Heading { text, custom: None, anchor, level: 3 });
            }
        }
    }
    headings
}

/// The relative path from the page at `from` to the page at `to`, both relative to
/// `content/`.
pub(crate) fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common =
        from_dirs.iter().zip(&to_parts[..to_parts.len() - 1]).take_while(|(a, b)| a == b).count();
    let mut path = "../".repeat(from_dirs.len() - common);
    path.push_str(&to_parts[common..].join("/"));
    path
}

/// Breaks a paragraph into lines of about 80 characters, as people write Markdown, but never
/// inside a link's brackets or parentheses.
fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 64);
    let mut line = 0;
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            _ => {}
        }
        if c == ' ' && depth == 0 && line >= 80 {
            out.push('\n');
            line = 0;
        } else {
            out.push(c);
            line += 1;
        }
    }
    out
}
