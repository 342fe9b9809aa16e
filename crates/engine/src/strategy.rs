//! Ready-made ways to play: the author's model play, the degenerate extremes, and seeded random play.
//!
//! The extremes are defined generically, from choice effects, so they work on
//! any scenario: tests and balance analysis use them to prove that careless
//! and over-cautious play both fail.

use crate::explore::{Order, Step, explore};
use crate::limits::MAX_PATHS_EXPLORED;
use crate::model::{Choice, Effect};
use crate::rng;
use crate::run::{Decision, Run, RunError, Treatment};
use crate::scenario::Scenario;
use crate::treatment;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// A way to play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Strategy {
    /// The author's model play.
    Model,
    /// Put everything in, skip every check, publish.
    PublishAll,
    /// Take everything out and hold the story.
    HoldAll,
    /// Take everything out, follow procedure, publish what is left.
    RedactAll,
    /// Uniformly random legal choices and edits, seeded.
    Random,
}

impl Strategy {
    /// All strategies.
    pub const ALL: [Strategy; 5] = [
        Strategy::Model,
        Strategy::PublishAll,
        Strategy::HoldAll,
        Strategy::RedactAll,
        Strategy::Random,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Model => "model",
            Strategy::PublishAll => "publish-all",
            Strategy::HoldAll => "hold-all",
            Strategy::RedactAll => "redact-all",
            Strategy::Random => "random",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(name: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Random stream for the random strategy, apart from the network's and the reviewer's.
const STRATEGY_STREAM: u64 = 7;
/// A bound on steps, far above any valid scenario's longest path.
const MAX_STEPS: usize = 10_000;

/// The decisions a strategy makes on `scenario` from its start, to the end of the run.
pub fn decisions(scenario: &Scenario, strategy: Strategy, seed: u64) -> Vec<Decision> {
    continue_from(Run::new(scenario, seed), strategy, seed)
}

/// Why a player's own edits could not go with a strategy's play.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// The engine refused the edit at its stage.
    #[error("{}: {error}", edit_text(.decision))]
    Refused {
        /// The edit.
        decision: Decision,
        /// Why.
        error: RunError,
    },
    /// The strategy's play never reached the edit's stage.
    #[error("{}: the run never reached stage `{}` playing this way, so the edit could not be made", edit_text(.decision), .decision.stage())]
    NotReached {
        /// The edit.
        decision: Decision,
    },
    /// Not an edit.
    #[error("{0}: not an edit")]
    NotAnEdit(Decision),
}

/// An edit as the command line writes it: `stage:item=treatment`.
fn edit_text(d: &Decision) -> String {
    match d {
        Decision::Edit {
            stage,
            item,
            treatment,
        } => format!("{stage}:{item}={}", treatment.name()),
        other => other.to_string(),
    }
}

/// Continues a run in progress with a strategy and returns all its decisions.
pub fn continue_from(run: Run<'_>, strategy: Strategy, seed: u64) -> Vec<Decision> {
    continue_with_edits(run, strategy, seed, &[])
        .expect("with no edits of the player's there is nothing to refuse")
}

/// [`continue_from`], with the player's own edits made at their stages when
/// the strategy reaches them, after the strategy's edits (so the player's
/// treatment of an item wins). An edit the engine refuses, or one at a stage
/// the strategy never reaches, is an error: nothing is silently dropped.
pub fn continue_with_edits(
    mut run: Run<'_>,
    strategy: Strategy,
    seed: u64,
    edits: &[Decision],
) -> Result<Vec<Decision>, EditError> {
    if let Some(d) = edits.iter().find(|d| !matches!(d, Decision::Edit { .. })) {
        return Err(EditError::NotAnEdit(d.clone()));
    }
    let mut made = vec![false; edits.len()];
    let scenario = run.scenario();
    let mut random = rng::stream(seed, STRATEGY_STREAM);
    let mut steps = 0;
    while let Some(stage) = run.current_stage() {
        steps += 1;
        if steps > MAX_STEPS {
            break;
        }
        let stage_id = stage.id.clone();
        // Edits first, where the stage allows them.
        let edit = match strategy {
            Strategy::PublishAll => Some(Treatment::Keep),
            Strategy::HoldAll | Strategy::RedactAll => Some(Treatment::Redact),
            Strategy::Model | Strategy::Random => None,
        };
        for ix in run.editable_items() {
            let id = scenario.item(ix).id.clone();
            let treatment = match (strategy, edit) {
                (Strategy::Random, _) => {
                    let options = treatment::offered(scenario.item(ix));
                    if rng::below(&mut random, 2) == 0 {
                        continue;
                    }
                    Some(options[rng::below(&mut random, options.len() as u64) as usize])
                }
                (_, t) => t,
            };
            if let Some(t) = treatment {
                let _ = run.edit(&id, t);
            }
        }
        for (d, made) in edits.iter().zip(&mut made) {
            if d.stage() == stage_id {
                run.apply(d).map_err(|error| EditError::Refused {
                    decision: d.clone(),
                    error,
                })?;
                *made = true;
            }
        }
        let options = run.available_choices();
        if options.is_empty() {
            break;
        }
        let choice: &Choice = match strategy {
            Strategy::Model => {
                let step = run.taken().len();
                let wanted = scenario
                    .file
                    .model_play
                    .get(step)
                    .filter(|s| s.0 == stage_id)
                    .map(|s| s.1.as_str());
                match wanted.and_then(|w| options.iter().find(|c| c.id == w)) {
                    Some(c) => c,
                    None => break,
                }
            }
            Strategy::Random => options[rng::below(&mut random, options.len() as u64) as usize],
            Strategy::PublishAll => best(&options, publish_all_score),
            Strategy::RedactAll => best(&options, redact_all_score),
            Strategy::HoldAll => hold_all_choice(scenario, &options),
        };
        let id = choice.id.clone();
        if run.choose(&id).is_err() {
            break;
        }
    }
    if let Some((d, _)) = edits.iter().zip(&made).find(|(_, made)| !**made) {
        return Err(EditError::NotReached {
            decision: d.clone(),
        });
    }
    Ok(run.decisions().to_vec())
}

fn best<'a>(options: &[&'a Choice], score: fn(&Choice) -> i64) -> &'a Choice {
    // The first of the best, so ties go to the author's order.
    let mut best = options[0];
    for c in &options[1..] {
        if score(c) > score(best) {
            best = c;
        }
    }
    best
}

fn count(choice: &Choice) -> (i64, i64) {
    let mut added = 0;
    let mut removed = 0;
    for e in &choice.effects {
        match e {
            Effect::Include(ids) => added += ids.len() as i64,
            Effect::HandOver(ids) => added += 4 * ids.len() as i64,
            Effect::Redact(ids) | Effect::Generalise(ids) => removed += ids.len() as i64,
            _ => {}
        }
    }
    (added, removed)
}

fn publish_all_score(choice: &Choice) -> i64 {
    let (added, removed) = count(choice);
    let mut s = 10 * added - 10 * removed;
    for e in &choice.effects {
        match e {
            Effect::Hold => s -= 1000,
            Effect::Review => s -= 3,
            Effect::SeekApproval => s -= 2,
            _ => {}
        }
    }
    s
}

fn redact_all_score(choice: &Choice) -> i64 {
    let (added, removed) = count(choice);
    let mut s = 10 * removed - 10 * added;
    for e in &choice.effects {
        match e {
            Effect::Hold => s -= 1000,
            Effect::Review | Effect::SeekApproval => s += 2,
            _ => {}
        }
    }
    s
}

/// A choice that holds, or else the one that leads to a hold in the fewest stages.
fn hold_all_choice<'a>(scenario: &Scenario, options: &[&'a Choice]) -> &'a Choice {
    if let Some(c) = options.iter().find(|c| c.effects.contains(&Effect::Hold)) {
        return c;
    }
    let distance = |choice: &Choice| -> usize {
        if choice.effects.contains(&Effect::Publish) {
            return usize::MAX;
        }
        let Some(start) = choice.next.as_deref().and_then(|n| scenario.stage_ix(n)) else {
            return usize::MAX - 1;
        };
        // Breadth-first over the stage graph to the nearest stage that can hold.
        let mut seen = vec![false; scenario.file.stages.len()];
        let mut queue = VecDeque::from([(start, 0usize)]);
        seen[start] = true;
        while let Some((s, d)) = queue.pop_front() {
            let stage = scenario.stage(s);
            if stage
                .choices
                .iter()
                .any(|c| c.effects.contains(&Effect::Hold))
            {
                return d;
            }
            for c in &stage.choices {
                if let Some(t) = c.next.as_deref().and_then(|n| scenario.stage_ix(n))
                    && !seen[t]
                {
                    seen[t] = true;
                    queue.push_back((t, d + 1));
                }
            }
        }
        usize::MAX - 2
    };
    let mut best = options[0];
    let mut best_d = distance(best);
    for c in &options[1..] {
        let d = distance(c);
        if d < best_d {
            best = c;
            best_d = d;
        }
    }
    best
}

/// Why [`path_to`] found no way to a stage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathToError {
    /// No stage has this id.
    #[error("no stage has the id `{stage}`; the stages are: {}", stages.join(", "))]
    UnknownStage {
        /// The id asked for.
        stage: String,
        /// The scenario's stage ids, in file order.
        stages: Vec<String>,
    },
    /// The stage exists, but no sequence of choices from the start leads to it.
    #[error("no sequence of choices from the start reaches stage `{0}`")]
    Unreachable(String),
}

/// Decisions that bring a fresh run with `seed` to the start of stage `stage_id`, for playtesting from there.
///
/// The model play is followed while it leads there; otherwise the shortest
/// sequence of choices, found breadth-first, trying the model's choice at a
/// stage first and then the author's order. The model's edits are made on
/// the way wherever they apply. For the start stage the list is empty.
pub fn path_to(
    scenario: &Scenario,
    stage_id: &str,
    seed: u64,
) -> Result<Vec<Decision>, PathToError> {
    if scenario.stage_ix(stage_id).is_none() {
        return Err(PathToError::UnknownStage {
            stage: stage_id.to_string(),
            stages: scenario.file.stages.iter().map(|s| s.id.clone()).collect(),
        });
    }
    let at_target = |run: &Run<'_>| run.current_stage().is_some_and(|s| s.id == stage_id);
    // The model play, decision by decision.
    let model = decisions(scenario, Strategy::Model, seed);
    let mut run = Run::new(scenario, seed);
    for d in &model {
        if at_target(&run) {
            return Ok(run.decisions().to_vec());
        }
        if run.apply(d).is_err() {
            break;
        }
    }
    if at_target(&run) {
        return Ok(run.decisions().to_vec());
    }
    // Breadth-first over choices, each stage's model edits made on arrival.
    let model_choice = |stage: &str| {
        scenario
            .file
            .model_play
            .iter()
            .find(|m| m.0 == stage)
            .map(|m| m.1.as_str())
    };
    let mut found = None;
    explore(
        Run::new(scenario, seed),
        Order::BreadthFirst,
        MAX_PATHS_EXPLORED,
        |run| {
            let Some(stage) = run.current_stage() else {
                return;
            };
            for d in &model {
                if matches!(d, Decision::Edit { stage: s, .. } if *s == stage.id) {
                    // An edit of an item this path never put in the draft does not apply.
                    let _ = run.apply(d);
                }
            }
        },
        |node| {
            if at_target(node.reached) {
                found = Some(node.reached.decisions().to_vec());
                return Step::Stop;
            }
            let Some(stage) = node.reached.current_stage() else {
                return Step::Prune;
            };
            // The model's choice first, so ties go to careful play.
            if let Some(m) = model_choice(&stage.id)
                && let Some(i) = node.choices.iter().position(|c| c.id == m)
            {
                let c = node.choices.remove(i);
                node.choices.insert(0, c);
            }
            Step::Expand
        },
    );
    found.ok_or_else(|| PathToError::Unreachable(stage_id.to_string()))
}
