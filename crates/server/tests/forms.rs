//! The trainee's pages with no script at all: plain forms and links over real HTTP play a whole run, a stale page is told where the run stands, and scenario text is never read as HTML.

mod support;

use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{Decision, seed};
use support::{Backend, Server, create_session, get, login, post_form};

/// Joins through the form; returns the browser's cookie and the run's address.
fn join_by_form(server: &Server, code: &str, name: &str) -> (String, String) {
    let joined = post_form(
        &server.url("/join"),
        "",
        &[("code", code), ("name", name), ("trainee_id", "")],
    );
    assert_eq!(joined.status, 303, "{}", joined.body);
    let (cookie_name, cookie) = joined.cookies.first().cloned().expect("a session cookie");
    let cookies = format!("{cookie_name}={cookie}");
    (cookies, joined.location.unwrap())
}

/// The value of a hidden field in a page.
fn field(page: &str, name: &str) -> String {
    let needle = format!("name=\"{name}\" value=\"");
    let at = page
        .find(&needle)
        .unwrap_or_else(|| panic!("no {name} in {page}"))
        + needle.len();
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

#[test]
fn a_whole_run_plays_with_plain_forms_and_links() {
    let server = Server::start(Backend::Sqlite);
    let trainer = login(&server);
    let code = create_session(&server, &trainer, &["cd-of-materials"], &[]);
    let (cookies, play) = join_by_form(&server, &code, "Nia");
    let run = play.rsplit('/').next().unwrap().to_string();
    let briefing = get(&server.url(&play), &cookies);
    assert_eq!(briefing.status, 303);
    assert_eq!(
        briefing.location.as_deref(),
        Some(format!("/play/{run}/briefing").as_str())
    );
    let page = get(&server.url(&format!("/play/{run}/briefing")), &cookies);
    assert!(page.body.contains("Your role:"), "{}", page.body);
    let scenario = support::scenario("cd-of-materials");
    let seed = seed::choose(None, Some(&code)).seed;
    let decisions = strategy::decisions(&scenario, Strategy::Model, seed);
    let mut edits = 0;
    let mut index = 0;
    let decide = |index: usize, fields: &[(&str, &str)]| {
        let mut all = vec![("index", index.to_string())];
        all.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
        let all: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
        post_form(&server.url(&format!("/play/{run}/decide")), &cookies, &all)
    };
    for (k, d) in decisions.iter().enumerate() {
        let desk = get(&server.url(&format!("/play/{run}/desk")), &cookies);
        assert_eq!(desk.status, 200, "{}", desk.body);
        assert_eq!(field(&desk.body, "index"), index.to_string());
        // At the first stage that offers item controls, one edit through its form first.
        if edits == 0 && desk.body.contains("name=\"item\" value=\"") {
            let item = field(&desk.body, "item");
            let edit = decide(
                index,
                &[("stage", d.stage()), ("item", &item), ("treatment", "keep")],
            );
            assert_eq!(edit.status, 303, "edit: {}", edit.body);
            edits += 1;
            index += 1;
        }
        let reply = match d {
            Decision::Edit {
                stage,
                item,
                treatment,
            } => decide(
                index,
                &[
                    ("stage", stage),
                    ("item", item),
                    ("treatment", treatment.name()),
                ],
            ),
            Decision::Choose { stage, choice } => {
                if k == decisions.len() - 1 {
                    // The last choice publishes: the desk links to the confirmation, which shows the story.
                    assert!(
                        desk.body
                            .contains(&format!("/play/{run}/confirm?choice={choice}"))
                    );
                    let confirm = get(
                        &server.url(&format!("/play/{run}/confirm?choice={choice}")),
                        &cookies,
                    );
                    assert!(
                        confirm.body.contains("exactly what will be published"),
                        "{}",
                        confirm.body
                    );
                }
                decide(index, &[("stage", stage), ("choice", choice)])
            }
        };
        assert_eq!(reply.status, 303, "decision {index}: {}", reply.body);
        index += 1;
    }
    assert_eq!(edits, 1, "an editable stage offered its controls");
    let consequences = get(&server.url(&format!("/play/{run}/consequences")), &cookies);
    assert!(
        consequences.body.contains("<svg") && consequences.body.contains("Continue to the debrief")
    );
    let debrief = get(&server.url(&format!("/play/{run}/debrief")), &cookies);
    assert!(debrief.body.contains("What careful play would have done"));
    // "What if" is a link, and the comparison comes from the engine.
    let at = debrief.body.find("?stage=").unwrap();
    let link: String = debrief.body[..at]
        .rsplit("href=\"")
        .next()
        .unwrap()
        .to_string()
        + &debrief.body[at..at + debrief.body[at..].find('"').unwrap()];
    let what_if = get(&server.url(&link.replace("&amp;", "&")), &cookies);
    assert!(what_if.body.contains("Side by side"), "{}", what_if.body);

    // A stale page (a second tab still showing the first stage) is told, and shown where the run is.
    let stale = post_form(
        &server.url(&format!("/play/{run}/decide")),
        &cookies,
        &[
            ("index", "0"),
            ("stage", decisions[0].stage()),
            ("choice", "nope"),
        ],
    );
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains("moved on"), "{}", stale.body);
    // Without the cookie the run is not yours.
    assert_eq!(
        get(&server.url(&format!("/play/{run}/desk")), "").status,
        403
    );
}

#[test]
fn scenario_text_is_shown_as_text_never_as_html() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/unapproved-interview.ron");
    let source = std::fs::read_to_string(path).unwrap();
    let hostile = source
        .replacen(
            "title: \"The Unapproved Interview\"",
            "title: \"<script>alert('x')</script> & <b>bold</b>\"",
            1,
        )
        .replacen("role: \"", "role: \"<img src=x onerror=alert(1)> ", 1);
    let scenario = presscheck_engine::load(hostile.as_bytes())
        .expect("still a valid scenario")
        .scenario;
    assert!(scenario.file.title.contains("<script>"));
    let server = support::with_scenarios(vec![scenario]);
    let trainer = login(&server);
    let code = create_session(&server, &trainer, &["unapproved-interview"], &[]);
    let (cookies, play) = join_by_form(&server, &code, "<i>Omar</i>");
    let run = play.rsplit('/').next().unwrap();
    let briefing = get(&server.url(&format!("/play/{run}/briefing")), &cookies);
    assert!(
        !briefing.body.contains("<script>alert"),
        "{}",
        briefing.body
    );
    assert!(!briefing.body.contains("<img src=x"), "{}", briefing.body);
    assert!(
        briefing
            .body
            .contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"),
        "{}",
        briefing.body
    );
    assert!(briefing.body.contains("&lt;i&gt;Omar&lt;/i&gt;"));
    let dashboard = get(&server.url("/trainer"), &trainer);
    assert!(!dashboard.body.contains("<script>alert"));
}

#[test]
fn the_text_size_is_kept_and_only_leads_back_to_this_site() {
    let server = Server::start(Backend::Sqlite);
    let r = get(&server.url("/text-size?to=large&back=/trainer/login"), "");
    assert_eq!(r.status, 303);
    assert_eq!(r.location.as_deref(), Some("/trainer/login"));
    assert_eq!(r.cookie("pc_size").as_deref(), Some("large"));
    let page = get(&server.url("/"), "pc_size=large");
    assert!(page.body.contains("data-size=\"large\""));
    let away = get(
        &server.url("/text-size?to=small&back=//elsewhere.invalid/"),
        "",
    );
    assert_eq!(away.location.as_deref(), Some("/"));
}
