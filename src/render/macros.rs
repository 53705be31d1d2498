//! Confluence-style macros in Markdown: a paragraph that is only `{{ name argument }}` is
//! replaced by generated HTML.
//!
//! - `{{ toc }}`: the table of contents of the page, from its headings (levels 2 to 4);
//! - `{{ children }}`: the pages below this one in the page tree, with their summaries;
//! - `{{ responsibilities ID }}`: the responsibility table of an actor (the steps it owns,
//!   supports, is consulted on or informed of, by workflow) or of a workflow (each step with
//!   who does what).
//!
//! Input: the events of one Markdown text, the site and the page. Output: the events with
//! every macro expanded; an unknown macro or a bad argument is a diagnostic at the macro and
//! renders as marked text.

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::OnceLock;

use html_escape::{encode_double_quoted_attribute, encode_text};
use pulldown_cmark::{Event, Tag, TagEnd};
use regex::Regex;

use super::urls::relative;
use super::view::Heading;
use crate::diag::{Code, Diagnostic, SourceId};
use crate::model::{PageKind, Part, Site, TreeNode};

/// The macros there are, for the help of a finding.
const NAMES: &[&str] = &["toc", "children", "responsibilities"];

/// A macro found in a text, and where.
pub(super) struct Call {
    /// The index of its first event in the text's events.
    start: usize,
    name: String,
    argument: Option<String>,
    /// Where it is in the source.
    span: Range<usize>,
}

/// The macro calls among `events`: a paragraph holding only `{{ … }}`. `text` is the Markdown
/// the events come from, and `place` turns a range of it into a range of the source.
pub(super) fn find_calls(
    events: &[Event<'_>],
    text: &str,
    place: impl Fn(Range<usize>) -> Range<usize>,
) -> Vec<Call> {
    let mut calls = Vec::new();
    // Calls are found in text order, so each is looked for after the previous one.
    let mut searched = 0;
    for (i, window) in events.windows(3).enumerate() {
        let [Event::Start(Tag::Paragraph), Event::Text(written), Event::End(TagEnd::Paragraph)] =
            window
        else {
            continue;
        };
        let written = written.trim();
        if let Some(captures) = pattern().captures(written) {
            let at = text.get(searched..).and_then(|rest| rest.find(written)).map(|i| searched + i);
            let local = at.map_or(0..0, |at| at..at + written.len());
            searched = local.end;
            calls.push(Call {
                start: i,
                name: captures[1].to_owned(),
                argument: captures.get(2).map(|m| m.as_str().trim().to_owned()),
                span: place(local),
            });
        }
    }
    calls
}

fn pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"^\{\{\s*([A-Za-z][\w-]*)(?:\s+([^{}]+?))?\s*\}\}$")
            .unwrap_or_else(|_| unreachable!("the pattern is valid"))
    })
}

/// Replaces each call's three events by its HTML.
pub(super) fn expand(
    events: &mut [Event<'_>],
    calls: Vec<Call>,
    site: &Site,
    from: usize,
    headings: &[Heading],
    source: SourceId,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for call in calls {
        let html = match expand_one(&call, site, from, headings) {
            Ok(html) => html,
            Err(diagnostic) => {
                diagnostics.push(
                    Diagnostic::new(Code::BadMacro, source, diagnostic.0)
                        .at(call.span.clone())
                        .help(diagnostic.1),
                );
                format!(
                    "<p><span class=\"broken-link\">{}</span></p>",
                    encode_text(&format!(
                        "{{{{ {}{} }}}}",
                        call.name,
                        call.argument.as_deref().map(|a| format!(" {a}")).unwrap_or_default()
                    ))
                )
            }
        };
        events[call.start] = Event::Html(html.into());
        events[call.start + 1] = Event::Html("".into());
        events[call.start + 2] = Event::Html("".into());
    }
}

/// A finding's message and help.
struct Problem(String, String);

fn expand_one(
    call: &Call,
    site: &Site,
    from: usize,
    headings: &[Heading],
) -> Result<String, Problem> {
    let no_argument = |name: &str| {
        Problem(
            format!("`{name}` takes no argument"),
            format!("write `{{{{ {name} }}}}` on a line of its own"),
        )
    };
    match (call.name.as_str(), call.argument.as_deref()) {
        ("toc", None) => Ok(toc(headings)),
        ("children", None) => Ok(children(site, from)),
        (name @ ("toc" | "children"), Some(_)) => Err(no_argument(name)),
        ("responsibilities", Some(id)) => responsibilities(site, from, id),
        ("responsibilities", None) => Err(Problem(
            "`responsibilities` needs the id of a body, role or workflow".into(),
            "write `{{ responsibilities steering-group }}`".into(),
        )),
        (name, _) => {
            let help = match crate::diag::did_you_mean(name, NAMES.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "the macros are `toc`, `children` and `responsibilities ID`".into(),
            };
            Err(Problem(format!("unknown macro `{name}`"), help))
        }
    }
}

fn toc(headings: &[Heading]) -> String {
    let mut html = String::from("<nav class=\"macro-toc\" aria-label=\"Contents\"><ul>");
    for heading in headings.iter().filter(|h| (2..=4).contains(&h.level)) {
        let _ = write!(
            html,
            "<li class=\"toc-level-{}\"><a href=\"#{}\">{}</a></li>",
            heading.level,
            encode_double_quoted_attribute(&heading.id),
            encode_text(&heading.text)
        );
    }
    html.push_str("</ul></nav>");
    html
}

fn children(site: &Site, from: usize) -> String {
    let url = &site.pages[from].url;
    let node = find(&site.tree, from);
    let mut html = String::from("<ul class=\"macro-children\">");
    for child in node.map_or(&[][..], |n| n.children.as_slice()) {
        let Some(page) = child.page.map(|i| &site.pages[i]) else { continue };
        let _ = write!(
            html,
            "<li><a class=\"kind-{}\" href=\"{}\">{}</a>",
            page.kind.name(),
            encode_double_quoted_attribute(&relative(url, &page.url)),
            encode_text(&page.title)
        );
        if let Some(summary) = &page.summary {
            let _ =
                write!(html, " — <span class=\"summary-inline\">{}</span>", encode_text(summary));
        }
        html.push_str("</li>");
    }
    html.push_str("</ul>");
    html
}

fn find(node: &TreeNode, page: usize) -> Option<&TreeNode> {
    if node.page == Some(page) {
        return Some(node);
    }
    node.children.iter().find_map(|child| find(child, page))
}

fn responsibilities(site: &Site, from: usize, id: &str) -> Result<String, Problem> {
    let Some(&target) = site.by_id.get(id) else {
        let help = match crate::diag::did_you_mean(id, site.by_id.keys().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "give the id of a body, role or workflow page".into(),
        };
        return Err(Problem(
            format!("`responsibilities` names `{id}`, but no page has that id"),
            help,
        ));
    };
    let url = &site.pages[from].url;
    let link = |page: usize, anchor: Option<&str>| {
        let mut href = relative(url, &site.pages[page].url);
        if let Some(anchor) = anchor {
            href.push('#');
            href.push_str(anchor);
        }
        format!(
            "<a href=\"{}\">{}</a>",
            encode_double_quoted_attribute(&href),
            encode_text(&site.pages[page].title)
        )
    };
    let names = |refs: &[crate::model::Ref]| {
        refs.iter().filter_map(|r| r.target).map(|t| link(t, None)).collect::<Vec<_>>().join(", ")
    };
    let mut html = String::from("<table class=\"macro-responsibilities\"><thead><tr>");
    match &site.pages[target].kind {
        PageKind::Workflow(workflow) => {
            html.push_str("<th scope=\"col\">Step</th><th scope=\"col\">Responsible</th><th scope=\"col\">Supports</th><th scope=\"col\">Consulted</th><th scope=\"col\">Informed</th></tr></thead><tbody>");
            let anchors = workflow.step_anchors();
            for (s, step) in workflow.steps.iter().enumerate() {
                let title = format!("{}. {}", s + 1, step.title);
                let mut href = relative(url, &site.pages[target].url);
                href.push('#');
                href.push_str(&anchors[s]);
                let _ = write!(
                    html,
                    "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    encode_double_quoted_attribute(&href),
                    encode_text(&title),
                    step.who
                        .as_ref()
                        .and_then(|r| r.target)
                        .map(|t| link(t, None))
                        .unwrap_or_default(),
                    names(&step.support),
                    names(&step.consulted),
                    names(&step.informed),
                );
            }
        }
        kind if kind.is_actor() => {
            html.push_str("<th scope=\"col\">Workflow</th><th scope=\"col\">Step</th><th scope=\"col\">Part</th></tr></thead><tbody>");
            for (w, page) in site.pages.iter().enumerate() {
                let PageKind::Workflow(workflow) = &page.kind else { continue };
                let anchors = workflow.step_anchors();
                for (s, step) in workflow.steps.iter().enumerate() {
                    // The first part named is the strongest: who, support, consulted, informed.
                    let Some(part) =
                        step.actors().find(|(_, r)| r.target == Some(target)).map(|(part, _)| part)
                    else {
                        continue;
                    };
                    let part = match part {
                        Part::Responsible => "Responsible",
                        Part::Accountable => "Accountable",
                        Part::Supports => "Supports",
                        Part::Consulted => "Consulted",
                        Part::Informed => "Informed",
                    };
                    let mut href = relative(url, &page.url);
                    href.push('#');
                    href.push_str(&anchors[s]);
                    let _ = write!(
                        html,
                        "<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td>{part}</td></tr>",
                        link(w, None),
                        encode_double_quoted_attribute(&href),
                        encode_text(&format!("{}. {}", s + 1, step.title)),
                    );
                }
            }
        }
        other => {
            return Err(Problem(
                format!("`responsibilities` names `{id}`, which is {}", other.describe()),
                "give the id of a body, role or workflow page".into(),
            ));
        }
    }
    html.push_str("</tbody></table>");
    Ok(html)
}
