//! The screens, one plugin per file, and the layout pieces they share.

pub mod briefing;
pub mod confirm;
pub mod consequences;
pub mod debrief;
pub mod desk;
mod material_card;
pub mod select;
pub mod title;

use super::Screen;
use super::theme::{self, Fonts};
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        title::plugin,
        select::plugin,
        briefing::plugin,
        desk::plugin,
        confirm::plugin,
        consequences::plugin,
        debrief::plugin,
    ));
}

/// The root node of a screen: full window, a tab group, despawned when the screen is left.
pub fn root(screen: Screen) -> impl Bundle {
    (
        Name::new(format!("{} screen", screen.slug())),
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(32), px(24)),
            row_gap: px(14),
            ..default()
        },
        TabGroup::new(0),
        DespawnOnExit(screen),
    )
}

/// A row of widgets with a gap.
pub fn row(gap: f32) -> impl Bundle {
    Node {
        flex_direction: FlexDirection::Row,
        column_gap: px(gap),
        align_items: AlignItems::Center,
        flex_wrap: FlexWrap::Wrap,
        row_gap: px(gap / 2.0),
        ..default()
    }
}

/// The row of a header: title on the left, a note on the right.
pub fn header_row() -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        justify_content: JustifyContent::SpaceBetween,
        align_items: AlignItems::Baseline,
        column_gap: px(24),
        ..default()
    }
}

/// A header line: the screen's title and, on the right, a note.
pub fn header(fonts: &Fonts, title: impl Into<String>, note: impl Into<String>) -> impl Bundle {
    (
        header_row(),
        children![
            theme::heading(fonts, title, theme::size::TITLE),
            theme::text(fonts, note, theme::size::SMALL, theme::MUTED),
        ],
    )
}
