//! What usually happens, for a run's pages: the engine's replays, computed off the async threads once per run and kept.
//!
//! A finished run's outcome never changes, so neither do its replays; a
//! debrief page reloaded for each "what if" would otherwise replay the story
//! a thousand times on every view.

use presscheck_engine::replays::{self, DEFAULT_REPLAYS, Replays, Threads};
use presscheck_engine::{Outcome, Scenario};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// Runs whose replays are kept at most; past it all are dropped, and each is recomputed when next asked for.
const KEPT: usize = 2_000;

/// The replays of finished runs, by run id.
#[derive(Default)]
pub struct UsualCache {
    by_run: Mutex<HashMap<Uuid, Option<Arc<Replays>>>>,
}

impl UsualCache {
    /// The replays of `run`, whose outcome is `outcome` on `scenario`; `None` when nothing was published.
    pub async fn of(
        &self,
        run: Uuid,
        scenario: &Arc<Scenario>,
        outcome: &Outcome,
    ) -> Option<Arc<Replays>> {
        if let Some(kept) = self.lock().get(&run) {
            return kept.clone();
        }
        let (scenario, outcome) = (scenario.clone(), outcome.clone());
        // One thread per run: the server's threads are its parallelism, and the async ones stay free.
        let computed = tokio::task::spawn_blocking(move || {
            replays::replays(&scenario, &outcome, DEFAULT_REPLAYS, Threads::One).map(Arc::new)
        })
        .await
        .ok()
        .flatten();
        let mut kept = self.lock();
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(run, computed.clone());
        computed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Option<Arc<Replays>>>> {
        // A panic elsewhere cannot leave a half-written entry: each is one insert.
        self.by_run
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use presscheck_engine::strategy::{self, Strategy};

    fn shipped(id: &str) -> Arc<Scenario> {
        let path = format!("{}/../../scenarios/{id}.ron", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(path).expect("a shipped scenario");
        Arc::new(presscheck_engine::load(&bytes).expect("valid").scenario)
    }

    #[tokio::test]
    async fn a_run_is_replayed_once_and_its_replays_are_the_engines() {
        let scenario = shipped("unapproved-interview");
        let decisions = strategy::decisions(&scenario, Strategy::PublishAll, 3);
        let outcome = presscheck_engine::play(&scenario, 3, &decisions).unwrap();
        let cache = UsualCache::default();
        let run = Uuid::new_v4();
        let first = cache.of(run, &scenario, &outcome).await.expect("published");
        let again = cache.of(run, &scenario, &outcome).await.expect("published");
        assert!(
            Arc::ptr_eq(&first, &again),
            "the second view is served from the cache"
        );
        let engine = replays::replays(&scenario, &outcome, DEFAULT_REPLAYS, Threads::Pool);
        assert_eq!(Some(&*first), engine.as_ref());

        let held = strategy::decisions(&scenario, Strategy::HoldAll, 3);
        let held = presscheck_engine::play(&scenario, 3, &held).unwrap();
        assert_eq!(cache.of(Uuid::new_v4(), &scenario, &held).await, None);
    }
}
