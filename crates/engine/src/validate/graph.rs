//! Checks of the stage graph: loops, stages no path reaches, and whether any reachable choice publishes.

use super::checker::Checker;
use crate::diagnostics::Code;
use crate::model::{Choice, Effect, ScenarioFile};
use std::collections::HashMap;

/// Finds loops, unreachable stages and a missing way to publish, on the stage graph.
pub(crate) fn check(
    c: &mut Checker<'_>,
    file: &ScenarioFile,
    stage_ids: &HashMap<&str, usize>,
    start: usize,
) {
    let n = file.stages.len();
    let edges: Vec<Vec<usize>> = file
        .stages
        .iter()
        .map(|s| {
            s.choices
                .iter()
                // A choice that publishes or holds ends the run: its `next` is
                // reported on its own and leads nowhere, so it makes no loop.
                .filter(|ch| !ends_run(ch))
                .filter_map(|ch| ch.next.as_deref().and_then(|id| stage_ids.get(id).copied()))
                .collect()
        })
        .collect();
    // Reachability from the start.
    let mut reached = vec![false; n];
    let mut stack = vec![start];
    reached[start] = true;
    while let Some(s) = stack.pop() {
        for &t in &edges[s] {
            if !reached[t] {
                reached[t] = true;
                stack.push(t);
            }
        }
    }
    for (s, stage) in file.stages.iter().enumerate() {
        if !reached[s] {
            let d = c.error(
                Code::UnreachableStage,
                &format!("stages[{s}].id"),
                format!(
                    "stage `{}` is unreachable: no path from the start leads to it",
                    stage.id
                ),
            );
            Checker::hint(d, "point some choice's `next` at it, or remove it");
        }
    }
    // Loops, found by an iterative depth-first search with colours.
    let mut colour = vec![0u8; n];
    for root in 0..n {
        if colour[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        colour[root] = 1;
        while let Some(&mut (s, ref mut next_edge)) = stack.last_mut() {
            if *next_edge < edges[s].len() {
                let t = edges[s][*next_edge];
                *next_edge += 1;
                match colour[t] {
                    0 => {
                        colour[t] = 1;
                        stack.push((t, 0));
                    }
                    1 => {
                        let cycle_start = stack.iter().position(|&(x, _)| x == t).unwrap_or(0);
                        let names: Vec<&str> = stack[cycle_start..]
                            .iter()
                            .map(|&(x, _)| file.stages[x].id.as_str())
                            .chain(std::iter::once(file.stages[t].id.as_str()))
                            .collect();
                        let choice = file.stages[s]
                            .choices
                            .iter()
                            .position(|ch| {
                                !ends_run(ch)
                                    && ch.next.as_deref() == Some(file.stages[t].id.as_str())
                            })
                            .unwrap_or(0);
                        let d = c.error(
                            Code::StageLoop,
                            &format!("stages[{s}].choices[{choice}].next"),
                            format!("stages form a loop: {}", names.join(" → ")),
                        );
                        Checker::hint(
                            d,
                            "a run must always move forward; point `next` at a later stage",
                        );
                    }
                    _ => {}
                }
            } else {
                colour[s] = 2;
                stack.pop();
            }
        }
    }
    let publishes = file.stages.iter().enumerate().any(|(s, stage)| {
        reached[s]
            && stage
                .choices
                .iter()
                .any(|ch| ch.effects.contains(&Effect::Publish))
    });
    if !publishes {
        let d = c.error(
            Code::NoWayToPublish,
            "stages",
            "no reachable choice publishes: the scenario has no way to publish",
        );
        Checker::hint(d, "add a choice with `effects: [Publish]`");
    }
}

/// Whether a choice publishes or holds, which ends the run whatever its `next` says.
fn ends_run(choice: &Choice) -> bool {
    choice
        .effects
        .iter()
        .any(|e| matches!(e, Effect::Publish | Effect::Hold))
}
