//! Command-line definition and dispatch; each subcommand lives in its own file.

mod analyze;
mod graph;
mod new;
mod output;
mod play;
mod replay;
mod report;
mod results;
mod scenarios;
mod validate;
mod verify;
mod xapi;

pub use output::clock;
pub use validate::read_limited;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

pub use replay::find_scenario;
pub use scenarios::default_scenarios_dir;

/// Press Check: train confidentiality review before publication.
///
/// With no subcommand, opens the game window.
#[derive(Debug, Parser)]
#[command(name = "presscheck", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub game: GameArgs,
}

/// Options for the game window.
#[derive(Debug, Clone, Args)]
pub struct GameArgs {
    /// Folder of scenarios to offer (default: `scenarios/`).
    #[arg(long)]
    pub scenarios: Option<PathBuf>,
    /// Open this scenario file's briefing straight away.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Use this seed instead of one from the session code or the clock.
    #[arg(long)]
    pub seed: Option<u64>,
    /// With --scenario: start at this stage, after the decisions that lead there (for playtesting).
    #[arg(long, value_name = "STAGE", requires = "scenario")]
    pub from: Option<String>,
    /// Show a recorded run on screen (its consequences and debrief), for a class debrief.
    #[arg(long, value_name = "RECORD", conflicts_with_all = ["scenario", "from"])]
    pub replay: Option<PathBuf>,
    /// Folder for run records (default: `results/` in the data folder; also a setting in the game).
    #[arg(long, value_name = "DIR")]
    pub results: Option<PathBuf>,
    /// Window size in pixels, for example `1920x1080`.
    #[arg(long, value_name = "WIDTHxHEIGHT", value_parser = parse_size, default_value = "1280x720")]
    pub window_size: (u32, u32),
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("`{text}` is not WIDTHxHEIGHT, for example 1920x1080"))?;
    let w: u32 = w
        .trim()
        .parse()
        .map_err(|_| format!("bad width in `{text}`"))?;
    let h: u32 = h
        .trim()
        .parse()
        .map_err(|_| format!("bad height in `{text}`"))?;
    if !(640..=7680).contains(&w) || !(360..=4320).contains(&h) {
        return Err(format!("`{text}` is outside 640x360 to 7680x4320"));
    }
    Ok((w, h))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and report every problem as `file:line:column`.
    Validate(validate::ValidateArgs),
    /// Play a scenario without a window: interactively, or from given choices or a strategy.
    Play(play::PlayArgs),
    /// Balance analysis: every decision path over many seeds, and what an author should fix.
    Analyze(analyze::AnalyzeArgs),
    /// Write a commented starter scenario.
    New(new::NewArgs),
    /// Write a scenario's stage graph as Graphviz DOT and Mermaid.
    Graph(graph::GraphArgs),
    /// List run records that were edited after signing, or are unsigned.
    Verify(verify::VerifyArgs),
    /// Recompute recorded runs and confirm their outcomes.
    Replay(replay::ReplayArgs),
    /// Write the class report (HTML and CSV) and certificates from a results folder.
    Report(report::ReportArgs),
    /// Write the certificate page of one passed, assessed run.
    Certificate(report::CertificateArgs),
    /// Export records as xAPI statements, or push them to a learning record store.
    #[command(subcommand)]
    Xapi(xapi::XapiCommand),
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

/// Set by `bench-startup` on the game processes it launches.
pub const BENCH_STARTUP_ENV: &str = "PRESSCHECK_BENCH_STARTUP";

/// Exit code for bad usage, as clap uses.
pub const EXIT_USAGE: u8 = 2;

pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Validate(args) => validate::run(args),
        Command::Play(args) => play::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::New(args) => new::run(args),
        Command::Graph(args) => graph::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Replay(args) => replay::run(args),
        Command::Report(args) => report::run(args),
        Command::Certificate(args) => report::certificate(args),
        Command::Xapi(command) => xapi::run(command),
        Command::BenchFrames { frames } => crate::game::run_with(
            GameArgs {
                scenarios: None,
                scenario: None,
                seed: None,
                from: None,
                replay: None,
                results: None,
                window_size: (1280, 720),
            },
            Some(crate::game::bench::BenchMode::Frames(frames.max(1))),
        ),
        Command::BenchStartup { runs } => bench_startup(runs.max(1)),
    }
}

/// Launches the game `runs` times and reports the median time to an interactive title screen.
fn bench_startup(runs: u32) -> ExitCode {
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("error: cannot find the presscheck executable");
        return ExitCode::FAILURE;
    };
    let mut times = Vec::new();
    for i in 0..runs {
        let started = std::time::Instant::now();
        let out = std::process::Command::new(&exe)
            .env(BENCH_STARTUP_ENV, "1")
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
