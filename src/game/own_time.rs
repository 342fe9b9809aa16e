//! The time the game's own systems spend on the consequences screen, which the frame benchmark reports beside the frame time.

use bevy::prelude::*;
use std::time::Duration;

/// Time spent in the game's own systems on the measured screen, added up by those systems.
#[derive(Resource, Default, Debug)]
pub struct OwnSystemTime(pub Duration);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<OwnSystemTime>();
}
