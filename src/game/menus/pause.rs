//! The pause menu (Esc): resume, restart, settings, quit to the scenario list.

use super::{overlay, panel};
use crate::game::session::Play;
use crate::game::theme::{self, Fonts};
use crate::game::{Menu, Screen};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Menu::Pause), spawn);
}

fn spawn(mut commands: Commands, fonts: Res<Fonts>) {
    let f = &*fonts;
    commands.spawn((
        overlay(Menu::Pause),
        children![(
            panel(),
            children![
                theme::heading(f, "Paused", theme::size::TITLE),
                (theme::button(f, "Resume"), AutoFocus, observe(resume)),
                (theme::button(f, "Restart this scenario"), observe(restart)),
                (theme::button(f, "Settings"), observe(settings)),
                (
                    theme::button(f, "Quit to the scenario list"),
                    observe(quit_to_select)
                ),
            ]
        )],
    ));
}

fn resume(_: On<Activate>, mut menu: ResMut<NextState<Menu>>) {
    menu.set(Menu::None);
}

fn restart(
    _: On<Activate>,
    mut commands: Commands,
    play: Option<ResMut<Play>>,
    sink: Res<crate::game::records::RecordSink>,
    mut status: ResMut<crate::game::records::RecordStatus>,
    mut menu: ResMut<NextState<Menu>>,
    mut screen: ResMut<NextState<Screen>>,
) {
    if let Some(mut play) = play {
        // The run restarted is a run left: its record says so.
        crate::game::records::abandon_run(&mut play, &sink, &mut status);
        let mut fresh = play.again();
        fresh.recordable = play.recordable;
        commands.insert_resource(fresh);
    }
    menu.set(Menu::None);
    screen.set(Screen::Briefing);
}

fn settings(_: On<Activate>, mut menu: ResMut<NextState<Menu>>) {
    menu.set(Menu::Settings);
}

fn quit_to_select(
    _: On<Activate>,
    mut menu: ResMut<NextState<Menu>>,
    mut screen: ResMut<NextState<Screen>>,
) {
    menu.set(Menu::None);
    screen.set(Screen::Select);
}
