//! Checks the meaning of a parsed scenario and reports every problem with its position, one family of checks per file.
//!
//! [`validate`] needs only the file; [`check_paths`] plays the indexed
//! scenario. [`crate::load()`] runs both, then the lints.

mod checker;
mod graph;
mod header;
mod materials;
mod model_play;
mod network;
mod paths;
mod refs;
mod scoring;
mod stages;

pub use crate::limits::{
    MAX_CASCADE_HOURS, MAX_CHOICES, MAX_CONDITION_DEPTH, MAX_FOLLOWS, MAX_ITEMS, MAX_LIST,
    MAX_MATERIALS, MAX_OUTLETS, MAX_PATHS_EXPLORED, MAX_STAGES, MAX_TEXT, valid_id,
};
pub use crate::scenario::parse_clock;
pub use paths::check_paths;

use crate::diagnostics::Diagnostic;
use crate::locate::SourceMap;
use crate::model::ScenarioFile;
use checker::Checker;

/// Checks everything that does not need the scenario to be played.
pub fn validate(file: &ScenarioFile, map: &SourceMap) -> Vec<Diagnostic> {
    let mut c = Checker::new(map);
    header::check(&mut c, file);
    let defined = materials::check(&mut c, file);
    let (refs, start) = stages::check(&mut c, file, defined);
    if let Some(start) = start {
        graph::check(&mut c, file, &refs.stages, start);
    }
    network::check(&mut c, file);
    scoring::check(&mut c, file);
    model_play::check(&mut c, file, &refs);
    c.out
}
