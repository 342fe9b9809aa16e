//! Where a front end's finished and abandoned runs go: a results folder, and the key that signs them there.

use crate::record::Record;
use crate::signing::{KeyError, SigningKey, sign};
use crate::store::{amend_record, file_stem, read_record, recover_interrupted, write_record};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A results folder and the signing key, if one is set.
#[derive(Debug, Clone)]
pub struct RecordSink {
    dir: PathBuf,
    key: Option<SigningKey>,
    // The folder whose interrupted writes were recovered, so that happens once per folder.
    recovered: Arc<Mutex<Option<PathBuf>>>,
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
        RecordSink {
            dir,
            key,
            recovered: Arc::default(),
        }
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
        self.store(&record)
    }

    /// Writes a record that is signed already, unless a file of the folder holds it already (by its id): then that file.
    ///
    /// For a writer that may be stopped between deciding to write and noting that
    /// it wrote: writing again never makes a second copy.
    pub fn write_once(&self, record: &Record) -> Result<PathBuf, SinkError> {
        if let Some(existing) = self.find(record) {
            return Ok(existing);
        }
        self.store(record)
    }

    /// The file in the folder that holds a record with this record's id, if any.
    pub fn find(&self, record: &Record) -> Option<PathBuf> {
        let stem = file_stem(record);
        let entries = std::fs::read_dir(&self.dir).ok()?;
        entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&stem))
            })
            .find(|p| read_record(p).is_ok_and(|r| r.id == record.id))
    }

    fn store(&self, record: &Record) -> Result<PathBuf, SinkError> {
        {
            let mut recovered = self.recovered.lock().unwrap_or_else(|e| e.into_inner());
            if recovered.as_deref() != Some(self.dir.as_path()) {
                // The first write into a folder finishes what a killed writer left
                // there; a failure here must not stop this record being written.
                let _ = recover_interrupted(&self.dir);
                *recovered = Some(self.dir.clone());
            }
        }
        write_record(&self.dir, record).map_err(|source| SinkError {
            dir: self.dir.clone(),
            source,
        })
    }

    /// Signs (when a key is set) `record`, a later form of the run whose record
    /// is in `path`, and puts it in that file's place in one step.
    pub fn amend(&self, path: &Path, mut record: Record) -> Result<PathBuf, SinkError> {
        if let Some(key) = &self.key {
            sign(key, &mut record);
        }
        amend_record(path, &record).map_err(|source| SinkError {
            dir: self.dir.clone(),
            source,
        })?;
        Ok(path.to_path_buf())
    }

    /// Signs a record with the sink's key, when it has one.
    pub fn sign(&self, record: &mut Record) {
        if let Some(key) = &self.key {
            sign(key, record);
        }
    }
}
