//! One run counted once: record files that hold the same run (the same record id), and which file stands for it.

use crate::record::Record;
use crate::signing::record_hash;
use crate::store::{StoredRecord, file_stem};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A record file that holds a run another file holds too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The copy.
    pub path: PathBuf,
    /// The file kept for that run.
    pub of: PathBuf,
    /// Whether the two are the same record, signature included (a plain copy), or differ.
    pub identical: bool,
}

impl Duplicate {
    /// Why the copy is left out, in words.
    pub fn reason(&self) -> String {
        let of = self
            .of
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.of.display().to_string());
        if self.identical {
            format!("a copy of {of} (the same run): counted once")
        } else {
            format!(
                "the same run as {of} (same record id) but not the same record: counted once, as {of}"
            )
        }
    }
}

/// Whether `path` has the name the writer gives `record` (`<stem>.json`, `<stem>-2.json`…).
fn has_its_own_name(path: &Path, record: &Record) -> bool {
    let stem = file_stem(record);
    path.file_stem()
        .map(|s| s.to_string_lossy())
        .is_some_and(|s| {
            s == stem
                || s.strip_prefix(stem.as_str())
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
}

/// For each record, `None` when it stands for its run, or the [`Duplicate`] it is.
///
/// The file kept for a run is the one with the name the writer gave it, else the first.
pub fn copies_among(records: &[&StoredRecord]) -> Vec<Option<Duplicate>> {
    let mut chosen: HashMap<uuid::Uuid, usize> = HashMap::with_capacity(records.len());
    let mut repeated = false;
    for (i, r) in records.iter().enumerate() {
        match chosen.get(&r.record.id) {
            None => {
                chosen.insert(r.record.id, i);
            }
            Some(&j) => {
                repeated = true;
                if !has_its_own_name(&records[j].path, &records[j].record)
                    && has_its_own_name(&r.path, &r.record)
                {
                    chosen.insert(r.record.id, i);
                }
            }
        }
    }
    let mut out = vec![None; records.len()];
    if !repeated {
        return out;
    }
    // Hashes only for runs that have copies: most folders have none.
    let mut kept_hash: HashMap<usize, String> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let k = chosen[&r.record.id];
        if k == i {
            continue;
        }
        let hash = kept_hash
            .entry(k)
            .or_insert_with(|| record_hash(&records[k].record));
        out[i] = Some(Duplicate {
            path: r.path.clone(),
            of: records[k].path.clone(),
            identical: record_hash(&r.record) == *hash,
        });
    }
    out
}

/// Keeps one file per run and lists the others as copies, in the order of `records`.
pub fn one_per_run(records: Vec<StoredRecord>) -> (Vec<StoredRecord>, Vec<Duplicate>) {
    let marks = copies_among(&records.iter().collect::<Vec<_>>());
    let mut kept = Vec::with_capacity(records.len());
    let mut copies = Vec::new();
    for (r, mark) in records.into_iter().zip(marks) {
        match mark {
            None => kept.push(r),
            Some(c) => copies.push(c),
        }
    }
    (kept, copies)
}
