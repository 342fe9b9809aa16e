//! `presscheck replay RECORD…`: recompute each run from its scenario, seed and choices and confirm the recorded outcome.

use super::EXIT_USAGE;
use super::scenarios::{default_scenarios_dir, ron_files};
use super::validate::read_limited;
use clap::Args;
use presscheck_engine::Scenario;
use presscheck_records::replay::replay;
use presscheck_records::store::read_record;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Record files.
    #[arg(required = true)]
    pub records: Vec<PathBuf>,
    /// The scenario file to replay against (default: the one with the record's id in the scenarios folder).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Folder to look for scenarios in (default: the scenarios folder).
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
}

/// Loads a scenario file, or says why not.
fn load_file(path: &Path) -> Result<Scenario, String> {
    let bytes = read_limited(path).map_err(|m| format!("{}: {m}", path.display()))?;
    presscheck_engine::load(&bytes)
        .map(|l| l.scenario)
        .map_err(|e| {
            format!(
                "{}: the scenario has {} problem(s); run `presscheck validate` on it",
                path.display(),
                e.diagnostics.len()
            )
        })
}

/// The scenario with `id` in `dir`: `<id>.ron` first, else any file whose `id` matches.
pub fn find_scenario(dir: &Path, id: &str) -> Result<(PathBuf, Scenario), String> {
    let direct = dir.join(format!("{id}.ron"));
    if direct.is_file()
        && let Ok(s) = load_file(&direct)
        && s.file.id == id
    {
        return Ok((direct, s));
    }
    for path in ron_files(dir) {
        if let Ok(s) = load_file(&path)
            && s.file.id == id
        {
            return Ok((path, s));
        }
    }
    Err(format!(
        "no scenario with id `{id}` in {}; give it with --scenario FILE",
        dir.display()
    ))
}

pub fn run(args: ReplayArgs) -> ExitCode {
    let dir = args.scenarios.clone().unwrap_or_else(default_scenarios_dir);
    let given = match &args.scenario {
        Some(path) => match load_file(path) {
            Ok(s) => Some((path.clone(), s)),
            Err(m) => {
                eprintln!("error: {m}");
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
            None => find_scenario(&dir, &record.scenario.id),
        };
        let (scenario_path, scenario) = match found {
            Ok(x) => x,
            Err(m) => {
                println!("{shown}: cannot replay: {m}");
                failed += 1;
                continue;
            }
        };
        let report = replay(&record, &scenario);
        if report.is_confirmed() {
            println!(
                "{shown}: confirmed: {} replayed against {} gives the recorded outcome",
                record.scenario.id,
                scenario_path.display()
            );
        } else {
            failed += 1;
            println!("{shown}: MISMATCH against {}", scenario_path.display());
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
