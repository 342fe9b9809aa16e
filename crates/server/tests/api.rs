//! The class server over real HTTP on loopback, with a fresh SQLite file or PostgreSQL database each: joining, playing through the API, the records it writes, faults and bad requests.

mod support;

use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{Decision, seed};
use serde_json::{Value, json};
use support::{Backend, Server, create_session, get, get_json, login, post_form, post_json};

/// Joins `code` as `name` through the API; returns `(run, token)`.
fn join(server: &Server, code: &str, name: &str) -> (String, String) {
    let r = post_json(
        &server.url("/api/join"),
        None,
        &json!({ "code": code, "name": name }),
    );
    assert_eq!(r.status, 200, "join: {}", r.body);
    let v = r.json();
    (
        v["run"].as_str().unwrap().to_string(),
        v["token"].as_str().unwrap().to_string(),
    )
}

fn decide(
    server: &Server,
    run: &str,
    token: &str,
    index: usize,
    decision: &Decision,
) -> support::Reply {
    post_json(
        &server.url(&format!("/api/runs/{run}/decisions")),
        Some(token),
        &json!({ "index": index, "decision": decision }),
    )
}

/// Plays a whole run with `decisions`, each acknowledged as new.
fn play_through(server: &Server, run: &str, token: &str, decisions: &[Decision]) -> Value {
    let mut last = Value::Null;
    for (i, d) in decisions.iter().enumerate() {
        let r = decide(server, run, token, i, d);
        assert_eq!(r.status, 200, "decision {i} ({d}): {}", r.body);
        assert_eq!(r.json()["accepted"], "new");
        last = r.json()["state"].clone();
    }
    last
}

fn a_run_on_the_server_equals_presscheck_play_and_its_record_verifies_and_replays(
    backend: Backend,
) {
    let server = Server::start(backend);
    let trainer = login(&server);
    let code = create_session(&server, &trainer, &["unapproved-interview"], &[]);
    let (run, token) = join(&server, &code.to_lowercase().replace('-', ""), "Ada Quill");
    let state = get_json(&server.url(&format!("/api/runs/{run}")), &token).json();
    assert_eq!(state["session"], code.as_str());
    assert_eq!(state["next_index"], 0);
    // The session code fixes the seed exactly as `presscheck play --session CODE` does.
    let seed = seed::choose(None, Some(&code)).seed;
    assert_eq!(state["seed"].as_u64(), Some(seed));
    let scenario = support::scenario("unapproved-interview");
    let decisions = strategy::decisions(&scenario, Strategy::Model, seed);
    let end = play_through(&server, &run, &token, &decisions);
    let expected = presscheck_engine::play(&scenario, seed, &decisions).unwrap();
    assert_eq!(end["outcome"], serde_json::to_value(&expected).unwrap());
    assert_eq!(end["status"], "finished");

    // One signed record, in the records folder, that verify and replay accept.
    let set = presscheck_records::read_records(&server.records_dir()).unwrap();
    assert!(set.skipped.is_empty(), "{:?}", set.skipped);
    assert_eq!(set.records.len(), 1);
    let record = &set.records[0].record;
    assert_eq!(record.id.to_string(), run);
    assert_eq!(record.session.as_deref(), Some(code.as_str()));
    assert_eq!(record.trainee.name, "Ada Quill");
    assert_eq!(record.mode, presscheck_records::Mode::Assessed);
    let verdicts = presscheck_records::verify(&set, &server.key());
    assert_eq!(verdicts[0].status, presscheck_records::VerdictStatus::Valid);
    let replayed = presscheck_records::replay(record, &scenario);
    assert!(replayed.is_confirmed(), "{:?}", replayed.problems());
    // The record keeps what usually happens, the same numbers as the engine's replays of the run.
    let usual = record
        .result
        .as_ref()
        .unwrap()
        .usual
        .as_ref()
        .expect("published");
    let engine = presscheck_engine::replays::replays(
        &scenario,
        &expected,
        presscheck_engine::replays::DEFAULT_REPLAYS,
        presscheck_engine::replays::Threads::One,
    )
    .unwrap();
    assert_eq!(
        *usual,
        presscheck_records::record::UsualSummary::of(&engine)
    );
    // Each decision's note is the one a front end keeping the Recorder would have made.
    let mut local = presscheck_records::Recorder::start(
        &scenario,
        seed,
        presscheck_records::RunContext::default(),
        jiff::Timestamp::now(),
    );
    let mut r = presscheck_engine::Run::new(&scenario, seed);
    for d in &decisions {
        local.apply(&mut r, d, jiff::Timestamp::now()).unwrap();
    }
    for (server_note, local_note) in record.decisions.iter().zip(&local.record().decisions) {
        assert_eq!(server_note.offered, local_note.offered);
        assert_eq!(server_note.careful, local_note.careful);
        assert_eq!(server_note.stage_title, local_note.stage_title);
    }

    // The trainer's report, CSV and certificate come from the database.
    let report = get(
        &server.url(&format!("/trainer/sessions/{code}/report")),
        &trainer,
    );
    assert_eq!(report.status, 200);
    assert!(
        report.body.contains("class report") && report.body.contains("Ada Quill"),
        "{}",
        report.body
    );
    assert!(
        report
            .body
            .contains("Expected damage of what was published")
            && report.body.contains("From the 1 of 1 published runs"),
        "{}",
        report.body
    );
    let csv = get(
        &server.url(&format!("/trainer/sessions/{code}/report/runs.csv")),
        &trainer,
    );
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.lines().count() == 2 && csv.body.contains(&run),
        "{}",
        csv.body
    );
    let stem = set.records[0]
        .path
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let cert = get(
        &server.url(&format!(
            "/trainer/sessions/{code}/certificates/{stem}.html"
        )),
        &trainer,
    );
    assert_eq!(cert.status, 200, "{}", cert.body);
    assert!(
        cert.body.contains("Ada Quill") && cert.body.contains("verified"),
        "{}",
        cert.body
    );
}

#[test]
fn sqlite_a_run_on_the_server_equals_presscheck_play_and_its_record_verifies_and_replays() {
    a_run_on_the_server_equals_presscheck_play_and_its_record_verifies_and_replays(Backend::Sqlite);
}

#[test]
fn postgres_a_run_on_the_server_equals_presscheck_play_and_its_record_verifies_and_replays() {
    a_run_on_the_server_equals_presscheck_play_and_its_record_verifies_and_replays(
        Backend::Postgres,
    );
}

fn decisions_are_stored_once_and_refused_with_the_current_state(backend: Backend) {
    let server = Server::start(backend);
    let trainer = login(&server);
    let code = create_session(&server, &trainer, &["unapproved-interview"], &[]);
    let (run, token) = join(&server, &code, "Ben");
    let seed = seed::choose(None, Some(&code)).seed;
    let scenario = support::scenario("unapproved-interview");
    let decisions = strategy::decisions(&scenario, Strategy::Model, seed);
    assert_eq!(
        decide(&server, &run, &token, 0, &decisions[0]).json()["accepted"],
        "new"
    );
    // Resent (a lost answer, a double click): acknowledged again, stored once.
    let again = decide(&server, &run, &token, 0, &decisions[0]);
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["accepted"], "again");
    assert_eq!(again.json()["state"]["next_index"], 1);
    // Another decision for a filled index (a second tab): refused, with where the run stands.
    let other = Decision::choose(decisions[0].stage(), "go-ahead");
    let moved = decide(&server, &run, &token, 0, &other);
    assert_eq!(moved.status, 409, "{}", moved.body);
    assert!(moved.json()["error"].as_str().unwrap().contains("moved on"));
    assert_eq!(moved.json()["state"]["next_index"], 1);
    // A decision from the future, and one the engine refuses.
    assert_eq!(decide(&server, &run, &token, 5, &decisions[1]).status, 409);
    let illegal = decide(
        &server,
        &run,
        &token,
        1,
        &Decision::choose("prepare", "no-such-choice"),
    );
    assert_eq!(illegal.status, 422, "{}", illegal.body);
    assert!(
        illegal.json()["error"]
            .as_str()
            .unwrap()
            .contains("no choice"),
        "{}",
        illegal.body
    );
    // Someone else's token sees nothing of it.
    let (_, stranger) = join(&server, &code, "Cleo");
    assert_eq!(
        decide(&server, &run, &stranger, 1, &decisions[1]).status,
        403
    );
    assert_eq!(
        get_json(&server.url(&format!("/api/runs/{run}")), &stranger).status,
        403
    );
    let state = get_json(&server.url(&format!("/api/runs/{run}")), &token).json();
    assert_eq!(state["decisions"].as_array().unwrap().len(), 1);
}

#[test]
fn sqlite_decisions_are_stored_once_and_refused_with_the_current_state() {
    decisions_are_stored_once_and_refused_with_the_current_state(Backend::Sqlite);
}

#[test]
fn postgres_decisions_are_stored_once_and_refused_with_the_current_state() {
    decisions_are_stored_once_and_refused_with_the_current_state(Backend::Postgres);
}

#[test]
fn a_restarted_server_goes_on_where_it_was() {
    let mut server = Server::start(Backend::Sqlite);
    let trainer = login(&server);
    let code = create_session(&server, &trainer, &["cd-of-materials"], &[]);
    let (run, token) = join(&server, &code, "Dana");
    let seed = seed::choose(None, Some(&code)).seed;
    let scenario = support::scenario("cd-of-materials");
    let decisions = strategy::decisions(&scenario, Strategy::Model, seed);
    let half = decisions.len() / 2;
    play_through(&server, &run, &token, &decisions[..half]);
    server.restart();
    let state = get_json(&server.url(&format!("/api/runs/{run}")), &token).json();
    assert_eq!(state["next_index"].as_u64(), Some(half as u64));
    for (i, d) in decisions.iter().enumerate().skip(half) {
        assert_eq!(decide(&server, &run, &token, i, d).status, 200, "{i}");
    }
    let set = presscheck_records::read_records(&server.records_dir()).unwrap();
    assert_eq!(set.records.len(), 1);
    assert!(presscheck_records::replay(&set.records[0].record, &scenario).is_confirmed());
    // The login survived the restart too: the trainer's dashboard still opens.
    assert_eq!(get(&server.url("/trainer"), &trainer).status, 200);
}

#[test]
fn joining_refuses_unknown_closed_and_full_sessions_and_a_second_browser() {
    let limits = presscheck_server::Limits {
        joins_per_minute: 1000,
        ..presscheck_server::Limits::default()
    };
    let server = Server::with_limits(Backend::Sqlite, limits);
    let trainer = login(&server);
    let join_as = |code: &str, name: &str, token: Option<&str>| {
        post_json(
            &server.url("/api/join"),
            None,
            &json!({ "code": code, "name": name, "token": token }),
        )
    };
    assert_eq!(join_as("ABC-DEF", "Eve", None).status, 404);
    assert_eq!(join_as("not a code", "Eve", None).status, 422);
    let code = create_session(
        &server,
        &trainer,
        &["unapproved-interview"],
        &[("max_trainees", "2")],
    );
    assert_eq!(join_as(&code, "", None).status, 422);
    let first = join_as(&code, "Eve", None).json();
    // The same name from another browser is refused; from the same browser (its token), it continues the run.
    let second = join_as(&code, "Eve", None);
    assert_eq!(second.status, 409);
    assert!(
        second.json()["error"]
            .as_str()
            .unwrap()
            .contains("another browser")
    );
    let same = join_as(&code, "Eve", first["token"].as_str()).json();
    assert_eq!(same["run"], first["run"]);
    assert_eq!(join_as(&code, "Finn", None).status, 200);
    let full = join_as(&code, "Gus", None);
    assert_eq!(full.status, 409);
    assert!(full.json()["error"].as_str().unwrap().contains("full"));
    // A roster admits only its ids.
    let rostered = create_session(
        &server,
        &trainer,
        &["unapproved-interview"],
        &[("roster", "t-1\nt-2")],
    );
    let off = post_json(
        &server.url("/api/join"),
        None,
        &json!({ "code": rostered, "name": "Hal", "trainee_id": "t-9" }),
    );
    assert_eq!(off.status, 422);
    let on = post_json(
        &server.url("/api/join"),
        None,
        &json!({ "code": rostered, "name": "Hal", "trainee_id": "T-1" }),
    );
    assert_eq!(on.status, 200, "{}", on.body);
    // A closed session takes nobody, and its unfinished runs become abandoned records.
    let page = get(&server.url(&format!("/trainer/sessions/{code}")), &trainer);
    let csrf = support::csrf_in(&page.body);
    let closed = post_form(
        &server.url(&format!("/trainer/sessions/{code}/close")),
        &trainer,
        &[("csrf", &csrf)],
    );
    assert_eq!(closed.status, 303);
    assert_eq!(join_as(&code, "Ivy", None).status, 409);
    let set = presscheck_records::read_records(&server.records_dir()).unwrap();
    assert_eq!(set.records.len(), 2);
    assert!(
        set.records
            .iter()
            .all(|r| r.record.status == presscheck_records::Status::Abandoned)
    );
}

#[test]
fn bad_requests_get_a_clear_answer_and_change_nothing() {
    let limits = presscheck_server::Limits {
        joins_per_minute: 3,
        max_request_bytes: 2048,
        ..presscheck_server::Limits::default()
    };
    let server = Server::with_limits(Backend::Sqlite, limits);
    let trainer = login(&server);
    let code = create_session(&server, &trainer, &["unapproved-interview"], &[]);
    let (run, token) = join(&server, &code, "Jo");
    // Too large, not JSON, no token.
    let huge = json!({ "index": 0, "decision": { "kind": "choose", "stage": "x".repeat(5000), "choice": "y" } });
    assert_eq!(
        post_json(
            &server.url(&format!("/api/runs/{run}/decisions")),
            Some(&token),
            &huge
        )
        .status,
        413
    );
    let garbage = support::agent()
        .post(&server.url(&format!("/api/runs/{run}/decisions")))
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .send("{not json")
        .unwrap();
    assert_eq!(garbage.status().as_u16(), 400);
    assert_eq!(
        post_json(
            &server.url(&format!("/api/runs/{run}/decisions")),
            None,
            &json!({})
        )
        .status,
        401
    );
    assert_eq!(get(&server.url("/api/runs/not-a-uuid"), "").status, 400);
    // A flood of joins from one address: the fourth in a minute waits.
    for name in ["K1", "K2"] {
        assert_eq!(
            post_json(
                &server.url("/api/join"),
                None,
                &json!({ "code": code, "name": name })
            )
            .status,
            200
        );
    }
    let flood = post_json(
        &server.url("/api/join"),
        None,
        &json!({ "code": code, "name": "K3" }),
    );
    assert_eq!(flood.status, 429, "{}", flood.body);
    // Nothing above changed the run.
    let state = get_json(&server.url(&format!("/api/runs/{run}")), &token).json();
    assert_eq!(state["next_index"], 0);
}

#[test]
fn trainer_pages_need_a_login_and_their_forms_a_csrf_token() {
    let server = Server::start(Backend::Sqlite);
    assert_eq!(get(&server.url("/trainer"), "").status, 303);
    assert_eq!(get(&server.url("/trainer"), "pc_login=forged").status, 303);
    // A wrong password is refused without saying which half was wrong.
    let form = get(&server.url("/trainer/login"), "");
    let pre = form.cookie("pc_pre").unwrap();
    let csrf = support::csrf_in(&form.body);
    let wrong = post_form(
        &server.url("/trainer/login"),
        &format!("pc_pre={pre}"),
        &[("csrf", &csrf), ("name", "trainer"), ("password", "guess")],
    );
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("The name or the password is not right"));
    let trainer = login(&server);
    // A form without the login's token (from another site) changes nothing.
    let forged = post_form(
        &server.url("/trainer/sessions"),
        &trainer,
        &[
            ("csrf", "x"),
            ("title", "T"),
            ("scenario", "unapproved-interview"),
        ],
    );
    assert_eq!(forged.status, 403);
    let dashboard = get(&server.url("/trainer"), &trainer);
    assert!(
        dashboard.body.contains("No sessions yet"),
        "{}",
        dashboard.body
    );
    // The password is stored only as an Argon2id hash.
    let db = std::fs::read(server.data.path().join("presscheck.sqlite3")).unwrap();
    assert!(!String::from_utf8_lossy(&db).contains(&server.password));
}
