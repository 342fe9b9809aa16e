//! Press Check's front ends over `presscheck-engine` and `presscheck-records`: the command line and, with the `game` feature, the Bevy game.
//!
//! Modules point one way: [`paths`] and [`scenarios`] sit below both front
//! ends; [`cli`] and [`game`] never import each other; [`mod@bench`] drives the
//! game; [`launch`] is the top, which parses the command line and starts
//! whichever is asked for.

pub mod paths;
pub mod scenarios;

pub mod cli;
#[cfg(feature = "game")]
pub mod game;

#[cfg(feature = "bench")]
pub mod bench;

pub mod launch;
