//! The rules of Press Check: scenarios, validation, outlet networks, reprint cascades, scoring and debriefs.
//!
//! This crate has no Bevy dependency. Every front end (the game, the command
//! line, the class server) is a thin layer over it: it loads a [`Scenario`],
//! drives a [`Run`] with [`Decision`]s and shows the [`Outcome`] it produces.
//! Every outcome is a pure function of the scenario file, the seed and the
//! decisions. A front end shows; it never decides.
//!
//! # Reading order
//!
//! The modules are layered: each one uses only the modules listed before it.
//!
//! 1. The file format and its limits: [`model`], [`limits`]; with the
//!    utilities [`decimal`], [`rng`], [`locate`] and [`diagnostics`].
//! 2. The outlet network and the cascade core: [`follow_graph`],
//!    [`cascade_core`] (any network, any chances) and [`cascade_batch`] (many
//!    stories' cascades in one walk), then [`outlets`] and [`network`].
//! 3. The checked scenario, which keeps its network: [`scenario`].
//! 4. Decisions: [`treatment`] (what keeping, generalising or cutting an item
//!    sends out) and [`decision`].
//! 5. The run: [`run`], and the [`seed`] policy.
//! 6. The story and its spread: [`story`], [`cascade`], [`spread`].
//! 7. Pure functions of them: [`repercussion`], [`score`], [`debrief`].
//! 8. The outcome: [`outcome`] ([`Run::finish`] and [`play`]), and
//!    [`replays`], what usually happens to the story as it went out.
//! 9. On top: [`explore`] (one explorer of run states), [`graph`],
//!    [`template`], [`lint`], [`strategy`], [`validate`], [`whatif`],
//!    [`mod@load`] and [`analyze`].
//!
//! `tests/layers.rs` keeps it so.
#![warn(missing_docs)]

// 1. The file format, its limits, and small utilities below everything.
pub mod decimal;
pub mod limits;
pub mod model;
pub mod rng;
// How the desk lays out each kind of material.
pub mod desk_form;

pub mod locate;

pub mod diagnostics;

// 2. The outlet network, and the cascade core over any network.
pub mod follow_graph;

pub mod cascade_core;

pub mod cascade_batch;

pub mod outlets;

pub mod network;

pub(crate) mod batch_totals;

// 3. The checked scenario, which keeps its network.
pub mod scenario;

// 4. Decisions.
pub mod treatment;

pub mod decision;

// 5. The run, and where its seed comes from.
pub mod run;
pub mod seed;

// 6. The story and its spread.
pub mod story;

pub mod cascade;

pub mod spread;

// 7. Score, repercussions and debrief: pure functions of the run, the story and its spread.
pub mod repercussion;
pub mod score;

pub mod debrief;

// 8. The outcome, and what usually happens to its story.
pub mod outcome;

pub mod replays;

// 9. Tools on top: exploring run states, validation, lints, loading, strategies, what-if, analysis.
pub mod explore;
pub mod graph;
pub mod template;

pub mod lint;
pub mod strategy;
pub mod validate;
pub mod whatif;

pub mod load;

pub mod analyze;

pub use decision::{Decision, parse_decisions};
pub use diagnostics::{Code, Diagnostic, Severity};
pub use load::{LoadError, Loaded, load};
pub use outcome::{Outcome, PlayError, play};
pub use run::{Ending, Run, RunError};
pub use scenario::Scenario;
pub use strategy::Strategy;
pub use treatment::Treatment;
