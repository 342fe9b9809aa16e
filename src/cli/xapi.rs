//! `presscheck xapi export|push`: the records as xAPI statements, written out or sent to a learning record store.

use super::EXIT_USAGE;
use super::results::{TrustArgs, trusted_records};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use presscheck_records::lrs::{self, Lrs, PushOptions, Spool, spool_name};
use presscheck_records::xapi::{XapiOptions, statements_of_set};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Subcommand)]
pub enum XapiCommand {
    /// Write every record's statements as one JSON array (to a file or standard output).
    Export(ExportArgs),
    /// Send every record's statements to an LRS; what cannot be sent waits in a spool for the next push.
    Push(PushArgs),
}

/// Where statements point.
#[derive(Debug, Clone, Args)]
pub struct StatementArgs {
    /// The trainees' account home page: your learning system's address.
    #[arg(
        long,
        value_name = "URL",
        env = "PRESSCHECK_XAPI_HOME_PAGE",
        default_value = "https://presscheck.invalid"
    )]
    pub home_page: String,
    /// The prefix of activity and extension ids.
    #[arg(
        long,
        value_name = "IRI",
        env = "PRESSCHECK_XAPI_ACTIVITY_BASE",
        default_value = "https://presscheck.invalid/xapi/"
    )]
    pub activity_base: String,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The results folder.
    pub dir: PathBuf,
    /// Output file (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub statements: StatementArgs,
    #[command(flatten)]
    pub trust: TrustArgs,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// The results folder.
    pub dir: PathBuf,
    /// The LRS's xAPI address, e.g. `https://lrs.example/xAPI/`. Credentials come from
    /// $PRESSCHECK_LRS_USER and $PRESSCHECK_LRS_PASSWORD and are never written anywhere.
    #[arg(long, value_name = "URL")]
    pub lrs: String,
    /// Spool folder: the ledger of what this LRS acknowledged (default: `xapi-spool/<LRS fingerprint>`
    /// in the data folder, outside any results folder trainees write to).
    #[arg(long, value_name = "DIR")]
    pub spool: Option<PathBuf>,
    /// Statements per request.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub batch_size: u32,
    /// Attempts per batch before the push stops and keeps the rest for next time.
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub attempts: u32,
    /// Seconds one request may take, answer included, before it counts as unanswered.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Longest `Retry-After` (seconds) to wait for when the LRS is busy; a longer one stops the push.
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(0..=86400))]
    pub max_wait: u64,
    #[command(flatten)]
    pub statements: StatementArgs,
    #[command(flatten)]
    pub trust: TrustArgs,
}

fn options(args: &StatementArgs) -> XapiOptions {
    XapiOptions {
        home_page: args.home_page.clone(),
        activity_base: args.activity_base.clone(),
    }
}

pub fn run(command: XapiCommand) -> ExitCode {
    match command {
        XapiCommand::Export(args) => export(args),
        XapiCommand::Push(args) => push(args),
    }
}

fn export(args: ExportArgs) -> ExitCode {
    let (set, _) = match trusted_records(&args.dir, &args.trust) {
        Ok(x) => x,
        Err(m) => {
            eprintln!("error: {m}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let statements = statements_of_set(&set, &options(&args.statements));
    let text = serde_json::to_string_pretty(&statements).expect("statements serialise");
    match &args.out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text + "\n") {
                eprintln!("{}: error: {e}", path.display());
                return ExitCode::FAILURE;
            }
            eprintln!(
                "{} statements from {} records written to {}",
                statements.len(),
                set.records.len(),
                path.display()
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            if writeln!(out, "{text}").is_err() {
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

fn push(args: PushArgs) -> ExitCode {
    let lrs = match Lrs::from_env(&args.lrs) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let (set, key) = match trusted_records(&args.dir, &args.trust) {
        Ok(x) => x,
        Err(m) => {
            eprintln!("error: {m}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let spool_dir = match args.spool.clone().or_else(|| {
        // One spool per LRS, so pushing to a second LRS starts its own ledger.
        crate::paths::data_dir().map(|d| d.join("xapi-spool").join(spool_name(lrs.endpoint())))
    }) {
        Some(d) => d,
        None => {
            eprintln!(
                "error: no data folder (set PRESSCHECK_DATA_DIR or HOME), so give --spool DIR"
            );
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let spool = match Spool::open(&spool_dir, lrs.endpoint(), key.as_ref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let statements = statements_of_set(&set, &options(&args.statements));
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} statements sent {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let push_options = PushOptions {
        batch_size: args.batch_size as usize,
        attempts: args.attempts,
        timeout: Duration::from_secs(args.timeout),
        max_retry_after: Duration::from_secs(args.max_wait),
        ..PushOptions::default()
    };
    let result = lrs::push(&lrs, &spool, statements, &push_options, &|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    match result {
        Ok(report) => {
            println!(
                "{} (from {} records, {} requests; ledger {})",
                report.summary(),
                set.records.len(),
                report.requests,
                spool_dir.display()
            );
            for note in report.notes() {
                eprintln!("note: {note}");
            }
            for problem in report.problems() {
                eprintln!("error: {problem}");
            }
            if report.complete() {
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "  {} statement(s) are not sent yet; run the same push again to send them",
                    report.kept
                );
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
