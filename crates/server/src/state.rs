//! What every handler shares: the authority, the configuration, the join limiter and the LRS push in progress.

use crate::authority::Authority;
use crate::config::Config;
use crate::limiter::Limiter;
use std::sync::Arc;

/// The shared state, cheap to clone.
#[derive(Clone)]
pub struct AppState(pub Arc<Shared>);

/// What is shared.
pub struct Shared {
    /// The authority over sessions and runs.
    pub authority: Authority,
    /// How the server was started.
    pub config: Config,
    /// Joins per address.
    pub joins: Limiter,
    /// The hash of a random password, checked against when a login names no account, so timing tells no names.
    pub dummy_hash: String,
    /// The last LRS push of each session: what it said.
    pub lrs_reports: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}
