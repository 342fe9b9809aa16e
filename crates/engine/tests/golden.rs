//! Golden runs: the full outcome of each shipped scenario under the model, publish-all and hold-all strategies at fixed seeds.
//!
//! A change to the engine or a scenario that changes any outcome shows up
//! here as a snapshot diff; review it with `cargo insta review`.

use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{load, play};
use std::path::PathBuf;

const SEEDS: [u64; 2] = [1, 2024];
const STRATEGIES: [Strategy; 3] = [Strategy::Model, Strategy::PublishAll, Strategy::HoldAll];

fn golden(id: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../scenarios/{id}.ron"));
    let bytes = std::fs::read(&path).expect("scenario file");
    let scenario = load(&bytes).expect("valid scenario").scenario;
    for strategy in STRATEGIES {
        for seed in SEEDS {
            let decisions = strategy::decisions(&scenario, strategy, seed);
            let outcome = play(&scenario, seed, &decisions).expect("strategy finishes");
            insta::assert_json_snapshot!(format!("{id}__{}__seed{seed}", strategy.name()), outcome);
        }
    }
}

#[test]
fn golden_unapproved_interview() {
    golden("unapproved-interview");
}

#[test]
fn golden_cd_of_materials() {
    golden("cd-of-materials");
}

#[test]
fn golden_inspection_footage() {
    golden("inspection-footage");
}
