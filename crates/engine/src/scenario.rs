//! The checked scenario: the parsed file with lookups by id, its content hash, and its clock.
//!
//! A [`Scenario`] is only made by [`crate::load()`] from a file that passed
//! validation, so every id it refers to exists and every lookup here succeeds
//! for ids taken from the file itself.

use crate::model::{Choice, Effect, Item, Material, NetworkParams, ScenarioFile, Stage};
use crate::network::Network;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Index of an item in the flattened item list of a scenario.
pub type ItemIx = usize;

/// A validated scenario, with lookups by id.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file as parsed.
    pub file: ScenarioFile,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub content_hash: String,
    /// Every item, flattened: `(material index, item index within it)`.
    items: Vec<(usize, usize)>,
    item_ids: HashMap<String, usize>,
    material_ids: HashMap<String, usize>,
    stage_ids: HashMap<String, usize>,
    start: usize,
    network: KeptNetwork,
}

/// The outlet network of the parameters it was generated from, kept for the
/// next run or replays of the scenario: a million outlets take half a second to generate.
#[derive(Debug, Default)]
struct KeptNetwork(Mutex<Option<(NetworkParams, Arc<Network>)>>);

impl Clone for KeptNetwork {
    fn clone(&self) -> Self {
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        KeptNetwork(Mutex::new(kept.clone()))
    }
}

impl Scenario {
    /// Indexes a file that passed validation; `bytes` are the file's, for its content hash.
    pub(crate) fn index(file: ScenarioFile, bytes: &[u8]) -> Scenario {
        let mut items = Vec::new();
        let mut item_ids = HashMap::new();
        let mut material_ids = HashMap::new();
        for (m, material) in file.materials.iter().enumerate() {
            material_ids.insert(material.id.clone(), m);
            for (i, item) in material.items.iter().enumerate() {
                item_ids.insert(item.id.clone(), items.len());
                items.push((m, i));
            }
        }
        let stage_ids: HashMap<String, usize> = file
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let start = file
            .start
            .as_ref()
            .and_then(|s| stage_ids.get(s).copied())
            .unwrap_or(0);
        Scenario {
            file,
            content_hash: content_hash(bytes),
            items,
            item_ids,
            material_ids,
            stage_ids,
            start,
            network: KeptNetwork::default(),
        }
    }

    /// The outlet network of the scenario's `network` parameters: generated
    /// on first use and kept, and generated again if the parameters change.
    pub fn network(&self) -> Arc<Network> {
        let params = &self.file.network;
        let mut kept = self
            .network
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match kept.as_ref() {
            Some((made_of, network)) if made_of == params => Arc::clone(network),
            _ => {
                let network = Arc::new(Network::of(params));
                *kept = Some((params.clone(), Arc::clone(&network)));
                network
            }
        }
    }

    /// Number of items.
    pub fn item_count(&self) -> usize {
        self.items.len()
    }

    /// The item at a flattened index.
    pub fn item(&self, ix: ItemIx) -> &Item {
        let (m, i) = self.items[ix];
        &self.file.materials[m].items[i]
    }

    /// The material an item belongs to.
    pub fn material_of(&self, ix: ItemIx) -> &Material {
        &self.file.materials[self.items[ix].0]
    }

    /// The flattened index of an item id.
    pub fn item_ix(&self, id: &str) -> Option<ItemIx> {
        self.item_ids.get(id).copied()
    }

    /// The index of a material id.
    pub fn material_ix(&self, id: &str) -> Option<usize> {
        self.material_ids.get(id).copied()
    }

    /// Flattened indices of a material's items.
    pub fn items_of_material(&self, material: usize) -> impl Iterator<Item = ItemIx> + '_ {
        self.items
            .iter()
            .enumerate()
            .filter(move |(_, (m, _))| *m == material)
            .map(|(ix, _)| ix)
    }

    /// The index of a stage id.
    pub fn stage_ix(&self, id: &str) -> Option<usize> {
        self.stage_ids.get(id).copied()
    }

    /// The stage at an index.
    pub fn stage(&self, ix: usize) -> &Stage {
        &self.file.stages[ix]
    }

    /// The stage with this id.
    pub fn stage_by_id(&self, id: &str) -> Option<&Stage> {
        self.stage_ix(id).map(|ix| self.stage(ix))
    }

    /// The choice `choice` of stage `stage`.
    pub fn choice(&self, stage: &str, choice: &str) -> Option<&Choice> {
        self.stage_by_id(stage)?
            .choices
            .iter()
            .find(|c| c.id == choice)
    }

    /// Every choice whose `next` is the stage `stage`, with the index of the stage it is offered at.
    pub fn choices_into<'s>(
        &'s self,
        stage: &'s str,
    ) -> impl Iterator<Item = (usize, &'s Choice)> + 's {
        self.file
            .stages
            .iter()
            .enumerate()
            .flat_map(move |(p, ps)| {
                ps.choices
                    .iter()
                    .filter(move |c| c.next.as_deref() == Some(stage))
                    .map(move |c| (p, c))
            })
    }

    /// The first stage.
    pub fn start(&self) -> usize {
        self.start
    }

    /// The scenario's id.
    pub fn id(&self) -> &str {
        &self.file.id
    }

    /// The items a choice puts into the draft, whatever their treatment: named by
    /// `Include`, `Redact` or `Generalise`, or in a material it hands over.
    pub fn items_added_by(&self, choice: &Choice) -> Vec<ItemIx> {
        let mut items = Vec::new();
        for effect in &choice.effects {
            match effect {
                Effect::Include(ids) | Effect::Redact(ids) | Effect::Generalise(ids) => {
                    items.extend(ids.iter().filter_map(|id| self.item_ix(id)));
                }
                Effect::HandOver(materials) => {
                    for m in materials.iter().filter_map(|m| self.material_ix(m)) {
                        items.extend(self.items_of_material(m));
                    }
                }
                Effect::SeekApproval
                | Effect::DiscardEdits
                | Effect::Review
                | Effect::Lapse(_)
                | Effect::Publish
                | Effect::Hold => {}
            }
        }
        items
    }

    /// Hours after the start of play as a clock time, `HH:MM`, with `(+1d)` past midnight.
    pub fn clock(&self, hours: f64) -> String {
        let start = parse_clock(&self.file.briefing.start_time).unwrap_or(DEFAULT_START_MINUTES);
        let minutes = i64::from(start) + (hours * 60.0).round() as i64;
        let day = minutes.div_euclid(24 * 60);
        let m = minutes.rem_euclid(24 * 60);
        let suffix = if day > 0 {
            format!(" (+{day}d)")
        } else {
            String::new()
        };
        format!("{:02}:{:02}{suffix}", m / 60, m % 60)
    }

    /// The deadline in words: its label, with its time added unless the label
    /// names it already ("the 16:00 web edition", not "… at 16:00 at 16:00").
    pub fn deadline_words(&self) -> String {
        let b = &self.file.briefing;
        let clock = self.clock(b.deadline_hours);
        let at = clock.split(' ').next().unwrap_or(&clock);
        if b.deadline_label.contains(at) {
            b.deadline_label.clone()
        } else {
            format!("{} at {clock}", b.deadline_label)
        }
    }

    /// The briefing's sentence about time, for every front end: "It is 09:00. Your deadline is …, 7.0 hours from now."
    pub fn deadline_sentence(&self) -> String {
        let b = &self.file.briefing;
        format!(
            "It is {}. Your deadline is {}, {:.1} hours from now.",
            b.start_time,
            self.deadline_words(),
            b.deadline_hours
        )
    }
}

/// Minutes after midnight when play starts, if a file's `start_time` could not be read.
const DEFAULT_START_MINUTES: u32 = 9 * 60;

/// SHA-256 of a file's bytes, lower-case hex: how records name the exact version played.
pub fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Parses `HH:MM` into minutes after midnight.
pub fn parse_clock(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (h < 24 && m < 60).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    fn minimal() -> super::Scenario {
        let bytes = include_bytes!("../../../tests/fixtures/valid/minimal.ron");
        crate::load(bytes)
            .expect("the minimal fixture loads")
            .scenario
    }

    #[test]
    fn the_deadline_is_named_once_whether_or_not_its_label_says_the_time() {
        let mut s = minimal();
        let at = s.clock(s.file.briefing.deadline_hours);
        s.file.briefing.deadline_label = "the noon news".into();
        assert_eq!(s.deadline_words(), format!("the noon news at {at}"));
        s.file.briefing.deadline_label = format!("the {at} web edition");
        assert_eq!(s.deadline_words(), format!("the {at} web edition"));
        assert_eq!(
            s.deadline_sentence(),
            format!(
                "It is {}. Your deadline is the {at} web edition, {:.1} hours from now.",
                s.file.briefing.start_time, s.file.briefing.deadline_hours
            )
        );
        assert_eq!(s.deadline_sentence().matches(&at).count(), 1);
    }
}
