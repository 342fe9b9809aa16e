//! Title: the name, the trainee's name or id, an optional session code, practice or assessed, settings and quit.

use super::{root, row};
use crate::game::session::{Mode, StartProblem, Trainee};
use crate::game::theme::{self, Fonts, Selected};
use crate::game::{Menu, Screen};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::text::EditableText;
use bevy::ui_widgets::{Activate, observe};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn).add_systems(
        Update,
        (show_mode, show_start_problem).run_if(in_state(Screen::Title)),
    );
}

/// Where a scenario that could not be opened from the command line is explained.
#[derive(Component)]
struct ProblemPanel;

/// Most problem lines shown; the log has them all.
const MAX_PROBLEM_LINES: usize = 8;

/// The trainee-name field.
#[derive(Component)]
pub struct NameField;

/// The session-code field.
#[derive(Component)]
pub struct CodeField;

/// A mode toggle.
#[derive(Component)]
struct ModeToggle(Mode);

fn spawn(
    mut commands: Commands,
    fonts: Res<Fonts>,
    trainee: Res<Trainee>,
    settings: Res<crate::game::settings::Settings>,
) {
    let name = if trainee.name.is_empty() {
        settings.last_trainee.clone()
    } else {
        trainee.name.clone()
    };
    let f = &*fonts;
    commands.spawn((
        root(Screen::Title),
        children![
            theme::heading(f, "Press Check", 3.2),
            theme::text(
                f,
                "A training game for confidentiality review before publication",
                theme::size::HEADING,
                theme::MUTED
            ),
            (
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(4),
                    max_width: px(900),
                    ..default()
                },
                ProblemPanel,
            ),
            (
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(10),
                    margin: UiRect::top(px(24)),
                    ..default()
                },
                children![
                    theme::text(f, "Your name or trainee id", theme::size::SMALL, theme::MUTED),
                    (theme::text_field(f, &name, 420.0), NameField, AutoFocus),
                    theme::text(
                        f,
                        "Session code from your trainer (optional: everyone with the same code gets the same conditions)",
                        theme::size::SMALL,
                        theme::MUTED
                    ),
                    (theme::text_field(f, &trainee.session_code, 420.0), CodeField),
                    theme::text(f, "Mode", theme::size::SMALL, theme::MUTED),
                    (
                        row(10.0),
                        children![
                            (
                                theme::button(f, "Practice"),
                                ModeToggle(Mode::Practice),
                                observe(set_mode(Mode::Practice)),
                            ),
                            (
                                theme::button(f, "Assessed"),
                                ModeToggle(Mode::Assessed),
                                observe(set_mode(Mode::Assessed)),
                            ),
                        ]
                    ),
                ]
            ),
            (
                Node {
                    flex_direction: FlexDirection::Row,
                    margin: UiRect::top(px(28)),
                    column_gap: px(12),
                    ..default()
                },
                children![
                    (theme::button(f, "Choose a scenario"), observe(start)),
                    (theme::button(f, "Settings"), observe(open_settings)),
                    (theme::button(f, "Quit"), observe(quit)),
                ]
            ),
        ],
    ));
}

/// Fills the problem panel once, when a scenario from the command line could not be opened.
fn show_start_problem(
    mut commands: Commands,
    fonts: Res<Fonts>,
    problem: Option<Res<StartProblem>>,
    panels: Query<(Entity, Option<&Children>), With<ProblemPanel>>,
) {
    let Some(problem) = problem else { return };
    for (panel, children) in &panels {
        if children.is_some_and(|c| !c.is_empty()) {
            continue;
        }
        let f = &*fonts;
        commands.entity(panel).with_children(|p| {
            p.spawn(theme::bold(
                f,
                format!("Could not open {}", problem.what),
                theme::size::HEADING,
                theme::DANGER,
            ));
            for line in problem.lines.iter().take(MAX_PROBLEM_LINES) {
                p.spawn(theme::text(
                    f,
                    line.clone(),
                    theme::size::SMALL,
                    theme::TEXT,
                ));
            }
            if problem.lines.len() > MAX_PROBLEM_LINES {
                p.spawn(theme::text(
                    f,
                    format!(
                        "… and {} more; `presscheck validate` lists them all",
                        problem.lines.len() - MAX_PROBLEM_LINES
                    ),
                    theme::size::SMALL,
                    theme::MUTED,
                ));
            }
            p.spawn(theme::text(
                f,
                "Fix the file and start again, or choose a scenario below.",
                theme::size::SMALL,
                theme::MUTED,
            ));
        });
    }
}

fn set_mode(mode: Mode) -> impl Fn(On<Activate>, ResMut<Trainee>) {
    move |_: On<Activate>, mut trainee: ResMut<Trainee>| trainee.mode = mode
}

fn show_mode(
    mut commands: Commands,
    trainee: Res<Trainee>,
    toggles: Query<(Entity, &ModeToggle, Has<Selected>)>,
) {
    for (entity, toggle, selected) in &toggles {
        let on = toggle.0 == trainee.mode;
        if on && !selected {
            commands.entity(entity).insert(Selected);
        } else if !on && selected {
            commands.entity(entity).remove::<Selected>();
        }
    }
}

fn start(
    _: On<Activate>,
    mut trainee: ResMut<Trainee>,
    name: Query<&EditableText, With<NameField>>,
    code: Query<&EditableText, (With<CodeField>, Without<NameField>)>,
    mut next: ResMut<NextState<Screen>>,
    mut settings: ResMut<crate::game::settings::Settings>,
) {
    if let Ok(name) = name.single() {
        trainee.name = name.value().to_string().trim().to_string();
        if settings.last_trainee != trainee.name {
            settings.last_trainee = trainee.name.clone();
        }
    }
    if let Ok(code) = code.single() {
        trainee.session_code = code.value().to_string().trim().to_string();
    }
    next.set(Screen::Select);
}

fn open_settings(_: On<Activate>, mut menu: ResMut<NextState<Menu>>) {
    menu.set(Menu::Settings);
}

fn quit(_: On<Activate>, mut quit: crate::game::quit::Quit) {
    quit.quit();
}
