//! `presscheck verify DIR`: which records were edited after signing, or are not signed at all.

use super::EXIT_USAGE;
use super::results::signing_key;
use clap::Args;
use presscheck_records::store::read_records;
use presscheck_records::verify::{VerdictStatus, verify};
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
    let verdicts = verify(&set, &key);
    let (mut valid, mut unsigned, mut tampered, mut other, mut unreadable) = (0, 0, 0, 0, 0);
    for v in &verdicts {
        let path = v.path.display();
        match &v.status {
            VerdictStatus::Valid => {
                valid += 1;
                if args.verbose {
                    println!("{path}: ok: signed and unchanged");
                }
            }
            VerdictStatus::Unsigned => {
                unsigned += 1;
                println!("{path}: unsigned: the record carries no signature");
            }
            VerdictStatus::Tampered => {
                tampered += 1;
                println!("{path}: edited: the record was changed after it was signed");
            }
            VerdictStatus::SignedWithOtherKey { key_id } => {
                other += 1;
                println!(
                    "{path}: other key: signed with key {key_id}, not with this key ({})",
                    key.key_id()
                );
            }
            VerdictStatus::Unreadable { reason } => {
                unreadable += 1;
                println!("{path}: unreadable: {reason}");
            }
        }
    }
    println!(
        "{} records: {valid} valid, {tampered} edited, {unsigned} unsigned, {other} signed with another key, {unreadable} unreadable",
        verdicts.len()
    );
    if valid == verdicts.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
