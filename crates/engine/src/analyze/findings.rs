//! The findings of an analysis: what an author should fix, from the rows' totals and what the walk reached.

use super::paths::{Enumerated, path_key};
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
    let error = |code, message| Finding {
        severity: Severity::Error,
        code,
        message,
    };
    let warning = |code, message| Finding {
        severity: Severity::Warning,
        code,
        message,
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
            ));
        }
        same_outcome_choices(scenario, specs, totals, seeds, &mut out);
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

/// Warns about choices that never change the outcome compared with another choice at the same stage.
fn same_outcome_choices(
    scenario: &Scenario,
    specs: &[RowSpec],
    totals: &AllTotals,
    seeds: u32,
    out: &mut Vec<Finding>,
) {
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
    // For each stage and pair of choices: (paths compared, all identical).
    let mut pairs: BTreeMap<(String, String, String), (u32, bool)> = BTreeMap::new();
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
    // Choices that are interchangeable, grouped per stage (a ≡ b and b ≡ c give one finding).
    let mut classes: BTreeMap<String, Vec<BTreeSet<String>>> = BTreeMap::new();
    for ((stage, a, b), (compared, same)) in &pairs {
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
            out.push(Finding {
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
        let leading: Vec<String> = stages
            .iter()
            .enumerate()
            .flat_map(|(p, ps)| {
                ps.choices
                    .iter()
                    .filter(|c| c.next.as_deref() == Some(stage.id.as_str()))
                    .map(move |c| (p, ps, c))
            })
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
