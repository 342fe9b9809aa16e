//! Integration tests of the `presscheck` binary: validation, headless play and the game window.
//!
//! One test binary for the whole package keeps link time down (Bevy is large).

mod authoring;
mod command_line;
mod e2e;
#[path = "../support/fault_lrs.rs"]
mod fault_lrs;
mod game_window;
mod headless;
mod hostile;
mod lrs_faults;
mod play;
#[path = "../support/ralph.rs"]
mod ralph;
mod records;
mod server;
mod validate;

use assert_cmd::Command;
use std::path::PathBuf;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root.
pub fn presscheck() -> Command {
    let mut cmd = Command::cargo_bin("presscheck").expect("binary is built");
    cmd.current_dir(root());
    cmd.env_remove("PRESSCHECK_SCENARIOS");
    cmd
}
