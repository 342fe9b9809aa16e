//! `presscheck xapi push` against an LRS that misbehaves in every way the tests could think of: never "sent" for what the LRS did not store, and every statement stored exactly once after a final push to a well-behaved LRS.

use super::fault_lrs::{FaultLrs, Mode};
use super::presscheck;
use presscheck_records::lrs::difference;
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

const KEY: &str = "the trainer's key";

/// A results folder with a few signed runs, and the trainer's data folder (where the spool lives).
struct Class {
    results: tempfile::TempDir,
    data: tempfile::TempDir,
}

fn class(runs: &[(&str, &str)]) -> Class {
    let class = Class {
        results: tempfile::tempdir().unwrap(),
        data: tempfile::tempdir().unwrap(),
    };
    for (trainee, strategy) in runs {
        let out = presscheck()
            .args(["play", "unapproved-interview", "--strategy", strategy])
            .args(["--trainee", trainee, "--mode", "assessed", "--results"])
            .arg(class.results.path())
            .env("PRESSCHECK_SIGNING_KEY", KEY)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    class
}

fn two_runs() -> Class {
    class(&[("t-1", "model"), ("t-2", "publish-all")])
}

/// The statements the class's records give, as the push builds them.
fn statements(class: &Class) -> Vec<Value> {
    let out = presscheck()
        .args(["xapi", "export"])
        .arg(class.results.path())
        .env("PRESSCHECK_SIGNING_KEY", KEY)
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs a push; its exit code and everything it printed.
fn push(class: &Class, lrs: &str, extra: &[&str]) -> (Option<i32>, String) {
    let out = presscheck()
        .args(["xapi", "push"])
        .arg(class.results.path())
        .args(["--lrs", lrs])
        .args(extra)
        .env("PRESSCHECK_DATA_DIR", class.data.path())
        .env("PRESSCHECK_SIGNING_KEY", KEY)
        .env("PRESSCHECK_LRS_USER", "trainer")
        .env("PRESSCHECK_LRS_PASSWORD", "secret")
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("panicked"), "{text}");
    (out.status.code(), text)
}

/// The spool folder of the class's LRS (there is one per LRS).
fn spool_dirs(class: &Class) -> Vec<PathBuf> {
    match std::fs::read_dir(class.data.path().join("xapi-spool")) {
        Ok(entries) => entries.flatten().map(|e| e.path()).collect(),
        Err(_) => Vec::new(),
    }
}

/// Ids the ledger counts as sent (tags are checked by the push, not here).
fn ledger(class: &Class) -> HashSet<String> {
    spool_dirs(class)
        .iter()
        .filter_map(|d| std::fs::read_to_string(d.join("sent.log")).ok())
        .flat_map(|t| {
            t.lines()
                .filter_map(|l| l.split_whitespace().next().map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every statement of the class is held by the LRS exactly as sent, and nothing else is.
fn assert_all_held_once(class: &Class, lrs: &FaultLrs) {
    let sent = statements(class);
    let state = lrs.state();
    assert_eq!(
        state.held.len(),
        sent.len(),
        "the LRS holds other statements than the class's"
    );
    for s in &sent {
        let id = s["id"].as_str().unwrap();
        let held = state
            .held
            .get(id)
            .unwrap_or_else(|| panic!("{id} is not in the LRS"));
        assert_eq!(difference(s, held), None, "{id} is held with other content");
    }
    let ids: HashSet<String> = sent
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ledger(class), ids, "the ledger and the LRS disagree");
}

/// After a push that must not have counted anything as sent: nothing in the ledger; then a
/// well-behaved LRS gets everything, once.
fn then_a_good_push_delivers_everything_once(class: &Class, lrs: &FaultLrs) {
    assert!(ledger(class).is_empty(), "a statement was counted as sent");
    lrs.set_mode(Mode::WellBehaved);
    let (code, text) = push(class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(0), "{text}");
    assert_all_held_once(class, lrs);
}

#[test]
fn a_reply_that_is_not_an_array_of_ids_is_not_sent() {
    let class = two_runs();
    let lrs = FaultLrs::start(Mode::NotAnArray);
    let (code, text) = push(&class, &lrs.endpoint(), &["--attempts", "2"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("not with the array of statement ids"),
        "{text}"
    );
    assert!(text.contains("not sent yet"), "{text}");
    then_a_good_push_delivers_everything_once(&class, &lrs);
}

#[test]
fn a_reply_cut_off_mid_body_is_not_sent_and_the_resend_is_confirmed() {
    let class = two_runs();
    let lrs = FaultLrs::start(Mode::CutOff);
    let (code, text) = push(&class, &lrs.endpoint(), &["--attempts", "2"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("cut short"), "{text}");
    // The LRS did store them; the next push finds them held and confirms each one.
    assert!(!lrs.state().held.is_empty());
    assert!(ledger(&class).is_empty());
    lrs.set_mode(Mode::WellBehaved);
    let (code, text) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(0), "{text}");
    let n = statements(&class).len();
    assert!(
        text.contains(&format!("({n} of them found already held)")),
        "{text}"
    );
    assert_all_held_once(&class, &lrs);
}

#[test]
fn a_redirect_is_never_followed_for_a_post() {
    let class = two_runs();
    let lrs = FaultLrs::start(Mode::RedirectToLogin);
    let (code, text) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("303") && text.contains("redirect"), "{text}");
    // One request: a redirect is not retried, and the login page was never asked for.
    assert_eq!(lrs.state().posts.len(), 1);
    assert!(lrs.state().held.is_empty());
    then_a_good_push_delivers_everything_once(&class, &lrs);
}

#[test]
fn ids_other_than_those_sent_are_not_an_acknowledgement() {
    let class = two_runs();
    let lrs = FaultLrs::start(Mode::WrongIds);
    let (code, text) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("ids that were not sent"), "{text}");
    then_a_good_push_delivers_everything_once(&class, &lrs);
}

#[test]
fn a_409_for_statements_already_held_is_resolved_by_reading_them_back() {
    let class = two_runs();
    let lrs = FaultLrs::start(Mode::WellBehaved);
    let (code, text) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(0), "{text}");
    // A crash lost the ledger: the resend meets an LRS that answers 409 to ids it holds.
    for dir in spool_dirs(&class) {
        std::fs::remove_file(dir.join("sent.log")).unwrap();
    }
    lrs.set_mode(Mode::ConflictWhenHeld);
    let (code, text) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(0), "{text}");
    let n = statements(&class).len();
    assert!(
        text.contains(&format!("{n} sent now ({n} of them found already held)")),
        "{text}"
    );
    // And every later push stops nowhere: nothing is left to send.
    let (code, text) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains(&format!(
            "0 sent now (0 of them found already held), {n} sent before"
        )),
        "{text}"
    );
    assert_all_held_once(&class, &lrs);
}

#[test]
fn a_204_for_a_batch_partly_held_confirms_each_statement() {
    let class = two_runs();
    let lrs = FaultLrs::start(Mode::NoContentWhenHeld);
    for s in statements(&class).into_iter().step_by(2) {
        lrs.hold(s);
    }
    let (code, text) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(0), "{text}");
    assert_all_held_once(&class, &lrs);
}

#[test]
fn a_different_statement_under_one_of_our_ids_is_named_and_never_overwritten() {
    let class = two_runs();
    let lrs = FaultLrs::start(Mode::WellBehaved);
    let all = statements(&class);
    let target = all
        .iter()
        .find(|s| s["result"]["score"].is_object())
        .expect("a scored statement")
        .clone();
    let mut forged = target.clone();
    forged["result"]["score"]["scaled"] = serde_json::json!(0.01);
    lrs.hold(forged.clone());
    let (code, text) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(1), "{text}");
    let id = target["id"].as_str().unwrap();
    assert!(
        text.contains(id) && text.contains("result.score.scaled"),
        "{text}"
    );
    assert!(
        text.contains("1 held by the LRS with other content"),
        "{text}"
    );
    // Not overwritten, not in the ledger; every other statement delivered once.
    let state = lrs.state();
    assert_eq!(state.held[id], forged);
    assert_eq!(state.held.len(), all.len());
    drop(state);
    assert!(!ledger(&class).contains(id));
    assert_eq!(ledger(&class).len(), all.len() - 1);
    // A later push says it again rather than stopping for good on it.
    let (code, text) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains(id), "{text}");
}

#[test]
fn retry_after_is_honoured_and_a_long_one_stops_the_push_with_a_reason() {
    let class = two_runs();
    let lrs = FaultLrs::start(Mode::Busy {
        status: 503,
        seconds: 1,
        times: 2,
    });
    let (code, text) = push(&class, &lrs.endpoint(), &["--attempts", "4"]);
    assert_eq!(code, Some(0), "{text}");
    {
        let state = lrs.state();
        assert!(state.post_times.len() >= 3);
        for pair in state.post_times[..3].windows(2) {
            assert!(
                pair[1] - pair[0] >= Duration::from_millis(950),
                "the push did not wait as long as Retry-After asked"
            );
        }
    }
    assert_all_held_once(&class, &lrs);

    let class = two_runs();
    let lrs = FaultLrs::start(Mode::Busy {
        status: 429,
        seconds: 3600,
        times: 1,
    });
    let (code, text) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("Retry-After") && text.contains("3600"),
        "{text}"
    );
    assert_eq!(
        lrs.state().posts.len(),
        1,
        "a wait longer than --max-wait is not waited for"
    );
    then_a_good_push_delivers_everything_once(&class, &lrs);
}

#[test]
fn no_connection_and_no_answer_are_told_apart() {
    let class = two_runs();
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let (code, text) = push(
        &class,
        &format!("http://127.0.0.1:{closed}/xAPI/"),
        &["--attempts", "1"],
    );
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("could not connect to the LRS"), "{text}");

    let lrs = FaultLrs::start(Mode::Silent(Duration::from_secs(5)));
    let (code, text) = push(
        &class,
        &lrs.endpoint(),
        &["--attempts", "1", "--timeout", "1"],
    );
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("connected, but no whole answer within 1 s"),
        "{text}"
    );
    then_a_good_push_delivers_everything_once(&class, &lrs);
}

#[test]
fn the_spool_cannot_make_a_push_send_what_no_record_holds_or_skip_what_one_does() {
    let class = two_runs();
    let lrs = FaultLrs::start(Mode::NotAnArray);
    let (code, _) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(1));
    let dir = spool_dirs(&class).pop().expect("the push made its spool");
    // Someone who can write there queues a forged pass, and pre-writes the ledger with
    // every real id (untagged, and with a made-up tag) so nothing real is ever sent.
    let mut forged = statements(&class)[0].clone();
    forged["id"] = serde_json::json!("11111111-2222-4333-8444-555555555555");
    forged["result"] = serde_json::json!({ "score": { "scaled": 1.0 }, "success": true });
    std::fs::write(dir.join("pending.jsonl"), format!("{forged}\n")).unwrap();
    std::fs::write(dir.join(".pending-x1y2.tmp"), "half a").unwrap();
    let mut ledger_text = String::new();
    for (i, s) in statements(&class).iter().enumerate() {
        let id = s["id"].as_str().unwrap();
        if i % 2 == 0 {
            ledger_text.push_str(&format!("{id}\n"));
        } else {
            ledger_text.push_str(&format!("{id} 0123456789abcdef0123456789abcdef\n"));
        }
    }
    std::fs::write(dir.join("sent.log"), ledger_text).unwrap();
    // One record is deleted by the trainer: its statements are not pushed.
    let records: Vec<PathBuf> = std::fs::read_dir(class.results.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    std::fs::remove_file(&records[0]).unwrap();

    lrs.set_mode(Mode::WellBehaved);
    let (code, text) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("carry no valid tag"), "{text}");
    let state = lrs.state();
    assert!(
        !state
            .held
            .contains_key("11111111-2222-4333-8444-555555555555")
    );
    let remaining = statements(&class);
    assert_eq!(state.held.len(), remaining.len());
    for s in &remaining {
        assert!(state.held.contains_key(s["id"].as_str().unwrap()));
    }
    drop(state);
    // The old queue and the temporary file are gone.
    assert!(!dir.join("pending.jsonl").exists());
    assert!(!dir.join(".pending-x1y2.tmp").exists());
}

#[test]
fn a_push_killed_at_random_moments_loses_nothing_and_stores_nothing_twice() {
    let class = class(&[
        ("t-1", "model"),
        ("t-2", "publish-all"),
        ("t-3", "redact-all"),
        ("t-4", "hold-all"),
        ("t-5", "random"),
        ("t-6", "model"),
    ]);
    let lrs = FaultLrs::start(Mode::WellBehaved);
    lrs.set_delay(Duration::from_millis(40));
    let exe = assert_cmd::cargo::cargo_bin("presscheck");
    // A fixed sequence of moments, spread over the push (about 2 s at this delay).
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    for _ in 0..10 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let after = Duration::from_millis(50 + (state >> 33) % 1500);
        let mut child = std::process::Command::new(&exe)
            .current_dir(super::root())
            .args(["xapi", "push"])
            .arg(class.results.path())
            .args(["--lrs", &lrs.endpoint(), "--batch-size", "3"])
            .env("PRESSCHECK_DATA_DIR", class.data.path())
            .env("PRESSCHECK_SIGNING_KEY", KEY)
            .env("PRESSCHECK_LRS_USER", "trainer")
            .env("PRESSCHECK_LRS_PASSWORD", "secret")
            .env_remove("PRESSCHECK_SCENARIOS")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(after);
        let _ = child.kill();
        let _ = child.wait();
    }
    lrs.set_delay(Duration::ZERO);
    let (code, text) = push(&class, &lrs.endpoint(), &[]);
    assert_eq!(code, Some(0), "{text}");
    assert_all_held_once(&class, &lrs);
    // Nothing was stored twice: every statement's id was stored once, and the
    // LRS never saw a batch holding one id twice.
    for batch in &lrs.state().posts {
        let unique: HashSet<&String> = batch.iter().collect();
        assert_eq!(unique.len(), batch.len());
    }
    for dir in spool_dirs(&class) {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            assert!(
                name == "sent.log" || name == "lock",
                "{}: left behind",
                Path::new(&name).display()
            );
        }
    }
}
