//! `presscheck replay RECORD…`: recompute each run from its scenario, seed and choices, check its signature, and say both.

use super::EXIT_USAGE;
use super::results::{TrustArgs, signing_key};
use crate::scenarios::{ScenarioRef, Source, find_by_id, load_ref};
use clap::Args;
use presscheck_records::replay::replay;
use presscheck_records::signing::{SignatureCheck, check};
use presscheck_records::store::read_record;
use presscheck_records::trust::{TrustPolicy, distrust};
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
    #[command(flatten)]
    pub trust: TrustArgs,
}

pub fn run(args: ReplayArgs) -> ExitCode {
    let key = match signing_key(args.trust.key_file.as_deref()) {
        Ok(k) => k,
        Err(m) => {
            eprintln!("error: {m}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let policy = TrustPolicy {
        allow_unsigned: args.trust.allow_unsigned,
    };
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
        // What the signature says, in words, and whether the record can be trusted.
        let (signature, distrusted) = match &key {
            None => (
                "signature not checked (no key set: PRESSCHECK_SIGNING_KEY)".to_string(),
                None,
            ),
            Some(key) => {
                let words = match check(key, &record) {
                    SignatureCheck::Valid => {
                        format!("signed with this key ({}) and unchanged", key.key_id())
                    }
                    SignatureCheck::Unsigned => "unsigned".to_string(),
                    SignatureCheck::Invalid => "edited after it was signed".to_string(),
                    SignatureCheck::DifferentKey { key_id } => {
                        format!("signed with another key ({key_id})")
                    }
                };
                (words, distrust(key, &record, policy))
            }
        };
        let report = replay(&record, &found.scenario);
        let replays = report.is_confirmed();
        match (replays, &distrusted) {
            (true, None) => println!(
                "{shown}: confirmed: {} replayed against {} gives the recorded outcome; {signature}",
                record.scenario.id,
                found.file.name()
            ),
            (true, Some(why)) => println!(
                "{shown}: NOT TRUSTED: the recorded outcome replays against {}, but the record is {why}: anyone could have written it",
                found.file.name()
            ),
            (false, _) => {
                println!(
                    "{shown}: MISMATCH against {}; {signature}",
                    found.file.name()
                );
                for line in report.problems() {
                    println!("  - {line}");
                }
            }
        }
        if !replays || distrusted.is_some() {
            failed += 1;
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
