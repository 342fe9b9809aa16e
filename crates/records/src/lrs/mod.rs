//! Sending statements to a learning record store: nothing counted as sent that the LRS did not store, nothing sent that no trusted record holds.
//!
//! A push takes the statements of the records the trainer trusts (rebuilt
//! every time, never read from a queue anyone could write to), leaves out
//! those the spool's ledger says the LRS acknowledged, and sends the rest in
//! batches. A statement counts as sent only when the LRS answers 200 with its
//! id, or, after a 204 or a 409, when the LRS is asked for that id and holds
//! the same statement (xAPI's comparison rules). Redirects are not followed,
//! `Retry-After` is honoured, and "could not connect" is told from "no answer
//! in time". Statement ids are stable, so a resend after a crash is answered
//! as held and confirmed, never stored twice. Credentials are held in memory only.

mod client;
mod compare;
mod push;
mod spool;

pub use client::{Lrs, PASSWORD_ENV, USER_ENV};
pub use compare::difference;
pub use push::push;
pub use spool::{Ledger, Spool, SpoolStatus};

use serde_json::Value;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// How to send.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// Statements per request.
    pub batch_size: usize,
    /// Attempts per batch before the push stops.
    pub attempts: u32,
    /// Wait before the second attempt; doubles each time.
    pub first_backoff: Duration,
    /// Longest wait between attempts when the LRS gives no `Retry-After`.
    pub max_backoff: Duration,
    /// Longest `Retry-After` waited for; a longer one stops the push.
    pub max_retry_after: Duration,
    /// Time for a whole request and its answer.
    pub timeout: Duration,
    /// Time to connect.
    pub connect_timeout: Duration,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions {
            batch_size: 100,
            attempts: 6,
            first_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(300),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// Most conflicts named one by one in [`PushReport::problems`].
const MAX_CONFLICTS_NAMED: usize = 20;

/// A statement id the LRS holds with other content than ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The statement id.
    pub id: String,
    /// The run's record id (the statement's registration).
    pub registration: String,
    /// The statement's verb (`passed`, `answered`…).
    pub verb: String,
    /// Where the held statement first differs from ours.
    pub differs_at: String,
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    /// Statements given to this push.
    pub offered: usize,
    /// Of those, acknowledged by an earlier push and not sent again.
    pub already_sent: usize,
    /// Statements acknowledged in this push.
    pub sent: usize,
    /// Of those, found held by the LRS (after a 204 or a 409) and confirmed the same.
    pub confirmed_held: usize,
    /// Statements the LRS holds with other content: never overwritten, never counted as sent.
    pub conflicts: Vec<Conflict>,
    /// Requests made, retries and checks included.
    pub requests: usize,
    /// Statements not acknowledged: the next push tries them again.
    pub kept: usize,
    /// Ledger lines that did not count (no valid tag): their statements were checked again.
    pub ledger_lines_not_counted: usize,
    /// Why sending stopped early, if it did.
    pub stopped: Option<String>,
}

impl PushReport {
    /// Whether every statement offered is now acknowledged.
    pub fn complete(&self) -> bool {
        self.stopped.is_none() && self.conflicts.is_empty() && self.kept == 0
    }

    /// One line for the trainer: what was sent, what waits, and why.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{} statements: {} sent now ({} of them found already held), {} sent before, {} not sent yet",
            self.offered, self.sent, self.confirmed_held, self.already_sent, self.kept
        );
        if !self.conflicts.is_empty() {
            out.push_str(&format!(
                "; {} held by the LRS with other content",
                self.conflicts.len()
            ));
        }
        out
    }

    /// What the trainer must act on: each conflict, the reason the push stopped.
    pub fn problems(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .conflicts
            .iter()
            .take(MAX_CONFLICTS_NAMED)
            .map(|c| {
                format!(
                    "statement {} ({} of run {}): the LRS holds a different statement with this id (it differs at `{}`); it is not overwritten and not counted as sent",
                    c.id, c.verb, c.registration, c.differs_at
                )
            })
            .collect();
        if self.conflicts.len() > MAX_CONFLICTS_NAMED {
            out.push(format!(
                "… and {} more statements the LRS holds with other content",
                self.conflicts.len() - MAX_CONFLICTS_NAMED
            ));
        }
        if let Some(why) = &self.stopped {
            out.push(format!("the push stopped: {why}"));
        }
        out
    }

    /// What is worth knowing but went well.
    pub fn notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.ledger_lines_not_counted > 0 {
            out.push(format!(
                "{} line(s) of the spool's ledger carry no valid tag for this key and LRS; their statements were checked with the LRS again",
                self.ledger_lines_not_counted
            ));
        }
        out
    }
}

/// Why a push could not start.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The credentials are not set.
    #[error("no LRS credentials: set {USER_ENV} and {PASSWORD_ENV} in the environment")]
    NoCredentials,
    /// The endpoint is not an http(s) URL.
    #[error("the LRS address must start with http:// or https://, got {0:?}")]
    BadEndpoint(String),
    /// The spool could not be read or written.
    #[error("{}: {}", .0.display(), .1)]
    Spool(PathBuf, #[source] io::Error),
    /// Another push is using the spool.
    #[error("{}: another push is using this spool; wait for it to finish", .0.display())]
    Busy(PathBuf),
}

/// A statement's id, lower case; empty when it has none.
pub(crate) fn id_of(statement: &Value) -> String {
    statement["id"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The spool folder's name for an LRS: a fingerprint of its address, so each LRS has its own ledger.
pub fn spool_name(endpoint: &str) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(endpoint.trim_end_matches('/').as_bytes());
    hex::encode(&digest[..6])
}
