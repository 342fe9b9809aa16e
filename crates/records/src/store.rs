//! Records on disk: atomic, never-overwriting writes and tolerant parallel reads of a results folder.

use crate::atomic::write_new;
use crate::record::{Record, SCHEMA_VERSION};
use rayon::prelude::*;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Largest record file read; real records are a few kilobytes.
pub const MAX_RECORD_BYTES: u64 = 4 * 1024 * 1024;

/// A record and its file.
#[derive(Debug, Clone)]
pub struct StoredRecord {
    /// The file.
    pub path: PathBuf,
    /// The record.
    pub record: Record,
}

/// A file that was not used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// Why, in words with a line and column where that helps.
    pub reason: String,
}

/// Everything read from a results folder.
#[derive(Debug, Clone, Default)]
pub struct RecordSet {
    /// Records read, by file name.
    pub records: Vec<StoredRecord>,
    /// Files that could not be read as records.
    pub skipped: Vec<Skipped>,
}

/// Why one record file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(#[source] io::Error),
    /// Larger than [`MAX_RECORD_BYTES`].
    #[error("larger than {} MiB: not a run record", MAX_RECORD_BYTES / 1024 / 1024)]
    TooLarge,
    /// Not UTF-8.
    #[error("not UTF-8 text: not a run record")]
    NotText,
    /// Empty, or only whitespace.
    #[error("the file is empty: not a run record")]
    Empty,
    /// Not a regular file (a device or a pipe named `*.json`).
    #[error("not a regular file")]
    NotAFile,
    /// Not a record: JSON error with its position.
    #[error("line {line}, column {column}: {message}")]
    Invalid {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Written by a newer program.
    #[error(
        "record schema {0} is newer than this program's ({SCHEMA_VERSION}); update Press Check"
    )]
    NewerSchema(u32),
}

/// Reads and checks one record file: size, UTF-8, JSON shape and schema version.
pub fn read_record(path: &Path) -> Result<Record, RecordError> {
    let file = std::fs::File::open(path).map_err(RecordError::Io)?;
    if file.metadata().is_ok_and(|m| m.len() > MAX_RECORD_BYTES) {
        return Err(RecordError::TooLarge);
    }
    let mut bytes = Vec::new();
    // The cap holds even if the file grows between the check and the read.
    file.take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(RecordError::Io)?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(RecordError::TooLarge);
    }
    parse_record(&bytes)
}

/// Parses and checks a record from its bytes.
pub fn parse_record(bytes: &[u8]) -> Result<Record, RecordError> {
    let text = std::str::from_utf8(bytes).map_err(|_| RecordError::NotText)?;
    if text.trim().is_empty() {
        return Err(RecordError::Empty);
    }
    let record: Record = serde_json::from_str(text).map_err(|e| {
        let detail = e.to_string();
        // serde_json appends " at line L column C"; the position is kept apart.
        let detail = match detail.rfind(" at line ") {
            Some(i) => detail[..i].to_string(),
            None => detail,
        };
        let message = match e.classify() {
            serde_json::error::Category::Eof => {
                format!("the record is cut short ({detail}); was the file truncated?")
            }
            serde_json::error::Category::Syntax => format!("not valid JSON: {detail}"),
            serde_json::error::Category::Data => format!("not a run record: {detail}"),
            serde_json::error::Category::Io => detail,
        };
        RecordError::Invalid {
            line: e.line(),
            column: e.column(),
            message,
        }
    })?;
    if record.schema > SCHEMA_VERSION {
        return Err(RecordError::NewerSchema(record.schema));
    }
    Ok(record)
}

/// Whether a folder entry is a record file: `*.json`, not hidden (temporary files start with a dot).
fn is_record_name(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
    !hidden && path.extension().is_some_and(|e| e == "json")
}

/// Reads every record in a folder (not its subfolders), in parallel, sorted by file name.
///
/// Only an unreadable folder is an error; every file that is not a usable
/// record is listed in [`RecordSet::skipped`] with the reason.
pub fn read_records(dir: &Path) -> io::Result<RecordSet> {
    let mut entries: Vec<(PathBuf, Option<std::fs::FileType>)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        // An entry that vanished while listing is simply not there.
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if is_record_name(&path) {
            // The listing usually knows the type already: no extra system call per file.
            entries.push((path, entry.file_type().ok()));
        }
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let results: Vec<(PathBuf, Result<Option<Record>, RecordError>)> = entries
        .into_par_iter()
        .map(|(p, file_type)| {
            let file_type = match file_type {
                Some(t) if !t.is_symlink() => Ok(t),
                // A link, or a type the listing did not give: ask about what it points to.
                _ => std::fs::metadata(&p).map(|m| m.file_type()),
            };
            // Folders named *.json are not records; devices and pipes are refused
            // before opening, as opening a pipe would wait for a writer.
            let r = match file_type {
                Ok(t) if t.is_file() => read_record(&p).map(Some),
                Ok(t) if t.is_dir() => Ok(None),
                Ok(_) => Err(RecordError::NotAFile),
                Err(e) => Err(RecordError::Io(e)),
            };
            (p, r)
        })
        .collect();
    let mut set = RecordSet::default();
    for (path, result) in results {
        match result {
            Ok(Some(record)) => set.records.push(StoredRecord { path, record }),
            Ok(None) => {}
            Err(e) => set.skipped.push(Skipped {
                path,
                reason: e.to_string(),
            }),
        }
    }
    Ok(set)
}

/// `[a-z0-9-]`, at most `max` characters, never empty.
fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
        if out.len() >= max {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "x".into() } else { out }
}

/// The file name a record gets (before any `-2`, `-3` to avoid a clash).
pub fn file_stem(record: &Record) -> String {
    format!(
        "{}-{}-{}-{}",
        record.started_at.strftime("%Y%m%dT%H%M%SZ"),
        slug(&record.trainee.id, 40),
        slug(&record.scenario.id, 60),
        &record.id.simple().to_string()[..8]
    )
}

/// Writes a record atomically into `dir` and returns its path.
///
/// The JSON goes to a hidden temporary file in the same folder, is flushed to
/// disk, then linked to its final name only if no such file exists; a
/// killed process leaves at most a hidden temporary file, never a torn record,
/// and no record ever replaces another.
pub fn write_record(dir: &Path, record: &Record) -> io::Result<PathBuf> {
    let mut json = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
    json.push(b'\n');
    write_new(dir, ".record-", &file_stem(record), "json", &json)
}
