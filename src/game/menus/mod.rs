//! Overlay menus (pause, settings), drawn above whatever screen is showing.

pub mod pause;
pub mod settings;

use super::Menu;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((pause::plugin, settings::plugin));
}

/// A dimmed full-window overlay with a centred panel; its own modal tab group keeps Tab inside it.
pub fn overlay(menu: Menu) -> impl Bundle {
    (
        Name::new(format!("{menu:?} menu")),
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.65)),
        GlobalZIndex(10),
        TabGroup::modal(),
        DespawnOnExit(menu),
    )
}

/// The panel inside an overlay.
pub fn panel() -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(28)),
            row_gap: px(12),
            min_width: px(420),
            border_radius: BorderRadius::all(px(10)),
            ..default()
        },
        BackgroundColor(super::theme::PANEL),
    )
}
