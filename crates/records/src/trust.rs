//! Which records the trainer's tools count: with a signing key, only records signed with it and unchanged (and unsigned ones when allowed); each run once.

use crate::copies::one_per_run;
use crate::signing::{SignatureCheck, SigningKey, check};
use crate::store::{RecordSet, Skipped};

/// What a trainer allows besides records signed with the key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrustPolicy {
    /// Also count records that carry no signature.
    pub allow_unsigned: bool,
}

/// Why a readable record is not trusted; `None` when it is.
pub fn distrust(
    key: &SigningKey,
    record: &crate::record::Record,
    policy: TrustPolicy,
) -> Option<String> {
    match check(key, record) {
        SignatureCheck::Valid => None,
        SignatureCheck::Unsigned if policy.allow_unsigned => None,
        SignatureCheck::Unsigned => {
            Some("unsigned (use --allow-unsigned to include it)".to_string())
        }
        SignatureCheck::Invalid => {
            Some("edited after it was signed (signature does not match)".to_string())
        }
        SignatureCheck::DifferentKey { key_id } => {
            Some(format!("signed with another key ({key_id})"))
        }
    }
}

/// Keeps the records the policy trusts, one file per run; every other one moves to [`RecordSet::skipped`] with the reason.
///
/// Without a key nothing can be checked, and every readable record is kept.
/// A second file holding a run already kept (a copy) is skipped and named.
/// Skipped files end up sorted by path.
pub fn trusted(mut set: RecordSet, key: Option<&SigningKey>, policy: TrustPolicy) -> RecordSet {
    if let Some(key) = key {
        let mut keep = Vec::with_capacity(set.records.len());
        for stored in std::mem::take(&mut set.records) {
            match distrust(key, &stored.record, policy) {
                None => keep.push(stored),
                Some(reason) => set.skipped.push(Skipped {
                    path: stored.path,
                    reason,
                }),
            }
        }
        set.records = keep;
    }
    let (kept, copies) = one_per_run(std::mem::take(&mut set.records));
    set.records = kept;
    set.skipped.extend(copies.into_iter().map(|c| Skipped {
        reason: c.reason(),
        path: c.path,
    }));
    set.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    set
}
