//! Checks that need play: the model play is a legal path that publishes, and no reachable state is a dead end.

use super::checker::Checker;
use crate::diagnostics::{Code, Diagnostic};
use crate::explore::{Order, Step, explore};
use crate::limits::MAX_PATHS_EXPLORED;
use crate::locate::SourceMap;
use crate::run::{Decision, Ending, Run};
use crate::scenario::Scenario;
use crate::treatment::Treatment;
use std::collections::BTreeSet;

/// The seed these checks play with; conditions never depend on it but for the reviewer's catches.
const CHECK_SEED: u64 = 0;

/// Checks what needs play: that the model play is a legal path, and that no reachable state is a dead end.
pub fn check_paths(scenario: &Scenario, map: &SourceMap) -> Vec<Diagnostic> {
    let mut c = Checker::new(map);
    model_play(&mut c, scenario);
    dead_ends(&mut c, scenario);
    // A dead end or an illegal model play is the cause; choices it leaves unoffered are not news.
    if !c
        .out
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error)
    {
        never_offered(&mut c, scenario);
    }
    c.out
}

/// Choices that no play ever offers, and the stages only they lead to.
///
/// Explores with a reviewer who catches nothing and with every editable item
/// kept: no condition asks for an item to be out of the draft, so that play
/// offers every choice any seed and any edits could. Reported only when the
/// whole space was explored, so a warning is never a guess.
fn never_offered(c: &mut Checker<'_>, scenario: &Scenario) {
    let stages = &scenario.file.stages;
    let mut reached = vec![false; stages.len()];
    let mut offered: Vec<Vec<bool>> = stages
        .iter()
        .map(|s| vec![false; s.choices.len()])
        .collect();
    let explored = explore(
        Run::exploring(scenario),
        Order::DepthFirst,
        MAX_PATHS_EXPLORED,
        |run| {
            for ix in run.editable_items() {
                let id = scenario.item(ix).id.clone();
                let _ = run.edit(&id, Treatment::Keep);
            }
        },
        |node| {
            let Some(stage) = node.reached.current_stage() else {
                return Step::Prune;
            };
            let s = scenario.stage_ix(&stage.id).unwrap_or(0);
            reached[s] = true;
            for choice in &node.choices {
                if let Some(k) = stage.choices.iter().position(|c| c.id == choice.id) {
                    offered[s][k] = true;
                }
            }
            Step::Expand
        },
    );
    if !explored.complete {
        return;
    }
    for (s, stage) in stages.iter().enumerate().filter(|(s, _)| reached[*s]) {
        for (k, choice) in stage.choices.iter().enumerate() {
            if !offered[s][k] {
                let d = c.warning(
                    Code::ChoiceNeverOffered,
                    &format!("stages[{s}].choices[{k}].requires"),
                    format!(
                        "choice `{}` at stage `{}` is never offered: its `requires` never hold when play reaches `{}`",
                        choice.id, stage.id, stage.id
                    ),
                );
                Checker::hint(
                    d,
                    "check the conditions against the choices that lead here: `Chose` names a choice on the way, `InDraft` an item some earlier choice puts in",
                );
            }
        }
    }
    // A stage not reached although the stage graph reaches it: name the choices that would lead there, once per cause.
    for (s, stage) in stages.iter().enumerate().filter(|(s, _)| !reached[*s]) {
        let leading: Vec<(usize, &str, &str)> = scenario
            .choices_into(&stage.id)
            .map(|(p, ch)| (p, stages[p].id.as_str(), ch.id.as_str()))
            .collect();
        // Behind a stage that is itself never reached, the cause is reported there.
        if leading.is_empty() || !leading.iter().any(|(p, _, _)| reached[*p]) {
            continue;
        }
        let names: Vec<String> = leading
            .iter()
            .filter(|(p, _, _)| reached[*p])
            .map(|(_, st, ch)| format!("`{ch}` at stage `{st}`"))
            .collect();
        c.warning(
            Code::StageNeverReached,
            &format!("stages[{s}]"),
            format!(
                "stage `{}` is never reached: the only choices that lead to it, {}, are never offered",
                stage.id,
                names.join(", ")
            ),
        );
    }
}

/// Plays the model play step by step.
fn model_play(c: &mut Checker<'_>, scenario: &Scenario) {
    let file = &scenario.file;
    let mut run = Run::new(scenario, CHECK_SEED);
    for (i, step) in file.model_play.iter().enumerate() {
        let path = format!("model_play[{i}]");
        if run.is_finished() {
            let d = c.error(
                Code::ModelPlayIllegal,
                &path,
                format!("the model play has already ended before step {}", i + 1),
            );
            Checker::hint(
                d,
                "remove the steps after the choice that publishes or holds",
            );
            return;
        }
        let current = run
            .current_stage()
            .map(|s| s.id.clone())
            .unwrap_or_default();
        if current != step.0 {
            c.error(
                Code::ModelPlayIllegal,
                &format!("{path}.0"),
                format!(
                    "the model play is not a legal path: step {} is at stage `{}`, but play is at stage `{current}`",
                    i + 1,
                    step.0
                ),
            );
            return;
        }
        if let Err(e) = run.apply(&Decision::choose(&step.0, &step.1)) {
            c.error(
                Code::ModelPlayIllegal,
                &format!("{path}.1"),
                format!("the model play is not a legal path: {e}"),
            );
            return;
        }
    }
    if matches!(run.ending(), Some(Ending::Held { .. })) {
        let d = c.error(
            Code::ModelPlayHolds,
            &format!("model_play[{}]", file.model_play.len().saturating_sub(1)),
            "the model play holds the story; careful play publishes the public part",
        );
        Checker::hint(d, "end the model play with a choice that publishes");
    }
    if !run.is_finished() {
        let d = c.error(
            Code::ModelPlayUnfinished,
            "model_play",
            format!(
                "the model play stops at stage `{}` without publishing or holding",
                run.current_stage().map(|s| s.id.as_str()).unwrap_or("?")
            ),
        );
        Checker::hint(d, "continue it to a choice that publishes");
    }
}

/// Every reachable state offers a choice: explores all paths, up to a bound, and reports each stage that can be a dead end once.
fn dead_ends(c: &mut Checker<'_>, scenario: &Scenario) {
    let mut dead: BTreeSet<String> = BTreeSet::new();
    explore(
        Run::new(scenario, CHECK_SEED),
        Order::DepthFirst,
        MAX_PATHS_EXPLORED,
        |_| {},
        |node| {
            let Some(stage) = node.reached.current_stage() else {
                return Step::Prune;
            };
            if node.choices.is_empty() {
                if dead.insert(stage.id.clone()) {
                    let s = scenario.stage_ix(&stage.id).unwrap_or(0);
                    let taken: Vec<String> = node
                        .reached
                        .taken()
                        .iter()
                        .map(|(st, ch)| format!("{st}={ch}"))
                        .collect();
                    let d = c.error(
                        Code::DeadEnd,
                        &format!("stages[{s}].choices"),
                        format!(
                            "dead end: after {}, stage `{}` offers no choice (every choice's `requires` fails)",
                            if taken.is_empty() { "no choices".to_string() } else { taken.join(", ") },
                            stage.id
                        ),
                    );
                    Checker::hint(d, "add a choice without conditions, or loosen a `requires`");
                }
                return Step::Prune;
            }
            // The last choice first: the order dead ends have always been reported in.
            node.choices.reverse();
            Step::Expand
        },
    );
}
