//! The record options on the command line: `--results`, `--trainee`, `--session`, `--mode`, the signing key, and which records to trust.

use clap::Args;
use presscheck_records::RecordSink;
use presscheck_records::record::Mode;
use presscheck_records::signing::SigningKey;
use presscheck_records::store::{RecordSet, read_records};
use presscheck_records::trust::{TrustPolicy, trusted};
use std::path::{Path, PathBuf};

/// Who plays, and where the run's record goes.
#[derive(Debug, Clone, Args)]
pub struct RecordArgs {
    /// Write the run's record (finished or abandoned) into this folder; see docs/records.md.
    #[arg(long, value_name = "DIR")]
    pub results: Option<PathBuf>,
    /// The trainee's id, as the organisation knows them (needed with --results).
    #[arg(long, value_name = "ID")]
    pub trainee: Option<String>,
    /// The trainee's name for certificates (default: the id).
    #[arg(long)]
    pub name: Option<String>,
    /// The class session code: everyone with the same code gets the same seed.
    #[arg(long, value_name = "CODE")]
    pub session: Option<String>,
    /// Practice or assessed.
    #[arg(long, value_enum, default_value_t = Mode::Practice)]
    pub mode: Mode,
}

/// The signing key from `--key-file` or the environment, with a readable error.
pub fn signing_key(key_file: Option<&Path>) -> Result<Option<SigningKey>, String> {
    match key_file {
        // The key's errors name the file already.
        Some(path) => SigningKey::from_file(path)
            .map(Some)
            .map_err(|e| e.to_string()),
        None => SigningKey::from_env().map_err(|e| e.to_string()),
    }
}

/// The sink for `--results DIR`, with the key from the environment.
pub fn sink_for(dir: PathBuf) -> Result<RecordSink, String> {
    Ok(RecordSink::new(dir, signing_key(None)?))
}

/// How the trainer's commands choose which records to trust.
#[derive(Debug, Clone, Args)]
pub struct TrustArgs {
    /// The signing key file (default: $PRESSCHECK_SIGNING_KEY or $PRESSCHECK_SIGNING_KEY_FILE).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// With a key set, also use records that carry no signature (they are skipped by default).
    #[arg(long)]
    pub allow_unsigned: bool,
}

/// Reads a results folder and keeps the records the trust options allow; prints one warning per skipped file and a count.
pub fn trusted_records(
    dir: &Path,
    trust: &TrustArgs,
) -> Result<(RecordSet, Option<SigningKey>), String> {
    let key = signing_key(trust.key_file.as_deref())?;
    let set = read_records(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if key.is_none() {
        eprintln!("note: no signing key set (PRESSCHECK_SIGNING_KEY): signatures are not checked");
    }
    let policy = TrustPolicy {
        allow_unsigned: trust.allow_unsigned,
    };
    let set = trusted(set, key.as_ref(), policy);
    for note in &set.notes {
        eprintln!("note: {note}");
    }
    for s in &set.skipped {
        eprintln!("warning: {}: skipped: {}", s.path.display(), s.reason);
    }
    if !set.skipped.is_empty() {
        eprintln!(
            "warning: {} file(s) skipped, {} record(s) used",
            set.skipped.len(),
            set.records.len()
        );
    }
    Ok((set, key))
}
