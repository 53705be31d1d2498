//! The bundled openIMIS wiki: its model stays complete and it builds without findings.

use std::path::Path;

use govwiki::build::{BuildSettings, build_site};
use govwiki::model::PageKind;

#[test]
fn bundled_wiki_builds_clean_with_every_body_role_and_workflow() {
    let build =
        build_site(Path::new(env!("CARGO_MANIFEST_DIR")), &BuildSettings::default()).unwrap();
    assert!(build.diagnostics.is_empty(), "{:#?}", build.diagnostics);
    let site = build.site.unwrap();
    let count = |kind: &str| site.pages.iter().filter(|p| p.kind.name() == kind).count();
    assert_eq!(count("body"), 8);
    assert_eq!(count("role"), 10);
    assert_eq!(count("workflow"), 3);
    for id in [
        "steering-group",
        "stakeholder-committee",
        "product-group",
        "coordination-desk",
        "developers-committee",
        "implementers-committee",
        "technical-advisory-group",
        "knowledge-hubs",
    ] {
        assert_eq!(site.page(id).map(|p| p.kind.name()), Some("body"), "{id}");
    }
    for id in ["implementation-partners", "scheme-operators", "local-support-teams"] {
        assert_eq!(site.page(id).map(|p| p.kind.name()), Some("role"), "{id}");
    }
    let mut steps = 0;
    for id in ["release-management", "user-support", "country-implementation"] {
        let PageKind::Workflow(workflow) = &site.page(id).unwrap().kind else {
            panic!("{id} is not a workflow");
        };
        for step in &workflow.steps {
            let who = step.who.as_ref().and_then(|who| who.target);
            let who =
                who.unwrap_or_else(|| panic!("{id}: step `{}` has no resolved `who`", step.id));
            assert!(site.pages[who].kind.is_actor(), "{id}: `{}`", step.id);
        }
        steps += workflow.steps.len();
    }
    assert_eq!(steps, 28);
    for part in ["coordination-desk", "developers-committee", "implementers-committee"] {
        let PageKind::Body(body) = &site.page(part).unwrap().kind else { panic!() };
        assert_eq!(body.part_of.as_ref().map(|r| r.id.as_str()), Some("product-group"));
    }
    let PageKind::Body(tag) = &site.page("technical-advisory-group").unwrap().kind else {
        panic!()
    };
    assert_eq!(tag.nominated_by[0].id, "steering-group");
    assert!(!build.rendered.files.is_empty());
}
