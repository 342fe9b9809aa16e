//! The spool of one LRS: a ledger of the statement ids it acknowledged, each line tagged with the signing key, and a lock so two pushes never interleave.
//!
//! What is still to send is never kept here: every push rebuilds it from the
//! records it trusts, so a statement written into the spool by someone else
//! is never sent, and a deleted record's statements are not pushed. A ledger
//! line counts only with the tag the signing key gives that LRS and that id,
//! so a pre-written line cannot keep a run from being sent; a line that does
//! not count only means the statement is sent again, which the LRS answers as
//! already held and the push confirms.

use super::PushError;
use crate::signing::SigningKey;
use serde_json::Value;
use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// The purpose a ledger line's tag is made for (see [`SigningKey::tag`]).
const TAG_PURPOSE: &str = "lrs-sent-v1";

/// Longest ledger read: 1,000,000 statements' lines.
const MAX_LEDGER_BYTES: u64 = 80 * 1024 * 1024;

/// A spool folder for one LRS, locked while it is open.
#[derive(Debug)]
pub struct Spool {
    dir: PathBuf,
    endpoint: String,
    key: Option<SigningKey>,
    // Held for the life of the spool so two pushes never interleave.
    _lock: File,
}

/// The acknowledged ids, and how many ledger lines did not count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    /// Ids the LRS acknowledged, lower case.
    pub sent: HashSet<String>,
    /// Lines without a valid tag (written without the key, by hand, or cut short by a crash).
    pub not_counted: usize,
}

/// How many of some statements the LRS has acknowledged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpoolStatus {
    /// Statements in the records.
    pub total: usize,
    /// Of those, acknowledged by the LRS.
    pub acknowledged: usize,
}

impl SpoolStatus {
    /// Statements not yet acknowledged.
    pub fn waiting(&self) -> usize {
        self.total - self.acknowledged
    }
}

impl Spool {
    /// Opens (creating) the spool folder for `endpoint` and takes its lock.
    ///
    /// With a key, ledger lines are tagged and only tagged lines count; the
    /// files of older versions (`pending.jsonl`, temporary files) are removed.
    pub fn open(dir: &Path, endpoint: &str, key: Option<&SigningKey>) -> Result<Spool, PushError> {
        let err = |e| PushError::Spool(dir.to_path_buf(), e);
        fs::create_dir_all(dir).map_err(err)?;
        let lock_path = dir.join("lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| PushError::Spool(lock_path.clone(), e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(PushError::Busy(dir.to_path_buf())),
            Err(fs::TryLockError::Error(e)) => return Err(PushError::Spool(lock_path, e)),
        }
        // Left by earlier versions, or by a push killed while rewriting them.
        for entry in fs::read_dir(dir).map_err(err)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == "pending.jsonl" || name.starts_with(".pending") {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(Spool {
            dir: dir.to_path_buf(),
            endpoint: endpoint.trim_end_matches('/').to_string(),
            key: key.cloned(),
            _lock: lock,
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn sent_path(&self) -> PathBuf {
        self.dir.join("sent.log")
    }

    fn tag(&self, id: &str) -> String {
        match &self.key {
            Some(key) => key.tag(TAG_PURPOSE, format!("{}\n{id}", self.endpoint).as_bytes()),
            None => "-".into(),
        }
    }

    fn counts(&self, id: &str, tag: &str) -> bool {
        match &self.key {
            Some(key) => key.tag_matches(
                TAG_PURPOSE,
                format!("{}\n{id}", self.endpoint).as_bytes(),
                tag,
            ),
            // Without a key nothing is checked, here as for the records.
            None => true,
        }
    }

    /// The ids the LRS has acknowledged, by the ledger's lines that count.
    pub fn ledger(&self) -> Result<Ledger, PushError> {
        let path = self.sent_path();
        let err = |e| PushError::Spool(path.clone(), e);
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Ledger::default()),
            Err(e) => return Err(err(e)),
        };
        let mut ledger = Ledger::default();
        for line in BufReader::new(io::Read::take(file, MAX_LEDGER_BYTES)).split(b'\n') {
            let line = line.map_err(err)?;
            let line = String::from_utf8_lossy(&line);
            let mut parts = line.split_whitespace();
            match (parts.next(), parts.next(), parts.next()) {
                (Some(id), Some(tag), None) if id.len() == 36 && self.counts(id, tag) => {
                    ledger.sent.insert(id.to_ascii_lowercase());
                }
                (None, _, _) => {}
                _ => ledger.not_counted += 1,
            }
        }
        Ok(ledger)
    }

    /// How many of `statements` the LRS has acknowledged.
    pub fn status(&self, statements: &[Value]) -> Result<SpoolStatus, PushError> {
        let ledger = self.ledger()?;
        Ok(SpoolStatus {
            total: statements.len(),
            acknowledged: statements
                .iter()
                .filter(|s| ledger.sent.contains(&super::id_of(s)))
                .count(),
        })
    }

    /// Notes ids as acknowledged, on disk before this returns.
    pub(crate) fn mark_sent(&self, ids: &[String]) -> Result<(), PushError> {
        if ids.is_empty() {
            return Ok(());
        }
        let path = self.sent_path();
        let err = |e| PushError::Spool(path.clone(), e);
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(err)?;
        let mut text = String::new();
        for id in ids {
            text.push_str(id);
            text.push(' ');
            text.push_str(&self.tag(id));
            text.push('\n');
        }
        // One write of whole lines: a crash leaves at most the last one cut short, which does not count.
        f.write_all(text.as_bytes()).map_err(err)?;
        f.sync_all().map_err(err)
    }
}
