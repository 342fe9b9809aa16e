//! Hooks for tests and benchmarks that drive the real window: screenshots of every screen, a machine-readable state file, exit after N frames.
//!
//! Nothing here runs unless its environment variable is set:
//! - `PRESSCHECK_E2E_DIR`: save `NN-<screen>.png` once each screen has settled,
//!   keep `state.json` (screen, menu, stage, every button's label, rectangle
//!   and focus, whether the app is exiting) current, and write `outcome.json` when a run ends.
//! - `PRESSCHECK_EXIT_AFTER_FRAMES` (with optional `PRESSCHECK_SCREENSHOT`): exit after that many frames.

use super::session::Play;
use super::theme::ButtonLabel;
use super::{Menu, Screen};
use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::ui::{CalculatedClip, ComputedNode, UiGlobalTransform};
use serde::Serialize;
use std::path::PathBuf;

/// Frames to wait after a screen appears before it counts as settled (layout, fonts, first draw).
pub const SETTLE_FRAMES: u32 = 20;
/// Frames to wait after the last screenshot request before exiting, so it is written.
const EXIT_GRACE_FRAMES: u32 = 10;

/// Settings read from the environment at start.
#[derive(Resource, Default, Debug)]
pub struct Automation {
    dir: Option<PathBuf>,
    exit_after: Option<u32>,
    screenshot: Option<PathBuf>,
    frame: u32,
    view: Option<(Screen, Menu, usize, bool)>,
    settled_at: u32,
    shot_taken: bool,
    shots: u32,
    /// Screenshots written to disk: a screen counts as settled only once its picture is saved.
    saved: u32,
    /// Set once the app has been asked to exit, so a test can tell a lost click from a slow exit.
    exiting: bool,
    outcome_written: bool,
}

impl Automation {
    /// Reads `PRESSCHECK_E2E_DIR`, `PRESSCHECK_EXIT_AFTER_FRAMES` and `PRESSCHECK_SCREENSHOT`.
    pub fn from_env() -> Automation {
        Automation {
            dir: std::env::var_os("PRESSCHECK_E2E_DIR").map(PathBuf::from),
            exit_after: std::env::var("PRESSCHECK_EXIT_AFTER_FRAMES")
                .ok()
                .and_then(|v| v.parse().ok()),
            screenshot: std::env::var_os("PRESSCHECK_SCREENSHOT").map(PathBuf::from),
            ..default()
        }
    }
}

/// What the state file needs of each button: label, size, place, visibility, clipping.
type ButtonGeometry = (
    Entity,
    &'static ButtonLabel,
    &'static ComputedNode,
    &'static UiGlobalTransform,
    &'static InheritedVisibility,
    Option<&'static CalculatedClip>,
);

#[derive(Serialize)]
struct ButtonInfo {
    label: String,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    focused: bool,
    /// False when the button is scrolled out of its panel's view.
    visible: bool,
}

#[derive(Serialize)]
struct StateFile<'a> {
    screen: &'a str,
    menu: String,
    stage: Option<String>,
    decisions: usize,
    trainee: String,
    what_if: bool,
    settled: bool,
    shots: u32,
    exiting: bool,
    frame: u32,
    buttons: Vec<ButtonInfo>,
}

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(Automation::from_env())
        .add_systems(Last, (e2e, exit_after_frames));
}

/// Rename into place without a flush: the test reads these files many times a second, and a crash loses nothing it needs.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) {
    let tmp = path.with_extension("tmp");
    if std::fs::write(&tmp, bytes).is_ok() {
        let _ = std::fs::rename(&tmp, path);
    }
}

#[allow(clippy::too_many_arguments)]
fn e2e(
    mut commands: Commands,
    mut auto: ResMut<Automation>,
    screen: Res<State<Screen>>,
    menu: Res<State<Menu>>,
    play: Option<Res<Play>>,
    focus: Res<InputFocus>,
    what_if: Option<Res<super::screens::debrief::WhatIf>>,
    trainee: Res<super::session::Trainee>,
    buttons: Query<ButtonGeometry>,
    mut exits: MessageReader<AppExit>,
    mut closes: MessageReader<bevy::window::WindowCloseRequested>,
) {
    let Some(dir) = auto.dir.clone() else { return };
    auto.frame += 1;
    let asked = exits.read().count() + closes.read().count() > 0;
    let exit_asked = asked && !auto.exiting;
    auto.exiting |= exit_asked;
    let decisions = play.as_ref().map(|p| p.decisions.len()).unwrap_or(0);
    let has_what_if = what_if.is_some_and(|w| w.result.is_some());
    let view = (*screen.get(), *menu.get(), decisions, has_what_if);
    if auto.view != Some(view) {
        auto.view = Some(view);
        auto.settled_at = auto.frame + SETTLE_FRAMES;
        auto.shot_taken = false;
    }
    let settled = auto.frame >= auto.settled_at;
    if settled && !auto.shot_taken {
        auto.shot_taken = true;
        auto.shots += 1;
        let _ = std::fs::create_dir_all(&dir);
        let name = match menu.get() {
            Menu::None => screen.get().slug().to_string(),
            Menu::Pause => "pause".to_string(),
            Menu::Settings => "settings".to_string(),
        };
        let path = dir.join(format!("{:02}-{name}.png", auto.shots));
        let mut save = save_to_disk(path);
        commands.spawn(Screenshot::primary_window()).observe(
            move |captured: On<ScreenshotCaptured>, mut auto: ResMut<Automation>| {
                save(captured);
                auto.saved += 1;
            },
        );
    }
    if let Some(play) = &play
        && let Some(outcome) = &play.outcome
        && !auto.outcome_written
    {
        auto.outcome_written = true;
        let _ = std::fs::create_dir_all(&dir);
        if let Ok(json) = serde_json::to_vec_pretty(outcome) {
            write_atomically(&dir.join("outcome.json"), &json);
        }
    }
    if play.as_ref().is_some_and(|p| p.outcome.is_none()) {
        auto.outcome_written = false;
    }
    // The exit is written at once: no later frame may come.
    if !auto.frame.is_multiple_of(5) && !exit_asked {
        return;
    }
    let mut list: Vec<ButtonInfo> = buttons
        .iter()
        .filter(|(_, _, _, _, visible, _)| visible.get())
        .map(|(entity, label, node, transform, _, clip)| {
            let size = node.size();
            let centre = transform.translation;
            let rect = Rect::from_center_size(centre, size);
            let in_view = clip.is_none_or(|c| {
                c.clip.contains(rect.min + Vec2::ONE) && c.clip.contains(rect.max - Vec2::ONE)
            });
            ButtonInfo {
                visible: in_view,
                label: label.0.clone(),
                x: centre.x - size.x / 2.0,
                y: centre.y - size.y / 2.0,
                w: size.x,
                h: size.y,
                focused: focus.get() == Some(entity),
            }
        })
        .collect();
    list.sort_by(|a, b| {
        (a.y, a.x)
            .partial_cmp(&(b.y, b.x))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let state = StateFile {
        screen: screen.get().slug(),
        menu: format!("{:?}", menu.get()).to_lowercase(),
        stage: play
            .as_ref()
            .and_then(|p| p.run().current_stage().map(|s| s.id.clone())),
        decisions,
        trainee: trainee.name.clone(),
        what_if: has_what_if,
        settled: settled && auto.shot_taken && auto.saved >= auto.shots,
        shots: auto.shots,
        exiting: auto.exiting,
        frame: auto.frame,
        buttons: list,
    };
    if let Ok(json) = serde_json::to_vec_pretty(&state) {
        let _ = std::fs::create_dir_all(&dir);
        write_atomically(&dir.join("state.json"), &json);
    }
}

fn exit_after_frames(
    mut commands: Commands,
    mut frames: Local<u32>,
    auto: Res<Automation>,
    mut quit: super::quit::Quit,
) {
    let Some(limit) = auto.exit_after else { return };
    *frames += 1;
    if *frames == limit
        && let Some(path) = auto.screenshot.clone()
    {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(path));
    }
    if *frames == limit + EXIT_GRACE_FRAMES {
        quit.quit();
    }
}
