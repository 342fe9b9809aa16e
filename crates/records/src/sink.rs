//! Where a front end's finished and abandoned runs go: a results folder, and the key that signs them there.

use crate::record::Record;
use crate::signing::{KeyError, SigningKey, sign};
use crate::store::write_record;
use std::path::{Path, PathBuf};

/// A results folder and the signing key, if one is set.
#[derive(Debug, Clone)]
pub struct RecordSink {
    dir: PathBuf,
    key: Option<SigningKey>,
}

/// A record that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot write the run record: {source}", dir.display())]
pub struct SinkError {
    /// The results folder.
    pub dir: PathBuf,
    /// Why.
    #[source]
    pub source: std::io::Error,
}

impl RecordSink {
    /// Records go into `dir`, signed with `key` when there is one.
    pub fn new(dir: PathBuf, key: Option<SigningKey>) -> RecordSink {
        RecordSink { dir, key }
    }

    /// Records go into `dir`, signed with the key from the environment, if set.
    pub fn from_env(dir: PathBuf) -> Result<RecordSink, KeyError> {
        Ok(RecordSink::new(dir, SigningKey::from_env()?))
    }

    /// The results folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Moves the sink to another folder, with the same key.
    pub fn set_dir(&mut self, dir: PathBuf) {
        self.dir = dir;
    }

    /// Whether records are signed.
    pub fn signs(&self) -> bool {
        self.key.is_some()
    }

    /// Signs (when a key is set) and writes a record atomically, never over another; returns its file.
    pub fn write(&self, mut record: Record) -> Result<PathBuf, SinkError> {
        if let Some(key) = &self.key {
            sign(key, &mut record);
        }
        write_record(&self.dir, &record).map_err(|source| SinkError {
            dir: self.dir.clone(),
            source,
        })
    }
}
