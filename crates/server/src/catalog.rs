//! The scenarios the server offers, loaded once when it starts: a scenario changed later is offered after a restart.

use presscheck_engine::Scenario;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Scenarios by id.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    by_id: BTreeMap<String, Arc<Scenario>>,
}

impl Catalog {
    /// The catalog of these scenarios; the first of two with the same id wins.
    pub fn new(scenarios: Vec<Scenario>) -> Catalog {
        let mut by_id = BTreeMap::new();
        for s in scenarios {
            by_id
                .entry(s.id().to_string())
                .or_insert_with(|| Arc::new(s));
        }
        Catalog { by_id }
    }

    /// The scenario with this id.
    pub fn get(&self, id: &str) -> Option<Arc<Scenario>> {
        self.by_id.get(id).cloned()
    }

    /// Every scenario, by id.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Scenario>> {
        self.by_id.values()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}
