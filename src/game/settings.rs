//! Player settings (text size, fullscreen) and how they apply: rem size for text, UI scale from the window height.

use bevy::prelude::*;
use bevy::text::RemSize;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

/// Text sizes, for laptops up to the back of a training room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum TextSize {
    /// Compact.
    Small,
    /// The default.
    #[default]
    Medium,
    /// For projectors and the back of a room.
    Large,
}

impl TextSize {
    /// All sizes, smallest first.
    pub const ALL: [TextSize; 3] = [TextSize::Small, TextSize::Medium, TextSize::Large];

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            TextSize::Small => "Small",
            TextSize::Medium => "Medium",
            TextSize::Large => "Large",
        }
    }

    /// Logical pixels per rem at the design height of 720 pixels.
    pub fn rem(self) -> f32 {
        match self {
            TextSize::Small => 15.0,
            TextSize::Medium => 18.0,
            TextSize::Large => 23.0,
        }
    }
}

/// The settings.
#[derive(Resource, Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Text size.
    pub text_size: TextSize,
    /// Borderless fullscreen.
    pub fullscreen: bool,
    /// The name last entered on the title screen, offered again at the next start.
    pub last_trainee: String,
    /// Where run records go; empty for `results/` in the data folder.
    pub results_dir: Option<std::path::PathBuf>,
}

/// The layout is designed for 1280×720; larger windows scale it up, so 1920×1080 looks the same, only larger.
pub const DESIGN_HEIGHT: f32 = 720.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Settings>();
    // Loaded while the plugin is built: the first screen appears before `Startup` runs.
    load(app.world_mut());
    app.init_resource::<RemSize>().add_systems(
        Update,
        (apply_text_size, scale_to_window, apply_fullscreen, save),
    );
}

const SETTINGS_FILE: &str = "settings.json";

/// Settings are remembered between sittings, in the data folder.
fn load(world: &mut World) {
    let Some(dir) = world
        .get_resource::<super::session::DataDir>()
        .and_then(|d| d.0.clone())
    else {
        return;
    };
    // Read as any file a user could have put there: a regular file, and small.
    if let Ok(bytes) = presscheck_records::files::read_regular(&dir.join(SETTINGS_FILE), 64 * 1024)
    {
        match serde_json::from_slice::<Settings>(presscheck_records::files::without_bom(&bytes)) {
            Ok(saved) => world.insert_resource(saved),
            Err(e) => warn!("ignoring {}: {e}", dir.join(SETTINGS_FILE).display()),
        }
    }
}

fn save(
    data: Res<super::session::DataDir>,
    settings: Res<Settings>,
    mut saved: Local<Option<Settings>>,
) {
    let Some(dir) = &data.0 else { return };
    if saved.is_none() {
        // The first frame only records what was loaded.
        *saved = Some(settings.clone());
        return;
    }
    if saved.as_ref() == Some(&*settings) {
        return;
    }
    *saved = Some(settings.clone());
    let write = || -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(&*settings).map_err(std::io::Error::other)?;
        presscheck_records::atomic::write_replacing(&dir.join(SETTINGS_FILE), &json)
    };
    if let Err(e) = write() {
        warn!("could not save settings in {}: {e}", dir.display());
    }
}

fn apply_text_size(settings: Res<Settings>, mut rem: ResMut<RemSize>) {
    let wanted = settings.text_size.rem();
    if settings.is_changed() || rem.0 != wanted {
        rem.0 = wanted;
    }
}

fn scale_to_window(window: Query<&Window, With<PrimaryWindow>>, mut scale: ResMut<UiScale>) {
    let Ok(window) = window.single() else { return };
    let wanted = (window.height() / DESIGN_HEIGHT).clamp(0.75, 3.0);
    if (scale.0 - wanted).abs() > 0.01 {
        scale.0 = wanted;
    }
}

fn apply_fullscreen(settings: Res<Settings>, mut window: Query<&mut Window, With<PrimaryWindow>>) {
    if !settings.is_changed() {
        return;
    }
    let Ok(mut window) = window.single_mut() else {
        return;
    };
    let wanted = if settings.fullscreen {
        WindowMode::BorderlessFullscreen(MonitorSelection::Current)
    } else {
        WindowMode::Windowed
    };
    if window.mode != wanted {
        window.mode = wanted;
    }
}
