//! Press Check: the game (no arguments) and the command-line tools (subcommands), over one engine.

use clap::Parser;
use presscheck::{cli, game};
use std::process::ExitCode;

fn main() -> ExitCode {
    let launched = std::time::Instant::now();
    let args = cli::Cli::parse();
    match args.command {
        // `presscheck bench-startup` launches the game this way and reads what it prints.
        None if std::env::var_os(cli::BENCH_STARTUP_ENV).is_some() => {
            game::run_with(args.game, Some(game::bench::BenchMode::Startup(launched)))
        }
        None => game::run(args.game),
        Some(command) => cli::run(command),
    }
}
