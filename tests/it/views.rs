//! The views of the governance records, built from `tests/fixtures/build/governance` as of a
//! fixed day: rosters and vacancies, decision logs, person, decision and meeting pages, the
//! "Who's who" page, the timeline, every page's lifecycle, and accountability in workflows.

use crate::support::TestSite;

/// The day the fixture is built for: the board's chair and one member are current, one
/// member's term has ended, another's has not begun, and one member seat is vacant.
const AS_OF: &str = "2025-06-01";

fn built_as_of(day: &str) -> TestSite {
    let site = TestSite::fixture("build/governance");
    let run = site.run(&["build", "--no-history", "--as-of", day]).code(0);
    // Every link the new views write resolves: the site's own link check finds nothing.
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(!run.stderr.contains("GW4"), "{}", run.stderr);
    site
}

fn built() -> TestSite {
    built_as_of(AS_OF)
}

/// The rows of the first table with class `class` in `html`, each row's text as written.
fn rows<'a>(html: &'a str, class: &str) -> Vec<&'a str> {
    let start = html.find(&format!("<table class=\"{class}\">")).expect("the table is there");
    let table = &html[start..];
    let table = &table[..table.find("</table>").expect("the table ends")];
    let body = &table[table.find("<tbody>").expect("the table has a body")..];
    body.split("<tr").skip(1).collect()
}

#[test]
fn a_body_page_shows_its_roster_with_each_terms_standing_and_its_vacancies() {
    let site = built();
    let board = site.main_of("public/bodies/board/index.html");
    assert!(board.contains(r#"<h2 id="roster">Roster</h2>"#), "{board}");
    assert!(board.contains("<p class=\"seats-wanted\">Seats: 1 chair · 2 to 5 member.</p>"));
    assert!(board.contains(r#"<ul class="vacancies"><li>1 member seat vacant</li></ul>"#));
    let roster = rows(&board, "roster");
    assert_eq!(roster.len(), 4, "{roster:?}");
    // Current terms first, then the one to come, then the one ended.
    assert!(roster[0].starts_with(r#" class="term-current"><td class="seat">chair</td><td class="holder"><a class="kind-person" href="../../people/ada/index.html">Ada Lovelace</a></td><td class="for">analytical-society</td>"#), "{}", roster[0]);
    assert!(roster[0].contains(r#"from 2020-01-01 <span class="appointed">elected by <a class="kind-body" href="../committee/index.html">Audit Committee</a></span>"#));
    assert!(roster[0].contains(r#"<span class="term-state term-current">current</span>"#));
    assert!(roster[1].contains(r#"<td class="holder">Charles Babbage</td><td class="for"><a class="kind-body" href="../committee/index.html">Audit Committee</a></td>"#), "the holder by name, the seat for a body page: {}", roster[1]);
    assert!(roster[2].contains("Alan Turing") && roster[2].contains("not yet begun"));
    assert!(roster[3].contains("Grace Hopper") && roster[3].contains("2020-01-01 – 2024-06-30"));
    assert!(roster[3].contains(r#"<span class="term-state term-ended">ended</span>"#));
    // The members described in words stay a list.
    assert!(board.contains("<li>Two observers from the partners</li>"));
    let committee = site.main_of("public/bodies/committee/index.html");
    assert!(committee.contains(r#"<ul class="vacancies"><li>1 secretary seat vacant</li></ul>"#));
}

#[test]
fn the_standing_of_a_term_is_as_of_the_build_day() {
    let site = built_as_of("2019-06-01");
    let board = site.main_of("public/bodies/board/index.html");
    let roster = rows(&board, "roster");
    assert!(roster.iter().all(|row| !row.contains("term-current")), "{roster:?}");
    assert!(
        board.contains("<li>1 chair seat vacant</li><li>2 member seats vacant</li>"),
        "{board}"
    );
    let people = site.main_of("public/people.html");
    assert!(people.contains("as of <time datetime=\"2019-06-01\">2019-06-01</time>"));
}

#[test]
fn a_body_page_shows_its_decision_rights_and_its_decision_log_newest_first() {
    let board = built().main_of("public/bodies/board/index.html");
    assert!(board.contains(r#"<h2 id="decision-rights">Decision rights</h2>"#), "{board}");
    assert!(board.contains("<dt>Decides</dt><dd>budget, strategy</dd>"));
    assert!(board.contains(r#"<dt>Delegates to</dt><dd><a class="kind-body" href="../committee/index.html">Audit Committee</a></dd>"#));
    assert!(board.contains("<dt>Voting</dt><dd>Consensus</dd>"));
    assert!(board.contains("<dt>Quorum</dt><dd>2/3 of the seats held</dd>"));
    assert!(board.contains("<dt>Meets</dt><dd>Twice a year</dd>"));
    let decisions = rows(&board, "decisions");
    assert_eq!(decisions.len(), 2);
    assert!(decisions[0].contains(r#"<time datetime="2024-03-01">2024-03-01</time></td><td><a class="kind-decision" href="../../decisions/budget-2024/index.html">Budget 2024</a></td><td>budget</td><td>A budget of 120</td>"#), "{}", decisions[0]);
    assert!(decisions[1].contains("Budget 2023"), "the older decision comes second");
    let meetings = rows(&board, "meetings");
    assert_eq!(meetings.len(), 1);
    // On the meeting's day the board had three seats held, two of whose holders came.
    assert!(meetings[0].contains(r#"<a class="kind-meeting" href="../../meetings/board-2024-03/index.html">Board meeting of March 2024</a></td><td>2 of 3 seats held</td>"#), "{}", meetings[0]);
    let committee = built().main_of("public/bodies/committee/index.html");
    assert!(committee.contains("<dt>Quorum</dt><dd>2 members</dd>"));
    assert!(!committee.contains("decision-log"), "no decisions, no log");
}

#[test]
fn a_person_page_lists_every_seat_in_every_body_newest_first() {
    let grace = built().main_of("public/people/grace/index.html");
    assert!(grace.contains("<dt>Affiliation</dt><dd>Navy</dd>"), "{grace}");
    let seats = rows(&grace, "roster");
    assert_eq!(seats.len(), 2, "{seats:?}");
    assert!(seats[0].starts_with(r#" class="term-current"><td class="body"><a class="kind-body" href="../../bodies/committee/index.html">Audit Committee</a></td><td class="seat">chair</td>"#), "{}", seats[0]);
    assert!(seats[0].contains(r#"appointed by <a class="kind-body" href="../../bodies/board/index.html">Board <abbr>(BRD)</abbr></a>"#));
    assert!(seats[1].contains(r#"<a class="kind-body" href="../../bodies/board/index.html">Board <abbr>(BRD)</abbr></a></td><td class="seat">member</td>"#), "{}", seats[1]);
    assert!(seats[1].contains(">ended</span>"));
}

#[test]
fn decision_and_meeting_pages_show_their_facts_and_link_both_ways() {
    let site = built();
    let old = site.main_of("public/decisions/budget-2023/index.html");
    assert!(old.contains(r#"<dt>Decided by</dt><dd><a class="kind-body" href="../../bodies/board/index.html">Board <abbr>(BRD)</abbr></a></dd>"#), "{old}");
    assert!(old.contains(r#"<dt>Date</dt><dd><time datetime="2023-03-01">2023-03-01</time></dd>"#));
    assert!(old.contains("<dt>Topic</dt><dd>budget</dd><dt>Outcome</dt><dd>A budget of 100</dd>"));
    assert!(old.contains(r#"<dt>Superseded by</dt><dd><a class="kind-decision" href="../budget-2024/index.html">Budget 2024</a></dd>"#));
    let new = site.main_of("public/decisions/budget-2024/index.html");
    assert!(new.contains(r#"<dt>Supersedes</dt><dd><a class="kind-decision" href="../budget-2023/index.html">Budget 2023</a></dd>"#), "{new}");
    let meeting = site.main_of("public/meetings/board-2024-03/index.html");
    assert!(
        meeting.contains(
            r#"<dt>Meeting of</dt><dd><a class="kind-body" href="../../bodies/board/index.html">"#
        ),
        "{meeting}"
    );
    assert!(meeting.contains(r#"<dt>Attendees</dt><dd><a class="kind-person" href="../../people/ada/index.html">Ada Lovelace</a>, <a class="kind-person" href="../../people/grace/index.html">Grace Hopper</a></dd>"#));
    assert!(meeting.contains(r#"<dt>Decisions</dt><dd><a class="kind-decision" href="../../decisions/budget-2024/index.html">Budget 2024</a></dd>"#));
    // The attendee's page names the meeting among the pages that refer to it.
    let ada = site.main_of("public/people/ada/index.html");
    let referenced = &ada[ada.find("referenced-by").unwrap()..];
    assert!(referenced.contains("../../meetings/board-2024-03/index.html"), "{referenced}");
}

#[test]
fn whos_who_lists_every_person_and_every_bodys_seats_and_vacancies() {
    let site = built();
    let header = site.read("public/index.html");
    assert!(header.contains(r#"<a href="people.html">Who's who</a>"#), "{header}");
    let people = site.main_of("public/people.html");
    let persons = rows(&people, "people");
    assert_eq!(persons.len(), 2);
    assert!(persons[0].contains(r#"<th scope="row"><a class="kind-person" href="people/ada/index.html">Ada Lovelace</a></th><td>Analytical Society</td><td>chair, <a class="kind-body" href="bodies/board/index.html">Board <abbr>(BRD)</abbr></a></td>"#), "{}", persons[0]);
    // Only the seats held on the day: Grace's ended board seat is not among them.
    assert!(persons[1].contains(r#"<td>chair, <a class="kind-body" href="bodies/committee/index.html">Audit Committee</a></td>"#), "{}", persons[1]);
    let committee = people.find(r#"href="bodies/committee/index.html">Audit Committee</a></h2>"#);
    let board = people.find(r#"href="bodies/board/index.html">Board <abbr>(BRD)</abbr></a></h2>"#);
    assert!(committee.unwrap() < board.unwrap(), "bodies by title: {people}");
    assert!(people.contains("<li>1 secretary seat vacant</li>"));
    assert!(people.contains("<li>1 member seat vacant</li>"));
    assert!(people.contains(r#"<td class="holder">Alan Turing</td>"#), "every seat, to come too");
    assert!(people.contains(r#"<td class="holder"><a class="kind-person" href="people/grace/index.html">Grace Hopper</a></td>"#));
}

#[test]
fn the_timeline_lists_dated_items_newest_first_by_year() {
    let site = built();
    assert!(site.read("public/index.html").contains(r#"<a href="timeline.html">Timeline</a>"#));
    let timeline = site.main_of("public/timeline.html");
    let years: Vec<&str> =
        timeline.split("<h2 id=\"year-").skip(1).map(|part| &part[..4]).collect();
    assert_eq!(years, ["2026", "2024", "2023", "2022", "2020", "2018"], "{timeline}");
    let order = [
        r#"<span class="timeline-label">Term ends</span> <a class="kind-body" href="bodies/committee/index.html">Audit Committee</a> <span class="timeline-detail">Grace Hopper, chair</span>"#,
        r#"<span class="timeline-label">Term begins</span> <a class="kind-body" href="bodies/board/index.html">Board <abbr>(BRD)</abbr></a> <span class="timeline-detail">Alan Turing, member</span>"#,
        r#"<time datetime="2024-03-01">2024-03-01</time> <span class="timeline-label">Meeting</span> <a class="kind-meeting" href="meetings/board-2024-03/index.html">"#,
        r#"<time datetime="2023-03-01">2023-03-01</time> <span class="timeline-label">Decision</span> <a class="kind-decision" href="decisions/budget-2023/index.html">Budget 2023</a> <span class="timeline-detail">by Board</span>"#,
        r#"<time datetime="2022-01-01">2022-01-01</time> <span class="timeline-label">In force</span> <a class="kind-page" href="rules/charter-2022/index.html">Charter of 2022</a>"#,
        r#"<time datetime="2018-05-01">2018-05-01</time> <span class="timeline-label">In force</span> <a class="kind-page" href="rules/charter-2018/index.html">"#,
    ];
    let places: Vec<usize> = order
        .iter()
        .map(|item| timeline.find(item).unwrap_or_else(|| panic!("{item}\n{timeline}")))
        .collect();
    assert!(places.windows(2).all(|pair| pair[0] < pair[1]), "{places:?}");
}

#[test]
fn a_site_without_people_or_dates_has_no_whos_who_and_no_timeline() {
    let site = TestSite::fixture("build/good");
    site.build(0);
    assert!(!site.path().join("public/people.html").exists());
    assert!(!site.path().join("public/timeline.html").exists());
    let home = site.read("public/index.html");
    assert!(!home.contains("Who's who") && !home.contains("Timeline"), "{home}");
}

#[test]
fn superseded_and_retired_pages_carry_a_banner_naming_the_successor() {
    let site = built();
    let old = site.main_of("public/rules/charter-2018/index.html");
    assert!(old.contains(r#"<p class="lifecycle-banner lifecycle-superseded" role="note"><strong>Superseded.</strong> Replaced by <a class="kind-page" href="../charter-2022/index.html">Charter of 2022</a>.</p>"#), "{old}");
    assert!(old.contains(r#"<span class="status-badge status-superseded">superseded</span><span class="effective">In force from <time datetime="2018-05-01">2018-05-01</time></span>"#), "{old}");
    let retired = site.main_of("public/rules/regional-hubs/index.html");
    assert!(retired.contains(r#"<p class="lifecycle-banner lifecycle-retired" role="note"><strong>Retired.</strong> No longer in force.</p>"#), "{retired}");
    let new = site.main_of("public/rules/charter-2022/index.html");
    assert!(!new.contains("lifecycle-banner"), "an adopted page has none");
    assert!(new.contains(r#"<span class="status-badge status-adopted">adopted</span>"#));
}

#[test]
fn former_names_are_shown_under_the_title_and_found_by_search() {
    let site = built();
    let old = site.main_of("public/rules/charter-2018/index.html");
    assert!(old.contains("<h1>Charter of 2018</h1>\n<p class=\"formerly\">Formerly: Founding rules of the Zanzibar compact</p>"), "{old}");
    let committee = site.main_of("public/bodies/committee/index.html");
    assert!(committee.contains(r#"<p class="formerly">Formerly: Audit panel</p>"#));
    let index = site.read("public/search-index.js");
    // The former name's words are in the index, and only the former name has this one.
    assert!(index.contains(r#""zanzibar":"#), "{index}");
    assert!(index.contains(r#""panel":"#));
    assert!(index.contains(r#"["Charter of 2018","rules/charter-2018/index.html","page","","The first charter.","Founding rules of the Zanzibar compact"]"#), "{index}");
}

#[test]
fn sources_and_open_points_end_the_page() {
    let new = built().main_of("public/rules/charter-2022/index.html");
    assert!(new.contains(r#"<h2 id="sources">Sources</h2>
<ul><li><a href="https://example.org/charter">https://example.org/charter</a></li><li>Minutes of the <a href="../../bodies/board/index.html">Board</a></li></ul>"#), "{new}");
    assert!(new.contains(
        r#"<h2 id="open-points">Open points</h2>
<ul><li>Who chairs when the chair is absent?</li></ul>"#
    ));
    // The page's own heading of that name gives the theme's section its id.
    assert!(new.contains(r#"<h2 id="open-points-1">Open points"#), "{new}");
    assert!(new.find("id=\"sources\"").unwrap() > new.find("class=\"content\"").unwrap());
}

#[test]
fn workflow_steps_show_who_is_accountable_and_when_and_the_matrix_says_a() {
    let site = built();
    let workflow = site.main_of("public/workflows/annual-report/index.html");
    assert!(
        workflow.contains(r#"<th scope="col">Who</th><th scope="col">Accountable</th>"#),
        "{workflow}"
    );
    assert!(workflow.contains(r#"<td class="step"><strong>Draft the report</strong><div class="when">When: each March</div></td>"#));
    assert!(workflow.contains(r#"<td class="accountable"><a class="kind-body" href="../../bodies/board/index.html">Board <abbr>(BRD)</abbr></a></td>"#));
    let matrix = site.main_of("public/responsibilities.html");
    assert!(matrix.contains("R responsible · A accountable · S supports"), "{matrix}");
    assert!(
        matrix.contains(r#"title="Board: accountable in 1. Draft the report">A</a>"#),
        "{matrix}"
    );
    let board = site.main_of("public/bodies/board/index.html");
    assert!(board.contains(r#"<span class="part part-answers">Answers for</span> <a class="kind-step" href="../../workflows/annual-report/index.html#step-draft">1. Draft the report</a>"#), "{board}");
    // Without any `accountable`, the table keeps its columns.
    let good = TestSite::fixture("build/good");
    good.build(0);
    assert!(!good.main_of("public/workflows/annual-report/index.html").contains("Accountable"));
}

/// A seat no one holds reads "vacant"; a body no longer in force lists its last roster with
/// no vacancy; an attendee listed twice is counted once; a meeting of no stated day is held
/// against no seats.
#[test]
fn vacant_seats_retired_bodies_and_odd_meetings_show_as_they_stand() {
    let site = TestSite::fixture("build/governance");
    site.write(
        "content/bodies/council.md",
        "---\ntitle: Old Council\nkind: body\nstatus: retired\npart_of: board\nseats:\n  \
         chair: 1\nmembers:\n  - seat: chair\n    from: 2020-01-01\n  - person: ada\n    \
         seat: member\n    from: 2019-01-01\n    until: 2020-12-31\nresponsibilities:\n  \
         ongoing:\n    - Kept the archive\n---\n\nThe council met until 2020; see [[board]].\n",
    );
    site.write(
        "content/meetings/board-2024-03.md",
        site.read("content/meetings/board-2024-03.md")
            .replace("attendees: [ada, grace]", "attendees: [ada, ada, ada]"),
    );
    site.write(
        "content/meetings/board-undated.md",
        "---\ntitle: Board meeting of no stated day\nkind: meeting\nof: board\n\
         attendees: [ada]\n---\n\nThe board met; see [[council]].\n",
    );
    let run = site.run(&["build", "--no-history", "--as-of", AS_OF]).code(0);
    // The retired council is held to no seat and no term.
    assert!(!run.stderr.contains("council.md"), "{}", run.stderr);

    let council = site.main_of("public/bodies/council/index.html");
    let roster = rows(&council, "roster");
    assert!(
        roster[0].starts_with(
            r#" class="term-vacant"><td class="seat">chair</td><td class="holder"></td>"#
        ),
        "{}",
        roster[0]
    );
    assert!(roster[0].contains(r#"<span class="term-state term-vacant">vacant</span>"#));
    assert!(!council.contains("vacancies"), "{council}");

    let board = site.main_of("public/bodies/board/index.html");
    let meetings = rows(&board, "meetings");
    assert_eq!(meetings.len(), 2, "{meetings:?}");
    let dated = meetings.iter().find(|row| row.contains("March 2024")).unwrap();
    assert!(dated.contains("<td>1 of 3 seats held</td>"), "{dated}");
    let undated = meetings.iter().find(|row| row.contains("no stated day")).unwrap();
    assert!(undated.contains("</a></td><td></td></tr>"), "{undated}");
}

/// A decision that a later one names under `supersedes` carries the banner naming it, as if
/// it named its successor itself.
#[test]
fn a_decision_superseded_by_a_later_one_names_it_in_its_banner() {
    let site = TestSite::overlay("check/base", "check/no-successor");
    site.write("content/notes.md", "---\ntitle: Notes\n---\n\nKept.\n");
    site.run(&["build", "--no-history"]).code(0);
    let old = site.main_of("public/decisions/budget-2024/index.html");
    assert!(
        old.contains(r#"<strong>Superseded.</strong> Replaced by <a class="kind-decision" href="../budget-2025/index.html">Budget 2025</a>."#),
        "{old}"
    );
}
