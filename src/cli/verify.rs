//! `presscheck verify DIR`: which records were edited after signing, or are not signed at all.

use super::EXIT_USAGE;
use super::results::signing_key;
use clap::Args;
use presscheck_records::store::read_records;
use presscheck_records::verify::{VerdictStatus, verify_with_summary};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The results folder.
    pub dir: PathBuf,
    /// The signing key file (default: $PRESSCHECK_SIGNING_KEY or $PRESSCHECK_SIGNING_KEY_FILE).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Also list the records that are in order.
    #[arg(long, short)]
    pub verbose: bool,
}

pub fn run(args: VerifyArgs) -> ExitCode {
    let key = match signing_key(args.key_file.as_deref()) {
        Ok(Some(key)) => key,
        Ok(None) => {
            eprintln!(
                "error: no signing key: set PRESSCHECK_SIGNING_KEY or PRESSCHECK_SIGNING_KEY_FILE, or give --key-file"
            );
            return ExitCode::from(EXIT_USAGE);
        }
        Err(m) => {
            eprintln!("error: {m}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let set = match read_records(&args.dir) {
        Ok(set) => set,
        Err(e) => {
            eprintln!("{}: error: {e}", args.dir.display());
            return ExitCode::from(EXIT_USAGE);
        }
    };
    for note in &set.notes {
        eprintln!("note: {note}");
    }
    let (verdicts, summary) = verify_with_summary(&set, &key);
    for v in &verdicts {
        let path = v.path.display();
        match &v.status {
            VerdictStatus::Valid if args.verbose => println!("{path}: ok: signed and unchanged"),
            VerdictStatus::Valid => {}
            VerdictStatus::Unsigned => {
                println!("{path}: unsigned: the record carries no signature")
            }
            VerdictStatus::Tampered => {
                println!("{path}: edited: the record was changed after it was signed")
            }
            VerdictStatus::SignedWithOtherKey { key_id } => println!(
                "{path}: other key: signed with key {key_id}, not with this key ({})",
                key.key_id()
            ),
            VerdictStatus::Copy { of, identical } => println!(
                "{path}: copy: {} {}; report and xapi count the run once (remove one of the files)",
                if *identical {
                    "the same record as"
                } else {
                    "the same run (record id) as, but not the same record as,"
                },
                of.display()
            ),
            VerdictStatus::Unreadable { reason } => println!("{path}: unreadable: {reason}"),
        }
    }
    println!("{summary}");
    if summary.all_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
