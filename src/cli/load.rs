//! Loading the scenario a command names: by path or id, from the scenarios folder or the built-in ones, with every problem printed.

use super::EXIT_USAGE;
use super::render::{render, renderer};
use crate::scenarios::{Found, ScenarioRef, Source, load_ref, resolve};
use presscheck_engine::Scenario;
use std::process::ExitCode;

/// Resolves and loads a scenario argument; prints why not and returns the exit code when it cannot be played.
pub fn load_scenario(arg: &str) -> Result<(ScenarioRef, Scenario), ExitCode> {
    load_scenario_found(arg).map(|found| (found.file, found.scenario))
}

/// [`load_scenario`], keeping the file's text and warnings too.
pub fn load_scenario_found(arg: &str) -> Result<Found, ExitCode> {
    let source = Source::resolve(None);
    let file = resolve(arg, &source).map_err(|m| {
        eprintln!("error: {m}");
        ExitCode::from(EXIT_USAGE)
    })?;
    match load_ref(&file) {
        Ok(found) => Ok(found),
        Err(broken) => {
            let name = broken.file.name();
            let r = renderer();
            for d in &broken.diagnostics {
                eprintln!("{}\n", render(&r, d, &name, broken.text.as_deref()));
            }
            eprintln!("{name}: the scenario has errors and cannot be played");
            Err(ExitCode::FAILURE)
        }
    }
}
