//! The shipped scenarios teach the right lesson at every seed tested: careful play passes, the extremes fail.

use presscheck_engine::model::Tier;
use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{Scenario, load, play};
use std::path::PathBuf;

/// Seeds tested for every scenario and strategy.
const SEEDS: std::ops::Range<u64> = 0..40;

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

fn shipped() -> Vec<(String, Scenario)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(scenarios_dir())
        .expect("scenarios folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    for path in paths {
        let bytes = std::fs::read(&path).expect("read scenario");
        let loaded =
            load(&bytes).unwrap_or_else(|e| panic!("{}: {:?}", path.display(), e.diagnostics));
        assert!(
            loaded.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            loaded.warnings
        );
        out.push((path.display().to_string(), loaded.scenario));
    }
    out
}

#[test]
fn three_scenarios_are_shipped_with_enough_substance() {
    let all = shipped();
    let ids: Vec<&str> = all.iter().map(|(_, s)| s.id()).collect();
    assert_eq!(
        ids,
        [
            "cd-of-materials",
            "inspection-footage",
            "unapproved-interview"
        ]
    );
    for (path, s) in &all {
        assert!(s.file.stages.len() >= 4, "{path}: fewer than 4 stages");
        assert!(s.item_count() >= 10, "{path}: fewer than 10 items");
        let sensitive: Vec<_> = (0..s.item_count())
            .map(|i| s.item(i))
            .filter(|i| i.classification.is_sensitive())
            .collect();
        assert!(sensitive.len() >= 4, "{path}: fewer than 4 sensitive items");
        assert!(
            sensitive.iter().all(|i| !i.cues.is_empty()),
            "{path}: a sensitive item has no cues"
        );
        let public_news: u32 = (0..s.item_count())
            .map(|i| s.item(i))
            .filter(|i| !i.classification.is_sensitive())
            .map(|i| u32::from(i.newsworthiness))
            .sum();
        assert!(public_news >= 10, "{path}: too little public news value");
    }
}

#[test]
fn model_play_passes_at_every_seed() {
    for (path, s) in shipped() {
        for seed in SEEDS {
            let d = strategy::decisions(&s, Strategy::Model, seed);
            let o = play(&s, seed, &d).expect("model play finishes");
            assert!(
                o.score.passed,
                "{path} seed {seed}: model play failed: {:?}",
                o.score
            );
            assert_eq!(o.repercussion.tier, Tier::NoLeak, "{path} seed {seed}");
            assert!(!o.late, "{path} seed {seed}: model play is late");
        }
    }
}

#[test]
fn publishing_everything_fails_with_a_leak_at_every_seed() {
    for (path, s) in shipped() {
        for seed in SEEDS {
            let d = strategy::decisions(&s, Strategy::PublishAll, seed);
            let o = play(&s, seed, &d).expect("publish-all finishes");
            assert!(
                o.story.published,
                "{path} seed {seed}: publish-all did not publish"
            );
            assert!(!o.score.passed, "{path} seed {seed}: publish-all passed");
            assert!(
                o.score.gate.is_some(),
                "{path} seed {seed}: publish-all passed the leak gate"
            );
            assert!(
                o.repercussion.tier >= Tier::SeriousLeak,
                "{path} seed {seed}: {:?}",
                o.repercussion
            );
        }
    }
}

#[test]
fn holding_or_redacting_everything_fails_for_over_caution_at_every_seed() {
    for (path, s) in shipped() {
        for seed in SEEDS {
            for strategy in [Strategy::HoldAll, Strategy::RedactAll] {
                let d = strategy::decisions(&s, strategy, seed);
                let o = play(&s, seed, &d).expect("finishes");
                assert!(
                    !o.score.passed,
                    "{path} seed {seed}: {} passed",
                    strategy.name()
                );
                assert_eq!(
                    o.repercussion.tier,
                    Tier::NoLeak,
                    "{path} seed {seed}: {}",
                    strategy.name()
                );
                assert!(o.score.gate.is_none());
            }
            let held = play(&s, seed, &strategy::decisions(&s, Strategy::HoldAll, seed))
                .expect("finishes");
            assert!(
                !held.story.published,
                "{path} seed {seed}: hold-all published"
            );
            assert_eq!(held.score.components.over_caution, 1.0);
        }
    }
}

#[test]
#[ignore = "prints a calibration table; run with --ignored --nocapture"]
fn calibration_table() {
    for (path, s) in shipped() {
        for strategy in Strategy::ALL {
            let mut scores = Vec::new();
            let mut passes = 0;
            let mut foreign = 0;
            let mut reprints = 0u64;
            for seed in 0..100u64 {
                let d = strategy::decisions(&s, strategy, seed);
                let o = play(&s, seed, &d).expect("finishes");
                scores.push(o.score.scaled);
                passes += usize::from(o.score.passed);
                foreign += usize::from(o.spread.reprints.foreign > 0);
                reprints += u64::from(o.spread.reprints.reprints());
            }
            let mean: f64 = scores.iter().sum::<f64>() / scores.len() as f64;
            println!(
                "{path:50} {:12} mean {mean:.3} pass {passes:3}% foreign {foreign:3}% reprints {:.1}",
                strategy.name(),
                reprints as f64 / 100.0
            );
        }
    }
}

#[test]
fn what_if_changes_one_choice_and_keeps_the_rest() {
    let (_, s) = shipped()
        .into_iter()
        .find(|(_, s)| s.id() == "unapproved-interview")
        .unwrap();
    let model = strategy::decisions(&s, Strategy::Model, 9);
    let original = play(&s, 9, &model).unwrap();
    // Skipping review at sign-off: the same edits and earlier choices, published without review.
    let changed =
        presscheck_engine::whatif::rerun(&s, 9, &model, "sign-off", "publish-now").unwrap();
    assert_eq!(changed.seed, original.seed);
    assert_eq!(changed.path.len(), original.path.len() - 1);
    assert_eq!(changed.path[..4], original.path[..4]);
    assert!(changed.score.scaled < original.score.scaled);
    assert!(
        changed
            .score
            .lapses
            .iter()
            .any(|l| l.text.contains("confidentiality review"))
    );
    // Changing nothing gives the same outcome.
    let same = presscheck_engine::whatif::rerun(&s, 9, &model, "sign-off", "send-review").unwrap();
    assert_eq!(same, original);
    // A stage the run never reached is an error, not a guess.
    assert!(presscheck_engine::whatif::rerun(&s, 9, &model, "nowhere", "x").is_err());
}

#[test]
fn an_author_can_ask_for_a_hundred_thousand_outlets() {
    let minimal = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/valid/minimal.ron"),
    )
    .unwrap();
    let big = minimal.replace(
        "network: (domestic_portals: 10, self_media: 100, foreign_sites: 5),",
        "network: (domestic_portals: 4000, self_media: 90000, foreign_sites: 6000),",
    );
    assert_ne!(big, minimal);
    let s = load(big.as_bytes()).expect("valid").scenario;
    let all = play(&s, 11, &strategy::decisions(&s, Strategy::PublishAll, 11)).unwrap();
    let n = all.spread.network;
    assert_eq!(n.own + n.domestic + n.self_media + n.foreign, 100_001);
    assert!(all.spread.reprints.reprints() > 0);
    let again = play(&s, 11, &strategy::decisions(&s, Strategy::PublishAll, 11)).unwrap();
    assert_eq!(all, again);
}

#[test]
fn choices_are_shown_in_a_seeded_order() {
    let (_, s) = shipped()
        .into_iter()
        .find(|(_, s)| s.id() == "unapproved-interview")
        .unwrap();
    let ids = |seed: u64| -> Vec<String> {
        presscheck_engine::Run::new(&s, seed)
            .choices_in_display_order()
            .iter()
            .map(|c| c.id.clone())
            .collect()
    };
    let mut sorted = ids(1);
    sorted.sort();
    let mut authored: Vec<String> = presscheck_engine::Run::new(&s, 1)
        .available_choices()
        .iter()
        .map(|c| c.id.clone())
        .collect();
    authored.sort();
    assert_eq!(sorted, authored, "a permutation of the available choices");
    assert_eq!(ids(1), ids(1), "deterministic");
    let orders: std::collections::BTreeSet<Vec<String>> = (0..20).map(ids).collect();
    assert!(orders.len() > 1, "the order changes with the seed");
}
