//! Runs the textbook independent cascade over an edge-list file with the engine's cascade core, for `bench/compare-cynetdiff`.
//!
//! `cascade_compare FILE [--cascades N] [--chance P] [--source V] [--threads T]`
//! reads `FILE` (one link `from to` per line, `#` comments; outlets are
//! numbered from 0), then runs N cascades from outlet V with chance P on every
//! link on T threads, cascade `i` with its own seed, and prints one line:
//! `presscheck: threads T, cascades N, seconds S, cascades/s R, mean activated M`.
//! Only the cascades are timed, as for the reference.

use presscheck_engine::cascade_core::{Cascader, Chances};
use presscheck_engine::follow_graph::FollowGraph;
use presscheck_engine::rng;
use rayon::prelude::*;
use std::process::ExitCode;
use std::time::Instant;

/// Enough hours that no cascade on the benchmark graph is cut off (the longest takes a few dozen steps).
const HOURS: u32 = presscheck_engine::cascade_core::MAX_HOURS;

struct Options {
    file: String,
    cascades: u32,
    chance: f64,
    source: usize,
    threads: usize,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut o = Options {
        file: String::new(),
        cascades: 1000,
        chance: 0.05,
        source: 0,
        threads: 1,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--cascades" => o.cascades = parse(&value("--cascades")?)?,
            "--chance" => o.chance = parse(&value("--chance")?)?,
            "--source" => o.source = parse(&value("--source")?)?,
            "--threads" => o.threads = parse(&value("--threads")?)?,
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            file => o.file = file.to_string(),
        }
    }
    if o.file.is_empty() {
        return Err(
            "usage: cascade_compare FILE [--cascades N] [--chance P] [--source V] [--threads T]"
                .into(),
        );
    }
    Ok(o)
}

fn parse<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a valid value"))
}

fn read_links(path: &str) -> Result<(u64, Vec<(u64, u64)>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut links = Vec::new();
    let mut outlets = 0u64;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
            return Err(format!("{path}:{}: expected `from to`", n + 1));
        };
        let at = |t: &str| parse::<u64>(t).map_err(|e| format!("{path}:{}: {e}", n + 1));
        let (a, b) = (at(a)?, at(b)?);
        outlets = outlets.max(a + 1).max(b + 1);
        links.push((a, b));
    }
    Ok((outlets, links))
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(m) => {
            eprintln!("error: {m}");
            return ExitCode::from(2);
        }
    };
    let (outlets, links) = match read_links(&o.file) {
        Ok(x) => x,
        Err(m) => {
            eprintln!("error: {m}");
            return ExitCode::FAILURE;
        }
    };
    let graph = match FollowGraph::from_links(outlets, &links) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {}: {e}", o.file);
            return ExitCode::FAILURE;
        }
    };
    drop(links);
    let chances = Chances::uniform(o.chance);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(o.threads.max(1))
        .build()
        .expect("a thread pool");
    let cascade = |cascader: &mut Cascader, i: u32| -> u64 {
        cascader.run(&graph, &chances, rng::mix(u64::from(i)), HOURS, o.source);
        cascader.ran().len() as u64
    };
    // One untimed round warms the caches and sizes every thread's buffers.
    pool.install(|| {
        (0..o.threads as u32 * 4)
            .into_par_iter()
            .map_init(Cascader::counting, cascade)
            .sum::<u64>()
    });
    let start = Instant::now();
    let activated: u64 = pool.install(|| {
        (0..o.cascades)
            .into_par_iter()
            .map_init(Cascader::counting, cascade)
            .sum()
    });
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "presscheck: threads {}, cascades {}, seconds {seconds:.4}, cascades/s {:.1}, mean activated {:.1}",
        o.threads,
        o.cascades,
        f64::from(o.cascades) / seconds,
        activated as f64 / f64::from(o.cascades)
    );
    ExitCode::SUCCESS
}
