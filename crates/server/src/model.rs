//! What the server keeps: class sessions, runs and their decisions, as the database stores them.

use presscheck_engine::Decision;
use presscheck_records::record::{DecisionRecord, Mode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A class session: a code everyone types, the scenarios on offer, practice or assessed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassSession {
    /// The code, as shown (`KXT-4PM`).
    pub code: String,
    /// A title for the trainer's lists.
    pub title: String,
    /// Practice or assessed.
    pub mode: Mode,
    /// Ids of the scenarios trainees may play, in order.
    pub scenarios: Vec<String>,
    /// Trainee ids allowed to join; empty lets anyone join with a name.
    pub roster: Vec<String>,
    /// Most trainees who may join.
    pub max_trainees: u32,
    /// When it was created (RFC 3339, UTC).
    pub created_at: String,
    /// When it was closed, if it was.
    pub closed_at: Option<String>,
}

impl ClassSession {
    /// Whether trainees may still join and play.
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    /// Being played.
    Playing,
    /// Published or held; its record is written.
    Finished,
    /// Left before its end (the session was closed); its record is written.
    Abandoned,
}

impl RunStatus {
    /// The word stored.
    pub fn name(self) -> &'static str {
        match self {
            RunStatus::Playing => "playing",
            RunStatus::Finished => "finished",
            RunStatus::Abandoned => "abandoned",
        }
    }

    /// From the word stored.
    pub fn from_name(name: &str) -> Option<RunStatus> {
        match name {
            "playing" => Some(RunStatus::Playing),
            "finished" => Some(RunStatus::Finished),
            "abandoned" => Some(RunStatus::Abandoned),
            _ => None,
        }
    }
}

/// One trainee's play of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRow {
    /// The run's id; also its record's id.
    pub id: Uuid,
    /// The session.
    pub session_code: String,
    /// The scenario.
    pub scenario_id: String,
    /// SHA-256 of the scenario file it is played on.
    pub content_hash: String,
    /// Who plays: the roster id, or the name when there is no roster.
    pub trainee_id: String,
    /// The name they typed.
    pub trainee_name: String,
    /// SHA-256 of the browser's run cookie.
    #[serde(skip)]
    pub token_hash: String,
    /// The seed, from the session code.
    pub seed: u64,
    /// Where it stands.
    pub status: RunStatus,
    /// When it started.
    pub started_at: String,
    /// When it ended.
    pub ended_at: Option<String>,
    /// The scaled score, once finished.
    pub score: Option<f64>,
    /// Whether it passed, once finished.
    pub passed: Option<bool>,
}

/// An accepted decision, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDecision {
    /// Its position in the run, from 0.
    pub index: u32,
    /// The decision.
    pub decision: Decision,
    /// The note the record keeps of it.
    pub note: DecisionRecord,
}
