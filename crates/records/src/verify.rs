//! Verifying a results folder: which records are signed and unchanged, edited, unsigned, copies of another file, or unreadable.

use crate::copies::copies_among;
use crate::signing::{SignatureCheck, SigningKey, check};
use crate::store::RecordSet;
use rayon::prelude::*;
use std::path::PathBuf;

/// The state of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerdictStatus {
    /// Signed with the key and unchanged.
    Valid,
    /// No signature.
    Unsigned,
    /// Changed after it was signed.
    Tampered,
    /// Signed with another key.
    SignedWithOtherKey {
        /// That key's fingerprint.
        key_id: String,
    },
    /// Signed and unchanged, but the same run as another file: the tools count it once.
    Copy {
        /// The file that stands for the run.
        of: PathBuf,
        /// Whether it is the same record, byte for byte in canonical form.
        identical: bool,
    },
    /// Not a readable record.
    Unreadable {
        /// Why.
        reason: String,
    },
}

/// One file's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The file.
    pub path: PathBuf,
    /// Its state.
    pub status: VerdictStatus,
}

/// Verdicts for every record (in the set's order), then every unreadable file.
pub fn verify(set: &RecordSet, key: &SigningKey) -> Vec<Verdict> {
    // Each check recomputes an HMAC over the canonical form: worth both cores.
    let mut out: Vec<Verdict> = set
        .records
        .par_iter()
        .map(|r| Verdict {
            path: r.path.clone(),
            status: match check(key, &r.record) {
                SignatureCheck::Valid => VerdictStatus::Valid,
                SignatureCheck::Unsigned => VerdictStatus::Unsigned,
                SignatureCheck::Invalid => VerdictStatus::Tampered,
                SignatureCheck::DifferentKey { key_id } => {
                    VerdictStatus::SignedWithOtherKey { key_id }
                }
            },
        })
        .collect();
    // Among the valid records, a second file of one run is a copy.
    let valid: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].status == VerdictStatus::Valid)
        .collect();
    let marks = copies_among(&valid.iter().map(|&i| &set.records[i]).collect::<Vec<_>>());
    for (&i, mark) in valid.iter().zip(marks) {
        if let Some(c) = mark {
            out[i].status = VerdictStatus::Copy {
                of: c.of,
                identical: c.identical,
            };
        }
    }
    out.extend(set.skipped.iter().map(|s| Verdict {
        path: s.path.clone(),
        status: VerdictStatus::Unreadable {
            reason: s.reason.clone(),
        },
    }));
    out
}

/// How many files are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Signed with the key and unchanged.
    pub valid: usize,
    /// No signature.
    pub unsigned: usize,
    /// Changed after signing.
    pub tampered: usize,
    /// Signed with another key.
    pub other_key: usize,
    /// Second files of a run.
    pub copies: usize,
    /// Not readable records.
    pub unreadable: usize,
}

impl Summary {
    /// Counts verdicts.
    pub fn of(verdicts: &[Verdict]) -> Summary {
        let mut s = Summary::default();
        for v in verdicts {
            match v.status {
                VerdictStatus::Valid => s.valid += 1,
                VerdictStatus::Unsigned => s.unsigned += 1,
                VerdictStatus::Tampered => s.tampered += 1,
                VerdictStatus::SignedWithOtherKey { .. } => s.other_key += 1,
                VerdictStatus::Copy { .. } => s.copies += 1,
                VerdictStatus::Unreadable { .. } => s.unreadable += 1,
            }
        }
        s
    }

    /// Every file counted.
    pub fn total(&self) -> usize {
        self.valid + self.unsigned + self.tampered + self.other_key + self.copies + self.unreadable
    }

    /// True when every file is a valid signed record.
    pub fn all_valid(&self) -> bool {
        self.valid == self.total()
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} file{}: {} valid, {} edited, {} unsigned, {} signed with another key, {} copies, {} unreadable",
            self.total(),
            if self.total() == 1 { "" } else { "s" },
            self.valid,
            self.tampered,
            self.unsigned,
            self.other_key,
            self.copies,
            self.unreadable
        )
    }
}

/// [`verify`] and its [`Summary`].
pub fn verify_with_summary(set: &RecordSet, key: &SigningKey) -> (Vec<Verdict>, Summary) {
    let verdicts = verify(set, key);
    let summary = Summary::of(&verdicts);
    (verdicts, summary)
}
