//! The scenarios on offer, kept up to date while the game runs (hot reload).
//!
//! A scenarios folder is polled twice a second: a changed file is reloaded; a
//! good version replaces the old one, a bad one is shown with its errors while
//! the game keeps the last good version. Polling works the same on every
//! system and in headless tests. Without a folder, the built-in scenarios are
//! offered, and they never change.

use crate::scenarios::{ScenarioRef, Source, built_in};
use bevy::prelude::*;
use presscheck_engine::diagnostics::Code;
use presscheck_engine::{Diagnostic, Scenario, load};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Where the game finds scenarios.
#[derive(Resource, Clone, Debug)]
pub struct ScenarioSource(pub Source);

/// One scenario file as the game sees it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The file.
    pub file: ScenarioRef,
    /// The last version that loaded without errors, if any.
    pub scenario: Option<Arc<Scenario>>,
    /// Errors of the current version of the file; empty when it is good.
    pub errors: Vec<Diagnostic>,
    /// Warnings of the last good version.
    pub warnings: Vec<Diagnostic>,
    stamp: Option<(SystemTime, u64)>,
    bytes_hash: u64,
}

impl Entry {
    /// An entry for a file not read yet.
    fn unread(file: ScenarioRef) -> Entry {
        Entry {
            file,
            scenario: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            stamp: None,
            bytes_hash: 0,
        }
    }

    /// A short name for the file.
    pub fn file_name(&self) -> String {
        match &self.file {
            ScenarioRef::File(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            ScenarioRef::BuiltIn(name) => (*name).to_string(),
        }
    }
}

/// Every scenario file found, sorted by file name.
#[derive(Resource, Default, Debug)]
pub struct Catalog {
    /// The entries.
    pub entries: Vec<Entry>,
    /// Bumped on every change, so screens know to redraw.
    pub generation: u64,
}

impl Catalog {
    /// The entry for a scenario id, if one has loaded.
    pub fn by_id(&self, id: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.scenario.as_ref().is_some_and(|s| s.id() == id))
    }
}

/// How often the folder is checked for changes.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

#[derive(Resource)]
struct PollTimer(Timer);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Catalog>()
        .insert_resource(PollTimer(Timer::new(POLL_INTERVAL, TimerMode::Repeating)))
        .add_systems(PreStartup, initial_scan)
        .add_systems(Update, poll);
}

fn initial_scan(source: Option<Res<ScenarioSource>>, mut catalog: ResMut<Catalog>) {
    match source.as_deref().map(|s| &s.0) {
        Some(Source::Folder(dir, _)) => {
            refresh(dir, &mut catalog);
        }
        Some(Source::BuiltIn) => load_built_in(&mut catalog),
        None => {}
    }
}

fn poll(
    time: Res<Time>,
    mut timer: ResMut<PollTimer>,
    source: Option<Res<ScenarioSource>>,
    mut catalog: ResMut<Catalog>,
) {
    if !timer.0.tick(time.delta()).just_finished() {
        return;
    }
    if let Some(Source::Folder(dir, _)) = source.as_deref().map(|s| &s.0) {
        refresh(dir, &mut catalog);
    }
}

/// The built-in scenarios, which never change while the game runs.
fn load_built_in(catalog: &mut Catalog) {
    for file in built_in() {
        let mut entry = Entry::unread(file.clone());
        match file.bytes().map(|b| load(&b)) {
            Ok(Ok(loaded)) => {
                entry.scenario = Some(Arc::new(loaded.scenario));
                entry.warnings = loaded.warnings;
            }
            Ok(Err(e)) => entry.errors = e.diagnostics,
            Err(message) => entry.errors = vec![Diagnostic::at_start(Code::Unreadable, message)],
        }
        catalog.entries.push(entry);
    }
    catalog.generation += 1;
}

/// Brings the catalog up to date with the folder (its `.ron` files, not subfolders); returns whether anything changed.
pub fn refresh(dir: &Path, catalog: &mut Catalog) -> bool {
    let mut paths: Vec<ScenarioRef> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(ScenarioRef::File)
        .collect();
    paths.sort_by_key(ScenarioRef::name);
    let mut changed = false;
    let before = catalog.entries.len();
    catalog.entries.retain(|e| paths.contains(&e.file));
    changed |= catalog.entries.len() != before;
    for file in paths {
        let Some(path) = file.path() else { continue };
        let stamp = std::fs::metadata(path)
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())));
        let existing = catalog.entries.iter().position(|e| e.file == file);
        if let Some(i) = existing
            && catalog.entries[i].stamp == stamp
        {
            continue;
        }
        let bytes = file.bytes();
        let hash = bytes.as_ref().map(|b| fnv1a(b)).unwrap_or(0);
        let entry = match existing {
            Some(i) => &mut catalog.entries[i],
            None => {
                catalog.entries.push(Entry::unread(file.clone()));
                catalog.entries.last_mut().expect("just pushed")
            }
        };
        let was_new = entry.stamp.is_none();
        entry.stamp = stamp;
        if !was_new && entry.bytes_hash == hash {
            // Touched but unchanged.
            continue;
        }
        entry.bytes_hash = hash;
        changed = true;
        match bytes {
            Err(message) => {
                entry.errors = vec![Diagnostic::at_start(Code::Unreadable, message)];
            }
            Ok(bytes) => match load(&bytes) {
                Ok(loaded) => {
                    entry.scenario = Some(Arc::new(loaded.scenario));
                    entry.errors.clear();
                    entry.warnings = loaded.warnings;
                    info!("scenario loaded: {}", path.display());
                }
                Err(e) => {
                    // Keep the last good version; show what is wrong with this one.
                    entry.errors = e.diagnostics.into_iter().filter(|d| d.is_error()).collect();
                    for d in entry.errors.iter().take(3) {
                        warn!("{}", d.headline(&path.display().to_string()));
                    }
                }
            },
        }
    }
    if changed {
        catalog.entries.sort_by_key(|e| e.file.name());
        catalog.generation += 1;
    }
    changed
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
