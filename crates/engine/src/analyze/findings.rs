//! The findings of an analysis: what an author should fix, from the rows' totals and what the walk reached.

use super::paths::{EditMode, Enumerated, path_key};
use super::seeds::AllTotals;
use super::{
    AnalyzeOptions, Finding, MODEL_PASS_RATE, MODEL_TOLERANCE, RANDOM_PASS_RATE, Row, RowSpec,
    plural,
};
use crate::diagnostics::Severity;
use crate::model::Effect;
use crate::run::Decision;
use crate::scenario::Scenario;
use crate::strategy::Strategy;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn findings(
    scenario: &Scenario,
    specs: &[RowSpec],
    totals: &AllTotals,
    rows: &[Row],
    found: &Enumerated,
    options: &AnalyzeOptions,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let error = |code, message, path: &str| Finding {
        severity: Severity::Error,
        code,
        message,
        path: Some(path.to_string()),
        at: None,
    };
    let warning = |code, message, path: &str| Finding {
        severity: Severity::Warning,
        code,
        message,
        path: Some(path.to_string()),
        at: None,
    };
    let strategy_row = |s: Strategy| rows.iter().find(|r| r.strategy == Some(s));
    let seeds = options.seeds;
    if seeds > 0
        && let Some(model) = strategy_row(Strategy::Model)
    {
        // The extremes must not do as well as careful play.
        for s in [Strategy::PublishAll, Strategy::HoldAll, Strategy::RedactAll] {
            if let Some(r) = strategy_row(s)
                && r.mean_score >= model.mean_score
            {
                out.push(error(
                    "degenerate-strategy",
                    format!(
                        "{} scores {:.3} on average, as much as or more than the model play's {:.3}: a player who {} does as well as a careful one",
                        s.name(),
                        r.mean_score,
                        model.mean_score,
                        match s {
                            Strategy::PublishAll => "puts everything in and skips every check",
                            Strategy::HoldAll => "holds the story",
                            _ => "cuts everything",
                        }
                    ),
                    "scoring",
                ));
            }
        }
        if model.pass_rate < MODEL_PASS_RATE {
            out.push(error(
                "model-fails",
                format!(
                    "the model play passes at only {:.1}% of seeds (mean score {:.3}, pass mark {}); careful play should pass at {:.0}% or more",
                    100.0 * model.pass_rate,
                    model.mean_score,
                    scenario.file.pass_mark,
                    100.0 * MODEL_PASS_RATE
                ),
                "model_play",
            ));
        }
        if let Some(best) = rows
            .iter()
            .filter(|r| r.strategy != Some(Strategy::Model))
            .max_by(|a, b| a.mean_score.total_cmp(&b.mean_score))
            && best.mean_score > model.mean_score + MODEL_TOLERANCE
        {
            out.push(error(
                "model-not-best",
                format!(
                    "the model play is not among the best: it scores {:.3} on average, but `{}` scores {:.3}",
                    model.mean_score, best.label, best.mean_score
                ),
                "model_play",
            ));
        }
        if !rows.iter().any(|r| r.pass_rate > 0.0) {
            out.push(error(
                "unreachable-pass-mark",
                format!(
                    "no path and no strategy ever reaches the pass mark of {}: the best mean score is {:.3}",
                    scenario.file.pass_mark,
                    rows.iter().map(|r| r.mean_score).fold(0.0, f64::max)
                ),
                "pass_mark",
            ));
        }
        if let Some(random) = strategy_row(Strategy::Random)
            && random.pass_rate > RANDOM_PASS_RATE
        {
            out.push(warning(
                "random-passes",
                format!(
                    "random play passes at {:.1}% of seeds, more than {:.0}%: the scenario can be passed by guessing",
                    100.0 * random.pass_rate,
                    100.0 * RANDOM_PASS_RATE
                ),
                "pass_mark",
            ));
        }
        let pairs = choice_pairs(specs, totals);
        same_outcome_choices(scenario, &pairs, seeds, &mut out);
        skipped_steps_that_pass(scenario, specs, rows, &mut out);
        choices_that_keep_edits(scenario, specs, totals, rows, &mut out);
    }
    let sampled = if found.exhaustive {
        String::new()
    } else {
        format!(
            " (in the {} sampled paths and the strategies)",
            found.paths.len()
        )
    };
    if seeds > 0 {
        for ix in 0..scenario.item_count() {
            if !totals.mattered[ix] {
                let item = scenario.item(ix);
                out.push(warning(
                    "item-never-matters",
                    format!(
                        "item `{}` in material `{}` never matters{sampled}: it never goes out in a published story, cutting it never costs public value, and its material is never handed over",
                        item.id,
                        scenario.material_of(ix).id
                    ),
                    &item_path(scenario, ix),
                ));
            }
        }
    }
    if found.complete {
        reachability(scenario, found, &mut out);
    }
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

/// A required step skipped on a path that still passes: the case would teach that the rule is optional.
fn skipped_steps_that_pass(
    scenario: &Scenario,
    specs: &[RowSpec],
    rows: &[Row],
    out: &mut Vec<Finding>,
) {
    let rubric = &scenario.file.scoring;
    // (step, penalty field, what the penalty costs of the scaled score)
    let steps = [
        (
            rubric.require_approval,
            "approval",
            "no_approval",
            rubric.weights.procedure * rubric.penalties.no_approval,
        ),
        (
            rubric.require_review,
            "confidentiality review",
            "no_review",
            rubric.weights.procedure * rubric.penalties.no_review,
        ),
    ];
    for (k, (required, step, penalty, cost)) in steps.into_iter().enumerate() {
        if !required {
            continue;
        }
        // Paths that publish without the step and pass at some seed, best first.
        let mut passing: Vec<(&Row, &[Decision])> = specs
            .iter()
            .zip(rows)
            .filter_map(|(spec, row)| match spec {
                RowSpec::Path { decisions, .. } if row.pass_rate > 0.0 => {
                    Some((row, decisions.as_slice()))
                }
                _ => None,
            })
            .filter(|(_, decisions)| {
                let mut run = crate::run::Run::exploring(scenario);
                let whole = decisions.iter().all(|d| run.apply(d).is_ok());
                let skipped = if k == 0 {
                    !run.approved()
                } else {
                    run.reviews() == 0
                };
                whole && skipped && run.ending().is_some_and(|e| e.is_published())
            })
            .collect();
        passing.sort_by(|a, b| b.0.pass_rate.total_cmp(&a.0.pass_rate));
        let Some((best, decisions)) = passing.first() else {
            continue;
        };
        let publish = decisions.iter().rev().find_map(|d| match d {
            Decision::Choose { stage, choice } => Some(choice_path(scenario, stage, choice)),
            Decision::Edit { .. } => None,
        });
        out.push(Finding {
            severity: Severity::Error,
            code: "skipped-step-passes",
            message: format!(
                "{} path{} publish{} without the required {step} and still pass{}: `{}` passes at {:.1}% of seeds (mean score {:.3}, pass mark {}), because skipping {step} costs only {cost:.3} of the score (procedure weight {} × `penalties.{penalty}` {}); the case would teach that the step is optional — raise the penalty or the procedure weight until one skipped step fails on its own",
                passing.len(),
                plural(passing.len() as u64),
                if passing.len() == 1 { "es" } else { "" },
                if passing.len() == 1 { "es" } else { "" },
                best.label,
                100.0 * best.pass_rate,
                best.mean_score,
                scenario.file.pass_mark,
                rubric.weights.procedure,
                match k {
                    0 => rubric.penalties.no_approval,
                    _ => rubric.penalties.no_review,
                },
            ),
            path: publish,
            at: None,
        });
    }
}

/// A path's choices alone, without its edits.
fn choices_key(decisions: &[Decision]) -> String {
    let mut key = String::new();
    for d in decisions {
        if let Decision::Choose { stage, choice } = d {
            key.push_str(stage);
            key.push('=');
            key.push_str(choice);
            key.push('|');
        }
    }
    key
}

/// Warns about a choice that carries the player's edits on to a later stage when the outcome depends on them and
/// the author has not said it means to (`keeps_edits`): "pass it on as written" that keeps the player's hand edits
/// hides the leak it was written to teach.
fn choices_that_keep_edits(
    scenario: &Scenario,
    specs: &[RowSpec],
    totals: &AllTotals,
    rows: &[Row],
    out: &mut Vec<Finding>,
) {
    // The rows of each path, by how they edit.
    let mut by_path: BTreeMap<String, Vec<(EditMode, usize)>> = BTreeMap::new();
    for (r, spec) in specs.iter().enumerate() {
        if let RowSpec::Path {
            decisions, edits, ..
        } = spec
        {
            by_path
                .entry(choices_key(decisions))
                .or_default()
                .push((*edits, r));
        }
    }
    // Per choice, the path through it whose edits matter most: (gap, low row, high row).
    let mut flagged: BTreeMap<(usize, usize), (f64, usize, usize)> = BTreeMap::new();
    for variants in by_path.values() {
        let Some(&(_, base)) = variants.first() else {
            continue;
        };
        // The two rows of this path that differ most, to show how much the edits matter.
        let gap = |(a, b): &(usize, usize)| rows[*b].mean_score - rows[*a].mean_score;
        let Some((low, high)) = variants
            .iter()
            .flat_map(|(_, a)| variants.iter().map(move |(_, b)| (*a, *b)))
            .filter(|(a, b)| totals.rows[*a].fingerprint != totals.rows[*b].fingerprint)
            .max_by(|x, y| gap(x).total_cmp(&gap(y)))
        else {
            continue;
        };
        let RowSpec::Path { decisions, .. } = &specs[base] else {
            continue;
        };
        // Walk the path: at each editable stage, a choice that moves on and leaves edited items as the player left them.
        let mut run = crate::run::Run::exploring(scenario);
        for d in decisions {
            if let Decision::Choose { stage, choice } = d
                && let (Some(s), Some(st)) = (scenario.stage_ix(stage), scenario.stage_by_id(stage))
                && let Some(k) = st.choices.iter().position(|c| &c.id == choice)
            {
                let c = &st.choices[k];
                let set_by_choice: BTreeSet<usize> =
                    scenario.items_added_by(c).into_iter().collect();
                let ends = c
                    .effects
                    .iter()
                    .any(|e| matches!(e, Effect::Publish | Effect::Hold | Effect::DiscardEdits));
                let carried = run
                    .editable_items()
                    .iter()
                    .any(|ix| !set_by_choice.contains(ix));
                if !ends && !c.keeps_edits && carried {
                    let g = gap(&(low, high));
                    let e = flagged.entry((s, k)).or_insert((g, low, high));
                    if g > e.0 {
                        *e = (g, low, high);
                    }
                }
            }
            if run.apply(d).is_err() {
                break;
            }
        }
    }
    for ((s, k), (_, low, high)) in flagged {
        let stage = scenario.stage(s);
        out.push(Finding {
            severity: Severity::Warning,
            code: "choice-keeps-edits",
            message: format!(
                "at stage `{}`, choice `{}` moves on with the player's edits still in the draft, and the outcome depends on them: `{}` scores {:.3} and passes at {:.1}% of seeds, `{}` scores {:.3} and passes at {:.1}%; if the choice means to pass the draft on as it came, undo the edits with the effect `DiscardEdits`; if it means to pass the player's edits on, say so with `keeps_edits: true`",
                stage.id,
                stage.choices[k].id,
                rows[high].label,
                rows[high].mean_score,
                100.0 * rows[high].pass_rate,
                rows[low].label,
                rows[low].mean_score,
                100.0 * rows[low].pass_rate,
            ),
            path: Some(format!("stages[{s}].choices[{k}]")),
            at: None,
        });
    }
}

/// For each stage and pair of choices there: (pairs of paths compared, all identical).
type Pairs = BTreeMap<(String, String, String), (u32, bool)>;

/// Compares every two paths that differ in one choice only.
fn choice_pairs(specs: &[RowSpec], totals: &AllTotals) -> Pairs {
    // Paths that differ in one choice only, grouped by everything else.
    let mut groups: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    for (row, spec) in specs.iter().enumerate() {
        let RowSpec::Path { decisions, .. } = spec else {
            continue;
        };
        let mut step = 0;
        for d in decisions {
            if let Decision::Choose { choice, .. } = d {
                groups
                    .entry(path_key(decisions, step))
                    .or_default()
                    .push((choice.clone(), row));
                step += 1;
            }
        }
    }
    let mut pairs: Pairs = BTreeMap::new();
    for (key, members) in &groups {
        let stage = key
            .split('|')
            .find_map(|part| part.strip_suffix("=*"))
            .unwrap_or_default()
            .to_string();
        for (i, (a, ra)) in members.iter().enumerate() {
            for (b, rb) in &members[i + 1..] {
                let (x, y) = if a < b { (a, b) } else { (b, a) };
                let same = totals.rows[*ra].fingerprint == totals.rows[*rb].fingerprint
                    && totals.rows[*ra].played == totals.rows[*rb].played;
                let e = pairs
                    .entry((stage.clone(), x.clone(), y.clone()))
                    .or_insert((0, true));
                e.0 += 1;
                e.1 &= same;
            }
        }
    }
    pairs
}

/// Warns about choices that never change the outcome compared with another choice at the same stage.
fn same_outcome_choices(scenario: &Scenario, pairs: &Pairs, seeds: u32, out: &mut Vec<Finding>) {
    // Choices that are interchangeable, grouped per stage (a ≡ b and b ≡ c give one finding).
    let mut classes: BTreeMap<String, Vec<BTreeSet<String>>> = BTreeMap::new();
    for ((stage, a, b), (compared, same)) in pairs {
        if !*same || *compared == 0 {
            continue;
        }
        let Some(st) = scenario.stage_ix(stage).map(|s| scenario.stage(s)) else {
            continue;
        };
        let feedback = |id: &str| {
            st.choices
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.feedback.trim().to_string())
                .unwrap_or_default()
        };
        // Different feedback is a different debrief: the choice still teaches something.
        if feedback(a) != feedback(b) {
            continue;
        }
        let list = classes.entry(stage.clone()).or_default();
        let hits: Vec<usize> = (0..list.len())
            .filter(|&k| list[k].contains(a) || list[k].contains(b))
            .collect();
        let mut merged: BTreeSet<String> = [a.clone(), b.clone()].into();
        for &k in hits.iter().rev() {
            merged.extend(list.remove(k));
        }
        list.push(merged);
    }
    for (stage, list) in classes {
        for class in list {
            let names: Vec<String> = class.iter().map(|c| format!("`{c}`")).collect();
            let compared: u32 = pairs
                .iter()
                .filter(|((s, a, b), _)| *s == stage && class.contains(a) && class.contains(b))
                .map(|(_, (n, _))| *n)
                .sum();
            let first = class.iter().next().cloned().unwrap_or_default();
            out.push(Finding {
                path: Some(choice_path(scenario, &stage, &first)),
                at: None,
                severity: Severity::Warning,
                code: "choice-changes-nothing",
                message: format!(
                    "at stage `{stage}`, choosing {} never changes the outcome: on the {compared} pair{} of paths that differ only there, the score, the spread and what leaks are the same at all {seeds} seeds, and the debrief note is the same; give the choices different effects or hours, or merge them",
                    join_or(&names),
                    plural(u64::from(compared))
                ),
            });
        }
    }
}

/// The field path of an item, `materials[m].items[i]`.
fn item_path(scenario: &Scenario, ix: crate::scenario::ItemIx) -> String {
    let material = scenario.material_of(ix);
    let m = scenario.material_ix(&material.id).unwrap_or(0);
    let i = scenario
        .items_of_material(m)
        .position(|other| other == ix)
        .unwrap_or(0);
    format!("materials[{m}].items[{i}]")
}

/// The field path of a choice, `stages[s].choices[k]`, or of its stage when the choice is not found.
fn choice_path(scenario: &Scenario, stage: &str, choice: &str) -> String {
    let s = scenario.stage_ix(stage).unwrap_or(0);
    match scenario
        .stage(s)
        .choices
        .iter()
        .position(|c| c.id == choice)
    {
        Some(k) => format!("stages[{s}].choices[{k}]"),
        None => format!("stages[{s}]"),
    }
}

fn join_or(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn reachability(scenario: &Scenario, found: &Enumerated, out: &mut Vec<Finding>) {
    let stages = &scenario.file.stages;
    for (s, stage) in stages.iter().enumerate() {
        if found.stage_reached[s] {
            continue;
        }
        let leading: Vec<String> = scenario
            .choices_into(&stage.id)
            .map(|(p, c)| (p, &stages[p], c))
            .map(|(p, ps, c)| {
                format!(
                    "`{}` at stage `{}`{}",
                    c.id,
                    ps.id,
                    if found.stage_reached[p] {
                        " (never offered: its `requires` never hold)"
                    } else {
                        " (a stage never reached)"
                    }
                )
            })
            .collect();
        out.push(Finding {
            path: Some(format!("stages[{s}]")),
            at: None,
            severity: Severity::Warning,
            code: "stage-unreached",
            message: format!(
                "stage `{}` is never reached on any path: the choices that lead to it are {}",
                stage.id,
                if leading.is_empty() {
                    "none".to_string()
                } else {
                    leading.join(", ")
                }
            ),
        });
    }
    for (s, stage) in stages.iter().enumerate() {
        if !found.stage_reached[s] {
            continue;
        }
        for (k, choice) in stage.choices.iter().enumerate() {
            if found.offered[s][k] {
                continue;
            }
            let ends = choice
                .effects
                .iter()
                .find(|e| matches!(e, Effect::Publish | Effect::Hold));
            match ends {
                Some(e) => out.push(Finding {
                    path: Some(format!("stages[{s}].choices[{k}]")),
                    at: None,
                    severity: Severity::Warning,
                    code: "ending-unreached",
                    message: format!(
                        "choice `{}` at stage `{}` {} the story, but no path ever offers it: its `requires` never hold when play reaches `{}`",
                        choice.id,
                        stage.id,
                        if *e == Effect::Publish { "publishes" } else { "holds" },
                        stage.id
                    ),
                }),
                None => {
                    // A choice into a stage nothing else reaches is reported with that stage.
                    let next_reached = choice
                        .next
                        .as_deref()
                        .and_then(|n| scenario.stage_ix(n))
                        .is_some_and(|n| found.stage_reached[n]);
                    if next_reached {
                        out.push(Finding {
                            path: Some(format!("stages[{s}].choices[{k}]")),
                            at: None,
                            severity: Severity::Warning,
                            code: "choice-unavailable",
                            message: format!(
                                "choice `{}` at stage `{}` is never offered on any path: its `requires` never hold when play reaches `{}`",
                                choice.id, stage.id, stage.id
                            ),
                        });
                    }
                }
            }
        }
    }
}
