//! What the game is started with: plain data the launcher fills in from the command line.

use crate::scenarios::Source;
use std::path::PathBuf;

/// How the game starts.
#[derive(Debug, Clone)]
pub struct GameOptions {
    /// Where the scenarios come from.
    pub scenarios: Source,
    /// Open this scenario file's briefing straight away.
    pub scenario: Option<PathBuf>,
    /// A fixed seed instead of one from the session code (tests, playtests).
    pub seed: Option<u64>,
    /// With `scenario`: start at this stage, after the decisions that lead there (playtesting).
    pub from: Option<String>,
    /// Show a recorded run (its consequences and debrief) instead of playing.
    pub replay: Option<PathBuf>,
    /// Where run records go, overriding the setting.
    pub results: Option<PathBuf>,
    /// Window size in pixels.
    pub window_size: (u32, u32),
}

impl Default for GameOptions {
    fn default() -> Self {
        GameOptions {
            scenarios: Source::resolve(None),
            scenario: None,
            seed: None,
            from: None,
            replay: None,
            results: None,
            window_size: (1280, 720),
        }
    }
}
