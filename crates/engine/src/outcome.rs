//! The outcome of a finished run: the story, its spread, the repercussions, the score and the debrief, all in one value.
//!
//! [`Run::finish`] computes it and [`play`] plays a list of decisions to it:
//! the one pure function from scenario, seed and decisions that every front
//! end shows.

use crate::debrief::{self, Debrief};
use crate::repercussion;
use crate::run::{Decision, Ending, ReviewFinding, Run, RunError};
use crate::score::{self, Score};
use crate::spread::{spread_of, summarise};
use crate::story::{Ended, ended};
use serde::{Deserialize, Serialize};

pub use crate::decimal::round4;
pub use crate::repercussion::Repercussion;
pub use crate::spread::{KindCounts, Spread, trace_for};
pub use crate::story::{Story, StoryItem, leaked_items};

/// Everything that came of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Scenario id.
    pub scenario: String,
    /// Scenario version.
    pub scenario_version: String,
    /// SHA-256 of the scenario file.
    pub content_hash: String,
    /// The seed.
    pub seed: u64,
    /// Every decision, in order.
    pub decisions: Vec<Decision>,
    /// The choices taken, with labels and the clock after each.
    pub path: Vec<PathStep>,
    /// How the run ended.
    pub ending: Ending,
    /// Whether the deadline was missed.
    pub late: bool,
    /// The story as it went out (empty when held).
    pub story: Story,
    /// What the confidentiality reviewer found.
    pub review: Vec<ReviewFinding>,
    /// The spread of the story.
    pub spread: Spread,
    /// The repercussion tier and why.
    pub repercussion: Repercussion,
    /// The score.
    pub score: Score,
    /// The debrief.
    pub debrief: Debrief,
}

/// A choice taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathStep {
    /// Stage id.
    pub stage: String,
    /// Choice id.
    pub choice: String,
    /// The choice's label.
    pub label: String,
    /// Hours used after this choice.
    pub clock: f64,
}

impl Run<'_> {
    /// Simulates the consequences and scores the run. Only after it has ended.
    pub fn finish(&self) -> Result<Outcome, RunError> {
        let ended = ended(self).ok_or(RunError::NotFinished)?;
        Ok(compute(self, ended))
    }
}

fn compute(run: &Run<'_>, ended: Ended) -> Outcome {
    let scenario = run.scenario();
    let file = &scenario.file;
    let Ended {
        ending,
        story,
        late,
        end_hour,
        ..
    } = ended;
    let (network, trace) = spread_of(scenario, run.seed(), &story);
    let spread = summarise(&network, &trace);
    let repercussion = repercussion::repercussion(&file.repercussions, &story, &spread);
    let score = score::compute(
        scenario,
        run,
        &story,
        &spread,
        late,
        end_hour,
        score::Words::Written,
    );
    let debrief = debrief::compute(scenario, run, &story, &score, late, end_hour);
    let path = run
        .taken()
        .iter()
        .zip(run.clock())
        .map(|((s, c), clock)| PathStep {
            stage: s.clone(),
            choice: c.clone(),
            label: scenario
                .choice(s, c)
                .map(|ch| ch.label.clone())
                .unwrap_or_default(),
            clock: round4(*clock),
        })
        .collect();
    Outcome {
        scenario: file.id.clone(),
        scenario_version: file.version.clone(),
        content_hash: scenario.content_hash.clone(),
        seed: run.seed(),
        decisions: run.decisions().to_vec(),
        path,
        ending: match ending {
            Ending::Published { hour } => Ending::Published { hour: round4(hour) },
            Ending::Held { hour } => Ending::Held { hour: round4(hour) },
        },
        late,
        story,
        review: run.review_findings().to_vec(),
        spread,
        repercussion,
        score,
        debrief,
    }
}

/// Plays a whole list of decisions and returns the outcome.
pub fn play(
    scenario: &crate::Scenario,
    seed: u64,
    decisions: &[Decision],
) -> Result<Outcome, PlayError> {
    let mut run = Run::new(scenario, seed);
    for (i, d) in decisions.iter().enumerate() {
        run.apply(d)
            .map_err(|error| PlayError::Decision { index: i, error })?;
    }
    run.finish().map_err(|_| PlayError::Unfinished {
        stage: run
            .current_stage()
            .map(|s| s.id.clone())
            .unwrap_or_default(),
    })
}

/// Why a list of decisions could not be played.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlayError {
    /// A decision could not be applied.
    #[error("decision {}: {error}", index + 1)]
    Decision {
        /// Its position in the list, from 0.
        index: usize,
        /// Why.
        error: RunError,
    },
    /// The decisions ran out before the run ended.
    #[error("the decisions end at stage `{stage}` before the story is published or held")]
    Unfinished {
        /// The stage play stopped at.
        stage: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::{self, Strategy};

    #[test]
    fn the_score_without_words_has_the_written_scores_numbers() {
        let shipped = [
            include_str!("../../../scenarios/unapproved-interview.ron"),
            include_str!("../../../scenarios/cd-of-materials.ron"),
            include_str!("../../../scenarios/inspection-footage.ron"),
        ];
        let mut gated = 0;
        for text in shipped {
            let scenario = crate::load(text.as_bytes()).expect("shipped").scenario;
            for s in Strategy::ALL {
                for seed in 0..12 {
                    let mut run = Run::new(&scenario, seed);
                    for d in strategy::decisions(&scenario, s, seed) {
                        run.apply(&d).expect("a strategy's decision");
                    }
                    let e = ended(&run).expect("a strategy ends the run");
                    let (network, trace) = spread_of(&scenario, seed, &e.story);
                    let spread = summarise(&network, &trace);
                    let score = |words| {
                        score::compute(
                            &scenario, &run, &e.story, &spread, e.late, e.end_hour, words,
                        )
                    };
                    let (written, numbers) =
                        (score(score::Words::Written), score(score::Words::Left));
                    assert_eq!(
                        written.scaled, numbers.scaled,
                        "{} {s:?} {seed}",
                        scenario.file.id
                    );
                    assert_eq!(
                        written.passed, numbers.passed,
                        "{} {s:?} {seed}",
                        scenario.file.id
                    );
                    assert_eq!(written.components, numbers.components);
                    assert_eq!(written.gate.is_some(), numbers.gate.is_some());
                    assert!(numbers.lapses.is_empty());
                    gated += usize::from(written.gate.is_some());
                }
            }
        }
        // The comparison covers gated runs as well as clean ones.
        assert!(gated > 0);
    }
}
