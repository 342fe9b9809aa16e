//! The benchmark commands: frame times on the consequences screen of the largest network, and launch to an interactive title screen.
//!
//! A leaf: it drives the game and nothing imports it. Behind the `bench` feature.

use crate::game::{self, GameOptions, bench::BenchMode};
use clap::Subcommand;
use std::process::ExitCode;

/// Set by `bench-startup` on the game processes it launches.
pub const STARTUP_ENV: &str = "PRESSCHECK_BENCH_STARTUP";

/// The benchmark subcommands.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Benchmark: render the consequences screen of the largest shipped network for N frames (needs a display).
    BenchFrames {
        /// Frames to measure, after a warm-up.
        #[arg(long, default_value_t = 600)]
        frames: u32,
    },
    /// Benchmark: time from launch to an interactive title screen, over several launches (needs a display).
    BenchStartup {
        /// Launches to measure.
        #[arg(long, default_value_t = 5)]
        runs: u32,
    },
}

/// Runs a benchmark command.
pub fn run(command: BenchCommand) -> ExitCode {
    match command {
        BenchCommand::BenchFrames { frames } => {
            game::run_bench(GameOptions::default(), BenchMode::Frames(frames.max(1)))
        }
        BenchCommand::BenchStartup { runs } => startup(runs.max(1)),
    }
}

/// Whether this process is a game launched by `bench-startup`, which reports when its title screen is up.
pub fn launched_for_startup() -> bool {
    std::env::var_os(STARTUP_ENV).is_some()
}

/// The game, measuring from `launched` to an interactive title screen.
pub fn run_startup_game(options: GameOptions, launched: std::time::Instant) -> ExitCode {
    game::run_bench(options, BenchMode::Startup(launched))
}

/// Launches the game `runs` times and reports the median time to an interactive title screen.
fn startup(runs: u32) -> ExitCode {
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("error: cannot find the presscheck executable");
        return ExitCode::FAILURE;
    };
    let mut times = Vec::new();
    for i in 0..runs {
        let started = std::time::Instant::now();
        let out = std::process::Command::new(&exe)
            .env(STARTUP_ENV, "1")
            .output();
        let wall = started.elapsed();
        let Ok(out) = out else {
            eprintln!("error: could not launch the game");
            return ExitCode::FAILURE;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        let Some(ms) = text
            .lines()
            .find_map(|l| l.strip_prefix("bench-startup: title screen interactive "))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<f64>().ok())
        else {
            eprintln!(
                "error: launch {} did not reach the title screen: {}",
                i + 1,
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            );
            return ExitCode::FAILURE;
        };
        println!(
            "launch {}: title interactive after {ms:.0} ms (process wall time {:.0} ms)",
            i + 1,
            wall.as_secs_f64() * 1e3
        );
        times.push(ms);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "bench-startup: {runs} launches, median {:.0} ms, min {:.0} ms, max {:.0} ms to an interactive title screen",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    ExitCode::SUCCESS
}
