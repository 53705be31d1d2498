//! The organisational scheme of a site, and each body's neighbourhood in it, as the input
//! of the layout in [`super::svg::orgchart`].
//!
//! Input: the [`Site`]. Output: boxes and relations, with every link already relative to the
//! page the diagram is shown on. The scheme holds every body, and every role that a relation
//! connects to a body; a neighbourhood holds one body, its parent, its parts, and every body or
//! role it has a relation with, in either direction.

use std::collections::BTreeSet;

use super::svg::orgchart::{EdgeInput, NodeInput, layout_scheme, render_scheme};
use super::urls::relative;
use crate::model::{PageKind, Site};

/// The file the full scheme is written to; no content page can have this output path.
pub const SCHEME_URL: &str = "scheme.html";

/// The full scheme alone, as an SVG file: the home page shows it, and a reader opens it at
/// full size. Its links are those of the scheme page, which is in the same folder.
pub const SCHEME_IMAGE: &str = "scheme.svg";

/// The SVG of the whole scheme, as seen from the output file `from`; `None` without bodies.
#[must_use]
pub fn render_full_scheme(site: &Site, from: &str) -> Option<String> {
    let members = scheme_members(site);
    if members.is_empty() {
        return None;
    }
    Some(render(site, from, &members, None, "Organisational scheme"))
}

/// The SVG of the neighbourhood of body `focus`, as seen from its own page; `None` when the
/// body has no relation to draw.
#[must_use]
pub fn render_neighbourhood(site: &Site, focus: usize) -> Option<String> {
    let members = neighbourhood(site, focus);
    if members.len() < 2 {
        return None;
    }
    let title =
        format!("Neighbourhood of {} in the organisational scheme", site.pages[focus].title);
    Some(render(site, &site.pages[focus].url, &members, Some(focus), &title))
}

/// A body or role and every body or role it has a relation with, in either direction.
fn neighbourhood(site: &Site, focus: usize) -> BTreeSet<usize> {
    let mut members = BTreeSet::from([focus]);
    members.extend(site.pages[focus].kind.relations().filter_map(|(_, r)| r.target));
    members.extend(site.incoming[focus].iter().map(|&(_, from)| from));
    members.retain(|&i| site.pages[i].kind.is_actor());
    members
}

/// Every body, and every role that a relation connects to a body.
fn scheme_members(site: &Site) -> BTreeSet<usize> {
    let is_body = |i: usize| matches!(site.pages[i].kind, PageKind::Body(_));
    let mut members: BTreeSet<usize> = (0..site.pages.len()).filter(|&i| is_body(i)).collect();
    for (from, page) in site.pages.iter().enumerate() {
        for (_, reference) in page.kind.relations() {
            let Some(to) = reference.target else { continue };
            if is_body(from) && site.pages[to].kind.is_actor() {
                members.insert(to);
            }
            if is_body(to) && page.kind.is_actor() {
                members.insert(from);
            }
        }
    }
    members
}

fn render(
    site: &Site,
    from: &str,
    members: &BTreeSet<usize>,
    focus: Option<usize>,
    title: &str,
) -> String {
    let (nodes, edges) = scheme_input(site, from, members, focus);
    let layout = layout_scheme(&nodes, &edges);
    render_scheme(title, &nodes, &layout)
}

/// The boxes and relations of the pages in `members`, linked relative to `from`.
fn scheme_input(
    site: &Site,
    from: &str,
    members: &BTreeSet<usize>,
    focus: Option<usize>,
) -> (Vec<NodeInput>, Vec<EdgeInput>) {
    let pages: Vec<usize> = members.iter().copied().collect();
    let nodes: Vec<NodeInput> = pages
        .iter()
        .map(|&i| {
            let page = &site.pages[i];
            NodeInput {
                id: page.id.clone(),
                title: page.title.clone(),
                abbr: match &page.kind {
                    PageKind::Body(body) => body.abbr.clone(),
                    _ => None,
                },
                href: Some(relative(from, &page.url)),
                is_role: matches!(page.kind, PageKind::Role(_)),
                current: focus == Some(i),
            }
        })
        .collect();
    let node_of = |page: usize| pages.binary_search(&page).ok();
    let mut edges = Vec::new();
    for (n, &i) in pages.iter().enumerate() {
        for (relation, reference) in site.pages[i].kind.relations() {
            if let Some(to) = reference.target.and_then(node_of) {
                edges.push(EdgeInput { from: n, to, relation });
            }
        }
    }
    (nodes, edges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{BuildSettings, build_site};
    use crate::model::Relation;
    use crate::render::svg::orgchart::tests::assert_sound;

    #[test]
    fn the_bundled_scheme_and_every_neighbourhood_lay_out_soundly() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let build = build_site(root, &BuildSettings::default()).unwrap();
        let site = build.site.unwrap();
        let members = scheme_members(&site);
        let (nodes, edges) = scheme_input(&site, SCHEME_URL, &members, None);
        assert_eq!(nodes.iter().filter(|n| !n.is_role).count(), 8);
        let layout = layout_scheme(&nodes, &edges);
        assert_sound(&nodes, &layout);
        let index = |id: &str| nodes.iter().position(|n| n.id == id).unwrap();
        let frame = layout.frames[index("product-group")].expect("the Product Group's frame");
        for part in ["coordination-desk", "developers-committee", "implementers-committee"] {
            let part = layout.boxes[index(part)];
            assert!(frame.x <= part.x && part.right() <= frame.right(), "{part:?} in the frame");
            assert!(frame.y <= part.y && part.bottom() <= frame.bottom(), "{part:?} in the frame");
        }
        // Authority reads top-down: the Steering Group above everything it nominates, is
        // advised by or reported to by; the roles the seeds place around the bodies appear.
        let steering = layout.boxes[index("steering-group")];
        for below in ["technical-advisory-group", "stakeholder-committee", "knowledge-hubs"] {
            assert!(steering.bottom() < layout.boxes[index(below)].y, "{below} below the SG");
        }
        assert!(steering.bottom() < frame.y, "the Product Group below the SG");
        for role in ["implementation-partners", "local-support-teams", "scheme-operators"] {
            assert!(nodes.iter().any(|n| n.id == role && n.is_role), "{role} drawn");
        }
        assert!(!nodes.iter().any(|n| n.id == "toumai-community"), "Toumai is no body");
        let relations: Vec<Relation> = layout.edges.iter().map(|e| e.edge.relation).collect();
        for relation in [
            Relation::NominatedBy,
            Relation::Advises,
            Relation::ReportsTo,
            Relation::HeldBy,
            Relation::ContributesTo,
        ] {
            assert!(relations.contains(&relation), "{relation:?} drawn");
        }
        assert!(!relations.contains(&Relation::PartOf), "parts are nested, not lines");
        for focus in members {
            let near = neighbourhood(&site, focus);
            let (nodes, edges) = scheme_input(&site, &site.pages[focus].url, &near, Some(focus));
            assert_sound(&nodes, &layout_scheme(&nodes, &edges));
        }
    }
}
