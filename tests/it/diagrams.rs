//! Generated diagrams in the built site: the organisational scheme and the neighbourhoods of
//! the bundled wiki, parsed and rasterised with resvg, and their geometry read back from the
//! SVG itself. PNGs are written to `target/test-artifacts/` for a person to look at.

use std::path::{Path, PathBuf};

use govwiki::build::{Build, BuildSettings, build_site};
use resvg::{tiny_skia, usvg};

fn bundled() -> Build {
    build_site(Path::new(env!("CARGO_MANIFEST_DIR")), &BuildSettings::default()).unwrap()
}

/// The `<svg>…</svg>` elements of a rendered page.
fn svgs(build: &Build, path: &str) -> Vec<String> {
    let html = String::from_utf8(build.rendered.files[path].to_vec()).unwrap();
    let mut found = Vec::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").unwrap() + start + "</svg>".len();
        found.push(rest[start..end].to_owned());
        rest = &rest[end..];
    }
    found
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Parses an SVG as a browser-grade renderer does and rasterises it; returns the tree and the
/// PNG bytes.
fn rasterise(svg: &str) -> (usvg::Tree, Vec<u8>) {
    let mut options = usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_system_fonts();
    // The generic family resolves to Arial by default, which Linux machines rarely have.
    fonts.set_sans_serif_family("DejaVu Sans");
    let tree = usvg::Tree::from_str(svg, &options).expect("the SVG parses");
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let distinct: std::collections::HashSet<_> =
        pixmap.pixels().iter().map(|p| (p.red(), p.green(), p.blue())).collect();
    assert!(distinct.len() > 3, "the rendered diagram is not blank");
    (tree, pixmap.encode_png().unwrap())
}

/// The value of attribute `name` of the first element in `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// The boxes of a scheme as written in its SVG, the legend's samples included:
/// (x, y, width, height, class).
fn boxes(svg: &str) -> Vec<(f64, f64, f64, f64, String)> {
    svg.match_indices("<rect class=\"gw-box ")
        .map(|(i, _)| {
            let tag = &svg[i..i + svg[i..].find("/>").unwrap()];
            let number = |name: &str| attribute(tag, name).unwrap().parse::<f64>().unwrap();
            let class = attribute(tag, "class").unwrap().to_owned();
            (number("x"), number("y"), number("width"), number("height"), class)
        })
        .collect()
}

#[test]
fn the_bundled_scheme_has_every_body_as_a_linked_box_and_renders() {
    let build = bundled();
    let svg = &svgs(&build, "scheme.html")[0];
    assert!(svg.contains(r#"role="group""#), "a group, whose links can be followed");
    assert!(svg.contains("<title id=\"gw-scheme-title\">Organisational scheme</title>"));
    assert!(svg.contains("<desc id=\"gw-scheme-desc\">Organisational scheme: 8 bodies, "));
    for (id, title) in [
        ("steering-group", "Steering Group (SG) (body)"),
        ("technical-advisory-group", "Technical Advisory Group (TAG) (body)"),
        ("product-group", "Product Group (body)"),
    ] {
        let link = format!("<a href=\"bodies/{id}/index.html\"><title>{title}</title>");
        assert!(svg.contains(&link), "no box for {id}: {link}");
    }
    assert!(svg.contains(">advises</text>"), "advises edges are labelled");
    assert!(svg.contains(">nominates</text>"));
    assert!(svg.contains("class=\"gw-legend\""));
    assert!(svg.contains("<tspan"), "box text is real text");
    let found = boxes(svg);
    let bodies = found.iter().filter(|b| b.4.contains("gw-box-body")).count();
    assert_eq!(bodies, 8 + 1, "eight bodies and the legend's sample");
    assert!(svg.contains(
        "<title>Coordination Desk, Developers Committee and Implementers Committee are part of \
         Product Group</title>"
    ));
    let (tree, png) = rasterise(svg);
    let (width, height) = (tree.size().width(), tree.size().height());
    for (x, y, w, h, _) in &found {
        assert!(*x >= 0.0 && *y >= 0.0 && x + w <= f64::from(width) && y + h <= f64::from(height));
    }
    for (i, a) in found.iter().enumerate() {
        for b in &found[i + 1..] {
            let apart =
                a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
            assert!(apart, "boxes overlap: {a:?} {b:?}");
        }
    }
    std::fs::write(artifacts().join("scheme.png"), png).unwrap();
}

#[test]
fn a_body_page_shows_its_neighbourhood() {
    let build = bundled();
    let svg = &svgs(&build, "bodies/technical-advisory-group/index.html")[0];
    assert!(svg.contains("gw-box-current"), "the body itself is marked");
    for title in ["Steering Group (SG)", "Product Group"] {
        assert!(svg.contains(&format!("<title>{title} (body)</title>")), "{title}");
    }
    assert!(!svg.contains("Knowledge Hubs"), "only the neighbourhood is drawn");
    assert!(svg.contains(r#"<a href="../steering-group/index.html">"#), "links are relative");
    let (_, png) = rasterise(svg);
    std::fs::write(artifacts().join("neighbourhood-tag.png"), png).unwrap();
}

#[test]
fn every_page_links_to_the_scheme_and_the_scheme_is_deterministic() {
    let first = bundled();
    let home = String::from_utf8(first.rendered.files["index.html"].to_vec()).unwrap();
    assert!(home.contains(r#"<a href="scheme.html">Organisational scheme</a>"#));
    let role = String::from_utf8(first.rendered.files["roles/giz/index.html"].to_vec()).unwrap();
    assert!(role.contains(r#"<a href="../../scheme.html">Organisational scheme</a>"#));
    let second = bundled();
    assert_eq!(first.rendered.files["scheme.html"], second.rendered.files["scheme.html"]);
}

#[test]
fn a_workflow_page_shows_its_swimlanes_linked_to_its_steps() {
    let build = bundled();
    let path = "workflows/release-management/index.html";
    let html = String::from_utf8(build.rendered.files[path].to_vec()).unwrap();
    let svg = &svgs(&build, path)[0];
    assert!(svg.contains(r#"class="gw-diagram gw-swimlane""#));
    assert!(svg.contains(
        "<title id=\"gw-swimlane-title\">Release management (software maintenance)</title>"
    ));
    let steps = svg.matches("<a href=\"#step-").count();
    assert_eq!(steps, html.matches("<tr id=\"step-").count(), "one box per step row");
    for (i, _) in svg.match_indices("<a href=\"#step-") {
        let anchor = &svg[i + 10..i + 10 + svg[i + 10..].find('"').unwrap()];
        assert!(html.contains(&format!("<tr id=\"{anchor}\">")), "{anchor} has a row");
    }
    assert!(svg.contains(r#"<a href="../../bodies/product-group/index.html">"#), "lanes link");
    let (_, png) = rasterise(svg);
    std::fs::write(artifacts().join("swimlane-release-management.png"), png).unwrap();
}

/// The bundled workflows with the most steps and lanes.
const WIDE_WORKFLOWS: [&str; 2] =
    ["workflows/release-management/index.html", "workflows/country-implementation/index.html"];

/// The numbers of attribute `name` in every tag of `svg` that starts with `start`.
fn numbers(svg: &str, start: &str, name: &str) -> Vec<f64> {
    svg.match_indices(start)
        .filter_map(|(i, _)| {
            let tag = &svg[i..i + svg[i..].find('>').unwrap()];
            attribute(tag, name).map(|value| value.parse::<f64>().unwrap())
        })
        .collect()
}

/// The release workflow (11 steps, 7 lanes) and the country workflow (9 steps, 8 lanes) fit a
/// page column of 1000 px at their natural size, so no text is scaled below its written
/// size, and none is written smaller than 9 px.
#[test]
fn the_release_and_country_swimlanes_fit_a_1000_px_column_with_legible_text() {
    let build = bundled();
    for path in WIDE_WORKFLOWS {
        let svg = &svgs(&build, path)[0];
        let (tree, png) = rasterise(svg);
        let width = f64::from(tree.size().width());
        assert!(width <= 1000.0, "{path} is {width} px wide");
        let sizes = numbers(svg, "<", "font-size");
        assert!(!sizes.is_empty());
        assert!(sizes.iter().all(|&size| size >= 9.0), "{path} has text of {sizes:?} px");
        let name = path.split('/').nth(1).unwrap();
        std::fs::write(artifacts().join(format!("swimlane-{name}.png")), png).unwrap();
    }
}

/// Every lane's title stands in a row at the top, above the first step, and links to the
/// party's page; a diagram taller than a screen repeats the row below the last step.
#[test]
fn swimlane_lane_titles_stand_in_a_row_above_the_first_step() {
    let build = bundled();
    for path in WIDE_WORKFLOWS {
        let svg = &svgs(&build, path)[0];
        let rows = numbers(svg, "<rect class=\"gw-lane-title\"", "y");
        let steps = numbers(svg, "<rect class=\"gw-box gw-box-", "y");
        let first_step = steps.iter().copied().fold(f64::MAX, f64::min);
        let top_cells: Vec<f64> = rows.iter().copied().filter(|&y| y < first_step).collect();
        let html = String::from_utf8(build.rendered.files[path].to_vec()).unwrap();
        let table = &html[html.find("<table class=\"steps-table\"").unwrap()..];
        let cells =
            ["who", "support", "consulted", "informed"].map(|c| format!("<td class=\"{c}\">"));
        let mut parties: Vec<&str> = cells
            .iter()
            .flat_map(|cell| table.match_indices(cell.as_str()))
            .flat_map(|(i, _)| {
                let cell = &table[i..i + table[i..].find("</td>").unwrap()];
                cell.match_indices("<a ").filter_map(|(j, _)| attribute(&cell[j..], "href"))
            })
            .collect();
        parties.sort_unstable();
        parties.dedup();
        assert_eq!(top_cells.len(), parties.len(), "{path}: one title per party on top");
        assert!(top_cells.windows(2).all(|w| w[0] == w[1]), "{path}: the titles form a row");
        for href in parties {
            let link = format!("<a href=\"{href}\"><text class=\"gw-text\"");
            let at = svg.find(&link).unwrap_or_else(|| panic!("{path}: no lane title for {href}"));
            let y = attribute(&svg[at..], "y").unwrap().parse::<f64>().unwrap();
            assert!(y < first_step, "{path}: the title of {href} at {y} is not on top");
        }
        let height = attribute(svg, "height").unwrap().parse::<f64>().unwrap();
        if height > 900.0 {
            assert_eq!(rows.len(), 2 * top_cells.len(), "{path}: the titles repeat below");
            let last_step = steps.iter().copied().fold(0.0, f64::max);
            assert!(rows.iter().filter(|&&y| y > last_step).count() == top_cells.len());
        }
    }
}

/// The `<title>` of every relation edge (`gw-edge`) of every SVG in the rendered `path`, and
/// of every frame, one sentence per part ("A and B are part of C": "A is part of C", …).
fn edge_titles(build: &Build, path: &str) -> Vec<String> {
    let mut titles = Vec::new();
    for svg in svgs(build, path) {
        for (at, _) in svg.match_indices("<rect class=\"gw-frame\"") {
            let element = &svg[at..at + svg[at..].find("</rect>").unwrap()];
            let start = element.find("<title>").unwrap() + "<title>".len();
            let title = &element[start..element.find("</title>").unwrap()];
            let (parts, whole) = title
                .split_once(" are part of ")
                .or_else(|| title.split_once(" is part of "))
                .unwrap();
            let parts = parts.replace(" and ", ", ");
            for part in parts.split(", ") {
                titles.push(format!("{part} is part of {whole}"));
            }
        }
        for (at, _) in svg.match_indices("<path class=\"gw-edge ") {
            // The legend's samples are edges without a title.
            let element = &svg[at..];
            let end = [element.find("/>"), element.find("</path>")].into_iter().flatten().min();
            let element = &element[..end.unwrap()];
            let Some(start) = element.find("<title>") else { continue };
            let end = element.find("</title>").unwrap();
            titles.push(element[start + "<title>".len()..end].replace("&amp;", "&"));
        }
    }
    titles.sort();
    titles
}

/// What the front matter of `build`'s site says of every relation between two pages the
/// scheme draws, in words: "A is nominated by B" for `nominated_by: b` on page A.
fn relations_in_words(build: &Build) -> Vec<String> {
    let site = build.site.as_ref().unwrap();
    let mut sentences = Vec::new();
    for page in &site.pages {
        for (relation, reference) in page.kind.relations() {
            let Some(target) = reference.target else { continue };
            let verb = match relation.key() {
                "part_of" => "is part of",
                "nominated_by" => "is nominated by",
                "advises" => "advises",
                "reports_to" => "reports to",
                "held_by" => "is held by",
                "contributes_to" => "contributes to",
                "delegates_to" => "delegates to",
                other => panic!("a relation the test does not know: {other}"),
            };
            sentences.push(format!("{} {verb} {}", page.title, site.pages[target].title));
        }
    }
    sentences.sort();
    sentences
}

/// Hover text and screen readers say what the front matter says, never the opposite of it:
/// on a site with every kind of relation, and on the bundled wiki.
#[test]
fn every_edge_title_states_its_relation_as_the_front_matter_does() {
    let site = tempfile::tempdir().unwrap();
    let pages = [
        ("index.md", "---\ntitle: Home\n---\n\n[[scheme]]\n"),
        ("board.md", "---\ntitle: Board\nkind: body\n---\n"),
        (
            "council.md",
            "---\ntitle: Council\nkind: body\nnominated_by: board\nadvises: board\n---\n",
        ),
        ("office.md", "---\ntitle: Office\nkind: body\npart_of: board\nreports_to: council\n---\n"),
        ("desk.md", "---\ntitle: Desk\nkind: role\nheld_by: office\n---\n"),
        ("partner.md", "---\ntitle: Partner\nkind: role\ncontributes_to: council\n---\n"),
    ];
    for (path, text) in pages {
        std::fs::create_dir_all(site.path().join("content")).unwrap();
        std::fs::write(site.path().join("content").join(path), text).unwrap();
    }
    let build = build_site(site.path(), &BuildSettings::default()).unwrap();
    let expected = relations_in_words(&build);
    assert_eq!(
        expected,
        [
            "Council advises Board",
            "Council is nominated by Board",
            "Desk is held by Office",
            "Office is part of Board",
            "Office reports to Council",
            "Partner contributes to Council",
        ]
    );
    assert_eq!(edge_titles(&build, "scheme.html"), expected);

    let bundled = bundled();
    let expected = relations_in_words(&bundled);
    assert!(expected.contains(&"Technical Advisory Group is nominated by Steering Group".into()));
    assert_eq!(edge_titles(&bundled, "scheme.html"), expected);
}

/// The home page shows the scheme, as an image of the scheme alone, which is a standalone SVG
/// file a reader opens at full size; the scheme page links to it too.
#[test]
fn the_home_page_shows_the_scheme_which_opens_at_full_size() {
    let build = bundled();
    let image = String::from_utf8(build.rendered.files["scheme.svg"].to_vec()).unwrap();
    assert!(image.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
    assert!(image.contains(" xmlns=\"http://www.w3.org/2000/svg\""));
    let (tree, png) = rasterise(&image);
    assert!(tree.size().width() > 600.0, "{:?}", tree.size());
    std::fs::write(artifacts().join("scheme-standalone.png"), png).unwrap();
    // The same drawing as the scheme page's.
    assert_eq!(svgs(&build, "scheme.html"), [image.split_once('\n').unwrap().1.to_owned()]);
    let home = String::from_utf8(build.rendered.files["index.html"].to_vec()).unwrap();
    assert!(
        home.contains(
            r#"<a href="scheme.html"><img src="scheme.svg" alt="The organisational scheme"#
        ),
        "{home}"
    );
    let scheme = String::from_utf8(build.rendered.files["scheme.html"].to_vec()).unwrap();
    assert!(scheme.contains(r#"<a href="scheme.svg">Open the scheme at full size</a>"#));
    assert!(!build.has_errors(), "{:?}", build.diagnostics);
}

/// A site without bodies has no scheme, and its home page shows none.
#[test]
fn a_site_without_bodies_shows_no_scheme() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    std::fs::write(site.path().join("content/index.md"), "# Home\n").unwrap();
    let build = build_site(site.path(), &BuildSettings::default()).unwrap();
    assert!(!build.rendered.files.contains_key("scheme.svg"));
    let home = String::from_utf8(build.rendered.files["index.html"].to_vec()).unwrap();
    assert!(!home.contains("scheme"), "{home}");
}

/// A role page shows where the role sits: its neighbourhood in the scheme when a relation
/// ties it to a body, else the actors it shares workflow steps with, the most shared first.
#[test]
fn a_role_page_shows_where_the_role_sits() {
    let build = bundled();
    let page = |path: &str| String::from_utf8(build.rendered.files[path].to_vec()).unwrap();
    let partners = page("roles/implementation-partners/index.html");
    assert!(partners.contains("diagram-neighbourhood"));
    assert!(!partners.contains("Where it sits"));
    for body in ["Implementers Committee", "Knowledge Hubs"] {
        assert!(partners.contains(&format!("<title>{body}")), "{body} beside the partners");
    }
    let giz = page("roles/giz/index.html");
    assert!(!giz.contains("diagram-neighbourhood"));
    let at =
        giz.find("<h2 id=\"where-it-sits\">Where it sits</h2>").expect("a Where it sits section");
    let section = &giz[at..at + giz[at..].find("</section>").unwrap()];
    assert!(section.contains("does not draw it"), "{section}");
    // GIZ shares country-implementation steps with the IT & Product Team and the Steering
    // Group, among others.
    for actor in ["../it-product-team/index.html", "../../bodies/steering-group/index.html"] {
        assert!(section.contains(&format!("href=\"{actor}\"")), "{actor} in {section}");
    }
}
