//! Debrief: pass or fail, the score as bars, each mistake with its missed cue, careful play, and "what if" side by side.

mod mistakes;
mod summary;
mod what_if;

pub use what_if::{WhatIfButton, comparison};

use super::{root, row};
use crate::game::Screen;
use crate::game::catalog::Catalog;
use crate::game::records::{RecordStatus, Replaying};
use crate::game::session::{self, Play, StartOptions, Trainee};
use crate::game::theme::{self, Fonts};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};
use presscheck_engine::Outcome;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<WhatIf>()
        .add_systems(OnEnter(Screen::Debrief), (clear_what_if, spawn).chain())
        .add_systems(
            Update,
            (rebuild_on_what_if, summary::fill_usual)
                .chain()
                .run_if(in_state(Screen::Debrief)),
        );
}

/// The current "what if": the changed stage and choice, and its outcome.
#[derive(Resource, Default)]
pub struct WhatIf {
    /// Stage id, choice label and outcome of the changed run.
    pub result: Option<(String, String, Box<Outcome>)>,
    generation: u64,
}

#[derive(Component)]
struct DebriefBody {
    generation: u64,
}

fn clear_what_if(mut what_if: ResMut<WhatIf>) {
    what_if.result = None;
    what_if.generation += 1;
}

fn spawn(
    mut commands: Commands,
    fonts: Res<Fonts>,
    play: Option<Res<Play>>,
    what_if: Res<WhatIf>,
    status: Res<RecordStatus>,
    replaying: Option<Res<Replaying>>,
) {
    let Some(play) = play else { return };
    let root = commands.spawn(root(Screen::Debrief)).id();
    // Whose run this is (a replay for a class) or where its record went.
    let note = match (&replaying, &*status) {
        (Some(r), _) => Some((
            format!(
                "Replay of {}'s run ({}, {}), record {}",
                r.record.trainee.name,
                r.record.mode.name(),
                r.record.ended_at.strftime("%Y-%m-%d %H:%M UTC"),
                r.path.display()
            ),
            theme::MUTED,
        )),
        (None, RecordStatus::Saved(path)) if play.recordable => Some((
            format!("Your run is recorded for the trainer: {}", path.display()),
            theme::MUTED,
        )),
        (None, RecordStatus::Failed(why)) if play.recordable => Some((
            format!("Your run could not be recorded: {why}. Tell your trainer."),
            theme::DANGER,
        )),
        _ => None,
    };
    if let Some((text, color)) = note {
        commands.spawn((
            theme::text(&fonts, text, theme::size::SMALL, color),
            ChildOf(root),
        ));
    }
    let body = commands
        .spawn((
            DebriefBody {
                generation: what_if.generation,
            },
            Node {
                flex_direction: FlexDirection::Row,
                flex_grow: 1.0,
                min_height: px(0),
                column_gap: px(16),
                ..default()
            },
            ChildOf(root),
        ))
        .id();
    build(&mut commands, &fonts, &play, &what_if, body);
    let f = &*fonts;
    commands
        .spawn((row(12.0), ChildOf(root)))
        .with_children(|r| {
            r.spawn((
                theme::button(f, "Retry this scenario"),
                AutoFocus,
                observe(retry),
            ));
            r.spawn((theme::button(f, "Next scenario"), observe(next_scenario)));
            r.spawn((theme::button(f, "Back to scenarios"), observe(to_select)));
        });
}

fn rebuild_on_what_if(
    mut commands: Commands,
    fonts: Res<Fonts>,
    play: Option<Res<Play>>,
    what_if: Res<WhatIf>,
    mut bodies: Query<(Entity, &mut DebriefBody)>,
) {
    let Some(play) = play else { return };
    for (body, mut state) in &mut bodies {
        if state.generation == what_if.generation {
            continue;
        }
        state.generation = what_if.generation;
        commands.entity(body).despawn_children();
        build(&mut commands, &fonts, &play, &what_if, body);
    }
}

fn build(commands: &mut Commands, f: &Fonts, play: &Play, what_if: &WhatIf, body: Entity) {
    if play.outcome.is_none() {
        return;
    }
    let left = commands
        .spawn((theme::panel_column(36.0), ChildOf(body)))
        .id();
    let right = commands
        .spawn((theme::panel_column(64.0), ChildOf(body)))
        .id();
    summary::summary(commands, f, play, left);
    // Right: the what-if comparison when there is one, mistakes, careful play, what if, lessons.
    what_if::comparison_section(commands, f, play, what_if, right);
    mistakes::mistakes(commands, f, play, right);
    what_if::section(commands, f, play, right);
    mistakes::lessons(commands, f, play, right);
}

fn retry(
    _: On<Activate>,
    mut commands: Commands,
    play: Res<Play>,
    mut next: ResMut<NextState<Screen>>,
) {
    // A retry is the trainee's own run, recorded, even after watching a replay.
    let mut again = play.again();
    again.recordable = true;
    commands.insert_resource(again);
    next.set(Screen::Briefing);
}

fn next_scenario(
    _: On<Activate>,
    mut commands: Commands,
    play: Res<Play>,
    catalog: Res<Catalog>,
    options: Res<StartOptions>,
    trainee: Res<Trainee>,
    mut next: ResMut<NextState<Screen>>,
) {
    let current = catalog.entries.iter().position(|e| e.file == play.file);
    let n = catalog.entries.len();
    for step in 1..=n {
        let index = current.map(|c| (c + step) % n).unwrap_or(step - 1);
        if session::start(&mut commands, &catalog, index, &options, &trainee) {
            next.set(Screen::Briefing);
            return;
        }
    }
    next.set(Screen::Select);
}

fn to_select(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Select);
}
