//! `presscheck serve`: the class server — sessions with a code, play in the browser, the trainer's dashboard.

use super::EXIT_USAGE;
use super::render::{render, renderer};
use crate::scenarios::{Source, load_ref};
use clap::Args;
use presscheck_server::config::{DEFAULT_LISTEN, Limits};
use presscheck_server::{Config, LrsTarget};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. The default is this machine only; give e.g. `0.0.0.0:8080` to open it to the room.
    #[arg(long, value_name = "ADDR", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// Folder of scenarios to offer (default: $PRESSCHECK_SCENARIOS, else ./scenarios, else the built-in ones).
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// Database URL: `sqlite://FILE?mode=rwc` or `postgres://USER:PASSWORD@HOST/DB` (default: a SQLite file in the data folder).
    #[arg(long = "db", value_name = "URL", env = "PRESSCHECK_DATABASE_URL")]
    pub database: Option<String>,
    /// Data folder: the SQLite file, the signing key, the records, the xAPI spool (default: `server/` in the data folder).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Set a new password for the trainer account, print it once, and serve.
    #[arg(long)]
    pub reset_password: bool,
    /// Largest request body, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_request_bytes)]
    pub max_request_bytes: usize,
    /// Most trainees one session may have.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_trainees, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_trainees: u32,
    /// Most sessions open at once.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_sessions, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_sessions: u32,
    /// Joins one address may make per minute.
    #[arg(long, value_name = "N", default_value_t = Limits::default().joins_per_minute, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub joins_per_minute: u32,
    /// An xAPI learning record store the trainer may send sessions to; credentials from $PRESSCHECK_LRS_USER and $PRESSCHECK_LRS_PASSWORD.
    #[arg(long, value_name = "URL")]
    pub lrs: Option<String>,
    /// The trainees' account home page in statements.
    #[arg(
        long,
        value_name = "URL",
        env = "PRESSCHECK_XAPI_HOME_PAGE",
        default_value = "https://presscheck.invalid"
    )]
    pub home_page: String,
    /// The prefix of activity and extension ids in statements.
    #[arg(
        long,
        value_name = "IRI",
        env = "PRESSCHECK_XAPI_ACTIVITY_BASE",
        default_value = "https://presscheck.invalid/xapi/"
    )]
    pub activity_base: String,
}

pub fn run(args: ServeArgs) -> ExitCode {
    let Some(data) = args
        .data
        .clone()
        .or_else(|| crate::paths::data_dir().map(|d| d.join("server")))
    else {
        eprintln!("error: no data folder: give --data DIR");
        return ExitCode::from(EXIT_USAGE);
    };
    // Every valid scenario is offered; a broken file is shown and left out, so one bad edit stops no class.
    let source = Source::resolve(args.scenarios.as_deref());
    let mut scenarios = Vec::new();
    let r = renderer();
    for file in source.files() {
        match load_ref(&file) {
            Ok(found) => scenarios.push(found.scenario),
            Err(broken) => {
                for d in broken.diagnostics.iter().filter(|d| d.is_error()) {
                    eprintln!(
                        "{}\n",
                        render(&r, d, &broken.file.name(), broken.text.as_deref())
                    );
                }
                eprintln!("{}: has errors and is not offered", broken.file.name());
            }
        }
    }
    let config = Config {
        listen: args.listen,
        data,
        database: args.database,
        limits: Limits {
            max_request_bytes: args.max_request_bytes,
            max_trainees: args.max_trainees,
            max_sessions: args.max_sessions,
            joins_per_minute: args.joins_per_minute,
            ..Limits::default()
        },
        lrs: args.lrs.map(|endpoint| LrsTarget {
            endpoint,
            home_page: args.home_page,
            activity_base: args.activity_base,
        }),
    };
    match presscheck_server::run(config, scenarios, args.reset_password) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
