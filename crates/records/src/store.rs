//! Records on disk: atomic, never-overwriting writes, tolerant parallel reads of a results folder, and recovery of writes a crash interrupted.

use crate::atomic::{write_new, write_replacing_as};
use crate::files::{Depth, ReadError, read_regular, walk, without_bom};
use crate::record::{Record, SCHEMA_VERSION};
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The name prefix of a record writer's temporary file (`.record-….tmp`).
pub const TEMPORARY_PREFIX: &str = ".record-";

/// A temporary file younger than this is left alone: its writer may not have locked it yet.
const TEMPORARY_GRACE: Duration = Duration::from_secs(10);

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
    /// What the folder walk left out (link loops, a file reached twice) and
    /// interrupted writes waiting to be recovered.
    pub notes: Vec<String>,
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
    #[error("{0}, not a regular file")]
    NotAFile(&'static str),
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

/// Reads and checks one record file: a regular file, size, UTF-8, JSON shape and schema version.
pub fn read_record(path: &Path) -> Result<Record, RecordError> {
    let bytes = read_regular(path, MAX_RECORD_BYTES).map_err(|e| match e {
        ReadError::Open(e) | ReadError::Read(e) => RecordError::Io(e),
        ReadError::NotAFile(kind) => RecordError::NotAFile(kind),
        ReadError::TooLarge(_) => RecordError::TooLarge,
    })?;
    parse_record(&bytes)
}

/// Parses and checks a record from its bytes (a leading UTF-8 byte order mark is allowed).
pub fn parse_record(bytes: &[u8]) -> Result<Record, RecordError> {
    let text = std::str::from_utf8(without_bom(bytes)).map_err(|_| RecordError::NotText)?;
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

/// Whether a folder entry is a record writer's temporary file.
fn is_temporary_name(path: &Path) -> bool {
    path.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n.starts_with(TEMPORARY_PREFIX) && n.ends_with(".tmp")
    })
}

/// Reads every record in a folder (not its subfolders), in parallel, sorted by file name.
///
/// Only an unreadable folder is an error; every file that is not a usable
/// record is listed in [`RecordSet::skipped`] with the reason. A file reached
/// twice through a link is read once, and a folder link is not followed.
pub fn read_records(dir: &Path) -> io::Result<RecordSet> {
    // One listing for both: records, and what interrupted writes left.
    let listing = walk(dir, Depth::ThisFolder, &|p| {
        is_record_name(p) || is_temporary_name(p)
    })?;
    let (temporaries, files): (Vec<PathBuf>, Vec<PathBuf>) = listing
        .files
        .into_iter()
        .partition(|p| is_temporary_name(p));
    let results: Vec<(PathBuf, Result<Record, RecordError>)> = files
        .into_par_iter()
        .map(|p| {
            let r = read_record(&p);
            (p, r)
        })
        .collect();
    let mut set = RecordSet {
        notes: listing.notes,
        ..RecordSet::default()
    };
    for (path, result) in results {
        match result {
            Ok(record) => set.records.push(StoredRecord { path, record }),
            Err(e) => set.skipped.push(Skipped {
                path,
                reason: e.to_string(),
            }),
        }
    }
    let interrupted = temporaries.len();
    if interrupted > 0 {
        set.notes.push(format!(
            "{}: {interrupted} write(s) were interrupted and left a temporary file; the next run that writes a record here recovers them",
            dir.display()
        ));
    }
    Ok(set)
}

/// What [`recover_interrupted`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Records a killed writer had written in full but not yet named, now in place.
    pub restored: Vec<PathBuf>,
    /// Temporary files removed: cut short, or holding a record the folder has already.
    pub removed: usize,
}

/// Finishes or clears the writes a killed process left in `dir`.
///
/// A writer holds a lock on its temporary file while it writes, so a file
/// whose lock can be taken (and that is older than a few seconds) belongs to
/// a writer that is gone. If it holds a whole record that the folder lacks,
/// the record is put in place under its usual name; anything else is removed.
pub fn recover_interrupted(dir: &Path) -> io::Result<Recovered> {
    let mut out = Recovered::default();
    let Ok(listing) = walk(dir, Depth::ThisFolder, &is_temporary_name) else {
        return Ok(out);
    };
    if listing.files.is_empty() {
        return Ok(out);
    }
    let mut present: Option<std::collections::HashSet<uuid::Uuid>> = None;
    for path in listing.files {
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        let young = file
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_none_or(|age| age < TEMPORARY_GRACE);
        if young || file.try_lock().is_err() {
            continue;
        }
        let whole = read_regular(&path, MAX_RECORD_BYTES)
            .ok()
            .and_then(|b| parse_record(&b).ok());
        if let Some(record) = whole {
            let ids = present.get_or_insert_with(|| {
                read_records(dir)
                    .map(|set| set.records.iter().map(|r| r.record.id).collect())
                    .unwrap_or_default()
            });
            if ids.insert(record.id) {
                out.restored.push(write_record(dir, &record)?);
            }
        }
        std::fs::remove_file(&path)?;
        out.removed += 1;
    }
    out.removed -= out.restored.len();
    Ok(out)
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

/// Replaces the record in `path` with `record`, a later form of the same run
/// (the game adds what usually happens once its replays are ready), in one
/// step: readers see the old record or the new one, each whole.
///
/// Refused unless `path` holds a record with the same id: this never turns
/// one run's file into another's. A killed writer leaves a hidden temporary
/// file that [`recover_interrupted`] clears, since the folder has the run.
pub fn amend_record(path: &Path, record: &Record) -> io::Result<()> {
    let existing =
        read_record(path).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
    if existing.id != record.id {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} holds run {}, not run {}",
                path.display(),
                existing.id,
                record.id
            ),
        ));
    }
    let mut json = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
    json.push(b'\n');
    write_replacing_as(path, TEMPORARY_PREFIX, &json)
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
