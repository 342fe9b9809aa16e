//! What usually happens: replays are pinned by golden files, do not depend on the thread count, and follow the story.

use presscheck_engine::cascade::{StoryPull, simulate};
use presscheck_engine::network::OutletKind;
use presscheck_engine::replays::{Threads, replays};
use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{Outcome, Scenario, load, play};
use std::path::PathBuf;

fn shipped(id: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../scenarios/{id}.ron"));
    load(&std::fs::read(path).expect("scenario file"))
        .expect("valid scenario")
        .scenario
}

fn played(scenario: &Scenario, strategy: Strategy, seed: u64) -> Outcome {
    let decisions = strategy::decisions(scenario, strategy, seed);
    play(scenario, seed, &decisions).expect("strategy finishes")
}

#[test]
fn replays_of_each_shipped_scenario_match_their_golden_files() {
    for id in [
        "unapproved-interview",
        "cd-of-materials",
        "inspection-footage",
    ] {
        let scenario = shipped(id);
        for strategy in [Strategy::Model, Strategy::PublishAll] {
            let outcome = played(&scenario, strategy, 1);
            let summary = replays(&scenario, &outcome, 1000, Threads::Pool);
            insta::assert_json_snapshot!(format!("{id}__{}__seed1", strategy.name()), summary);
        }
    }
}

#[test]
fn the_thread_count_changes_nothing() {
    let scenario = shipped("inspection-footage");
    let outcome = played(&scenario, Strategy::PublishAll, 7);
    let one = replays(&scenario, &outcome, 300, Threads::One);
    for threads in [1, 2, 5] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let many = pool.install(|| replays(&scenario, &outcome, 300, Threads::Pool));
        assert_eq!(one, many, "{threads} threads");
    }
}

#[test]
fn a_held_story_has_no_replays_and_a_leak_spreads_wider_than_a_careful_story() {
    let scenario = shipped("cd-of-materials");
    assert_eq!(
        replays(
            &scenario,
            &played(&scenario, Strategy::HoldAll, 1),
            100,
            Threads::One
        ),
        None
    );
    let careful = replays(
        &scenario,
        &played(&scenario, Strategy::Model, 1),
        500,
        Threads::One,
    )
    .expect("the model play publishes");
    let careless = replays(
        &scenario,
        &played(&scenario, Strategy::PublishAll, 1),
        500,
        Threads::One,
    )
    .expect("publish-all publishes");
    assert_eq!(careful.count, 500);
    assert!(careless.foreign.median > careful.foreign.median);
    assert!(careless.foreign_pickup >= careful.foreign_pickup);
    // Shares add up, quantiles are ordered, the band never falls.
    for r in [&careful, &careless] {
        let total: f64 = r.tiers.iter().map(|t| t.share).sum();
        assert!((total - 1.0).abs() < 1e-3, "{total}");
        for q in [&r.domestic, &r.self_media, &r.foreign, &r.reach] {
            assert!(q.p10 <= q.median && q.median <= q.p90, "{q:?}");
        }
        assert!(r.band.windows(2).all(|w| w[0].median <= w[1].median));
        assert!(
            r.band
                .iter()
                .all(|b| b.p10 <= b.median && b.median <= b.p90)
        );
    }
    let lines = careless.lines();
    assert!(lines[0].contains("replayed 500 times"), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("this run:")), "{lines:?}");
}

#[test]
fn replays_drawn_at_the_storys_own_chances_spread_as_its_runs_do() {
    // Replays draw at the story's own chances, a run at the strongest story's
    // and then thins: the same chance and delay on every link, so over many
    // seeds the same spread. The model story's appeal is below 1, so here the
    // two ways of drawing differ.
    let scenario = shipped("cd-of-materials");
    let outcome = played(&scenario, Strategy::Model, 1);
    assert!(outcome.story.appeal < 1.0, "{}", outcome.story.appeal);
    let summary = replays(&scenario, &outcome, 1000, Threads::Pool).expect("published");
    let network = scenario.network();
    let params = &scenario.file.network;
    let pull = StoryPull {
        appeal: outcome.story.appeal,
        sensitivity: outcome.story.sensitivity,
    };
    let runs = 1000;
    let (mut reprints, mut foreign) = (0u64, 0u64);
    for seed in 0..runs {
        let trace = simulate(&network, params, pull, 1_000_000 + seed);
        let count = |kind| u64::from(trace.count(&network, kind));
        reprints += count(OutletKind::DomesticPortal) + count(OutletKind::SelfMedia);
        foreign += count(OutletKind::ForeignSite);
    }
    let (reprints, foreign) = (reprints as f64 / runs as f64, foreign as f64 / runs as f64);
    let replayed = summary.domestic.mean + summary.self_media.mean;
    // A thousand of each: a standard error of about 1% of these means.
    assert!(
        (replayed - reprints).abs() < 0.05 * reprints,
        "domestic and self-media: replays {replayed}, runs {reprints}"
    );
    assert!(
        (summary.foreign.mean - foreign).abs() < 0.15 * foreign.max(1.0),
        "foreign: replays {}, runs {foreign}",
        summary.foreign.mean
    );
}
