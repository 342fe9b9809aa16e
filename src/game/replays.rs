//! What usually happens, in the game: a finished run's story replayed 1,000 times on Bevy's task pool while the screens stay interactive.

use super::session::Play;
use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};
use presscheck_engine::Outcome;
use presscheck_engine::replays::{self, DEFAULT_REPLAYS, Replays, Threads};
use presscheck_engine::run::Decision;

/// The replays of the current run's story.
#[derive(Resource, Default)]
pub struct UsualOutcome {
    /// The run they are of: its scenario's content hash, seed and decisions.
    of: Option<(String, u64, Vec<Decision>)>,
    task: Option<Task<Option<Replays>>>,
    /// Once ready: the replays, or `None` when nothing was published.
    pub ready: Option<Option<Replays>>,
    /// Bumped when replays start or finish, so screens redraw.
    pub generation: u64,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<UsualOutcome>()
        .add_systems(Update, (start, finish).chain());
}

impl UsualOutcome {
    /// Whether these are (or will be) the replays of `outcome`.
    fn is_of(&self, outcome: &Outcome) -> bool {
        self.of.as_ref().is_some_and(|(hash, seed, decisions)| {
            *hash == outcome.content_hash
                && *seed == outcome.seed
                && *decisions == outcome.decisions
        })
    }

    /// The replays of `outcome` once they are ready (`Some(None)` when it published nothing); `None` until then or for another run.
    pub fn ready_for(&self, outcome: &Outcome) -> Option<Option<&Replays>> {
        if !self.is_of(outcome) {
            return None;
        }
        self.ready.as_ref().map(Option::as_ref)
    }
}

/// Starts the replays as soon as a run has an outcome, before the trainee reaches the debrief.
fn start(play: Option<Res<Play>>, mut usual: ResMut<UsualOutcome>) {
    let Some(play) = play else { return };
    let Some(outcome) = &play.outcome else { return };
    if usual.is_of(outcome) {
        return;
    }
    usual.of = Some((
        outcome.content_hash.clone(),
        outcome.seed,
        outcome.decisions.clone(),
    ));
    usual.ready = None;
    usual.generation += 1;
    let scenario = play.scenario.clone();
    let outcome = outcome.clone();
    // One thread: the task pool is the game's parallelism, and the window keeps its share.
    usual.task = Some(AsyncComputeTaskPool::get().spawn(async move {
        replays::replays(&scenario, &outcome, DEFAULT_REPLAYS, Threads::One)
    }));
}

fn finish(mut usual: ResMut<UsualOutcome>) {
    let Some(task) = usual.task.as_mut() else {
        return;
    };
    if let Some(result) = check_ready(task) {
        usual.task = None;
        usual.ready = Some(result);
        usual.generation += 1;
    }
}
