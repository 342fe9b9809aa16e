//! "What if": replay a run with one choice changed, the same seed, and the player's other decisions kept where they still apply.

use crate::outcome::Outcome;
use crate::run::{Decision, Run, RunError};
use crate::scenario::Scenario;
use serde::Serialize;

/// Why a what-if could not be played.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhatIfError {
    /// The original decisions never reach `stage`.
    #[error("the run never reached stage `{0}`")]
    StageNotReached(String),
    /// The new choice cannot be taken there.
    #[error("{0}")]
    Choice(RunError),
}

/// A choice the player made, and the others that were open at that moment: what "what if" can change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternatives {
    /// Stage id.
    pub stage: String,
    /// Stage title.
    pub stage_title: String,
    /// Hours used when the choice was made.
    pub hour: f64,
    /// The choice taken: its id and label.
    pub taken: (String, String),
    /// The other choices open then: ids and labels, in the author's order.
    pub others: Vec<(String, String)>,
}

/// For each choice in `decisions`, the other choices that were open then.
pub fn alternatives(scenario: &Scenario, seed: u64, decisions: &[Decision]) -> Vec<Alternatives> {
    let mut run = Run::new(scenario, seed);
    let mut out = Vec::new();
    for decision in decisions {
        if let (Decision::Choose { stage, choice }, Some(current)) = (decision, run.current_stage())
        {
            out.push(Alternatives {
                stage: stage.clone(),
                stage_title: current.title.clone(),
                hour: run.hours_used(),
                taken: (
                    choice.clone(),
                    scenario
                        .choice(stage, choice)
                        .map(|c| c.label.clone())
                        .unwrap_or_default(),
                ),
                others: run
                    .available_choices()
                    .iter()
                    .filter(|c| c.id != *choice)
                    .map(|c| (c.id.clone(), c.label.clone()))
                    .collect(),
            });
        }
        if run.apply(decision).is_err() {
            break;
        }
    }
    out
}

/// Replays `original` up to `stage`, takes `choice` there instead, then carries on.
///
/// After the change, each later stage gets the player's own edits and choice
/// for that stage if they still apply; otherwise the model play's choice;
/// otherwise the first choice offered. The seed is the same, so the network
/// and every keyed draw are the same: only the consequences of the change differ.
pub fn rerun(
    scenario: &Scenario,
    seed: u64,
    original: &[Decision],
    stage: &str,
    choice: &str,
) -> Result<Outcome, WhatIfError> {
    let mut run = Run::new(scenario, seed);
    let mut rest = original.iter();
    // Replay up to the changed stage, keeping the edits made there.
    loop {
        let Some(current) = run.current_stage() else {
            return Err(WhatIfError::StageNotReached(stage.to_string()));
        };
        if current.id == stage {
            for d in original {
                if let Decision::Edit { stage: s, .. } = d
                    && s == stage
                {
                    let _ = run.apply(d);
                }
            }
            run.choose(choice).map_err(WhatIfError::Choice)?;
            break;
        }
        match rest.next() {
            Some(d) => {
                if run.apply(d).is_err() {
                    return Err(WhatIfError::StageNotReached(stage.to_string()));
                }
            }
            None => return Err(WhatIfError::StageNotReached(stage.to_string())),
        }
    }
    // Carry on to the end.
    while let Some(current) = run.current_stage() {
        let id = current.id.clone();
        for d in original {
            if let Decision::Edit { stage: s, .. } = d
                && *s == id
            {
                let _ = run.apply(d);
            }
        }
        let available = run.available_choices();
        let own = original.iter().find_map(|d| match d {
            Decision::Choose { stage: s, choice } if *s == id => Some(choice.as_str()),
            _ => None,
        });
        let model = scenario
            .file
            .model_play
            .iter()
            .find(|m| m.0 == id)
            .map(|m| m.1.as_str());
        let pick = [own, model]
            .into_iter()
            .flatten()
            .find(|c| available.iter().any(|a| a.id == *c))
            .map(str::to_string)
            .or_else(|| available.first().map(|c| c.id.clone()));
        let Some(pick) = pick else {
            break;
        };
        if run.choose(&pick).is_err() {
            break;
        }
    }
    run.finish()
        .map_err(|_| WhatIfError::StageNotReached(stage.to_string()))
}
