//! Times one scenario at scale: `cargo run -p presscheck-engine --release --example scale FILE [REPLAYS] [STRATEGY]`.
//!
//! Prints the time to generate its outlet network (which the scenario then
//! keeps), to play it with STRATEGY (default `publish-all`, the careless play;
//! seed 1: one cascade), and to replay that story REPLAYS times (default
//! 1,000) on every core. Run it under `/usr/bin/time -v` for the peak memory.

use presscheck_engine::replays::{Threads, replays};
use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{load, play};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: scale FILE [REPLAYS]");
    let count: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let strategy = args.next().map_or(Strategy::PublishAll, |name| {
        Strategy::from_name(&name).unwrap_or_else(|| panic!("no strategy {name}"))
    });
    let scenario = load(&std::fs::read(&path).expect("readable file"))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .scenario;
    let start = Instant::now();
    let network = scenario.network();
    println!(
        "network: {} outlets, {} links, generated in {:.2} s",
        network.len(),
        network.link_count(),
        start.elapsed().as_secs_f64()
    );
    drop(network);
    let start = Instant::now();
    let decisions = strategy::decisions(&scenario, strategy, 1);
    let outcome = play(&scenario, 1, &decisions).expect("a finished run");
    println!(
        "one {} run: {} reprints, in {:.2} s",
        strategy.name(),
        outcome.spread.reprints.reprints(),
        start.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    let summary = replays(&scenario, &outcome, count, Threads::Pool).expect("published");
    println!(
        "{count} replays in {:.2} s ({} threads)",
        start.elapsed().as_secs_f64(),
        rayon::current_num_threads()
    );
    for line in summary.lines() {
        println!("{line}");
    }
}
