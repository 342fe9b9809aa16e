//! Balance while an author writes: each hot-reloaded scenario is analyzed in the background and its findings shown on the select screen.

use super::catalog::Catalog;
use crate::scenarios::ScenarioRef;
use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};
use presscheck_engine::Scenario;
use presscheck_engine::analyze::{AnalyzeOptions, Finding, analyze_cancellable};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Seeds per path for the in-game check: enough to see the balance within a second or two of saving.
pub const SEEDS: u32 = 200;

/// The balance check of one scenario file.
pub enum BalanceCheck {
    /// Being analyzed.
    Running {
        /// Content hash of the version being analyzed.
        hash: String,
        /// The analysis; `None` when it was cancelled.
        task: Task<Option<Vec<Finding>>>,
        /// Set to stop the analysis: a newer version of the file replaces it.
        cancel: Arc<AtomicBool>,
    },
    /// Analyzed.
    Done {
        /// Content hash of the version analyzed.
        hash: String,
        /// What `presscheck analyze` would say, with [`SEEDS`] seeds.
        findings: Vec<Finding>,
    },
}

/// Balance checks by scenario file.
#[derive(Resource, Default)]
pub struct Balance {
    /// The checks.
    pub by_path: HashMap<ScenarioRef, BalanceCheck>,
    /// Bumped when a check starts or finishes, so the select screen redraws.
    pub generation: u64,
    /// Content hashes seen at the first scan: those are not being edited, so not analyzed.
    first_seen: HashMap<ScenarioRef, String>,
    catalog_generation: Option<u64>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Balance>()
        .add_systems(Update, (start_checks, finish_checks).chain());
}

/// Starts an analysis for every scenario whose good version changed since the game started.
fn start_checks(catalog: Res<Catalog>, mut balance: ResMut<Balance>) {
    if balance.catalog_generation == Some(catalog.generation) {
        return;
    }
    let first = balance.catalog_generation.is_none();
    balance.catalog_generation = Some(catalog.generation);
    for entry in &catalog.entries {
        let Some(scenario) = &entry.scenario else {
            continue;
        };
        let hash = scenario.content_hash.clone();
        if first {
            balance.first_seen.insert(entry.file.clone(), hash);
            continue;
        }
        let unchanged_since_start = balance.first_seen.get(&entry.file) == Some(&hash);
        let already = match balance.by_path.get(&entry.file) {
            Some(BalanceCheck::Running { hash: h, .. } | BalanceCheck::Done { hash: h, .. }) => {
                *h == hash
            }
            None => false,
        };
        if unchanged_since_start {
            // Edited back to how it was at start: no check to show.
            if let Some(old) = balance.by_path.remove(&entry.file) {
                if let BalanceCheck::Running { cancel, .. } = old {
                    cancel.store(true, Ordering::Relaxed);
                }
                balance.generation += 1;
            }
            continue;
        }
        if already {
            continue;
        }
        let scenario: Arc<Scenario> = scenario.clone();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        let task = AsyncComputeTaskPool::get().spawn(async move {
            let options = AnalyzeOptions {
                seeds: SEEDS,
                ..AnalyzeOptions::default()
            };
            analyze_cancellable(&scenario, &options, &|_, _| {}, &flag).map(|a| a.findings)
        });
        // A newer version replaces a running check, which stops at its next seed.
        let replaced = balance.by_path.insert(
            entry.file.clone(),
            BalanceCheck::Running { hash, task, cancel },
        );
        if let Some(BalanceCheck::Running { cancel, .. }) = replaced {
            cancel.store(true, Ordering::Relaxed);
        }
        balance.generation += 1;
    }
}

fn finish_checks(mut balance: ResMut<Balance>) {
    let mut finished = false;
    for check in balance.by_path.values_mut() {
        if let BalanceCheck::Running { hash, task, .. } = check
            && let Some(Some(findings)) = check_ready(task)
        {
            info!("balance checked: {} finding(s)", findings.len());
            *check = BalanceCheck::Done {
                hash: hash.clone(),
                findings,
            };
            finished = true;
        }
    }
    if finished {
        balance.generation += 1;
    }
}
