//! Benchmarks of the cascade core and what uses it: `cargo bench -p presscheck-engine --bench cascade`.
//!
//! Network generation at 100,000 and 1,000,000 outlets, the largest shipped
//! network built seed after seed into the same memory, one cascade of a
//! careless story over the largest shipped network, and 1,000 replays of it
//! on one thread and on every core.

use presscheck_engine::model::NetworkParams;
use presscheck_engine::network::Network;
use presscheck_engine::replays::{Threads, replays};
use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{Outcome, Scenario, load};

fn main() {
    divan::main();
}

fn shipped(id: &str) -> Scenario {
    let path = format!("{}/../../scenarios/{id}.ron", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(path).expect("a shipped scenario");
    load(&bytes).expect("a valid scenario").scenario
}

/// The inspection footage played carelessly: the largest shipped cascade.
fn careless() -> (Scenario, Outcome) {
    let scenario = shipped("inspection-footage");
    let decisions = strategy::decisions(&scenario, Strategy::PublishAll, 1);
    let outcome = presscheck_engine::play(&scenario, 1, &decisions).expect("a finished run");
    (scenario, outcome)
}

/// The inspection footage's network with the standard kinds only, resized: its own kinds would set the counts.
fn params(outlets: u32, follows: u32) -> NetworkParams {
    let mut p = shipped("inspection-footage").file.network.clone();
    p.outlet_kinds.clear();
    p.domestic_portals = outlets / 20;
    p.foreign_sites = outlets / 50;
    p.self_media = outlets - 1 - p.domestic_portals - p.foreign_sites;
    p.follows = follows;
    p
}

#[divan::bench(args = [100_000, 1_000_000], sample_count = 5)]
fn generate_network(bencher: divan::Bencher, outlets: u32) {
    let p = params(outlets, 10);
    assert_eq!(
        Network::generate(&p, 1).len(),
        outlets as usize,
        "the size asked for"
    );
    bencher.bench(|| Network::generate(&p, 1));
}

/// The largest shipped network (30,041 outlets): built once for a scenario, whatever the seed.
#[divan::bench(sample_count = 40, sample_size = 10)]
fn shipped_network(bencher: divan::Bencher) {
    let p = shipped("inspection-footage").file.network;
    bencher.bench(|| Network::of(&p).len());
}

#[divan::bench(sample_count = 20)]
fn one_careless_run(bencher: divan::Bencher) {
    let (scenario, outcome) = careless();
    bencher.bench(|| presscheck_engine::play(&scenario, 1, &outcome.decisions).expect("finished"));
}

#[divan::bench(args = ["one thread", "every core"], sample_count = 5)]
fn thousand_replays(bencher: divan::Bencher, threads: &str) {
    let (scenario, outcome) = careless();
    let threads = if threads == "one thread" {
        Threads::One
    } else {
        Threads::Pool
    };
    bencher.bench(|| replays(&scenario, &outcome, 1000, threads));
}
