//! Scoring: protection, procedure, public value, timeliness and over-caution, a leak gate, and pass or fail.
//!
//! The scaled score is the weighted sum of the four positive components less
//! the over-caution deduction, clamped to `[0, 1]`. Beside the sum stands a
//! gate: leaking anything at or above the scenario's `fail_on_leak` level
//! fails the run, so "publish everything" cannot pass on news value alone.

use crate::decimal::round4;
use crate::model::Classification;
use crate::run::{Run, Treatment};
use crate::scenario::{ItemIx, Scenario};
use crate::spread::Spread;
use crate::story::{Story, leaked_items};
use serde::{Deserialize, Serialize};

/// Each component in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Components {
    /// 1 when nothing sensitive went out; falls with leak damage.
    pub protection: f64,
    /// 1 when every required step was followed.
    pub procedure: f64,
    /// Share of the available public news value delivered, reduced when late.
    pub public_value: f64,
    /// 1 when published by the deadline; 0 when held or far too late.
    pub timeliness: f64,
    /// Share of public value thrown away by redaction, or 1 for a story held.
    pub over_caution: f64,
}

/// The score of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Each component, in `[0, 1]`.
    pub components: Components,
    /// What each component adds to (or, for over-caution, takes from) the scaled score.
    pub contributions: Components,
    /// Raw leak damage: classification weight times exposure, summed over leaked items.
    pub leak_damage: f64,
    /// The scaled score in `[0, 1]`.
    pub scaled: f64,
    /// The pass mark.
    pub pass_mark: f64,
    /// Whether the run passed.
    pub passed: bool,
    /// Set when the leak gate failed the run whatever the sum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate: Option<String>,
    /// Procedure lapses.
    pub lapses: Vec<Lapse>,
}

/// Kinds of procedure lapse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LapseKind {
    /// Published without required approval.
    NoApproval,
    /// Published without required confidentiality review.
    NoReview,
    /// Handed material to someone outside.
    HandOver,
    /// A lapse the scenario's author recorded with `Lapse`.
    Scenario,
    /// Held the story, or published it late, when the deadline was hard.
    MissedHardDeadline,
}

/// One procedure lapse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lapse {
    /// What kind.
    pub kind: LapseKind,
    /// In words.
    pub text: String,
}

fn lapse(kind: LapseKind, text: impl Into<String>) -> Lapse {
    Lapse {
        kind,
        text: text.into(),
    }
}

/// How widely the story was seen, in `[0.4, 1]`, scaling the damage of each leaked item.
pub fn exposure(spread: &Spread) -> f64 {
    let domestic_outlets = f64::from((spread.network.domestic + spread.network.self_media).max(1));
    let domestic_share =
        f64::from(spread.reprints.domestic + spread.reprints.self_media) / domestic_outlets;
    let foreign_share =
        f64::from(spread.reprints.foreign) / f64::from(spread.network.foreign.max(1));
    0.4 + 0.3 * (5.0 * domestic_share).min(1.0) + 0.3 * (5.0 * foreign_share).min(1.0)
}

/// How much harm the sensitive items of `story` do when it spreads as `spread`:
/// each one's classification weight times the exposure, unrounded.
pub fn leak_damage(story: &Story, spread: &Spread) -> f64 {
    damage(
        leaked_items(story).map(|i| i.classification.weight()),
        spread,
    )
}

/// Leak damage from the classification weights of the leaked items, in the story's order.
fn damage(weights: impl Iterator<Item = f64>, spread: &Spread) -> f64 {
    let exposure = exposure(spread);
    weights.map(|w| w * exposure).sum()
}

/// The highest classification among material `m`'s items: what handing it over discloses.
fn highest_handed_over(scenario: &Scenario, m: usize) -> Classification {
    scenario
        .items_of_material(m)
        .map(|ix| scenario.item(ix).classification)
        .max()
        .unwrap_or_default()
}

/// The most public news value the scenario's items can deliver.
pub fn max_public_value(scenario: &Scenario) -> f64 {
    (0..scenario.item_count())
        .map(|ix| {
            let item = scenario.item(ix);
            let own = if item.classification.is_sensitive() {
                0
            } else {
                item.newsworthiness
            };
            let general = item
                .generalised
                .as_ref()
                .filter(|g| !g.classification.is_sensitive())
                .map(|g| g.newsworthiness)
                .unwrap_or(0);
            f64::from(own.max(general))
        })
        .sum()
}

/// The news value of an item's general wording when that wording is public, else 0.
pub fn public_general_value(item: &crate::model::Item) -> f64 {
    item.generalised
        .as_ref()
        .filter(|g| g.classification == Classification::Public)
        .map(|g| f64::from(g.newsworthiness))
        .unwrap_or(0.0)
}

/// What scoring needs to know about how a run was played.
///
/// A [`Run`] is one; balance analysis keeps a smaller record of the same
/// facts for runs it scores many times.
pub(crate) trait Conduct {
    /// Whether approval was obtained.
    fn approved(&self) -> bool;
    /// How many confidentiality reviews the draft went through.
    fn reviews(&self) -> u32;
    /// Materials handed to someone outside.
    fn handed_over(&self) -> &[usize];
    /// Lapses recorded by the scenario's `Lapse` effects.
    fn lapses(&self) -> &[String];
    /// Each item in the draft with its treatment, in scenario order.
    fn draft(&self) -> Vec<(ItemIx, Treatment)>;
}

impl Conduct for Run<'_> {
    fn approved(&self) -> bool {
        Run::approved(self)
    }
    fn reviews(&self) -> u32 {
        Run::reviews(self)
    }
    fn handed_over(&self) -> &[usize] {
        Run::handed_over(self)
    }
    fn lapses(&self) -> &[String] {
        Run::lapses(self)
    }
    fn draft(&self) -> Vec<(ItemIx, Treatment)> {
        Run::draft(self)
    }
}

/// Whether a score's lapses and gate are written out. Balance analysis scores
/// every row at every seed and reads only the score and whether it passed, so
/// it leaves the words out: no lapses, and an empty gate when there is one.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Words {
    Written,
    Left,
}

/// The score of a run whose story spread as `spread`.
pub(crate) fn compute(
    scenario: &Scenario,
    run: &impl Conduct,
    story: &Story,
    spread: &Spread,
    late: bool,
    end_hour: f64,
    words: Words,
) -> Score {
    Conducted::of(scenario, run, story, late, end_hour, words).score(scenario, spread)
}

/// Everything of a score but protection: what the run did, whatever became of its story.
///
/// Balance analysis scores one run against the spreads of many seeds, so it
/// works this out once per run and [`Conducted::score`] once per spread.
#[derive(Debug, Clone)]
pub(crate) struct Conducted {
    procedure: f64,
    timeliness: f64,
    public_value: f64,
    over_caution: f64,
    /// The classification weight of each item that leaked, in the story's order.
    leaked_weights: Vec<f64>,
    gate: Option<String>,
    lapses: Vec<Lapse>,
}

impl Conducted {
    /// What `run` did, which ended with `story`, `late` or not, at `end_hour`.
    pub(crate) fn of(
        scenario: &Scenario,
        run: &impl Conduct,
        story: &Story,
        late: bool,
        end_hour: f64,
        words: Words,
    ) -> Conducted {
        let written = words == Words::Written;
        let file = &scenario.file;
        let rubric = &file.scoring;

        // Procedure.
        let mut lapses = Vec::new();
        let mut procedure = 1.0;
        if story.published && rubric.require_approval && !run.approved() {
            procedure -= rubric.penalties.no_approval;
            if written {
                lapses.push(lapse(
                    LapseKind::NoApproval,
                    "published without the required approval",
                ));
            }
        }
        if story.published && rubric.require_review && run.reviews() == 0 {
            procedure -= rubric.penalties.no_review;
            if written {
                lapses.push(lapse(
                    LapseKind::NoReview,
                    "published without confidentiality review",
                ));
            }
        }
        for &m in run.handed_over() {
            procedure -= rubric.penalties.hand_over;
            if written {
                lapses.push(lapse(
                    LapseKind::HandOver,
                    format!("handed \"{}\" to someone outside", file.materials[m].title),
                ));
            }
        }
        for text in run.lapses() {
            procedure -= rubric.penalties.lapse;
            if written {
                lapses.push(lapse(LapseKind::Scenario, text.clone()));
            }
        }
        // A hard deadline is missed by a hold as much as by a late story.
        let hard = file.briefing.hard_deadline;
        let missed_hard = hard && (!story.published || late);
        if missed_hard {
            procedure -= rubric.penalties.missed_hard_deadline;
        }
        if written && missed_hard {
            lapses.push(lapse(
                LapseKind::MissedHardDeadline,
                if story.published {
                    format!(
                        "published after the hard deadline, {}",
                        scenario.deadline_words()
                    )
                } else {
                    format!(
                        "held the story past the hard deadline, {}",
                        scenario.deadline_words()
                    )
                },
            ));
        }
        let procedure: f64 = procedure.max(0.0);

        // Timeliness: a hard deadline has no grace.
        let deadline = file.briefing.deadline_hours;
        let timeliness = if !story.published || (late && hard) {
            0.0
        } else if late {
            (1.0 - (end_hour - deadline) / rubric.late_grace_hours).max(0.0)
        } else {
            1.0
        };

        // Public value and over-caution.
        let max_value = max_public_value(scenario).max(1.0);
        let mut delivered = 0.0;
        let mut thrown_away = 0.0;
        for (ix, treatment) in run.draft() {
            let item = scenario.item(ix);
            let public_item = !item.classification.is_sensitive();
            match treatment {
                Treatment::Keep if public_item => delivered += f64::from(item.newsworthiness),
                Treatment::Keep => {}
                Treatment::Generalise => {
                    if let Some(g) = &item.generalised
                        && g.classification == Classification::Public
                    {
                        delivered += f64::from(g.newsworthiness);
                        if public_item {
                            thrown_away +=
                                f64::from(item.newsworthiness.saturating_sub(g.newsworthiness));
                        }
                    }
                }
                Treatment::Redact if public_item => thrown_away += f64::from(item.newsworthiness),
                // Cropping, not dropping: a sensitive item cut whole throws away its public general wording.
                Treatment::Redact => thrown_away += public_general_value(item),
            }
        }
        let public_value = if story.published {
            (delivered / max_value).min(1.0) * if late { timeliness } else { 1.0 }
        } else {
            0.0
        };
        let over_caution = if story.published {
            (thrown_away / max_value).min(1.0)
        } else {
            1.0
        };

        Conducted {
            procedure,
            timeliness,
            public_value,
            over_caution,
            leaked_weights: leaked_items(story)
                .map(|i| i.classification.weight())
                .collect(),
            gate: gate(scenario, run, story, written),
            lapses,
        }
    }

    /// The whole score, once the run's story spread as `spread`.
    pub(crate) fn score(&self, scenario: &Scenario, spread: &Spread) -> Score {
        let file = &scenario.file;
        let rubric = &file.scoring;
        let (leak_damage, protection, sum) = self.sum(scenario, spread);
        let Conducted {
            procedure,
            timeliness,
            public_value,
            over_caution,
            ..
        } = *self;
        let components = Components {
            protection: round4(protection),
            procedure: round4(procedure),
            public_value: round4(public_value),
            timeliness: round4(timeliness),
            over_caution: round4(over_caution),
        };
        let w = &rubric.weights;
        let contributions = Components {
            protection: round4(w.protection * protection),
            procedure: round4(w.procedure * procedure),
            public_value: round4(w.public_value * public_value),
            timeliness: round4(w.timeliness * timeliness),
            over_caution: round4(-rubric.over_caution * over_caution),
        };
        let scaled = round4(sum.clamp(0.0, 1.0));
        Score {
            components,
            contributions,
            leak_damage: round4(leak_damage),
            scaled,
            pass_mark: file.pass_mark,
            passed: self.passes(scenario, scaled),
            gate: self.gate.clone(),
            lapses: self.lapses.clone(),
        }
    }

    /// Everything [`Self::scaled`] reads of this run, as bits: two runs with equal keys score the same over any spread.
    pub(crate) fn scaled_key(&self) -> Vec<u64> {
        let mut key = vec![
            self.procedure.to_bits(),
            self.timeliness.to_bits(),
            self.public_value.to_bits(),
            self.over_caution.to_bits(),
            u64::from(self.gate.is_some()),
        ];
        key.extend(self.leaked_weights.iter().map(|w| w.to_bits()));
        key
    }

    /// The scaled score and whether it passes, as [`Self::score`] gives them: all that balance analysis reads of a score.
    pub(crate) fn scaled(&self, scenario: &Scenario, spread: &Spread) -> (f64, bool) {
        let (_, _, sum) = self.sum(scenario, spread);
        let scaled = round4(sum.clamp(0.0, 1.0));
        (scaled, self.passes(scenario, scaled))
    }

    /// Leak damage, protection and the weighted sum, all unrounded.
    fn sum(&self, scenario: &Scenario, spread: &Spread) -> (f64, f64, f64) {
        let rubric = &scenario.file.scoring;
        let leak_damage = damage(self.leaked_weights.iter().copied(), spread);
        let protection = 1.0 - (leak_damage / rubric.damage_scale).min(1.0);
        let w = &rubric.weights;
        let sum = w.protection * protection
            + w.procedure * self.procedure
            + w.public_value * self.public_value
            + w.timeliness * self.timeliness
            - rubric.over_caution * self.over_caution;
        (leak_damage, protection, sum)
    }

    fn passes(&self, scenario: &Scenario, scaled: f64) -> bool {
        self.gate.is_none() && scaled + 1e-9 >= scenario.file.pass_mark
    }
}

/// The leak gate: set when the run leaked or handed over anything at or
/// above `fail_on_leak`, in words when `written` (else an empty text).
fn gate(scenario: &Scenario, run: &impl Conduct, story: &Story, written: bool) -> Option<String> {
    let file = &scenario.file;
    let rubric = &file.scoring;
    let mut leaked = leaked_items(story).filter(|i| i.classification >= rubric.fail_on_leak);
    if !written {
        // Whether there is a gate is all the numbers need.
        let handed = run
            .handed_over()
            .iter()
            .any(|&m| highest_handed_over(scenario, m) >= rubric.fail_on_leak);
        let gated = leaked.next().is_some() || handed;
        return gated.then(String::new);
    }
    let leaked = leaked.map(|i| i.id.clone()).collect::<Vec<_>>();
    let mut gates = Vec::new();
    if !leaked.is_empty() {
        gates.push(format!(
            "leaked {} at or above {}: {}",
            if leaked.len() == 1 {
                "an item"
            } else {
                "items"
            },
            rubric.fail_on_leak.label(),
            leaked.join(", ")
        ));
    }
    // Handing over a document is a disclosure in itself, whatever is published later.
    for &m in run.handed_over() {
        let highest = highest_handed_over(scenario, m);
        if highest >= rubric.fail_on_leak {
            gates.push(format!(
                "handed {} material to someone outside: \"{}\"",
                highest.label(),
                file.materials[m].title
            ));
        }
    }
    (!gates.is_empty()).then(|| gates.join("; "))
}
