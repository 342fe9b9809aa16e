//! Benchmarks of balance analysis: `cargo bench -p presscheck-engine --bench analyze`.
//!
//! Every path of each shipped scenario, with its edit variants, at 200 seeds
//! on every core: a fifth of what `presscheck analyze` plays by default, so
//! that enough samples fit in a minute for a steady median (the
//! `analyze_bench` example times the full 1,000 seeds once).

use presscheck_engine::analyze::{AnalyzeOptions, analyze};
use presscheck_engine::{Scenario, load};

fn main() {
    divan::main();
}

fn shipped(id: &str) -> Scenario {
    let path = format!("{}/../../scenarios/{id}.ron", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(path).expect("a shipped scenario");
    load(&bytes).expect("a valid scenario").scenario
}

#[divan::bench(
    args = ["unapproved-interview", "cd-of-materials", "inspection-footage"],
    sample_count = 10
)]
fn two_hundred_seeds(bencher: divan::Bencher, id: &str) {
    let scenario = shipped(id);
    let options = AnalyzeOptions {
        seeds: 200,
        ..AnalyzeOptions::default()
    };
    let rows = analyze(&scenario, &options, &|_, _| {}).rows.len();
    assert!(rows > 100, "{id}: every path played, {rows} rows");
    bencher.bench(|| analyze(&scenario, &options, &|_, _| {}));
}
