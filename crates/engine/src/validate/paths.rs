//! Checks that need play: the model play is a legal path that publishes, and no reachable state is a dead end.

use super::checker::Checker;
use crate::diagnostics::{Code, Diagnostic};
use crate::explore::{Order, Step, explore};
use crate::limits::MAX_PATHS_EXPLORED;
use crate::locate::SourceMap;
use crate::run::{Decision, Ending, Run};
use crate::scenario::Scenario;
use std::collections::BTreeSet;

/// The seed these checks play with; conditions never depend on it but for the reviewer's catches.
const CHECK_SEED: u64 = 0;

/// Checks what needs play: that the model play is a legal path, and that no reachable state is a dead end.
pub fn check_paths(scenario: &Scenario, map: &SourceMap) -> Vec<Diagnostic> {
    let mut c = Checker::new(map);
    model_play(&mut c, scenario);
    dead_ends(&mut c, scenario);
    c.out
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
