//! Assembling the [`Site`]: typed pages, unique ids, the tree and resolved references.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};

use super::fields::{self, Fields};
use super::id::{default_id, folder_page_of, id_problem, output_path, readable_name};
use super::title::first_heading;
use super::{Draft, Lifecycle, Member, Page, PageKind, Part, Ref, Relation, Site, TreeNode};
use crate::diag::{Code, Diagnostic, SourceId, Sources};
use crate::load::{Header, Loaded, LoadedPage, Yaml, opening};

/// Builds the site from loaded pages; the findings come back beside it.
#[must_use]
pub fn build(loaded: &Loaded) -> (Site, Vec<Diagnostic>) {
    let typed: Vec<(Page, Vec<Diagnostic>)> = loaded
        .pages
        .par_iter()
        .map(|page| {
            let mut diagnostics = Vec::new();
            (typed_page(page, &loaded.sources, &mut diagnostics), diagnostics)
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut pages = Vec::with_capacity(typed.len());
    for (page, found) in typed {
        pages.push(page);
        diagnostics.extend(found);
    }
    let by_id = index_ids(&pages, &loaded.sources, &mut diagnostics);
    let drafts: Vec<Draft> = loaded.drafts.iter().map(draft).collect();
    resolve(&mut pages, &by_id, &drafts, &mut diagnostics);
    let mut incoming = vec![Vec::new(); pages.len()];
    for (from, page) in pages.iter().enumerate() {
        for (relation, target) in page.kind.relations() {
            if let Some(target) = target.target {
                incoming[target].push((relation, from));
            }
        }
    }
    let tree = TreeNode::build(&pages);
    let by_path = pages.iter().enumerate().map(|(i, page)| (page.path.clone(), i)).collect();
    let mut by_url: Vec<usize> = (0..pages.len()).collect();
    by_url.sort_unstable_by(|&a, &b| pages[a].url.cmp(&pages[b].url));
    let involved = involvement(&pages);
    (Site { pages, by_id, by_path, by_url, tree, incoming, involved, drafts }, diagnostics)
}

/// What a link or reference to a page left out as a draft needs to know of it: its path and
/// the id it would have.
fn draft(page: &LoadedPage) -> Draft {
    let id = match page.front_matter_value("id") {
        Some(Yaml::Str(id)) => id.clone(),
        _ => default_id(&page.path),
    };
    Draft { path: page.path.to_string(), id }
}

/// For each page, the workflow steps of `pages` that name it as an actor.
fn involvement(pages: &[Page]) -> Vec<Vec<(usize, usize, Part)>> {
    let mut involved = vec![Vec::new(); pages.len()];
    for (w, page) in pages.iter().enumerate() {
        let PageKind::Workflow(workflow) = &page.kind else { continue };
        for (s, step) in workflow.steps.iter().enumerate() {
            for (part, reference) in step.actors() {
                if let Some(actor) = reference.target {
                    involved[actor].push((w, s, part));
                }
            }
        }
    }
    for entries in &mut involved {
        entries.sort_unstable();
        entries.dedup();
    }
    involved
}

fn typed_page(loaded: &LoadedPage, sources: &Sources, diagnostics: &mut Vec<Diagnostic>) -> Page {
    let source = sources.get(loaded.source);
    let default = default_id(&loaded.path);
    let mut page = Page {
        source: loaded.source,
        id: default.clone(),
        id_span: None,
        url: output_path(&loaded.path),
        path: loaded.path.to_string(),
        title: default.clone(),
        title_span: None,
        title_in_content: false,
        front_matter: matches!(*loaded.header, Header::Parsed(_)),
        summary: None,
        labels: Vec::new(),
        order: None,
        aliases: Vec::new(),
        draft: false,
        meta: serde_json::Map::new(),
        kind: PageKind::Page,
        lifecycle: Lifecycle::default(),
        markdown: loaded.markdown.start,
        broken: false,
        versions: Vec::new(),
    };
    let fields = match loaded.header.as_ref() {
        Header::Parsed(front_matter) => {
            fields::read(front_matter, source, loaded.source, diagnostics)
        }
        // Front matter is optional: such a page is a plain page.
        Header::Missing => {
            page.derive_title(&source.text[loaded.markdown.clone()], &loaded.path);
            return page;
        }
        Header::Broken => {
            page.broken = true;
            return page;
        }
    };
    let Fields { title, id, summary, labels, order, aliases, draft, meta, kind, lifecycle } =
        fields;
    match id {
        Some(id) => {
            if let Some(problem) = id_problem(&id.value) {
                diagnostics.push(
                    Diagnostic::new(Code::BadId, loaded.source, format!("bad id `{}`", id.value))
                        .at(id.span.clone())
                        .label(problem)
                        .help("use letters, digits and dashes, such as `steering-group`"),
                );
            }
            page.id = id.value;
            page.id_span = Some(id.span);
        }
        None => {
            if let Some(problem) = id_problem(&default) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::BadId,
                        loaded.source,
                        format!("the file name gives the bad id `{default}`"),
                    )
                    .help(format!("{problem}: rename the file, or set `id:` in its front matter")),
                );
            }
        }
    }
    match title {
        Some(title) => {
            page.title = title.value;
            page.title_span = Some(title.span);
        }
        None => page.derive_title(&source.text[loaded.markdown.clone()], &loaded.path),
    }
    page.summary = summary;
    page.labels = labels;
    page.order = order;
    page.aliases = aliases;
    page.draft = draft;
    page.meta = meta;
    page.kind = kind;
    page.lifecycle = lifecycle;
    page
}

impl Page {
    /// Gives a page without a `title` its first level-1 heading as its title, or else its
    /// file name made readable ("Home" for the home page).
    fn derive_title(&mut self, markdown: &str, path: &str) {
        match first_heading(markdown) {
            Some(heading) => {
                self.title = heading;
                self.title_in_content = true;
            }
            None if self.id == "index" => self.title = "Home".to_owned(),
            None => self.title = readable_name(path),
        }
    }
}

fn index_ids(
    pages: &[Page],
    sources: &Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> FxHashMap<String, usize> {
    let mut by_id = FxHashMap::with_capacity_and_hasher(pages.len(), FxBuildHasher);
    // Ids that differ only in case are as good as the same: a reader cannot tell which one a
    // link means, and their pages collide on file systems that ignore case.
    let mut by_folded: HashMap<String, usize> = HashMap::with_capacity(pages.len());
    for (index, page) in pages.iter().enumerate() {
        let folded = by_folded.entry(page.id.to_lowercase()).or_insert(index);
        let exact = match by_id.entry(page.id.clone()) {
            Entry::Vacant(slot) => {
                slot.insert(index);
                None
            }
            Entry::Occupied(first) => Some(*first.get()),
        };
        let Some(first) = exact.or((*folded != index).then_some(*folded)) else { continue };
        let first = &pages[first];
        let first_name = &sources.get(first.source).name;
        let folder_pages = (folder_page_of(&first.path), folder_page_of(&page.path));
        // Files of one name in different folders are as common in a repository as on GitHub,
        // which tells them apart by their paths: where a page without front matter has the
        // id of its file name, the id stays with the first page (links by path reach both),
        // and is no finding. Pages written for the wiki, which refer to each other by id,
        // must have ids of their own.
        let same_folder_page = folder_pages.0.is_some() && folder_pages.0 == folder_pages.1;
        let by_file_name = first.id_span.is_none() && page.id_span.is_none();
        if by_file_name && !(first.front_matter && page.front_matter) && !same_folder_page {
            continue;
        }
        let (message, help) = if let (Some(a), Some(b)) = folder_pages
            && a == b
        {
            let folder = if a.is_empty() { "the site's root".to_owned() } else { format!("`{a}`") };
            (
                format!(
                    "`{first_name}` and `{}` are both the page of {folder}",
                    sources.get(page.source).name
                ),
                "a folder has one page of its own, its `README.md`, `index.md` or `_index.md`: \
                 merge the two, or rename one",
            )
        } else if first.id == page.id {
            (
                format!("duplicate id `{}`: `{first_name}` has it too", page.id),
                "ids are unique across the site: rename one file, or set `id:` on one page",
            )
        } else {
            (
                format!(
                    "id `{}` differs from `{}` of `{first_name}` only in case",
                    page.id, first.id
                ),
                "ids must differ in more than case, so that links and file names cannot be \
                 confused: rename one file, or set `id:` on one page",
            )
        };
        let mut diagnostic = Diagnostic::new(Code::DuplicateId, page.source, message).help(help);
        diagnostic = match &page.id_span {
            Some(span) => diagnostic.at(span.clone()).label("second use"),
            None => diagnostic
                .at(opening(&sources.get(page.source).text))
                .label("id from the file name"),
        };
        let (first_span, label) = match &first.id_span {
            Some(span) => (span.clone(), "first use"),
            None => (opening(&sources.get(first.source).text), "first use, from the file name"),
        };
        diagnostic = diagnostic.also(first.source, first_span, label);
        diagnostics.push(diagnostic);
    }
    by_id
}

/// What a reference may point at.
#[derive(Clone, Copy)]
enum Want {
    /// A body or a role.
    Actor,
    /// A body.
    Body,
    /// A person.
    Person,
    /// A decision.
    Decision,
    /// Any page.
    Page,
}

struct Resolver<'a> {
    by_id: &'a FxHashMap<String, usize>,
    drafts: &'a [Draft],
    /// Per page: its kind's name, the kind in words, and whether the page is broken.
    kinds: Vec<(&'static str, &'static str, bool)>,
}

impl Resolver<'_> {
    fn resolve(
        &self,
        reference: &mut Ref,
        want: Want,
        field: &str,
        source: SourceId,
    ) -> Option<Diagnostic> {
        let wanted = match want {
            Want::Actor => "body or role",
            Want::Body => "body",
            Want::Person => "person",
            Want::Decision => "decision",
            Want::Page => "",
        };
        let code = if matches!(want, Want::Person) {
            Code::UnknownPerson
        } else if matches!(field, "who" | "accountable" | "support" | "consulted" | "informed") {
            Code::UnknownActor
        } else {
            Code::UnknownTarget
        };
        let Some(&target) = self.by_id.get(&reference.id) else {
            let candidates = self
                .by_id
                .iter()
                .filter(|&(_, &i)| self.accepts(i, want))
                .map(|(id, _)| id.as_str());
            let diagnostic = Diagnostic::new(
                code,
                source,
                format!("`{field}` names `{}`, but no page has that id", reference.id),
            )
            .at(reference.span.clone())
            .label(format!(
                "expected the id of a {wanted}{}page",
                if wanted.is_empty() { "" } else { " " }
            ));
            let draft = self.drafts.iter().find(|draft| draft.id == reference.id);
            let diagnostic = match (draft, crate::diag::did_you_mean(&reference.id, candidates)) {
                (Some(draft), _) => diagnostic.help(draft.help()),
                (None, Some(best)) => diagnostic.help(format!("did you mean `{best}`?")),
                (None, None) => diagnostic.help(match want {
                    Want::Page => "create a page with this id, or correct the id".to_owned(),
                    _ => format!(
                        "create a page with `kind: {}` and this id, or correct the id",
                        match want {
                            Want::Actor => "body` or `kind: role",
                            _ => wanted,
                        }
                    ),
                }),
            };
            return Some(diagnostic);
        };
        reference.target = Some(target);
        if self.accepts(target, want) {
            return None;
        }
        let (_, kind, _) = self.kinds[target];
        Some(
            Diagnostic::new(
                code,
                source,
                format!("`{field}` names `{}`, which is {kind}, not a {wanted}", reference.id),
            )
            .at(reference.span.clone())
            .help(format!("`{field}` takes the id of a {wanted} page")),
        )
    }

    fn accepts(&self, index: usize, want: Want) -> bool {
        matches!(
            (self.kinds[index], want),
            ((_, _, true), _)
                | (_, Want::Page)
                | (("body", _, _), Want::Actor | Want::Body)
                | (("role", _, _), Want::Actor)
                | (("person", _, _), Want::Person)
                | (("decision", _, _), Want::Decision)
        )
    }
}

fn resolve(
    pages: &mut [Page],
    by_id: &FxHashMap<String, usize>,
    drafts: &[Draft],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let resolver = Resolver {
        by_id,
        drafts,
        kinds: pages
            .iter()
            .map(|page| (page.kind.name(), page.kind.describe(), page.broken))
            .collect(),
    };
    for page in pages.iter_mut() {
        let source = page.source;
        let mut found = Vec::new();
        let mut check = |reference: &mut Ref, want: Want, field: &str| {
            found.extend(resolver.resolve(reference, want, field, source));
        };
        match &mut page.kind {
            PageKind::Page => {}
            PageKind::Body(body) => {
                if let Some(part_of) = &mut body.part_of {
                    check(part_of, Want::Body, Relation::PartOf.key());
                }
                for (relation, list) in [
                    (Relation::NominatedBy, &mut body.nominated_by),
                    (Relation::Advises, &mut body.advises),
                    (Relation::ReportsTo, &mut body.reports_to),
                    (Relation::DelegatesTo, &mut body.delegates_to),
                ] {
                    for reference in list {
                        check(reference, Want::Actor, relation.key());
                    }
                }
                for member in &mut body.members {
                    let Member::Seat(seat) = member else { continue };
                    if let Some(person) = &mut seat.person {
                        check(person, Want::Person, "person");
                    }
                    if let Some(by) = &mut seat.appointed_by {
                        let field = if seat.elected { "elected_by" } else { "appointed_by" };
                        check(by, Want::Actor, field);
                    }
                    seat.represents_page =
                        seat.represents.as_ref().and_then(|text| by_id.get(&text.value)).copied();
                }
            }
            PageKind::Person(_) => {}
            PageKind::Decision(decision) => {
                if let Some(by) = &mut decision.by {
                    check(by, Want::Body, "by");
                }
                for reference in &mut decision.supersedes {
                    check(reference, Want::Decision, "supersedes");
                }
            }
            PageKind::Meeting(meeting) => {
                if let Some(of) = &mut meeting.of {
                    check(of, Want::Body, "of");
                }
                for reference in &mut meeting.attendees {
                    check(reference, Want::Person, "attendees");
                }
                for reference in &mut meeting.decisions {
                    check(reference, Want::Decision, "decisions");
                }
            }
            PageKind::Role(role) => {
                for reference in &mut role.held_by {
                    check(reference, Want::Actor, Relation::HeldBy.key());
                }
                for reference in &mut role.contributes_to {
                    check(reference, Want::Body, Relation::ContributesTo.key());
                }
            }
            PageKind::Workflow(workflow) => {
                for step in &mut workflow.steps {
                    if let Some(who) = &mut step.who {
                        check(who, Want::Actor, "who");
                    }
                    if let Some(accountable) = &mut step.accountable {
                        check(accountable, Want::Actor, "accountable");
                    }
                    for (field, list) in [
                        ("support", &mut step.support),
                        ("consulted", &mut step.consulted),
                        ("informed", &mut step.informed),
                    ] {
                        for reference in list {
                            check(reference, Want::Actor, field);
                        }
                    }
                }
                resolve_steps(&mut workflow.steps, source, &mut found);
            }
        }
        if let Some(successor) = &mut page.lifecycle.superseded_by {
            found.extend(resolver.resolve(successor, Want::Page, "superseded_by", source));
        }
        diagnostics.extend(found);
    }
}

/// Duplicate step ids and `next` references within one workflow.
fn resolve_steps(steps: &mut [super::Step], source: SourceId, diagnostics: &mut Vec<Diagnostic>) {
    let mut ids: HashMap<String, usize> = HashMap::with_capacity(steps.len());
    for (index, step) in steps.iter().enumerate() {
        match ids.entry(step.id.clone()) {
            Entry::Vacant(slot) => {
                slot.insert(index);
            }
            Entry::Occupied(first) => diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateStepId,
                    source,
                    format!("duplicate step id `{}`", step.id),
                )
                .at(step.id_span.clone())
                .also(source, steps[*first.get()].id_span.clone(), "first use")
                .help("give each step of a workflow its own `id`"),
            ),
        }
    }
    for step in steps.iter_mut() {
        for next in &mut step.next {
            next.target = ids.get(&next.id).copied();
            if next.target.is_none() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownNextStep,
                        source,
                        format!("`next` names `{}`, but this workflow has no such step", next.id),
                    )
                    .at(next.span.clone())
                    .suggest(&next.id, ids.keys().map(String::as_str)),
                );
            }
        }
    }
}
