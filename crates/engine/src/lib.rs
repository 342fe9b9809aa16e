//! The rules of Press Check: scenarios, validation, outlet networks, reprint cascades, scoring and debriefs.
//!
//! This crate has no Bevy dependency. The game and the command line are thin
//! front ends over it: they load a [`Scenario`], drive a [`Run`] with
//! [`Decision`]s and show the [`Outcome`] it produces. Every outcome is a pure
//! function of the scenario file, the seed and the decisions.
#![warn(missing_docs)]

pub mod analyze;
pub mod cascade;
pub mod debrief;
pub mod diagnostics;
pub mod graph;
pub mod lint;
pub mod load;
pub mod locate;
pub mod model;
pub mod network;
pub mod outcome;
pub mod rng;
pub mod run;
pub mod score;
pub mod strategy;
pub mod template;
pub mod validate;
pub mod whatif;

pub use diagnostics::{Diagnostic, Severity};
pub use load::{LoadError, Loaded, Scenario, load};
pub use outcome::Outcome;
pub use run::{Decision, Ending, PlayError, Run, RunError, Treatment, play};
pub use strategy::Strategy;
