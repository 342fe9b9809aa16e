//! Briefing: the role, the situation, the deadline and the objectives, before play starts.

use super::{header, root, row};
use crate::game::Screen;
use crate::game::session::Play;
use crate::game::theme::{self, Fonts};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Briefing), spawn);
}

fn spawn(mut commands: Commands, fonts: Res<Fonts>, play: Option<Res<Play>>) {
    let f = &*fonts;
    let Some(play) = play else { return };
    let s = &play.scenario;
    let file = &s.file;
    let b = &file.briefing;
    commands
        .spawn(root(Screen::Briefing))
        .with_children(|page| {
            page.spawn(header(
                f,
                format!("Briefing: {}", file.title),
                format!("seed {} · {} minutes · {}", play.seed, file.minutes, file.difficulty.label()),
            ));
            page.spawn((
                bevy::ui_widgets::ScrollArea,
                Node {
                    flex_direction: FlexDirection::Column,
                    overflow: Overflow::scroll_y(),
                    row_gap: px(14),
                    flex_grow: 1.0,
                    min_height: px(0),
                    max_width: px(980),
                    ..default()
                },
            ))
            .with_children(|col| {
                col.spawn(theme::bold(f, format!("Your role: {}", file.role), theme::size::HEADING, theme::ACCENT));
                col.spawn(theme::text(f, b.situation.clone(), theme::size::BODY, theme::TEXT));
                col.spawn(theme::bold(
                    f,
                    s.deadline_sentence(),
                    theme::size::BODY,
                    theme::WARN,
                ));
                col.spawn(theme::bold(f, "Objectives", theme::size::HEADING, theme::TEXT));
                for o in &file.objectives {
                    col.spawn(theme::text(f, format!("•  {o}"), theme::size::BODY, theme::TEXT));
                }
                col.spawn(theme::text(
                    f,
                    format!(
                        "On your desk: {}. Every choice costs time; the clock is at the top of the desk. Esc pauses.",
                        file.materials
                            .iter()
                            .map(|m| m.title.clone())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    theme::size::SMALL,
                    theme::MUTED,
                ));
            });
            page.spawn(row(12.0)).with_children(|r| {
                r.spawn((theme::button(f, "Go to the desk"), AutoFocus, observe(to_desk)));
                r.spawn((theme::button(f, "Back to scenarios"), observe(back)));
            });
        });
}

fn to_desk(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Desk);
}

fn back(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Select);
}
