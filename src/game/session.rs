//! Who is playing, which scenario, with which seed, and the decisions so far; the engine does the rest.
//!
//! The game never keeps a half-played `Run` around: it keeps the decisions and
//! replays them through the engine whenever it needs the current state. That
//! keeps every number on screen coming from the engine, and replaying a few
//! decisions costs microseconds.

use super::Screen;
use super::catalog::Catalog;
use crate::scenarios::{ScenarioRef, load_ref};
use bevy::prelude::*;
use presscheck_engine::run::Decision;
use presscheck_engine::seed::{self, SeedChoice};
use presscheck_engine::{Outcome, Run, RunError, Scenario};
use presscheck_records::record::{Recorder, RunContext};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

pub use presscheck_records::record::Mode;

/// The trainee and their class session.
#[derive(Resource, Debug, Clone, Default)]
pub struct Trainee {
    /// Name or pseudonymous id.
    pub name: String,
    /// Session code from the trainer; empty for solo practice.
    pub session_code: String,
    /// Practice or assessed.
    pub mode: Mode,
}

/// Options from the command line: a scenario to open directly, a fixed seed, a stage to start at.
#[derive(Resource, Debug, Clone, Default)]
pub struct StartOptions {
    /// Open this scenario file's briefing at start.
    pub scenario: Option<PathBuf>,
    /// A fixed seed, which wins over a session code (see `presscheck_engine::seed`).
    pub seed: Option<u64>,
    /// With `scenario`: start at this stage (playtesting; makes no record).
    pub from: Option<String>,
}

/// The scenario being played, the seed, and the decisions so far.
#[derive(Resource, Clone)]
pub struct Play {
    /// The scenario as loaded when play started (a later edit applies at the next start).
    pub scenario: Arc<Scenario>,
    /// Its file.
    pub file: ScenarioRef,
    /// The seed of this run.
    pub seed: u64,
    /// The class session the run belongs to, if any.
    pub session: Option<String>,
    /// Every decision, in order.
    pub decisions: Vec<Decision>,
    /// The choice waiting for confirmation on the confirm screen.
    pub pending: Option<String>,
    /// The outcome, once the run has ended.
    pub outcome: Option<Outcome>,
    /// Whether this run makes a record (not for playtests and replays).
    pub recordable: bool,
    /// The record being kept, from the first look at the desk until it is written.
    pub recorder: Option<Recorder>,
}

impl Play {
    /// Starts a run with the seed (and session) the seed policy chose.
    pub fn new(scenario: Arc<Scenario>, file: ScenarioRef, choice: SeedChoice) -> Play {
        Play {
            scenario,
            file,
            seed: choice.seed,
            session: choice.session,
            decisions: Vec::new(),
            pending: None,
            outcome: None,
            recordable: true,
            recorder: None,
        }
    }

    /// The same scenario, seed and session from the start, for a retry or a restart.
    pub fn again(&self) -> Play {
        Play {
            recordable: self.recordable,
            ..Play::new(
                self.scenario.clone(),
                self.file.clone(),
                SeedChoice {
                    seed: self.seed,
                    session: self.session.clone(),
                    overridden_session: None,
                },
            )
        }
    }

    /// Starts the record of this run, now, if it makes one and has none yet.
    pub fn start_recording(&mut self, trainee: &Trainee) {
        if !self.recordable || self.recorder.is_some() || self.outcome.is_some() {
            return;
        }
        let id = trainee.name.trim();
        let context = RunContext {
            trainee_id: if id.is_empty() { "anonymous" } else { id }.to_string(),
            trainee_name: String::new(),
            session: self.session.clone(),
            mode: trainee.mode,
        };
        self.recorder = Some(Recorder::start(
            &self.scenario,
            self.seed,
            context,
            jiff::Timestamp::now(),
        ));
    }

    /// The run as it stands, rebuilt from the decisions.
    pub fn run(&self) -> Run<'_> {
        rebuild(&self.scenario, self.seed, &self.decisions)
    }

    /// Applies a decision through the engine and records it if accepted.
    pub fn apply(&mut self, decision: Decision) -> Result<(), RunError> {
        // Rebuilt from a second handle on the scenario, so the recorder can be borrowed meanwhile.
        let scenario = Arc::clone(&self.scenario);
        let mut run = rebuild(&scenario, self.seed, &self.decisions);
        match self.recorder.as_mut() {
            Some(recorder) => recorder.apply(&mut run, &decision, jiff::Timestamp::now())?,
            None => run.apply(&decision)?,
        }
        let outcome = if run.is_finished() {
            run.finish().ok()
        } else {
            None
        };
        self.decisions.push(decision);
        self.outcome = outcome;
        Ok(())
    }

    /// Whether taking `choice` now would end the run (publish or hold).
    pub fn would_end(&self, choice: &str) -> bool {
        presscheck_engine::story::preview(&self.run(), choice).is_ok_and(|e| e.is_some())
    }
}

/// A run replayed from its decisions.
fn rebuild<'a>(scenario: &'a Scenario, seed: u64, decisions: &[Decision]) -> Run<'a> {
    let mut run = Run::new(scenario, seed);
    for d in decisions {
        // Decisions are only stored after the engine accepted them.
        let _ = run.apply(d);
    }
    run
}

/// Each trainee's best result per scenario: `(trainee, scenario id)` → `(score, ever passed)`.
///
/// Kept in `best-results.json` in the data folder, so a trainee sees their best
/// on the next day too; several trainees can share one training machine.
#[derive(Resource, Debug, Default)]
pub struct BestResults(pub BTreeMap<(String, String), (f64, bool)>);

impl BestResults {
    /// The best result of `trainee` on `scenario`.
    pub fn get(&self, trainee: &str, scenario: &str) -> Option<(f64, bool)> {
        self.0
            .get(&(trainee.to_string(), scenario.to_string()))
            .copied()
    }

    fn load(dir: &std::path::Path) -> BestResults {
        let bytes = presscheck_records::files::read_regular(&dir.join(BEST_FILE), 16 * 1024 * 1024)
            .unwrap_or_default();
        let rows: Vec<BestRow> = serde_json::from_slice(&bytes).unwrap_or_default();
        BestResults(
            rows.into_iter()
                .map(|r| ((r.trainee, r.scenario), (r.score, r.passed)))
                .collect(),
        )
    }

    fn save(&self, dir: &std::path::Path) -> std::io::Result<()> {
        let rows: Vec<BestRow> = self
            .0
            .iter()
            .map(|((trainee, scenario), (score, passed))| BestRow {
                trainee: trainee.clone(),
                scenario: scenario.clone(),
                score: *score,
                passed: *passed,
            })
            .collect();
        let json = serde_json::to_vec_pretty(&rows).map_err(std::io::Error::other)?;
        presscheck_records::atomic::write_replacing(&dir.join(BEST_FILE), &json)
    }
}

const BEST_FILE: &str = "best-results.json";

#[derive(serde::Serialize, serde::Deserialize)]
struct BestRow {
    trainee: String,
    scenario: String,
    score: f64,
    passed: bool,
}

/// Where the game keeps what it remembers between sittings; `None` keeps nothing (tests).
#[derive(Resource, Debug, Clone, Default)]
pub struct DataDir(pub Option<PathBuf>);

impl DataDir {
    /// `$PRESSCHECK_DATA_DIR`, else `$XDG_DATA_HOME/presscheck`, else `~/.local/share/presscheck`.
    pub fn from_env() -> DataDir {
        DataDir(crate::paths::data_dir())
    }
}

/// The seed for a new run, by the one seed policy: a fixed seed, else the session code, else the default.
pub fn choose_seed(options: &StartOptions, trainee: &Trainee) -> SeedChoice {
    let choice = seed::choose(options.seed, Some(&trainee.session_code));
    if let Some(code) = &choice.overridden_session {
        warn!(
            "the game was started with --seed {}, so this run is not part of session `{code}`",
            choice.seed
        );
    }
    choice
}

/// Starts playing the catalog entry at `index`, if it has a good version.
pub fn start(
    commands: &mut Commands,
    catalog: &Catalog,
    index: usize,
    options: &StartOptions,
    trainee: &Trainee,
) -> bool {
    let Some(entry) = catalog.entries.get(index) else {
        return false;
    };
    let Some(scenario) = entry.scenario.clone() else {
        return false;
    };
    let choice = choose_seed(options, trainee);
    commands.insert_resource(Play::new(scenario, entry.file.clone(), choice));
    true
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Trainee>()
        .init_resource::<StartOptions>()
        .init_resource::<BestResults>()
        .init_resource::<DataDir>()
        .add_systems(Startup, (load_best, open_scenario_from_command_line))
        .add_systems(OnEnter(Screen::Debrief), remember_best);
}

/// Why `--scenario FILE` (or `--from STAGE`) could not be opened: shown on the title screen, not only in the log.
#[derive(Resource, Debug, Clone, Default)]
pub struct StartProblem {
    /// What could not be opened.
    pub what: String,
    /// Each problem, one line each.
    pub lines: Vec<String>,
}

/// `presscheck --scenario FILE` opens that scenario's briefing straight away.
fn open_scenario_from_command_line(
    mut commands: Commands,
    options: Res<StartOptions>,
    trainee: Res<Trainee>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(path) = &options.scenario else {
        return;
    };
    match load_ref(&ScenarioRef::File(path.clone())) {
        Ok(found) => {
            let choice = choose_seed(&options, &trainee);
            let seed = choice.seed;
            let mut play = Play::new(Arc::new(found.scenario), found.file, choice);
            if let Some(stage) = &options.from {
                // Playtesting from a stage: the decisions that lead there are taken; no record.
                match presscheck_engine::strategy::path_to(&play.scenario, stage, seed) {
                    Ok(prefix) => {
                        play.recordable = false;
                        for d in prefix {
                            if let Err(e) = play.apply(d) {
                                error!("--from {stage}: {e}");
                            }
                        }
                        commands.insert_resource(play);
                        next.set(Screen::Desk);
                    }
                    Err(e) => {
                        error!("--from {stage}: {e}");
                        commands.insert_resource(StartProblem {
                            what: format!("stage `{stage}` of {}", path.display()),
                            lines: vec![e.to_string()],
                        });
                    }
                }
                return;
            }
            commands.insert_resource(play);
            next.set(Screen::Briefing);
        }
        Err(broken) => {
            let lines: Vec<String> = broken
                .diagnostics
                .iter()
                .map(|d| d.headline(&broken.file.name()))
                .collect();
            for line in &lines {
                error!("{line}");
            }
            commands.insert_resource(StartProblem {
                what: broken.file.name(),
                lines,
            });
        }
    }
}

fn load_best(data: Res<DataDir>, mut best: ResMut<BestResults>) {
    if let Some(dir) = &data.0 {
        *best = BestResults::load(dir);
    }
}

fn remember_best(
    play: Option<Res<Play>>,
    trainee: Res<Trainee>,
    data: Res<DataDir>,
    mut best: ResMut<BestResults>,
) {
    let Some(play) = play else { return };
    let Some(outcome) = &play.outcome else { return };
    let entry = best
        .0
        .entry((trainee.name.clone(), outcome.scenario.clone()))
        .or_insert((0.0, false));
    *entry = (
        entry.0.max(outcome.score.scaled),
        entry.1 || outcome.score.passed,
    );
    if let Some(dir) = &data.0
        && let Err(e) = best.save(dir)
    {
        warn!("could not save best results in {}: {e}", dir.display());
    }
}
