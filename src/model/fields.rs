//! Reading typed fields from untyped front matter.
//!
//! Every field is read on its own, and every problem becomes a diagnostic at the key or value
//! it concerns, so a page with three mistakes reports three findings. Unknown keys get a "did
//! you mean", or, when the key belongs to another kind of page, the kind it belongs to.

use std::ops::Range;

use serde_saphyr::Spanned;

use super::page::{
    Decision, Lifecycle, Meeting, PageKind, Person, Ref, Responsibilities, Role, Step, Text,
    Workflow,
};
use crate::diag::{Code, Diagnostic, Source, SourceId};
use crate::load::{FrontMatter, Yaml};
use crate::slug::slugify;

mod governance;

const COMMON: &[&str] = &[
    "title",
    "kind",
    "id",
    "summary",
    "labels",
    "order",
    "status",
    "effective",
    "superseded_by",
    "formerly",
    "sources",
    "open_points",
];

/// Keys of other generators and of GitHub-rendered repositories that a page may carry: what
/// they mean is understood (`description`, `tags`, `weight`…) or of no use to govwiki.
const ACCEPTED: &[&str] = &[
    "date",
    "lastmod",
    "layout",
    "slug",
    "toc",
    "linkTitle",
    "menu",
    "hide",
    "params",
    "extra",
    "author",
    "authors",
    "permalink",
    "nav_exclude",
    "has_children",
    "parent",
    "sidebar_label",
    // GitHub's issue and pull request templates.
    "name",
    "about",
    "assignees",
];

/// The most characters a title (of a page or a step) may have.
const MAX_TITLE: usize = 300;
/// The most characters an id may have.
const MAX_ID: usize = 200;
/// The most characters a summary may have.
const MAX_SUMMARY: usize = 1_000;
/// The most characters an abbreviation may have.
const MAX_ABBR: usize = 50;
/// The most labels a page may have.
const MAX_LABELS: usize = 100;
/// The most characters a label may have.
const MAX_LABEL: usize = 100;
const BODY: &[&str] = &[
    "abbr",
    "part_of",
    "nominated_by",
    "advises",
    "reports_to",
    "members",
    "seats",
    "decides",
    "delegates_to",
    "voting",
    "quorum",
    "meets",
    "responsibilities",
];
const ROLE: &[&str] = &["held_by", "contributes_to", "responsibilities"];
const WORKFLOW: &[&str] = &["steps"];
const PERSON: &[&str] = &["affiliation"];
const DECISION: &[&str] = &["by", "date", "outcome", "topic", "supersedes"];
const MEETING: &[&str] = &["of", "date", "attendees", "decisions"];
const STEP: &[&str] = &[
    "id",
    "title",
    "who",
    "accountable",
    "support",
    "consulted",
    "informed",
    "next",
    "when",
    "description",
];
const RESPONSIBILITIES: &[&str] = &["ongoing", "case_driven"];
const KINDS: &[&str] = &["page", "body", "role", "workflow", "person", "decision", "meeting"];
/// The kinds with fields of their own, and their fields.
const KIND_KEYS: [(&str, &[&str]); 6] = [
    ("body", BODY),
    ("role", ROLE),
    ("workflow", WORKFLOW),
    ("person", PERSON),
    ("decision", DECISION),
    ("meeting", MEETING),
];

/// A front matter value as templates see it. A number YAML can hold but JSON cannot (`.nan`,
/// `.inf`) is null.
fn json(value: &Yaml) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(*b),
        Yaml::Int(n) => Value::from(*n),
        Yaml::Float(x) => serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
        Yaml::Str(text) => Value::String(text.clone()),
        Yaml::Seq(items) => items.iter().map(|item| json(&item.value)).collect(),
        Yaml::Map(entries) => Value::Object(
            entries.iter().map(|(key, value)| (key.value.clone(), json(&value.value))).collect(),
        ),
    }
}

/// The fields of one page, read from its front matter.
#[derive(Debug)]
pub(super) struct Fields {
    /// `title`, if present and valid, with the span of its value.
    pub title: Option<Text>,
    /// `id`, if set.
    pub id: Option<Text>,
    /// `summary`.
    pub summary: Option<String>,
    /// `labels`.
    pub labels: Vec<String>,
    /// `order`.
    pub order: Option<i64>,
    /// `aliases` (Hugo) or `redirect_from` (Jekyll): earlier paths of the page.
    pub aliases: Vec<Text>,
    /// `draft`.
    pub draft: bool,
    /// The accepted keys of other tools, with their values.
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// The kind with its own fields.
    pub kind: PageKind,
    /// `status` and the fields around it.
    pub lifecycle: Lifecycle,
}

/// Reads the fields of a page; problems go to `diagnostics`.
pub(super) fn read(
    front_matter: &FrontMatter,
    source: &Source,
    id: SourceId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Fields {
    let mut reader = Reader { front_matter, source, id, diagnostics };
    reader.page()
}

struct Reader<'a> {
    front_matter: &'a FrontMatter,
    source: &'a Source,
    id: SourceId,
    diagnostics: &'a mut Vec<Diagnostic>,
}

type Entries = [(Spanned<String>, Spanned<Yaml>)];

impl Reader<'_> {
    fn span<T>(&self, node: &Spanned<T>) -> Range<usize> {
        self.front_matter.range(&node.referenced, self.source)
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn page(&mut self) -> Fields {
        let root = self.front_matter.root.value.describe();
        let mut fields = Fields {
            title: None,
            id: None,
            summary: None,
            labels: Vec::new(),
            order: None,
            aliases: Vec::new(),
            draft: false,
            meta: serde_json::Map::new(),
            kind: PageKind::Page,
            lifecycle: Lifecycle::default(),
        };
        let front_matter = self.front_matter;
        let entries: &Entries = match &front_matter.root.value {
            Yaml::Map(entries) => entries,
            Yaml::Null => &[],
            _ => {
                let span = self.span(&front_matter.root);
                self.report(
                    Diagnostic::new(Code::WrongType, self.id, "front matter must be a mapping")
                        .at(span)
                        .label(format!("found {root}"))
                        .help("write one `key: value` per line, starting with `title: …`"),
                );
                return fields;
            }
        };
        let kind_name = self.kind(entries);
        let kind_is_valid = kind_name.is_none_or(|name| KINDS.contains(&name));
        let (kind_keys, mut kind) = match kind_name {
            Some("body") => (BODY, PageKind::Body(Box::default())),
            Some("role") => (ROLE, PageKind::Role(Role::default())),
            Some("workflow") => (WORKFLOW, PageKind::Workflow(Workflow::default())),
            Some("person") => (PERSON, PageKind::Person(Person::default())),
            Some("decision") => (DECISION, PageKind::Decision(Decision::default())),
            Some("meeting") => (MEETING, PageKind::Meeting(Meeting::default())),
            _ => (&[][..], PageKind::Page),
        };
        for (key, value) in entries {
            match key.value.as_str() {
                "kind" => {}
                "title" => {
                    let title = self.title(key, value);
                    fields.title = self.limited(key, title, MAX_TITLE);
                }
                "id" => {
                    let id = self.text(key, value);
                    fields.id = self.limited(key, id, MAX_ID);
                }
                // `description` is what Hugo, Jekyll and MkDocs call the summary; `summary`
                // wins where a page has both.
                "summary" | "description" => {
                    let summary = self.text(key, value);
                    let summary = self.limited(key, summary, MAX_SUMMARY).map(|t| t.value);
                    if key.value == "summary" || fields.summary.is_none() {
                        fields.summary = summary;
                    }
                }
                "labels" | "tags" | "categories" => {
                    let labels = self.texts(key, value);
                    let labels = self.limited_list(key, value, labels, MAX_LABELS, MAX_LABEL);
                    for label in labels {
                        if !fields.labels.contains(&label.value) {
                            fields.labels.push(label.value);
                        }
                    }
                }
                // Hugo's `weight`, Just the Docs' `nav_order`, Docusaurus' `sidebar_position`.
                "order" | "weight" | "nav_order" | "sidebar_position" => {
                    let order = self.integer(key, value);
                    if key.value == "order" || fields.order.is_none() {
                        fields.order = order;
                    }
                }
                "aliases" | "redirect_from" => fields.aliases.extend(self.texts(key, value)),
                "draft" => fields.draft = self.boolean(key, value).unwrap_or(false),
                // A kind's own field first: a decision's `date` is its own, not another tool's.
                name if kind_keys.contains(&name) => self.kind_field(&mut kind, key, value),
                _ if self.lifecycle(&mut fields.lifecycle, key, value) => {}
                // Keys of other generators that govwiki has no use for, accepted so that their
                // pages need no edit, and handed to the templates.
                name if ACCEPTED.contains(&name) => {
                    fields.meta.insert(name.to_owned(), json(&value.value));
                }
                // An unknown kind was reported already; its fields cannot be judged.
                _ if !kind_is_valid => {}
                _ => self.unknown_key(key, kind.name()),
            }
        }
        fields.kind = kind;
        fields
    }

    /// The title, when it is text that is not empty.
    fn title(&mut self, key: &Spanned<String>, value: &Spanned<Yaml>) -> Option<Text> {
        // An empty title (`title: ''`, as GitHub's issue templates have) is no title: the page
        // takes its heading's or its file's, as a page without one does.
        self.text(key, value).filter(|title| !title.value.trim().is_empty())
    }

    /// The `kind` value: `None` when absent, the name when valid; invalid names are reported.
    fn kind<'e>(&mut self, entries: &'e Entries) -> Option<&'e str> {
        let (key, value) = entries.iter().find(|(key, _)| key.value == "kind")?;
        let span = self.span(value);
        let Yaml::Str(name) = &value.value else {
            self.wrong_type(
                key,
                value,
                "one of `page`, `body`, `role`, `workflow`, `person`, `decision` or `meeting`",
            );
            return Some("");
        };
        if !KINDS.contains(&name.as_str()) {
            self.report(
                Diagnostic::new(Code::InvalidValue, self.id, format!("unknown kind `{name}`"))
                    .at(span)
                    .label(
                        "expected `page`, `body`, `role`, `workflow`, `person`, `decision` or \
                         `meeting`",
                    )
                    .suggest(name, KINDS.iter().copied()),
            );
        }
        Some(name)
    }

    fn kind_field(&mut self, kind: &mut PageKind, key: &Spanned<String>, value: &Spanned<Yaml>) {
        match (kind, key.value.as_str()) {
            (PageKind::Body(body), "abbr") => {
                let abbr = self.text(key, value);
                body.abbr = self.limited(key, abbr, MAX_ABBR).map(|t| t.value);
            }
            (PageKind::Body(body), "part_of") => body.part_of = self.one_ref(key, value),
            (PageKind::Body(body), "nominated_by") => body.nominated_by = self.refs(key, value),
            (PageKind::Body(body), "advises") => body.advises = self.refs(key, value),
            (PageKind::Body(body), "reports_to") => body.reports_to = self.refs(key, value),
            (PageKind::Body(body), "members") => body.members = self.members(key, value),
            (PageKind::Body(body), "seats") => body.seats = self.seat_rules(key, value),
            (PageKind::Body(body), "decides") => body.decides = self.texts(key, value),
            (PageKind::Body(body), "delegates_to") => body.delegates_to = self.refs(key, value),
            (PageKind::Body(body), "voting") => body.voting = self.text(key, value),
            (PageKind::Body(body), "quorum") => body.quorum = self.quorum(key, value),
            (PageKind::Body(body), "meets") => body.meets = self.text(key, value),
            (PageKind::Body(body), "responsibilities") => {
                body.responsibilities = self.responsibilities(key, value);
            }
            (PageKind::Role(role), "held_by") => role.held_by = self.refs(key, value),
            (PageKind::Role(role), "contributes_to") => {
                role.contributes_to = self.refs(key, value);
            }
            (PageKind::Role(role), "responsibilities") => {
                role.responsibilities = self.responsibilities(key, value);
            }
            (PageKind::Workflow(workflow), "steps") => {
                workflow.steps_span = Some(self.span(key));
                workflow.steps = self.steps(key, value);
            }
            (PageKind::Person(person), _) => {
                if !self.person_field(person, key, value) {
                    self.unknown_key(key, "person");
                }
            }
            (PageKind::Decision(decision), _) => {
                if !self.decision_field(decision, key, value) {
                    self.unknown_key(key, "decision");
                }
            }
            (PageKind::Meeting(meeting), _) => {
                if !self.meeting_field(meeting, key, value) {
                    self.unknown_key(key, "meeting");
                }
            }
            (kind, _) => self.unknown_key(key, kind.name()),
        }
    }

    fn unknown_key(&mut self, key: &Spanned<String>, kind: &str) {
        let span = self.span(key);
        let name = key.value.as_str();
        let owner =
            KIND_KEYS.into_iter().find(|(_, keys)| keys.contains(&name)).map(|(owner, _)| owner);
        let diagnostic =
            Diagnostic::new(Code::UnknownKey, self.id, format!("unknown key `{name}`"))
                .at(span)
                .label(format!("not a field of `kind: {kind}`"));
        let diagnostic = match owner {
            Some(owner) => diagnostic.help(format!(
                "`{name}` is a field of `{owner}` pages: set `kind: {owner}`, or remove the line"
            )),
            None => {
                let own = KIND_KEYS
                    .into_iter()
                    .find(|(owner, _)| *owner == kind)
                    .map_or(&[][..], |(_, keys)| keys);
                let known: Vec<&str> = COMMON.iter().chain(own).copied().collect();
                diagnostic.suggest_or_list(name, &known, &format!("`kind: {kind}` pages"))
            }
        };
        self.report(diagnostic);
    }

    fn wrong_type(&mut self, key: &Spanned<String>, value: &Spanned<Yaml>, expected: &str) {
        let span = self.span(value);
        let span = if span.is_empty() { self.span(key) } else { span };
        let subject = format!("`{}`", key.value);
        self.type_finding(span, &subject, "this is", value, expected);
    }

    /// The finding about `item`, an entry of the list under `key`, which is not `expected`.
    fn wrong_entry_type(&mut self, key: &Spanned<String>, item: &Spanned<Yaml>, expected: &str) {
        let span = self.span(item);
        let subject = format!("each entry of `{}`", key.value);
        self.type_finding(span, &subject, "this entry is", item, expected);
    }

    /// "`subject` must be `expected`, found …", at `span`, which `this` labels.
    fn type_finding(
        &mut self,
        span: Range<usize>,
        subject: &str,
        this: &str,
        value: &Spanned<Yaml>,
        expected: &str,
    ) {
        let found = value.value.describe();
        self.report(
            Diagnostic::new(
                Code::WrongType,
                self.id,
                format!("{subject} must be {expected}, found {found}"),
            )
            .at(span)
            .label(format!("{this} {found}")),
        );
    }

    /// `text` cut to `max` characters, with a finding when it was longer. A value shown on
    /// every page (a title in the page tree) or making pages of its own (a label) multiplies
    /// what the site writes: a title of 100,000 characters would make half a gigabyte of output.
    fn limited(&mut self, key: &Spanned<String>, text: Option<Text>, max: usize) -> Option<Text> {
        let mut text = text?;
        let Some((cut, _)) = text.value.char_indices().nth(max) else { return Some(text) };
        let length = text.value.chars().count();
        self.report(
            Diagnostic::new(
                Code::TooLong,
                self.id,
                format!(
                    "`{}` is {length} characters long, more than the {max} it may have",
                    key.value
                ),
            )
            .at(text.span.clone())
            .label(format!("only the first {max} characters are used"))
            .help(format!("shorten the `{}`; a longer text belongs in the page itself", key.value)),
        );
        text.value.truncate(cut);
        text.value.push('…');
        Some(text)
    }

    /// `list` cut to `max_items` items of at most `max_chars` characters each, with findings
    /// when it was longer.
    fn limited_list(
        &mut self,
        key: &Spanned<String>,
        value: &Spanned<Yaml>,
        list: Vec<Text>,
        max_items: usize,
        max_chars: usize,
    ) -> Vec<Text> {
        if list.len() > max_items {
            let span = self.span(value);
            self.report(
                Diagnostic::new(
                    Code::TooLong,
                    self.id,
                    format!(
                        "`{}` has {} items, more than the {max_items} it may have",
                        key.value,
                        list.len()
                    ),
                )
                .at(span)
                .label(format!("only the first {max_items} are used"))
                .help(format!("keep the `{}` that say most about the page", key.value)),
            );
        }
        let kept = list.into_iter().take(max_items).collect::<Vec<_>>();
        kept.into_iter().filter_map(|text| self.limited(key, Some(text), max_chars)).collect()
    }

    /// A scalar as text. Numbers and booleans keep the spelling the user wrote.
    fn scalar(&self, value: &Spanned<Yaml>) -> Option<Text> {
        let span = self.span(value);
        let text = match &value.value {
            Yaml::Str(text) => text.clone(),
            Yaml::Int(_) | Yaml::Float(_) | Yaml::Bool(_) => {
                self.source.text.get(span.clone()).unwrap_or_default().trim().to_owned()
            }
            Yaml::Null | Yaml::Seq(_) | Yaml::Map(_) => return None,
        };
        Some(Text { value: text, span })
    }

    fn text(&mut self, key: &Spanned<String>, value: &Spanned<Yaml>) -> Option<Text> {
        if let Yaml::Null = value.value {
            return None;
        }
        let text = self.scalar(value);
        if text.is_none() {
            self.wrong_type(key, value, "text");
        }
        text
    }

    /// A list of texts; a single text is a list of one.
    fn texts(&mut self, key: &Spanned<String>, value: &Spanned<Yaml>) -> Vec<Text> {
        match &value.value {
            Yaml::Null => Vec::new(),
            Yaml::Seq(items) => items
                .iter()
                .filter_map(|item| {
                    let text = self.scalar(item);
                    if text.is_none() {
                        self.wrong_entry_type(key, item, "a text");
                    }
                    text
                })
                .collect(),
            _ => self.text(key, value).into_iter().collect(),
        }
    }

    fn integer(&mut self, key: &Spanned<String>, value: &Spanned<Yaml>) -> Option<i64> {
        match value.value {
            Yaml::Int(n) => Some(n),
            Yaml::Null => None,
            _ => {
                self.wrong_type(key, value, "a whole number");
                None
            }
        }
    }

    fn boolean(&mut self, key: &Spanned<String>, value: &Spanned<Yaml>) -> Option<bool> {
        match value.value {
            Yaml::Bool(b) => Some(b),
            Yaml::Null => None,
            _ => {
                self.wrong_type(key, value, "`true` or `false`");
                None
            }
        }
    }

    fn reference(&mut self, key: &Spanned<String>, value: &Spanned<Yaml>) -> Option<Ref> {
        let text = self.scalar(value);
        if text.is_none() {
            self.wrong_type(key, value, "a page id");
        }
        text.map(|text| Ref { id: text.value, span: text.span, target: None })
    }

    /// One id or a list of ids.
    fn refs(&mut self, key: &Spanned<String>, value: &Spanned<Yaml>) -> Vec<Ref> {
        match &value.value {
            Yaml::Null => Vec::new(),
            Yaml::Seq(items) => items.iter().filter_map(|item| self.reference(key, item)).collect(),
            _ => self.reference(key, value).into_iter().collect(),
        }
    }

    /// Exactly one id.
    fn one_ref(&mut self, key: &Spanned<String>, value: &Spanned<Yaml>) -> Option<Ref> {
        match &value.value {
            Yaml::Null => None,
            Yaml::Seq(_) => {
                self.wrong_type(key, value, "one page id");
                None
            }
            _ => self.reference(key, value),
        }
    }

    fn map<'v>(
        &mut self,
        key: &Spanned<String>,
        value: &'v Spanned<Yaml>,
        expected: &str,
    ) -> &'v Entries {
        match &value.value {
            Yaml::Map(entries) => entries,
            Yaml::Null => &[],
            _ => {
                self.wrong_type(key, value, expected);
                &[]
            }
        }
    }

    fn responsibilities(
        &mut self,
        key: &Spanned<String>,
        value: &Spanned<Yaml>,
    ) -> Responsibilities {
        let mut responsibilities = Responsibilities::default();
        let expected = "a mapping with `ongoing` and `case_driven` lists";
        for (key, value) in self.map(key, value, expected) {
            match key.value.as_str() {
                "ongoing" => responsibilities.ongoing = self.texts(key, value),
                "case_driven" => responsibilities.case_driven = self.texts(key, value),
                name => {
                    let span = self.span(key);
                    self.report(
                        Diagnostic::new(Code::UnknownKey, self.id, format!("unknown key `{name}`"))
                            .at(span)
                            .label("responsibilities are `ongoing` or `case_driven`")
                            .suggest(name, RESPONSIBILITIES.iter().copied()),
                    );
                }
            }
        }
        responsibilities
    }

    fn steps(&mut self, key: &Spanned<String>, value: &Spanned<Yaml>) -> Vec<Step> {
        let items = match &value.value {
            Yaml::Seq(items) => items,
            Yaml::Null => return Vec::new(),
            _ => {
                self.wrong_type(key, value, "a list of steps");
                return Vec::new();
            }
        };
        items.iter().filter_map(|item| self.step(key, item)).collect()
    }

    fn step(&mut self, key: &Spanned<String>, item: &Spanned<Yaml>) -> Option<Step> {
        let Yaml::Map(entries) = &item.value else {
            self.wrong_type(key, item, "a list of steps, each a mapping with `title` and `who`");
            return None;
        };
        let at = self.span(item);
        let mut id = None;
        let mut title = None;
        let mut step = Step {
            id: String::new(),
            id_span: at.clone(),
            title: String::new(),
            who: None,
            accountable: None,
            when: None,
            support: Vec::new(),
            consulted: Vec::new(),
            informed: Vec::new(),
            next: Vec::new(),
            description: None,
        };
        for (key, value) in entries {
            match key.value.as_str() {
                "id" => id = self.text(key, value),
                "title" => {
                    let text = self.text(key, value);
                    title = self.limited(key, text, MAX_TITLE);
                }
                "who" => step.who = self.one_ref(key, value),
                "accountable" => step.accountable = self.one_ref(key, value),
                "when" => step.when = self.text(key, value),
                "support" => step.support = self.refs(key, value),
                "consulted" => step.consulted = self.refs(key, value),
                "informed" => step.informed = self.refs(key, value),
                "next" => step.next = self.refs(key, value),
                "description" => step.description = self.text(key, value),
                name => {
                    let span = self.span(key);
                    self.report(
                        Diagnostic::new(Code::UnknownKey, self.id, format!("unknown key `{name}`"))
                            .at(span)
                            .label("not a field of a workflow step")
                            .suggest(name, STEP.iter().copied()),
                    );
                }
            }
        }
        let Some(title) = title else {
            self.report(
                Diagnostic::new(Code::MissingTitle, self.id, "step has no `title`")
                    .at(at)
                    .help("give every step a short `title`, such as `title: Review the backlog`"),
            );
            return None;
        };
        if step.who.is_none() {
            self.report(
                Diagnostic::new(
                    Code::MissingWho,
                    self.id,
                    format!("step `{}` has no `who`", title.value),
                )
                .at(title.span.clone())
                .help("name the one body or role responsible: `who: developers-committee`"),
            );
        }
        match id {
            Some(id) => {
                if let Some(problem) = super::id::id_problem(&id.value) {
                    self.report(
                        Diagnostic::new(
                            Code::BadId,
                            self.id,
                            format!("bad step id `{}`", id.value),
                        )
                        .at(id.span.clone())
                        .label(problem),
                    );
                }
                step.id = id.value;
                step.id_span = id.span;
            }
            None => step.id = slugify(&title.value),
        }
        step.title = title.value;
        Some(step)
    }
}
