//! Keyboard navigation beyond Tab: arrows move focus, Esc opens the pause menu or goes back, focus stays in view.

use super::{Menu, Screen};
use bevy::input_focus::InputFocus;
use bevy::input_focus::tab_navigation::{NavAction, TabNavigation};
use bevy::prelude::*;
use bevy::text::EditableText;
use bevy::ui_widgets::ScrollIntoView;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, (arrow_keys, escape, keep_focus_in_view));
}

fn arrow_keys(
    keys: Res<ButtonInput<KeyCode>>,
    nav: TabNavigation,
    mut focus: ResMut<InputFocus>,
    editing: Query<(), With<EditableText>>,
) {
    // Arrows move the text cursor inside a text field.
    if focus.get().is_some_and(|e| editing.contains(e)) {
        return;
    }
    let action = if keys.any_just_pressed([KeyCode::ArrowDown, KeyCode::ArrowRight]) {
        NavAction::Next
    } else if keys.any_just_pressed([KeyCode::ArrowUp, KeyCode::ArrowLeft]) {
        NavAction::Previous
    } else {
        return;
    };
    if let Ok(next) = nav.navigate(&focus, action) {
        focus.set(next, bevy::input_focus::FocusCause::Navigated);
    }
}

fn escape(
    keys: Res<ButtonInput<KeyCode>>,
    screen: Res<State<Screen>>,
    menu: Res<State<Menu>>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut next_menu: ResMut<NextState<Menu>>,
) {
    if !keys.just_pressed(KeyCode::Escape) {
        return;
    }
    match (menu.get(), screen.get()) {
        (Menu::Settings, Screen::Title | Screen::Select) => next_menu.set(Menu::None),
        (Menu::Settings, _) => next_menu.set(Menu::Pause),
        (Menu::Pause, _) => next_menu.set(Menu::None),
        (Menu::None, Screen::Title) => {}
        (Menu::None, Screen::Select) => next_screen.set(Screen::Title),
        (Menu::None, _) => next_menu.set(Menu::Pause),
    }
}

fn keep_focus_in_view(mut commands: Commands, focus: Res<InputFocus>) {
    if focus.is_changed()
        && let Some(entity) = focus.get()
        && let Ok(mut e) = commands.get_entity(entity)
    {
        e.commands().trigger(ScrollIntoView { entity });
    }
}
