//! Replaying records against scenario files: confirmed runs, edited results, changed scenarios, illegal and unfinished runs.

mod common;

use common::*;
use presscheck_engine::Strategy;
use presscheck_engine::run::Decision;
use presscheck_records::record::{Mode, Status};
use presscheck_records::replay::replay;

#[test]
fn a_model_play_of_a_shipped_scenario_replays_confirmed() {
    let s = scenario("unapproved-interview");
    let record = model_record("t-0042");
    assert!(
        record.result.as_ref().unwrap().passed,
        "the model play passes"
    );
    let report = replay(&record, &s);
    assert!(report.is_confirmed(), "{:?}", report.problems());
    assert!(report.same_scenario);
    assert_eq!(report.recomputed.as_ref(), record.result.as_ref());
    assert!(report.problems().is_empty());
}

#[test]
fn every_strategy_on_every_shipped_scenario_replays_confirmed() {
    for name in [
        "unapproved-interview",
        "cd-of-materials",
        "inspection-footage",
    ] {
        let s = scenario(name);
        for (i, strategy) in Strategy::ALL.into_iter().enumerate() {
            let r = play(
                &s,
                strategy,
                11 + i as u64,
                context("t", Mode::Practice, None),
                at("2026-11-02T09:00:00Z"),
            );
            let report = replay(&r, &s);
            assert!(
                report.is_confirmed(),
                "{name} {strategy:?}: {:?}",
                report.problems()
            );
        }
    }
}

#[test]
fn an_edited_score_is_listed_with_both_values() {
    let s = scenario("unapproved-interview");
    let mut record = model_record("t-0042");
    let real = record.result.as_ref().unwrap().score;
    record.result.as_mut().unwrap().score = 0.42;
    record.result.as_mut().unwrap().reach += 1;
    let report = replay(&record, &s);
    assert!(!report.is_confirmed());
    assert!(report.same_scenario);
    let fields: Vec<&str> = report.differences.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(fields, ["result.reach", "result.score"]);
    let score = &report.differences[1];
    assert_eq!(score.1, "0.42");
    assert_eq!(score.2, serde_json::to_string(&real).unwrap());
    let line = format!("result.score: recorded 0.42, replay gives {}", score.2);
    assert!(report.problems().contains(&line), "{:?}", report.problems());
}

#[test]
fn a_changed_scenario_file_is_reported_but_still_replayed() {
    let mut bytes = scenario_bytes("unapproved-interview");
    bytes.extend_from_slice(b"\n// a comment added after the run\n");
    let changed = presscheck_engine::load(&bytes).unwrap().scenario;
    let record = model_record("t-0042");
    assert_ne!(changed.content_hash, record.scenario.content_hash);
    let report = replay(&record, &changed);
    assert!(!report.same_scenario);
    assert!(!report.is_confirmed());
    // The rules did not change, so the result still matches.
    assert!(report.differences.is_empty(), "{:?}", report.differences);
    assert!(report.recomputed.is_some());
    assert_eq!(report.hashes.0, record.scenario.content_hash);
    assert_eq!(report.hashes.1, changed.content_hash);
    assert!(report.problems()[0].contains("scenario file changed"));
}

#[test]
fn a_changed_pass_mark_shows_in_the_differences() {
    let text = String::from_utf8(scenario_bytes("unapproved-interview")).unwrap();
    let record = model_record("t-0042");
    let mark = record.scenario.pass_mark;
    let from = format!("pass_mark: {mark}");
    assert!(text.contains(&from), "{from}");
    let edited = text.replacen(&from, "pass_mark: 0.99", 1);
    let stricter = presscheck_engine::load(edited.as_bytes()).unwrap().scenario;
    let report = replay(&record, &stricter);
    assert!(!report.is_confirmed());
    let fields: Vec<&str> = report.differences.iter().map(|d| d.0.as_str()).collect();
    assert!(fields.contains(&"scenario.pass_mark"), "{fields:?}");
    assert!(fields.contains(&"result.pass_mark"), "{fields:?}");
}

#[test]
fn an_abandoned_run_replays_when_its_decisions_are_legal_and_it_had_not_ended() {
    let s = scenario("unapproved-interview");
    let r = abandon(
        &s,
        Strategy::Model,
        7,
        3,
        context("t", Mode::Practice, None),
        at("2026-11-02T09:00:00Z"),
    );
    assert_eq!(r.status, Status::Abandoned);
    let report = replay(&r, &s);
    assert!(report.is_confirmed(), "{:?}", report.problems());
    assert!(report.recomputed.is_none());

    // All decisions of a finished run, but marked abandoned: the run had ended.
    let mut ended = model_record("t");
    ended.status = Status::Abandoned;
    ended.result = None;
    let report = replay(&ended, &s);
    assert!(!report.is_confirmed());
    assert!(
        report
            .status_problem
            .as_deref()
            .unwrap()
            .contains("reach an ending")
    );

    // Marked finished, but cut short.
    let mut short = model_record("t");
    short.decisions.truncate(2);
    let report = replay(&short, &s);
    assert!(!report.is_confirmed());
    assert!(report.status_problem.is_some());
}

#[test]
fn an_illegal_decision_is_named_with_its_place() {
    let s = scenario("unapproved-interview");
    let mut r = model_record("t");
    r.decisions[2].decision = Decision::choose("interview", "no-such-choice");
    let report = replay(&r, &s);
    assert!(!report.is_confirmed());
    let (n, why) = report.rejected.clone().unwrap();
    assert_eq!(n, 3);
    assert!(!why.is_empty());
    assert!(report.problems()[0].starts_with("decision 3 is refused now"));
}

#[test]
fn a_record_of_another_scenario_is_refused() {
    let record = model_record("t");
    let other = scenario("cd-of-materials");
    let report = replay(&record, &other);
    assert!(!report.is_confirmed());
    assert!(
        report
            .status_problem
            .as_deref()
            .unwrap()
            .contains("unapproved-interview")
    );
}

#[test]
fn a_record_with_garbage_in_its_hash_does_not_panic() {
    let s = scenario("unapproved-interview");
    let mut r = model_record("t");
    r.scenario.content_hash = "ééééééééééééééé".into();
    let report = replay(&r, &s);
    assert!(!report.is_confirmed());
    assert!(report.problems()[0].contains("éééééé"));
}

#[test]
fn a_record_keeps_what_usually_happens_and_replay_checks_it() {
    let s = scenario("unapproved-interview");
    let ctx = || context("t", Mode::Practice, None);
    let record = play_with_replays(
        &s,
        Strategy::PublishAll,
        3,
        ctx(),
        at("2026-11-02T09:00:00Z"),
        200,
    );
    let usual = record
        .result
        .as_ref()
        .unwrap()
        .usual
        .clone()
        .expect("published");
    assert_eq!(usual.replays, 200);
    assert!(usual.expected_damage > 0.0, "publish-all leaks: {usual:?}");
    assert!(usual.damage_p10 <= usual.damage_p90, "{usual:?}");
    assert_eq!(usual.tiers.len(), 4);
    let shares: f64 = usual.tiers.iter().map(|t| t.1).sum();
    assert!((shares - 1.0).abs() < 1e-3, "{shares}");
    let report = replay(&record, &s);
    assert!(report.is_confirmed(), "{:?}", report.problems());

    // A summary that was changed is found, field by field.
    let mut forged = record.clone();
    forged
        .result
        .as_mut()
        .unwrap()
        .usual
        .as_mut()
        .unwrap()
        .expected_damage = 0.0;
    let report = replay(&forged, &s);
    assert!(!report.is_confirmed());
    let fields: Vec<&str> = report.differences.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(fields, ["result.usual.expected_damage"]);

    // A count past the engine's limit is replayed at the limit and reported, not run for ever.
    let mut huge = record.clone();
    huge.result
        .as_mut()
        .unwrap()
        .usual
        .as_mut()
        .unwrap()
        .replays = u32::MAX;
    let report = replay(&huge, &s);
    assert!(!report.is_confirmed());
    assert!(
        report
            .differences
            .iter()
            .any(|d| d.0 == "result.usual.replays"),
        "{:?}",
        report.differences
    );

    // A held story keeps no replays.
    let held = play_with_replays(
        &s,
        Strategy::HoldAll,
        3,
        ctx(),
        at("2026-11-02T09:00:00Z"),
        200,
    );
    assert_eq!(held.result.as_ref().unwrap().usual, None);
    assert!(replay(&held, &s).is_confirmed());
}

#[test]
fn a_record_of_a_case_with_its_own_outlet_kinds_keeps_each_kind_and_replay_checks_it() {
    let s = scenario("inspection-footage");
    let record = play_with_replays(
        &s,
        Strategy::PublishAll,
        5,
        context("t", Mode::Practice, None),
        at("2026-11-02T09:00:00Z"),
        20,
    );
    let result = record.result.as_ref().unwrap();
    let ids: Vec<&str> = result
        .reprints_by_kind
        .iter()
        .map(|k| k.id.as_str())
        .collect();
    assert_eq!(ids, ["broadcasters", "portals", "self-media", "foreign"]);
    // The case's kinds add up to the standard totals: three domestic kinds and one foreign.
    let by: Vec<u32> = result.reprints_by_kind.iter().map(|k| k.reprints).collect();
    assert_eq!(by[0] + by[1] + by[2], result.reprints.domestic);
    assert_eq!(by[3], result.reprints.foreign);
    assert!(replay(&record, &s).is_confirmed());
    // A kind's count that was changed is found.
    let mut forged = record.clone();
    forged.result.as_mut().unwrap().reprints_by_kind[0].reprints += 1;
    let report = replay(&forged, &s);
    let fields: Vec<&str> = report.differences.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(fields, ["result.reprints_by_kind[0].reprints"]);
}
