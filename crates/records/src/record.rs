//! The run record: one JSON document per finished or abandoned run, built from the engine's run and outcome.
//!
//! A record is self-contained: besides the decisions it keeps, for every
//! decision, the options the trainee had and the careful answers, so that a
//! report or an xAPI export needs no scenario file. The outcome is kept as a
//! compact [`ResultSummary`]; `replay` recomputes it from the scenario, the seed
//! and the decisions and compares.

use jiff::Timestamp;
use presscheck_engine::model::Classification;
use presscheck_engine::outcome::KindCounts;
use presscheck_engine::replays::Replays;
use presscheck_engine::run::{Decision, Ending, Run, RunError, Treatment};
use presscheck_engine::score::Components;
pub use presscheck_engine::seed::seed_for_code;
use presscheck_engine::treatment;
use presscheck_engine::{Outcome, Scenario};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The version of the record schema described in `docs/records.md`.
pub const SCHEMA_VERSION: u32 = 1;

/// One finished or abandoned run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// [`SCHEMA_VERSION`] when written.
    pub schema: u32,
    /// Unique id of the run; also its xAPI registration.
    pub id: Uuid,
    /// The program that wrote the record.
    pub program: Program,
    /// The scenario as it was played.
    pub scenario: ScenarioRef,
    /// The seed of the run.
    pub seed: u64,
    /// The class session code, if the run was part of one.
    pub session: Option<String>,
    /// Who played.
    pub trainee: TraineeRef,
    /// Practice or assessed.
    pub mode: Mode,
    /// Finished or abandoned.
    pub status: Status,
    /// When the run started (UTC).
    pub started_at: Timestamp,
    /// When the run ended or was abandoned (UTC).
    pub ended_at: Timestamp,
    /// Seconds between start and end.
    pub duration_seconds: f64,
    /// Every decision, in order, with its time.
    pub decisions: Vec<DecisionRecord>,
    /// What came of the run; absent when abandoned.
    pub result: Option<ResultSummary>,
    /// HMAC-SHA256 over the record without this field, when a signing key was set.
    pub signature: Option<Signature>,
}

/// The program that wrote a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// `presscheck` for the game and the command line.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// The scenario a record is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRef {
    /// Scenario id.
    pub id: String,
    /// Scenario title.
    pub title: String,
    /// The author's version string.
    pub version: String,
    /// SHA-256 of the scenario file, lower-case hex.
    pub content_hash: String,
    /// The pass mark in `[0, 1]`.
    pub pass_mark: f64,
}

/// Who played.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraineeRef {
    /// The identifier the organisation knows the trainee by (name or pseudonym).
    pub id: String,
    /// The name to print, e.g. on a certificate.
    pub name: String,
}

/// Practice or assessed play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Mode {
    /// Free practice.
    #[default]
    Practice,
    /// An assessed run.
    Assessed,
}

impl Mode {
    /// The word used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Assessed => "assessed",
        }
    }

    /// The word shown to people: `Practice`, `Assessed`.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Practice => "Practice",
            Mode::Assessed => "Assessed",
        }
    }
}

/// Whether the run reached an ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The story was published or held.
    Finished,
    /// The trainee left before the end.
    Abandoned,
}

/// One decision with its time and what the trainee could have done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRecord {
    /// The decision as the engine takes it.
    pub decision: Decision,
    /// When it was made (UTC).
    pub at: Timestamp,
    /// Seconds since the start of the run.
    pub elapsed_seconds: f64,
    /// The stage's title, for people reading the record.
    pub stage_title: String,
    /// For a choice: the ids of the choices that were open; for an edit: the treatments the item allowed.
    pub offered: Vec<String>,
    /// What the trainee read for each of `offered`: the choice labels, or the item's wording for each treatment.
    pub offered_labels: Vec<String>,
    /// The careful answers: the model play's choice while the run follows it, or the
    /// treatments that send nothing sensitive out. Empty when the scenario names none.
    pub careful: Vec<String>,
}

impl DecisionRecord {
    /// The response as a word: the choice id or the treatment.
    pub fn response(&self) -> String {
        match &self.decision {
            Decision::Choose { choice, .. } => choice.clone(),
            Decision::Edit { treatment, .. } => treatment_name(*treatment).to_string(),
        }
    }

    /// Whether the response is one of the careful answers; `None` when there are none.
    pub fn success(&self) -> Option<bool> {
        if self.careful.is_empty() {
            None
        } else {
            Some(self.careful.contains(&self.response()))
        }
    }

    /// The stage id.
    pub fn stage(&self) -> &str {
        match &self.decision {
            Decision::Choose { stage, .. } | Decision::Edit { stage, .. } => stage,
        }
    }
}

/// What came of a finished run, compactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultSummary {
    /// `published` or `held`.
    pub ending: EndingKind,
    /// Hours of game time at the ending.
    pub ending_hour: f64,
    /// Whether the deadline was missed.
    pub late: bool,
    /// Scaled score in `[0, 1]`.
    pub score: f64,
    /// The pass mark.
    pub pass_mark: f64,
    /// Whether the run passed.
    pub passed: bool,
    /// Why the run failed regardless of its score, if so.
    pub gate: Option<String>,
    /// The score's components in `[0, 1]`.
    pub components: Components,
    /// How much harm the leaks did, in `[0, 1]`.
    pub leak_damage: f64,
    /// The repercussion tier, as its label.
    pub repercussion: String,
    /// Every draft item with its treatment and the classification of what went out.
    pub story: Vec<StoryEntry>,
    /// The sensitive items that went out.
    pub leaked: Vec<String>,
    /// Reprints by outlet kind (a case's own kinds count as domestic portals or foreign websites).
    pub reprints: KindCounts,
    /// With a case's own outlet kinds, each kind's reprints in network order; absent for the standard kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reprints_by_kind: Vec<KindReprints>,
    /// Audience reached.
    pub reach: u64,
    /// Hour a foreign website first ran the story.
    pub first_foreign_hour: Option<u32>,
    /// Procedure lapses, in words.
    pub lapses: Vec<String>,
    /// What usually happens to the story as it went out, over replays of its
    /// cascade; absent when nothing was published or the writer had no replays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usual: Option<UsualSummary>,
}

/// Reprints of one of a case's own outlet kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindReprints {
    /// The kind's id in the scenario.
    pub id: String,
    /// How many of them ran the story.
    pub reprints: u32,
}

/// The replays' summary a record keeps: enough for the report's expected damage per scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsualSummary {
    /// How many replays.
    pub replays: u32,
    /// Share of replays picked up abroad.
    pub foreign_pickup: f64,
    /// Mean leak damage over the replays: the story's expected damage.
    pub expected_damage: f64,
    /// 10th percentile of the leak damage.
    pub damage_p10: f64,
    /// 90th percentile of the leak damage.
    pub damage_p90: f64,
    /// Median reprints (all kinds but the own outlet's) at the last hour.
    pub reprints_median: u32,
    /// Share of replays in each repercussion tier, by label, mildest first.
    pub tiers: Vec<(String, f64)>,
}

impl UsualSummary {
    /// The summary of the engine's replays.
    pub fn of(replays: &Replays) -> UsualSummary {
        UsualSummary {
            replays: replays.count,
            foreign_pickup: replays.foreign_pickup,
            expected_damage: replays.damage.mean,
            damage_p10: replays.damage.p10,
            damage_p90: replays.damage.p90,
            reprints_median: replays.band.last().map_or(0, |b| b.median),
            tiers: replays
                .tiers
                .iter()
                .map(|t| (t.tier.label().to_string(), t.share))
                .collect(),
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EndingKind {
    /// The story went out.
    Published,
    /// The story was held.
    Held,
}

/// One draft item in a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryEntry {
    /// Item id.
    pub id: String,
    /// Final treatment.
    pub treatment: Treatment,
    /// Classification of what went out.
    pub classification: Classification,
}

/// A record's HMAC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Always `HMAC-SHA256`.
    pub algorithm: String,
    /// A short fingerprint of the key (first 8 bytes of its SHA-256, hex), so a trainer can tell keys apart.
    pub key_id: String,
    /// The MAC, lower-case hex.
    pub value: String,
}

/// The word for a treatment used in records and statements.
pub fn treatment_name(t: Treatment) -> &'static str {
    t.name()
}

impl ResultSummary {
    /// The compact summary of an engine outcome.
    pub fn from_outcome(outcome: &Outcome) -> ResultSummary {
        let (ending, hour) = match outcome.ending {
            Ending::Published { hour } => (EndingKind::Published, hour),
            Ending::Held { hour } => (EndingKind::Held, hour),
        };
        ResultSummary {
            ending,
            ending_hour: hour,
            late: outcome.late,
            score: outcome.score.scaled,
            pass_mark: outcome.score.pass_mark,
            passed: outcome.score.passed,
            gate: outcome.score.gate.clone(),
            components: outcome.score.components,
            leak_damage: outcome.score.leak_damage,
            repercussion: outcome.repercussion.tier.label().to_string(),
            story: outcome
                .story
                .items
                .iter()
                .map(|i| StoryEntry {
                    id: i.id.clone(),
                    treatment: i.treatment,
                    classification: i.classification,
                })
                .collect(),
            leaked: presscheck_engine::outcome::leaked_items(&outcome.story)
                .map(|i| i.id.clone())
                .collect(),
            reprints: outcome.spread.reprints,
            reprints_by_kind: outcome
                .spread
                .kinds
                .iter()
                .map(|k| KindReprints {
                    id: k.id.clone(),
                    reprints: k.reprints,
                })
                .collect(),
            reach: outcome.spread.reach,
            first_foreign_hour: outcome.spread.first_foreign_hour,
            lapses: outcome
                .score
                .lapses
                .iter()
                .map(|l| l.text.clone())
                .collect(),
            usual: None,
        }
    }
}

/// Builds a record while a run is played: the front end calls [`Recorder::decided`]
/// after each decision the engine accepted, then [`Recorder::finish`] or
/// [`Recorder::abandon`].
#[derive(Debug, Clone)]
pub struct Recorder {
    record: Record,
}

/// Who played and how, for a new record.
#[derive(Debug, Clone, Default)]
pub struct RunContext {
    /// Trainee id.
    pub trainee_id: String,
    /// Trainee name (the id when empty).
    pub trainee_name: String,
    /// Class session code.
    pub session: Option<String>,
    /// Practice or assessed.
    pub mode: Mode,
}

impl Recorder {
    /// Starts a record for a run of `scenario` with `seed`, started at `started_at`.
    pub fn start(
        scenario: &Scenario,
        seed: u64,
        context: RunContext,
        started_at: Timestamp,
    ) -> Recorder {
        Recorder::start_with_id(Uuid::new_v4(), scenario, seed, context, started_at)
    }

    /// Picks a record kept elsewhere back up: the same start with the same `id`, and the notes made so far.
    ///
    /// The class server keeps each run's notes in its database and resumes the
    /// record from them for every decision, so the record it writes is the one
    /// a front end that kept the `Recorder` would have written.
    pub fn resume(
        id: Uuid,
        scenario: &Scenario,
        seed: u64,
        context: RunContext,
        started_at: Timestamp,
        notes: Vec<DecisionRecord>,
    ) -> Recorder {
        let mut recorder = Recorder::start_with_id(id, scenario, seed, context, started_at);
        recorder.record.decisions = notes;
        recorder
    }

    /// The note of the last decision applied, if any.
    pub fn last_note(&self) -> Option<&DecisionRecord> {
        self.record.decisions.last()
    }

    fn start_with_id(
        id: Uuid,
        scenario: &Scenario,
        seed: u64,
        context: RunContext,
        started_at: Timestamp,
    ) -> Recorder {
        let name = if context.trainee_name.trim().is_empty() {
            context.trainee_id.clone()
        } else {
            context.trainee_name.clone()
        };
        Recorder {
            record: Record {
                schema: SCHEMA_VERSION,
                id,
                program: Program {
                    name: "presscheck".to_string(),
                    version: env!("CARGO_PKG_VERSION").to_string(),
                },
                scenario: ScenarioRef {
                    id: scenario.file.id.clone(),
                    title: scenario.file.title.clone(),
                    version: scenario.file.version.clone(),
                    content_hash: scenario.content_hash.clone(),
                    pass_mark: scenario.file.pass_mark,
                },
                seed,
                session: context
                    .session
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
                trainee: TraineeRef {
                    id: context.trainee_id,
                    name,
                },
                mode: context.mode,
                status: Status::Abandoned,
                started_at,
                ended_at: started_at,
                duration_seconds: 0.0,
                decisions: Vec::new(),
                result: None,
                signature: None,
            },
        }
    }

    /// The record so far.
    pub fn record(&self) -> &Record {
        &self.record
    }

    /// Applies `decision` to `run` through the engine and, if the engine accepts it, notes it with time `at`.
    ///
    /// The note keeps what the trainee saw before deciding: the stage, the
    /// options and the careful answers. A refused decision is not noted.
    pub fn apply(
        &mut self,
        run: &mut Run<'_>,
        decision: &Decision,
        at: Timestamp,
    ) -> Result<(), RunError> {
        let note = self.note(run, decision, at);
        run.apply(decision)?;
        self.record.decisions.push(note);
        Ok(())
    }

    /// Notes a decision about to be applied to `before` (the run as it stood), at time `at`.
    ///
    /// Call it before applying the decision, with the run's state before it, so
    /// the options and careful answers are those the trainee saw; [`Recorder::apply`]
    /// does both.
    pub fn decided(&mut self, before: &Run<'_>, decision: &Decision, at: Timestamp) {
        let note = self.note(before, decision, at);
        self.record.decisions.push(note);
    }

    fn note(&self, before: &Run<'_>, decision: &Decision, at: Timestamp) -> DecisionRecord {
        let scenario = before.scenario();
        let stage_title = before
            .current_stage()
            .map(|s| s.title.clone())
            .unwrap_or_default();
        let (offered, offered_labels, careful) = match decision {
            Decision::Choose { stage, .. } => {
                let open = before.available_choices();
                let offered = open.iter().map(|c| c.id.clone()).collect();
                let labels = open.iter().map(|c| c.label.clone()).collect();
                (
                    offered,
                    labels,
                    careful_choice(before, stage).into_iter().collect(),
                )
            }
            Decision::Edit { item, .. } => match scenario.item_ix(item) {
                Some(ix) => {
                    let options = treatment::options(scenario.item(ix));
                    let offered = options.iter().map(|o| o.treatment.name().to_string());
                    let labels = options.iter().map(|o| match o.treatment {
                        Treatment::Redact => "Cut it from the story".to_string(),
                        t => format!("{}: {}", t.verb(), o.text),
                    });
                    let careful = options
                        .iter()
                        .filter(|o| o.careful)
                        .map(|o| o.treatment.name().to_string());
                    (offered.collect(), labels.collect(), careful.collect())
                }
                None => (Vec::new(), Vec::new(), Vec::new()),
            },
        };
        DecisionRecord {
            decision: decision.clone(),
            at,
            elapsed_seconds: seconds_between(self.record.started_at, at),
            stage_title,
            offered,
            offered_labels,
            careful,
        }
    }

    /// Closes the record of a finished run.
    pub fn finish(mut self, outcome: &Outcome, ended_at: Timestamp) -> Record {
        self.close(ended_at);
        self.record.status = Status::Finished;
        self.record.result = Some(ResultSummary::from_outcome(outcome));
        self.record
    }

    /// Closes the record of a finished run, keeping what usually happens to its story.
    pub fn finish_with_usual(
        self,
        outcome: &Outcome,
        usual: Option<&Replays>,
        ended_at: Timestamp,
    ) -> Record {
        let mut record = self.finish(outcome, ended_at);
        if let (Some(result), Some(usual)) = (record.result.as_mut(), usual) {
            result.usual = Some(UsualSummary::of(usual));
        }
        record
    }

    /// Closes the record of a run left before its end.
    pub fn abandon(mut self, ended_at: Timestamp) -> Record {
        self.close(ended_at);
        self.record.status = Status::Abandoned;
        self.record.result = None;
        self.record
    }

    fn close(&mut self, ended_at: Timestamp) {
        self.record.ended_at = ended_at;
        self.record.duration_seconds = seconds_between(self.record.started_at, ended_at);
    }
}

/// The model play's choice at `stage`, while the run so far follows the model play.
fn careful_choice(run: &Run<'_>, stage: &str) -> Option<String> {
    let model = &run.scenario().file.model_play;
    let taken = run.taken();
    let on_model = taken.len() < model.len()
        && taken
            .iter()
            .zip(model)
            .all(|((s, c), m)| *s == m.0 && *c == m.1);
    let next = model.get(taken.len())?;
    (on_model && next.0 == stage).then(|| next.1.clone())
}

/// Seconds from `a` to `b`, to the millisecond, never negative.
pub fn seconds_between(a: Timestamp, b: Timestamp) -> f64 {
    let ms = b.as_millisecond() - a.as_millisecond();
    (ms.max(0) as f64) / 1000.0
}
