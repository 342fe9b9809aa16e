//! One play of a scenario in progress: the current stage, the choices it offers, edits, and what each choice does.
//!
//! Every front end drives a [`Run`]; nothing else decides what a choice does.
//! A run is fully determined by the scenario, the seed and the list of
//! [`Decision`]s applied to it. Its consequences are computed once it has
//! ended, by [`Run::finish`] in [`crate::outcome`].

pub use crate::decision::Decision;
use crate::model::{Choice, Condition, Effect, Stage};
use crate::rng::unit_draw;
use crate::scenario::{ItemIx, Scenario};
pub use crate::treatment::Treatment;
use crate::treatment::wording;
use serde::{Deserialize, Serialize};

/// Domain of the keyed draws that order choices on screen.
const DISPLAY_DOMAIN: u64 = 0x0044_4953_504C_4159;
/// Domain of the reviewer's keyed draws.
const REVIEW_DOMAIN: u64 = 0x5245_5649_4557;

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Why a decision could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    /// The run has already ended.
    #[error("the run has already ended")]
    Finished,
    /// The decision names another stage than the current one.
    #[error("play is at stage `{current}`, not `{named}`")]
    WrongStage {
        /// The current stage.
        current: String,
        /// The stage the decision named.
        named: String,
    },
    /// No such choice at this stage.
    #[error("this stage has no choice `{0}`")]
    NoSuchChoice(String),
    /// The choice's conditions do not hold.
    #[error("choice `{0}` is not available: its conditions do not hold")]
    NotAvailable(String),
    /// The item cannot be edited at this stage.
    #[error("item `{0}` cannot be edited at this stage")]
    NotEditable(String),
    /// The item has no generalised wording.
    #[error("item `{0}` has no generalised wording")]
    CannotGeneralise(String),
    /// The item is not in the draft, so there is nothing to edit.
    #[error("item `{0}` is not in the draft")]
    NotInDraft(String),
    /// `finish` was called before the run ended.
    #[error("the run has not ended yet")]
    NotFinished,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum Ending {
    /// The story was published.
    Published {
        /// Hours after the start of play.
        hour: f64,
    },
    /// The story was held.
    Held {
        /// Hours after the start of play.
        hour: f64,
    },
}

impl Ending {
    /// Hours after the start of play when the run ended.
    pub fn hour(self) -> f64 {
        match self {
            Ending::Published { hour } | Ending::Held { hour } => hour,
        }
    }

    /// Whether the story went out.
    pub fn is_published(self) -> bool {
        matches!(self, Ending::Published { .. })
    }
}

/// One confidentiality review's verdict on one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFinding {
    /// Which review, from 1.
    pub review: u32,
    /// Item id.
    pub item: String,
    /// Whether the reviewer caught it.
    pub caught: bool,
    /// What the reviewer did to it, if caught.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Treatment>,
}

/// One play of a scenario in progress.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    scenario: &'a Scenario,
    seed: u64,
    stage: Option<usize>,
    draft: Vec<Option<Treatment>>,
    approved: bool,
    reviews: u32,
    handed_over: Vec<usize>,
    lapses: Vec<String>,
    hours: f64,
    decisions: Vec<Decision>,
    taken: Vec<(String, String)>,
    clock: Vec<f64>,
    findings: Vec<ReviewFinding>,
    ending: Option<Ending>,
    /// Each item edited at the current stage, with its treatment before the first edit, for `DiscardEdits`.
    before_edits: Vec<(ItemIx, Option<Treatment>)>,
    /// Set for exploring: the reviewer catches nothing.
    lenient_review: bool,
}

impl<'a> Run<'a> {
    /// Starts a run at the scenario's first stage.
    pub fn new(scenario: &'a Scenario, seed: u64) -> Run<'a> {
        Run {
            scenario,
            seed,
            stage: Some(scenario.start()),
            draft: vec![None; scenario.item_count()],
            approved: false,
            reviews: 0,
            handed_over: Vec::new(),
            lapses: Vec::new(),
            hours: 0.0,
            decisions: Vec::new(),
            taken: Vec::new(),
            clock: Vec::new(),
            findings: Vec::new(),
            ending: None,
            before_edits: Vec::new(),
            lenient_review: false,
        }
    }

    /// A run whose reviewer catches nothing, for finding every path a scenario offers.
    ///
    /// A catch can only take an item out of the draft, and conditions only ask
    /// whether items are in it, so this run offers every choice that a run
    /// with any seed could offer after the same decisions.
    pub(crate) fn exploring(scenario: &'a Scenario) -> Run<'a> {
        Run {
            lenient_review: true,
            ..Run::new(scenario, 0)
        }
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The current stage, or `None` once the run has ended.
    pub fn current_stage(&self) -> Option<&'a Stage> {
        self.stage.map(|s| self.scenario.stage(s))
    }

    /// True once the run has published or held.
    pub fn is_finished(&self) -> bool {
        self.ending.is_some()
    }

    /// Hours used so far.
    pub fn hours_used(&self) -> f64 {
        self.hours
    }

    /// Hours left to the deadline (negative when late).
    pub fn hours_left(&self) -> f64 {
        self.scenario.file.briefing.deadline_hours - self.hours
    }

    /// Whether approval has been obtained.
    pub fn approved(&self) -> bool {
        self.approved
    }

    /// How many confidentiality reviews the draft has been through.
    pub fn reviews(&self) -> u32 {
        self.reviews
    }

    /// The choices taken so far, as `(stage id, choice id)`.
    pub fn taken(&self) -> &[(String, String)] {
        &self.taken
    }

    /// Every decision applied so far, in order.
    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    /// Verdicts of the reviews so far.
    pub fn review_findings(&self) -> &[ReviewFinding] {
        &self.findings
    }

    /// The draft: each item in it with its treatment, in scenario order.
    pub fn draft(&self) -> Vec<(ItemIx, Treatment)> {
        self.draft
            .iter()
            .enumerate()
            .filter_map(|(ix, t)| t.map(|t| (ix, t)))
            .collect()
    }

    /// The treatment of one item, if it is in the draft.
    pub fn treatment(&self, item: ItemIx) -> Option<Treatment> {
        self.draft[item]
    }

    /// The choices whose conditions hold at the current stage.
    pub fn available_choices(&self) -> Vec<&'a Choice> {
        match self.current_stage() {
            Some(stage) => stage
                .choices
                .iter()
                .filter(|c| c.requires.iter().all(|r| self.holds(r)))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The available choices in the order to show them: shuffled by the seed and stage,
    /// so the careful choice is not always where the author wrote it. The same seed always
    /// gives the same order, so a class sees the same screen.
    pub fn choices_in_display_order(&self) -> Vec<&'a Choice> {
        let Some(stage) = self.current_stage() else {
            return Vec::new();
        };
        let mut choices = self.available_choices();
        let stage_key = fnv1a(stage.id.as_bytes());
        choices.sort_by_key(|c| {
            crate::rng::keyed(self.seed, DISPLAY_DOMAIN, stage_key, fnv1a(c.id.as_bytes()))
        });
        choices
    }

    /// Items the player may edit at the current stage: those the stage lists that are in the draft.
    pub fn editable_items(&self) -> Vec<ItemIx> {
        match self.current_stage() {
            Some(stage) => stage
                .editable
                .iter()
                .filter_map(|id| self.scenario.item_ix(id))
                .filter(|ix| self.draft[*ix].is_some())
                .collect(),
            None => Vec::new(),
        }
    }

    fn holds(&self, condition: &Condition) -> bool {
        match condition {
            Condition::Chose(s, c) => self.taken.iter().any(|(ts, tc)| ts == s && tc == c),
            Condition::NotChose(s, c) => !self.taken.iter().any(|(ts, tc)| ts == s && tc == c),
            Condition::Approved => self.approved,
            Condition::NotApproved => !self.approved,
            Condition::Reviewed => self.reviews > 0,
            Condition::NotReviewed => self.reviews == 0,
            Condition::InDraft(item) => self
                .scenario
                .item_ix(item)
                .and_then(|ix| self.draft[ix])
                .is_some_and(|t| t != Treatment::Redact),
            Condition::AnyOf(list) => list.iter().any(|c| self.holds(c)),
        }
    }

    /// Applies one decision.
    pub fn apply(&mut self, decision: &Decision) -> Result<(), RunError> {
        let Some(stage) = self.current_stage() else {
            return Err(RunError::Finished);
        };
        let (Decision::Choose { stage: named, .. } | Decision::Edit { stage: named, .. }) =
            decision;
        if *named != stage.id {
            return Err(RunError::WrongStage {
                current: stage.id.clone(),
                named: named.clone(),
            });
        }
        match decision {
            Decision::Choose { choice, .. } => self.choose(choice),
            Decision::Edit {
                item, treatment, ..
            } => self.edit(item, *treatment),
        }
    }

    /// Sets one item's treatment, where the current stage allows editing it.
    pub fn edit(&mut self, item: &str, treatment: Treatment) -> Result<(), RunError> {
        let Some(stage) = self.current_stage() else {
            return Err(RunError::Finished);
        };
        let Some(ix) = self.scenario.item_ix(item) else {
            return Err(RunError::NotEditable(item.to_string()));
        };
        if !stage.editable.iter().any(|e| e == item) {
            return Err(RunError::NotEditable(item.to_string()));
        }
        // Editing works on the draft: what is not in the story cannot be kept or cut in it.
        if self.draft[ix].is_none() {
            return Err(RunError::NotInDraft(item.to_string()));
        }
        if treatment == Treatment::Generalise && self.scenario.item(ix).generalised.is_none() {
            return Err(RunError::CannotGeneralise(item.to_string()));
        }
        if !self.before_edits.iter().any(|(i, _)| *i == ix) {
            self.before_edits.push((ix, self.draft[ix]));
        }
        self.draft[ix] = Some(treatment);
        self.decisions
            .push(Decision::edit(&stage.id, item, treatment));
        Ok(())
    }

    /// Takes a choice at the current stage.
    pub fn choose(&mut self, choice_id: &str) -> Result<(), RunError> {
        let Some(stage) = self.current_stage() else {
            return Err(RunError::Finished);
        };
        let Some(choice) = stage.choices.iter().find(|c| c.id == choice_id) else {
            return Err(RunError::NoSuchChoice(choice_id.to_string()));
        };
        if !choice.requires.iter().all(|r| self.holds(r)) {
            return Err(RunError::NotAvailable(choice_id.to_string()));
        }
        self.decisions.push(Decision::choose(&stage.id, choice_id));
        self.taken.push((stage.id.clone(), choice.id.clone()));
        self.hours += choice.hours;
        self.clock.push(self.hours);
        for effect in &choice.effects {
            self.effect(effect);
        }
        self.before_edits.clear();
        if self.ending.is_none() {
            self.stage = choice
                .next
                .as_deref()
                .and_then(|id| self.scenario.stage_ix(id));
            if self.stage.is_none() {
                // Validation rules this out; hold rather than hang if it happens anyway.
                self.ending = Some(Ending::Held { hour: self.hours });
            }
        } else {
            self.stage = None;
        }
        Ok(())
    }

    fn effect(&mut self, effect: &Effect) {
        let sc = self.scenario;
        match effect {
            Effect::Include(ids) => self.set(ids, Treatment::Keep),
            Effect::Redact(ids) => self.set(ids, Treatment::Redact),
            Effect::Generalise(ids) => self.set(ids, Treatment::Generalise),
            Effect::HandOver(materials) => {
                for id in materials {
                    if let Some(m) = sc.material_ix(id) {
                        if !self.handed_over.contains(&m) {
                            self.handed_over.push(m);
                        }
                        // The reporter uses everything in what they were given.
                        let items: Vec<ItemIx> = sc.items_of_material(m).collect();
                        for ix in items {
                            if self.draft[ix].is_none() {
                                self.draft[ix] = Some(Treatment::Keep);
                            }
                        }
                    }
                }
            }
            Effect::DiscardEdits => {
                for (ix, before) in std::mem::take(&mut self.before_edits) {
                    self.draft[ix] = before;
                }
            }
            Effect::SeekApproval => self.approved = true,
            Effect::Review => self.review(),
            Effect::Lapse(text) => self.lapses.push(text.clone()),
            Effect::Publish => self.ending = Some(Ending::Published { hour: self.hours }),
            Effect::Hold => self.ending = Some(Ending::Held { hour: self.hours }),
        }
    }

    fn set(&mut self, ids: &[String], treatment: Treatment) {
        for id in ids {
            if let Some(ix) = self.scenario.item_ix(id) {
                self.draft[ix] = Some(treatment);
            }
        }
    }

    /// A confidentiality review: each sensitive item in the draft is caught with its chance.
    ///
    /// Each item's draw depends only on the seed, the review's number and the
    /// item, so changing an unrelated earlier choice never changes what the
    /// reviewer notices.
    fn review(&mut self) {
        self.reviews += 1;
        let catch_default = self.scenario.file.review.catch_chance;
        for ix in 0..self.draft.len() {
            let Some(t) = self.draft[ix] else { continue };
            let item = self.scenario.item(ix);
            if t == Treatment::Redact {
                continue;
            }
            let level = wording(item, t).classification;
            if !level.is_sensitive() {
                continue;
            }
            let chance = item.catch_chance.unwrap_or(catch_default);
            let caught =
                !self.lenient_review && caught_in_review(self.seed, self.reviews, ix, chance);
            let action = caught.then(|| {
                let generalise_ok = t == Treatment::Keep
                    && item
                        .generalised
                        .as_ref()
                        .is_some_and(|g| !g.classification.is_sensitive());
                if generalise_ok {
                    Treatment::Generalise
                } else {
                    Treatment::Redact
                }
            });
            if let Some(a) = action {
                self.draft[ix] = Some(a);
            }
            self.findings.push(ReviewFinding {
                review: self.reviews,
                item: item.id.clone(),
                caught,
                action,
            });
        }
    }

    /// Items handed over to someone outside, as material indices.
    pub fn handed_over(&self) -> &[usize] {
        &self.handed_over
    }

    /// Lapses recorded by the author's `Lapse` effects.
    pub fn lapses(&self) -> &[String] {
        &self.lapses
    }

    /// Hours on the clock after each choice taken.
    pub fn clock(&self) -> &[f64] {
        &self.clock
    }

    /// How the run ended, once it has.
    pub fn ending(&self) -> Option<Ending> {
        self.ending
    }
}

/// Whether review number `review` (from 1) catches item `ix`, which it does with `chance`.
pub(crate) fn caught_in_review(seed: u64, review: u32, ix: ItemIx, chance: f64) -> bool {
    review_draw(seed, review, ix) < chance
}

/// The draw that decides whether review number `review` catches item `ix`: it does when the draw is below its chance.
pub(crate) fn review_draw(seed: u64, review: u32, ix: ItemIx) -> f64 {
    unit_draw(seed, REVIEW_DOMAIN, u64::from(review), ix as u64)
}
