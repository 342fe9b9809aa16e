//! The settings menu: text size and fullscreen.

use super::{overlay, panel};
use crate::game::settings::{Settings, TextSize};
use crate::game::theme::{self, Fonts, Selected};
use crate::game::{Menu, Screen};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Menu::Settings), spawn)
        .add_systems(Update, show_selection.run_if(in_state(Menu::Settings)));
}

#[derive(Component)]
struct SizeToggle(TextSize);

#[derive(Component)]
struct FullscreenToggle(bool);

fn spawn(mut commands: Commands, fonts: Res<Fonts>) {
    let f = &*fonts;
    commands.spawn(overlay(Menu::Settings)).with_children(|o| {
        o.spawn(panel()).with_children(|p| {
            p.spawn(theme::heading(f, "Settings", theme::size::TITLE));
            p.spawn(theme::text(
                f,
                "Text size",
                theme::size::SMALL,
                theme::MUTED,
            ));
            p.spawn(super::super::screens::row(8.0)).with_children(|r| {
                for (i, size) in TextSize::ALL.into_iter().enumerate() {
                    let mut b = r.spawn((
                        theme::button(f, size.label()),
                        SizeToggle(size),
                        observe(move |_: On<Activate>, mut s: ResMut<Settings>| s.text_size = size),
                    ));
                    if i == 0 {
                        b.insert(AutoFocus);
                    }
                }
            });
            p.spawn(theme::text(f, "Window", theme::size::SMALL, theme::MUTED));
            p.spawn(super::super::screens::row(8.0)).with_children(|r| {
                for (label, on) in [("Windowed", false), ("Fullscreen", true)] {
                    r.spawn((
                        theme::button(f, label),
                        FullscreenToggle(on),
                        observe(move |_: On<Activate>, mut s: ResMut<Settings>| s.fullscreen = on),
                    ));
                }
            });
            p.spawn((theme::button(f, "Back"), observe(back)));
        });
    });
}

fn show_selection(
    mut commands: Commands,
    settings: Res<Settings>,
    sizes: Query<(Entity, &SizeToggle, Has<Selected>)>,
    screens: Query<(Entity, &FullscreenToggle, Has<Selected>)>,
) {
    for (e, t, sel) in &sizes {
        toggle(&mut commands, e, t.0 == settings.text_size, sel);
    }
    for (e, t, sel) in &screens {
        toggle(&mut commands, e, t.0 == settings.fullscreen, sel);
    }
}

fn toggle(commands: &mut Commands, e: Entity, on: bool, selected: bool) {
    if on && !selected {
        commands.entity(e).insert(Selected);
    } else if !on && selected {
        commands.entity(e).remove::<Selected>();
    }
}

fn back(_: On<Activate>, screen: Res<State<Screen>>, mut menu: ResMut<NextState<Menu>>) {
    menu.set(match screen.get() {
        Screen::Title | Screen::Select => Menu::None,
        _ => Menu::Pause,
    });
}
