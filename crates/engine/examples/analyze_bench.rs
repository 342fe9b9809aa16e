//! Times balance analysis of each shipped scenario: `cargo run -p presscheck-engine --release --example analyze_bench [SEEDS] [SCENARIO]`.
//!
//! Seeds default to 1000, as `presscheck analyze` does; a scenario's id runs that one alone. Set `SHOW_ROWS=1` to
//! see the best rows and the strategies of each scenario as well.

use presscheck_engine::analyze::{AnalyzeOptions, analyze};
use presscheck_engine::load;
use std::time::Instant;

fn main() {
    let seeds: u32 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("analyze, {seeds} seeds, {threads} thread(s)");
    let only = std::env::args().nth(2);
    for id in [
        "unapproved-interview",
        "cd-of-materials",
        "inspection-footage",
    ]
    .into_iter()
    .filter(|id| only.as_deref().is_none_or(|o| o == *id))
    {
        let path = format!("{}/../../scenarios/{id}.ron", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).expect("shipped scenario");
        let scenario = load(&bytes).expect("valid scenario").scenario;
        let options = AnalyzeOptions {
            seeds,
            ..AnalyzeOptions::default()
        };
        let start = Instant::now();
        let analysis = analyze(&scenario, &options, &|_, _| {});
        let elapsed = start.elapsed();
        println!(
            "{id:22} {:>7.2} s  {} rows ({}), {} finding(s)",
            elapsed.as_secs_f64(),
            analysis.rows.len(),
            analysis.coverage_note(),
            analysis.findings.len()
        );
        if std::env::var_os("SHOW_ROWS").is_some() {
            for r in analysis
                .rows
                .iter()
                .filter(|r| r.rank <= 8 || r.strategy.is_some())
            {
                println!(
                    "    #{:<4} {:.3} pass {:5.1}% foreign {:5.1}% reprints {:8.1} {:7} {}",
                    r.rank,
                    r.mean_score,
                    100.0 * r.pass_rate,
                    100.0 * r.foreign_pickup,
                    r.mean_reprints,
                    r.ending.label(),
                    r.label
                );
            }
        }
        for f in &analysis.findings {
            println!("    {}: {}: {}", f.severity.label(), f.code, f.message);
        }
    }
}
