//! The server is the authority: trainees join, send decisions one at a time, and only the server applies them to the engine's run, stores them and writes records.
//!
//! Every accepted decision is stored in one transaction before it is
//! acknowledged. A decision resent with the same run and index is
//! acknowledged again and not stored twice; one for an index another tab
//! already filled is refused with the run's current state. A run's decisions
//! are applied one at a time (a lock per run), so two tabs cannot race.

use crate::catalog::Catalog;
use crate::code;
use crate::config::Limits;
use crate::db::runs::{Ending, Stored};
use crate::db::{Db, DbError, records as db_records, runs, sessions};
use crate::events::{Event, EventKind, Events};
use crate::model::{ClassSession, RunRow, RunStatus, StoredDecision};
use crate::usual::UsualCache;
use presscheck_engine::{Decision, Outcome, Run, Scenario, seed};
use presscheck_records::record::{Record, Recorder, RunContext};
use presscheck_records::{RecordSink, SigningKey};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// Why a trainee could not join.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    /// Not a code at all.
    #[error("“{0}” is not a session code: a code is six letters and digits, like KXT-4PM")]
    BadCode(String),
    /// No session has it.
    #[error("there is no session {0}: check the code with your trainer")]
    UnknownSession(String),
    /// The session was closed.
    #[error("session {0} is closed")]
    Closed(String),
    /// As many trainees as allowed have joined.
    #[error("session {0} is full: {1} trainees have joined; ask your trainer")]
    Full(String, u32),
    /// No name given, or too long.
    #[error("{0}")]
    BadName(String),
    /// The session has a roster and the id is not on it.
    #[error(
        "“{0}” is not on this session's list of trainees: type the trainee id your trainer gave you"
    )]
    NotOnRoster(String),
    /// The scenario is not offered in this session.
    #[error("this session does not offer the scenario “{0}”")]
    NoSuchScenario(String),
    /// Someone joined with this name or id from another browser.
    #[error(
        "“{0}” has already joined this session from another browser; ask your trainer to let you continue here"
    )]
    AlreadyJoined(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// A trainee in a session, with the run they play.
#[derive(Debug, Clone)]
pub struct Joined {
    /// The session's code.
    pub code: String,
    /// The run.
    pub run: Uuid,
    /// The browser's token for this session (its cookie).
    pub token: String,
}

/// Why a decision was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// No such run, or not this browser's.
    #[error("this run is not yours, or does not exist")]
    NotYours,
    /// The run has ended.
    #[error("this run has ended")]
    Ended,
    /// The session was closed.
    #[error("the session was closed by the trainer")]
    Closed,
    /// The decision is for a later point than the run has reached.
    #[error("decision {index} cannot come before decision {expected}")]
    Ahead {
        /// The index sent.
        index: u32,
        /// The index the run is at.
        expected: u32,
    },
    /// Another decision was already made at this point (in another tab).
    #[error(
        "the run has moved on since this page was shown (in another tab?): here is where it stands now"
    )]
    MovedOn,
    /// The engine refused the decision.
    #[error("{0}")]
    Illegal(String),
    /// The scenario file changed since the run started, so its decisions no longer replay.
    #[error("the scenario changed since this run started; ask your trainer")]
    ScenarioChanged,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The record could not be signed or written.
    #[error("the run's record could not be written: {0}")]
    Record(String),
}

/// What came of a decision the server accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// Stored now.
    New,
    /// Stored before: acknowledged again.
    Again,
}

/// A run as it stands: its row, its decisions, its scenario.
#[derive(Debug, Clone)]
pub struct RunState {
    /// The stored run.
    pub row: RunRow,
    /// Its decisions, in order.
    pub decisions: Vec<StoredDecision>,
    /// The scenario it is played on.
    pub scenario: Arc<Scenario>,
    /// Its session.
    pub session: ClassSession,
}

impl RunState {
    /// The engine's run, rebuilt from the decisions.
    pub fn run(&self) -> Run<'_> {
        let mut run = Run::new(&self.scenario, self.row.seed);
        for d in &self.decisions {
            // Stored only after the engine accepted them on the same scenario.
            let _ = run.apply(&d.decision);
        }
        run
    }

    /// The decisions alone.
    pub fn plain_decisions(&self) -> Vec<Decision> {
        self.decisions.iter().map(|d| d.decision.clone()).collect()
    }

    /// The outcome, once the run has ended.
    pub fn outcome(&self) -> Option<Outcome> {
        self.run().finish().ok()
    }

    /// The index the next decision must have.
    pub fn next_index(&self) -> u32 {
        self.decisions.len() as u32
    }
}

/// The authority over sessions and runs.
pub struct Authority {
    pub(crate) db: Db,
    pub(crate) catalog: Catalog,
    pub(crate) key: SigningKey,
    pub(crate) sink: RecordSink,
    pub(crate) events: Events,
    pub(crate) limits: Limits,
    locks: Mutex<HashMap<Uuid, Arc<tokio::sync::Mutex<()>>>>,
    /// What usually happens to each finished run's story: kept in its record and shown on its pages.
    usual: UsualCache,
}

impl Authority {
    /// The authority over `db`, offering `catalog`, writing records signed with `key` into `records`.
    pub fn new(
        db: Db,
        catalog: Catalog,
        key: SigningKey,
        records: std::path::PathBuf,
        limits: Limits,
    ) -> Authority {
        Authority {
            db,
            catalog,
            sink: RecordSink::new(records, Some(key.clone())),
            key,
            events: Events::default(),
            limits,
            locks: Mutex::new(HashMap::new()),
            usual: UsualCache::default(),
        }
    }

    /// The replays of finished runs.
    pub fn usual(&self) -> &UsualCache {
        &self.usual
    }

    /// The database.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The scenarios on offer.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The session events.
    pub fn events(&self) -> &Events {
        &self.events
    }

    fn lock_of(&self, run: Uuid) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        locks.entry(run).or_default().clone()
    }

    /// Joins `name` (or roster id `trainee_id`) to the session `typed_code`, starting or resuming their run of `scenario`.
    ///
    /// `token` is the browser's cookie for this session, if it has one: a
    /// trainee who joined before continues only from the same browser.
    pub async fn join(
        &self,
        typed_code: &str,
        name: &str,
        trainee_id: &str,
        scenario: Option<&str>,
        token: Option<&str>,
    ) -> Result<Joined, JoinError> {
        let code = code::normalise(typed_code)
            .ok_or_else(|| JoinError::BadCode(typed_code.trim().to_string()))?;
        let session = sessions::get(&self.db, &code)
            .await?
            .ok_or_else(|| JoinError::UnknownSession(code.clone()))?;
        if !session.is_open() {
            return Err(JoinError::Closed(code));
        }
        let name = clean(name);
        let max = self.limits.max_name_chars;
        if name.is_empty() {
            return Err(JoinError::BadName("type your name to join".into()));
        }
        if name.chars().count() > max {
            return Err(JoinError::BadName(format!(
                "a name is at most {max} characters"
            )));
        }
        let trainee = if session.roster.is_empty() {
            name.clone()
        } else {
            let id = clean(trainee_id);
            if !session.roster.iter().any(|r| r.eq_ignore_ascii_case(&id)) {
                return Err(JoinError::NotOnRoster(id));
            }
            session
                .roster
                .iter()
                .find(|r| r.eq_ignore_ascii_case(&id))
                .cloned()
                .unwrap_or(id)
        };
        let scenario_id = match scenario {
            Some(s) if session.scenarios.iter().any(|x| x == s) => s.to_string(),
            Some(s) => return Err(JoinError::NoSuchScenario(s.to_string())),
            None => session
                .scenarios
                .first()
                .cloned()
                .ok_or_else(|| JoinError::NoSuchScenario(String::new()))?,
        };
        let scenario = self
            .catalog
            .get(&scenario_id)
            .ok_or_else(|| JoinError::NoSuchScenario(scenario_id.clone()))?;
        // Someone who joined before keeps their cookie; without it, the name is taken.
        let mine = runs::of_session(&self.db, &code)
            .await?
            .into_iter()
            .filter(|r| r.trainee_id == trainee)
            .collect::<Vec<_>>();
        let token = match (mine.first(), token) {
            (Some(existing), Some(t))
                if crate::auth::same(&existing.token_hash, &crate::auth::token_hash(t)) =>
            {
                t.to_string()
            }
            (Some(_), _) => return Err(JoinError::AlreadyJoined(trainee)),
            (None, _) => {
                if runs::trainees_in(&self.db, &code).await? >= i64::from(session.max_trainees) {
                    return Err(JoinError::Full(code, session.max_trainees));
                }
                crate::auth::token()
            }
        };
        if let Some(run) = mine.iter().find(|r| r.scenario_id == scenario_id) {
            return Ok(Joined {
                code,
                run: run.id,
                token,
            });
        }
        let choice = seed::choose(None, Some(&code));
        let row = RunRow {
            id: Uuid::new_v4(),
            session_code: code.clone(),
            scenario_id: scenario_id.clone(),
            content_hash: scenario.content_hash.clone(),
            trainee_id: trainee.clone(),
            trainee_name: name,
            token_hash: crate::auth::token_hash(&token),
            seed: choice.seed,
            status: RunStatus::Playing,
            started_at: crate::db::now_text(),
            ended_at: None,
            score: None,
            passed: None,
        };
        let id = if runs::create(&self.db, &row).await? {
            self.events.send(Event {
                session: code.clone(),
                run: row.id,
                kind: EventKind::Joined,
            });
            row.id
        } else {
            // Joined at the same moment from this browser: the other request made the run.
            runs::find(&self.db, &code, &trainee, &scenario_id)
                .await?
                .map(|r| r.id)
                .ok_or(JoinError::AlreadyJoined(trainee))?
        };
        Ok(Joined {
            code,
            run: id,
            token,
        })
    }

    /// The run `id`, if `token` is its browser's cookie (or `None` for the trainer, who may look at any run).
    pub async fn state(&self, id: Uuid, token: Option<&str>) -> Result<RunState, Refusal> {
        let row = runs::get(&self.db, id).await?.ok_or(Refusal::NotYours)?;
        if let Some(t) = token
            && !crate::auth::same(&row.token_hash, &crate::auth::token_hash(t))
        {
            return Err(Refusal::NotYours);
        }
        let session = sessions::get(&self.db, &row.session_code)
            .await?
            .ok_or(Refusal::NotYours)?;
        let scenario = self
            .catalog
            .get(&row.scenario_id)
            .filter(|s| s.content_hash == row.content_hash)
            .ok_or(Refusal::ScenarioChanged)?;
        let decisions = runs::decisions(&self.db, id).await?;
        Ok(RunState {
            row,
            decisions,
            scenario,
            session,
        })
    }

    /// Applies decision number `index` to run `id` for the browser with `token`, stores it, and writes the record when the run ends.
    pub async fn decide(
        &self,
        id: Uuid,
        token: &str,
        index: u32,
        decision: Decision,
    ) -> Result<Accepted, Refusal> {
        let lock = self.lock_of(id);
        let _held = lock.lock().await;
        let state = self.state(id, Some(token)).await?;
        if let Some(done) = state.decisions.get(index as usize) {
            return if done.decision == decision {
                Ok(Accepted::Again)
            } else {
                Err(Refusal::MovedOn)
            };
        }
        if index > state.next_index() {
            return Err(Refusal::Ahead {
                index,
                expected: state.next_index(),
            });
        }
        if state.row.status != RunStatus::Playing {
            return Err(Refusal::Ended);
        }
        if !state.session.is_open() {
            return Err(Refusal::Closed);
        }
        let mut recorder = self.recorder(&state);
        let mut run = state.run();
        let now = jiff::Timestamp::now();
        recorder
            .apply(&mut run, &decision, now)
            .map_err(|e| Refusal::Illegal(e.to_string()))?;
        let note = recorder
            .last_note()
            .cloned()
            .ok_or_else(|| Refusal::Record("no note of the decision".into()))?;
        let stored = StoredDecision {
            index,
            decision,
            note,
        };
        let finished = run.finish().ok();
        drop(run);
        let ending = match finished {
            Some(outcome) => {
                // Replayed before the record is stored, so the record keeps what usually happens.
                let usual = self.usual.of(id, &state.scenario, &outcome).await;
                let mut record = recorder.finish_with_usual(&outcome, usual.as_deref(), now);
                self.sink.sign(&mut record);
                Some(Ending {
                    status: RunStatus::Finished,
                    ended_at: now.to_string(),
                    result: Some((outcome.score.scaled, outcome.score.passed)),
                    record: serde_json::to_string(&record)
                        .map_err(|e| Refusal::Record(e.to_string()))?,
                })
            }
            None => None,
        };
        let result = runs::store_decision(
            &self.db,
            &state.row,
            &stored,
            &now.to_string(),
            ending.as_ref(),
        )
        .await?;
        match result {
            Stored::New => {}
            Stored::Again => return Ok(Accepted::Again),
            Stored::Taken => return Err(Refusal::MovedOn),
        }
        let kind = if ending.is_some() {
            self.write_file(id).await;
            EventKind::Ended
        } else {
            EventKind::Decided
        };
        self.events.send(Event {
            session: state.row.session_code.clone(),
            run: id,
            kind,
        });
        Ok(Accepted::New)
    }

    /// The record so far of a run, picked up from its stored notes.
    fn recorder(&self, state: &RunState) -> Recorder {
        let started = state
            .row
            .started_at
            .parse()
            .unwrap_or_else(|_| jiff::Timestamp::now());
        Recorder::resume(
            state.row.id,
            &state.scenario,
            state.row.seed,
            RunContext {
                trainee_id: state.row.trainee_id.clone(),
                trainee_name: state.row.trainee_name.clone(),
                session: Some(state.row.session_code.clone()),
                mode: state.session.mode,
            },
            started,
            state.decisions.iter().map(|d| d.note.clone()).collect(),
        )
    }

    /// Closes a session: trainees can no longer join or play, and every run still being played is recorded as abandoned.
    pub async fn close_session(&self, code: &str) -> Result<usize, Refusal> {
        sessions::close(&self.db, code).await?;
        let mut abandoned = 0;
        for row in runs::of_session(&self.db, code).await? {
            if row.status != RunStatus::Playing {
                continue;
            }
            let lock = self.lock_of(row.id);
            let _held = lock.lock().await;
            let state = match self.state(row.id, None).await {
                Ok(s) => s,
                // A run whose scenario changed cannot be replayed; it stays as it was.
                Err(Refusal::ScenarioChanged) => continue,
                Err(e) => return Err(e),
            };
            let now = jiff::Timestamp::now();
            let mut record = self.recorder(&state).abandon(now);
            self.sink.sign(&mut record);
            let ending = Ending {
                status: RunStatus::Abandoned,
                ended_at: now.to_string(),
                result: None,
                record: serde_json::to_string(&record)
                    .map_err(|e| Refusal::Record(e.to_string()))?,
            };
            runs::end(&self.db, &state.row, &ending).await?;
            self.write_file(row.id).await;
            self.events.send(Event {
                session: code.to_string(),
                run: row.id,
                kind: EventKind::Ended,
            });
            abandoned += 1;
        }
        Ok(abandoned)
    }

    /// Writes a stored record to its file (once) and notes the file; a failure is logged and retried at the next start.
    async fn write_file(&self, run: Uuid) {
        let Ok(Some(stored)) = db_records::get(&self.db, run).await else {
            return;
        };
        self.write_stored(&stored).await;
    }

    async fn write_stored(&self, stored: &db_records::StoredRecord) {
        let record: Record = match serde_json::from_str(&stored.json) {
            Ok(r) => r,
            Err(e) => {
                eprintln!(
                    "serve: the stored record of run {} does not parse: {e}",
                    stored.run_id
                );
                return;
            }
        };
        let sink = self.sink.clone();
        let written = tokio::task::spawn_blocking(move || sink.write_once(&record)).await;
        match written {
            Ok(Ok(path)) => {
                if let Err(e) =
                    db_records::set_file(&self.db, stored.run_id, &path.display().to_string()).await
                {
                    eprintln!("serve: {e}");
                }
            }
            Ok(Err(e)) => eprintln!("serve: {e}"),
            Err(e) => eprintln!("serve: writing a record failed: {e}"),
        }
    }

    /// Writes the files of records stored but not written (the server stopped in between) or since lost (a restored backup).
    pub async fn recover(&self) -> Result<usize, DbError> {
        let mut written = 0;
        for stored in db_records::all(&self.db).await? {
            let present = stored
                .file
                .as_ref()
                .is_some_and(|f| std::path::Path::new(f).is_file());
            if !present {
                self.write_stored(&stored).await;
                written += 1;
            }
        }
        Ok(written)
    }

    /// The trainee a browser's token belongs to in a session: their id and name.
    pub async fn trainee_of(
        &self,
        code: &str,
        token: &str,
    ) -> Result<Option<(String, String)>, DbError> {
        let hash = crate::auth::token_hash(token);
        Ok(runs::of_session(&self.db, code)
            .await?
            .into_iter()
            .find(|r| crate::auth::same(&r.token_hash, &hash))
            .map(|r| (r.trainee_id, r.trainee_name)))
    }

    /// Lets a trainee continue from another browser: their runs in the session get a new token, returned for a link.
    pub async fn release(&self, code: &str, trainee: &str) -> Result<String, DbError> {
        let token = crate::auth::token();
        let hash = crate::auth::token_hash(&token);
        for row in runs::of_session(&self.db, code).await? {
            if row.trainee_id == trainee {
                runs::set_token(&self.db, row.id, &hash).await?;
            }
        }
        Ok(token)
    }
}

/// A name or id as typed, trimmed, with control characters and runs of spaces made single spaces.
fn clean(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
