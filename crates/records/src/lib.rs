//! Press Check training records: run records, signing, verification, replay checks, class reports, certificates and xAPI.
//!
//! No Bevy: the game and the command line both write records through this
//! crate, and the trainer's tools (`verify`, `replay`, `report`, `xapi`) read
//! them through it.
#![warn(missing_docs)]

mod canonical;
pub mod certificate;
pub mod lrs;
pub mod record;
pub mod replay;
pub mod report;
pub mod signing;
pub mod store;
pub mod verify;
pub mod xapi;

pub use certificate::{NotEligible, certificate};
pub use record::{
    DecisionRecord, Mode, Record, Recorder, ResultSummary, RunContext, SCHEMA_VERSION, Status,
    seed_for_code,
};
pub use replay::{ReplayReport, replay};
pub use report::{Report, build as build_report, write as write_report};
pub use signing::{
    KeyError, SignatureCheck, SigningKey, canonical_bytes, check, record_hash, sign,
};
pub use store::{
    RecordError, RecordSet, Skipped, StoredRecord, read_record, read_records, write_record,
};
pub use verify::{Summary as VerifySummary, Verdict, VerdictStatus, verify};
