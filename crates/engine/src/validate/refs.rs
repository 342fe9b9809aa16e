//! References between parts of a scenario: every id an effect, condition or model step names must exist, with "did you mean" when it nearly does.

use super::checker::Checker;
use crate::diagnostics::Code;
use crate::limits::MAX_CONDITION_DEPTH;
use crate::model::Condition;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The ids a scenario defines, for checking the ids it refers to.
pub(crate) struct Refs<'a> {
    /// Item id → (material index, item index).
    pub(crate) items: BTreeMap<&'a str, (usize, usize)>,
    pub(crate) materials: BTreeSet<&'a str>,
    /// Stage id → stage index (the first, when an id is used twice).
    pub(crate) stages: HashMap<&'a str, usize>,
    /// Stage id → the ids of its choices.
    pub(crate) choices: HashMap<&'a str, BTreeSet<&'a str>>,
    /// Ids of materials and items defined more than once (already reported).
    pub(crate) duplicated: BTreeSet<&'a str>,
}

impl Refs<'_> {
    /// Checks an item reference; true when the item exists.
    pub(crate) fn item(&self, c: &mut Checker<'_>, path: &str, id: &str) -> bool {
        if self.items.contains_key(id) {
            return true;
        }
        if self.duplicated.contains(id) {
            // Its cause, the id given twice, is reported once where it is.
            return false;
        }
        let d = if self.materials.contains(id) {
            let d = c.error(
                Code::MaterialNotItem,
                path,
                format!("`{id}` is a material, not an item"),
            );
            Checker::hint(d, "name the items, or use `HandOver` for a whole material");
            d
        } else {
            c.error(
                Code::UnknownReference,
                path,
                format!("no item has the id `{id}`"),
            )
        };
        if d.hint.is_none()
            && let Some(best) = closest(id, self.items.keys().copied())
        {
            Checker::hint(d, format!("did you mean `{best}`?"));
        }
        false
    }

    /// Checks a material reference.
    pub(crate) fn material(&self, c: &mut Checker<'_>, path: &str, id: &str) {
        if !self.materials.contains(id) && !self.duplicated.contains(id) {
            let d = c.error(
                Code::UnknownReference,
                path,
                format!("no material has the id `{id}`"),
            );
            if let Some(best) = closest(id, self.materials.iter().copied()) {
                Checker::hint(d, format!("did you mean `{best}`?"));
            }
        }
    }

    /// Checks a stage reference (a `next` or a `start`).
    pub(crate) fn stage(&self, c: &mut Checker<'_>, path: &str, id: &str) {
        if !self.stages.contains_key(id) {
            let d = c.error(
                Code::UnknownReference,
                path,
                format!("no stage has the id `{id}`"),
            );
            if let Some(best) = closest(id, self.stages.keys().copied()) {
                Checker::hint(d, format!("did you mean `{best}`?"));
            }
        }
    }

    /// Checks a `(stage, choice)` pair, as in `Chose` and the model play.
    pub(crate) fn stage_choice(&self, c: &mut Checker<'_>, path: &str, stage: &str, choice: &str) {
        match self.choices.get(stage) {
            None => {
                let d = c.error(
                    Code::UnknownReference,
                    &format!("{path}.0"),
                    format!("no stage has the id `{stage}`"),
                );
                if let Some(best) = closest(stage, self.stages.keys().copied()) {
                    Checker::hint(d, format!("did you mean `{best}`?"));
                }
            }
            Some(choices) if !choices.contains(choice) => {
                let d = c.error(
                    Code::UnknownReference,
                    &format!("{path}.1"),
                    format!("stage `{stage}` has no choice with the id `{choice}`"),
                );
                if let Some(best) = closest(choice, choices.iter().copied()) {
                    Checker::hint(d, format!("did you mean `{best}`?"));
                }
            }
            Some(_) => {}
        }
    }

    /// Checks a condition and those nested in it.
    pub(crate) fn condition(
        &self,
        c: &mut Checker<'_>,
        path: &str,
        cond: &Condition,
        depth: usize,
    ) {
        match cond {
            Condition::Chose(s, ch) | Condition::NotChose(s, ch) => {
                self.stage_choice(c, path, s, ch)
            }
            Condition::InDraft(item) => {
                self.item(c, &format!("{path}.0"), item);
            }
            Condition::AnyOf(list) => {
                if depth >= MAX_CONDITION_DEPTH {
                    c.error(
                        Code::BadCondition,
                        path,
                        format!("conditions are nested more than {MAX_CONDITION_DEPTH} deep"),
                    );
                    return;
                }
                if list.is_empty() {
                    c.error(Code::BadCondition, path, "`AnyOf([])` can never hold");
                }
                for (i, inner) in list.iter().enumerate() {
                    self.condition(c, &format!("{path}.0[{i}]"), inner, depth + 1);
                }
            }
            Condition::Approved
            | Condition::NotApproved
            | Condition::Reviewed
            | Condition::NotReviewed => {}
        }
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|cand| (strsim::levenshtein(word, cand), cand))
        .filter(|(d, cand)| {
            *d <= (cand.len().max(word.len()) / 3).max(if word.len() >= 4 { 2 } else { 1 })
        })
        .min()
        .map(|(_, cand)| cand)
}
