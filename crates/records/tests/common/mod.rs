//! Shared helpers: real records made by playing the shipped scenarios through the engine and the recorder.
#![allow(dead_code)]

use jiff::{SignedDuration, Timestamp};
use presscheck_engine::{Run, Scenario, Strategy, replays, strategy};
use presscheck_records::record::{Mode, Record, Recorder, RunContext};
use std::path::PathBuf;

/// The repository's `scenarios/` folder.
pub fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

/// The bytes of a shipped scenario.
pub fn scenario_bytes(name: &str) -> Vec<u8> {
    std::fs::read(scenarios_dir().join(format!("{name}.ron"))).expect("shipped scenario")
}

/// A shipped scenario, loaded.
pub fn scenario(name: &str) -> Scenario {
    presscheck_engine::load(&scenario_bytes(name))
        .expect("shipped scenarios load")
        .scenario
}

/// Who plays.
pub fn context(trainee: &str, mode: Mode, session: Option<&str>) -> RunContext {
    RunContext {
        trainee_id: trainee.to_string(),
        trainee_name: format!("Name of {trainee}"),
        session: session.map(str::to_string),
        mode,
    }
}

pub fn at(text: &str) -> Timestamp {
    text.parse().expect("timestamp")
}

/// Plays a whole run with a strategy, one decision every 20 seconds, and returns its record.
pub fn play(
    scenario: &Scenario,
    strategy: Strategy,
    seed: u64,
    ctx: RunContext,
    started: Timestamp,
) -> Record {
    let decisions = strategy::decisions(scenario, strategy, seed);
    let mut recorder = Recorder::start(scenario, seed, ctx, started);
    let mut run = Run::new(scenario, seed);
    let mut t = started;
    for d in &decisions {
        t += SignedDuration::from_secs(20);
        recorder.decided(&run, d, t);
        run.apply(d).expect("strategies make legal decisions");
    }
    let outcome = run.finish().expect("strategies play to the end");
    recorder.finish(&outcome, t + SignedDuration::from_secs(30))
}

/// [`play`], with the record keeping `count` replays of its story (none kept when nothing was published).
pub fn play_with_replays(
    scenario: &Scenario,
    strategy: Strategy,
    seed: u64,
    ctx: RunContext,
    started: Timestamp,
    count: u32,
) -> Record {
    let decisions = strategy::decisions(scenario, strategy, seed);
    let mut recorder = Recorder::start(scenario, seed, ctx, started);
    let mut run = Run::new(scenario, seed);
    for d in &decisions {
        recorder.decided(&run, d, started);
        run.apply(d).expect("strategies make legal decisions");
    }
    let outcome = run.finish().expect("strategies play to the end");
    let usual = replays::replays(scenario, &outcome, count, replays::Threads::Pool);
    recorder.finish_with_usual(
        &outcome,
        usual.as_ref(),
        started + SignedDuration::from_secs(60),
    )
}

/// Plays the first `steps` decisions of a strategy, then leaves.
pub fn abandon(
    scenario: &Scenario,
    strategy: Strategy,
    seed: u64,
    steps: usize,
    ctx: RunContext,
    started: Timestamp,
) -> Record {
    let decisions = strategy::decisions(scenario, strategy, seed);
    let mut recorder = Recorder::start(scenario, seed, ctx, started);
    let mut run = Run::new(scenario, seed);
    let mut t = started;
    for d in decisions.iter().take(steps) {
        t += SignedDuration::from_secs(20);
        recorder.decided(&run, d, t);
        run.apply(d).expect("strategies make legal decisions");
    }
    recorder.abandon(t + SignedDuration::from_secs(5))
}

/// A model play of the unapproved interview, assessed.
pub fn model_record(trainee: &str) -> Record {
    let s = scenario("unapproved-interview");
    play(
        &s,
        Strategy::Model,
        7,
        context(trainee, Mode::Assessed, Some("class-7")),
        at("2026-11-02T09:00:00Z"),
    )
}
