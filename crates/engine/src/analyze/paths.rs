//! The decision paths of a scenario: every sequence of choices from the start to an ending, or a stated sample, with the model play's edits made on the way.

use super::AnalyzeOptions;
use crate::explore::{Order, Step, explore};
use crate::rng;
use crate::run::{Decision, Run};
use crate::scenario::{ItemIx, Scenario};
use crate::strategy::{self, Strategy};
use crate::treatment::Treatment;
use std::collections::{HashMap, HashSet};

/// Most run states visited when counting decision paths; beyond this the count is estimated.
const NODE_CAP: usize = 200_000;
/// Random stream for sampling paths when there are too many to play them all.
const SAMPLE_STREAM: u64 = 0x5A4D;

/// The model play's edits, by stage: decision paths make them too.
pub(super) type StageEdits = HashMap<String, Vec<Decision>>;

pub(super) fn model_edits(scenario: &Scenario, seed: u64) -> StageEdits {
    let mut edits: StageEdits = HashMap::new();
    for d in strategy::decisions(scenario, Strategy::Model, seed) {
        if let Decision::Edit { stage, .. } = &d {
            edits.entry(stage.clone()).or_default().push(d.clone());
        }
    }
    edits
}

fn apply_edits(run: &mut Run<'_>, edits: &StageEdits) {
    if let Some(list) = run.current_stage().and_then(|s| edits.get(&s.id)) {
        for d in list {
            // An edit the model made may not apply on another path (the item is not in the draft): skip it.
            let _ = run.apply(d);
        }
    }
}

/// How a row treats the draft at each editable stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EditMode {
    /// The model play's edits, where it makes any; otherwise none.
    Model,
    /// Every editable item in the draft kept as it stands.
    KeepAll,
    /// Every editable item in the draft cut.
    CutAll,
    /// Each editable item treated carefully: public kept, sensitive generalised where its wording is public, else cut.
    Careful,
}

impl EditMode {
    /// The variants analysis plays beside the model play's edits.
    pub const VARIANTS: [EditMode; 3] = [EditMode::KeepAll, EditMode::CutAll, EditMode::Careful];

    /// In words, for a row's label.
    pub fn label(self) -> &'static str {
        match self {
            EditMode::Model => "the model play's edits",
            EditMode::KeepAll => "every item kept",
            EditMode::CutAll => "every item cut",
            EditMode::Careful => "careful edits",
        }
    }

    /// What this mode does to one item.
    fn treatment(self, scenario: &Scenario, ix: ItemIx) -> Option<Treatment> {
        let item = scenario.item(ix);
        match self {
            EditMode::Model => None,
            EditMode::KeepAll => Some(Treatment::Keep),
            EditMode::CutAll => Some(Treatment::Redact),
            EditMode::Careful if !item.classification.is_sensitive() => Some(Treatment::Keep),
            EditMode::Careful if crate::score::public_general_value(item) > 0.0 => {
                Some(Treatment::Generalise)
            }
            EditMode::Careful => Some(Treatment::Redact),
        }
    }
}

/// A path's choices played again with `mode`'s edits at every editable stage instead of the model play's.
///
/// `None` when the path reaches no editable stage with something to edit, or
/// when a later choice is no longer offered once the draft is different.
pub(super) fn with_edits(
    scenario: &Scenario,
    path: &[Decision],
    mode: EditMode,
) -> Option<Vec<Decision>> {
    let mut run = Run::exploring(scenario);
    let mut edited = false;
    for d in path {
        let Decision::Choose { .. } = d else {
            continue;
        };
        for ix in run.editable_items() {
            let Some(t) = mode.treatment(scenario, ix) else {
                continue;
            };
            if run.treatment(ix) != Some(t) {
                let id = scenario.item(ix).id.clone();
                run.edit(&id, t).ok()?;
                edited = true;
            }
        }
        run.apply(d).ok()?;
    }
    if !edited || !run.is_finished() {
        return None;
    }
    // Edits a later choice undoes (`DiscardEdits`) play as the path itself: not a row of its own.
    (trail(scenario, run.decisions()) != trail(scenario, path)).then(|| run.decisions().to_vec())
}

/// What a path's run carries on after each choice: the draft and what the reviewers looked at.
fn trail(scenario: &Scenario, decisions: &[Decision]) -> Vec<(Vec<(ItemIx, Treatment)>, usize)> {
    let mut run = Run::exploring(scenario);
    let mut out = Vec::new();
    for d in decisions {
        if run.apply(d).is_err() {
            break;
        }
        if matches!(d, Decision::Choose { .. }) {
            out.push((run.draft(), run.review_findings().len()));
        }
    }
    out
}

/// For each review a path asks for, the items the reviewer may look at, with their catch chances.
///
/// A path's run depends on the seed only through the reviewer's draws for
/// these items, so seeds that agree on them give the same run. The path is
/// played with a reviewer who catches nothing: a caught item is cut or given
/// a public wording, so catches only ever take items off these lists.
pub(super) fn reviewed_items(
    scenario: &Scenario,
    decisions: &[Decision],
) -> Vec<Vec<(ItemIx, f64)>> {
    let default = scenario.file.review.catch_chance;
    let mut run = Run::exploring(scenario);
    for d in decisions {
        if run.apply(d).is_err() {
            break;
        }
    }
    let mut reviews: Vec<Vec<(ItemIx, f64)>> = vec![Vec::new(); run.reviews() as usize];
    for finding in run.review_findings() {
        if let Some(ix) = scenario.item_ix(&finding.item) {
            let chance = scenario.item(ix).catch_chance.unwrap_or(default);
            reviews[finding.review as usize - 1].push((ix, chance));
        }
    }
    reviews
}

/// The decision paths to play, and what walking them showed about reachability.
pub(super) struct Enumerated {
    pub(super) paths: Vec<Vec<Decision>>,
    pub(super) total: u64,
    pub(super) total_exact: bool,
    pub(super) exhaustive: bool,
    /// Whether every run state was visited, so reachability below is exact.
    pub(super) complete: bool,
    pub(super) stage_reached: Vec<bool>,
    /// Per stage, per choice: offered on some path.
    pub(super) offered: Vec<Vec<bool>>,
}

struct Walk {
    leaves: u64,
    complete: bool,
    stage_reached: Vec<bool>,
    offered: Vec<Vec<bool>>,
}

/// Depth-first over every run state from the start, in the author's choice order, calling `leaf` at each ending.
fn walk<'a>(
    scenario: &'a Scenario,
    edits: &StageEdits,
    mut leaf: impl FnMut(u64, &Run<'a>),
) -> Walk {
    let stages = &scenario.file.stages;
    let mut w = Walk {
        leaves: 0,
        complete: true,
        stage_reached: vec![false; stages.len()],
        offered: stages
            .iter()
            .map(|s| vec![false; s.choices.len()])
            .collect(),
    };
    // With a reviewer who catches nothing, every choice any seed could offer is offered.
    let explored = explore(
        Run::exploring(scenario),
        Order::DepthFirst,
        NODE_CAP,
        |run| apply_edits(run, edits),
        |node| {
            let Some(stage) = node.reached.current_stage() else {
                if node.reached.is_finished() {
                    leaf(w.leaves, node.reached);
                    w.leaves += 1;
                }
                return Step::Prune;
            };
            let s = scenario.stage_ix(&stage.id).unwrap_or(0);
            w.stage_reached[s] = true;
            for choice in &node.choices {
                if let Some(k) = stage.choices.iter().position(|c| c.id == choice.id) {
                    w.offered[s][k] = true;
                }
            }
            Step::Expand
        },
    );
    w.complete = explored.complete;
    w
}

pub(super) fn enumerate(
    scenario: &Scenario,
    options: &AnalyzeOptions,
    edits: &StageEdits,
) -> Enumerated {
    let max = options.max_paths;
    let mut paths = Vec::new();
    let w = walk(scenario, edits, |_, run| {
        if paths.len() <= max {
            paths.push(run.decisions().to_vec());
        }
    });
    let mut found = Enumerated {
        total: w.leaves,
        total_exact: w.complete,
        exhaustive: w.complete && w.leaves as usize <= max,
        complete: w.complete,
        stage_reached: w.stage_reached,
        offered: w.offered,
        paths: Vec::new(),
    };
    if found.exhaustive {
        found.paths = paths;
    } else if w.complete {
        // Every path was counted: take `max` of them evenly spread over the walk.
        let total = u128::from(w.leaves);
        let max128 = max as u128;
        let mut picked = Vec::with_capacity(max);
        walk(scenario, edits, |i, run| {
            let i = u128::from(i);
            if (i * max128) / total != ((i + 1) * max128) / total {
                picked.push(run.decisions().to_vec());
            }
        });
        found.paths = picked;
    } else {
        let (sample, estimate) = sample_paths(scenario, options.first_seed, edits, max);
        found.paths = sample;
        found.total = estimate.max(found.paths.len() as u64).max(w.leaves);
    }
    found
}

/// Random walks from the start: up to `max` distinct paths, and Knuth's estimate of how many paths there are.
fn sample_paths(
    scenario: &Scenario,
    seed: u64,
    edits: &StageEdits,
    max: usize,
) -> (Vec<Vec<Decision>>, u64) {
    let mut random = rng::stream(seed, SAMPLE_STREAM);
    let mut seen: HashSet<String> = HashSet::new();
    let mut paths = Vec::new();
    let mut estimates = 0.0f64;
    let mut walks = 0u64;
    let attempts = max.saturating_mul(20).max(1);
    for _ in 0..attempts {
        if paths.len() >= max {
            break;
        }
        let mut run = Run::exploring(scenario);
        apply_edits(&mut run, edits);
        let mut product = 1.0f64;
        while !run.is_finished() {
            let options = run.available_choices();
            if options.is_empty() {
                break;
            }
            product *= options.len() as f64;
            let pick = options[rng::below(&mut random, options.len() as u64) as usize]
                .id
                .clone();
            if run.choose(&pick).is_err() {
                break;
            }
            apply_edits(&mut run, edits);
        }
        if !run.is_finished() {
            continue;
        }
        walks += 1;
        estimates += product;
        if seen.insert(path_key(run.decisions(), usize::MAX)) {
            paths.push(run.decisions().to_vec());
        }
    }
    let estimate = if walks == 0 {
        0
    } else {
        (estimates / walks as f64).round() as u64
    };
    (paths, estimate)
}

/// A path as text, with the choice at step `hole` (counting choices only) left out.
pub(super) fn path_key(decisions: &[Decision], hole: usize) -> String {
    let mut key = String::new();
    let mut step = 0;
    for d in decisions {
        match d {
            Decision::Choose { stage, choice } => {
                key.push_str(stage);
                key.push('=');
                if step == hole {
                    key.push('*');
                } else {
                    key.push_str(choice);
                }
                step += 1;
            }
            Decision::Edit {
                stage,
                item,
                treatment,
            } => {
                key.push_str(stage);
                key.push(':');
                key.push_str(item);
                key.push('=');
                key.push_str(treatment.label());
            }
        }
        key.push('|');
    }
    key
}
