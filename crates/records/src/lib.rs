//! Press Check training records: run records, signing, verification, replay checks, class reports, certificates and xAPI.
//!
//! No Bevy: every front end writes records through this crate, and the
//! trainer's tools (`verify`, `replay`, `report`, `xapi`) read them through it.
//!
//! # Reading order
//!
//! Each module uses only the modules declared before it (`tests/layers.rs`
//! keeps it so): files and records first ([`files`], [`atomic`], [`record`],
//! `canonical`, [`signing`], [`store`], [`copies`]), then what front ends and
//! trainers do with them ([`sink`], [`trust`], [`mod@verify`], [`mod@replay`]), the pages
//! ([`html`], [`mod@certificate`], [`report`]), and the learning record store
//! ([`xapi`], [`lrs`]).
#![warn(missing_docs)]

pub mod files;

pub mod atomic;
pub mod record;

mod canonical;

pub mod signing;

pub mod store;

pub mod copies;

pub mod replay;
pub mod sink;
pub mod trust;
pub mod verify;

pub mod html;

pub mod certificate;

pub mod report;

pub mod xapi;

pub mod lrs;

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
pub use sink::{RecordSink, SinkError};
pub use store::{
    RecordError, RecordSet, Skipped, StoredRecord, read_record, read_records, write_record,
};
pub use trust::{TrustPolicy, trusted};
pub use verify::{Summary as VerifySummary, Verdict, VerdictStatus, verify};
