//! Quitting as the window's close button does: the drawing surface is let go a frame before the window, so no graphics driver waits on a window that is already gone.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::window::{PrimaryWindow, WindowCloseRequested};

/// Ends the game. Writing `AppExit` straight away destroys the window while the
/// render thread may still be presenting to it, which can hang some Vulkan
/// drivers (Mesa's X11 one among them) on exit; closing the primary window lets
/// Bevy drop the surface first and exit once the window is gone.
#[derive(SystemParam)]
pub struct Quit<'w, 's> {
    primary: Query<'w, 's, Entity, With<PrimaryWindow>>,
    close: MessageWriter<'w, WindowCloseRequested>,
    exit: MessageWriter<'w, AppExit>,
}

impl Quit<'_, '_> {
    /// Closes the primary window, which ends the app; with no window, exits at once.
    pub fn quit(&mut self) {
        match self.primary.single() {
            Ok(window) => {
                self.close.write(WindowCloseRequested { window });
            }
            Err(_) => {
                self.exit.write(AppExit::Success);
            }
        }
    }
}
