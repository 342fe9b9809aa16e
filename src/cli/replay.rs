//! `presscheck replay RECORD…`: recompute each run from its scenario, seed and choices and confirm the recorded outcome.

use super::EXIT_USAGE;
use crate::scenarios::{ScenarioRef, Source, find_by_id, load_ref};
use clap::Args;
use presscheck_records::replay::replay;
use presscheck_records::store::read_record;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Record files.
    #[arg(required = true)]
    pub records: Vec<PathBuf>,
    /// The scenario file to replay against (default: the one with the record's id in the scenarios folder, else built in).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Folder to look for scenarios in (default: $PRESSCHECK_SCENARIOS, else ./scenarios, else the built-in ones).
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
}

pub fn run(args: ReplayArgs) -> ExitCode {
    let source = Source::resolve(args.scenarios.as_deref());
    let given = match &args.scenario {
        Some(path) => match load_ref(&ScenarioRef::File(path.clone())) {
            Ok(found) => Some(found),
            Err(broken) => {
                eprintln!(
                    "error: {}: the scenario has {} problem(s); run `presscheck validate` on it",
                    broken.file.name(),
                    broken.diagnostics.len()
                );
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => None,
    };
    let mut failed = 0;
    for path in &args.records {
        let shown = path.display();
        let record = match read_record(path) {
            Ok(r) => r,
            Err(e) => {
                println!("{shown}: unreadable: {e}");
                failed += 1;
                continue;
            }
        };
        let found = match &given {
            Some(g) => Ok(g.clone()),
            None => find_by_id(&source, &record.scenario.id),
        };
        let found = match found {
            Ok(x) => x,
            Err(m) => {
                println!("{shown}: cannot replay: {m}");
                failed += 1;
                continue;
            }
        };
        let report = replay(&record, &found.scenario);
        if report.is_confirmed() {
            println!(
                "{shown}: confirmed: {} replayed against {} gives the recorded outcome",
                record.scenario.id,
                found.file.name()
            );
        } else {
            failed += 1;
            println!("{shown}: MISMATCH against {}", found.file.name());
            for line in report.problems() {
                println!("  - {line}");
            }
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
