//! Run records from the game: started at the desk, written when the story goes out or is held, and when a run is left; replays of records.

use super::Screen;
use super::session::{Play, Trainee};
use crate::scenarios::ScenarioRef;
use bevy::prelude::*;
use presscheck_records::signing::SigningKey;
use std::path::PathBuf;
use std::sync::Arc;

/// Where records go and the key that signs them.
#[derive(Resource, Default)]
pub struct RecordSink {
    /// The sink; `None` writes no records (headless tests).
    pub sink: Option<presscheck_records::RecordSink>,
    /// Whether the folder came from the command line (the setting then does not move it).
    pub fixed: bool,
}

impl RecordSink {
    /// Records into `dir` (from `--results`, else the setting, else `results/` in the data folder), signed with the key from the environment.
    pub fn new(dir: Option<PathBuf>) -> RecordSink {
        let key = match SigningKey::from_env() {
            Ok(key) => key,
            Err(e) => {
                // A trainer who set a key wants signed records: say so loudly, sign nothing.
                error!("the signing key cannot be used, records will be unsigned: {e}");
                None
            }
        };
        RecordSink::to(dir, key)
    }

    /// Records into `dir`, signed with `key`.
    pub fn to(dir: Option<PathBuf>, key: Option<SigningKey>) -> RecordSink {
        RecordSink {
            sink: dir.map(|d| presscheck_records::RecordSink::new(d, key)),
            fixed: false,
        }
    }
}

/// What happened to the last record, shown on the debrief.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub enum RecordStatus {
    /// Nothing written yet.
    #[default]
    None,
    /// Written to this file.
    Saved(PathBuf),
    /// Could not be written; the message says why.
    Failed(String),
}

/// A record being shown on screen instead of played.
#[derive(Resource, Debug, Clone)]
pub struct Replaying {
    /// The record.
    pub record: presscheck_records::Record,
    /// Its file.
    pub path: PathBuf,
}

/// A record to open at start (`presscheck --replay RECORD`), already checked by replaying it.
#[derive(Resource, Clone)]
pub struct ReplayStart {
    /// The record and its file.
    pub replaying: Replaying,
    /// The scenario it was played on.
    pub scenario: Arc<presscheck_engine::Scenario>,
    /// The scenario's file.
    pub scenario_file: ScenarioRef,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<RecordSink>()
        .init_resource::<RecordStatus>()
        .add_systems(Startup, open_replay)
        .add_systems(OnEnter(Screen::Desk), start_recording)
        .add_systems(OnEnter(Screen::Consequences), write_finished)
        .add_systems(OnEnter(Screen::Title), write_abandoned)
        .add_systems(OnEnter(Screen::Select), write_abandoned)
        .add_systems(Last, write_abandoned_on_exit)
        .add_systems(Update, add_usual)
        .add_systems(Update, follow_setting);
}

/// The results folder setting moves where the next records go.
fn follow_setting(settings: Res<super::settings::Settings>, mut sink: ResMut<RecordSink>) {
    if !settings.is_changed() || sink.fixed {
        return;
    }
    let Some(current) = sink.sink.as_mut() else {
        return;
    };
    if let Some(wanted) = settings
        .results_dir
        .clone()
        .or_else(crate::paths::default_results_dir)
        && current.dir() != wanted
    {
        current.set_dir(wanted);
    }
}

fn start_recording(mut commands: Commands, play: Option<ResMut<Play>>, trainee: Res<Trainee>) {
    if let Some(mut play) = play
        && play.recordable
    {
        // A trainee's own run after a class replay: the replay is over.
        commands.remove_resource::<Replaying>();
        play.start_recording(&trainee);
    }
}

/// Signs and writes a record, and notes how it went; the file when it was written.
fn write(
    sink: &RecordSink,
    status: &mut RecordStatus,
    record: presscheck_records::Record,
) -> Option<PathBuf> {
    let sink = sink.sink.as_ref()?;
    let (next, path) = match sink.write(record) {
        Ok(path) => {
            info!("record written: {}", path.display());
            (RecordStatus::Saved(path.clone()), Some(path))
        }
        Err(e) => {
            error!("{e}");
            (RecordStatus::Failed(e.to_string()), None)
        }
    };
    *status = next;
    path
}

/// A finished run's record, written the moment the run ended, until what
/// usually happens to its story is ready to be added to it. The record is on
/// disk all along, so leaving, quitting or a crash loses nothing; only the
/// replays' summary would be missing.
#[derive(Resource)]
struct AwaitingUsual {
    path: PathBuf,
    record: presscheck_records::Record,
    outcome: presscheck_engine::Outcome,
}

/// Adds the replays' summary to the finished run's record once they are ready.
fn add_usual(
    mut commands: Commands,
    awaiting: Option<Res<AwaitingUsual>>,
    usual: Res<super::replays::UsualOutcome>,
    sink: Res<RecordSink>,
) {
    let Some(awaiting) = awaiting else { return };
    let Some(ready) = usual.ready_for(&awaiting.outcome) else {
        return;
    };
    commands.remove_resource::<AwaitingUsual>();
    let (Some(replays), Some(sink)) = (ready, &sink.sink) else {
        return;
    };
    let mut record = awaiting.record.clone();
    if let Some(result) = record.result.as_mut() {
        result.usual = Some(presscheck_records::record::UsualSummary::of(replays));
    }
    match sink.amend(&awaiting.path, record) {
        Ok(path) => info!(
            "record amended with what usually happens: {}",
            path.display()
        ),
        // The record as first written stands.
        Err(e) => warn!("what usually happens could not be added to the record: {e}"),
    }
}

fn write_finished(
    mut commands: Commands,
    play: Option<ResMut<Play>>,
    sink: Res<RecordSink>,
    mut status: ResMut<RecordStatus>,
) {
    let Some(mut play) = play else { return };
    let Some(outcome) = play.outcome.clone() else {
        return;
    };
    if let Some(recorder) = play.recorder.take() {
        let record = recorder.finish(&outcome, jiff::Timestamp::now());
        if let Some(path) = write(&sink, &mut status, record.clone()) {
            commands.insert_resource(AwaitingUsual {
                path,
                record,
                outcome,
            });
        }
    }
}

/// Writes the record of a run left before its end (quit, restart, back to the list, window closed).
pub fn abandon_run(play: &mut Play, sink: &RecordSink, status: &mut RecordStatus) {
    if play.outcome.is_some() {
        return;
    }
    if let Some(recorder) = play.recorder.take() {
        write(sink, status, recorder.abandon(jiff::Timestamp::now()));
    }
}

fn write_abandoned(
    play: Option<ResMut<Play>>,
    sink: Res<RecordSink>,
    mut status: ResMut<RecordStatus>,
) {
    if let Some(mut play) = play {
        abandon_run(&mut play, &sink, &mut status);
    }
}

fn write_abandoned_on_exit(
    mut exits: MessageReader<AppExit>,
    play: Option<ResMut<Play>>,
    sink: Res<RecordSink>,
    mut status: ResMut<RecordStatus>,
) {
    if exits.read().next().is_none() {
        return;
    }
    if let Some(mut play) = play {
        abandon_run(&mut play, &sink, &mut status);
    }
}

/// `presscheck --replay RECORD`: the recorded run, straight to its consequences.
fn open_replay(
    mut commands: Commands,
    start: Option<Res<ReplayStart>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(start) = start else { return };
    let record = &start.replaying.record;
    let mut play = Play::new(
        start.scenario.clone(),
        start.scenario_file.clone(),
        presscheck_engine::seed::SeedChoice {
            seed: record.seed,
            session: record.session.clone(),
            overridden_session: None,
        },
    );
    play.recordable = false;
    for d in &record.decisions {
        if let Err(e) = play.apply(d.decision.clone()) {
            // Checked before the window opened; kept as a guard.
            error!("the record's decision cannot be replayed: {e}");
            return;
        }
    }
    commands.insert_resource(play);
    commands.insert_resource(start.replaying.clone());
    next.set(if record.result.is_some() {
        Screen::Consequences
    } else {
        Screen::Desk
    });
}
