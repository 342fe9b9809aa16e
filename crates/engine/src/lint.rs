//! Warnings found from the file alone: parts of a valid scenario that can never have the effect their author meant.
//!
//! These run after validation has found no errors, as part of [`crate::load()`],
//! so `presscheck validate` shows them beside the other warnings. Each is
//! precise: where a check cannot be sure without playing (a choice's
//! `requires` may never hold), it assumes the scenario can do more rather than
//! less, so a warning here is always a real problem. Balance problems that
//! need play are [`crate::analyze`]'s.

use crate::diagnostics::{Code, Diagnostic};
use crate::locate::SourceMap;
use crate::model::Effect;
use crate::run::{Decision, Ending, Run};
use crate::scenario::{ItemIx, Scenario};

/// Every warning for a scenario that has passed validation.
pub fn lint(scenario: &Scenario, map: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let arrival = arrival_drafts(scenario);
    editable_never_in_draft(scenario, map, &arrival, &mut out);
    items_that_never_go_out(scenario, map, &arrival, &mut out);
    identical_choices(scenario, map, &mut out);
    lapses_without_feedback(scenario, map, &mut out);
    model_play_procedure(scenario, map, &mut out);
    out
}

/// For each stage, the items that may be in the draft when play arrives there.
///
/// Conditions are ignored, which can only add paths, so an item missing here
/// is never in the draft on arrival, whatever the player does. Edits and
/// reviews change treatments, never whether an item is in the draft.
fn arrival_drafts(scenario: &Scenario) -> Vec<Vec<bool>> {
    let stages = &scenario.file.stages;
    let items = scenario.item_count();
    let mut arrival = vec![vec![false; items]; stages.len()];
    let mut reached = vec![false; stages.len()];
    let start = scenario.start();
    reached[start] = true;
    let mut work = vec![start];
    while let Some(s) = work.pop() {
        for choice in &stages[s].choices {
            let Some(t) = choice.next.as_deref().and_then(|n| scenario.stage_ix(n)) else {
                continue;
            };
            let mut leaving = arrival[s].clone();
            for ix in scenario.items_added_by(choice) {
                leaving[ix] = true;
            }
            let mut grew = !reached[t];
            reached[t] = true;
            for (have, add) in arrival[t].iter_mut().zip(&leaving) {
                if *add && !*have {
                    *have = true;
                    grew = true;
                }
            }
            if grew {
                work.push(t);
            }
        }
    }
    arrival
}

fn editable_never_in_draft(
    scenario: &Scenario,
    map: &SourceMap,
    arrival: &[Vec<bool>],
    out: &mut Vec<Diagnostic>,
) {
    for (s, stage) in scenario.file.stages.iter().enumerate() {
        for (k, id) in stage.editable.iter().enumerate() {
            let Some(ix) = scenario.item_ix(id) else {
                continue;
            };
            if arrival[s][ix] {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    Code::EditableNeverInDraft,
                    map.locate(&format!("stages[{s}].editable[{k}]")),
                    format!(
                        "item `{id}` is editable at stage `{}`, but it is never in the draft when play reaches that stage, so the player can never edit it",
                        stage.id
                    ),
                )
                .with_hint(
                    "a stage's edits come before its choice's effects: put the item into the draft at an earlier stage, or list it as editable at a later one",
                ),
            );
        }
    }
}

/// Whether the player can set the item's treatment at some stage where it may be in the draft.
fn editable_somewhere(scenario: &Scenario, arrival: &[Vec<bool>], ix: ItemIx) -> bool {
    let id = &scenario.item(ix).id;
    scenario
        .file
        .stages
        .iter()
        .enumerate()
        .any(|(s, stage)| arrival[s][ix] && stage.editable.iter().any(|e| e == id))
}

fn items_that_never_go_out(
    scenario: &Scenario,
    map: &SourceMap,
    arrival: &[Vec<bool>],
    out: &mut Vec<Diagnostic>,
) {
    let items = scenario.item_count();
    // Put in as it is, or in its general wording.
    let mut kept = vec![false; items];
    let mut generalised = vec![false; items];
    let mut any_review = false;
    for choice in scenario.file.stages.iter().flat_map(|s| &s.choices) {
        for effect in &choice.effects {
            match effect {
                Effect::Include(ids) => {
                    for ix in ids.iter().filter_map(|id| scenario.item_ix(id)) {
                        kept[ix] = true;
                    }
                }
                Effect::Generalise(ids) => {
                    for ix in ids.iter().filter_map(|id| scenario.item_ix(id)) {
                        generalised[ix] = true;
                    }
                }
                Effect::HandOver(materials) => {
                    for m in materials.iter().filter_map(|m| scenario.material_ix(m)) {
                        for ix in scenario.items_of_material(m) {
                            kept[ix] = true;
                        }
                    }
                }
                Effect::Review => any_review = true,
                Effect::Redact(_)
                | Effect::DiscardEdits
                | Effect::SeekApproval
                | Effect::Lapse(_)
                | Effect::Publish
                | Effect::Hold => {}
            }
        }
    }
    let file = &scenario.file;
    let mut flat = 0;
    for (m, material) in file.materials.iter().enumerate() {
        for (i, item) in material.items.iter().enumerate() {
            let ix = flat;
            flat += 1;
            let editable = editable_somewhere(scenario, arrival, ix);
            let path = format!("materials[{m}].items[{i}]");
            if !kept[ix] && !generalised[ix] && !editable {
                out.push(
                    Diagnostic::warning(
                        Code::ItemNeverOut,
                        map.locate(&format!("{path}.id")),
                        format!(
                            "item `{}` can never go out in the story: no choice includes, generalises or hands it over, and the player can never edit it back in",
                            item.id
                        ),
                    )
                    .with_hint(
                        "name it in a choice's `Include` or `Generalise`, or move background the player only reads into the material's `description`",
                    ),
                );
                continue;
            }
            let Some(general) = &item.generalised else {
                continue;
            };
            // The reviewer generalises a caught item that was kept, when its general wording is public.
            let reviewer_can = any_review
                && kept[ix]
                && item.classification.is_sensitive()
                && !general.classification.is_sensitive();
            if !generalised[ix] && !editable && !reviewer_can {
                out.push(
                    Diagnostic::warning(
                        Code::GeneralisedUnused,
                        map.locate(&format!("{path}.generalised")),
                        format!(
                            "item `{}` has a `generalised` wording that play never uses: no choice generalises it, the player can never edit it, and the reviewer never would",
                            item.id
                        ),
                    )
                    .with_hint(
                        "name the item in a choice's `Generalise`, or list it as `editable` at a stage where it is in the draft",
                    ),
                );
            }
        }
    }
}

fn identical_choices(scenario: &Scenario, map: &SourceMap, out: &mut Vec<Diagnostic>) {
    for (s, stage) in scenario.file.stages.iter().enumerate() {
        for (j, b) in stage.choices.iter().enumerate() {
            let twin = stage.choices[..j].iter().find(|a| {
                a.requires == b.requires
                    && a.effects == b.effects
                    && a.next == b.next
                    && a.hours == b.hours
            });
            if let Some(a) = twin {
                out.push(
                    Diagnostic::warning(
                        Code::IdenticalChoices,
                        map.locate(&format!("stages[{s}].choices[{j}].id")),
                        format!(
                            "choices `{}` and `{}` at stage `{}` do exactly the same: the same conditions, effects, next stage and hours; only their text differs",
                            a.id, b.id, stage.id
                        ),
                    )
                    .with_hint(
                        "make the careless one cost something (a `Lapse`, more hours, another effect), or remove one",
                    ),
                );
            }
        }
    }
}

fn lapses_without_feedback(scenario: &Scenario, map: &SourceMap, out: &mut Vec<Diagnostic>) {
    for (s, stage) in scenario.file.stages.iter().enumerate() {
        for (k, choice) in stage.choices.iter().enumerate() {
            if !choice.feedback.trim().is_empty() {
                continue;
            }
            let Some(e) = choice
                .effects
                .iter()
                .position(|e| matches!(e, Effect::Lapse(_)))
            else {
                continue;
            };
            out.push(
                Diagnostic::warning(
                    Code::LapseWithoutFeedback,
                    map.locate(&format!("stages[{s}].choices[{k}].effects[{e}]")),
                    format!(
                        "choice `{}` at stage `{}` records a lapse but has no `feedback`: the debrief tells the player the note on their choice says why the step matters, and there is no note",
                        choice.id, stage.id
                    ),
                )
                .with_hint("add `feedback: \"…\"` saying why the skipped step matters"),
            );
        }
    }
}

fn model_play_procedure(scenario: &Scenario, map: &SourceMap, out: &mut Vec<Diagnostic>) {
    let file = &scenario.file;
    let mut run = Run::new(scenario, 0);
    for step in &file.model_play {
        if run.apply(&Decision::choose(&step.0, &step.1)).is_err() {
            return;
        }
    }
    if !matches!(run.ending(), Some(Ending::Published { .. })) {
        return;
    }
    let at = map.locate("model_play");
    if file.scoring.require_approval && !run.approved() {
        out.push(
            Diagnostic::warning(
                Code::ModelSkipsStep,
                at,
                "the model play publishes without approval, but `scoring.require_approval` is true: careful play loses procedure points",
            )
            .with_hint("add the choice that seeks approval to `model_play`, or set `require_approval: false`"),
        );
    }
    if file.scoring.require_review && run.reviews() == 0 {
        out.push(
            Diagnostic::warning(
                Code::ModelSkipsStep,
                at,
                "the model play publishes without confidentiality review, but `scoring.require_review` is true: careful play loses procedure points",
            )
            .with_hint("add the choice that sends the draft to review to `model_play`, or set `require_review: false`"),
        );
    }
}
