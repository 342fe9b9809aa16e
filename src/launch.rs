//! The whole command line — the tools' subcommands, the benchmarks and the game's options — and what each one starts.
//!
//! The top of the binary: it knows the command line, the game and the
//! benchmarks, and nothing imports it. Without the `game` feature there is
//! no window and no Bevy in the build; the subcommands work the same.

use crate::cli;
use crate::scenarios::Source;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Press Check: train confidentiality review before publication.
///
/// With no subcommand, opens the game window.
///
/// Scenarios come from, in order: `--scenarios DIR` (where a command offers
/// it), `$PRESSCHECK_SCENARIOS`, `./scenarios` in the current folder, and
/// otherwise the scenarios built into presscheck. A scenario named by id is
/// looked for in that folder first, then among the built-in ones.
#[derive(Debug, Parser)]
#[command(name = "presscheck", version, about, long_about)]
pub struct Cli {
    /// What to do; nothing opens the game.
    #[command(subcommand)]
    pub command: Option<Top>,
    /// Options for the game window.
    #[command(flatten)]
    pub game: GameArgs,
}

/// Every subcommand.
#[derive(Debug, Subcommand)]
#[cfg_attr(
    feature = "bench",
    expect(
        clippy::large_enum_variant,
        reason = "parsed once at start; boxing would only obscure the clap definition"
    )
)]
pub enum Top {
    /// The tools.
    #[command(flatten)]
    Tool(cli::Command),
    /// The benchmarks.
    #[cfg(feature = "bench")]
    #[command(flatten)]
    Bench(crate::bench::BenchCommand),
}

/// Options for the game window.
#[derive(Debug, Clone, Args)]
pub struct GameArgs {
    /// Folder of scenarios to offer (default: $PRESSCHECK_SCENARIOS, else ./scenarios, else the built-in ones).
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// Open this scenario file's briefing straight away.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// A fixed seed; it wins over a session code typed in the game.
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

/// Parses the command line and runs what it asks for.
pub fn main() -> ExitCode {
    let launched = std::time::Instant::now();
    let args = Cli::parse();
    match args.command {
        Some(Top::Tool(command)) => cli::run(command),
        #[cfg(feature = "bench")]
        Some(Top::Bench(command)) => crate::bench::run(command),
        None => open_game(args.game, launched),
    }
}

#[cfg(feature = "game")]
fn open_game(args: GameArgs, launched: std::time::Instant) -> ExitCode {
    let options = crate::game::GameOptions {
        scenarios: Source::resolve(args.scenarios.as_deref()),
        scenario: args.scenario,
        seed: args.seed,
        from: args.from,
        replay: args.replay,
        results: args.results,
        window_size: args.window_size,
    };
    #[cfg(feature = "bench")]
    if crate::bench::launched_for_startup() {
        return crate::bench::run_startup_game(options, launched);
    }
    let _ = launched;
    crate::game::run(options)
}

#[cfg(not(feature = "game"))]
fn open_game(args: GameArgs, _launched: std::time::Instant) -> ExitCode {
    let _ = Source::resolve(args.scenarios.as_deref());
    eprintln!(
        "error: this presscheck was built without the game (the `game` feature); give a subcommand, see `presscheck --help`"
    );
    ExitCode::from(cli::EXIT_USAGE)
}
