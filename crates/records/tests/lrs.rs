//! xAPI push against a real Ralph LRS started by the test: read back, interrupted push, exactly-once delivery.

use jiff::Timestamp;
use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{Run, Scenario};
use presscheck_records::SigningKey;
use presscheck_records::lrs::{self, Lrs, PushOptions, Spool};
use presscheck_records::record::{Mode, Record, Recorder, RunContext};
use presscheck_records::xapi::{self, XapiOptions};
use serde_json::Value;
use std::collections::HashMap;

use std::sync::Mutex;
use std::time::Duration;

#[path = "../../../tests/support/ralph.rs"]
mod ralph;

use ralph::{PASSWORD, Ralph, USER, workspace};

/// The test LRS as the push sees it.
fn lrs_of(ralph: &Ralph) -> Lrs {
    Lrs::new(&ralph.endpoint(), USER, PASSWORD)
}

fn load(name: &str) -> Scenario {
    let bytes = std::fs::read(workspace().join("scenarios").join(name)).unwrap();
    presscheck_engine::load(&bytes).unwrap().scenario
}

/// Real records: several trainees play two shipped scenarios with different strategies and seeds.
fn records(count: usize) -> Vec<Record> {
    let scenarios = [
        load("unapproved-interview.ron"),
        load("cd-of-materials.ron"),
    ];
    let strategies = [Strategy::Model, Strategy::PublishAll, Strategy::Random];
    let start: Timestamp = "2026-11-02T09:00:00Z".parse().unwrap();
    (0..count)
        .map(|i| {
            let scenario = &scenarios[i % 2];
            let seed = 100 + i as u64;
            let decisions = strategy::decisions(scenario, strategies[i % 3], seed);
            let began = start + jiff::SignedDuration::from_mins(7 * i as i64);
            let mut recorder = Recorder::start(
                scenario,
                seed,
                RunContext {
                    trainee_id: format!("trainee-{:02}", i % 7),
                    trainee_name: format!("Trainee Nº {}", i % 7),
                    session: Some("class-7".into()),
                    mode: if i % 2 == 0 {
                        Mode::Assessed
                    } else {
                        Mode::Practice
                    },
                },
                began,
            );
            let mut run = Run::new(scenario, seed);
            for (k, d) in decisions.iter().enumerate() {
                let at = began + jiff::SignedDuration::from_secs(20 * (k as i64 + 1));
                recorder.decided(&run, d, at);
                run.apply(d).unwrap();
            }
            let ended = began + jiff::SignedDuration::from_secs(600);
            if i % 10 == 9 {
                recorder.abandon(ended)
            } else {
                recorder.finish(&run.finish().unwrap(), ended)
            }
        })
        .collect()
}

fn all_statements(records: &[Record]) -> Vec<Value> {
    let options = XapiOptions::default();
    records
        .iter()
        .flat_map(|r| xapi::statements(r, &options))
        .collect()
}

fn count_by_id(stored: &[Value]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for s in stored {
        *counts
            .entry(s["id"].as_str().unwrap_or_default().to_string())
            .or_insert(0) += 1;
    }
    counts
}

fn fast_options() -> PushOptions {
    PushOptions {
        batch_size: 25,
        attempts: 3,
        first_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(400),
        timeout: Duration::from_secs(20),
        ..PushOptions::default()
    }
}

fn key() -> SigningKey {
    SigningKey::from_bytes(b"trainer key").unwrap()
}

/// The spool in `dir` for this LRS, its ledger tagged with the trainer's key.
fn open_spool(dir: &std::path::Path, lrs: &Lrs) -> Spool {
    Spool::open(dir, lrs.endpoint(), Some(&key())).unwrap()
}

#[test]
fn pushed_statements_read_back_from_a_real_lrs_equal_what_was_sent() {
    let dir = tempfile::tempdir().unwrap();
    let ralph = Ralph::start(dir.path());
    let statements = all_statements(&records(12));
    let spool = open_spool(&dir.path().join("spool"), &lrs_of(&ralph));
    let report = lrs::push(
        &lrs_of(&ralph),
        &spool,
        statements.clone(),
        &fast_options(),
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(report.stopped, None);
    assert_eq!(report.sent, statements.len());
    assert_eq!(report.kept, 0);

    let stored = lrs_of(&ralph).fetch_all(Duration::from_secs(20)).unwrap();
    assert_eq!(stored.len(), statements.len());
    let by_id: HashMap<&str, &Value> = stored
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s))
        .collect();
    for sent in &statements {
        let got = by_id[sent["id"].as_str().unwrap()];
        // Everything we sent comes back as sent; the LRS only adds `stored`, `authority` and `version`.
        for key in ["actor", "verb", "object", "context", "timestamp"] {
            assert_eq!(
                normalise(&got[key]),
                normalise(&sent[key]),
                "{key} of {}",
                sent["id"]
            );
        }
        assert_eq!(normalise(&got["result"]), normalise(&sent["result"]));
    }
    // The verbs of one finished record, in order, as cmi5 expects.
    let verbs: Vec<&str> = statements
        .iter()
        .take_while(|s| !s["verb"]["id"].as_str().unwrap().ends_with("terminated"))
        .map(|s| s["verb"]["display"]["en-US"].as_str().unwrap())
        .collect();
    assert_eq!(verbs.first(), Some(&"initialized"));
    assert!(verbs.contains(&"answered") && verbs.contains(&"completed"));
    assert!(verbs.contains(&"passed") || verbs.contains(&"failed"));

    // A second push sends nothing: everything is in the spool's ledger.
    let again = lrs::push(
        &lrs_of(&ralph),
        &spool,
        statements.clone(),
        &fast_options(),
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(
        (again.sent, again.requests, again.already_sent),
        (0, 0, statements.len())
    );
}

/// Timestamps and numbers as the LRS may rewrite them: `Z` vs `+00:00`, `1.0` vs `1`.
fn normalise(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), normalise(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(normalise).collect()),
        Value::Number(n) => serde_json::json!(n.as_f64()),
        Value::String(s) => match s.parse::<Timestamp>() {
            Ok(t) => Value::String(t.to_string()),
            Err(_) => v.clone(),
        },
        _ => v.clone(),
    }
}

#[test]
fn a_push_cut_off_by_the_lrs_going_down_delivers_every_statement_exactly_once_later() {
    let dir = tempfile::tempdir().unwrap();
    let ralph = Mutex::new(Ralph::start(dir.path()));
    let lrs = lrs_of(&ralph.lock().unwrap());
    let statements = all_statements(&records(30));
    let total = statements.len();
    let spool_dir = dir.path().join("spool");

    // First push: the LRS is killed after the fourth batch is acknowledged, in the middle of the push.
    let first = {
        let spool = open_spool(&spool_dir, &lrs);
        lrs::push(
            &lrs,
            &spool,
            statements.clone(),
            &fast_options(),
            &|done, _| {
                if done == 100 {
                    ralph.lock().unwrap().kill();
                }
            },
        )
        .unwrap()
    };
    assert_eq!(first.sent, 100, "{first:?}");
    assert_eq!(first.kept, total - 100);
    let why = first.stopped.as_deref().unwrap_or_default();
    assert!(why.contains("could not connect to the LRS"), "{why}");
    assert_eq!(
        first.requests,
        4 + 3,
        "four batches, then three attempts at the fifth"
    );

    // The LRS comes back; the next push sends only what is left.
    ralph.lock().unwrap().spawn();
    let spool = open_spool(&spool_dir, &lrs);
    let second = lrs::push(
        &lrs,
        &spool,
        statements.clone(),
        &fast_options(),
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(second.stopped, None);
    assert_eq!(second.sent, total - 100);
    assert_eq!(second.already_sent, 100);
    assert_eq!(second.kept, 0);

    // Even if the ledger were lost (a crash after the LRS stored a batch), a resend stores
    // nothing twice: Ralph answers that it holds them, and each is read back and found the same.
    drop(spool);
    std::fs::remove_file(spool_dir.join("sent.log")).unwrap();
    let spool = open_spool(&spool_dir, &lrs);
    let resend = lrs::push(
        &lrs,
        &spool,
        statements.clone(),
        &fast_options(),
        &|_, _| {},
    )
    .unwrap();
    assert!(resend.complete(), "{resend:?}");
    assert_eq!(resend.sent, total, "{resend:?}");
    assert_eq!(resend.conflicts, vec![]);

    let stored = lrs.fetch_all(Duration::from_secs(30)).unwrap();
    let counts = count_by_id(&stored);
    assert_eq!(counts.len(), total);
    assert!(
        counts.values().all(|&n| n == 1),
        "a statement was stored twice"
    );
    for s in &statements {
        assert_eq!(counts.get(s["id"].as_str().unwrap()), Some(&1));
    }
}

#[test]
fn a_second_push_on_the_same_spool_waits_its_turn() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Spool::open(dir.path(), "http://127.0.0.1:1/xAPI", None).unwrap();
    let second = Spool::open(dir.path(), "http://127.0.0.1:1/xAPI", None);
    assert!(matches!(second, Err(lrs::PushError::Busy(_))));
}
