//! The command line's subcommands and their dispatch, one file per subcommand; no Bevy anywhere below here.

mod analyze;
mod graph;
mod load;
mod new;
mod output;
mod play;
mod render;
mod replay;
mod report;
mod results;
mod serve;
mod validate;
mod verify;
mod xapi;

pub use load::load_scenario;
pub use render::{render, renderer};

use clap::Subcommand;
use std::process::ExitCode;

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and report every problem with its code, file:line:column and the source line.
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
    /// Run the class server: sessions with a code, play in the browser, the trainer's live dashboard.
    Serve(serve::ServeArgs),
}

/// Lets `presscheck validate --json | head` end as other Unix tools do when the
/// reader goes away, instead of a panic on the next print. Not for the server,
/// which writes to sockets, nor interactive play, which records an abandoned run.
#[allow(unsafe_code)] // one libc call, which std offers no safe form of
fn die_quietly_on_a_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring a signal's default action before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Exit code for bad usage, as clap uses.
pub const EXIT_USAGE: u8 = 2;

/// Runs a subcommand.
pub fn run(command: Command) -> ExitCode {
    if !matches!(command, Command::Serve(_) | Command::Play(_)) {
        die_quietly_on_a_closed_pipe();
    }
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
        Command::Serve(args) => serve::run(args),
    }
}
