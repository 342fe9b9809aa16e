//! Writing run records from the command line: `--results`, `--trainee`, `--session`, `--mode`, and the signing key.

use clap::{Args, ValueEnum};
use presscheck_records::record::{Mode, Record};
use presscheck_records::signing::SigningKey;
use std::path::{Path, PathBuf};

/// Practice or assessed, on the command line.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum ModeArg {
    /// Free practice.
    #[default]
    Practice,
    /// An assessed run for the trainer.
    Assessed,
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Mode {
        match m {
            ModeArg::Practice => Mode::Practice,
            ModeArg::Assessed => Mode::Assessed,
        }
    }
}

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
    #[arg(long, value_enum, default_value_t = ModeArg::Practice)]
    pub mode: ModeArg,
}

/// The signing key from `--key-file` or the environment, with a readable error.
pub fn signing_key(key_file: Option<&Path>) -> Result<Option<SigningKey>, String> {
    match key_file {
        Some(path) => SigningKey::from_file(path)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display())),
        None => SigningKey::from_env().map_err(|e| e.to_string()),
    }
}

/// Where records go and how they are signed.
pub struct RecordSink {
    dir: PathBuf,
    key: Option<SigningKey>,
}

impl RecordSink {
    /// The sink for `--results DIR`, with the key from the environment.
    pub fn new(dir: PathBuf) -> Result<RecordSink, String> {
        Ok(RecordSink {
            dir,
            key: signing_key(None)?,
        })
    }

    /// Signs (when a key is set) and writes a record atomically; prints where it went.
    pub fn write(&self, record: Record) -> Result<PathBuf, String> {
        let path = presscheck_records::store::write_signed(&self.dir, record, self.key.as_ref())
            .map_err(|e| format!("{}: cannot write the run record: {e}", self.dir.display()))?;
        eprintln!("record written: {}", path.display());
        Ok(path)
    }
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

/// Reads a results folder; with a signing key, edited records (and unsigned ones, unless allowed)
/// move to `skipped` with the reason. Prints one warning per skipped file and a count.
pub fn trusted_records(
    dir: &Path,
    trust: &TrustArgs,
) -> Result<(presscheck_records::store::RecordSet, Option<SigningKey>), String> {
    use presscheck_records::signing::{SignatureCheck, check};
    use presscheck_records::store::Skipped;
    let key = signing_key(trust.key_file.as_deref())?;
    let mut set = presscheck_records::store::read_records(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    match &key {
        Some(key) => {
            let mut keep = Vec::new();
            for stored in std::mem::take(&mut set.records) {
                let reason = match check(key, &stored.record) {
                    SignatureCheck::Valid => None,
                    SignatureCheck::Unsigned if trust.allow_unsigned => None,
                    SignatureCheck::Unsigned => {
                        Some("unsigned (use --allow-unsigned to include it)".to_string())
                    }
                    SignatureCheck::Invalid => {
                        Some("edited after it was signed (signature does not match)".to_string())
                    }
                    SignatureCheck::DifferentKey { key_id } => {
                        Some(format!("signed with another key ({key_id})"))
                    }
                };
                match reason {
                    None => keep.push(stored),
                    Some(reason) => set.skipped.push(Skipped {
                        path: stored.path,
                        reason,
                    }),
                }
            }
            set.records = keep;
        }
        None => eprintln!(
            "note: no signing key set (PRESSCHECK_SIGNING_KEY): signatures are not checked"
        ),
    }
    set.skipped.sort_by(|a, b| a.path.cmp(&b.path));
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
