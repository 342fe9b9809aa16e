//! Press Check's front ends: the command line and the Bevy game, both thin layers over `presscheck-engine`.

pub mod cli;
pub mod game;
pub mod paths;
